/* statement_mail.c: the email of an issued statement, built only from its frozen rows: text, HTML and the CSV of its lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "buf.h"
#include "csv.h"
#include "array.h"
#include "db.h"
#include "ledger.h"
#include "mail.h"
#include "money.h"
#include "statement_mail.h"

/* Every MIME boundary starts so: "=_" never occurs in quoted-printable or base64 text. */
#define BOUNDARY_PREFIX	"=_slate-statement-"

/* ------------------------------------------------------------ loading */

/* Reads the statement row itself. Returns 1, 0 or < 0 as db_get. */
static int
doc_load_head(struct db *db, int64_t store_id, int64_t statement_id,
    struct stmail_doc *d)
{
	return db_get(db, STMT_STMAIL_STATEMENT,
	    DB_ARGS(DB_INT(statement_id), DB_INT(store_id)),
	    DB_COLS(COL_INT(&d->id), COL_STR(d->number),
	    COL_STR(d->period_start), COL_STR(d->period_end),
	    COL_STR(d->currency), COL_INT(&d->opening_balance),
	    COL_INT(&d->total_debits), COL_INT(&d->total_credits),
	    COL_INT(&d->closing_balance), COL_INT(&d->amount_due),
	    COL_STR(d->due_on), COL_INT(&d->age_current),
	    COL_INT(&d->age_1_30), COL_INT(&d->age_31_60),
	    COL_INT(&d->age_61_90), COL_INT(&d->age_over_90),
	    COL_STR(d->account_number), COL_STR(d->customer_code),
	    COL_STR(d->customer_name), COL_STR(d->email),
	    COL_STR(d->store_name), COL_STR(d->bank_account_holder),
	    COL_STR(d->bank_iban), COL_STR(d->bank_bic),
	    COL_STR(d->bank_name)));
}

/* Reads the statement's lines in order. Returns 0 or < 0. */
static int
doc_load_lines(struct db *db, int64_t store_id, struct stmail_doc *d)
{
	struct stmail_line	 l;
	struct db_col		 cols[] = { COL_STR(l.posted_on),
	    COL_STR(l.entry_number), COL_STR(l.kind), COL_STR(l.reference),
	    COL_INT(&l.amount), COL_INT(&l.balance_after) };
	void			*room;
	int			 rc;

	if ((rc = db_query(db, STMT_STMAIL_LINES, DB_ARGS(DB_INT(d->id),
	    DB_INT(store_id)), cols, sizeof(cols) / sizeof(cols[0]))) != DB_OK)
		return rc;
	while ((rc = db_fetch(db)) == 1) {
		if ((room = array_room(d->lines, &d->caplines, d->nlines,
		    sizeof(l), 8)) == NULL) {
			rc = DB_ERR;
			break;
		}
		d->lines = room;
		d->lines[d->nlines++] = l;
	}
	db_done(db);
	return rc < 0 ? rc : 0;
}

/* Reads the statement's open sales in order. Returns 0 or < 0. */
static int
doc_load_items(struct db *db, int64_t store_id, struct stmail_doc *d)
{
	struct stmail_item	 it;
	struct db_col		 cols[] = { COL_STR(it.entry_number),
	    COL_STR(it.posted_on), COL_STR(it.due_on), COL_INT(&it.amount),
	    COL_INT(&it.open_amount), COL_INT(&it.days_overdue) };
	void			*room;
	int			 rc;

	if ((rc = db_query(db, STMT_STMAIL_ITEMS, DB_ARGS(DB_INT(d->id),
	    DB_INT(store_id)), cols, sizeof(cols) / sizeof(cols[0]))) != DB_OK)
		return rc;
	while ((rc = db_fetch(db)) == 1) {
		if ((room = array_room(d->items, &d->capitems, d->nitems,
		    sizeof(it), 8)) == NULL) {
			rc = DB_ERR;
			break;
		}
		d->items = room;
		d->items[d->nitems++] = it;
	}
	db_done(db);
	return rc < 0 ? rc : 0;
}

int
stmail_doc_load(struct db *db, int64_t store_id, int64_t statement_id,
    struct stmail_doc *doc)
{
	int	 rc;

	memset(doc, 0, sizeof(*doc));
	if ((rc = doc_load_head(db, store_id, statement_id, doc)) != 1)
		return rc;
	if ((rc = doc_load_lines(db, store_id, doc)) < 0 ||
	    (rc = doc_load_items(db, store_id, doc)) < 0) {
		stmail_doc_free(doc);
		return rc;
	}
	return 1;
}

