/* test_autohold.c: the auto-hold rules: when a charge is overdue, how long and how much, which rule holds an account, and the reasons. */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "autohold.h"
#include "money.h"

/* A date from its parts. */
static struct sdate
day(int y, int m, int d)
{
	struct sdate	 s = { y, m, d };

	return s;
}

/* The overdue of one charge made on made, due on due (NULL: none), as of today. */
static struct autohold_overdue
one(struct sdate today, struct sdate made, const struct sdate *due,
    int64_t open)
{
	struct autohold_overdue	 o;

	memset(&o, 0, sizeof(o));
	autohold_overdue_add(&o, today, made, due, open);
	return o;
}

START_TEST(test_due_is_the_day_made_without_due_on)
{
	struct autohold_overdue	 o;

	o = one(day(2026, 2, 10), day(2026, 1, 1), NULL, 500);
	ck_assert_int_eq(o.oldest_days, 40);
	ck_assert_int_eq(o.amount, 500);
}
END_TEST

START_TEST(test_due_is_the_later_of_due_on_and_made)
{
	struct sdate		 due = day(2026, 1, 20);
	struct sdate		 early = day(2025, 12, 1);
	struct autohold_overdue	 o;

	/* A statement date after the sale moves the due date on. */
	o = one(day(2026, 2, 10), day(2026, 1, 1), &due, 500);
	ck_assert_int_eq(o.oldest_days, 21);
	/* A due date before the sale counts from the sale. */
	o = one(day(2026, 2, 10), day(2026, 2, 1), &early, 500);
	ck_assert_int_eq(o.oldest_days, 9);
}
END_TEST

START_TEST(test_not_yet_due_adds_nothing)
{
	struct sdate		 due = day(2026, 2, 10);
	struct autohold_overdue	 o;

	/* Due today: not overdue until tomorrow. */
	o = one(day(2026, 2, 10), day(2026, 2, 10), NULL, 500);
	ck_assert_int_eq(o.oldest_days, 0);
	ck_assert_int_eq(o.amount, 0);
	o = one(day(2026, 2, 10), day(2026, 1, 1), &due, 500);
	ck_assert_int_eq(o.amount, 0);
	/* Made after the date asked about. */
	o = one(day(2026, 2, 10), day(2026, 3, 1), NULL, 500);
	ck_assert_int_eq(o.amount, 0);
	/* Nothing open of it. */
	o = one(day(2026, 2, 10), day(2026, 1, 1), NULL, 0);
	ck_assert_int_eq(o.amount, 0);
	ck_assert_int_eq(o.oldest_days, 0);
}
END_TEST

START_TEST(test_across_months_and_years)
{
	struct autohold_overdue	 o;

	o = one(day(2026, 3, 1), day(2025, 12, 31), NULL, 1);
	ck_assert_int_eq(o.oldest_days, 60);
	o = one(day(2024, 3, 1), day(2024, 2, 28), NULL, 1);
	ck_assert_int_eq(o.oldest_days, 2);	/* 2024 is a leap year */
}
END_TEST

START_TEST(test_sums_and_oldest)
{
	struct sdate		 today = day(2026, 6, 30), later = day(2026, 6, 1);
	struct autohold_overdue	 o;

	memset(&o, 0, sizeof(o));
	autohold_overdue_add(&o, today, day(2026, 6, 20), NULL, 1000);
	autohold_overdue_add(&o, today, day(2026, 4, 1), &later, 250);
	autohold_overdue_add(&o, today, day(2026, 6, 30), NULL, 9999);
	ck_assert_int_eq(o.amount, 1250);
	ck_assert_int_eq(o.oldest_days, 29);
}
END_TEST

START_TEST(test_days_rule_is_more_than)
{
	struct autohold_rules	 r = { 30, 0 };
	struct autohold_overdue	 o;

	o = one(day(2026, 2, 10), day(2026, 1, 11), NULL, 100);
	ck_assert_int_eq(o.oldest_days, 30);
	ck_assert_int_eq(autohold_triggered(&r, &o), AUTOHOLD_NONE);
	o = one(day(2026, 2, 10), day(2026, 1, 10), NULL, 100);
	ck_assert_int_eq(autohold_triggered(&r, &o), AUTOHOLD_DAYS);
	/* Forty days past due, as a run forty days on finds a sale of today. */
	o = one(day(2026, 2, 10), day(2026, 1, 1), NULL, 100);
	ck_assert_int_eq(autohold_triggered(&r, &o), AUTOHOLD_DAYS);
}
END_TEST

