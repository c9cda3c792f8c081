/* test_schedule.c: settlement frequency rules, their text, and the statement dates they yield. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "schedule.h"

static struct sdate
date(int y, int m, int d)
{
	struct sdate	 v = { y, m, d };

	return v;
}

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

static int
same_schedule(const struct schedule *a, const struct schedule *b)
{
	return a->kind == b->kind && a->every == b->every &&
	    a->weekday == b->weekday && a->nth == b->nth && a->day == b->day;
}

/* Expects text to parse to exactly the fields given. */
static void
parses(const char *text, enum sched_kind kind, int every, int weekday,
    int nth, int dom)
{
	struct schedule	 want = { kind, every, weekday, nth, dom };
	struct schedule	 got = rule(text);

	ck_assert_msg(same_schedule(&got, &want), "'%s' gave kind %d every %d "
	    "weekday %d nth %d day %d", text, (int)got.kind, got.every,
	    got.weekday, got.nth, got.day);
}

/*
 * Expects text to be refused with a message that holds needle, ends
 * with a full stop, and leaves the output alone.
 */
static void
refused(const char *text, const char *needle)
{
	struct schedule	 s = { SCHED_MONTHS_NTH, 7, 3, 2, 9 };
	const char	*msg = schedule_parse(text, &s);

	ck_assert_msg(msg != NULL, "'%s' was accepted", text);
	ck_assert_msg(strstr(msg, needle) != NULL, "'%s': message \"%s\" "
	    "does not say \"%s\"", text, msg, needle);
	ck_assert_msg(strlen(msg) > 20 && msg[strlen(msg) - 1] == '.',
	    "'%s': message \"%s\" is not a sentence", text, msg);
	ck_assert_msg(s.kind == SCHED_MONTHS_NTH && s.every == 7 &&
	    s.weekday == 3 && s.nth == 2 && s.day == 9,
	    "'%s': a refused rule changed the output", text);
}

/* Expects the next date of text from start strictly after `after`. */
static void
next_is(const char *text, const char *start, const char *after,
    const char *want)
{
	struct schedule	 s = rule(text);
	struct sdate	 got;
	char		 buf[SDATE_TEXT];

	ck_assert_msg(schedule_next(&s, day(start), day(after), &got) == 0,
	    "'%s' from %s after %s: no date", text, start, after);
	sdate_format(got, buf);
	ck_assert_msg(strcmp(buf, want) == 0, "'%s' from %s after %s: %s, "
	    "not %s", text, start, after, buf, want);
}

/* Expects the dates of text from start after `after` to be want[] (NULL-ended). */
static void
dates_are(const char *text, const char *start, const char *after,
    const char *const *want)
{
	struct schedule	 s = rule(text);
	struct sdate	 got[32];
	char		 buf[SDATE_TEXT];
	int		 n, i;

	for (n = 0; want[n] != NULL; n++)
		continue;
	ck_assert_int_le(n, 32);
	ck_assert_int_eq(schedule_next_n(&s, day(start), day(after), got, n),
	    n);
	for (i = 0; i < n; i++) {
		sdate_format(got[i], buf);
		ck_assert_msg(strcmp(buf, want[i]) == 0, "'%s' from %s: date "
		    "%d is %s, not %s", text, start, i + 1, buf, want[i]);
	}
}

static void
formats(const char *text, const char *canonical, const char *described)
{
	struct schedule	 s = rule(text);
	char		 buf[SCHEDULE_DESC];

	schedule_format(&s, buf, sizeof(buf));
	ck_assert_str_eq(buf, canonical);
	schedule_describe(&s, buf, sizeof(buf));
	ck_assert_str_eq(buf, described);
}

/* parse: the accepted forms */

START_TEST(test_parse_days)
{
	parses("every 10 days", SCHED_DAYS, 10, 0, 0, 0);
	parses("every day", SCHED_DAYS, 1, 0, 0, 0);
	parses("every 1 day", SCHED_DAYS, 1, 0, 0, 0);
	parses("every 1 days", SCHED_DAYS, 1, 0, 0, 0);
	parses("every 366 days", SCHED_DAYS, 366, 0, 0, 0);
	parses("every 007 days", SCHED_DAYS, 7, 0, 0, 0);
	parses("EVERY 10 DAYS", SCHED_DAYS, 10, 0, 0, 0);
	parses("  Every   14  Days  ", SCHED_DAYS, 14, 0, 0, 0);
}
END_TEST

START_TEST(test_parse_weeks)
{
	static const char *const names[7][2] = {
		{ "monday", "mon" }, { "tuesday", "tue" },
		{ "wednesday", "wed" }, { "thursday", "thu" },
		{ "friday", "fri" }, { "saturday", "sat" },
		{ "sunday", "sun" }
	};
	char	 text[64];
	int	 i, j;

	parses("every 2 weeks on monday", SCHED_WEEKS, 2, 0, 0, 0);
	parses("every week on fri", SCHED_WEEKS, 1, 4, 0, 0);
	parses("every 1 week on Sunday", SCHED_WEEKS, 1, 6, 0, 0);
	parses("every 52 weeks on SAT", SCHED_WEEKS, 52, 5, 0, 0);
	parses(" every  4  weeks  on  wed ", SCHED_WEEKS, 4, 2, 0, 0);
	for (i = 0; i < 7; i++)
		for (j = 0; j < 2; j++) {
			snprintf(text, sizeof(text), "every 3 weeks on %s",
			    names[i][j]);
			parses(text, SCHED_WEEKS, 3, i, 0, 0);
		}
}
END_TEST

START_TEST(test_parse_weeks_first)
{
	parses("every 3 weeks on first monday", SCHED_WEEKS, 3, 0, 1, 0);
	parses("every 3 weeks on 1st Mon", SCHED_WEEKS, 3, 0, 1, 0);
	parses("every week on first thursday", SCHED_WEEKS, 1, 3, 1, 0);
	parses("Every 2 Weeks On First Sun", SCHED_WEEKS, 2, 6, 1, 0);
}
END_TEST

