/* test_settlements.c: settlements: the whole balance oldest first, chosen lines, credit in hand, refusals, stale and repeated forms, who may, the lists and export, 1,000 charges at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <check.h>

#include "client.h"
#include "shop.h"

#define MANAGER_CODE	"8642"

/* A settlement form as shown: its one-time token and the account version. */
struct shown {
	char	*once;
	char	*version;
};

/* Adds a customer and an account with pay later and a large limit; returns the account number (free it). */
static char *
account_new(const struct shop *s)
{
	char	*code, *number, *err = NULL, *nl;
	int	 rc;

	rc = itest_slatectl(NULL, &code, &err, "customer", "add", "--name",
	    "Settle Customer", "--store", s->code, NULL);
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

/* The number of the k-th sale (from 0) of the store, in a new string. */
static char *
sale_number(const struct shop *s, int k)
{
	char	*n = sql_str("SELECT number FROM ledger_entries WHERE "
	    "store_id = %lld AND kind = 'sale' ORDER BY id LIMIT 1 OFFSET %d",
	    s->id, k);

	ck_assert_ptr_nonnull(n);
	return n;
}

static long long
balance(const struct shop *s, const char *account)
{
	return sql_long("SELECT balance FROM accounts WHERE store_id = %lld "
	    "AND number = '%s'", s->id, account);
}

/* The open amount of entry number's open item. */
static long long
open_amount(const struct shop *s, const char *entry)
{
	return sql_long("SELECT o.open_amount FROM open_items o JOIN "
	    "ledger_entries e ON e.id = o.entry_id WHERE e.store_id = %lld "
	    "AND e.number = '%s'", s->id, entry);
}

/* 1 when entry number's open item is closed. */
static long long
closed(const struct shop *s, const char *entry)
{
	return sql_long("SELECT o.closed_at IS NOT NULL FROM open_items o "
	    "JOIN ledger_entries e ON e.id = o.entry_id WHERE "
	    "e.store_id = %lld AND e.number = '%s'", s->id, entry);
}

static long long
entries(const struct shop *s)
{
	return sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "store_id = %lld", s->id);
}

static long long
audits(const struct shop *s)
{
	return sql_long("SELECT COUNT(*) FROM audit_log WHERE store_id = %lld",
	    s->id);
}

/* GETs the settlement form of account as client c; expects 200. */
static void
form_get(struct client *c, const char *account, struct shown *f,
    struct response *resp)
{
	char	 path[96];

	snprintf(path, sizeof(path), "/accounts/%s/settle", account);
	ck_assert_int_eq(shop_get(c, path, resp), 200);
	f->once = html_input_value(resp->body, "once");
	f->version = html_input_value(resp->body, "version");
	ck_assert_ptr_nonnull(f->once);
	ck_assert_ptr_nonnull(f->version);
}

static void
shown_free(struct shown *f)
{
	free(f->once);
	free(f->version);
}

/* POSTs a settlement of account as c with the form shown f and the fields rest (encoded, may be ""). */
static long
settle_post(struct client *c, const char *csrf, const char *account,
    const struct shown *f, const char *rest, struct response *resp)
{
	char	 path[96], *head, *form;

	snprintf(path, sizeof(path), "/accounts/%s/settle", account);
	head = form_encode("csrf", csrf, "once", f->once, "version",
	    f->version, NULL);
	ck_assert(asprintf(&form, "%s&%s", head, rest) != -1);
	free(head);
	return shop_post(c, path, form, resp);
}

/* Shows the form and posts rest on it as the shop's Administrator. */
static long
settle(struct shop *s, const char *account, const char *rest,
    struct response *resp)
{
	struct response	 page;
	struct shown	 f;
	long		 status;

	form_get(&s->c, account, &f, &page);
	response_free(&page);
	status = settle_post(&s->c, s->csrf, account, &f, rest, resp);
	shown_free(&f);
	return status;
}

/* Expects a 303 to the receipt of the newest entry of the store (a settlement of amount), and frees resp. */
static char *
expect_receipt(const struct shop *s, const char *account,
    struct response *resp, long long amount, const char *method)
{
	char	*number, where[96];

	number = sql_str("SELECT number FROM ledger_entries WHERE "
	    "store_id = %lld ORDER BY id DESC LIMIT 1", s->id);
	ck_assert_ptr_nonnull(number);
	snprintf(where, sizeof(where), "/accounts/%s/entries/%s", account,
	    number);
	expect_see_other(resp, where);
	ck_assert_int_eq(sql_long("SELECT amount FROM ledger_entries WHERE "
	    "store_id = %lld AND number = '%s' AND kind = 'settlement' AND "
	    "payment_method = '%s'", s->id, number, method), amount);
	return number;
}

/* What must not change when a settlement is refused. */
struct unchanged {
	long long	 balance, entries, audits;
};

static void
unchanged_take(const struct shop *s, const char *account, struct unchanged *u)
{
	u->balance = balance(s, account);
	u->entries = entries(s);
	u->audits = audits(s);
}

static void
unchanged_check(const struct shop *s, const char *account,
    const struct unchanged *u)
{
	ck_assert_int_eq(balance(s, account), u->balance);
	ck_assert_int_eq(entries(s), u->entries);
	ck_assert_int_eq(audits(s), u->audits);
}

