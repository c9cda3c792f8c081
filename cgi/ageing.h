/* ageing.h: what customers owe by how long it is past due (current, 1-30, 31-60, 61-90, 90+ days), as of any date, from the open items. */
#ifndef SLATE_AGEING_H
#define SLATE_AGEING_H

#include <stdint.h>
#include <time.h>

#include "timez.h"

struct currency;
struct db;
struct req;

/* The buckets, in the order the report shows them. */
enum ageing_bucket {
	AGEING_CURRENT = 0,	/* not yet due */
	AGEING_1_30,
	AGEING_31_60,
	AGEING_61_90,
	AGEING_OVER_90,
	AGEING__MAX
};

/* The bounds between buckets: a charge due on or after bound k is in bucket k or younger. */
#define AGEING_BOUNDS	(AGEING__MAX - 1)

/*
 * The date a report is "as of", with what the queries compare against,
 * all worked out in the store's time zone:
 *
 * A charge is due on open_items.due_on when that is set and not before
 * the charge's own local date, else on its local date (created_at in
 * the store's zone): due = max(due_on, local date of created_at). It is
 * D - due days past due on date D; 0 or less is current.
 *
 * Bucket k (1..4) starts at a bound: due >= D - {0, 30, 60, 90} days.
 * "due >= X" is "due_on >= X, or created_at >= the first instant of X
 * in the store's zone (as UTC)", so the queries compare stored values
 * with bound dates and instants and never convert time zones.
 *
 * What is open as of D: the charges made before the end of D (the
 * first instant of D + 1), each for its amount less the allocations
 * made to it before that instant. When D is today or later every
 * posting so far is before the end of D, and the open amounts as
 * stored are the answer (past = 0).
 */
struct ageing_asof {
	struct timez_date	 date;		/* D */
	int			 past;		/* D is before today */
	time_t			 end;		/* the first instant of D + 1 */
	char			 end_utc[TIMEZ_TEXT];
	struct timez_date	 bound[AGEING_BOUNDS];	/* D, D-30, D-60, D-90 */
	char			 bound_date[AGEING_BOUNDS][TIMEZ_DATE_TEXT];
	time_t			 bound_start[AGEING_BOUNDS];
	char			 bound_utc[AGEING_BOUNDS][TIMEZ_TEXT];
};

/* What is owed, by bucket, and in all. */
struct ageing_sums {
	int64_t		 bucket[AGEING__MAX];
	int64_t		 total;
};

/*
 * In the entered zone (timez_enter, req_in_store_zone): fills *a for
 * date d, with today the store's date now. Returns 0, or -1 when d is
 * after 9998-12-31 (its end would not be a date the database keeps).
 */
int	ageing_asof_make(const struct timez_date *d,
	    const struct timez_date *today, struct ageing_asof *a);

/* The bucket of a charge days past due (0 or less: current). */
enum ageing_bucket	ageing_bucket_of_days(long days);

/*
 * In the entered zone: the bucket, as of a, of a charge made at instant
 * created that is due on *due_on (NULL: none set), by the rule above.
 * The queries put charges in the same buckets by comparing with the
 * bounds of a.
 */
enum ageing_bucket	ageing_bucket_at(const struct ageing_asof *a,
			    time_t created, const struct timez_date *due_on);

/* A bucket's heading as people read it ("1-30 days"). */
const char	*ageing_bucket_label(enum ageing_bucket b);

/* A bucket's key in links and the CSV header ("d1_30"). */
const char	*ageing_bucket_key(enum ageing_bucket b);

/*
 * What account_id of store_id owes as of a, by bucket, into *s. The
 * total as of today equals what the account owes (-balance when
 * negative, else 0): open charges and credit in hand never meet
 * (cgi/ledger.c applies one to the other as soon as both exist).
 * Returns 0 or a negative enum db_result.
 */
int	ageing_account(struct db *db, int64_t store_id, int64_t account_id,
	    const struct ageing_asof *a, struct ageing_sums *s);

/*
 * In the store's entered zone: puts the ageing of account_id as of
 * today into the page data for a box on the account page:
 * Ageing.Buckets.<n>.Label / .Key / .Amount (formatted in currency c),
 * Ageing.Total, Ageing.Date, and Ageing.Owing ("1" when anything is
 * owed). templates/ageing_box.cs shows it. Returns 0 or -1.
 */
int	ageing_view(struct req *r, int64_t account_id,
	    const struct currency *c);

#endif
