/* ledger_check.c: verifies the ledger's invariants on a whole database, for `slatectl check`. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ledger_check.h"
#include "counters.h"
#include "db.h"
#include "store.h"

#define CHECK_BITS	6	/* problems one row can report */
#define CHECK_STORES	3	/* store filters of one statement, at most */

/*
 * One check: a statement that returns a row for each thing with a
 * problem (store code, subject, entry number or '', a bit for each
 * problem found, then three figures), the store filters it binds
 * ("? = 0 OR store_id = ?", each a pair), and what the figures and the
 * bits mean.
 */
struct check {
	enum stmt	 stmt;
	size_t		 stores;
	int		 first_only;	/* print a subject's first row only */
	const char	*labels[3];	/* the figures; NULL: not printed */
	const char	*whats[CHECK_BITS];	/* bit i of a row; NULL: unused */
};

static const struct check checks[] = {
	{ STMT_CHECK_BALANCE, 2, 0, { "balance", "sum of entries", NULL },
	    { "balance is not the sum of its entries" } },
	{ STMT_CHECK_CHAIN, 1, 1, { "before", "amount", "balance after" },
	    { "balance after is not the balance before plus the amount "
	    "(first break)" } },
	{ STMT_CHECK_ENTRY_ITEMS, 1, 0, { "amount", "open item", NULL },
	    { "entry has no open item",
	    "open item is not of the entry's side and size",
	    "open item is of another account",
	    "entry of zero has an open item",
	    "entry is of another store than its account" } },
	{ STMT_CHECK_ITEMS, 3, 0, { "amount", "allocated", "open" },
	    { "more is allocated than the item's amount",
	    "open amount is not the amount less its allocations",
	    "open amount is below zero",
	    "item is closed with an amount still open",
	    "nothing is open but the item is not closed" } },
	{ STMT_CHECK_ALLOCATIONS, 1, 0, { "allocated", NULL, NULL },
	    { "allocation from an item that is not a credit",
	    "allocation to an item that is not a charge",
	    "allocation between items of other accounts" } },
	{ STMT_CHECK_ACCOUNT_ITEMS, 2, 0,
	    { "balance", "open charges", "open credits" },
	    { "has both open charges and credit in hand",
	    "open charges are not what it owes",
	    "open credits are not its credit in hand" } },
	{ STMT_CHECK_REVERSALS, 1, 0, { "amount", "reversed amount", NULL },
	    { "reversal names no entry it reverses",
	    "entry that is not a reversal names an entry it reverses",
	    "reverses an entry of another account",
	    "is not the opposite of the entry it reverses",
	    "reverses a reversal",
	    "reverses a later entry" } },
	{ STMT_CHECK_GIFT_CARDS, 2, 0, { "balance", "sum of entries", NULL },
	    { "balance is not the sum of its entries",
	    "balance is below zero" } },
	{ STMT_CHECK_GIFT_CHAIN, 1, 1, { "before", "amount", "balance after" },
	    { "balance after is not the balance before plus the amount "
	    "(first break)" } },
};

/* A problem row as read. */
struct problem_row {
	char		 store[COUNTER_CODE_MAX];
	char		 subject[64];
	char		 entry[COUNTER_CODE_MAX];
	int64_t		 bits;
	int64_t		 fig[3];
};

/* Prints the problems of one row, one line each; returns how many. */
static int64_t
problem_print(FILE *out, const struct check *c, const struct problem_row *r)
{
	int64_t	 n = 0;
	size_t	 i, f;

	for (i = 0; i < CHECK_BITS; i++) {
		if (!(r->bits & ((int64_t)1 << i)))
			continue;
		fprintf(out, "%s %s%s%s: %s", r->store, r->subject,
		    r->entry[0] != '\0' ? " entry " : "", r->entry,
		    c->whats[i] != NULL ? c->whats[i] : "unknown problem");
		for (f = 0; f < 3; f++)
			if (c->labels[f] != NULL)
				fprintf(out, "%s%s %" PRId64, f == 0 ? ": " :
				    ", ", c->labels[f], r->fig[f]);
		fputc('\n', out);
		n++;
	}
	return n;
}

