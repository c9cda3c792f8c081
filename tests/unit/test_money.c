/* test_money.c: parsing and formatting amounts; the currency table. */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "money.h"

/* Expects s to parse as want for exponent. */
#define PARSES(s, exponent, want) do {					\
	int64_t	 v_ = INT64_C(-424242);					\
	enum money_parse_result r_ = money_parse((s), (exponent), &v_);	\
	ck_assert_msg(r_ == MONEY_OK, "\"%s\" (exp %d): result %d",	\
	    (s), (exponent), (int)r_);					\
	ck_assert_msg(v_ == (want), "\"%s\" (exp %d): %lld, not %lld",	\
	    (s), (exponent), (long long)v_, (long long)(want));		\
} while (0)

/* Expects s to fail with result want for exponent. */
#define FAILS(s, exponent, want) do {					\
	int64_t	 v_ = 0;						\
	enum money_parse_result r_ = money_parse((s), (exponent), &v_);	\
	ck_assert_msg(r_ == (want), "\"%s\" (exp %d): result %d, not %d", \
	    (s), (exponent), (int)r_, (int)(want));			\
} while (0)

static const struct currency *
find(const char *code)
{
	const struct currency	*c = currency_find(code);

	ck_assert_msg(c != NULL, "no %s", code);
	return c;
}

/* money_parse */

START_TEST(test_parse_whole)
{
	PARSES("500", 2, 50000);
	PARSES("0", 2, 0);
	PARSES("7", 2, 700);
	PARSES("+3", 2, 300);
	PARSES("-3", 2, -300);
	PARSES("1234", 2, 123400);
	PARSES("0001", 2, 100);
	PARSES("-0", 2, 0);
}
END_TEST

START_TEST(test_parse_decimals)
{
	PARSES("500.00", 2, 50000);
	PARSES("-25.50", 2, -2550);
	PARSES("25.5", 2, 2550);
	PARSES("0.5", 2, 50);
	PARSES(".5", 2, 50);
	PARSES("-.5", 2, -50);
	PARSES("0.01", 2, 1);
	PARSES("0.00", 2, 0);
	PARSES("1.05", 2, 105);
}
END_TEST

START_TEST(test_parse_space_and_groups)
{
	PARSES(" 1,234.56 ", 2, 123456);
	PARSES("\t12\n", 2, 1200);
	PARSES("1,000", 2, 100000);
	PARSES("12,345", 2, 1234500);
	PARSES("123,456", 2, 12345600);
	PARSES("1,234,567.89", 2, 123456789);
	PARSES("-1,234.5", 2, -123450);
}
END_TEST

START_TEST(test_parse_bad_groups)
{
	FAILS("1,23", 2, MONEY_INVALID);
	FAILS("1234,567", 2, MONEY_INVALID);
	FAILS("12,34,567", 2, MONEY_INVALID);
	FAILS("1,2345", 2, MONEY_INVALID);
	FAILS(",123", 2, MONEY_INVALID);
	FAILS("1,,234", 2, MONEY_INVALID);
	FAILS("1,234,", 2, MONEY_INVALID);
	FAILS("1,", 2, MONEY_INVALID);
	FAILS("1,234,56", 2, MONEY_INVALID);
	FAILS("1.00,5", 2, MONEY_INVALID);
	FAILS("1,234.5,6", 2, MONEY_INVALID);
}
END_TEST

START_TEST(test_parse_too_precise)
{
	FAILS("1.234", 2, MONEY_TOO_PRECISE);
	FAILS("0.001", 2, MONEY_TOO_PRECISE);
	FAILS("1.230", 2, MONEY_TOO_PRECISE);
	FAILS("-1.234", 2, MONEY_TOO_PRECISE);
}
END_TEST

START_TEST(test_parse_empty)
{
	FAILS("", 2, MONEY_EMPTY);
	FAILS("   ", 2, MONEY_EMPTY);
	FAILS(" \t\n", 2, MONEY_EMPTY);
}
END_TEST

START_TEST(test_parse_invalid)
{
	static const char *const bad[] = {
		"abc", "1e3", "1.2.3", "--1", "+-1", "-+1", ".", "-", "+",
		"-.", "1 000", "- 5", "5-", "$5", "5$", "0x10", "1..2",
		"1. 5", ("\xe2\x82\xac" "5"), "12a", "a12", "1_000", "\xef\xbc\x95",
	};
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		FAILS(bad[i], 2, MONEY_INVALID);
}
END_TEST

