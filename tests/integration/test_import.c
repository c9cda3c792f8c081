/* test_import.c: importing customers with their accounts from CSV (slatectl and the page), the export, round trips. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "client.h"
#include "shop.h"

#define ADMIN_CODE	"2468"

/* Writes text to a new file; returns its path (unlink and free it). */
static char *
file_with(const char *text)
{
	char	 path[] = "/tmp/slate-import-XXXXXX";
	int	 fd = mkstemp(path);
	size_t	 len = strlen(text);

	ck_assert_msg(fd != -1, "mkstemp failed");
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	return strdup(path);
}

/*
 * Runs slatectl import customers on text for the shop's store, with up
 * to two more options (NULL for none). Returns the exit status; the
 * output goes to *out and *err (free them).
 */
static int
import_cli(const char *store, const char *text, const char *opt1,
    const char *opt2, char **out, char **err)
{
	char	*path = file_with(text);
	int	 rc;

	rc = itest_slatectl(NULL, out, err, "import", "customers", path,
	    "--store", store, opt1, opt2, NULL);
	unlink(path);
	free(path);
	return rc;
}

/* What a store holds, to see that a refused import changed nothing. */
struct counts {
	long long	 customers, accounts, entries, audit;
	char		*counters;
};

static void
counts_take(long long store, struct counts *c)
{
	c->customers = sql_long("SELECT COUNT(*) FROM customers WHERE "
	    "store_id = %lld", store);
	c->accounts = sql_long("SELECT COUNT(*) FROM accounts WHERE "
	    "store_id = %lld", store);
	c->entries = sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "store_id = %lld", store);
	c->audit = sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld", store);
	c->counters = sql_str("SELECT CONCAT_WS(',', next_customer, "
	    "next_account) FROM store_counters WHERE "
	    "store_id = %lld", store);
}

/* Fails unless the store holds what it held at *before. */
static void
counts_unchanged(long long store, struct counts *before)
{
	struct counts	 now;

	counts_take(store, &now);
	ck_assert_int_eq(now.customers, before->customers);
	ck_assert_int_eq(now.accounts, before->accounts);
	ck_assert_int_eq(now.entries, before->entries);
	ck_assert_int_eq(now.audit, before->audit);
	ck_assert_str_eq(now.counters, before->counters);
	free(now.counters);
	free(before->counters);
}

/* True when s ends with the line tail. */
static int
ends_with(const char *s, const char *tail)
{
	size_t	 n = strlen(s), m = strlen(tail);

	return n >= m && strcmp(s + n - m, tail) == 0;
}

/* A column of the account of the customer named name, as text. */
static char *
account_of(long long store, const char *column, const char *name)
{
	return sql_str("SELECT %s FROM accounts a JOIN customers c ON "
	    "c.id = a.customer_id WHERE a.store_id = %lld AND c.name = '%s' "
	    "ORDER BY a.id LIMIT 1", column, store, name);
}

/* Fails unless column of name's account is want. */
static void
account_is(long long store, const char *column, const char *name,
    const char *want)
{
	char	*v = account_of(store, column, name);

	ck_assert_msg(v != NULL, "no account for %s", name);
	ck_assert_msg(strcmp(v, want) == 0, "%s of %s: '%s', not '%s'", column,
	    name, v, want);
	free(v);
}

static const char good_file[] =
	"\xEF\xBB\xBF" "name,email,phone,notes,credit_limit,opening_balance,"
	"pay_later,restrict_credit,on_hold,hold_reason,frequency,"
	"frequency_start,statement_email,status\r\n"
	"\"Smith, Ann\",Ann@Example.com,+49 30 1234,\"line one\r\n"
	"line \"\"two\"\"\",\"1,234.50\",-120.50,yes,no,,,"
	"every 3 weeks on first monday,2026-01-05,Bills@example.com,active\r\n"
	"Bob Only,bob@example.com,,,,,,,,,,,,\r\n"
	"\r\n"
	"Carl Held,,,,0,25,no,,true,Disputed bill,,,,inactive\r\n";

