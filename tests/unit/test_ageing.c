/* test_ageing.c: ageing buckets: the bounds between them, as of dates across daylight saving and leap days, and the queries' rule against the definition. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "ageing.h"
#include "timez.h"

static struct timez_date
date(int y, int m, int d)
{
	struct timez_date	 v = { y, m, d };

	return v;
}

/*
 * The rule the queries use (cgi/db.c, AGEING_ITEMS): the first bound
 * the charge is due on or after, by due_on or by the instant it was
 * made; past the last bound, over 90 days.
 */
static enum ageing_bucket
query_bucket(const struct ageing_asof *a, time_t created, const char *due_on)
{
	int	 k;

	for (k = 0; k < AGEING_BOUNDS; k++)
		if ((due_on != NULL && strcmp(due_on, a->bound_date[k]) >= 0) ||
		    created >= a->bound_start[k])
			return (enum ageing_bucket)k;
	return AGEING_OVER_90;
}

/* In zone: the instant of local y-m-d at h:mi. */
static time_t
local_instant(int y, int m, int d, int h, int mi)
{
	struct timez_date	 v = date(y, m, d);

	return timez_day_start(&v) + (time_t)h * 3600 + (time_t)mi * 60;
}

/* In zone: ageing as of y-m-d, today far later (so it is in the past). */
static void
asof(int y, int m, int d, struct ageing_asof *a)
{
	struct timez_date	 v = date(y, m, d), today = date(2100, 1, 1);

	ck_assert_int_eq(ageing_asof_make(&v, &today, a), 0);
}

START_TEST(test_bucket_of_days)
{
	ck_assert_int_eq(ageing_bucket_of_days(-400), AGEING_CURRENT);
	ck_assert_int_eq(ageing_bucket_of_days(0), AGEING_CURRENT);
	ck_assert_int_eq(ageing_bucket_of_days(1), AGEING_1_30);
	ck_assert_int_eq(ageing_bucket_of_days(30), AGEING_1_30);
	ck_assert_int_eq(ageing_bucket_of_days(31), AGEING_31_60);
	ck_assert_int_eq(ageing_bucket_of_days(60), AGEING_31_60);
	ck_assert_int_eq(ageing_bucket_of_days(61), AGEING_61_90);
	ck_assert_int_eq(ageing_bucket_of_days(90), AGEING_61_90);
	ck_assert_int_eq(ageing_bucket_of_days(91), AGEING_OVER_90);
	ck_assert_int_eq(ageing_bucket_of_days(100000), AGEING_OVER_90);
	ck_assert_str_eq(ageing_bucket_key(AGEING_OVER_90), "d90_plus");
	ck_assert_str_eq(ageing_bucket_label(AGEING_CURRENT), "Current");
}
END_TEST

/* A charge made k days before D, at noon, lands in the bucket of k days. */
START_TEST(test_days_before)
{
	static const int	 days[] = { 0, 1, 30, 31, 60, 61, 90, 91 };
	static const enum ageing_bucket want[] = { AGEING_CURRENT,
	    AGEING_1_30, AGEING_1_30, AGEING_31_60, AGEING_31_60,
	    AGEING_61_90, AGEING_61_90, AGEING_OVER_90 };
	struct ageing_asof	 a;
	struct timez_date	 made;
	struct timez		 z;
	size_t			 i;
	time_t			 t;

	ck_assert_int_eq(timez_enter(&z, "Europe/Berlin"), 0);
	asof(2026, 6, 15, &a);
	for (i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		made = date(2026, 6, 15);
		timez_date_add_days(&made, -days[i]);
		t = timez_day_start(&made) + 12 * 3600;
		ck_assert_msg(ageing_bucket_at(&a, t, NULL) == want[i],
		    "%d days", days[i]);
		ck_assert_msg(query_bucket(&a, t, NULL) == want[i],
		    "%d days (query)", days[i]);
		/* The first and the last instant of that day alike. */
		t = timez_day_start(&made);
		ck_assert_int_eq(query_bucket(&a, t, NULL), want[i]);
		timez_date_add_days(&made, 1);
		t = timez_day_start(&made) - 1;
		ck_assert_int_eq(query_bucket(&a, t, NULL), want[i]);
	}
	timez_leave(&z);
}
END_TEST

