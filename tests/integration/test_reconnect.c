/* test_reconnect.c: workers carry on after their database connections are cut. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "client.h"

/*
 * Kills every connection to the instance's database but the one doing
 * it: the workers' connections, as a restart of MariaDB would. Returns
 * how many there were.
 */
static int
kill_workers(void)
{
	const char	*db = getenv("SLATE_DB_NAME");
	long long	 last = 0;
	char		*id, *end;
	int		 n = 0;

	if (db == NULL || *db == '\0')
		db = "slate";
	ck_assert(sql_plain(db));
	for (;;) {
		id = sql_str("SELECT MIN(ID) FROM information_schema.PROCESSLIST "
		    "WHERE DB = '%s' AND ID <> CONNECTION_ID() AND ID > %lld",
		    db, last);
		if (id == NULL || *id == '\0') {
			free(id);
			break;
		}
		last = strtoll(id, &end, 10);
		ck_assert(*end == '\0' && last > 0);
		/* One of our own closed connections may be gone already. */
		if (sql_try("KILL CONNECTION %lld", last) == 0)
			n++;
		free(id);
	}
	return n;
}

static void
dashboard_ok(struct client *c, const char *what)
{
	struct response	 resp;

	client_get(c, "/dashboard", &resp);
	ck_assert_msg(resp.status == 200, "%s: GET /dashboard answered %ld",
	    what, resp.status);
	response_free(&resp);
}

START_TEST(test_session_read_after_kill)
{
	struct client	 c;
	const char	*pw = "connections come and go";
	char		*email, *name, what[64];
	int		 i;

	email = itest_email("reconnect");
	name = itest_name("Rex");
	itest_staff_add(email, name, "Clerk", pw);
	client_init(&c);
	client_sign_in_ok(&c, email, pw);
	for (i = 0; i < 4; i++)
		dashboard_ok(&c, "before");
	/* Old enough to be marked as seen again: a read, then a write. */
	sql_exec("UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(6) - "
	    "INTERVAL 20 SECOND WHERE token_hash = UNHEX(SHA2('%s', 256))",
	    client_cookie(&c, "slate_session"));
	ck_assert_int_ge(kill_workers(), 1);
	for (i = 0; i < 8; i++) {
		snprintf(what, sizeof(what), "request %d after the kill", i + 1);
		dashboard_ok(&c, what);
	}
	ck_assert_int_le(sql_long("SELECT TIMESTAMPDIFF(SECOND, last_seen_at, "
	    "UTC_TIMESTAMP(6)) FROM sessions WHERE token_hash = "
	    "UNHEX(SHA2('%s', 256))", client_cookie(&c, "slate_session")), 5);
	client_free(&c);
	free(email);
	free(name);
}
END_TEST

START_TEST(test_sign_out_after_kill)
{
	struct client	 c;
	struct response	 resp;
	const char	*pw = "signing out regardless";
	char		*email, *name, *csrf, *form, *tok;

	email = itest_email("reconnect");
	name = itest_name("Rae");
	itest_staff_add(email, name, "Clerk", pw);
	client_init(&c);
	client_sign_in_ok(&c, email, pw);
	tok = strdup(client_cookie(&c, "slate_session"));
	csrf = client_session_csrf(&c);
	ck_assert_int_ge(kill_workers(), 1);
	/* The session is read again on a new connection, then deleted. */
	form = form_encode("csrf", csrf, NULL);
	ck_assert_int_eq(client_post(&c, "/logout", form, &resp), 303);
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM sessions WHERE "
	    "token_hash = UNHEX(SHA2('%s', 256))", tok), 0);
	client_free(&c);
	free(email);
	free(name);
	free(csrf);
	free(form);
	free(tok);
}
END_TEST

START_TEST(test_sign_in_after_kill)
{
	struct client	 c;
	struct response	 resp;
	const char	*pw = "back in business";
	char		*email, *name;
	int		 killed;

	email = itest_email("reconnect");
	name = itest_name("Ray");
	itest_staff_add(email, name, "Clerk", pw);
	killed = kill_workers();
	ck_assert_int_ge(killed, 1);
	/*
	 * A sign-in is a transaction that has written nothing when it
	 * meets the lost connection at its start: the worker reconnects
	 * and the sign-in goes through the first time.
	 */
	client_init(&c);
	ck_assert_int_eq(client_sign_in(&c, email, pw, NULL, &resp), 303);
	ck_assert_ptr_nonnull(client_cookie(&c, "slate_session"));
	response_free(&resp);
	client_free(&c);
	free(email);
	free(name);
}
END_TEST

static Suite *
reconnect_suite(void)
{
	Suite	*s = suite_create("reconnect");
	TCase	*tc = itest_tcase("reconnect");

	tcase_add_test(tc, test_session_read_after_kill);
	tcase_add_test(tc, test_sign_out_after_kill);
	tcase_add_test(tc, test_sign_in_after_kill);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return itest_run(reconnect_suite());
}