START_TEST(test_good_file)
{
	struct shop	 s;
	struct counts	 before;
	char		*out, *err, *v;

	shop_open(&s);
	counts_take(s.id, &before);
	ck_assert_int_eq(import_cli(s.code, good_file, "--dry-run", NULL, &out,
	    &err), 0);
	ck_assert_msg(ends_with(out, "3 rows: 3 good, 0 with problems, 0 "
	    "warnings; would import 3 customers, 2 accounts, skip 0 already "
	    "present\n"), "dry run said: %s / %s", out, err);
	counts_unchanged(s.id, &before);
	free(out);
	free(err);

	ck_assert_int_eq(import_cli(s.code, good_file, NULL, NULL, &out, &err),
	    0);
	ck_assert_msg(ends_with(out, "imported 3 customers, 2 accounts\n"),
	    "import said: %s / %s", out, err);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM customers WHERE "
	    "store_id = %lld", s.id), 3);
	v = sql_str("SELECT CONCAT_WS('|', code, email, phone, notes) FROM "
	    "customers WHERE store_id = %lld AND name = 'Smith, Ann'", s.id);
	ck_assert_str_eq(v, "C000001|ann@example.com|+49 30 1234|line one\n"
	    "line \"two\"");
	free(v);
	account_is(s.id, "credit_limit", "Smith, Ann", "123450");
	account_is(s.id, "balance", "Smith, Ann", "-12050");
	account_is(s.id, "CONCAT_WS('|', pay_later, restrict_credit, on_hold, "
	    "active, frequency, frequency_start, statement_email)",
	    "Smith, Ann", "1|0|0|1|every 3 weeks on first monday|2026-01-05|"
	    "bills@example.com");
	account_is(s.id, "CONCAT_WS('|', number, balance, restrict_credit, "
	    "on_hold, hold_reason, active, pay_later)", "Carl Held",
	    "A000002|2500|1|1|Disputed bill|0|0");
	ck_assert_ptr_null(account_of(s.id, "number", "Bob Only"));
	/* The ledger holds the openings: balances are the sums of entries. */
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM accounts a WHERE "
	    "a.store_id = %lld AND a.balance <> (SELECT COALESCE(SUM(amount), "
	    "0) FROM ledger_entries e WHERE e.account_id = a.id)", s.id), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "store_id = %lld AND kind = 'opening'", s.id), 2);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND actor_type = 'cli' AND action = "
	    "'customer.create'", s.id), 3);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND actor_type = 'cli' AND action = "
	    "'account.create'", s.id), 2);
	/* Lanes see both accounts: each has its own place in the feed. */
	ck_assert_int_eq(sql_long("SELECT COUNT(DISTINCT feed_seq) FROM "
	    "accounts WHERE store_id = %lld AND feed_seq > 0", s.id), 2);
	free(out);
	free(err);
	shop_close(&s);
}
END_TEST

/* One bad line for each reason, then a good one. */
static const char bad_file[] =
	"customer_code,name,email,credit_limit,opening_balance,pay_later,"
	"frequency,frequency_start\n"
	",,nameless@example.com,,,,,\n"			/* 2 */
	",Bad Email,not-an-email,,,,,\n"		/* 3 */
	",Bad Amount,,\"12,34\",,,,\n"			/* 4 */
	",Negative,,-5,,,,\n"				/* 5 */
	"C999999,Unknown Code,,10,,,,\n"		/* 6 */
	",Bad Rule,,,,,every 0 weeks,\n"		/* 7 */
	",Bad Date,,,,,every 1 month on day 1,2026-02-30\n" /* 8 */
	",Bad Flag,,,,maybe,,\n"			/* 9 */
	",Too Many,,,,,,,extra\n"			/* 10 */
	",Ctl\x01Name,,,,,,\n"				/* 11 */
	",Good Row,good@example.com,100,,,,\n";		/* 12 */