/* A settlement of rest on account is refused (422) with what on the page, and changes nothing. */
static void
refused(struct shop *s, const char *account, const char *rest,
    const char *what)
{
	struct response		 resp;
	struct unchanged	 u;

	unchanged_take(s, account, &u);
	settle(s, account, rest, &resp);
	expect_refused(&resp, what);
	unchanged_check(s, account, &u);
}

/* Whole balance: applied oldest first, partly, then in full, then as credit in hand. */
START_TEST(test_whole_balance_oldest_first)
{
	struct shop	 s;
	struct response	 resp;
	struct shown	 f;
	char		*acct, *s1, *s2, *s3, *e;

	shop_open(&s);
	acct = account_new(&s);
	sales_add(&s, acct, 1, 1000);
	sales_add(&s, acct, 1, 2000);
	sales_add(&s, acct, 1, 3000);
	s1 = sale_number(&s, 0);
	s2 = sale_number(&s, 1);
	s3 = sale_number(&s, 2);
	ck_assert_int_eq(balance(&s, acct), -6000);

	form_get(&s.c, acct, &f, &resp);
	ck_assert(response_contains(&resp, "€60.00 owing"));
	ck_assert(response_contains(&resp, "name=\"amount\" type=\"text\" "
	    "inputmode=\"decimal\" value=\"60.00\""));
	ck_assert(response_contains(&resp, "value=\"cash\" checked"));
	ck_assert(!response_contains(&resp, "owes nothing"));
	response_free(&resp);
	shown_free(&f);

	/* 25.00 settles the oldest sale and half of the next. */
	settle(&s, acct, "method=cash&mode=whole&amount=25&reference=R-1",
	    &resp);
	e = expect_receipt(&s, acct, &resp, 2500, "cash");
	ck_assert_int_eq(balance(&s, acct), -3500);
	ck_assert_int_eq(open_amount(&s, s1), 0);
	ck_assert_int_eq(closed(&s, s1), 1);
	ck_assert_int_eq(open_amount(&s, s2), 500);
	ck_assert_int_eq(closed(&s, s2), 0);
	ck_assert_int_eq(open_amount(&s, s3), 3000);
	ck_assert_int_eq(open_amount(&s, e), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM allocations a JOIN "
	    "ledger_entries e ON e.id = a.credit_entry_id WHERE "
	    "e.store_id = %lld AND e.number = '%s'", s.id, e), 2);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "store_id = %lld AND number = '%s' AND reference = 'R-1' AND "
	    "staff_id = %lld", s.id, e, s.admin_id), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'entry.post' AND object_id = '%s' "
	    "AND after_json LIKE '%%\"kind\":\"settlement\"%%'", s.id, acct),
	    1);
	free(e);

	/* The rest, in full. */
	settle(&s, acct, "method=cash&mode=whole&amount=35.00", &resp);
	e = expect_receipt(&s, acct, &resp, 3500, "cash");
	ck_assert_int_eq(balance(&s, acct), 0);
	ck_assert_int_eq(closed(&s, s2), 1);
	ck_assert_int_eq(closed(&s, s3), 1);
	free(e);

	/* Nothing owed: the form warns, the settlement is credit in hand. */
	form_get(&s.c, acct, &f, &resp);
	ck_assert(response_contains(&resp, "This account owes nothing"));
	ck_assert(response_contains(&resp, "There are no open charges"));
	response_free(&resp);
	shown_free(&f);
	settle(&s, acct, "method=cash&mode=whole&amount=12.50", &resp);
	e = expect_receipt(&s, acct, &resp, 1250, "cash");
	ck_assert_int_eq(balance(&s, acct), 1250);
	ck_assert_int_eq(open_amount(&s, e), 1250);
	free(e);
	itest_ledger_check();
	free(s1);
	free(s2);
	free(s3);
	free(acct);
	shop_close(&s);
}
END_TEST

/* More than is owed: the charges close and the rest is unapplied credit in hand. */
START_TEST(test_overpay_unapplied)
{
	struct shop	 s;
	struct response	 resp;
	char		*acct, *s1, *s2, *e, path[96];

	shop_open(&s);
	acct = account_new(&s);
	sales_add(&s, acct, 1, 1000);
	sales_add(&s, acct, 1, 2000);
	s1 = sale_number(&s, 0);
	s2 = sale_number(&s, 1);
	settle(&s, acct, "method=cash&mode=whole&amount=45", &resp);
	e = expect_receipt(&s, acct, &resp, 4500, "cash");
	ck_assert_int_eq(balance(&s, acct), 1500);
	ck_assert_int_eq(closed(&s, s1), 1);
	ck_assert_int_eq(closed(&s, s2), 1);
	ck_assert_int_eq(sql_long("SELECT o.open_amount FROM open_items o "
	    "JOIN ledger_entries e ON e.id = o.entry_id WHERE "
	    "e.store_id = %lld AND e.number = '%s' AND o.side = 'C' AND "
	    "o.closed_at IS NULL", s.id, e), 1500);
	snprintf(path, sizeof(path), "/accounts/%s/settlements", acct);
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	ck_assert(response_contains(&resp, "€45.00"));
	ck_assert(response_contains(&resp, "<td class=\"num\">€15.00</td>"));
	ck_assert(response_contains(&resp, "class=\"total-unapplied\">€15.00"));
	response_free(&resp);
	itest_ledger_check();
	free(e);
	free(s1);
	free(s2);
	free(acct);
	shop_close(&s);
}
END_TEST