START_TEST(test_parse_max)
{
	/* MONEY_MAX is 9007199254740991 minor units. */
	PARSES("90071992547409.91", 2, MONEY_MAX);
	PARSES("-90071992547409.91", 2, -MONEY_MAX);
	PARSES("90,071,992,547,409.91", 2, MONEY_MAX);
	FAILS("90071992547409.92", 2, MONEY_TOO_LARGE);
	FAILS("-90071992547409.92", 2, MONEY_TOO_LARGE);
	FAILS("90071992547410", 2, MONEY_TOO_LARGE);
	FAILS("90071992547409.910", 2, MONEY_TOO_PRECISE);
	FAILS("99999999999999999999999999999", 2, MONEY_TOO_LARGE);
	FAILS("9223372036854775807", 0, MONEY_TOO_LARGE);
	FAILS("18446744073709551616", 0, MONEY_TOO_LARGE);
	PARSES("9007199254740991", 0, MONEY_MAX);
	FAILS("9007199254740992", 0, MONEY_TOO_LARGE);
	PARSES("9007199254740.991", 3, MONEY_MAX);
	FAILS("9007199254740.992", 3, MONEY_TOO_LARGE);
	PARSES("000000000000000000000000090071992547409.91", 2, MONEY_MAX);
}
END_TEST

START_TEST(test_parse_exponent_0)
{
	PARSES("500", 0, 500);
	PARSES("1,000", 0, 1000);
	PARSES("-7", 0, -7);
	FAILS("5.5", 0, MONEY_TOO_PRECISE);
	FAILS("0.1", 0, MONEY_TOO_PRECISE);
	FAILS(".5", 0, MONEY_TOO_PRECISE);
	FAILS("", 0, MONEY_EMPTY);
	FAILS("x", 0, MONEY_INVALID);
}
END_TEST

START_TEST(test_parse_exponent_3)
{
	PARSES("1", 3, 1000);
	PARSES("1.5", 3, 1500);
	PARSES("1.25", 3, 1250);
	PARSES("1.234", 3, 1234);
	PARSES("0.001", 3, 1);
	PARSES("-1,234.567", 3, -1234567);
	FAILS("1.2345", 3, MONEY_TOO_PRECISE);
}
END_TEST

START_TEST(test_parse_messages)
{
	ck_assert_str_eq(money_parse_message(MONEY_OK), "");
	ck_assert_str_ne(money_parse_message(MONEY_EMPTY), "");
	ck_assert_str_ne(money_parse_message(MONEY_INVALID), "");
	ck_assert_str_ne(money_parse_message(MONEY_TOO_PRECISE), "");
	ck_assert_str_ne(money_parse_message(MONEY_TOO_LARGE), "");
	ck_assert_str_ne(money_parse_message(MONEY_EMPTY),
	    money_parse_message(MONEY_INVALID));
	ck_assert_str_ne(money_parse_message(MONEY_TOO_PRECISE),
	    money_parse_message(MONEY_TOO_LARGE));
}
END_TEST

/* money_format */

START_TEST(test_format_eur)
{
	const struct currency	*eur = find("EUR");
	char			 out[MONEY_TEXT_MAX];

	ck_assert_ptr_eq(money_format(123456, eur, out), out);
	ck_assert_str_eq(out, "\xe2\x82\xac" "1,234.56");
	ck_assert_str_eq(money_format(-123456, eur, out),
	    "\xe2\x82\xac" "1,234.56");
	ck_assert_str_eq(money_format(0, eur, out), "\xe2\x82\xac" "0.00");
	ck_assert_str_eq(money_format(5, eur, out), "\xe2\x82\xac" "0.05");
	ck_assert_str_eq(money_format(-5, eur, out), "\xe2\x82\xac" "0.05");
	ck_assert_str_eq(money_format(100, eur, out), "\xe2\x82\xac" "1.00");
	ck_assert_str_eq(money_format(99999, eur, out),
	    "\xe2\x82\xac" "999.99");
	ck_assert_str_eq(money_format(100000, eur, out),
	    "\xe2\x82\xac" "1,000.00");
	ck_assert_str_eq(money_format(100000000, eur, out),
	    "\xe2\x82\xac" "1,000,000.00");
}
END_TEST

START_TEST(test_format_other_currencies)
{
	char	 out[MONEY_TEXT_MAX];

	ck_assert_str_eq(money_format(1000, find("JPY"), out),
	    "\xc2\xa5" "1,000");
	ck_assert_str_eq(money_format(999, find("JPY"), out), "\xc2\xa5" "999");
	ck_assert_str_eq(money_format(1000000, find("JPY"), out),
	    "\xc2\xa5" "1,000,000");
	ck_assert_str_eq(money_format(0, find("JPY"), out), "\xc2\xa5" "0");
	ck_assert_str_eq(money_format(1234567, find("KWD"), out),
	    "KWD 1,234.567");
	ck_assert_str_eq(money_format(1, find("KWD"), out), "KWD 0.001");
	ck_assert_str_eq(money_format(250, find("USD"), out), "$2.50");
	ck_assert_str_eq(money_format(-250, find("GBP"), out),
	    "\xc2\xa3" "2.50");
}
END_TEST

