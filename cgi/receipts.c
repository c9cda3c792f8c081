/* receipts.c: the receipt of any ledger entry: a printable page, and emailing it to the customer. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "account.h"
#include "audit.h"
#include "buf.h"
#include "config.h"
#include "customer.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "ledger.h"
#include "log.h"
#include "mail.h"
#include "page.h"
#include "text.h"
#include "timez.h"
#include "view.h"

#define MSG_NOT_FOUND	"There is no such page."
#define MSG_NOT_SENT	"The receipt could not be sent just now. Nothing " \
	"was sent; try again in a moment."
#define NAME_BYTES	TEXT_BYTES(200)

/* The ledger's payment methods as people read them. */
static const struct {
	const char	*key;
	const char	*label;
} method_labels[] = {
	{ "cash", "Cash" },
	{ "card", "Card" },
	{ "bank_transfer", "Bank transfer" },
	{ "cheque", "Cheque" },
	{ "eft", "EFT" },
	{ "gift_card", "Gift card" },
};

/* A charge that a credit paid when it was posted. */
struct receipt_line {
	char		 number[COUNTER_CODE_MAX];
	char		 date[TIMEZ_DATE_TEXT];
	int64_t		 amount;
};

/* Everything a receipt shows, read once for the page and the email alike. */
struct receipt {
	const struct currency	*c;
	struct account		 a;
	struct ledger_entry	 e;
	char			 staff[NAME_BYTES];
	char			 approver[NAME_BYTES];
	char			 reverses[COUNTER_CODE_MAX];
	char			 reversed_by[COUNTER_CODE_MAX];
	char			 when[TIMEZ_TEXT];
	struct receipt_line	*lines;
	size_t			 nlines;
	int64_t			 applied;
};

/* ------------------------------------------------------------ reading */

/* The label of a payment method as stored ("" stays ""). */
static const char *
method_label(const char *key)
{
	size_t	 i;

	for (i = 0; i < sizeof(method_labels) / sizeof(method_labels[0]); i++)
		if (strcmp(method_labels[i].key, key) == 0)
			return method_labels[i].label;
	return key;
}

/* Reads the name of staff member id (0: none) into out. Returns 0 or -1. */
static int
staff_name_read(struct db *db, int64_t id, char out[NAME_BYTES])
{
	out[0] = '\0';
	if (id <= 0)
		return 0;
	return db_get(db, STMT_RECEIPT_STAFF_NAME, DB_ARGS(DB_INT(id)),
	    DB_COLS({ DB_T_STR, NULL, out, NAME_BYTES, NULL, NULL })) < 0 ?
	    -1 : 0;
}

/* Reads the number of entry id (0: none) of store into out. Returns 0 or -1. */
static int
entry_number_read(struct db *db, int64_t store, int64_t id,
    char out[COUNTER_CODE_MAX])
{
	out[0] = '\0';
	if (id <= 0)
		return 0;
	return db_get(db, STMT_RECEIPT_ENTRY_NUMBER, DB_ARGS(DB_INT(id),
	    DB_INT(store)), DB_COLS({ DB_T_STR, NULL, out, COUNTER_CODE_MAX,
	    NULL, NULL })) < 0 ? -1 : 0;
}

/* Adds line l to the receipt. Returns 0 or -1. */
static int
receipt_line_add(struct receipt *rc, const struct receipt_line *l)
{
	struct receipt_line	*more;

	more = realloc(rc->lines, (rc->nlines + 1) * sizeof(*more));
	if (more == NULL)
		return -1;
	rc->lines = more;
	rc->lines[rc->nlines++] = *l;
	rc->applied += l->amount;
	return 0;
}

