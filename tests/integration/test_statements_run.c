/* test_statements_run.c: slatectl statements run: exactly the due statements, once; frozen content; brought forward; an interrupted run resumes without gaps. */
#include <errno.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>

#include "client.h"
#include "shop.h"

/* A store of the test's own, and today's date there (UTC, as shop stores are). */
struct run_shop {
	char		 code[17];
	long long	 id;
	char		*today;
	char		*tomorrow;
};

static void
run_shop_open(struct run_shop *s)
{
	s->id = shop_store_new(s->code);
	s->today = sql_str("SELECT DATE_FORMAT(UTC_DATE(), '%%Y-%%m-%%d')");
	s->tomorrow = sql_str("SELECT DATE_FORMAT(UTC_DATE() + INTERVAL 1 DAY, "
	    "'%%Y-%%m-%%d')");
}

/*
 * Takes the store's accounts off the statement schedule, so that runs
 * over every store after the test find nothing due in it (its accounts
 * and entries stay: the ledger keeps everything).
 */
static void
run_shop_close(struct run_shop *s)
{
	sql_exec("UPDATE accounts SET frequency = '', frequency_start = NULL, "
	    "next_statement_on = NULL WHERE store_id = %lld", s->id);
	free(s->today);
	free(s->tomorrow);
}

/* Adds a customer to the store and returns its code. */
static char *
customer_add(const struct run_shop *s)
{
	char	*out = NULL, *err = NULL, *name;
	int	 rc;

	name = itest_name("Statement customer");
	rc = itest_slatectl(NULL, &out, &err, "customer", "add", "--name", name,
	    "--store", s->code, NULL);
	ck_assert_msg(rc == 0, "customer add: %s", err);
	out[strcspn(out, "\n")] = '\0';
	free(name);
	free(err);
	return out;
}

/*
 * Adds an account for customer with rule (NULL: none), statement email
 * (NULL: none) and an opening balance (NULL: none); returns its number.
 */
static char *
account_add(const struct run_shop *s, const char *customer, const char *rule,
    const char *email, const char *opening)
{
	const char	*argv[16];
	char		*out = NULL, *err = NULL;
	int		 n = 0, rc;

	argv[n++] = "--customer";
	argv[n++] = customer;
	argv[n++] = "--pay-later";
	argv[n++] = "--limit";
	argv[n++] = "1000";
	if (rule != NULL) {
		argv[n++] = "--frequency";
		argv[n++] = rule;
	}
	if (email != NULL) {
		argv[n++] = "--email";
		argv[n++] = email;
	}
	if (opening != NULL) {
		argv[n++] = "--opening";
		argv[n++] = opening;
	}
	while (n < 16)
		argv[n++] = NULL;
	rc = itest_slatectl(NULL, &out, &err, "account", "add", "--store",
	    s->code, argv[0], argv[1], argv[2], argv[3], argv[4], argv[5],
	    argv[6], argv[7], argv[8], argv[9], argv[10], argv[11], NULL);
	ck_assert_msg(rc == 0, "account add: %s", err);
	out[strcspn(out, "\n")] = '\0';
	free(err);
	return out;
}

static long long
account_id(const struct run_shop *s, const char *number)
{
	return sql_long("SELECT id FROM accounts WHERE store_id = %lld AND "
	    "number = '%s'", s->id, number);
}

/* Posts count sales of amount (minor units) on account number through the ledger. */
static void
sales_post(const struct run_shop *s, const char *number, int count,
    long amount)
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

/* Runs the statement run for the store on date; returns its exit status with its output. */
static int
run(const struct run_shop *s, const char *date, const char *more,
    char **out, char **err)
{
	return itest_slatectl(NULL, out, err, "statements", "run", "--store",
	    s->code, "--date", date, more != NULL ? more : "--no-deliver",
	    NULL);
}

/* Counts the lines of text that contain what. */
static int
lines_with(const char *text, const char *what)
{
	const char	*p = text, *nl;
	int		 n = 0;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (memmem(p, (size_t)(nl - p), what, strlen(what)) != NULL)
			n++;
		p = *nl ? nl + 1 : nl;
	}
	return n;
}

/* How many statements an account has. */
static long long
statements_of(const struct run_shop *s, const char *number)
{
	return sql_long("SELECT COUNT(*) FROM statements WHERE store_id = %lld "
	    "AND account_number = '%s'", s->id, number);
}

