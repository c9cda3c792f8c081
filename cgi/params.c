/* params.c: parsing of query strings, form bodies and cookies. */
#include <stdlib.h>
#include <string.h>

#include "params.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum parse_result
url_decode(const char *s, size_t len, int plus_is_space, char **out,
    size_t *outlen)
{
	char	*d;
	size_t	 i, j;
	int	 hi, lo;

	if ((d = malloc(len + 1)) == NULL)
		return PARSE_NOMEM;
	for (i = j = 0; i < len; i++) {
		if (s[i] == '%') {
			if (len - i < 3) {
				free(d);
				return PARSE_INVALID;
			}
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0) {
				free(d);
				return PARSE_INVALID;
			}
			d[j++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (s[i] == '+' && plus_is_space)
			d[j++] = ' ';
		else
			d[j++] = s[i];
	}
	d[j] = '\0';
	*out = d;
	*outlen = j;
	return PARSE_OK;
}

static enum parse_result
params_add(struct params *p, char *name, char *value, size_t valuelen)
{
	struct param	*items;

	if (p->count >= PARAMS_MAX_FIELDS)
		return PARSE_TOO_LARGE;
	items = realloc(p->items, (p->count + 1) * sizeof(*items));
	if (items == NULL)
		return PARSE_NOMEM;
	p->items = items;
	p->items[p->count].name = name;
	p->items[p->count].value = value;
	p->items[p->count].valuelen = valuelen;
	p->count++;
	return PARSE_OK;
}

/* Decodes and adds one "name=value" pair of len bytes. */
static enum parse_result
params_add_pair(struct params *p, const char *pair, size_t len)
{
	const char		*eq;
	size_t			 namelen, vlen, nlen;
	char			*name, *value;
	enum parse_result	 rc;

	eq = memchr(pair, '=', len);
	namelen = eq ? (size_t)(eq - pair) : len;
	vlen = eq ? len - namelen - 1 : 0;
	if (namelen == 0)
		return PARSE_INVALID;
	/* Encoded lengths bound decoded ones from above; check early. */
	if (namelen > 3 * PARAMS_MAX_NAME || vlen > 3 * PARAMS_MAX_VALUE)
		return PARSE_TOO_LARGE;
	if ((rc = url_decode(pair, namelen, 1, &name, &nlen)) != PARSE_OK)
		return rc;
	if (nlen == 0 || strlen(name) != nlen) {
		free(name);
		return PARSE_INVALID;
	}
	if (nlen > PARAMS_MAX_NAME) {
		free(name);
		return PARSE_TOO_LARGE;
	}
	rc = url_decode(eq ? eq + 1 : "", vlen, 1, &value, &vlen);
	if (rc != PARSE_OK) {
		free(name);
		return rc;
	}
	if (vlen > PARAMS_MAX_VALUE)
		rc = PARSE_TOO_LARGE;
	else if (strlen(value) != vlen)
		rc = PARSE_INVALID;	/* a NUL would cut the text short */
	else
		rc = params_add(p, name, value, vlen);
	if (rc != PARSE_OK) {
		free(name);
		free(value);
	}
	return rc;
}

enum parse_result
params_add_field(struct params *p, const char *name, size_t namelen,
    const char *value, size_t valuelen)
{
	enum parse_result	 rc;
	char			*n, *v;

	if (namelen == 0 || memchr(name, '\0', namelen) != NULL ||
	    memchr(value, '\0', valuelen) != NULL)
		return PARSE_INVALID;
	if (namelen > PARAMS_MAX_NAME || valuelen > PARAMS_MAX_VALUE ||
	    p->count >= PARAMS_MAX_FIELDS)
		return PARSE_TOO_LARGE;
	n = strndup(name, namelen);
	v = strndup(value, valuelen);
	if (n == NULL || v == NULL)
		rc = PARSE_NOMEM;
	else
		rc = params_add(p, n, v, valuelen);
	if (rc != PARSE_OK) {
		free(n);
		free(v);
	}
	return rc;
}

enum parse_result
params_parse_urlencoded(struct params *p, const char *s, size_t len)
{
	size_t			 start, i;
	enum parse_result	 rc;

	for (start = i = 0; i <= len; i++) {
		if (i < len && s[i] != '&')
			continue;
		if (i > start &&
		    (rc = params_add_pair(p, s + start, i - start)) != PARSE_OK)
			return rc;
		start = i + 1;
	}
	return PARSE_OK;
}

static int
is_cookie_space(char c)
{
	return c == ' ' || c == '\t';
}

enum parse_result
params_parse_cookies(struct params *p, const char *s)
{
	const char		*end, *eq, *nb, *ne, *vb, *ve;
	char			*name, *value;
	enum parse_result	 rc;

	while (*s != '\0') {
		end = strchr(s, ';');
		if (end == NULL)
			end = s + strlen(s);
		nb = s;
		while (nb < end && is_cookie_space(*nb))
			nb++;
		eq = memchr(nb, '=', (size_t)(end - nb));
		if (eq != NULL && eq > nb) {
			ne = eq;
			while (ne > nb && is_cookie_space(ne[-1]))
				ne--;
			vb = eq + 1;
			ve = end;
			while (vb < ve && is_cookie_space(*vb))
				vb++;
			while (ve > vb && is_cookie_space(ve[-1]))
				ve--;
			if (ve - vb >= 2 && *vb == '"' && ve[-1] == '"') {
				vb++;
				ve--;
			}
			if ((size_t)(ne - nb) > PARAMS_MAX_NAME ||
			    (size_t)(ve - vb) > PARAMS_MAX_VALUE ||
			    p->count >= PARAMS_MAX_FIELDS) {
				/* Not ours: skip it rather than refuse the request. */
				s = *end == ';' ? end + 1 : end;
				continue;
			}
			name = strndup(nb, (size_t)(ne - nb));
			value = strndup(vb, (size_t)(ve - vb));
			if (name == NULL || value == NULL) {
				free(name);
				free(value);
				return PARSE_NOMEM;
			}
			rc = params_add(p, name, value, strlen(value));
			if (rc != PARSE_OK) {
				free(name);
				free(value);
				return rc;
			}
		}
		s = *end == ';' ? end + 1 : end;
	}
	return PARSE_OK;
}

const char *
params_get(const struct params *p, const char *name)
{
	size_t	 i;

	for (i = 0; i < p->count; i++)
		if (strcmp(p->items[i].name, name) == 0)
			return p->items[i].value;
	return NULL;
}

size_t
params_count(const struct params *p, const char *name)
{
	size_t	 i, n = 0;

	for (i = 0; i < p->count; i++)
		if (strcmp(p->items[i].name, name) == 0)
			n++;
	return n;
}

void
params_free(struct params *p)
{
	size_t	 i;

	for (i = 0; i < p->count; i++) {
		free(p->items[i].name);
		free(p->items[i].value);
	}
	free(p->items);
	p->items = NULL;
	p->count = 0;
}