START_TEST(test_format_extremes)
{
	const struct currency	*eur = find("EUR");
	char			 out[MONEY_TEXT_MAX];

	ck_assert_str_eq(money_format(MONEY_MAX, eur, out),
	    "\xe2\x82\xac" "90,071,992,547,409.91");
	ck_assert_str_eq(money_format(-MONEY_MAX, eur, out),
	    "\xe2\x82\xac" "90,071,992,547,409.91");
	ck_assert_str_eq(money_format(MONEY_MAX, find("JPY"), out),
	    "\xc2\xa5" "9,007,199,254,740,991");
	/* Out of Slate's range, but it must still fit the buffer. */
	ck_assert_str_eq(money_format(INT64_MIN, eur, out),
	    "\xe2\x82\xac" "92,233,720,368,547,758.08");
	ck_assert_str_eq(money_format(INT64_MAX, find("BHD"), out),
	    "BHD 9,223,372,036,854,775.807");
}
END_TEST

/* money_plain */

START_TEST(test_plain)
{
	char	 out[MONEY_TEXT_MAX];

	ck_assert_ptr_eq(money_plain(-2550, 2, out), out);
	ck_assert_str_eq(out, "-25.50");
	ck_assert_str_eq(money_plain(5, 2, out), "0.05");
	ck_assert_str_eq(money_plain(-5, 2, out), "-0.05");
	ck_assert_str_eq(money_plain(0, 2, out), "0.00");
	ck_assert_str_eq(money_plain(50000, 2, out), "500.00");
	ck_assert_str_eq(money_plain(123456789, 2, out), "1234567.89");
	ck_assert_str_eq(money_plain(500, 0, out), "500");
	ck_assert_str_eq(money_plain(-7, 0, out), "-7");
	ck_assert_str_eq(money_plain(0, 0, out), "0");
	ck_assert_str_eq(money_plain(1, 3, out), "0.001");
	ck_assert_str_eq(money_plain(1234567, 3, out), "1234.567");
	ck_assert_str_eq(money_plain(MONEY_MAX, 2, out), "90071992547409.91");
	ck_assert_str_eq(money_plain(-MONEY_MAX, 2, out),
	    "-90071992547409.91");
	ck_assert_str_eq(money_plain(INT64_MIN, 2, out),
	    "-92233720368547758.08");
}
END_TEST

START_TEST(test_plain_parses_back)
{
	static const int64_t values[] = {
		0, 1, -1, 9, 10, 99, 100, 101, 2550, -2550, 123456789,
		MONEY_MAX, -MONEY_MAX, MONEY_MAX - 1, 1000000,
	};
	static const int exponents[] = { 0, 2, 3 };
	char	 out[MONEY_TEXT_MAX];
	int64_t	 back;
	size_t	 i, j;

	for (j = 0; j < 3; j++)
		for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
			money_plain(values[i], exponents[j], out);
			back = 0;
			ck_assert_msg(money_parse(out, exponents[j], &back) ==
			    MONEY_OK && back == values[i],
			    "%lld (exp %d) -> \"%s\" -> %lld",
			    (long long)values[i], exponents[j], out,
			    (long long)back);
		}
}
END_TEST

/* currency_find */

START_TEST(test_currency_find)
{
	const struct currency	*c;

	c = currency_find("EUR");
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->code, "EUR");
	ck_assert_int_eq(c->exponent, 2);
	ck_assert_str_eq(c->symbol, "\xe2\x82\xac");

	c = currency_find("JPY");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->exponent, 0);
	c = currency_find("KWD");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->exponent, 3);
	ck_assert_int_eq(find("USD")->exponent, 2);
	ck_assert_int_eq(find("GBP")->exponent, 2);

	ck_assert_ptr_null(currency_find("XYZ"));
	ck_assert_ptr_null(currency_find("eur"));
	ck_assert_ptr_null(currency_find(""));
	ck_assert_ptr_null(currency_find("EU"));
	ck_assert_ptr_null(currency_find("EURO"));
	ck_assert_ptr_null(currency_find(" EUR"));
}
END_TEST

/* money_parse_input */