/* A statement as stored, with its lines and open items, as one string. */
static char *
statement_snapshot(long long id)
{
	char	*snap;

	snap = sql_str("SELECT CONCAT_WS('|', s.number, s.period_start, "
	    "s.period_end, s.issued_at, s.last_entry_id, s.opening_balance, "
	    "s.total_debits, s.total_credits, s.closing_balance, s.amount_due, "
	    "s.due_on, s.age_current, s.age_1_30, s.age_31_60, s.age_61_90, "
	    "s.age_over_90, s.customer_name, s.email, s.store_name, "
	    "COALESCE((SELECT GROUP_CONCAT(CONCAT_WS(',', l.line_no, "
	    "l.entry_id, l.entry_number, l.posted_on, l.kind, l.reference, "
	    "l.amount, l.balance_after) ORDER BY l.line_no SEPARATOR ';') "
	    "FROM statement_lines l WHERE l.statement_id = s.id), ''), "
	    "COALESCE((SELECT GROUP_CONCAT(CONCAT_WS(',', o.line_no, "
	    "o.entry_number, o.posted_on, o.due_on, o.amount, o.open_amount, "
	    "o.days_overdue) ORDER BY o.line_no SEPARATOR ';') "
	    "FROM statement_open_items o WHERE o.statement_id = s.id), '')) "
	    "FROM statements s WHERE s.id = %lld", id);
	ck_assert_msg(snap != NULL, "no statement %lld", id);
	return snap;
}

/*
 * Makes dir (a mkdtemp template) the mail directory of the slatectl
 * runs that follow, with the capturing sendmail of the tests.
 */
static void
mail_setup(char *dir)
{
	char		 cmd[1024];
	const char	*src = getenv("SLATE_SRC");

	ck_assert(mkdtemp(dir) != NULL);
	snprintf(cmd, sizeof(cmd), "%s/tests/integration/capture-mail",
	    src != NULL ? src : ".");
	ck_assert(setenv("SLATE_SENDMAIL", cmd, 1) == 0);
	ck_assert(setenv("SLATE_MAIL_DIR", dir, 1) == 0);
}

/* Counts the messages in dir sent to address. */
static int
mail_count(const char *dir, const char *address)
{
	char	 cmd[1024], buf[32] = "";
	FILE	*p;

	ck_assert(sql_plain(address));
	snprintf(cmd, sizeof(cmd), "grep -l -F 'To: %s' %s/*.eml 2>/dev/null "
	    "| wc -l", address, dir);
	ck_assert((p = popen(cmd, "r")) != NULL);
	if (fgets(buf, sizeof(buf), p) == NULL)
		buf[0] = '\0';
	pclose(p);
	return atoi(buf);
}

/* Removes the mail directory and what is in it. */
static void
mail_remove(const char *dir)
{
	char	 cmd[1024];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert(system(cmd) == 0);
}

