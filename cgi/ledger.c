/* ledger.c: the one way money moves on an account: the rules, an immutable entry, the balance it leaves and the open items it settles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>
#include <jansson.h>

#include "audit.h"
#include "autohold.h"
#include "counters.h"
#include "db.h"
#include "ledger.h"
#include "money.h"
#include "token.h"

/* Open items are read this many at a time when credits meet charges. */
#define ITEMS_BATCH	256

/* As the ck_ledger_kind check of the ledger_entries table. */
const struct ledger_kind ledger_kinds[] = {
	{ "opening", "Opening balance" },
	{ "sale", "Sale on account" },
	{ "refund", "Refund" },
	{ "deposit", "Deposit" },
	{ "payout", "Payout" },
	{ "settlement", "Settlement" },
	{ "adjustment", "Adjustment" },
	{ "reversal", "Reversal" },
};

const size_t ledger_kinds_count = sizeof(ledger_kinds) /
    sizeof(ledger_kinds[0]);

int
ledger_kind_valid(const char *kind)
{
	size_t	 i;

	for (i = 0; i < ledger_kinds_count; i++)
		if (strcmp(ledger_kinds[i].key, kind) == 0)
			return 1;
	return 0;
}

const char *
ledger_kind_label(const char *kind)
{
	size_t	 i;

	for (i = 0; i < ledger_kinds_count; i++)
		if (strcmp(ledger_kinds[i].key, kind) == 0)
			return ledger_kinds[i].label;
	return kind;
}

static const struct {
	int		 err;
	const char	*code;
	const char	*message;
} ledger_errors[] = {
	{ LEDGER_ERR_NO_ACCOUNT, "unknown_account",
	    "There is no such account." },
	{ LEDGER_ERR_INACTIVE, "inactive",
	    "The account is inactive: it takes no payments or spending." },
	{ LEDGER_ERR_ON_HOLD, "on_hold",
	    "The account is on hold: no money may leave it." },
	{ LEDGER_ERR_INSUFFICIENT, "insufficient_balance",
	    "That is more than the credit in hand." },
	{ LEDGER_ERR_OVER_LIMIT, "over_limit",
	    "That would take the account past what it may owe." },
	{ LEDGER_ERR_RANGE, NULL, "That amount is out of range." },
	{ LEDGER_ERR_STALE, NULL, "The account changed since this form was "
	    "shown. Check the new figures and send it again." },
	{ LEDGER_ERR_ALLOCATION, NULL, "A chosen line is no longer open for "
	    "that much. Check the open amounts and send it again." },
	{ LEDGER_ERR_NOT_REVERSIBLE, NULL, "That entry cannot be reversed." },
	{ LEDGER_ERR_REVERSED, NULL, "That entry has been reversed already." },
	{ LEDGER_ERR_SUBMITTED, NULL, "This form was sent before; it was "
	    "posted once." },
};

const char *
ledger_err_code(int err)
{
	size_t	 i;

	for (i = 0; i < sizeof(ledger_errors) / sizeof(ledger_errors[0]); i++)
		if (ledger_errors[i].err == err)
			return ledger_errors[i].code;
	return NULL;
}

const char *
ledger_err_message(int err)
{
	size_t	 i;

	for (i = 0; i < sizeof(ledger_errors) / sizeof(ledger_errors[0]); i++)
		if (ledger_errors[i].err == err)
			return ledger_errors[i].message;
	return "Nothing was posted: something went wrong. Please try again.";
}

/* ------------------------------------------------------------ rules */

/* True when kind takes money from the account (a spending). */
static int
kind_spends(const char *kind)
{
	return strcmp(kind, "sale") == 0 || strcmp(kind, "payout") == 0;
}

/* True when kind brings money in from the customer at a till or desk. */
static int
kind_takes_in(const char *kind)
{
	return strcmp(kind, "deposit") == 0 || strcmp(kind, "refund") == 0;
}

