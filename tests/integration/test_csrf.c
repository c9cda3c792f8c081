/* test_csrf.c: forms that do not carry the right token change nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "client.h"

#define FORBIDDEN_MSG	"This form has expired or did not come from Slate."

static const char other_token[] =
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

/* What a refused sign-in must leave as it was. */
struct counts {
	long long	 sessions;	/* of the staff member */
	long long	 all_sessions;
	long long	 throttle;
};

static void
count(const char *email, struct counts *n)
{
	n->sessions = sql_long("SELECT COUNT(*) FROM sessions s JOIN staff st "
	    "ON st.id = s.staff_id WHERE st.email = '%s'", email);
	n->all_sessions = sql_long("SELECT COUNT(*) FROM sessions");
	n->throttle = sql_long("SELECT COUNT(*) FROM auth_throttle");
}

/* POST /login with the right password and this form; must be 403 and change nothing. */
static void
login_refused(struct client *c, const char *email, const char *form,
    const char *why)
{
	struct response	 resp;
	struct counts	 before, after;
	char		*type;

	count(email, &before);
	ck_assert_msg(client_post(c, "/login", form, &resp) == 403,
	    "%s: answered %ld", why, resp.status);
	ck_assert_msg(response_contains(&resp, FORBIDDEN_MSG), "%s", why);
	type = response_header(&resp, "Content-Type");
	ck_assert_str_eq(type, "text/html; charset=utf-8");
	ck_assert_msg(response_set_cookie(&resp, "slate_session") == NULL,
	    "%s: a session cookie was set", why);
	ck_assert_ptr_null(client_cookie(c, "slate_session"));
	count(email, &after);
	ck_assert_msg(after.sessions == before.sessions &&
	    after.all_sessions == before.all_sessions,
	    "%s: a session was created", why);
	ck_assert_msg(after.throttle == before.throttle,
	    "%s: the throttle was written", why);
	free(type);
	response_free(&resp);
}

START_TEST(test_login_csrf)
{
	struct client	 c;
	struct response	 resp;
	const char	*pw = "a perfectly good password";
	char		*email, *name, *form;
	const char	*cookie;

	email = itest_email("csrf");
	name = itest_name("Cy");
	itest_staff_add(email, name, "Clerk", pw);
	client_init(&c);
	ck_assert_int_eq(client_get(&c, "/login", &resp), 200);
	response_free(&resp);
	cookie = client_cookie(&c, "slate_login");
	ck_assert_ptr_nonnull(cookie);

	form = form_encode("email", email, "password", pw, NULL);
	login_refused(&c, email, form, "no csrf field");
	free(form);
	form = form_encode("csrf", "", "email", email, "password", pw, NULL);
	login_refused(&c, email, form, "an empty csrf field");
	free(form);
	form = form_encode("csrf", other_token, "email", email, "password",
	    pw, NULL);
	login_refused(&c, email, form, "a wrong csrf field");
	free(form);
	/* The right token with one character changed. */
	{
		char	*near = strdup(cookie);

		near[10] = near[10] == 'a' ? 'b' : 'a';
		form = form_encode("csrf", near, "email", email, "password",
		    pw, NULL);
		login_refused(&c, email, form, "a nearly right csrf field");
		free(form);
		free(near);
	}

	/* A token without its cookie: a form posted from elsewhere. */
	{
		struct client	 bare;
		char		*tok = strdup(cookie);

		client_init(&bare);
		form = form_encode("csrf", tok, "email", email, "password",
		    pw, NULL);
		login_refused(&bare, email, form, "no cookie");
		/* An attacker's own short cookie and field that agree. */
		client_set_cookie(&bare, "slate_login", "abc");
		free(form);
		form = form_encode("csrf", "abc", "email", email, "password",
		    pw, NULL);
		login_refused(&bare, email, form, "a short token");
		free(form);
		client_free(&bare);
		free(tok);
	}

	/* With the right token the same sign-in works. */
	form = form_encode("csrf", cookie, "email", email, "password", pw,
	    NULL);
	ck_assert_int_eq(client_post(&c, "/login", form, &resp), 303);
	ck_assert_ptr_nonnull(client_cookie(&c, "slate_session"));
	response_free(&resp);
	free(form);
	client_free(&c);
	free(email);
	free(name);
}
END_TEST

START_TEST(test_password_csrf)
{
	struct client	 c, check;
	struct response	 resp;
	const char	*pw = "keep this password", *pw2 = "an attacker's choice";
	char		*email, *name, *hash, *after, *form, *csrf;

	email = itest_email("csrfpw");
	name = itest_name("Pat");
	itest_staff_add(email, name, "Clerk", pw);
	hash = sql_str("SELECT password_hash FROM staff WHERE email = '%s'",
	    email);
	ck_assert_ptr_nonnull(hash);
	client_init(&c);
	client_sign_in_ok(&c, email, pw);
	csrf = client_session_csrf(&c);

	form = form_encode("csrf", other_token, "current_password", pw,
	    "new_password", pw2, "confirm_password", pw2, NULL);
	ck_assert_int_eq(client_post(&c, "/profile/password", form, &resp),
	    403);
	ck_assert(response_contains(&resp, FORBIDDEN_MSG));
	response_free(&resp);
	free(form);
	form = form_encode("current_password", pw, "new_password", pw2,
	    "confirm_password", pw2, NULL);
	ck_assert_int_eq(client_post(&c, "/profile/password", form, &resp),
	    403);
	response_free(&resp);
	free(form);
	/* Two csrf fields, the second right: the first one counts. */
	form = form_encode("csrf", other_token, "csrf", csrf,
	    "current_password", pw, "new_password", pw2,
	    "confirm_password", pw2, NULL);
	ck_assert_int_eq(client_post(&c, "/profile/password", form, &resp),
	    403);
	response_free(&resp);
	free(form);

	after = sql_str("SELECT password_hash FROM staff WHERE email = '%s'",
	    email);
	ck_assert_str_eq(after, hash);
	/* The session goes on, and the old password still signs in. */
	ck_assert_int_eq(client_get(&c, "/dashboard", &resp), 200);
	response_free(&resp);
	client_init(&check);
	client_sign_in_ok(&check, email, pw);
	client_free(&check);
	client_free(&c);
	free(email);
	free(name);
	free(hash);
	free(after);
	free(csrf);
}
END_TEST

static Suite *
csrf_suite(void)
{
	Suite	*s = suite_create("csrf");
	TCase	*tc = itest_tcase("csrf");

	tcase_add_test(tc, test_login_csrf);
	tcase_add_test(tc, test_password_csrf);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return itest_run(csrf_suite());
}