/* Reads the charges a credit paid when posted (dates in the entered zone). Returns 0 or -1. */
static int
receipt_lines_read(struct db *db, int64_t store, struct receipt *rc)
{
	struct receipt_line	 l;
	struct timez_date	 d;
	int64_t			 at;
	struct db_col		 cols[] = { COL_STR(l.number), COL_INT(&at),
				    COL_INT(&l.amount) };
	int			 got;

	if (rc->e.amount <= 0)
		return 0;
	if (db_query(db, STMT_RECEIPT_ALLOCATIONS, DB_ARGS(DB_INT(rc->e.id),
	    DB_INT(store)), cols, 3) < 0)
		return -1;
	while ((got = db_fetch(db)) == 1) {
		timez_local_date((time_t)at, &d);
		timez_date_text(&d, l.date);
		if (receipt_line_add(rc, &l) == -1) {
			got = -1;
			break;
		}
	}
	db_done(db);
	return got < 0 ? -1 : 0;
}

/* Frees what a receipt holds. */
static void
receipt_free(struct receipt *rc)
{
	free(rc->lines);
	rc->lines = NULL;
	rc->nlines = 0;
}

/*
 * Reads the receipt of the account and entry named in the URL, in the
 * session's store (times in the entered zone). Returns 1, 0 after
 * answering 404 (either is missing, or the entry is another
 * account's), or -1 on failure.
 */
static int
receipt_read(struct req *r, struct receipt *rc)
{
	struct db	*db = r->db;
	int64_t		 store = r->session.store_id;
	int		 found;

	memset(rc, 0, sizeof(*rc));
	if ((rc->c = currency_find(r->session.currency)) == NULL) {
		log_error("receipts: the store's currency '%s' is unknown",
		    r->session.currency);
		return -1;
	}
	found = strlen(r->args[0]) < COUNTER_CODE_MAX &&
	    strlen(r->args[1]) < COUNTER_CODE_MAX ?
	    account_get(db, store, r->args[0], 0, &rc->a) : 0;
	if (found == 1)
		found = ledger_entry_get(db, store, rc->a.id, r->args[1],
		    &rc->e);
	if (found < 0)
		return -1;
	if (found == 0) {
		view_error(r, 404, MSG_NOT_FOUND);
		return 0;
	}
	timez_local_text((time_t)rc->e.at, rc->when);
	if (staff_name_read(db, rc->e.staff_id, rc->staff) == -1 ||
	    staff_name_read(db, rc->e.approver_id, rc->approver) == -1 ||
	    entry_number_read(db, store, rc->e.reverses_id,
	    rc->reverses) == -1 ||
	    entry_number_read(db, store, rc->e.reversed_by,
	    rc->reversed_by) == -1 ||
	    receipt_lines_read(db, store, rc) == -1) {
		receipt_free(rc);
		return -1;
	}
	return 1;
}

/* ------------------------------------------------------------ page */

/* Puts the charges a credit paid and what it left unapplied. */
static int
receipt_lines_view(struct req *r, const struct receipt *rc)
{
	char	 text[MONEY_TEXT_MAX];
	size_t	 i;

	for (i = 0; i < rc->nlines; i++)
		if (page_setf(r, rc->lines[i].number, "Paid.%zu.Number", i) == -1 ||
		    page_setf(r, rc->lines[i].date, "Paid.%zu.Date", i) == -1 ||
		    page_setf(r, money_format(rc->lines[i].amount, rc->c, text),
		    "Paid.%zu.Amount", i) == -1)
			return -1;
	if (rc->e.amount > 0 && (rc->nlines > 0 ||
	    strcmp(rc->e.kind, "settlement") == 0))
		return page_money(r, rc->c, rc->applied, "Receipt.Applied") ==
		    -1 || page_money(r, rc->c, rc->e.amount - rc->applied,
		    "Receipt.Unapplied") == -1 ? -1 : 0;
	return 0;
}

