/* accounts.c: client account pages: the list, creating one or several, the account page, editing, the entries export. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "account.h"
#include "ageing.h"
#include "approval.h"
#include "audit.h"
#include "buf.h"
#include "csv.h"
#include "customer.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "ledger.h"
#include "log.h"
#include "page.h"
#include "timez.h"
#include "view.h"

#define ACCOUNTS_PAGE		50	/* accounts per page */
#define ENTRIES_PAGE		50	/* entries per page of the account */
#define ENTRY_COLS		12	/* columns of STMT_LEDGER_LIST */
#define ENTRIES_CSV_MAX		100000	/* entries in one export at most */
#define ENTRIES_SORT_MAX	2000	/* a span of time with fewer is sorted */
#define BATCH_ROWS		20	/* rows of the several-accounts form */
#define CUSTOMER_MATCHES	20	/* customers a search shows */
#define SEARCH_SPREAD_MAX	1000	/* see list_search_is_rare */
#define SEARCH_SPREAD_FILTERED	5	/* ... times that with filters */
#define PREVIEW_DATES		5	/* statement dates shown ahead */
#define STATEMENT_DUE_DAYS	7	/* "statement due": within this many days */
#define ID_DIGITS		18	/* a page bound fits an int64_t */

#define MSG_NOT_FOUND	"There is no such page."
#define MSG_NO_CUSTOMER	"There is no customer with that code in this store."
#define MSG_PICK	"Choose a customer, or enter a new customer's name."

/* What the account form sent for a new account, checked. */
struct create_input {
	struct account			 a;
	int64_t				 opening;
	struct account_problems		 p;
	int				 ok;	/* every field is fine */
	const char			*code;	/* the customer chosen */
	int				 new_customer;	/* else: a new one */
	struct customer			 c;		/* the new one */
	struct customer_problems	 cp;
	const char			*customer_problem;
};

/* What a create transaction needs and found. */
struct create_change {
	const struct req	*r;
	struct create_input	*in;
	int			 missing;	/* the customer went away */
};

/* One row of the several-accounts form. */
struct batch_row {
	int			 used;		/* not left blank */
	const char		*code;
	struct account		 a;
	int64_t			 opening;
	struct account_problems	 p;
	const char		*customer_problem;
};

struct batch_change {
	const struct req	*r;
	struct batch_row	*rows;
	int			 missing;	/* 1 + row of a lost customer */
	int			 created;
};

/* What an edit transaction needs and found. */
struct edit_change {
	const struct req	*r;
	const char		*number;
	const struct account	*next;		/* the settings to store */
	int			 found;
};

/* The filters of the entries on the account page and in the export. */
struct entry_filter {
	const char	*kind, *from, *to;	/* as typed */
	char		 from_utc[TIMEZ_TEXT];	/* "" for no bound */
	char		 to_utc[TIMEZ_TEXT];	/* the end, excluded */
	int64_t		 before;		/* page bound; 0: newest */
};

/* One ledger entry as read. */
struct entry {
	int64_t	 id, amount, balance_after, at;
	int64_t	 is_reversal, reversed, open;	/* open: of a charge */
	char	 number[COUNTER_CODE_MAX];
	char	 kind[TEXT_BYTES(16)];
	char	 payment_method[TEXT_BYTES(16)];
	char	 reference[TEXT_BYTES(LEDGER_REFERENCE_MAX)];
	char	 note[TEXT_BYTES(LEDGER_NOTE_MAX)];
};

/* ------------------------------------------------------------ helpers */

/* Today in the store's time zone. Returns 0 or -1. */
static int
store_today(const struct req *r, struct sdate *d)
{
	if (account_today(r->session.timezone, d) == 0)
		return 0;
	log_error("accounts: cannot use the time zone '%s'",
	    r->session.timezone);
	return -1;
}

/* Puts an amount in words ("€120.00 owing") as name. */
static int
vwords(struct req *r, const struct currency *c, int64_t v, const char *name)
{
	char	 words[ACCOUNT_WORDS_MAX];

	return view_set(r, name, account_balance_words(v, c, words));
}

/* Writes one audit entry of the signed-in staff member. Returns 0 or < 0. */
static int
accounts_audit(struct db *db, const struct req *r, const char *action,
    const char *type, const char *id, json_t *before, json_t *after)
{
	struct audit_actor	 a;

	audit_actor_staff(r, &a);
	return audit_write(db, &a, action, type, id, before, after);
}

/* ------------------------------------------------------------ forms */

/* The account form's fields, as typed or stored. */
static const char *const account_fields[] = {
	"opening", "credit_limit", "restrict_credit", "pay_later", "on_hold",
	"hold_reason", "frequency", "frequency_start", "statement_email",
	"status", NULL
};

/* Puts the account fields as the person sent them back into the form. */
static int
form_fields_again(struct req *r)
{
	size_t	 i;

	for (i = 0; account_fields[i] != NULL; i++)
		if (page_setf(r, req_form(r, account_fields[i]), "Form.%s",
		    account_fields[i]) == -1)
			return -1;
	return 0;
}

/* Puts the fields of a stored account (or defaults) into the form. */
static int
form_fields_stored(struct req *r, const struct currency *c,
    const struct account *a)
{
	char	 limit[MONEY_TEXT_MAX];

	money_plain(a->credit_limit, c->exponent, limit);
	return view_set(r, "Form.credit_limit", limit) == -1 ||
	    page_flag(r, "Form.restrict_credit", a->restrict_credit) == -1 ||
	    page_flag(r, "Form.pay_later", a->pay_later) == -1 ||
	    page_flag(r, "Form.on_hold", a->on_hold) == -1 ||
	    view_set(r, "Form.hold_reason", a->hold_reason) == -1 ||
	    view_set(r, "Form.frequency", a->frequency) == -1 ||
	    view_set(r, "Form.frequency_start", a->frequency_start) == -1 ||
	    view_set(r, "Form.statement_email", a->statement_email) == -1 ||
	    view_set(r, "Form.status", a->active ? "active" : "inactive") ==
	    -1 ? -1 : 0;
}

/* Puts each problem beside its field. */
static int
form_problems(struct req *r, const struct account_problems *p)
{
	const struct {
		const char	*field, *message;
	} list[] = {
		{ "opening", p->opening },
		{ "credit_limit", p->credit_limit },
		{ "hold_reason", p->hold_reason },
		{ "frequency", p->frequency },
		{ "frequency_start", p->frequency_start },
		{ "statement_email", p->statement_email },
		{ "status", p->status },
	};
	size_t	 i;

	for (i = 0; i < sizeof(list) / sizeof(list[0]); i++)
		if (list[i].message != NULL &&
		    page_setf(r, list[i].message, "Errors.%s", list[i].field) == -1)
			return -1;
	return 0;
}

/*
 * Puts the rule of a in words and its next statement dates from today
 * under prefix (prefix.Rule, prefix.Dates.N). Nothing without a rule.
 */
