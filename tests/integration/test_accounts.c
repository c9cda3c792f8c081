/* test_accounts.c: client accounts: creating (with an opening balance, a new customer, several at once), checks, the list, the page, editing, the export, slatectl. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "client.h"
#include "shop.h"

#define ADMIN_CODE	"2468"

/* Adds a customer to the shop's store with slatectl; returns its code (free it). */
static char *
customer_new(const struct shop *s, const char *name)
{
	char	*out = NULL, *err = NULL, *nl;
	int	 rc;

	rc = itest_slatectl(NULL, &out, &err, "customer", "add", "--name",
	    name, "--store", s->code, NULL);
	ck_assert_msg(rc == 0, "slatectl customer add: %s", err);
	if ((nl = strrchr(out, '\n')) != NULL)
		*nl = '\0';
	free(err);
	return out;
}

/* The number of accounts of the shop's store. */
static long long
accounts_count(const struct shop *s)
{
	return sql_long("SELECT COUNT(*) FROM accounts WHERE store_id = %lld",
	    s->id);
}

/* A column of account number of the shop's store, as a number. */
static long long
account_long(const struct shop *s, const char *column, const char *number)
{
	return sql_long("SELECT %s FROM accounts WHERE store_id = %lld AND "
	    "number = '%s'", column, s->id, number);
}

/* How many times needle occurs in the body. */
static int
body_count(const struct response *resp, const char *needle)
{
	const char	*p = resp->body;
	int		 n = 0;

	while (p != NULL && (p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/* POSTs a new account for customer code with limit and opening; expects where. */
static void
account_create_ok(struct shop *s, const char *code, const char *limit,
    const char *opening, const char *where)
{
	struct response	 resp;

	ck_assert_int_eq(shop_post(&s->c, "/accounts", form_encode("csrf",
	    s->csrf, "customer", code, "credit_limit", limit, "opening",
	    opening, "restrict_credit", "1", "pay_later", "1", NULL), &resp),
	    303);
	expect_see_other(&resp, where);
}

/* The credit limit typed as text must be refused with what, nothing saved. */
static void
limit_refused(struct shop *s, const char *code, const char *text,
    const char *what)
{
	struct response	 resp;
	long long	 before = accounts_count(s);

	shop_post(&s->c, "/accounts", form_encode("csrf", s->csrf, "customer",
	    code, "credit_limit", text, NULL), &resp);
	ck_assert_msg(response_contains(&resp, "id=\"credit_limit-error\""),
	    "'%s': no message beside the limit", text);
	ck_assert_msg(response_contains(&resp, "aria-describedby=\""
	    "credit_limit-error\""), "'%s': the field is not described", text);
	expect_refused(&resp, what);
	ck_assert_int_eq(accounts_count(s), before);
}

/* Creates an account for code with a settlement rule starting on start. */
static void
account_create_scheduled(struct shop *s, const char *code, const char *rule,
    const char *start)
{
	struct response	 resp;

	ck_assert_int_eq(shop_post(&s->c, "/accounts", form_encode("csrf",
	    s->csrf, "customer", code, "credit_limit", "0", "opening", "",
	    "frequency", rule, "frequency_start", start, NULL), &resp), 303);
	response_free(&resp);
}

/* The list's "statement due" filter: a next statement within 7 days, or past. */
START_TEST(test_statement_due_filter)
{
	struct shop	 s;
	struct response	 resp;
	char		*code, *today, *later, path[128];

	shop_open(&s);
	code = customer_new(&s, "Due Soon");
	today = sql_str("SELECT DATE_FORMAT(UTC_DATE() - INTERVAL 1 DAY, "
	    "'%%Y-%%m-%%d')");
	later = sql_str("SELECT DATE_FORMAT(UTC_DATE() + INTERVAL 40 DAY, "
	    "'%%Y-%%m-%%d')");
	/* A000001 every day from yesterday; A000002 from 40 days ahead; A000003 none. */
	account_create_scheduled(&s, code, "every 1 day", today);
	account_create_scheduled(&s, code, "every 1 month on day 1", later);
	account_create_ok(&s, code, "0", "", "/accounts/A000003?created=1");
	ck_assert_int_eq(sql_long("SELECT next_statement_on IS NOT NULL AND "
	    "next_statement_on <= UTC_DATE() + INTERVAL 1 DAY FROM accounts "
	    "WHERE store_id = %lld AND number = 'A000001'", s.id), 1);
	ck_assert_int_eq(sql_long("SELECT next_statement_on >= UTC_DATE() + "
	    "INTERVAL 39 DAY FROM accounts WHERE store_id = %lld AND "
	    "number = 'A000002'", s.id), 1);
	ck_assert_int_eq(sql_long("SELECT next_statement_on IS NULL FROM "
	    "accounts WHERE store_id = %lld AND number = 'A000003'", s.id), 1);
	snprintf(path, sizeof(path), "/accounts?due=1");
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	ck_assert(response_contains(&resp, ">A000001<"));
	ck_assert(!response_contains(&resp, ">A000002<"));
	ck_assert(!response_contains(&resp, ">A000003<"));
	ck_assert(response_contains(&resp, "name=\"due\" value=\"1\" checked"));
	response_free(&resp);
	/* Moving the rule's start moves the date: A000001 is no longer due. */
	ck_assert_int_eq(shop_post(&s.c, "/accounts/A000001", form_encode(
	    "csrf", s.csrf, "credit_limit", "0", "frequency", "every 1 day",
	    "frequency_start", later, "status", "active", NULL), &resp), 303);
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	ck_assert(!response_contains(&resp, ">A000001<"));
	response_free(&resp);
	free(today);
	free(later);
	free(code);
	shop_close(&s);
}
END_TEST

START_TEST(test_create_with_opening_balance)
{
	struct shop	 s;
	struct response	 resp;
	char		*code;

	shop_open(&s);
	code = customer_new(&s, "Grace Hopper");
	account_create_ok(&s, code, "500", "-120.00",
	    "/accounts/A000001?created=1");
	ck_assert_int_eq(account_long(&s, "balance", "A000001"), -12000);
	ck_assert_int_eq(account_long(&s, "credit_limit", "A000001"), 50000);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries e JOIN "
	    "accounts a ON a.id = e.account_id WHERE a.store_id = %lld AND "
	    "e.kind = 'opening' AND e.amount = -12000 AND "
	    "e.balance_after = -12000", s.id), 1);
	ck_assert_int_eq(sql_long("SELECT COALESCE(SUM(e.amount), 0) - "
	    "MAX(a.balance) FROM accounts a JOIN ledger_entries e ON "
	    "e.account_id = a.id WHERE a.store_id = %lld", s.id), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'account.create' AND object_id = "
	    "'A000001' AND actor_type = 'staff'", s.id), 1);

	/* Numbers follow on; no opening balance, no entry. */
	account_create_ok(&s, code, "0", "", "/accounts/A000002?created=1");
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries e JOIN "
	    "accounts a ON a.id = e.account_id WHERE a.number = 'A000002' AND "
	    "a.store_id = %lld", s.id), 0);

	ck_assert_int_eq(shop_get(&s.c, "/accounts/A000001?created=1", &resp),
	    200);
	ck_assert(response_contains(&resp, "\xe2\x82\xac" "120.00 owing"));
	/* Pay later with a limit of 500, owing 120: 380 to spend. */
	ck_assert(response_contains(&resp, "\xe2\x82\xac" "380.00"));
	ck_assert(response_contains(&resp, "Grace Hopper"));
	ck_assert(response_contains(&resp, "Opening balance"));
	ck_assert(response_contains(&resp, "The account was created."));
	response_free(&resp);
	free(code);
	shop_close(&s);
}
END_TEST

