/* test_lane_json.c: the lane API's strict JSON bodies and typed fields, feed cursors, lane tokens and the rate limit. */
#include <sys/wait.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "json_body.h"
#include "lane.h"

#define EPOCH	"0123456789abcdef"

/* Parses s; returns the problem and frees the value. */
static enum json_problem
parse(const char *s)
{
	char			 msg[160];
	json_t			*v = NULL;
	enum json_problem	 p;

	p = json_body_parse(s, strlen(s), &v, msg, sizeof(msg));
	if (p == JSON_OK)
		ck_assert_ptr_nonnull(v);
	else {
		ck_assert_ptr_null(v);
		ck_assert_msg(msg[0] != '\0', "no message for %s", s);
	}
	json_decref(v);
	return p;
}

/* "[[...]]" nested n deep. */
static char *
nested(int n)
{
	char	*s = malloc((size_t)(2 * n + 1));
	int	 i;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < n; i++) {
		s[i] = '[';
		s[2 * n - 1 - i] = ']';
	}
	s[2 * n] = '\0';
	return s;
}

START_TEST(test_parse_good)
{
	ck_assert_int_eq(parse("{\"a\": 1, \"b\": [true, null, \"x\"]}"),
	    JSON_OK);
	ck_assert_int_eq(parse("  {}  "), JSON_OK);
	/* A scalar is JSON; that it is no object is the handler's to say. */
	ck_assert_int_eq(parse("42"), JSON_OK);
}
END_TEST

START_TEST(test_parse_broken)
{
	ck_assert_int_eq(parse(""), JSON_INVALID);
	ck_assert_int_eq(parse("{\"a\": 1"), JSON_INVALID);
	ck_assert_int_eq(parse("{\"a\": 1} x"), JSON_INVALID);
	ck_assert_int_eq(parse("{'a': 1}"), JSON_INVALID);
	ck_assert_int_eq(parse("{\"a\": \"\xff\"}"), JSON_INVALID);
	/* A raw control character inside a string is no JSON at all. */
	ck_assert_int_eq(parse("{\"a\": \"x\ty\"}"), JSON_INVALID);
}
END_TEST

START_TEST(test_parse_duplicates)
{
	ck_assert_int_eq(parse("{\"a\": 1, \"a\": 1}"), JSON_INVALID);
	ck_assert_int_eq(parse("{\"t\": [{\"id\": \"x\", \"id\": \"y\"}]}"),
	    JSON_INVALID);
	ck_assert_int_eq(parse("{\"a\": 1, \"A\": 1}"), JSON_OK);
}
END_TEST

START_TEST(test_parse_depth)
{
	char	*s;

	s = nested(JSON_BODY_DEPTH);
	ck_assert_int_eq(parse(s), JSON_OK);
	free(s);
	s = nested(JSON_BODY_DEPTH + 1);
	ck_assert_int_eq(parse(s), JSON_INVALID);
	free(s);
	/* Deeper than jansson itself goes: still a clean refusal. */
	s = nested(5000);
	ck_assert_int_eq(parse(s), JSON_INVALID);
	free(s);
}
END_TEST

START_TEST(test_depth)
{
	json_t	*v = json_loads("{\"a\": [1, {\"b\": []}], \"c\": 2}", 0, NULL);

	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(json_depth(v), 4);
	json_decref(v);
	v = json_integer(3);
	ck_assert_int_eq(json_depth(v), 0);
	json_decref(v);
}
END_TEST

START_TEST(test_parse_overflow)
{
	/* Out of range for jansson: a bad number, not broken JSON. */
	ck_assert_int_eq(parse("{\"amount\": 99999999999999999999}"),
	    JSON_BAD_REQUEST);
}
END_TEST

/* Reads field "v" of the object text as an amount. */
static enum json_problem
amount(const char *text, int64_t *out)
{
	char			 msg[160];
	json_t			*o = json_loads(text, 0, NULL);
	enum json_problem	 p;

	ck_assert_ptr_nonnull(o);
	p = json_field_amount(o, "v", out, msg, sizeof(msg));
	json_decref(o);
	return p;
}

START_TEST(test_amounts)
{
	int64_t	 v;

	ck_assert_int_eq(amount("{\"v\": 1}", &v), JSON_OK);
	ck_assert_int_eq(v, 1);
	ck_assert_int_eq(amount("{\"v\": 9007199254740991}", &v), JSON_OK);
	ck_assert_int_eq(v, 9007199254740991LL);
	ck_assert_int_eq(amount("{\"v\": 9007199254740992}", &v),
	    JSON_BAD_REQUEST);
	ck_assert_int_eq(amount("{\"v\": 0}", &v), JSON_BAD_REQUEST);
	ck_assert_int_eq(amount("{\"v\": -5}", &v), JSON_BAD_REQUEST);
	ck_assert_int_eq(amount("{\"v\": 12.5}", &v), JSON_BAD_REQUEST);
	ck_assert_int_eq(amount("{\"v\": 12.0}", &v), JSON_BAD_REQUEST);
	ck_assert_int_eq(amount("{\"v\": 1e3}", &v), JSON_BAD_REQUEST);
	ck_assert_int_eq(amount("{\"v\": \"12\"}", &v), JSON_BAD_REQUEST);
	ck_assert_int_eq(amount("{\"v\": true}", &v), JSON_BAD_REQUEST);
	ck_assert_int_eq(amount("{\"w\": 1}", &v), JSON_BAD_REQUEST);
}
END_TEST

