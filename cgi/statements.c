/* statements.c: the statements pages: the lists of the store and of an account, a statement as issued, who is due one, issue now and send again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "account.h"
#include "approval.h"
#include "audit.h"
#include "buf.h"
#include "csv.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "ledger.h"
#include "money.h"
#include "outbox.h"
#include "page.h"
#include "statement.h"
#include "statement_mail.h"
#include "text.h"
#include "timez.h"
#include "view.h"

#define LIST_PAGE	50	/* statements per page of the lists */
#define LIST_CSV_MAX	100000	/* statements in one export at most */
#define DUE_DAYS	7	/* the preview reaches this many days ahead */
#define DUE_SHOWN	500	/* accounts the preview shows at most */

#define MSG_BAD_REQUEST	"The request could not be understood."
#define MSG_NO_ADDRESS	"This statement has no address to send it to: " \
	"set the account's statement email, then issue a new statement. " \
	"Nothing was sent."

/* A delivery status as the lists filter and show it. */
struct delivery {
	const char	*key;		/* as the list query gives it */
	const char	*label;
};

static const struct delivery deliveries[] = {
	{ "sent", "Sent" },
	{ "queued", "Queued" },
	{ "failed", "Failed" },
	{ "noaddress", "No address" },
	{ "unsent", "Not queued" },
};

#define DELIVERIES_COUNT	(sizeof(deliveries) / sizeof(deliveries[0]))

/* The filters of the lists and the export. */
struct list_filter {
	const char		*from, *to;		/* period end, as typed */
	const char		*number;		/* account number, as typed */
	const char		*delivery;		/* a key, or "" */
	int64_t			 before;		/* page bound; 0: newest */
	char			 bound[PAGE_BOUND_TEXT];	/* its issue time */
	const struct account	*account;		/* NULL: the store's */
};

/* One statement of a list. */
struct list_row {
	int64_t	 id, amount_due, closing;
	char	 number[STATEMENT_NUMBER_MAX];
	char	 account[COUNTER_CODE_MAX];
	char	 customer[TEXT_BYTES(CUSTOMER_NAME_MAX)];
	char	 start[TIMEZ_DATE_TEXT], end[TIMEZ_DATE_TEXT];
	char	 due[TIMEZ_DATE_TEXT];
	char	 email[TEXT_BYTES(ACCOUNT_EMAIL_MAX)];
	char	 delivery[16];
};

#define ROW_COLS	11

/* What the send-again transaction needs and made. */
struct resend {
	const struct req	*r;
	int64_t			 statement_id;
	const char		*number;
	const char		*email;
	int64_t			 outbox_id;
};

/* What the issue-now transaction needs and made. */
struct issue {
	const struct req	*r;
	int64_t			 account_id;
	struct sdate		 today;
	struct statement_issued	 out;
};

/* ------------------------------------------------------------ helpers */

/* Puts message beside field. Returns 1, or -1. */
static int
refuse(struct req *r, const char *field, const char *message)
{
	return page_setf(r, message, "Errors.%s", field) == -1 ? -1 : 1;
}

/* The delivery status with key, or NULL. */
static const struct delivery *
delivery_find(const char *key)
{
	size_t	 i;

	for (i = 0; i < DELIVERIES_COUNT; i++)
		if (strcmp(deliveries[i].key, key) == 0)
			return &deliveries[i];
	return NULL;
}

/* The label of a delivery status, or the key itself. */
static const char *
delivery_label(const char *key)
{
	const struct delivery	*d = delivery_find(key);

	return d != NULL ? d->label : key;
}

/* True when a delivery status needs someone's attention. */
static int
delivery_warns(const char *key)
{
	return strcmp(key, "failed") == 0 || strcmp(key, "noaddress") == 0 ||
	    strcmp(key, "unsent") == 0;
}

/* True when s looks like a number the store gives: the letter, then digits. */
static int
code_valid(const char *s, char letter, size_t max)
{
	size_t	 n = strlen(s);

	return n >= 2 && n < max && s[0] == letter &&
	    strspn(s + 1, "0123456789") == n - 1;
}

/*
 * Whether the session may issue and send statements, and the approval
 * fields of those forms: pages that show them are open to every
 * signed-in person, so the route does not say a code is needed.
 */
static int
send_view(struct req *r)
{
	enum level	 l = r->session.levels[PERM_SEND_STATEMENTS];

	if (l == LEVEL_MANAGER_CODE)
		r->approval.needed = 1;
	return page_flag(r, "Can.Send", l != LEVEL_NONE) == -1 ||
	    approval_view(r, PERM_SEND_STATEMENTS) == -1 ? -1 : 0;
}

/* Puts a balance in words ("€12.00 owing") at name. */
static int
balance_set(struct req *r, const struct currency *c, int64_t v,
    const char *name)
{
	char	 words[ACCOUNT_WORDS_MAX];

	return view_set(r, name, account_balance_words(v, c, words));
}

/* ------------------------------------------------------------ filters */