/* Chosen lines with partial amounts; a larger total goes to the oldest charges. */
START_TEST(test_chosen_lines)
{
	struct shop	 s;
	struct response	 resp;
	struct shown	 f;
	char		*acct, *s1, *s2, *s3, *e, rest[256], where[96];
	long long	 n;

	shop_open(&s);
	acct = account_new(&s);
	sales_add(&s, acct, 1, 1000);
	sales_add(&s, acct, 1, 2000);
	sales_add(&s, acct, 1, 3000);
	s1 = sale_number(&s, 0);
	s2 = sale_number(&s, 1);
	s3 = sale_number(&s, 2);

	/* The lines are on the form, each with its open amount. */
	{
		char		 field[64], *v;

		form_get(&s.c, acct, &f, &resp);
		snprintf(field, sizeof(field), "amount_%s", s3);
		v = html_input_value(resp.body, field);
		ck_assert_ptr_nonnull(v);
		ck_assert_str_eq(v, "30.00");
		free(v);
		response_free(&resp);
		shown_free(&f);
	}

	/* 5.00 of the second and all of the third: 35.00, the first untouched. */
	snprintf(rest, sizeof(rest), "method=cheque&mode=lines&total=&amount=60&"
	    "line=%s&amount_%s=5&line=%s&amount_%s=30.00&amount_%s=10.00",
	    s2, s2, s3, s3, s1);
	sql_exec("UPDATE stores SET pay_cheque = 1 WHERE id = %lld", s.id);
	settle(&s, acct, rest, &resp);
	e = expect_receipt(&s, acct, &resp, 3500, "cheque");
	ck_assert_int_eq(balance(&s, acct), -2500);
	ck_assert_int_eq(open_amount(&s, s1), 1000);
	ck_assert_int_eq(open_amount(&s, s2), 1500);
	ck_assert_int_eq(open_amount(&s, s3), 0);
	ck_assert_int_eq(closed(&s, s3), 1);
	free(e);

	/* 15.00 of the second with 20.00 paid: the 5.00 over goes to the oldest. */
	snprintf(rest, sizeof(rest), "method=cash&mode=lines&amount=60&total=20&"
	    "line=%s&amount_%s=15", s2, s2);
	form_get(&s.c, acct, &f, &resp);
	response_free(&resp);
	settle_post(&s.c, s.csrf, acct, &f, rest, &resp);
	e = expect_receipt(&s, acct, &resp, 2000, "cash");
	/* Sent again, its line now closed: the first receipt, nothing posted. */
	n = entries(&s);
	snprintf(where, sizeof(where), "/accounts/%s/entries/%s", acct, e);
	ck_assert_int_eq(settle_post(&s.c, s.csrf, acct, &f, rest, &resp),
	    303);
	expect_see_other(&resp, where);
	ck_assert_int_eq(entries(&s), n);
	shown_free(&f);
	ck_assert_int_eq(balance(&s, acct), -500);
	ck_assert_int_eq(open_amount(&s, s1), 500);
	ck_assert_int_eq(closed(&s, s2), 1);
	free(e);

	/* A total below the chosen lines is refused. */
	snprintf(rest, sizeof(rest), "method=cash&mode=lines&total=1&"
	    "line=%s&amount_%s=5", s1, s1);
	refused(&s, acct, rest, "less than the chosen transactions add up to "
	    "(€5.00)");
	itest_ledger_check();
	free(s1);
	free(s2);
	free(s3);
	free(acct);
	shop_close(&s);
}
END_TEST

