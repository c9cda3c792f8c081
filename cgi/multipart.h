/* multipart.h: a strict reader of multipart/form-data bodies (RFC 7578), for forms that send a file. */
#ifndef SLATE_MULTIPART_H
#define SLATE_MULTIPART_H

#include <stddef.h>

#include "params.h"

#define MULTIPART_BOUNDARY_MAX	70	/* characters of a boundary (RFC 2046) */
#define MULTIPART_MAX_PARTS	32	/* parts of one body */
#define MULTIPART_MAX_HEADERS	8	/* header lines of one part */
#define MULTIPART_MAX_HEADER	1024	/* bytes of one header line */

/* A file sent with a form. */
struct upload {
	char		*field;		/* the form field's name */
	char		*filename;	/* the name the browser gave; "" for none */
	const char	*data;		/* its bytes, inside the body parsed:
					   not NUL-terminated, may hold NULs */
	size_t		 len;
};

struct uploads {
	struct upload	*items;
	size_t		 count;
};

/* True when content_type (a Content-Type value) is multipart/form-data. */
int	multipart_is_form(const char *content_type);

/*
 * Copies the boundary parameter of content_type, a Content-Type value
 * "multipart/form-data; boundary=..." (the boundary quoted or not),
 * into boundary. Returns PARSE_OK, or PARSE_INVALID when the type is
 * another, or the boundary is missing, given twice, empty, longer than
 * MULTIPART_BOUNDARY_MAX or holds characters RFC 2046 does not allow.
 */
enum parse_result multipart_boundary(const char *content_type,
	    char boundary[MULTIPART_BOUNDARY_MAX + 1]);

/*
 * Parses a multipart/form-data body of len bytes whose parts are
 * separated by boundary: the body starts with "--" boundary and ends
 * with "--" boundary "--" (a CRLF after it allowed, nothing else);
 * each part has header lines (CRLF-ended, at most MULTIPART_MAX_HEADERS
 * of at most MULTIPART_MAX_HEADER bytes), one Content-Disposition:
 * form-data with a name, and no multipart content of its own. A part
 * with a filename parameter is a file and goes to files, its bytes
 * pointing into body (which must outlive files); any other part is a
 * field and goes to form, within the limits of params.h. Returns
 * PARSE_OK; PARSE_INVALID when the body is malformed (no final
 * boundary, the boundary inside a part followed by more text, a
 * header that is not one, a field holding a NUL, ...); PARSE_TOO_LARGE
 * over a limit; PARSE_NOMEM. What was added before a failure stays in
 * form and files for the caller to free.
 */
enum parse_result multipart_parse(const char *body, size_t len,
	    const char *boundary, struct params *form, struct uploads *files);

/* Returns the first file sent as field, or NULL. */
const struct upload	*uploads_get(const struct uploads *u,
			    const char *field);

/* Frees the list (not the bytes of the files) and leaves it empty. */
void	uploads_free(struct uploads *u);

#endif