static int
preview_set(struct req *r, const char *prefix, const struct account *a,
    struct sdate today)
{
	struct sdate	 dates[PREVIEW_DATES];
	struct schedule	 s;
	char		 text[SCHEDULE_DESC], date[SDATE_TEXT];
	int		 i, n;

	if ((n = account_next_dates(a, today, dates, PREVIEW_DATES)) <= 0 ||
	    schedule_parse(a->frequency, &s) != NULL)
		return 0;
	schedule_describe(&s, text, sizeof(text));
	if (page_setf(r, text, "%s.Rule", prefix) == -1 ||
	    page_setf(r, a->frequency_start, "%s.Start", prefix) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		sdate_format(dates[i], date);
		if (page_setf(r, date, "%s.Dates.%d.Date", prefix, i) == -1)
			return -1;
	}
	return 0;
}

/* Puts the store's currency, for the hints beside the amounts. */
static int
form_currency(struct req *r, const struct currency *c)
{
	return view_set(r, "Form.Currency", c->code) == -1 ||
	    view_set(r, "Form.Symbol", c->symbol) == -1 ? -1 : 0;
}

/* ------------------------------------------------------------ list */

/* The filters of the list, as read from the query string. */
struct list_filter {
	const char	*q, *status;
	int		 hold, over, pay_later, due;
	char		 due_by[SDATE_TEXT];	/* "" unless due */
	int64_t			 before;
	struct customer_search	 search;	/* of q */
};

/* Reads the list's filters. Returns 0, or -1 for a malformed page bound. */
static int
list_filter_read(struct req *r, struct list_filter *f)
{
	struct sdate	 today;

	memset(f, 0, sizeof(*f));
	f->q = req_query(r, "q");
	if (customer_search_set(&f->search, f->q) != NULL)
		f->q = "";
	f->q += strspn(f->q, " ");
	f->status = req_query(r, "status");
	if (strcmp(f->status, "active") != 0 &&
	    strcmp(f->status, "inactive") != 0)
		f->status = "";
	f->hold = strcmp(req_query(r, "hold"), "1") == 0;
	f->over = strcmp(req_query(r, "over"), "1") == 0;
	f->pay_later = strcmp(req_query(r, "pay_later"), "1") == 0;
	f->due = strcmp(req_query(r, "due"), "1") == 0;
	if (f->due && store_today(r, &today) == 0)
		sdate_format(sdate_add_days(today, STATEMENT_DUE_DAYS),
		    f->due_by);
	return page_id_parse(req_query(r, "before"), &f->before);
}

/* Writes the filters as a query string into b. */
static int
list_filter_query(const struct list_filter *f, struct buf *b)
{
	return http_query_add(b, "q", f->q) == -1 ||
	    http_query_add(b, "status", f->status) == -1 ||
	    http_query_add(b, "hold", f->hold ? "1" : "") == -1 ||
	    http_query_add(b, "over", f->over ? "1" : "") == -1 ||
	    http_query_add(b, "pay_later", f->pay_later ? "1" : "") == -1 ||
	    http_query_add(b, "due", f->due ? "1" : "") == -1 ? -1 : 0;
}

/* Puts one account row of the list. */
static int
list_row(struct req *r, const struct currency *c, size_t n,
    const struct account *a)
{
	char	 balance[ACCOUNT_WORDS_MAX], limit[MONEY_TEXT_MAX];
	char	 available[MONEY_TEXT_MAX];

	account_balance_words(a->balance, c, balance);
	money_format(a->credit_limit, c, limit);
	money_format(account_available(a), c, available);
	if (page_setf(r, a->number, "Accounts.%zu.Number", n) == -1 ||
	    page_setf(r, a->customer_code, "Accounts.%zu.CustomerCode", n) == -1 ||
	    page_setf(r, a->customer_name, "Accounts.%zu.CustomerName", n) == -1 ||
	    page_setf(r, a->active ? "1" : "", "Accounts.%zu.Active", n) == -1 ||
	    page_setf(r, a->on_hold ? "1" : "", "Accounts.%zu.OnHold", n) == -1 ||
	    page_setf(r, account_over_limit(a) ? "1" : "",
	    "Accounts.%zu.OverLimit", n) == -1 ||
	    page_setf(r, a->pay_later ? "1" : "", "Accounts.%zu.PayLater", n) ==
	    -1 ||
	    page_setf(r, balance, "Accounts.%zu.Balance", n) == -1 ||
	    page_setf(r, limit, "Accounts.%zu.Limit", n) == -1 ||
	    page_setf(r, available, "Accounts.%zu.Available", n) == -1)
		return -1;
	return 0;
}

/*
 * True when the search of f finds few customers by the ways whose
 * matches lie all over the store (phone, email, name): then the list
 * reads what the search finds. Otherwise reading the accounts newest
 * first meets a page of matches soon, unless the other filters leave
 * few of them: "few" is then more. Returns 1, 0, or -1 on failure.
 */
static int
list_search_is_rare(struct req *r, const struct list_filter *f)
{
	const struct customer_search	*s = &f->search;
	const int64_t			 store = r->session.store_id;
	int64_t				 few = SEARCH_SPREAD_MAX, n;

	if (s->gram[0] == '\0')
		return 0;
	if (*f->status != '\0' || f->hold || f->over || f->pay_later ||
	    f->due)
		few *= SEARCH_SPREAD_FILTERED;
	if (db_get(r->db, STMT_ACCOUNT_SEARCH_SPREAD, DB_ARGS(
	    DB_INT(store), DB_STR(s->pattern), DB_INT(few + 1),
	    DB_INT(store), DB_STR(s->q), DB_STR(s->pattern), DB_INT(few + 1),
	    DB_INT(store), DB_STR(s->gram), DB_STR(s->pattern),
	    DB_INT(few + 1)), DB_COLS(COL_INT(&n))) != 1)
		return -1;
	return n <= few;
}

/*
 * Starts the query of one page of accounts (one more than shown) by the
 * filters, status being -1 (any), 0 (inactive) or 1 (active). A search
 * few customers match goes through the customer search's indexes, so
 * that it does not read the store's accounts; a short or common one
 * reads the accounts newest first. Returns DB_OK or < 0.
 */
static int
list_query(struct req *r, const struct list_filter *f, int64_t status,
    struct db_col *cols, size_t ncols)
{
	const struct customer_search	*s = &f->search;
	const int64_t			 store = r->session.store_id;
	const int64_t			 limit = ACCOUNTS_PAGE + 1;
	int				 rare;

#define FILTERS	DB_INT(f->before), DB_INT(f->before), DB_INT(status),	\
	DB_INT(status), DB_INT(f->hold), DB_INT(f->over),		\
	DB_INT(f->pay_later), DB_STR(f->due_by), DB_STR(f->due_by)
	if ((rare = list_search_is_rare(r, f)) == -1)
		return DB_ERR;
	if (!rare)
		return db_query(r->db, STMT_ACCOUNT_LIST, DB_ARGS(DB_INT(store),
		    FILTERS, DB_STR(s->pattern), DB_STR(s->pattern),
		    DB_STR(s->pattern), DB_STR(s->pattern), DB_STR(s->pattern),
		    DB_STR(s->pattern), DB_INT(limit)),
		    cols, ncols);
	return db_query(r->db, STMT_ACCOUNT_LIST_SEARCH, DB_ARGS(
	    DB_INT(store), DB_STR(s->pattern), FILTERS, DB_INT(limit),
	    DB_INT(store), DB_STR(s->pattern),
	    DB_INT(store), DB_STR(s->pattern),
	    DB_INT(store), DB_STR(s->q), DB_STR(s->pattern),
	    DB_INT(store), DB_STR(s->gram), DB_STR(s->pattern),
	    DB_INT(store), FILTERS, DB_INT(limit),
	    DB_INT(store), DB_INT(limit)), cols, ncols);
#undef FILTERS
}

