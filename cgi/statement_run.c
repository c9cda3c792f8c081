/* statement_run.c: slatectl statements run: every due statement of every store, each in its own transaction, then the outbox. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "array.h"
#include "audit.h"
#include "config.h"
#include "db.h"
#include "money.h"
#include "autohold.h"
#include "outbox.h"
#include "statement.h"
#include "text.h"

#define RUN_EXIT_USAGE	2
#define RUN_JOBS_MAX	16
#define RUN_LINE_MAX	(STATEMENT_EMAIL_MAX + 160)

struct run_options {
	int		 has_date;
	struct sdate	 date;
	int		 deliver;
	int		 jobs;
	const char	*store;		/* a store's code, or NULL: every store */
};

/* A store the run visits. */
struct run_store {
	int64_t		 id;
	char		 code[17];
	char		 currency[4];
	char		 zone[65];
	int		 exponent;
};

/* An account to issue a statement for, and its statement date. */
struct run_due {
	size_t		 store;		/* index into the stores */
	int64_t		 account_id;
	char		 number[STATEMENT_ACCOUNT_MAX];
	struct sdate	 end;
};

struct run {
	const struct config	*cfg;
	struct run_options	 o;
	struct run_store	*stores;
	size_t			 nstores;
	struct run_due		*due;
	size_t			 ndue, capdue;
	/* What came of it, and the progress line. */
	long			 done, issued, queued, no_address, failed;
	int			 progress;	/* show progress on stderr */
	int			 shown;		/* a progress line is shown */
	time_t			 started, last_shown;
};

static int
run_usage(void)
{
	fputs("usage: slatectl statements run [--date YYYY-MM-DD] "
	    "[--no-deliver] [--jobs N] [--store S]\n", stderr);
	return RUN_EXIT_USAGE;
}

/* Reads the options after "statements run". Returns 0 or -1. */
static int
run_args(int argc, char **argv, struct run_options *o)
{
	static const struct option longopts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "no-deliver", no_argument, NULL, 'n' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "store", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	char	*end;
	long	 n;
	int	 ch;

	memset(o, 0, sizeof(*o));
	o->deliver = 1;
	o->jobs = 1;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (ch == 'd') {
			if (sdate_parse(optarg, &o->date) == -1 ||
			    o->date.year > 9998)
				return -1;
			o->has_date = 1;
		} else if (ch == 'n')
			o->deliver = 0;
		else if (ch == 'j') {
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg ||
			    n < 1 || n > RUN_JOBS_MAX)
				return -1;
			o->jobs = (int)n;
		} else if (ch == 's')
			o->store = optarg;
		else
			return -1;
	}
	return optind == argc ? 0 : -1;
}

/* Reads every store. Returns 0 or < 0. */
static int
run_load_stores(struct db *db, struct run *r)
{
	struct run_store	 s, *grown;
	struct db_col		 cols[] = {
		COL_INT(&s.id), COL_STR(s.code), COL_STR(s.currency),
		COL_STR(s.zone)
	};
	const struct currency	*c;
	int			 rc;

	memset(&s, 0, sizeof(s));
	if ((rc = db_query(db, STMT_STATEMENT_RUN_STORES, DB_NOARGS, cols,
	    sizeof(cols) / sizeof(cols[0]))) < 0)
		return rc;
	while ((rc = db_fetch(db)) == 1) {
		if (r->o.store != NULL && strcmp(s.code, r->o.store) != 0)
			continue;
		grown = realloc(r->stores, (r->nstores + 1) * sizeof(*grown));
		if (grown == NULL) {
			rc = DB_ERR;
			break;
		}
		r->stores = grown;
		s.exponent = (c = currency_find(s.currency)) != NULL ?
		    c->exponent : 2;
		r->stores[r->nstores++] = s;
	}
	db_done(db);
	if (rc == 0 && r->o.store != NULL && r->nstores == 0) {
		fprintf(stderr, "slatectl: --store: no store has that code\n");
		return DB_ERR;
	}
	return rc < 0 ? rc : 0;
}

/* Adds an account to issue for. Returns 0 or -1. */
static int
run_due_add(struct run *r, const struct run_due *d)
{
	struct run_due	*grown;

	if ((grown = array_room(r->due, &r->capdue, r->ndue, sizeof(*d),
	    256)) == NULL)
		return -1;
	r->due = grown;
	r->due[r->ndue++] = *d;
	return 0;
}

