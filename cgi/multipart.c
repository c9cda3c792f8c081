/* multipart.c: a strict reader of multipart/form-data bodies (RFC 7578), for forms that send a file. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "multipart.h"

/* A piece of the body: not NUL-terminated. */
struct span {
	const char	*s;
	size_t		 len;
};

/* Where the reader is in the body. */
struct mp_in {
	const char	*p, *end;
	char		 delim[4 + MULTIPART_BOUNDARY_MAX + 1]; /* CRLF "--" boundary */
	size_t		 delimlen;
};

/* What the header lines of one part said. */
struct part {
	int		 disposition;	/* a Content-Disposition was read */
	int		 is_file;	/* it had a filename parameter */
	struct span	 name, filename;
};

/* True for the characters of a token (RFC 9110 tchar). */
static int
is_tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' &&
	    strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* True for the characters a boundary may hold (RFC 2046 bchars). */
static int
is_bchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' &&
	    strchr("'()+_,-./:=? ", c) != NULL);
}

/* True when the span is word, without regard to case. */
static int
span_is(struct span v, const char *word)
{
	return v.len == strlen(word) && strncasecmp(v.s, word, v.len) == 0;
}

/* Steps *s over spaces and tabs before end. */
static void
skip_ows(const char **s, const char *end)
{
	while (*s < end && (**s == ' ' || **s == '\t'))
		(*s)++;
}

/* Reads a token at *s into *out. Returns 0, or -1 when there is none. */
static int
read_token(const char **s, const char *end, struct span *out)
{
	out->s = *s;
	while (*s < end && is_tchar(**s))
		(*s)++;
	out->len = (size_t)(*s - out->s);
	return out->len > 0 ? 0 : -1;
}

/*
 * Reads a parameter value at *s into *out: a token, or a quoted string
 * whose quotes are taken off. Browsers write a quote inside a name as
 * %22 and never escape with a backslash (a Windows path may hold
 * backslashes), so a backslash is an ordinary character. Returns 0 or
 * -1 when malformed.
 */
static int
read_value(const char **s, const char *end, struct span *out)
{
	const char	*close;

	if (*s >= end || **s != '"')
		return read_token(s, end, out);
	(*s)++;
	if ((close = memchr(*s, '"', (size_t)(end - *s))) == NULL)
		return -1;
	out->s = *s;
	out->len = (size_t)(close - *s);
	*s = close + 1;
	return 0;
}

/*
 * Reads the next parameter (; name=value) of a header value at *s.
 * Returns 1 with it in *name and *value, 0 at the end of the value, or
 * -1 when malformed.
 */
static int
next_param(const char **s, const char *end, struct span *name,
    struct span *value)
{
	skip_ows(s, end);
	if (*s == end)
		return 0;
	if (**s != ';')
		return -1;
	(*s)++;
	skip_ows(s, end);
	if (read_token(s, end, name) == -1)
		return -1;
	skip_ows(s, end);
	if (*s == end || **s != '=')
		return -1;
	(*s)++;
	skip_ows(s, end);
	return read_value(s, end, value) == -1 ? -1 : 1;
}

/*
 * Reads the media type at the start of a header value and checks it is
 * want. Leaves *s after it. Returns 0, or -1 when it is another.
 */
static int
media_type_is(const char **s, const char *end, const char *want)
{
	const char	*start = *s;

	while (*s < end && (is_tchar(**s) || **s == '/'))
		(*s)++;
	return span_is((struct span){ start, (size_t)(*s - start) }, want) ?
	    0 : -1;
}

int
multipart_is_form(const char *content_type)
{
	const char	*s = content_type, *end = s + strlen(s);

	if (media_type_is(&s, end, "multipart/form-data") == -1)
		return 0;
	return s == end || *s == ';' || *s == ' ' || *s == '\t';
}

