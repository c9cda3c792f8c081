/* test_throttle.c: slowing down failed sign-ins, per account and per address. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include "client.h"

#define FAILED_MSG	"The email or password is not right."
#define THROTTLED_MSG	"Too many failed sign-ins"

/* The free failures of throttle.h: per email, per client address. */
#define EMAIL_FREE	5
#define ADDR_FREE	20

/* A sign-in that must fail the ordinary way. */
static void
fails(const char *email, const char *password)
{
	struct client	 c;
	struct response	 resp;

	client_init(&c);
	ck_assert_msg(client_sign_in(&c, email, password, NULL, &resp) == 200,
	    "%s: answered %ld, not 200", email, resp.status);
	ck_assert(response_contains(&resp, FAILED_MSG));
	ck_assert_ptr_null(response_set_cookie(&resp, "slate_session"));
	response_free(&resp);
	client_free(&c);
}

/* A sign-in that must be refused for now; returns the seconds to wait. */
static long
throttled(const char *email, const char *password)
{
	struct client	 c;
	struct response	 resp;
	char		*after, *type, *end;
	long		 wait;

	client_init(&c);
	ck_assert_msg(client_sign_in(&c, email, password, NULL, &resp) == 429,
	    "%s: answered %ld, not 429", email, resp.status);
	ck_assert(response_contains(&resp, THROTTLED_MSG));
	ck_assert_ptr_null(response_set_cookie(&resp, "slate_session"));
	ck_assert_ptr_null(client_cookie(&c, "slate_session"));
	type = response_header(&resp, "Content-Type");
	ck_assert_str_eq(type, "text/html; charset=utf-8");
	after = response_header(&resp, "Retry-After");
	ck_assert_msg(after != NULL, "no Retry-After");
	ck_assert_msg(isdigit((unsigned char)after[0]), "Retry-After: %s",
	    after);
	wait = strtol(after, &end, 10);
	ck_assert_msg(*end == '\0' && wait >= 1 && wait <= 60,
	    "Retry-After: %s", after);
	/* The page says the same as the header. */
	{
		char	 says[64];

		snprintf(says, sizeof(says), "Wait %ld seconds", wait);
		ck_assert_msg(response_contains(&resp, says), "no '%s'", says);
	}
	free(after);
	free(type);
	response_free(&resp);
	client_free(&c);
	return wait;
}

static long long
failures_of(const char *kind, const char *value)
{
	char	*n;
	long long v;

	n = sql_str("SELECT failures FROM auth_throttle WHERE key_hash = "
	    "UNHEX(SHA2('%s:%s', 256))", kind, value);
	if (n == NULL)
		return 0;
	v = strtoll(n, NULL, 10);
	free(n);
	return v;
}

static void
sleep_seconds(double s)
{
	struct timespec	 ts;

	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) == -1)
		;
}

START_TEST(test_throttle_email)
{
	struct client	 c;
	const char	*pw = "the one right password";
	char		*email, *name, *other, *oname;
	int		 i;

	email = itest_email("throttle");
	name = itest_name("Tom");
	other = itest_email("bystander");
	oname = itest_name("Bea");
	itest_staff_add(email, name, "Clerk", pw);
	itest_staff_add(other, oname, "Clerk", pw);

	for (i = 0; i < EMAIL_FREE; i++)
		fails(email, "a wrong password");
	/* The failure after the free ones is what starts the delays. */
	fails(email, "a wrong password");
	ck_assert_int_eq(failures_of("email", email), EMAIL_FREE + 1);
	throttled(email, "a wrong password");
	/* Even the right password is refused while the block lasts. */
	throttled(email, pw);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM sessions s JOIN staff "
	    "st ON st.id = s.staff_id WHERE st.email = '%s'", email), 0);
	/* Refused attempts are not counted as failures. */
	ck_assert_int_eq(failures_of("email", email), EMAIL_FREE + 1);
	ck_assert_int_eq(failures_of("addr", "127.0.0.1"), EMAIL_FREE + 1);

	/* Other accounts are not held up. */
	client_init(&c);
	client_sign_in_ok(&c, other, pw);
	client_free(&c);

	/* A block always ends; then the right password works again. */
	sql_exec("UPDATE auth_throttle SET blocked_until = UTC_TIMESTAMP(6)");
	client_init(&c);
	client_sign_in_ok(&c, email, pw);
	client_free(&c);
	/* Success forgets the account's failures, not the address's. */
	ck_assert_int_eq(failures_of("email", email), 0);
	ck_assert_int_eq(failures_of("addr", "127.0.0.1"), EMAIL_FREE + 1);
	throttle_reset();
	free(email);
	free(name);
	free(other);
	free(oname);
}
END_TEST

START_TEST(test_throttle_address)
{
	struct client	 c;
	const char	*pw = "right, but too late";
	char		*email, *name, *stranger;
	long		 wait;
	int		 i;

	email = itest_email("addr");
	name = itest_name("Al");
	itest_staff_add(email, name, "Clerk", pw);
	/* Each failure with another email: only the address adds up. */
	for (i = 0; i <= ADDR_FREE; i++) {
		stranger = itest_email("stranger");
		fails(stranger, "guessing away");
		free(stranger);
	}
	ck_assert_int_eq(failures_of("addr", "127.0.0.1"), ADDR_FREE + 1);
	stranger = itest_email("stranger");
	throttled(stranger, "guessing away");
	free(stranger);
	wait = throttled(email, pw);

	/* Wait it out: the block ends by itself. */
	ck_assert_int_le(wait, 4);
	sleep_seconds((double)wait + 0.3);
	client_init(&c);
	client_sign_in_ok(&c, email, pw);
	client_free(&c);
	throttle_reset();
	free(email);
	free(name);
}
END_TEST

static Suite *
throttle_suite(void)
{
	Suite	*s = suite_create("throttle");
	TCase	*tc = itest_tcase("throttle");

	tcase_add_test(tc, test_throttle_email);
	tcase_add_test(tc, test_throttle_address);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return itest_run(throttle_suite());
}
