/* db.h: the database layer: every SQL statement, prepared and bound, and transactions. */
#ifndef SLATE_DB_H
#define SLATE_DB_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct db;

/* Every statement Slate runs; the SQL text lives in db.c. */
enum stmt {
	STMT_MIGRATION_LIST,
	STMT_MIGRATION_INSERT,
	STMT_STORE_INSERT,
	STMT_STORE_COUNT,
	STMT_STORE_GET_FIRST,
	STMT_STORE_GET_BY_CODE,
	STMT_GROUP_INSERT,
	STMT_GROUP_GET_BY_NAME,
	STMT_STAFF_INSERT,
	STMT_STAFF_GET_BY_EMAIL,
	STMT_STAFF_SET_PASSWORD,
	STMT_MEMBERSHIP_INSERT,
	STMT_MEMBERSHIP_FIRST_STORE,
	STMT_MEMBERSHIP_GET,
	STMT_SESSION_INSERT,
	STMT_SESSION_GET,
	STMT_SESSION_TOUCH,
	STMT_SESSION_DELETE,
	STMT_SESSION_DELETE_BY_STAFF_EXCEPT,
	STMT_SESSION_DELETE_EXPIRED,
	STMT_THROTTLE_GET_FOR_UPDATE,
	STMT_THROTTLE_PUT,
	STMT_THROTTLE_DELETE,
	STMT_GROUP_PERMISSION_PUT,
	STMT_GROUP_PERMISSIONS_GET,
	STMT_MANAGER_LIST,
	STMT_MANAGER_GET,
	STMT_STAFF_SET_MANAGER_CODE,
	STMT_AUDIT_INSERT,
	STMT_COUNTERS_INSERT,
	STMT_COUNTERS_LOCK,
	STMT_COUNTER_BUMP_CUSTOMER,
	STMT_COUNTER_BUMP_ACCOUNT,
	STMT_FEED_NEXT,
	STMT_ACCOUNT_MARK_CHANGED,
	/* customers */
	STMT_CUSTOMER_INSERT,
	STMT_CUSTOMER_GET_BY_CODE,
	STMT_CUSTOMER_GET_BY_CODE_FOR_UPDATE,
	STMT_CUSTOMER_GET_BY_ID,
	STMT_CUSTOMER_UPDATE,
	STMT_CUSTOMER_DUPLICATES,
	STMT_CUSTOMER_SEARCH,
	STMT_CUSTOMER_ACCOUNTS,
	/* accounts */
	STMT_ACCOUNT_STORE_ZONE,
	STMT_ACCOUNT_INSERT,
	STMT_ACCOUNT_GET,
	STMT_ACCOUNT_GET_FOR_UPDATE,
	STMT_ACCOUNT_UPDATE,
	STMT_ACCOUNT_LIST,
	STMT_ACCOUNT_LIST_SEARCH,
	STMT_ACCOUNT_SEARCH_SPREAD,
	STMT_LEDGER_LOCK_ACCOUNT,
	STMT_LEDGER_INSERT,
	STMT_LEDGER_SET_BALANCE,
	STMT_LEDGER_ONCE_FIND,
	STMT_LEDGER_ENTRY_GET,
	STMT_LEDGER_REVERSE_TARGET,
	STMT_OPEN_ITEM_GET,
	STMT_OPEN_ITEMS_OLDEST,
	STMT_ALLOCATION_INSERT,
	STMT_LEDGER_LIST,
	STMT_LEDGER_LIST_BY_TIME,
	STMT_LEDGER_TIME_COUNT,
	/* receipts */
	STMT_RECEIPT_STAFF_NAME,
	STMT_RECEIPT_ENTRY_NUMBER,
	STMT_RECEIPT_ALLOCATIONS,
	/* settlements */
	STMT_SETTLE_OPEN_CHARGES,
	STMT_SETTLE_OPEN_COUNT,
	STMT_SETTLE_CHARGE_GET,
	STMT_SETTLE_ONCE_FIND,
	STMT_SETTLEMENT_BOUND,
	STMT_SETTLEMENT_LIST,
	STMT_SETTLEMENT_LIST_ACCOUNT,
	STMT_SETTLEMENT_TOTALS,
	STMT_SETTLEMENT_TOTALS_ACCOUNT,
	/* import */
	STMT_IMPORT_EXPORT_ROWS,
	/* groups */
	STMT_GROUP_LIST_BY_STORE,
	STMT_GROUP_GET,
	STMT_GROUP_GET_FOR_UPDATE,
	STMT_GROUP_MEMBER_COUNT,
	STMT_GROUP_MEMBER_COUNT_FOR_UPDATE,
	STMT_GROUP_RENAME,
	STMT_GROUP_PERMISSIONS_DELETE,
	STMT_GROUP_DELETE,
	/* staff */
	STMT_STAFF_STORES_BEYOND,
	STMT_STAFF_LIST_BY_STORE,
	STMT_STAFF_MEMBER_GET,
	STMT_STAFF_MEMBER_GET_FOR_UPDATE,
	STMT_STAFF_GROUP_LIST,
	STMT_STAFF_GROUP_GET,
	STMT_STAFF_SET_NAME,
	STMT_STAFF_SET_DISABLED,
	STMT_STAFF_MEMBERSHIP_SET_GROUP,
	STMT_STAFF_MEMBERSHIP_DELETE,
	STMT_STAFF_SESSIONS_DELETE,
	STMT_STAFF_SESSIONS_DELETE_IN_STORE,
	STMT_STAFF_LOCK_STORES,
	STMT_STAFF_SOLE_ADMIN_HERE,
	STMT_STAFF_SOLE_ADMIN_ELSEWHERE,
	/* stores */
	STMT_STORE_MEMBERSHIPS,
	STMT_STORE_MEMBER_BY_CODE,
	STMT_STORE_SETTINGS_GET,
	STMT_STORE_SETTINGS_LOCK,
	STMT_STORE_SETTINGS_UPDATE,
	STMT_SESSION_SET_STORE,
	/* audit */
	STMT_AUDIT_LIST,
	STMT_AUDIT_LIST_NEWER,
	/* check */
	STMT_CHECK_SESSION,
	STMT_CHECK_COUNTS,
	STMT_CHECK_BALANCE,
	STMT_CHECK_CHAIN,
	STMT_CHECK_ENTRY_ITEMS,
	STMT_CHECK_ITEMS,
	STMT_CHECK_ALLOCATIONS,
	STMT_CHECK_ACCOUNT_ITEMS,
	STMT_CHECK_REVERSALS,
	STMT_CHECK_GIFT_CARDS,
	STMT_CHECK_GIFT_CHAIN,
	/* ageing */
	STMT_AGEING_ACCOUNT,
	STMT_AGEING_STORE_TOTALS,
	STMT_AGEING_STORE_PAGE,
	/* gift cards */
	STMT_GIFT_CARD_GET,
	STMT_GIFT_CARD_GET_FOR_UPDATE,
	STMT_GIFT_CARD_INSERT,
	STMT_GIFT_CARD_SET_BALANCE,
	STMT_GIFT_CARD_SET_ACTIVE,
	STMT_GIFT_CARD_ENTRY_INSERT,
	STMT_GIFT_CARD_LIST,
	STMT_GIFT_CARD_ENTRIES,
	/* lanes api */
	STMT_LANE_INSERT,
	STMT_LANE_GET_BY_NAME,
	STMT_LANE_GET_FOR_UPDATE,
	STMT_LANE_REVOKE,
	STMT_LANE_AUTH,
	STMT_LANE_TOUCH,
	STMT_LANE_TOUCH_CURSOR,
	STMT_LANE_NOTE_ERROR,
	STMT_LANE_FEED_RESTART,
	STMT_LANE_STORES,
	STMT_LANE_FEED_BARRIER,
	STMT_LANE_FEED,
	STMT_LANE_TX_LOOKUP,
	STMT_LANE_TX_INSERT,
	STMT_LANE_HOLD,
	STMT_LANE_EXCEPTION_INSERT,
	STMT_LANE_CONFIG_STORE,
	STMT_LANE_CONFIG_GROUPS,
	/* lanes pages */
	STMT_LANE_PAGE_LIST,
	STMT_LANE_PAGE_GET,
	/* exceptions */
	STMT_EXCEPTION_LIST,
	STMT_EXCEPTION_GET,
	STMT_EXCEPTION_ACK,
	STMT_EXCEPTION_HOLD_LIFTED,
	STMT_EXCEPTION_OPEN_COUNT,
	/* auto-hold */
	STMT_AUTOHOLD_STORES,
	STMT_AUTOHOLD_STORE,
	STMT_AUTOHOLD_CANDIDATES,
	STMT_AUTOHOLD_LOCK,
	STMT_AUTOHOLD_OVERDUE_ITEMS,
	STMT_AUTOHOLD_SET,
	/* statements */
	STMT_STATEMENT_LOCK_ACCOUNT,
	STMT_STATEMENT_LATEST,
	STMT_STATEMENT_PARTIES,
	STMT_STATEMENT_FIRST_ENTRY,
	STMT_STATEMENT_ENTRIES,
	STMT_STATEMENT_OPEN_ITEMS,
	STMT_STATEMENT_COUNTER_LOCK,
	STMT_STATEMENT_COUNTER_BUMP,
	STMT_STATEMENT_INSERT,
	STMT_STATEMENT_LINES_INSERT,
	STMT_STATEMENT_ITEMS_INSERT,
	STMT_STATEMENT_NEXT_DATE,
	STMT_STATEMENT_RUN_STORES,
	STMT_STATEMENT_RUN_DUE,
	/* statement mail */
	STMT_STMAIL_STATEMENT,
	STMT_STMAIL_LINES,
	STMT_STMAIL_ITEMS,
	/* outbox */
	STMT_OUTBOX_INSERT,
	STMT_OUTBOX_INSERT_REFUSED,
	STMT_OUTBOX_CLAIM,
	STMT_OUTBOX_MESSAGE,
	STMT_OUTBOX_TAKE,
	STMT_OUTBOX_GIVE_UP,
	STMT_OUTBOX_ATTEMPT_INSERT,
	STMT_OUTBOX_ATTEMPT_RESULT,
	STMT_OUTBOX_SENT,
	STMT_OUTBOX_RETRY_LATER,
	STMT_OUTBOX_WAITING,
	/* statement pages */
	STMT_STPAGE_BOUND,
	STMT_STPAGE_LIST,
	STMT_STPAGE_LIST_ACCOUNT,
	STMT_STPAGE_GET,
	STMT_STPAGE_DELIVERY_LOG,
	STMT_STPAGE_DUE,
	STMT__MAX
};

