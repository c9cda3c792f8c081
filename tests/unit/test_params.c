/* test_params.c: url_decode, form and query parsing, cookies, lookups. */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "params.h"

/* Decodes the NUL-terminated s; the result is in *out (freed by caller). */
static enum parse_result
decode(const char *s, int plus_is_space, char **out, size_t *outlen)
{
	*out = NULL;
	*outlen = (size_t)-1;
	return url_decode(s, strlen(s), plus_is_space, out, outlen);
}

/* Makes a string of n copies of the NUL-terminated unit. */
static char *
repeat(const char *unit, size_t n)
{
	size_t	 ulen = strlen(unit), i;
	char	*s;

	s = malloc(ulen * n + 1);
	ck_assert_ptr_nonnull(s);
	for (i = 0; i < n; i++)
		memcpy(s + i * ulen, unit, ulen);
	s[ulen * n] = '\0';
	return s;
}

/* Parses "<name>=<value>" where value is n copies of c. */
static enum parse_result
parse_long_value(struct params *p, size_t n)
{
	enum parse_result	 rc;
	char			*s;

	s = malloc(n + 3);
	ck_assert_ptr_nonnull(s);
	memcpy(s, "v=", 2);
	memset(s + 2, 'x', n);
	s[n + 2] = '\0';
	rc = params_parse_urlencoded(p, s, n + 2);
	free(s);
	return rc;
}

/* url_decode */

START_TEST(test_decode_plain)
{
	char	*out;
	size_t	 len;

	ck_assert_int_eq(decode("hello", 1, &out, &len), PARSE_OK);
	ck_assert_str_eq(out, "hello");
	ck_assert_uint_eq(len, 5);
	free(out);
}
END_TEST

START_TEST(test_decode_empty)
{
	char	*out;
	size_t	 len;

	ck_assert_int_eq(url_decode("", 0, 1, &out, &len), PARSE_OK);
	ck_assert_str_eq(out, "");
	ck_assert_uint_eq(len, 0);
	free(out);
}
END_TEST

START_TEST(test_decode_plus)
{
	char	*out;
	size_t	 len;

	ck_assert_int_eq(decode("a+b++c", 1, &out, &len), PARSE_OK);
	ck_assert_str_eq(out, "a b  c");
	ck_assert_uint_eq(len, 6);
	free(out);

	ck_assert_int_eq(decode("a+b", 0, &out, &len), PARSE_OK);
	ck_assert_str_eq(out, "a+b");
	ck_assert_uint_eq(len, 3);
	free(out);

	/* An escaped plus is a plus, never a space. */
	ck_assert_int_eq(decode("%2B%2b", 1, &out, &len), PARSE_OK);
	ck_assert_str_eq(out, "++");
	free(out);
}
END_TEST

START_TEST(test_decode_escapes)
{
	char	*out;
	size_t	 len;

	ck_assert_int_eq(decode("%41", 1, &out, &len), PARSE_OK);
	ck_assert_str_eq(out, "A");
	ck_assert_uint_eq(len, 1);
	free(out);

	ck_assert_int_eq(decode("%4a%4A%7e%25", 1, &out, &len), PARSE_OK);
	ck_assert_str_eq(out, "JJ~%");
	ck_assert_uint_eq(len, 4);
	free(out);

	ck_assert_int_eq(decode("caf%C3%A9", 1, &out, &len), PARSE_OK);
	ck_assert_str_eq(out, "caf\xc3\xa9");
	ck_assert_uint_eq(len, 5);
	free(out);

	ck_assert_int_eq(decode("%ff", 1, &out, &len), PARSE_OK);
	ck_assert_uint_eq(len, 1);
	ck_assert_uint_eq((unsigned char)out[0], 0xff);
	free(out);
}
END_TEST

START_TEST(test_decode_nul_kept)
{
	char	*out;
	size_t	 len;

	ck_assert_int_eq(decode("a%00b", 1, &out, &len), PARSE_OK);
	ck_assert_uint_eq(len, 3);
	ck_assert_int_eq(memcmp(out, "a\0b", 4), 0);
	free(out);
}
END_TEST