/* Reads field "v" of the object text as a string of at most max characters. */
static enum json_problem
string(const char *text, int required, long max)
{
	char			 msg[160];
	const char		*s;
	json_t			*o = json_loads(text, JSON_ALLOW_NUL, NULL);
	enum json_problem	 p;

	ck_assert_ptr_nonnull(o);
	p = json_field_string(o, "v", required, max, &s, msg, sizeof(msg));
	json_decref(o);
	return p;
}

START_TEST(test_strings)
{
	ck_assert_int_eq(string("{\"v\": \"R-1001\"}", 1, 64), JSON_OK);
	ck_assert_int_eq(string("{}", 0, 64), JSON_OK);
	ck_assert_int_eq(string("{}", 1, 64), JSON_BAD_REQUEST);
	ck_assert_int_eq(string("{\"v\": \"\"}", 1, 64), JSON_BAD_REQUEST);
	ck_assert_int_eq(string("{\"v\": 5}", 1, 64), JSON_BAD_REQUEST);
	ck_assert_int_eq(string("{\"v\": \"a\\u0001b\"}", 1, 64),
	    JSON_BAD_REQUEST);
	ck_assert_int_eq(string("{\"v\": \"a\\u001fb\"}", 1, 64),
	    JSON_BAD_REQUEST);
	ck_assert_int_eq(string("{\"v\": \"a\\nb\"}", 1, 64),
	    JSON_BAD_REQUEST);
	/* An escaped NUL is JSON, and a control character in a field. */
	ck_assert_int_eq(parse("{\"a\": \"x\\u0000y\"}"), JSON_OK);
	ck_assert_int_eq(string("{\"v\": \"a\\u0000b\"}", 1, 64),
	    JSON_BAD_REQUEST);
	/* Characters, not bytes: four two-byte letters fit in four. */
	ck_assert_int_eq(string("{\"v\": \"\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\"}",
	    1, 4), JSON_OK);
	ck_assert_int_eq(string("{\"v\": \"abcde\"}", 1, 4), JSON_BAD_REQUEST);
}
END_TEST

START_TEST(test_bools)
{
	char	 msg[160];
	int	 b;
	json_t	*o = json_loads("{\"t\": true, \"n\": 1}", 0, NULL);

	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(json_field_bool(o, "t", 0, &b, msg, sizeof(msg)),
	    JSON_OK);
	ck_assert_int_eq(b, 1);
	ck_assert_int_eq(json_field_bool(o, "x", 0, &b, msg, sizeof(msg)),
	    JSON_OK);
	ck_assert_int_eq(b, 0);
	ck_assert_int_eq(json_field_bool(o, "n", 0, &b, msg, sizeof(msg)),
	    JSON_BAD_REQUEST);
	json_decref(o);
}
END_TEST

START_TEST(test_rfc3339)
{
	ck_assert(json_rfc3339_valid("2026-11-23T09:59:58Z"));
	ck_assert(json_rfc3339_valid("2026-11-23T09:59:58.123Z"));
	ck_assert(json_rfc3339_valid("2026-11-23T10:59:58+01:00"));
	ck_assert(!json_rfc3339_valid("2026-11-23 09:59:58Z"));
	ck_assert(!json_rfc3339_valid("2026-13-23T09:59:58Z"));
	ck_assert(!json_rfc3339_valid("2026-11-23T09:59:58"));
	ck_assert(!json_rfc3339_valid("2026-11-23T09:59:58.Z"));
	ck_assert(!json_rfc3339_valid("2026-11-23T09:59:58Zjunk"));
	ck_assert(!json_rfc3339_valid("yesterday"));
}
END_TEST

