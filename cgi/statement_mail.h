/* statement_mail.h: the email of an issued statement, built only from its frozen rows: text, HTML and the CSV of its lines. */
#ifndef SLATE_STATEMENT_MAIL_H
#define SLATE_STATEMENT_MAIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct buf;
struct db;

/* One line of a statement (statement_lines). */
struct stmail_line {
	char	 posted_on[11];		/* YYYY-MM-DD */
	char	 entry_number[17];
	char	 kind[17];
	char	 reference[801];	/* up to 200 characters of UTF-8 */
	int64_t	 amount;
	int64_t	 balance_after;
};

/* One open sale of a statement (statement_open_items). */
struct stmail_item {
	char	 entry_number[17];
	char	 posted_on[11];
	char	 due_on[11];
	int64_t	 amount;
	int64_t	 open_amount;
	int64_t	 days_overdue;
};

/* An issued statement as stored: every figure and name frozen. */
struct stmail_doc {
	int64_t	 id;
	char	 number[17];
	char	 period_start[11];
	char	 period_end[11];
	char	 currency[4];
	int64_t	 opening_balance, total_debits, total_credits;
	int64_t	 closing_balance, amount_due;
	char	 due_on[11];
	int64_t	 age_current, age_1_30, age_31_60, age_61_90, age_over_90;
	char	 account_number[17];
	char	 customer_code[17];
	char	 customer_name[801];
	char	 email[255];
	char	 store_name[801];
	char	 bank_account_holder[801];
	char	 bank_iban[35];
	char	 bank_bic[12];
	char	 bank_name[801];
	struct stmail_line	*lines;
	size_t			 nlines, caplines;
	struct stmail_item	*items;
	size_t			 nitems, capitems;
};

/*
 * Reads statement statement_id of store store_id with its lines and
 * open items into doc (free it with stmail_doc_free). Returns 1 when
 * found, 0 when there is no such statement in that store, or a
 * negative enum db_result (-1 also when memory runs out).
 */
int	stmail_doc_load(struct db *db, int64_t store_id, int64_t statement_id,
	    struct stmail_doc *doc);

/* Frees the lines and open items of doc and empties it. */
void	stmail_doc_free(struct stmail_doc *doc);

/* The Subject of a statement's email: "Statement S000012 from <store name>", into out. */
void	stmail_subject(const struct stmail_doc *doc, char *out, size_t size);

/*
 * Appends the CSV of the statement's lines to out: a header row
 * (date, entry, kind, reference, amount, balance) and one row per line,
 * amounts as plain decimals of the currency, every cell through
 * cgi/csv.h (formula-safe). The same statement always gives the same
 * bytes. Returns 0 or -1 when memory runs out.
 */
int	stmail_csv(const struct stmail_doc *doc, struct buf *out);

/*
 * Appends the whole RFC 5322 message of the statement to out: From
 * `from`, To doc->email, the Subject of stmail_subject, Date (now),
 * Message-ID (id), and a multipart/mixed body holding a
 * multipart/alternative (text/plain and text/html, UTF-8,
 * quoted-printable, every value HTML-escaped in the HTML) and the
 * attachment "statement-<number>.csv" (text/csv, base64). Everything
 * after the headers depends only on doc: the same statement always
 * gives byte-identical parts and boundaries. Returns 0,
 * MAIL_ERR_HEADER (a bad address or a header value Slate will not
 * send), or -1 when memory runs out.
 */
int	stmail_build(const struct stmail_doc *doc, const char *from,
	    time_t now, const char *id, struct buf *out);

#endif
