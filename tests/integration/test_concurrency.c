/* test_concurrency.c: postings at once on one account, a worker killed mid-posting, MariaDB killed and restarted: nothing lost, nothing half-written, nothing twice. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "client.h"
#include "shop.h"

#include "account.h"
#include "audit.h"
#include "../../cgi/config.h"
#include "db.h"
#include "ledger.h"

#define PARALLEL	30	/* postings at once on one account */
#define HTTP_DEPOSITS	4	/* of them, deposits through the portal */
#define RESTART_RUN	24	/* postings through the portal while MariaDB restarts */
#define MAX_WORKERS	64

/* A store with its Administrator signed in, and one account of it. */
struct book {
	struct shop	 s;
	long long	 account;
	char		 number[17];
};

/* Opens a store with an account of limit, pay later and restrict credit. */
static void
book_open(struct book *b, const char *limit)
{
	char	*out = NULL, *err = NULL, *number;
	int	 rc;

	memset(b, 0, sizeof(*b));
	shop_open(&b->s);
	rc = itest_slatectl(NULL, &out, &err, "customer", "add", "--name",
	    "Busy Customer", "--store", b->s.code, NULL);
	ck_assert_msg(rc == 0, "customer add: %s", err);
	out[strcspn(out, "\n")] = '\0';
	free(err);
	err = NULL;
	rc = itest_slatectl(NULL, &number, &err, "account", "add",
	    "--customer", out, "--limit", limit, "--pay-later",
	    "--restrict-credit", "--store", b->s.code, NULL);
	ck_assert_msg(rc == 0, "account add: %s", err);
	number[strcspn(number, "\n")] = '\0';
	snprintf(b->number, sizeof(b->number), "%s", number);
	b->account = sql_long("SELECT id FROM accounts WHERE store_id = %lld "
	    "AND number = '%s'", b->s.id, b->number);
	free(out);
	free(err);
	free(number);
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

static long long
postings_audited(const struct book *b)
{
	return sql_long("SELECT COUNT(*) FROM audit_log WHERE store_id = %lld "
	    "AND action = 'entry.post'", b->s.id);
}

/* ------------------------------------------------------------ children */

/* One posting to make at once with the others. */
struct spec {
	const char	*kind;		/* NULL: a deposit through the portal */
	long long	 amount;	/* minor units, signed as posted */
};

/* What a child reports through the pipe (one write, below PIPE_BUF). */
struct result {
	int		 idx;
	int		 rc;		/* ledger_post's, or the HTTP status */
	long long	 amount;
	long long	 entry;		/* ledger_post's entry id */
	char		 number[17];	/* the receipt's entry number (HTTP) */
};

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

/* Waits until the parent lets every child go at once (closes the pipe). */
static void
barrier_wait(int go)
{
	char	 c;

	while (read(go, &c, 1) == -1 && errno == EINTR)
		;
}

/* Sends a result to the parent. */
static void
report(int out, const struct result *res)
{
	ssize_t	 n;

	do
		n = write(out, res, sizeof(*res));
	while (n == -1 && errno == EINTR);
}

/* In a child: posts sp through ledger_post on a connection of its own. */
static void
child_ledger(const struct book *b, const struct spec *sp, int go,
    struct result *res)
{
	struct audit_actor	 actor;
	struct config		 cfg;
	struct job		 j;
	struct db		*db;

	res->rc = DB_ERR;
	if (config_load(&cfg) == -1 || (db = db_open(&cfg)) == NULL)
		return;
	if (db_ready(db) == DB_OK) {
		barrier_wait(go);
		memset(&j, 0, sizeof(j));
		audit_actor_cli(b->s.id, &actor);
		j.p.store_id = b->s.id;
		j.p.account_id = b->account;
		j.p.kind = sp->kind;
		j.p.amount = sp->amount;
		j.p.payment_method = strcmp(sp->kind, "sale") == 0 ? "" :
		    "cash";
		j.p.actor = &actor;
		res->rc = db_transaction(db, post_tx, &j);
		res->amount = j.out.amount;
		res->entry = j.out.entry_id;
	}
	db_close(db);
}

/* The entry number at the end of a receipt's address, into number. */
static void
receipt_number(const struct response *resp, char number[17])
{
	char		*loc = response_header(resp, "Location");
	const char	*slash;

	number[0] = '\0';
	if (loc != NULL && (slash = strrchr(loc, '/')) != NULL &&
	    strstr(loc, "/entries/") != NULL)
		snprintf(number, 17, "%s", slash + 1);
	free(loc);
}

/*
 * Sends a deposit form: GET for its token and version, then POST, again
 * with the new version while the account changed in between (409), as
 * a person would. Returns the last status; the receipt's number goes
 * to number.
 */
static long
portal_deposit(struct client *c, const struct book *b, const char *csrf,
    const char *amount, char number[17])
{
	struct response	 resp;
	char		 path[96], *once, *version, *form;
	long		 status;
	int		 tries;

	snprintf(path, sizeof(path), "/accounts/%s/deposit", b->number);
	if ((status = client_get(c, path, &resp)) != 200) {
		response_free(&resp);
		return status;
	}
	once = html_input_value(resp.body, "once");
	version = html_input_value(resp.body, "version");
	response_free(&resp);
	for (tries = 0; tries < 50; tries++) {
		form = form_encode("csrf", csrf, "once", once, "version",
		    version, "amount", amount, "method", "cash", NULL);
		status = client_post(c, path, form, &resp);
		free(form);
		if (status != 409)
			break;
		free(version);
		version = html_input_value(resp.body, "version");
		response_free(&resp);
	}
	receipt_number(&resp, number);
	response_free(&resp);
	free(once);
	free(version);
	return status;
}

/* A client with the cookies of from (the signed-in session). */
static void
client_copy(struct client *c, const struct client *from)
{
	size_t	 i;

	client_init(c);
	for (i = 0; i < from->ncookies; i++)
		client_set_cookie(c, from->cookies[i].name,
		    from->cookies[i].value);
}

/* In a child: a deposit of sp->amount through the portal. */
static void
child_portal(const struct book *b, const struct spec *sp, int go,
    struct result *res)
{
	struct client	 c;
	char		 amount[32];

	client_copy(&c, &b->s.c);
	snprintf(amount, sizeof(amount), "%lld.%02lld", sp->amount / 100,
	    sp->amount % 100);
	barrier_wait(go);
	res->rc = (int)portal_deposit(&c, b, b->s.csrf, amount, res->number);
	res->amount = sp->amount;
	client_free(&c);
}

/*
 * Forks a child for each of the n specs, lets them all go at once and
 * collects their results (in order of the specs).
 */
static void
run_parallel(const struct book *b, const struct spec *specs, size_t n,
    struct result *results)
{
	struct result	 res;
	pid_t		 pids[PARALLEL + HTTP_DEPOSITS];
	int		 go[2], out[2], status;
	size_t		 i, got;

	ck_assert_uint_le(n, sizeof(pids) / sizeof(pids[0]));
	ck_assert(pipe(go) == 0 && pipe(out) == 0);
	fflush(NULL);
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		ck_assert_msg(pids[i] != -1, "fork: %s", strerror(errno));
		if (pids[i] == 0) {
			close(go[1]);
			close(out[0]);
			memset(&res, 0, sizeof(res));
			res.idx = (int)i;
			if (specs[i].kind != NULL)
				child_ledger(b, &specs[i], go[0], &res);
			else
				child_portal(b, &specs[i], go[0], &res);
			report(out[1], &res);
			_exit(0);
		}
	}
	close(go[0]);
	close(out[1]);
	/* Every child has its connection: let them all go. */
	close(go[1]);
	for (got = 0; got < n; got++) {
		ck_assert_msg(read(out[0], &res, sizeof(res)) ==
		    (ssize_t)sizeof(res), "a child died without a result");
		ck_assert(res.idx >= 0 && (size_t)res.idx < n);
		results[res.idx] = res;
	}
	close(out[0]);
	for (i = 0; i < n; i++)
		while (waitpid(pids[i], &status, 0) == -1 && errno == EINTR)
			;
}

