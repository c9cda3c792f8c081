/* posting-bench.c: postings per second through ledger_post (the portal's posting path) and through a plain loop of the same three statements; the time of one large settlement. Driven by bench/posting. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <mysql.h>

#include "audit.h"
#include "../cgi/config.h"
#include "db.h"
#include "ledger.h"

#define AMOUNT		100	/* minor units of every posting */
#define MAX_PROCS	64

static const char usage_text[] =
	"usage: posting-bench ledger|bare|plain STORE FIRST LAST PROCS "
	"SECONDS\n"
	"       posting-bench settle STORE ACCOUNT SALES\n"
	"  ledger: db_transaction + ledger_post (with a one-time form token\n"
	"          and the audit entry, as the portal posts a form)\n"
	"  bare:   ledger_post without the token and the audit entry\n"
	"  plain:  SELECT ... FOR UPDATE, INSERT the entry, UPDATE the balance\n"
	"  on accounts FIRST..LAST (ids) of store STORE (id), PROCS processes\n"
	"  for SECONDS each; prints postings and postings/s.\n"
	"  settle: posts SALES sales on ACCOUNT, then times one settlement of\n"
	"          the whole balance.\n";

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
parse_id(const char *s, int64_t *out)
{
	char	*end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1)
		return -1;
	*out = v;
	return 0;
}

/* ------------------------------------------------------------ ledger */

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