START_TEST(test_parse_months_day)
{
	parses("every 1 month on day 1", SCHED_MONTHS_DAY, 1, 0, 0, 1);
	parses("every month on day 31", SCHED_MONTHS_DAY, 1, 0, 0, 31);
	parses("every 12 months on day 15", SCHED_MONTHS_DAY, 12, 0, 0, 15);
	parses("every 2 month on day 5", SCHED_MONTHS_DAY, 2, 0, 0, 5);
	parses("every 3 months on day 07", SCHED_MONTHS_DAY, 3, 0, 0, 7);
	parses("EVERY 6 MONTHS ON DAY 29", SCHED_MONTHS_DAY, 6, 0, 0, 29);
}
END_TEST

START_TEST(test_parse_months_nth)
{
	parses("every month on first monday", SCHED_MONTHS_NTH, 1, 0, 1, 0);
	parses("every 2 months on second tue", SCHED_MONTHS_NTH, 2, 1, 2, 0);
	parses("every 3 months on third wednesday", SCHED_MONTHS_NTH, 3, 2,
	    3, 0);
	parses("every 4 months on fourth thu", SCHED_MONTHS_NTH, 4, 3, 4, 0);
	parses("every month on last friday", SCHED_MONTHS_NTH, 1, 4, -1, 0);
	parses("every 1 month on 1st sat", SCHED_MONTHS_NTH, 1, 5, 1, 0);
	parses("every 1 month on 2nd sun", SCHED_MONTHS_NTH, 1, 6, 2, 0);
	parses("every 1 month on 3rd mon", SCHED_MONTHS_NTH, 1, 0, 3, 0);
	parses("every 1 month on 4th Friday", SCHED_MONTHS_NTH, 1, 4, 4, 0);
	parses("every 12 months on LAST sunday", SCHED_MONTHS_NTH, 12, 6, -1,
	    0);
}
END_TEST

/* parse: refusals */

START_TEST(test_refuse_interval)
{
	refused("every 0 days", "1 to 366");
	refused("every 367 days", "1 to 366");
	refused("every -1 days", "1 to 366");
	refused("every days", "1 to 366");
	refused("every 0 weeks on monday", "1 to 52");
	refused("every -3 weeks on monday", "1 to 52");
	refused("every 53 weeks on monday", "1 to 52");
	refused("every weeks on monday", "1 to 52");
	refused("every 0 months on day 1", "1 to 12");
	refused("every 13 months on day 1", "1 to 12");
	refused("every 99999999999999999999 months on day 1", "1 to 12");
	refused("every months on day 1", "1 to 12");
}
END_TEST

START_TEST(test_refuse_number_and_unit)
{
	refused("every three weeks on monday", "digits");
	refused("every 1.5 weeks on monday", "digits");
	refused("every +3 weeks on monday", "digits");
	refused("every 3weeks on monday", "digits");
	refused("every 3", "days, weeks or months");
	refused("every 3 fortnights", "days, weeks or months");
	refused("every 3 years on day 1", "days, weeks or months");
}
END_TEST

START_TEST(test_refuse_weeks_on_day)
{
	refused("every 3 weeks on day 31", "no day of the month");
	refused("every 3 weeks on day 1", "no day of the month");
	refused("every 3 weeks day 31", "no day of the month");
	refused("every 2 weeks on 15", "no day of the month");
	refused("every 2 weeks on 31st", "no day of the month");
}
END_TEST

START_TEST(test_refuse_weeks_nth)
{
	refused("every 3 weeks on last monday", "last weekday of a month");
	refused("every 3 weeks on second monday", "only \"first\"");
	refused("every 3 weeks on third friday", "only \"first\"");
	refused("every 2 weeks on 4th friday", "only \"first\"");
	refused("every 2 weeks on fifth friday", "only \"first\"");
	refused("every 2 weeks on first", "Add the weekday");
}
END_TEST

START_TEST(test_refuse_weekday)
{
	refused("every 2 weeks on funday", "not a weekday");
	refused("every 2 weeks on mo", "not a weekday");
	refused("every 2 weeks on mondays", "not a weekday");
	refused("every 2 weeks on tues", "not a weekday");
	refused("every 2 weeks on first moonday", "not a weekday");
	refused("every month on last fryday", "not a weekday");
	refused("every 2 weeks on montag", "not a weekday");
}
END_TEST

START_TEST(test_refuse_nth)
{
	refused("every month on fifth monday", "fifth");
	refused("every month on 5th friday", "fifth");
	refused("every month on 0th friday", "fifth");
	refused("every month on 12th friday", "fifth");
	refused("every month on monday", "first, second, third, fourth or last");
	refused("every month on last", "Add the weekday");
	refused("every month on second", "Add the weekday");
}
END_TEST

START_TEST(test_refuse_month_day)
{
	refused("every month on day 0", "1 to 31");
	refused("every month on day 32", "1 to 31");
	refused("every month on day -1", "1 to 31");
	refused("every month on day", "1 to 31");
	refused("every month on day x", "1 to 31");
	refused("every month on day 1st", "1 to 31");
	refused("every month on day 99999999999", "1 to 31");
	refused("every month on 15", "1 to 31");
	refused("every month on 15th", "1 to 31");
}
END_TEST

START_TEST(test_refuse_missing_parts)
{
	struct schedule	 s = { SCHED_DAYS, 5, 0, 0, 0 };

	refused("", "Enter a settlement frequency");
	refused("    ", "Enter a settlement frequency");
	ck_assert_ptr_nonnull(schedule_parse(NULL, &s));
	ck_assert_int_eq(s.every, 5);
	refused("every", "digits");
	refused("every 2 weeks", "On which weekday");
	refused("every 2 weeks on", "On which weekday");
	refused("every week", "On which weekday");
	refused("every month", "On which day of the month");
	refused("every 2 months on", "On which day of the month");
	refused("every 2 months day 5", "On which day of the month");
	refused("every 2 months on the first monday", "On which day");
	refused("weekly", "Start the frequency with \"every\"");
	refused("each 2 weeks on monday", "Start the frequency with \"every\"");
	refused("2 weeks on monday", "Start the frequency with \"every\"");
}
END_TEST