START_TEST(test_create_with_new_customer)
{
	struct shop	 s;
	struct response	 resp;

	shop_open(&s);
	/* A search that finds no one offers the new customer's fields. */
	ck_assert_int_eq(shop_get(&s.c, "/accounts/new?q=Nobody", &resp), 200);
	ck_assert(response_contains(&resp, "No customer matches"));
	ck_assert(response_contains(&resp, "name=\"customer_name\""));
	response_free(&resp);

	/* A bad account field: neither customer nor account is written. */
	shop_post(&s.c, "/accounts", form_encode("csrf", s.csrf,
	    "customer_name", "New Person", "credit_limit", "-5", NULL), &resp);
	ck_assert(response_contains(&resp, "value=\"New Person\""));
	expect_refused(&resp, "A credit limit cannot be negative.");
	/* A bad customer field: the same. */
	shop_post(&s.c, "/accounts", form_encode("csrf", s.csrf,
	    "customer_name", "New Person", "customer_email", "not an email",
	    "credit_limit", "10", NULL), &resp);
	ck_assert(response_contains(&resp, "id=\"customer_email-error\""));
	expect_refused(&resp, "customer_email");
	/* No customer at all. */
	shop_post(&s.c, "/accounts", form_encode("csrf", s.csrf,
	    "credit_limit", "10", NULL), &resp);
	expect_refused(&resp, "Choose a customer");
	/* A customer code of no customer. */
	shop_post(&s.c, "/accounts", form_encode("csrf", s.csrf,
	    "customer", "C999999", "credit_limit", "10", NULL), &resp);
	expect_refused(&resp, "There is no customer with that code");
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM customers WHERE "
	    "store_id = %lld", s.id), 0);
	ck_assert_int_eq(accounts_count(&s), 0);

	ck_assert_int_eq(shop_post(&s.c, "/accounts", form_encode("csrf",
	    s.csrf, "customer_name", "New Person", "customer_email",
	    "new@example.com", "credit_limit", "250", NULL), &resp), 303);
	expect_see_other(&resp, "/accounts/A000001?created=1");
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM customers c JOIN "
	    "accounts a ON a.customer_id = c.id WHERE c.store_id = %lld AND "
	    "c.name = 'New Person' AND a.number = 'A000001'", s.id), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action IN ('customer.create', "
	    "'account.create')", s.id), 2);

	/* The search now finds them, to be picked. */
	ck_assert_int_eq(shop_get(&s.c, "/accounts/new?q=New%20Per", &resp),
	    200);
	ck_assert(response_contains(&resp, "name=\"customer\" value=\"C000001\""));
	response_free(&resp);
	shop_close(&s);
}
END_TEST

