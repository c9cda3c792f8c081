/* settlements.c: settling what a customer owes (the whole balance or chosen transactions) and the settlements lists of the store and of an account. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "approval.h"
#include "audit.h"
#include "buf.h"
#include "csv.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "ledger.h"
#include "log.h"
#include "money.h"
#include "page.h"
#include "posting_form.h"
#include "store.h"
#include "text.h"
#include "timez.h"
#include "view.h"

/*
 * The chosen-transactions form shows the account's oldest open charges,
 * at most this many. Each takes two form fields (its checkbox and its
 * amount) and a request carries at most PARAMS_MAX_FIELDS, with room
 * kept for the rest of the form. "Whole balance" settles any number of
 * charges oldest first, and so does an amount above the chosen lines.
 */
#define SETTLE_LINES_SHOWN	80
#define SETTLE_OTHER_FIELDS	20
_Static_assert(2 * SETTLE_LINES_SHOWN + SETTLE_OTHER_FIELDS <=
    PARAMS_MAX_FIELDS, "the chosen-lines form must fit the field limit");

#define SETTLEMENTS_PAGE	50	/* settlements per page of the lists */
#define SETTLEMENTS_CSV_MAX	100000	/* settlements in one export at most */
#define ID_DIGITS		18	/* a page bound fits an int64_t */

#define MSG_NOT_FOUND	"There is no such page."
#define MSG_BAD_REQUEST	"The request could not be understood."
#define MSG_NOT_OPEN	"This is not an open charge of this account."
#define MSG_NO_BANK	"Bank transfers need the store's business bank " \
	"account: set one up in Settings."

/* How a settlement is paid: the ledger's payment method, its label, and the store settings that enable it. */
struct medium {
	const char	*key;
	const char	*label;
	enum pay_method	 pay, or_pay;
};

static const struct medium media[] = {
	{ "cash", "Cash", PAY_CASH, PAY_CASH },
	{ "bank_transfer", "Bank transfer", PAY_BANK_TRANSFER,
	    PAY_BANK_TRANSFER },
	{ "cheque", "Cheque", PAY_CHEQUE, PAY_CHEQUE },
	{ "eft", "EFT / card", PAY_EFT, PAY_CARD },
};

#define MEDIA_COUNT	(sizeof(media) / sizeof(media[0]))

enum medium_state {
	MEDIUM_OFF,		/* the store does not take it */
	MEDIUM_ON,
	MEDIUM_NO_BANK		/* a bank transfer, and the store has no bank account */
};

/* An open charge of an account, as the chosen-transactions form shows it. */
struct charge {
	int64_t	 id, at, amount, open;
	char	 number[COUNTER_CODE_MAX];
	char	 kind[TEXT_BYTES(16)];
	char	 due[TIMEZ_DATE_TEXT];
};

/* What the settlement form sent, checked. */
struct settle_input {
	const char		*method;
	const char		*reference;
	int64_t			 amount;
	const char		*once;
	int64_t			 version;
	struct ledger_line	*lines;		/* the chosen charges */
	size_t			 nlines;
};

/* What the settlement transaction needs and made. */
struct settle_change {
	const struct req		*r;
	const struct account		*a;
	const struct settle_input	*in;
	struct posted			 done;
};

/* The filters of the settlements lists and the export. */
struct list_filter {
	const char		*from, *to, *medium, *staff;	/* as typed */
	int64_t			 staff_id;			/* 0: anyone */
	char			 from_utc[TIMEZ_TEXT];		/* "" for no bound */
	char			 to_utc[TIMEZ_TEXT];		/* the end, excluded */
	int64_t			 before;			/* page bound; 0: newest */
	char			 bound[PAGE_BOUND_TEXT];		/* its time */
	const struct account	*account;			/* NULL: the store's */
};

/* One settlement of a list. */
struct settlement_row {
	int64_t	 id, at, amount, unapplied;
	char	 number[COUNTER_CODE_MAX];
	char	 account[COUNTER_CODE_MAX];
	char	 customer[TEXT_BYTES(CUSTOMER_NAME_MAX)];
	char	 method[TEXT_BYTES(16)];
	char	 reference[TEXT_BYTES(LEDGER_REFERENCE_MAX)];
	char	 staff[TEXT_BYTES(200)];
	char	 approver[TEXT_BYTES(200)];
};

#define ROW_COLS	11

/* ------------------------------------------------------------ helpers */

/* True when s looks like a number the store gives: the letter, then digits. */
static int
code_valid(const char *s, char letter)
{
	size_t	 n = strlen(s);

	return n >= 2 && n < COUNTER_CODE_MAX && s[0] == letter &&
	    strspn(s + 1, "0123456789") == n - 1;
}

/* The medium with key, or NULL. */
static const struct medium *
medium_find(const char *key)
{
	size_t	 i;

	for (i = 0; i < MEDIA_COUNT; i++)
		if (strcmp(media[i].key, key) == 0)
			return &media[i];
	return NULL;
}

/* The label of a settlement's payment method, or the method itself. */
static const char *
medium_label(const char *key)
{
	const struct medium	*m = medium_find(key);

	return m != NULL ? m->label : key;
}

/* Whether the store takes medium m now. */
static enum medium_state
medium_state(const struct store_settings *s, const struct medium *m)
{
	if (!s->pay[m->pay] && !s->pay[m->or_pay])
		return MEDIUM_OFF;
	if (m->pay == PAY_BANK_TRANSFER && s->iban[0] == '\0')
		return MEDIUM_NO_BANK;
	return MEDIUM_ON;
}