START_TEST(test_refuse_trailing)
{
	refused("every 10 days please", "ends after \"days\"");
	refused("every 10 days on monday", "use weeks");
	refused("every day on day 1", "ends after \"days\"");
	refused("every 2 weeks on monday and friday", "extra words");
	refused("every 2 weeks on first monday x", "extra words");
	refused("every month on day 1 x", "extra words");
	refused("every month on last friday of the month", "extra words");
	refused("every month on day 1, 15", "1 to 31");
	refused("every 2 weeks on monday,", "not a weekday");
	refused("every 2 weeks on monday 1 2 3 4 5 6 7 8 9", "extra words");
}
END_TEST

START_TEST(test_refuse_controls_and_length)
{
	char	 text[200];

	refused("every\t2 weeks on monday", "control characters");
	refused("every 2 weeks on monday\n", "control characters");
	refused("every 2 weeks\r on monday", "control characters");
	refused("every 2 weeks on monday\x7f", "control characters");
	refused("every 2 weeks on \x1b[31mmonday", "control characters");
	refused("every 2 weeks on lunes\xc3\xa9", "not a weekday");

	/* Exactly 100 bytes is taken; 101 is not, even of spaces. */
	memset(text, ' ', sizeof(text));
	memcpy(text, "every 2 weeks on monday", 23);
	text[SCHEDULE_RULE_MAX] = '\0';
	parses(text, SCHED_WEEKS, 2, 0, 0, 0);
	text[SCHEDULE_RULE_MAX] = ' ';
	text[SCHEDULE_RULE_MAX + 1] = '\0';
	refused(text, "at most 100 characters");
	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	refused(text, "at most 100 characters");
}
END_TEST

/* format and describe */

START_TEST(test_format_canonical)
{
	formats("every day", "every 1 day", "Every day");
	formats("every 10 days", "every 10 days", "Every 10 days");
	formats("every week on mon", "every 1 week on monday",
	    "Every week, on Monday");
	formats("every 2 weeks on SAT", "every 2 weeks on saturday",
	    "Every 2 weeks, on Saturday");
	formats("every 3 weeks on 1st monday", "every 3 weeks on first monday",
	    "Every 3 weeks, on the first Monday");
	formats("every month on day 1", "every 1 month on day 1",
	    "Every month, on the 1st");
	formats("every 2 months on day 22", "every 2 months on day 22",
	    "Every 2 months, on the 22nd");
	formats("every month on day 3", "every 1 month on day 3",
	    "Every month, on the 3rd");
	formats("every month on day 11", "every 1 month on day 11",
	    "Every month, on the 11th");
	formats("every month on day 12", "every 1 month on day 12",
	    "Every month, on the 12th");
	formats("every month on day 13", "every 1 month on day 13",
	    "Every month, on the 13th");
	formats("every month on day 28", "every 1 month on day 28",
	    "Every month, on the 28th");
	formats("every 12 months on day 31", "every 12 months on day 31",
	    "Every 12 months, on the 31st or the last day of shorter months");
	formats("every month on day 29", "every 1 month on day 29",
	    "Every month, on the 29th or the last day of shorter months");
	formats("every 2 months on 2nd tue", "every 2 months on second tuesday",
	    "Every 2 months, on the second Tuesday");
	formats("every month on last fri", "every 1 month on last friday",
	    "Every month, on the last Friday");
	formats("every 3 month on fourth sun", "every 3 months on fourth sunday",
	    "Every 3 months, on the fourth Sunday");
}
END_TEST

/* format(parse(x)) parses back to the same schedule and text. */
static void
round_trips(const struct schedule *s)
{
	struct schedule	 back;
	const char	*msg;
	char		 text[SCHEDULE_TEXT], again[SCHEDULE_TEXT];
	char		 desc[SCHEDULE_DESC];

	schedule_format(s, text, sizeof(text));
	ck_assert_msg(strlen(text) > 0 && strlen(text) < sizeof(text) - 1,
	    "kind %d every %d: text '%s'", (int)s->kind, s->every, text);
	memset(&back, 0xff, sizeof(back));
	msg = schedule_parse(text, &back);
	ck_assert_msg(msg == NULL, "'%s' does not parse back: %s", text, msg);
	ck_assert_msg(same_schedule(s, &back), "'%s' parses to another "
	    "schedule", text);
	schedule_format(&back, again, sizeof(again));
	ck_assert_str_eq(text, again);
	schedule_describe(s, desc, sizeof(desc));
	ck_assert_msg(strncmp(desc, "Every ", 6) == 0 &&
	    strlen(desc) < sizeof(desc) - 1, "'%s' described as '%s'", text,
	    desc);
}

START_TEST(test_format_round_trip_all)
{
	int	 n, wd, nth, dom, count = 0;

	for (n = 1; n <= SCHEDULE_MAX_DAYS; n++, count++) {
		struct schedule	 v = { SCHED_DAYS, n, 0, 0, 0 };

		round_trips(&v);
	}
	for (n = 1; n <= SCHEDULE_MAX_WEEKS; n++)
		for (wd = 0; wd < 7; wd++)
			for (nth = 0; nth <= 1; nth++, count++) {
				struct schedule	 v = { SCHED_WEEKS, n, wd, nth,
				    0 };

				round_trips(&v);
			}
	for (n = 1; n <= SCHEDULE_MAX_MONTHS; n++) {
		for (dom = 1; dom <= 31; dom++, count++) {
			struct schedule	 v = { SCHED_MONTHS_DAY, n, 0, 0,
			    dom };

			round_trips(&v);
		}
		for (wd = 0; wd < 7; wd++)
			for (nth = -1; nth <= 4; nth++) {
				struct schedule	 v = { SCHED_MONTHS_NTH, n, wd,
				    nth, 0 };

				if (nth == 0)
					continue;
				round_trips(&v);
				count++;
			}
	}
	ck_assert_int_eq(count, 366 + 52 * 14 + 12 * (31 + 35));
}
END_TEST

