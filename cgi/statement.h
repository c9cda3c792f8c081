/* statement.h: issuing statements: the period a statement covers, its number, and its content frozen in the statement tables. */
#ifndef SLATE_STATEMENT_H
#define SLATE_STATEMENT_H

#include <stddef.h>
#include <stdint.h>

#include "schedule.h"

struct audit_actor;
struct config;
struct db;

/* Why statement_issue refused; below every enum db_result. */
#define STATEMENT_ERR_EXISTS	(-71)	/* the account has a statement for that date */
#define STATEMENT_ERR_NO_ACCOUNT (-72)	/* the store has no such account */

#define STATEMENT_NUMBER_MAX	16	/* "S000012" and its NUL, as the column */

#define STATEMENT_EMAIL_MAX	(4 * 254 + 1)	/* an address of 254 characters and its NUL */
#define STATEMENT_ACCOUNT_MAX	17	/* "A000123" and its NUL */

/* What statement_issue issued. */
struct statement_issued {
	int64_t		 id;
	char		 number[STATEMENT_NUMBER_MAX];
	int		 sent_to_outbox;	/* 1 when its mail was queued */
	/* As stored on the statement, for the run's report: */
	char		 account_number[STATEMENT_ACCOUNT_MAX];
	struct sdate	 period_start, period_end;
	int64_t		 closing;		/* the closing balance */
	int64_t		 amount_due;		/* what is owed, >= 0 */
	char		 email[STATEMENT_EMAIL_MAX];	/* "" when none */
};

/*
 * Issues, inside the caller's transaction (call it from a
 * db_transaction callback), the statement of one account for the
 * period ending on period_end (a date in the store's time zone);
 * actor->id 0 when the run issues it. Locks the account row first,
 * then the store's counters row (the same order as postings), takes
 * the next statement number S000001.. from store_counters.next_statement,
 * copies lines, open items, ageing, figures and names into the
 * statement tables, queues its mail through outbox_queue_statement when
 * the account has a statement address, moves accounts.next_statement_on
 * on, and writes the audit entry "statement.issue" (actor: the staff
 * member, or audit_actor_cli for the run). Call it before any other
 * read of the transaction, so that what it reads is what the account
 * lock protects. Returns 0 with *out filled, STATEMENT_ERR_EXISTS when
 * the account already has a statement for that date (or a later one),
 * STATEMENT_ERR_NO_ACCOUNT, or another negative value (an enum
 * db_result, OUTBOX_ERR_*); the caller rolls back on any of them.
 */
int	statement_issue(struct db *db, const struct config *cfg,
	    int64_t store_id, int64_t account_id, struct sdate period_end,
	    const struct audit_actor *actor, struct statement_issued *out);

/*
 * The store-local date of today in store_id's zone, for "issue now".
 * Returns 0, STATEMENT_ERR_NO_ACCOUNT when there is no such store, or
 * a negative enum db_result.
 */
int	statement_today(struct db *db, int64_t store_id, struct sdate *today);

/*
 * slatectl statements run [--date YYYY-MM-DD] [--no-deliver] [--jobs N]
 * [--store S]: argv[0] is "statements". Issues, in every store (or
 * store S alone), one statement for each active account with a rule
 * whose latest statement date on or before the date (default: today in
 * each store's zone) has none yet, each in its own transaction; prints
 * one line per statement, progress on a terminal and a summary; then
 * delivers the outbox's due messages unless --no-deliver. --jobs N
 * issues with N processes, each with its own connection. Returns the
 * exit status: 0, 1 when a statement or the delivery failed, 2 for bad
 * usage.
 */
int	statements_command(struct db *db, const struct config *cfg, int argc,
	    char **argv);

/*
 * The pure date rules of statements, without a database:
 */

/*
 * The latest statement date of rule s anchored at start that is on or
 * before d. Returns 0 with it in *out, 1 when there is none yet (d is
 * before the first statement date), or -1 when s, start or d is not
 * valid.
 */
int	statement_latest_date(const struct schedule *s, struct sdate start,
	    struct sdate d, struct sdate *out);

/*
 * The first day of a statement's period: the day after the previous
 * statement's period_end (prev != NULL), else first (the local date of
 * the account's first entry, or of its creation when it has none), but
 * never after period_end. Writes it into *out.
 */
void	statement_period_start(const struct sdate *prev, struct sdate first,
	    struct sdate period_end, struct sdate *out);

/* Writes the statement number of counter value n ("S000012") into buf. */
void	statement_number_format(int64_t n, char buf[STATEMENT_NUMBER_MAX]);

/* The figures of a statement from its opening balance and its lines. */
struct statement_figures {
	int64_t	 opening;
	int64_t	 debits;	/* the sum of the negative lines, as a positive amount */
	int64_t	 credits;	/* the sum of the positive lines */
	int64_t	 closing;	/* opening + credits - debits */
	int64_t	 amount_due;	/* what is owed: max(0, -closing) */
};

/* Starts f at opening with no lines. */
void	statement_figures_start(struct statement_figures *f, int64_t opening);

/*
 * Adds a line of amount (signed minor units: + adds credit) to f.
 * Returns the running balance after it.
 */
int64_t	statement_figures_add(struct statement_figures *f, int64_t amount);

/* Sets f->amount_due from f->closing. */
void	statement_figures_finish(struct statement_figures *f);

#endif
