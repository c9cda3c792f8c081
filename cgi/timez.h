/* timez.h: dates and times in a store's time zone: day boundaries in UTC, local display. */
#ifndef SLATE_TIMEZ_H
#define SLATE_TIMEZ_H

#include <time.h>

#include "schedule.h"

#define TIMEZ_TEXT	20	/* "2026-11-23 10:04:05" and its NUL */
#define TIMEZ_DATE_TEXT	11	/* "2026-11-23" and its NUL */

/* A calendar date, as people write it: month 1-12, day 1-31. */
struct timez_date {
	int	 year, month, day;
};

/*
 * The process's local time zone while a zone is entered. Workers are
 * single-threaded: the zone is set through TZ and put back afterwards.
 */
struct timez {
	char	*saved;		/* TZ before timez_enter; NULL when unset */
	int	 active;
};

/*
 * Parses a date written exactly as YYYY-MM-DD that exists in the
 * calendar, years 1970 to 9999, into *d. Returns 0, or -1 when s is
 * anything else.
 */
int	timez_parse_date(const char *s, struct timez_date *d);

/* Writes d as YYYY-MM-DD into out. */
void	timez_date_text(const struct timez_date *d, char out[TIMEZ_DATE_TEXT]);

/* Moves d by n days (n may be negative) across months and years. */
void	timez_date_add_days(struct timez_date *d, long n);

/* Returns < 0, 0 or > 0 as a is before, the same day as, or after b. */
int	timez_date_cmp(const struct timez_date *a, const struct timez_date *b);

/*
 * Makes zone (an IANA name such as "Europe/Berlin") the local time
 * zone until timez_leave, remembering the previous TZ. Returns 0, or
 * -1 when zone is not a known zone or memory runs out; then nothing
 * changed and timez_leave does nothing.
 */
int	timez_enter(struct timez *z, const char *zone);

/* Puts back the time zone timez_enter found. Safe to call twice. */
void	timez_leave(struct timez *z);

/*
 * In the entered zone: the first instant of local date d (midnight, or
 * the end of a daylight-saving gap that swallows midnight; the earlier
 * one when midnight happens twice), as seconds since the epoch.
 */
time_t	timez_day_start(const struct timez_date *d);

/* In the entered zone: t as local "YYYY-MM-DD HH:MM:SS". */
void	timez_local_text(time_t t, char out[TIMEZ_TEXT]);

/* In the entered zone: the local date of t. */
void	timez_local_date(time_t t, struct timez_date *d);

/* In the entered zone: the local date of t as a calendar date of schedule.h. */
struct sdate	timez_local_sdate(time_t t);

/* t in UTC as "YYYY-MM-DD HH:MM:SS" (the form the database stores). */
void	timez_utc_text(time_t t, char out[TIMEZ_TEXT]);

/*
 * timez_day_start for one date in zone, entering and leaving the zone
 * around it. Returns 0 with the instant in *out, or -1 when the zone
 * is not known.
 */
int	timez_day_start_in(const char *zone, const struct timez_date *d,
	    time_t *out);

#endif