START_TEST(test_format_round_trip_written)
{
	static const char *const texts[] = {
		"every 10 days", "Every Day", "every 2 weeks on monday",
		"every 3 weeks on first monday", "every 1 month on day 1",
		"every 2 months on last friday", "every month on 3rd wed",
		"  EVERY  12  MONTHS  ON  DAY  31  ", NULL
	};
	size_t	 i;

	for (i = 0; texts[i] != NULL; i++) {
		struct schedule	 s = rule(texts[i]);

		round_trips(&s);
	}
}
END_TEST

START_TEST(test_format_invalid_and_small)
{
	static const struct schedule	 bad[] = {
		{ SCHED_DAYS, 0, 0, 0, 0 },
		{ SCHED_DAYS, 367, 0, 0, 0 },
		{ SCHED_WEEKS, 2, 7, 0, 0 },
		{ SCHED_WEEKS, 2, -1, 0, 0 },
		{ SCHED_WEEKS, 2, 0, -1, 0 },
		{ SCHED_WEEKS, 2, 0, 2, 0 },
		{ SCHED_WEEKS, 53, 0, 0, 0 },
		{ SCHED_MONTHS_DAY, 1, 0, 0, 0 },
		{ SCHED_MONTHS_DAY, 1, 0, 0, 32 },
		{ SCHED_MONTHS_DAY, 13, 0, 0, 1 },
		{ SCHED_MONTHS_NTH, 1, 0, 0, 0 },
		{ SCHED_MONTHS_NTH, 1, 0, 5, 0 },
		{ SCHED_MONTHS_NTH, 1, 0, -2, 0 },
		{ SCHED_MONTHS_NTH, 1, 9, 1, 0 },
		{ (enum sched_kind)9, 1, 0, 1, 1 },
	};
	struct schedule	 ok = { SCHED_WEEKS, 3, 0, 1, 0 };
	char		 buf[SCHEDULE_DESC];
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(buf, 'x', sizeof(buf));
		schedule_format(&bad[i], buf, sizeof(buf));
		ck_assert_msg(buf[0] == '\0', "bad schedule %zu formatted", i);
		memset(buf, 'x', sizeof(buf));
		schedule_describe(&bad[i], buf, sizeof(buf));
		ck_assert_msg(buf[0] == '\0', "bad schedule %zu described", i);
	}

	/* Unused fields are ignored. */
	{
		struct schedule	 loose = { SCHED_DAYS, 4, 77, 9, -3 };

		schedule_format(&loose, buf, sizeof(buf));
		ck_assert_str_eq(buf, "every 4 days");
	}

	/* Short buffers get a cut, terminated text; none is not written. */
	memset(buf, 'x', sizeof(buf));
	schedule_format(&ok, buf, 8);
	ck_assert_str_eq(buf, "every 3");
	ck_assert_int_eq(buf[8], 'x');
	schedule_describe(&ok, buf, 6);
	ck_assert_str_eq(buf, "Every");
	memset(buf, 'x', sizeof(buf));
	schedule_format(&ok, buf, 0);
	schedule_describe(&ok, buf, 0);
	ck_assert_int_eq(buf[0], 'x');
}
END_TEST

/* civil dates */

START_TEST(test_leap_years)
{
	ck_assert_int_eq(sdate_leap_year(2024), 1);
	ck_assert_int_eq(sdate_leap_year(2026), 0);
	ck_assert_int_eq(sdate_leap_year(2100), 0);
	ck_assert_int_eq(sdate_leap_year(1900), 0);
	ck_assert_int_eq(sdate_leap_year(2000), 1);
	ck_assert_int_eq(sdate_leap_year(2400), 1);
	ck_assert_int_eq(sdate_days_in_month(2024, 2), 29);
	ck_assert_int_eq(sdate_days_in_month(2026, 2), 28);
	ck_assert_int_eq(sdate_days_in_month(2100, 2), 28);
	ck_assert_int_eq(sdate_days_in_month(2000, 2), 29);
	ck_assert_int_eq(sdate_days_in_month(2026, 4), 30);
	ck_assert_int_eq(sdate_days_in_month(2026, 12), 31);
	ck_assert_int_eq(sdate_days_in_month(2026, 13), 0);
	ck_assert_int_eq(sdate_days_in_month(2026, 0), 0);
}
END_TEST

START_TEST(test_sdate_parse_good)
{
	struct sdate	 d;

	ck_assert_int_eq(sdate_parse("2026-01-05", &d), 0);
	ck_assert_int_eq(d.year, 2026);
	ck_assert_int_eq(d.month, 1);
	ck_assert_int_eq(d.day, 5);
	ck_assert_int_eq(sdate_parse("2024-02-29", &d), 0);
	ck_assert_int_eq(d.day, 29);
	ck_assert_int_eq(sdate_parse("2000-02-29", &d), 0);
	ck_assert_int_eq(sdate_parse("2026-12-31", &d), 0);
	ck_assert_int_eq(sdate_parse("0001-01-01", &d), 0);
	ck_assert_int_eq(sdate_parse("9999-12-31", &d), 0);
}
END_TEST

START_TEST(test_sdate_parse_bad)
{
	static const char *const bad[] = {
		"", "2026", "2026-1-5", "2026-1-05", "2026-01-5", "26-01-05",
		"2026/01/05", "2026-01-05 ", " 2026-01-05", "2026-01-05x",
		"2026-01-05T00:00", "2026-13-01", "2026-00-10", "2026-01-00",
		"2026-01-32", "2026-02-29", "2100-02-29", "1900-02-29",
		"2026-04-31", "2026-06-31", "0000-01-01", "+026-01-05",
		"2026-+1-05", "-2026-01-05", "2026-01-0\n", "yesterday",
		NULL
	};
	struct sdate	 d = date(1, 2, 3);
	size_t		 i;

	for (i = 0; bad[i] != NULL; i++)
		ck_assert_msg(sdate_parse(bad[i], &d) == -1,
		    "'%s' was taken for a date", bad[i]);
	ck_assert_int_eq(sdate_parse(NULL, &d), -1);
	ck_assert_msg(d.year == 1 && d.month == 2 && d.day == 3,
	    "a refused date changed the output");
}
END_TEST