START_TEST(test_bad_lines)
{
	static const char *const expected[] = {
		"line 2: name: This is required.\n",
		"line 3: email: ",
		"line 4: credit_limit: ",
		"line 5: credit_limit: A credit limit cannot be negative.\n",
		"line 6: customer_code: No customer of this store has this code",
		"line 7: frequency: ",
		"line 8: frequency_start: ",
		"line 9: pay_later: Write yes or no",
		"line 10: This line has 9 cells; the header has 8.\n",
		"line 11: name: This may not contain control characters.\n",
	};
	struct shop	 s;
	struct counts	 before;
	char		*out, *err;
	size_t		 i;

	shop_open(&s);
	counts_take(s.id, &before);
	ck_assert_int_eq(import_cli(s.code, bad_file, "--dry-run", NULL, &out,
	    &err), 1);
	for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
		ck_assert_msg(strstr(out, expected[i]) != NULL, "no '%s' in %s",
		    expected[i], out);
	ck_assert_ptr_null(strstr(out, "line 12"));
	ck_assert_msg(strstr(out, "11 rows: 1 good, 10 with problems") != NULL,
	    "summary: %s", out);
	free(out);
	free(err);

	/* The real run refuses it all and changes nothing at all. */
	ck_assert_int_eq(import_cli(s.code, bad_file, NULL, NULL, &out, &err),
	    1);
	ck_assert(strstr(err, "line 4: credit_limit: ") != NULL);
	ck_assert(strstr(err, "nothing was imported") != NULL);
	ck_assert(strstr(out, "imported") == NULL);
	counts_unchanged(s.id, &before);
	free(out);
	free(err);
	shop_close(&s);
}
END_TEST

START_TEST(test_bad_files)
{
	struct shop	 s;
	struct counts	 before;
	char		*out, *err, name[260];

	shop_open(&s);
	counts_take(s.id, &before);
	ck_assert_int_eq(import_cli(s.code, "name,colour\nAnn,red\n",
	    "--dry-run", NULL, &out, &err), 1);
	ck_assert_msg(strstr(out, "line 1: Unknown column \"colour\"") != NULL,
	    "%s", out);
	ck_assert(strstr(out, "0 rows: 0 good, 1 with problems") != NULL);
	free(out);
	free(err);
	ck_assert_int_eq(import_cli(s.code, "name,email,name\nAnn,,Ann\n",
	    NULL, NULL, &out, &err), 1);
	ck_assert(strstr(err, "line 1: name: This column appears twice.") !=
	    NULL);
	free(out);
	free(err);
	ck_assert_int_eq(import_cli(s.code, "", NULL, NULL, &out, &err), 1);
	ck_assert(strstr(err, "line 1: The file is empty") != NULL);
	free(out);
	free(err);
	ck_assert_int_eq(import_cli(s.code, "name\nAnn\n\"Bob\nCarl\n", NULL,
	    NULL, &out, &err), 1);
	ck_assert_msg(strstr(err, "line 3: A quoted cell is not closed") !=
	    NULL, "%s", err);
	free(out);
	free(err);
	ck_assert_int_eq(import_cli(s.code, "name\nAn\"n\n", NULL, NULL, &out,
	    &err), 1);
	ck_assert(strstr(err, "line 2: A quote inside a cell") != NULL);
	free(out);
	free(err);
	/* Account numbers are Slate's to give. */
	ck_assert_int_eq(import_cli(s.code, "name,account_number\nAnn,A000001\n",
	    NULL, NULL, &out, &err), 1);
	ck_assert(strstr(err, "line 2: account_number: Account numbers are "
	    "given by Slate") != NULL);
	free(out);
	free(err);
	memcpy(name, "name\n", 5);
	memset(name + 5, 'x', 201);
	name[206] = '\n';
	name[207] = '\0';
	ck_assert_int_eq(import_cli(s.code, name, NULL, NULL, &out, &err), 1);
	ck_assert(strstr(err, "line 2: name: This is too long.") != NULL);
	free(out);
	free(err);
	ck_assert_int_ne(import_cli(s.code, "name\nAnn\n", "--bogus", NULL,
	    &out, &err), 0);
	free(out);
	free(err);
	counts_unchanged(s.id, &before);
	shop_close(&s);
}
END_TEST

