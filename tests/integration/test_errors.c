/* test_errors.c: error pages, request limits, security headers on every response. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <check.h>

#include "client.h"

#define HTML_TYPE	"text/html; charset=utf-8"

/* What an error page must never show. */
static const char *const leaks[] = {
	"ClearSilver", "NEOERR", "Traceback", "SQL", "mysql", "MariaDB",
	"slate-fcgi", ".c:", "errno",
};

/* A header that must be there exactly once; returns its value. */
static char *
one_header(const struct response *resp, const char *name, const char *what)
{
	char	*v;

	ck_assert_msg(response_header_count(resp, name) == 1,
	    "%s: %zu %s headers", what, response_header_count(resp, name),
	    name);
	v = response_header(resp, name);
	ck_assert_ptr_nonnull(v);
	return v;
}

/* The headers every response of the application carries. */
static void
check_security_headers(const struct response *resp, const char *what,
    int html)
{
	static const char *const referrer[] = {
		"no-referrer", "same-origin", "strict-origin",
		"strict-origin-when-cross-origin",
	};
	char	*v;
	size_t	 i;

	v = one_header(resp, "Content-Security-Policy", what);
	ck_assert_msg(strstr(v, "frame-ancestors 'none'") != NULL,
	    "%s: CSP %s", what, v);
	ck_assert_msg(strstr(v, "default-src 'none'") != NULL ||
	    strstr(v, "default-src 'self'") != NULL, "%s: CSP %s", what, v);
	ck_assert_msg(strstr(v, "unsafe-inline") == NULL &&
	    strstr(v, "unsafe-eval") == NULL, "%s: CSP %s", what, v);
	free(v);
	v = one_header(resp, "X-Content-Type-Options", what);
	ck_assert_msg(strcasecmp(v, "nosniff") == 0, "%s: %s", what, v);
	free(v);
	v = one_header(resp, "X-Frame-Options", what);
	ck_assert_msg(strcasecmp(v, "DENY") == 0, "%s: %s", what, v);
	free(v);
	v = one_header(resp, "Referrer-Policy", what);
	for (i = 0; i < sizeof(referrer) / sizeof(referrer[0]); i++)
		if (strcasecmp(v, referrer[i]) == 0)
			break;
	ck_assert_msg(i < sizeof(referrer) / sizeof(referrer[0]),
	    "%s: Referrer-Policy %s", what, v);
	free(v);
	v = one_header(resp, "Cache-Control", what);
	ck_assert_msg(strstr(v, "no-store") != NULL, "%s: Cache-Control %s",
	    what, v);
	free(v);
	if ((v = response_header(resp, "Server")) != NULL) {
		ck_assert_msg(strpbrk(v, "0123456789") == NULL,
		    "%s: Server: %s tells the version", what, v);
		free(v);
	}
	ck_assert_msg(response_header(resp, "X-Powered-By") == NULL,
	    "%s: X-Powered-By", what);
	if (html) {
		v = one_header(resp, "Content-Type", what);
		ck_assert_msg(strcasecmp(v, HTML_TYPE) == 0,
		    "%s: Content-Type %s", what, v);
		free(v);
	}
}

/* An error page of the application's own: status, type, message, no leaks. */
static void
check_error_page(const struct response *resp, long status,
    const char *message, const char *what)
{
	size_t	 i;

	ck_assert_msg(resp->status == status, "%s: %ld, not %ld", what,
	    resp->status, status);
	check_security_headers(resp, what, 1);
	ck_assert_msg(response_contains(resp, message), "%s: no '%s' in %s",
	    what, message, resp->body);
	ck_assert_msg(response_contains(resp, "<!doctype html>"), "%s", what);
	for (i = 0; i < sizeof(leaks) / sizeof(leaks[0]); i++)
		ck_assert_msg(!response_contains(resp, leaks[i]),
		    "%s: the page shows '%s'", what, leaks[i]);
	ck_assert_msg(response_set_cookie(resp, "slate_session") == NULL,
	    "%s: sets a session", what);
}

START_TEST(test_not_found)
{
	static const char *const paths[] = {
		"/nope", "/customers/123/nope", "/login/", "/LOGIN",
		"/dashboard.php",
	};
	struct client	 c;
	struct response	 resp;
	size_t		 i;

	client_init(&c);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		client_get(&c, paths[i], &resp);
		check_error_page(&resp, 404, "There is no such page", paths[i]);
		response_free(&resp);
	}
	client_free(&c);
}
END_TEST

/* Sends method path and checks the 405 and its Allow header. */
static void
not_allowed(struct client *c, const char *method, const char *path,
    const char *allow)
{
	struct response	 resp;
	char		 what[128], *v;

	snprintf(what, sizeof(what), "%s %s", method, path);
	client_request(c, method, path, NULL, NULL, 0, &resp);
	check_error_page(&resp, 405, "does not accept that kind of request",
	    what);
	v = one_header(&resp, "Allow", what);
	ck_assert_msg(strcmp(v, allow) == 0, "%s: Allow: %s, not %s", what, v,
	    allow);
	free(v);
	response_free(&resp);
}