START_TEST(test_bounds_text)
{
	struct ageing_asof	 a;
	struct timez		 z;

	ck_assert_int_eq(timez_enter(&z, "Europe/Berlin"), 0);
	asof(2026, 6, 15, &a);
	ck_assert_str_eq(a.bound_date[0], "2026-06-15");
	ck_assert_str_eq(a.bound_date[1], "2026-05-16");
	ck_assert_str_eq(a.bound_date[2], "2026-04-16");
	ck_assert_str_eq(a.bound_date[3], "2026-03-17");
	ck_assert_str_eq(a.bound_utc[0], "2026-06-14 22:00:00");
	/* 2026-03-17 is still winter time: UTC+1. */
	ck_assert_str_eq(a.bound_utc[3], "2026-03-16 23:00:00");
	ck_assert_str_eq(a.end_utc, "2026-06-15 22:00:00");
	ck_assert_int_eq(a.past, 1);
	timez_leave(&z);
}
END_TEST

/* Spring forward and fall back: the day boundaries move with the clocks. */
START_TEST(test_dst)
{
	struct ageing_asof	 a;
	struct timez		 z;
	time_t			 late, early;

	ck_assert_int_eq(timez_enter(&z, "Europe/Berlin"), 0);
	/* 2026-03-29 has 23 hours. */
	asof(2026, 3, 29, &a);
	ck_assert_str_eq(a.bound_utc[0], "2026-03-28 23:00:00");
	ck_assert_str_eq(a.end_utc, "2026-03-29 22:00:00");
	late = local_instant(2026, 3, 28, 23, 30);
	early = local_instant(2026, 3, 29, 0, 30);
	ck_assert_int_eq(ageing_bucket_at(&a, late, NULL), AGEING_1_30);
	ck_assert_int_eq(query_bucket(&a, late, NULL), AGEING_1_30);
	ck_assert_int_eq(ageing_bucket_at(&a, early, NULL), AGEING_CURRENT);
	ck_assert_int_eq(query_bucket(&a, early, NULL), AGEING_CURRENT);
	/* 2026-10-25 has 25 hours: 00:30 and 23:30 are both that day. */
	asof(2026, 11, 24, &a);
	ck_assert_str_eq(a.bound_date[1], "2026-10-25");
	ck_assert_str_eq(a.bound_utc[1], "2026-10-24 22:00:00");
	ck_assert_int_eq(query_bucket(&a, local_instant(2026, 10, 25, 23, 30),
	    NULL), AGEING_1_30);
	ck_assert_int_eq(query_bucket(&a, local_instant(2026, 10, 24, 23, 59),
	    NULL), AGEING_31_60);
	timez_leave(&z);
}
END_TEST

/* D - 30 of 2028-03-30 is the leap day. */
START_TEST(test_leap_day)
{
	struct ageing_asof	 a;
	struct timez		 z;

	ck_assert_int_eq(timez_enter(&z, "America/New_York"), 0);
	asof(2028, 3, 30, &a);
	ck_assert_str_eq(a.bound_date[1], "2028-02-29");
	ck_assert_int_eq(ageing_bucket_at(&a, local_instant(2028, 2, 29, 9, 0),
	    NULL), AGEING_1_30);
	ck_assert_int_eq(query_bucket(&a, local_instant(2028, 2, 29, 9, 0),
	    NULL), AGEING_1_30);
	ck_assert_int_eq(ageing_bucket_at(&a, local_instant(2028, 2, 28, 23,
	    59), NULL), AGEING_31_60);
	ck_assert_int_eq(query_bucket(&a, local_instant(2028, 2, 28, 23, 59),
	    NULL), AGEING_31_60);
	/* As of 2028-03-01, a charge of 2028-02-28 is 2 days past due. */
	asof(2028, 3, 1, &a);
	ck_assert_int_eq(ageing_bucket_at(&a, local_instant(2028, 2, 28, 12,
	    0), NULL), AGEING_1_30);
	ck_assert_str_eq(a.bound_date[1], "2028-01-31");
	timez_leave(&z);
}
END_TEST

