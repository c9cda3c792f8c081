/* ledger.c: the one way money moves on an account: an immutable entry and the balance it leaves. */
#include <string.h>

#include "counters.h"
#include "db.h"
#include "ledger.h"
#include "money.h"

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

/* An optional string as bound: "" for NULL. */
static struct db_arg
ledger_text(const char *s)
{
	return DB_STR(s != NULL ? s : "");
}

/* An optional id as bound: NULL for 0. */
static struct db_arg
ledger_id(int64_t id)
{
	return id > 0 ? DB_INT(id) : DB_NULL;
}

int
ledger_post(struct db *db, const struct posting *p, struct posted *out)
{
	struct posted	 done;
	int64_t		 balance;
	int		 rc;

	memset(&done, 0, sizeof(done));
	if (p->amount > MONEY_MAX || p->amount < -MONEY_MAX ||
	    !ledger_kind_valid(p->kind))
		return LEDGER_ERR_RANGE;
	rc = db_get(db, STMT_LEDGER_LOCK_ACCOUNT, DB_ARGS(DB_INT(p->account_id),
	    DB_INT(p->store_id)), DB_COLS(COL_INT(&balance)));
	if (rc < 0)
		return rc;
	if (rc == 0)
		return LEDGER_ERR_NO_ACCOUNT;
	/* Both are within MONEY_MAX (2^53 - 1): the sum cannot overflow. */
	done.balance_after = balance + p->amount;
	if (done.balance_after > MONEY_MAX || done.balance_after < -MONEY_MAX)
		return LEDGER_ERR_RANGE;
	if ((rc = counter_next(db, p->store_id, COUNTER_ENTRY,
	    done.number)) < 0)
		return rc;
	if ((rc = db_exec(db, STMT_LEDGER_INSERT, DB_ARGS(DB_INT(p->store_id),
	    DB_INT(p->account_id), DB_STR(done.number), DB_STR(p->kind),
	    DB_INT(p->amount), DB_INT(done.balance_after),
	    ledger_text(p->payment_method), ledger_text(p->reference),
	    ledger_text(p->note), ledger_id(p->staff_id),
	    ledger_id(p->approver_id)), NULL, &done.entry_id)) < 0)
		return rc;
	if ((rc = db_exec(db, STMT_LEDGER_SET_BALANCE, DB_ARGS(
	    DB_INT(done.balance_after), DB_INT(p->account_id),
	    DB_INT(p->store_id)), NULL, NULL)) < 0)
		return rc;
	if ((rc = account_mark_changed(db, p->store_id, p->account_id)) < 0)
		return rc;
	if (out != NULL)
		*out = done;
	return 0;
}