/* Reads date filter name (empty: none). Returns 1 when given, 0, 2 when bad, or -1. */
static int
date_read(struct req *r, const char *name, const char **s,
    struct timez_date *d)
{
	*s = req_query(r, name);
	if (**s == '\0')
		return 0;
	if (timez_parse_date(*s, d) == -1)
		return refuse(r, name, "Enter a date as YYYY-MM-DD, such as "
		    "2026-11-23.") == -1 ? -1 : 2;
	return 1;
}

/* Reads the period filters. Returns 0, 1 when one is bad, or -1. */
static int
dates_read(struct req *r, struct list_filter *f)
{
	struct timez_date	 from, to;
	int			 has_from, has_to;

	if ((has_from = date_read(r, "from", &f->from, &from)) == -1 ||
	    (has_to = date_read(r, "to", &f->to, &to)) == -1)
		return -1;
	if (has_from == 2 || has_to == 2)
		return 1;
	if (has_from && has_to && timez_date_cmp(&from, &to) > 0)
		return refuse(r, "to", "The end date is before the start "
		    "date.");
	return 0;
}

/*
 * Reads the lists' filters (from, to: period ends; delivery; account
 * number on the store's list) and page bound, each problem beside its
 * filter. Returns 0, 1 when a filter is bad, -2 for a malformed page
 * bound, or -1.
 */
static int
list_filter_read(struct req *r, struct list_filter *f)
{
	int	 bad = 0, rc;

	if (page_id_parse(req_query(r, "before"), &f->before) == -1)
		return -2;
	f->delivery = req_query(r, "delivery");
	if (*f->delivery != '\0' && delivery_find(f->delivery) == NULL &&
	    (bad = refuse(r, "delivery", "Choose a delivery status from the "
	    "list.")) == -1)
		return -1;
	f->number = f->account != NULL ? "" : req_query(r, "account");
	if (*f->number != '\0' &&
	    !code_valid(f->number, 'A', COUNTER_CODE_MAX) &&
	    (bad = refuse(r, "account", "Enter an account number, such as "
	    "A000012.")) == -1)
		return -1;
	if ((rc = dates_read(r, f)) == -1)
		return -1;
	if (bad || rc)
		return 1;
	return page_bound_read(r, STMT_STPAGE_BOUND, f->before, f->bound);
}

/* Writes the filters as a query string into b. */
static int
list_filter_query(const struct list_filter *f, struct buf *b)
{
	return http_query_add(b, "from", f->from) == -1 ||
	    http_query_add(b, "to", f->to) == -1 ||
	    http_query_add(b, "account", f->number) == -1 ||
	    http_query_add(b, "delivery", f->delivery) == -1 ? -1 : 0;
}

/* Fills args for the lists' statement. Returns how many. */
static size_t
list_args(const struct req *r, const struct list_filter *f, int64_t limit,
    struct db_arg args[16])
{
	struct db_arg	 from = *f->from != '\0' ? DB_STR(f->from) : DB_NULL;
	struct db_arg	 to = *f->to != '\0' ? DB_STR(f->to) : DB_NULL;
	size_t		 n = 0;

	args[n++] = DB_INT(r->session.store_id);
	if (f->account != NULL)
		args[n++] = DB_INT(f->account->id);
	args[n++] = from;
	args[n++] = from;
	args[n++] = to;
	args[n++] = to;
	args[n++] = DB_STR(f->number);
	args[n++] = DB_STR(f->number);
	args[n++] = DB_STR(f->delivery);
	args[n++] = DB_STR(f->delivery);
	args[n++] = DB_STR(f->bound);
	args[n++] = DB_STR(f->bound);
	args[n++] = DB_INT(f->before > 0 ? f->before : INT64_MAX);
	args[n++] = DB_INT(limit);
	return n;
}

/* Runs the list's query, newest first from the bound, up to limit rows into cols. */
static int
list_query(struct req *r, const struct list_filter *f, int64_t limit,
    struct db_col *cols)
{
	struct db_arg	 args[16];
	size_t		 n = list_args(r, f, limit, args);

	return db_query(r->db, f->account != NULL ? STMT_STPAGE_LIST_ACCOUNT :
	    STMT_STPAGE_LIST, args, n, cols, ROW_COLS);
}

/* Binds the list's columns to row. */
static void
row_bind(struct list_row *row, struct db_col cols[ROW_COLS])
{
	const struct db_col	 c[ROW_COLS] = { COL_INT(&row->id),
	    COL_STR(row->number), COL_STR(row->account),
	    COL_STR(row->customer), COL_STR(row->start), COL_STR(row->end),
	    COL_INT(&row->amount_due), COL_INT(&row->closing),
	    COL_STR(row->due), COL_STR(row->email), COL_STR(row->delivery) };

	memset(row, 0, sizeof(*row));
	memcpy(cols, c, sizeof(c));
}

/* ------------------------------------------------------------ lists */