/* Reads the session store's settings. Returns 0 or -1. */
static int
settings_read(struct req *r, struct store_settings *s)
{
	return store_settings_get(r->db, r->session.store_id, 0, s) == 1 ?
	    0 : -1;
}

/* ------------------------------------------------------------ the form */

/* True when the form sent charge number as chosen. */
static int
line_chosen(const struct req *r, const char *number)
{
	size_t	 i;

	for (i = 0; i < r->form.count; i++)
		if (strcmp(r->form.items[i].name, "line") == 0 &&
		    strcmp(r->form.items[i].value, number) == 0)
			return 1;
	return 0;
}

/* What the amount field of charge number holds: as sent, else its open amount. */
static const char *
line_amount_text(const struct req *r, const struct charge *ch, int exponent,
    char plain[MONEY_TEXT_MAX])
{
	char	 name[PARAMS_MAX_NAME];

	if (r->method == METHOD_POST) {
		snprintf(name, sizeof(name), "amount_%s", ch->number);
		return req_form(r, name);
	}
	return money_plain(ch->open, exponent, plain);
}

/* Puts open charge n of the form (its date in the entered zone; due that day when it has no due date). */
static int
line_view(struct req *r, const struct currency *c, size_t n,
    const struct charge *ch)
{
	struct timez_date	 d;
	char			 date[TIMEZ_DATE_TEXT], plain[MONEY_TEXT_MAX];
	char			 original[MONEY_TEXT_MAX], open[MONEY_TEXT_MAX];

	timez_local_date((time_t)ch->at, &d);
	timez_date_text(&d, date);
	money_format(ch->amount, c, original);
	money_format(ch->open, c, open);
	return page_setf(r, ch->number, "Lines.%zu.Number", n) == -1 ||
	    page_setf(r, date, "Lines.%zu.Date", n) == -1 ||
	    page_setf(r, ledger_kind_label(ch->kind), "Lines.%zu.Kind", n) == -1 ||
	    page_setf(r, original, "Lines.%zu.Original", n) == -1 ||
	    page_setf(r, open, "Lines.%zu.Open", n) == -1 ||
	    page_setf(r, ch->due[0] != '\0' ? ch->due : date, "Lines.%zu.Due", n) ==
	    -1 ||
	    page_setf(r, line_amount_text(r, ch, c->exponent, plain),
	    "Lines.%zu.Amount", n) == -1 ||
	    (r->method == METHOD_POST && line_chosen(r, ch->number) &&
	    page_setf(r, "1", "Lines.%zu.Checked", n) == -1) ? -1 : 0;
}

/* Puts the account's oldest open charges, with what the form sent for each. */
static int
lines_view(struct req *r, const struct currency *c, const struct account *a)
{
	struct charge	 ch;
	struct db_col	 cols[] = { COL_INT(&ch.id), COL_STR(ch.number),
	    COL_INT(&ch.at), COL_STR(ch.kind), COL_INT(&ch.amount),
	    COL_INT(&ch.open), COL_STR(ch.due) };
	size_t		 n = 0;
	int		 rc;

	memset(&ch, 0, sizeof(ch));
	if (db_query(r->db, STMT_SETTLE_OPEN_CHARGES, DB_ARGS(DB_INT(a->id),
	    DB_INT(r->session.store_id), DB_INT(SETTLE_LINES_SHOWN)), cols,
	    sizeof(cols) / sizeof(cols[0])) != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1)
		if (line_view(r, c, n++, &ch) == -1) {
			rc = -1;
			break;
		}
	db_done(r->db);
	return rc == 0 ? 0 : -1;
}

/* Puts the account's figures: balance, what it owes, its open charges. */
static int
figures_view(struct req *r, const struct currency *c, const struct account *a)
{
	char	 words[ACCOUNT_WORDS_MAX];
	int64_t	 count = 0, total = 0;

	if (db_get(r->db, STMT_SETTLE_OPEN_COUNT, DB_ARGS(DB_INT(a->id),
	    DB_INT(r->session.store_id)), DB_COLS(COL_INT(&count),
	    COL_INT(&total))) != 1)
		return -1;
	return view_set(r, "Account.Number", a->number) == -1 ||
	    view_set(r, "Account.CustomerCode", a->customer_code) == -1 ||
	    view_set(r, "Account.CustomerName", a->customer_name) == -1 ||
	    view_set(r, "Account.Balance", account_balance_words(a->balance,
	    c, words)) == -1 ||
	    page_money(r, c, a->balance < 0 ? -a->balance : 0,
	    "Account.Owed") == -1 ||
	    page_flag(r, "Account.NothingOwed", a->balance >= 0) == -1 ||
	    page_flag(r, "Account.OnHold", a->on_hold) == -1 ||
	    page_flag(r, "Account.Inactive", !a->active) == -1 ||
	    view_set_int(r, "Account.OpenCount", (long long)count) == -1 ||
	    page_money(r, c, total, "Account.OpenTotal") == -1 ||
	    view_set_int(r, "Account.LinesShown", count < SETTLE_LINES_SHOWN ?
	    (long long)count : SETTLE_LINES_SHOWN) == -1 ||
	    page_flag(r, "Account.LinesMore", count > SETTLE_LINES_SHOWN) == -1 ?
	    -1 : 0;
}