/* Lines for more than is open, of another account, closed, or none: refused beside them, nothing posted. */
START_TEST(test_line_refusals)
{
	struct shop	 s;
	struct response	 resp;
	char		*acct, *other, *s1, *s2, *o1, rest[256], id[64];

	shop_open(&s);
	acct = account_new(&s);
	other = account_new(&s);
	sales_add(&s, acct, 1, 1000);
	sales_add(&s, acct, 1, 2000);
	sales_add(&s, other, 1, 700);
	s1 = sale_number(&s, 0);
	s2 = sale_number(&s, 1);
	o1 = sale_number(&s, 2);

	/* More than is open on a line: the message beside that line. */
	snprintf(rest, sizeof(rest), "method=cash&mode=lines&line=%s&"
	    "amount_%s=10&line=%s&amount_%s=20.01", s1, s1, s2, s2);
	snprintf(id, sizeof(id), "id=\"amount-%s-error\"", s2);
	refused(&s, acct, rest, id);
	refused(&s, acct, rest, "That is more than is open on it (€20.00).");
	snprintf(id, sizeof(id), "id=\"amount-%s-error\"", s1);
	settle(&s, acct, rest, &resp);
	ck_assert_int_eq(resp.status, 422);
	ck_assert(!response_contains(&resp, id));
	/* The person's input is kept. */
	snprintf(id, sizeof(id), "name=\"amount_%s\" value=\"20.01\"", s2);
	ck_assert(response_contains(&resp, id));
	snprintf(id, sizeof(id), "value=\"%s\" checked", s2);
	ck_assert(response_contains(&resp, id));
	response_free(&resp);

	/* Zero, negative, over-precise and not an amount on a line. */
	snprintf(rest, sizeof(rest), "method=cash&mode=lines&line=%s&"
	    "amount_%s=0", s1, s1);
	refused(&s, acct, rest, "Enter an amount above zero.");
	snprintf(rest, sizeof(rest), "method=cash&mode=lines&line=%s&"
	    "amount_%s=-5", s1, s1);
	refused(&s, acct, rest, "This cannot be negative.");
	snprintf(rest, sizeof(rest), "method=cash&mode=lines&line=%s&"
	    "amount_%s=1.234", s1, s1);
	refused(&s, acct, rest, "more decimal places");
	snprintf(rest, sizeof(rest), "method=cash&mode=lines&line=%s&"
	    "amount_%s=5&line=%s&amount_%s=5", s1, s1, s1, s1);
	refused(&s, acct, rest, "chosen twice");

	/* A charge of another account, and one that does not exist. */
	snprintf(rest, sizeof(rest), "method=cash&mode=lines&line=%s&"
	    "amount_%s=7", o1, o1);
	refused(&s, acct, rest, "not an open charge of this account");
	refused(&s, acct, "method=cash&mode=lines&line=E999999&"
	    "amount_E999999=1", "not an open charge of this account");
	refused(&s, acct, "method=cash&mode=lines&line=%3Cb%3E&"
	    "amount_%3Cb%3E=1", "not an open charge of this account");
	refused(&s, acct, "method=cash&mode=lines&amount=5",
	    "Choose at least one transaction");

	/* A closed charge. */
	snprintf(rest, sizeof(rest), "method=cash&mode=lines&line=%s&"
	    "amount_%s=10", s1, s1);
	settle(&s, acct, rest, &resp);
	free(expect_receipt(&s, acct, &resp, 1000, "cash"));
	ck_assert_int_eq(closed(&s, s1), 1);
	refused(&s, acct, rest, "not an open charge of this account");
	ck_assert_int_eq(open_amount(&s, o1), 700);
	itest_ledger_check();
	free(s1);
	free(s2);
	free(o1);
	free(other);
	free(acct);
	shop_close(&s);
}
END_TEST

/* Zero, negative, over-precise, absurd amounts, a bad medium or mode, a long reference: refused, nothing posted. */
START_TEST(test_amounts_and_fields_refused)
{
	struct shop	 s;
	char		*acct, rest[512];
	struct response	 resp;
	int		 i;

	shop_open(&s);
	acct = account_new(&s);
	sales_add(&s, acct, 1, 1000);
	refused(&s, acct, "method=cash&mode=whole&amount=0",
	    "Enter an amount above zero.");
	refused(&s, acct, "method=cash&mode=whole&amount=",
	    "Enter the amount paid.");
	refused(&s, acct, "method=cash&mode=whole&amount=-5",
	    "This cannot be negative.");
	refused(&s, acct, "method=cash&mode=whole&amount=1.001",
	    "more decimal places");
	refused(&s, acct, "method=cash&mode=whole&amount="
	    "99999999999999999999", "The amount is too large.");
	refused(&s, acct, "method=cash&mode=whole&amount=abc",
	    "Enter an amount such as");
	refused(&s, acct, "method=gold&mode=whole&amount=5",
	    "Choose how the customer paid.");
	refused(&s, acct, "method=cheque&mode=whole&amount=5",
	    "Choose how the customer paid.");
	refused(&s, acct, "method=cash&mode=some&amount=5",
	    "Choose the whole balance or chosen transactions.");
	strcpy(rest, "method=cash&mode=whole&amount=5&reference=");
	for (i = 0; i < 65; i++)
		strcat(rest, "x");
	refused(&s, acct, rest, "id=\"reference-error\"");
	/* A form without its hidden fields is not ours. */
	snprintf(rest, sizeof(rest), "/accounts/%s/settle", acct);
	ck_assert_int_eq(shop_post(&s.c, rest, form_encode("csrf", s.csrf, "method", "cash", "mode", "whole",
	    "amount", "5", NULL), &resp), 400);
	response_free(&resp);
	ck_assert_int_eq(balance(&s, acct), -1000);
	itest_ledger_check();
	free(acct);
	shop_close(&s);
}
END_TEST