/* Puts statement n of the page. */
static int
row_view(struct req *r, const struct currency *c, size_t n,
    const struct list_row *row)
{
	char	 due[MONEY_TEXT_MAX];

	money_format(row->amount_due, c, due);
	return page_setf(r, row->number, "Statements.%zu.Number", n) == -1 ||
	    page_setf(r, row->account, "Statements.%zu.Account", n) == -1 ||
	    page_setf(r, row->customer, "Statements.%zu.Customer", n) == -1 ||
	    page_setf(r, row->start, "Statements.%zu.Start", n) == -1 ||
	    page_setf(r, row->end, "Statements.%zu.End", n) == -1 ||
	    page_setf(r, due, "Statements.%zu.AmountDue", n) == -1 ||
	    page_setf(r, row->due, "Statements.%zu.DueOn", n) == -1 ||
	    page_setf(r, row->delivery, "Statements.%zu.Delivery", n) == -1 ||
	    page_setf(r, delivery_label(row->delivery),
	    "Statements.%zu.DeliveryLabel", n) == -1 ||
	    page_setf(r, delivery_warns(row->delivery) ? "1" : "",
	    "Statements.%zu.Warn", n) == -1 ? -1 : 0;
}

/* Puts the pager and the export link of the page at path. */
static int
list_links(struct req *r, const char *path, const struct list_filter *f,
    int more, int64_t last)
{
	struct buf	 q = { 0 };
	int		 rc;

	rc = list_filter_query(f, &q) == -1 ||
	    page_pager(r, path, &q, more, last, f->before) == -1 ? -1 : 0;
	if (rc == 0 && f->account != NULL)
		rc = http_query_add(&q, "account", f->account->number);
	if (rc == 0)
		rc = page_link(r, "Export.Link", "/statements.csv", &q);
	buf_free(&q);
	return rc;
}

/* Puts one page of the statements and its links. */
static int
list_page(struct req *r, const struct currency *c, const char *path,
    const struct list_filter *f)
{
	struct list_row	 row;
	struct db_col	 cols[ROW_COLS];
	int64_t		 last = 0;
	size_t		 n = 0;
	int		 rc;

	row_bind(&row, cols);
	if (list_query(r, f, LIST_PAGE + 1, cols) != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1 && n < LIST_PAGE) {
		if (row_view(r, c, n++, &row) == -1) {
			rc = -1;
			break;
		}
		last = row.id;
	}
	db_done(r->db);
	if (rc < 0)
		return -1;
	return list_links(r, path, f, rc == 1, last);
}

/* Puts the delivery statuses the filter offers. */
static int
list_choices(struct req *r)
{
	size_t	 i;

	for (i = 0; i < DELIVERIES_COUNT; i++)
		if (page_setf(r, deliveries[i].key, "Deliveries.%zu.Key", i) ==
		    -1 || page_setf(r, deliveries[i].label,
		    "Deliveries.%zu.Label", i) == -1)
			return -1;
	return 0;
}

/* Puts the account a list or the issue form is about. */
static int
account_view(struct req *r, const struct currency *c, const struct account *a)
{
	return view_set(r, "Account.Number", a->number) == -1 ||
	    view_set(r, "Account.CustomerCode", a->customer_code) == -1 ||
	    view_set(r, "Account.CustomerName", a->customer_name) == -1 ||
	    balance_set(r, c, a->balance, "Account.Balance") == -1 ||
	    view_set(r, "Account.StatementEmail", a->statement_email) == -1 ?
	    -1 : 0;
}

/*
 * Renders a statements list with status: the store's, or account's
 * (with the issue form) when not NULL. Returns 0 or -1.
 */
static int
list_show(struct req *r, int status, struct account *account)
{
	const struct currency	*c;
	struct list_filter	 f;
	char			 path[64];
	int			 rc;

	if ((c = page_currency(r)) == NULL)
		return -1;
	memset(&f, 0, sizeof(f));
	f.account = account;
	if (account != NULL)
		snprintf(path, sizeof(path), "/accounts/%s/statements",
		    account->number);
	else
		snprintf(path, sizeof(path), "/statements");
	if ((rc = list_filter_read(r, &f)) == -1)
		return -1;
	if (rc == -2) {
		view_error(r, 400, MSG_BAD_REQUEST);
		return 0;
	}
	if (rc == 1 && status == 200)
		status = 422;
	else if (rc == 0 && list_page(r, c, path, &f) == -1)
		return -1;
	if (view_set(r, "Page.Title", account != NULL ? "Statements of an "
	    "account" : "Statements") == -1 ||
	    view_set(r, "Page.Nav", account != NULL ? "/accounts" :
	    "/statements") == -1 ||
	    view_set(r, "Page.Path", path) == -1 ||
	    page_flag(r, "Listed", rc == 0) == -1 ||
	    (account != NULL && (account_view(r, c, account) == -1 ||
	    send_view(r) == -1)) ||
	    list_choices(r) == -1 ||
	    view_set(r, "Filter.from", req_query(r, "from")) == -1 ||
	    view_set(r, "Filter.to", req_query(r, "to")) == -1 ||
	    view_set(r, "Filter.account", req_query(r, "account")) == -1 ||
	    view_set(r, "Filter.delivery", req_query(r, "delivery")) == -1)
		return -1;
	return view_render(r, status, "statement_list.cs");
}

/* The store's list, with its time zone entered. */
static int
store_list_in_zone(struct req *r)
{
	return list_show(r, 200, NULL);
}

/*
 * GET /statements: the store's statements, newest first, 50 a page by
 * key (?before=<statement id>), narrowed by from/to (the statement
 * date, YYYY-MM-DD), account (a number) and delivery (sent, queued,
 * failed, noaddress, unsent), each with its period, amount due, due
 * date and delivery status ("No address" flagged), and a link to the
 * same as CSV. 200; 422 with a message beside a bad filter and no
 * statements; 400 for a malformed page bound.
 */
