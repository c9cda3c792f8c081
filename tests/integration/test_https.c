/*
 * test_https.c: cookies of a request that came over HTTPS. nginx tells
 * the application with the FastCGI parameter HTTPS=on; these tests talk
 * FastCGI to the workers' socket themselves to set it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <check.h>

#include "client.h"

#define FCGI_BEGIN_REQUEST	1
#define FCGI_END_REQUEST	3
#define FCGI_PARAMS		4
#define FCGI_STDIN		5
#define FCGI_STDOUT		6
#define FCGI_STDERR		7
#define FCGI_RESPONDER		1

struct fcgi_buf {
	unsigned char	*data;
	size_t		 len;
};

static void
buf_add(struct fcgi_buf *b, const void *p, size_t n)
{
	unsigned char	*d = realloc(b->data, b->len + n + 1);

	ck_assert_ptr_nonnull(d);
	memcpy(d + b->len, p, n);
	b->len += n;
	d[b->len] = '\0';
	b->data = d;
}

/* Appends one record of type with content [p, p + n) to b. */
static void
record(struct fcgi_buf *b, int type, const void *p, size_t n)
{
	unsigned char	 h[8];

	ck_assert_uint_le(n, 65535);
	h[0] = 1;
	h[1] = (unsigned char)type;
	h[2] = 0;
	h[3] = 1;		/* request id 1 */
	h[4] = (unsigned char)(n >> 8);
	h[5] = (unsigned char)(n & 0xff);
	h[6] = 0;
	h[7] = 0;
	buf_add(b, h, sizeof(h));
	if (n > 0)
		buf_add(b, p, n);
}

static void
param_len(struct fcgi_buf *b, size_t n)
{
	unsigned char	 l[4];

	if (n < 128) {
		l[0] = (unsigned char)n;
		buf_add(b, l, 1);
		return;
	}
	l[0] = (unsigned char)((n >> 24) | 0x80);
	l[1] = (unsigned char)(n >> 16);
	l[2] = (unsigned char)(n >> 8);
	l[3] = (unsigned char)n;
	buf_add(b, l, 4);
}

static void
param(struct fcgi_buf *p, const char *name, const char *value)
{
	param_len(p, strlen(name));
	param_len(p, strlen(value));
	buf_add(p, name, strlen(name));
	buf_add(p, value, strlen(value));
}

static const char *
fcgi_socket(void)
{
	static char	 path[512];
	const char	*s = getenv("SLATE_FCGI_SOCKET"), *var;

	if (s != NULL && *s != '\0')
		return s;
	var = getenv("SLATE_VAR");
	ck_assert_msg(var != NULL && *var != '\0', "set SLATE_FCGI_SOCKET or "
	    "SLATE_VAR to reach the workers' socket");
	snprintf(path, sizeof(path), "%s/run/slate-fcgi.sock", var);
	return path;
}

static void
write_all(int fd, const unsigned char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1 && errno == EINTR)
			continue;
		ck_assert_msg(w > 0, "write to the FastCGI socket: %s",
		    strerror(errno));
		p += w;
		n -= (size_t)w;
	}
}

