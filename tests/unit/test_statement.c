/* test_statement.c: statement periods from the settlement rules, brought-forward arithmetic, statement numbers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "schedule.h"
#include "statement.h"

/* The date text s, which must be valid. */
static struct sdate
day(const char *s)
{
	struct sdate	 d = { 0, 0, 0 };

	ck_assert_msg(sdate_parse(s, &d) == 0, "bad date %s in a test", s);
	return d;
}

static struct schedule
rule(const char *text)
{
	struct schedule	 s;
	const char	*msg;

	memset(&s, 0, sizeof(s));
	msg = schedule_parse(text, &s);
	ck_assert_msg(msg == NULL, "'%s' refused: %s", text, msg);
	return s;
}

/* Expects the latest statement date of text from start on or before d to be want. */
static void
latest_is(const char *text, const char *start, const char *d,
    const char *want)
{
	struct schedule	 s = rule(text);
	struct sdate	 got;
	char		 buf[SDATE_TEXT];
	int		 rc;

	rc = statement_latest_date(&s, day(start), day(d), &got);
	ck_assert_msg(rc == 0, "'%s' from %s on %s: rc %d", text, start, d,
	    rc);
	sdate_format(got, buf);
	ck_assert_msg(strcmp(buf, want) == 0, "'%s' from %s on %s: %s, not %s",
	    text, start, d, buf, want);
}

/* Expects no statement date of text from start on or before d. */
static void
latest_none(const char *text, const char *start, const char *d)
{
	struct schedule	 s = rule(text);
	struct sdate	 got;

	ck_assert_int_eq(statement_latest_date(&s, day(start), day(d), &got),
	    1);
}

START_TEST(test_month_ends)
{
	/* Day 31 is the last day of shorter months, February included. */
	latest_is("every month on day 31", "2026-01-01", "2026-02-27",
	    "2026-01-31");
	latest_is("every month on day 31", "2026-01-01", "2026-02-28",
	    "2026-02-28");
	latest_is("every month on day 31", "2026-01-01", "2026-03-30",
	    "2026-02-28");
	latest_is("every month on day 31", "2026-01-01", "2026-03-31",
	    "2026-03-31");
	latest_is("every month on day 31", "2026-01-01", "2026-04-30",
	    "2026-04-30");
	/* Leap years: 2028 and 2000 are, 2100 is not. */
	latest_is("every month on day 31", "2028-01-01", "2028-02-28",
	    "2028-01-31");
	latest_is("every month on day 31", "2028-01-01", "2028-02-29",
	    "2028-02-29");
	latest_is("every month on day 30", "2000-01-01", "2000-03-01",
	    "2000-02-29");
	latest_is("every month on day 29", "2100-01-01", "2100-03-01",
	    "2100-02-28");
	/* Quarterly on the 31st. */
	latest_is("every 3 months on day 31", "2026-01-10", "2026-07-30",
	    "2026-04-30");
	latest_is("every 3 months on day 31", "2026-01-10", "2026-12-31",
	    "2026-10-31");
}
END_TEST

START_TEST(test_nth_weekday)
{
	/* 2026-11: Mondays 2, 9, 16, 23, 30; Fridays 6, 13, 20, 27. */
	latest_is("every month on first monday", "2026-01-01", "2026-11-01",
	    "2026-10-05");
	latest_is("every month on first monday", "2026-01-01", "2026-11-02",
	    "2026-11-02");
	latest_is("every month on third monday", "2026-01-01", "2026-11-20",
	    "2026-11-16");
	latest_is("every month on last monday", "2026-01-01", "2026-11-29",
	    "2026-10-26");
	latest_is("every month on last monday", "2026-01-01", "2026-11-30",
	    "2026-11-30");
	latest_is("every month on last friday", "2026-01-01", "2026-12-31",
	    "2026-12-25");
	/* February 2027 has four Fridays; the last is the 26th. */
	latest_is("every month on last friday", "2026-01-01", "2027-03-25",
	    "2027-02-26");
	latest_is("every 2 months on second tuesday", "2026-01-01",
	    "2026-04-30", "2026-03-10");
}
END_TEST