/* Puts the media the store takes, and the one chosen. */
static int
media_view(struct req *r, const struct store_settings *s)
{
	enum medium_state	 st;
	const char		*chosen = req_form(r, "method");
	size_t			 i, n = 0;

	for (i = 0; i < MEDIA_COUNT; i++) {
		if ((st = medium_state(s, &media[i])) == MEDIUM_OFF)
			continue;
		if (*chosen == '\0' && st == MEDIUM_ON)
			chosen = media[i].key;
		if (page_setf(r, media[i].key, "Media.%zu.Key", n) == -1 ||
		    page_setf(r, media[i].label, "Media.%zu.Label", n) == -1 ||
		    (st == MEDIUM_NO_BANK &&
		    page_setf(r, "1", "Media.%zu.NoBank", n) == -1))
			return -1;
		n++;
	}
	return view_set(r, "Form.method", chosen);
}

/* Puts the form's fields: as sent, or the defaults of a new form. */
static int
fields_view(struct req *r, const struct currency *c, const struct account *a)
{
	char		 owed[MONEY_TEXT_MAX];
	const char	*mode = req_form(r, "mode");

	if (r->method == METHOD_POST)
		return view_set(r, "Form.mode", strcmp(mode, "lines") == 0 ?
		    "lines" : "whole") == -1 ||
		    view_set(r, "Form.amount", req_form(r, "amount")) == -1 ||
		    view_set(r, "Form.total", req_form(r, "total")) == -1 ||
		    view_set(r, "Form.reference", req_form(r, "reference")) ==
		    -1 ? -1 : 0;
	return view_set(r, "Form.mode", "whole") == -1 ||
	    view_set(r, "Form.amount", a->balance < 0 ?
	    money_plain(-a->balance, c->exponent, owed) : "") == -1 ? -1 : 0;
}

/* Renders the settlement form of a with status. */
static int
settle_show(struct req *r, int status, const struct currency *c,
    const struct account *a, const struct store_settings *s)
{
	if (view_set(r, "Page.Title", "Settle") == -1 ||
	    view_set(r, "Page.Nav", "/settlements") == -1 ||
	    figures_view(r, c, a) == -1 || lines_view(r, c, a) == -1 ||
	    media_view(r, s) == -1 || fields_view(r, c, a) == -1 ||
	    posting_form_view(r, a->version) == -1 ||
	    approval_view(r, PERM_MAKE_SETTLEMENTS) == -1)
		return -1;
	return view_render(r, status, "settle.cs");
}

/* Checks the medium chosen. Returns 0, or 1 with the message beside it. */
static int
method_read(struct req *r, const struct store_settings *s,
    struct settle_input *in)
{
	const struct medium	*m;

	in->method = req_form(r, "method");
	if ((m = medium_find(in->method)) == NULL ||
	    medium_state(s, m) == MEDIUM_OFF)
		return view_set(r, "Errors.method", "Choose how the customer "
		    "paid.") == -1 ? -1 : 1;
	if (medium_state(s, m) == MEDIUM_NO_BANK)
		return view_set(r, "Errors.method", MSG_NO_BANK) == -1 ||
		    view_set(r, "Form.SettingsLink", "1") == -1 ? -1 : 1;
	return 0;
}

/* Puts message beside the field. Returns 1, or -1. */
static int
refuse(struct req *r, const char *field, const char *message)
{
	char	 name[64];

	snprintf(name, sizeof(name), "Errors.%s", field);
	return view_set(r, name, message) == -1 ? -1 : 1;
}

/* Puts message beside chosen line number. Returns 1, or -1. */
static int
refuse_line(struct req *r, const char *number, const char *message)
{
	return page_setf(r, message, "LineErrors.%s", number) == -1 ? -1 : 1;
}

/* True when the field before item i of the form chose number too. */
static int
line_twice(const struct req *r, size_t i, const char *number)
{
	size_t	 j;

	for (j = 0; j < i; j++)
		if (strcmp(r->form.items[j].name, "line") == 0 &&
		    strcmp(r->form.items[j].value, number) == 0)
			return 1;
	return 0;
}

/*
 * Checks chosen line number (form field i) of account a: an open charge
 * of the account, chosen once, with an amount above zero and at most
 * its open amount. Returns 0 with *out filled, 1 with a message beside
 * the line, 2 when it is not an open charge of the account (it may not
 * be on the form), or -1.
 */
static int
line_read(struct req *r, const struct currency *c, const struct account *a,
    size_t i, const char *number, struct ledger_line *out)
{
	char		 name[PARAMS_MAX_NAME], open_text[MONEY_TEXT_MAX];
	char		 message[128];
	const char	*problem;
	int64_t		 open = 0;
	int		 rc;

	if (!code_valid(number, 'E'))
		return 2;
	if (line_twice(r, i, number))
		return refuse_line(r, number, "This transaction was chosen "
		    "twice.");
	snprintf(name, sizeof(name), "amount_%s", number);
	if ((problem = account_amount_read(req_form(r, name), c, 0,
	    &out->amount)) != NULL)
		return refuse_line(r, number, problem);
	if (out->amount == 0)
		return refuse_line(r, number, "Enter an amount above zero.");
	rc = db_get(r->db, STMT_SETTLE_CHARGE_GET, DB_ARGS(
	    DB_INT(r->session.store_id), DB_INT(a->id), DB_STR(number)),
	    DB_COLS(COL_INT(&out->entry_id), COL_INT(&open)));
	if (rc < 0)
		return -1;
	if (rc == 0)
		return refuse_line(r, number, MSG_NOT_OPEN) == -1 ? -1 : 2;
	if (out->amount > open) {
		snprintf(message, sizeof(message), "That is more than is open "
		    "on it (%s).", money_format(open, c, open_text));
		return refuse_line(r, number, message);
	}
	return 0;
}

