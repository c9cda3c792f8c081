/* route_lookup.c: matching a method and path against a route table. */
#include <stdlib.h>
#include <string.h>

#include "routes.h"

/*
 * Matches path against pattern segment by segment. On a match,
 * copies '*' segments into args (when args is not NULL) and returns
 * 1; returns 0 when it does not match, -1 when memory runs out.
 */
static int
pattern_match(const char *pattern, const char *path,
    char *args[ROUTE_MAX_ARGS])
{
	size_t	 nargs = 0, seglen;
	const char *slash;

	while (*pattern != '\0' && *path != '\0') {
		if (*pattern == '*') {
			slash = strchr(path, '/');
			seglen = slash ? (size_t)(slash - path) : strlen(path);
			if (seglen == 0 || nargs >= ROUTE_MAX_ARGS)
				return 0;
			if (args != NULL &&
			    (args[nargs] = strndup(path, seglen)) == NULL)
				return -1;
			nargs++;
			pattern++;
			path += seglen;
			continue;
		}
		if (*pattern != *path)
			return 0;
		pattern++;
		path++;
	}
	return *pattern == '\0' && *path == '\0';
}

static void
args_free(char *args[ROUTE_MAX_ARGS])
{
	size_t	 i;

	for (i = 0; i < ROUTE_MAX_ARGS; i++) {
		free(args[i]);
		args[i] = NULL;
	}
}

static const char *
method_name(enum http_method m)
{
	switch (m) {
	case METHOD_GET:
		return "GET, HEAD";
	case METHOD_POST:
		return "POST";
	default:
		return "";
	}
}

enum route_match
route_lookup(const struct route *table, size_t n, enum http_method method,
    const char *path, const struct route **out, char *args[ROUTE_MAX_ARGS],
    char *allow, size_t allowlen)
{
	enum http_method	 want = method == METHOD_HEAD ? METHOD_GET : method;
	size_t			 i;
	unsigned		 listed = 0;	/* methods already in allow */
	int			 path_seen = 0, rc;

	if (allowlen > 0)
		allow[0] = '\0';
	for (i = 0; i < n; i++) {
		if (table[i].method != want) {
			if (pattern_match(table[i].pattern, path, NULL) != 1 ||
			    (listed & (1u << table[i].method)) != 0)
				continue;
			listed |= 1u << table[i].method;
			if (path_seen++ && allowlen > 0)
				strncat(allow, ", ", allowlen - strlen(allow) - 1);
			if (allowlen > 0)
				strncat(allow, method_name(table[i].method),
				    allowlen - strlen(allow) - 1);
			continue;
		}
		rc = pattern_match(table[i].pattern, path, args);
		if (rc == 1) {
			*out = &table[i];
			return ROUTE_FOUND;
		}
		args_free(args);
		if (rc == -1)
			return ROUTE_NO_PATH;
	}
	return path_seen ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}

size_t
route_upload_max(const struct route_upload *table, size_t n,
    const struct route *rt)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (table[i].handler == rt->handler)
			return table[i].max_body;
	return 0;
}