/* A due date after the charge's own day wins; one before it does not count. */
START_TEST(test_due_on)
{
	struct ageing_asof	 a;
	struct timez_date	 later = date(2026, 6, 20), before =
				    date(2026, 1, 1);
	struct timez		 z;
	time_t			 t;

	ck_assert_int_eq(timez_enter(&z, "Europe/Berlin"), 0);
	asof(2026, 6, 15, &a);
	t = local_instant(2026, 4, 1, 10, 0);
	ck_assert_int_eq(ageing_bucket_at(&a, t, NULL), AGEING_61_90);
	ck_assert_int_eq(ageing_bucket_at(&a, t, &later), AGEING_CURRENT);
	ck_assert_int_eq(query_bucket(&a, t, "2026-06-20"), AGEING_CURRENT);
	ck_assert_int_eq(ageing_bucket_at(&a, t, &before), AGEING_61_90);
	ck_assert_int_eq(query_bucket(&a, t, "2026-01-01"), AGEING_61_90);
	timez_leave(&z);
}
END_TEST

/*
 * The queries' rule agrees with the definition for every half hour of
 * 100 days before D and two after, in zones with and without daylight
 * saving, with no due date and with due dates before and after.
 */
START_TEST(test_query_rule_agrees)
{
	static const char *const zones[] = { "Europe/Berlin",
	    "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC" };
	static const long	 shift[] = { 0, -3, 5, 40 };
	struct ageing_asof	 a;
	struct timez_date	 made, due;
	char			 due_text[TIMEZ_DATE_TEXT];
	struct timez		 z;
	size_t			 i, j;
	time_t			 t, from, to;

	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		ck_assert_int_eq(timez_enter(&z, zones[i]), 0);
		asof(2026, 4, 5, &a);
		from = local_instant(2025, 12, 20, 0, 0);
		to = local_instant(2026, 4, 7, 0, 0);
		for (t = from; t < to; t += 1800) {
			ck_assert_int_eq(query_bucket(&a, t, NULL),
			    ageing_bucket_at(&a, t, NULL));
			timez_local_date(t, &made);
			for (j = 1; j < sizeof(shift) / sizeof(shift[0]); j++) {
				due = made;
				timez_date_add_days(&due, shift[j]);
				timez_date_text(&due, due_text);
				ck_assert_msg(query_bucket(&a, t, due_text) ==
				    ageing_bucket_at(&a, t, &due), "%s %s",
				    zones[i], due_text);
			}
		}
		timez_leave(&z);
	}
}
END_TEST

START_TEST(test_past_and_range)
{
	struct ageing_asof	 a;
	struct timez_date	 today = date(2026, 5, 1), d;
	struct timez		 z;

	ck_assert_int_eq(timez_enter(&z, "Europe/Berlin"), 0);
	d = date(2026, 4, 30);
	ck_assert_int_eq(ageing_asof_make(&d, &today, &a), 0);
	ck_assert_int_eq(a.past, 1);
	ck_assert_int_eq(ageing_asof_make(&today, &today, &a), 0);
	ck_assert_int_eq(a.past, 0);
	d = date(2026, 6, 15);
	ck_assert_int_eq(ageing_asof_make(&d, &today, &a), 0);
	ck_assert_int_eq(a.past, 0);
	d = date(9998, 12, 31);
	ck_assert_int_eq(ageing_asof_make(&d, &today, &a), 0);
	ck_assert_str_eq(a.end_utc, "9998-12-31 23:00:00");
	d = date(9999, 1, 1);
	ck_assert_int_eq(ageing_asof_make(&d, &today, &a), -1);
	timez_leave(&z);
}
END_TEST

static Suite *
ageing_suite(void)
{
	Suite	*s = suite_create("ageing");
	TCase	*tc = tcase_create("buckets");

	tcase_add_test(tc, test_bucket_of_days);
	tcase_add_test(tc, test_days_before);
	tcase_add_test(tc, test_bounds_text);
	tcase_add_test(tc, test_dst);
	tcase_add_test(tc, test_leap_day);
	tcase_add_test(tc, test_due_on);
	tcase_add_test(tc, test_query_rule_agrees);
	tcase_add_test(tc, test_past_and_range);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(ageing_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
