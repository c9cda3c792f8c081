/* test_session.c: session timeouts, signing out, disabled staff, a password that must change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "client.h"

#define FAILED_MSG	"The email or password is not right."

/* A Clerk signed in on a new client; *email is new. */
static void
signed_in(struct client *c, char **email, const char *password)
{
	char	*name;

	*email = itest_email("session");
	name = itest_name("Sam");
	itest_staff_add(*email, name, "Clerk", password);
	free(name);
	client_init(c);
	client_sign_in_ok(c, *email, password);
}

/* The number of session rows of this client's token. */
static long long
session_rows(const struct client *c)
{
	const char	*tok = client_cookie(c, "slate_session");

	ck_assert_ptr_nonnull(tok);
	ck_assert(sql_plain(tok));
	return sql_long("SELECT COUNT(*) FROM sessions WHERE token_hash = "
	    "UNHEX(SHA2('%s', 256))", tok);
}

/* Changes the times of this client's session row. */
static void
session_times(const struct client *c, const char *set)
{
	const char	*tok = client_cookie(c, "slate_session");

	ck_assert_ptr_nonnull(tok);
	sql_exec("UPDATE sessions SET %s WHERE token_hash = "
	    "UNHEX(SHA2('%s', 256))", set, tok);
}

/* GET path must answer 303 to where. */
static void
expect_redirect(struct client *c, const char *path, const char *where)
{
	struct response	 resp;
	char		*loc;

	ck_assert_int_eq(client_get(c, path, &resp), 303);
	loc = response_header(&resp, "Location");
	ck_assert_ptr_nonnull(loc);
	ck_assert_msg(strcmp(loc, where) == 0, "GET %s went to %s, not %s",
	    path, loc, where);
	free(loc);
	response_free(&resp);
}

static void
expect_ok(struct client *c, const char *path)
{
	struct response	 resp;

	ck_assert_int_eq(client_get(c, path, &resp), 200);
	response_free(&resp);
}

START_TEST(test_idle_timeout)
{
	struct client	 c;
	char		*email;

	signed_in(&c, &email, "idle for too long");
	expect_ok(&c, "/dashboard");
	ck_assert_int_eq(session_rows(&c), 1);
	session_times(&c, "last_seen_at = UTC_TIMESTAMP(6) - INTERVAL 31 "
	    "MINUTE");
	expect_redirect(&c, "/dashboard", "/login");
	ck_assert_int_eq(session_rows(&c), 0);
	/* It stays gone, even if the client keeps the cookie. */
	expect_redirect(&c, "/customers", "/login?next=/customers");
	client_free(&c);
	free(email);
}
END_TEST

START_TEST(test_absolute_timeout)
{
	struct client	 c;
	char		*email;

	signed_in(&c, &email, "a very long day");
	/* Busy all along, but signed in for 13 hours. */
	session_times(&c, "created_at = UTC_TIMESTAMP(6) - INTERVAL 13 HOUR, "
	    "last_seen_at = UTC_TIMESTAMP(6)");
	expect_redirect(&c, "/dashboard", "/login");
	ck_assert_int_eq(session_rows(&c), 0);
	client_free(&c);
	free(email);
}
END_TEST

START_TEST(test_within_timeouts)
{
	struct client	 c;
	char		*email;

	signed_in(&c, &email, "still here, still here");
	session_times(&c, "created_at = UTC_TIMESTAMP(6) - INTERVAL 11 HOUR, "
	    "last_seen_at = UTC_TIMESTAMP(6) - INTERVAL 29 MINUTE");
	expect_ok(&c, "/dashboard");
	ck_assert_int_eq(session_rows(&c), 1);
	/* Using it marks it as seen now, so the idle time starts again. */
	ck_assert_int_le(sql_long("SELECT TIMESTAMPDIFF(SECOND, last_seen_at, "
	    "UTC_TIMESTAMP(6)) FROM sessions WHERE token_hash = "
	    "UNHEX(SHA2('%s', 256))", client_cookie(&c, "slate_session")), 5);
	session_times(&c, "last_seen_at = last_seen_at - INTERVAL 20 MINUTE");
	expect_ok(&c, "/dashboard");
	expect_ok(&c, "/customers");
	client_free(&c);
	free(email);
}
END_TEST

START_TEST(test_sign_out)
{
	struct client	 c, old;
	struct response	 resp;
	char		*email, *csrf, *form, *loc, *sc, *tok;

	signed_in(&c, &email, "time to go home now");
	tok = strdup(client_cookie(&c, "slate_session"));
	csrf = client_session_csrf(&c);
	form = form_encode("csrf", csrf, NULL);
	ck_assert_int_eq(client_post(&c, "/logout", form, &resp), 303);
	loc = response_header(&resp, "Location");
	ck_assert_str_eq(loc, "/login");
	sc = response_set_cookie(&resp, "slate_session");
	ck_assert_ptr_nonnull(sc);
	ck_assert_msg(cookie_has_attr(sc, "Max-Age=0"), "%s", sc);
	ck_assert_msg(strncmp(sc, "slate_session=;", 15) == 0, "%s", sc);
	ck_assert_ptr_null(client_cookie(&c, "slate_session"));
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM sessions WHERE "
	    "token_hash = UNHEX(SHA2('%s', 256))", tok), 0);

	/* A copy of the old cookie is worth nothing now. */
	client_init(&old);
	client_set_cookie(&old, "slate_session", tok);
	expect_redirect(&old, "/dashboard", "/login");
	ck_assert_int_eq(client_post(&old, "/logout", form, &resp), 303);
	response_free(&resp);
	ck_assert_int_eq(client_get(&old, "/profile/password", &resp), 303);
	response_free(&resp);
	client_free(&old);
	free(email);
	free(csrf);
	free(form);
	free(loc);
	free(sc);
	free(tok);
	client_free(&c);
}
END_TEST