START_TEST(test_method_not_allowed)
{
	struct client	 c;

	client_init(&c);
	not_allowed(&c, "PUT", "/login", "GET, HEAD, POST");
	not_allowed(&c, "DELETE", "/login", "GET, HEAD, POST");
	not_allowed(&c, "GET", "/logout", "POST");
	not_allowed(&c, "DELETE", "/dashboard", "GET, HEAD");
	not_allowed(&c, "PATCH", "/profile/password", "GET, HEAD, POST");
	client_free(&c);
}
END_TEST

START_TEST(test_head)
{
	struct client	 c;
	struct response	 resp;

	struct response	 get;
	char		*len;

	client_init(&c);
	ck_assert_int_eq(client_request(&c, "GET", "/login", NULL, NULL, 0,
	    &get), 200);
	ck_assert_int_eq(client_request(&c, "HEAD", "/login", NULL, NULL, 0,
	    &resp), 200);
	ck_assert_uint_eq(resp.bodylen, 0);
	check_security_headers(&resp, "HEAD /login", 1);
	/* HEAD announces the length GET sends. */
	len = response_header(&resp, "Content-Length");
	ck_assert_ptr_nonnull(len);
	ck_assert_uint_eq(strtoul(len, NULL, 10), get.bodylen);
	free(len);
	response_free(&get);
	response_free(&resp);
	client_free(&c);
}
END_TEST

/* The rows a refused request must not add. */
static long long
rows(void)
{
	return sql_long("SELECT (SELECT COUNT(*) FROM sessions) + "
	    "(SELECT COUNT(*) FROM auth_throttle)");
}

START_TEST(test_body_too_large)
{
	struct client	 c;
	struct response	 resp;
	const char	*pw = "a right password too";
	char		*email, *name, *form, *big;
	size_t		 flen, padlen = 1200 * 1000;
	long long	 before;

	email = itest_email("large");
	name = itest_name("Lars");
	itest_staff_add(email, name, "Clerk", pw);
	client_init(&c);
	ck_assert_int_eq(client_get(&c, "/login", &resp), 200);
	response_free(&resp);
	/* A sign-in that would work, but for its size. */
	form = form_encode("csrf", client_cookie(&c, "slate_login"), "email",
	    email, "password", pw, NULL);
	flen = strlen(form);
	big = malloc(flen + 5 + padlen + 1);
	ck_assert_ptr_nonnull(big);
	memcpy(big, form, flen);
	memcpy(big + flen, "&pad=", 5);
	memset(big + flen + 5, 'a', padlen);
	big[flen + 5 + padlen] = '\0';
	before = rows();
	client_post(&c, "/login", big, &resp);
	check_error_page(&resp, 413, "too large", "a 1.2 MB body");
	ck_assert_ptr_null(client_cookie(&c, "slate_session"));
	ck_assert_int_eq(rows(), before);
	response_free(&resp);

	/* With less padding the same sign-in works. */
	big[flen + 5 + 60000] = '\0';
	ck_assert_int_eq(client_post(&c, "/login", big, &resp), 303);
	ck_assert_ptr_nonnull(client_cookie(&c, "slate_session"));
	response_free(&resp);
	free(big);
	free(form);
	free(email);
	free(name);
	client_free(&c);
	throttle_reset();
}
END_TEST

/*
 * A form of n fields "f<i>" followed by name_len more characters of
 * name, each with a value of value_len characters.
 */
static char *
fields(size_t n, size_t name_len, size_t value_len)
{
	char	*s, *p;
	size_t	 i;

	s = malloc(n * (name_len + value_len + 16) + 1);
	ck_assert_ptr_nonnull(s);
	p = s;
	for (i = 0; i < n; i++) {
		if (i > 0)
			*p++ = '&';
		p += sprintf(p, "f%zu", i);
		if (name_len > 0) {
			memset(p, 'n', name_len);
			p += name_len;
		}
		*p++ = '=';
		memset(p, 'v', value_len);
		p += value_len;
	}
	*p = '\0';
	return s;
}

/* POST /login with body: expect status (and the 413 page for 413). */
static void
post_expect(struct client *c, const char *body, long status, const char *what)
{
	struct response	 resp;

	client_post(c, "/login", body, &resp);
	if (status == 413)
		check_error_page(&resp, 413, "too large", what);
	else
		ck_assert_msg(resp.status == status, "%s: %ld, not %ld",
		    what, resp.status, status);
	response_free(&resp);
}

START_TEST(test_field_limits)
{
	struct client	 c;
	struct response	 resp;
	char		*b, *path;
	long long	 before;

	client_init(&c);
	before = rows();
	/* Within the limits the form is read (and refused for its token). */
	b = fields(200, 0, 1);
	post_expect(&c, b, 403, "200 fields");
	free(b);
	b = fields(201, 0, 1);
	post_expect(&c, b, 413, "201 fields");
	free(b);
	/* "f0" and 126 more: a name of 128 characters, then 129. */
	b = fields(1, 126, 1);
	post_expect(&c, b, 403, "a 128-character name");
	free(b);
	b = fields(1, 127, 1);
	post_expect(&c, b, 413, "a 129-character name");
	free(b);
	b = fields(1, 0, 65536);
	post_expect(&c, b, 403, "a 64 KiB value");
	free(b);
	b = fields(1, 0, 65537);
	post_expect(&c, b, 413, "a value over 64 KiB");
	free(b);
	/* The same limits hold for the query string. */
	b = fields(201, 0, 1);
	ck_assert(asprintf(&path, "/login?%s", b) != -1);
	client_get(&c, path, &resp);
	check_error_page(&resp, 413, "too large", "201 query fields");
	response_free(&resp);
	free(path);
	free(b);
	ck_assert_int_eq(rows(), before);
	client_free(&c);
}
END_TEST

