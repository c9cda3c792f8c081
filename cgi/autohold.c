/* autohold.c: the store's auto-hold rules: an account goes on hold when what it owes is overdue too long or too much, and the hold lifts when that is no longer so. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "account.h"
#include "array.h"
#include "audit.h"
#include "autohold.h"
#include "counters.h"
#include "db.h"
#include "money.h"
#include "store.h"
#include "text.h"
#include "timez.h"

/* ------------------------------------------------------------ the rules */

int
autohold_rules_on(const struct autohold_rules *r)
{
	return r->days > 0 || r->amount > 0;
}

void
autohold_overdue_add(struct autohold_overdue *o, struct sdate today,
    struct sdate made, const struct sdate *due_on, int64_t open_amount)
{
	struct sdate	 due = made;
	long		 days;

	if (due_on != NULL && sdate_cmp(*due_on, made) > 0)
		due = *due_on;
	days = sdate_to_days(today) - sdate_to_days(due);
	if (days <= 0 || open_amount <= 0)
		return;
	/* An account's open charges add up to what it owes: within MONEY_MAX. */
	o->amount += open_amount;
	if (days > o->oldest_days)
		o->oldest_days = days;
}

enum autohold_trigger
autohold_triggered(const struct autohold_rules *r,
    const struct autohold_overdue *o)
{
	if (r->days > 0 && o->oldest_days > r->days)
		return AUTOHOLD_DAYS;
	if (r->amount > 0 && o->amount > r->amount)
		return AUTOHOLD_AMOUNT;
	return AUTOHOLD_NONE;
}

char *
autohold_reason(const struct autohold_rules *r, enum autohold_trigger t,
    const struct currency *c, char *out, size_t len)
{
	char	 money[MONEY_TEXT_MAX];

	if (len == 0)
		return out;
	out[0] = '\0';
	if (t == AUTOHOLD_DAYS)
		snprintf(out, len, "Overdue more than %ld day%s", r->days,
		    r->days == 1 ? "" : "s");
	else if (t == AUTOHOLD_AMOUNT && c != NULL)
		snprintf(out, len, "Overdue amount over %s",
		    money_format(r->amount, c, money));
	else if (t == AUTOHOLD_AMOUNT)
		snprintf(out, len, "Overdue amount over %s",
		    money_plain(r->amount, 2, money));
	return out;
}

/* ------------------------------------------------------------ one account */

/* A store as the rules need it. */
struct hold_store {
	int64_t			 id;
	char			 code[17];
	char			 zone[65];
	char			 currency[4];
	struct autohold_rules	 rules;
};

/*
 * The dates and instants the queries compare with, worked out in the
 * store's entered zone: today, and the days rule's bound (today - N),
 * each as a date and its first instant in UTC.
 */
struct hold_bounds {
	struct sdate	 today;
	char		 today_date[SDATE_TEXT];
	char		 today_utc[TIMEZ_TEXT];
	char		 late_date[SDATE_TEXT];
	char		 late_utc[TIMEZ_TEXT];
};

/* The first instant of d in the entered zone, as UTC text. */
static void
day_start_utc(struct sdate d, char out[TIMEZ_TEXT])
{
	struct timez_date	 t = { d.year, d.month, d.day };

	timez_utc_text(timez_day_start(&t), out);
}

/* In the entered zone: the bounds of rules as of today. */
static void
bounds_make(struct sdate today, const struct autohold_rules *rules,
    struct hold_bounds *b)
{
	struct sdate	 late = sdate_add_days(today, -rules->days);

	memset(b, 0, sizeof(*b));
	b->today = today;
	sdate_format(today, b->today_date);
	day_start_utc(today, b->today_utc);
	sdate_format(late, b->late_date);
	day_start_utc(late, b->late_utc);
}

/* Reads a store's zone, currency and rules into *s. Returns 1, 0 when none, or < 0. */
static int
store_read(struct db *db, int64_t store_id, struct hold_store *s)
{
	int64_t	 days;
	int	 rc;

	memset(s, 0, sizeof(*s));
	s->id = store_id;
	rc = db_get(db, STMT_AUTOHOLD_STORE, DB_ARGS(DB_INT(store_id)),
	    DB_COLS(COL_STR(s->zone), COL_STR(s->currency), COL_INT(&days),
	    COL_INT(&s->rules.amount)));
	s->rules.days = (long)days;
	return rc;
}

/*
 * In the entered zone: what account_id has overdue as of b->today, from
 * its open charges due before today, into *o. Returns 0 or < 0.
 */
