/* test_ledger.c: the posting module against the real database: open items, allocations, reversals, one-time tokens, stale forms, refusals that write nothing, a deadlock met while reading, bounded lock waits. */
#include <sys/wait.h>

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <mysql.h>

#include "client.h"
#include "shop.h"

#include "audit.h"
#include "../../cgi/config.h"
#include "db.h"
#include "ledger.h"

/* A store of its own with one account, and a connection to post on it. */
struct book {
	char		 code[17];
	long long	 store;
	long long	 account;
	struct db	*db;
	struct config	 cfg;
};

/* What one transaction posts, and what came of it. */
struct job {
	struct posting	 p;
	struct posted	 out;
};

static int
post_tx(struct db *db, void *arg)
{
	struct job	*j = arg;

	return ledger_post(db, &j->p, &j->out);
}

/* Opens a store with an account of limit, with pay later and restrict credit. */
static void
book_open(struct book *b, const char *limit)
{
	char	*out = NULL, *err = NULL, *nl;
	int	 rc;

	memset(b, 0, sizeof(*b));
	b->store = shop_store_new(b->code);
	rc = itest_slatectl(NULL, &out, &err, "customer", "add", "--name",
	    "Ledger Customer", "--store", b->code, NULL);
	ck_assert_msg(rc == 0, "customer add: %s", err);
	if ((nl = strchr(out, '\n')) != NULL)
		*nl = '\0';
	free(err);
	err = NULL;
	rc = itest_slatectl(NULL, NULL, &err, "account", "add", "--customer",
	    out, "--limit", limit, "--pay-later", "--restrict-credit",
	    "--store", b->code, NULL);
	ck_assert_msg(rc == 0, "account add: %s", err);
	free(out);
	free(err);
	b->account = sql_long("SELECT id FROM accounts WHERE store_id = %lld",
	    b->store);
	ck_assert_int_eq(config_load(&b->cfg), 0);
	b->db = db_open(&b->cfg);
	ck_assert_ptr_nonnull(b->db);
	ck_assert_int_eq(db_ready(b->db), DB_OK);
}

static void
book_close(struct book *b)
{
	db_close(b->db);
	itest_ledger_check();
}

/* Posts kind of amount with lines; returns ledger_post's result. */
static int
post(struct book *b, const char *kind, long long amount,
    const struct ledger_line *lines, size_t nlines, struct posted *out)
{
	struct job	 j;
	int		 rc;

	memset(&j, 0, sizeof(j));
	j.p.store_id = b->store;
	j.p.account_id = b->account;
	j.p.kind = kind;
	j.p.amount = amount;
	j.p.payment_method = "cash";
	j.p.lines = lines;
	j.p.nlines = nlines;
	rc = db_transaction(b->db, post_tx, &j);
	if (out != NULL)
		*out = j.out;
	return rc;
}

/* Posts and expects it to pass; returns the entry id. */
static long long
posted_ok(struct book *b, const char *kind, long long amount)
{
	struct posted	 out;
	int		 rc = post(b, kind, amount, NULL, 0, &out);

	ck_assert_msg(rc == 0, "%s %lld: %d", kind, amount, rc);
	return out.entry_id;
}

static long long
open_of(long long entry)
{
	return sql_long("SELECT open_amount FROM open_items WHERE "
	    "entry_id = %lld", entry);
}

static long long
balance_of(const struct book *b)
{
	return sql_long("SELECT balance FROM accounts WHERE id = %lld",
	    b->account);
}

static long long
entries_of(const struct book *b)
{
	return sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "account_id = %lld", b->account);
}