/* Puts the whole receipt into the page data. Returns 0 or -1. */
static int
receipt_view(struct req *r, const struct receipt *rc)
{
	char	 words[ACCOUNT_WORDS_MAX];

	return view_set(r, "Receipt.Store", r->session.store_name) == -1 ||
	    view_set(r, "Receipt.Zone", r->session.timezone) == -1 ||
	    view_set(r, "Account.Number", rc->a.number) == -1 ||
	    view_set(r, "Account.CustomerCode", rc->a.customer_code) == -1 ||
	    view_set(r, "Account.CustomerName", rc->a.customer_name) == -1 ||
	    view_set(r, "Entry.Number", rc->e.number) == -1 ||
	    view_set(r, "Entry.Kind", ledger_kind_label(rc->e.kind)) == -1 ||
	    page_money(r, rc->c, rc->e.amount, "Entry.Amount") == -1 ||
	    view_set(r, "Entry.Direction", rc->e.amount < 0 ?
	    "charged to the account" : "credited to the account") == -1 ||
	    view_set(r, "Entry.Method", method_label(rc->e.payment_method)) ==
	    -1 ||
	    view_set(r, "Entry.Reference", rc->e.reference) == -1 ||
	    page_flag(r, "Entry.GiftCard", strcmp(rc->e.payment_method,
	    "gift_card") == 0) == -1 ||
	    view_set(r, "Entry.Note", rc->e.note) == -1 ||
	    view_set(r, "Entry.Staff", rc->staff) == -1 ||
	    view_set(r, "Entry.Approver", rc->approver) == -1 ||
	    view_set(r, "Entry.Time", rc->when) == -1 ||
	    view_set(r, "Entry.Balance", account_balance_words(
	    rc->e.balance_after, rc->c, words)) == -1 ||
	    view_set(r, "Entry.Reverses", rc->reverses) == -1 ||
	    view_set(r, "Entry.ReversedBy", rc->reversed_by) == -1 ||
	    receipt_lines_view(r, rc) == -1 ? -1 : 0;
}

/* The address a receipt goes to unless another is typed: the statement email, else the customer's. */
static int
receipt_default_email(struct req *r, const struct receipt *rc,
    char out[TEXT_BYTES(ACCOUNT_EMAIL_MAX)])
{
	struct customer	 cu;
	int		 found;

	snprintf(out, TEXT_BYTES(ACCOUNT_EMAIL_MAX), "%s",
	    rc->a.statement_email);
	if (out[0] != '\0')
		return 0;
	if ((found = customer_get_by_id(r->db, r->session.store_id,
	    rc->a.customer_id, &cu)) < 0)
		return -1;
	if (found == 1)
		snprintf(out, TEXT_BYTES(ACCOUNT_EMAIL_MAX), "%s", cu.email);
	return 0;
}

/* Renders the receipt page with status, the email field as typed (or the default). */
static int
receipt_show(struct req *r, int status, const struct receipt *rc,
    const char *email)
{
	char	 title[48], fallback[TEXT_BYTES(ACCOUNT_EMAIL_MAX)];

	if (email == NULL) {
		if (receipt_default_email(r, rc, fallback) == -1)
			return -1;
		email = fallback;
	}
	snprintf(title, sizeof(title), "Receipt %s", rc->e.number);
	if (view_set(r, "Page.Title", title) == -1 ||
	    view_set(r, "Page.Nav", "/accounts") == -1 ||
	    view_set(r, "Form.email", email) == -1 ||
	    receipt_view(r, rc) == -1)
		return -1;
	return view_render(r, status, "receipt.cs");
}

/* The receipt page, with the store's time zone entered. */
static int
receipt_show_in_zone(struct req *r)
{
	struct receipt	 rc;
	const char	*sent = req_query(r, "sent");
	int		 found, result;

	if ((found = receipt_read(r, &rc)) <= 0)
		return found;
	result = mail_address_ok(sent) &&
	    view_set(r, "Flash.Sent", sent) == -1 ? -1 :
	    receipt_show(r, 200, &rc, NULL);
	receipt_free(&rc);
	return result;
}

