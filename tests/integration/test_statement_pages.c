/* test_statement_pages.c: the statements pages: a statement as issued (frozen figures, delivery log, CSV), the lists and their filters and export, who is due one, send again, issue now, who may, other stores. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <check.h>

#include "client.h"
#include "shop.h"

/* How a fixture statement's mail went. */
enum fixture_mail {
	MAIL_NONE,		/* no address: issued, not sent */
	MAIL_SENT,		/* one failed attempt, then sent */
	MAIL_FAILED,		/* given up */
	MAIL_QUEUED		/* waiting for its first attempt */
};

/* Adds a customer and an account with pay later (and a statement address unless email is NULL); returns the account number (free it). */
static char *
account_new(const struct shop *s, const char *name, const char *email)
{
	char	*code, *number, *err = NULL, *nl;
	int	 rc;

	rc = itest_slatectl(NULL, &code, &err, "customer", "add", "--name",
	    name, "--store", s->code, NULL);
	ck_assert_msg(rc == 0, "slatectl customer add: %s", err);
	free(err);
	if ((nl = strchr(code, '\n')) != NULL)
		*nl = '\0';
	rc = itest_slatectl(NULL, &number, &err, "account", "add", "--customer",
	    code, "--pay-later", "--limit", "1000000", "--store", s->code,
	    NULL);
	ck_assert_msg(rc == 0, "slatectl account add: %s", err);
	free(err);
	free(code);
	if ((nl = strchr(number, '\n')) != NULL)
		*nl = '\0';
	if (email != NULL)
		sql_exec("UPDATE accounts SET statement_email = '%s' WHERE "
		    "store_id = %lld AND number = '%s'", email, s->id, number);
	return number;
}

/* Posts count sales of amount (minor units) on account number through the ledger. */
static void
sales_add(const struct shop *s, const char *number, int count, long amount)
{
	char	 cmd[1024];
	int	 rc;

	snprintf(cmd, sizeof(cmd), "'%s/tests/integration/seed_sales' '%s' "
	    "'%s' %d %ld", getenv("SLATE_BUILD"), s->code, number, count,
	    amount);
	rc = system(cmd);
	ck_assert_msg(rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 0,
	    "seed_sales failed: %s", cmd);
}

/*
 * Writes statement number of account as if it had been issued for the
 * period ending on end (YYYY-MM-DD), to address email ('' for none):
 * brought forward €10.00 owing, a sale of €25.00 and a deposit of
 * €5.00, closing €30.00 owing, one open sale 3 days overdue, and its
 * mail as mail says. Returns its id.
 */
static long long
statement_fixture(const struct shop *s, const char *account,
    const char *number, const char *end, const char *email,
    enum fixture_mail mail)
{
	long long	 id, outbox;