START_TEST(test_amount_rule_is_more_than)
{
	struct autohold_rules	 r = { 0, 10000 };
	struct autohold_overdue	 o = { 10000, 400 };

	ck_assert_int_eq(autohold_triggered(&r, &o), AUTOHOLD_NONE);
	o.amount = 10001;
	ck_assert_int_eq(autohold_triggered(&r, &o), AUTOHOLD_AMOUNT);
	o.oldest_days = 1;
	ck_assert_int_eq(autohold_triggered(&r, &o), AUTOHOLD_AMOUNT);
}
END_TEST

START_TEST(test_rules_off)
{
	struct autohold_rules	 off = { 0, 0 };
	struct autohold_overdue	 o = { MONEY_MAX, 3650 };

	ck_assert(!autohold_rules_on(&off));
	ck_assert_int_eq(autohold_triggered(&off, &o), AUTOHOLD_NONE);
	off.days = 1;
	ck_assert(autohold_rules_on(&off));
	off.days = 0;
	off.amount = 1;
	ck_assert(autohold_rules_on(&off));
}
END_TEST

START_TEST(test_days_before_amount)
{
	struct autohold_rules	 r = { 30, 5000 };
	struct autohold_overdue	 o = { 9000, 45 };
	struct autohold_overdue	 none = { 0, 0 };

	ck_assert_int_eq(autohold_triggered(&r, &o), AUTOHOLD_DAYS);
	o.oldest_days = 10;
	ck_assert_int_eq(autohold_triggered(&r, &o), AUTOHOLD_AMOUNT);
	ck_assert_int_eq(autohold_triggered(&r, &none), AUTOHOLD_NONE);
}
END_TEST

START_TEST(test_reasons)
{
	struct autohold_rules	 r = { 30, 10000 };
	const struct currency	*eur = currency_find("EUR");
	char			 out[AUTOHOLD_REASON_MAX];

	ck_assert_ptr_nonnull(eur);
	ck_assert_str_eq(autohold_reason(&r, AUTOHOLD_DAYS, eur, out,
	    sizeof(out)), "Overdue more than 30 days");
	ck_assert_str_eq(autohold_reason(&r, AUTOHOLD_AMOUNT, eur, out,
	    sizeof(out)), "Overdue amount over \xe2\x82\xac" "100.00");
	ck_assert_str_eq(autohold_reason(&r, AUTOHOLD_NONE, eur, out,
	    sizeof(out)), "");
	r.days = 1;
	ck_assert_str_eq(autohold_reason(&r, AUTOHOLD_DAYS, eur, out,
	    sizeof(out)), "Overdue more than 1 day");
	r.amount = 123456;
	ck_assert_str_eq(autohold_reason(&r, AUTOHOLD_AMOUNT,
	    currency_find("JPY"), out, sizeof(out)),
	    "Overdue amount over \xc2\xa5" "123,456");
}
END_TEST

static Suite *
autohold_suite(void)
{
	Suite	*s = suite_create("autohold");
	TCase	*tc;

	tc = tcase_create("overdue");
	tcase_add_test(tc, test_due_is_the_day_made_without_due_on);
	tcase_add_test(tc, test_due_is_the_later_of_due_on_and_made);
	tcase_add_test(tc, test_not_yet_due_adds_nothing);
	tcase_add_test(tc, test_across_months_and_years);
	tcase_add_test(tc, test_sums_and_oldest);
	suite_add_tcase(s, tc);

	tc = tcase_create("rules");
	tcase_add_test(tc, test_days_rule_is_more_than);
	tcase_add_test(tc, test_amount_rule_is_more_than);
	tcase_add_test(tc, test_rules_off);
	tcase_add_test(tc, test_days_before_amount);
	tcase_add_test(tc, test_reasons);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(autohold_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