void
stmail_doc_free(struct stmail_doc *doc)
{
	free(doc->lines);
	free(doc->items);
	memset(doc, 0, sizeof(*doc));
}

/* ------------------------------------------------------------ words */

/* The statement's currency; an unknown code is shown as itself with two digits. */
static const struct currency *
doc_currency(const struct stmail_doc *d, struct currency *fallback)
{
	const struct currency	*c = currency_find(d->currency);

	if (c != NULL)
		return c;
	fallback->code = d->currency;
	fallback->exponent = 2;
	fallback->symbol = d->currency;
	return fallback;
}

/* A line's amount in words: "debit €12.00" (charged) or "credit €5.00". */
static void
amount_words(int64_t amount, const struct currency *c, char *out,
    size_t size)
{
	char	 text[MONEY_TEXT_MAX];

	money_format(amount, c, text);
	snprintf(out, size, "%s %s", amount < 0 ? "debit" : "credit", text);
}

/* An amount's magnitude: "€12.00". */
static const char *
amount_text(int64_t amount, const struct currency *c,
    char out[MONEY_TEXT_MAX])
{
	return money_format(amount, c, out);
}

void
stmail_subject(const struct stmail_doc *doc, char *out, size_t size)
{
	char	*p;

	snprintf(out, size, "Statement %s from %s", doc->number,
	    doc->store_name);
	/* A name never makes a second header line. */
	for (p = out; *p != '\0'; p++)
		if ((unsigned char)*p < ' ' || (unsigned char)*p == 0x7f)
			*p = ' ';
}

/* ------------------------------------------------------------ text */

/* Appends s with every control character made a space, so a name stays on its line. */
static int
text_put(struct buf *b, const char *s)
{
	const char	*p;

	for (p = s; *p != '\0'; p++) {
		char	 c = (unsigned char)*p < ' ' ||
			    (unsigned char)*p == 0x7f ? ' ' : *p;

		if (buf_append(b, &c, 1) == -1)
			return -1;
	}
	return 0;
}

/* Appends "label: value\n" with value cleaned. */
static int
text_field(struct buf *b, const char *label, const char *value)
{
	return buf_puts(b, label) == -1 || buf_puts(b, ": ") == -1 ||
	    text_put(b, value) == -1 || buf_puts(b, "\n") == -1 ? -1 : 0;
}

/* The head of the text: who, for whom, which period. */
static int
text_head(struct buf *b, const struct stmail_doc *d)
{
	if (buf_printf(b, "Statement %s\n", d->number) == -1 ||
	    text_field(b, "From", d->store_name) == -1 ||
	    buf_puts(b, "For: ") == -1 || text_put(b, d->customer_name) == -1 ||
	    buf_printf(b, ", customer %s, account %s\n", d->customer_code,
	    d->account_number) == -1 ||
	    buf_printf(b, "Period: %s to %s\n\n", d->period_start,
	    d->period_end) == -1)
		return -1;
	return 0;
}

/* The lines of the text, between brought forward and the closing balance. */
static int
text_lines(struct buf *b, const struct stmail_doc *d,
    const struct currency *c)
{
	char	 amount[MONEY_TEXT_MAX + 16], balance[MONEY_TEXT_MAX + 16];
	size_t	 i;

	account_balance_words(d->opening_balance, c, balance);
	if (buf_printf(b, "Brought forward: %s\n\n", balance) == -1)
		return -1;
	if (d->nlines == 0 && buf_puts(b, "No entries in this period.\n") == -1)
		return -1;
	for (i = 0; i < d->nlines; i++) {
		const struct stmail_line *l = &d->lines[i];

		amount_words(l->amount, c, amount, sizeof(amount));
		account_balance_words(l->balance_after, c, balance);
		if (buf_printf(b, "%s  %s  ", l->posted_on,
		    l->entry_number) == -1 ||
		    text_put(b, ledger_kind_label(l->kind)) == -1 ||
		    (l->reference[0] != '\0' && (buf_puts(b, ", ") == -1 ||
		    text_put(b, l->reference) == -1)) ||
		    buf_printf(b, ": %s; balance %s\n", amount, balance) == -1)
			return -1;
	}
	return 0;
}