	sql_exec("UPDATE stores SET bank_account_holder = 'Test Store Ltd', "
	    "bank_iban = 'DE89370400440532013000', bank_bic = 'COBADEFFXXX', "
	    "bank_name = 'Test Bank' WHERE id = %lld", s->id);
	sql_exec("INSERT INTO statements (store_id, account_id, number, "
	    "period_start, period_end, issued_at, last_entry_id, currency, "
	    "opening_balance, total_debits, total_credits, closing_balance, "
	    "amount_due, due_on, age_current, age_1_30, age_31_60, "
	    "age_61_90, age_over_90, account_number, customer_code, "
	    "customer_name, email, store_name, bank_account_holder, "
	    "bank_iban, bank_bic, bank_name) SELECT a.store_id, a.id, '%s', "
	    "DATE_SUB('%s', INTERVAL 1 MONTH), '%s', UTC_TIMESTAMP(6), 0, "
	    "'EUR', -1000, 2500, 500, -3000, 3000, DATE_ADD('%s', INTERVAL "
	    "14 DAY), 2500, 500, 0, 0, 0, a.number, c.code, c.name, '%s', "
	    "'Statement Test Store', 'Test Store Ltd', "
	    "'DE89370400440532013000', 'COBADEFFXXX', 'Test Bank' "
	    "FROM accounts a JOIN customers c ON c.id = a.customer_id "
	    "WHERE a.store_id = %lld AND a.number = '%s'", number, end, end,
	    end, email, s->id, account);
	id = sql_long("SELECT id FROM statements WHERE store_id = %lld AND "
	    "number = '%s'", s->id, number);
	sql_exec("INSERT INTO statement_lines (statement_id, line_no, "
	    "entry_id, entry_number, posted_on, kind, reference, amount, "
	    "balance_after) VALUES (%lld, 1, 0, 'E900101', "
	    "DATE_SUB('%s', INTERVAL 3 DAY), 'sale', 'Till 4 receipt 88', "
	    "-2500, -3500), (%lld, 2, 0, 'E900102', DATE_SUB('%s', "
	    "INTERVAL 1 DAY), 'deposit', '', 500, -3000)", id, end, id, end);
	sql_exec("INSERT INTO statement_open_items (statement_id, line_no, "
	    "entry_number, posted_on, due_on, amount, open_amount, "
	    "days_overdue) VALUES (%lld, 1, 'E900101', DATE_SUB('%s', "
	    "INTERVAL 3 DAY), DATE_SUB('%s', INTERVAL 3 DAY), 2500, 2000, 3)",
	    id, end, end);
	if (mail == MAIL_NONE)
		return id;
	sql_exec("INSERT INTO outbox (store_id, statement_id, recipient, "
	    "subject, message, status, attempts, next_attempt_at, "
	    "last_error, created_at, created_by, sent_at) VALUES (%lld, "
	    "%lld, '%s', 'Statement', 'x', '%s', %d, UTC_TIMESTAMP(6), '%s', "
	    "UTC_TIMESTAMP(6), NULL, %s)", s->id, id, email,
	    mail == MAIL_SENT ? "sent" : mail == MAIL_FAILED ? "failed" :
	    "queued", mail == MAIL_SENT ? 2 : mail == MAIL_FAILED ? 10 : 0,
	    mail == MAIL_FAILED ? "sendmail exited 75" : "",
	    mail == MAIL_SENT ? "UTC_TIMESTAMP(6)" : "NULL");
	outbox = sql_long("SELECT MAX(id) FROM outbox WHERE statement_id = "
	    "%lld", id);
	if (mail == MAIL_SENT)
		sql_exec("INSERT INTO outbox_attempts (outbox_id, "
		    "attempted_at, ok, error) VALUES (%lld, UTC_TIMESTAMP(6), "
		    "0, 'sendmail exited 75: mail queue full'), (%lld, "
		    "UTC_TIMESTAMP(6), 1, '')", outbox, outbox);
	if (mail == MAIL_FAILED)
		sql_exec("INSERT INTO outbox_attempts (outbox_id, "
		    "attempted_at, ok, error) VALUES (%lld, UTC_TIMESTAMP(6), "
		    "0, 'sendmail exited 75')", outbox);
	return id;
}

/*
 * Removes the statements of store s and their mail (test data), and
 * takes the staff out of what they issued, so the run can remove them.
 */
static void
statements_remove(const struct shop *s)
{
	sql_exec("DELETE t FROM outbox_attempts t JOIN outbox o ON "
	    "o.id = t.outbox_id WHERE o.store_id = %lld", s->id);
	sql_exec("DELETE FROM outbox WHERE store_id = %lld", s->id);
	sql_exec("DELETE l FROM statement_lines l JOIN statements st ON "
	    "st.id = l.statement_id WHERE st.store_id = %lld", s->id);
	sql_exec("DELETE i FROM statement_open_items i JOIN statements st ON "
	    "st.id = i.statement_id WHERE st.store_id = %lld", s->id);
	sql_exec("DELETE FROM statements WHERE store_id = %lld", s->id);
}

static long long
statements(const struct shop *s)
{
	return sql_long("SELECT COUNT(*) FROM statements WHERE store_id = "
	    "%lld", s->id);
}