/* A candidate account as the due query reads it. */
struct run_row {
	int64_t	 id;
	char	 number[STATEMENT_ACCOUNT_MAX];
	char	 rule[TEXT_BYTES(SCHEDULE_RULE_MAX)];
	char	 start[SDATE_TEXT];
	char	 last[SDATE_TEXT];
};

/*
 * Decides whether a candidate is due on date: its latest statement date
 * on or before date has no statement yet. Returns 1 with d filled, 0
 * when not due, or -1 when its rule cannot be read.
 */
static int
run_row_due(const struct run_row *row, struct sdate date, struct run_due *d)
{
	struct schedule	 s;
	struct sdate	 start, last;
	int		 rc;

	if (schedule_parse(row->rule, &s) != NULL ||
	    sdate_parse(row->start, &start) == -1)
		return -1;
	if ((rc = statement_latest_date(&s, start, date, &d->end)) != 0)
		return rc == 1 ? 0 : -1;
	if (row->last[0] != '\0' && sdate_parse(row->last, &last) == 0 &&
	    sdate_cmp(last, d->end) >= 0)
		return 0;
	d->account_id = row->id;
	memcpy(d->number, row->number, sizeof(d->number));
	return 1;
}

/* Lists the due accounts of store k on date. Returns 0 or < 0. */
static int
run_load_due(struct db *db, struct run *r, size_t k, struct sdate date)
{
	struct run_row	 row;
	struct run_due	 d;
	struct db_col	 cols[] = {
		COL_INT(&row.id), COL_STR(row.number), COL_STR(row.rule),
		COL_STR(row.start), COL_STR(row.last)
	};
	char		 day[SDATE_TEXT];
	int		 rc, due;

	sdate_format(date, day);
	if ((rc = db_query(db, STMT_STATEMENT_RUN_DUE, DB_ARGS(
	    DB_INT(r->stores[k].id), DB_STR(day)), cols,
	    sizeof(cols) / sizeof(cols[0]))) < 0)
		return rc;
	memset(&d, 0, sizeof(d));
	d.store = k;
	while ((rc = db_fetch(db)) == 1) {
		if ((due = run_row_due(&row, date, &d)) == -1) {
			fprintf(stderr, "slatectl: statements run: %s %s: its "
			    "settlement frequency or its start cannot be "
			    "read\n", r->stores[k].code, row.number);
			r->failed++;
		} else if (due == 1 && run_due_add(r, &d) == -1) {
			rc = DB_ERR;
			break;
		}
	}
	db_done(db);
	return rc < 0 ? rc : 0;
}

/* Lists what every store has due. Returns 0 or < 0. */
static int
run_load(struct db *db, struct run *r)
{
	struct sdate	 date;
	size_t		 k;
	int		 rc;

	if ((rc = run_load_stores(db, r)) < 0)
		return rc;
	for (k = 0; k < r->nstores; k++) {
		date = r->o.date;
		if (!r->o.has_date &&
		    account_today(r->stores[k].zone, &date) == -1) {
			fprintf(stderr, "slatectl: statements run: store %s: "
			    "unknown time zone %s\n", r->stores[k].code,
			    r->stores[k].zone);
			r->failed++;
			continue;
		}
		if ((rc = run_load_due(db, r, k, date)) < 0)
			return rc;
	}
	return 0;
}

/* Takes the progress line off the terminal. */
static void
progress_clear(struct run *r)
{
	if (r->shown)
		fputs("\r\033[K", stderr);
	r->shown = 0;
}

/* Shows how far the run is, at most once a second. */
static void
progress_show(struct run *r, int force)
{
	time_t	 now = time(NULL);
	long	 secs;

	if (!r->progress || (!force && now == r->last_shown))
		return;
	secs = (long)(now - r->started);
	fprintf(stderr, "\r\033[K%ld/%zu statements", r->done, r->ndue);
	if (secs >= 1)
		fprintf(stderr, ", %ld a second", r->done / secs);
	fflush(stderr);
	r->shown = 1;
	r->last_shown = now;
}

/*
 * Takes one report of a statement: 'I' issued and queued, 'N' issued
 * without an address, 'F' failed (text for stderr), 'S' skipped (it
 * was issued meanwhile).
 */