static const char dup_file[] = "name,email\n"
	"Dup One,dup@example.com\n"
	"Dup Two,dup@example.com\n";

START_TEST(test_duplicates_and_rerun)
{
	struct shop	 s;
	char		*out, *err;

	shop_open(&s);
	/* The same email twice in one file is allowed: two customers. */
	ck_assert_int_eq(import_cli(s.code, dup_file, NULL, NULL, &out, &err),
	    0);
	ck_assert(ends_with(out, "imported 2 customers, 0 accounts\n"));
	free(out);
	free(err);
	/* A rerun is warned of, line by line, and would add them again. */
	ck_assert_int_eq(import_cli(s.code, dup_file, "--dry-run", NULL, &out,
	    &err), 0);
	ck_assert_msg(strstr(out, "line 2: warning: email: The store already "
	    "has a customer with this email or phone (C000001 Dup One, "
	    "C000002 Dup Two)") != NULL, "%s", out);
	ck_assert(strstr(out, "line 3: warning: email: ") != NULL);
	ck_assert(strstr(out, "would import 2 customers") != NULL);
	free(out);
	free(err);
	ck_assert_int_eq(import_cli(s.code, dup_file, NULL, NULL, &out, &err),
	    0);
	ck_assert(strstr(err, "line 2: warning: ") != NULL);
	ck_assert(ends_with(out, "imported 2 customers, 0 accounts\n"));
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM customers WHERE "
	    "store_id = %lld AND email = 'dup@example.com'", s.id), 4);
	free(out);
	free(err);
	shop_close(&s);
}
END_TEST

/* A fingerprint of a store's customers and accounts, the same for the same data. */
static char *
store_print(long long store)
{
	return sql_str("SELECT CONCAT((SELECT CONCAT(COUNT(*), ':', "
	    "COALESCE(SUM(CRC32(CONCAT_WS('|', name, email, phone, notes))), 0)) "
	    "FROM customers WHERE store_id = %lld), '/', (SELECT "
	    "CONCAT(COUNT(*), ':', COALESCE(SUM(CRC32(CONCAT_WS('|', c.name, "
	    "a.active, a.credit_limit, a.restrict_credit, a.pay_later, "
	    "a.on_hold, a.hold_reason, a.frequency, "
	    "COALESCE(a.frequency_start, ''), a.statement_email, a.balance))), "
	    "0)) FROM accounts a JOIN customers c ON c.id = a.customer_id "
	    "WHERE a.store_id = %lld))", store, store);
}

static const char round_file[] =
	"name,email,phone,notes,credit_limit,opening_balance,pay_later,"
	"restrict_credit,frequency,frequency_start,statement_email\n"
	"Ann Round,ann.round@example.com,+44 20 7946 0000,=SUM(A1) is no "
	"formula,250,-99.99,yes,yes,every 1 month on day 31,2026-01-31,"
	"ann.bills@example.com\n"
	"Bob Plain,,,-starts with a dash,,,,,,,\n"
	"Cara Credit,,,,0,15,no,no,every 2 weeks on friday,2026-03-06,\n";

static const char export_header[] = "customer_code,name,email,phone,notes,"
	"account_number,credit_limit,opening_balance,pay_later,restrict_credit,"
	"on_hold,hold_reason,frequency,frequency_start,statement_email,"
	"status\r\n";

/* Exports the shop's customers through the page into a new string. */
static char *
export_page(struct shop *s)
{
	struct response	 resp;
	char		*v, *body;

	ck_assert_int_eq(shop_get(&s->c, "/customers.csv", &resp), 200);
	v = response_header(&resp, "Content-Type");
	ck_assert_str_eq(v, "text/csv; charset=utf-8");
	free(v);
	v = response_header(&resp, "Content-Disposition");
	ck_assert(strstr(v, "attachment; filename=\"customers-") != NULL);
	free(v);
	body = strdup(resp.body);
	response_free(&resp);
	return body;
}