/* ------------------------------------------------------------ tests */

START_TEST(test_thirty_at_once)
{
	struct book	 b;
	struct spec	 specs[PARALLEL + HTTP_DEPOSITS];
	struct result	 res[PARALLEL + HTTP_DEPOSITS];
	long long	 sum = 0, ok = 0, limit = 10000;
	size_t		 i, n = 0;

	book_open(&b, "100.00");
	for (i = 0; i < PARALLEL; i++) {
		switch (i % 4) {
		case 0: specs[n++] = (struct spec){ "deposit", 3000 }; break;
		case 1: specs[n++] = (struct spec){ "sale", -4500 }; break;
		case 2: specs[n++] = (struct spec){ "payout", -2000 }; break;
		default: specs[n++] = (struct spec){ "settlement", 2500 };
		}
	}
	for (i = 0; i < HTTP_DEPOSITS; i++)
		specs[n++] = (struct spec){ NULL, 1000 + (long long)i };
	run_parallel(&b, specs, n, res);

	for (i = 0; i < n; i++) {
		if (specs[i].kind == NULL) {
			ck_assert_msg(res[i].rc == 303 && res[i].number[0] != '\0',
			    "portal deposit %zu answered %d", i, res[i].rc);
			ck_assert_int_eq(sql_long("SELECT amount FROM "
			    "ledger_entries WHERE account_id = %lld AND "
			    "number = '%s'", b.account, res[i].number),
			    specs[i].amount);
		} else if (res[i].rc == 0) {
			ck_assert_int_eq(res[i].amount, specs[i].amount);
			ck_assert_int_eq(sql_long("SELECT amount FROM "
			    "ledger_entries WHERE id = %lld AND account_id = "
			    "%lld", res[i].entry, b.account), specs[i].amount);
		} else {
			/* Only the rules refuse, and only spending. */
			ck_assert_msg((strcmp(specs[i].kind, "sale") == 0 &&
			    res[i].rc == LEDGER_ERR_OVER_LIMIT) ||
			    (strcmp(specs[i].kind, "payout") == 0 &&
			    res[i].rc == LEDGER_ERR_INSUFFICIENT),
			    "%s %lld: %d", specs[i].kind, specs[i].amount,
			    res[i].rc);
			continue;
		}
		sum += specs[i].amount;
		ok++;
	}
	/* No lost update: the balance is what the successes add up to. */
	ck_assert_int_eq(balance_of(&b), sum);
	ck_assert_int_eq(entries_of(&b), ok);
	ck_assert_int_eq(sql_long("SELECT SUM(amount) FROM ledger_entries "
	    "WHERE account_id = %lld", b.account), sum);
	ck_assert_int_eq(postings_audited(&b), ok);
	/* Never past the limit, never a payout of more than was in hand. */
	ck_assert_int_ge(sql_long("SELECT MIN(balance_after) FROM "
	    "ledger_entries WHERE account_id = %lld", b.account), -limit);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries "
	    "WHERE account_id = %lld AND kind = 'payout' AND "
	    "balance_after < 0", b.account), 0);
	itest_ledger_check();
	shop_close(&b.s);
}
END_TEST