/* A form shown before the account changed: 409 with the new figures; then once, however often it is sent. */
START_TEST(test_stale_then_once)
{
	struct shop		 s;
	struct response		 resp;
	struct shown		 f, again;
	struct unchanged	 u;
	char			*acct, *e, where[96];
	long long		 n;

	shop_open(&s);
	acct = account_new(&s);
	sales_add(&s, acct, 1, 1000);
	form_get(&s.c, acct, &f, &resp);
	response_free(&resp);
	sales_add(&s, acct, 1, 2500);
	unchanged_take(&s, acct, &u);
	ck_assert_int_eq(settle_post(&s.c, s.csrf, acct, &f,
	    "method=cash&mode=whole&amount=10", &resp), 409);
	ck_assert(response_contains(&resp, "The account changed since this "
	    "form was shown"));
	ck_assert(response_contains(&resp, "€35.00 owing"));
	ck_assert(response_contains(&resp, "value=\"10\""));
	again.once = html_input_value(resp.body, "once");
	again.version = html_input_value(resp.body, "version");
	ck_assert_str_eq(again.once, f.once);
	ck_assert_str_ne(again.version, f.version);
	response_free(&resp);
	unchanged_check(&s, acct, &u);

	/* Sent again with the new figures: posted. */
	ck_assert_int_eq(settle_post(&s.c, s.csrf, acct, &again,
	    "method=cash&mode=whole&amount=35", &resp), 303);
	e = expect_receipt(&s, acct, &resp, 3500, "cash");
	n = entries(&s);
	ck_assert_int_eq(balance(&s, acct), 0);

	/* The same form again, twice: the first receipt, nothing posted. */
	snprintf(where, sizeof(where), "/accounts/%s/entries/%s", acct, e);
	ck_assert_int_eq(settle_post(&s.c, s.csrf, acct, &again,
	    "method=cash&mode=whole&amount=35", &resp), 303);
	expect_see_other(&resp, where);
	ck_assert_int_eq(settle_post(&s.c, s.csrf, acct, &f,
	    "method=cash&mode=whole&amount=35", &resp), 303);
	expect_see_other(&resp, where);
	ck_assert_int_eq(entries(&s), n);
	ck_assert_int_eq(balance(&s, acct), 0);
	itest_ledger_check();
	free(e);
	shown_free(&f);
	shown_free(&again);
	free(acct);
	shop_close(&s);
}
END_TEST

/* Changes account as the Administrator with the edit form's fields in rest. */
static void
account_edit(struct shop *s, const char *acct, const char *status,
    const char *hold)
{
	struct response	 resp;
	char		 path[96];

	snprintf(path, sizeof(path), "/accounts/%s", acct);
	ck_assert_int_eq(shop_post(&s->c, path, form_encode("csrf", s->csrf,
	    "credit_limit", "10000", "pay_later", "1", "on_hold", hold,
	    "hold_reason", *hold == '1' ? "Disputed" : "", "status", status,
	    NULL), &resp), 303);
	response_free(&resp);
}

/* Accounts on hold and inactive accounts still settle what they owe. */
START_TEST(test_on_hold_and_inactive)
{
	struct shop	 s;
	struct response	 resp;
	struct shown	 f;
	char		*acct;

	shop_open(&s);
	acct = account_new(&s);
	sales_add(&s, acct, 2, 1000);
	account_edit(&s, acct, "active", "1");
	ck_assert_int_eq(sql_long("SELECT on_hold FROM accounts WHERE "
	    "store_id = %lld AND number = '%s'", s.id, acct), 1);
	form_get(&s.c, acct, &f, &resp);
	ck_assert(response_contains(&resp, "on hold"));
	response_free(&resp);
	shown_free(&f);
	settle(&s, acct, "method=cash&mode=whole&amount=10", &resp);
	free(expect_receipt(&s, acct, &resp, 1000, "cash"));
	account_edit(&s, acct, "inactive", "0");
	settle(&s, acct, "method=eft&mode=whole&amount=10", &resp);
	free(expect_receipt(&s, acct, &resp, 1000, "eft"));
	ck_assert_int_eq(balance(&s, acct), 0);
	itest_ledger_check();
	free(acct);
	shop_close(&s);
}
END_TEST

/* Bank transfers only with the store's bank account. */
START_TEST(test_bank_transfer_needs_bank_account)
{
	struct shop	 s;
	struct response	 resp;
	struct shown	 f;
	char		*acct;

	shop_open(&s);
	acct = account_new(&s);
	sales_add(&s, acct, 1, 1000);
	form_get(&s.c, acct, &f, &resp);
	ck_assert(!response_contains(&resp, "value=\"bank_transfer\""));
	ck_assert(response_contains(&resp, "EFT / card"));
	response_free(&resp);
	shown_free(&f);
	sql_exec("UPDATE stores SET pay_bank_transfer = 1, bank_iban = '' "
	    "WHERE id = %lld", s.id);
	form_get(&s.c, acct, &f, &resp);
	ck_assert(response_contains(&resp, "value=\"bank_transfer\" disabled"));
	ck_assert(response_contains(&resp, "<a href=\"/settings\">Settings</a>"));
	response_free(&resp);
	shown_free(&f);
	refused(&s, acct, "method=bank_transfer&mode=whole&amount=10",
	    "id=\"method-error\"");
	sql_exec("UPDATE stores SET bank_iban = 'DE89370400440532013000' "
	    "WHERE id = %lld", s.id);
	settle(&s, acct, "method=bank_transfer&mode=whole&amount=10&"
	    "reference=TR-9", &resp);
	free(expect_receipt(&s, acct, &resp, 1000, "bank_transfer"));
	itest_ledger_check();
	free(acct);
	shop_close(&s);
}
END_TEST

