/* test_timez.c: dates as people write them, day boundaries in a zone, local display. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "timez.h"

/* 2026-03-29 00:00:00 UTC and friends, as seconds since the epoch. */
#define T_2026_03_28	INT64_C(1774656000)
#define T_2026_11_23	INT64_C(1795392000)

static struct timez_date
date(int y, int m, int d)
{
	struct timez_date	 v = { y, m, d };

	return v;
}

/* Expects the first instant of y-m-d in zone to be want (UTC text). */
static void
day_starts(const char *zone, int y, int m, int d, const char *want)
{
	struct timez_date	 v = date(y, m, d);
	char			 got[TIMEZ_TEXT];
	time_t			 t;

	ck_assert_msg(timez_day_start_in(zone, &v, &t) == 0, "%s unknown",
	    zone);
	timez_utc_text(t, got);
	ck_assert_msg(strcmp(got, want) == 0, "%s %04d-%02d-%02d starts at "
	    "%s UTC, not %s", zone, y, m, d, got, want);
}

START_TEST(test_parse_good)
{
	struct timez_date	 d;

	ck_assert_int_eq(timez_parse_date("2026-11-23", &d), 0);
	ck_assert_int_eq(d.year, 2026);
	ck_assert_int_eq(d.month, 11);
	ck_assert_int_eq(d.day, 23);
	ck_assert_int_eq(timez_parse_date("2024-02-29", &d), 0);
	ck_assert_int_eq(timez_parse_date("2000-02-29", &d), 0);
	ck_assert_int_eq(timez_parse_date("1970-01-01", &d), 0);
	ck_assert_int_eq(timez_parse_date("9999-12-31", &d), 0);
}
END_TEST

START_TEST(test_parse_bad)
{
	static const char *const bad[] = {
		"", "2026", "2026-1-05", "2026-01-5", "26-01-05",
		"2026/01/05", "2026-01-05 ", " 2026-01-05", "2026-01-05x",
		"2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32",
		"2026-02-29", "1900-02-29", "2026-04-31", "1969-12-31",
		"+026-01-05", "2026-+1-05", "２０２６-01-05", "yesterday",
		NULL
	};
	struct timez_date	 d = date(1, 2, 3);
	size_t			 i;

	for (i = 0; bad[i] != NULL; i++)
		ck_assert_msg(timez_parse_date(bad[i], &d) == -1,
		    "'%s' was taken for a date", bad[i]);
	ck_assert_msg(d.year == 1 && d.month == 2 && d.day == 3,
	    "a refused date changed the output");
}
END_TEST

START_TEST(test_date_arithmetic)
{
	struct timez_date	 d = date(2026, 12, 31);
	struct timez_date	 a = date(2026, 3, 1), b = date(2026, 2, 28);
	char			 text[TIMEZ_DATE_TEXT];

	timez_date_add_days(&d, 1);
	timez_date_text(&d, text);
	ck_assert_str_eq(text, "2027-01-01");
	d = date(2024, 2, 28);
	timez_date_add_days(&d, 1);
	timez_date_text(&d, text);
	ck_assert_str_eq(text, "2024-02-29");
	timez_date_add_days(&d, -60);
	timez_date_text(&d, text);
	ck_assert_str_eq(text, "2023-12-31");
	ck_assert_int_lt(timez_date_cmp(&b, &a), 0);
	ck_assert_int_gt(timez_date_cmp(&a, &b), 0);
	ck_assert_int_eq(timez_date_cmp(&a, &a), 0);
	timez_date_add_days(&b, 1);
	ck_assert_int_eq(timez_date_cmp(&a, &b), 0);
}
END_TEST

START_TEST(test_day_start_plain)
{
	day_starts("UTC", 2026, 11, 23, "2026-11-23 00:00:00");
	day_starts("Europe/Berlin", 2026, 11, 23, "2026-11-22 23:00:00");
	day_starts("Europe/Berlin", 2026, 7, 1, "2026-06-30 22:00:00");
	day_starts("America/New_York", 2026, 1, 15, "2026-01-15 05:00:00");
	day_starts("Asia/Kolkata", 2026, 1, 15, "2026-01-14 18:30:00");
	day_starts("Pacific/Kiritimati", 2026, 1, 15, "2026-01-14 10:00:00");
	day_starts("Pacific/Pago_Pago", 2026, 1, 15, "2026-01-15 11:00:00");
}
END_TEST

/* Days on which the clocks change: 23 or 25 hours long. */
START_TEST(test_day_start_dst)
{
	day_starts("Europe/Berlin", 2026, 3, 29, "2026-03-28 23:00:00");
	day_starts("Europe/Berlin", 2026, 3, 30, "2026-03-29 22:00:00");
	day_starts("Europe/Berlin", 2026, 10, 25, "2026-10-24 22:00:00");
	day_starts("Europe/Berlin", 2026, 10, 26, "2026-10-25 23:00:00");
}
END_TEST

