/* statement.c: issuing statements: the period a statement covers, its number, and its content frozen in the statement tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "account.h"
#include "ageing.h"
#include "audit.h"
#include "db.h"
#include "log.h"
#include "outbox.h"
#include "statement.h"
#include "text.h"
#include "timez.h"

/* The longest a schedule's dates lie apart: a year, a leap day included. */
#define LONGEST_GAP	366

int
statement_latest_date(const struct schedule *s, struct sdate start,
    struct sdate d, struct sdate *out)
{
	struct sdate	 after, c, n;
	long		 k;

	if (!sdate_valid(start) || !sdate_valid(d))
		return -1;
	if (sdate_cmp(d, start) < 0)
		return 1;
	/*
	 * Look back 1, 2, 4, ... days for a window that holds a date: the
	 * first date in it lies within the last half of the window, so the
	 * walk forward from it takes few steps whatever the rule.
	 */
	for (k = 1;; k *= 2) {
		after = sdate_add_days(d, -k);
		if (sdate_cmp(after, start) < 0)
			after = sdate_add_days(start, -1);
		if (!sdate_valid(after) ||
		    schedule_next(s, start, after, &c) == -1)
			return -1;
		if (sdate_cmp(c, d) <= 0)
			break;
		if (sdate_cmp(after, start) < 0 || k > 2 * LONGEST_GAP)
			return 1;
	}
	while (schedule_next(s, start, c, &n) == 0 && sdate_cmp(n, d) <= 0)
		c = n;
	*out = c;
	return 0;
}

void
statement_period_start(const struct sdate *prev, struct sdate first,
    struct sdate period_end, struct sdate *out)
{
	*out = prev != NULL ? sdate_add_days(*prev, 1) : first;
	if (sdate_cmp(*out, period_end) > 0)
		*out = period_end;
}

void
statement_number_format(int64_t n, char buf[STATEMENT_NUMBER_MAX])
{
	snprintf(buf, STATEMENT_NUMBER_MAX, "S%06lld", (long long)n);
}

void
statement_figures_start(struct statement_figures *f, int64_t opening)
{
	memset(f, 0, sizeof(*f));
	f->opening = f->closing = opening;
}

int64_t
statement_figures_add(struct statement_figures *f, int64_t amount)
{
	if (amount < 0)
		f->debits -= amount;
	else
		f->credits += amount;
	f->closing += amount;
	return f->closing;
}

void
statement_figures_finish(struct statement_figures *f)
{
	f->amount_due = f->closing < 0 ? -f->closing : 0;
}

int
statement_today(struct db *db, int64_t store_id, struct sdate *today)
{
	char	 zone[65];
	int	 rc;

	rc = db_get(db, STMT_ACCOUNT_STORE_ZONE, DB_ARGS(DB_INT(store_id)),
	    DB_COLS(COL_STR(zone)));
	if (rc <= 0)
		return rc < 0 ? rc : STATEMENT_ERR_NO_ACCOUNT;
	return account_today(zone, today) == -1 ? DB_ERR : 0;
}

/* Everything a statement is made of while it is being issued. */
struct issue {
	int64_t			 store_id, account_id;
	struct sdate		 end;
	const struct audit_actor *actor;
	/* The account, locked. */
	char			 account_number[STATEMENT_ACCOUNT_MAX];
	int64_t			 customer_id;
	char			 email[STATEMENT_EMAIL_MAX];
	char			 rule[TEXT_BYTES(SCHEDULE_RULE_MAX)];
	char			 rule_start[SDATE_TEXT];
	int64_t			 created;
	/* Its latest statement, when has_prev. */
	int			 has_prev;
	struct sdate		 prev_end;
	int64_t			 prev_last_entry, prev_closing;
	/* The customer and the store. */
	char			 customer_code[STATEMENT_ACCOUNT_MAX];
	char			 customer_name[TEXT_BYTES(200)];
	char			 store_name[TEXT_BYTES(200)];
	char			 currency[4];
	char			 zone[65];
	char			 bank_holder[TEXT_BYTES(200)];
	char			 iban[35], bic[12];
	char			 bank_name[TEXT_BYTES(200)];
	int64_t			 terms;
	/* What the statement says. */
	time_t			 end_at;	/* the first instant after the period */
	struct sdate		 start, due;
	struct statement_figures fig;
	int64_t			 last_entry;
	struct ageing_sums	 age;
	json_t			*lines, *items;
	char			 number[STATEMENT_NUMBER_MAX];
	int64_t			 id;
	int64_t			 outbox_id;
};