/*
 * Reads the chosen lines into in->lines, each checked, and adds up
 * their amounts into *total. Returns 0, 1 when a line is not right
 * (messages beside them and above the lines), or -1.
 */
static int
lines_read(struct req *r, const struct currency *c, const struct account *a,
    struct settle_input *in, int64_t *total)
{
	size_t	 i, count = params_count(&r->form, "line");
	int	 rc, bad = 0, not_open = 0;

	*total = 0;
	if (count == 0)
		return refuse(r, "lines", "Choose at least one transaction, or "
		    "settle the whole balance.");
	if ((in->lines = calloc(count, sizeof(*in->lines))) == NULL)
		return -1;
	for (i = 0; i < r->form.count; i++) {
		if (strcmp(r->form.items[i].name, "line") != 0)
			continue;
		rc = line_read(r, c, a, i, r->form.items[i].value,
		    &in->lines[in->nlines]);
		if (rc == -1)
			return -1;
		if (rc == 0)
			*total += in->lines[in->nlines++].amount;
		bad |= rc == 1;
		not_open |= rc == 2;
	}
	if (not_open)
		return refuse(r, "lines", "A chosen transaction is not an open "
		    "charge of this account (it may have been settled "
		    "meanwhile). Check the open charges below.");
	if (bad)
		return refuse(r, "lines", "Check the chosen transactions: see "
		    "the message beside each.");
	return 0;
}

/* Reads the amount in field; empty is 0 for the caller to judge. Returns 0, 1 or -1. */
static int
amount_read(struct req *r, const struct currency *c, const char *field,
    int64_t *amount)
{
	const char	*problem;

	if ((problem = account_amount_read(req_form(r, field), c, 0,
	    amount)) != NULL)
		return refuse(r, field, problem);
	return 0;
}

/*
 * Reads the amount of a settlement of chosen lines: their sum when the
 * total field is empty, else the total typed, which may not be less.
 */
static int
lines_amount_read(struct req *r, const struct currency *c,
    const struct account *a, struct settle_input *in)
{
	char	 text[MONEY_TEXT_MAX], message[128];
	int64_t	 total;
	int	 rc, bad;

	bad = lines_read(r, c, a, in, &total);
	if (bad == -1 || (rc = amount_read(r, c, "total", &in->amount)) == -1)
		return -1;
	if (rc == 1 || bad)
		return 1;
	if (in->amount == 0) {
		in->amount = total;
		return 0;
	}
	if (in->amount < total) {
		snprintf(message, sizeof(message), "That is less than the "
		    "chosen transactions add up to (%s).",
		    money_format(total, c, text));
		return refuse(r, "total", message);
	}
	return 0;
}

/* Reads the amount of a settlement of the whole balance: above zero. */
static int
whole_amount_read(struct req *r, const struct currency *c,
    struct settle_input *in)
{
	int	 rc;

	if ((rc = amount_read(r, c, "amount", &in->amount)) != 0)
		return rc;
	if (*req_form(r, "amount") == '\0')
		return refuse(r, "amount", "Enter the amount paid.");
	if (in->amount == 0)
		return refuse(r, "amount", "Enter an amount above zero.");
	return 0;
}

/*
 * Checks the whole form: medium, reference, mode and amounts (each
 * problem beside its field or line), and the manager's approval.
 * Returns 0 when all are fine, 1 when not, or -1.
 */
static int
settle_read(struct req *r, const struct currency *c, const struct account *a,
    const struct store_settings *s, struct settle_input *in)
{
	const char	*mode = req_form(r, "mode"), *problem;
	int		 bad = 0, rc;

	if ((rc = method_read(r, s, in)) == -1)
		return -1;
	bad |= rc;
	in->reference = req_form(r, "reference");
	problem = text_problem(in->reference, LEDGER_REFERENCE_MAX, 0);
	if (problem != NULL) {
		if (refuse(r, "reference", problem) == -1)
			return -1;
		bad = 1;
	}
	if (strcmp(mode, "lines") == 0)
		rc = lines_amount_read(r, c, a, in);
	else if (strcmp(mode, "whole") == 0)
		rc = whole_amount_read(r, c, in);
	else
		rc = refuse(r, "mode", "Choose the whole balance or chosen "
		    "transactions.");
	if (rc == -1)
		return -1;
	return bad | rc | approval_failed(r);
}

/* Posts the settlement, in one transaction with its audit entry. */
static int
settle_tx(struct db *db, void *arg)
{
	struct settle_change	*ch = arg;
	const struct req	*r = ch->r;
	struct audit_actor	 actor;
	struct posting		 p;

	audit_actor_staff(r, &actor);
	memset(&p, 0, sizeof(p));
	p.store_id = r->session.store_id;
	p.account_id = ch->a->id;
	p.kind = "settlement";
	p.amount = ch->in->amount;
	p.payment_method = ch->in->method;
	p.reference = ch->in->reference;
	p.staff_id = r->session.staff_id;
	p.approver_id = r->approval.approver_id;
	p.mode = LEDGER_ONLINE;
	p.expect_version = ch->in->version;
	p.once = ch->in->once;
	p.lines = ch->in->lines;
	p.nlines = ch->in->nlines;
	p.actor = &actor;
	return ledger_post(db, &p, &ch->done);
}