static long long
outbox_rows(const struct shop *s)
{
	return sql_long("SELECT COUNT(*) FROM outbox WHERE store_id = %lld",
	    s->id);
}

/* GETs path as c and expects status; the body goes to *resp. */
static void
get_expect(struct client *c, const char *path, long status,
    struct response *resp)
{
	long	 got = shop_get(c, path, resp);

	ck_assert_msg(got == status, "GET %s: %ld, not %ld", path, got,
	    status);
}

/* Expects the body to hold s, or fails with a piece of the page. */
static void
expect_has(const struct response *resp, const char *s)
{
	ck_assert_msg(response_contains(resp, s), "no '%s' in: %.800s", s,
	    resp->body != NULL && strstr(resp->body, "<main") != NULL ?
	    strstr(resp->body, "<main") : "");
}

static void
expect_lacks(const struct response *resp, const char *s)
{
	ck_assert_msg(!response_contains(resp, s), "'%s' should not be in "
	    "the page", s);
}

/* The statement page shows the figures as issued, even after a later sale; its delivery log, bank account and print view. */
START_TEST(test_page_shows_frozen_figures)
{
	struct shop	 s;
	struct response	 resp;
	char		*acct;

	shop_open(&s);
	acct = account_new(&s, "Frozen Figures", "frozen@example.com");
	statement_fixture(&s, acct, "S900001", "2026-01-31",
	    "frozen@example.com", MAIL_SENT);
	sales_add(&s, acct, 1, 777);
	get_expect(&s.c, "/statements/S900001", 200, &resp);
	expect_has(&resp, "Statement S900001");
	expect_has(&resp, "Statement Test Store");
	expect_has(&resp, "DE89370400440532013000");
	expect_has(&resp, "Frozen Figures");
	expect_has(&resp, "2025-12-31");
	expect_has(&resp, "2026-01-31");
	expect_has(&resp, "€10.00 owing");		/* brought forward */
	expect_has(&resp, "€35.00 owing");		/* after the sale */
	expect_has(&resp, "€30.00 owing");		/* closing */
	expect_has(&resp, "<strong>€30.00</strong> by");
	expect_has(&resp, "2026-02-14");		/* due date */
	expect_has(&resp, "Till 4 receipt 88");
	expect_has(&resp, "3 days overdue");
	expect_has(&resp, "€20.00");			/* still open */
	expect_has(&resp, "sendmail exited 75: mail queue full");
	expect_has(&resp, "Handed over");
	expect_has(&resp, "Sent</span>");
	expect_has(&resp, "the statement run");
	expect_has(&resp, "/statements/S900001.csv");
	expect_has(&resp, "/statements/S900001?print=1");
	expect_has(&resp, "Send again");
	/* The later sale of €7.77 is not on it. */
	expect_lacks(&resp, "€7.77");
	response_free(&resp);

	get_expect(&s.c, "/statements/S900001?print=1", 200, &resp);
	expect_has(&resp, "statement print-view");
	expect_lacks(&resp, "Send again");
	response_free(&resp);

	get_expect(&s.c, "/statements/S900002", 404, &resp);
	response_free(&resp);
	get_expect(&s.c, "/statements/X1", 404, &resp);
	response_free(&resp);
	statements_remove(&s);
	free(acct);
	shop_close(&s);
}
END_TEST