/*
 * Reads one page of accounts (one more than shown, to tell whether
 * there are more) into the page data, and the id of the last shown
 * into *last. Returns the number read, or -1.
 */
static int
list_read(struct req *r, const struct currency *c,
    const struct list_filter *f, int64_t *last)
{
	struct account	 a;
	int64_t		 active, restrict_credit, pay_later, on_hold;
	int64_t		 status = *f->status == '\0' ? -1 :
			    strcmp(f->status, "active") == 0;
	struct db_col	 cols[] = { COL_INT(&a.id), COL_STR(a.number),
	    COL_STR(a.customer_code), COL_STR(a.customer_name),
	    COL_INT(&active), COL_INT(&a.credit_limit),
	    COL_INT(&restrict_credit), COL_INT(&pay_later), COL_INT(&on_hold),
	    COL_INT(&a.balance) };
	size_t		 n = 0;
	int		 rc;

	memset(&a, 0, sizeof(a));
	if (list_query(r, f, status, cols, sizeof(cols) / sizeof(cols[0])) !=
	    DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1 && n < ACCOUNTS_PAGE) {
		a.active = active != 0;
		a.restrict_credit = restrict_credit != 0;
		a.pay_later = pay_later != 0;
		a.on_hold = on_hold != 0;
		if (list_row(r, c, n++, &a) == -1) {
			rc = -1;
			break;
		}
		*last = a.id;
	}
	db_done(r->db);
	if (rc < 0)
		return -1;
	return rc == 1 ? (int)n + 1 : (int)n;
}

/* Puts the filters back into the form and the Older and First links. */
static int
list_pager(struct req *r, const struct list_filter *f, int more,
    int64_t last)
{
	struct buf	 q = { 0 }, older = { 0 };
	char		 num[24];
	int		 rc;

	snprintf(num, sizeof(num), "%lld", (long long)last);
	rc = list_filter_query(f, &q);
	if (rc == 0 && more)
		rc = buf_puts(&older, q.len > 0 ? q.data : "") == -1 ||
		    http_query_add(&older, "before", num) == -1 ||
		    page_link(r, "Pager.Older", "/accounts", &older) == -1 ?
		    -1 : 0;
	if (rc == 0 && f->before > 0)
		rc = page_link(r, "Pager.First", "/accounts", &q);
	buf_free(&q);
	buf_free(&older);
	if (rc == -1)
		return -1;
	return view_set(r, "Filter.q", f->q) == -1 ||
	    view_set(r, "Filter.status", f->status) == -1 ||
	    page_flag(r, "Filter.hold", f->hold) == -1 ||
	    page_flag(r, "Filter.over", f->over) == -1 ||
	    page_flag(r, "Filter.pay_later", f->pay_later) == -1 ||
	    page_flag(r, "Filter.due", f->due) == -1 ? -1 : 0;
}

/*
 * GET /accounts: the store's accounts, newest first, 50 a page
 * (?before=<id> for older ones), narrowed by status (active,
 * inactive), on hold, over limit, pay later, and a search (q): the
 * account number starting with it, or the customer found by the
 * customer search (customer.h). 200 the page; 400 for a malformed page
 * bound.
 */
int
handle_account_list(struct req *r)
{
	const struct currency	*c;
	struct list_filter	 f;
	int64_t			 last = 0;
	int			 n;

	if ((c = page_currency(r)) == NULL)
		return -1;
	if (list_filter_read(r, &f) == -1) {
		view_error(r, 400, "The request could not be understood.");
		return 0;
	}
	if ((n = list_read(r, c, &f, &last)) == -1 ||
	    list_pager(r, &f, n > ACCOUNTS_PAGE, last) == -1)
		return -1;
	if (view_set(r, "Page.Title", "Accounts") == -1 ||
	    view_set(r, "Page.Nav", "/accounts") == -1 ||
	    page_flag(r, "Can.Add", r->session.levels[PERM_ADD_ACCOUNT] !=
	    LEVEL_NONE) == -1 ||
	    view_set(r, "Form.Created", req_query(r, "created")) == -1)
		return -1;
	return view_render(r, 200, "account_list.cs");
}

/* ------------------------------------------------------------ new */

/* Puts the customers that match q (up to CUSTOMER_MATCHES). */
static int
new_matches(struct req *r, const char *q)
{
	struct customer_search	 s;
	int64_t			 id, accounts;
	char			 code[COUNTER_CODE_MAX];
	char			 name[TEXT_BYTES(CUSTOMER_NAME_MAX)];
	char			 email[TEXT_BYTES(CUSTOMER_EMAIL_MAX)];
	char			 phone[TEXT_BYTES(CUSTOMER_PHONE_MAX)];
	struct db_col		 cols[] = { COL_INT(&id), COL_STR(code),
	    COL_STR(name), COL_STR(email), COL_STR(phone),
	    COL_INT(&accounts) };
	size_t			 n = 0;
	int			 rc;

	if (view_set(r, "Search.q", q) == -1)
		return -1;
	if (customer_search_set(&s, q) != NULL || s.q[0] == '\0')
		return 0;
	if (view_set(r, "Search.Done", "1") == -1 ||
	    customer_search_query(r->db, r->session.store_id, &s,
	    CUSTOMER_MATCHES, cols, sizeof(cols) / sizeof(cols[0])) != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1)
		if (page_setf(r, code, "Matches.%zu.Code", n) == -1 ||
		    page_setf(r, name, "Matches.%zu.Name", n) == -1 ||
		    page_setf(r, email, "Matches.%zu.Email", n) == -1 ||
		    page_setf(r, phone, "Matches.%zu.Phone", n++) == -1) {
			rc = -1;
			break;
		}
	db_done(r->db);
	return rc < 0 ? -1 : 0;
}

/*
 * Puts the customer the form is for: the one chosen by code (shown
 * fixed), or the search's matches and the new customer's fields.
 */
static int
new_customer_view(struct req *r, const char *code, const char *q)
{
	struct customer	 c;
	int		 rc;

	if (*code != '\0') {
		if ((rc = customer_get(r->db, r->session.store_id, code,
		    &c)) < 0)
			return -1;
		if (rc == 1)
			return view_set(r, "Customer.Code", c.code) == -1 ||
			    view_set(r, "Customer.Name", c.name) == -1 ||
			    view_set(r, "Customer.Email", c.email) == -1 ? -1 :
			    0;
	}
	if (new_matches(r, q) == -1)
		return -1;
	return view_set(r, "Form.customer_name", req_form(r,
	    "customer_name")) == -1 ||
	    view_set(r, "Form.customer_email", req_form(r,
	    "customer_email")) == -1 ||
	    view_set(r, "Form.customer_phone", req_form(r,
	    "customer_phone")) == -1 ? -1 : 0;
}