/* True when amount has the sign kind must have (a reversal's any). */
static int
kind_sign_ok(const char *kind, int64_t amount)
{
	if (amount == 0)
		return 0;
	if (kind_spends(kind))
		return amount < 0;
	if (kind_takes_in(kind) || strcmp(kind, "settlement") == 0)
		return amount > 0;
	return 1;
}

int64_t
ledger_available(const struct ledger_state *s)
{
	int64_t	 v;

	if (s->on_hold || !s->active)
		return 0;
	v = s->pay_later ? s->balance + s->credit_limit : s->balance;
	return v > 0 ? v : 0;
}

/* Notes err as the rule broken, unless an earlier one was. */
static void
rule_broken(int *first, int err, unsigned *flags, unsigned flag)
{
	if (*first == 0)
		*first = err;
	*flags |= flag;
}

int
ledger_rules(const struct ledger_state *s, const char *kind, int64_t amount,
    enum ledger_mode mode, unsigned *flags)
{
	int64_t		 after = s->balance + amount;
	int64_t		 in_hand = s->balance > 0 ? s->balance : 0;
	unsigned	 f = 0, flagged = 0;
	int		 first = 0;

	*flags = 0;
	if (!kind_spends(kind) && !kind_takes_in(kind))
		return 0;
	if (!s->active)
		rule_broken(&first, LEDGER_ERR_INACTIVE, &f,
		    LEDGER_FLAG_INACTIVE);
	if (kind_spends(kind) && s->on_hold)
		rule_broken(&first, LEDGER_ERR_ON_HOLD, &f,
		    LEDGER_FLAG_AFTER_HOLD);
	if (strcmp(kind, "payout") == 0 && -amount > in_hand)
		rule_broken(&first, LEDGER_ERR_INSUFFICIENT, &f,
		    LEDGER_FLAG_OVER_LIMIT);
	if (strcmp(kind, "sale") == 0) {
		if (!s->pay_later && after < 0)
			rule_broken(&first, LEDGER_ERR_OVER_LIMIT, &f,
			    LEDGER_FLAG_OVER_LIMIT);
		else if (s->pay_later && after < -s->credit_limit) {
			if (s->restrict_credit)
				rule_broken(&first, LEDGER_ERR_OVER_LIMIT, &f,
				    LEDGER_FLAG_OVER_LIMIT);
			else
				flagged = LEDGER_FLAG_OVER_LIMIT;
		}
	}
	if (mode == LEDGER_OFFLINE) {
		*flags = f | flagged;
		return 0;
	}
	if (first != 0)
		return first;
	*flags = flagged;
	return 0;
}

/* ------------------------------------------------------------ tokens */

int
ledger_once_new(char out[LEDGER_ONCE_LEN + 1])
{
	unsigned char	 raw[LEDGER_ONCE_LEN / 2];

	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return -1;
	hex_encode(raw, sizeof(raw), out);
	return 0;
}