START_TEST(test_every_three_weeks)
{
	/* 2026-01-05 is a Monday: then 26 Jan, 16 Feb, 9 Mar, ... */
	latest_is("every 3 weeks on first monday", "2026-01-01", "2026-01-25",
	    "2026-01-05");
	latest_is("every 3 weeks on first monday", "2026-01-01", "2026-01-26",
	    "2026-01-26");
	latest_is("every 3 weeks on monday", "2026-01-01", "2026-03-08",
	    "2026-02-16");
	latest_is("every 3 weeks on monday", "2026-01-01", "2026-03-09",
	    "2026-03-09");
	/* Across the year end: the 18th date, 357 days after the first. */
	latest_is("every 3 weeks on monday", "2026-01-01", "2027-01-17",
	    "2026-12-28");
	latest_is("every 3 weeks on monday", "2026-01-01", "2027-01-18",
	    "2027-01-18");
}
END_TEST

START_TEST(test_days_and_the_start)
{
	latest_is("every day", "2026-11-01", "2026-11-30", "2026-11-30");
	latest_is("every 10 days", "2026-11-01", "2026-11-30", "2026-11-21");
	/* 2024 is a leap year: 366 days on is 1 January 2025. */
	latest_is("every 366 days", "2024-01-01", "2024-12-31", "2024-01-01");
	latest_is("every 366 days", "2024-01-01", "2025-01-01", "2025-01-01");
	latest_is("every 366 days", "2025-01-01", "2026-01-01", "2025-01-01");
	/* The start counts; nothing falls before it. */
	latest_is("every 10 days", "2026-11-01", "2026-11-01", "2026-11-01");
	latest_none("every 10 days", "2026-11-02", "2026-11-01");
	latest_none("every month on day 1", "2026-11-02", "2026-11-30");
	latest_is("every month on day 1", "2026-11-02", "2026-12-01",
	    "2026-12-01");
}
END_TEST

START_TEST(test_catch_up_after_missed_runs)
{
	/* Months of missed runs: the one latest date, not every date missed. */
	latest_is("every month on day 1", "2026-01-01", "2026-09-15",
	    "2026-09-01");
	latest_is("every week on friday", "2020-01-01", "2026-11-26",
	    "2026-11-20");
	latest_is("every 12 months on day 31", "2020-02-10", "2026-02-27",
	    "2025-02-28");
}
END_TEST

/* The latest date found by walking every date from the start. */
static int
walk_latest(const struct schedule *s, struct sdate start, struct sdate d,
    struct sdate *out)
{
	struct sdate	 c, n;

	if (schedule_next(s, start, sdate_add_days(start, -1), &c) == -1 ||
	    sdate_cmp(c, d) > 0)
		return 1;
	while (schedule_next(s, start, c, &n) == 0 && sdate_cmp(n, d) <= 0)
		c = n;
	*out = c;
	return 0;
}

START_TEST(test_against_walking_every_date)
{
	static const char *const rules[] = {
		"every day", "every 2 days", "every 45 days", "every 366 days",
		"every week on sunday", "every 3 weeks on first monday",
		"every 52 weeks on wednesday", "every month on day 1",
		"every month on day 29", "every month on day 31",
		"every 5 months on day 30", "every 12 months on day 31",
		"every month on last friday", "every 4 months on fourth sunday",
		"every 12 months on first thursday",
	};
	struct schedule	 s;
	struct sdate	 start = day("2023-12-17"), d, want, got;
	size_t		 i;
	int		 n, rw, rg;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		s = rule(rules[i]);
		for (n = -3; n < 1200; n += 7) {
			d = sdate_add_days(start, n);
			rw = walk_latest(&s, start, d, &want);
			rg = statement_latest_date(&s, start, d, &got);
			ck_assert_msg(rw == rg, "'%s' day %d: rc %d, not %d",
			    rules[i], n, rg, rw);
			ck_assert_msg(rw != 0 || sdate_cmp(want, got) == 0,
			    "'%s' day %d: dates differ", rules[i], n);
			ck_assert(rw != 0 || schedule_occurs(&s, start, got));
		}
	}
}
END_TEST

