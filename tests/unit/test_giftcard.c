/* test_giftcard.c: gift card codes: the Luhn check digit, reading codes as typed or scanned, new codes. */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "giftcard.h"

START_TEST(test_check_digit_known)
{
	/* The textbook example, and card numbers printed in every test suite. */
	ck_assert_int_eq(giftcard_check_digit("7992739871", 10), '3');
	ck_assert_int_eq(giftcard_check_digit("411111111111111", 15), '1');
	ck_assert_int_eq(giftcard_check_digit("453914880343646", 15), '7');
	ck_assert_int_eq(giftcard_check_digit("000000000000000", 15), '0');
}
END_TEST

START_TEST(test_code_valid)
{
	ck_assert(giftcard_code_valid("4111111111111111"));
	ck_assert(giftcard_code_valid("4539148803436467"));
	ck_assert(!giftcard_code_valid("4111111111111112"));
	/* Two neighbours swapped. */
	ck_assert(!giftcard_code_valid("1411111111111111"));
	ck_assert(!giftcard_code_valid("411111111111111"));
	ck_assert(!giftcard_code_valid("41111111111111110"));
	ck_assert(!giftcard_code_valid("4111 111111111111"));
	ck_assert(!giftcard_code_valid(""));
}
END_TEST

START_TEST(test_code_read_normalises)
{
	char	 out[GIFTCARD_CODE_LEN + 1];

	ck_assert_ptr_null(giftcard_code_read("4111 1111 1111 1111", out));
	ck_assert_str_eq(out, "4111111111111111");
	ck_assert_ptr_null(giftcard_code_read("4539-1488-0343-6467", out));
	ck_assert_str_eq(out, "4539148803436467");
	ck_assert_ptr_null(giftcard_code_read("  4539148803436467 ", out));
	ck_assert_str_eq(out, "4539148803436467");
}
END_TEST

START_TEST(test_code_read_refuses)
{
	char		 out[GIFTCARD_CODE_LEN + 1];
	const char	*m;

	ck_assert_str_eq(giftcard_code_read("", out),
	    "Enter or scan the gift card's code.");
	ck_assert_str_eq(giftcard_code_read(" - ", out),
	    "Enter or scan the gift card's code.");
	ck_assert_ptr_nonnull(strstr(giftcard_code_read("4111 1111 1111 111",
	    out), "fewer"));
	ck_assert_ptr_nonnull(strstr(giftcard_code_read(
	    "4111 1111 1111 1111 1", out), "more"));
	ck_assert_ptr_nonnull(strstr(giftcard_code_read("4111x11111111111",
	    out), "only digits"));
	ck_assert_ptr_nonnull(strstr(giftcard_code_read("4111111111111111\n",
	    out), "only digits"));
	m = giftcard_code_read("4111 1111 1111 1112", out);
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_nonnull(strstr(m, "Check it against the card"));
}
END_TEST

START_TEST(test_code_new)
{
	char	 a[GIFTCARD_CODE_LEN + 1], b[GIFTCARD_CODE_LEN + 1];
	char	 read[GIFTCARD_CODE_LEN + 1];
	int	 i;

	for (i = 0; i < 200; i++) {
		ck_assert_int_eq(giftcard_code_new(a), 0);
		ck_assert_uint_eq(strlen(a), GIFTCARD_CODE_LEN);
		ck_assert_msg(giftcard_code_valid(a), "%s", a);
		ck_assert_ptr_null(giftcard_code_read(a, read));
		ck_assert_str_eq(read, a);
	}
	ck_assert_int_eq(giftcard_code_new(b), 0);
	ck_assert_str_ne(a, b);
}
END_TEST

START_TEST(test_code_show)
{
	char	 out[GIFTCARD_SHOWN_LEN];

	giftcard_code_show("4539148803436467", out);
	ck_assert_str_eq(out, "4539 1488 0343 6467");
	giftcard_code_show("12345", out);
	ck_assert_str_eq(out, "1234 5");
	giftcard_code_show("", out);
	ck_assert_str_eq(out, "");
}
END_TEST

static Suite *
giftcard_suite(void)
{
	Suite	*s = suite_create("giftcard");
	TCase	*tc = tcase_create("codes");

	tcase_add_test(tc, test_check_digit_known);
	tcase_add_test(tc, test_code_valid);
	tcase_add_test(tc, test_code_read_normalises);
	tcase_add_test(tc, test_code_read_refuses);
	tcase_add_test(tc, test_code_new);
	tcase_add_test(tc, test_code_show);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(giftcard_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