START_TEST(test_amounts_as_typed)
{
	struct shop	 s;
	char		*code;

	shop_open(&s);
	code = customer_new(&s, "Amounts");
	account_create_ok(&s, code, "1,234.50", "", "/accounts/A000001?created=1");
	ck_assert_int_eq(account_long(&s, "credit_limit", "A000001"), 123450);
	account_create_ok(&s, code, "1234.5", "", "/accounts/A000002?created=1");
	ck_assert_int_eq(account_long(&s, "credit_limit", "A000002"), 123450);
	account_create_ok(&s, code, "\xe2\x82\xac" "12", "12 \xe2\x82\xac",
	    "/accounts/A000003?created=1");
	ck_assert_int_eq(account_long(&s, "credit_limit", "A000003"), 1200);
	ck_assert_int_eq(account_long(&s, "balance", "A000003"), 1200);

	limit_refused(&s, code, "12.345", "more decimal places");
	limit_refused(&s, code, "-5", "cannot be negative");
	limit_refused(&s, code, "abc", "Enter an amount");
	limit_refused(&s, code, "$12", "Enter an amount");
	free(code);
	shop_close(&s);
}
END_TEST

START_TEST(test_hold_and_rules_checked)
{
	struct shop	 s;
	struct response	 resp;
	char		*code;

	shop_open(&s);
	code = customer_new(&s, "Rules");
	shop_post(&s.c, "/accounts", form_encode("csrf", s.csrf, "customer",
	    code, "on_hold", "1", "hold_reason", "  ", NULL), &resp);
	ck_assert(response_contains(&resp, "id=\"hold_reason-error\""));
	expect_refused(&resp, "Say why the account is on hold.");

	shop_post(&s.c, "/accounts", form_encode("csrf", s.csrf, "customer",
	    code, "frequency", "every 0 weeks", NULL), &resp);
	ck_assert(response_contains(&resp, "id=\"frequency-error\""));
	ck_assert(response_contains(&resp, "value=\"every 0 weeks\""));
	expect_refused(&resp, "frequency-error");

	shop_post(&s.c, "/accounts", form_encode("csrf", s.csrf, "customer",
	    code, "frequency", "every 3 weeks on day 31", NULL), &resp);
	expect_refused(&resp, "id=\"frequency-error\"");

	shop_post(&s.c, "/accounts", form_encode("csrf", s.csrf, "customer",
	    code, "frequency", "every 1 month on day 1", "frequency_start",
	    "2026-02-30", NULL), &resp);
	expect_refused(&resp, "id=\"frequency_start-error\"");

	/* A good rule beside a bad field: the form shows its next five dates. */
	shop_post(&s.c, "/accounts", form_encode("csrf", s.csrf, "customer",
	    code, "credit_limit", "x", "frequency",
	    "every 3 weeks on first monday", "frequency_start", "2026-01-05",
	    NULL), &resp);
	ck_assert_int_eq(resp.status, 422);
	ck_assert_int_eq(body_count(&resp, "<li><time datetime="), 5);
	ck_assert(response_contains(&resp, "2026-01-05"));
	response_free(&resp);
	ck_assert_int_eq(accounts_count(&s), 0);

	ck_assert_int_eq(shop_post(&s.c, "/accounts", form_encode("csrf",
	    s.csrf, "customer", code, "on_hold", "1", "hold_reason",
	    "Cheque bounced", "frequency", "Every 3 weeks on first Monday",
	    "frequency_start", "2026-01-05", NULL), &resp), 303);
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, "/accounts/A000001", &resp), 200);
	ck_assert_int_eq(body_count(&resp, "<li><time datetime="), 5);
	ck_assert(response_contains(&resp, "On hold"));
	ck_assert(response_contains(&resp, "Cheque bounced"));
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM accounts WHERE "
	    "store_id = %lld AND frequency = 'every 3 weeks on first monday' "
	    "AND frequency_start = '2026-01-05'", s.id), 1);
	free(code);
	shop_close(&s);
}
END_TEST