START_TEST(test_two_sales_one_credit)
{
	struct book	 b;
	struct spec	 specs[2] = { { "sale", -6000 }, { "sale", -6000 } };
	struct result	 res[2];
	int		 round;

	book_open(&b, "100.00");
	for (round = 0; round < 5; round++) {
		/* Each round starts from nothing owed: 60.00 + 60.00 > 100.00. */
		if (balance_of(&b) < 0) {
			struct spec	 pay = { "settlement", -balance_of(&b) };

			run_parallel(&b, &pay, 1, res);
			ck_assert_int_eq(res[0].rc, 0);
		}
		run_parallel(&b, specs, 2, res);
		ck_assert_msg((res[0].rc == 0) != (res[1].rc == 0),
		    "round %d: the sales answered %d and %d", round,
		    res[0].rc, res[1].rc);
		ck_assert_int_eq(res[0].rc == 0 ? res[1].rc : res[0].rc,
		    LEDGER_ERR_OVER_LIMIT);
		ck_assert_int_eq(balance_of(&b), -6000);
	}
	ck_assert_int_eq(entries_of(&b), 9);
	itest_ledger_check();
	shop_close(&b.s);
}
END_TEST

/* ------------------------------------------------------------ processes */

/* The pid in file, or 0. */
static pid_t
pid_file(const char *file)
{
	char		 path[512];
	const char	*var = getenv("SLATE_VAR");
	FILE		*f;
	long		 pid = 0;

	ck_assert_msg(var != NULL && *var != '\0', "SLATE_VAR is not set");
	snprintf(path, sizeof(path), "%s/run/%s", var, file);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fscanf(f, "%ld", &pid) != 1)
		pid = 0;
	fclose(f);
	return (pid_t)pid;
}

