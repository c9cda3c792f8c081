/* test_login.c: the sign-in form, signing in and failing to, tokens, where to go next. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "client.h"

#define FAILED_MSG	"The email or password is not right."

static int
is_hex64(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return i == 64;
}

/* A staff member to sign in as; the strings are new. */
static void
make_staff(const char *what, char **email, char **name, const char *password)
{
	*email = itest_email(what);
	*name = itest_name("Ida");
	itest_staff_add(*email, *name, "Clerk", password);
}

/* The cookie a response sets, checked for the flags every cookie of ours has over HTTP. */
static char *
plain_http_cookie(const struct response *resp, const char *name)
{
	char	 host[80];
	char	*sc;

	snprintf(host, sizeof(host), "__Host-%s", name);
	ck_assert_msg(response_set_cookie(resp, host) == NULL,
	    "the __Host- prefix is for HTTPS only");
	sc = response_set_cookie(resp, name);
	ck_assert_msg(sc != NULL, "no Set-Cookie for %s", name);
	ck_assert_msg(cookie_has_attr(sc, "HttpOnly"), "%s", sc);
	ck_assert_msg(cookie_has_attr(sc, "SameSite=Lax"), "%s", sc);
	ck_assert_msg(cookie_has_attr(sc, "Path=/"), "%s", sc);
	ck_assert_msg(!cookie_has_attr(sc, "Secure"),
	    "Secure over plain HTTP: %s", sc);
	ck_assert_msg(!cookie_has_attr(sc, "Domain"), "%s", sc);
	return sc;
}

START_TEST(test_login_form)
{
	struct client	 c;
	struct response	 resp;
	char		*sc, *csrf, *type, *again;
	const char	*cookie;

	client_init(&c);
	ck_assert_int_eq(client_get(&c, "/login", &resp), 200);
	type = response_header(&resp, "Content-Type");
	ck_assert_str_eq(type, "text/html; charset=utf-8");
	sc = plain_http_cookie(&resp, "slate_login");
	ck_assert_msg(!cookie_has_attr(sc, "Max-Age") &&
	    !cookie_has_attr(sc, "Expires"), "not a session cookie: %s", sc);
	cookie = client_cookie(&c, "slate_login");
	ck_assert_ptr_nonnull(cookie);
	ck_assert_msg(is_hex64(cookie), "token '%s'", cookie);
	csrf = html_input_value(resp.body, "csrf");
	ck_assert_ptr_nonnull(csrf);
	ck_assert_str_eq(csrf, cookie);
	ck_assert(response_contains(&resp, "action=\"/login\""));
	ck_assert(response_contains(&resp, "name=\"password\""));
	ck_assert(response_contains(&resp, "type=\"password\""));
	response_free(&resp);

	/* The form's token stays the same while the cookie is there. */
	ck_assert_int_eq(client_get(&c, "/login", &resp), 200);
	again = html_input_value(resp.body, "csrf");
	ck_assert_str_eq(again, csrf);
	ck_assert_str_eq(client_cookie(&c, "slate_login"), csrf);
	free(again);
	response_free(&resp);

	/* Another visitor gets another token. */
	client_free(&c);
	client_init(&c);
	ck_assert_int_eq(client_get(&c, "/login", &resp), 200);
	ck_assert_str_ne(client_cookie(&c, "slate_login"), csrf);
	response_free(&resp);
	free(type);
	free(sc);
	free(csrf);
	client_free(&c);
}
END_TEST