static int
read_all(int fd, unsigned char *p, size_t n)
{
	ssize_t	 r;

	while (n > 0) {
		r = read(fd, p, n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/*
 * Sends one request as nginx would for HTTPS and reads the answer
 * into resp (status from the Status header, 200 without one).
 */
static long
https_request(const char *method, const char *path, const char *cookie,
    const char *form, struct response *resp)
{
	struct sockaddr_un	 addr;
	struct fcgi_buf		 out = { 0 }, params = { 0 }, std = { 0 };
	unsigned char		 h[8], begin[8] = { 0, FCGI_RESPONDER, 0 };
	unsigned char		 content[65536 + 256];
	const char		*q, *sep;
	char			 len[32], *uri, *status;
	size_t			 n, pad, i;
	int			 fd, done = 0;

	memset(resp, 0, sizeof(resp[0]));
	q = strchr(path, '?');
	uri = strndup(path, q != NULL ? (size_t)(q - path) : strlen(path));
	param(&params, "REQUEST_METHOD", method);
	param(&params, "QUERY_STRING", q != NULL ? q + 1 : "");
	param(&params, "REQUEST_URI", path);
	param(&params, "DOCUMENT_URI", uri);
	param(&params, "SCRIPT_NAME", "");
	param(&params, "SERVER_PROTOCOL", "HTTP/1.1");
	param(&params, "REQUEST_SCHEME", "https");
	param(&params, "HTTPS", "on");
	param(&params, "REMOTE_ADDR", "127.0.0.1");
	param(&params, "SERVER_NAME", "localhost");
	param(&params, "SERVER_PORT", "443");
	if (cookie != NULL)
		param(&params, "HTTP_COOKIE", cookie);
	if (form != NULL) {
		snprintf(len, sizeof(len), "%zu", strlen(form));
		param(&params, "CONTENT_TYPE",
		    "application/x-www-form-urlencoded");
		param(&params, "CONTENT_LENGTH", len);
	}
	free(uri);
	record(&out, FCGI_BEGIN_REQUEST, begin, sizeof(begin));
	for (i = 0; i < params.len; i += n) {
		n = params.len - i < 65535 ? params.len - i : 65535;
		record(&out, FCGI_PARAMS, params.data + i, n);
	}
	record(&out, FCGI_PARAMS, NULL, 0);
	for (i = 0; form != NULL && i < strlen(form); i += n) {
		n = strlen(form) - i < 65535 ? strlen(form) - i : 65535;
		record(&out, FCGI_STDIN, form + i, n);
	}
	record(&out, FCGI_STDIN, NULL, 0);

	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_msg(fd != -1, "socket: %s", strerror(errno));
	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	ck_assert(strlen(fcgi_socket()) < sizeof(addr.sun_path));
	strcpy(addr.sun_path, fcgi_socket());
	ck_assert_msg(connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0,
	    "cannot connect to %s: %s", addr.sun_path, strerror(errno));
	write_all(fd, out.data, out.len);
	while (!done) {
		ck_assert_msg(read_all(fd, h, sizeof(h)) == 0,
		    "the worker closed the connection early");
		n = (size_t)h[4] << 8 | h[5];
		pad = h[6];
		ck_assert(read_all(fd, content, n + pad) == 0);
		if (h[1] == FCGI_STDOUT)
			buf_add(&std, content, n);
		else if (h[1] == FCGI_END_REQUEST)
			done = 1;
	}
	close(fd);
	free(out.data);
	free(params.data);
	ck_assert_ptr_nonnull(std.data);

	/* A CGI response: header lines, an empty line, the body. */
	sep = strstr((char *)std.data, "\r\n\r\n");
	ck_assert_msg(sep != NULL, "no end of headers in the response");
	resp->headlen = (size_t)(sep - (char *)std.data) + 2;
	resp->head = strndup((char *)std.data, resp->headlen);
	resp->bodylen = std.len - resp->headlen - 2;
	resp->body = strdup(sep + 4);
	free(std.data);
	status = response_header(resp, "Status");
	resp->status = status != NULL ? strtol(status, NULL, 10) : 200;
	free(status);
	return resp->status;
}

/* The value a Set-Cookie value gives its cookie, in a new string. */
static char *
cookie_value(const char *set_cookie)
{
	const char	*eq = strchr(set_cookie, '='), *end;

	ck_assert_ptr_nonnull(eq);
	end = strchr(eq, ';');
	return strndup(eq + 1, end != NULL ? (size_t)(end - eq - 1) :
	    strlen(eq + 1));
}

static void
secure_cookie(const char *sc)
{
	ck_assert_msg(cookie_has_attr(sc, "Secure"), "%s", sc);
	ck_assert_msg(cookie_has_attr(sc, "HttpOnly"), "%s", sc);
	ck_assert_msg(cookie_has_attr(sc, "SameSite=Lax"), "%s", sc);
	ck_assert_msg(cookie_has_attr(sc, "Path=/"), "%s", sc);
	/* __Host- cookies may not name a domain. */
	ck_assert_msg(!cookie_has_attr(sc, "Domain"), "%s", sc);
}

START_TEST(test_https_cookies)
{
	struct response	 resp;
	const char	*pw = "secure all the way";
	char		*email, *name, *sc, *login, *csrf, *form, *cookie;
	char		*token, *loc;

	email = itest_email("https");
	name = itest_name("Sue");
	itest_staff_add(email, name, "Clerk", pw);

	ck_assert_int_eq(https_request("GET", "/login", NULL, NULL, &resp),
	    200);
	ck_assert_ptr_null(response_set_cookie(&resp, "slate_login"));
	sc = response_set_cookie(&resp, "__Host-slate_login");
	ck_assert_msg(sc != NULL, "no __Host-slate_login cookie over HTTPS");
	secure_cookie(sc);
	login = cookie_value(sc);
	csrf = html_input_value(resp.body, "csrf");
	ck_assert_ptr_nonnull(csrf);
	ck_assert_str_eq(csrf, login);
	response_free(&resp);
	free(sc);

	/* The form's cookie without its prefix does not count over HTTPS. */
	form = form_encode("csrf", csrf, "email", email, "password", pw, NULL);
	ck_assert_int_ge(asprintf(&cookie, "slate_login=%s", login), 0);
	ck_assert_int_eq(https_request("POST", "/login", cookie, form, &resp),
	    403);
	response_free(&resp);
	free(cookie);

	ck_assert_int_ge(asprintf(&cookie, "__Host-slate_login=%s", login), 0);
	ck_assert_int_eq(https_request("POST", "/login", cookie, form, &resp),
	    303);
	loc = response_header(&resp, "Location");
	ck_assert_str_eq(loc, "/dashboard");
	ck_assert_ptr_null(response_set_cookie(&resp, "slate_session"));
	sc = response_set_cookie(&resp, "__Host-slate_session");
	ck_assert_msg(sc != NULL, "no __Host-slate_session cookie over HTTPS");
	secure_cookie(sc);
	ck_assert_msg(!cookie_has_attr(sc, "Max-Age"), "%s", sc);
	token = cookie_value(sc);
	ck_assert_uint_eq(strlen(token), 64);
	free(sc);
	sc = response_set_cookie(&resp, "__Host-slate_login");
	ck_assert_ptr_nonnull(sc);
	ck_assert(cookie_has_attr(sc, "Max-Age=0"));
	secure_cookie(sc);
	response_free(&resp);
	free(sc);
	free(cookie);

	/* The session works with its prefixed cookie only. */
	ck_assert_int_ge(asprintf(&cookie, "__Host-slate_session=%s", token),
	    0);
	ck_assert_int_eq(https_request("GET", "/dashboard", cookie, NULL,
	    &resp), 200);
	ck_assert(response_contains(&resp, name));
	response_free(&resp);
	free(cookie);
	ck_assert_int_ge(asprintf(&cookie, "slate_session=%s", token), 0);
	ck_assert_int_eq(https_request("GET", "/dashboard", cookie, NULL,
	    &resp), 303);
	response_free(&resp);
	free(cookie);

	/* Nor is a session of HTTPS one over plain HTTP. */
	{
		struct client	 c;

		client_init(&c);
		client_set_cookie(&c, "__Host-slate_session", token);
		ck_assert_int_eq(client_get(&c, "/dashboard", &resp), 303);
		response_free(&resp);
		client_free(&c);
	}
	free(email);
	free(name);
	free(login);
	free(csrf);
	free(form);
	free(token);
	free(loc);
}
END_TEST

static Suite *
https_suite(void)
{
	Suite	*s = suite_create("https");
	TCase	*tc = itest_tcase("https");

	tcase_add_test(tc, test_https_cookies);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return itest_run(https_suite());
}