START_TEST(test_decode_invalid)
{
	static const char *const bad[] = {
		"%zz", "%4", "%", "a%", "%g1", "%1g", "%%41", "abc%4",
		"% 41", "%-1", "%+1",
	};
	char	*out;
	size_t	 len, i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		out = NULL;
		ck_assert_msg(url_decode(bad[i], strlen(bad[i]), 1, &out,
		    &len) == PARSE_INVALID, "\"%s\" decoded", bad[i]);
		ck_assert_ptr_null(out);
	}
}
END_TEST

START_TEST(test_decode_respects_len)
{
	char	*out;
	size_t	 len;

	/* Only the first len bytes count, even when more follow. */
	ck_assert_int_eq(url_decode("abc%41", 3, 1, &out, &len), PARSE_OK);
	ck_assert_str_eq(out, "abc");
	ck_assert_uint_eq(len, 3);
	free(out);

	ck_assert_int_eq(url_decode("%41", 2, 1, &out, &len), PARSE_INVALID);
	ck_assert_int_eq(url_decode("x%41", 3, 1, &out, &len),
	    PARSE_INVALID);
}
END_TEST

/* params_parse_urlencoded */

START_TEST(test_form_basic)
{
	struct params	 p = { 0 };
	const char	*s = "email=a%40b.com&name=Ada+Lovelace&n=1";

	ck_assert_int_eq(params_parse_urlencoded(&p, s, strlen(s)), PARSE_OK);
	ck_assert_uint_eq(p.count, 3);
	ck_assert_str_eq(p.items[0].name, "email");
	ck_assert_str_eq(p.items[0].value, "a@b.com");
	ck_assert_uint_eq(p.items[0].valuelen, 7);
	ck_assert_str_eq(params_get(&p, "name"), "Ada Lovelace");
	ck_assert_str_eq(params_get(&p, "n"), "1");
	ck_assert_ptr_null(params_get(&p, "missing"));
	ck_assert_ptr_null(params_get(&p, "Email"));
	params_free(&p);
}
END_TEST

START_TEST(test_form_empty)
{
	struct params	 p = { 0 };

	ck_assert_int_eq(params_parse_urlencoded(&p, "", 0), PARSE_OK);
	ck_assert_uint_eq(p.count, 0);
	ck_assert_int_eq(params_parse_urlencoded(&p, "&&&", 3), PARSE_OK);
	ck_assert_uint_eq(p.count, 0);
	params_free(&p);
}
END_TEST

START_TEST(test_form_empty_pairs)
{
	struct params	 p = { 0 };
	const char	*s = "a=1&&b=2&";

	ck_assert_int_eq(params_parse_urlencoded(&p, s, strlen(s)), PARSE_OK);
	ck_assert_uint_eq(p.count, 2);
	ck_assert_str_eq(p.items[0].name, "a");
	ck_assert_str_eq(p.items[0].value, "1");
	ck_assert_str_eq(p.items[1].name, "b");
	ck_assert_str_eq(p.items[1].value, "2");
	params_free(&p);
}
END_TEST

START_TEST(test_form_no_equals)
{
	struct params	 p = { 0 };
	const char	*s = "a&b=&c=3";

	ck_assert_int_eq(params_parse_urlencoded(&p, s, strlen(s)), PARSE_OK);
	ck_assert_uint_eq(p.count, 3);
	ck_assert_str_eq(p.items[0].name, "a");
	ck_assert_str_eq(p.items[0].value, "");
	ck_assert_uint_eq(p.items[0].valuelen, 0);
	ck_assert_str_eq(params_get(&p, "b"), "");
	ck_assert_str_eq(params_get(&p, "c"), "3");
	params_free(&p);
}
END_TEST

START_TEST(test_form_value_with_equals)
{
	struct params	 p = { 0 };
	const char	*s = "next=%2Fa%3Fb%3D1&t=x=y";

	ck_assert_int_eq(params_parse_urlencoded(&p, s, strlen(s)), PARSE_OK);
	ck_assert_str_eq(params_get(&p, "next"), "/a?b=1");
	ck_assert_str_eq(params_get(&p, "t"), "x=y");
	params_free(&p);
}
END_TEST