/* The children of parent, by /proc. Returns how many (at most max). */
static size_t
children_of(pid_t parent, pid_t *pids, size_t max)
{
	struct dirent	*d;
	DIR		*dir = opendir("/proc");
	char		 path[300], buf[512], *p;
	size_t		 n = 0;
	long		 ppid;
	FILE		*f;

	ck_assert(dir != NULL);
	while ((d = readdir(dir)) != NULL && n < max) {
		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", d->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		/* pid (comm) state ppid: comm may hold anything but ')'. */
		if (fgets(buf, sizeof(buf), f) != NULL &&
		    (p = strrchr(buf, ')')) != NULL &&
		    sscanf(p + 1, " %*c %ld", &ppid) == 1 && ppid == parent)
			pids[n++] = (pid_t)atol(d->d_name);
		fclose(f);
	}
	closedir(dir);
	return n;
}

/* How many sockets process pid holds: a worker holds one more while it answers a request. */
static int
sockets_of(pid_t pid)
{
	struct dirent	*d;
	DIR		*dir;
	char		 path[64], link[64 + 256], target[64];
	ssize_t		 n;
	int		 count = 0;

	snprintf(path, sizeof(path), "/proc/%ld/fd", (long)pid);
	if ((dir = opendir(path)) == NULL)
		return -1;
	while ((d = readdir(dir)) != NULL) {
		snprintf(link, sizeof(link), "%s/%s", path, d->d_name);
		n = readlink(link, target, sizeof(target) - 1);
		if (n > 0) {
			target[n] = '\0';
			if (strncmp(target, "socket:", 7) == 0)
				count++;
		}
	}
	closedir(dir);
	return count;
}

static int
alive(pid_t pid)
{
	return kill(pid, 0) == 0 || errno != ESRCH;
}