START_TEST(test_round_trip)
{
	struct shop	 a, b, u;
	struct counts	 before;
	char		*out, *err, *csv, *pa, *pb;

	shop_open(&a);
	shop_open(&b);
	ck_assert_int_eq(import_cli(a.code, round_file, NULL, NULL, &out,
	    &err), 0);
	free(out);
	free(err);
	/* A known customer_code adds an account to that customer. */
	ck_assert_int_eq(import_cli(a.code, "customer_code,name,credit_limit,"
	    "on_hold,hold_reason,status\nC000001,Ann Round,10,yes,Lost card,"
	    "inactive\n", NULL, NULL, &out, &err), 0);
	ck_assert_msg(ends_with(out, "imported 0 customers, 1 accounts\n"),
	    "%s %s", out, err);
	free(out);
	free(err);
	ck_assert_int_eq(import_cli(a.code, "customer_code,name,credit_limit\n"
	    "C000001,Ann Other,10\n", NULL, NULL, &out, &err), 1);
	ck_assert(strstr(err, "line 2: name: Customer C000001 has another "
	    "name") != NULL);
	free(out);
	free(err);

	csv = export_page(&a);
	ck_assert_msg(strncmp(csv, export_header, strlen(export_header)) == 0,
	    "%s", csv);
	ck_assert(strstr(csv, "C000001,Ann Round,ann.round@example.com,"
	    "'+44 20 7946 0000,'=SUM(A1) is no formula,A000001,250.00,-99.99,"
	    "yes,yes,no,,every 1 month on day 31,2026-01-31,"
	    "ann.bills@example.com,active\r\n") != NULL);
	ck_assert(strstr(csv, "C000002,Bob Plain,,,'-starts with a dash,,,,,,"
	    ",,,,,\r\n") != NULL);
	/* B's export shows none of A's customers. */
	out = export_page(&b);
	ck_assert(strstr(out, "\r\n") == out + strlen(out) - 2);
	free(out);

	/* Into B, with B's own codes: the same customers and accounts. */
	ck_assert_int_eq(import_cli(b.code, csv, "--new-codes", NULL, &out,
	    &err), 0);
	ck_assert_msg(ends_with(out, "imported 3 customers, 3 accounts\n"),
	    "%s %s", out, err);
	free(out);
	free(err);
	pa = store_print(a.id);
	pb = store_print(b.id);
	ck_assert_str_eq(pa, pb);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM accounts a JOIN "
	    "customers c ON c.id = a.customer_id WHERE a.store_id = %lld AND "
	    "c.name = 'Ann Round'", b.id), 2);

	/* Back into A: every row is already there. */
	counts_take(a.id, &before);
	ck_assert_int_eq(import_cli(a.code, csv, NULL, NULL, &out, &err), 0);
	ck_assert_msg(ends_with(out, "skipped 4 rows already present\n"
	    "imported 0 customers, 0 accounts\n"), "%s %s", out, err);
	counts_unchanged(a.id, &before);
	free(out);
	free(err);

	/* Into a store without those codes, codes are refused unless new. */
	shop_open(&u);
	ck_assert_int_eq(import_cli(u.code, csv, "--dry-run", NULL, &out, &err),
	    1);
	ck_assert(strstr(out, "line 2: customer_code: No customer of this "
	    "store has this code") != NULL);
	free(out);
	free(err);
	/* Another store's lines of one customer must agree. */
	ck_assert_int_eq(import_cli(u.code, "customer_code,name\nX1,Ann\n"
	    "X1,Anne\n", "--new-codes", "--dry-run", &out, &err), 1);
	ck_assert(strstr(out, "line 3: customer_code: Customer X1 is on line "
	    "2 with another name") != NULL);
	free(out);
	free(err);
	free(pa);
	free(pb);
	free(csv);
	shop_close(&u);
	shop_close(&b);
	shop_close(&a);
}
END_TEST

static const char page_file[] =
	"name,email,credit_limit,opening_balance\n"
	"\"Page, Ann\",page.ann@example.com,100,-5\n"
	"Page Bob,,,\n";