START_TEST(test_form_empty_name)
{
	static const char *const bad[] = { "=x", "a=1&=x", "=", "%zz=1",
	    "a=%4", "a%00b=1", "a=1&b=%g0" };
	struct params	 p = { 0 };
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(params_parse_urlencoded(&p, bad[i],
		    strlen(bad[i])) == PARSE_INVALID, "\"%s\" accepted",
		    bad[i]);
		params_free(&p);
		ck_assert_uint_eq(p.count, 0);
		ck_assert_ptr_null(p.items);
	}
}
END_TEST

START_TEST(test_form_nul_in_value)
{
	struct params	 p = { 0 };
	const char	*s = "v=a%00b";

	/* Handlers read values as C strings: a NUL is refused, not cut. */
	ck_assert_int_eq(params_parse_urlencoded(&p, s, strlen(s)),
	    PARSE_INVALID);
	params_free(&p);
}
END_TEST

START_TEST(test_form_repeated)
{
	struct params	 p = { 0 };
	const char	*s = "tag=a&x=1&tag=b&tag=c";

	ck_assert_int_eq(params_parse_urlencoded(&p, s, strlen(s)), PARSE_OK);
	ck_assert_uint_eq(p.count, 4);
	ck_assert_uint_eq(params_count(&p, "tag"), 3);
	ck_assert_uint_eq(params_count(&p, "x"), 1);
	ck_assert_uint_eq(params_count(&p, "y"), 0);
	ck_assert_uint_eq(params_count(&p, "TAG"), 0);
	/* params_get gives the first. */
	ck_assert_str_eq(params_get(&p, "tag"), "a");
	params_free(&p);
}
END_TEST

START_TEST(test_form_appends)
{
	struct params	 p = { 0 };

	ck_assert_int_eq(params_parse_urlencoded(&p, "a=1", 3), PARSE_OK);
	ck_assert_int_eq(params_parse_urlencoded(&p, "a=2&b=3", 7), PARSE_OK);
	ck_assert_uint_eq(p.count, 3);
	ck_assert_uint_eq(params_count(&p, "a"), 2);
	ck_assert_str_eq(params_get(&p, "a"), "1");
	ck_assert_str_eq(params_get(&p, "b"), "3");
	params_free(&p);
}
END_TEST

START_TEST(test_form_len_bounds_input)
{
	struct params	 p = { 0 };

	/* Bytes past len are not part of the input. */
	ck_assert_int_eq(params_parse_urlencoded(&p, "a=12&b=2", 3), PARSE_OK);
	ck_assert_uint_eq(p.count, 1);
	ck_assert_str_eq(params_get(&p, "a"), "1");
	params_free(&p);
}
END_TEST

START_TEST(test_form_max_fields)
{
	struct params	 p = { 0 };
	char		*s;

	s = repeat("a=1&", PARAMS_MAX_FIELDS);
	ck_assert_int_eq(params_parse_urlencoded(&p, s, strlen(s)), PARSE_OK);
	ck_assert_uint_eq(p.count, PARAMS_MAX_FIELDS);
	params_free(&p);
	free(s);

	s = repeat("a=1&", PARAMS_MAX_FIELDS + 1);
	ck_assert_int_eq(params_parse_urlencoded(&p, s, strlen(s)),
	    PARSE_TOO_LARGE);
	params_free(&p);
	free(s);

	/* The limit covers fields added by earlier calls too. */
	s = repeat("a=1&", PARAMS_MAX_FIELDS);
	ck_assert_int_eq(params_parse_urlencoded(&p, s, strlen(s)), PARSE_OK);
	ck_assert_int_eq(params_parse_urlencoded(&p, "b=2", 3),
	    PARSE_TOO_LARGE);
	params_free(&p);
	free(s);
}
END_TEST

