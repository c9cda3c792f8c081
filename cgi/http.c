/* http.c: reading FastCGI requests with limits and writing responses. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"

static const char *const security_headers =
	"Content-Security-Policy: default-src 'none'; script-src 'self'; "
	"style-src 'self'; img-src 'self' data:; font-src 'self'; "
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
	"base-uri 'none'\r\n"
	"X-Content-Type-Options: nosniff\r\n"
	"X-Frame-Options: DENY\r\n"
	"Referrer-Policy: same-origin\r\n"
	"Cross-Origin-Opener-Policy: same-origin\r\n"
	"Permissions-Policy: camera=(), microphone=(), geolocation=()\r\n"
	"Cache-Control: no-store\r\n";

static int
parse_status(enum parse_result rc)
{
	switch (rc) {
	case PARSE_OK:
		return 0;
	case PARSE_TOO_LARGE:
		return 413;
	case PARSE_NOMEM:
		return 500;
	case PARSE_INVALID:
		break;
	}
	return 400;
}

static const char *
param(FCGX_Request *f, const char *name)
{
	const char	*v = FCGX_GetParam(name, f->envp);

	return v != NULL ? v : "";
}

/* Reads the request path: nginx's decoded $uri, else REQUEST_URI. */
static int
read_path(struct req *r, FCGX_Request *f)
{
	const char	*uri = param(f, "DOCUMENT_URI"), *q;
	size_t		 len;
	int		 rc;

	if (*uri != '\0') {
		r->path = strdup(uri);
		return r->path == NULL ? 500 : 0;
	}
	uri = param(f, "REQUEST_URI");
	q = strchr(uri, '?');
	len = q != NULL ? (size_t)(q - uri) : strlen(uri);
	if ((rc = parse_status(url_decode(uri, len, 0, &r->path, &len))) != 0)
		return rc;
	/* A decoded NUL would cut the path short: refuse it. */
	return strlen(r->path) == len ? 0 : 400;
}

static int
is_form_type(const char *type)
{
	static const char	 form[] = "application/x-www-form-urlencoded";
	size_t			 n = sizeof(form) - 1;

	return strncasecmp(type, form, n) == 0 &&
	    (type[n] == '\0' || type[n] == ';' || type[n] == ' ');
}

/*
 * Reads the len bytes of the body into r->body, in one allocation: an
 * upload may be large. Returns 0, 400 when the body ends early, or 500.
 */
static int
read_body_bytes(struct req *r, FCGX_Request *f, size_t len)
{
	char	*p;
	size_t	 got = 0, want;
	int	 n;

	if ((p = malloc(len + 1)) == NULL)
		return 500;
	while (got < len) {
		want = len - got < INT_MAX ? len - got : INT_MAX;
		if ((n = FCGX_GetStr(p + got, (int)want, f->in)) <= 0) {
			free(p);
			return 400;
		}
		got += (size_t)n;
	}
	p[len] = '\0';
	buf_free(&r->body);
	r->body.data = p;
	r->body.len = len;
	r->body.cap = len + 1;
	return 0;
}

/* Parses a multipart/form-data body of type into r->form and r->uploads. */
static int
parse_multipart(struct req *r, const char *type)
{
	char	 boundary[MULTIPART_BOUNDARY_MAX + 1];

	if (multipart_boundary(type, boundary) != PARSE_OK)
		return 400;
	return parse_status(multipart_parse(r->body.data, r->body.len,
	    boundary, &r->form, &r->uploads));
}

const char *
http_content_type(FCGX_Request *f)
{
	return param(f, "CONTENT_TYPE");
}

int
http_read_body(struct req *r, FCGX_Request *f, size_t upload_max)
{
	const char	*lenstr = param(f, "CONTENT_LENGTH");
	const char	*type = http_content_type(f);
	int		 multipart = upload_max > 0 && multipart_is_form(type);
	size_t		 max = multipart ? upload_max : REQ_MAX_BODY;
	char		*end;
	unsigned long	 len;
	int		 rc;

	if (*lenstr == '\0')
		return 411;
	errno = 0;
	len = strtoul(lenstr, &end, 10);
	if (errno != 0 || *end != '\0' || !isdigit((unsigned char)*lenstr))
		return 400;
	if (len > max)
		return 413;
	if (len > 0 && !multipart && !is_form_type(type))
		return 415;
	if ((rc = read_body_bytes(r, f, len)) != 0)
		return rc;
	if (multipart)
		return parse_multipart(r, type);
	return parse_status(params_parse_urlencoded(&r->form, r->body.data,
	    r->body.len));
}

int
http_read_raw_body(struct req *r, FCGX_Request *f, size_t max)
{
	const char	*lenstr = param(f, "CONTENT_LENGTH");
	char		*end;
	unsigned long	 len;

	if (*lenstr == '\0')
		return 411;
	errno = 0;
	len = strtoul(lenstr, &end, 10);
	if (errno != 0 || *end != '\0' || !isdigit((unsigned char)*lenstr))
		return 400;
	if (len > max)
		return 413;
	return read_body_bytes(r, f, len);
}

