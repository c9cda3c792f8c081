/* account.c: client accounts: reading, checking, creating with an opening balance, changing. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "counters.h"
#include "db.h"
#include "ledger.h"
#include "mail.h"
#include "params.h"
#include "timez.h"

int64_t
account_available(const struct account *a)
{
	int64_t	 v;

	if (a->on_hold || !a->active)
		return 0;
	v = a->pay_later ? a->balance + a->credit_limit : a->balance;
	return v > 0 ? v : 0;
}

int
account_over_limit(const struct account *a)
{
	return a->balance < 0 && -a->balance > a->credit_limit;
}

char *
account_balance_words(int64_t balance, const struct currency *c,
    char out[ACCOUNT_WORDS_MAX])
{
	char	 amount[MONEY_TEXT_MAX];

	money_format(balance, c, amount);
	snprintf(out, ACCOUNT_WORDS_MAX, "%s%s", amount, balance < 0 ?
	    " owing" : balance > 0 ? " in credit" : "");
	return out;
}

const char *
account_amount_read(const char *text, const struct currency *c,
    int allow_negative, int64_t *out)
{
	enum money_parse_result	 rc;

	*out = 0;
	if ((rc = money_parse_input(text, c, out)) == MONEY_EMPTY)
		return NULL;
	if (rc != MONEY_OK) {
		*out = 0;
		return money_parse_message(rc);
	}
	if (!allow_negative && *out < 0) {
		*out = 0;
		return "This cannot be negative.";
	}
	return NULL;
}

const char *
account_rule_read(const char *text, char out[TEXT_BYTES(SCHEDULE_RULE_MAX)])
{
	struct schedule	 s;
	const char	*problem;

	out[0] = '\0';
	if ((problem = text_problem(text, SCHEDULE_RULE_MAX, 0)) != NULL)
		return problem;
	if (text[strspn(text, " ")] == '\0')
		return NULL;
	if ((problem = schedule_parse(text, &s)) != NULL)
		return problem;
	schedule_format(&s, out, TEXT_BYTES(SCHEDULE_RULE_MAX));
	return NULL;
}

const char *
account_start_read(const char *text, int has_rule, struct sdate today,
    char out[SDATE_TEXT])
{
	struct sdate	 d;

	out[0] = '\0';
	if (*text == '\0') {
		if (has_rule)
			sdate_format(today, out);
		return NULL;
	}
	if (sdate_parse(text, &d) == -1)
		return "Enter a date as YYYY-MM-DD, such as 2026-11-23.";
	if (!has_rule)
		return "A start date needs a settlement frequency.";
	sdate_format(d, out);
	return NULL;
}

/* The value of field prefix + name, or "" when it was not sent. */
static const char *
account_field(const struct params *form, const char *prefix,
    const char *name)
{
	char		 field[PARAMS_MAX_NAME + 1];
	const char	*v;

	snprintf(field, sizeof(field), "%s%s", prefix, name);
	v = params_get(form, field);
	return v != NULL ? v : "";
}

/* Reads checkbox prefix + name: on when sent as "1". */
static int
account_check(const struct params *form, const char *prefix,
    const char *name)
{
	return strcmp(account_field(form, prefix, name), "1") == 0;
}

/* Copies a one-line text field into out (size bytes) unless it is bad. */
static const char *
account_text(const char *s, long max, char *out, size_t size)
{
	const char	*problem;

	out[0] = '\0';
	if ((problem = text_problem(s, max, 0)) != NULL)
		return problem;
	if (strlen(s) >= size)
		return "This is too long.";
	snprintf(out, size, "%s", s);
	return NULL;
}

/* Reads the status field: "active" or "inactive"; empty is active. */
static const char *
account_status_read(const char *s, int *active)
{
	*active = 1;
	if (*s == '\0' || strcmp(s, "active") == 0)
		return NULL;
	if (strcmp(s, "inactive") == 0) {
		*active = 0;
		return NULL;
	}
	return "Choose Active or Inactive.";
}

/* Reads the statement email: optional, lower-cased. */
static const char *
account_email_read(const char *s, char out[TEXT_BYTES(ACCOUNT_EMAIL_MAX)])
{
	out[0] = '\0';
	if (*s == '\0')
		return NULL;
	if (mail_address_problem(s) != NULL)
		return mail_address_problem(s);
	snprintf(out, TEXT_BYTES(ACCOUNT_EMAIL_MAX), "%s", s);
	text_lower_ascii(out);
	return NULL;
}