/* A Clerk whose group needs a manager code: refused without it, posted with it and the approver kept; None is 403. */
START_TEST(test_clerk_and_manager_code)
{
	struct shop		 s;
	struct client		 c;
	struct response		 resp;
	struct shown		 f;
	struct unchanged	 u;
	char			*acct, *clerk, *csrf, *e, rest[256];
	long long		 clerk_group;

	shop_open(&s);
	acct = account_new(&s);
	sales_add(&s, acct, 1, 1000);
	ck_assert_int_eq(shop_post(&s.c, "/profile/manager-code", form_encode(
	    "csrf", s.csrf, "current_password", SHOP_PASSWORD, "manager_code",
	    MANAGER_CODE, "confirm_code", MANAGER_CODE, "do", "set", NULL),
	    &resp), 303);
	response_free(&resp);
	clerk_group = shop_group_id(s.id, "Clerk");
	sql_exec("UPDATE group_permissions SET level = 2 WHERE group_id = %lld "
	    "AND permission = 'make_settlements'", clerk_group);
	clerk = itest_email("clerk");
	shop_staff_add(s.code, clerk, "Clerk");
	shop_sign_in(&c, clerk, SHOP_PASSWORD, &csrf);

	form_get(&c, acct, &f, &resp);
	ck_assert(response_contains(&resp, "Manager approval"));
	response_free(&resp);
	unchanged_take(&s, acct, &u);
	ck_assert_int_eq(settle_post(&c, csrf, acct, &f,
	    "method=cash&mode=whole&amount=4", &resp), 422);
	ck_assert(response_contains(&resp, "id=\"manager_code-error\""));
	response_free(&resp);
	snprintf(rest, sizeof(rest), "method=cash&mode=whole&amount=4&"
	    "manager_id=%lld&manager_code=0000", s.admin_id);
	ck_assert_int_eq(settle_post(&c, csrf, acct, &f, rest, &resp), 422);
	response_free(&resp);
	unchanged_check(&s, acct, &u);
	snprintf(rest, sizeof(rest), "method=cash&mode=whole&amount=4&"
	    "manager_id=%lld&manager_code=%s", s.admin_id, MANAGER_CODE);
	ck_assert_int_eq(settle_post(&c, csrf, acct, &f, rest, &resp), 303);
	e = expect_receipt(&s, acct, &resp, 400, "cash");
	ck_assert_int_eq(sql_long("SELECT approver_id FROM ledger_entries "
	    "WHERE store_id = %lld AND number = '%s'", s.id, e), s.admin_id);
	ck_assert_int_eq(sql_long("SELECT staff_id FROM ledger_entries "
	    "WHERE store_id = %lld AND number = '%s'", s.id, e),
	    shop_staff_id(clerk));
	ck_assert_int_eq(sql_long("SELECT approver_id FROM audit_log WHERE "
	    "store_id = %lld AND action = 'entry.post' ORDER BY id DESC "
	    "LIMIT 1", s.id), s.admin_id);
	shown_free(&f);

	/* None: 403 on the form, the post and the lists; nothing changes. */
	sql_exec("UPDATE group_permissions SET level = 0 WHERE group_id = %lld "
	    "AND permission = 'make_settlements'", clerk_group);
	unchanged_take(&s, acct, &u);
	snprintf(rest, sizeof(rest), "/accounts/%s/settle", acct);
	ck_assert_int_eq(shop_get(&c, rest, &resp), 403);
	response_free(&resp);
	ck_assert_int_eq(shop_post(&c, rest, form_encode("csrf", csrf,
	    "method", "cash", "mode", "whole", "amount", "1", NULL), &resp),
	    403);
	response_free(&resp);
	ck_assert_int_eq(shop_get(&c, "/settlements", &resp), 403);
	response_free(&resp);
	ck_assert_int_eq(shop_get(&c, "/settlements.csv", &resp), 403);
	response_free(&resp);
	unchanged_check(&s, acct, &u);
	itest_ledger_check();
	client_free(&c);
	free(e);
	free(csrf);
	free(clerk);
	free(acct);
	shop_close(&s);
}
END_TEST

/* Another store's account is not found; neither are its settlements. */
START_TEST(test_other_store_not_found)
{
	struct shop	 s, t;
	struct response	 resp;
	char		*acct, *a2, *a3, path[96];

	shop_open(&s);
	shop_open(&t);
	acct = account_new(&s);
	a2 = account_new(&s);
	a3 = account_new(&t);
	sales_add(&s, a2, 1, 1000);
	settle(&s, a2, "method=cash&mode=whole&amount=10&reference=SECRET",
	    &resp);
	free(expect_receipt(&s, a2, &resp, 1000, "cash"));
	snprintf(path, sizeof(path), "/accounts/%s/settle", a2);
	ck_assert_int_eq(shop_get(&t.c, path, &resp), 404);
	response_free(&resp);
	ck_assert_int_eq(shop_post(&t.c, path, form_encode("csrf", t.csrf,
	    "method", "cash", "mode", "whole", "amount", "1", NULL), &resp),
	    404);
	response_free(&resp);
	snprintf(path, sizeof(path), "/accounts/%s/settlements", a2);
	ck_assert_int_eq(shop_get(&t.c, path, &resp), 404);
	response_free(&resp);
	snprintf(path, sizeof(path), "/settlements.csv?account=%s", a2);
	ck_assert_int_eq(shop_get(&t.c, path, &resp), 404);
	response_free(&resp);
	ck_assert_int_eq(shop_get(&t.c, "/settlements", &resp), 200);
	ck_assert(!response_contains(&resp, "SECRET"));
	response_free(&resp);
	free(acct);
	free(a2);
	free(a3);
	shop_close(&s);
	shop_close(&t);
}
END_TEST

