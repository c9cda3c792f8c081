/* ageing.c: what customers owe by how long it is past due (current, 1-30, 31-60, 61-90, 90+ days), as of any date, from the open items. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ageing.h"
#include "db.h"
#include "money.h"
#include "request.h"
#include "view.h"

/* The first day past due of each bucket after current. */
static const long bucket_from[AGEING_BOUNDS] = { 1, 31, 61, 91 };

static const struct {
	const char	*key;
	const char	*label;
} buckets[AGEING__MAX] = {
	{ "current", "Current" },
	{ "d1_30", "1\xe2\x80\x93" "30 days" },
	{ "d31_60", "31\xe2\x80\x93" "60 days" },
	{ "d61_90", "61\xe2\x80\x93" "90 days" },
	{ "d90_plus", "Over 90 days" },
};

const char *
ageing_bucket_label(enum ageing_bucket b)
{
	return buckets[b < AGEING__MAX ? b : AGEING_CURRENT].label;
}

const char *
ageing_bucket_key(enum ageing_bucket b)
{
	return buckets[b < AGEING__MAX ? b : AGEING_CURRENT].key;
}

enum ageing_bucket
ageing_bucket_of_days(long days)
{
	int	 k;

	for (k = AGEING_BOUNDS - 1; k >= 0; k--)
		if (days >= bucket_from[k])
			return (enum ageing_bucket)(k + 1);
	return AGEING_CURRENT;
}

/* Days from 1970-01-01 to d in the proleptic Gregorian calendar. */
static long
date_days(const struct timez_date *d)
{
	long	 y = d->year - (d->month <= 2);
	long	 era = (y >= 0 ? y : y - 399) / 400;
	long	 yoe = y - era * 400;
	long	 m = d->month;
	long	 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d->day - 1;
	long	 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

enum ageing_bucket
ageing_bucket_at(const struct ageing_asof *a, time_t created,
    const struct timez_date *due_on)
{
	struct timez_date	 due;

	timez_local_date(created, &due);
	if (due_on != NULL && timez_date_cmp(due_on, &due) > 0)
		due = *due_on;
	return ageing_bucket_of_days(date_days(&a->date) - date_days(&due));
}

int
ageing_asof_make(const struct timez_date *d, const struct timez_date *today,
    struct ageing_asof *a)
{
	struct timez_date	 next;
	int			 k;

	if (d->year > 9998)
		return -1;
	memset(a, 0, sizeof(*a));
	a->date = *d;
	a->past = timez_date_cmp(d, today) < 0;
	next = *d;
	timez_date_add_days(&next, 1);
	a->end = timez_day_start(&next);
	timez_utc_text(a->end, a->end_utc);
	for (k = 0; k < AGEING_BOUNDS; k++) {
		a->bound[k] = *d;
		timez_date_add_days(&a->bound[k], -(bucket_from[k] - 1));
		timez_date_text(&a->bound[k], a->bound_date[k]);
		a->bound_start[k] = timez_day_start(&a->bound[k]);
		timez_utc_text(a->bound_start[k], a->bound_utc[k]);
	}
	return 0;
}

int
ageing_account(struct db *db, int64_t store_id, int64_t account_id,
    const struct ageing_asof *a, struct ageing_sums *s)
{
	int	 rc;

	memset(s, 0, sizeof(*s));
	rc = db_get(db, STMT_AGEING_ACCOUNT, DB_ARGS(DB_INT(a->past),
	    DB_STR(a->end_utc), DB_STR(a->bound_date[0]),
	    DB_STR(a->bound_utc[0]), DB_STR(a->bound_date[1]),
	    DB_STR(a->bound_utc[1]), DB_STR(a->bound_date[2]),
	    DB_STR(a->bound_utc[2]), DB_STR(a->bound_date[3]),
	    DB_STR(a->bound_utc[3]), DB_INT(account_id), DB_INT(store_id),
	    DB_INT(a->past), DB_STR(a->end_utc), DB_STR(a->end_utc)),
	    DB_COLS(COL_INT(&s->bucket[0]), COL_INT(&s->bucket[1]),
	    COL_INT(&s->bucket[2]), COL_INT(&s->bucket[3]),
	    COL_INT(&s->bucket[4]), COL_INT(&s->total)));
	return rc < 0 ? rc : 0;
}

/* Sets Ageing.Buckets.<n>.<field> to value. Returns 0 or -1. */
static int
ageing_set(struct req *r, int n, const char *field, const char *value)
{
	char	 name[64];

	snprintf(name, sizeof(name), "Ageing.Buckets.%d.%s", n, field);
	return view_set(r, name, value);
}

int
ageing_view(struct req *r, int64_t account_id, const struct currency *c)
{
	struct ageing_asof	 a;
	struct ageing_sums	 s;
	struct timez_date	 today;
	char			 money[MONEY_TEXT_MAX], date[TIMEZ_DATE_TEXT];
	int			 k;

	timez_local_date(time(NULL), &today);
	if (ageing_asof_make(&today, &today, &a) == -1 ||
	    ageing_account(r->db, r->session.store_id, account_id, &a,
	    &s) < 0)
		return -1;
	for (k = 0; k < AGEING__MAX; k++)
		if (ageing_set(r, k, "Label",
		    ageing_bucket_label((enum ageing_bucket)k)) == -1 ||
		    ageing_set(r, k, "Key",
		    ageing_bucket_key((enum ageing_bucket)k)) == -1 ||
		    ageing_set(r, k, "Amount",
		    money_format(s.bucket[k], c, money)) == -1)
			return -1;
	timez_date_text(&today, date);
	return view_set(r, "Ageing.Total", money_format(s.total, c,
	    money)) == -1 || view_set(r, "Ageing.Date", date) == -1 ||
	    (s.total > 0 && view_set(r, "Ageing.Owing", "1") == -1) ? -1 : 0;
}
