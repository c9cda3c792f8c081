/* test_token.c: random tokens, SHA-256, hex, constant-time comparison. */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "token.h"

/* Returns the lowercase hex of the SHA-256 of the len bytes at s. */
static void
sha256_hex(const char *s, size_t len, char out[2 * HASH_BYTES + 1])
{
	unsigned char	 h[HASH_BYTES];

	ck_assert_int_eq(token_hash(s, len, h), 0);
	hex_encode(h, sizeof(h), out);
}

START_TEST(test_token_new_form)
{
	char	 t[TOKEN_HEXLEN + 1];
	size_t	 i;

	memset(t, 'X', sizeof(t));
	ck_assert_int_eq(token_new(t), 0);
	ck_assert_uint_eq(strlen(t), 64);
	for (i = 0; i < TOKEN_HEXLEN; i++)
		ck_assert_msg((t[i] >= '0' && t[i] <= '9') ||
		    (t[i] >= 'a' && t[i] <= 'f'), "byte %zu of %s", i, t);
}
END_TEST

START_TEST(test_token_new_differs)
{
	char	 a[TOKEN_HEXLEN + 1], b[TOKEN_HEXLEN + 1];
	unsigned char raw[TOKEN_BYTES];

	ck_assert_int_eq(token_new(a), 0);
	ck_assert_int_eq(token_new(b), 0);
	ck_assert_str_ne(a, b);
	/* Decodes back to TOKEN_BYTES bytes, not all zero. */
	ck_assert_int_eq(hex_decode(a, raw, sizeof(raw)), 0);
	ck_assert_int_ne(memcmp(raw, (unsigned char[TOKEN_BYTES]){ 0 },
	    sizeof(raw)), 0);
}
END_TEST

START_TEST(test_token_hash_known)
{
	char	 hex[2 * HASH_BYTES + 1];

	sha256_hex("abc", 3, hex);
	ck_assert_str_eq(hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex("", 0, hex);
	ck_assert_str_eq(hex,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56, hex);
	ck_assert_str_eq(hex,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

START_TEST(test_token_hash_uses_len)
{
	char	 a[2 * HASH_BYTES + 1], b[2 * HASH_BYTES + 1];

	/* Only len bytes are hashed, NUL bytes included. */
	sha256_hex("abcdef", 3, a);
	ck_assert_str_eq(a,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex("abc\0", 4, b);
	ck_assert_str_ne(a, b);
}
END_TEST

START_TEST(test_hex_encode)
{
	const unsigned char	 in[] = { 0x00, 0x01, 0x7f, 0x80, 0xab, 0xff };
	char			 out[16];

	memset(out, 'X', sizeof(out));
	hex_encode(in, sizeof(in), out);
	ck_assert_str_eq(out, "00017f80abff");
	ck_assert_int_eq(out[13], 'X');

	memset(out, 'X', sizeof(out));
	hex_encode(in, 0, out);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(out[1], 'X');
}
END_TEST

START_TEST(test_hex_round_trip)
{
	unsigned char	 in[256], back[256];
	char		 hex[513];
	int		 i;

	for (i = 0; i < 256; i++)
		in[i] = (unsigned char)i;
	hex_encode(in, sizeof(in), hex);
	ck_assert_uint_eq(strlen(hex), 512);
	ck_assert_int_eq(hex_decode(hex, back, sizeof(back)), 0);
	ck_assert_int_eq(memcmp(in, back, sizeof(in)), 0);
}
END_TEST

START_TEST(test_hex_decode_accepts)
{
	unsigned char	 out[3] = { 0 };

	ck_assert_int_eq(hex_decode("ABff09", out, 3), 0);
	ck_assert_uint_eq(out[0], 0xab);
	ck_assert_uint_eq(out[1], 0xff);
	ck_assert_uint_eq(out[2], 0x09);
	ck_assert_int_eq(hex_decode("", out, 0), 0);
}
END_TEST

START_TEST(test_hex_decode_rejects)
{
	static const char *const bad[] = {
		"", "a", "abc", "abcd", "abcdef00", "abcde", "zzzzzz",
		"0g0000", "00000g", " 00000", "00000 ", "-10000", "0x0000",
		("ab\xc3\xa9" "cd"),
	};
	unsigned char	 out[3];
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(hex_decode(bad[i], out, 3) == -1,
		    "\"%s\" decoded", bad[i]);
	ck_assert_int_eq(hex_decode("00", out, 0), -1);
}
END_TEST

START_TEST(test_token_equal)
{
	ck_assert_int_eq(token_equal("abc", "abc"), 1);
	ck_assert_int_eq(token_equal("", ""), 1);
	ck_assert_int_eq(token_equal("abc", "abd"), 0);
	ck_assert_int_eq(token_equal("abc", "Abc"), 0);
	ck_assert_int_eq(token_equal("abc", "ab"), 0);
	ck_assert_int_eq(token_equal("ab", "abc"), 0);
	ck_assert_int_eq(token_equal("", "a"), 0);
	ck_assert_int_eq(token_equal("a", ""), 0);
}
END_TEST

START_TEST(test_token_equal_tokens)
{
	char	 a[TOKEN_HEXLEN + 1], b[TOKEN_HEXLEN + 1];

	ck_assert_int_eq(token_new(a), 0);
	memcpy(b, a, sizeof(a));
	ck_assert_int_eq(token_equal(a, b), 1);
	b[TOKEN_HEXLEN - 1] = b[TOKEN_HEXLEN - 1] == '0' ? '1' : '0';
	ck_assert_int_eq(token_equal(a, b), 0);
}
END_TEST

static Suite *
token_suite(void)
{
	Suite	*s = suite_create("token");
	TCase	*tc;

	tc = tcase_create("token");
	tcase_add_test(tc, test_token_new_form);
	tcase_add_test(tc, test_token_new_differs);
	tcase_add_test(tc, test_token_hash_known);
	tcase_add_test(tc, test_token_hash_uses_len);
	tcase_add_test(tc, test_token_equal);
	tcase_add_test(tc, test_token_equal_tokens);
	suite_add_tcase(s, tc);

	tc = tcase_create("hex");
	tcase_add_test(tc, test_hex_encode);
	tcase_add_test(tc, test_hex_round_trip);
	tcase_add_test(tc, test_hex_decode_accepts);
	tcase_add_test(tc, test_hex_decode_rejects);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(token_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