/* The totals, closing balance and amount due of the text. */
static int
text_totals(struct buf *b, const struct stmail_doc *d,
    const struct currency *c)
{
	char	 debits[MONEY_TEXT_MAX], credits[MONEY_TEXT_MAX];
	char	 due[MONEY_TEXT_MAX], closing[MONEY_TEXT_MAX + 16];

	account_balance_words(d->closing_balance, c, closing);
	return buf_printf(b, "\nTotal debits: %s\nTotal credits: %s\n"
	    "Closing balance: %s\n\nAmount due: %s by %s\n",
	    amount_text(d->total_debits, c, debits),
	    amount_text(d->total_credits, c, credits), closing,
	    amount_text(d->amount_due, c, due), d->due_on) == -1 ? -1 : 0;
}

/* The open sales and the ageing buckets of the text. */
static int
text_open(struct buf *b, const struct stmail_doc *d,
    const struct currency *c)
{
	char	 a[5][MONEY_TEXT_MAX], amount[MONEY_TEXT_MAX];
	char	 open[MONEY_TEXT_MAX];
	size_t	 i;

	if (d->nitems > 0 && buf_puts(b, "\nOpen sales\n") == -1)
		return -1;
	for (i = 0; i < d->nitems; i++) {
		const struct stmail_item *it = &d->items[i];

		if (buf_printf(b, "%s  %s  %s, %s open, due %s, %lld days "
		    "overdue\n", it->posted_on, it->entry_number,
		    amount_text(it->amount, c, amount),
		    amount_text(it->open_amount, c, open), it->due_on,
		    (long long)it->days_overdue) == -1)
			return -1;
	}
	return buf_printf(b, "\nAgeing\nCurrent: %s\n1-30 days: %s\n"
	    "31-60 days: %s\n61-90 days: %s\nOver 90 days: %s\n",
	    amount_text(d->age_current, c, a[0]),
	    amount_text(d->age_1_30, c, a[1]),
	    amount_text(d->age_31_60, c, a[2]),
	    amount_text(d->age_61_90, c, a[3]),
	    amount_text(d->age_over_90, c, a[4])) == -1 ? -1 : 0;
}

/* The store's bank account for transfers, when it has one. */
static int
text_bank(struct buf *b, const struct stmail_doc *d)
{
	if (d->bank_iban[0] == '\0')
		return 0;
	if (buf_puts(b, "\nPay by bank transfer to:\n") == -1 ||
	    text_field(b, "Account holder", d->bank_account_holder) == -1 ||
	    text_field(b, "IBAN", d->bank_iban) == -1 ||
	    (d->bank_bic[0] != '\0' &&
	    text_field(b, "BIC", d->bank_bic) == -1) ||
	    (d->bank_name[0] != '\0' &&
	    text_field(b, "Bank", d->bank_name) == -1) ||
	    buf_printf(b, "Reference: %s %s\n", d->account_number,
	    d->number) == -1)
		return -1;
	return 0;
}

/* Appends the plain text of the statement. Returns 0 or -1. */
static int
stmail_text(const struct stmail_doc *d, const struct currency *c,
    struct buf *b)
{
	if (text_head(b, d) == -1 || text_lines(b, d, c) == -1 ||
	    text_totals(b, d, c) == -1 || text_open(b, d, c) == -1 ||
	    text_bank(b, d) == -1)
		return -1;
	return buf_printf(b, "\nThe lines of this statement are attached as "
	    "statement-%s.csv.\n", d->number) == -1 ? -1 : 0;
}

/* ------------------------------------------------------------ HTML */

/* Appends s HTML-escaped; control characters become spaces. */
static int
html_put(struct buf *b, const char *s)
{
	const char	*p, *esc;
	char		 c;

	for (p = s; *p != '\0'; p++) {
		switch (*p) {
		case '&': esc = "&amp;"; break;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '"': esc = "&quot;"; break;
		case '\'': esc = "&#39;"; break;
		default: esc = NULL; break;
		}
		if (esc != NULL) {
			if (buf_puts(b, esc) == -1)
				return -1;
			continue;
		}
		c = (unsigned char)*p < ' ' || (unsigned char)*p == 0x7f ?
		    ' ' : *p;
		if (buf_append(b, &c, 1) == -1)
			return -1;
	}
	return 0;
}