START_TEST(test_page_flow)
{
	struct shop	 s;
	struct response	 resp;
	struct counts	 before;

	shop_open(&s);
	ck_assert_int_eq(shop_get(&s.c, "/customers/import", &resp), 200);
	ck_assert(response_contains(&resp, "name=\"csv\""));
	ck_assert(response_contains(&resp, "Check only"));
	response_free(&resp);

	counts_take(s.id, &before);
	ck_assert_int_eq(shop_post(&s.c, "/customers/import", form_encode(
	    "csrf", s.csrf, "csv", page_file, "action", "check", NULL), &resp),
	    200);
	ck_assert_msg(response_contains(&resp, "Importing would add 2 "
	    "customers and 1 accounts"), "%.2000s", resp.body);
	ck_assert(response_contains(&resp, "&quot;Page, Ann&quot;"));
	response_free(&resp);
	counts_unchanged(s.id, &before);

	counts_take(s.id, &before);
	ck_assert_int_eq(shop_post(&s.c, "/customers/import", form_encode(
	    "csrf", s.csrf, "csv", "name,email\nAnn,nope\n<b>Bob</b>,\n",
	    "action", "import", NULL), &resp), 422);
	ck_assert(response_contains(&resp, "Some lines cannot be imported"));
	ck_assert(response_contains(&resp, "<td class=\"num\">2</td><td>"
	    "email</td>"));
	ck_assert(response_contains(&resp, "&lt;b&gt;Bob&lt;/b&gt;"));
	response_free(&resp);
	shop_post(&s.c, "/customers/import", form_encode("csrf", s.csrf, "csv",
	    " \r\n", "action", "import", NULL), &resp);
	expect_refused(&resp, "Paste the CSV text here");
	counts_unchanged(s.id, &before);

	ck_assert_int_eq(shop_post(&s.c, "/customers/import", form_encode(
	    "csrf", s.csrf, "csv", page_file, "action", "import", NULL), &resp),
	    303);
	expect_see_other(&resp, "/customers/import?customers=2&accounts=1&"
	    "skipped=0");
	ck_assert_int_eq(shop_get(&s.c, "/customers/import?customers=2&"
	    "accounts=1&skipped=0", &resp), 200);
	ck_assert(response_contains(&resp, "Imported 2 customers and 1 "
	    "accounts"));
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND actor_type = 'staff' AND actor_id = %lld AND "
	    "action IN ('customer.create', 'account.create')", s.id,
	    s.admin_id), 3);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "store_id = %lld AND staff_id = %lld AND amount = -500", s.id,
	    s.admin_id), 1);
	/* Without the form's token, nothing happens. */
	ck_assert_int_eq(shop_post(&s.c, "/customers/import", form_encode(
	    "csv", page_file, "action", "import", NULL), NULL), 403);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM customers WHERE "
	    "store_id = %lld", s.id), 2);
	shop_close(&s);
}
END_TEST

/* Sets the level of permission for the Clerks of store. */
static void
clerk_level(long long store, const char *permission, int level)
{
	sql_exec("UPDATE group_permissions SET level = %d WHERE permission = "
	    "'%s' AND group_id = %lld", level, permission,
	    shop_group_id(store, "Clerk"));
}

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