/* Results of db calls; every failure is a negative value. */
enum db_result {
	DB_OK = 0,
	DB_ERR = -1,		/* any other error; logged, never shown */
	DB_ERR_DUP = -2,	/* a unique key was violated */
	DB_ERR_RETRY = -3,	/* deadlock or lock wait timeout: retry all */
	DB_ERR_GONE = -4	/* the connection was lost */
};

enum db_type { DB_T_NULL, DB_T_INT, DB_T_STR };

/* One bound parameter. Build them with DB_INT, DB_STR, DB_BLOB, DB_NULL. */
struct db_arg {
	enum db_type	 type;
	int64_t		 i;
	const char	*s;
	size_t		 len;
};

#define DB_INT(v)	((struct db_arg){ DB_T_INT, (int64_t)(v), NULL, 0 })
#define DB_STR(v)	((struct db_arg){ DB_T_STR, 0, (v), strlen(v) })
#define DB_BLOB(v, n)	((struct db_arg){ DB_T_STR, 0, (const char *)(v), (n) })
#define DB_NULL		((struct db_arg){ DB_T_NULL, 0, NULL, 0 })

/* One result column, bound to the caller's storage. */
struct db_col {
	enum db_type	 type;
	int64_t		*i;	/* DB_T_INT: where the value goes */
	char		*s;	/* DB_T_STR: a buffer of cap bytes */
	size_t		 cap;	/* includes room for a NUL */
	size_t		*len;	/* optional: the value's length */
	int		*is_null; /* optional: set to 1 for SQL NULL */
};

