/* ledger.h: the one way money moves on an account: an immutable entry and the balance it leaves. */
#ifndef SLATE_LEDGER_H
#define SLATE_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "counters.h"

struct db;

/* ledger_post refuses: an amount or a balance past MONEY_MAX. */
#define LEDGER_ERR_RANGE	(-20)
/* ledger_post refuses: the store has no such account. */
#define LEDGER_ERR_NO_ACCOUNT	(-21)

#define LEDGER_REFERENCE_MAX	64	/* characters, as the column */
#define LEDGER_NOTE_MAX		500

/* One movement of money to post. Strings may be NULL for none. */
struct posting {
	int64_t		 store_id;
	int64_t		 account_id;
	const char	*kind;		/* "opening", "sale", "deposit", ... */
	int64_t		 amount;	/* signed minor units: + adds credit */
	const char	*payment_method;
	const char	*reference;
	const char	*note;
	int64_t		 staff_id;	/* 0: none (a lane, the command line) */
	int64_t		 approver_id;	/* 0: no manager approved */
};

/* What a posting became. */
struct posted {
	int64_t		 entry_id;
	char		 number[COUNTER_CODE_MAX];	/* "E000123" */
	int64_t		 balance_after;
};

/*
 * Inside the caller's transaction, posts p: locks the account row
 * (SELECT ... FOR UPDATE, before any counter, the lock order of every
 * transaction), takes the next entry number, writes the immutable entry
 * with the balance it leaves, stores that balance on the account and
 * marks the account changed for the lane feed. So the balance always
 * equals the sum of the entries. Refuses an |amount| or a resulting
 * balance beyond MONEY_MAX. Returns 0 with *out filled (out may be
 * NULL), LEDGER_ERR_RANGE, LEDGER_ERR_NO_ACCOUNT, or a negative enum
 * db_result; the caller rolls back on any of them.
 */
int	ledger_post(struct db *db, const struct posting *p, struct posted *out);

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

#endif
