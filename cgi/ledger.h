/* ledger.h: the one way money moves on an account: the rules, an immutable entry, the balance it leaves and the open items it settles. */
#ifndef SLATE_LEDGER_H
#define SLATE_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "counters.h"

struct db;
struct audit_actor;

/*
 * Why ledger_post refused. Each is below every enum db_result, so a
 * caller tells them apart; nothing is written with any of them (the
 * caller rolls back).
 */
#define LEDGER_ERR_RANGE	(-20)	/* an amount, sign or balance out of range */
#define LEDGER_ERR_NO_ACCOUNT	(-21)	/* the store has no such account */
#define LEDGER_ERR_INACTIVE	(-22)	/* the account is inactive */
#define LEDGER_ERR_ON_HOLD	(-23)	/* money leaving an account on hold */
#define LEDGER_ERR_INSUFFICIENT	(-24)	/* a payout above the credit in hand */
#define LEDGER_ERR_OVER_LIMIT	(-25)	/* past the limit, or below zero without pay later */
#define LEDGER_ERR_STALE	(-26)	/* the account changed since the form was shown */
#define LEDGER_ERR_ALLOCATION	(-27)	/* a chosen line is not an open charge of the account, or gets more than is open */
#define LEDGER_ERR_NOT_REVERSIBLE (-28)	/* the entry is a reversal, or is not the account's */
#define LEDGER_ERR_REVERSED	(-29)	/* the entry was reversed already */
#define LEDGER_ERR_SUBMITTED	(-30)	/* the form was posted before: *out is that posting */

/* Rules an offline posting broke; it is posted all the same. */
#define LEDGER_FLAG_OVER_LIMIT	0x1u
#define LEDGER_FLAG_AFTER_HOLD	0x2u
#define LEDGER_FLAG_INACTIVE	0x4u

#define LEDGER_REFERENCE_MAX	64	/* characters, as the column */
#define LEDGER_NOTE_MAX		500
#define LEDGER_ONCE_LEN		32	/* hex digits of a one-time form token */

/* Online postings are refused when they break a rule; offline ones already happened. */
enum ledger_mode {
	LEDGER_ONLINE = 0,
	LEDGER_OFFLINE
};

/* A charge chosen to be settled, and how much of it. */
struct ledger_line {
	int64_t	 entry_id;	/* the charge's entry */
	int64_t	 amount;	/* > 0, at most its open amount */
};

/* One movement of money to post. Strings may be NULL for none. */
struct posting {
	int64_t		 store_id;
	int64_t		 account_id;
	const char	*kind;		/* "sale", "deposit", ... (see ledger_kinds) */
	int64_t		 amount;	/* signed minor units: + adds credit */
	const char	*payment_method;
	const char	*reference;
	const char	*note;
	int64_t		 staff_id;	/* 0: none (a lane, the command line) */
	int64_t		 approver_id;	/* 0: no manager approved */
	int64_t		 lane_id;	/* 0: not posted by a lane */
	enum ledger_mode mode;
	/* > 0: the account's version the form showed (LEDGER_ERR_STALE when it moved on). */
	int64_t		 expect_version;
	/* A one-time form token (LEDGER_ONCE_LEN hex digits) or NULL. */
	const char	*once;
	/* kind "reversal": the entry reversed (amount is then ignored). */
	int64_t		 reverses_id;
	/* A credit's chosen charges, settled first, in this order. */
	const struct ledger_line *lines;
	size_t		 nlines;
	/* Who posts, for the audit entry; NULL when the caller writes its own. */
	const struct audit_actor *actor;
};

/* What a posting became. */
struct posted {
	int64_t		 entry_id;
	char		 number[COUNTER_CODE_MAX];	/* "E000123" */
	int64_t		 amount;		/* as posted (a reversal's is computed) */
	int64_t		 balance_after;
	int64_t		 available_after;
	int64_t		 version_after;
	unsigned	 flags;			/* LEDGER_FLAG_*, offline only */
	int64_t		 allocated;		/* of a credit: applied to charges */
	int64_t		 unapplied;		/* of a credit: left as credit in hand */
};

/* What the rules look at of an account. */
struct ledger_state {
	int		 active;
	int		 on_hold;
	int		 pay_later;
	int		 restrict_credit;
	int64_t		 credit_limit;
	int64_t		 balance;
};