#define COL_INT(p)		{ DB_T_INT, (p), NULL, 0, NULL, NULL }
#define COL_STR(b)		{ DB_T_STR, NULL, (b), sizeof(b), NULL, NULL }
#define COL_BLOB(b, l)		{ DB_T_STR, NULL, (char *)(b), sizeof(b), (l), NULL }

/*
 * Pass a compound-literal array and its element count. A DB_COLS list
 * lives only as long as the block it is written in: for db_query, whose
 * rows db_fetch reads later, declare the columns as an array instead.
 */
#define DB_ARGS(...)	(const struct db_arg[]){ __VA_ARGS__ }, \
	(sizeof((const struct db_arg[]){ __VA_ARGS__ }) / sizeof(struct db_arg))
#define DB_NOARGS	NULL, 0
#define DB_COLS(...)	(struct db_col[]){ __VA_ARGS__ }, \
	(sizeof((struct db_col[]){ __VA_ARGS__ }) / sizeof(struct db_col))

/*
 * Connects to the database named in c (UTC session time zone,
 * utf8mb4, strict mode). Returns a handle, or NULL when memory runs
 * out. When the server cannot be reached the handle is still made
 * (the failure is logged) and db_ready tries again later.
 */
struct db	*db_open(const struct config *c);

/* Closes the connection and frees every prepared statement. */
void		 db_close(struct db *db);

