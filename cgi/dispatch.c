/* dispatch.c: one request from arrival to response: parse, route, authorize, handle. */
#include <stdio.h>
#include <string.h>

#include "approval.h"
#include "config.h"
#include "db.h"
#include "dispatch.h"
#include "handlers.h"
#include "http.h"
#include "json_body.h"
#include "lane.h"
#include "log.h"
#include "routes.h"
#include "session.h"
#include "view.h"

static const char *
status_message(int status)
{
	switch (status) {
	case 400:
		return "The request could not be understood.";
	case 403:
		return "This form has expired or did not come from Slate. "
		    "Go back, reload the page and try again. Nothing was "
		    "changed.";
	case 404:
		return "There is no such page.";
	case 405:
		return "This page does not accept that kind of request.";
	case 411:
		return "The request did not say how long it is.";
	case 413:
		return "The request is too large. Nothing was changed.";
	case 415:
		return "The request was not sent as a form.";
	case 503:
		return "Slate is unavailable for a moment. Nothing was "
		    "changed. Please try again shortly.";
	default:
		return "Something went wrong on our side. Nothing was "
		    "changed. Please try again in a moment.";
	}
}

/* Sends a visitor without a session to the sign-in page, keeping where they were going. */
static int
dispatch_to_login(struct req *r)
{
	char	 where[256];

	if (r->method == METHOD_GET && strlen(r->path) < 200 &&
	    strspn(r->path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789/-_.") == strlen(r->path) &&
	    strcmp(r->path, "/dashboard") != 0) {
		snprintf(where, sizeof(where), "/login?next=%s", r->path);
		return http_redirect(r, where);
	}
	return http_redirect(r, "/login");
}

/*
 * Decides whether the route may run for this request, the one place
 * where permissions are applied: sign-in, a password that must change,
 * CSRF, then the route's permission level for the session's user group
 * (None: 403; Manager code required: the code in the form is checked
 * and the result left in r->approval for the handler's form). Returns
 * 0 to run the handler, 1 when the response is already made (a
 * redirect or an error page), -1 on failure.
 */
static int
dispatch_authorize(struct req *r)
{
	const struct route	*rt = r->route;

	if (rt->access != ACCESS_PUBLIC && !r->session.valid)
		return dispatch_to_login(r) == -1 ? -1 : 1;
	if (rt->access == ACCESS_SIGNED_IN && r->session.must_change_password)
		return http_redirect(r, "/profile/password") == -1 ? -1 : 1;
	if (r->method == METHOD_POST && !session_csrf_ok(r)) {
		view_error(r, 403, status_message(403));
		return 1;
	}
	if (rt->access == ACCESS_PUBLIC || rt->perm == PERM_ANY)
		return 0;
	switch (r->session.levels[rt->perm]) {
	case LEVEL_NONE:
		view_error(r, 403, "Your user group does not allow this. Ask "
		    "an administrator if you need it.");
		return 1;
	case LEVEL_MANAGER_CODE:
		/* The handler shows approval.error beside its form. */
		r->approval.needed = 1;
		if (r->method == METHOD_POST)
			return approval_verify(r, rt->perm) == -1 ? -1 : 0;
		return 0;
	case LEVEL_ALLOWED:
		break;
	}
	return 0;
}

/*
 * Reads the body of a POST, as the route takes it (forms, or files
 * too). Returns 0, or the status of the error page it made instead;
 * a route that takes files says in its 413 page for a file too large
 * how large they may be.
 */
static int
dispatch_read_body(struct req *r, FCGX_Request *f)
{
	size_t	 upload_max = route_upload_max(route_uploads,
	    route_uploads_count, r->route);
	char	 message[160];
	int	 status;

	if ((status = http_read_body(r, f, upload_max)) == 0)
		return 0;
	/* Not read (r->body empty): the whole of it was over the limit. */
	if (status == 413 && upload_max > 0 && r->body.data == NULL &&
	    multipart_is_form(http_content_type(f))) {
		snprintf(message, sizeof(message), "The file is too large: "
		    "this page takes files of up to %zu MiB. Nothing was "
		    "changed.", upload_max / (1024 * 1024));
		view_error(r, status, message);
	} else
		view_error(r, status, status_message(status));
	return status;
}

/* True when path is under the lane API, whose answers are JSON, never pages. */
static int
api_path(const char *path)
{
	return path != NULL && (strncmp(path, "/api/", 5) == 0 ||
	    strcmp(path, "/api") == 0);
}

/* The API's error for a status that came before any handler ran. */
static void
api_status_error(struct req *r, int status)
{
	switch (status) {
	case 400:
	case 411:
		api_error(r, 400, "invalid_json", "the body could not be read");
		break;
	case 413:
		api_error(r, 413, "payload_too_large", "the request is over "
		    "the limits: a body of at most 256 KiB");
		break;
	default:
		api_error(r, 500, "server_error", "something went wrong; "
		    "nothing was written, the request may be sent again");
		break;
	}
}

/*
 * Runs a lane API route, the one place where lanes are authorized: the
 * bearer token (401 unauthorized, or device_revoked for a revoked
 * lane), the lane's rate limit (429 rate_limited with Retry-After),
 * then the body (a POST's, up to 256 KiB: 413 payload_too_large) and
 * the handler (500 server_error when it fails). No session, no CSRF,
 * no cookies; every error is the API's JSON.
 */
static void
dispatch_lane(struct req *r, FCGX_Request *f)
{
	const char	*inm = FCGX_GetParam("HTTP_IF_NONE_MATCH", f->envp);
	char		 wait[24];
	long		 retry;
	int		 rc, status;

	if (db_ready(r->db) != DB_OK) {
		api_status_error(r, 500);
		return;
	}
	rc = lane_authenticate(r->db,
	    FCGX_GetParam("HTTP_AUTHORIZATION", f->envp), &r->lane);
	if (rc < 0) {
		log_error("%s %s: cannot look the lane up", r->method_name,
		    r->path);
		api_status_error(r, 500);
		return;
	}
	if (rc != LANE_AUTH_OK) {
		api_error(r, 401, rc == LANE_AUTH_REVOKED ? "device_revoked" :
		    "unauthorized", rc == LANE_AUTH_REVOKED ? "this lane was "
		    "revoked" : "a lane's token is needed: Authorization: "
		    "Bearer slate_lane_...");
		(void)http_add_header(r, "WWW-Authenticate", "Bearer");
		return;
	}
	if ((retry = lane_rate_take(r->lane.id, r->cfg->lane_rate,
	    r->cfg->lane_burst)) > 0) {
		api_error(r, 429, "rate_limited", "too many requests from "
		    "this lane; come back after Retry-After seconds");
		snprintf(wait, sizeof(wait), "%ld", retry);
		(void)http_add_header(r, "Retry-After", wait);
		return;
	}
	if (inm != NULL && strlen(inm) < sizeof(r->lane.if_none_match))
		snprintf(r->lane.if_none_match, sizeof(r->lane.if_none_match),
		    "%s", inm);
	if (r->method == METHOD_POST &&
	    (status = http_read_raw_body(r, f, JSON_BODY_MAX)) != 0) {
		api_status_error(r, status);
		return;
	}
	if (r->route->handler(r) == -1) {
		log_error("%s %s: the handler failed", r->method_name, r->path);
		api_status_error(r, 500);
	}
}

/* Fills r->resp for the request; any failure becomes an error page. */
static void
dispatch_route(struct req *r, FCGX_Request *f)
{
	char	 allow[64];
	int	 status, rc;

	if ((status = http_read_request(r, f)) != 0) {
		if (api_path(r->path) && status == 400)
			api_error(r, 400, "invalid_request", "the path or the "
			    "query string could not be read");
		else if (api_path(r->path))
			api_status_error(r, status);
		else
			view_error(r, status, status_message(status));
		return;
	}
	switch (route_lookup(routes, routes_count, r->method, r->path,
	    &r->route, r->args, allow, sizeof(allow))) {
	case ROUTE_NO_PATH:
		if (api_path(r->path))
			api_error(r, 404, "not_found", "there is no such path "
			    "in the API");
		else
			view_error(r, 404, status_message(404));
		return;
	case ROUTE_NO_METHOD:
		if (api_path(r->path))
			api_error(r, 405, "method_not_allowed", "this path "
			    "does not take that method");
		else
			view_error(r, 405, status_message(405));
		(void)http_add_header(r, "Allow", allow);
		return;
	case ROUTE_FOUND:
		break;
	}
	if (r->route->access == ACCESS_LANE) {
		dispatch_lane(r, f);
		return;
	}
	if (r->method == METHOD_POST && dispatch_read_body(r, f) != 0)
		return;
	if (db_ready(r->db) != DB_OK) {
		view_error(r, 503, status_message(503));
		return;
	}
	if (session_load(r) == -1) {
		view_error(r, 500, status_message(500));
		return;
	}
	if ((rc = dispatch_authorize(r)) == 0)
		rc = r->route->handler(r);
	if (rc == -1) {
		log_error("%s %s: the handler failed", r->method_name, r->path);
		view_error(r, 500, status_message(500));
	}
}

void
dispatch(FCGX_Request *f, const struct config *cfg, struct db *db)
{
	struct req	 r;

	memset(&r, 0, sizeof(r));
	r.cfg = cfg;
	r.db = db;
	dispatch_route(&r, f);
	if (http_send(&r, f->out) == -1)
		log_error("%s %s: the client went away", r.method_name,
		    r.path ? r.path : "?");
	req_free(&r);
}