START_TEST(test_batch_all_or_nothing)
{
	struct shop	 s;
	struct response	 resp;
	char		*a, *b;

	shop_open(&s);
	a = customer_new(&s, "Batch One");
	b = customer_new(&s, "Batch Two");
	ck_assert_int_eq(shop_get(&s.c, "/accounts/batch", &resp), 200);
	ck_assert(response_contains(&resp, "name=\"r19_customer\""));
	response_free(&resp);

	shop_post(&s.c, "/accounts/batch", form_encode("csrf", s.csrf,
	    "r0_customer", a, "r0_opening", "-10", "r0_credit_limit", "100",
	    "r1_customer", "C424242", "r1_credit_limit", "50",
	    "r2_customer", b, "r2_credit_limit", "-1", NULL), &resp);
	ck_assert(response_contains(&resp, "id=\"r1_customer-error\""));
	ck_assert(response_contains(&resp, "id=\"r2_credit_limit-error\""));
	ck_assert(!response_contains(&resp, "id=\"r0_customer-error\""));
	ck_assert(response_contains(&resp, "value=\"C424242\""));
	expect_refused(&resp, "There is no customer with that code");
	ck_assert_int_eq(accounts_count(&s), 0);

	shop_post(&s.c, "/accounts/batch", form_encode("csrf", s.csrf, NULL),
	    &resp);
	expect_refused(&resp, "Fill in at least one row.");

	ck_assert_int_eq(shop_post(&s.c, "/accounts/batch", form_encode("csrf",
	    s.csrf, "r0_customer", a, "r0_opening", "-10",
	    "r0_credit_limit", "100", "r0_pay_later", "1",
	    "r3_customer", b, "r3_credit_limit", "50", NULL), &resp), 303);
	expect_see_other(&resp, "/accounts?created=2");
	ck_assert_int_eq(accounts_count(&s), 2);
	ck_assert_int_eq(sql_long("SELECT SUM(balance) FROM accounts WHERE "
	    "store_id = %lld", s.id), -1000);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM accounts WHERE "
	    "store_id = %lld AND pay_later = 1 AND credit_limit = 10000", s.id),
	    1);
	free(a);
	free(b);
	shop_close(&s);
}
END_TEST

/* GETs the list at path and checks which of the numbers it shows. */
static void
list_shows(struct shop *s, const char *path, const char *shown,
    const char *hidden)
{
	struct response	 resp;
	char		 needle[32];
	const char	*p;

	ck_assert_int_eq(shop_get(&s->c, path, &resp), 200);
	for (p = shown; *p != '\0'; p += 7) {
		snprintf(needle, sizeof(needle), ">%.7s<", p);
		ck_assert_msg(response_contains(&resp, needle), "%s lacks %s",
		    path, needle);
	}
	for (p = hidden; *p != '\0'; p += 7) {
		snprintf(needle, sizeof(needle), ">%.7s<", p);
		ck_assert_msg(!response_contains(&resp, needle), "%s shows %s",
		    path, needle);
	}
	response_free(&resp);
}

START_TEST(test_list_filters_and_search)
{
	struct shop	 s;
	struct response	 resp;
	char		*plain, *other;

	shop_open(&s);
	plain = customer_new(&s, "Zed Plain");
	other = customer_new(&s, "Yolanda Other");
	/* A000001 plain; A000002 inactive; A000003 on hold; A000004 over limit (pay later); */
	account_create_ok(&s, plain, "0", "", "/accounts/A000001?created=1");
	ck_assert_int_eq(shop_post(&s.c, "/accounts", form_encode("csrf",
	    s.csrf, "customer", plain, "status", "inactive", NULL), &resp),
	    303);
	response_free(&resp);
	ck_assert_int_eq(shop_post(&s.c, "/accounts", form_encode("csrf",
	    s.csrf, "customer", other, "on_hold", "1", "hold_reason", "Moved",
	    NULL), &resp), 303);
	response_free(&resp);
	account_create_ok(&s, other, "50", "-100", "/accounts/A000004?created=1");

	list_shows(&s, "/accounts", "A000001A000002A000003A000004", "");
	list_shows(&s, "/accounts?status=inactive", "A000002",
	    "A000001A000003A000004");
	list_shows(&s, "/accounts?status=active", "A000001A000003A000004",
	    "A000002");
	list_shows(&s, "/accounts?hold=1", "A000003", "A000001A000002A000004");
	list_shows(&s, "/accounts?over=1", "A000004", "A000001A000002A000003");
	list_shows(&s, "/accounts?pay_later=1", "A000001A000004",
	    "A000002A000003");
	list_shows(&s, "/accounts?q=Yol", "A000003A000004", "A000001A000002");
	list_shows(&s, "/accounts?q=A000002", "A000002",
	    "A000001A000003A000004");
	list_shows(&s, "/accounts?q=%25", "", "A000001A000002A000003A000004");
	ck_assert_int_eq(shop_get(&s.c, "/accounts?q=Zed", &resp), 200);
	ck_assert(response_contains(&resp, "Inactive"));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, "/accounts?before=x", &resp), 400);
	response_free(&resp);
	free(plain);
	free(other);
	shop_close(&s);
}
END_TEST