START_TEST(test_credits_meet_charges_oldest_first)
{
	struct book	 b;
	struct posted	 out;
	long long	 s1, s2, d1, d2, s3;

	book_open(&b, "100");
	s1 = posted_ok(&b, "sale", -3000);
	s2 = posted_ok(&b, "sale", -2000);
	ck_assert_int_eq(balance_of(&b), -5000);
	ck_assert_int_eq(post(&b, "deposit", 3500, NULL, 0, &out), 0);
	d1 = out.entry_id;
	ck_assert_int_eq(out.allocated, 3500);
	ck_assert_int_eq(out.unapplied, 0);
	ck_assert_int_eq(open_of(s1), 0);
	ck_assert_int_eq(open_of(s2), 1500);
	ck_assert_int_eq(open_of(d1), 0);
	ck_assert_int_eq(sql_long("SELECT closed_at IS NOT NULL FROM "
	    "open_items WHERE entry_id = %lld", s1), 1);
	ck_assert_int_eq(post(&b, "deposit", 10000, NULL, 0, &out), 0);
	d2 = out.entry_id;
	ck_assert_int_eq(out.allocated, 1500);
	ck_assert_int_eq(out.unapplied, 8500);
	ck_assert_int_eq(out.balance_after, 8500);
	ck_assert_int_eq(open_of(s2), 0);
	ck_assert_int_eq(open_of(d2), 8500);
	/* A sale with credit in hand is paid by it at once. */
	s3 = posted_ok(&b, "sale", -1000);
	ck_assert_int_eq(open_of(s3), 0);
	ck_assert_int_eq(open_of(d2), 7500);
	ck_assert_int_eq(sql_long("SELECT SUM(amount) FROM allocations WHERE "
	    "account_id = %lld", b.account), 3500 + 1500 + 1000);
	book_close(&b);
}
END_TEST

START_TEST(test_chosen_lines_then_oldest)
{
	struct book		 b;
	struct posted		 out;
	struct ledger_line	 lines[2];
	long long		 a, bb, c, before;

	book_open(&b, "1000");
	a = posted_ok(&b, "sale", -1000);
	bb = posted_ok(&b, "sale", -2000);
	c = posted_ok(&b, "sale", -3000);
	lines[0].entry_id = c;
	lines[0].amount = 2500;
	ck_assert_int_eq(post(&b, "settlement", 2500, lines, 1, &out), 0);
	ck_assert_int_eq(open_of(a), 1000);
	ck_assert_int_eq(open_of(bb), 2000);
	ck_assert_int_eq(open_of(c), 500);
	/* 20.00 to b as chosen, the other 20.00 oldest first: a, then c, 5.00 left as credit. */
	lines[0].entry_id = bb;
	lines[0].amount = 2000;
	ck_assert_int_eq(post(&b, "settlement", 4000, lines, 1, &out), 0);
	ck_assert_int_eq(out.allocated, 3500);
	ck_assert_int_eq(out.unapplied, 500);
	ck_assert_int_eq(open_of(a), 0);
	ck_assert_int_eq(open_of(bb), 0);
	ck_assert_int_eq(open_of(c), 0);
	ck_assert_int_eq(balance_of(&b), 500);

	/* A closed line, or more than is open, posts nothing at all. */
	a = posted_ok(&b, "sale", -1000);
	ck_assert_int_eq(open_of(a), 500);
	before = entries_of(&b);
	lines[0].entry_id = a;
	lines[0].amount = 501;
	ck_assert_int_eq(post(&b, "settlement", 501, lines, 1, NULL),
	    LEDGER_ERR_ALLOCATION);
	lines[0].entry_id = c;
	lines[0].amount = 1;
	ck_assert_int_eq(post(&b, "settlement", 1, lines, 1, NULL),
	    LEDGER_ERR_ALLOCATION);
	/* The same charge twice gets no more than is open. */
	lines[0].entry_id = a;
	lines[0].amount = 300;
	lines[1].entry_id = a;
	lines[1].amount = 300;
	ck_assert_int_eq(post(&b, "settlement", 600, lines, 2, NULL),
	    LEDGER_ERR_ALLOCATION);
	/* Lines worth more than the settlement. */
	lines[0].amount = 400;
	ck_assert_int_eq(post(&b, "settlement", 300, lines, 1, NULL),
	    LEDGER_ERR_ALLOCATION);
	ck_assert_int_eq(entries_of(&b), before);
	ck_assert_int_eq(open_of(a), 500);
	ck_assert_int_eq(balance_of(&b), -500);
	book_close(&b);
}
END_TEST

