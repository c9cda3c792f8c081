/* params.h: parsing of query strings, form bodies and cookies, with limits. */
#ifndef SLATE_PARAMS_H
#define SLATE_PARAMS_H

#include <stddef.h>

/* Limits applied while parsing a request's fields. */
#define PARAMS_MAX_FIELDS	200
#define PARAMS_MAX_NAME		128
#define PARAMS_MAX_VALUE	65536

struct param {
	char	*name;
	char	*value;
	size_t	 valuelen;	/* strlen(value): a form value never holds a NUL */
};

struct params {
	struct param	*items;
	size_t		 count;
};

enum parse_result {
	PARSE_OK = 0,
	PARSE_INVALID,		/* malformed input */
	PARSE_TOO_LARGE,	/* over one of the limits above */
	PARSE_NOMEM
};

/*
 * Decodes percent-escapes and '+' (as space when plus_is_space) of
 * the len bytes at s into a new NUL-terminated string stored in *out,
 * its length in *outlen. A '%' not followed by two hex digits is
 * PARSE_INVALID. Returns PARSE_OK, PARSE_INVALID or PARSE_NOMEM.
 */
enum parse_result url_decode(const char *s, size_t len, int plus_is_space,
	    char **out, size_t *outlen);

/*
 * Parses an application/x-www-form-urlencoded string (a query string
 * or a form body) of len bytes, appending its fields to p. Empty
 * pairs ("a=1&&b=2") are skipped; a pair without '=' has an empty
 * value. Returns PARSE_OK, PARSE_INVALID (bad escape, empty name, a
 * NUL in a name or value),
 * PARSE_TOO_LARGE (over a PARAMS_MAX_* limit) or PARSE_NOMEM.
 */
enum parse_result params_parse_urlencoded(struct params *p, const char *s,
	    size_t len);

/*
 * Parses a Cookie header ("a=1; b=2") into p. Cookie values are kept
 * as sent (no percent-decoding); surrounding double quotes are
 * removed. Malformed pairs, pairs over the name or value limits and
 * pairs past PARAMS_MAX_FIELDS are skipped: browsers send whatever
 * other sites on the host set, and that must not lock people out.
 * Returns PARSE_OK or PARSE_NOMEM.
 */
enum parse_result params_parse_cookies(struct params *p, const char *s);

/*
 * Appends a field to p: copies of name (namelen bytes) and value
 * (valuelen bytes), as sent, without decoding. Returns PARSE_OK,
 * PARSE_INVALID (an empty name, a NUL in the name or the value),
 * PARSE_TOO_LARGE (over a PARAMS_MAX_* limit) or PARSE_NOMEM.
 */
enum parse_result params_add_field(struct params *p, const char *name,
	    size_t namelen, const char *value, size_t valuelen);

/* Returns the value of the first field called name, or NULL. */
const char	*params_get(const struct params *p, const char *name);

/* Returns how many fields are called name. */
size_t		 params_count(const struct params *p, const char *name);

/* Frees every field and leaves p empty. */
void		 params_free(struct params *p);

#endif