/*
 * The rules of the balance, the same for the portal, lanes and the
 * command line: may amount (signed) of kind be posted on an account in
 * state s? In this order: an inactive account takes no sale, refund,
 * payout or deposit; a hold stops money leaving (sale, payout); a
 * payout takes at most the credit in hand; a sale may not take the
 * balance below zero without pay later, nor past the limit with
 * restrict credit. With pay later and no restrict credit, a sale past
 * the limit is posted with LEDGER_FLAG_OVER_LIMIT. Settlements,
 * adjustments, reversals and openings are corrections the rules do not
 * stop. Offline, nothing is refused: each broken rule becomes a flag.
 * Returns 0 with *flags set, or the first LEDGER_ERR_* that applies.
 */
int	ledger_rules(const struct ledger_state *s, const char *kind,
	    int64_t amount, enum ledger_mode mode, unsigned *flags);

/* What an account in state s may spend now (never below zero). */
int64_t	ledger_available(const struct ledger_state *s);

/*
 * Inside the caller's transaction, posts p: locks the account row
 * (SELECT ... FOR UPDATE, before anything else, the lock order of
 * every transaction), refuses a form posted before (LEDGER_ERR_SUBMITTED
 * with *out the first posting) or shown before the account changed,
 * checks ledger_rules, takes a new entry number, writes the
 * immutable entry with the balance it leaves, keeps the open items (a
 * charge is settled by credit in hand at once; a credit settles the
 * chosen lines, then the charge it reverses, then the oldest open
 * charges, and keeps the rest as credit in hand), with p->actor writes
 * the audit entry, lifts a hold an auto-hold rule put when a credit
 * clears it (autohold_after_credit), and stores the balance with the
 * account's new version and lane feed position (docs/lane-feed.md). Returns 0 with *out filled (out may be NULL), a
 * LEDGER_ERR_*, or a negative enum db_result; the caller rolls back on
 * any of them, and db_transaction retries a deadlock.
 */
int	ledger_post(struct db *db, const struct posting *p, struct posted *out);

/* An entry as stored, for receipts and reversals. */
struct ledger_entry {
	int64_t		 id;
	int64_t		 account_id;
	char		 number[COUNTER_CODE_MAX];
	char		 kind[17];
	int64_t		 amount;
	int64_t		 balance_after;
	char		 payment_method[17];
	char		 reference[LEDGER_REFERENCE_MAX * 4 + 1];
	char		 note[LEDGER_NOTE_MAX * 4 + 1];
	int64_t		 staff_id;		/* 0: none */
	int64_t		 approver_id;		/* 0: none */
	int64_t		 reverses_id;		/* 0: none */
	int64_t		 reversed_by;		/* the reversal's id, 0: none */
	int64_t		 at;			/* seconds since the epoch, UTC */
};

/*
 * Reads the entry numbered number of account_id in store_id into *e.
 * Returns 1 when found, 0 when there is none, or a negative enum
 * db_result.
 */
int	ledger_entry_get(struct db *db, int64_t store_id, int64_t account_id,
	    const char *number, struct ledger_entry *e);

/*
 * Makes a one-time form token of LEDGER_ONCE_LEN hex digits (and a NUL)
 * for a posting form. Returns 0, or -1 when no randomness was had.
 */
int	ledger_once_new(char out[LEDGER_ONCE_LEN + 1]);

/* True when s is a well-formed one-time form token. */
int	ledger_once_valid(const char *s);

/* A kind of entry: as stored, and as people read it. */
struct ledger_kind {
	const char	*key;		/* "opening" */
	const char	*label;		/* "Opening balance" */
};

/* Every kind of entry, as the ledger_entries table allows them. */
extern const struct ledger_kind	ledger_kinds[];
extern const size_t		ledger_kinds_count;

/* True when kind is a kind of entry the ledger knows. */
int	ledger_kind_valid(const char *kind);

/* The label of kind ("Sale on account"), or kind itself when unknown. */
const char	*ledger_kind_label(const char *kind);

/*
 * The flags of a posting as lanes and the audit log name them: a new
 * JSON array of "over_limit", "after_hold", "inactive" (possibly
 * empty), or NULL when memory runs out.
 */
json_t		*ledger_flags_json(unsigned flags);

/* The reason code of a LEDGER_ERR_* for lanes ("on_hold"), or NULL. */
const char	*ledger_err_code(int err);

/* A message for people about a LEDGER_ERR_* (or any other failure). */
const char	*ledger_err_message(int err);

#endif
