/* test_check.c: slatectl check passes a sound ledger and names each thing wrong with a broken one. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <mysql.h>

#include "client.h"
#include "shop.h"

/* The scratch database of this run (made and dropped by the tests). */
static char	 scratch[64];

/* A new customer of store code, by slatectl; returns its code. */
static char *
customer_add(const char *store, const char *name)
{
	char	*out = NULL, *err = NULL;
	int	 rc;

	rc = itest_slatectl(NULL, &out, &err, "customer", "add", "--name",
	    name, "--store", store, NULL);
	ck_assert_msg(rc == 0, "slatectl customer add: %s", err);
	out[strcspn(out, "\n")] = '\0';
	free(err);
	return out;
}

/* A new account of customer with an opening balance, by slatectl. */
static void
account_add(const char *store, const char *customer, const char *opening)
{
	char	*out = NULL, *err = NULL;
	int	 rc;

	rc = itest_slatectl(NULL, &out, &err, "account", "add", "--customer",
	    customer, "--opening", opening, "--pay-later", "--limit", "100",
	    "--store", store, NULL);
	ck_assert_msg(rc == 0, "slatectl account add: %s", err);
	free(out);
	free(err);
}

START_TEST(test_sound_ledger_passes)
{
	struct shop	 s;
	char		*customer, *out = NULL, *err = NULL, want[128];
	int		 rc;

	shop_open(&s);
	customer = customer_add(s.code, "Sound Ledger");
	account_add(s.code, customer, "12.50");
	account_add(s.code, customer, "-40.00");
	account_add(s.code, customer, "0");
	itest_ledger_check();

	rc = itest_slatectl(NULL, &out, &err, "check", "--store", s.code,
	    NULL);
	ck_assert_msg(rc == 0, "slatectl check --store exited %d: %s%s", rc,
	    out, err);
	/* An opening of 0 is no entry. */
	snprintf(want, sizeof(want), "checked 3 accounts, 2 entries: OK\n");
	ck_assert_str_eq(out, want);
	free(out);
	free(err);
	free(customer);
	shop_close(&s);
}
END_TEST

START_TEST(test_usage_and_unknown_store)
{
	char	*out = NULL, *err = NULL;

	ck_assert_int_eq(itest_slatectl(NULL, &out, &err, "check", "--bogus",
	    NULL), 2);
	ck_assert_msg(strstr(err, "usage: slatectl check") != NULL,
	    "no usage: %s", err);
	ck_assert_str_eq(out, "");
	free(out);
	free(err);
	ck_assert_int_eq(itest_slatectl(NULL, &out, &err, "check", "--store",
	    "NO-SUCH-STORE", NULL), 2);
	ck_assert_msg(strstr(err, "no store has that code") != NULL,
	    "unknown store: %s", err);
	free(out);
	free(err);
}
END_TEST

START_TEST(test_no_database_is_2)
{
	char	*out = NULL, *err = NULL;

	setenv("SLATE_DB_SOCKET", "/nonexistent/mariadb.sock", 1);
	ck_assert_int_eq(itest_slatectl(NULL, &out, &err, "check", NULL), 2);
	ck_assert_msg(strstr(err, "cannot connect") != NULL, "%s", err);
	free(out);
	free(err);
}
END_TEST