START_TEST(test_sign_in)
{
	struct client	 c;
	struct response	 resp;
	char		*email, *name, *store, *sc, *loc, *cleared;
	const char	*tok;
	const char	*pw = "correct horse battery";

	make_staff("signin", &email, &name, pw);
	client_init(&c);
	ck_assert_int_eq(client_sign_in(&c, email, pw, NULL, &resp), 303);
	loc = response_header(&resp, "Location");
	ck_assert_str_eq(loc, "/dashboard");
	sc = plain_http_cookie(&resp, "slate_session");
	ck_assert_msg(!cookie_has_attr(sc, "Max-Age") &&
	    !cookie_has_attr(sc, "Expires"), "not a session cookie: %s", sc);
	tok = client_cookie(&c, "slate_session");
	ck_assert_ptr_nonnull(tok);
	ck_assert_msg(is_hex64(tok), "session token '%s'", tok);
	/* The sign-in form's token has done its job. */
	cleared = response_set_cookie(&resp, "slate_login");
	ck_assert_ptr_nonnull(cleared);
	ck_assert(cookie_has_attr(cleared, "Max-Age=0"));
	ck_assert_ptr_null(client_cookie(&c, "slate_login"));
	response_free(&resp);

	store = sql_str("SELECT so.name FROM staff st JOIN staff_stores ss "
	    "ON ss.staff_id = st.id JOIN stores so ON so.id = ss.store_id "
	    "WHERE st.email = '%s' ORDER BY so.id LIMIT 1", email);
	ck_assert_ptr_nonnull(store);
	ck_assert_int_eq(client_get(&c, "/dashboard", &resp), 200);
	ck_assert_msg(response_contains(&resp, name), "no '%s' on the "
	    "dashboard", name);
	ck_assert_msg(response_contains(&resp, store), "no '%s' on the "
	    "dashboard", store);
	ck_assert(response_contains(&resp, "action=\"/logout\""));
	response_free(&resp);

	/* Signed in, the sign-in page sends one on. */
	ck_assert_int_eq(client_get(&c, "/login", &resp), 303);
	free(loc);
	loc = response_header(&resp, "Location");
	ck_assert_str_eq(loc, "/dashboard");
	response_free(&resp);

	/* The email is not case sensitive. */
	client_free(&c);
	client_init(&c);
	{
		char	*upper = strdup(email);
		size_t	 i;

		for (i = 0; upper[i] != '\0'; i++)
			upper[i] = (char)toupper((unsigned char)upper[i]);
		ck_assert_int_eq(client_sign_in(&c, upper, pw, NULL, NULL),
		    303);
		free(upper);
	}
	client_free(&c);
	free(email);
	free(name);
	free(store);
	free(sc);
	free(loc);
	free(cleared);
}
END_TEST

/* The administrator the instance was seeded with can sign in. */
START_TEST(test_seeded_admin)
{
	struct client	 c;
	struct response	 resp;
	const char	*email = getenv("SLATE_ADMIN_EMAIL");
	const char	*pw = getenv("SLATE_ADMIN_PASSWORD");

	ck_assert_msg(email != NULL && *email != '\0' && pw != NULL &&
	    *pw != '\0', "SLATE_ADMIN_EMAIL and SLATE_ADMIN_PASSWORD are "
	    "not set");
	client_init(&c);
	client_sign_in_ok(&c, email, pw);
	ck_assert_int_eq(client_get(&c, "/dashboard", &resp), 200);
	ck_assert(response_contains(&resp, " as Administrator."));
	response_free(&resp);
	client_free(&c);
}
END_TEST

/* Checks that the database holds only the SHA-256 of a session token. */
static void
check_token_stored_hashed(const char *tok, const char *email)
{
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM sessions s JOIN staff "
	    "st ON st.id = s.staff_id WHERE st.email = '%s' AND s.token_hash "
	    "= UNHEX(SHA2('%s', 256))", email, tok), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM sessions WHERE "
	    "token_hash = UNHEX('%s') OR LOCATE(LOWER('%s'), "
	    "LOWER(CONCAT(HEX(token_hash), csrf_token, client_addr))) > 0",
	    tok, tok), 0);
}