START_TEST(test_reversals)
{
	struct book	 b;
	struct job	 j;
	long long	 sale, dep;

	book_open(&b, "1000");
	sale = posted_ok(&b, "sale", -5000);
	posted_ok(&b, "settlement", 2000);
	ck_assert_int_eq(open_of(sale), 3000);

	memset(&j, 0, sizeof(j));
	j.p.store_id = b.store;
	j.p.account_id = b.account;
	j.p.kind = "reversal";
	j.p.reverses_id = sale;
	j.p.note = "Rung up twice";
	ck_assert_int_eq(db_transaction(b.db, post_tx, &j), 0);
	ck_assert_int_eq(j.out.amount, 5000);
	ck_assert_int_eq(open_of(sale), 0);
	ck_assert_int_eq(j.out.unapplied, 2000);
	ck_assert_int_eq(balance_of(&b), 2000);
	ck_assert_int_eq(sql_long("SELECT reverses_id FROM ledger_entries "
	    "WHERE id = %lld", (long long)j.out.entry_id), sale);

	/* Once only; a reversal is not reversed. */
	ck_assert_int_eq(db_transaction(b.db, post_tx, &j),
	    LEDGER_ERR_REVERSED);
	j.p.reverses_id = j.out.entry_id;
	ck_assert_int_eq(db_transaction(b.db, post_tx, &j),
	    LEDGER_ERR_NOT_REVERSIBLE);

	/* A deposit reversed takes its own credit back first. */
	dep = posted_ok(&b, "deposit", 700);
	j.p.reverses_id = dep;
	ck_assert_int_eq(db_transaction(b.db, post_tx, &j), 0);
	ck_assert_int_eq(j.out.amount, -700);
	ck_assert_int_eq(open_of(dep), 0);
	ck_assert_int_eq(open_of(j.out.entry_id), 0);
	ck_assert_int_eq(balance_of(&b), 2000);
	book_close(&b);
}
END_TEST

START_TEST(test_once_and_stale)
{
	struct book	 b;
	struct job	 j, again;
	long long	 version;

	book_open(&b, "100");
	version = sql_long("SELECT version FROM accounts WHERE id = %lld",
	    b.account);
	memset(&j, 0, sizeof(j));
	j.p.store_id = b.store;
	j.p.account_id = b.account;
	j.p.kind = "deposit";
	j.p.amount = 1234;
	j.p.payment_method = "cash";
	j.p.once = "0123456789abcdef0123456789abcdef";
	j.p.expect_version = version;
	ck_assert_int_eq(db_transaction(b.db, post_tx, &j), 0);
	ck_assert_int_eq(j.out.version_after, version + 1);
	again = j;
	memset(&again.out, 0, sizeof(again.out));
	ck_assert_int_eq(db_transaction(b.db, post_tx, &again),
	    LEDGER_ERR_SUBMITTED);
	ck_assert_str_eq(again.out.number, j.out.number);
	ck_assert_int_eq(again.out.entry_id, j.out.entry_id);
	ck_assert_int_eq(entries_of(&b), 1);
	/* A new form shown before that deposit is stale now. */
	again.p.once = "fedcba9876543210fedcba9876543210";
	ck_assert_int_eq(db_transaction(b.db, post_tx, &again),
	    LEDGER_ERR_STALE);
	ck_assert_int_eq(entries_of(&b), 1);
	ck_assert_int_eq(balance_of(&b), 1234);
	book_close(&b);
}
END_TEST