/* Expects s typed for currency code to be want minor units. */
#define INPUT_PARSES(s, code, want) do {				\
	int64_t	 v_ = INT64_C(-424242);					\
	enum money_parse_result r_ = money_parse_input((s), find(code), &v_); \
	ck_assert_msg(r_ == MONEY_OK, "\"%s\" (%s): result %d", (s),	\
	    (code), (int)r_);						\
	ck_assert_msg(v_ == (want), "\"%s\" (%s): %lld, not %lld", (s),	\
	    (code), (long long)v_, (long long)(want));			\
} while (0)

/* Expects s typed for currency code to fail with want. */
#define INPUT_FAILS(s, code, want) do {					\
	int64_t	 v_ = 0;						\
	enum money_parse_result r_ = money_parse_input((s), find(code), &v_); \
	ck_assert_msg(r_ == (want), "\"%s\" (%s): result %d, not %d", (s), \
	    (code), (int)r_, (int)(want));				\
} while (0)

START_TEST(test_input_symbols_and_codes)
{
	INPUT_PARSES("\xe2\x82\xac" "12", "EUR", 1200);
	INPUT_PARSES("12 \xe2\x82\xac", "EUR", 1200);
	INPUT_PARSES(" \xe2\x82\xac 1,234.50 ", "EUR", 123450);
	INPUT_PARSES("EUR 12", "EUR", 1200);
	INPUT_PARSES("12 eur", "EUR", 1200);
	INPUT_PARSES("-\xe2\x82\xac" "5", "EUR", -500);
	INPUT_PARSES("\xe2\x82\xac-5", "EUR", -500);
	INPUT_PARSES("- 25.50", "EUR", -2550);
	INPUT_PARSES("1234.5", "EUR", 123450);
	INPUT_PARSES("CHF 10", "CHF", 1000);
	INPUT_PARSES("10CHF", "CHF", 1000);
	INPUT_PARSES("\xc2\xa5" "1,000", "JPY", 1000);
	INPUT_PARSES("KWD 1.250", "KWD", 1250);
	INPUT_PARSES("$7", "USD", 700);
}
END_TEST

START_TEST(test_input_refused)
{
	INPUT_FAILS("", "EUR", MONEY_EMPTY);
	INPUT_FAILS("  ", "EUR", MONEY_EMPTY);
	INPUT_FAILS("\xe2\x82\xac", "EUR", MONEY_EMPTY);
	INPUT_FAILS("12.345", "EUR", MONEY_TOO_PRECISE);
	INPUT_FAILS("12.5", "JPY", MONEY_TOO_PRECISE);
	INPUT_FAILS("abc", "EUR", MONEY_INVALID);
	INPUT_FAILS("$12", "EUR", MONEY_INVALID);
	INPUT_FAILS("\xc2\xa3" "12", "EUR", MONEY_INVALID);
	INPUT_FAILS("\xe2\x82\xac" "12 \xe2\x82\xac", "EUR", MONEY_INVALID);
	INPUT_FAILS("-\xe2\x82\xac-5", "EUR", MONEY_INVALID);
	INPUT_FAILS("1 234", "EUR", MONEY_INVALID);
	INPUT_FAILS("1,23", "EUR", MONEY_INVALID);
	INPUT_FAILS("99999999999999999", "EUR", MONEY_TOO_LARGE);
	INPUT_FAILS("1111111111111111111111111111111111111111111111111111111"
	    "111111111111", "EUR", MONEY_INVALID);
}
END_TEST

static Suite *
money_suite(void)
{
	Suite	*s = suite_create("money");
	TCase	*tc;

	tc = tcase_create("parse");
	tcase_add_test(tc, test_parse_whole);
	tcase_add_test(tc, test_parse_decimals);
	tcase_add_test(tc, test_parse_space_and_groups);
	tcase_add_test(tc, test_parse_bad_groups);
	tcase_add_test(tc, test_parse_too_precise);
	tcase_add_test(tc, test_parse_empty);
	tcase_add_test(tc, test_parse_invalid);
	tcase_add_test(tc, test_parse_max);
	tcase_add_test(tc, test_parse_exponent_0);
	tcase_add_test(tc, test_parse_exponent_3);
	tcase_add_test(tc, test_parse_messages);
	tcase_add_test(tc, test_input_symbols_and_codes);
	tcase_add_test(tc, test_input_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_test(tc, test_format_eur);
	tcase_add_test(tc, test_format_other_currencies);
	tcase_add_test(tc, test_format_extremes);
	tcase_add_test(tc, test_plain);
	tcase_add_test(tc, test_plain_parses_back);
	suite_add_tcase(s, tc);

	tc = tcase_create("currency");
	tcase_add_test(tc, test_currency_find);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(money_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