enum parse_result
multipart_boundary(const char *content_type,
    char boundary[MULTIPART_BOUNDARY_MAX + 1])
{
	const char	*s = content_type, *end = s + strlen(s);
	struct span	 name, value, found = { NULL, 0 };
	size_t		 i;
	int		 rc;

	boundary[0] = '\0';
	if (media_type_is(&s, end, "multipart/form-data") == -1)
		return PARSE_INVALID;
	while ((rc = next_param(&s, end, &name, &value)) == 1) {
		if (!span_is(name, "boundary"))
			continue;
		if (found.s != NULL)
			return PARSE_INVALID;
		found = value;
	}
	if (rc == -1 || found.s == NULL || found.len == 0 ||
	    found.len > MULTIPART_BOUNDARY_MAX ||
	    found.s[found.len - 1] == ' ')
		return PARSE_INVALID;
	for (i = 0; i < found.len; i++)
		if (!is_bchar(found.s[i]))
			return PARSE_INVALID;
	memcpy(boundary, found.s, found.len);
	boundary[found.len] = '\0';
	return PARSE_OK;
}

/* Reads a Content-Disposition value: form-data; name="..."[; filename="..."]. */
static enum parse_result
read_disposition(struct span v, struct part *pt)
{
	const char	*s = v.s, *end = v.s + v.len;
	struct span	 type, name, value;
	int		 rc;

	if (pt->disposition || read_token(&s, end, &type) == -1 ||
	    !span_is(type, "form-data"))
		return PARSE_INVALID;
	pt->disposition = 1;
	while ((rc = next_param(&s, end, &name, &value)) == 1) {
		if (span_is(name, "name")) {
			if (pt->name.s != NULL || value.len == 0)
				return PARSE_INVALID;
			pt->name = value;
		} else if (span_is(name, "filename")) {
			if (pt->is_file)
				return PARSE_INVALID;
			pt->is_file = 1;
			pt->filename = value;
		}
	}
	return rc == 0 && pt->name.s != NULL ? PARSE_OK : PARSE_INVALID;
}

/*
 * Reads one header line (without its CRLF). Content-Disposition is
 * required; a Content-Type of multipart/... (a part that is itself
 * multipart) is refused; other headers are skipped.
 */
static enum parse_result
read_header(struct span line, struct part *pt)
{
	const char	*s = line.s, *end = line.s + line.len;
	struct span	 name, value;

	/* No folded lines (RFC 7578 forbids them): a name comes first. */
	if (read_token(&s, end, &name) == -1 || s == end || *s != ':')
		return PARSE_INVALID;
	s++;
	skip_ows(&s, end);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	value.s = s;
	value.len = (size_t)(end - s);
	if (span_is(name, "Content-Disposition"))
		return read_disposition(value, pt);
	if (span_is(name, "Content-Type") && value.len >= 10 &&
	    strncasecmp(value.s, "multipart/", 10) == 0)
		return PARSE_INVALID;
	return PARSE_OK;
}

/*
 * Reads the next header line at in->p into *line (an empty line ends
 * the headers) and steps over its CRLF. A line holds no control
 * character but tabs. Returns PARSE_OK, PARSE_INVALID, or
 * PARSE_TOO_LARGE for a line over MULTIPART_MAX_HEADER bytes.
 */
static enum parse_result
next_header_line(struct mp_in *in, struct span *line)
{
	size_t		 avail = (size_t)(in->end - in->p), look, i;
	unsigned char	 c;

	look = avail < MULTIPART_MAX_HEADER + 1 ? avail :
	    MULTIPART_MAX_HEADER + 1;
	for (i = 0; i < look; i++) {
		c = (unsigned char)in->p[i];
		if (c == '\r' && i + 1 < avail && in->p[i + 1] == '\n') {
			if (i > MULTIPART_MAX_HEADER)
				return PARSE_TOO_LARGE;
			line->s = in->p;
			line->len = i;
			in->p += i + 2;
			return PARSE_OK;
		}
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return PARSE_INVALID;
	}
	return look > MULTIPART_MAX_HEADER ? PARSE_TOO_LARGE : PARSE_INVALID;
}

/* Reads the header lines of a part, up to and over the empty line. */
static enum parse_result
read_headers(struct mp_in *in, struct part *pt)
{
	struct span		 line;
	enum parse_result	 rc;
	size_t			 n;

	memset(pt, 0, sizeof(*pt));
	for (n = 0;; n++) {
		if ((rc = next_header_line(in, &line)) != PARSE_OK)
			return rc;
		if (line.len == 0)
			break;
		if (n == MULTIPART_MAX_HEADERS)
			return PARSE_TOO_LARGE;
		if ((rc = read_header(line, pt)) != PARSE_OK)
			return rc;
	}
	return pt->disposition ? PARSE_OK : PARSE_INVALID;
}