/* Appends <tag>escaped text</tag>. */
static int
html_elem(struct buf *b, const char *tag, const char *text)
{
	return buf_printf(b, "<%s>", tag) == -1 || html_put(b, text) == -1 ||
	    buf_printf(b, "</%s>", tag) == -1 ? -1 : 0;
}

/* Appends a table row of a label and a value, both escaped. */
static int
html_pair(struct buf *b, const char *label, const char *value)
{
	return buf_puts(b, "<tr>") == -1 || html_elem(b, "th", label) == -1 ||
	    html_elem(b, "td", value) == -1 || buf_puts(b, "</tr>\n") == -1 ?
	    -1 : 0;
}

/* The head of the HTML: title, store, customer, period. */
static int
html_head(struct buf *b, const struct stmail_doc *d)
{
	char	 subject[1024];

	stmail_subject(d, subject, sizeof(subject));
	if (buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n") == -1 ||
	    html_elem(b, "title", subject) == -1 ||
	    buf_puts(b, "\n</head>\n<body>\n") == -1 ||
	    html_elem(b, "h1", subject) == -1 ||
	    buf_puts(b, "\n<table>\n") == -1 ||
	    html_pair(b, "From", d->store_name) == -1 ||
	    html_pair(b, "For", d->customer_name) == -1 ||
	    html_pair(b, "Customer", d->customer_code) == -1 ||
	    html_pair(b, "Account", d->account_number) == -1 ||
	    buf_puts(b, "<tr><th>Period</th><td>") == -1 ||
	    html_put(b, d->period_start) == -1 ||
	    buf_puts(b, " to ") == -1 || html_put(b, d->period_end) == -1 ||
	    buf_puts(b, "</td></tr>\n</table>\n") == -1)
		return -1;
	return 0;
}

/* One line of the HTML table of lines. */
static int
html_line(struct buf *b, const struct stmail_line *l,
    const struct currency *c)
{
	char	 amount[MONEY_TEXT_MAX + 16], balance[MONEY_TEXT_MAX + 16];

	amount_words(l->amount, c, amount, sizeof(amount));
	account_balance_words(l->balance_after, c, balance);
	return buf_puts(b, "<tr>") == -1 ||
	    html_elem(b, "td", l->posted_on) == -1 ||
	    html_elem(b, "td", l->entry_number) == -1 ||
	    html_elem(b, "td", ledger_kind_label(l->kind)) == -1 ||
	    html_elem(b, "td", l->reference) == -1 ||
	    html_elem(b, "td", amount) == -1 ||
	    html_elem(b, "td", balance) == -1 ||
	    buf_puts(b, "</tr>\n") == -1 ? -1 : 0;
}

/* The HTML table of lines between brought forward and the closing balance. */
static int
html_lines(struct buf *b, const struct stmail_doc *d,
    const struct currency *c)
{
	char	 balance[MONEY_TEXT_MAX + 16];
	size_t	 i;

	account_balance_words(d->opening_balance, c, balance);
	if (buf_puts(b, "<h2>Entries</h2>\n<table>\n<thead><tr><th>Date</th>"
	    "<th>Entry</th><th>Kind</th><th>Reference</th><th>Amount</th>"
	    "<th>Balance</th></tr></thead>\n<tbody>\n"
	    "<tr><td colspan=\"5\">Brought forward</td>") == -1 ||
	    html_elem(b, "td", balance) == -1 || buf_puts(b, "</tr>\n") == -1)
		return -1;
	for (i = 0; i < d->nlines; i++)
		if (html_line(b, &d->lines[i], c) == -1)
			return -1;
	account_balance_words(d->closing_balance, c, balance);
	return buf_puts(b, "<tr><td colspan=\"5\">Closing balance</td>") == -1 ||
	    html_elem(b, "td", balance) == -1 ||
	    buf_puts(b, "</tr>\n</tbody>\n</table>\n") == -1 ? -1 : 0;
}

/* The totals and amount due of the HTML. */
static int
html_totals(struct buf *b, const struct stmail_doc *d,
    const struct currency *c)
{
	char	 t[MONEY_TEXT_MAX], due[MONEY_TEXT_MAX + 32];

	if (buf_puts(b, "<table>\n") == -1 ||
	    html_pair(b, "Total debits", amount_text(d->total_debits, c,
	    t)) == -1 ||
	    html_pair(b, "Total credits", amount_text(d->total_credits, c,
	    t)) == -1)
		return -1;
	snprintf(due, sizeof(due), "%s by %s", amount_text(d->amount_due, c,
	    t), d->due_on);
	return html_pair(b, "Amount due", due) == -1 ||
	    buf_puts(b, "</table>\n") == -1 ? -1 : 0;
}