int
handle_statement_list(struct req *r)
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
	return list_show(r, 200, &a);
}

/*
 * GET /accounts/<number>/statements: the statements of one account, as
 * the store's list, with the "Issue statement now" form for those
 * whose group may send statements. 200; 422 for a bad filter; 400 for
 * a malformed page bound; 404 when there is no such account in this
 * store.
 */
int
handle_account_statements(struct req *r)
{
	return req_in_store_zone(r, account_list_in_zone);
}

/* ------------------------------------------------------------ export */

static const char list_csv_header[] = "number,account,customer,"
	"period_start,period_end,amount_due,closing_balance,due_on,"
	"delivery,email\r\n";

/* Appends statement row as one CSV line. */
static int
csv_row(struct buf *b, const struct currency *c, const struct list_row *row)
{
	char	 due[MONEY_TEXT_MAX], closing[MONEY_TEXT_MAX];

	money_plain(row->amount_due, c->exponent, due);
	money_plain(row->closing, c->exponent, closing);
	return csv_cell(b, row->number, 1) == -1 ||
	    csv_cell(b, row->account, 0) == -1 ||
	    csv_cell(b, row->customer, 0) == -1 ||
	    csv_cell(b, row->start, 0) == -1 || csv_cell(b, row->end, 0) == -1 ||
	    csv_number_cell(b, due, 0) == -1 ||
	    csv_number_cell(b, closing, 0) == -1 ||
	    csv_cell(b, row->due, 0) == -1 ||
	    csv_cell(b, row->delivery, 0) == -1 ||
	    csv_cell(b, row->email, 0) == -1 || csv_end(b) == -1 ? -1 : 0;
}

/* Writes the header and every statement the filters match into the body. */
static int
csv_rows(struct req *r, const struct currency *c, const struct list_filter *f)
{
	struct list_row	 row;
	struct db_col	 cols[ROW_COLS];
	int		 rc = 0, fetched;

	row_bind(&row, cols);
	buf_reset(&r->resp.body);
	if (buf_puts(&r->resp.body, list_csv_header) == -1 ||
	    list_query(r, f, LIST_CSV_MAX, cols) != DB_OK)
		return -1;
	while (rc == 0 && (fetched = db_fetch(r->db)) == 1)
		rc = csv_row(&r->resp.body, c, &row);
	db_done(r->db);
	return rc == 0 && fetched == 0 ? 0 : -1;
}

/*
 * GET /statements.csv: every statement the list's filters match
 * (account=<number> for one account's), newest first (at most
 * 100,000), as an attachment statements-<store>.csv: number, account,
 * customer, period, amount due and closing balance as plain decimals,
 * due date, delivery status and address. 200 the CSV; 400 for a bad
 * filter.
 */
int
handle_statements_csv(struct req *r)
{
	const struct currency	*c;
	struct list_filter	 f;
	int			 rc;

	if ((c = page_currency(r)) == NULL)
		return -1;
	memset(&f, 0, sizeof(f));
	if ((rc = list_filter_read(r, &f)) == -1)
		return -1;
	if (rc != 0 || f.before != 0) {
		view_error(r, 400, MSG_BAD_REQUEST);
		return 0;
	}
	if (csv_rows(r, c, &f) == -1)
		return -1;
	return page_csv(r, "statements-%s.csv", r->session.store_code);
}

/* ------------------------------------------------------------ a statement */

/*
 * Finds statement number (as the URL has it) of the session's store.
 * Returns 1 with its id; 0 after answering 404; or -1.
 */
static int
statement_find(struct req *r, const char *number, int64_t *id)
{
	int64_t	 account_id = 0;
	int	 rc;

	if (!code_valid(number, 'S', STATEMENT_NUMBER_MAX)) {
		view_error(r, 404, PAGE_NOT_FOUND);
		return 0;
	}
	rc = db_get(r->db, STMT_STPAGE_GET, DB_ARGS(
	    DB_INT(r->session.store_id), DB_STR(number)),
	    DB_COLS(COL_INT(id), COL_INT(&account_id)));
	return page_found(r, rc);
}

/* Loads statement number of the session's store into doc. Returns 1, 0 after a 404, or -1. */
static int
doc_find(struct req *r, const char *number, struct stmail_doc *doc)
{
	int64_t	 id;
	int	 rc;

	if ((rc = statement_find(r, number, &id)) <= 0)
		return rc;
	if ((rc = stmail_doc_load(r->db, r->session.store_id, id, doc)) < 0)
		return -1;
	if (rc == 0)
		view_error(r, 404, PAGE_NOT_FOUND);
	return rc;
}