static int
overdue_read(struct db *db, int64_t store_id, int64_t account_id,
    const struct hold_bounds *b, struct autohold_overdue *o)
{
	char			 due_text[SDATE_TEXT];
	int64_t			 made_at, open;
	struct db_col		 cols[] = {
		COL_STR(due_text), COL_INT(&made_at), COL_INT(&open)
	};
	struct sdate		 made, due;
	int			 rc;

	memset(o, 0, sizeof(*o));
	if ((rc = db_query(db, STMT_AUTOHOLD_OVERDUE_ITEMS, DB_ARGS(
	    DB_INT(account_id), DB_INT(store_id), DB_STR(b->today_date),
	    DB_STR(b->today_utc)), cols, sizeof(cols) / sizeof(cols[0]))) < 0)
		return rc;
	while ((rc = db_fetch(db)) == 1) {
		made = timez_local_sdate((time_t)made_at);
		autohold_overdue_add(o, b->today, made,
		    sdate_parse(due_text, &due) == 0 ? &due : NULL, open);
	}
	db_done(db);
	return rc < 0 ? rc : 0;
}

/* What to do with one account, and what was done. */
struct hold_job {
	const struct hold_store		*store;
	const struct hold_bounds	*bounds;
	const struct audit_actor	*actor;
	int				 may_hold;	/* 0: only lift */
	int				 mark;		/* mark it changed for the feed */
	int64_t				 account_id;
	/* Set by hold_apply: */
	char				 number[COUNTER_CODE_MAX];
	int				 change;	/* 1 held, -1 lifted, 0 none */
	char				 reason[AUTOHOLD_REASON_MAX];
};