static void
sleep_ms(long ms)
{
	struct timespec	 ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* The row lock of an account, held by a child until released. */
struct holder {
	pid_t	 pid;
	int	 release;	/* closing it lets the child commit */
};

struct hold_args {
	const struct book	*b;
	int			 locked;	/* told once the lock is held */
	int			 release;	/* waited on before committing */
};

static int
hold_tx(struct db *db, void *arg)
{
	struct hold_args	*h = arg;
	struct account		 a;
	int			 rc;

	/* The account row's lock, as every change of the account takes it. */
	rc = account_get(db, h->b->s.id, h->b->number, 1, &a);
	if (rc != 1)
		return rc < 0 ? rc : DB_ERR;
	if (write(h->locked, "L", 1) != 1)
		return DB_ERR;
	barrier_wait(h->release);
	return 0;
}

/* Locks the account's row (SELECT ... FOR UPDATE) in a child of its own. */
static void
hold_lock(const struct book *b, struct holder *h)
{
	struct hold_args	 a;
	struct config		 cfg;
	struct db		*db;
	int			 locked[2], release[2];
	char			 c;

	ck_assert(pipe(locked) == 0 && pipe(release) == 0);
	fflush(NULL);
	h->pid = fork();
	ck_assert(h->pid != -1);
	if (h->pid == 0) {
		close(locked[0]);
		close(release[1]);
		a.b = b;
		a.locked = locked[1];
		a.release = release[0];
		if (config_load(&cfg) == 0 && (db = db_open(&cfg)) != NULL) {
			if (db_ready(db) == DB_OK)
				(void)db_transaction(db, hold_tx, &a);
			db_close(db);
		}
		_exit(0);
	}
	close(locked[1]);
	close(release[0]);
	ck_assert_msg(read(locked[0], &c, 1) == 1, "the lock was not taken");
	close(locked[0]);
	h->release = release[1];
}

static void
hold_release(struct holder *h)
{
	int	 status;

	close(h->release);
	while (waitpid(h->pid, &status, 0) == -1 && errno == EINTR)
		;
}

/* Waits until a posting waits for the account's row lock (up to 10 s). */
static void
wait_for_lock_wait(void)
{
	int	 i;

	for (i = 0; i < 200; i++) {
		if (sql_long("SELECT COUNT(*) FROM information_schema.PROCESSLIST "
		    "WHERE INFO LIKE 'SELECT a.balance, a.active, %%FOR "
		    "UPDATE'") > 0)
			return;
		sleep_ms(50);
	}
	ck_abort_msg("no posting came to wait for the account's lock");
}

/* The worker answering a request now: the one with a socket more than the idle ones had. */
static pid_t
busy_worker(const pid_t *workers, const int *idle_sockets, size_t n)
{
	size_t	 i;
	int	 tries;

	for (tries = 0; tries < 100; tries++) {
		for (i = 0; i < n; i++)
			if (sockets_of(workers[i]) > idle_sockets[i])
				return workers[i];
		sleep_ms(50);
	}
	ck_abort_msg("no worker is answering the posting");
	return 0;
}

/* In a child: POSTs the form and reports the status. */
static pid_t
post_in_background(const struct book *b, const char *form, int *out)
{
	struct result	 res;
	struct client	 c;
	struct response	 resp;
	char		 path[96];
	int		 p[2];
	pid_t		 pid;

	ck_assert(pipe(p) == 0);
	snprintf(path, sizeof(path), "/accounts/%s/deposit", b->number);
	fflush(NULL);
	pid = fork();
	ck_assert(pid != -1);
	if (pid == 0) {
		close(p[0]);
		memset(&res, 0, sizeof(res));
		client_copy(&c, &b->s.c);
		res.rc = (int)client_post(&c, path, form, &resp);
		response_free(&resp);
		client_free(&c);
		report(p[1], &res);
		_exit(0);
	}
	close(p[1]);
	*out = p[0];
	return pid;
}

START_TEST(test_worker_killed_mid_posting)
{
	struct book	 b;
	struct holder	 h;
	struct response	 resp;
	struct result	 res;
	pid_t		 sup, workers[MAX_WORKERS], after[MAX_WORKERS], busy, poster;
	int		 idle[MAX_WORKERS], fd, status, i;
	long long	 audits;
	char		*once, *version, *form, path[96], number[17];
	size_t		 n, m, k;

	book_open(&b, "100.00");
	snprintf(path, sizeof(path), "/accounts/%s/deposit", b.number);
	ck_assert_int_eq(client_get(&b.s.c, path, &resp), 200);
	once = html_input_value(resp.body, "once");
	version = html_input_value(resp.body, "version");
	ck_assert(once != NULL && version != NULL);
	response_free(&resp);
	form = form_encode("csrf", b.s.csrf, "once", once, "version", version,
	    "amount", "12.34", "method", "cash", NULL);
	audits = postings_audited(&b);

	sup = pid_file("slate-fcgi.pid");
	ck_assert_msg(sup > 0 && alive(sup), "no slate-fcgi supervisor");
	n = children_of(sup, workers, MAX_WORKERS);
	ck_assert_uint_ge(n, 1);
	for (k = 0; k < n; k++)
		idle[k] = sockets_of(workers[k]);

	/* The posting starts, then waits for the row lock the test holds. */
	hold_lock(&b, &h);
	poster = post_in_background(&b, form, &fd);
	free(form);
	wait_for_lock_wait();
	busy = busy_worker(workers, idle, n);
	ck_assert_int_eq(kill(busy, SIGKILL), 0);
	for (i = 0; i < 100 && alive(busy); i++)
		sleep_ms(50);
	hold_release(&h);

	ck_assert_int_eq(read(fd, &res, sizeof(res)), (ssize_t)sizeof(res));
	close(fd);
	while (waitpid(poster, &status, 0) == -1 && errno == EINTR)
		;
	ck_assert_msg(res.rc >= 500, "the killed posting answered %d",
	    res.rc);
	/* Nothing half-written. */
	ck_assert_int_eq(entries_of(&b), 0);
	ck_assert_int_eq(balance_of(&b), 0);
	ck_assert_int_eq(postings_audited(&b), audits);
	ck_assert_int_eq(sql_long("SELECT COUNT(form_token) FROM ledger_entries "
	    "WHERE store_id = %lld", b.s.id), 0);
	itest_ledger_check();

	/* The supervisor puts a new worker in its place. */
	for (i = 0; i < 200; i++) {
		m = children_of(sup, after, MAX_WORKERS);
		for (k = 0; k < m && after[k] != busy; k++)
			;
		if (m == n && k == m)
			break;
		sleep_ms(50);
	}
	ck_assert_msg(m == n && k == m, "the killed worker was not replaced");
	for (i = 0; i < 2 * (int)n; i++) {
		ck_assert_int_eq(client_get(&b.s.c, "/dashboard", &resp), 200);
		response_free(&resp);
	}

	/* The same form sent again posts, once. */
	for (i = 0; i < 2; i++) {
		form = form_encode("csrf", b.s.csrf, "once", once, "version",
		    version, "amount", "12.34", "method", "cash", NULL);
		ck_assert_int_eq(client_post(&b.s.c, path, form, &resp), 303);
		free(form);
		receipt_number(&resp, number);
		response_free(&resp);
		ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries "
		    "WHERE account_id = %lld AND number = '%s'", b.account,
		    number), 1);
	}
	ck_assert_int_eq(entries_of(&b), 1);
	ck_assert_int_eq(balance_of(&b), 1234);
	itest_ledger_check();
	free(once);
	free(version);
	shop_close(&b.s);
}
END_TEST