START_TEST(test_list_pages)
{
	struct shop	 s;
	struct response	 resp;
	char		*code, *older, *amp;
	int		 i;

	shop_open(&s);
	code = customer_new(&s, "Many Accounts");
	for (i = 0; i < 55; i++) {
		char	 where[64];

		snprintf(where, sizeof(where), "/accounts/A%06d?created=1",
		    i + 1);
		account_create_ok(&s, code, "0", "", where);
	}
	ck_assert_int_eq(shop_get(&s.c, "/accounts", &resp), 200);
	ck_assert_int_eq(body_count(&resp, "<td><a href=\"/accounts/A"), 50);
	ck_assert(response_contains(&resp, ">A000055<"));
	ck_assert(!response_contains(&resp, ">A000005<"));
	older = strstr(resp.body, "rel=\"next\"");
	ck_assert_ptr_nonnull(older);
	older = strstr(resp.body, "/accounts?before=");
	ck_assert_ptr_nonnull(older);
	older = strndup(older, strcspn(older, "\""));
	response_free(&resp);
	while ((amp = strstr(older, "&amp;")) != NULL)
		memmove(amp + 1, amp + 5, strlen(amp + 5) + 1);
	ck_assert_int_eq(shop_get(&s.c, older, &resp), 200);
	ck_assert_int_eq(body_count(&resp, "<td><a href=\"/accounts/A"), 5);
	ck_assert(response_contains(&resp, ">A000001<"));
	ck_assert(!response_contains(&resp, "rel=\"next\""));
	response_free(&resp);
	free(older);
	free(code);
	shop_close(&s);
}
END_TEST

/*
 * Adds n deposits of 1.00 each to account number straight into the
 * ledger, with the balance, open items and allocations the ledger
 * would keep: each pays the opening charge while it is open, and is
 * credit in hand after.
 */
static void
entries_add(const struct shop *s, const char *number, int n)
{
	long long	 id = account_long(s, "id", number);
	long long	 balance = account_long(s, "balance", number);
	long long	 opening = sql_long("SELECT COALESCE(MAX(id), 0) FROM "
			    "ledger_entries WHERE account_id = %lld AND "
			    "kind = 'opening' AND amount < 0", id);
	long long	 entry;
	int		 i, pays;

	for (i = 1; i <= n; i++) {
		pays = balance < 0;
		balance += 100;
		sql_exec("INSERT INTO ledger_entries (store_id, account_id, "
		    "number, kind, amount, balance_after, reference, created_at) "
		    "VALUES (%lld, %lld, 'T%06d', 'deposit', 100, %lld, "
		    "'=ref%d', UTC_TIMESTAMP(6))", s->id, id, i, balance, i);
		if (!pays)
			continue;
		/* Open items come with entries and close with allocations (triggers). */
		entry = sql_long("SELECT id FROM ledger_entries WHERE "
		    "account_id = %lld AND number = 'T%06d'", id, i);
		sql_exec("INSERT INTO allocations (store_id, account_id, "
		    "credit_entry_id, debit_entry_id, amount, created_at) "
		    "VALUES (%lld, %lld, %lld, %lld, 100, UTC_TIMESTAMP(6))",
		    s->id, id, entry, opening);
	}
	sql_exec("UPDATE accounts SET balance = %lld WHERE id = %lld", balance,
	    id);
}