START_TEST(test_sdate_format)
{
	char	 buf[SDATE_TEXT];

	sdate_format(date(2026, 1, 5), buf);
	ck_assert_str_eq(buf, "2026-01-05");
	sdate_format(date(1, 1, 1), buf);
	ck_assert_str_eq(buf, "0001-01-01");
	sdate_format(date(9999, 12, 31), buf);
	ck_assert_str_eq(buf, "9999-12-31");
}
END_TEST

START_TEST(test_day_arithmetic)
{
	struct sdate	 d;
	long		 n;
	char		 buf[SDATE_TEXT];

	ck_assert_int_eq(sdate_to_days(date(1970, 1, 1)), 0);
	ck_assert_int_eq(sdate_to_days(date(2000, 3, 1)), 11017);
	ck_assert_int_eq(sdate_to_days(date(9999, 12, 31)), 2932896);
	ck_assert_int_eq(sdate_to_days(date(1, 1, 1)), -719162);
	ck_assert_int_eq(sdate_to_days(date(1969, 12, 31)), -1);

	sdate_format(sdate_add_days(date(2024, 2, 28), 1), buf);
	ck_assert_str_eq(buf, "2024-02-29");
	sdate_format(sdate_add_days(date(2026, 2, 28), 1), buf);
	ck_assert_str_eq(buf, "2026-03-01");
	sdate_format(sdate_add_days(date(2026, 12, 31), 1), buf);
	ck_assert_str_eq(buf, "2027-01-01");
	sdate_format(sdate_add_days(date(2027, 1, 1), -1), buf);
	ck_assert_str_eq(buf, "2026-12-31");
	sdate_format(sdate_add_days(date(2100, 2, 28), 1), buf);
	ck_assert_str_eq(buf, "2100-03-01");

	/* Every day from 1 to 9999 goes there and back, one after another. */
	for (n = sdate_to_days(date(1, 1, 1)); n <= 2932896; n++) {
		d = sdate_from_days(n);
		if (!sdate_valid(d) || sdate_to_days(d) != n)
			ck_abort_msg("day %ld is not a date", n);
	}

	ck_assert_int_eq(sdate_weekday(date(1970, 1, 1)), 3);
	ck_assert_int_eq(sdate_weekday(date(2026, 1, 5)), 0);
	ck_assert_int_eq(sdate_weekday(date(2026, 1, 7)), 2);
	ck_assert_int_eq(sdate_weekday(date(2000, 1, 1)), 5);
	ck_assert_int_eq(sdate_weekday(date(2100, 1, 1)), 4);
	ck_assert_int_eq(sdate_weekday(date(1, 1, 1)), 0);
	ck_assert_int_eq(sdate_weekday(date(1969, 12, 28)), 6);

	ck_assert_int_lt(sdate_cmp(date(2026, 1, 31), date(2026, 2, 1)), 0);
	ck_assert_int_gt(sdate_cmp(date(2027, 1, 1), date(2026, 12, 31)), 0);
	ck_assert_int_eq(sdate_cmp(date(2026, 3, 3), date(2026, 3, 3)), 0);

	ck_assert_int_eq(sdate_valid(date(2026, 2, 29)), 0);
	ck_assert_int_eq(sdate_valid(date(2024, 2, 29)), 1);
	ck_assert_int_eq(sdate_valid(date(0, 1, 1)), 0);
	ck_assert_int_eq(sdate_valid(date(10000, 1, 1)), 0);
	ck_assert_int_eq(sdate_valid(date(2026, 4, 31)), 0);
}
END_TEST

/* statement dates */

START_TEST(test_days_across_leap_day)
{
	static const char *const ten[] = {
		"2024-02-20", "2024-03-01", "2024-03-11", "2024-03-21", NULL
	};
	static const char *const daily[] = {
		"2024-02-28", "2024-02-29", "2024-03-01", NULL
	};
	static const char *const plain[] = {
		"2026-02-20", "2026-03-02", "2026-03-12", NULL
	};

	dates_are("every 10 days", "2024-02-20", "2024-02-19", ten);
	dates_are("every day", "2024-02-28", "2024-01-01", daily);
	dates_are("every 10 days", "2026-02-20", "2026-02-19", plain);
	next_is("every 366 days", "2024-01-01", "2024-01-01", "2025-01-01");
	next_is("every 365 days", "2023-03-01", "2023-03-01", "2024-02-29");
}
END_TEST

START_TEST(test_weeks_anchored_to_start)
{
	static const char *const want[] = {
		"2026-01-12", "2026-02-02", "2026-02-23", "2026-03-16",
		"2026-04-06", NULL
	};
	static const char *const on_start[] = {
		"2026-01-05", "2026-01-26", "2026-02-16", NULL
	};
	static const char *const weekly[] = {
		"2026-12-25", "2027-01-01", "2027-01-08", NULL
	};

	/* 2026-01-07 is a Wednesday: the first Monday is the 12th. */
	dates_are("every 3 weeks on monday", "2026-01-07", "2026-01-06", want);
	dates_are("every 3 weeks on first monday", "2026-01-07", "2026-01-01",
	    want);
	dates_are("every 3 weeks on monday", "2026-01-05", "2026-01-04",
	    on_start);
	dates_are("every 3 weeks on first mon", "2026-01-05", "2026-01-04",
	    on_start);
	dates_are("every week on friday", "2026-12-20", "2026-12-20", weekly);
	/* A start on the day after the weekday waits six days. */
	next_is("every 2 weeks on monday", "2026-01-06", "2026-01-06",
	    "2026-01-12");
}
END_TEST

