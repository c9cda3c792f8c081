/* request.h: the per-request context that travels through the handlers. */
#ifndef SLATE_REQUEST_H
#define SLATE_REQUEST_H

#include <stdint.h>

#include "buf.h"
#include "multipart.h"
#include "params.h"
#include "text.h"
#include "perm.h"

struct config;
struct db;
struct route;
struct _hdf;

#define REQ_MAX_BODY	(1024 * 1024)	/* larger form bodies get 413 */
#define ROUTE_MAX_ARGS	4

enum http_method { METHOD_GET, METHOD_HEAD, METHOD_POST, METHOD_OTHER };

/* The signed-in staff member and the store they work in. */
struct session {
	int		 valid;
	unsigned char	 token_hash[32];
	int64_t		 staff_id;
	int64_t		 store_id;
	int		 must_change_password;
	char		 csrf[65];
	char		 email[TEXT_BYTES(254)];
	char		 staff_name[TEXT_BYTES(200)];
	char		 store_code[17];
	char		 store_name[TEXT_BYTES(200)];
	char		 currency[4];
	char		 timezone[65];
	int64_t		 group_id;
	char		 group[TEXT_BYTES(100)];
	enum level	 levels[PERM__MAX];	/* the group's, in this store */
	int64_t		 stores;	/* how many stores they work in */
};

/* A manager's approval of the action in hand (see approval.h). */
struct approval {
	int		 needed;	/* the route's level asks for a code */
	int64_t		 approver_id;	/* who approved, when it passed */
	char		 approver_name[TEXT_BYTES(200)];
	char		 error[128];	/* why it did not pass; empty if it did */
};

/*
 * The lane a bearer token named, on the lane API's routes (filled by
 * lane_authenticate, see lane.h), with what its store's feed stands at.
 */
struct lane_session {
	int		 valid;
	int		 revoked;
	int64_t		 id;
	int64_t		 store_id;
	char		 name[TEXT_BYTES(100)];
	char		 store_name[TEXT_BYTES(200)];
	char		 currency[4];
	char		 timezone[65];
	char		 epoch[17];		/* the store's feed epoch */
	int64_t		 feed_seq;		/* the store's last change, committed */
	int64_t		 last_feed_seq;		/* the lane's last cursor; -1: none */
	int64_t		 seen_age;		/* seconds since last seen; -1: never */
	char		 last_addr[64];
	char		 last_error[33];	/* the last error code sent it */
	int64_t		 error_age;		/* seconds since; -1: never */
	char		 if_none_match[256];	/* the header, "" when absent or too long */
};

/* What a handler answers; written out by http_send after it returns. */
struct response {
	int		 status;
	const char	*content_type;	/* static string; NULL for none */
	struct buf	 headers;	/* extra header lines, CRLF-ended */
	struct buf	 body;
};

struct req {
	const struct config	*cfg;
	struct db		*db;
	enum http_method	 method;
	const char		*method_name;
	char			*path;		/* decoded, from nginx's $uri */
	char			 client_addr[64];
	int			 https;		/* served over TLS */
	struct params		 query;
	struct params		 form;
	struct params		 cookies;
	struct uploads		 uploads;	/* files of a multipart form */
	struct buf		 body;
	const struct route	*route;
	char			*args[ROUTE_MAX_ARGS]; /* '*' path parts */
	struct session		 session;
	struct lane_session	 lane;		/* lane API routes only */
	struct approval		 approval;
	struct _hdf		*hdf;		/* page data, made on first use */
	struct response		 resp;
};

/* Frees everything a request holds, leaving it ready for reuse. */
void	req_free(struct req *r);

/* Returns a form field, or "" when it was not sent. */
const char	*req_form(const struct req *r, const char *name);

/*
 * Returns the file sent as form field name (on a route that takes
 * files, see routes.h), or NULL when none was. Its bytes live as long
 * as the request.
 */
const struct upload	*req_upload(const struct req *r, const char *name);

/* Returns a query-string field, or "" when it was not sent. */
const char	*req_query(const struct req *r, const char *name);

/*
 * Runs fn(r) with the process's local time zone set to the session's
 * store's, and puts the zone back after. Returns fn's result, or -1
 * (logged) when the zone cannot be used.
 */
int	req_in_store_zone(struct req *r, int (*fn)(struct req *));

#endif
