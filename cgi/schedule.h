/* schedule.h: settlement frequencies: rule text, descriptions, statement dates. */
#ifndef SLATE_SCHEDULE_H
#define SLATE_SCHEDULE_H

#include <stddef.h>

#define SDATE_TEXT		11	/* "2026-11-23" and its NUL */
#define SCHEDULE_RULE_MAX	100	/* longest rule text accepted, in bytes */
#define SCHEDULE_TEXT		48	/* room for any canonical rule and its NUL */
#define SCHEDULE_DESC		96	/* room for any description and its NUL */

/* The largest interval of each kind: one statement a year at least. */
#define SCHEDULE_MAX_DAYS	366
#define SCHEDULE_MAX_WEEKS	52
#define SCHEDULE_MAX_MONTHS	12

/*
 * A civil date in the proleptic Gregorian calendar, month 1-12, day
 * 1-31. A valid date is a real calendar date in the years 1 to 9999.
 */
struct sdate {
	int	 year, month, day;
};

enum sched_kind {
	SCHED_DAYS,		/* every N days */
	SCHED_WEEKS,		/* every N weeks on a weekday */
	SCHED_MONTHS_DAY,	/* every N months on a day of the month */
	SCHED_MONTHS_NTH	/* every N months on the nth or last weekday */
};

/*
 * A settlement frequency. schedule_parse sets the fields a kind does
 * not use to 0; the other functions ignore them.
 */
struct schedule {
	enum sched_kind	 kind;
	int		 every;		/* N: 1 to the kind's SCHEDULE_MAX_* */
	int		 weekday;	/* 0=Monday..6=Sunday: WEEKS, MONTHS_NTH */
	int		 nth;		/* MONTHS_NTH: 1..4, or -1 for last;
					   WEEKS: 1 when written "on first
					   WEEKDAY", else 0 (same dates) */
	int		 day;		/* MONTHS_DAY: 1..31, past the end of a
					   month means its last day */
};

/*
 * Parses a rule as people write it, case-insensitive, words separated
 * by spaces:
 *	every N days			every day
 *	every N weeks on WEEKDAY	every week on WEEKDAY
 *	every N weeks on first WEEKDAY
 *	every N months on day D		every month on day D
 *	every N months on NTH WEEKDAY	every month on NTH WEEKDAY
 * WEEKDAY is monday..sunday or mon..sun, NTH is first..fourth, 1st..4th
 * or last; "1 month" and "2 month" are taken as well as "1 months".
 * Returns NULL with the schedule in *out, or a message for people
 * saying what is wrong (then *out is untouched).
 */
const char	*schedule_parse(const char *text, struct schedule *out);

/*
 * Writes the canonical text of s ("every 3 weeks on first monday",
 * "every 1 month on day 31"), which schedule_parse reads back to the
 * same schedule, into buf (SCHEDULE_TEXT bytes are always enough).
 * Writes "" when s is not a valid schedule.
 */
void	schedule_format(const struct schedule *s, char *buf, size_t size);

/*
 * Writes a description for people ("Every 3 weeks, on the first
 * Monday", "Every month, on the 31st or the last day of shorter
 * months") into buf (SCHEDULE_DESC bytes are always enough). Writes ""
 * when s is not a valid schedule.
 */
void	schedule_describe(const struct schedule *s, char *buf, size_t size);

/*
 * The first statement date strictly after `after` for s anchored at
 * start (see docs/schedules.md): no date before start ever occurs.
 * Takes a few steps whatever the distance from start to after.
 * Returns 0 with the date in *next, or -1 when s, start or after is not
 * valid, or the date would fall after 9999-12-31.
 */
int	schedule_next(const struct schedule *s, struct sdate start,
	    struct sdate after, struct sdate *next);

/*
 * Fills out[0..n-1] with the next n statement dates strictly after
 * `after`, in increasing order. Returns the number written: n, fewer
 * only when the dates would pass 9999-12-31; or -1 when s, start or
 * after is not valid or n is negative.
 */
int	schedule_next_n(const struct schedule *s, struct sdate start,
	    struct sdate after, struct sdate *out, int n);

/* Returns 1 when d is a statement date of s anchored at start, else 0. */
int	schedule_occurs(const struct schedule *s, struct sdate start,
	    struct sdate d);

/*
 * Parses a date written exactly as YYYY-MM-DD that exists in the
 * calendar ("2024-02-29" but not "2026-02-29", "2026-1-5" or
 * "2026-01-05 "), years 0001 to 9999, into *d. Returns 0, or -1
 * leaving *d untouched.
 */
int	sdate_parse(const char *s, struct sdate *d);

/* Writes d as YYYY-MM-DD into buf. */
void	sdate_format(struct sdate d, char buf[SDATE_TEXT]);

/* Returns 1 when year is a leap year in the Gregorian calendar. */
int	sdate_leap_year(int year);

/* The number of days in month (1-12) of year. */
int	sdate_days_in_month(int year, int month);

/* Returns 1 when d is a real calendar date in the years 1 to 9999. */
int	sdate_valid(struct sdate d);

/* Days from 1970-01-01 to d (negative before it). */
long	sdate_to_days(struct sdate d);

/* The date days after 1970-01-01 (before it when negative). */
struct sdate	sdate_from_days(long days);

/* d moved by n days (n may be negative). */
struct sdate	sdate_add_days(struct sdate d, long n);

/* The weekday of d: 0=Monday..6=Sunday. */
int	sdate_weekday(struct sdate d);

/* Returns < 0, 0 or > 0 as a is before, the same day as, or after b. */
int	sdate_cmp(struct sdate a, struct sdate b);

#endif