START_TEST(test_invalid)
{
	struct schedule	 s = rule("every day");
	struct sdate	 bad = { 2026, 2, 30 }, got;

	ck_assert_int_eq(statement_latest_date(&s, bad, day("2026-03-01"),
	    &got), -1);
	ck_assert_int_eq(statement_latest_date(&s, day("2026-03-01"), bad,
	    &got), -1);
}
END_TEST

START_TEST(test_period_start)
{
	struct sdate	 prev = day("2026-10-31"), out;
	char		 buf[SDATE_TEXT];

	/* The day after the previous statement, across a month end. */
	statement_period_start(&prev, day("2025-01-01"), day("2026-11-30"),
	    &out);
	sdate_format(out, buf);
	ck_assert_str_eq(buf, "2026-11-01");
	/* The first statement starts at the first entry. */
	statement_period_start(NULL, day("2026-11-12"), day("2026-11-30"),
	    &out);
	sdate_format(out, buf);
	ck_assert_str_eq(buf, "2026-11-12");
	/* Never after the statement date. */
	statement_period_start(NULL, day("2026-12-02"), day("2026-11-30"),
	    &out);
	sdate_format(out, buf);
	ck_assert_str_eq(buf, "2026-11-30");
	prev = day("2028-02-28");
	statement_period_start(&prev, day("2020-01-01"), day("2028-03-31"),
	    &out);
	sdate_format(out, buf);
	ck_assert_str_eq(buf, "2028-02-29");
}
END_TEST

START_TEST(test_brought_forward)
{
	struct statement_figures	 f, g;

	/* Owing 100.00, a sale of 25.50 and a payment of 60.00. */
	statement_figures_start(&f, -10000);
	ck_assert_int_eq(statement_figures_add(&f, -2550), -12550);
	ck_assert_int_eq(statement_figures_add(&f, 6000), -6550);
	statement_figures_finish(&f);
	ck_assert_int_eq(f.opening, -10000);
	ck_assert_int_eq(f.debits, 2550);
	ck_assert_int_eq(f.credits, 6000);
	ck_assert_int_eq(f.closing, -6550);
	ck_assert_int_eq(f.closing, f.opening + f.credits - f.debits);
	ck_assert_int_eq(f.amount_due, 6550);

	/* The next statement brings the closing balance forward. */
	statement_figures_start(&g, f.closing);
	ck_assert_int_eq(statement_figures_add(&g, 10000), 3450);
	statement_figures_finish(&g);
	ck_assert_int_eq(g.opening, -6550);
	ck_assert_int_eq(g.closing, 3450);
	/* In credit: nothing is due. */
	ck_assert_int_eq(g.amount_due, 0);

	/* No lines: closing is opening. */
	statement_figures_start(&g, -1);
	statement_figures_finish(&g);
	ck_assert_int_eq(g.closing, -1);
	ck_assert_int_eq(g.debits + g.credits, 0);
	ck_assert_int_eq(g.amount_due, 1);
}
END_TEST

START_TEST(test_numbers)
{
	char	 buf[STATEMENT_NUMBER_MAX];

	statement_number_format(1, buf);
	ck_assert_str_eq(buf, "S000001");
	statement_number_format(12, buf);
	ck_assert_str_eq(buf, "S000012");
	statement_number_format(999999, buf);
	ck_assert_str_eq(buf, "S999999");
	statement_number_format(1000000, buf);
	ck_assert_str_eq(buf, "S1000000");
	/* Fourteen digits still fit the buffer, and the column. */
	statement_number_format(INT64_C(99999999999999), buf);
	ck_assert_str_eq(buf, "S99999999999999");
}
END_TEST

static Suite *
statement_suite(void)
{
	Suite	*s = suite_create("statement");
	TCase	*tc;

	tc = tcase_create("periods");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_month_ends);
	tcase_add_test(tc, test_nth_weekday);
	tcase_add_test(tc, test_every_three_weeks);
	tcase_add_test(tc, test_days_and_the_start);
	tcase_add_test(tc, test_catch_up_after_missed_runs);
	tcase_add_test(tc, test_against_walking_every_date);
	tcase_add_test(tc, test_invalid);
	tcase_add_test(tc, test_period_start);
	suite_add_tcase(s, tc);

	tc = tcase_create("figures");
	tcase_add_test(tc, test_brought_forward);
	tcase_add_test(tc, test_numbers);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(statement_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
