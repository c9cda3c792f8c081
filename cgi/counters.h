/* counters.h: per-store numbers that are never reused, and the order of account changes. */
#ifndef SLATE_COUNTERS_H
#define SLATE_COUNTERS_H

#include <stdint.h>

struct db;

enum counter {
	COUNTER_CUSTOMER,	/* customer codes: C000001 */
	COUNTER_ACCOUNT		/* account numbers: A000001 */
};

#define COUNTER_CODE_MAX	17	/* a code and its NUL */

/*
 * Inside a transaction, creates the counters of a new store. Returns 0
 * or a negative enum db_result.
 */
int	counters_create(struct db *db, int64_t store_id);

/*
 * Inside a transaction, takes the next number of kind in store_id and
 * writes it as a code ("C000123": a letter and at least six digits)
 * into code. The counters row stays locked until the transaction ends,
 * so numbers are never given twice and, rolled back, never skipped.
 * Lock the rows of any account the transaction changes first, then
 * call this: one order everywhere keeps transactions from deadlocking.
 * Returns 0 or a negative enum db_result.
 */
int	counter_next(struct db *db, int64_t store_id, enum counter kind,
	    char code[COUNTER_CODE_MAX]);

/*
 * Inside the transaction that changes account_id (limit, hold, status,
 * pay later, restrict credit), marks it changed for the lane feed: moves
 * its version on, and the accounts_feed_order trigger gives it the
 * store's next feed sequence under the counters lock, held until
 * commit. Values therefore become visible in the order they were given,
 * and a reader paging by feed_seq skips none. Returns 0 or < 0.
 */
int	account_mark_changed(struct db *db, int64_t store_id,
	    int64_t account_id);

/*
 * Inside a transaction, takes the next feed sequence into *seq for an
 * account being created (the row is inserted with it). Returns 0 or
 * < 0.
 */
int	counter_feed_next(struct db *db, int64_t store_id, int64_t *seq);

#endif