/*
 * GET /accounts/<number>/entries/<entry number>: the receipt of any
 * entry, printable as it is: store, account and customer, entry number,
 * kind, amount, payment method, reference, note, who took it and who
 * approved it, the time in the store's zone, the balance it left in
 * words; for a credit, the charges it paid and the rest left unapplied;
 * the entry a reversal reverses, or the reversal of this one; and a
 * form to email it (?sent=<address> shows that it was sent). 200; 404
 * when the account is not this store's or the entry not that account's.
 */
int
handle_receipt_show(struct req *r)
{
	return req_in_store_zone(r, receipt_show_in_zone);
}

/* ------------------------------------------------------------ email */

/* Appends the receipt as plain text, as the email's body. Returns 0 or -1. */
static int
receipt_text(struct buf *b, const struct req *r, const struct receipt *rc)
{
	char	 amount[MONEY_TEXT_MAX], words[ACCOUNT_WORDS_MAX];
	size_t	 i;
	int	 bad;

	bad = buf_printf(b, "%s\n\nReceipt %s\n\n", r->session.store_name,
	    rc->e.number) == -1 ||
	    buf_printf(b, "Account:        %s\nCustomer:       %s %s\n",
	    rc->a.number, rc->a.customer_code, rc->a.customer_name) == -1 ||
	    buf_printf(b, "What:           %s\nAmount:         %s %s\n",
	    ledger_kind_label(rc->e.kind), money_format(rc->e.amount, rc->c,
	    amount), rc->e.amount < 0 ? "charged to the account" :
	    "credited to the account") == -1 ||
	    (rc->e.payment_method[0] != '\0' && buf_printf(b,
	    "Paid by:        %s\n", method_label(rc->e.payment_method)) ==
	    -1) ||
	    (rc->e.reference[0] != '\0' && buf_printf(b,
	    "Reference:      %s\n", rc->e.reference) == -1) ||
	    (rc->e.note[0] != '\0' && buf_printf(b, "Note:           %s\n",
	    rc->e.note) == -1) ||
	    (rc->reverses[0] != '\0' && buf_printf(b,
	    "Reverses:       %s\n", rc->reverses) == -1) ||
	    (rc->staff[0] != '\0' && buf_printf(b, "Taken by:       %s\n",
	    rc->staff) == -1) ||
	    buf_printf(b, "Time:           %s (%s)\n", rc->when,
	    r->session.timezone) == -1 ||
	    buf_printf(b, "Balance after:  %s\n", account_balance_words(
	    rc->e.balance_after, rc->c, words)) == -1;
	if (!bad && rc->nlines > 0)
		bad = buf_puts(b, "\nCharges paid:\n") == -1;
	for (i = 0; !bad && i < rc->nlines; i++)
		bad = buf_printf(b, "  %s of %s: %s\n", rc->lines[i].number,
		    rc->lines[i].date, money_format(rc->lines[i].amount, rc->c,
		    amount)) == -1;
	if (!bad && rc->e.amount > 0 && rc->nlines > 0)
		bad = buf_printf(b, "Left as credit: %s\n", money_format(
		    rc->e.amount - rc->applied, rc->c, amount)) == -1;
	if (!bad)
		bad = buf_puts(b, "\nThank you.\n") == -1;
	return bad ? -1 : 0;
}

/* What the email transaction needs. */
struct receipt_mail {
	const struct req	*r;
	const struct receipt	*rc;
	const char		*to;
	const struct buf	*msg;
	int			 sent;
};

/* Writes the audit entry, then sends: a failed send rolls the entry back. */
static int
receipt_mail_tx(struct db *db, void *arg)
{
	struct receipt_mail	*m = arg;
	struct audit_actor	 actor;
	json_t			*after;
	int			 rc;

	m->sent = 0;
	after = json_pack("{s:s, s:s, s:s}", "account", m->rc->a.number,
	    "entry", m->rc->e.number, "to", m->to);
	if (after == NULL)
		return DB_ERR;
	audit_actor_staff(m->r, &actor);
	rc = audit_write(db, &actor, "receipt.email", "entry",
	    m->rc->e.number, NULL, after);
	json_decref(after);
	if (rc < 0)
		return rc;
	/* MAIL_ERR_SEND is no enum db_result: the entry is rolled back, not retried. */
	if (mail_send(m->r->cfg->sendmail, m->msg->data, m->msg->len) != 0)
		return MAIL_ERR_SEND;
	m->sent = 1;
	return 0;
}