START_TEST(test_cursor_round_trip)
{
	char	 c[LANE_CURSOR_MAX];
	int64_t	 seq;

	ck_assert_int_eq(lane_cursor_encode(EPOCH, 0, c), 0);
	ck_assert_str_eq(c, "1." EPOCH ".0");
	ck_assert_int_eq(lane_cursor_decode(c, EPOCH, &seq), 0);
	ck_assert_int_eq(seq, 0);
	ck_assert_int_eq(lane_cursor_encode(EPOCH, 9223372036854775807LL, c),
	    0);
	ck_assert_int_eq(lane_cursor_decode(c, EPOCH, &seq), 0);
	ck_assert_int_eq(seq, 9223372036854775807LL);
	/* Only characters a lane may put in a URL as they are. */
	ck_assert_uint_eq(strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_.~"), strlen(c));
	ck_assert_int_eq(lane_cursor_encode("not an epoch", 1, c), -1);
}
END_TEST

START_TEST(test_cursor_start)
{
	int64_t	 seq = 5;

	ck_assert_int_eq(lane_cursor_decode("", EPOCH, &seq), 0);
	ck_assert_int_eq(seq, 0);
	seq = 5;
	ck_assert_int_eq(lane_cursor_decode("0", EPOCH, &seq), 0);
	ck_assert_int_eq(seq, 0);
}
END_TEST

START_TEST(test_cursor_refused)
{
	int64_t	 seq;

	ck_assert_int_eq(lane_cursor_decode("1.fedcba9876543210.5", EPOCH,
	    &seq), -1);
	ck_assert_int_eq(lane_cursor_decode("2." EPOCH ".5", EPOCH, &seq), -1);
	ck_assert_int_eq(lane_cursor_decode("1." EPOCH ".", EPOCH, &seq), -1);
	ck_assert_int_eq(lane_cursor_decode("1." EPOCH ".05", EPOCH, &seq),
	    -1);
	ck_assert_int_eq(lane_cursor_decode("1." EPOCH ".-5", EPOCH, &seq),
	    -1);
	ck_assert_int_eq(lane_cursor_decode("1." EPOCH ".5x", EPOCH, &seq),
	    -1);
	ck_assert_int_eq(lane_cursor_decode("1." EPOCH ".99999999999999999999",
	    EPOCH, &seq), -1);
	ck_assert_int_eq(lane_cursor_decode("1." EPOCH, EPOCH, &seq), -1);
	ck_assert_int_eq(lane_cursor_decode("12345", EPOCH, &seq), -1);
	ck_assert_int_eq(lane_cursor_decode("00", EPOCH, &seq), -1);
}
END_TEST

START_TEST(test_tokens)
{
	char	 a[LANE_TOKEN_MAX], b[LANE_TOKEN_MAX];

	ck_assert_int_eq(lane_token_new(a), 0);
	ck_assert_int_eq(lane_token_new(b), 0);
	ck_assert_str_ne(a, b);
	ck_assert_int_eq(strncmp(a, LANE_TOKEN_PREFIX,
	    strlen(LANE_TOKEN_PREFIX)), 0);
	/* 256 random bits in hex after the prefix. */
	ck_assert_uint_eq(strlen(a), strlen(LANE_TOKEN_PREFIX) + 64);
	ck_assert_uint_eq(strspn(a + strlen(LANE_TOKEN_PREFIX),
	    "0123456789abcdef"), 64);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_ptr_null(lane_name_problem("Lane 1"));
	ck_assert_ptr_nonnull(lane_name_problem(""));
	ck_assert_ptr_nonnull(lane_name_problem(" Lane"));
	ck_assert_ptr_nonnull(lane_name_problem("Lane\t1"));
}
END_TEST

START_TEST(test_rate_limit)
{
	int	 i, allowed = 0;
	long	 wait = 0;

	/* One request a second, bursts of five. */
	for (i = 0; i < 20; i++)
		if ((wait = lane_rate_take(77, 1, 5)) == 0)
			allowed++;
	/* The burst, and perhaps one more refilled meanwhile. */
	ck_assert_int_ge(allowed, 5);
	ck_assert_int_le(allowed, 6);
	ck_assert_int_ge(wait, 1);
	/* Another lane has a bucket of its own. */
	ck_assert_int_eq(lane_rate_take(78, 1, 5), 0);
}
END_TEST

START_TEST(test_rate_limit_shared)
{
	pid_t	 pid;
	int	 status, i;

	/* Once shared, a bucket emptied by one process is empty for all. */
	ck_assert_int_eq(lane_rate_share(), 0);
	ck_assert_int_eq(lane_rate_share(), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		for (i = 0; i < 5; i++)
			if (lane_rate_take(91, 1, 5) != 0)
				_exit(1);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_ge(lane_rate_take(91, 1, 5), 1);
	/* A lane the child never touched still has its burst. */
	ck_assert_int_eq(lane_rate_take(92, 1, 5), 0);
}
END_TEST

static Suite *
lane_json_suite(void)
{
	Suite	*s = suite_create("lane_json");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_parse_good);
	tcase_add_test(tc, test_parse_broken);
	tcase_add_test(tc, test_parse_duplicates);
	tcase_add_test(tc, test_parse_depth);
	tcase_add_test(tc, test_depth);
	tcase_add_test(tc, test_parse_overflow);
	tcase_add_test(tc, test_amounts);
	tcase_add_test(tc, test_strings);
	tcase_add_test(tc, test_bools);
	tcase_add_test(tc, test_rfc3339);
	tcase_add_test(tc, test_cursor_round_trip);
	tcase_add_test(tc, test_cursor_start);
	tcase_add_test(tc, test_cursor_refused);
	tcase_add_test(tc, test_tokens);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_rate_limit);
	tcase_add_test(tc, test_rate_limit_shared);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(lane_json_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