static struct timez_date
tz_date(struct sdate d)
{
	struct timez_date	 t = { d.year, d.month, d.day };

	return t;
}

/* Locks the account and reads it. Returns 0, STATEMENT_ERR_NO_ACCOUNT or < 0. */
static int
issue_lock(struct db *db, struct issue *is)
{
	int	 rc;

	rc = db_get(db, STMT_STATEMENT_LOCK_ACCOUNT, DB_ARGS(
	    DB_INT(is->account_id), DB_INT(is->store_id)), DB_COLS(
	    COL_STR(is->account_number), COL_INT(&is->customer_id),
	    COL_STR(is->email), COL_STR(is->rule), COL_STR(is->rule_start),
	    COL_INT(&is->created)));
	if (rc <= 0)
		return rc < 0 ? rc : STATEMENT_ERR_NO_ACCOUNT;
	return 0;
}

/* Reads the account's latest statement. Returns 0, STATEMENT_ERR_EXISTS or < 0. */
static int
issue_latest(struct db *db, struct issue *is)
{
	char	 end[SDATE_TEXT];
	int	 rc;

	rc = db_get(db, STMT_STATEMENT_LATEST, DB_ARGS(DB_INT(is->account_id),
	    DB_INT(is->store_id)), DB_COLS(COL_STR(end),
	    COL_INT(&is->prev_last_entry), COL_INT(&is->prev_closing)));
	if (rc <= 0)
		return rc;
	if (sdate_parse(end, &is->prev_end) == -1)
		return DB_ERR;
	is->has_prev = 1;
	return sdate_cmp(is->prev_end, is->end) >= 0 ? STATEMENT_ERR_EXISTS : 0;
}

/* Reads the names, bank details and terms to copy. Returns 0 or < 0. */
static int
issue_parties(struct db *db, struct issue *is)
{
	int	 rc;

	rc = db_get(db, STMT_STATEMENT_PARTIES, DB_ARGS(
	    DB_INT(is->customer_id), DB_INT(is->store_id)), DB_COLS(
	    COL_STR(is->customer_code), COL_STR(is->customer_name),
	    COL_STR(is->store_name), COL_STR(is->currency), COL_STR(is->zone),
	    COL_STR(is->bank_holder), COL_STR(is->iban), COL_STR(is->bic),
	    COL_STR(is->bank_name), COL_INT(&is->terms)));
	return rc == 0 ? DB_ERR : rc < 0 ? rc : 0;
}

/* In the entered zone: the first day of the period. Returns 0 or < 0. */
static int
issue_start(struct db *db, struct issue *is)
{
	int64_t	 first = is->created;
	int	 rc;

	if (!is->has_prev) {
		rc = db_get(db, STMT_STATEMENT_FIRST_ENTRY, DB_ARGS(
		    DB_INT(is->account_id), DB_INT(is->store_id)),
		    DB_COLS(COL_INT(&first)));
		if (rc < 0)
			return rc;
	}
	statement_period_start(is->has_prev ? &is->prev_end : NULL,
	    timez_local_sdate((time_t)first), is->end, &is->start);
	return 0;
}

/* One ledger entry as read for a statement. */
struct entry_row {
	int64_t	 id, amount, balance_after, at;
	char	 number[STATEMENT_NUMBER_MAX + 1];
	char	 kind[17];
	char	 reference[TEXT_BYTES(64)];
};

/* In the entered zone: adds entry e as the next line. Returns 0 or < 0. */
static int
issue_add_line(struct issue *is, const struct entry_row *e)
{
	char	 date[SDATE_TEXT];
	json_t	*line;

	if (statement_figures_add(&is->fig, e->amount) != e->balance_after) {
		log_error("statement: account %s: entry %s leaves %lld, "
		    "not the running balance", is->account_number, e->number,
		    (long long)e->balance_after);
		return DB_ERR;
	}
	sdate_format(timez_local_sdate((time_t)e->at), date);
	line = json_pack("[I, s, s, s, s, I, I]", (json_int_t)e->id, e->number,
	    date, e->kind, e->reference, (json_int_t)e->amount,
	    (json_int_t)e->balance_after);
	if (line == NULL || json_array_append_new(is->lines, line) == -1)
		return DB_ERR;
	is->last_entry = e->id;
	return 0;
}