/* Runs one statement on the scratch database. */
static void	scratch_sql(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

static void
scratch_sql(const char *fmt, ...)
{
	va_list	 ap;
	char	*sql;

	va_start(ap, fmt);
	ck_assert(vasprintf(&sql, fmt, ap) != -1);
	va_end(ap);
	sql_exec("%s", sql);
	free(sql);
}

/*
 * Makes the scratch database with every migration, then points this
 * test process (its SQL and slatectl) at it.
 */
static void
scratch_open(void)
{
	char	*out = NULL, *err = NULL;
	int	 rc;

	sql_exec("DROP DATABASE IF EXISTS %s", scratch);
	sql_exec("CREATE DATABASE %s CHARACTER SET utf8mb4 "
	    "COLLATE utf8mb4_unicode_ci", scratch);
	setenv("SLATE_DB_NAME", scratch, 1);
	rc = itest_slatectl(NULL, &out, &err, "migrate", NULL);
	ck_assert_msg(rc == 0, "slatectl migrate on %s: %s", scratch, err);
	free(out);
	free(err);
}

/* An account (id n, number A00000n) of store 1 with balance. */
static void
scratch_account(int n, long long balance)
{
	scratch_sql("INSERT INTO accounts (id, store_id, customer_id, number, "
	    "balance, feed_seq, created_at, updated_at) VALUES (%d, 1, 1, "
	    "'A%06d', %lld, %d, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))", n, n,
	    balance, n);
}

/* Entry id (number E<id>) of account with kind, amount, balance after, reverses (0: none). */
static void
scratch_entry(int id, int account, const char *kind, long long amount,
    long long after, int reverses)
{
	char	 rev[24];

	if (reverses > 0)
		snprintf(rev, sizeof(rev), "%d", reverses);
	else
		snprintf(rev, sizeof(rev), "NULL");
	scratch_sql("INSERT INTO ledger_entries (id, store_id, account_id, "
	    "number, kind, amount, balance_after, reverses_id, created_at) "
	    "VALUES (%d, 1, %d, 'E%06d', '%s', %lld, %lld, %s, "
	    "UTC_TIMESTAMP(6))", id, account, id, kind, amount, after, rev);
}

/* The open item of entry id: side, amount, open amount, closed or not. */
static void
scratch_item(int id, int account, char side, long long amount,
    long long open, int closed)
{
	scratch_sql("INSERT INTO open_items (entry_id, store_id, account_id, "
	    "side, amount, open_amount, due_on, created_at, closed_at) "
	    "VALUES (%d, 1, %d, '%c', %lld, %lld, NULL, UTC_TIMESTAMP(6), "
	    "%s)", id, account, side, amount, open,
	    closed ? "UTC_TIMESTAMP(6)" : "NULL");
}

static void
scratch_allocation(int account, int credit, int debit, long long amount)
{
	scratch_sql("INSERT INTO allocations (store_id, account_id, "
	    "credit_entry_id, debit_entry_id, amount, created_at) "
	    "VALUES (1, %d, %d, %d, %lld, UTC_TIMESTAMP(6))", account, credit,
	    debit, amount);
}

/* Fails unless out has the line line. */
static void
expect_line(const char *out, const char *line)
{
	const char	*p;
	size_t		 n = strlen(line);

	for (p = out; (p = strstr(p, line)) != NULL; p++)
		if ((p == out || p[-1] == '\n') && p[n] == '\n')
			return;
	ck_abort_msg("slatectl check did not print\n  %s\nbut:\n%s", line,
	    out);
}

/* Fails when out has a line mentioning s. */
static void
expect_no_mention(const char *out, const char *s)
{
	ck_assert_msg(strstr(out, s) == NULL, "slatectl check mentions %s:\n"
	    "%s", s, out);
}

START_TEST(test_broken_ledger_is_reported)
{
	char	*out = NULL, *err = NULL;
	int	 rc;

	scratch_open();
	/* Items are written by hand here, wrong on purpose, or not at all. */
	scratch_sql("DROP TRIGGER ledger_entries_open_item");
	scratch_sql("DROP TRIGGER allocations_close_items");
	scratch_sql("INSERT INTO stores (id, code, name, currency, timezone, "
	    "created_at) VALUES (1, 'BROKEN', 'Broken', 'EUR', "
	    "'Europe/Berlin', UTC_TIMESTAMP(6))");
	scratch_sql("INSERT INTO customers (id, store_id, code, name, "
	    "created_at, updated_at) VALUES (1, 1, 'C000001', 'Broken', "
	    "UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))");

	/* 1: a sound account, a sale part paid by a deposit. */
	scratch_account(1, -300);
	scratch_entry(1, 1, "sale", -500, -500, 0);
	scratch_item(1, 1, 'D', 500, 300, 0);
	scratch_entry(2, 1, "deposit", 200, -300, 0);
	scratch_item(2, 1, 'C', 200, 0, 1);
	scratch_allocation(1, 2, 1, 200);

	/* 2: a balance that is not the sum of its entries. */
	scratch_account(2, 1000);
	scratch_entry(3, 2, "opening", 500, 500, 0);
	scratch_item(3, 2, 'C', 500, 500, 0);

	/* 3: a balance after that does not follow, then does again. */
	scratch_account(3, 250);
	scratch_entry(4, 3, "deposit", 300, 300, 0);
	scratch_item(4, 3, 'C', 300, 250, 0);
	scratch_entry(5, 3, "payout", -50, 240, 0);
	scratch_item(5, 3, 'D', 50, 0, 1);
	scratch_allocation(3, 4, 5, 50);
	scratch_entry(6, 3, "adjustment", 0, 250, 0);

	/* 4: an open amount that is not its amount less its allocations. */
	scratch_account(4, -400);
	scratch_entry(7, 4, "sale", -400, -400, 0);
	scratch_item(7, 4, 'D', 400, 300, 0);

	/* 5: a deposit with no open item. */
	scratch_account(5, 200);
	scratch_entry(8, 5, "deposit", 200, 200, 0);

	/* 6: open charges and credit in hand at once. */
	scratch_account(6, 0);
	scratch_entry(9, 6, "deposit", 100, 100, 0);
	scratch_item(9, 6, 'C', 100, 100, 0);
	scratch_entry(10, 6, "sale", -100, 0, 0);
	scratch_item(10, 6, 'D', 100, 100, 0);

	/* 7: a reversal of the wrong amount. */
	scratch_account(7, -20);
	scratch_entry(11, 7, "sale", -50, -50, 0);
	scratch_item(11, 7, 'D', 50, 20, 0);
	scratch_entry(12, 7, "reversal", 30, -20, 11);
	scratch_item(12, 7, 'C', 30, 0, 1);
	scratch_allocation(7, 12, 11, 30);

	/* 8: more allocated from a credit than it had, and a closed item still open. */
	scratch_account(8, 0);
	scratch_entry(13, 8, "sale", -100, -100, 0);
	scratch_item(13, 8, 'D', 100, 0, 1);
	scratch_entry(14, 8, "sale", -50, -150, 0);
	scratch_item(14, 8, 'D', 50, 0, 1);
	scratch_entry(15, 8, "deposit", 150, 0, 0);
	scratch_item(15, 8, 'C', 150, 0, 1);
	scratch_entry(16, 8, "opening", 100, 100, 0);
	scratch_item(16, 8, 'C', 100, 50, 1);
	scratch_allocation(8, 15, 13, 100);
	scratch_allocation(8, 16, 14, 50);
	scratch_allocation(8, 16, 14, 100);

	/* A gift card whose balance is not the sum of its entries. */
	scratch_sql("INSERT INTO gift_cards (id, store_id, code, balance, "
	    "created_at, updated_at) VALUES (1, 1, 'GIFT1', 500, "
	    "UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))");
	scratch_sql("INSERT INTO gift_card_entries (store_id, card_id, kind, "
	    "amount, balance_after, created_at) VALUES (1, 1, 'issue', 400, "
	    "400, UTC_TIMESTAMP(6))");

	rc = itest_slatectl(NULL, &out, &err, "check", NULL);
	ck_assert_msg(rc == 1, "slatectl check exited %d: %s%s", rc, out, err);
	expect_no_mention(out, "account A000001");
	expect_line(out, "BROKEN account A000002: balance is not the sum of "
	    "its entries: balance 1000, sum of entries 500");
	expect_line(out, "BROKEN account A000002: open credits are not its "
	    "credit in hand: balance 1000, open charges 0, open credits 500");
	expect_line(out, "BROKEN account A000003 entry E000005: balance after "
	    "is not the balance before plus the amount (first break): "
	    "before 300, amount -50, balance after 240");
	/* Only the first break of an account is printed; nothing else is wrong with it. */
	expect_no_mention(out, "E000006");
	expect_no_mention(out, "account A000003:");
	expect_line(out, "BROKEN account A000004 entry E000007: open amount "
	    "is not the amount less its allocations: amount 400, "
	    "allocated 0, open 300");
	expect_line(out, "BROKEN account A000004: open charges are not what "
	    "it owes: balance -400, open charges 300, open credits 0");
	expect_line(out, "BROKEN account A000005 entry E000008: entry has no "
	    "open item: amount 200, open item 0");
	expect_line(out, "BROKEN account A000006: has both open charges and "
	    "credit in hand: balance 0, open charges 100, open credits 100");
	expect_line(out, "BROKEN account A000007 entry E000012: is not the "
	    "opposite of the entry it reverses: amount 30, "
	    "reversed amount -50");
	expect_line(out, "BROKEN account A000008 entry E000016: more is "
	    "allocated than the item's amount: amount 100, allocated 150, "
	    "open 50");
	expect_line(out, "BROKEN account A000008 entry E000016: item is "
	    "closed with an amount still open: amount 100, allocated 150, "
	    "open 50");
	expect_line(out, "BROKEN gift card GIFT1: balance is not the sum of "
	    "its entries: balance 500, sum of entries 400");
	ck_assert_msg(strstr(out, "checked 8 accounts, 16 entries: ") != NULL,
	    "no summary: %s", out);
	free(out);
	free(err);

	/* The store of the scratch database alone: the same verdict. */
	ck_assert_int_eq(itest_slatectl(NULL, &out, NULL, "check", "--store",
	    "BROKEN", NULL), 1);
	free(out);

	unsetenv("SLATE_DB_NAME");
	sql_exec("DROP DATABASE %s", scratch);
}
END_TEST

/* Drops the scratch database when a failed test left it; no Check calls here. */
static void
scratch_drop(void)
{
	const char	*cnf = getenv("SLATE_MYCNF");
	const char	*sock = getenv("SLATE_DB_SOCKET");
	char		 sql[128];
	MYSQL		*m;

	if ((m = mysql_init(NULL)) == NULL)
		return;
	if (cnf != NULL && *cnf != '\0') {
		mysql_options(m, MYSQL_READ_DEFAULT_FILE, cnf);
		mysql_options(m, MYSQL_READ_DEFAULT_GROUP, "client");
	}
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", scratch);
	if (mysql_real_connect(m, NULL, "root", "", NULL, 0,
	    sock != NULL && *sock != '\0' ? sock : NULL, 0) == NULL ||
	    mysql_query(m, sql) != 0)
		fprintf(stderr, "cleanup: %s: %s\n", sql, mysql_error(m));
	mysql_close(m);
}

int
main(void)
{
	Suite	*s = suite_create("check");
	TCase	*tc = itest_tcase("check");
	int	 rc;

	snprintf(scratch, sizeof(scratch), "slate_check_%ld", (long)getpid());
	shop_begin();
	tcase_add_test(tc, test_sound_ledger_passes);
	tcase_add_test(tc, test_usage_and_unknown_store);
	tcase_add_test(tc, test_no_database_is_2);
	tcase_add_test(tc, test_broken_ledger_is_reported);
	suite_add_tcase(s, tc);
	rc = itest_run(s);
	scratch_drop();
	if (shop_cleanup() == -1)
		rc = EXIT_FAILURE;
	return rc;
}