START_TEST(test_entries_pages_and_export)
{
	struct shop	 s;
	struct response	 resp;
	char		*code, *older, *type, *number, opening[64];

	shop_open(&s);
	code = customer_new(&s, "Entries");
	account_create_ok(&s, code, "0", "-120.00", "/accounts/A000001?created=1");
	entries_add(&s, "A000001", 60);
	ck_assert_int_eq(sql_long("SELECT SUM(amount) FROM ledger_entries "
	    "WHERE store_id = %lld", s.id), account_long(&s, "balance",
	    "A000001"));
	number = sql_str("SELECT number FROM ledger_entries WHERE store_id = "
	    "%lld AND kind = 'opening'", s.id);
	ck_assert_ptr_nonnull(number);
	snprintf(opening, sizeof(opening), "\">%s</a></td>", number);
	free(number);

	ck_assert_int_eq(shop_get(&s.c, "/accounts/A000001", &resp), 200);
	ck_assert_int_eq(body_count(&resp, "\">T0000"), 50);
	/* Newest first, each with the balance it left: 60 deposits after -120. */
	ck_assert_ptr_nonnull(strstr(resp.body, "\">T000060</a></td>"));
	ck_assert(strstr(resp.body, "\">T000060</a></td>") <
	    strstr(resp.body, "\">T000059</a></td>"));
	ck_assert(response_contains(&resp, "\xe2\x82\xac" "60.00 owing"));
	ck_assert(response_contains(&resp, "\xe2\x82\xac" "61.00 owing"));
	ck_assert(!response_contains(&resp, opening));
	older = strstr(resp.body, "/accounts/A000001?before=");
	ck_assert_ptr_nonnull(older);
	older = strndup(older, strcspn(older, "\""));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, older, &resp), 200);
	ck_assert_int_eq(body_count(&resp, "\">T0000"), 10);
	ck_assert(response_contains(&resp, opening));
	ck_assert(response_contains(&resp, "\xe2\x82\xac" "120.00 owing"));
	ck_assert(response_contains(&resp, "\xe2\x82\xac" "119.00 owing"));
	ck_assert(!response_contains(&resp, "rel=\"next\""));
	response_free(&resp);
	free(older);

	/* Filters: by kind, and by dates in the store's zone. */
	ck_assert_int_eq(shop_get(&s.c, "/accounts/A000001?kind=opening",
	    &resp), 200);
	ck_assert_int_eq(body_count(&resp, "\">T0000"), 0);
	ck_assert(response_contains(&resp, opening));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, "/accounts/A000001?to=2000-01-01",
	    &resp), 200);
	ck_assert(response_contains(&resp, "No transactions match."));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, "/accounts/A000001?from=2026-13-01",
	    &resp), 422);
	ck_assert(response_contains(&resp, "id=\"from-error\""));
	response_free(&resp);

	ck_assert_int_eq(shop_get(&s.c, "/accounts/A000001/entries.csv",
	    &resp), 200);
	type = response_header(&resp, "Content-Type");
	ck_assert_ptr_nonnull(type);
	ck_assert_ptr_nonnull(strstr(type, "text/csv"));
	free(type);
	ck_assert_int_eq(body_count(&resp, "\r\n"), 62);
	ck_assert(response_contains(&resp, "number,time,kind,amount,"));
	ck_assert(response_contains(&resp, ",opening,-120.00,-120.00,"));
	ck_assert(response_contains(&resp, ",deposit,1.00,-119.00,,'=ref1,"));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c,
	    "/accounts/A000001/entries.csv?kind=opening", &resp), 200);
	ck_assert_int_eq(body_count(&resp, "\r\n"), 2);
	response_free(&resp);
	free(code);
	shop_close(&s);
}
END_TEST

/* The edit form's fields for the account, with email and limit. */
static char *
edit_form(const char *csrf, const char *limit, const char *email,
    const char *manager_id, const char *manager_code)
{
	return form_encode("csrf", csrf, "credit_limit", limit,
	    "restrict_credit", "1", "pay_later", "1", "status", "active",
	    "statement_email", email, "manager_id", manager_id,
	    "manager_code", manager_code, NULL);
}

START_TEST(test_edit_audit_and_feed)
{
	struct shop	 s;
	struct response	 resp;
	long long	 version, feed, audits;
	char		*code;

	shop_open(&s);
	code = customer_new(&s, "Editable");
	account_create_ok(&s, code, "500", "-120", "/accounts/A000001?created=1");
	ck_assert_int_eq(shop_get(&s.c, "/accounts/A000001/edit", &resp), 200);
	ck_assert(response_contains(&resp, "value=\"500.00\""));
	response_free(&resp);
	version = account_long(&s, "version", "A000001");
	feed = account_long(&s, "feed_seq", "A000001");
	audits = audit_all(s.id);

	/* Only the statement email: saved, audited, not a lane's change. */
	ck_assert_int_eq(shop_post(&s.c, "/accounts/A000001", edit_form(s.csrf,
	    "500", "Bills@Example.com", "", ""), &resp), 303);
	expect_see_other(&resp, "/accounts/A000001?saved=1");
	ck_assert_int_eq(account_long(&s, "version", "A000001"), version);
	ck_assert_int_eq(account_long(&s, "feed_seq", "A000001"), feed);
	ck_assert_int_eq(audit_all(s.id), audits + 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM accounts WHERE "
	    "store_id = %lld AND statement_email = 'bills@example.com'", s.id),
	    1);

	/* The same again: nothing changes, nothing is audited. */
	ck_assert_int_eq(shop_post(&s.c, "/accounts/A000001", edit_form(s.csrf,
	    "500", "bills@example.com", "", ""), &resp), 303);
	response_free(&resp);
	ck_assert_int_eq(audit_all(s.id), audits + 1);

	/* A limit below what is owed: allowed, over limit, lanes see it. */
	ck_assert_int_eq(shop_post(&s.c, "/accounts/A000001", edit_form(s.csrf,
	    "100", "bills@example.com", "", ""), &resp), 303);
	response_free(&resp);
	ck_assert_int_eq(account_long(&s, "credit_limit", "A000001"), 10000);
	ck_assert_int_eq(account_long(&s, "version", "A000001"), version + 1);
	ck_assert_int_gt(account_long(&s, "feed_seq", "A000001"), feed);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'account.update' AND object_id = "
	    "'A000001' AND before_json LIKE '%%\"credit_limit\":50000%%' AND "
	    "after_json LIKE '%%\"credit_limit\":10000%%'", s.id), 1);
	ck_assert_int_eq(shop_get(&s.c, "/accounts/A000001?saved=1", &resp),
	    200);
	ck_assert(response_contains(&resp, "Over limit"));
	ck_assert(response_contains(&resp, "\xe2\x82\xac" "0.00</dd>"));
	response_free(&resp);

	/* Bad input: nothing saved. */
	shop_post(&s.c, "/accounts/A000001", edit_form(s.csrf, "-1",
	    "bills@example.com", "", ""), &resp);
	expect_refused(&resp, "A credit limit cannot be negative.");
	ck_assert_int_eq(account_long(&s, "credit_limit", "A000001"), 10000);
	free(code);
	shop_close(&s);
}
END_TEST

