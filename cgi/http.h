/* http.h: reading FastCGI requests with limits and writing responses. */
#ifndef SLATE_HTTP_H
#define SLATE_HTTP_H

#include <fcgiapp.h>

#include "request.h"

/*
 * Fills r from a FastCGI request: method, path, client address, query
 * string and cookies; the body is read by http_read_body once the
 * route is known. Returns 0, or the HTTP status to answer instead: 400
 * for a malformed path or query, 413 for a query over the limits, 500
 * when memory runs out.
 */
int	http_read_request(struct req *r, FCGX_Request *f);

/*
 * Reads and parses the body of a POST into r->form: a form
 * (application/x-www-form-urlencoded, up to REQ_MAX_BODY) or, when
 * upload_max is not 0 (the route takes files), multipart/form-data up
 * to upload_max bytes, its fields into r->form and its files into
 * r->uploads. Returns 0, or the HTTP status to answer instead: 400 for
 * a malformed body, 411 for a body without a length, 413 for a body or
 * a field over the limits (the body is then not read), 415 for a body
 * of another type, 500 when memory runs out.
 */
int	http_read_body(struct req *r, FCGX_Request *f, size_t upload_max);

/*
 * Reads the body of a request as it is, up to max bytes, into r->body
 * (NUL-terminated), for the JSON API. Returns 0, or the HTTP status to
 * answer instead: 400 for a body that ends early, 411 for one without
 * a length, 413 for one over max (then not read), 500 when memory runs
 * out.
 */
int	http_read_raw_body(struct req *r, FCGX_Request *f, size_t max);

/* Returns the Content-Type of a request, or "" when it has none. */
const char	*http_content_type(FCGX_Request *f);

/* Returns the reason phrase for an HTTP status code. */
const char	*http_status_text(int status);

/* Adds a "Name: value" header line to the response. Returns 0 or -1. */
int	http_add_header(struct req *r, const char *name, const char *value);

/*
 * Sets a cookie on the response: HttpOnly, SameSite=Lax, Path=/; with
 * Secure and the __Host- prefix when the request came over HTTPS.
 * max_age < 0 makes a session cookie; 0 deletes it. Returns 0 or -1.
 */
int	http_set_cookie(struct req *r, const char *name, const char *value,
	    long max_age);

/* Returns the value of cookie name (prefixed as http_set_cookie does), or NULL. */
const char	*http_get_cookie(const struct req *r, const char *name);

/*
 * Appends name=value, percent-encoded, to a link or query string in b,
 * with '&' before it unless b is empty or ends in '?'. An empty value
 * adds nothing. Returns 0 or -1.
 */
int	http_query_add(struct buf *b, const char *name, const char *value);

/* Answers 303 See Other to a local path. Returns 0 or -1. */
int	http_redirect(struct req *r, const char *path);

/*
 * Writes the response held in r->resp: status line, the security
 * headers every response carries, the extra headers, and the body
 * (for HEAD, the same headers and no body). Returns 0, or -1 when the
 * client went away.
 */
int	http_send(struct req *r, FCGX_Stream *out);

/* True when s is a path on this site: starts with one '/' and has no control characters. */
int	http_local_path(const char *s);

#endif