/* The CSV of a statement's lines, and of the list. */
START_TEST(test_csv)
{
	struct shop	 s;
	struct response	 resp;
	char		*acct, *type, *disp;

	shop_open(&s);
	acct = account_new(&s, "Csv Customer", "csv@example.com");
	statement_fixture(&s, acct, "S900001", "2026-01-31",
	    "csv@example.com", MAIL_QUEUED);
	get_expect(&s.c, "/statements/S900001.csv", 200, &resp);
	type = response_header(&resp, "Content-Type");
	disp = response_header(&resp, "Content-Disposition");
	ck_assert_ptr_nonnull(type);
	ck_assert_ptr_nonnull(disp);
	ck_assert_msg(strncmp(type, "text/csv", 8) == 0, "type %s", type);
	ck_assert_msg(strstr(disp, "statement-S900001.csv") != NULL, "%s",
	    disp);
	expect_has(&resp, "E900101");
	expect_has(&resp, "-25.00");
	expect_has(&resp, "-35.00");
	expect_has(&resp, "E900102");
	free(type);
	free(disp);
	response_free(&resp);

	get_expect(&s.c, "/statements.csv", 200, &resp);
	ck_assert_msg(strncmp(resp.body, "number,account,customer,"
	    "period_start,period_end,amount_due,closing_balance,due_on,"
	    "delivery,email\r\n", 87) == 0, "header: %.120s", resp.body);
	expect_has(&resp, "S900001,");
	expect_has(&resp, ",2025-12-31,2026-01-31,30.00,-30.00,2026-02-14,"
	    "queued,csv@example.com\r\n");
	response_free(&resp);
	get_expect(&s.c, "/statements.csv?delivery=nonsense", 400, &resp);
	response_free(&resp);
	get_expect(&s.c, "/statements/S900009.csv", 404, &resp);
	response_free(&resp);
	statements_remove(&s);
	free(acct);
	shop_close(&s);
}
END_TEST

/* The lists: delivery status, the statement date, the account; bad filters; one account's list. */
START_TEST(test_list_filters)
{
	struct shop	 s;
	struct response	 resp;
	char		*a1, *a2, path[96];

	shop_open(&s);
	a1 = account_new(&s, "List One", "one@example.com");
	a2 = account_new(&s, "List Two", NULL);
	statement_fixture(&s, a1, "S900001", "2026-01-31", "one@example.com",
	    MAIL_SENT);
	statement_fixture(&s, a2, "S900002", "2026-02-28", "", MAIL_NONE);
	statement_fixture(&s, a1, "S900003", "2026-03-31", "one@example.com",
	    MAIL_FAILED);

	get_expect(&s.c, "/statements", 200, &resp);
	expect_has(&resp, "S900001");
	expect_has(&resp, "S900002");
	expect_has(&resp, "S900003");
	expect_has(&resp, "warn\">No address</span>");
	expect_has(&resp, "warn\">Failed</span>");
	ck_assert_msg(strstr(resp.body, "S900003") < strstr(resp.body,
	    "S900001"), "newest first");
	response_free(&resp);

	get_expect(&s.c, "/statements?delivery=noaddress", 200, &resp);
	expect_has(&resp, "S900002");
	expect_lacks(&resp, "S900001");
	expect_lacks(&resp, "S900003");
	response_free(&resp);

	get_expect(&s.c, "/statements?delivery=sent", 200, &resp);
	expect_has(&resp, "S900001");
	expect_lacks(&resp, "S900002");
	expect_lacks(&resp, "S900003");
	response_free(&resp);

	get_expect(&s.c, "/statements?from=2026-02-01&to=2026-03-01", 200,
	    &resp);
	expect_has(&resp, "S900002");
	expect_lacks(&resp, "S900001");
	expect_lacks(&resp, "S900003");
	response_free(&resp);

	snprintf(path, sizeof(path), "/statements?account=%s", a1);
	get_expect(&s.c, path, 200, &resp);
	expect_has(&resp, "S900001");
	expect_has(&resp, "S900003");
	expect_lacks(&resp, "S900002");
	response_free(&resp);

	snprintf(path, sizeof(path), "/accounts/%s/statements", a2);
	get_expect(&s.c, path, 200, &resp);
	expect_has(&resp, "S900002");
	expect_lacks(&resp, "S900001");
	expect_has(&resp, "Issue statement now");
	response_free(&resp);

	shop_get(&s.c, "/statements?from=31.01.2026", &resp);
	expect_refused(&resp, "Enter a date as YYYY-MM-DD");
	shop_get(&s.c, "/statements?from=2026-03-01&to=2026-02-01", &resp);
	expect_refused(&resp, "The end date is before the start date.");
	shop_get(&s.c, "/statements?delivery=lost", &resp);
	expect_refused(&resp, "Choose a delivery status");
	shop_get(&s.c, "/statements?account=Bob", &resp);
	expect_refused(&resp, "Enter an account number");
	get_expect(&s.c, "/statements?before=x", 400, &resp);
	response_free(&resp);
	get_expect(&s.c, "/accounts/A999999/statements", 404, &resp);
	response_free(&resp);
	statements_remove(&s);
	free(a1);
	free(a2);
	shop_close(&s);
}
END_TEST