/*
 * In the entered zone: the lines, the entries after the previous
 * statement's last one up to the first made after the period (ledger
 * order; an entry made later ends the period even when a later one
 * seems earlier), and the figures. Returns 0 or < 0.
 */
static int
issue_lines(struct db *db, struct issue *is)
{
	struct entry_row	 e;
	struct db_col		 cols[] = {
		COL_INT(&e.id), COL_STR(e.number), COL_STR(e.kind),
		COL_STR(e.reference), COL_INT(&e.amount),
		COL_INT(&e.balance_after), COL_INT(&e.at)
	};
	int			 rc;

	statement_figures_start(&is->fig, is->has_prev ? is->prev_closing : 0);
	is->last_entry = is->has_prev ? is->prev_last_entry : 0;
	if ((is->lines = json_array()) == NULL)
		return DB_ERR;
	if ((rc = db_query(db, STMT_STATEMENT_ENTRIES, DB_ARGS(
	    DB_INT(is->account_id), DB_INT(is->store_id),
	    DB_INT(is->last_entry)), cols, sizeof(cols) / sizeof(cols[0]))) < 0)
		return rc;
	while ((rc = db_fetch(db)) == 1 && (time_t)e.at < is->end_at)
		if ((rc = issue_add_line(is, &e)) < 0)
			break;
	db_done(db);
	statement_figures_finish(&is->fig);
	return rc < 0 ? rc : 0;
}

/* One open charge as read for a statement. */
struct item_row {
	char	 number[STATEMENT_NUMBER_MAX + 1];
	int64_t	 at, amount, open;
	char	 due_on[SDATE_TEXT];
};

/*
 * In the entered zone: adds open charge o, due on max(due_on, its
 * date), with the days it is past due on the statement date (0 when it
 * is not). Returns 0 or < 0.
 */
static int
issue_add_item(struct issue *is, const struct item_row *o)
{
	struct sdate	 posted, due;
	char		 p[SDATE_TEXT], d[SDATE_TEXT];
	long		 late;
	json_t		*item;

	posted = timez_local_sdate((time_t)o->at);
	if (sdate_parse(o->due_on, &due) == -1 || sdate_cmp(due, posted) < 0)
		due = posted;
	late = sdate_to_days(is->end) - sdate_to_days(due);
	sdate_format(posted, p);
	sdate_format(due, d);
	item = json_pack("[s, s, s, I, I, I]", o->number, p, d,
	    (json_int_t)o->amount, (json_int_t)o->open,
	    (json_int_t)(late > 0 ? late : 0));
	if (item == NULL || json_array_append_new(is->items, item) == -1)
		return DB_ERR;
	return 0;
}

/* In the entered zone: the charges still open, of those the statement covers. Returns 0 or < 0. */
static int
issue_items(struct db *db, struct issue *is)
{
	struct item_row	 o;
	struct db_col	 cols[] = {
		COL_STR(o.number), COL_INT(&o.at), COL_STR(o.due_on),
		COL_INT(&o.amount), COL_INT(&o.open)
	};
	int		 rc;

	if ((is->items = json_array()) == NULL)
		return DB_ERR;
	if ((rc = db_query(db, STMT_STATEMENT_OPEN_ITEMS, DB_ARGS(
	    DB_INT(is->account_id), DB_INT(is->store_id),
	    DB_INT(is->last_entry)), cols, sizeof(cols) / sizeof(cols[0]))) < 0)
		return rc;
	while ((rc = db_fetch(db)) == 1)
		if ((rc = issue_add_item(is, &o)) < 0)
			break;
	db_done(db);
	return rc < 0 ? rc : 0;
}

/* In the entered zone: the ageing as of the statement date. Returns 0 or < 0. */
static int
issue_ageing(struct db *db, struct issue *is)
{
	struct ageing_asof	 a;
	struct timez_date	 end = tz_date(is->end), today;

	timez_local_date(time(NULL), &today);
	if (ageing_asof_make(&end, &today, &a) == -1)
		return DB_ERR;
	return ageing_account(db, is->store_id, is->account_id, &a, &is->age);
}

/*
 * In the entered zone: everything the statement says, read under the
 * account lock. Returns 0 or < 0.
 */