/* Renders the new-account form; the caller has put the fields. */
static int
new_show(struct req *r, int status, const char *code, const char *q)
{
	const struct currency	*c;

	if ((c = page_currency(r)) == NULL)
		return -1;
	if (view_set(r, "Page.Title", "New account") == -1 ||
	    view_set(r, "Page.Nav", "/accounts") == -1 ||
	    view_set(r, "Form.IsNew", "1") == -1 ||
	    form_currency(r, c) == -1 ||
	    new_customer_view(r, code, q) == -1 ||
	    approval_view(r, PERM_ADD_ACCOUNT) == -1)
		return -1;
	return view_render(r, status, "account_new.cs");
}

/*
 * GET /accounts/new: the form for a new account: a customer search
 * (?q=) whose matches can be picked, or a new customer's fields when
 * the customer is not there yet; ?customer=<code> picks one. Restrict
 * credit is on and the status active to begin with. 200.
 */
int
handle_account_new(struct req *r)
{
	if (view_set(r, "Form.restrict_credit", "1") == -1 ||
	    view_set(r, "Form.status", "active") == -1 ||
	    view_set(r, "Form.opening", "") == -1)
		return -1;
	return new_show(r, 200, req_query(r, "customer"), req_query(r, "q"));
}

/* Reads the customer part of the form: one chosen, or a new one. */
static void
create_customer_read(const struct req *r, struct create_input *in)
{
	in->code = req_form(r, "customer");
	if (*in->code != '\0')
		return;
	if (*req_form(r, "customer_name") == '\0' &&
	    *req_form(r, "customer_email") == '\0' &&
	    *req_form(r, "customer_phone") == '\0') {
		in->customer_problem = MSG_PICK;
		return;
	}
	in->new_customer = 1;
	if (!customer_read(&r->form, "customer_", &in->c, &in->cp))
		in->customer_problem = "";
}

/* Reads and checks the whole new-account form. Returns 1 when fine. */
static int
create_read(struct req *r, const struct currency *c, struct sdate today,
    struct create_input *in)
{
	memset(in, 0, sizeof(*in));
	in->ok = account_read(&r->form, "", c, today, &in->a, &in->opening,
	    &in->p);
	create_customer_read(r, in);
	return in->ok && in->customer_problem == NULL;
}

/* Puts the problems of the customer part beside its fields. */
static int
create_customer_problems(struct req *r, const struct create_input *in)
{
	const struct customer_problems	*p = &in->cp;

	if (in->customer_problem != NULL && *in->customer_problem != '\0' &&
	    view_set(r, "Errors.customer", in->customer_problem) == -1)
		return -1;
	if (!in->new_customer)
		return 0;
	return (p->name != NULL &&
	    view_set(r, "Errors.customer_name", p->name) == -1) ||
	    (p->email != NULL &&
	    view_set(r, "Errors.customer_email", p->email) == -1) ||
	    (p->phone != NULL &&
	    view_set(r, "Errors.customer_phone", p->phone) == -1) ? -1 : 0;
}

/* Shows the new-account form again with the input and the problems. 422. */
static int
create_refuse(struct req *r, const struct create_input *in,
    struct sdate today)
{
	if (form_fields_again(r) == -1 || form_problems(r, &in->p) == -1 ||
	    create_customer_problems(r, in) == -1 ||
	    (in->p.frequency == NULL && in->p.frequency_start == NULL &&
	    preview_set(r, "Preview", &in->a, today) == -1))
		return -1;
	return new_show(r, 422, in->code != NULL ? in->code : "",
	    req_form(r, "q"));
}

/* Creates the new customer, when there is one, with its audit entry. */
static int
create_customer_tx(struct db *db, struct create_change *ch)
{
	struct create_input	*in = ch->in;
	json_t			*after;
	int			 rc;

	if (!in->new_customer) {
		rc = customer_get(db, ch->r->session.store_id, in->code,
		    &in->c);
		if (rc == 0)
			ch->missing = 1;
		return rc;
	}
	if ((rc = customer_create(db, ch->r->session.store_id, &in->c)) < 0)
		return rc;
	if ((after = customer_json(&in->c)) == NULL)
		return DB_ERR;
	rc = accounts_audit(db, ch->r, "customer.create", "customer",
	    in->c.code, NULL, after);
	json_decref(after);
	return rc < 0 ? rc : 1;
}

/* Creates the account (and the new customer) with the audit entries. */
static int
create_tx(struct db *db, void *arg)
{
	struct create_change	*ch = arg;
	struct create_input	*in = ch->in;
	json_t			*after;
	int			 rc;

	ch->missing = 0;
	if ((rc = create_customer_tx(db, ch)) <= 0)
		return rc;
	in->a.customer_id = in->c.id;
	snprintf(in->a.customer_code, sizeof(in->a.customer_code), "%s",
	    in->c.code);
	if ((rc = account_create(db, ch->r->session.store_id, &in->a,
	    in->opening, ch->r->session.staff_id,
	    ch->r->approval.approver_id)) < 0)
		return rc;
	if ((after = account_json(&in->a)) == NULL)
		return DB_ERR;
	rc = accounts_audit(db, ch->r, "account.create", "account",
	    in->a.number, NULL, after);
	json_decref(after);
	return rc;
}

/*
 * POST /accounts: creates an account for the customer chosen
 * (customer=<code>) or for a new customer (customer_name, _email,
 * _phone) in the same transaction, with the opening balance posted to
 * the ledger. 303 to /accounts/<number>?created=1; 422 the form with
 * the input and a message beside each bad field (or the manager code),
 * nothing saved.
 */
int
handle_account_create(struct req *r)
{
	const struct currency	*c;
	struct create_input	 in;
	struct create_change	 ch;
	struct sdate		 today;
	char			 where[64];
	int			 rc;

	if ((c = page_currency(r)) == NULL || store_today(r, &today) == -1)
		return -1;
	if (!create_read(r, c, today, &in) || approval_failed(r))
		return create_refuse(r, &in, today);
	memset(&ch, 0, sizeof(ch));
	ch.r = r;
	ch.in = &in;
	if ((rc = db_transaction(r->db, create_tx, &ch)) < 0)
		return -1;
	if (ch.missing) {
		in.customer_problem = MSG_NO_CUSTOMER;
		in.code = "";
		return create_refuse(r, &in, today);
	}
	snprintf(where, sizeof(where), "/accounts/%s?created=1", in.a.number);
	return http_redirect(r, where);
}

/* ------------------------------------------------------------ batch */

/* The batch form's fields of each row, after the "r<N>_" prefix. */
static const char *const batch_fields[] = {
	"customer", "opening", "credit_limit", "pay_later", "restrict_credit",
	NULL
};