START_TEST(test_sign_out_needs_csrf)
{
	struct client	 c, other;
	struct response	 resp;
	char		*email, *csrf, *other_csrf, *form;
	static const char wrong[] =
	    "0000000000000000000000000000000000000000000000000000000000000000";

	signed_in(&c, &email, "do not sign me out");
	csrf = client_session_csrf(&c);
	ck_assert_int_eq(client_post(&c, "/logout", "", &resp), 403);
	ck_assert(response_contains(&resp, "Nothing was changed"));
	ck_assert_ptr_null(response_set_cookie(&resp, "slate_session"));
	response_free(&resp);
	form = form_encode("csrf", wrong, NULL);
	ck_assert_int_eq(client_post(&c, "/logout", form, &resp), 403);
	response_free(&resp);
	free(form);

	/* Another session's token, even of the same person, is not this one's. */
	client_init(&other);
	client_sign_in_ok(&other, email, "do not sign me out");
	other_csrf = client_session_csrf(&other);
	ck_assert_str_ne(other_csrf, csrf);
	form = form_encode("csrf", other_csrf, NULL);
	ck_assert_int_eq(client_post(&c, "/logout", form, &resp), 403);
	response_free(&resp);
	free(form);

	ck_assert_int_eq(session_rows(&c), 1);
	ck_assert_int_eq(session_rows(&other), 1);
	expect_ok(&c, "/dashboard");
	expect_ok(&other, "/dashboard");
	client_free(&other);
	client_free(&c);
	free(email);
	free(csrf);
	free(other_csrf);
}
END_TEST

START_TEST(test_disabled_staff)
{
	struct client	 c, again;
	struct response	 resp;
	const char	*pw = "soon to be disabled";
	char		*email;

	signed_in(&c, &email, pw);
	expect_ok(&c, "/dashboard");
	sql_exec("UPDATE staff SET disabled = 1 WHERE email = '%s'", email);
	expect_redirect(&c, "/dashboard", "/login");
	ck_assert_int_eq(session_rows(&c), 0);

	client_init(&again);
	ck_assert_int_eq(client_sign_in(&again, email, pw, NULL, &resp), 200);
	ck_assert(response_contains(&resp, FAILED_MSG));
	ck_assert_ptr_null(response_set_cookie(&resp, "slate_session"));
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM sessions s JOIN staff "
	    "st ON st.id = s.staff_id WHERE st.email = '%s'", email), 0);

	/* Enabled again, the same password works. */
	sql_exec("UPDATE staff SET disabled = 0 WHERE email = '%s'", email);
	client_free(&again);
	client_init(&again);
	client_sign_in_ok(&again, email, pw);
	expect_ok(&again, "/dashboard");
	client_free(&again);
	client_free(&c);
	free(email);
	throttle_reset();
}
END_TEST

START_TEST(test_must_change_password)
{
	struct client	 c;
	struct response	 resp;
	const char	*pw = "the first password", *pw2 = "a brand new password";
	char		*email, *name, *loc, *csrf, *form;

	email = itest_email("mustchange");
	name = itest_name("Mo");
	itest_staff_add(email, name, "Clerk", pw);
	sql_exec("UPDATE staff SET must_change_password = 1 WHERE email = "
	    "'%s'", email);
	client_init(&c);
	ck_assert_int_eq(client_sign_in(&c, email, pw, "/customers", &resp),
	    303);
	loc = response_header(&resp, "Location");
	ck_assert_str_eq(loc, "/profile/password");
	ck_assert_ptr_nonnull(client_cookie(&c, "slate_session"));
	response_free(&resp);
	expect_redirect(&c, "/dashboard", "/profile/password");
	expect_redirect(&c, "/customers", "/profile/password");

	ck_assert_int_eq(client_get(&c, "/profile/password", &resp), 200);
	ck_assert(response_contains(&resp,
	    "Choose a new password before you go on."));
	csrf = html_input_value(resp.body, "csrf");
	ck_assert_ptr_nonnull(csrf);
	response_free(&resp);
	form = form_encode("csrf", csrf, "current_password", pw,
	    "new_password", pw2, "confirm_password", pw2, NULL);
	ck_assert_int_eq(client_post(&c, "/profile/password", form, &resp),
	    303);
	free(loc);
	loc = response_header(&resp, "Location");
	ck_assert_str_eq(loc, "/profile/password?changed=1");
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT must_change_password FROM staff "
	    "WHERE email = '%s'", email), 0);
	expect_ok(&c, "/dashboard");
	expect_ok(&c, "/customers");
	client_free(&c);
	free(email);
	free(name);
	free(loc);
	free(csrf);
	free(form);
}
END_TEST

static Suite *
session_suite(void)
{
	Suite	*s = suite_create("session");
	TCase	*tc = itest_tcase("session");

	tcase_add_test(tc, test_idle_timeout);
	tcase_add_test(tc, test_absolute_timeout);
	tcase_add_test(tc, test_within_timeouts);
	tcase_add_test(tc, test_sign_out);
	tcase_add_test(tc, test_sign_out_needs_csrf);
	tcase_add_test(tc, test_disabled_staff);
	tcase_add_test(tc, test_must_change_password);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return itest_run(session_suite());
}