START_TEST(test_refusals_write_nothing)
{
	struct book		 b;
	struct job		 j;
	struct audit_actor	 actor;
	long long		 audits, seq;

	book_open(&b, "50");
	posted_ok(&b, "sale", -4000);
	audits = sql_long("SELECT COUNT(*) FROM audit_log WHERE store_id = "
	    "%lld", b.store);
	seq = sql_long("SELECT feed_seq FROM accounts WHERE id = %lld",
	    b.account);
	memset(&j, 0, sizeof(j));
	audit_actor_cli(b.store, &actor);
	j.p.store_id = b.store;
	j.p.account_id = b.account;
	j.p.kind = "sale";
	j.p.amount = -1001;
	j.p.actor = &actor;
	ck_assert_int_eq(db_transaction(b.db, post_tx, &j),
	    LEDGER_ERR_OVER_LIMIT);
	j.p.kind = "payout";
	j.p.amount = -1;
	ck_assert_int_eq(db_transaction(b.db, post_tx, &j),
	    LEDGER_ERR_INSUFFICIENT);
	j.p.kind = "deposit";
	j.p.amount = -5;
	ck_assert_int_eq(db_transaction(b.db, post_tx, &j), LEDGER_ERR_RANGE);
	j.p.amount = INT64_C(9007199254740992);
	ck_assert_int_eq(db_transaction(b.db, post_tx, &j), LEDGER_ERR_RANGE);
	j.p.account_id = 999999999;
	j.p.amount = 5;
	ck_assert_int_eq(db_transaction(b.db, post_tx, &j),
	    LEDGER_ERR_NO_ACCOUNT);
	ck_assert_int_eq(entries_of(&b), 1);
	ck_assert_int_eq(balance_of(&b), -4000);
	ck_assert_int_eq(sql_long("SELECT feed_seq FROM accounts WHERE id = "
	    "%lld", b.account), seq);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld", b.store), audits);

	/* What passes is audited with its figures. */
	j.p.account_id = b.account;
	j.p.kind = "sale";
	j.p.amount = -1000;
	ck_assert_int_eq(db_transaction(b.db, post_tx, &j), 0);
	ck_assert_int_eq(j.out.available_after, 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'entry.post' AND "
	    "JSON_VALUE(after_json, '$.balance') = -5000", b.store), 1);
	ck_assert_int_gt(sql_long("SELECT feed_seq FROM accounts WHERE id = "
	    "%lld", b.account), seq);
	book_close(&b);
}
END_TEST

/* The transaction of test_deadlock_while_reading: the counters row, then the account's open charges. */
struct reader {
	long long	 store;
	long long	 account;
	int		 tries;
};

static int
read_after_counters(struct db *db, void *arg)
{
	struct reader	*rd = arg;
	int64_t		 next, id, open;
	int		 rc;

	rd->tries++;
	if ((rc = db_get(db, STMT_STATEMENT_COUNTER_LOCK, DB_ARGS(
	    DB_INT(rd->store)), DB_COLS(COL_INT(&next)))) < 0)
		return rc;
	if ((rc = db_query(db, STMT_OPEN_ITEMS_OLDEST, DB_ARGS(
	    DB_INT(rd->account), DB_STR("D"), DB_INT(0), DB_INT(10)),
	    DB_COLS(COL_INT(&id), COL_INT(&open)))) < 0)
		return rc;
	while ((rc = db_fetch(db)) == 1)
		continue;
	db_done(db);
	return rc;
}

/* A connection in a transaction of its own, for a child process that holds locks; exits 2 when it cannot. */
static MYSQL *
locker_open(void)
{
	char	 err[256];
	MYSQL	*m;

	if ((m = sql_connection(err, sizeof(err))) == NULL ||
	    mysql_query(m, "START TRANSACTION") != 0)
		_exit(2);
	return m;
}