/* A run issues exactly the due statements: rules, no rule, inactive, not yet due; a second run none. */
START_TEST(test_run_issues_exactly_the_due)
{
	struct run_shop	 s;
	char		*cust, *daily, *bare, *none, *inactive, *later;
	char		*email, *out = NULL, *err = NULL, want[128];
	char		 maildir[] = "/tmp/slate-statements-mail-XXXXXX";
	long long	 n;
	int		 rc;

	run_shop_open(&s);
	cust = customer_add(&s);
	email = itest_email("statement");
	daily = account_add(&s, cust, "every day", email, "-50.00");
	bare = account_add(&s, cust, "every day", NULL, NULL);
	none = account_add(&s, cust, NULL, NULL, "-20.00");
	inactive = account_add(&s, cust, "every day", NULL, NULL);
	later = account_add(&s, cust, "every 7 days", NULL, NULL);
	sql_exec("UPDATE accounts SET active = 0 WHERE id = %lld",
	    account_id(&s, inactive));
	sql_exec("UPDATE accounts SET frequency_start = '%s', "
	    "next_statement_on = '%s' WHERE id = %lld", s.tomorrow, s.tomorrow,
	    account_id(&s, later));

	rc = run(&s, s.today, NULL, &out, &err);
	ck_assert_msg(rc == 0, "run exited %d: %s%s", rc, out, err);
	ck_assert_int_eq(statements_of(&s, daily), 1);
	ck_assert_int_eq(statements_of(&s, bare), 1);
	ck_assert_int_eq(statements_of(&s, none), 0);
	ck_assert_int_eq(statements_of(&s, inactive), 0);
	ck_assert_int_eq(statements_of(&s, later), 0);
	/* One line each, numbered in order, and the summary. */
	snprintf(want, sizeof(want), "S000001 %s %s..%s owing 50.00 queued "
	    "to %s", daily, s.today, s.today, email);
	ck_assert_msg(strstr(out, want) != NULL, "no '%s' in:\n%s", want, out);
	snprintf(want, sizeof(want), "S000002 %s %s..%s owing 0.00 not sent: "
	    "no statement address", bare, s.today, s.today);
	ck_assert_msg(strstr(out, want) != NULL, "no '%s' in:\n%s", want, out);
	ck_assert_msg(strstr(out, "issued 2 statements (1 queued, 1 without "
	    "a statement address), 0 failed") != NULL, "summary: %s", out);
	/* Without an address: issued, flagged by its empty email, not queued. */
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM statements s JOIN "
	    "outbox o ON o.statement_id = s.id WHERE s.store_id = %lld AND "
	    "s.email = ''", s.id), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox o JOIN "
	    "statements s ON s.id = o.statement_id WHERE s.store_id = %lld "
	    "AND s.number = 'S000001' AND o.recipient = '%s'", s.id, email),
	    1);
	/* The next date moved on, and the counter with the numbers. */
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM accounts WHERE id = %lld "
	    "AND next_statement_on = '%s'", account_id(&s, daily), s.tomorrow),
	    1);
	ck_assert_int_eq(sql_long("SELECT next_statement FROM store_counters "
	    "WHERE store_id = %lld", s.id), 3);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'statement.issue'", s.id), 2);
	free(out);
	free(err);

	/* The same date again: nothing new. */
	n = sql_long("SELECT COUNT(*) FROM statements WHERE store_id = %lld",
	    s.id);
	rc = run(&s, s.today, NULL, &out, &err);
	ck_assert_msg(rc == 0, "second run exited %d: %s", rc, err);
	ck_assert_msg(strstr(out, "issued 0 statements") != NULL, "%s", out);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM statements WHERE "
	    "store_id = %lld", s.id), n);
	ck_assert_int_eq(lines_with(out, " S0"), 0);
	free(out);
	free(err);

	/* A run without --no-deliver hands the queued statement to sendmail. */
	mail_setup(maildir);
	rc = run(&s, s.today, "--jobs=1", &out, &err);
	ck_assert_msg(rc == 0, "delivering run exited %d: %s", rc, err);
	ck_assert_msg(strstr(out, "delivered 1 messages") != NULL, "%s", out);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox WHERE "
	    "store_id = %lld AND status = 'sent'", s.id), 1);
	ck_assert_int_eq(mail_count(maildir, email), 1);
	mail_remove(maildir);
	free(out);
	free(err);

	itest_ledger_check();
	free(cust);
	free(email);
	free(daily);
	free(bare);
	free(none);
	free(inactive);
	free(later);
	run_shop_close(&s);
}
END_TEST

