/* counters.c: per-store numbers that are never reused, and the order of account changes. */
#include <stdio.h>

#include "counters.h"
#include "db.h"

static const struct {
	enum stmt	 bump;
	char		 prefix;
} kinds[] = {
	[COUNTER_CUSTOMER] = { STMT_COUNTER_BUMP_CUSTOMER, 'C' },
	[COUNTER_ACCOUNT] = { STMT_COUNTER_BUMP_ACCOUNT, 'A' },
};

int
counters_create(struct db *db, int64_t store_id)
{
	return db_exec(db, STMT_COUNTERS_INSERT, DB_ARGS(DB_INT(store_id)),
	    NULL, NULL);
}

/* Locks the store's counters row and reads it. Returns 0 or < 0. */
static int
counters_lock(struct db *db, int64_t store_id, int64_t v[2])
{
	int	 rc;

	rc = db_get(db, STMT_COUNTERS_LOCK, DB_ARGS(DB_INT(store_id)),
	    DB_COLS(COL_INT(&v[0]), COL_INT(&v[1])));
	if (rc == 0)
		return DB_ERR;	/* every store has its row */
	return rc < 0 ? rc : 0;
}

int
counter_next(struct db *db, int64_t store_id, enum counter kind,
    char code[COUNTER_CODE_MAX])
{
	int64_t	 v[2];
	int	 rc;

	if ((rc = counters_lock(db, store_id, v)) < 0)
		return rc;
	if ((rc = db_exec(db, kinds[kind].bump, DB_ARGS(DB_INT(store_id)),
	    NULL, NULL)) < 0)
		return rc;
	snprintf(code, COUNTER_CODE_MAX, "%c%06lld", kinds[kind].prefix,
	    (long long)v[kind]);
	return 0;
}

int
counter_feed_next(struct db *db, int64_t store_id, int64_t *seq)
{
	int64_t	 v[2];
	int	 rc;

	/* The exclusive lock stands for the shared one a change takes. */
	if ((rc = counters_lock(db, store_id, v)) < 0)
		return rc;
	rc = db_get(db, STMT_FEED_NEXT, DB_NOARGS, DB_COLS(COL_INT(seq)));
	return rc == 1 ? 0 : rc < 0 ? rc : DB_ERR;
}

int
account_mark_changed(struct db *db, int64_t store_id, int64_t account_id)
{
	int64_t	 changed;
	int	 rc;

	if ((rc = db_exec(db, STMT_ACCOUNT_MARK_CHANGED, DB_ARGS(
	    DB_INT(account_id), DB_INT(store_id)), &changed, NULL)) < 0)
		return rc;
	return changed == 1 ? 0 : DB_ERR;
}