START_TEST(test_bad_requests)
{
	struct client	 c;
	struct response	 resp;
	long long	 before;

	client_init(&c);
	before = rows();
	client_get(&c, "/login?x=%zz", &resp);
	check_error_page(&resp, 400, "could not be understood", "?x=%zz");
	response_free(&resp);
	client_get(&c, "/login?x=%4", &resp);
	check_error_page(&resp, 400, "could not be understood", "?x=%4");
	response_free(&resp);
	client_post(&c, "/login", "email=%zz&password=x", &resp);
	check_error_page(&resp, 400, "could not be understood",
	    "a body with %zz");
	response_free(&resp);

	client_request(&c, "POST", "/login", "text/plain",
	    "email=a@example.com&password=x", 30, &resp);
	check_error_page(&resp, 415, "not sent as a form", "text/plain");
	response_free(&resp);
	client_request(&c, "POST", "/login", "multipart/form-data; boundary=x",
	    "--x--\r\n", 7, &resp);
	check_error_page(&resp, 415, "not sent as a form", "multipart");
	response_free(&resp);
	/* A form type with a charset is still a form. */
	client_request(&c, "POST", "/login",
	    "application/x-www-form-urlencoded; charset=UTF-8", "a=1", 3,
	    &resp);
	ck_assert_int_eq(resp.status, 403);
	response_free(&resp);
	ck_assert_int_eq(rows(), before);
	client_free(&c);
}
END_TEST

START_TEST(test_headers_everywhere)
{
	struct client	 c, s;
	struct response	 resp;
	char		*email, *name;
	const char	*pw = "headers all around";

	client_init(&c);
	ck_assert_int_eq(client_get(&c, "/login", &resp), 200);
	check_security_headers(&resp, "200 /login", 1);
	response_free(&resp);
	ck_assert_int_eq(client_get(&c, "/", &resp) / 100, 3);
	check_security_headers(&resp, "GET /", 0);
	response_free(&resp);
	ck_assert_int_eq(client_get(&c, "/customers", &resp), 303);
	check_security_headers(&resp, "303 /customers", 0);
	response_free(&resp);
	ck_assert_int_eq(client_post(&c, "/login", "email=x", &resp), 403);
	check_security_headers(&resp, "403 /login", 1);
	response_free(&resp);

	/* And on the pages of a session. */
	email = itest_email("headers");
	name = itest_name("Hed");
	itest_staff_add(email, name, "Clerk", pw);
	client_init(&s);
	ck_assert_int_eq(client_sign_in(&s, email, pw, NULL, &resp), 303);
	check_security_headers(&resp, "303 sign-in", 0);
	response_free(&resp);
	ck_assert_int_eq(client_get(&s, "/dashboard", &resp), 200);
	check_security_headers(&resp, "200 /dashboard", 1);
	response_free(&resp);
	ck_assert_int_eq(client_post(&s, "/profile/password", "csrf=x",
	    &resp), 403);
	check_security_headers(&resp, "403 /profile/password", 1);
	response_free(&resp);
	client_free(&s);
	client_free(&c);
	free(email);
	free(name);
}
END_TEST

START_TEST(test_static)
{
	struct client	 c;
	struct response	 resp;
	char		*v;

	client_init(&c);
	ck_assert_int_eq(client_get(&c, "/static/slate.css", &resp), 200);
	v = response_header(&resp, "Content-Type");
	ck_assert_ptr_nonnull(v);
	ck_assert_msg(strncmp(v, "text/css", 8) == 0, "Content-Type: %s", v);
	free(v);
	v = response_header(&resp, "X-Content-Type-Options");
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v, "nosniff");
	free(v);
	ck_assert_uint_gt(resp.bodylen, 0);
	response_free(&resp);
	ck_assert_int_eq(client_get(&c, "/static/no-such.css", &resp), 404);
	response_free(&resp);
	client_free(&c);
}
END_TEST

static Suite *
errors_suite(void)
{
	Suite	*s = suite_create("errors");
	TCase	*tc = itest_tcase("errors");

	tcase_add_test(tc, test_not_found);
	tcase_add_test(tc, test_method_not_allowed);
	tcase_add_test(tc, test_head);
	tcase_add_test(tc, test_body_too_large);
	tcase_add_test(tc, test_field_limits);
	tcase_add_test(tc, test_bad_requests);
	tcase_add_test(tc, test_headers_everywhere);
	tcase_add_test(tc, test_static);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return itest_run(errors_suite());
}