/* Runs the statement fmt makes on m and reads its rows, if any; exits with code when it fails. */
static void	locker_run(MYSQL *m, int code, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

static void
locker_run(MYSQL *m, int code, const char *fmt, ...)
{
	char		 q[200];
	va_list		 ap;
	MYSQL_RES	*res;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	if (mysql_query(m, q) != 0)
		_exit(code);
	if ((res = mysql_store_result(m)) != NULL)
		mysql_free_result(res);
	else if (mysql_field_count(m) != 0)
		_exit(code);
}

/* Rolls back, closes and ends the child process with 0. */
static void
locker_done(MYSQL *m)
{
	mysql_query(m, "ROLLBACK");
	mysql_close(m);
	_exit(0);
}

/*
 * The other side of the deadlock, in a process of its own: the open
 * item, a change (so that it weighs more and the reader is the one
 * rolled back), then, once the reader waits for the item, the counters
 * row the reader holds. Exits 0 when every statement ran.
 */
static void
lock_item_then_counters(long long store, long long item, long long account)
{
	MYSQL	*m = locker_open();

	locker_run(m, 4, "SELECT entry_id FROM open_items WHERE "
	    "entry_id = %lld FOR UPDATE", item);
	locker_run(m, 5, "UPDATE accounts SET credit_limit = "
	    "credit_limit + 1 WHERE id = %lld", account);
	usleep(600 * 1000);
	locker_run(m, 6, "SELECT next_statement FROM store_counters "
	    "WHERE store_id = %lld FOR UPDATE", store);
	locker_done(m);
}

START_TEST(test_deadlock_while_reading)
{
	struct book	 b;
	struct reader	 rd;
	struct timespec	 t0, t1;
	long long	 item;
	pid_t		 pid;
	int		 rc, status;

	book_open(&b, "100");
	item = posted_ok(&b, "sale", -3000);
	posted_ok(&b, "sale", -2000);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0)
		lock_item_then_counters(b.store, item, b.account);
	usleep(300 * 1000);
	memset(&rd, 0, sizeof(rd));
	rd.store = b.store;
	rd.account = b.account;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/*
	 * The deadlock is found while the open items' rows are read, after
	 * their columns came: the result ends in an error, the connection
	 * is dropped, and the transaction is tried again on a new one
	 * instead of waiting for good for rows that never come.
	 */
	rc = db_transaction(b.db, read_after_counters, &rd);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "the other transaction failed: %d", WEXITSTATUS(status));
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(rd.tries, 2);
	ck_assert_int_lt(t1.tv_sec - t0.tv_sec, 10);
	/* The connection answers the next statement too. */
	ck_assert_int_eq(balance_of(&b), -5000);
	ck_assert_int_eq(posted_ok(&b, "deposit", 5000) > 0, 1);
	book_close(&b);
}
END_TEST

/* Holds the account's row locked for seconds from another connection, in a process of its own. */
static void
hold_account(long long account, unsigned seconds)
{
	MYSQL	*m = locker_open();

	locker_run(m, 3, "SELECT id FROM accounts WHERE id = %lld FOR UPDATE",
	    account);
	sleep(seconds);
	locker_done(m);
}

START_TEST(test_lock_wait_is_bounded)
{
	struct book	 b;
	struct timespec	 t0, t1;
	long long	 entries;
	pid_t		 pid;
	int		 rc, status;

	/* Each wait for a row lock lasts SLATE_DB_LOCK_WAIT seconds, not MariaDB's 50. */
	ck_assert_int_eq(setenv("SLATE_DB_LOCK_WAIT", "1", 1), 0);
	book_open(&b, "100");
	posted_ok(&b, "sale", -1000);
	entries = entries_of(&b);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0)
		hold_account(b.account, 20);
	usleep(300 * 1000);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = post(&b, "deposit", 500, NULL, 0, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* Five tries of a second each, then a clear failure that wrote nothing. */
	ck_assert_int_eq(rc, DB_ERR_RETRY);
	ck_assert_int_ge(t1.tv_sec - t0.tv_sec, 4);
	ck_assert_int_lt(t1.tv_sec - t0.tv_sec, 15);
	ck_assert_int_eq(entries_of(&b), entries);
	ck_assert_int_eq(balance_of(&b), -1000);
	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	book_close(&b);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("ledger");
	TCase	*tc = itest_tcase("ledger");

	shop_begin();
	tcase_add_test(tc, test_credits_meet_charges_oldest_first);
	tcase_add_test(tc, test_chosen_lines_then_oldest);
	tcase_add_test(tc, test_reversals);
	tcase_add_test(tc, test_once_and_stale);
	tcase_add_test(tc, test_refusals_write_nothing);
	tcase_add_test(tc, test_deadlock_while_reading);
	tcase_add_test(tc, test_lock_wait_is_bounded);
	suite_add_tcase(s, tc);
	return itest_run(s) == 0 && shop_cleanup() == 0 ? EXIT_SUCCESS :
	    EXIT_FAILURE;
}