/* Puts the figures, names and ageing of the statement. */
static int
doc_figures_view(struct req *r, const struct currency *c,
    const struct stmail_doc *d)
{
	return view_set(r, "Statement.Number", d->number) == -1 ||
	    view_set(r, "Statement.PeriodStart", d->period_start) == -1 ||
	    view_set(r, "Statement.PeriodEnd", d->period_end) == -1 ||
	    view_set(r, "Statement.DueOn", d->due_on) == -1 ||
	    view_set(r, "Statement.Account", d->account_number) == -1 ||
	    view_set(r, "Statement.CustomerCode", d->customer_code) == -1 ||
	    view_set(r, "Statement.CustomerName", d->customer_name) == -1 ||
	    view_set(r, "Statement.Email", d->email) == -1 ||
	    view_set(r, "Store.Name", d->store_name) == -1 ||
	    view_set(r, "Store.BankHolder", d->bank_account_holder) == -1 ||
	    view_set(r, "Store.Iban", d->bank_iban) == -1 ||
	    view_set(r, "Store.Bic", d->bank_bic) == -1 ||
	    view_set(r, "Store.BankName", d->bank_name) == -1 ||
	    balance_set(r, c, d->opening_balance, "Statement.Opening") == -1 ||
	    page_money(r, c, d->total_debits, "Statement.Debits") == -1 ||
	    page_money(r, c, d->total_credits, "Statement.Credits") == -1 ||
	    balance_set(r, c, d->closing_balance, "Statement.Closing") == -1 ||
	    page_money(r, c, d->amount_due, "Statement.AmountDue") == -1 ||
	    page_flag(r, "Statement.NothingDue", d->amount_due == 0) == -1 ||
	    page_money(r, c, d->age_current, "Ageing.Current") == -1 ||
	    page_money(r, c, d->age_1_30, "Ageing.Days1to30") == -1 ||
	    page_money(r, c, d->age_31_60, "Ageing.Days31to60") == -1 ||
	    page_money(r, c, d->age_61_90, "Ageing.Days61to90") == -1 ||
	    page_money(r, c, d->age_over_90, "Ageing.Over90") == -1 ? -1 : 0;
}

/* Puts line n of the statement: a charge or a credit, and the balance after it. */
static int
doc_line_view(struct req *r, const struct currency *c, size_t n,
    const struct stmail_line *l)
{
	char	 amount[MONEY_TEXT_MAX], balance[ACCOUNT_WORDS_MAX];

	money_format(l->amount, c, amount);
	account_balance_words(l->balance_after, c, balance);
	return page_setf(r, l->posted_on, "Lines.%zu.Date", n) == -1 ||
	    page_setf(r, l->entry_number, "Lines.%zu.Entry", n) == -1 ||
	    page_setf(r, ledger_kind_label(l->kind), "Lines.%zu.Kind", n) ==
	    -1 ||
	    page_setf(r, l->reference, "Lines.%zu.Reference", n) == -1 ||
	    page_setf(r, l->amount < 0 ? amount : "", "Lines.%zu.Charge", n) ==
	    -1 ||
	    page_setf(r, l->amount >= 0 ? amount : "", "Lines.%zu.Credit", n) ==
	    -1 ||
	    page_setf(r, balance, "Lines.%zu.Balance", n) == -1 ? -1 : 0;
}

/* Puts open sale n of the statement with its age on the statement date. */
static int
doc_item_view(struct req *r, const struct currency *c, size_t n,
    const struct stmail_item *it)
{
	char	 amount[MONEY_TEXT_MAX], open[MONEY_TEXT_MAX], age[48];

	money_format(it->amount, c, amount);
	money_format(it->open_amount, c, open);
	if (it->days_overdue > 0)
		snprintf(age, sizeof(age), "%lld day%s overdue",
		    (long long)it->days_overdue, it->days_overdue == 1 ? "" :
		    "s");
	else
		snprintf(age, sizeof(age), "Not yet due");
	return page_setf(r, it->entry_number, "Items.%zu.Entry", n) == -1 ||
	    page_setf(r, it->posted_on, "Items.%zu.Date", n) == -1 ||
	    page_setf(r, it->due_on, "Items.%zu.DueOn", n) == -1 ||
	    page_setf(r, amount, "Items.%zu.Amount", n) == -1 ||
	    page_setf(r, open, "Items.%zu.Open", n) == -1 ||
	    page_setf(r, age, "Items.%zu.Age", n) == -1 ? -1 : 0;
}

/* Puts the whole statement as it was issued. */
static int
doc_view(struct req *r, const struct stmail_doc *d)
{
	const struct currency	*c = currency_find(d->currency);
	size_t			 i;

	if (c == NULL || doc_figures_view(r, c, d) == -1)
		return -1;
	for (i = 0; i < d->nlines; i++)
		if (doc_line_view(r, c, i, &d->lines[i]) == -1)
			return -1;
	for (i = 0; i < d->nitems; i++)
		if (doc_item_view(r, c, i, &d->items[i]) == -1)
			return -1;
	return 0;
}

/* One row of the delivery log: a message, and one of its attempts. */
struct log_row {
	int64_t	 id, attempts, created, sent, next;
	int64_t	 attempt_id, attempted, ok;
	char	 recipient[TEXT_BYTES(254)];
	char	 status[16];
	char	 last_error[TEXT_BYTES(500)];
	char	 by[TEXT_BYTES(200)];
	char	 error[TEXT_BYTES(500)];
};