int
account_read(const struct params *form, const char *prefix,
    const struct currency *c, struct sdate today, struct account *a,
    int64_t *opening, struct account_problems *p)
{
	memset(p, 0, sizeof(*p));
	if (opening != NULL)
		p->opening = account_amount_read(account_field(form, prefix,
		    "opening"), c, 1, opening);
	p->credit_limit = account_amount_read(account_field(form, prefix,
	    "credit_limit"), c, 1, &a->credit_limit);
	if (p->credit_limit == NULL && a->credit_limit < 0) {
		a->credit_limit = 0;
		p->credit_limit = "A credit limit cannot be negative.";
	}
	a->restrict_credit = account_check(form, prefix, "restrict_credit");
	a->pay_later = account_check(form, prefix, "pay_later");
	a->on_hold = account_check(form, prefix, "on_hold");
	p->hold_reason = account_text(account_field(form, prefix,
	    "hold_reason"), ACCOUNT_HOLD_REASON_MAX, a->hold_reason,
	    sizeof(a->hold_reason));
	if (p->hold_reason == NULL && a->on_hold &&
	    a->hold_reason[strspn(a->hold_reason, " ")] == '\0')
		p->hold_reason = "Say why the account is on hold.";
	if (!a->on_hold)
		a->hold_reason[0] = '\0';
	p->frequency = account_rule_read(account_field(form, prefix,
	    "frequency"), a->frequency);
	p->frequency_start = account_start_read(account_field(form, prefix,
	    "frequency_start"), a->frequency[0] != '\0' || p->frequency !=
	    NULL, today, a->frequency_start);
	p->statement_email = account_email_read(account_field(form, prefix,
	    "statement_email"), a->statement_email);
	p->status = account_status_read(account_field(form, prefix, "status"),
	    &a->active);
	return p->opening == NULL && p->credit_limit == NULL &&
	    p->hold_reason == NULL && p->frequency == NULL &&
	    p->frequency_start == NULL && p->statement_email == NULL &&
	    p->status == NULL;
}

int
account_next_dates(const struct account *a, struct sdate today,
    struct sdate *out, int n)
{
	struct schedule	 s;
	struct sdate	 start;
	int		 got;

	if (a->frequency[0] == '\0' ||
	    schedule_parse(a->frequency, &s) != NULL ||
	    sdate_parse(a->frequency_start, &start) == -1)
		return 0;
	/* Today counts: the day before is the last one left out. */
	got = schedule_next_n(&s, start, sdate_add_days(today, -1), out, n);
	return got < 0 ? 0 : got;
}

int
account_get(struct db *db, int64_t store_id, const char *number, int lock,
    struct account *a)
{
	int64_t	 active = 0, restrict_credit = 0, pay_later = 0, on_hold = 0;
	int	 rc;

	memset(a, 0, sizeof(*a));
	rc = db_get(db, lock ? STMT_ACCOUNT_GET_FOR_UPDATE : STMT_ACCOUNT_GET,
	    DB_ARGS(DB_INT(store_id), DB_STR(number)), DB_COLS(
	    COL_INT(&a->id), COL_INT(&a->customer_id), COL_STR(a->number),
	    COL_INT(&active), COL_INT(&a->credit_limit),
	    COL_INT(&restrict_credit), COL_INT(&pay_later), COL_INT(&on_hold),
	    COL_STR(a->hold_reason), COL_STR(a->frequency),
	    COL_STR(a->frequency_start), COL_STR(a->statement_email),
	    COL_INT(&a->balance), COL_INT(&a->version), COL_INT(&a->feed_seq),
	    COL_STR(a->customer_code), COL_STR(a->customer_name)));
	a->active = active != 0;
	a->restrict_credit = restrict_credit != 0;
	a->pay_later = pay_later != 0;
	a->on_hold = on_hold != 0;
	return rc;
}

/* The start date as bound: NULL when there is none. */
static struct db_arg
account_start_arg(const struct account *a)
{
	return a->frequency_start[0] != '\0' ? DB_STR(a->frequency_start) :
	    DB_NULL;
}

/*
 * The next statement date of a on or after today in the store's time
 * zone, as bound: NULL without a rule. Uses next (SDATE_TEXT bytes).
 */
static int
account_next_arg(struct db *db, int64_t store_id, const struct account *a,
    char next[SDATE_TEXT], struct db_arg *arg)
{
	char		 zone[65];
	struct sdate	 today, d;
	int		 rc;

	*arg = DB_NULL;
	if (a->frequency[0] == '\0')
		return 0;
	rc = db_get(db, STMT_ACCOUNT_STORE_ZONE, DB_ARGS(DB_INT(store_id)),
	    DB_COLS(COL_STR(zone)));
	if (rc <= 0)
		return rc < 0 ? rc : DB_ERR;
	if (account_today(zone, &today) == -1)
		return DB_ERR;
	if (account_next_dates(a, today, &d, 1) == 1) {
		sdate_format(d, next);
		*arg = DB_STR(next);
	}
	return 0;
}

