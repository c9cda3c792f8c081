/* test_password.c: changing one's password: the rules, and what happens to other sessions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "client.h"

#define FAILED_MSG	"The email or password is not right."

/* POSTs a change of password and returns the response. */
static long
change(struct client *c, const char *csrf, const char *current,
    const char *next, const char *confirm, struct response *resp)
{
	char	*form;
	long	 status;

	form = form_encode("csrf", csrf, "current_password", current,
	    "new_password", next, "confirm_password", confirm, NULL);
	status = client_post(c, "/profile/password", form, resp);
	free(form);
	return status;
}

/* A refused change: 422, the form again, the message beside field. */
static void
refused(struct client *c, const char *csrf, const char *current,
    const char *next, const char *confirm, const char *field,
    const char *message)
{
	struct response	 resp;
	char		 id[80];

	ck_assert_int_eq(change(c, csrf, current, next, confirm, &resp), 422);
	snprintf(id, sizeof(id), "<p class=\"field-error\" id=\"%s-error\">",
	    field);
	ck_assert_msg(response_contains(&resp, id), "no error beside %s",
	    field);
	ck_assert_msg(strstr(strstr(resp.body, id), message) != NULL,
	    "the error beside %s is not '%s'", field, message);
	snprintf(id, sizeof(id), "aria-describedby=\"%s-error\"", field);
	ck_assert_msg(response_contains(&resp, id), "the %s field does not "
	    "point to its error", field);
	ck_assert(response_contains(&resp,
	    "<form method=\"post\" action=\"/profile/password\""));
	/* The passwords typed are not sent back. */
	ck_assert_msg(*current == '\0' || !response_contains(&resp, current),
	    "the current password is on the page");
	ck_assert_msg(!response_contains(&resp, next) &&
	    !response_contains(&resp, confirm),
	    "the new password is on the page");
	response_free(&resp);
}

static char *
repeat(char ch, size_t n)
{
	char	*s = malloc(n + 1);

	ck_assert_ptr_nonnull(s);
	memset(s, ch, n);
	s[n] = '\0';
	return s;
}

START_TEST(test_password_rules)
{
	struct client	 c;
	struct response	 resp;
	const char	*pw = "zebra quartz 91 pw";
	char		*email, *name, *csrf, *hash, *after, *too_long;

	email = itest_email("rules");
	name = itest_name("Rui");
	itest_staff_add(email, name, "Clerk", pw);
	hash = sql_str("SELECT password_hash FROM staff WHERE email = '%s'",
	    email);
	client_init(&c);
	client_sign_in_ok(&c, email, pw);
	ck_assert_int_eq(client_get(&c, "/profile/password", &resp), 200);
	csrf = html_input_value(resp.body, "csrf");
	ck_assert_ptr_nonnull(csrf);
	ck_assert(response_contains(&resp, "name=\"current_password\""));
	ck_assert(response_contains(&resp, "name=\"new_password\""));
	ck_assert(response_contains(&resp, "name=\"confirm_password\""));
	response_free(&resp);

	refused(&c, csrf, "not the current one", "a fine new password",
	    "a fine new password", "current_password",
	    "The current password is not right.");
	refused(&c, csrf, "", "a fine new password", "a fine new password",
	    "current_password", "Enter your current password.");
	refused(&c, csrf, pw, "eleven char", "eleven char", "new_password",
	    "at least 12 characters");
	too_long = repeat('x', 257);
	refused(&c, csrf, pw, too_long, too_long, "new_password",
	    "at most 256 characters");
	refused(&c, csrf, pw, "a fine new password", "a fine new passw0rd",
	    "confirm_password", "The two new passwords are not the same.");
	refused(&c, csrf, pw, pw, pw, "new_password",
	    "Choose a password other than the current one.");

	after = sql_str("SELECT password_hash FROM staff WHERE email = '%s'",
	    email);
	ck_assert_str_eq(after, hash);
	ck_assert_int_eq(client_get(&c, "/dashboard", &resp), 200);
	response_free(&resp);
	client_free(&c);
	free(email);
	free(name);
	free(csrf);
	free(hash);
	free(after);
	free(too_long);
}
END_TEST