START_TEST(test_form_max_name)
{
	struct params	 p = { 0 };
	char		*name, *s;

	name = repeat("n", PARAMS_MAX_NAME);
	ck_assert_int_eq(params_parse_urlencoded(&p, name, strlen(name)),
	    PARSE_OK);
	ck_assert_uint_eq(strlen(p.items[0].name), PARAMS_MAX_NAME);
	params_free(&p);
	free(name);

	name = repeat("n", PARAMS_MAX_NAME + 1);
	ck_assert_int_eq(params_parse_urlencoded(&p, name, strlen(name)),
	    PARSE_TOO_LARGE);
	params_free(&p);
	free(name);

	/* The limit is on the decoded name. */
	s = repeat("%41", PARAMS_MAX_NAME);
	ck_assert_int_eq(params_parse_urlencoded(&p, s, strlen(s)), PARSE_OK);
	ck_assert_uint_eq(strlen(p.items[0].name), PARAMS_MAX_NAME);
	params_free(&p);
	free(s);

	s = repeat("%41", PARAMS_MAX_NAME + 1);
	ck_assert_int_eq(params_parse_urlencoded(&p, s, strlen(s)),
	    PARSE_TOO_LARGE);
	params_free(&p);
	free(s);
}
END_TEST

START_TEST(test_form_max_value)
{
	struct params	 p = { 0 };
	char		*v, *s;

	ck_assert_int_eq(parse_long_value(&p, PARAMS_MAX_VALUE), PARSE_OK);
	ck_assert_uint_eq(p.items[0].valuelen, PARAMS_MAX_VALUE);
	ck_assert_uint_eq(strlen(p.items[0].value), PARAMS_MAX_VALUE);
	params_free(&p);

	ck_assert_int_eq(parse_long_value(&p, PARAMS_MAX_VALUE + 1),
	    PARSE_TOO_LARGE);
	params_free(&p);

	/* Escaped: the decoded length counts. */
	v = repeat("%41", PARAMS_MAX_VALUE + 1);
	s = malloc(strlen(v) + 3);
	ck_assert_ptr_nonnull(s);
	strcpy(s, "v=");
	strcat(s, v);
	ck_assert_int_eq(params_parse_urlencoded(&p, s, strlen(s)),
	    PARSE_TOO_LARGE);
	params_free(&p);
	s[strlen(s) - 3] = '\0';
	ck_assert_int_eq(params_parse_urlencoded(&p, s, strlen(s)), PARSE_OK);
	ck_assert_uint_eq(p.items[0].valuelen, PARAMS_MAX_VALUE);
	params_free(&p);
	free(s);
	free(v);
}
END_TEST

/* params_parse_cookies */

START_TEST(test_cookies_basic)
{
	struct params	 p = { 0 };

	ck_assert_int_eq(params_parse_cookies(&p, "a=1; b=2"), PARSE_OK);
	ck_assert_uint_eq(p.count, 2);
	ck_assert_str_eq(p.items[0].name, "a");
	ck_assert_str_eq(p.items[0].value, "1");
	ck_assert_uint_eq(p.items[0].valuelen, 1);
	ck_assert_str_eq(p.items[1].name, "b");
	ck_assert_str_eq(p.items[1].value, "2");
	params_free(&p);
}
END_TEST

START_TEST(test_cookies_empty)
{
	struct params	 p = { 0 };

	ck_assert_int_eq(params_parse_cookies(&p, ""), PARSE_OK);
	ck_assert_uint_eq(p.count, 0);
	ck_assert_int_eq(params_parse_cookies(&p, " ;; ; "), PARSE_OK);
	ck_assert_uint_eq(p.count, 0);
	params_free(&p);
}
END_TEST

START_TEST(test_cookies_spaces)
{
	struct params	 p = { 0 };

	ck_assert_int_eq(params_parse_cookies(&p,
	    "  a = 1 ;b=2;\tc=three words\t;d=  "), PARSE_OK);
	ck_assert_uint_eq(p.count, 4);
	ck_assert_str_eq(p.items[0].name, "a");
	ck_assert_str_eq(p.items[0].value, "1");
	ck_assert_str_eq(p.items[1].name, "b");
	ck_assert_str_eq(p.items[1].value, "2");
	ck_assert_str_eq(p.items[2].name, "c");
	ck_assert_str_eq(p.items[2].value, "three words");
	ck_assert_str_eq(p.items[3].name, "d");
	ck_assert_str_eq(p.items[3].value, "");
	ck_assert_uint_eq(p.items[3].valuelen, 0);
	params_free(&p);
}
END_TEST