/* Puts message m of the log from row (its first row). */
static int
log_message_view(struct req *r, size_t m, const struct log_row *row)
{
	char	 created[TIMEZ_TEXT], sent[TIMEZ_TEXT], next[TIMEZ_TEXT];

	timez_local_text((time_t)row->created, created);
	timez_local_text((time_t)row->sent, sent);
	timez_local_text((time_t)row->next, next);
	return page_setf(r, row->recipient, "Messages.%zu.To", m) == -1 ||
	    page_setf(r, row->status, "Messages.%zu.Status", m) == -1 ||
	    page_setf(r, delivery_label(row->status), "Messages.%zu.StatusLabel",
	    m) == -1 ||
	    page_setf(r, delivery_warns(row->status) ? "1" : "",
	    "Messages.%zu.Warn", m) == -1 ||
	    page_setf(r, created, "Messages.%zu.Queued", m) == -1 ||
	    page_setf(r, row->by[0] != '\0' ? row->by : "the statement run",
	    "Messages.%zu.By", m) == -1 ||
	    (row->sent > 0 &&
	    page_setf(r, sent, "Messages.%zu.Sent", m) == -1) ||
	    (strcmp(row->status, "queued") == 0 &&
	    page_setf(r, next, "Messages.%zu.Next", m) == -1) ? -1 : 0;
}

/* Puts attempt a of message m from row. */
static int
log_attempt_view(struct req *r, size_t m, size_t a, const struct log_row *row)
{
	char	 when[TIMEZ_TEXT];

	timez_local_text((time_t)row->attempted, when);
	return page_setf(r, when, "Messages.%zu.Attempts.%zu.Time", m, a) ==
	    -1 ||
	    page_setf(r, row->ok ? "1" : "", "Messages.%zu.Attempts.%zu.Ok", m,
	    a) == -1 ||
	    page_setf(r, row->error, "Messages.%zu.Attempts.%zu.Error", m, a) ==
	    -1 ? -1 : 0;
}

/* Puts the delivery log of statement id: each message and its attempts, oldest first. */
static int
log_view(struct req *r, int64_t id)
{
	struct log_row	 row;
	struct db_col	 cols[] = { COL_INT(&row.id), COL_STR(row.recipient),
	    COL_STR(row.status), COL_INT(&row.attempts), COL_INT(&row.created),
	    COL_INT(&row.sent), COL_INT(&row.next), COL_STR(row.last_error),
	    COL_STR(row.by), COL_INT(&row.attempt_id), COL_INT(&row.attempted),
	    COL_INT(&row.ok), COL_STR(row.error) };
	int64_t		 current = 0;
	size_t		 m = 0, a = 0;
	int		 rc;

	memset(&row, 0, sizeof(row));
	if (db_query(r->db, STMT_STPAGE_DELIVERY_LOG, DB_ARGS(DB_INT(id),
	    DB_INT(r->session.store_id)), cols,
	    sizeof(cols) / sizeof(cols[0])) != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1) {
		if (row.id != current) {
			if (current != 0)
				m++;
			current = row.id;
			a = 0;
			if (log_message_view(r, m, &row) == -1)
				break;
		}
		if (row.attempt_id != 0 && log_attempt_view(r, m, a++, &row) ==
		    -1)
			break;
	}
	db_done(r->db);
	return rc == 0 ? 0 : -1;
}

/* Renders the statement page of doc with status. */
static int
statement_show(struct req *r, int status, const struct stmail_doc *d)
{
	char	 csv[64];

	snprintf(csv, sizeof(csv), "/statements/%s.csv", d->number);
	if (view_set(r, "Page.Title", d->number) == -1 ||
	    view_set(r, "Page.Nav", "/statements") == -1 ||
	    view_set(r, "Statement.Csv", csv) == -1 ||
	    view_set(r, "Zone.Name", r->session.timezone) == -1 ||
	    page_flag(r, "Page.Print", strcmp(req_query(r, "print"), "1") ==
	    0) == -1 ||
	    page_flag(r, "Flash.Issued", strcmp(req_query(r, "issued"), "1") ==
	    0) == -1 ||
	    page_flag(r, "Flash.Queued", strcmp(req_query(r, "sent"), "1") ==
	    0) == -1 ||
	    doc_view(r, d) == -1 || log_view(r, d->id) == -1 ||
	    send_view(r) == -1)
		return -1;
	return view_render(r, status, "statement_show.cs");
}

/* Answers the CSV of the lines of statement number (without ".csv"). */
static int
statement_csv(struct req *r, const char *number)
{
	struct stmail_doc	 doc;
	int			 rc;

	memset(&doc, 0, sizeof(doc));
	if ((rc = doc_find(r, number, &doc)) == 1) {
		buf_reset(&r->resp.body);
		rc = stmail_csv(&doc, &r->resp.body) == -1 ||
		    page_csv(r, "statement-%s.csv", doc.number) == -1 ? -1 : 0;
	}
	stmail_doc_free(&doc);
	return rc;
}