/* Pages of 50, newest first, by key. */
START_TEST(test_list_pages)
{
	struct shop	 s;
	struct response	 resp;
	char		*acct, number[16], end[16], *older, *amp;
	int		 i;

	shop_open(&s);
	acct = account_new(&s, "Many Statements", "many@example.com");
	for (i = 1; i <= 55; i++) {
		snprintf(number, sizeof(number), "S9%05d", i);
		snprintf(end, sizeof(end), "2020-%02d-%02d", 1 + (i - 1) / 28,
		    (i - 1) % 28 + 1);
		statement_fixture(&s, acct, number, end, "many@example.com",
		    MAIL_QUEUED);
	}
	get_expect(&s.c, "/statements", 200, &resp);
	expect_has(&resp, "S900055");
	expect_has(&resp, "S900006");
	expect_lacks(&resp, "/statements/S900005\"");
	older = strstr(resp.body, "rel=\"next\"");
	ck_assert_ptr_nonnull(older);
	older = strstr(resp.body, "/statements?before=");
	ck_assert_ptr_nonnull(older);
	older = strndup(older, strcspn(older, "\""));
	while ((amp = strstr(older, "&amp;")) != NULL)
		memmove(amp + 1, amp + 5, strlen(amp + 5) + 1);
	response_free(&resp);
	get_expect(&s.c, older, 200, &resp);
	expect_has(&resp, "S900005");
	expect_has(&resp, "S900001");
	expect_lacks(&resp, "/statements/S900006\"");
	expect_has(&resp, "Newest");
	response_free(&resp);
	free(older);
	statements_remove(&s);
	free(acct);
	shop_close(&s);
}
END_TEST

/* Another store's statement is no page at all, to see, download or send. */
START_TEST(test_other_store)
{
	struct shop	 s, t;
	struct response	 resp;
	char		*acct, *form;
	long long	 out;

	shop_open(&s);
	shop_open(&t);
	acct = account_new(&s, "Other Store", "other@example.com");
	statement_fixture(&s, acct, "S900001", "2026-01-31",
	    "other@example.com", MAIL_SENT);
	out = outbox_rows(&s);
	get_expect(&t.c, "/statements/S900001", 404, &resp);
	expect_lacks(&resp, "Other Store");
	response_free(&resp);
	get_expect(&t.c, "/statements/S900001.csv", 404, &resp);
	response_free(&resp);
	get_expect(&t.c, "/statements", 200, &resp);
	expect_lacks(&resp, "S900001");
	response_free(&resp);
	form = form_encode("csrf", t.csrf, NULL);
	ck_assert_int_eq(shop_post(&t.c, "/statements/S900001/send", form,
	    NULL), 404);
	ck_assert_int_eq(outbox_rows(&s), out);
	statements_remove(&s);
	free(acct);
	shop_close(&t);
	shop_close(&s);
}
END_TEST