/* Runs one check and prints what it finds. Returns the problems, or < 0. */
static int64_t
check_run(struct db *db, const struct check *c, int64_t store_id, FILE *out)
{
	struct problem_row	 r, last;
	struct db_arg		 args[CHECK_STORES * 2];
	struct db_col		 cols[] = { COL_STR(r.store), COL_STR(r.subject),
	    COL_STR(r.entry), COL_INT(&r.bits), COL_INT(&r.fig[0]),
	    COL_INT(&r.fig[1]), COL_INT(&r.fig[2]) };
	int64_t			 n = 0;
	size_t			 i;
	int			 rc;

	for (i = 0; i < c->stores * 2; i++)
		args[i] = DB_INT(store_id);
	memset(&r, 0, sizeof(r));
	memset(&last, 0, sizeof(last));
	if ((rc = db_query(db, c->stmt, args, c->stores * 2, cols,
	    sizeof(cols) / sizeof(cols[0]))) < 0)
		return rc;
	while ((rc = db_fetch(db)) == 1) {
		if (c->first_only && strcmp(r.store, last.store) == 0 &&
		    strcmp(r.subject, last.subject) == 0)
			continue;
		n += problem_print(out, c, &r);
		last = r;
	}
	db_done(db);
	return rc < 0 ? rc : n;
}

/* What check_ledger does inside its transaction. */
struct check_args {
	int64_t			 store_id;
	FILE			*out;
	struct check_result	*res;
};

/* Counts, then runs every check, all in the transaction's one snapshot. */
static int
check_all(struct db *db, void *arg)
{
	struct check_args	*a = arg;
	int64_t			 n;
	size_t			 i;
	int			 rc;

	memset(a->res, 0, sizeof(*a->res));
	if ((rc = db_get(db, STMT_CHECK_COUNTS, DB_ARGS(DB_INT(a->store_id),
	    DB_INT(a->store_id), DB_INT(a->store_id), DB_INT(a->store_id)),
	    DB_COLS(COL_INT(&a->res->accounts),
	    COL_INT(&a->res->entries)))) < 0)
		return rc;
	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		if ((n = check_run(db, &checks[i], a->store_id, a->out)) < 0)
			return (int)n;
		a->res->problems += n;
	}
	return 0;
}

int
check_ledger(struct db *db, int64_t store_id, FILE *out,
    struct check_result *res)
{
	struct check_args	 a = { store_id, out, res };
	int			 rc;

	/* Without the room, MariaDB groups a million rows on disk: ten times slower. */
	if ((rc = db_exec(db, STMT_CHECK_SESSION, DB_NOARGS, NULL, NULL)) < 0)
		return rc;
	/*
	 * Nothing is written; the transaction is there for its snapshot:
	 * under REPEATABLE READ every query sees the database as the
	 * first one did.
	 */
	return db_transaction(db, check_all, &a);
}

/* Reads "check [--store S]" into *store (NULL: every store). Returns 0 or -1. */
static int
check_args_parse(int argc, char **argv, const char **store)
{
	*store = NULL;
	if (argc == 1)
		return 0;
	if (argc == 3 && strcmp(argv[1], "--store") == 0)
		*store = argv[2];
	else if (argc == 2 && strncmp(argv[1], "--store=", 8) == 0)
		*store = argv[1] + 8;
	else
		return -1;
	return **store != '\0' ? 0 : -1;
}

int
check_command(struct db *db, int argc, char **argv)
{
	struct check_result	 res;
	struct store		 s;
	const char		*code;
	int			 rc;

	if (check_args_parse(argc, argv, &code) == -1) {
		fputs("usage: slatectl check [--store S]\n", stderr);
		return CHECK_EXIT_ERROR;
	}
	memset(&s, 0, sizeof(s));
	if (code != NULL && (rc = store_find_by_code(db, code, &s)) <= 0) {
		fprintf(stderr, "slatectl: --store: %s\n", rc < 0 ?
		    db_error(db) : "no store has that code");
		return CHECK_EXIT_ERROR;
	}
	if (check_ledger(db, s.id, stdout, &res) < 0) {
		fprintf(stderr, "slatectl: check: %s\n", db_error(db));
		return CHECK_EXIT_ERROR;
	}
	printf("checked %" PRId64 " accounts, %" PRId64 " entries: ",
	    res.accounts, res.entries);
	if (res.problems == 0) {
		printf("OK\n");
		return CHECK_EXIT_OK;
	}
	printf("%" PRId64 " problem%s\n", res.problems,
	    res.problems == 1 ? "" : "s");
	return CHECK_EXIT_PROBLEMS;
}
