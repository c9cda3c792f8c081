/* autohold.h: the store's auto-hold rules: an account goes on hold when what it owes is overdue too long or too much, and the hold lifts when that is no longer so. */
#ifndef SLATE_AUTOHOLD_H
#define SLATE_AUTOHOLD_H

#include <stddef.h>
#include <stdint.h>

#include "schedule.h"

struct audit_actor;
struct currency;
struct db;

#define AUTOHOLD_DAYS_MAX	3650	/* the days rule's largest setting */
#define AUTOHOLD_REASON_MAX	200	/* bytes of a reason, with its NUL */

/* A store's rules; 0 turns a rule off. */
struct autohold_rules {
	long		 days;		/* overdue more than this many days */
	int64_t		 amount;	/* overdue more than this (minor units) */
};

/*
 * What an account has overdue as of a date: the sum of the open
 * amounts of its charges past due, and how many days past due the
 * oldest of them is (0: nothing is overdue).
 */
struct autohold_overdue {
	int64_t		 amount;
	long		 oldest_days;
};

/* Which rule an account's overdue charges meet. */
enum autohold_trigger {
	AUTOHOLD_NONE = 0,
	AUTOHOLD_DAYS,		/* the oldest is more than rules.days past due */
	AUTOHOLD_AMOUNT		/* the sum is more than rules.amount */
};

/* True when at least one of the rules is on. */
int	autohold_rules_on(const struct autohold_rules *r);

/*
 * Adds one open charge to *o as of today: made on local date made, due
 * on *due_on (NULL: none set), with open_amount still open. As the
 * ageing report has it (cgi/ageing.h), it is due on max(due_on, made)
 * and overdue when that is before today; a charge not overdue adds
 * nothing. Start from a zeroed *o.
 */
void	autohold_overdue_add(struct autohold_overdue *o, struct sdate today,
	    struct sdate made, const struct sdate *due_on, int64_t open_amount);

/*
 * Whether the rules r hold an account with overdue o: the days rule
 * (when on) first, then the amount rule (when on).
 */
enum autohold_trigger	autohold_triggered(const struct autohold_rules *r,
			    const struct autohold_overdue *o);

/*
 * The hold reason of trigger t under rules r, as people read it
 * ("Overdue more than 30 days", "Overdue amount over €100.00" in
 * currency c), into out (len bytes). Returns out.
 */
char	*autohold_reason(const struct autohold_rules *r,
	    enum autohold_trigger t, const struct currency *c, char *out,
	    size_t len);

/* One account an auto-hold run put on hold or released. */
struct autohold_change {
	const char	*account;	/* "A000123" */
	int		 held;		/* 1 held, 0 released */
	const char	*reason;	/* why held; "" when released */
};

/* Called for each account a run changes, after its change committed. */
typedef void	autohold_report_fn(const struct autohold_change *c,
		    void *arg);

/*
 * Applies store_id's auto-hold rules as of today (a date in the store's
 * time zone): finds, in one query, the store's accounts the rules may
 * concern (active, not on hold, with overdue charges that meet a rule;
 * or on hold by a rule), then each in its own transaction: locks the
 * account row, evaluates the rules again on its open charges and puts
 * it on hold (on_hold, hold_auto, the reason) or lifts a hold a rule
 * put that no longer applies, marks it changed for the lanes' feed and
 * writes the audit entry "account.hold" or "account.release" (actor:
 * the command line). A hold staff put is never touched. Counts the
 * accounts held and released into *held and *lifted. Returns 0, or a
 * negative enum db_result (what committed before stays).
 */
int	autohold_run(struct db *db, int64_t store_id, struct sdate today,
	    int *held, int *lifted);

/* autohold_run, calling report (when not NULL) for each change. */
int	autohold_run_report(struct db *db, int64_t store_id,
	    struct sdate today, autohold_report_fn *report, void *arg,
	    int *held, int *lifted);

/*
 * Inside ledger_post's transaction, after a credit was applied to the
 * open charges of account_id (held by a rule, its row locked): when
 * the store's rules no longer hold it as of today in the store's zone,
 * lifts the hold (on_hold, hold_auto and the reason cleared) and writes
 * the audit entry "account.release" as actor (NULL: the command line).
 * The caller moves the account's version on afterwards, so the lanes
 * see it. Returns 1 when lifted, 0 when it stays, or < 0.
 */
int	autohold_after_credit(struct db *db, int64_t store_id,
	    int64_t account_id, const struct audit_actor *actor);

/*
 * slatectl holds run [--date YYYY-MM-DD] [--store S]: argv[0] is
 * "holds". Runs autohold_run for every store with a rule on (or store
 * S), as of the date (default: today in each store's zone); prints
 * "held A000123: <reason>" or "released A000123" for each change and a
 * summary. Returns the exit status: 0, 1 on a failure, 2 for bad usage.
 */
int	holds_command(struct db *db, int argc, char **argv);

/*
 * What slatectl holds run does once its options are read, also run by
 * slatectl statements run: store is a store's code (NULL: every store
 * with a rule on or a rule's hold), date the day (NULL: today in each
 * store's zone). Prints as holds_command. Returns the exit status: 0,
 * or 1 on a failure.
 */
int	autohold_apply(struct db *db, const char *store,
	    const struct sdate *date);

#endif