/* A group without "send statements" may not issue or send (403, nothing written), nor see the store's lists; it may read a statement. */
START_TEST(test_who_may)
{
	struct shop	 s;
	struct client	 clerk;
	struct response	 resp;
	char		*acct, *email, *csrf, path[96];
	long long	 n, out, audit;

	shop_open(&s);
	acct = account_new(&s, "Who May", "who@example.com");
	statement_fixture(&s, acct, "S900001", "2026-01-31",
	    "who@example.com", MAIL_SENT);
	email = itest_email("clerk");
	shop_staff_add(s.code, email, "Clerk");
	shop_sign_in(&clerk, email, SHOP_PASSWORD, &csrf);
	n = statements(&s);
	out = outbox_rows(&s);
	audit = audit_all(s.id);

	snprintf(path, sizeof(path), "/accounts/%s/statements", acct);
	ck_assert_int_eq(shop_post(&clerk, path, form_encode("csrf", csrf,
	    NULL), NULL), 403);
	ck_assert_int_eq(shop_post(&clerk, "/statements/S900001/send",
	    form_encode("csrf", csrf, NULL), NULL), 403);
	ck_assert_int_eq(statements(&s), n);
	ck_assert_int_eq(outbox_rows(&s), out);
	ck_assert_int_eq(audit_all(s.id), audit);

	get_expect(&clerk, "/statements", 403, &resp);
	response_free(&resp);
	get_expect(&clerk, "/statements/due", 403, &resp);
	response_free(&resp);
	get_expect(&clerk, "/statements/S900001", 200, &resp);
	expect_has(&resp, "€30.00 owing");
	expect_lacks(&resp, "Send again");
	response_free(&resp);
	get_expect(&clerk, path, 200, &resp);
	expect_lacks(&resp, "Issue statement now");
	response_free(&resp);

	/* Without the form's token nothing happens either. */
	ck_assert_int_eq(shop_post(&s.c, "/statements/S900001/send",
	    form_encode("csrf", "nope", NULL), NULL), 403);
	ck_assert_int_eq(outbox_rows(&s), out);
	client_free(&clerk);
	free(csrf);
	free(email);
	statements_remove(&s);
	free(acct);
	shop_close(&s);
}
END_TEST

/* Send again queues a new message of the same statement with an audit entry; without an address nothing is written. */
START_TEST(test_send_again)
{
	struct shop	 s;
	struct response	 resp;
	char		*a1, *a2;
	long long	 id, out, audit;

	shop_open(&s);
	a1 = account_new(&s, "Send Again", "again@example.com");
	a2 = account_new(&s, "No Address", NULL);
	id = statement_fixture(&s, a1, "S900001", "2026-01-31",
	    "again@example.com", MAIL_SENT);
	statement_fixture(&s, a2, "S900002", "2026-01-31", "", MAIL_NONE);
	out = outbox_rows(&s);
	audit = audit_all(s.id);

	shop_post(&s.c, "/statements/S900001/send", form_encode("csrf",
	    s.csrf, NULL), &resp);
	expect_see_other(&resp, "/statements/S900001?sent=1");
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox WHERE "
	    "statement_id = %lld AND status = 'queued' AND recipient = "
	    "'again@example.com' AND created_by = %lld", id, s.admin_id), 1);
	ck_assert_int_eq(outbox_rows(&s), out + 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'statement.resend' AND object_id = "
	    "'S900001'", s.id), 1);
	get_expect(&s.c, "/statements/S900001?sent=1", 200, &resp);
	expect_has(&resp, "is queued to go to again@example.com again");
	expect_has(&resp, "Queued</span>");
	response_free(&resp);

	shop_post(&s.c, "/statements/S900002/send", form_encode("csrf",
	    s.csrf, NULL), &resp);
	expect_refused(&resp, "This statement has no address");
	ck_assert_int_eq(outbox_rows(&s), out + 1);
	ck_assert_int_eq(audit_all(s.id), audit + 1);
	ck_assert_int_eq(shop_post(&s.c, "/statements/S900404/send",
	    form_encode("csrf", s.csrf, NULL), NULL), 404);
	statements_remove(&s);
	free(a1);
	free(a2);
	shop_close(&s);
}
END_TEST