/* The value of field name of row i, or "". */
static const char *
batch_field(const struct req *r, int i, const char *name)
{
	char	 field[48];

	snprintf(field, sizeof(field), "r%d_%s", i, name);
	return req_form(r, field);
}

/* Puts the rows (as sent, or empty with restrict credit on) and their problems. */
static int
batch_rows_view(struct req *r, const struct batch_row *rows, int again)
{
	const struct batch_row	*row;
	size_t			 f;
	int			 i;
	char			 num[8];

	for (i = 0; i < BATCH_ROWS; i++) {
		snprintf(num, sizeof(num), "%d", i);
		if (page_setf(r, num, "Rows.%d.Index", i) == -1)
			return -1;
		snprintf(num, sizeof(num), "%d", i + 1);
		if (page_setf(r, num, "Rows.%d.Label", i) == -1)
			return -1;
		for (f = 0; again && batch_fields[f] != NULL; f++)
			if (page_setf(r, batch_field(r, i, batch_fields[f]),
			    "Rows.%d.%s", i, batch_fields[f]) == -1)
				return -1;
		if (!again && page_setf(r, "1", "Rows.%d.restrict_credit", i) == -1)
			return -1;
		if (rows == NULL)
			continue;
		row = &rows[i];
		if ((row->customer_problem != NULL &&
		    page_setf(r, row->customer_problem, "Rows.%d.Errors.customer",
		    i) == -1) ||
		    (row->p.opening != NULL && page_setf(r, row->p.opening,
		    "Rows.%d.Errors.opening", i) == -1) ||
		    (row->p.credit_limit != NULL && page_setf(r, row->p.credit_limit,
		    "Rows.%d.Errors.credit_limit", i) == -1))
			return -1;
	}
	return 0;
}

/* Renders the several-accounts form. */
static int
batch_show(struct req *r, int status, const struct batch_row *rows,
    int again)
{
	const struct currency	*c;

	if ((c = page_currency(r)) == NULL)
		return -1;
	if (view_set(r, "Page.Title", "Several new accounts") == -1 ||
	    view_set(r, "Page.Nav", "/accounts") == -1 ||
	    form_currency(r, c) == -1 ||
	    batch_rows_view(r, rows, again) == -1 ||
	    approval_view(r, PERM_ADD_ACCOUNT) == -1)
		return -1;
	return view_render(r, status, "account_batch.cs");
}

/* GET /accounts/batch: a form for up to 20 accounts at once. 200. */
int
handle_account_batch_form(struct req *r)
{
	return batch_show(r, 200, NULL, 0);
}

/* True when row i was left blank (boxes alone do not count). */
static int
batch_row_blank(const struct req *r, int i)
{
	return *batch_field(r, i, "customer") == '\0' &&
	    *batch_field(r, i, "opening") == '\0' &&
	    *batch_field(r, i, "credit_limit") == '\0';
}

/*
 * Reads and checks every row: a customer code of this store, amounts.
 * Returns the number of rows used when all are fine, 0 when none is
 * used, -2 when a row has a problem, -1 on failure.
 */
static int
batch_read(struct req *r, const struct currency *c, struct sdate today,
    struct batch_row *rows)
{
	struct customer	 cu;
	char		 prefix[16];
	int		 i, used = 0, bad = 0, rc;

	for (i = 0; i < BATCH_ROWS; i++) {
		struct batch_row	*row = &rows[i];

		memset(row, 0, sizeof(*row));
		if (batch_row_blank(r, i))
			continue;
		row->used = 1;
		used++;
		snprintf(prefix, sizeof(prefix), "r%d_", i);
		if (!account_read(&r->form, prefix, c, today, &row->a,
		    &row->opening, &row->p))
			bad = 1;
		row->code = batch_field(r, i, "customer");
		if (*row->code == '\0')
			row->customer_problem = "Enter a customer code.";
		else if ((rc = customer_get(r->db, r->session.store_id,
		    row->code, &cu)) < 0)
			return -1;
		else if (rc == 0)
			row->customer_problem = MSG_NO_CUSTOMER;
		if (row->customer_problem != NULL)
			bad = 1;
	}
	return bad ? -2 : used;
}

/* Creates every account of the rows used, with the audit entries. */
static int
batch_tx(struct db *db, void *arg)
{
	struct batch_change	*ch = arg;
	struct customer		 cu;
	json_t			*after;
	int			 i, rc;

	ch->missing = ch->created = 0;
	for (i = 0; i < BATCH_ROWS; i++) {
		struct batch_row	*row = &ch->rows[i];

		if (!row->used)
			continue;
		if ((rc = customer_get(db, ch->r->session.store_id, row->code,
		    &cu)) <= 0) {
			ch->missing = i + 1;
			return rc < 0 ? rc : DB_ERR;
		}
		row->a.customer_id = cu.id;
		snprintf(row->a.customer_code, sizeof(row->a.customer_code),
		    "%s", cu.code);
		if ((rc = account_create(db, ch->r->session.store_id, &row->a,
		    row->opening, ch->r->session.staff_id,
		    ch->r->approval.approver_id)) < 0)
			return rc;
		if ((after = account_json(&row->a)) == NULL)
			return DB_ERR;
		rc = accounts_audit(db, ch->r, "account.create", "account",
		    row->a.number, NULL, after);
		json_decref(after);
		if (rc < 0)
			return rc;
		ch->created++;
	}
	return 0;
}

/*
 * POST /accounts/batch: creates an account for each row filled in
 * (r<N>_customer code, r<N>_opening, r<N>_credit_limit, r<N>_pay_later,
 * r<N>_restrict_credit for N 0 to 19), all in one transaction. 303 to
 * /accounts?created=<count>; 422 the form with the rows as sent and a
 * message beside each bad cell (or when no row is filled in, or the
 * manager code did not pass), nothing saved.
 */
int
handle_account_batch(struct req *r)
{
	const struct currency	*c;
	struct batch_row	*rows;
	struct batch_change	 ch;
	struct sdate		 today;
	char			 where[48];
	int			 used, rc = -1;

	if ((c = page_currency(r)) == NULL || store_today(r, &today) == -1)
		return -1;
	if ((rows = calloc(BATCH_ROWS, sizeof(*rows))) == NULL)
		return -1;
	memset(&ch, 0, sizeof(ch));
	ch.r = r;
	ch.rows = rows;
	if ((used = batch_read(r, c, today, rows)) == -1)
		goto out;
	if (used == 0 && view_set(r, "Errors.rows", "Fill in at least one "
	    "row.") == -1)
		goto out;
	if (used <= 0 || approval_failed(r)) {
		rc = batch_show(r, 422, rows, 1);
		goto out;
	}
	if (db_transaction(r->db, batch_tx, &ch) < 0 && ch.missing == 0)
		goto out;
	if (ch.missing > 0) {
		rows[ch.missing - 1].customer_problem = MSG_NO_CUSTOMER;
		rc = batch_show(r, 422, rows, 1);
		goto out;
	}
	snprintf(where, sizeof(where), "/accounts?created=%d", ch.created);
	rc = http_redirect(r, where);
out:
	free(rows);
	return rc;
}