START_TEST(test_cookies_quoted)
{
	struct params	 p = { 0 };

	ck_assert_int_eq(params_parse_cookies(&p,
	    "a=\"quoted\"; b=\"\"; c=\"; d=\"x; e= \"y\" "), PARSE_OK);
	ck_assert_uint_eq(p.count, 5);
	ck_assert_str_eq(params_get(&p, "a"), "quoted");
	ck_assert_uint_eq(p.items[0].valuelen, 6);
	ck_assert_str_eq(params_get(&p, "b"), "");
	/* A lone or unbalanced quote is kept. */
	ck_assert_str_eq(params_get(&p, "c"), "\"");
	ck_assert_str_eq(params_get(&p, "d"), "\"x");
	ck_assert_str_eq(params_get(&p, "e"), "y");
	params_free(&p);
}
END_TEST

START_TEST(test_cookies_malformed_skipped)
{
	struct params	 p = { 0 };

	ck_assert_int_eq(params_parse_cookies(&p,
	    "junk; =x; b=2;  = y ;; c"), PARSE_OK);
	ck_assert_uint_eq(p.count, 1);
	ck_assert_str_eq(p.items[0].name, "b");
	ck_assert_str_eq(p.items[0].value, "2");
	params_free(&p);
}
END_TEST

START_TEST(test_cookies_value_with_equals)
{
	struct params	 p = { 0 };

	ck_assert_int_eq(params_parse_cookies(&p, "x=a=b; y==c"), PARSE_OK);
	ck_assert_uint_eq(p.count, 2);
	ck_assert_str_eq(params_get(&p, "x"), "a=b");
	ck_assert_str_eq(params_get(&p, "y"), "=c");
	params_free(&p);
}
END_TEST

START_TEST(test_cookies_not_decoded)
{
	struct params	 p = { 0 };

	ck_assert_int_eq(params_parse_cookies(&p, "a=%41+b; c%41=1"),
	    PARSE_OK);
	ck_assert_str_eq(params_get(&p, "a"), "%41+b");
	ck_assert_str_eq(params_get(&p, "c%41"), "1");
	ck_assert_ptr_null(params_get(&p, "cA"));
	params_free(&p);
}
END_TEST

START_TEST(test_cookies_repeated)
{
	struct params	 p = { 0 };

	ck_assert_int_eq(params_parse_cookies(&p, "sid=old; x=1; sid=new"),
	    PARSE_OK);
	ck_assert_uint_eq(params_count(&p, "sid"), 2);
	ck_assert_str_eq(params_get(&p, "sid"), "old");
	params_free(&p);
}
END_TEST

START_TEST(test_cookies_limits)
{
	struct params	 p = { 0 };
	char		*name, *s;

	name = repeat("n", PARAMS_MAX_NAME);
	s = malloc(strlen(name) + 3);
	ck_assert_ptr_nonnull(s);
	strcpy(s, name);
	strcat(s, "=1");
	ck_assert_int_eq(params_parse_cookies(&p, s), PARSE_OK);
	ck_assert_uint_eq(p.count, 1);
	params_free(&p);
	free(s);
	free(name);

	name = repeat("n", PARAMS_MAX_NAME + 1);
	s = malloc(strlen(name) + 10);
	ck_assert_ptr_nonnull(s);
	strcpy(s, name);
	strcat(s, "=1; sid=2");
	ck_assert_int_eq(params_parse_cookies(&p, s), PARSE_OK);
	ck_assert_uint_eq(p.count, 1);
	ck_assert_str_eq(params_get(&p, "sid"), "2");
	params_free(&p);
	free(s);
	free(name);

	s = malloc(PARAMS_MAX_VALUE + 4);
	ck_assert_ptr_nonnull(s);
	memcpy(s, "v=", 2);
	memset(s + 2, 'x', PARAMS_MAX_VALUE + 1);
	s[PARAMS_MAX_VALUE + 3] = '\0';
	ck_assert_int_eq(params_parse_cookies(&p, s), PARSE_OK);
	ck_assert_uint_eq(p.count, 0);
	params_free(&p);
	s[PARAMS_MAX_VALUE + 2] = '\0';
	ck_assert_int_eq(params_parse_cookies(&p, s), PARSE_OK);
	ck_assert_uint_eq(p.items[0].valuelen, PARAMS_MAX_VALUE);
	params_free(&p);
	free(s);

	s = repeat("a=1;", PARAMS_MAX_FIELDS);
	ck_assert_int_eq(params_parse_cookies(&p, s), PARSE_OK);
	ck_assert_uint_eq(p.count, PARAMS_MAX_FIELDS);
	params_free(&p);
	free(s);
	s = repeat("a=1;", PARAMS_MAX_FIELDS + 1);
	ck_assert_int_eq(params_parse_cookies(&p, s), PARSE_OK);
	ck_assert_uint_eq(p.count, PARAMS_MAX_FIELDS);
	params_free(&p);
	free(s);
}
END_TEST