/* Issue now: the next number, the statement page; a second time today is refused with nothing written. */
START_TEST(test_issue_now)
{
	struct shop	 s;
	struct response	 resp;
	char		*acct, path[96], *loc, *number;
	long long	 n, audit;

	shop_open(&s);
	acct = account_new(&s, "Issue Now", "issue@example.com");
	sales_add(&s, acct, 2, 1250);
	snprintf(path, sizeof(path), "/accounts/%s/statements", acct);
	shop_post(&s.c, path, form_encode("csrf", s.csrf, NULL), &resp);
	ck_assert_msg(resp.status == 303, "issue now: %ld %.600s",
	    resp.status, resp.body != NULL && strstr(resp.body, "<main") ?
	    strstr(resp.body, "<main") : "");
	loc = response_header(&resp, "Location");
	response_free(&resp);
	number = sql_str("SELECT number FROM statements WHERE store_id = "
	    "%lld", s.id);
	ck_assert_ptr_nonnull(number);
	snprintf(path, sizeof(path), "/statements/%s?issued=1", number);
	ck_assert_str_eq(loc, path);
	get_expect(&s.c, path, 200, &resp);
	expect_has(&resp, "was issued");
	expect_has(&resp, "€25.00 owing");
	response_free(&resp);

	n = statements(&s);
	audit = audit_all(s.id);
	snprintf(path, sizeof(path), "/accounts/%s/statements", acct);
	shop_post(&s.c, path, form_encode("csrf", s.csrf, NULL), &resp);
	ck_assert_int_eq(resp.status, 409);
	expect_has(&resp, "already has a statement for today");
	response_free(&resp);
	ck_assert_int_eq(statements(&s), n);
	ck_assert_int_eq(audit_all(s.id), audit);
	ck_assert_int_eq(shop_post(&s.c, "/accounts/A999999/statements",
	    form_encode("csrf", s.csrf, NULL), NULL), 404);
	free(loc);
	free(number);
	statements_remove(&s);
	free(acct);
	shop_close(&s);
}
END_TEST

/* Who gets a statement this week: tomorrow to a week ahead, active accounts only, a missing address flagged. */
START_TEST(test_due_soon)
{
	struct shop	 s;
	struct response	 resp;
	char		*a1, *a2, *a3, *a4;

	shop_open(&s);
	a1 = account_new(&s, "Due Soon", "soon@example.com");
	a2 = account_new(&s, "Due Later", "later@example.com");
	a3 = account_new(&s, "Due Nowhere", NULL);
	a4 = account_new(&s, "Due Inactive", "inactive@example.com");
	sql_exec("UPDATE accounts SET next_statement_on = DATE_ADD("
	    "UTC_DATE(), INTERVAL 3 DAY) WHERE store_id = %lld AND number IN "
	    "('%s', '%s', '%s')", s.id, a1, a3, a4);
	sql_exec("UPDATE accounts SET active = 0 WHERE store_id = %lld AND "
	    "number = '%s'", s.id, a4);
	sql_exec("UPDATE accounts SET next_statement_on = DATE_ADD("
	    "UTC_DATE(), INTERVAL 30 DAY) WHERE store_id = %lld AND number = "
	    "'%s'", s.id, a2);
	get_expect(&s.c, "/statements/due", 200, &resp);
	expect_has(&resp, a1);
	expect_has(&resp, "soon@example.com");
	expect_has(&resp, a3);
	expect_has(&resp, "warn\">No address</span>");
	expect_has(&resp, "1 of them have no statement address");
	expect_lacks(&resp, a2);
	expect_lacks(&resp, a4);
	response_free(&resp);
	free(a1);
	free(a2);
	free(a3);
	free(a4);
	shop_close(&s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("statement pages");
	TCase	*tc = itest_tcase("statement pages");
	int	 rc;

	shop_begin();
	tcase_add_test(tc, test_page_shows_frozen_figures);
	tcase_add_test(tc, test_csv);
	tcase_add_test(tc, test_list_filters);
	tcase_add_test(tc, test_list_pages);
	tcase_add_test(tc, test_other_store);
	tcase_add_test(tc, test_who_may);
	tcase_add_test(tc, test_send_again);
	tcase_add_test(tc, test_issue_now);
	tcase_add_test(tc, test_due_soon);
	suite_add_tcase(s, tc);
	rc = itest_run(s);
	return shop_cleanup() == 0 ? rc : 1;
}