static int
issue_read(struct db *db, struct issue *is)
{
	struct timez_date	 next = tz_date(sdate_add_days(is->end, 1));
	int			 rc;

	is->end_at = timez_day_start(&next);
	is->due = sdate_add_days(is->end, (long)is->terms);
	if ((rc = issue_start(db, is)) < 0 || (rc = issue_lines(db, is)) < 0 ||
	    (rc = issue_items(db, is)) < 0)
		return rc;
	return issue_ageing(db, is);
}

/* Takes the store's next statement number (the counters row stays locked). Returns 0 or < 0. */
static int
issue_number(struct db *db, struct issue *is)
{
	int64_t	 n;
	int	 rc;

	rc = db_get(db, STMT_STATEMENT_COUNTER_LOCK, DB_ARGS(
	    DB_INT(is->store_id)), DB_COLS(COL_INT(&n)));
	if (rc <= 0)
		return rc < 0 ? rc : DB_ERR;
	if ((rc = db_exec(db, STMT_STATEMENT_COUNTER_BUMP, DB_ARGS(
	    DB_INT(is->store_id)), NULL, NULL)) < 0)
		return rc;
	statement_number_format(n, is->number);
	return 0;
}

/* The staff member who issues it, as bound: NULL for the run. */
static struct db_arg
issued_by(const struct audit_actor *a)
{
	return strcmp(a->type, "staff") == 0 && a->id > 0 ? DB_INT(a->id) :
	    DB_NULL;
}

/* Writes the statement row. Returns 0, STATEMENT_ERR_EXISTS or < 0. */
static int
issue_insert(struct db *db, struct issue *is)
{
	char	 start[SDATE_TEXT], end[SDATE_TEXT], due[SDATE_TEXT];
	int	 rc;

	sdate_format(is->start, start);
	sdate_format(is->end, end);
	sdate_format(is->due, due);
	rc = db_exec(db, STMT_STATEMENT_INSERT, DB_ARGS(DB_INT(is->store_id),
	    DB_INT(is->account_id), DB_STR(is->number), DB_STR(start),
	    DB_STR(end), issued_by(is->actor), DB_INT(is->last_entry),
	    DB_STR(is->currency), DB_INT(is->fig.opening),
	    DB_INT(is->fig.debits), DB_INT(is->fig.credits),
	    DB_INT(is->fig.closing), DB_INT(is->fig.amount_due), DB_STR(due),
	    DB_INT(is->age.bucket[AGEING_CURRENT]),
	    DB_INT(is->age.bucket[AGEING_1_30]),
	    DB_INT(is->age.bucket[AGEING_31_60]),
	    DB_INT(is->age.bucket[AGEING_61_90]),
	    DB_INT(is->age.bucket[AGEING_OVER_90]),
	    DB_STR(is->account_number), DB_STR(is->customer_code),
	    DB_STR(is->customer_name), DB_STR(is->email),
	    DB_STR(is->store_name), DB_STR(is->bank_holder),
	    DB_STR(is->iban), DB_STR(is->bic), DB_STR(is->bank_name)),
	    NULL, &is->id);
	/* Another statement of the account for the date committed first. */
	return rc == DB_ERR_DUP ? STATEMENT_ERR_EXISTS : rc;
}

/* Writes the rows of a JSON array with statement s. Returns 0 or < 0. */
static int
insert_rows(struct db *db, enum stmt s, int64_t id, const json_t *rows)
{
	char	*text;
	int	 rc;

	if (json_array_size(rows) == 0)
		return 0;
	if ((text = json_dumps(rows, JSON_COMPACT)) == NULL)
		return DB_ERR;
	rc = db_exec(db, s, DB_ARGS(DB_INT(id), DB_STR(text)), NULL, NULL);
	free(text);
	return rc;
}

/* Moves the account's next statement date past the statement. Returns 0 or < 0. */
static int
issue_next_date(struct db *db, struct issue *is)
{
	struct schedule	 s;
	struct sdate	 start, next;
	char		 date[SDATE_TEXT];
	struct db_arg	 arg = DB_NULL;

	if (is->rule[0] != '\0' && schedule_parse(is->rule, &s) == NULL &&
	    sdate_parse(is->rule_start, &start) == 0 &&
	    schedule_next(&s, start, is->end, &next) == 0) {
		sdate_format(next, date);
		arg = DB_STR(date);
	}
	return db_exec(db, STMT_STATEMENT_NEXT_DATE, DB_ARGS(arg,
	    DB_INT(is->account_id), DB_INT(is->store_id)), NULL, NULL);
}