/* An entry after issue leaves the statement as it was and is on the next one, which brings the closing forward. */
START_TEST(test_frozen_and_brought_forward)
{
	struct run_shop	 s;
	char		*cust, *number, *before, *after, *out = NULL, *err = NULL;
	long long	 first, second, last_entry;
	int		 rc;

	run_shop_open(&s);
	cust = customer_add(&s);
	number = account_add(&s, cust, "every day", NULL, "-50.00");
	sales_post(&s, number, 2, 1000);
	rc = run(&s, s.today, NULL, &out, &err);
	ck_assert_msg(rc == 0, "run exited %d: %s", rc, err);
	free(out);
	free(err);
	first = sql_long("SELECT id FROM statements WHERE store_id = %lld "
	    "AND account_number = '%s'", s.id, number);
	ck_assert_int_eq(sql_long("SELECT opening_balance FROM statements "
	    "WHERE id = %lld", first), 0);
	ck_assert_int_eq(sql_long("SELECT closing_balance FROM statements "
	    "WHERE id = %lld", first), -7000);
	ck_assert_int_eq(sql_long("SELECT amount_due FROM statements "
	    "WHERE id = %lld", first), 7000);
	ck_assert_int_eq(sql_long("SELECT total_debits FROM statements "
	    "WHERE id = %lld", first), 7000);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM statement_lines "
	    "WHERE statement_id = %lld", first), 3);
	/* The running balance of the last line is the closing balance. */
	ck_assert_int_eq(sql_long("SELECT balance_after FROM statement_lines "
	    "WHERE statement_id = %lld ORDER BY line_no DESC LIMIT 1", first),
	    -7000);
	/* Three open charges, 70.00 in all, none past due on the day. */
	ck_assert_int_eq(sql_long("SELECT SUM(open_amount) FROM "
	    "statement_open_items WHERE statement_id = %lld", first), 7000);
	ck_assert_int_eq(sql_long("SELECT age_current + age_1_30 + age_31_60 "
	    "+ age_61_90 + age_over_90 FROM statements WHERE id = %lld",
	    first), 7000);
	last_entry = sql_long("SELECT MAX(id) FROM ledger_entries WHERE "
	    "account_id = %lld", account_id(&s, number));
	ck_assert_int_eq(sql_long("SELECT last_entry_id FROM statements "
	    "WHERE id = %lld", first), last_entry);
	before = statement_snapshot(first);

	/* A sale after issue: the issued statement stays as it was. */
	sales_post(&s, number, 1, 500);
	after = statement_snapshot(first);
	ck_assert_str_eq(before, after);
	free(after);

	/* The next statement has it, and brings 70.00 owing forward. */
	rc = run(&s, s.tomorrow, NULL, &out, &err);
	ck_assert_msg(rc == 0, "run exited %d: %s", rc, err);
	ck_assert_msg(strstr(out, "owing 75.00") != NULL, "%s", out);
	free(out);
	free(err);
	second = sql_long("SELECT id FROM statements WHERE store_id = %lld "
	    "AND account_number = '%s' AND period_end = '%s'", s.id, number,
	    s.tomorrow);
	ck_assert_int_eq(sql_long("SELECT opening_balance FROM statements "
	    "WHERE id = %lld", second), sql_long("SELECT closing_balance "
	    "FROM statements WHERE id = %lld", first));
	ck_assert_int_eq(sql_long("SELECT closing_balance FROM statements "
	    "WHERE id = %lld", second), -7500);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM statements WHERE "
	    "id = %lld AND period_start = '%s'", second, s.tomorrow), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM statement_lines "
	    "WHERE statement_id = %lld", second), 1);
	ck_assert_int_eq(sql_long("SELECT amount FROM statement_lines "
	    "WHERE statement_id = %lld", second), -500);
	ck_assert_int_eq(sql_long("SELECT entry_id FROM statement_lines "
	    "WHERE statement_id = %lld", second), sql_long("SELECT MAX(id) "
	    "FROM ledger_entries WHERE account_id = %lld",
	    account_id(&s, number)));
	/* Still the same first statement. */
	after = statement_snapshot(first);
	ck_assert_str_eq(before, after);
	free(after);
	free(before);

	itest_ledger_check();
	free(cust);
	free(number);
	run_shop_close(&s);
}
END_TEST

#define MANY	300

/*
 * Starts the run for store s with its standard output on a pipe, reads
 * `lines` statement lines, and kills it. Returns the lines read.
 */
static int
run_and_kill(const struct run_shop *s, int lines, char *seen, size_t size)
{
	char		 path[1024], line[512];
	const char	*build = getenv("SLATE_BUILD");
	int		 fds[2], status, n = 0;
	FILE		*from;
	pid_t		 pid;

	snprintf(path, sizeof(path), "%s/slatectl",
	    build != NULL ? build : "build");
	ck_assert(pipe(fds) == 0);
	fflush(NULL);
	pid = fork();
	ck_assert(pid != -1);
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execl(path, "slatectl", "statements", "run", "--store", s->code,
		    "--date", s->today, "--no-deliver", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	from = fdopen(fds[0], "r");
	seen[0] = '\0';
	while (n < lines && fgets(line, sizeof(line), from) != NULL)
		if (line[0] == 'S') {
			n++;
			strncat(seen, line, size - strlen(seen) - 1);
		}
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1)
		ck_assert(errno == EINTR);
	fclose(from);
	ck_assert_msg(WIFSIGNALED(status), "the run ended before it was "
	    "killed");
	return n;
}