int
http_read_request(struct req *r, FCGX_Request *f)
{
	const char	*method = param(f, "REQUEST_METHOD");
	const char	*qs = param(f, "QUERY_STRING");
	int		 rc;

	if (strcmp(method, "GET") == 0)
		r->method = METHOD_GET, r->method_name = "GET";
	else if (strcmp(method, "HEAD") == 0)
		r->method = METHOD_HEAD, r->method_name = "HEAD";
	else if (strcmp(method, "POST") == 0)
		r->method = METHOD_POST, r->method_name = "POST";
	else
		r->method = METHOD_OTHER, r->method_name = "OTHER";
	snprintf(r->client_addr, sizeof(r->client_addr), "%s",
	    param(f, "REMOTE_ADDR"));
	r->https = strcasecmp(param(f, "HTTPS"), "on") == 0;
	if ((rc = read_path(r, f)) != 0)
		return rc;
	if ((rc = parse_status(params_parse_urlencoded(&r->query, qs,
	    strlen(qs)))) != 0)
		return rc;
	return parse_status(params_parse_cookies(&r->cookies,
	    param(f, "HTTP_COOKIE")));
}

const char *
http_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 410: return "Gone";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return status < 500 ? "Client Error" : "Internal Server Error";
	}
}

/* True when s may go into a header value: no CR, LF or other controls. */
static int
header_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

int
http_add_header(struct req *r, const char *name, const char *value)
{
	if (!header_safe(name) || !header_safe(value))
		return -1;
	return buf_printf(&r->resp.headers, "%s: %s\r\n", name, value);
}

int
http_set_cookie(struct req *r, const char *name, const char *value,
    long max_age)
{
	struct buf	 b = { 0 };
	int		 rc;

	rc = buf_printf(&b, "%s%s=%s; Path=/; HttpOnly; SameSite=Lax%s",
	    r->https ? "__Host-" : "", name, value,
	    r->https ? "; Secure" : "");
	if (rc == 0 && max_age >= 0)
		rc = buf_printf(&b, "; Max-Age=%ld", max_age);
	if (rc == 0)
		rc = http_add_header(r, "Set-Cookie", b.data);
	buf_free(&b);
	return rc;
}

const char *
http_get_cookie(const struct req *r, const char *name)
{
	char	 full[160];

	if (!r->https)
		return params_get(&r->cookies, name);
	snprintf(full, sizeof(full), "__Host-%s", name);
	return params_get(&r->cookies, full);
}

int
http_local_path(const char *s)
{
	if (s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return 0;
	return header_safe(s);
}

int
http_query_add(struct buf *b, const char *name, const char *value)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	int			 first = b->len == 0 || b->data[b->len - 1] == '?';

	if (*value == '\0')
		return 0;
	if (buf_printf(b, "%s%s=", first ? "" : "&", name) == -1)
		return -1;
	for (p = (const unsigned char *)value; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL) {
			if (buf_append(b, (const char *)p, 1) == -1)
				return -1;
		} else if (buf_printf(b, "%%%c%c", hex[*p >> 4],
		    hex[*p & 15]) == -1)
			return -1;
	}
	return 0;
}

int
http_redirect(struct req *r, const char *path)
{
	if (!http_local_path(path))
		path = "/";
	r->resp.status = 303;
	r->resp.content_type = NULL;
	buf_reset(&r->resp.body);
	return http_add_header(r, "Location", path);
}

int
http_send(struct req *r, FCGX_Stream *out)
{
	struct response	*p = &r->resp;
	struct buf	 head = { 0 };
	int		 status = p->status ? p->status : 200, rc;

	rc = buf_printf(&head, "Status: %d %s\r\n", status,
	    http_status_text(status));
	if (rc == 0 && p->content_type != NULL)
		rc = buf_printf(&head, "Content-Type: %s\r\n", p->content_type);
	if (rc == 0)
		rc = buf_puts(&head, security_headers);
	if (rc == 0 && p->headers.len > 0)
		rc = buf_append(&head, p->headers.data, p->headers.len);
	if (rc == 0)
		rc = buf_printf(&head, "Content-Length: %zu\r\n\r\n",
		    p->body.len);
	if (rc == 0 && FCGX_PutStr(head.data, (int)head.len, out) < 0)
		rc = -1;
	/* HEAD gets the headers GET would, Content-Length too, no body. */
	if (rc == 0 && r->method != METHOD_HEAD && p->body.len > 0 &&
	    FCGX_PutStr(p->body.data, (int)p->body.len, out) < 0)
		rc = -1;
	buf_free(&head);
	return rc;
}