int
account_create(struct db *db, int64_t store_id, struct account *a,
    int64_t opening, int64_t staff_id, int64_t approver_id)
{
	struct posting	 p;
	struct posted	 done;
	struct db_arg	 next_arg;
	char		 next[SDATE_TEXT];
	int		 rc;

	if ((rc = account_next_arg(db, store_id, a, next, &next_arg)) < 0 ||
	    (rc = counter_next(db, store_id, COUNTER_ACCOUNT, a->number)) < 0 ||
	    (rc = counter_feed_next(db, store_id, &a->feed_seq)) < 0)
		return rc;
	if ((rc = db_exec(db, STMT_ACCOUNT_INSERT, DB_ARGS(DB_INT(store_id),
	    DB_INT(a->customer_id), DB_STR(a->number), DB_INT(a->active),
	    DB_INT(a->credit_limit), DB_INT(a->restrict_credit),
	    DB_INT(a->pay_later), DB_INT(a->on_hold), DB_STR(a->hold_reason),
	    DB_STR(a->frequency), account_start_arg(a), next_arg,
	    DB_STR(a->statement_email), DB_INT(a->feed_seq)), NULL,
	    &a->id)) < 0)
		return rc;
	a->balance = 0;
	a->version = 1;
	if (opening == 0)
		return 0;
	memset(&p, 0, sizeof(p));
	p.store_id = store_id;
	p.account_id = a->id;
	p.kind = "opening";
	p.amount = opening;
	p.note = "Opening balance";
	p.staff_id = staff_id;
	p.approver_id = approver_id;
	if ((rc = ledger_post(db, &p, &done)) < 0)
		return rc;
	a->balance = done.balance_after;
	a->version++;
	return 0;
}

int
account_lane_differs(const struct account *a, const struct account *b)
{
	return a->credit_limit != b->credit_limit ||
	    a->restrict_credit != b->restrict_credit ||
	    a->pay_later != b->pay_later || a->on_hold != b->on_hold ||
	    strcmp(a->hold_reason, b->hold_reason) != 0 ||
	    a->active != b->active;
}

int
account_differs(const struct account *a, const struct account *b)
{
	return account_lane_differs(a, b) ||
	    strcmp(a->frequency, b->frequency) != 0 ||
	    strcmp(a->frequency_start, b->frequency_start) != 0 ||
	    strcmp(a->statement_email, b->statement_email) != 0;
}

int
account_update(struct db *db, int64_t store_id, const struct account *before,
    const struct account *next)
{
	struct db_arg	 next_arg;
	char		 date[SDATE_TEXT];
	int		 rc;

	if ((rc = account_next_arg(db, store_id, next, date, &next_arg)) < 0)
		return rc;
	if ((rc = db_exec(db, STMT_ACCOUNT_UPDATE, DB_ARGS(
	    DB_INT(next->on_hold), DB_STR(next->hold_reason),
	    DB_INT(next->active),
	    DB_INT(next->credit_limit), DB_INT(next->restrict_credit),
	    DB_INT(next->pay_later), DB_INT(next->on_hold),
	    DB_STR(next->hold_reason), DB_STR(next->frequency),
	    account_start_arg(next), next_arg, DB_STR(next->statement_email),
	    DB_INT(before->id), DB_INT(store_id)), NULL, NULL)) < 0)
		return rc;
	if (account_lane_differs(before, next))
		return account_mark_changed(db, store_id, before->id);
	return 0;
}

json_t *
account_json(const struct account *a)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:b, s:b, s:b, s:s, s:s, s:s, "
	    "s:s, s:I}", "number", a->number, "customer", a->customer_code,
	    "status", a->active ? "active" : "inactive",
	    "credit_limit", (json_int_t)a->credit_limit,
	    "restrict_credit", a->restrict_credit, "pay_later", a->pay_later,
	    "on_hold", a->on_hold, "hold_reason", a->hold_reason,
	    "frequency", a->frequency, "frequency_start", a->frequency_start,
	    "statement_email", a->statement_email,
	    "balance", (json_int_t)a->balance);
}

int
account_today(const char *zone, struct sdate *d)
{
	struct timez		 z;
	struct timez_date	 t;

	if (timez_enter(&z, zone) == -1)
		return -1;
	timez_local_date(time(NULL), &t);
	timez_leave(&z);
	d->year = t.year;
	d->month = t.month;
	d->day = t.day;
	return 0;
}