START_TEST(test_tokens)
{
	struct client	 a, b;
	char		*email, *name, *ta, *tb, *hex;
	const char	*pw = "two tokens please";

	make_staff("tokens", &email, &name, pw);
	client_init(&a);
	client_init(&b);
	client_sign_in_ok(&a, email, pw);
	client_sign_in_ok(&b, email, pw);
	ta = strdup(client_cookie(&a, "slate_session"));
	tb = strdup(client_cookie(&b, "slate_session"));
	ck_assert_str_ne(ta, tb);
	check_token_stored_hashed(ta, email);
	check_token_stored_hashed(tb, email);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM sessions s JOIN staff "
	    "st ON st.id = s.staff_id WHERE st.email = '%s'", email), 2);
	hex = sql_str("SELECT LOWER(HEX(token_hash)) FROM sessions WHERE "
	    "token_hash = UNHEX(SHA2('%s', 256))", ta);
	ck_assert_ptr_nonnull(hex);
	ck_assert_uint_eq(strlen(hex), 64);
	ck_assert_str_ne(hex, ta);

	/* Signing in again while signed in elsewhere makes a third token. */
	client_free(&b);
	client_init(&b);
	client_sign_in_ok(&b, email, pw);
	ck_assert_str_ne(client_cookie(&b, "slate_session"), ta);
	ck_assert_str_ne(client_cookie(&b, "slate_session"), tb);
	client_free(&a);
	client_free(&b);
	free(email);
	free(name);
	free(ta);
	free(tb);
	free(hex);
}
END_TEST

static double
quicker(double a, double b)
{
	return a < b ? a : b;
}

/* One failed sign-in: 200, the one message, no session. Returns the seconds it took. */
static double
sign_in_fails(const char *email, const char *password)
{
	struct client	 c;
	struct response	 resp;
	char		*sc, *shown;
	double		 t;

	client_init(&c);
	ck_assert_int_eq(client_sign_in(&c, email, password, NULL, &resp),
	    200);
	ck_assert_msg(response_contains(&resp, FAILED_MSG), "%s", resp.body);
	sc = response_set_cookie(&resp, "slate_session");
	ck_assert_msg(sc == NULL, "a failed sign-in set %s", sc);
	ck_assert_ptr_null(client_cookie(&c, "slate_session"));
	/* The form comes back with the email, never the password. */
	shown = html_input_value(resp.body, "email");
	ck_assert_ptr_nonnull(shown);
	ck_assert_str_eq(shown, email);
	ck_assert_msg(!response_contains(&resp, password),
	    "the password is on the page");
	ck_assert_ptr_nonnull(strstr(resp.body, "name=\"csrf\""));
	t = resp.seconds;
	free(shown);
	response_free(&resp);
	client_free(&c);
	return t;
}

START_TEST(test_sign_in_failure)
{
	char	*email, *name, *unknown;
	double	 wrong, nobody, lo, hi;
	const char *pw = "the right password";

	make_staff("failure", &email, &name, pw);
	unknown = itest_email("nobody");
	wrong = sign_in_fails(email, "not the right password");
	nobody = sign_in_fails(unknown, "not the right password");
	/* A second go of each: the quicker one counts. */
	wrong = quicker(wrong, sign_in_fails(email, "still not it at all"));
	nobody = quicker(nobody, sign_in_fails(unknown, "still not it at all"));
	ck_assert_msg(wrong >= 0.05, "a wrong password took %.3f s", wrong);
	ck_assert_msg(nobody >= 0.05, "an unknown email took %.3f s: no key "
	    "derivation?", nobody);
	lo = wrong < nobody ? wrong : nobody;
	hi = wrong < nobody ? nobody : wrong;
	ck_assert_msg(hi < lo * 3 + 0.05, "wrong password %.3f s, unknown "
	    "email %.3f s: they can be told apart", wrong, nobody);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM sessions s JOIN staff "
	    "st ON st.id = s.staff_id WHERE st.email = '%s'", email), 0);

	/* Empty fields are asked for, not counted as failures. */
	{
		struct client	 c;
		struct response	 resp;

		client_init(&c);
		ck_assert_int_eq(client_sign_in(&c, email, "", NULL, &resp),
		    200);
		ck_assert(response_contains(&resp,
		    "Enter your email and password."));
		ck_assert_ptr_null(client_cookie(&c, "slate_session"));
		response_free(&resp);
		client_free(&c);
	}
	throttle_reset();
	free(email);
	free(name);
	free(unknown);
}
END_TEST