/* The page or its CSV, with the store's time zone entered. */
static int
show_in_zone(struct req *r)
{
	struct stmail_doc	 doc;
	char			 number[STATEMENT_NUMBER_MAX + 4];
	size_t			 n = strlen(r->args[0]);
	int			 rc;

	if (n > 4 && n < sizeof(number) &&
	    strcmp(r->args[0] + n - 4, ".csv") == 0) {
		snprintf(number, sizeof(number), "%.*s", (int)(n - 4),
		    r->args[0]);
		return statement_csv(r, number);
	}
	memset(&doc, 0, sizeof(doc));
	if ((rc = doc_find(r, r->args[0], &doc)) == 1)
		rc = statement_show(r, 200, &doc);
	stmail_doc_free(&doc);
	return rc;
}

/*
 * GET /statements/<number>: a statement as it was issued, read only
 * from its frozen rows: the store and its bank account, the customer,
 * the period, brought forward, every line with the running balance,
 * the closing balance, the open sales with their ages, the ageing
 * buckets, the amount due and its date; the delivery log (each message
 * and every attempt, times in the store's zone); links to print it
 * (?print=1: the statement alone) and to its CSV; the "Send again"
 * form for those whose group may send statements.
 * GET /statements/<number>.csv: its lines as an attachment
 * statement-<number>.csv, the same bytes as the mail's attachment.
 * 200; 404 when the store has no such statement.
 */
int
handle_statement_show(struct req *r)
{
	return req_in_store_zone(r, show_in_zone);
}

/* ------------------------------------------------------------ send again */

/* Queues the statement's message again, in one transaction with its audit entry. */
static int
resend_tx(struct db *db, void *arg)
{
	struct resend		*s = arg;
	struct audit_actor	 actor;
	json_t			*after;
	int			 rc;

	rc = outbox_queue_statement(db, s->r->cfg, s->r->session.store_id,
	    s->statement_id, s->r->session.staff_id, &s->outbox_id);
	if (rc < 0)
		return rc;
	after = json_pack("{s:s, s:I, s:s}", "statement", s->number,
	    "outbox_id", (json_int_t)s->outbox_id, "recipient", s->email);
	if (after == NULL)
		return DB_ERR;
	audit_actor_staff(s->r, &actor);
	rc = audit_write(db, &actor, "statement.resend", "statement",
	    s->number, NULL, after);
	json_decref(after);
	return rc < 0 ? rc : 0;
}

/* Queues doc again or shows why not. */
static int
resend(struct req *r, struct stmail_doc *d)
{
	struct resend	 s;
	char		 where[64];
	int		 rc;

	if (approval_failed(r))
		return statement_show(r, 422, d);
	if (d->email[0] == '\0')
		return refuse(r, "send", MSG_NO_ADDRESS) == -1 ? -1 :
		    statement_show(r, 422, d);
	memset(&s, 0, sizeof(s));
	s.r = r;
	s.statement_id = d->id;
	s.number = d->number;
	s.email = d->email;
	rc = db_transaction(r->db, resend_tx, &s);
	if (rc == OUTBOX_ERR_NO_ADDRESS)
		return refuse(r, "send", MSG_NO_ADDRESS) == -1 ? -1 :
		    statement_show(r, 422, d);
	if (rc < 0)
		return -1;
	snprintf(where, sizeof(where), "/statements/%s?sent=1", d->number);
	return http_redirect(r, where);
}

/* Send again, with the store's time zone entered. */
static int
send_in_zone(struct req *r)
{
	struct stmail_doc	 doc;
	int			 rc;

	memset(&doc, 0, sizeof(doc));
	if ((rc = doc_find(r, r->args[0], &doc)) == 1)
		rc = resend(r, &doc);
	stmail_doc_free(&doc);
	return rc;
}

/*
 * POST /statements/<number>/send: "send again": queues a new message of
 * the same statement, built again from its frozen rows (the same
 * content; only Date and Message-ID differ), with the audit entry
 * "statement.resend", for the next delivery. 303 to the statement page
 * (?sent=1); 422 the statement page with the message when it has no
 * address or a manager's code did not pass (nothing written); 404
 * when the store has no such statement.
 */
int
handle_statement_send(struct req *r)
{
	return req_in_store_zone(r, send_in_zone);
}

/* ------------------------------------------------------------ issue now */

/* Issues the account's statement for today, with its audit entry, in one transaction. */
static int
issue_tx(struct db *db, void *arg)
{
	struct issue		*is = arg;
	struct audit_actor	 actor;

	audit_actor_staff(is->r, &actor);
	return statement_issue(db, is->r->cfg, is->r->session.store_id,
	    is->account_id, is->today, &actor, &is->out);
}

/* Issues a's statement for today or shows why not. */
static int
issue_now(struct req *r, struct account *a)
{
	struct issue	 is;
	char		 where[64], today[SDATE_TEXT], message[160];
	int		 rc;

	if (approval_failed(r))
		return list_show(r, 422, a);
	memset(&is, 0, sizeof(is));
	is.r = r;
	is.account_id = a->id;
	if ((rc = statement_today(r->db, r->session.store_id, &is.today)) < 0)
		return -1;
	rc = db_transaction(r->db, issue_tx, &is);
	if (rc == STATEMENT_ERR_EXISTS) {
		sdate_format(is.today, today);
		snprintf(message, sizeof(message), "This account already has a "
		    "statement for today (%s). Nothing was issued.", today);
		return refuse(r, "issue", message) == -1 ? -1 :
		    list_show(r, 409, a);
	}
	if (rc == STATEMENT_ERR_NO_ACCOUNT) {
		view_error(r, 404, PAGE_NOT_FOUND);
		return 0;
	}
	if (rc < 0)
		return -1;
	snprintf(where, sizeof(where), "/statements/%s?issued=1",
	    is.out.number);
	return http_redirect(r, where);
}

