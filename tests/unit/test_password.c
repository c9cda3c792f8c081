/* test_password.c: password hashing and rules, and the text checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <openssl/evp.h>

#include "password.h"
#include "text.h"
#include "token.h"

#define FAST	PASSWORD_MIN_ITERATIONS	/* a work factor quick to test */
#define PW	"correct horse battery staple"

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

/* Returns 1 when the n bytes at s are all lowercase hex digits. */
static int
is_lower_hex(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* Verifies and returns the result; checks rehash is 0 or 1. */
static int
verify(const char *password, const char *stored, unsigned min, int *rehash)
{
	int	 ok;

	*rehash = -7;
	ok = password_verify(password, stored, min, rehash);
	ck_assert_msg(*rehash == 0 || *rehash == 1, "rehash %d", *rehash);
	return ok;
}

/* password_hash and password_verify */

START_TEST(test_round_trip)
{
	char	 h[PASSWORD_HASH_MAX];
	int	 rehash;

	ck_assert_int_eq(password_hash(PW, FAST, h), 0);
	ck_assert_int_eq(verify(PW, h, FAST, &rehash), 1);
	ck_assert_int_eq(rehash, 0);
}
END_TEST

START_TEST(test_wrong_password)
{
	char	 h[PASSWORD_HASH_MAX];
	int	 rehash;

	ck_assert_int_eq(password_hash(PW, FAST, h), 0);
	ck_assert_int_eq(verify("correct horse battery stapl", h, FAST,
	    &rehash), 0);
	ck_assert_int_eq(rehash, 0);
	ck_assert_int_eq(verify(PW " ", h, FAST, &rehash), 0);
	ck_assert_int_eq(verify("Correct horse battery staple", h, FAST,
	    &rehash), 0);
	ck_assert_int_eq(verify("", h, FAST, &rehash), 0);
	/* A wrong password never asks for a rehash. */
	ck_assert_int_eq(verify("nope", h, FAST * 10, &rehash), 0);
	ck_assert_int_eq(rehash, 0);
}
END_TEST

START_TEST(test_unicode_password)
{
	char	 h[PASSWORD_HASH_MAX];
	int	 rehash;

	ck_assert_int_eq(password_hash("p\xc3\xa4ssw\xc3\xb6rd \xe2\x82\xac\xe2"
	    "\x82\xac\xe2\x82\xac", FAST, h), 0);
	ck_assert_int_eq(verify("p\xc3\xa4ssw\xc3\xb6rd \xe2\x82\xac\xe2\x82"
	    "\xac\xe2\x82\xac", h, FAST, &rehash), 1);
	/* The same letters, decomposed, are other bytes: no match. */
	ck_assert_int_eq(verify("pa\xcc\x88ssw\xc3\xb6rd \xe2\x82\xac\xe2\x82"
	    "\xac\xe2\x82\xac", h, FAST, &rehash), 0);
}
END_TEST

START_TEST(test_rehash_flag)
{
	char	 h[PASSWORD_HASH_MAX];
	int	 rehash;

	ck_assert_int_eq(password_hash(PW, FAST, h), 0);
	ck_assert_int_eq(verify(PW, h, FAST + 1, &rehash), 1);
	ck_assert_int_eq(rehash, 1);
	ck_assert_int_eq(verify(PW, h, PASSWORD_ITERATIONS, &rehash), 1);
	ck_assert_int_eq(rehash, 1);
	ck_assert_int_eq(verify(PW, h, FAST, &rehash), 1);
	ck_assert_int_eq(rehash, 0);
	ck_assert_int_eq(verify(PW, h, FAST - 1, &rehash), 1);
	ck_assert_int_eq(rehash, 0);

	ck_assert_int_eq(password_hash(PW, 2000, h), 0);
	ck_assert_int_eq(verify(PW, h, 1999, &rehash), 1);
	ck_assert_int_eq(rehash, 0);
	ck_assert_int_eq(verify(PW, h, 2000, &rehash), 1);
	ck_assert_int_eq(rehash, 0);
	ck_assert_int_eq(verify(PW, h, 2001, &rehash), 1);
	ck_assert_int_eq(rehash, 1);
}
END_TEST

START_TEST(test_stored_format)
{
	char		 h[PASSWORD_HASH_MAX], *salthex, *dkhex;
	const char	 prefix[] = "pbkdf2-sha256$1000$";
	unsigned char	 salt[16], want[32], dk[32];

	ck_assert_int_eq(password_hash(PW, 1000, h), 0);
	ck_assert_uint_eq(strlen(h), strlen(prefix) + 32 + 1 + 64);
	ck_assert_int_eq(strncmp(h, prefix, strlen(prefix)), 0);
	salthex = h + strlen(prefix);
	ck_assert_msg(is_lower_hex(salthex, 32), "salt: %s", h);
	ck_assert_int_eq(salthex[32], '$');
	dkhex = salthex + 33;
	ck_assert_msg(is_lower_hex(dkhex, 64), "hash: %s", h);
	ck_assert_int_eq(dkhex[64], '\0');

	ck_assert_int_eq(password_hash(PW, 600001, h), 0);
	ck_assert_int_eq(strncmp(h, "pbkdf2-sha256$600001$", 21), 0);

	/* The hash is PBKDF2-HMAC-SHA256 of the salt at that count. */
	ck_assert_int_eq(password_hash(PW, 1234, h), 0);
	salthex = h + strlen("pbkdf2-sha256$1234$");
	salthex[32] = '\0';
	ck_assert_int_eq(hex_decode(salthex, salt, sizeof(salt)), 0);
	ck_assert_int_eq(hex_decode(salthex + 33, want, sizeof(want)), 0);
	ck_assert_int_eq(PKCS5_PBKDF2_HMAC(PW, (int)strlen(PW), salt,
	    sizeof(salt), 1234, EVP_sha256(), sizeof(dk), dk), 1);
	ck_assert_int_eq(memcmp(dk, want, sizeof(dk)), 0);
}
END_TEST

START_TEST(test_salted)
{
	char	 a[PASSWORD_HASH_MAX], b[PASSWORD_HASH_MAX];
	size_t	 saltat = strlen("pbkdf2-sha256$1000$");
	int	 rehash;

	ck_assert_int_eq(password_hash(PW, FAST, a), 0);
	ck_assert_int_eq(password_hash(PW, FAST, b), 0);
	ck_assert_str_ne(a, b);
	ck_assert_int_ne(memcmp(a + saltat, b + saltat, 32), 0);
	ck_assert_int_ne(memcmp(a + saltat + 33, b + saltat + 33, 64), 0);
	ck_assert_int_eq(verify(PW, a, FAST, &rehash), 1);
	ck_assert_int_eq(verify(PW, b, FAST, &rehash), 1);
}
END_TEST

START_TEST(test_malformed_stored)
{
	char	 h[PASSWORD_HASH_MAX], bad[2 * PASSWORD_HASH_MAX];
	char	 salt[33], dk[65];
	size_t	 i, saltat = strlen("pbkdf2-sha256$1000$");
	int	 rehash;

	ck_assert_int_eq(password_hash(PW, FAST, h), 0);
	memcpy(salt, h + saltat, 32);
	salt[32] = '\0';
	memcpy(dk, h + saltat + 33, 64);
	dk[64] = '\0';

	/* The pieces put back together verify... */
	snprintf(bad, sizeof(bad), "pbkdf2-sha256$1000$%s$%s", salt, dk);
	ck_assert_int_eq(verify(PW, bad, FAST, &rehash), 1);

	/* ...and each way of breaking them is refused. */
	{
		char	 cases[20][2 * PASSWORD_HASH_MAX];
		size_t	 n = 0;

		snprintf(cases[n++], sizeof(cases[0]), "%s", "");
		snprintf(cases[n++], sizeof(cases[0]), "pbkdf2-sha1$1000$%s$%s",
		    salt, dk);
		snprintf(cases[n++], sizeof(cases[0]),
		    "PBKDF2-SHA256$1000$%s$%s", salt, dk);
		snprintf(cases[n++], sizeof(cases[0]), "$1000$%s$%s", salt,
		    dk);
		snprintf(cases[n++], sizeof(cases[0]), "pbkdf2-sha256$0$%s$%s",
		    salt, dk);
		snprintf(cases[n++], sizeof(cases[0]),
		    "pbkdf2-sha256$01000$%s$%s", salt, dk);
		snprintf(cases[n++], sizeof(cases[0]),
		    "pbkdf2-sha256$+1000$%s$%s", salt, dk);
		snprintf(cases[n++], sizeof(cases[0]),
		    "pbkdf2-sha256$1000x$%s$%s", salt, dk);
		snprintf(cases[n++], sizeof(cases[0]), "pbkdf2-sha256$$%s$%s",
		    salt, dk);
		snprintf(cases[n++], sizeof(cases[0]),
		    "pbkdf2-sha256$1000$%s", salt);
		snprintf(cases[n++], sizeof(cases[0]),
		    "pbkdf2-sha256$1000$%s$", salt);
		snprintf(cases[n++], sizeof(cases[0]),
		    "pbkdf2-sha256$1000$$%s", dk);
		snprintf(cases[n++], sizeof(cases[0]),
		    "pbkdf2-sha256$1000$%.30s$%s", salt, dk);
		snprintf(cases[n++], sizeof(cases[0]),
		    "pbkdf2-sha256$1000$%s$%.63s", salt, dk);
		snprintf(cases[n++], sizeof(cases[0]),
		    "pbkdf2-sha256$1000$%s$%s0", salt, dk);
		snprintf(cases[n++], sizeof(cases[0]),
		    "pbkdf2-sha256$1000$%s$%s$", salt, dk);
		snprintf(cases[n++], sizeof(cases[0]),
		    "pbkdf2-sha256$1000$%.31sg$%s", salt, dk);
		snprintf(cases[n++], sizeof(cases[0]),
		    "pbkdf2-sha256$1000$%s$%.63sz", salt, dk);
		snprintf(cases[n++], sizeof(cases[0]),
		    "pbkdf2-sha256$99999999999999999999$%s$%s", salt, dk);
		snprintf(cases[n++], sizeof(cases[0]),
		    "pbkdf2-sha256$1000$%s$%s%*s", salt, dk, 80, "");
		for (i = 0; i < n; i++)
			ck_assert_msg(verify(PW, cases[i], FAST, &rehash) == 0 &&
			    rehash == 0, "accepted \"%s\"", cases[i]);
	}
}
END_TEST

START_TEST(test_tampered)
{
	char	 h[PASSWORD_HASH_MAX];
	size_t	 last;
	int	 rehash;

	ck_assert_int_eq(password_hash(PW, FAST, h), 0);
	last = strlen(h) - 1;
	h[last] = h[last] == '0' ? '1' : '0';
	ck_assert_int_eq(verify(PW, h, FAST, &rehash), 0);

	/* A different salt with the same hash does not match either. */
	ck_assert_int_eq(password_hash(PW, FAST, h), 0);
	last = strlen("pbkdf2-sha256$1000$");
	h[last] = h[last] == '0' ? '1' : '0';
	ck_assert_int_eq(verify(PW, h, FAST, &rehash), 0);

	/* Nor a different iteration count. */
	ck_assert_int_eq(password_hash(PW, 1001, h), 0);
	h[strlen("pbkdf2-sha256$100")] = '0';
	ck_assert_int_eq(verify(PW, h, FAST, &rehash), 0);
}
END_TEST

START_TEST(test_below_minimum_refused)
{
	char	 h[PASSWORD_HASH_MAX];
	int	 rehash;

	/* A hash weaker than PASSWORD_MIN_ITERATIONS is never accepted. */
	ck_assert_int_eq(password_hash(PW, PASSWORD_MIN_ITERATIONS - 1, h), 0);
	ck_assert_int_eq(verify(PW, h, 1, &rehash), 0);
	ck_assert_int_eq(password_hash(PW, 1, h), 0);
	ck_assert_int_eq(verify(PW, h, 1, &rehash), 0);
}
END_TEST

START_TEST(test_full_work_factor)
{
	char	 h[PASSWORD_HASH_MAX];
	char	 prefix[64];
	int	 rehash;

	ck_assert_int_eq(password_hash(PW, PASSWORD_ITERATIONS, h), 0);
	snprintf(prefix, sizeof(prefix), "pbkdf2-sha256$%u$",
	    (unsigned)PASSWORD_ITERATIONS);
	ck_assert_int_eq(strncmp(h, prefix, strlen(prefix)), 0);
	ck_assert_int_eq(verify(PW, h, PASSWORD_ITERATIONS, &rehash), 1);
	ck_assert_int_eq(rehash, 0);
}
END_TEST

START_TEST(test_burn_returns)
{
	/* Nothing to observe but that it does not crash on any input. */
	password_burn("", FAST);
	password_burn(PW, FAST);
}
END_TEST

/* password_problem */

START_TEST(test_problem_length_ascii)
{
	char	*s;

	ck_assert_ptr_nonnull(password_problem(""));
	ck_assert_ptr_nonnull(password_problem("abcdefghijk"));
	ck_assert_ptr_nonnull(strstr(password_problem("abcdefghijk"),
	    "at least 12"));
	ck_assert_ptr_null(password_problem("abcdefghijkl"));
	ck_assert_ptr_null(password_problem("correct horse battery staple"));

	s = repeat("a", PASSWORD_MAX_LEN);
	ck_assert_ptr_null(password_problem(s));
	free(s);
	s = repeat("a", PASSWORD_MAX_LEN + 1);
	ck_assert_ptr_nonnull(password_problem(s));
	ck_assert_ptr_nonnull(strstr(password_problem(s), "at most 256"));
	free(s);
}
END_TEST

START_TEST(test_problem_counts_characters)
{
	char	*s;

	/* 11 two-byte letters are 22 bytes but 11 characters: too short. */
	s = repeat("\xc3\xa9", 11);
	ck_assert_ptr_nonnull(password_problem(s));
	free(s);
	s = repeat("\xc3\xa9", 12);
	ck_assert_ptr_null(password_problem(s));
	free(s);
	ck_assert_ptr_null(password_problem(
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9"));
	s = repeat("\xf0\x9f\x94\x91", 11);	/* 44 bytes, 11 characters */
	ck_assert_ptr_nonnull(password_problem(s));
	free(s);

	/* 256 three-byte characters (768 bytes) are allowed; 257 are not. */
	s = repeat("\xe2\x82\xac", PASSWORD_MAX_LEN);
	ck_assert_ptr_null(password_problem(s));
	free(s);
	s = repeat("\xe2\x82\xac", PASSWORD_MAX_LEN + 1);
	ck_assert_ptr_nonnull(password_problem(s));
	free(s);
}
END_TEST

START_TEST(test_problem_controls)
{
	static const char *const bad[] = {
		"abcdefghijkl\t", "abcdef\nghijkl", "\rabcdefghijkl",
		"abcdefghijkl\x7f", "abcdefghijkl\x1b", "abcdefghijkl\x01",
	};
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(password_problem(bad[i]) != NULL,
		    "case %zu accepted", i);
		ck_assert_ptr_nonnull(strstr(password_problem(bad[i]),
		    "control"));
	}
}
END_TEST

START_TEST(test_problem_invalid_utf8)
{
	static const char *const bad[] = {
		"abcdefghijkl\xff", "abcdefghijkl\xc3", "abcdefghijkl\x80",
		"abcdefghijkl\xc0\xaf", "abcdefghijkl\xed\xa0\x80",
		"abcdefghijkl\xf4\x90\x80\x80",
	};
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(password_problem(bad[i]) != NULL,
		    "case %zu accepted", i);
		ck_assert_ptr_nonnull(strstr(password_problem(bad[i]),
		    "not valid"));
	}
}
END_TEST

/* text.c */

START_TEST(test_utf8_length_valid)
{
	ck_assert_int_eq(utf8_length(""), 0);
	ck_assert_int_eq(utf8_length("abc"), 3);
	ck_assert_int_eq(utf8_length("\xc3\xa9"), 1);		/* U+00E9 */
	ck_assert_int_eq(utf8_length("\xc2\x80"), 1);		/* U+0080 */
	ck_assert_int_eq(utf8_length("\xdf\xbf"), 1);		/* U+07FF */
	ck_assert_int_eq(utf8_length("\xe0\xa0\x80"), 1);	/* U+0800 */
	ck_assert_int_eq(utf8_length("\xe2\x82\xac"), 1);	/* U+20AC */
	ck_assert_int_eq(utf8_length("\xed\x9f\xbf"), 1);	/* U+D7FF */
	ck_assert_int_eq(utf8_length("\xee\x80\x80"), 1);	/* U+E000 */
	ck_assert_int_eq(utf8_length("\xef\xbf\xbf"), 1);	/* U+FFFF */
	ck_assert_int_eq(utf8_length("\xf0\x90\x80\x80"), 1);	/* U+10000 */
	ck_assert_int_eq(utf8_length("\xf0\x9f\x98\x80"), 1);	/* U+1F600 */
	ck_assert_int_eq(utf8_length("\xf4\x8f\xbf\xbf"), 1);	/* U+10FFFF */
	ck_assert_int_eq(utf8_length("a\xc3\xa9" "b\xe2\x82\xac"
	    "c\xf0\x9f\x98\x80"), 6);
}
END_TEST

START_TEST(test_utf8_length_invalid)
{
	static const char *const bad[] = {
		/* overlong */
		"\xc0\x80", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\x80",
		"\xe0\x9f\xbf", "\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf",
		/* surrogates */
		"\xed\xa0\x80", "\xed\xbf\xbf", "\xed\xb0\x80",
		/* beyond U+10FFFF */
		"\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xf7\xbf\xbf\xbf",
		"\xf8\x88\x80\x80\x80", "\xfc\x84\x80\x80\x80\x80",
		/* stray, missing or wrong continuation bytes */
		"\x80", "\xbf", ("a\x80" "b"), "\xc3", "\xe2\x82", "\xf0\x9f\x98",
		("\xe2\x82" "a"), "\xc3\xc3\xa9", "\xfe", "\xff",
	};
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(utf8_length(bad[i]) == -1, "case %zu: %ld", i,
		    utf8_length(bad[i]));
}
END_TEST

START_TEST(test_text_has_controls)
{
	ck_assert_int_eq(text_has_controls(""), 0);
	ck_assert_int_eq(text_has_controls("plain text \xc3\xa9~"), 0);
	ck_assert_int_eq(text_has_controls("a\tb"), 1);
	ck_assert_int_eq(text_has_controls("a\nb"), 1);
	ck_assert_int_eq(text_has_controls("\x01"), 1);
	ck_assert_int_eq(text_has_controls("\x1f"), 1);
	ck_assert_int_eq(text_has_controls("x\x7f"), 1);
}
END_TEST

START_TEST(test_text_problem)
{
	ck_assert_ptr_null(text_problem("Ada", 3, 1));
	ck_assert_ptr_null(text_problem("", 3, 0));
	ck_assert_ptr_nonnull(text_problem("", 3, 1));
	ck_assert_str_eq(text_problem("", 3, 1), "This is required.");
	ck_assert_ptr_nonnull(text_problem("Adam", 3, 1));
	ck_assert_str_eq(text_problem("Adam", 3, 0), "This is too long.");
	/* Characters, not bytes, count toward max. */
	ck_assert_ptr_null(text_problem("\xc3\xa9\xc3\xa9\xc3\xa9", 3, 1));
	ck_assert_ptr_nonnull(text_problem("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
	    3, 1));
	ck_assert_str_eq(text_problem("a\xff", 10, 0),
	    "This is not valid text.");
	ck_assert_str_eq(text_problem("a\tb", 10, 0),
	    "This may not contain control characters.");
	ck_assert_ptr_nonnull(text_problem("a\nb", 10, 0));
}
END_TEST

START_TEST(test_email_problem)
{
	static const char *const good[] = {
		"name@example.com", "a@b.co", "first.last+tag@sub.example.org",
		"o'brien@example.ie", "j\xc3\xb6rg@example.de",
	};
	static const char *const bad[] = {
		"", "name", "@example.com", "name@", "name@example",
		"name@.example.com", "name@example.com.", "a@b@c.com",
		"na me@example.com", "name@exa mple.com", " name@example.com",
		"name@example.com\n", "name@example.com\t", "n\x01@example.com",
		"n\xff@example.com",
	};
	char	*s;
	size_t	 i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(email_problem(good[i]) == NULL, "%s refused: %s",
		    good[i], email_problem(good[i]));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(email_problem(bad[i]) != NULL, "case %zu accepted",
		    i);

	/* 254 characters is the longest address. */
	s = repeat("a", 254);
	memcpy(s + 254 - 12, "@example.com", 12);
	ck_assert_ptr_null(email_problem(s));
	free(s);
	s = repeat("a", 255);
	memcpy(s + 255 - 12, "@example.com", 12);
	ck_assert_ptr_nonnull(email_problem(s));
	free(s);
}
END_TEST

START_TEST(test_text_lower_ascii)
{
	char	 s[] = "AbC-Z@Example.COM \xc3\x89t\xc3\xa9 [`{";
	char	 empty[] = "";

	text_lower_ascii(s);
	ck_assert_str_eq(s, "abc-z@example.com \xc3\x89t\xc3\xa9 [`{");
	text_lower_ascii(empty);
	ck_assert_str_eq(empty, "");
}
END_TEST

static Suite *
password_suite(void)
{
	Suite	*s = suite_create("password");
	TCase	*tc;

	tc = tcase_create("hash");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_wrong_password);
	tcase_add_test(tc, test_unicode_password);
	tcase_add_test(tc, test_rehash_flag);
	tcase_add_test(tc, test_stored_format);
	tcase_add_test(tc, test_salted);
	tcase_add_test(tc, test_malformed_stored);
	tcase_add_test(tc, test_tampered);
	tcase_add_test(tc, test_below_minimum_refused);
	tcase_add_test(tc, test_full_work_factor);
	tcase_add_test(tc, test_burn_returns);
	suite_add_tcase(s, tc);

	tc = tcase_create("rules");
	tcase_add_test(tc, test_problem_length_ascii);
	tcase_add_test(tc, test_problem_counts_characters);
	tcase_add_test(tc, test_problem_controls);
	tcase_add_test(tc, test_problem_invalid_utf8);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_test(tc, test_utf8_length_valid);
	tcase_add_test(tc, test_utf8_length_invalid);
	tcase_add_test(tc, test_text_has_controls);
	tcase_add_test(tc, test_text_problem);
	tcase_add_test(tc, test_email_problem);
	tcase_add_test(tc, test_text_lower_ascii);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(password_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