START_TEST(test_password_change)
{
	struct client	 a, b, c;
	struct response	 resp;
	const char	*pw = "the old password here";
	char		*email, *name, *csrf, *loc, *longpw, *ta;
	size_t		 i;

	email = itest_email("change");
	name = itest_name("Cam");
	itest_staff_add(email, name, "Clerk", pw);
	/* Signed in on two devices; the password is changed on the second. */
	client_init(&a);
	client_init(&b);
	client_sign_in_ok(&a, email, pw);
	client_sign_in_ok(&b, email, pw);
	ta = strdup(client_cookie(&a, "slate_session"));
	csrf = client_session_csrf(&b);

	/* 100 characters, not all of them ASCII. */
	longpw = repeat('p', 100);
	for (i = 0; i < 100; i += 7)
		longpw[i] = (char)('a' + i % 26);
	memcpy(longpw + 40, " w\xc3\xb6rter ", 10);
	ck_assert_int_eq(change(&b, csrf, pw, longpw, longpw, &resp), 303);
	loc = response_header(&resp, "Location");
	ck_assert_str_eq(loc, "/profile/password?changed=1");
	response_free(&resp);
	ck_assert_int_eq(client_get(&b, loc, &resp), 200);
	ck_assert(response_contains(&resp, "Your password was changed."));
	response_free(&resp);

	/* This session goes on; the other one has ended. */
	ck_assert_int_eq(client_get(&b, "/dashboard", &resp), 200);
	response_free(&resp);
	ck_assert_int_eq(client_get(&a, "/dashboard", &resp), 303);
	free(loc);
	loc = response_header(&resp, "Location");
	ck_assert_str_eq(loc, "/login");
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM sessions WHERE "
	    "token_hash = UNHEX(SHA2('%s', 256))", ta), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM sessions s JOIN staff "
	    "st ON st.id = s.staff_id WHERE st.email = '%s'", email), 1);

	/* The old password no longer signs in; the new one does. */
	client_init(&c);
	ck_assert_int_eq(client_sign_in(&c, email, pw, NULL, &resp), 200);
	ck_assert(response_contains(&resp, FAILED_MSG));
	response_free(&resp);
	client_free(&c);
	client_init(&c);
	client_sign_in_ok(&c, email, longpw);
	ck_assert_int_eq(client_get(&c, "/dashboard", &resp), 200);
	response_free(&resp);
	client_free(&c);
	client_free(&a);
	client_free(&b);
	free(email);
	free(name);
	free(csrf);
	free(loc);
	free(longpw);
	free(ta);
	throttle_reset();
}
END_TEST

/* Guessing the current password is throttled like signing in. */
START_TEST(test_current_password_throttled)
{
	struct client	 c;
	const char	*pw = "walnut harbour 77 pw";
	char		*email, *name, *csrf, *hash;
	int		 i;

	email = itest_email("guess");
	name = itest_name("Gus");
	itest_staff_add(email, name, "Clerk", pw);
	hash = sql_str("SELECT password_hash FROM staff WHERE email = '%s'",
	    email);
	client_init(&c);
	client_sign_in_ok(&c, email, pw);
	csrf = client_session_csrf(&c);
	for (i = 0; i < 6; i++)
		refused(&c, csrf, "wrong guess number", "a new long password",
		    "a new long password", "current_password",
		    "The current password is not right.");
	/* Now blocked: even the right current password is refused. */
	refused(&c, csrf, pw, "a new long password", "a new long password",
	    "current_password", "Too many wrong passwords.");
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM staff WHERE "
	    "email = '%s' AND password_hash = '%s'", email, hash), 1);
	throttle_reset();
	free(csrf);
	free(hash);
	client_free(&c);
	free(email);
	free(name);
}
END_TEST

static Suite *
password_suite(void)
{
	Suite	*s = suite_create("password");
	TCase	*tc = itest_tcase("password");

	tcase_add_test(tc, test_password_rules);
	tcase_add_test(tc, test_current_password_throttled);
	tcase_add_test(tc, test_password_change);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return itest_run(password_suite());
}