/* The store's list and an account's: filters by medium, staff and dates, totals, CSV, pages. */
START_TEST(test_lists_filters_csv)
{
	struct shop	 s;
	struct client	 c;
	struct response	 resp;
	struct shown	 f;
	char		*a1, *a2, *other, *csrf, *today, *tomorrow, path[256];
	char		 rest[128];
	int		 i;

	shop_open(&s);
	a1 = account_new(&s);
	a2 = account_new(&s);
	sales_add(&s, a1, 1, 5000);
	sql_exec("UPDATE stores SET pay_cheque = 1 WHERE id = %lld", s.id);
	settle(&s, a1, "method=cash&mode=whole&amount=10&reference=CASH-1",
	    &resp);
	free(expect_receipt(&s, a1, &resp, 1000, "cash"));
	settle(&s, a1, "method=cheque&mode=whole&amount=20&reference=CHQ-1",
	    &resp);
	free(expect_receipt(&s, a1, &resp, 2000, "cheque"));
	other = itest_email("manager");
	shop_staff_add(s.code, other, "Manager");
	shop_sign_in(&c, other, SHOP_PASSWORD, &csrf);
	form_get(&c, a2, &f, &resp);
	response_free(&resp);
	ck_assert_int_eq(settle_post(&c, csrf, a2, &f,
	    "method=eft&mode=whole&amount=7.5&reference=EFT-1", &resp), 303);
	response_free(&resp);
	shown_free(&f);

	ck_assert_int_eq(shop_get(&s.c, "/settlements", &resp), 200);
	ck_assert(response_contains(&resp, "CASH-1"));
	ck_assert(response_contains(&resp, "CHQ-1"));
	ck_assert(response_contains(&resp, "EFT-1"));
	ck_assert(response_contains(&resp, "EFT / card"));
	ck_assert(response_contains(&resp, "class=\"total-count\">3<"));
	ck_assert(response_contains(&resp, "class=\"total-amount\">€37.50<"));
	ck_assert(response_contains(&resp, "class=\"total-unapplied\">€7.50<"));
	/* Newest first. */
	ck_assert(strstr(resp.body, "EFT-1") < strstr(resp.body, "CHQ-1"));
	ck_assert(strstr(resp.body, "CHQ-1") < strstr(resp.body, "CASH-1"));
	response_free(&resp);

	ck_assert_int_eq(shop_get(&s.c, "/settlements?medium=cheque", &resp),
	    200);
	ck_assert(response_contains(&resp, "CHQ-1"));
	ck_assert(!response_contains(&resp, "CASH-1"));
	ck_assert(!response_contains(&resp, "EFT-1"));
	ck_assert(response_contains(&resp, "class=\"total-count\">1<"));
	response_free(&resp);

	snprintf(path, sizeof(path), "/settlements?staff=%lld",
	    shop_staff_id(other));
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	ck_assert(response_contains(&resp, "EFT-1"));
	ck_assert(!response_contains(&resp, "CHQ-1"));
	response_free(&resp);

	today = sql_str("SELECT DATE_FORMAT(UTC_DATE(), '%%Y-%%m-%%d')");
	tomorrow = sql_str("SELECT DATE_FORMAT(UTC_DATE() + INTERVAL 1 DAY, "
	    "'%%Y-%%m-%%d')");
	snprintf(path, sizeof(path), "/settlements?from=%s&to=%s", today,
	    today);
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	ck_assert(response_contains(&resp, "class=\"total-count\">3<"));
	response_free(&resp);
	snprintf(path, sizeof(path), "/settlements?from=%s", tomorrow);
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	ck_assert(response_contains(&resp, "No settlements match."));
	ck_assert(response_contains(&resp, "class=\"total-count\">0<"));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, "/settlements?from=2026-02-30",
	    &resp), 422);
	ck_assert(response_contains(&resp, "id=\"from-error\""));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, "/settlements?medium=gold", &resp),
	    422);
	ck_assert(response_contains(&resp, "id=\"medium-error\""));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, "/settlements?staff=x", &resp), 422);
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, "/settlements?before=abc", &resp),
	    400);
	response_free(&resp);

	/* The account's list has the account's alone. */
	snprintf(path, sizeof(path), "/accounts/%s/settlements", a2);
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	ck_assert(response_contains(&resp, "EFT-1"));
	ck_assert(!response_contains(&resp, "CHQ-1"));
	ck_assert(response_contains(&resp, "class=\"total-count\">1<"));
	response_free(&resp);

	/* CSV: the filtered set, newest first. */
	ck_assert_int_eq(shop_get(&s.c, "/settlements.csv", &resp), 200);
	ck_assert(response_contains(&resp, "number,time,account,customer,"
	    "amount,unapplied,medium,reference,staff,approver\r\n"));
	ck_assert(response_contains(&resp, ",7.50,7.50,eft,EFT-1,"));
	ck_assert(response_contains(&resp, ",20.00,0.00,cheque,CHQ-1,"));
	ck_assert(strstr(resp.body, "EFT-1") < strstr(resp.body, "CASH-1"));
	response_free(&resp);
	snprintf(path, sizeof(path), "/settlements.csv?medium=cash&account=%s",
	    a1);
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	ck_assert(response_contains(&resp, "CASH-1"));
	ck_assert(!response_contains(&resp, "CHQ-1"));
	ck_assert(!response_contains(&resp, "EFT-1"));
	response_free(&resp);

	/* Pages of 50 by key. */
	for (i = 0; i < 50; i++) {
		snprintf(rest, sizeof(rest), "method=cash&mode=whole&amount=1&"
		    "reference=P-%02d", i);
		settle(&s, a1, rest, &resp);
		response_free(&resp);
	}
	ck_assert_int_eq(shop_get(&s.c, "/settlements", &resp), 200);
	ck_assert(response_contains(&resp, "P-49"));
	ck_assert(!response_contains(&resp, "CASH-1"));
	ck_assert(response_contains(&resp, "class=\"total-count\">53<"));
	{
		char	*older = strstr(resp.body, "?before=");
		char	*end;

		ck_assert_ptr_nonnull(older);
		end = strchr(older, '"');
		snprintf(path, sizeof(path), "/settlements%.*s",
		    (int)(end - older), older);
	}
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	ck_assert(response_contains(&resp, "CASH-1"));
	ck_assert(response_contains(&resp, "CHQ-1"));
	ck_assert(response_contains(&resp, "EFT-1"));
	ck_assert(!response_contains(&resp, "P-49"));
	ck_assert(response_contains(&resp, ">Newest</a>"));
	response_free(&resp);
	itest_ledger_check();
	client_free(&c);
	free(today);
	free(tomorrow);
	free(csrf);
	free(other);
	free(a1);
	free(a2);
	shop_close(&s);
}
END_TEST