/* Sets the manager code of the signed-in client c. */
static void
set_code(struct client *c, const char *csrf, const char *code)
{
	struct response	 resp;

	ck_assert_int_eq(shop_post(c, "/profile/manager-code",
	    form_encode("csrf", csrf, "current_password", SHOP_PASSWORD,
	    "manager_code", code, "confirm_code", code, "do", "set", NULL),
	    &resp), 303);
	response_free(&resp);
}

START_TEST(test_clerk_needs_manager_code)
{
	struct shop	 s;
	struct client	 clerk;
	struct response	 resp;
	char		*email, *csrf, *code, admin[24];

	shop_open(&s);
	set_code(&s.c, s.csrf, ADMIN_CODE);
	snprintf(admin, sizeof(admin), "%lld", s.admin_id);
	code = customer_new(&s, "Approved");
	account_create_ok(&s, code, "500", "", "/accounts/A000001?created=1");
	email = itest_email("clerk");
	shop_staff_add(s.code, email, "Clerk");
	shop_sign_in(&clerk, email, SHOP_PASSWORD, &csrf);

	ck_assert_int_eq(shop_get(&clerk, "/accounts/A000001/edit", &resp),
	    200);
	ck_assert(response_contains(&resp, "name=\"manager_code\""));
	response_free(&resp);
	shop_post(&clerk, "/accounts/A000001", edit_form(csrf, "900", "", "",
	    ""), &resp);
	expect_refused(&resp, "Choose the manager who approves this.");
	shop_post(&clerk, "/accounts/A000001", edit_form(csrf, "900", "",
	    admin, "1111"), &resp);
	expect_refused(&resp, "The manager or the code is not right.");
	ck_assert_int_eq(account_long(&s, "credit_limit", "A000001"), 50000);

	ck_assert_int_eq(shop_post(&clerk, "/accounts/A000001", edit_form(csrf,
	    "900", "", admin, ADMIN_CODE), &resp), 303);
	response_free(&resp);
	ck_assert_int_eq(account_long(&s, "credit_limit", "A000001"), 90000);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'account.update' AND "
	    "approver_id = %lld", s.id, s.admin_id), 1);
	client_free(&clerk);
	free(csrf);
	free(email);
	free(code);
	shop_close(&s);
}
END_TEST

START_TEST(test_other_store_is_not_found)
{
	struct shop	 s, t;
	struct response	 resp;
	char		*mine, *theirs;

	shop_open(&s);
	shop_open(&t);
	mine = customer_new(&s, "Mine");
	theirs = customer_new(&t, "Theirs");
	account_create_ok(&s, mine, "0", "", "/accounts/A000001?created=1");
	account_create_ok(&t, theirs, "0", "", "/accounts/A000001?created=1");
	account_create_ok(&t, theirs, "0", "-5", "/accounts/A000002?created=1");

	ck_assert_int_eq(shop_get(&s.c, "/accounts/A000002", &resp), 404);
	ck_assert(!response_contains(&resp, "Theirs"));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, "/accounts/A000002/edit", NULL), 404);
	ck_assert_int_eq(shop_get(&s.c, "/accounts/A000002/entries.csv", NULL),
	    404);
	ck_assert_int_eq(shop_get(&s.c, "/accounts/999999999", NULL), 404);
	ck_assert_int_eq(shop_post(&s.c, "/accounts/A000002", edit_form(s.csrf,
	    "1", "", "", ""), NULL), 404);
	ck_assert_int_eq(account_long(&t, "credit_limit", "A000002"), 0);
	/* Their customer cannot be given an account here. */
	shop_post(&s.c, "/accounts", form_encode("csrf", s.csrf, "customer",
	    "C000001", NULL), &resp);
	ck_assert_int_eq(resp.status, 303);
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM accounts a JOIN "
	    "customers c ON c.id = a.customer_id WHERE a.store_id <> "
	    "c.store_id"), 0);
	list_shows(&s, "/accounts", "A000001A000002", "");
	ck_assert_int_eq(shop_get(&s.c, "/accounts?q=Theirs", &resp), 200);
	ck_assert(response_contains(&resp, "No accounts match."));
	response_free(&resp);
	free(mine);
	free(theirs);
	shop_close(&s);
	shop_close(&t);
}
END_TEST