static void
run_report(struct run *r, char kind, const char *text)
{
	progress_clear(r);
	r->done++;
	if (kind == 'I' || kind == 'N') {
		r->issued++;
		if (kind == 'I')
			r->queued++;
		else
			r->no_address++;
		printf("%s\n", text);
		fflush(stdout);
	} else if (kind == 'F') {
		r->failed++;
		fprintf(stderr, "slatectl: statements run: %s\n", text);
	}
	progress_show(r, 0);
}

/* Writes the line of a statement issued: number, account, period, figure, delivery. */
static void
issued_line(const struct statement_issued *st, int exponent,
    char out[RUN_LINE_MAX])
{
	char	 from[SDATE_TEXT], to[SDATE_TEXT], amount[MONEY_TEXT_MAX];

	sdate_format(st->period_start, from);
	sdate_format(st->period_end, to);
	money_plain(st->closing > 0 ? st->closing : st->amount_due, exponent,
	    amount);
	snprintf(out, RUN_LINE_MAX, "%s %s %s..%s %s %s %s%s", st->number,
	    st->account_number, from, to,
	    st->closing > 0 ? "in credit" : "owing", amount,
	    st->sent_to_outbox ? "queued to " : "not sent: no statement address",
	    st->sent_to_outbox ? st->email : "");
}

/* One statement to issue, and what came of it. */
struct run_issue {
	const struct config	*cfg;
	int64_t			 store_id, account_id;
	struct sdate		 end;
	struct statement_issued	 st;
};

static int
run_issue_tx(struct db *db, void *arg)
{
	struct run_issue	*i = arg;
	struct audit_actor	 actor;

	audit_actor_cli(i->store_id, &actor);
	return statement_issue(db, i->cfg, i->store_id, i->account_id, i->end,
	    &actor, &i->st);
}

/* Issues due account d; writes its report kind and text. */
static char
run_one(struct db *db, const struct run *r, const struct run_due *d,
    char text[RUN_LINE_MAX])
{
	const struct run_store	*s = &r->stores[d->store];
	struct run_issue	 i;
	int			 rc;

	memset(&i, 0, sizeof(i));
	i.cfg = r->cfg;
	i.store_id = s->id;
	i.account_id = d->account_id;
	i.end = d->end;
	if (db_ready(db) != DB_OK)
		rc = DB_ERR_GONE;
	else
		rc = db_transaction(db, run_issue_tx, &i);
	if (rc == 0) {
		issued_line(&i.st, s->exponent, text);
		return i.st.sent_to_outbox ? 'I' : 'N';
	}
	if (rc == STATEMENT_ERR_EXISTS || rc == STATEMENT_ERR_NO_ACCOUNT) {
		snprintf(text, RUN_LINE_MAX, "%s %s: issued meanwhile", s->code,
		    d->number);
		return 'S';
	}
	snprintf(text, RUN_LINE_MAX, "%s %s: %s", s->code, d->number,
	    rc == DB_ERR_RETRY ? "the account stayed busy; the next run "
	    "issues it" : *db_error(db) ? db_error(db) :
	    "the statement could not be made");
	return 'F';
}

/* Issues every k-th due statement from the first, reporting each to r or to fd. */
static void
run_share(struct db *db, struct run *r, size_t first, size_t step, FILE *to)
{
	char	 text[RUN_LINE_MAX], kind;
	size_t	 n;

	for (n = first; n < r->ndue; n += step) {
		kind = run_one(db, r, &r->due[n], text);
		if (to == NULL)
			run_report(r, kind, text);
		else if (fprintf(to, "%c%s\n", kind, text) < 0 ||
		    fflush(to) == EOF)
			_exit(EXIT_FAILURE);
	}
}

/* A process of --jobs: issues its share over its own connection. */
static void
run_child(struct run *r, size_t k, int fd)
{
	struct db	*db;
	FILE		*to;

	if ((to = fdopen(fd, "w")) == NULL)
		_exit(EXIT_FAILURE);
	if ((db = db_open(r->cfg)) == NULL || db_ready(db) != DB_OK) {
		fprintf(to, "Fcannot connect to the database\n");
		fflush(to);
		_exit(EXIT_FAILURE);
	}
	run_share(db, r, k, (size_t)r->o.jobs, to);
	db_close(db);
	fclose(to);
	_exit(EXIT_SUCCESS);
}