/* Writes the "statement.issue" audit entry. Returns 0 or < 0. */
static int
issue_audit(struct db *db, const struct issue *is)
{
	char	 start[SDATE_TEXT], end[SDATE_TEXT], due[SDATE_TEXT];
	json_t	*after;
	int	 rc;

	sdate_format(is->start, start);
	sdate_format(is->end, end);
	sdate_format(is->due, due);
	after = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:I, "
	    "s:I, s:s}", "number", is->number, "account", is->account_number,
	    "period_start", start, "period_end", end,
	    "opening_balance", (json_int_t)is->fig.opening,
	    "closing_balance", (json_int_t)is->fig.closing,
	    "amount_due", (json_int_t)is->fig.amount_due, "due_on", due,
	    "lines", (json_int_t)json_array_size(is->lines),
	    "open_items", (json_int_t)json_array_size(is->items),
	    "email", is->email);
	if (after == NULL)
		return DB_ERR;
	rc = audit_write(db, is->actor, "statement.issue", "statement",
	    is->number, NULL, after);
	json_decref(after);
	return rc;
}

/* Queues the statement's mail when it has an address. Returns 0 or < 0. */
static int
issue_queue(struct db *db, const struct config *cfg, struct issue *is)
{
	int64_t	 by = strcmp(is->actor->type, "staff") == 0 ? is->actor->id : 0;
	int	 rc;

	if (is->email[0] == '\0')
		return 0;
	rc = outbox_queue_statement(db, cfg, is->store_id, is->id, by,
	    &is->outbox_id);
	return rc == OUTBOX_ERR_NO_ADDRESS ? 0 : rc;
}

/* Writes the statement, its lines and open items, and what goes with it. Returns 0 or < 0. */
static int
issue_write(struct db *db, const struct config *cfg, struct issue *is)
{
	int	 rc;

	if ((rc = issue_number(db, is)) < 0 || (rc = issue_insert(db, is)) < 0 ||
	    (rc = insert_rows(db, STMT_STATEMENT_LINES_INSERT, is->id,
	    is->lines)) < 0 ||
	    (rc = insert_rows(db, STMT_STATEMENT_ITEMS_INSERT, is->id,
	    is->items)) < 0 ||
	    (rc = issue_next_date(db, is)) < 0 ||
	    (rc = issue_audit(db, is)) < 0)
		return rc;
	return issue_queue(db, cfg, is);
}

/* Fills out from a statement issued. */
static void
issue_report(const struct issue *is, struct statement_issued *out)
{
	memset(out, 0, sizeof(*out));
	out->id = is->id;
	memcpy(out->number, is->number, sizeof(out->number));
	out->sent_to_outbox = is->outbox_id > 0;
	memcpy(out->account_number, is->account_number,
	    sizeof(out->account_number));
	out->period_start = is->start;
	out->period_end = is->end;
	out->closing = is->fig.closing;
	out->amount_due = is->fig.amount_due;
	memcpy(out->email, is->email, sizeof(out->email));
}

int
statement_issue(struct db *db, const struct config *cfg, int64_t store_id,
    int64_t account_id, struct sdate period_end,
    const struct audit_actor *actor, struct statement_issued *out)
{
	struct issue	*is;
	struct timez	 z;
	int		 rc;

	if (!sdate_valid(period_end) || period_end.year > 9998)
		return DB_ERR;
	if ((is = calloc(1, sizeof(*is))) == NULL)
		return DB_ERR;
	is->store_id = store_id;
	is->account_id = account_id;
	is->end = period_end;
	is->actor = actor;
	if ((rc = issue_lock(db, is)) == 0 && (rc = issue_latest(db, is)) == 0 &&
	    (rc = issue_parties(db, is)) == 0) {
		if (timez_enter(&z, is->zone) == -1)
			rc = DB_ERR;
		else {
			rc = issue_read(db, is);
			timez_leave(&z);
		}
		if (rc == 0 && (rc = issue_write(db, cfg, is)) == 0)
			issue_report(is, out);
	}
	json_decref(is->lines);
	json_decref(is->items);
	free(is);
	return rc;
}