START_TEST(test_slatectl_account_add)
{
	struct shop	 s;
	char		*code, *out = NULL, *err = NULL;
	long long	 before;
	int		 rc;

	shop_open(&s);
	code = customer_new(&s, "Command Line");
	rc = itest_slatectl(NULL, &out, &err, "account", "add", "--customer",
	    code, "--limit", "500", "--opening", "-25.50", "--pay-later",
	    "--frequency", "every 1 month on day 31", "--email",
	    "cli@example.com", "--store", s.code, NULL);
	ck_assert_msg(rc == 0, "slatectl account add: %s", err);
	ck_assert_str_eq(out, "A000001\n");
	free(out);
	free(err);
	ck_assert_int_eq(account_long(&s, "balance", "A000001"), -2550);
	ck_assert_int_eq(account_long(&s, "credit_limit", "A000001"), 50000);
	ck_assert_int_eq(account_long(&s, "pay_later", "A000001"), 1);
	ck_assert_int_eq(account_long(&s, "restrict_credit", "A000001"), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'account.create' AND "
	    "actor_type = 'cli'", s.id), 1);

	rc = itest_slatectl(NULL, &out, NULL, "account", "add", "--customer",
	    code, "--restrict-credit", "--store", s.code, NULL);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out, "A000002\n");
	free(out);
	ck_assert_int_eq(account_long(&s, "restrict_credit", "A000002"), 1);

	before = accounts_count(&s);
	ck_assert_int_ne(itest_slatectl(NULL, NULL, NULL, "account", "add",
	    "--customer", code, "--limit", "12.345", "--store", s.code, NULL),
	    0);
	ck_assert_int_ne(itest_slatectl(NULL, NULL, NULL, "account", "add",
	    "--customer", code, "--opening", "abc", "--store", s.code, NULL),
	    0);
	ck_assert_int_ne(itest_slatectl(NULL, NULL, NULL, "account", "add",
	    "--customer", "C999999", "--store", s.code, NULL), 0);
	ck_assert_int_ne(itest_slatectl(NULL, NULL, NULL, "account", "add",
	    "--customer", code, "--frequency", "every 0 weeks", "--store",
	    s.code, NULL), 0);
	ck_assert_int_ne(itest_slatectl(NULL, NULL, NULL, "account", "add",
	    "--customer", code, "--limit", "-5", "--store", s.code, NULL), 0);
	ck_assert_int_ne(itest_slatectl(NULL, NULL, NULL, "account", "add",
	    "--store", s.code, NULL), 0);
	ck_assert_int_eq(accounts_count(&s), before);
	free(code);
	shop_close(&s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("accounts");
	TCase	*tc = itest_tcase("accounts");
	int	 rc;

	/*
	 * Stores with accounts stay (ledger entries are never deleted, and
	 * stores with accounts cannot be); shop_cleanup removes the rest.
	 */
	shop_begin();
	tcase_add_test(tc, test_create_with_opening_balance);
	tcase_add_test(tc, test_create_with_new_customer);
	tcase_add_test(tc, test_amounts_as_typed);
	tcase_add_test(tc, test_hold_and_rules_checked);
	tcase_add_test(tc, test_batch_all_or_nothing);
	tcase_add_test(tc, test_list_filters_and_search);
	tcase_add_test(tc, test_list_pages);
	tcase_add_test(tc, test_entries_pages_and_export);
	tcase_add_test(tc, test_edit_audit_and_feed);
	tcase_add_test(tc, test_clerk_needs_manager_code);
	tcase_add_test(tc, test_other_store_is_not_found);
	tcase_add_test(tc, test_slatectl_account_add);
	tcase_add_test(tc, test_statement_due_filter);
	suite_add_tcase(s, tc);
	rc = itest_run(s);
	if (shop_cleanup() == -1)
		rc = EXIT_FAILURE;
	return rc;
}