START_TEST(test_months_day)
{
	static const char *const after_start[] = {
		"2026-02-15", "2026-03-15", "2026-04-15", NULL
	};
	static const char *const before_start[] = {
		"2026-01-15", "2026-02-15", NULL
	};

	/* Start after the 15th: its own month has no date left. */
	dates_are("every 1 month on day 15", "2026-01-20", "2026-01-19",
	    after_start);
	dates_are("every 1 month on day 15", "2026-01-10", "2026-01-09",
	    before_start);
	next_is("every 1 month on day 15", "2026-01-15", "2026-01-14",
	    "2026-01-15");
	next_is("every 3 months on day 1", "2026-01-02", "2026-01-01",
	    "2026-04-01");
}
END_TEST

START_TEST(test_month_ends)
{
	static const char *const d31[] = {
		"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30",
		"2026-05-31", "2026-06-30", NULL
	};
	static const char *const d31_leap[] = {
		"2024-01-31", "2024-02-29", "2024-03-31", NULL
	};
	static const char *const d30[] = {
		"2026-01-30", "2026-02-28", "2026-03-30", "2026-04-30", NULL
	};
	static const char *const d29[] = {
		"2024-01-29", "2024-02-29", "2024-03-29", NULL
	};

	dates_are("every month on day 31", "2026-01-01", "2025-12-31", d31);
	dates_are("every month on day 31", "2024-01-01", "2023-12-31",
	    d31_leap);
	dates_are("every month on day 30", "2026-01-01", "2025-12-31", d30);
	dates_are("every month on day 29", "2024-01-01", "2023-12-31", d29);
	next_is("every month on day 29", "2026-01-01", "2026-01-29",
	    "2026-02-28");
	next_is("every month on day 31", "2100-01-01", "2100-01-31",
	    "2100-02-28");
	next_is("every month on day 31", "2000-01-01", "2000-01-31",
	    "2000-02-29");
	next_is("every 12 months on day 29", "2024-02-01", "2024-02-29",
	    "2025-02-28");
	/* A short month's last day, then the long month's own day. */
	next_is("every month on day 31", "2026-04-01", "2026-04-30",
	    "2026-05-31");
}
END_TEST

START_TEST(test_last_friday_2026)
{
	static const char *const want[] = {
		"2026-01-30", "2026-02-27", "2026-03-27", "2026-04-24",
		"2026-05-29", "2026-06-26", "2026-07-31", "2026-08-28",
		"2026-09-25", "2026-10-30", "2026-11-27", "2026-12-25",
		NULL
	};

	dates_are("every month on last friday", "2026-01-01", "2025-12-31",
	    want);
}
END_TEST

START_TEST(test_nth_weekday)
{
	static const char *const first_monday[] = {
		"2026-01-05", "2026-03-02", "2026-05-04", "2026-07-06",
		"2026-09-07", "2026-11-02", NULL
	};
	static const char *const second_tuesday[] = {
		"2026-01-13", "2026-02-10", "2026-03-10", NULL
	};

	dates_are("every 2 months on first monday", "2026-01-05", "2026-01-04",
	    first_monday);
	dates_are("every month on second tuesday", "2026-01-01", "2025-12-31",
	    second_tuesday);
	next_is("every month on fourth thursday", "2026-11-01", "2026-11-01",
	    "2026-11-26");
	next_is("every month on third sunday", "2026-02-01", "2026-02-01",
	    "2026-02-15");
	/* Starting after the month's date: the next period's. */
	next_is("every 2 months on first monday", "2026-01-06", "2026-01-01",
	    "2026-03-02");
	/* The last Sunday when the month ends on one. */
	next_is("every month on last sunday", "2026-05-01", "2026-05-01",
	    "2026-05-31");
	/* A month starting on the weekday: the first is the 1st. */
	next_is("every month on first wednesday", "2025-12-01", "2026-03-31",
	    "2026-04-01");
}
END_TEST

START_TEST(test_across_year_ends)
{
	static const char *const want[] = {
		"2026-11-15", "2027-01-15", "2027-03-15", NULL
	};
	static const char *const nth[] = {
		"2026-11-02", "2027-01-04", "2027-03-01", NULL
	};

	dates_are("every 2 months on day 15", "2026-11-01", "2026-10-31",
	    want);
	dates_are("every 2 months on first monday", "2026-11-01", "2026-10-31",
	    nth);
	next_is("every 5 months on day 10", "2026-10-10", "2026-10-10",
	    "2027-03-10");
	next_is("every 12 months on day 1", "2026-12-01", "2026-12-01",
	    "2027-12-01");
	next_is("every 2 weeks on thursday", "2026-12-24", "2026-12-24",
	    "2027-01-07");
	next_is("every 7 days", "2026-12-29", "2026-12-29", "2027-01-05");
}
END_TEST

START_TEST(test_after_before_on_start)
{
	/* Long before start: the first date on or after start. */
	next_is("every 10 days", "2026-03-01", "2020-01-01", "2026-03-01");
	next_is("every 2 weeks on friday", "2026-03-01", "1999-12-31",
	    "2026-03-06");
	next_is("every month on day 1", "2026-03-01", "0001-01-01",
	    "2026-03-01");
	next_is("every month on last friday", "2026-03-28", "2026-01-01",
	    "2026-04-24");
	/* On start: strictly after. */
	next_is("every 10 days", "2026-03-01", "2026-03-01", "2026-03-11");
	next_is("every month on day 1", "2026-03-01", "2026-03-01",
	    "2026-04-01");
	/* Between two dates and on one. */
	next_is("every 10 days", "2026-03-01", "2026-03-05", "2026-03-11");
	next_is("every 10 days", "2026-03-01", "2026-03-11", "2026-03-21");
	next_is("every 3 months on day 31", "2026-01-01", "2026-04-29",
	    "2026-04-30");
	next_is("every 3 months on day 31", "2026-01-01", "2026-04-30",
	    "2026-07-31");
}
END_TEST