/* Adds the file of part pt, its bytes data, to files. */
static enum parse_result
uploads_add(struct uploads *files, const struct part *pt, struct span data)
{
	struct upload	*items, *u;

	items = realloc(files->items, (files->count + 1) * sizeof(*items));
	if (items == NULL)
		return PARSE_NOMEM;
	files->items = items;
	u = &items[files->count];
	u->field = strndup(pt->name.s, pt->name.len);
	u->filename = strndup(pt->filename.s != NULL ? pt->filename.s : "",
	    pt->filename.len);
	u->data = data.s;
	u->len = data.len;
	if (u->field == NULL || u->filename == NULL) {
		free(u->field);
		free(u->filename);
		return PARSE_NOMEM;
	}
	files->count++;
	return PARSE_OK;
}

/*
 * Steps over what follows a delimiter: "--" (the last one: then only
 * a CRLF may follow) or spaces, tabs and a CRLF (a part follows).
 * Returns 1 when a part follows, 0 at the end, -1 when malformed.
 */
static int
after_delimiter(struct mp_in *in)
{
	size_t	 rest;

	if (in->end - in->p >= 2 && in->p[0] == '-' && in->p[1] == '-') {
		in->p += 2;
		rest = (size_t)(in->end - in->p);
		return rest == 0 || (rest == 2 && in->p[0] == '\r' &&
		    in->p[1] == '\n') ? 0 : -1;
	}
	skip_ows(&in->p, in->end);
	if (in->end - in->p < 2 || in->p[0] != '\r' || in->p[1] != '\n')
		return -1;
	in->p += 2;
	return 1;
}

/* Reads one part, after its delimiter, into form or files. */
static enum parse_result
read_part(struct mp_in *in, struct params *form, struct uploads *files)
{
	struct part		 pt;
	struct span		 data;
	const char		*next;
	enum parse_result	 rc;

	if ((rc = read_headers(in, &pt)) != PARSE_OK)
		return rc;
	next = memmem(in->p, (size_t)(in->end - in->p), in->delim,
	    in->delimlen);
	if (next == NULL)
		return PARSE_INVALID;
	data.s = in->p;
	data.len = (size_t)(next - in->p);
	in->p = next + in->delimlen;
	if (pt.is_file)
		return uploads_add(files, &pt, data);
	return params_add_field(form, pt.name.s, pt.name.len, data.s,
	    data.len);
}

enum parse_result
multipart_parse(const char *body, size_t len, const char *boundary,
    struct params *form, struct uploads *files)
{
	struct mp_in		 in;
	size_t			 blen = strlen(boundary), parts;
	enum parse_result	 rc;
	int			 more;

	if (blen == 0 || blen > MULTIPART_BOUNDARY_MAX)
		return PARSE_INVALID;
	memcpy(in.delim, "\r\n--", 4);
	memcpy(in.delim + 4, boundary, blen);
	in.delimlen = 4 + blen;
	in.p = body;
	in.end = body + len;
	/* The first delimiter starts the body, without the CRLF. */
	if (len < blen + 2 || memcmp(body, in.delim + 2, blen + 2) != 0)
		return PARSE_INVALID;
	in.p += blen + 2;
	for (parts = 0; (more = after_delimiter(&in)) == 1; parts++) {
		if (parts == MULTIPART_MAX_PARTS)
			return PARSE_TOO_LARGE;
		if ((rc = read_part(&in, form, files)) != PARSE_OK)
			return rc;
	}
	return more == 0 ? PARSE_OK : PARSE_INVALID;
}

const struct upload *
uploads_get(const struct uploads *u, const char *field)
{
	size_t	 i;

	for (i = 0; i < u->count; i++)
		if (strcmp(u->items[i].field, field) == 0)
			return &u->items[i];
	return NULL;
}

void
uploads_free(struct uploads *u)
{
	size_t	 i;

	for (i = 0; i < u->count; i++) {
		free(u->items[i].field);
		free(u->items[i].filename);
	}
	free(u->items);
	u->items = NULL;
	u->count = 0;
}