int
ledger_once_valid(const char *s)
{
	size_t	 i;

	for (i = 0; i < LEDGER_ONCE_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[i] == '\0';
}

/* ------------------------------------------------------------ posting */

/* The account as locked for a posting. */
struct locked {
	struct ledger_state	 s;
	int			 hold_auto;	/* the hold was put by an auto-hold rule */
	int64_t			 version;
	char			 number[COUNTER_CODE_MAX];
	int64_t			 once_entry;	/* the form's first posting, 0: none */
	int64_t			 entry_number;	/* from the entry_numbers sequence */
	int64_t			 feed_seq;	/* from the feed_numbers sequence */
	int			 oldest_read;	/* oldest_* was read with the lock */
	int64_t			 oldest_item;	/* the other side's oldest, 0: none */
	int64_t			 oldest_open;
};

/* An optional string as bound: "" for NULL. */
static struct db_arg
ledger_text(const char *s)
{
	return DB_STR(s != NULL ? s : "");
}

/* An optional form token as bound: NULL for none. */
static struct db_arg
ledger_token(const char *once)
{
	return once != NULL ? DB_STR(once) : DB_NULL;
}

/* An optional id as bound: NULL for 0. */
static struct db_arg
ledger_id(int64_t id)
{
	return id > 0 ? DB_INT(id) : DB_NULL;
}

/*
 * Locks the account row of p and reads it, with the entry p's form token
 * posted before, if any, a new entry number and feed position, and the
 * oldest open item the posting will meet first when nothing else comes
 * before it (no chosen lines, not a reversal). Returns 1, 0 when none,
 * or < 0.
 */
static int
account_lock(struct db *db, const struct posting *p, struct locked *a)
{
	int64_t	 active, hold, hold_auto, later, restrict_credit, counters;
	int64_t	 sign;
	int	 rc;

	memset(a, 0, sizeof(*a));
	/* A credit meets charges when the account owes, a charge credit in hand. */
	a->oldest_read = p->nlines == 0 && p->reverses_id == 0 &&
	    p->amount != 0 && strcmp(p->kind, "reversal") != 0;
	sign = !a->oldest_read ? 2 : p->amount > 0 ? -1 : 1;
	rc = db_get(db, STMT_LEDGER_LOCK_ACCOUNT, DB_ARGS(ledger_token(p->once),
	    DB_INT(sign), DB_STR(p->amount > 0 ? "D" : "C"), DB_INT(sign),
	    DB_STR(p->amount > 0 ? "D" : "C"), DB_INT(p->account_id),
	    DB_INT(p->store_id)), DB_COLS(
	    COL_INT(&a->s.balance), COL_INT(&active), COL_INT(&hold),
	    COL_INT(&hold_auto), COL_INT(&later), COL_INT(&restrict_credit),
	    COL_INT(&a->s.credit_limit), COL_INT(&a->version),
	    COL_STR(a->number), COL_INT(&a->once_entry), COL_INT(&counters),
	    COL_INT(&a->entry_number), COL_INT(&a->feed_seq),
	    COL_INT(&a->oldest_item), COL_INT(&a->oldest_open)));
	a->s.active = active != 0;
	a->s.on_hold = hold != 0;
	a->hold_auto = hold_auto != 0;
	a->s.pay_later = later != 0;
	a->s.restrict_credit = restrict_credit != 0;
	return rc;
}

/* Reads the entry a form posted the first time it was sent into *out. Returns 1 or < 0. */
static int
once_first(struct db *db, int64_t entry, struct posted *out)
{
	struct posted	 first;
	int		 rc;

	memset(&first, 0, sizeof(first));
	rc = db_get(db, STMT_LEDGER_ONCE_FIND, DB_ARGS(DB_INT(entry)),
	    DB_COLS(COL_INT(&first.entry_id), COL_STR(first.number),
	    COL_INT(&first.amount), COL_INT(&first.balance_after)));
	if (rc == 1 && out != NULL)
		*out = first;
	return rc == 0 ? DB_ERR : rc;
}

/* The amount of a reversal of p->reverses_id, checked. Returns 0 or < 0. */
static int
reversal_amount(struct db *db, const struct posting *p, int64_t *amount)
{
	int64_t	 account, original, reversed;
	char	 kind[17];
	int	 rc;

	rc = db_get(db, STMT_LEDGER_REVERSE_TARGET, DB_ARGS(
	    DB_INT(p->reverses_id), DB_INT(p->store_id)), DB_COLS(
	    COL_INT(&account), COL_STR(kind), COL_INT(&original),
	    COL_INT(&reversed)));
	if (rc < 0)
		return rc;
	if (rc == 0 || account != p->account_id ||
	    strcmp(kind, "reversal") == 0)
		return LEDGER_ERR_NOT_REVERSIBLE;
	if (reversed)
		return LEDGER_ERR_REVERSED;
	*amount = -original;
	return 0;
}

/*
 * Records that credit paid amount of debit; the allocations_close_items
 * trigger takes it off both open items (and refuses more than is open).
 */
static int
allocate(struct db *db, const struct posting *p, int64_t credit,
    int64_t debit, int64_t amount)
{
	return db_exec(db, STMT_ALLOCATION_INSERT, DB_ARGS(DB_INT(p->store_id),
	    DB_INT(p->account_id), DB_INT(credit), DB_INT(debit),
	    DB_INT(amount)), NULL, NULL);
}

/* What a new entry's open item meets: its id, side, and what is left of it. */
struct meeting {
	int64_t		 entry;
	int		 credit;	/* the new entry is a credit */
	int64_t		 left;
};

/* Applies up to m->left between the new entry and the other side's item other (open amount open). */
static int
meet(struct db *db, const struct posting *p, struct meeting *m,
    int64_t other, int64_t open)
{
	int64_t	 take = open < m->left ? open : m->left;
	int	 rc;

	if (take <= 0)
		return 0;
	rc = m->credit ? allocate(db, p, m->entry, other, take) :
	    allocate(db, p, other, m->entry, take);
	if (rc == 0)
		m->left -= take;
	return rc;
}

/* Applies the chosen lines of a credit, each in full. Returns 0 or < 0. */
static int
meet_lines(struct db *db, const struct posting *p, struct meeting *m)
{
	int64_t	 account, open;
	char	 side[2];
	size_t	 i;
	int	 rc;

	for (i = 0; i < p->nlines; i++) {
		rc = db_get(db, STMT_OPEN_ITEM_GET, DB_ARGS(
		    DB_INT(p->lines[i].entry_id), DB_INT(p->store_id)),
		    DB_COLS(COL_INT(&account), COL_STR(side), COL_INT(&open)));
		if (rc < 0)
			return rc;
		if (rc == 0 || account != p->account_id ||
		    strcmp(side, "D") != 0 || p->lines[i].amount <= 0 ||
		    p->lines[i].amount > open || p->lines[i].amount > m->left)
			return LEDGER_ERR_ALLOCATION;
		if ((rc = meet(db, p, m, p->lines[i].entry_id,
		    p->lines[i].amount)) < 0)
			return rc;
	}
	return 0;
}

/* Applies the new entry to the item of the entry it reverses, when that is open on the other side. */
static int
meet_reversed(struct db *db, const struct posting *p, struct meeting *m)
{
	int64_t	 account, open;
	char	 side[2];
	int	 rc;

	rc = db_get(db, STMT_OPEN_ITEM_GET, DB_ARGS(DB_INT(p->reverses_id),
	    DB_INT(p->store_id)), DB_COLS(COL_INT(&account), COL_STR(side),
	    COL_INT(&open)));
	if (rc <= 0)
		return rc;
	if (strcmp(side, m->credit ? "D" : "C") != 0)
		return 0;
	return meet(db, p, m, p->reverses_id, open);
}

/*
 * Applies the new entry to the other side's open items, oldest first,
 * starting with the one read with the account's lock when there is one.
 */
static int
meet_oldest(struct db *db, const struct posting *p, const struct locked *a,
    struct meeting *m)
{
	int64_t		 ids[ITEMS_BATCH], opens[ITEMS_BATCH];
	int64_t		 id, open, after = 0;
	struct db_col	 cols[] = { COL_INT(&id), COL_INT(&open) };
	size_t		 n, i;
	int		 rc;

	if (a->oldest_read) {
		if (a->oldest_item == 0)
			return 0;
		if ((rc = meet(db, p, m, a->oldest_item, a->oldest_open)) < 0)
			return rc;
		after = a->oldest_item;
	}
	while (m->left > 0) {
		if ((rc = db_query(db, STMT_OPEN_ITEMS_OLDEST, DB_ARGS(
		    DB_INT(p->account_id), DB_STR(m->credit ? "D" : "C"),
		    DB_INT(after), DB_INT(ITEMS_BATCH)), cols, 2)) < 0)
			return rc;
		n = 0;
		while (n < ITEMS_BATCH && (rc = db_fetch(db)) == 1) {
			ids[n] = id;
			opens[n++] = open;
		}
		db_done(db);
		if (rc < 0)
			return rc;
		for (i = 0; i < n && m->left > 0; i++)
			if ((rc = meet(db, p, m, ids[i], opens[i])) < 0)
				return rc;
		if (n < ITEMS_BATCH)
			break;
		after = ids[n - 1];
	}
	return 0;
}

/*
 * Applies the open item of the new entry (written with it by the
 * ledger_entries_open_item trigger): a credit to the chosen lines, the
 * charge it reverses, then the oldest charges; a charge takes from the
 * credit it reverses, then the oldest credits.
 * The other side is only looked at when the balance before says it has
 * open items (an account has open charges or credit in hand, never
 * both). Returns 0 with done->allocated and unapplied set, or < 0.
 */
static int
items_keep(struct db *db, const struct posting *p, const struct locked *a,
    int64_t amount, struct posted *done)
{
	struct meeting	 m;
	int64_t		 size = amount < 0 ? -amount : amount;
	int		 rc;

	m.entry = done->entry_id;
	m.credit = amount > 0;
	m.left = size;
	if (m.credit && (rc = meet_lines(db, p, &m)) < 0)
		return rc;
	if (p->reverses_id > 0 && (rc = meet_reversed(db, p, &m)) < 0)
		return rc;
	if ((m.credit ? a->s.balance < 0 : a->s.balance > 0) &&
	    (rc = meet_oldest(db, p, a, &m)) < 0)
		return rc;
	if (m.credit) {
		done->allocated = size - m.left;
		done->unapplied = m.left;
	}
	return 0;
}

json_t *
ledger_flags_json(unsigned flags)
{
	json_t	*a = json_array();

	if (a == NULL)
		return NULL;
	if (((flags & LEDGER_FLAG_OVER_LIMIT) &&
	    json_array_append_new(a, json_string("over_limit")) == -1) ||
	    ((flags & LEDGER_FLAG_AFTER_HOLD) &&
	    json_array_append_new(a, json_string("after_hold")) == -1) ||
	    ((flags & LEDGER_FLAG_INACTIVE) &&
	    json_array_append_new(a, json_string("inactive")) == -1)) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* Writes the audit entry of a posting. Returns 0 or < 0. */
static int
posting_audit(struct db *db, const struct posting *p, const struct locked *a,
    const struct posted *done)
{
	json_t	*before, *after;
	int	 rc;

	before = json_pack("{s:I}", "balance", (json_int_t)a->s.balance);
	after = json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:s, s:o, s:I, s:I}",
	    "entry", done->number, "kind", p->kind,
	    "amount", (json_int_t)done->amount,
	    "balance", (json_int_t)done->balance_after,
	    "payment_method", p->payment_method != NULL ?
	    p->payment_method : "",
	    "reference", p->reference != NULL ? p->reference : "",
	    "note", p->note != NULL ? p->note : "",
	    "flags", ledger_flags_json(done->flags),
	    "allocated", (json_int_t)done->allocated,
	    "unapplied", (json_int_t)done->unapplied);
	rc = before == NULL || after == NULL ? DB_ERR : audit_write(db,
	    p->actor, strcmp(p->kind, "reversal") == 0 ? "entry.reverse" :
	    "entry.post", "account", a->number, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

/* The checks before anything is written; *amount is what will be posted. */
static int
posting_check(struct db *db, const struct posting *p, struct locked *a,
    int64_t *amount, struct posted *out, unsigned *flags)
{
	int	 rc;

	if ((rc = account_lock(db, p, a)) <= 0)
		return rc < 0 ? rc : LEDGER_ERR_NO_ACCOUNT;
	if (a->once_entry != 0)
		return (rc = once_first(db, a->once_entry, out)) < 0 ? rc :
		    LEDGER_ERR_SUBMITTED;
	if (p->expect_version > 0 && p->expect_version != a->version)
		return LEDGER_ERR_STALE;
	*amount = p->amount;
	if (strcmp(p->kind, "reversal") == 0) {
		if ((rc = reversal_amount(db, p, amount)) < 0)
			return rc;
	} else if (p->reverses_id != 0)
		return LEDGER_ERR_RANGE;
	if (!kind_sign_ok(p->kind, *amount) || *amount > MONEY_MAX ||
	    *amount < -MONEY_MAX)
		return LEDGER_ERR_RANGE;
	if (p->nlines > 0 && *amount < 0)
		return LEDGER_ERR_ALLOCATION;
	/* Both are within MONEY_MAX (2^53 - 1): the sum cannot overflow. */
	if (a->s.balance + *amount > MONEY_MAX ||
	    a->s.balance + *amount < -MONEY_MAX)
		return LEDGER_ERR_RANGE;
	return ledger_rules(&a->s, p->kind, *amount, p->mode, flags);
}

int
ledger_post(struct db *db, const struct posting *p, struct posted *out)
{
	struct locked	 a;
	struct posted	 done;
	int64_t		 amount;
	int		 rc;

	memset(&done, 0, sizeof(done));
	if (!ledger_kind_valid(p->kind) ||
	    (p->once != NULL && !ledger_once_valid(p->once)))
		return LEDGER_ERR_RANGE;
	if ((rc = posting_check(db, p, &a, &amount, out, &done.flags)) < 0)
		return rc;
	done.amount = amount;
	done.balance_after = a.s.balance + amount;
	/* Numbers stay far below 15 digits. */
	if (snprintf(done.number, sizeof(done.number), "E%06lld",
	    (long long)a.entry_number) >= (int)sizeof(done.number))
		return DB_ERR;
	if ((rc = db_exec(db, STMT_LEDGER_INSERT, DB_ARGS(DB_INT(p->store_id),
	    DB_INT(p->account_id), DB_STR(done.number), DB_STR(p->kind),
	    DB_INT(amount), DB_INT(done.balance_after),
	    ledger_text(p->payment_method), ledger_text(p->reference),
	    ledger_text(p->note), ledger_id(p->staff_id),
	    ledger_id(p->approver_id), ledger_id(p->lane_id),
	    ledger_id(p->reverses_id), ledger_token(p->once)), NULL,
	    &done.entry_id)) < 0)
		/*
		 * A unique key: the entry was reversed meanwhile, or the same
		 * form was posted on another account; run it all again to
		 * find which.
		 */
		return rc == DB_ERR_DUP ? DB_ERR_RETRY : rc;
	if ((rc = items_keep(db, p, &a, amount, &done)) < 0)
		return rc;
	if (p->actor != NULL && (rc = posting_audit(db, p, &a, &done)) < 0)
		return rc;
	/* A credit may clear what an auto-hold rule held the account for. */
	if (a.hold_auto && amount > 0) {
		if ((rc = autohold_after_credit(db, p->store_id,
		    p->account_id, p->actor)) < 0)
			return rc;
		if (rc == 1)
			a.s.on_hold = 0;
	}

	if ((rc = db_exec(db, STMT_LEDGER_SET_BALANCE, DB_ARGS(
	    DB_INT(done.balance_after), DB_INT(a.feed_seq),
	    DB_INT(p->account_id), DB_INT(p->store_id)), NULL, NULL)) < 0)
		return rc;
	done.version_after = a.version + 1;
	a.s.balance = done.balance_after;
	done.available_after = ledger_available(&a.s);
	if (out != NULL)
		*out = done;
	return 0;
}

int
ledger_entry_get(struct db *db, int64_t store_id, int64_t account_id,
    const char *number, struct ledger_entry *e)
{
	memset(e, 0, sizeof(*e));
	return db_get(db, STMT_LEDGER_ENTRY_GET, DB_ARGS(DB_INT(store_id),
	    DB_INT(account_id), DB_STR(number)), DB_COLS(COL_INT(&e->id),
	    COL_INT(&e->account_id), COL_STR(e->number), COL_STR(e->kind),
	    COL_INT(&e->amount), COL_INT(&e->balance_after),
	    COL_STR(e->payment_method), COL_STR(e->reference),
	    COL_STR(e->note), COL_INT(&e->staff_id), COL_INT(&e->approver_id),
	    COL_INT(&e->reverses_id), COL_INT(&e->reversed_by),
	    COL_INT(&e->at)));
}