/* ------------------------------------------------------------ MariaDB */

/* True when the database answers (through Slate's own layer: no Check calls). */
static int
database_up(void)
{
	struct config	 cfg;
	struct db	*db;
	int		 up = 0;

	if (config_load(&cfg) == 0 && (db = db_open(&cfg)) != NULL) {
		up = db_ready(db) == DB_OK;
		db_close(db);
	}
	return up;
}

/* The command line of process pid as an argument vector (in buf). */
static void
cmdline_of(pid_t pid, char *buf, size_t size, char **argv, size_t max)
{
	char	 path[64];
	size_t	 len, i, n = 0;
	int	 fd;
	ssize_t	 got;

	snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)pid);
	ck_assert((fd = open(path, O_RDONLY)) != -1);
	got = read(fd, buf, size - 1);
	close(fd);
	ck_assert(got > 0);
	len = (size_t)got;
	buf[len] = '\0';
	for (i = 0; i < len && n < max - 1; i += strlen(buf + i) + 1)
		argv[n++] = buf + i;
	argv[n] = NULL;
}

/*
 * In a child of its own: kills MariaDB with SIGKILL after delay_ms,
 * waits until it is gone, starts it again as it was started (its own
 * command line, in a session of its own, as ./dev does) and exits once
 * it answers.
 */