/* ------------------------------------------------------------ page */

/* Puts what the account page and the edit form show of a. */
static int
account_view(struct req *r, const struct currency *c,
    const struct account *a, struct sdate today)
{
	struct sdate	 next;
	char		 date[SDATE_TEXT];

	if (view_set(r, "Account.Number", a->number) == -1 ||
	    view_set(r, "Account.CustomerCode", a->customer_code) == -1 ||
	    view_set(r, "Account.CustomerName", a->customer_name) == -1 ||
	    page_flag(r, "Account.Active", a->active) == -1 ||
	    page_flag(r, "Account.OnHold", a->on_hold) == -1 ||
	    view_set(r, "Account.HoldReason", a->hold_reason) == -1 ||
	    page_flag(r, "Account.OverLimit", account_over_limit(a)) == -1 ||
	    page_flag(r, "Account.PayLater", a->pay_later) == -1 ||
	    page_flag(r, "Account.RestrictCredit", a->restrict_credit) == -1 ||
	    vwords(r, c, a->balance, "Account.Balance") == -1 ||
	    page_money(r, c, a->credit_limit, "Account.Limit") == -1 ||
	    page_money(r, c, account_available(a), "Account.Available") == -1 ||
	    view_set(r, "Account.StatementEmail", a->statement_email) == -1 ||
	    view_set(r, "Account.Frequency", a->frequency) == -1 ||
	    preview_set(r, "Account.Schedule", a, today) == -1)
		return -1;
	if (account_next_dates(a, today, &next, 1) == 1) {
		sdate_format(next, date);
		if (view_set(r, "Account.NextDate", date) == -1)
			return -1;
	}
	return 0;
}

/* Reads date field name (empty: none) into *d. Returns 1 when given, 0, or -2 when bad. */
static int
entry_date_read(struct req *r, const char *name, const char **s,
    struct timez_date *d)
{
	*s = req_query(r, name);
	if (**s == '\0')
		return 0;
	if (timez_parse_date(*s, d) == -1)
		return view_set(r, name[0] == 'f' ? "Errors.from" : "Errors.to",
		    "Enter a date as YYYY-MM-DD, such as 2026-11-23.") == -1 ?
		    -1 : -2;
	return 1;
}

/*
 * Reads the entries' filters (kind, from, to: days in the entered
 * zone) and page bound, with each problem beside its filter. Returns
 * 0, 1 when a filter is bad, -2 for a malformed page bound, or -1.
 */
static int
entry_filter_read(struct req *r, struct entry_filter *f)
{
	struct timez_date	 from, to;
	int			 has_from, has_to, bad = 0;

	memset(f, 0, sizeof(*f));
	if (page_id_parse(req_query(r, "before"), &f->before) == -1)
		return -2;
	f->kind = req_query(r, "kind");
	if (*f->kind != '\0' && !ledger_kind_valid(f->kind)) {
		if (view_set(r, "Errors.kind", "Choose a kind from the "
		    "list.") == -1)
			return -1;
		bad = 1;
	}
	if ((has_from = entry_date_read(r, "from", &f->from, &from)) == -1 ||
	    (has_to = entry_date_read(r, "to", &f->to, &to)) == -1)
		return -1;
	if (has_from < 0 || has_to < 0 || bad)
		return 1;
	if (has_from && has_to && timez_date_cmp(&from, &to) > 0)
		return view_set(r, "Errors.to", "The end date is before the "
		    "start date.") == -1 ? -1 : 1;
	if (has_from)
		timez_utc_text(timez_day_start(&from), f->from_utc);
	if (has_to) {
		timez_date_add_days(&to, 1);
		if (to.year <= 9999)
			timez_utc_text(timez_day_start(&to), f->to_utc);
	}
	return 0;
}

/* Writes the entries' filters as a query string into b. */
static int
entry_filter_query(const struct entry_filter *f, struct buf *b)
{
	return http_query_add(b, "kind", f->kind) == -1 ||
	    http_query_add(b, "from", f->from) == -1 ||
	    http_query_add(b, "to", f->to) == -1 ? -1 : 0;
}

/*
 * Runs the entries query of account a with f, up to limit rows into e.
 * A span of time with few entries is read by time and sorted; anything
 * else is read newest first by id (or kind) until the page is full.
 */
static int
entry_query(struct req *r, const struct account *a,
    const struct entry_filter *f, int64_t limit, struct db_col *cols,
    size_t ncols)
{
	struct db_arg	 from = f->from_utc[0] != '\0' ?
			    DB_STR(f->from_utc) : DB_NULL;
	struct db_arg	 to = f->to_utc[0] != '\0' ?
			    DB_STR(f->to_utc) : DB_NULL;
	const char	*kind = f->kind != NULL ? f->kind : "";
	enum stmt	 s = STMT_LEDGER_LIST;
	int64_t		 in_span = 0;
	int		 rc;

	if (f->from_utc[0] != '\0' || f->to_utc[0] != '\0') {
		rc = db_get(r->db, STMT_LEDGER_TIME_COUNT, DB_ARGS(
		    DB_INT(a->id), DB_INT(r->session.store_id), from, from,
		    to, to, DB_INT(ENTRIES_SORT_MAX)), DB_COLS(
		    COL_INT(&in_span)));
		if (rc < 0)
			return rc;
		if (in_span < ENTRIES_SORT_MAX)
			s = STMT_LEDGER_LIST_BY_TIME;
	}
	return db_query(r->db, s, DB_ARGS(DB_INT(a->id),
	    DB_INT(r->session.store_id), DB_INT(f->before), DB_INT(f->before),
	    DB_STR(kind), DB_STR(kind), from, from, to, to, DB_INT(limit)),
	    cols, ncols);
}

/* Binds the entries query's columns to e. */
static void
entry_bind(struct entry *e, struct db_col cols[ENTRY_COLS])
{
	const struct db_col	 c[ENTRY_COLS] = { COL_INT(&e->id),
	    COL_STR(e->number), COL_STR(e->kind), COL_INT(&e->amount),
	    COL_INT(&e->balance_after), COL_STR(e->payment_method),
	    COL_STR(e->reference), COL_STR(e->note), COL_INT(&e->at),
	    COL_INT(&e->is_reversal), COL_INT(&e->reversed),
	    COL_INT(&e->open) };

	memcpy(cols, c, sizeof(c));
}