/* The form, with the store's time zone entered. */
static int
settle_form_in_zone(struct req *r)
{
	const struct currency	*c;
	struct store_settings	 s;
	struct account		 a;
	int			 rc;

	if ((c = page_currency(r)) == NULL)
		return -1;
	if ((rc = page_account(r, r->args[0], &a)) <= 0)
		return rc;
	if (settings_read(r, &s) == -1)
		return -1;
	return settle_show(r, 200, c, &a, &s);
}

/*
 * GET /accounts/<number>/settle: the settlement form: the account's
 * balance and what it owes (a warning when it owes nothing: the
 * settlement then becomes credit in hand), the media the store takes
 * (bank transfer only with its bank account), an optional reference,
 * and the two ways: the whole balance (the amount defaults to what is
 * owed) or chosen transactions (the oldest open charges, each with a
 * checkbox and an amount prefilled with its open amount). 200; 404
 * when there is no such account in this store.
 */
int
handle_settle_form(struct req *r)
{
	return req_in_store_zone(r, settle_form_in_zone);
}

/*
 * Posts what the form holds, or shows it again: 303 to the receipt on
 * success and for a form sent before; the form with the new figures
 * (409) when the account changed since it was shown, with the message
 * of any other refusal (422), or -1 on a database failure.
 */
static int
settle_post(struct req *r, const struct currency *c, struct account *a,
    const struct store_settings *s, struct settle_input *in)
{
	struct settle_change	 ch;
	char			 number[COUNTER_CODE_MAX];
	int			 rc, status;

	memset(&ch, 0, sizeof(ch));
	ch.r = r;
	ch.a = a;
	ch.in = in;
	rc = db_transaction(r->db, settle_tx, &ch);
	if (rc == 0 || rc == LEDGER_ERR_SUBMITTED)
		return posting_form_receipt(r, a->number, ch.done.number);
	if (rc > LEDGER_ERR_RANGE)
		return -1;
	/* The form again with the account as it is now. */
	snprintf(number, sizeof(number), "%s", a->number);
	if ((status = posting_form_refusal(r, rc)) == -1 ||
	    account_get(r->db, r->session.store_id, number, 0, a) != 1)
		return -1;
	return settle_show(r, status, c, a, s);
}

/*
 * Finds the entry the same form posted before on account a. Returns 1
 * with its number, 0 when the form is new, or -1. The ledger refuses a
 * second posting all the same; this finds it before the form is
 * checked against charges the first posting may have closed.
 */
static int
settle_sent_before(struct req *r, const struct account *a, const char *once,
    char number[COUNTER_CODE_MAX])
{
	char	 found[COUNTER_CODE_MAX];
	int	 rc;

	rc = db_get(r->db, STMT_SETTLE_ONCE_FIND, DB_ARGS(
	    DB_INT(r->session.store_id), DB_STR(once), DB_INT(a->id)),
	    DB_COLS(COL_STR(found)));
	if (rc == 1)
		snprintf(number, COUNTER_CODE_MAX, "%s", found);
	return rc < 0 ? -1 : rc;
}

/* The posting, with the store's time zone entered. */
static int
settle_in_zone(struct req *r)
{
	const struct currency	*c;
	struct store_settings	 s;
	struct settle_input	 in;
	struct account		 a;
	char			 first[COUNTER_CODE_MAX];
	int			 rc;

	if ((c = page_currency(r)) == NULL)
		return -1;
	if ((rc = page_account(r, r->args[0], &a)) <= 0)
		return rc;
	memset(&in, 0, sizeof(in));
	if (!posting_form_read(r, &in.once, &in.version)) {
		view_error(r, 400, MSG_BAD_REQUEST);
		return 0;
	}
	if ((rc = settle_sent_before(r, &a, in.once, first)) != 0)
		return rc < 0 ? -1 : posting_form_receipt(r, a.number, first);
	if (settings_read(r, &s) == -1)
		return -1;
	if ((rc = settle_read(r, c, &a, &s, &in)) == 0)
		rc = settle_post(r, c, &a, &s, &in);
	else if (rc == 1)
		rc = settle_show(r, 422, c, &a, &s);
	free(in.lines);
	return rc;
}

/*
 * POST /accounts/<number>/settle: posts a settlement of the account
 * (allowed on hold and on inactive accounts: it collects what is
 * owed): the whole balance, applied to the open charges oldest first,
 * or the chosen lines, each for at most its open amount, then any
 * amount above them oldest first; what is left is kept as credit in
 * hand. 303 to the receipt /accounts/<number>/entries/<entry>, also
 * when the same form was posted before (it posts once); 422 the form
 * with a message beside each bad field or line (nothing posted); 409
 * the form with the account's new figures when it changed since the
 * form was shown; 400 for a form without its hidden fields; 404 when
 * there is no such account in this store.
 */
int
handle_settle(struct req *r)
{
	return req_in_store_zone(r, settle_in_zone);
}

/* ------------------------------------------------------------ lists */

/* Reads date field name (empty: none) into *d. Returns 1 when given, 0, -2 when bad, or -1. */
static int
date_read(struct req *r, const char *name, const char **s,
    struct timez_date *d)
{
	*s = req_query(r, name);
	if (**s == '\0')
		return 0;
	if (timez_parse_date(*s, d) == -1)
		return refuse(r, name, "Enter a date as YYYY-MM-DD, such as "
		    "2026-11-23.") == -1 ? -1 : -2;
	return 1;
}