/* Reads one child's reports as they come. Returns 0 at its end, 1 when more may come. */
static int
run_read(struct run *r, FILE *from)
{
	char	 line[RUN_LINE_MAX + 2];
	size_t	 n;

	if (fgets(line, sizeof(line), from) == NULL)
		return 0;
	n = strlen(line);
	if (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	if (n > 0)
		run_report(r, line[0], line + 1);
	return 1;
}

/*
 * --jobs N: N processes, each with its own connection, issue every
 * N-th statement; the numbers stay without gaps because each statement
 * takes its number under the store's counters lock in its own
 * transaction. Their reports come back through pipes, one line each.
 * Returns 0, or -1 when a process could not be started or ended badly.
 */
static int
run_jobs(struct run *r)
{
	pid_t		 pid[RUN_JOBS_MAX];
	FILE		*from[RUN_JOBS_MAX];
	struct pollfd	 pfd[RUN_JOBS_MAX];
	int		 fds[2], k, j, n, live, status, bad = 0;

	fflush(stdout);
	fflush(stderr);
	n = r->o.jobs;
	for (k = 0; k < n; k++) {
		if (pipe(fds) == -1 || (pid[k] = fork()) == -1) {
			n = k;
			bad = 1;
			break;
		}
		if (pid[k] == 0) {
			for (j = 0; j < k; j++)
				fclose(from[j]);
			close(fds[0]);
			run_child(r, (size_t)k, fds[1]);
		}
		close(fds[1]);
		from[k] = fdopen(fds[0], "r");
		pfd[k].fd = fds[0];
		pfd[k].events = POLLIN;
	}
	for (live = n; live > 0;) {
		if (poll(pfd, (nfds_t)n, 1000) == -1 && errno != EINTR)
			break;
		progress_show(r, 0);
		for (k = 0; k < n; k++) {
			if (pfd[k].fd < 0 || pfd[k].revents == 0)
				continue;
			if (run_read(r, from[k]) == 0) {
				pfd[k].fd = -1;
				live--;
			}
		}
	}
	for (k = 0; k < n; k++) {
		fclose(from[k]);
		if (waitpid(pid[k], &status, 0) == -1 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			bad = 1;
	}
	return bad ? -1 : 0;
}

/* Delivers what the outbox has due and prints the counts. Returns 0 or -1. */
static int
run_deliver(struct db *db, const struct run *r)
{
	int64_t	 store = r->o.store != NULL ? r->stores[0].id : 0;
	int	 sent = 0, failed = 0;

	if (db_ready(db) != DB_OK ||
	    outbox_deliver(db, r->cfg, store, &sent, &failed) < 0) {
		fprintf(stderr, "slatectl: statements run: delivering the "
		    "outbox: %s\n", db_error(db));
		return -1;
	}
	printf("delivered %d messages, %d attempts failed (retried later)\n",
	    sent, failed);
	return 0;
}

int
statements_command(struct db *db, const struct config *cfg, int argc,
    char **argv)
{
	struct run	 r;
	int		 bad = 0;

	if (argc < 2 || strcmp(argv[1], "run") != 0)
		return run_usage();
	memset(&r, 0, sizeof(r));
	if (run_args(argc - 1, argv + 1, &r.o) == -1)
		return run_usage();
	r.cfg = cfg;
	if (run_load(db, &r) < 0) {
		fprintf(stderr, "slatectl: statements run: %s\n", db_error(db));
		free(r.stores);
		free(r.due);
		return EXIT_FAILURE;
	}
	r.progress = isatty(STDERR_FILENO);
	r.started = time(NULL);
	if (r.o.jobs > 1 && r.ndue > 1)
		bad = run_jobs(&r) == -1;
	else
		run_share(db, &r, 0, 1, NULL);
	progress_clear(&r);
	printf("issued %ld statements (%ld queued, %ld without a statement "
	    "address), %ld failed\n", r.issued, r.queued, r.no_address,
	    r.failed);
	fflush(stdout);
	/* The day's auto-hold rules, with the statements' figures in place. */
	if (db_ready(db) != DB_OK || autohold_apply(db, r.o.store,
	    r.o.has_date ? &r.o.date : NULL) != EXIT_SUCCESS)
		bad = 1;
	fflush(stdout);
	if (r.o.deliver && run_deliver(db, &r) == -1)
		bad = 1;
	free(r.stores);
	free(r.due);
	return bad || r.failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