/* 1,000 open charges: the form shows the oldest, and one settlement settles all of them in under a second. */
START_TEST(test_thousand_charges)
{
	struct shop	 s;
	struct response	 resp;
	struct shown	 f;
	char		*acct, *first, *last, rest[4096], id[64];
	size_t		 n = 0;
	int		 i;

	shop_open(&s);
	acct = account_new(&s);
	sales_add(&s, acct, 1000, 100);
	ck_assert_int_eq(balance(&s, acct), -100000);
	form_get(&s.c, acct, &f, &resp);
	ck_assert(response_contains(&resp, "the oldest 80 of 1000 are shown"));
	ck_assert_msg(resp.seconds < 1.0, "the form took %.3f s", resp.seconds);
	first = sale_number(&s, 79);
	last = sale_number(&s, 80);
	snprintf(id, sizeof(id), "value=\"%s\"", first);
	ck_assert(response_contains(&resp, id));
	snprintf(id, sizeof(id), "value=\"%s\"", last);
	ck_assert(!response_contains(&resp, id));
	response_free(&resp);

	/* The 80 lines shown, chosen at once, parse and post quickly. */
	n = (size_t)snprintf(rest, sizeof(rest), "method=cash&mode=lines");
	for (i = 0; i < 80; i++) {
		char	*num = sale_number(&s, i);

		n += (size_t)snprintf(rest + n, sizeof(rest) - n,
		    "&line=%s&amount_%s=0.50", num, num);
		free(num);
	}
	ck_assert(n < sizeof(rest));
	ck_assert_int_eq(settle_post(&s.c, s.csrf, acct, &f, rest, &resp),
	    303);
	ck_assert_msg(resp.seconds < 1.0, "80 lines took %.3f s",
	    resp.seconds);
	free(expect_receipt(&s, acct, &resp, 4000, "cash"));
	shown_free(&f);
	ck_assert_int_eq(open_amount(&s, first), 50);

	/* The whole balance in one settlement. */
	settle(&s, acct, "method=cash&mode=whole&amount=960", &resp);
	ck_assert_int_eq(resp.status, 303);
	ck_assert_msg(resp.seconds < 1.0, "settling 1,000 charges took "
	    "%.3f s", resp.seconds);
	fprintf(stderr, "settlements: 1,000 open charges settled in %.3f s\n",
	    resp.seconds);
	free(expect_receipt(&s, acct, &resp, 96000, "cash"));
	ck_assert_int_eq(balance(&s, acct), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM open_items WHERE "
	    "store_id = %lld AND side = 'D' AND closed_at IS NULL", s.id), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM allocations WHERE "
	    "store_id = %lld", s.id), 1080);
	itest_ledger_check();
	free(first);
	free(last);
	free(acct);
	shop_close(&s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("settlements");
	TCase	*tc = itest_tcase("settlements");
	int	 rc;

	/* Stores with accounts stay (ledger entries are never deleted). */
	shop_begin();
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_whole_balance_oldest_first);
	tcase_add_test(tc, test_overpay_unapplied);
	tcase_add_test(tc, test_chosen_lines);
	tcase_add_test(tc, test_line_refusals);
	tcase_add_test(tc, test_amounts_and_fields_refused);
	tcase_add_test(tc, test_stale_then_once);
	tcase_add_test(tc, test_on_hold_and_inactive);
	tcase_add_test(tc, test_bank_transfer_needs_bank_account);
	tcase_add_test(tc, test_clerk_and_manager_code);
	tcase_add_test(tc, test_other_store_not_found);
	tcase_add_test(tc, test_lists_filters_csv);
	tcase_add_test(tc, test_thousand_charges);
	suite_add_tcase(s, tc);
	rc = itest_run(s);
	if (shop_cleanup() == -1)
		rc = EXIT_FAILURE;
	return rc;
}