START_TEST(test_far_later)
{
	next_is("every 10 days", "2026-01-05", "2100-06-15", "2100-06-16");
	next_is("every 3 weeks on friday", "2026-01-05", "2100-06-15",
	    "2100-06-25");
	next_is("every 5 months on day 31", "2026-01-05", "2100-06-15",
	    "2100-08-31");
	next_is("every 7 months on last sunday", "2026-01-05", "2100-06-15",
	    "2100-09-26");
	next_is("every day", "0001-01-01", "9999-12-30", "9999-12-31");
}
END_TEST

/*
 * Millions of days between start and after, many times over: counting
 * day by day, or period by period, would run past the test's timeout.
 */
START_TEST(test_far_later_is_quick)
{
	struct schedule	 s[4];
	struct sdate	 next, start = date(1, 1, 1), after = date(9999, 1, 1);
	int		 i, k;

	s[0] = rule("every day");
	s[1] = rule("every week on sun");
	s[2] = rule("every month on day 31");
	s[3] = rule("every month on last friday");
	for (i = 0; i < 200000; i++)
		for (k = 0; k < 4; k++)
			if (schedule_next(&s[k], start, after, &next) != 0 ||
			    next.year != 9999 || next.month != 1)
				ck_abort_msg("rule %d: no date in January 9999",
				    k);
}
END_TEST

START_TEST(test_calendar_end)
{
	struct schedule	 s = rule("every 10 days");
	struct sdate	 out[5], next;

	ck_assert_int_eq(schedule_next(&s, date(9999, 12, 1),
	    date(9999, 12, 31), &next), -1);
	ck_assert_int_eq(schedule_next_n(&s, date(9999, 12, 1),
	    date(9999, 11, 30), out, 5), 4);
	ck_assert_int_eq(out[3].day, 31);
	s = rule("every month on day 31");
	ck_assert_int_eq(schedule_next(&s, date(9999, 1, 1),
	    date(9999, 12, 31), &next), -1);
	ck_assert_int_eq(schedule_next_n(&s, date(9999, 1, 1),
	    date(9999, 12, 31), out, 5), 0);
}
END_TEST

START_TEST(test_next_n_increasing)
{
	static const char *const rules[] = {
		"every day", "every 10 days", "every 366 days",
		"every week on sun", "every 52 weeks on wed",
		"every 3 weeks on first monday", "every month on day 31",
		"every 12 months on day 29", "every 2 months on last friday",
		"every month on fourth thursday", NULL
	};
	struct sdate	 start = date(2026, 3, 17), after = date(2026, 1, 1);
	struct sdate	 out[5], one;
	size_t		 i;
	int		 k;

	for (i = 0; rules[i] != NULL; i++) {
		struct schedule	 s = rule(rules[i]);
		struct sdate	 prev = after;

		ck_assert_int_eq(schedule_next_n(&s, start, after, out, 5), 5);
		for (k = 0; k < 5; k++) {
			ck_assert_msg(sdate_cmp(out[k], prev) > 0, "'%s': date "
			    "%d not after the one before", rules[i], k + 1);
			ck_assert_msg(sdate_cmp(out[k], start) >= 0, "'%s': "
			    "date %d before start", rules[i], k + 1);
			ck_assert_msg(schedule_occurs(&s, start, out[k]),
			    "'%s': date %d does not occur", rules[i], k + 1);
			ck_assert_int_eq(schedule_next(&s, start, prev, &one),
			    0);
			ck_assert_int_eq(sdate_cmp(one, out[k]), 0);
			prev = out[k];
		}
		ck_assert_int_eq(schedule_next_n(&s, start, after, out, 0), 0);
	}
}
END_TEST

START_TEST(test_invalid_input)
{
	struct schedule	 s = rule("every 10 days");
	struct schedule	 bad = { SCHED_WEEKS, 2, 7, 0, 0 };
	struct sdate	 next = date(1, 2, 3), out[2];

	ck_assert_int_eq(schedule_next(&bad, date(2026, 1, 1),
	    date(2026, 1, 1), &next), -1);
	ck_assert_int_eq(schedule_next(&s, date(2026, 2, 29),
	    date(2026, 1, 1), &next), -1);
	ck_assert_int_eq(schedule_next(&s, date(2026, 1, 1),
	    date(2026, 13, 1), &next), -1);
	ck_assert_int_eq(schedule_next(&s, date(0, 1, 1),
	    date(2026, 1, 1), &next), -1);
	ck_assert_msg(next.year == 1 && next.month == 2 && next.day == 3,
	    "a refused call changed the output");
	ck_assert_int_eq(schedule_next_n(&s, date(2026, 1, 1),
	    date(2026, 1, 1), out, -1), -1);
	ck_assert_int_eq(schedule_next_n(&bad, date(2026, 1, 1),
	    date(2026, 1, 1), out, 2), -1);
	ck_assert_int_eq(schedule_occurs(&bad, date(2026, 1, 1),
	    date(2026, 1, 1)), 0);
	ck_assert_int_eq(schedule_occurs(&s, date(2026, 1, 1),
	    date(2026, 2, 30)), 0);
}
END_TEST

START_TEST(test_occurs)
{
	struct schedule	 s = rule("every 10 days");

	ck_assert_int_eq(schedule_occurs(&s, date(2026, 1, 1),
	    date(2026, 1, 1)), 1);
	ck_assert_int_eq(schedule_occurs(&s, date(2026, 1, 1),
	    date(2026, 1, 11)), 1);
	ck_assert_int_eq(schedule_occurs(&s, date(2026, 1, 1),
	    date(2026, 1, 12)), 0);
	ck_assert_int_eq(schedule_occurs(&s, date(2026, 1, 1),
	    date(2025, 12, 22)), 0);
	s = rule("every month on day 15");
	ck_assert_int_eq(schedule_occurs(&s, date(2026, 1, 20),
	    date(2026, 1, 15)), 0);
	ck_assert_int_eq(schedule_occurs(&s, date(2026, 1, 20),
	    date(2026, 2, 15)), 1);
	s = rule("every day");
	ck_assert_int_eq(schedule_occurs(&s, date(1, 1, 1), date(1, 1, 1)), 1);
	ck_assert_int_eq(schedule_occurs(&s, date(1, 1, 2), date(1, 1, 1)), 0);
}
END_TEST