/* One open sale of the HTML. */
static int
html_item(struct buf *b, const struct stmail_item *it,
    const struct currency *c)
{
	char	 t[MONEY_TEXT_MAX], days[24];

	snprintf(days, sizeof(days), "%lld", (long long)it->days_overdue);
	return buf_puts(b, "<tr>") == -1 ||
	    html_elem(b, "td", it->posted_on) == -1 ||
	    html_elem(b, "td", it->entry_number) == -1 ||
	    html_elem(b, "td", amount_text(it->amount, c, t)) == -1 ||
	    html_elem(b, "td", amount_text(it->open_amount, c, t)) == -1 ||
	    html_elem(b, "td", it->due_on) == -1 ||
	    html_elem(b, "td", days) == -1 ||
	    buf_puts(b, "</tr>\n") == -1 ? -1 : 0;
}

/* The open sales and ageing buckets of the HTML. */
static int
html_open(struct buf *b, const struct stmail_doc *d,
    const struct currency *c)
{
	char	 t[MONEY_TEXT_MAX];
	size_t	 i;

	if (d->nitems > 0) {
		if (buf_puts(b, "<h2>Open sales</h2>\n<table>\n<thead><tr>"
		    "<th>Date</th><th>Entry</th><th>Amount</th><th>Open</th>"
		    "<th>Due</th><th>Days overdue</th></tr></thead>\n"
		    "<tbody>\n") == -1)
			return -1;
		for (i = 0; i < d->nitems; i++)
			if (html_item(b, &d->items[i], c) == -1)
				return -1;
		if (buf_puts(b, "</tbody>\n</table>\n") == -1)
			return -1;
	}
	return buf_puts(b, "<h2>Ageing</h2>\n<table>\n") == -1 ||
	    html_pair(b, "Current", amount_text(d->age_current, c, t)) == -1 ||
	    html_pair(b, "1-30 days", amount_text(d->age_1_30, c, t)) == -1 ||
	    html_pair(b, "31-60 days", amount_text(d->age_31_60, c, t)) == -1 ||
	    html_pair(b, "61-90 days", amount_text(d->age_61_90, c, t)) == -1 ||
	    html_pair(b, "Over 90 days", amount_text(d->age_over_90, c,
	    t)) == -1 ||
	    buf_puts(b, "</table>\n") == -1 ? -1 : 0;
}

/* The store's bank account of the HTML, when it has one. */
static int
html_bank(struct buf *b, const struct stmail_doc *d)
{
	char	 ref[64];

	if (d->bank_iban[0] == '\0')
		return 0;
	snprintf(ref, sizeof(ref), "%s %s", d->account_number, d->number);
	if (buf_puts(b, "<h2>Pay by bank transfer</h2>\n<table>\n") == -1 ||
	    html_pair(b, "Account holder", d->bank_account_holder) == -1 ||
	    html_pair(b, "IBAN", d->bank_iban) == -1 ||
	    (d->bank_bic[0] != '\0' &&
	    html_pair(b, "BIC", d->bank_bic) == -1) ||
	    (d->bank_name[0] != '\0' &&
	    html_pair(b, "Bank", d->bank_name) == -1) ||
	    html_pair(b, "Reference", ref) == -1 ||
	    buf_puts(b, "</table>\n") == -1)
		return -1;
	return 0;
}

/* Appends the HTML of the statement. Returns 0 or -1. */
static int
stmail_html(const struct stmail_doc *d, const struct currency *c,
    struct buf *b)
{
	if (html_head(b, d) == -1 || html_lines(b, d, c) == -1 ||
	    html_totals(b, d, c) == -1 || html_open(b, d, c) == -1 ||
	    html_bank(b, d) == -1)
		return -1;
	return buf_puts(b, "<p>The lines of this statement are attached as "
	    "a CSV file.</p>\n</body>\n</html>\n");
}

/* ------------------------------------------------------------ CSV */