/* Clocks that jump over midnight, or pass it twice. */
START_TEST(test_day_start_midnight_changes)
{
	/* 2026-09-05 23:59:59 -04 is followed by 2026-09-06 01:00:00 -03. */
	day_starts("America/Santiago", 2026, 9, 6, "2026-09-06 04:00:00");
	/* 2026-03-28 23:59:59 EET is followed by 2026-03-29 01:00:00 EEST. */
	day_starts("Asia/Beirut", 2026, 3, 29, "2026-03-28 22:00:00");
	/* 00:59:59 CDT is followed by 00:00:00 CST: the first midnight counts. */
	day_starts("America/Havana", 2026, 11, 1, "2026-11-01 04:00:00");
}
END_TEST

START_TEST(test_local_text)
{
	struct timez		 z;
	struct timez_date	 d;
	char			 text[TIMEZ_TEXT];

	ck_assert_int_eq(timez_enter(&z, "Europe/Berlin"), 0);
	timez_local_text((time_t)T_2026_11_23 + 36245, text);
	ck_assert_str_eq(text, "2026-11-23 11:04:05");
	timez_local_date((time_t)T_2026_11_23 + 23 * 3600, &d);
	ck_assert_int_eq(d.day, 24);
	/* 01:30 UTC on the day summer time starts is 03:30 CEST. */
	timez_local_text((time_t)T_2026_03_28 + 86400 + 5400, text);
	ck_assert_str_eq(text, "2026-03-29 03:30:00");
	timez_leave(&z);
	timez_utc_text((time_t)T_2026_11_23 + 36245, text);
	ck_assert_str_eq(text, "2026-11-23 10:04:05");
}
END_TEST

START_TEST(test_zone_restored)
{
	struct timez	 z;
	char		 text[TIMEZ_TEXT];

	/* Unset before: unset after. */
	ck_assert_int_eq(unsetenv("TZ"), 0);
	ck_assert_int_eq(timez_enter(&z, "Asia/Tokyo"), 0);
	ck_assert_str_eq(getenv("TZ"), ":Asia/Tokyo");
	timez_leave(&z);
	ck_assert_ptr_null(getenv("TZ"));
	timez_leave(&z);
	ck_assert_ptr_null(getenv("TZ"));

	/* Set before: the same value after, and local time follows it. */
	ck_assert_int_eq(setenv("TZ", ":America/New_York", 1), 0);
	ck_assert_int_eq(timez_enter(&z, "Asia/Tokyo"), 0);
	timez_local_text((time_t)T_2026_11_23, text);
	ck_assert_str_eq(text, "2026-11-23 09:00:00");
	timez_leave(&z);
	ck_assert_str_eq(getenv("TZ"), ":America/New_York");
	timez_local_text((time_t)T_2026_11_23, text);
	ck_assert_str_eq(text, "2026-11-22 19:00:00");
	ck_assert_int_eq(unsetenv("TZ"), 0);
	tzset();
}
END_TEST

START_TEST(test_zone_unknown)
{
	static const char *const bad[] = {
		"", "Mars/Olympus_Mons", "../../etc/passwd", "/etc/localtime",
		"EST5EDT,M3.2.0,M11.1.0", "Europe/Berlin\n", NULL
	};
	struct timez_date	 d = date(2026, 1, 1);
	struct timez		 z;
	time_t			 t = 42;
	size_t			 i;

	ck_assert_int_eq(setenv("TZ", ":Europe/Paris", 1), 0);
	for (i = 0; bad[i] != NULL; i++) {
		ck_assert_msg(timez_enter(&z, bad[i]) == -1, "zone '%s' "
		    "was taken", bad[i]);
		ck_assert_str_eq(getenv("TZ"), ":Europe/Paris");
		timez_leave(&z);
		ck_assert_str_eq(getenv("TZ"), ":Europe/Paris");
		ck_assert_int_eq(timez_day_start_in(bad[i], &d, &t), -1);
		ck_assert_int_eq((int)t, 42);
	}
	ck_assert_int_eq(unsetenv("TZ"), 0);
	tzset();
}
END_TEST

static Suite *
timez_suite(void)
{
	Suite	*s = suite_create("timez");
	TCase	*tc;

	tc = tcase_create("dates");
	tcase_add_test(tc, test_parse_good);
	tcase_add_test(tc, test_parse_bad);
	tcase_add_test(tc, test_date_arithmetic);
	suite_add_tcase(s, tc);
	tc = tcase_create("zones");
	tcase_add_test(tc, test_day_start_plain);
	tcase_add_test(tc, test_day_start_dst);
	tcase_add_test(tc, test_day_start_midnight_changes);
	tcase_add_test(tc, test_local_text);
	tcase_add_test(tc, test_zone_restored);
	tcase_add_test(tc, test_zone_unknown);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(timez_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