/* Reads the dates of the filters into UTC bounds. Returns 0, 1 when one is bad, or -1. */
static int
dates_read(struct req *r, struct list_filter *f)
{
	struct timez_date	 from, to;
	int			 has_from, has_to;

	if ((has_from = date_read(r, "from", &f->from, &from)) == -1 ||
	    (has_to = date_read(r, "to", &f->to, &to)) == -1)
		return -1;
	if (has_from < 0 || has_to < 0)
		return 1;
	if (has_from && has_to && timez_date_cmp(&from, &to) > 0)
		return refuse(r, "to", "The end date is before the start "
		    "date.");
	if (has_from)
		timez_utc_text(timez_day_start(&from), f->from_utc);
	if (has_to) {
		timez_date_add_days(&to, 1);
		if (to.year <= 9999)
			timez_utc_text(timez_day_start(&to), f->to_utc);
	}
	return 0;
}

/*
 * Reads the lists' filters (from, to: days in the entered zone; medium;
 * staff) and page bound, with each problem beside its filter. Returns
 * 0, 1 when a filter is bad, -2 for a malformed page bound, or -1.
 */
static int
list_filter_read(struct req *r, struct list_filter *f)
{
	int	 bad = 0, rc;

	if (page_id_parse(req_query(r, "before"), &f->before) == -1)
		return -2;
	f->medium = req_query(r, "medium");
	if (*f->medium != '\0' && medium_find(f->medium) == NULL &&
	    (bad = refuse(r, "medium", "Choose a medium from the list.")) ==
	    -1)
		return -1;
	f->staff = req_query(r, "staff");
	if (page_id_parse(f->staff, &f->staff_id) == -1 &&
	    (bad = refuse(r, "staff", "Choose someone from the list.")) == -1)
		return -1;
	if ((rc = dates_read(r, f)) == -1)
		return -1;
	if (bad || rc)
		return 1;
	return page_bound_read(r, STMT_SETTLEMENT_BOUND, f->before, f->bound);
}

/* Writes the filters as a query string into b. */
static int
list_filter_query(const struct list_filter *f, struct buf *b)
{
	return http_query_add(b, "from", f->from) == -1 ||
	    http_query_add(b, "to", f->to) == -1 ||
	    http_query_add(b, "medium", f->medium) == -1 ||
	    http_query_add(b, "staff", f->staff) == -1 ? -1 : 0;
}

/* Fills args for the lists' statements; with paged, the bound and limit too. Returns how many. */
static size_t
list_args(const struct req *r, const struct list_filter *f, int paged,
    int64_t limit, struct db_arg args[16])
{
	struct db_arg	 from = f->from_utc[0] != '\0' ?
			    DB_STR(f->from_utc) : DB_NULL;
	struct db_arg	 to = f->to_utc[0] != '\0' ?
			    DB_STR(f->to_utc) : DB_NULL;
	size_t		 n = 0;

	args[n++] = DB_INT(r->session.store_id);
	if (f->account != NULL)
		args[n++] = DB_INT(f->account->id);
	args[n++] = from;
	args[n++] = from;
	args[n++] = to;
	args[n++] = to;
	args[n++] = DB_STR(f->medium);
	args[n++] = DB_STR(f->medium);
	args[n++] = DB_INT(f->staff_id);
	args[n++] = DB_INT(f->staff_id);
	if (paged) {
		args[n++] = DB_STR(f->bound);
		args[n++] = DB_STR(f->bound);
		args[n++] = DB_INT(f->before > 0 ? f->before : INT64_MAX);
		args[n++] = DB_INT(limit);
	}
	return n;
}

/* Runs the list's query, newest first from the bound, up to limit rows into cols. */
static int
list_query(struct req *r, const struct list_filter *f, int64_t limit,
    struct db_col *cols)
{
	struct db_arg	 args[16];
	size_t		 n = list_args(r, f, 1, limit, args);

	return db_query(r->db, f->account != NULL ?
	    STMT_SETTLEMENT_LIST_ACCOUNT : STMT_SETTLEMENT_LIST, args, n,
	    cols, ROW_COLS);
}

/* Binds the list's columns to row. */
static void
row_bind(struct settlement_row *row, struct db_col cols[ROW_COLS])
{
	const struct db_col	 c[ROW_COLS] = { COL_INT(&row->id),
	    COL_STR(row->number), COL_INT(&row->at), COL_STR(row->account),
	    COL_STR(row->customer), COL_INT(&row->amount),
	    COL_INT(&row->unapplied), COL_STR(row->method),
	    COL_STR(row->reference), COL_STR(row->staff),
	    COL_STR(row->approver) };

	memset(row, 0, sizeof(*row));
	memcpy(cols, c, sizeof(c));
}

/* Puts settlement n of the page (its time in the entered zone). */
static int
row_view(struct req *r, const struct currency *c, size_t n,
    const struct settlement_row *row)
{
	char	 when[TIMEZ_TEXT], amount[MONEY_TEXT_MAX];
	char	 unapplied[MONEY_TEXT_MAX], link[64];

	timez_local_text((time_t)row->at, when);
	money_format(row->amount, c, amount);
	money_format(row->unapplied, c, unapplied);
	snprintf(link, sizeof(link), "/accounts/%s/entries/%s", row->account,
	    row->number);
	return page_setf(r, row->number, "Settlements.%zu.Number", n) == -1 ||
	    page_setf(r, link, "Settlements.%zu.Receipt", n) == -1 ||
	    page_setf(r, when, "Settlements.%zu.Time", n) == -1 ||
	    page_setf(r, row->account, "Settlements.%zu.Account", n) == -1 ||
	    page_setf(r, row->customer, "Settlements.%zu.Customer", n) == -1 ||
	    page_setf(r, amount, "Settlements.%zu.Amount", n) == -1 ||
	    page_setf(r, row->unapplied > 0 ? unapplied : "",
	    "Settlements.%zu.Unapplied", n) == -1 ||
	    page_setf(r, medium_label(row->method), "Settlements.%zu.Medium", n) ==
	    -1 ||
	    page_setf(r, row->reference, "Settlements.%zu.Reference", n) == -1 ||
	    page_setf(r, row->staff, "Settlements.%zu.Staff", n) == -1 ||
	    page_setf(r, row->approver, "Settlements.%zu.Approver", n) == -1 ?
	    -1 : 0;
}

