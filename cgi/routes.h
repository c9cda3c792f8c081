/* routes.h: the route table: method, path pattern, handler, access. */
#ifndef SLATE_ROUTES_H
#define SLATE_ROUTES_H

#include <stddef.h>

#include "perm.h"
#include "request.h"

/* Who may reach a route. */
enum access {
	ACCESS_PUBLIC,		/* anyone; no session needed */
	ACCESS_SIGNED_IN,	/* a valid session */
	ACCESS_PASSWORD_CHANGE,	/* a session that must change its password */
	ACCESS_LANE		/* a lane's bearer token; no session, JSON errors */
};

/*
 * A handler fills r->resp (a page, a redirect or an error page).
 * It returns 0, or -1 on an internal failure, when the caller answers
 * 500 instead of whatever the handler had prepared.
 */
typedef int	(*handler_fn)(struct req *r);

struct route {
	enum http_method	 method;
	const char		*pattern; /* "/customers/ *": '*' is one segment */
	handler_fn		 handler;
	enum access		 access;
	enum perm		 perm;	/* PERM_ANY: a session is enough */
};

enum route_match {
	ROUTE_FOUND,
	ROUTE_NO_PATH,		/* 404 */
	ROUTE_NO_METHOD		/* 405: the path exists for other methods */
};

/*
 * Looks up method and path in table (n routes). On ROUTE_FOUND stores
 * the route in *out and a copy of each '*' segment in args (the
 * caller frees them). HEAD matches GET routes. On ROUTE_NO_METHOD
 * writes the methods the path takes into allow ("GET, POST").
 */
enum route_match	route_lookup(const struct route *table, size_t n,
			    enum http_method method, const char *path,
			    const struct route **out,
			    char *args[ROUTE_MAX_ARGS],
			    char *allow, size_t allowlen);

/*
 * A route that takes files (a multipart/form-data form) as well as
 * forms, found by its handler, and the largest such body it takes.
 * Every other route takes forms only, up to REQ_MAX_BODY.
 */
struct route_upload {
	handler_fn	 handler;
	size_t		 max_body;
};

/*
 * Returns the largest multipart body route rt takes by table (n
 * entries), or 0 when it takes no files.
 */
size_t	route_upload_max(const struct route_upload *table, size_t n,
	    const struct route *rt);

/* The site's route table and its length. */
extern const struct route	routes[];
extern const size_t		routes_count;

/* The site's routes that take files, and how many there are. */
extern const struct route_upload	route_uploads[];
extern const size_t			route_uploads_count;

#endif