/* Puts entry n of the page (times in the entered zone). */
static int
entry_row(struct req *r, const struct currency *c, size_t n,
    const struct entry *e)
{
	char	 when[TIMEZ_TEXT], amount[MONEY_TEXT_MAX];
	char	 balance[ACCOUNT_WORDS_MAX], open[MONEY_TEXT_MAX];

	timez_local_text((time_t)e->at, when);
	money_format(e->amount, c, amount);
	account_balance_words(e->balance_after, c, balance);
	if (e->open > 0) {
		money_format(e->open, c, open);
		if (page_setf(r, open, "Entries.%zu.Open", n) == -1)
			return -1;
	}
	if ((!e->is_reversal && !e->reversed &&
	    page_setf(r, "1", "Entries.%zu.Reversible", n) == -1) ||
	    (e->reversed && page_setf(r, "1", "Entries.%zu.Reversed", n) == -1))
		return -1;
	return page_setf(r, e->number, "Entries.%zu.Number", n) == -1 ||
	    page_setf(r, when, "Entries.%zu.Time", n) == -1 ||
	    page_setf(r, ledger_kind_label(e->kind), "Entries.%zu.Kind", n) == -1 ||
	    page_setf(r, e->amount < 0 ? amount : "", "Entries.%zu.Charge", n) ==
	    -1 ||
	    page_setf(r, e->amount >= 0 ? amount : "", "Entries.%zu.Credit", n) ==
	    -1 ||
	    page_setf(r, balance, "Entries.%zu.Balance", n) == -1 ||
	    page_setf(r, e->reference, "Entries.%zu.Reference", n) == -1 ||
	    page_setf(r, e->note, "Entries.%zu.Note", n) == -1 ? -1 : 0;
}

/* Puts one page of the entries and the Older and Newest links. */
static int
entry_page(struct req *r, const struct currency *c, const struct account *a,
    const struct entry_filter *f)
{
	struct entry	 e;
	struct db_col	 cols[ENTRY_COLS];
	struct buf	 q = { 0 }, older = { 0 };
	char		 path[48], num[24];
	int64_t		 last = 0;
	size_t		 n = 0;
	int		 rc, more;

	memset(&e, 0, sizeof(e));
	entry_bind(&e, cols);
	if (entry_query(r, a, f, ENTRIES_PAGE + 1, cols, ENTRY_COLS) != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1 && n < ENTRIES_PAGE) {
		if (entry_row(r, c, n++, &e) == -1) {
			rc = -1;
			break;
		}
		last = e.id;
	}
	db_done(r->db);
	if (rc < 0)
		return -1;
	more = rc == 1;
	snprintf(path, sizeof(path), "/accounts/%s", a->number);
	snprintf(num, sizeof(num), "%lld", (long long)last);
	rc = entry_filter_query(f, &q);
	if (rc == 0 && more)
		rc = buf_puts(&older, q.len > 0 ? q.data : "") == -1 ||
		    http_query_add(&older, "before", num) == -1 ||
		    page_link(r, "Pager.Older", path, &older) == -1 ? -1 : 0;
	if (rc == 0 && f->before > 0)
		rc = page_link(r, "Pager.Newest", path, &q);
	if (rc == 0) {
		snprintf(path, sizeof(path), "/accounts/%s/entries.csv",
		    a->number);
		rc = page_link(r, "Export.Link", path, &q);
	}
	buf_free(&q);
	buf_free(&older);
	return rc;
}

/* Puts the kinds of entry, for the filter. */
static int
entry_kinds(struct req *r)
{
	size_t	 i;

	for (i = 0; i < ledger_kinds_count; i++)
		if (page_setf(r, ledger_kinds[i].key, "Kinds.%zu.Key", i) == -1 ||
		    page_setf(r, ledger_kinds[i].label, "Kinds.%zu.Label", i) == -1)
			return -1;
	return 0;
}

/* The account page, with the store's time zone entered. */
static int
account_show_in_zone(struct req *r)
{
	const struct currency	*c;
	struct account		 a;
	struct entry_filter	 f;
	int			 rc, status = 200;

	if ((c = page_currency(r)) == NULL)
		return -1;
	if ((rc = page_account(r, r->args[0], &a)) <= 0)
		return rc;
	if ((rc = entry_filter_read(r, &f)) == -1)
		return -1;
	if (rc == -2) {
		view_error(r, 400, "The request could not be understood.");
		return 0;
	}
	if (rc == 1)
		status = 422;
	else if (entry_page(r, c, &a, &f) == -1)
		return -1;
	if (ageing_view(r, a.id, c) == -1)
		return -1;
	if (view_set(r, "Page.Title", a.number) == -1 ||
	    view_set(r, "Page.Nav", "/accounts") == -1 ||
	    account_view(r, c, &a, timez_local_sdate(time(NULL))) == -1 ||
	    entry_kinds(r) == -1 ||
	    view_set(r, "Filter.kind", req_query(r, "kind")) == -1 ||
	    view_set(r, "Filter.from", req_query(r, "from")) == -1 ||
	    view_set(r, "Filter.to", req_query(r, "to")) == -1 ||
	    view_set(r, "Zone.Name", r->session.timezone) == -1 ||
	    page_flag(r, "Can.Edit", r->session.levels[PERM_EDIT_ACCOUNT] !=
	    LEVEL_NONE) == -1 ||
	    page_flag(r, "Can.Deposit", r->session.levels[PERM_DEPOSIT_WITHDRAW] !=
	    LEVEL_NONE) == -1 ||
	    page_flag(r, "Can.Settle", r->session.levels[PERM_MAKE_SETTLEMENTS] !=
	    LEVEL_NONE) == -1 ||
	    page_flag(r, "Can.Adjust", r->session.levels[PERM_ADJUST_ENTRIES] !=
	    LEVEL_NONE) == -1 ||
	    page_flag(r, "Can.Statements",
	    r->session.levels[PERM_SEND_STATEMENTS] != LEVEL_NONE) == -1 ||
	    page_flag(r, "Form.Created", strcmp(req_query(r, "created"), "1") ==
	    0) == -1 ||
	    page_flag(r, "Form.Saved", strcmp(req_query(r, "saved"), "1") ==
	    0) == -1)
		return -1;
	return view_render(r, status, "account_show.cs");
}

/*
 * GET /accounts/<number>: the account page: customer, badges, balance
 * in words, limit, available to spend, the settlement frequency and
 * next statement dates, and the entries newest first with the running
 * balance, 50 a page by key (?before=<entry id>), narrowed by kind and
 * from/to (days in the store's time zone). 200; 422 with a message
 * beside a bad filter and no entries; 400 for a malformed page bound;
 * 404 when there is no such account in this store.
 */
int
handle_account_show(struct req *r)
{
	return req_in_store_zone(r, account_show_in_zone);
}

/* ------------------------------------------------------------ export */

static const char entries_csv_header[] = "number,time,kind,amount,"
	"balance_after,payment_method,reference,note\r\n";

/* Appends entry e as one CSV line, the time in the entered zone. */
static int
entry_csv_row(struct buf *b, const struct currency *c, const struct entry *e)
{
	char	 when[TIMEZ_TEXT], amount[MONEY_TEXT_MAX];
	char	 balance[MONEY_TEXT_MAX];

	timez_local_text((time_t)e->at, when);
	money_plain(e->amount, c->exponent, amount);
	money_plain(e->balance_after, c->exponent, balance);
	return csv_cell(b, e->number, 1) == -1 ||
	    csv_cell(b, when, 0) == -1 || csv_cell(b, e->kind, 0) == -1 ||
	    csv_number_cell(b, amount, 0) == -1 ||
	    csv_number_cell(b, balance, 0) == -1 ||
	    csv_cell(b, e->payment_method, 0) == -1 ||
	    csv_cell(b, e->reference, 0) == -1 ||
	    csv_cell(b, e->note, 0) == -1 || csv_end(b) == -1 ? -1 : 0;
}