/* params_free */

START_TEST(test_free_empty_and_reuse)
{
	struct params	 p = { 0 };

	params_free(&p);
	ck_assert_uint_eq(p.count, 0);
	ck_assert_ptr_null(p.items);

	ck_assert_int_eq(params_parse_urlencoded(&p, "a=1", 3), PARSE_OK);
	params_free(&p);
	ck_assert_uint_eq(p.count, 0);
	ck_assert_ptr_null(p.items);
	ck_assert_ptr_null(params_get(&p, "a"));
	ck_assert_uint_eq(params_count(&p, "a"), 0);

	ck_assert_int_eq(params_parse_urlencoded(&p, "b=2", 3), PARSE_OK);
	ck_assert_uint_eq(p.count, 1);
	ck_assert_str_eq(params_get(&p, "b"), "2");
	params_free(&p);
	params_free(&p);
}
END_TEST

static Suite *
params_suite(void)
{
	Suite	*s = suite_create("params");
	TCase	*tc;

	tc = tcase_create("url_decode");
	tcase_add_test(tc, test_decode_plain);
	tcase_add_test(tc, test_decode_empty);
	tcase_add_test(tc, test_decode_plus);
	tcase_add_test(tc, test_decode_escapes);
	tcase_add_test(tc, test_decode_nul_kept);
	tcase_add_test(tc, test_decode_invalid);
	tcase_add_test(tc, test_decode_respects_len);
	suite_add_tcase(s, tc);

	tc = tcase_create("urlencoded");
	tcase_add_test(tc, test_form_basic);
	tcase_add_test(tc, test_form_empty);
	tcase_add_test(tc, test_form_empty_pairs);
	tcase_add_test(tc, test_form_no_equals);
	tcase_add_test(tc, test_form_value_with_equals);
	tcase_add_test(tc, test_form_empty_name);
	tcase_add_test(tc, test_form_nul_in_value);
	tcase_add_test(tc, test_form_repeated);
	tcase_add_test(tc, test_form_appends);
	tcase_add_test(tc, test_form_len_bounds_input);
	tcase_add_test(tc, test_form_max_fields);
	tcase_add_test(tc, test_form_max_name);
	tcase_add_test(tc, test_form_max_value);
	suite_add_tcase(s, tc);

	tc = tcase_create("cookies");
	tcase_add_test(tc, test_cookies_basic);
	tcase_add_test(tc, test_cookies_empty);
	tcase_add_test(tc, test_cookies_spaces);
	tcase_add_test(tc, test_cookies_quoted);
	tcase_add_test(tc, test_cookies_malformed_skipped);
	tcase_add_test(tc, test_cookies_value_with_equals);
	tcase_add_test(tc, test_cookies_not_decoded);
	tcase_add_test(tc, test_cookies_repeated);
	tcase_add_test(tc, test_cookies_limits);
	suite_add_tcase(s, tc);

	tc = tcase_create("free");
	tcase_add_test(tc, test_free_empty_and_reuse);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(params_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