static pid_t
restart_database_later(long delay_ms)
{
	char	 buf[4096], *argv[64];
	pid_t	 db = pid_file("mariadb.pid"), pid;
	int	 i, null;

	ck_assert_msg(db > 0 && alive(db), "MariaDB's pid file names no "
	    "process");
	cmdline_of(db, buf, sizeof(buf), argv, 64);
	fflush(NULL);
	pid = fork();
	ck_assert(pid != -1);
	if (pid != 0)
		return pid;
	sleep_ms(delay_ms);
	kill(db, SIGKILL);
	for (i = 0; i < 200 && alive(db); i++)
		sleep_ms(50);
	if (fork() == 0) {
		setsid();
		null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	for (i = 0; i < 600 && !database_up(); i++)
		sleep_ms(100);
	_exit(database_up() ? 0 : 1);
}

/*
 * Sends one deposit form until it is acknowledged (a 303 to a receipt),
 * the same form (token and version) again after each failure, as a
 * person would press the button again. Returns the receipt's number in
 * number, or fails after a minute.
 */
static void
deposit_acknowledged(struct client *c, const struct book *b,
    const char *csrf, char number[17])
{
	struct response	 resp;
	char		 path[96], *once = NULL, *version = NULL, *form;
	long		 status;
	int		 tries;

	snprintf(path, sizeof(path), "/accounts/%s/deposit", b->number);
	for (tries = 0; tries < 600 && once == NULL; tries++) {
		if (client_get(c, path, &resp) == 200) {
			once = html_input_value(resp.body, "once");
			version = html_input_value(resp.body, "version");
		} else
			sleep_ms(100);
		response_free(&resp);
	}
	ck_assert_msg(once != NULL && version != NULL, "no deposit form");
	for (tries = 0; tries < 600; tries++) {
		form = form_encode("csrf", csrf, "once", once, "version",
		    version, "amount", "1.00", "method", "cash", NULL);
		status = client_post(c, path, form, &resp);
		free(form);
		if (status == 303) {
			receipt_number(&resp, number);
			response_free(&resp);
			ck_assert_msg(number[0] != '\0', "a 303 to no receipt");
			free(once);
			free(version);
			return;
		}
		/* Acknowledged or not: a refusal would be a bug. */
		ck_assert_msg(status >= 500, "the deposit answered %ld",
		    status);
		response_free(&resp);
		sleep_ms(100);
	}
	ck_abort_msg("a deposit was never acknowledged");
}

START_TEST(test_database_killed_and_restarted)
{
	struct book	 b;
	struct response	 resp;
	char		 numbers[RESTART_RUN][17];
	pid_t		 restarter = 0;
	int		 i, j, status;

	book_open(&b, "0");
	for (i = 0; i < RESTART_RUN; i++) {
		/* Killed while the run goes on, after a few went through. */
		if (i == 4)
			restarter = restart_database_later(30);
		deposit_acknowledged(&b.s.c, &b, b.s.csrf, numbers[i]);
		for (j = 0; j < i; j++)
			ck_assert_msg(strcmp(numbers[i], numbers[j]) != 0,
			    "deposits %d and %d got one receipt", j, i);
	}
	while (waitpid(restarter, &status, 0) == -1 && errno == EINTR)
		;
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "MariaDB did not come back");
	/* Each acknowledged deposit is there once, and nothing else. */
	for (i = 0; i < RESTART_RUN; i++)
		ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries "
		    "WHERE account_id = %lld AND number = '%s' AND "
		    "amount = 100", b.account, numbers[i]), 1);
	ck_assert_int_eq(entries_of(&b), RESTART_RUN);
	ck_assert_int_eq(balance_of(&b), RESTART_RUN * 100);
	ck_assert_int_eq(sql_long("SELECT COUNT(form_token) FROM ledger_entries "
	    "WHERE store_id = %lld", b.s.id), RESTART_RUN);
	/* The workers are back. */
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(client_get(&b.s.c, "/dashboard", &resp), 200);
		response_free(&resp);
	}
	itest_ledger_check();
	shop_close(&b.s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("concurrency");
	TCase	*tc = itest_tcase("concurrency");
	int	 rc;

	/* Stores with accounts stay (ledger entries are never deleted). */
	tcase_set_timeout(tc, 180);
	shop_begin();
	tcase_add_test(tc, test_thirty_at_once);
	tcase_add_test(tc, test_two_sales_one_credit);
	tcase_add_test(tc, test_worker_killed_mid_posting);
	tcase_add_test(tc, test_database_killed_and_restarted);
	suite_add_tcase(s, tc);
	rc = itest_run(s);
	if (shop_cleanup() == -1)
		rc = EXIT_FAILURE;
	return rc;
}