/*
 * The plain reading of each rule, one day at a time: is d a statement
 * date? Written apart from schedule.c's arithmetic to check it.
 */
static int
naive_occurs(const struct schedule *s, struct sdate start, struct sdate d,
    long *first_week_day)
{
	long	 n = sdate_to_days(d), st = sdate_to_days(start);
	int	 months, last = sdate_days_in_month(d.year, d.month);

	if (n < st)
		return 0;
	switch (s->kind) {
	case SCHED_DAYS:
		return (n - st) % s->every == 0;
	case SCHED_WEEKS:
		if (*first_week_day < 0 && sdate_weekday(d) == s->weekday)
			*first_week_day = n;
		return *first_week_day >= 0 &&
		    (n - *first_week_day) % (7L * s->every) == 0;
	default:
		months = (d.year - start.year) * 12 + d.month - start.month;
		if (months % s->every != 0)
			return 0;
		if (s->kind == SCHED_MONTHS_DAY)
			return d.day == (s->day < last ? s->day : last);
		if (sdate_weekday(d) != s->weekday)
			return 0;
		if (s->nth == -1)
			return d.day + 7 > last;
		return (d.day - 1) / 7 == s->nth - 1;
	}
}

START_TEST(test_against_plain_reading)
{
	static const char *const rules[] = {
		"every day", "every 3 days", "every 45 days", "every week on mon",
		"every 2 weeks on sat", "every 5 weeks on first thursday",
		"every month on day 1", "every month on day 31",
		"every 2 months on day 30", "every 5 months on day 29",
		"every month on first sunday", "every 3 months on second mon",
		"every 2 months on fourth friday", "every month on last tuesday",
		"every 7 months on last saturday", NULL
	};
	static const char *const starts[] = {
		"2023-12-31", "2024-01-31", "2024-02-29", "2024-03-01",
		"2025-06-14", "2099-11-30", NULL
	};
	struct sdate	 start, d, next;
	size_t		 i, j;
	long		 first, k, checked = 0;

	for (i = 0; rules[i] != NULL; i++)
		for (j = 0; starts[j] != NULL; j++) {
			struct schedule	 s = rule(rules[i]);

			start = day(starts[j]);
			first = -1;
			/* The first date after start - 40 days, then on. */
			d = sdate_add_days(start, -40);
			ck_assert_int_eq(schedule_next(&s, start, d, &next), 0);
			for (k = 0; k < 1200; k++) {
				d = sdate_add_days(d, 1);
				if (!naive_occurs(&s, start, d, &first))
					continue;
				if (sdate_cmp(d, next) != 0)
					ck_abort_msg("'%s' from %s: %04d-%02d-"
					    "%02d expected, got %04d-%02d-%02d",
					    rules[i], starts[j], d.year,
					    d.month, d.day, next.year,
					    next.month, next.day);
				ck_assert_int_eq(schedule_next(&s, start, d,
				    &next), 0);
				checked++;
			}
		}
	ck_assert_int_gt(checked, 5000);
}
END_TEST

static Suite *
schedule_suite(void)
{
	Suite	*s = suite_create("schedule");
	TCase	*tc;

	tc = tcase_create("parse");
	tcase_add_test(tc, test_parse_days);
	tcase_add_test(tc, test_parse_weeks);
	tcase_add_test(tc, test_parse_weeks_first);
	tcase_add_test(tc, test_parse_months_day);
	tcase_add_test(tc, test_parse_months_nth);
	suite_add_tcase(s, tc);

	tc = tcase_create("refuse");
	tcase_add_test(tc, test_refuse_interval);
	tcase_add_test(tc, test_refuse_number_and_unit);
	tcase_add_test(tc, test_refuse_weeks_on_day);
	tcase_add_test(tc, test_refuse_weeks_nth);
	tcase_add_test(tc, test_refuse_weekday);
	tcase_add_test(tc, test_refuse_nth);
	tcase_add_test(tc, test_refuse_month_day);
	tcase_add_test(tc, test_refuse_missing_parts);
	tcase_add_test(tc, test_refuse_trailing);
	tcase_add_test(tc, test_refuse_controls_and_length);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_test(tc, test_format_canonical);
	tcase_add_test(tc, test_format_round_trip_all);
	tcase_add_test(tc, test_format_round_trip_written);
	tcase_add_test(tc, test_format_invalid_and_small);
	suite_add_tcase(s, tc);

	tc = tcase_create("dates");
	tcase_add_test(tc, test_leap_years);
	tcase_add_test(tc, test_sdate_parse_good);
	tcase_add_test(tc, test_sdate_parse_bad);
	tcase_add_test(tc, test_sdate_format);
	tcase_add_test(tc, test_day_arithmetic);
	suite_add_tcase(s, tc);

	tc = tcase_create("next");
	/* Room for slow sanitizer builds; the quick test still needs jumps. */
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_days_across_leap_day);
	tcase_add_test(tc, test_weeks_anchored_to_start);
	tcase_add_test(tc, test_months_day);
	tcase_add_test(tc, test_month_ends);
	tcase_add_test(tc, test_last_friday_2026);
	tcase_add_test(tc, test_nth_weekday);
	tcase_add_test(tc, test_across_year_ends);
	tcase_add_test(tc, test_after_before_on_start);
	tcase_add_test(tc, test_far_later);
	tcase_add_test(tc, test_far_later_is_quick);
	tcase_add_test(tc, test_calendar_end);
	tcase_add_test(tc, test_next_n_increasing);
	tcase_add_test(tc, test_invalid_input);
	tcase_add_test(tc, test_occurs);
	tcase_add_test(tc, test_against_plain_reading);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(schedule_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