int
stmail_csv(const struct stmail_doc *doc, struct buf *out)
{
	struct currency		 fallback;
	const struct currency	*c = doc_currency(doc, &fallback);
	char			 amount[MONEY_TEXT_MAX], balance[MONEY_TEXT_MAX];
	size_t			 i;

	if (buf_puts(out, "date,entry,kind,reference,amount,balance") == -1 ||
	    csv_end(out) == -1)
		return -1;
	for (i = 0; i < doc->nlines; i++) {
		const struct stmail_line *l = &doc->lines[i];

		money_plain(l->amount, c->exponent, amount);
		money_plain(l->balance_after, c->exponent, balance);
		if (csv_cell(out, l->posted_on, 1) == -1 ||
		    csv_cell(out, l->entry_number, 0) == -1 ||
		    csv_cell(out, l->kind, 0) == -1 ||
		    csv_cell(out, l->reference, 0) == -1 ||
		    csv_number_cell(out, amount, 0) == -1 ||
		    csv_number_cell(out, balance, 0) == -1 ||
		    csv_end(out) == -1)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ MIME */

/* True when a statement number is safe in a boundary, a file name and a header. */
static int
number_ok(const char *s)
{
	size_t	 n = strlen(s);

	return n > 0 && n < 17 && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

/* Appends a quoted-printable UTF-8 part of type (text/plain, text/html). */
static int
part_qp(struct buf *b, const char *boundary, const char *type,
    const char *text)
{
	return buf_printf(b, "--%s\r\nContent-Type: %s; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n", boundary,
	    type) == -1 || mail_qp(b, text) == -1 ? -1 : 0;
}

/* Appends the CSV attachment part. */
static int
part_csv(struct buf *b, const char *boundary, const struct stmail_doc *d,
    const struct buf *csv)
{
	return buf_printf(b, "--%s\r\nContent-Type: text/csv; charset=utf-8; "
	    "name=\"statement-%s.csv\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n"
	    "Content-Disposition: attachment; "
	    "filename=\"statement-%s.csv\"\r\n\r\n", boundary, d->number,
	    d->number) == -1 ||
	    mail_base64(b, csv->data != NULL ? csv->data : "", csv->len) == -1 ?
	    -1 : 0;
}

/* Appends everything after the headers: the same doc always gives the same bytes. */
static int
stmail_body(const struct stmail_doc *d, struct buf *b)
{
	struct currency		 fallback;
	const struct currency	*c = doc_currency(d, &fallback);
	struct buf		 text = { 0 }, html = { 0 }, csv = { 0 };
	char			 mixed[64], alt[64];
	int			 rc = -1;

	snprintf(mixed, sizeof(mixed), BOUNDARY_PREFIX "%s-mixed", d->number);
	snprintf(alt, sizeof(alt), BOUNDARY_PREFIX "%s-alt", d->number);
	if (stmail_text(d, c, &text) == -1 || stmail_html(d, c, &html) == -1 ||
	    stmail_csv(d, &csv) == -1)
		goto out;
	if (buf_printf(b, "Content-Type: multipart/mixed;\r\n"
	    " boundary=\"%s\"\r\n\r\n"
	    "This is a message in MIME format.\r\n\r\n"
	    "--%s\r\nContent-Type: multipart/alternative;\r\n"
	    " boundary=\"%s\"\r\n\r\n", mixed, mixed, alt) == -1 ||
	    part_qp(b, alt, "text/plain", text.data) == -1 ||
	    part_qp(b, alt, "text/html", html.data) == -1 ||
	    buf_printf(b, "--%s--\r\n\r\n", alt) == -1 ||
	    part_csv(b, mixed, d, &csv) == -1 ||
	    buf_printf(b, "--%s--\r\n", mixed) == -1)
		goto out;
	rc = 0;
out:
	buf_free(&text);
	buf_free(&html);
	buf_free(&csv);
	return rc;
}

int
stmail_build(const struct stmail_doc *doc, const char *from, time_t now,
    const char *id, struct buf *out)
{
	struct mail	 m;
	char		 subject[1024];
	int		 rc;

	if (!number_ok(doc->number))
		return MAIL_ERR_HEADER;
	stmail_subject(doc, subject, sizeof(subject));
	memset(&m, 0, sizeof(m));
	m.from = from;
	m.to = doc->email;
	m.subject = subject;
	if ((rc = mail_headers(&m, now, id, out)) != 0)
		return rc;
	return stmail_body(doc, out);
}