/* Puts the Older and Newest links of the page at path, and the export's. */
static int
list_pager(struct req *r, const char *path, const struct list_filter *f,
    int more, int64_t last)
{
	struct buf	 q = { 0 };
	int		 rc;

	rc = list_filter_query(f, &q) == -1 ||
	    page_pager(r, path, &q, more, last, f->before) == -1 ? -1 : 0;
	if (rc == 0 && f->account != NULL)
		rc = http_query_add(&q, "account", f->account->number);
	if (rc == 0)
		rc = page_link(r, "Export.Link", "/settlements.csv", &q);
	buf_free(&q);
	return rc;
}

/* Puts one page of the settlements and its links. */
static int
list_page(struct req *r, const struct currency *c, const char *path,
    const struct list_filter *f)
{
	struct settlement_row	 row;
	struct db_col		 cols[ROW_COLS];
	int64_t			 last = 0;
	size_t			 n = 0;
	int			 rc;

	row_bind(&row, cols);
	if (list_query(r, f, SETTLEMENTS_PAGE + 1, cols) != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1 && n < SETTLEMENTS_PAGE) {
		if (row_view(r, c, n++, &row) == -1) {
			rc = -1;
			break;
		}
		last = row.id;
	}
	db_done(r->db);
	if (rc < 0)
		return -1;
	return list_pager(r, path, f, rc == 1, last);
}

/* Puts the count and sums of every settlement the filters match. */
static int
list_totals(struct req *r, const struct currency *c,
    const struct list_filter *f)
{
	struct db_arg	 args[16];
	size_t		 n = list_args(r, f, 0, 0, args);
	int64_t		 count = 0, amount = 0, unapplied = 0;

	if (db_get(r->db, f->account != NULL ?
	    STMT_SETTLEMENT_TOTALS_ACCOUNT : STMT_SETTLEMENT_TOTALS, args, n,
	    DB_COLS(COL_INT(&count), COL_INT(&amount),
	    COL_INT(&unapplied))) != 1)
		return -1;
	return view_set_int(r, "Totals.Count", (long long)count) == -1 ||
	    page_money(r, c, amount, "Totals.Amount") == -1 ||
	    page_money(r, c, unapplied, "Totals.Unapplied") == -1 ? -1 : 0;
}

/* Puts the choices of the filters: media and the store's staff. */
static int
list_choices(struct req *r)
{
	char		 email[TEXT_BYTES(254)], name[TEXT_BYTES(200)];
	char		 group[TEXT_BYTES(100)], id_text[24];
	int64_t		 id, disabled, has_code;
	struct db_col	 cols[] = { COL_INT(&id), COL_STR(email),
	    COL_STR(name), COL_STR(group), COL_INT(&disabled),
	    COL_INT(&has_code) };
	size_t		 i, n = 0;
	int		 rc;

	for (i = 0; i < MEDIA_COUNT; i++)
		if (page_setf(r, media[i].key, "Media.%zu.Key", i) == -1 ||
		    page_setf(r, media[i].label, "Media.%zu.Label", i) == -1)
			return -1;
	if (db_query(r->db, STMT_STAFF_LIST_BY_STORE, DB_ARGS(
	    DB_INT(r->session.store_id)), cols, 6) != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1) {
		snprintf(id_text, sizeof(id_text), "%lld", (long long)id);
		if (page_setf(r, id_text, "StaffList.%zu.Id", n) == -1 ||
		    page_setf(r, name, "StaffList.%zu.Name", n++) == -1) {
			rc = -1;
			break;
		}
	}
	db_done(r->db);
	return rc == 0 ? 0 : -1;
}

/* Renders a settlements list: the store's, or account's when not NULL. */
static int
list_show(struct req *r, struct account *account)
{
	const struct currency	*c;
	struct list_filter	 f;
	char			 path[64];
	int			 rc, status = 200;

	if ((c = page_currency(r)) == NULL)
		return -1;
	memset(&f, 0, sizeof(f));
	f.account = account;
	if (account != NULL)
		snprintf(path, sizeof(path), "/accounts/%s/settlements",
		    account->number);
	else
		snprintf(path, sizeof(path), "/settlements");
	if ((rc = list_filter_read(r, &f)) == -1)
		return -1;
	if (rc == -2) {
		view_error(r, 400, MSG_BAD_REQUEST);
		return 0;
	}
	if (rc == 1)
		status = 422;
	else if (list_page(r, c, path, &f) == -1 ||
	    list_totals(r, c, &f) == -1)
		return -1;
	if (view_set(r, "Page.Title", "Settlements") == -1 ||
	    view_set(r, "Page.Nav", "/settlements") == -1 ||
	    view_set(r, "Page.Path", path) == -1 ||
	    page_flag(r, "Listed", rc == 0) == -1 ||
	    (account != NULL && (view_set(r, "Account.Number",
	    account->number) == -1 || view_set(r, "Account.CustomerName",
	    account->customer_name) == -1)) ||
	    list_choices(r) == -1 ||
	    view_set(r, "Filter.from", req_query(r, "from")) == -1 ||
	    view_set(r, "Filter.to", req_query(r, "to")) == -1 ||
	    view_set(r, "Filter.medium", req_query(r, "medium")) == -1 ||
	    view_set(r, "Filter.staff", req_query(r, "staff")) == -1 ||
	    view_set(r, "Zone.Name", r->session.timezone) == -1)
		return -1;
	return view_render(r, status, "settlements.cs");
}