/*
 * Makes sure there is a connection before a request, reconnecting
 * when an earlier one was lost. Returns DB_OK or DB_ERR.
 */
int		 db_ready(struct db *db);

/*
 * Runs a statement that returns no rows. When affected or insert_id
 * are not NULL, stores the rows changed and the AUTO_INCREMENT id.
 * Returns DB_OK or a negative enum db_result.
 */
int	db_exec(struct db *db, enum stmt s, const struct db_arg *args,
	    size_t nargs, int64_t *affected, int64_t *insert_id);

/*
 * Runs a query and binds its columns to cols; rows are then read with
 * db_fetch and the query ended with db_done. Returns DB_OK or a
 * negative enum db_result (then db_done is not needed).
 */
int	db_query(struct db *db, enum stmt s, const struct db_arg *args,
	    size_t nargs, struct db_col *cols, size_t ncols);

/* Reads the next row into the bound columns: 1 a row, 0 no more, < 0 error. */
int	db_fetch(struct db *db);

/* Ends the query started by db_query and frees its result. */
void	db_done(struct db *db);

/*
 * Runs a query expected to return at most one row into cols.
 * Returns 1 when a row was found, 0 when none, or a negative
 * enum db_result.
 */
int	db_get(struct db *db, enum stmt s, const struct db_arg *args,
	    size_t nargs, struct db_col *cols, size_t ncols);

/*
 * Runs fn(db, arg) inside one transaction and commits when it returns
 * >= 0. Rolls back when it returns < 0; retries the whole of it
 * (a bounded number of times) when it returns DB_ERR_RETRY or the
 * commit meets a deadlock. Returns fn's last result, or a negative
 * enum db_result when the transaction could not be committed.
 */
int	db_transaction(struct db *db, int (*fn)(struct db *, void *),
	    void *arg);

/*
 * Runs a script of SQL statements (a migration) as sent, with no
 * parameters. Only for trusted files shipped with Slate, never for
 * anything built from input. Returns DB_OK or DB_ERR.
 */
int	db_run_script(struct db *db, const char *sql, size_t len);

/* Returns the text of the last error, for logs and operators only. */
const char	*db_error(const struct db *db);

#endif