/* Issue now, with the store's time zone entered. */
static int
issue_in_zone(struct req *r)
{
	struct account	 a;
	int		 rc;

	if ((rc = page_account(r, r->args[0], &a)) <= 0)
		return rc;
	return issue_now(r, &a);
}

/*
 * POST /accounts/<number>/statements: "issue now": issues the
 * account's statement for today (the store's date), numbered next,
 * its mail queued when the account has a statement address. 303 to
 * the statement page (?issued=1); 409 the account's statements with
 * the message when it already has a statement for today (nothing
 * written); 422 the same when a manager's code did not pass; 404 when
 * there is no such account in this store.
 */
int
handle_statement_issue(struct req *r)
{
	return req_in_store_zone(r, issue_in_zone);
}

/* ------------------------------------------------------------ due soon */

/* One account of the preview. */
struct due_row {
	char	 date[SDATE_TEXT];
	char	 number[COUNTER_CODE_MAX];
	char	 code[COUNTER_CODE_MAX];
	char	 name[TEXT_BYTES(CUSTOMER_NAME_MAX)];
	int64_t	 balance;
	char	 email[TEXT_BYTES(ACCOUNT_EMAIL_MAX)];
};

/* Puts account n of the preview; tomorrow's date is marked. */
static int
due_row_view(struct req *r, const struct currency *c, size_t n,
    const struct due_row *d, const char *tomorrow)
{
	char	 words[ACCOUNT_WORDS_MAX];

	return page_setf(r, d->date, "Due.%zu.Date", n) == -1 ||
	    (strcmp(d->date, tomorrow) == 0 &&
	    page_setf(r, "1", "Due.%zu.Tomorrow", n) == -1) ||
	    page_setf(r, d->number, "Due.%zu.Account", n) == -1 ||
	    page_setf(r, d->code, "Due.%zu.CustomerCode", n) == -1 ||
	    page_setf(r, d->name, "Due.%zu.Customer", n) == -1 ||
	    page_setf(r, account_balance_words(d->balance, c, words),
	    "Due.%zu.Balance", n) == -1 ||
	    page_setf(r, d->email, "Due.%zu.Email", n) == -1 ? -1 : 0;
}

/* Puts the accounts due a statement from..to, and how many have no address. */
static int
due_rows(struct req *r, const struct currency *c, const char *from,
    const char *to)
{
	struct due_row	 d;
	struct db_col	 cols[] = { COL_STR(d.date), COL_STR(d.number),
	    COL_STR(d.code), COL_STR(d.name), COL_INT(&d.balance),
	    COL_STR(d.email) };
	size_t		 n = 0, missing = 0;
	int		 rc;

	memset(&d, 0, sizeof(d));
	if (db_query(r->db, STMT_STPAGE_DUE, DB_ARGS(
	    DB_INT(r->session.store_id), DB_STR(from), DB_STR(to),
	    DB_INT(DUE_SHOWN + 1)), cols, sizeof(cols) / sizeof(cols[0])) !=
	    DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1 && n < DUE_SHOWN) {
		missing += d.email[0] == '\0';
		if (due_row_view(r, c, n++, &d, from) == -1) {
			rc = -1;
			break;
		}
	}
	db_done(r->db);
	if (rc < 0)
		return -1;
	return view_set_int(r, "Totals.Missing", (long long)missing) == -1 ||
	    page_flag(r, "Totals.More", rc == 1) == -1 ? -1 : 0;
}

/*
 * GET /statements/due: who will get a statement soon: the store's
 * active accounts whose next statement date falls from tomorrow to
 * seven days ahead (the store's dates), soonest first (at most 500),
 * with the date (tomorrow's marked), account, customer, balance and
 * statement address (a missing one flagged). 200.
 */
int
handle_statements_due(struct req *r)
{
	const struct currency	*c;
	struct sdate		 today, from, to;
	char			 tomorrow[SDATE_TEXT], end[SDATE_TEXT];

	if ((c = page_currency(r)) == NULL ||
	    statement_today(r->db, r->session.store_id, &today) < 0)
		return -1;
	from = sdate_add_days(today, 1);
	to = sdate_add_days(today, DUE_DAYS);
	sdate_format(from, tomorrow);
	sdate_format(to, end);
	if (view_set(r, "Page.Title", "Statements due soon") == -1 ||
	    view_set(r, "Page.Nav", "/statements") == -1 ||
	    view_set(r, "Range.From", tomorrow) == -1 ||
	    view_set(r, "Range.To", end) == -1 ||
	    view_set_int(r, "Range.Shown", DUE_SHOWN) == -1 ||
	    view_set(r, "Zone.Name", r->session.timezone) == -1 ||
	    due_rows(r, c, tomorrow, end) == -1)
		return -1;
	return view_render(r, 200, "statement_due.cs");
}