/* The store's list, with its time zone entered. */
static int
store_list_in_zone(struct req *r)
{
	return list_show(r, NULL);
}

/*
 * GET /settlements: the store's settlements, newest first, 50 a page by
 * key (?before=<entry id>), narrowed by from/to (days in the store's
 * time zone), medium and staff, with the count and totals of all that
 * match and a link to the same as CSV. 200; 422 with a message beside
 * a bad filter and no settlements; 400 for a malformed page bound.
 */
int
handle_settlement_list(struct req *r)
{
	return req_in_store_zone(r, store_list_in_zone);
}

/* One account's list, with the store's time zone entered. */
static int
account_list_in_zone(struct req *r)
{
	struct account	 a;
	int		 rc;

	if ((rc = page_account(r, r->args[0], &a)) <= 0)
		return rc;
	return list_show(r, &a);
}

/*
 * GET /accounts/<number>/settlements: the settlements of one account,
 * as the store's list. 200; 422 for a bad filter; 400 for a malformed
 * page bound; 404 when there is no such account in this store.
 */
int
handle_account_settlements(struct req *r)
{
	return req_in_store_zone(r, account_list_in_zone);
}

/* ------------------------------------------------------------ export */

static const char settlements_csv_header[] = "number,time,account,customer,"
	"amount,unapplied,medium,reference,staff,approver\r\n";

/* Appends settlement row as one CSV line, the time in the entered zone. */
static int
csv_row(struct buf *b, const struct currency *c,
    const struct settlement_row *row)
{
	char	 when[TIMEZ_TEXT], amount[MONEY_TEXT_MAX];
	char	 unapplied[MONEY_TEXT_MAX];

	timez_local_text((time_t)row->at, when);
	money_plain(row->amount, c->exponent, amount);
	money_plain(row->unapplied, c->exponent, unapplied);
	return csv_cell(b, row->number, 1) == -1 ||
	    csv_cell(b, when, 0) == -1 || csv_cell(b, row->account, 0) == -1 ||
	    csv_cell(b, row->customer, 0) == -1 ||
	    csv_number_cell(b, amount, 0) == -1 ||
	    csv_number_cell(b, unapplied, 0) == -1 ||
	    csv_cell(b, row->method, 0) == -1 ||
	    csv_cell(b, row->reference, 0) == -1 ||
	    csv_cell(b, row->staff, 0) == -1 ||
	    csv_cell(b, row->approver, 0) == -1 || csv_end(b) == -1 ? -1 : 0;
}

/* Writes the header and every settlement the filters match into the body. */
static int
csv_rows(struct req *r, const struct currency *c, const struct list_filter *f)
{
	struct settlement_row	 row;
	struct db_col		 cols[ROW_COLS];
	int			 rc = 0, fetched;

	row_bind(&row, cols);
	buf_reset(&r->resp.body);
	if (buf_puts(&r->resp.body, settlements_csv_header) == -1 ||
	    list_query(r, f, SETTLEMENTS_CSV_MAX, cols) != DB_OK)
		return -1;
	while (rc == 0 && (fetched = db_fetch(r->db)) == 1)
		rc = csv_row(&r->resp.body, c, &row);
	db_done(r->db);
	return rc == 0 && fetched == 0 ? 0 : -1;
}

/* The export, with the store's time zone entered. */
static int
csv_in_zone(struct req *r)
{
	const struct currency	*c;
	struct list_filter	 f;
	struct account		 a;
	const char		*number = req_query(r, "account");
	int			 rc;

	if ((c = page_currency(r)) == NULL)
		return -1;
	memset(&f, 0, sizeof(f));
	if (*number != '\0') {
		if ((rc = page_account(r, number, &a)) <= 0)
			return rc;
		f.account = &a;
	}
	if ((rc = list_filter_read(r, &f)) == -1)
		return -1;
	if (rc != 0 || f.before != 0) {
		view_error(r, 400, MSG_BAD_REQUEST);
		return 0;
	}
	if (csv_rows(r, c, &f) == -1)
		return -1;
	return page_csv(r, "settlements-%s%s%s.csv",
	    r->session.store_code, f.account != NULL ? "-" : "",
	    f.account != NULL ? f.account->number : "");
}

/*
 * GET /settlements.csv: every settlement the list's filters match
 * (account=<number> for one account's), newest first (at most
 * 100,000), as an attachment settlements-<store>[-<account>].csv;
 * amounts as plain decimals, media as the ledger keeps them, cells
 * guarded against spreadsheet formulas. 200 the CSV; 400 for a bad
 * filter; 404 when there is no such account in this store.
 */
int
handle_settlements_csv(struct req *r)
{
	return req_in_store_zone(r, csv_in_zone);
}