START_TEST(test_clerk_permissions)
{
	struct shop	 s;
	struct client	 clerk;
	struct response	 resp;
	char		*email, *csrf, admin[24];

	shop_open(&s);
	set_code(&s.c, s.csrf, ADMIN_CODE);
	snprintf(admin, sizeof(admin), "%lld", s.admin_id);
	email = itest_email("clerk");
	shop_staff_add(s.code, email, "Clerk");
	shop_sign_in(&clerk, email, SHOP_PASSWORD, &csrf);

	ck_assert_int_eq(shop_post(&clerk, "/customers/import", form_encode(
	    "csrf", csrf, "csv", "name\nClerk One\n", "action", "import",
	    NULL), &resp), 303);
	response_free(&resp);

	/* Add accounts needs a manager's code: so does importing. */
	clerk_level(s.id, "add_account", 2);
	ck_assert_int_eq(shop_get(&clerk, "/customers/import", &resp), 200);
	ck_assert(response_contains(&resp, "name=\"manager_code\""));
	response_free(&resp);
	shop_post(&clerk, "/customers/import", form_encode("csrf", csrf, "csv",
	    "name,credit_limit\nClerk Two,5\n", "action", "import", NULL),
	    &resp);
	expect_refused(&resp, "Choose the manager who approves this.");
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM customers WHERE "
	    "store_id = %lld", s.id), 1);
	ck_assert_int_eq(shop_post(&clerk, "/customers/import", form_encode(
	    "csrf", csrf, "csv", "name,credit_limit\nClerk Two,5\n", "action",
	    "import", "manager_id", admin, "manager_code", ADMIN_CODE, NULL),
	    &resp), 303);
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'account.create' AND approver_id = "
	    "%lld", s.id, s.admin_id), 1);

	clerk_level(s.id, "add_account", 0);
	ck_assert_int_eq(shop_get(&clerk, "/customers/import", NULL), 403);
	ck_assert_int_eq(shop_post(&clerk, "/customers/import", form_encode(
	    "csrf", csrf, "csv", "name\nClerk Three\n", "action", "import",
	    NULL), NULL), 403);
	clerk_level(s.id, "manage_customers", 0);
	ck_assert_int_eq(shop_get(&clerk, "/customers.csv", NULL), 403);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM customers WHERE "
	    "store_id = %lld", s.id), 2);
	client_free(&clerk);
	free(csrf);
	free(email);
	shop_close(&s);
}
END_TEST

START_TEST(test_large_file)
{
	struct shop	 s;
	char		*text, *out, *err;
	size_t		 size = 100 * 5001, len;
	double		 t0, took;
	int		 i;

	shop_open(&s);
	text = malloc(size);
	ck_assert_ptr_nonnull(text);
	len = (size_t)snprintf(text, size, "name,email,credit_limit,"
	    "opening_balance,frequency\n");
	for (i = 1; i <= 5000; i++)
		len += (size_t)snprintf(text + len, size - len, "Bulk %d,"
		    "bulk%d@example.com,100,-%d.50,every 1 month on day 1\n", i,
		    i, i % 97);
	ck_assert(len < size - 1);
	t0 = now_seconds();
	ck_assert_msg(import_cli(s.code, text, NULL, NULL, &out, &err) == 0,
	    "%s %.500s", out, err);
	took = now_seconds() - t0;
	fprintf(stderr, "import: 5000 rows (customers with accounts and "
	    "openings) in %.1f s\n", took);
	ck_assert_msg(ends_with(out, "imported 5000 customers, 5000 "
	    "accounts\n"), "%s %s", out, err);
	ck_assert_msg(took < 120, "5000 rows took %.1f s", took);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM accounts WHERE "
	    "store_id = %lld", s.id), 5000);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM accounts a WHERE "
	    "a.store_id = %lld AND a.balance <> (SELECT COALESCE(SUM(amount), "
	    "0) FROM ledger_entries e WHERE e.account_id = a.id)", s.id), 0);
	free(out);
	free(err);
	free(text);
	shop_close(&s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("import");
	TCase	*tc = itest_tcase("import");
	int	 rc;

	/*
	 * Stores with accounts stay (ledger entries are never deleted, and
	 * stores with accounts cannot be); shop_cleanup removes the rest.
	 */
	shop_begin();
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_good_file);
	tcase_add_test(tc, test_bad_lines);
	tcase_add_test(tc, test_bad_files);
	tcase_add_test(tc, test_duplicates_and_rerun);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_page_flow);
	tcase_add_test(tc, test_clerk_permissions);
	tcase_add_test(tc, test_large_file);
	suite_add_tcase(s, tc);
	rc = itest_run(s);
	if (shop_cleanup() == -1)
		rc = EXIT_FAILURE;
	return rc;
}