/* Signs in with next and returns where the server sends the new session. */
static char *
sign_in_next(const char *email, const char *pw, const char *next)
{
	struct client	 c;
	struct response	 resp;
	char		*loc;

	client_init(&c);
	ck_assert_int_eq(client_sign_in(&c, email, pw, next, &resp), 303);
	ck_assert_ptr_nonnull(client_cookie(&c, "slate_session"));
	loc = response_header(&resp, "Location");
	ck_assert_ptr_nonnull(loc);
	response_free(&resp);
	client_free(&c);
	return loc;
}

START_TEST(test_next)
{
	struct client	 c;
	struct response	 resp;
	char		*email, *name, *loc, *next;
	const char	*pw = "going somewhere next";
	static const char *const away[] = {
		"//evil.example", "//evil.example/customers",
		"http://evil.example/", "/\\evil.example",
	};
	size_t		 i;

	make_staff("next", &email, &name, pw);
	client_init(&c);
	ck_assert_int_eq(client_get(&c, "/customers", &resp), 303);
	loc = response_header(&resp, "Location");
	ck_assert_str_eq(loc, "/login?next=/customers");
	response_free(&resp);
	free(loc);
	/* Without a session the dashboard needs no note of it. */
	ck_assert_int_eq(client_get(&c, "/dashboard", &resp), 303);
	loc = response_header(&resp, "Location");
	ck_assert_str_eq(loc, "/login");
	response_free(&resp);
	free(loc);
	ck_assert_int_eq(client_get(&c, "/login?next=/customers", &resp), 200);
	next = html_input_value(resp.body, "next");
	ck_assert_ptr_nonnull(next);
	ck_assert_str_eq(next, "/customers");
	response_free(&resp);
	free(next);
	client_free(&c);

	loc = sign_in_next(email, pw, "/customers");
	ck_assert_str_eq(loc, "/customers");
	free(loc);
	for (i = 0; i < sizeof(away) / sizeof(away[0]); i++) {
		loc = sign_in_next(email, pw, away[i]);
		ck_assert_msg(strcmp(loc, "/dashboard") == 0,
		    "next=%s went to %s", away[i], loc);
		free(loc);
	}
	free(email);
	free(name);
}
END_TEST

START_TEST(test_escaping)
{
	struct client	 c;
	struct response	 resp;
	const char	*evil = "\"><script>alert(1)</script>@x.com";
	char		*q, *path;

	client_init(&c);
	q = curl_easy_escape(NULL, evil, 0);
	ck_assert(asprintf(&path, "/login?email=%s", q) != -1);
	ck_assert_int_eq(client_get(&c, path, &resp), 200);
	ck_assert_msg(!response_contains(&resp, "<script>"),
	    "the email came back unescaped");
	ck_assert(response_contains(&resp,
	    "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@x.com"));
	response_free(&resp);
	curl_free(q);
	free(path);

	ck_assert_int_eq(client_sign_in(&c, evil, "whatever it is here",
	    NULL, &resp), 200);
	ck_assert(response_contains(&resp, FAILED_MSG));
	ck_assert_msg(!response_contains(&resp, "<script>"),
	    "the email came back unescaped");
	ck_assert(response_contains(&resp,
	    "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@x.com"));
	response_free(&resp);
	client_free(&c);
	throttle_reset();
}
END_TEST

static Suite *
login_suite(void)
{
	Suite	*s = suite_create("login");
	TCase	*tc = itest_tcase("login");

	tcase_add_test(tc, test_login_form);
	tcase_add_test(tc, test_sign_in);
	tcase_add_test(tc, test_seeded_admin);
	tcase_add_test(tc, test_tokens);
	tcase_add_test(tc, test_sign_in_failure);
	tcase_add_test(tc, test_next);
	tcase_add_test(tc, test_escaping);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return itest_run(login_suite());
}