/* Builds the message of the receipt to address to into msg. Returns 0, MAIL_ERR_HEADER or -1. */
static int
receipt_message(struct req *r, const struct receipt *rc, const char *to,
    struct buf *msg)
{
	struct buf	 body = { 0 };
	struct mail	 m;
	char		 subject[TEXT_BYTES(200) + 48], id[MAIL_ID_MAX];
	int		 result;

	snprintf(subject, sizeof(subject), "Receipt %s from %s",
	    rc->e.number, r->session.store_name);
	if (receipt_text(&body, r, rc) == -1 ||
	    mail_message_id(r->cfg->mail_from, id) == -1) {
		buf_free(&body);
		return -1;
	}
	m.from = r->cfg->mail_from;
	m.to = to;
	m.subject = subject;
	m.body = body.data;
	result = mail_build(&m, time(NULL), id, msg);
	buf_free(&body);
	return result;
}

/* Shows the receipt again with message beside the address. */
static int
receipt_email_refuse(struct req *r, int status, const struct receipt *rc,
    const char *to, const char *message)
{
	if (view_set(r, "Errors.email", message) == -1)
		return -1;
	return receipt_show(r, status, rc, to);
}

/* Answers 303 to the receipt, saying where it was sent. */
static int
receipt_sent(struct req *r, const struct receipt *rc, const char *to)
{
	struct buf	 where = { 0 };
	int		 result;

	result = buf_printf(&where, "/accounts/%s/entries/%s?", rc->a.number,
	    rc->e.number) == -1 || http_query_add(&where, "sent", to) == -1 ?
	    -1 : http_redirect(r, where.data);
	buf_free(&where);
	return result;
}

/* Checks the address and sends the receipt, with the store's time zone entered. */
static int
receipt_email_in_zone(struct req *r)
{
	struct receipt		 rc;
	struct receipt_mail	 m;
	struct buf		 msg = { 0 };
	const char		*to = req_form(r, "email"), *problem;
	int			 found, result;

	if ((found = receipt_read(r, &rc)) <= 0)
		return found;
	problem = email_problem(to);
	if (problem == NULL && !mail_address_ok(to))
		problem = "Enter one plain email address, such as "
		    "name@example.com.";
	if (problem != NULL) {
		result = receipt_email_refuse(r, 422, &rc, to, problem);
		goto done;
	}
	if ((result = receipt_message(r, &rc, to, &msg)) == MAIL_ERR_HEADER) {
		result = receipt_email_refuse(r, 422, &rc, to, "This receipt "
		    "cannot be sent to that address.");
		goto done;
	}
	if (result == -1)
		goto done;
	memset(&m, 0, sizeof(m));
	m.r = r;
	m.rc = &rc;
	m.to = to;
	m.msg = &msg;
	result = db_transaction(r->db, receipt_mail_tx, &m);
	if (result == MAIL_ERR_SEND)
		result = receipt_email_refuse(r, 503, &rc, to, MSG_NOT_SENT);
	else if (result < 0)
		result = -1;
	else
		result = receipt_sent(r, &rc, to);
done:
	buf_free(&msg);
	receipt_free(&rc);
	return result;
}

/*
 * POST /accounts/<number>/entries/<entry number>/email: emails the
 * receipt as plain text to the address in the form (the page fills in
 * the account's statement email, else the customer's) through the
 * configured sendmail command, with an audit entry "receipt.email".
 * 303 to the receipt saying where it went; 422 the receipt with a
 * message beside a bad address; 503 the same when the mail could not
 * be handed over (no audit entry then); 404 as the receipt page.
 */
int
handle_receipt_email(struct req *r)
{
	return req_in_store_zone(r, receipt_email_in_zone);
}