/* Writes the audit entry of a hold put or lifted. Returns 0 or < 0. */
static int
hold_audit(struct db *db, const struct hold_job *j, const char *was,
    const struct autohold_overdue *o)
{
	json_t	*before, *after;
	int	 rc;

	before = json_pack("{s:b, s:b, s:s}", "on_hold", j->change < 0,
	    "hold_auto", j->change < 0, "hold_reason", was);
	after = json_pack("{s:b, s:b, s:s, s:I, s:I}", "on_hold",
	    j->change > 0, "hold_auto", j->change > 0, "hold_reason",
	    j->reason, "overdue", (json_int_t)o->amount, "days_overdue",
	    (json_int_t)o->oldest_days);
	rc = before == NULL || after == NULL ? DB_ERR : audit_write(db,
	    j->actor, j->change > 0 ? "account.hold" : "account.release",
	    "account", j->number, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

/*
 * In the entered zone, inside a transaction: locks the account of j,
 * evaluates the rules on its overdue charges and puts it on hold (when
 * j->may_hold and it is active and not on hold) or lifts a hold a rule
 * put, with the audit entry. A hold staff put is left alone. Returns 0
 * with j->change set, or < 0.
 */
static int
hold_apply(struct db *db, struct hold_job *j)
{
	struct autohold_overdue	 o;
	enum autohold_trigger	 t;
	int64_t			 active, on_hold, by_rule;
	char			 was[TEXT_BYTES(200)];
	int			 rc;

	j->change = 0;
	j->reason[0] = '\0';
	if ((rc = db_get(db, STMT_AUTOHOLD_LOCK, DB_ARGS(DB_INT(j->account_id),
	    DB_INT(j->store->id)), DB_COLS(COL_STR(j->number),
	    COL_INT(&active), COL_INT(&on_hold), COL_INT(&by_rule),
	    COL_STR(was)))) <= 0)
		return rc;
	if ((on_hold && !by_rule) || (!on_hold && (!j->may_hold || !active)))
		return 0;
	if ((rc = overdue_read(db, j->store->id, j->account_id, j->bounds,
	    &o)) < 0)
		return rc;
	t = autohold_triggered(&j->store->rules, &o);
	if (on_hold == (t != AUTOHOLD_NONE))
		return 0;
	j->change = on_hold ? -1 : 1;
	autohold_reason(&j->store->rules, t,
	    currency_find(j->store->currency), j->reason, sizeof(j->reason));
	if ((rc = db_exec(db, STMT_AUTOHOLD_SET, DB_ARGS(
	    DB_INT(j->change > 0), DB_INT(j->change > 0), DB_STR(j->reason),
	    DB_INT(j->account_id), DB_INT(j->store->id)), NULL, NULL)) < 0 ||
	    (j->mark && (rc = account_mark_changed(db, j->store->id,
	    j->account_id)) < 0))
		return rc;
	return hold_audit(db, j, was, &o);
}

/* db_transaction callback: hold_apply on its own. */
static int
hold_tx(struct db *db, void *arg)
{
	return hold_apply(db, arg);
}

int
autohold_after_credit(struct db *db, int64_t store_id, int64_t account_id,
    const struct audit_actor *actor)
{
	struct hold_store	 s;
	struct hold_bounds	 b;
	struct hold_job		 j;
	struct audit_actor	 cli;
	struct timez		 z;
	int			 rc;

	if ((rc = store_read(db, store_id, &s)) <= 0)
		return rc < 0 ? rc : DB_ERR;
	if (timez_enter(&z, s.zone) == -1)
		return DB_ERR;
	bounds_make(timez_local_sdate(time(NULL)), &s.rules, &b);
	if (actor == NULL) {
		audit_actor_cli(store_id, &cli);
		actor = &cli;
	}
	memset(&j, 0, sizeof(j));
	j.store = &s;
	j.bounds = &b;
	j.actor = actor;
	j.account_id = account_id;
	rc = hold_apply(db, &j);
	timez_leave(&z);
	return rc < 0 ? rc : j.change < 0;
}

/* ------------------------------------------------------------ the run */

/* Reads the ids of the accounts a run may change. Returns 0 or < 0. */
static int
candidates_read(struct db *db, const struct hold_store *s,
    const struct hold_bounds *b, int64_t **ids, size_t *n)
{
	int64_t		 id, *grown;
	struct db_col	 cols[] = { COL_INT(&id) };
	size_t		 cap = 0;
	int		 rc;

	*ids = NULL;
	*n = 0;
	if ((rc = db_query(db, STMT_AUTOHOLD_CANDIDATES, DB_ARGS(
	    DB_STR(b->late_date), DB_STR(b->late_utc), DB_INT(s->id),
	    DB_STR(b->today_date), DB_STR(b->today_utc), DB_INT(s->id),
	    DB_INT(s->rules.days), DB_INT(s->rules.amount),
	    DB_INT(s->rules.amount)), cols, 1)) < 0)
		return rc;
	while ((rc = db_fetch(db)) == 1) {
		if ((grown = array_room(*ids, &cap, *n, sizeof(id),
		    64)) == NULL) {
			rc = DB_ERR;
			break;
		}
		*ids = grown;
		(*ids)[(*n)++] = id;
	}
	db_done(db);
	return rc < 0 ? rc : 0;
}

/* In the entered zone: applies the rules of s to each of its candidates. */
static int
store_apply(struct db *db, const struct hold_store *s, struct sdate today,
    autohold_report_fn *report, void *arg, int *held, int *lifted)
{
	struct hold_bounds	 b;
	struct hold_job		 j;
	struct audit_actor	 actor;
	struct autohold_change	 c;
	int64_t			*ids;
	size_t			 n, i;
	int			 rc;

	bounds_make(today, &s->rules, &b);
	if ((rc = candidates_read(db, s, &b, &ids, &n)) < 0) {
		free(ids);
		return rc;
	}
	audit_actor_cli(s->id, &actor);
	for (i = 0; i < n; i++) {
		memset(&j, 0, sizeof(j));
		j.store = s;
		j.bounds = &b;
		j.actor = &actor;
		j.may_hold = 1;
		j.mark = 1;
		j.account_id = ids[i];
		if ((rc = db_transaction(db, hold_tx, &j)) < 0)
			break;
		if (j.change == 0)
			continue;
		*(j.change > 0 ? held : lifted) += 1;
		if (report != NULL) {
			c.account = j.number;
			c.held = j.change > 0;
			c.reason = j.reason;
			report(&c, arg);
		}
	}
	free(ids);
	return rc < 0 ? rc : 0;
}

int
autohold_run_report(struct db *db, int64_t store_id, struct sdate today,
    autohold_report_fn *report, void *arg, int *held, int *lifted)
{
	struct hold_store	 s;
	struct timez		 z;
	int			 rc;

	*held = *lifted = 0;
	if ((rc = store_read(db, store_id, &s)) <= 0)
		return rc < 0 ? rc : DB_ERR;
	if (timez_enter(&z, s.zone) == -1)
		return DB_ERR;
	rc = store_apply(db, &s, today, report, arg, held, lifted);
	timez_leave(&z);
	return rc;
}

int
autohold_run(struct db *db, int64_t store_id, struct sdate today, int *held,
    int *lifted)
{
	return autohold_run_report(db, store_id, today, NULL, NULL, held,
	    lifted);
}

/* ------------------------------------------------------------ slatectl */

struct holds_options {
	struct sdate	 date;
	int		 has_date;
	const char	*store;
};

/* Reads the options after "holds run". Returns 0 or -1. */
static int
holds_args(int argc, char **argv, struct holds_options *o)
{
	static const struct option longopts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "store", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	int	 ch;

	memset(o, 0, sizeof(*o));
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (ch == 'd') {
			/* The days rule's bound goes back up to 3650 days. */
			if (sdate_parse(optarg, &o->date) == -1 ||
			    o->date.year > 9998 || o->date.year < 1981)
				return -1;
			o->has_date = 1;
		} else if (ch == 's')
			o->store = optarg;
		else
			return -1;
	}
	return optind == argc ? 0 : -1;
}

/* Reads the stores a run looks at (store_id 0: all) into *out. Returns 0 or < 0. */
static int
holds_stores(struct db *db, int64_t store_id, struct hold_store **out,
    size_t *n)
{
	struct hold_store	 s, *grown;
	int64_t			 days;
	struct db_col		 cols[] = {
		COL_INT(&s.id), COL_STR(s.code), COL_STR(s.zone),
		COL_STR(s.currency), COL_INT(&days), COL_INT(&s.rules.amount)
	};
	int			 rc;

	*out = NULL;
	*n = 0;
	memset(&s, 0, sizeof(s));
	if ((rc = db_query(db, STMT_AUTOHOLD_STORES, DB_ARGS(DB_INT(store_id),
	    DB_INT(store_id)), cols, sizeof(cols) / sizeof(cols[0]))) < 0)
		return rc;
	while ((rc = db_fetch(db)) == 1) {
		if ((grown = realloc(*out, (*n + 1) * sizeof(*grown))) ==
		    NULL) {
			rc = DB_ERR;
			break;
		}
		*out = grown;
		s.rules.days = (long)days;
		(*out)[(*n)++] = s;
	}
	db_done(db);
	return rc < 0 ? rc : 0;
}

/* What the command has printed of a store. */
struct holds_print {
	const char	*code;
	int		 named;		/* the store's line was printed */
};

/* Prints one change, after the store's line the first time. */
static void
holds_report(const struct autohold_change *c, void *arg)
{
	struct holds_print	*p = arg;

	if (!p->named) {
		printf("store %s\n", p->code);
		p->named = 1;
	}
	if (c->held)
		printf("held %s: %s\n", c->account, c->reason);
	else
		printf("released %s\n", c->account);
	fflush(stdout);
}

/* Runs the rules of each store as of the date or its own today. Returns the exit status. */
static int
holds_each(struct db *db, const struct holds_options *o,
    const struct hold_store *stores, size_t n)
{
	struct holds_print	 p;
	struct sdate		 today;
	size_t			 i;
	int			 held = 0, lifted = 0, h, l, rc;

	for (i = 0; i < n; i++) {
		if (o->has_date)
			today = o->date;
		else if (account_today(stores[i].zone, &today) == -1) {
			fprintf(stderr, "slatectl: holds run: store %s: unknown "
			    "time zone %s\n", stores[i].code, stores[i].zone);
			return EXIT_FAILURE;
		}
		p.code = stores[i].code;
		p.named = 0;
		rc = autohold_run_report(db, stores[i].id, today, holds_report,
		    &p, &h, &l);
		held += h;
		lifted += l;
		if (rc < 0) {
			fprintf(stderr, "slatectl: holds run: store %s: %s\n",
			    stores[i].code, db_error(db));
			return EXIT_FAILURE;
		}
	}
	printf("held %d, released %d in %zu store%s\n", held, lifted, n,
	    n == 1 ? "" : "s");
	return EXIT_SUCCESS;
}

int
holds_command(struct db *db, int argc, char **argv)
{
	struct holds_options	 o;

	if (argc < 2 || strcmp(argv[1], "run") != 0 ||
	    holds_args(argc - 1, argv + 1, &o) == -1) {
		fputs("usage: slatectl holds run [--date YYYY-MM-DD] "
		    "[--store S]\n", stderr);
		return 2;
	}
	return autohold_apply(db, o.store, o.has_date ? &o.date : NULL);
}

int
autohold_apply(struct db *db, const char *store, const struct sdate *date)
{
	struct holds_options	 o;
	struct hold_store	*stores;
	struct store		 s;
	size_t			 n;
	int			 rc;

	memset(&o, 0, sizeof(o));
	o.store = store;
	if (date != NULL) {
		o.has_date = 1;
		o.date = *date;
	}
	memset(&s, 0, sizeof(s));
	if (o.store != NULL) {
		if ((rc = store_find_by_code(db, o.store, &s)) < 0) {
			fprintf(stderr, "slatectl: holds run: %s\n",
			    db_error(db));
			return EXIT_FAILURE;
		}
		if (rc == 0) {
			fprintf(stderr, "slatectl: --store: no store has that "
			    "code\n");
			return EXIT_FAILURE;
		}
	}
	if (holds_stores(db, s.id, &stores, &n) < 0) {
		fprintf(stderr, "slatectl: holds run: %s\n", db_error(db));
		free(stores);
		return EXIT_FAILURE;
	}
	rc = holds_each(db, &o, stores, n);
	free(stores);
	return rc;
}