/* Posts a deposit or a sale (by the account's turn) as the portal would. */
static int
ledger_one(struct db *db, int64_t store, int64_t account, int sale,
    const struct audit_actor *actor, int bare)
{
	char		 once[LEDGER_ONCE_LEN + 1];
	struct job	 j;

	if (ledger_once_new(once) == -1)
		return -1;
	memset(&j, 0, sizeof(j));
	j.p.store_id = store;
	j.p.account_id = account;
	j.p.kind = sale ? "sale" : "deposit";
	j.p.amount = sale ? -AMOUNT : AMOUNT;
	j.p.payment_method = sale ? "" : "cash";
	j.p.mode = LEDGER_ONLINE;
	j.p.once = bare ? NULL : once;
	j.p.actor = bare ? NULL : actor;
	return db_transaction(db, post_tx, &j) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------ plain */

/* The three statements of the plain loop, prepared once. */
struct plain {
	MYSQL		*m;
	MYSQL_STMT	*lock, *insert, *update;
	long		 pid;
	long		 n;
};

static MYSQL_STMT *
plain_prepare(MYSQL *m, const char *sql)
{
	MYSQL_STMT	*st = mysql_stmt_init(m);

	if (st != NULL && mysql_stmt_prepare(st, sql, strlen(sql)) != 0) {
		fprintf(stderr, "posting-bench: %s\n", mysql_stmt_error(st));
		mysql_stmt_close(st);
		return NULL;
	}
	return st;
}

static int
plain_open(struct plain *pl, const struct config *cfg)
{
	memset(pl, 0, sizeof(*pl));
	pl->pid = (long)getpid();
	if ((pl->m = mysql_init(NULL)) == NULL ||
	    mysql_real_connect(pl->m, cfg->db_socket != NULL ? NULL :
	    cfg->db_host, cfg->db_user, cfg->db_password, cfg->db_name,
	    cfg->db_port, cfg->db_socket, 0) == NULL) {
		fprintf(stderr, "posting-bench: %s\n", pl->m != NULL ?
		    mysql_error(pl->m) : "out of memory");
		return -1;
	}
	pl->lock = plain_prepare(pl->m, "SELECT balance FROM accounts "
	    "WHERE id = ? AND store_id = ? FOR UPDATE");
	pl->insert = plain_prepare(pl->m, "INSERT INTO ledger_entries "
	    "(store_id, account_id, number, kind, amount, balance_after, "
	    "payment_method, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
	    "UTC_TIMESTAMP(6))");
	pl->update = plain_prepare(pl->m, "UPDATE accounts SET balance = ? "
	    "WHERE id = ? AND store_id = ?");
	return pl->lock != NULL && pl->insert != NULL && pl->update != NULL &&
	    mysql_autocommit(pl->m, 0) == 0 ? 0 : -1;
}

static void
bind_int(MYSQL_BIND *b, int64_t *v)
{
	memset(b, 0, sizeof(*b));
	b->buffer_type = MYSQL_TYPE_LONGLONG;
	b->buffer = v;
}

static void
bind_str(MYSQL_BIND *b, char *s, unsigned long *len)
{
	memset(b, 0, sizeof(*b));
	b->buffer_type = MYSQL_TYPE_STRING;
	b->buffer = s;
	*len = strlen(s);
	b->length = len;
}

/* One transaction of the three statements; rolls back and says -1 on any error. */
static int
plain_one(struct plain *pl, int64_t store, int64_t account, int sale)
{
	MYSQL_BIND	 in[7], out[1];
	int64_t		 balance = 0, amount = sale ? -AMOUNT : AMOUNT, after;
	char		 number[32], kind[9], method[5];
	unsigned long	 ln, lk, lm;
	int		 rc;

	bind_int(&in[0], &account);
	bind_int(&in[1], &store);
	bind_int(&out[0], &balance);
	/* A result that ended in an error is not freed: that would wait for good. */
	if (mysql_stmt_bind_param(pl->lock, in) != 0 ||
	    mysql_stmt_execute(pl->lock) != 0 ||
	    mysql_stmt_bind_result(pl->lock, out) != 0 ||
	    mysql_stmt_store_result(pl->lock) != 0)
		goto fail;
	rc = mysql_stmt_fetch(pl->lock);
	mysql_stmt_free_result(pl->lock);
	if (rc != 0)
		goto fail;
	after = balance + amount;
	/* Numbers of their own: X, the process, a count (16 characters at most). */
	snprintf(number, sizeof(number), "X%ld-%ld", pl->pid % 100000,
	    ++pl->n % 1000000000);
	snprintf(kind, sizeof(kind), "%s", sale ? "sale" : "deposit");
	snprintf(method, sizeof(method), "%s", sale ? "" : "cash");
	bind_int(&in[0], &store);
	bind_int(&in[1], &account);
	bind_str(&in[2], number, &ln);
	bind_str(&in[3], kind, &lk);
	bind_int(&in[4], &amount);
	bind_int(&in[5], &after);
	bind_str(&in[6], method, &lm);
	if (mysql_stmt_bind_param(pl->insert, in) != 0 ||
	    mysql_stmt_execute(pl->insert) != 0)
		goto fail;
	bind_int(&in[0], &after);
	bind_int(&in[1], &account);
	bind_int(&in[2], &store);
	if (mysql_stmt_bind_param(pl->update, in) != 0 ||
	    mysql_stmt_execute(pl->update) != 0 ||
	    mysql_commit(pl->m) != 0)
		goto fail;
	return 0;
fail:
	mysql_rollback(pl->m);
	return -1;
}

static void
plain_close(struct plain *pl)
{
	if (pl->lock != NULL)
		mysql_stmt_close(pl->lock);
	if (pl->insert != NULL)
		mysql_stmt_close(pl->insert);
	if (pl->update != NULL)
		mysql_stmt_close(pl->update);
	mysql_close(pl->m);
}

/* ------------------------------------------------------------ runs */

/* What one process of a run does: post until the time is up. */
struct run {
	int		 ledger;
	int		 bare;		/* ledger_post without token and audit */
	int64_t		 store, first, last;
	int		 procs;
	double		 seconds;
};

/*
 * In process k of a run: connects, waits for the start, then posts on
 * the accounts in turn (from its own place in the list), a deposit then
 * a sale on each, until the time is up. Writes the postings made and
 * the failures to out.
 */
static void
run_child(const struct run *rn, int k, int go, int out)
{
	struct audit_actor	 actor;
	struct config		 cfg;
	struct plain		 pl;
	struct db		*db = NULL;
	int64_t			 span = rn->last - rn->first + 1, i, a;
	long			 counts[2] = { 0, 0 };
	double			 end;
	char			 c;
	int			 rc;

	if (config_load(&cfg) == -1)
		_exit(1);
	if (rn->ledger) {
		if ((db = db_open(&cfg)) == NULL || db_ready(db) != DB_OK)
			_exit(1);
		audit_actor_cli(rn->store, &actor);
	} else if (plain_open(&pl, &cfg) == -1)
		_exit(1);
	if (read(go, &c, 1) == -1)
		_exit(1);
	end = now() + rn->seconds;
	for (i = span * k / rn->procs; now() < end; i++) {
		a = rn->first + i % span;
		/* Each account's turns: deposit, sale, deposit, ... */
		rc = rn->ledger ? ledger_one(db, rn->store, a, (i / span) % 2,
		    &actor, rn->bare) : plain_one(&pl, rn->store, a, (i / span) % 2);
		counts[rc == 0 ? 0 : 1]++;
	}
	if (rn->ledger)
		db_close(db);
	else
		plain_close(&pl);
	if (write(out, counts, sizeof(counts)) != (ssize_t)sizeof(counts))
		_exit(1);
	_exit(0);
}

static int
run(const struct run *rn)
{
	pid_t	 pids[MAX_PROCS];
	long	 counts[2], total = 0, failed = 0;
	int	 go[2], out[2], k, status, rc = 0;
	double	 start, took;

	if (pipe(go) == -1 || pipe(out) == -1)
		return 1;
	for (k = 0; k < rn->procs; k++) {
		if ((pids[k] = fork()) == -1)
			return 1;
		if (pids[k] == 0) {
			close(go[1]);
			close(out[0]);
			run_child(rn, k, go[0], out[1]);
		}
	}
	close(go[0]);
	close(out[1]);
	/* Let the connections settle, then start every process at once. */
	sleep(1);
	start = now();
	close(go[1]);
	for (k = 0; k < rn->procs; k++) {
		if (read(out[0], counts, sizeof(counts)) !=
		    (ssize_t)sizeof(counts)) {
			rc = 1;
			break;
		}
		total += counts[0];
		failed += counts[1];
	}
	took = now() - start;
	for (k = 0; k < rn->procs; k++)
		while (waitpid(pids[k], &status, 0) == -1 && errno == EINTR)
			;
	if (rc != 0) {
		fprintf(stderr, "posting-bench: a process failed\n");
		return 1;
	}
	printf("%ld postings, %ld failed, %.2f s, %.1f postings/s\n", total,
	    failed, took, (double)total / took);
	return failed == 0 ? 0 : 1;
}

/* ------------------------------------------------------------ settle */

/*
 * Posts sales sales on account (untimed), then settles the whole
 * balance in one settlement, allocated to every one of them oldest
 * first, and prints how long that took.
 */
static int
settle(int64_t store, int64_t account, long sales)
{
	struct audit_actor	 actor;
	struct config		 cfg;
	struct job		 j;
	struct db		*db;
	int64_t			 owing = 0;
	long			 i;
	double			 start, took;
	int			 rc;

	if (config_load(&cfg) == -1 || (db = db_open(&cfg)) == NULL ||
	    db_ready(db) != DB_OK)
		return 1;
	audit_actor_cli(store, &actor);
	for (i = 0; i < sales; i++) {
		memset(&j, 0, sizeof(j));
		j.p.store_id = store;
		j.p.account_id = account;
		j.p.kind = "sale";
		j.p.amount = -(AMOUNT + i % 7);
		j.p.actor = &actor;
		if ((rc = db_transaction(db, post_tx, &j)) != 0) {
			fprintf(stderr, "posting-bench: sale %ld: %s\n", i,
			    ledger_err_message(rc));
			db_close(db);
			return 1;
		}
		owing = -j.out.balance_after;
	}
	memset(&j, 0, sizeof(j));
	j.p.store_id = store;
	j.p.account_id = account;
	j.p.kind = "settlement";
	j.p.amount = owing;
	j.p.payment_method = "cash";
	j.p.actor = &actor;
	start = now();
	rc = db_transaction(db, post_tx, &j);
	took = now() - start;
	db_close(db);
	if (rc != 0) {
		fprintf(stderr, "posting-bench: the settlement: %s\n",
		    ledger_err_message(rc));
		return 1;
	}
	printf("settled %ld open sales (%" PRId64 " allocated, %" PRId64
	    " left over) in one settlement: %.3f s\n", sales, j.out.allocated,
	    j.out.unapplied, took);
	return 0;
}

int
main(int argc, char **argv)
{
	struct run	 rn;
	int64_t		 procs, sales, seconds;

	memset(&rn, 0, sizeof(rn));
	if (argc == 7 && (strcmp(argv[1], "ledger") == 0 ||
	    strcmp(argv[1], "bare") == 0 || strcmp(argv[1], "plain") == 0)) {
		rn.ledger = strcmp(argv[1], "plain") != 0;
		rn.bare = strcmp(argv[1], "bare") == 0;
		if (parse_id(argv[2], &rn.store) == -1 ||
		    parse_id(argv[3], &rn.first) == -1 ||
		    parse_id(argv[4], &rn.last) == -1 || rn.last < rn.first ||
		    parse_id(argv[5], &procs) == -1 || procs > MAX_PROCS ||
		    parse_id(argv[6], &seconds) == -1)
			goto usage;
		rn.procs = (int)procs;
		rn.seconds = (double)seconds;
		signal(SIGPIPE, SIG_IGN);
		return run(&rn);
	}
	if (argc == 5 && strcmp(argv[1], "settle") == 0) {
		if (parse_id(argv[2], &rn.store) == -1 ||
		    parse_id(argv[3], &rn.first) == -1 ||
		    parse_id(argv[4], &sales) == -1)
			goto usage;
		return settle(rn.store, rn.first, (long)sales);
	}
usage:
	fputs(usage_text, stderr);
	return 2;
}