/* Writes the header and every entry the filters match into the body. */
static int
entry_csv_rows(struct req *r, const struct currency *c,
    const struct account *a, const struct entry_filter *f)
{
	struct entry	 e;
	struct db_col	 cols[ENTRY_COLS];
	int		 rc = 0, fetched;

	memset(&e, 0, sizeof(e));
	entry_bind(&e, cols);
	buf_reset(&r->resp.body);
	if (buf_puts(&r->resp.body, entries_csv_header) == -1 ||
	    entry_query(r, a, f, ENTRIES_CSV_MAX, cols, ENTRY_COLS) != DB_OK)
		return -1;
	while (rc == 0 && (fetched = db_fetch(r->db)) == 1)
		rc = entry_csv_row(&r->resp.body, c, &e);
	db_done(r->db);
	return rc == 0 && fetched == 0 ? 0 : -1;
}

/* The export, with the store's time zone entered. */
static int
account_csv_in_zone(struct req *r)
{
	const struct currency	*c;
	struct account		 a;
	struct entry_filter	 f;
	int			 rc;

	if ((c = page_currency(r)) == NULL)
		return -1;
	if ((rc = page_account(r, r->args[0], &a)) <= 0)
		return rc;
	if ((rc = entry_filter_read(r, &f)) == -1)
		return -1;
	if (rc != 0) {
		view_error(r, 400, "The request could not be understood.");
		return 0;
	}
	f.before = 0;
	if (entry_csv_rows(r, c, &a, &f) == -1)
		return -1;
	return page_csv(r, "entries-%s-%s.csv", r->session.store_code,
	    a.number);
}

/*
 * GET /accounts/<number>/entries.csv: every entry of the account that
 * the page's filters match, newest first (at most 100,000), as an
 * attachment entries-<store>-<number>.csv; amounts as plain decimals
 * in the ledger's sign, cells guarded against spreadsheet formulas.
 * 200 the CSV; 400 for a bad filter; 404 when there is no such
 * account in this store.
 */
int
handle_account_entries_csv(struct req *r)
{
	return req_in_store_zone(r, account_csv_in_zone);
}

/* ------------------------------------------------------------ edit */

/* Renders the edit form of a; the caller has put the fields. */
static int
edit_show(struct req *r, int status, const struct currency *c,
    const struct account *a, struct sdate today)
{
	char	 action[48];

	snprintf(action, sizeof(action), "/accounts/%s", a->number);
	if (view_set(r, "Page.Title", a->number) == -1 ||
	    view_set(r, "Page.Nav", "/accounts") == -1 ||
	    view_set(r, "Form.Action", action) == -1 ||
	    form_currency(r, c) == -1 ||
	    account_view(r, c, a, today) == -1 ||
	    approval_view(r, PERM_EDIT_ACCOUNT) == -1)
		return -1;
	return view_render(r, status, "account_edit.cs");
}

/*
 * GET /accounts/<number>/edit: the form to change the account's credit
 * limit, restrict credit, pay later, hold and its reason, status,
 * settlement frequency and start, and statement email. 200; 404 when
 * there is no such account in this store.
 */
int
handle_account_edit(struct req *r)
{
	const struct currency	*c;
	struct account		 a;
	struct sdate		 today;
	int			 rc;

	if ((c = page_currency(r)) == NULL || store_today(r, &today) == -1)
		return -1;
	if ((rc = page_account(r, r->args[0], &a)) <= 0)
		return rc;
	if (form_fields_stored(r, c, &a) == -1 ||
	    preview_set(r, "Preview", &a, today) == -1)
		return -1;
	return edit_show(r, 200, c, &a, today);
}

/* Stores the new settings, when they differ, with the audit entry. */
static int
edit_tx(struct db *db, void *arg)
{
	struct edit_change	*ch = arg;
	struct account		 before, next;
	json_t			*jb, *ja;
	int			 rc;

	if ((rc = ch->found = account_get(db, ch->r->session.store_id,
	    ch->number, 1, &before)) <= 0)
		return rc;
	next = before;
	next.active = ch->next->active;
	next.credit_limit = ch->next->credit_limit;
	next.restrict_credit = ch->next->restrict_credit;
	next.pay_later = ch->next->pay_later;
	next.on_hold = ch->next->on_hold;
	memcpy(next.hold_reason, ch->next->hold_reason,
	    sizeof(next.hold_reason));
	memcpy(next.frequency, ch->next->frequency, sizeof(next.frequency));
	memcpy(next.frequency_start, ch->next->frequency_start,
	    sizeof(next.frequency_start));
	memcpy(next.statement_email, ch->next->statement_email,
	    sizeof(next.statement_email));
	if (!account_differs(&before, &next))
		return 0;
	if ((rc = account_update(db, ch->r->session.store_id, &before,
	    &next)) < 0)
		return rc;
	jb = account_json(&before);
	ja = account_json(&next);
	rc = jb == NULL || ja == NULL ? DB_ERR : accounts_audit(db, ch->r,
	    "account.update", "account", before.number, jb, ja);
	json_decref(jb);
	json_decref(ja);
	return rc;
}

/*
 * POST /accounts/<number>: saves the settings of the edit form, with
 * an "account.update" audit entry when something changed (none
 * otherwise) and, when a lane sees the change (limit, restrict credit,
 * pay later, hold, status), the account marked changed for the lane
 * feed, in one transaction. A limit below what is owed is allowed: the
 * account is then over limit. 303 to /accounts/<number>?saved=1; 422
 * the form with the input and a message beside each bad field (or the
 * manager code), nothing saved; 404 when there is no such account in
 * this store.
 */
int
handle_account_update(struct req *r)
{
	const struct currency	*c;
	struct account		 a, next;
	struct account_problems	 p;
	struct edit_change	 ch;
	struct sdate		 today;
	char			 where[64];
	int			 rc;

	if ((c = page_currency(r)) == NULL || store_today(r, &today) == -1)
		return -1;
	if ((rc = page_account(r, r->args[0], &a)) <= 0)
		return rc;
	next = a;
	if (!account_read(&r->form, "", c, today, &next, NULL, &p) ||
	    approval_failed(r)) {
		if (form_fields_again(r) == -1 || form_problems(r, &p) == -1 ||
		    (p.frequency == NULL && p.frequency_start == NULL &&
		    preview_set(r, "Preview", &next, today) == -1))
			return -1;
		return edit_show(r, 422, c, &a, today);
	}
	memset(&ch, 0, sizeof(ch));
	ch.r = r;
	ch.number = a.number;
	ch.next = &next;
	if (db_transaction(r->db, edit_tx, &ch) < 0)
		return -1;
	if (!ch.found) {
		view_error(r, 404, MSG_NOT_FOUND);
		return 0;
	}
	snprintf(where, sizeof(where), "/accounts/%s?saved=1", a.number);
	return http_redirect(r, where);
}
