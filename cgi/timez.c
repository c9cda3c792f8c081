/* timez.c: dates and times in a store's time zone: day boundaries in UTC, local display. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store.h"
#include "timez.h"

/* No time zone is more than this far from UTC. */
#define MAX_OFFSET	(48L * 3600)

static int
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int	 days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static long
days_from_civil(int y, int m, int d)
{
	long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The date days after 1970-01-01. */
static void
civil_from_days(long days, struct timez_date *d)
{
	long	 z = days + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d->year = (int)(yoe + era * 400 + (d->month <= 2));
}

/* Reads exactly n digits at s into *out. Returns 0 or -1. */
static int
digits(const char *s, size_t n, int *out)
{
	size_t	 i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*out = *out * 10 + (s[i] - '0');
	}
	return 0;
}

int
timez_parse_date(const char *s, struct timez_date *d)
{
	struct timez_date	 v;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &v.year) == -1 || digits(s + 5, 2, &v.month) == -1 ||
	    digits(s + 8, 2, &v.day) == -1)
		return -1;
	if (v.year < 1970 || v.month < 1 || v.month > 12 || v.day < 1 ||
	    v.day > month_days(v.year, v.month))
		return -1;
	*d = v;
	return 0;
}

void
timez_date_text(const struct timez_date *d, char out[TIMEZ_DATE_TEXT])
{
	snprintf(out, TIMEZ_DATE_TEXT, "%04u-%02u-%02u",
	    (unsigned)d->year % 10000u, (unsigned)d->month % 100u,
	    (unsigned)d->day % 100u);
}

void
timez_date_add_days(struct timez_date *d, long n)
{
	civil_from_days(days_from_civil(d->year, d->month, d->day) + n, d);
}

int
timez_date_cmp(const struct timez_date *a, const struct timez_date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

int
timez_enter(struct timez *z, const char *zone)
{
	const char	*old = getenv("TZ");
	char		 tz[80];

	memset(z, 0, sizeof(*z));
	if (timezone_problem(zone) != NULL)
		return -1;
	if (old != NULL && (z->saved = strdup(old)) == NULL)
		return -1;
	/* The colon makes glibc read the zone file, never a POSIX rule. */
	snprintf(tz, sizeof(tz), ":%s", zone);
	if (setenv("TZ", tz, 1) == -1) {
		free(z->saved);
		z->saved = NULL;
		return -1;
	}
	tzset();
	z->active = 1;
	return 0;
}

void
timez_leave(struct timez *z)
{
	if (!z->active)
		return;
	if (z->saved != NULL)
		(void)setenv("TZ", z->saved, 1);
	else
		(void)unsetenv("TZ");
	tzset();
	free(z->saved);
	z->saved = NULL;
	z->active = 0;
}

void
timez_local_date(time_t t, struct timez_date *d)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	(void)localtime_r(&t, &tm);
	d->year = tm.tm_year + 1900;
	d->month = tm.tm_mon + 1;
	d->day = tm.tm_mday;
}

struct sdate
timez_local_sdate(time_t t)
{
	struct timez_date	 d;
	struct sdate		 s;

	timez_local_date(t, &d);
	s.year = d.year;
	s.month = d.month;
	s.day = d.day;
	return s;
}

/*
 * Searches for the first instant whose local date is d or later: local
 * dates only move forward (a clock turned back never crosses midnight
 * twice in the zones we know), and no offset reaches MAX_OFFSET.
 */
time_t
timez_day_start(const struct timez_date *d)
{
	struct timez_date	 local;
	time_t			 lo, hi, mid;

	mid = (time_t)days_from_civil(d->year, d->month, d->day) * 86400;
	lo = mid - MAX_OFFSET;		/* local date before d */
	hi = mid + MAX_OFFSET;		/* local date d or later */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		timez_local_date(mid, &local);
		if (timez_date_cmp(&local, d) >= 0)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

static void
tm_text(const struct tm *tm, char out[TIMEZ_TEXT])
{
	/* The remainders only tell the compiler how wide each field is. */
	snprintf(out, TIMEZ_TEXT, "%04u-%02u-%02u %02u:%02u:%02u",
	    (unsigned)(tm->tm_year + 1900) % 10000u,
	    (unsigned)(tm->tm_mon + 1) % 100u, (unsigned)tm->tm_mday % 100u,
	    (unsigned)tm->tm_hour % 100u, (unsigned)tm->tm_min % 100u,
	    (unsigned)tm->tm_sec % 100u);
}

void
timez_local_text(time_t t, char out[TIMEZ_TEXT])
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	(void)localtime_r(&t, &tm);
	tm_text(&tm, out);
}

void
timez_utc_text(time_t t, char out[TIMEZ_TEXT])
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	(void)gmtime_r(&t, &tm);
	tm_text(&tm, out);
}

int
timez_day_start_in(const char *zone, const struct timez_date *d, time_t *out)
{
	struct timez	 z;

	if (timez_enter(&z, zone) == -1)
		return -1;
	*out = timez_day_start(d);
	timez_leave(&z);
	return 0;
}