/* Killed midway, a run leaves whole statements; the next one issues the rest, numbers without gaps. */
START_TEST(test_interrupted_run_resumes)
{
	struct run_shop	 s;
	char		*cust, *first, *out = NULL, *err = NULL, *seen, *line;
	char		*save = NULL;
	long long	 customer, issued;
	int		 rc, n;

	run_shop_open(&s);
	cust = customer_add(&s);
	first = account_add(&s, cust, "every day", NULL, NULL);
	customer = sql_long("SELECT customer_id FROM accounts WHERE id = %lld",
	    account_id(&s, first));
	/* The other accounts at once, as bench/gen-data makes them. */
	sql_exec("INSERT INTO accounts (store_id, customer_id, number, "
	    "pay_later, credit_limit, frequency, frequency_start, "
	    "next_statement_on, feed_seq, created_at, updated_at) "
	    "SELECT a.store_id, a.customer_id, CONCAT('A', LPAD(q.seq + 1, 6, "
	    "'0')), 1, 100000, a.frequency, a.frequency_start, "
	    "a.next_statement_on, NEXTVAL(feed_numbers), UTC_TIMESTAMP(6), "
	    "UTC_TIMESTAMP(6) FROM accounts a JOIN seq_1_to_%d q "
	    "WHERE a.id = %lld", MANY - 1, account_id(&s, first));
	sql_exec("UPDATE store_counters SET next_account = %d "
	    "WHERE store_id = %lld", MANY + 1, s.id);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM accounts WHERE "
	    "customer_id = %lld", customer), MANY);

	seen = calloc(1, 64 * 512);
	ck_assert(seen != NULL);
	n = run_and_kill(&s, 20, seen, 64 * 512);
	ck_assert_int_eq(n, 20);
	issued = sql_long("SELECT COUNT(*) FROM statements WHERE store_id = %lld",
	    s.id);
	ck_assert_msg(issued >= 20 && issued < MANY, "%lld issued before the "
	    "kill", issued);
	/* Every statement printed was committed, whole. */
	for (line = strtok_r(seen, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		line[7] = '\0';
		ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM statements WHERE "
		    "store_id = %lld AND number = '%s'", s.id, line), 1);
	}
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM statements s WHERE "
	    "s.store_id = %lld AND NOT EXISTS (SELECT 1 FROM audit_log l "
	    "WHERE l.store_id = s.store_id AND l.action = 'statement.issue' "
	    "AND l.object_id = s.number)", s.id), 0);

	/* The next run, in two processes, issues the rest. */
	rc = run(&s, s.today, "--jobs=2", &out, &err);
	ck_assert_msg(rc == 0, "run exited %d: %s", rc, err);
	ck_assert_int_eq(lines_with(out, " not sent: "), MANY - issued);
	free(out);
	free(err);
	rc = run(&s, s.today, NULL, &out, &err);
	ck_assert_msg(rc == 0, "last run exited %d: %s", rc, err);
	ck_assert_msg(strstr(out, "issued 0 statements") != NULL, "%s", out);
	free(out);
	free(err);

	/* Every account exactly one statement, numbered 1..MANY. */
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM statements WHERE "
	    "store_id = %lld", s.id), MANY);
	ck_assert_int_eq(sql_long("SELECT COUNT(DISTINCT account_id) FROM "
	    "statements WHERE store_id = %lld", s.id), MANY);
	ck_assert_int_eq(sql_long("SELECT COUNT(DISTINCT number) FROM "
	    "statements WHERE store_id = %lld AND CAST(SUBSTRING(number, 2) "
	    "AS UNSIGNED) BETWEEN 1 AND %d", s.id, MANY), MANY);
	ck_assert_int_eq(sql_long("SELECT next_statement FROM store_counters "
	    "WHERE store_id = %lld", s.id), MANY + 1);

	itest_ledger_check();
	free(seen);
	free(cust);
	free(first);
	run_shop_close(&s);
}
END_TEST

/* Bad usage changes nothing. */
START_TEST(test_bad_usage)
{
	char	*out = NULL, *err = NULL;

	ck_assert_int_eq(itest_slatectl(NULL, &out, &err, "statements", "run",
	    "--date", "2026-02-30", NULL), 2);
	free(out);
	free(err);
	ck_assert_int_eq(itest_slatectl(NULL, &out, &err, "statements", "run",
	    "--jobs", "0", NULL), 2);
	free(out);
	free(err);
	ck_assert_int_eq(itest_slatectl(NULL, &out, &err, "statements", "run",
	    "--store", "NO-SUCH-STORE-X", "--no-deliver", NULL), 1);
	ck_assert_msg(strstr(err, "no store has that code") != NULL, "%s", err);
	free(out);
	free(err);
}
END_TEST

static Suite *
statements_run_suite(void)
{
	Suite	*s = suite_create("statements_run");
	TCase	*tc = itest_tcase("run");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_run_issues_exactly_the_due);
	tcase_add_test(tc, test_frozen_and_brought_forward);
	tcase_add_test(tc, test_interrupted_run_resumes);
	tcase_add_test(tc, test_bad_usage);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	int	 rc;

	shop_begin();
	rc = itest_run(statements_run_suite());
	if (shop_cleanup() == -1)
		rc = EXIT_FAILURE;
	return rc;
}
