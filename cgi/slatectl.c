/* slatectl.c: the operators' command line: migrations, stores, staff. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <mysql.h>

#include "account.h"
#include "audit.h"
#include "autohold.h"
#include "buf.h"
#include "config.h"
#include "customer.h"
#include "db.h"
#include "import.h"
#include "lane.h"
#include "ledger_check.h"
#include "migrate.h"
#include "money.h"
#include "outbox.h"
#include "password.h"
#include "staff.h"
#include "statement.h"
#include "store.h"
#include "text.h"

#define EXIT_USAGE	2

static const char usage_text[] =
	"usage: slatectl migrate\n"
	"       slatectl store add --code S --name N --currency EUR "
	"--timezone Europe/Berlin\n"
	"       slatectl staff add --email E --name N --group G [--store S]"
	"  (password on stdin)\n"
	"       slatectl customer add --name N [--email E] [--phone P] "
	"[--store S]\n"
	"       slatectl account add --customer CODE [--limit AMOUNT] "
	"[--pay-later] [--restrict-credit] [--opening AMOUNT] [--email E] "
	"[--frequency RULE] [--store S]\n"
	"       slatectl import customers FILE.csv [--dry-run] [--new-codes] "
	"[--store S]\n"
	"       slatectl lane add --name N [--store S]\n"
	"       slatectl lane revoke --name N [--store S]\n"
	"       slatectl lane resync [--store S]\n"
	"       slatectl outbox deliver [--store S]\n"
	"       slatectl check [--store S]\n"
	"       slatectl holds run [--date YYYY-MM-DD] [--store S]\n"
	"       slatectl statements run [--date YYYY-MM-DD] [--no-deliver] "
	"[--jobs N] [--store S]\n";

static int
usage(void)
{
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

/* Prints an error to stderr and returns the failure exit status. */
static int
fail(const char *what, const char *why)
{
	fprintf(stderr, "slatectl: %s: %s\n", what, why);
	return EXIT_FAILURE;
}

/* Options of the add commands, all optional strings. */
struct opts {
	const char	*code, *name, *currency, *timezone;
	const char	*email, *group, *store;
	const char	*phone;
	const char	*customer, *limit, *opening, *frequency;
	int		 pay_later, restrict_credit;
};

static int
parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "code", required_argument, NULL, 'c' },
		{ "name", required_argument, NULL, 'n' },
		{ "currency", required_argument, NULL, 'u' },
		{ "timezone", required_argument, NULL, 't' },
		{ "email", required_argument, NULL, 'e' },
		{ "group", required_argument, NULL, 'g' },
		{ "store", required_argument, NULL, 's' },
		{ "phone", required_argument, NULL, 'p' },
		{ "customer", required_argument, NULL, 'C' },
		{ "limit", required_argument, NULL, 'L' },
		{ "opening", required_argument, NULL, 'O' },
		{ "frequency", required_argument, NULL, 'F' },
		{ "pay-later", no_argument, NULL, 'P' },
		{ "restrict-credit", no_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	int	 ch;

	memset(o, 0, sizeof(*o));
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': o->code = optarg; break;
		case 'n': o->name = optarg; break;
		case 'u': o->currency = optarg; break;
		case 't': o->timezone = optarg; break;
		case 'e': o->email = optarg; break;
		case 'g': o->group = optarg; break;
		case 's': o->store = optarg; break;
		case 'p': o->phone = optarg; break;
		case 'C': o->customer = optarg; break;
		case 'L': o->limit = optarg; break;
		case 'O': o->opening = optarg; break;
		case 'F': o->frequency = optarg; break;
		case 'P': o->pay_later = 1; break;
		case 'R': o->restrict_credit = 1; break;
		default:
			fprintf(stderr, "slatectl: unknown or incomplete "
			    "option %s\n", argv[optind - 1]);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "slatectl: unexpected argument %s\n",
		    argv[optind]);
		return -1;
	}
	return 0;
}

static int
cmd_migrate(struct db *db, const struct config *cfg)
{
	int	 n = migrate_apply(db, cfg->schema, stdout);

	if (n < 0)
		return EXIT_FAILURE;
	if (n == 0)
		printf("none\n");
	return EXIT_SUCCESS;
}

/* Creates the store and its "store.create" audit entry, in one transaction. */
static int
store_add_tx(struct db *db, void *arg)
{
	struct store		*s = arg;
	struct audit_actor	 a;
	json_t			*after;
	char			 id[24];
	int			 rc;

	if ((rc = store_create(db, s)) < 0)
		return rc;
	if ((after = store_json(s)) == NULL)
		return DB_ERR;
	audit_actor_cli(s->id, &a);
	snprintf(id, sizeof(id), "%lld", (long long)s->id);
	rc = audit_write(db, &a, "store.create", "store", id, NULL, after);
	json_decref(after);
	return rc;
}

static int
cmd_store_add(struct db *db, const struct opts *o)
{
	struct store	 s;
	const char	*problem;
	int		 rc;

	if (o->code == NULL || o->name == NULL || o->currency == NULL ||
	    o->timezone == NULL)
		return fail("store add", "--code, --name, --currency and "
		    "--timezone are required");
	if ((problem = store_code_problem(o->code)) != NULL)
		return fail("--code", problem);
	if ((problem = text_problem(o->name, 200, 1)) != NULL)
		return fail("--name", problem);
	if (currency_find(o->currency) == NULL)
		return fail("--currency", "not an ISO 4217 currency code "
		    "Slate knows (such as EUR, USD, GBP)");
	if ((problem = timezone_problem(o->timezone)) != NULL)
		return fail("--timezone", problem);
	memset(&s, 0, sizeof(s));
	snprintf(s.code, sizeof(s.code), "%s", o->code);
	snprintf(s.name, sizeof(s.name), "%s", o->name);
	snprintf(s.currency, sizeof(s.currency), "%s", o->currency);
	snprintf(s.timezone, sizeof(s.timezone), "%s", o->timezone);
	rc = db_transaction(db, store_add_tx, &s);
	if (rc == DB_ERR_DUP)
		return fail("store add", "a store with that code exists");
	if (rc < 0)
		return fail("store add", db_error(db));
	printf("%s\n", s.code);
	return EXIT_SUCCESS;
}

/* Finds the store named by --store, or the only one. Returns 0 or an exit status. */
static int
resolve_store(struct db *db, const char *code, struct store *s)
{
	int64_t	 n;
	int	 rc;

	if (code == NULL) {
		if (store_count(db, &n) < 0)
			return fail("store", db_error(db));
		if (n == 0)
			return fail("store", "there is no store yet; add one "
			    "with 'slatectl store add'");
		if (n > 1)
			return fail("store", "there is more than one store; "
			    "name one with --store");
		rc = store_find_first(db, s);
	} else
		rc = store_find_by_code(db, code, s);
	if (rc < 0)
		return fail("store", db_error(db));
	if (rc == 0)
		return fail("--store", "no store has that code");
	return 0;
}

/* Reads one line (the password) from stdin into out. Returns 0 or -1. */
static int
read_password(char *out, size_t size)
{
	size_t	 n;

	if (fgets(out, (int)size, stdin) == NULL)
		return -1;
	n = strlen(out);
	if (n > 0 && out[n - 1] == '\n')
		out[--n] = '\0';
	else if (!feof(stdin))
		return -1;
	if (n > 0 && out[n - 1] == '\r')
		out[--n] = '\0';
	return 0;
}

struct staff_add {
	const char	*email, *name, *hash, *store_code;
	int64_t		 store_id, group_id, id;
	char		 group[TEXT_BYTES(100)];	/* the group's name as stored */
};

/* What the audit log keeps of a staff member added here. */
static json_t *
staff_add_json(const struct staff_add *a)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "email", a->email,
	    "name", a->name, "group", a->group, "store", a->store_code);
}

/* Writes the audit entry action for the staff member a added to a store. */
static int
staff_add_audit(struct db *db, struct staff_add *a, const char *action)
{
	struct audit_actor	 actor;
	json_t			*after;
	char			 id[24];
	int			 rc;

	if ((rc = staff_group_get(db, a->store_id, a->group_id,
	    a->group)) <= 0)
		return rc < 0 ? rc : DB_ERR;
	if ((after = staff_add_json(a)) == NULL)
		return DB_ERR;
	audit_actor_cli(a->store_id, &actor);
	snprintf(id, sizeof(id), "%lld", (long long)a->id);
	rc = audit_write(db, &actor, action, "staff", id, NULL, after);
	json_decref(after);
	return rc;
}

/* Creates the staff member and their "staff.create" audit entry, in one transaction. */
static int
staff_add_tx(struct db *db, void *arg)
{
	struct staff_add	*a = arg;
	int			 rc;

	if ((rc = staff_create(db, a->email, a->name, a->hash, a->store_id,
	    a->group_id, &a->id)) < 0)
		return rc;
	return staff_add_audit(db, a, "staff.create");
}

/* Adds an existing staff member to another store, with "staff.add_to_store". */
static int
staff_join_tx(struct db *db, void *arg)
{
	struct staff_add	*a = arg;
	int			 rc;

	if ((rc = staff_membership_add(db, a->id, a->store_id,
	    a->group_id)) < 0)
		return rc;
	return staff_add_audit(db, a, "staff.add_to_store");
}

/*
 * staff add for an email that already has an account: it joins the
 * store in the group given; name and password stay as they are.
 */
static int
staff_add_existing(struct db *db, struct staff_add *a,
    const struct staff *st)
{
	char	 group[TEXT_BYTES(100)];
	int	 rc;

	rc = db_get(db, STMT_MEMBERSHIP_GET, DB_ARGS(DB_INT(st->id),
	    DB_INT(a->store_id)), DB_COLS(COL_STR(group)));
	if (rc < 0)
		return fail("staff add", db_error(db));
	if (rc == 1)
		return fail("staff add", "a staff member with that email "
		    "exists and already works in that store");
	a->id = st->id;
	a->name = st->name;
	rc = db_transaction(db, staff_join_tx, a);
	if (rc == DB_ERR_DUP)
		return fail("staff add", "a staff member with that email "
		    "exists and already works in that store");
	if (rc < 0)
		return fail("staff add", db_error(db));
	printf("%s\n", a->email);
	return EXIT_SUCCESS;
}

static int
cmd_staff_add(struct db *db, const struct opts *o)
{
	struct staff_add	 a;
	struct store		 s;
	struct staff		 st;
	char			 email[255], password[4 * PASSWORD_MAX_LEN + 2];
	char			 hash[PASSWORD_HASH_MAX];
	const char		*problem;
	int			 rc;

	if (o->email == NULL || o->name == NULL || o->group == NULL)
		return fail("staff add", "--email, --name and --group are "
		    "required");
	if ((problem = email_problem(o->email)) != NULL)
		return fail("--email", problem);
	if ((problem = text_problem(o->name, 200, 1)) != NULL)
		return fail("--name", problem);
	snprintf(email, sizeof(email), "%s", o->email);
	text_lower_ascii(email);
	memset(&s, 0, sizeof(s));
	if ((rc = resolve_store(db, o->store, &s)) != 0)
		return rc;
	memset(&a, 0, sizeof(a));
	rc = store_group_find(db, s.id, o->group, &a.group_id);
	if (rc < 0)
		return fail("staff add", db_error(db));
	if (rc == 0)
		return fail("--group", "no user group of that name in the "
		    "store (the seeded ones are Administrator, Manager, "
		    "Clerk)");
	a.email = email;
	a.store_code = s.code;
	a.store_id = s.id;
	if ((rc = staff_find_by_email(db, email, &st)) < 0)
		return fail("staff add", db_error(db));
	if (rc == 1)
		return staff_add_existing(db, &a, &st);
	if (read_password(password, sizeof(password)) == -1)
		return fail("password", "give the password on standard "
		    "input, one line");
	if ((problem = password_problem(password)) != NULL)
		return fail("password", problem);
	if (password_hash(password, PASSWORD_ITERATIONS, hash) == -1)
		return fail("password", "could not hash it");
	a.name = o->name;
	a.hash = hash;
	rc = db_transaction(db, staff_add_tx, &a);
	if (rc == DB_ERR_DUP)
		return fail("staff add", "a staff member with that email "
		    "exists");
	if (rc < 0)
		return fail("staff add", db_error(db));
	printf("%s\n", email);
	return EXIT_SUCCESS;
}

struct customer_add {
	int64_t		 store_id;
	struct customer	 c;
};

/* Creates the customer and its "customer.create" audit entry, in one transaction. */
static int
customer_add_tx(struct db *db, void *arg)
{
	struct customer_add	*a = arg;
	struct audit_actor	 actor;
	json_t			*after;
	int			 rc;

	if ((rc = customer_create(db, a->store_id, &a->c)) < 0)
		return rc;
	if ((after = customer_json(&a->c)) == NULL)
		return DB_ERR;
	audit_actor_cli(a->store_id, &actor);
	rc = audit_write(db, &actor, "customer.create", "customer", a->c.code,
	    NULL, after);
	json_decref(after);
	return rc;
}

/* customer add --name N [--email E] [--phone P] [--store S]: prints the code. */
static int
cmd_customer_add(struct db *db, const struct opts *o)
{
	struct customer_add	 a;
	struct customer_problems p;
	struct store		 s;
	int			 rc;

	if (o->name == NULL)
		return fail("customer add", "--name is required");
	memset(&a, 0, sizeof(a));
	if (!customer_from_text(&a.c, o->name, o->email, o->phone, NULL, &p))
		return fail(p.name ? "--name" : p.email ? "--email" : "--phone",
		    p.name ? p.name : p.email ? p.email : p.phone);
	memset(&s, 0, sizeof(s));
	if ((rc = resolve_store(db, o->store, &s)) != 0)
		return rc;
	a.store_id = s.id;
	if (db_transaction(db, customer_add_tx, &a) < 0)
		return fail("customer add", db_error(db));
	printf("%s\n", a.c.code);
	return EXIT_SUCCESS;
}

struct account_add {
	int64_t		 store_id;
	const char	*code;		/* the customer's */
	struct account	 a;
	int64_t		 opening;
	int		 missing;	/* no such customer */
};

/* Creates the account, its opening entry and "account.create", in one transaction. */
static int
account_add_tx(struct db *db, void *arg)
{
	struct account_add	*a = arg;
	struct customer		 c;
	struct audit_actor	 actor;
	json_t			*after;
	int			 rc;

	if ((rc = customer_get(db, a->store_id, a->code, &c)) <= 0) {
		a->missing = rc == 0;
		return rc < 0 ? rc : DB_ERR;
	}
	a->a.customer_id = c.id;
	snprintf(a->a.customer_code, sizeof(a->a.customer_code), "%s", c.code);
	if ((rc = account_create(db, a->store_id, &a->a, a->opening, 0,
	    0)) < 0)
		return rc;
	if ((after = account_json(&a->a)) == NULL)
		return DB_ERR;
	audit_actor_cli(a->store_id, &actor);
	rc = audit_write(db, &actor, "account.create", "account", a->a.number,
	    NULL, after);
	json_decref(after);
	return rc;
}

/* Reads AMOUNT of option what into *out (an empty one is refused). Returns 0 or an exit status. */
static int
account_amount_opt(const char *what, const char *text,
    const struct currency *c, int64_t *out)
{
	const char	*problem;

	if (*text == '\0')
		return fail(what, money_parse_message(MONEY_EMPTY));
	if ((problem = account_amount_read(text, c, 1, out)) != NULL)
		return fail(what, problem);
	return 0;
}

/* Reads the account's options for store s into a. Returns 0 or an exit status. */
static int
account_add_read(const struct opts *o, const struct store *s,
    struct account_add *a)
{
	const struct currency	*c;
	struct sdate		 today;
	const char		*problem;
	int			 rc;

	if ((c = currency_find(s->currency)) == NULL ||
	    account_today(s->timezone, &today) == -1)
		return fail("store", "its currency or time zone is unknown");
	a->a.active = 1;
	a->a.pay_later = o->pay_later;
	a->a.restrict_credit = o->restrict_credit;
	if (o->limit != NULL && (rc = account_amount_opt("--limit", o->limit,
	    c, &a->a.credit_limit)) != 0)
		return rc;
	if (a->a.credit_limit < 0)
		return fail("--limit", "a credit limit cannot be negative");
	if (o->opening != NULL && (rc = account_amount_opt("--opening",
	    o->opening, c, &a->opening)) != 0)
		return rc;
	if (o->email != NULL) {
		if ((problem = email_problem(o->email)) != NULL)
			return fail("--email", problem);
		snprintf(a->a.statement_email, sizeof(a->a.statement_email),
		    "%s", o->email);
		text_lower_ascii(a->a.statement_email);
	}
	if (o->frequency != NULL) {
		if ((problem = account_rule_read(o->frequency,
		    a->a.frequency)) != NULL)
			return fail("--frequency", problem);
		if (a->a.frequency[0] == '\0')
			return fail("--frequency", "give a rule such as "
			    "'every 1 month on day 1'");
		(void)account_start_read("", 1, today, a->a.frequency_start);
	}
	return 0;
}

/*
 * account add --customer CODE [--limit AMOUNT] [--pay-later]
 * [--restrict-credit] [--opening AMOUNT] [--email E] [--frequency RULE]
 * [--store S]: prints the account number. Without --restrict-credit the
 * account does not restrict credit; the rule starts today.
 */
static int
cmd_account_add(struct db *db, const struct opts *o)
{
	struct account_add	 a;
	struct store		 s;
	int			 rc;

	if (o->customer == NULL)
		return fail("account add", "--customer is required");
	memset(&s, 0, sizeof(s));
	if ((rc = resolve_store(db, o->store, &s)) != 0)
		return rc;
	memset(&a, 0, sizeof(a));
	a.store_id = s.id;
	a.code = o->customer;
	if ((rc = account_add_read(o, &s, &a)) != 0)
		return rc;
	rc = db_transaction(db, account_add_tx, &a);
	if (a.missing)
		return fail("--customer", "no customer has that code in the "
		    "store");
	if (rc < 0)
		return fail("account add", db_error(db));
	printf("%s\n", a.a.number);
	return EXIT_SUCCESS;
}

/* Where import issues go, and whether a progress line waits for its end. */
struct import_out {
	FILE	*issues;
	int	 progress;	/* a progress line is on the terminal */
};

/* Ends a pending progress line. */
static void
import_progress_end(struct import_out *out)
{
	if (out->progress)
		fputc('\n', stderr);
	out->progress = 0;
}

/* Prints one issue of an import: "line 4: email: message". */
static void
import_issue_print(void *ctx, const struct import_issue *i)
{
	struct import_out	*out = ctx;

	import_progress_end(out);
	fprintf(out->issues, "line %ld: %s%s%s%s\n", i->line,
	    i->warning ? "warning: " : "", i->column ? i->column : "",
	    i->column ? ": " : "", i->message);
}

/* Shows how far an import is, on one terminal line. */
static void
import_progress_print(void *ctx, long rows, int writing)
{
	struct import_out	*out = ctx;

	fprintf(stderr, "\r%s %ld rows", writing ? "imported" : "checked",
	    rows);
	fflush(stderr);
	out->progress = 1;
}

/* Prints the outcome of import_run and returns the exit status. */
static int
import_summary(struct db *db, int rc, int dry_run,
    const struct import_result *res)
{
	if (rc == IMPORT_ERR_CHANGED)
		return fail("import", "customers or accounts changed while "
		    "importing; nothing was imported; run it again");
	if (rc < 0)
		return fail("import", db_error(db));
	if (dry_run) {
		printf("%ld rows: %ld good, %ld with problems, %ld warnings; "
		    "would import %ld customers, %ld accounts, skip %ld "
		    "already present\n", res->rows, res->good,
		    res->bad_lines, res->warnings, res->customers,
		    res->accounts, res->skipped);
		return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
	}
	if (rc == 1) {
		fprintf(stderr, "slatectl: import: %ld lines have problems; "
		    "nothing was imported\n", res->bad_lines);
		return EXIT_FAILURE;
	}
	if (res->skipped > 0)
		printf("skipped %ld rows already present\n", res->skipped);
	printf("imported %ld customers, %ld accounts\n", res->customers,
	    res->accounts);
	return EXIT_SUCCESS;
}

/* Reads FILE and the options of import customers. Returns 0 or -1. */
static int
import_args(int argc, char **argv, const char **file, int *dry_run,
    int *new_codes, const char **store)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'd' },
		{ "new-codes", no_argument, NULL, 'N' },
		{ "store", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	int	 ch;

	*dry_run = *new_codes = 0;
	*store = NULL;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (ch == 'd')
			*dry_run = 1;
		else if (ch == 'N')
			*new_codes = 1;
		else if (ch == 's')
			*store = optarg;
		else
			return -1;
	}
	if (optind != argc - 1)
		return -1;
	*file = argv[optind];
	return 0;
}

/*
 * import customers FILE.csv [--dry-run] [--new-codes] [--store S]:
 * checks every line (problems on standard output for a dry run, on
 * standard error otherwise, each with its line number), then imports
 * all of it in one transaction or nothing; progress on standard error
 * every 1000 rows when it is a terminal; prints "imported N
 * customers, M accounts" last.
 */
static int
cmd_import_customers(struct db *db, int argc, char **argv)
{
	struct import_options	 o;
	struct import_result	 res;
	struct import_out	 out;
	struct audit_actor	 actor;
	struct store		 s;
	struct buf		 text = { NULL, 0, 0 };
	const char		*file, *store, *why;
	int			 rc;

	memset(&o, 0, sizeof(o));
	if (import_args(argc, argv, &file, &o.dry_run, &o.new_codes,
	    &store) == -1)
		return usage();
	memset(&s, 0, sizeof(s));
	if ((rc = resolve_store(db, store, &s)) != 0)
		return rc;
	if ((o.currency = currency_find(s.currency)) == NULL ||
	    account_today(s.timezone, &o.today) == -1)
		return fail("store", "its currency or time zone is unknown");
	if (import_load_file(file, &text, &why) == -1)
		return fail(file, why);
	audit_actor_cli(s.id, &actor);
	o.store_id = s.id;
	o.actor = &actor;
	o.issue = import_issue_print;
	o.progress = isatty(STDERR_FILENO) ? import_progress_print : NULL;
	o.ctx = &out;
	out.issues = o.dry_run ? stdout : stderr;
	out.progress = 0;
	rc = import_run(db, text.data != NULL ? text.data : "", text.len, &o,
	    &res);
	import_progress_end(&out);
	buf_free(&text);
	return import_summary(db, rc, o.dry_run, &res);
}

/* A lane to register or revoke, and what came of it. */
struct lane_cmd {
	int64_t		 store_id;
	const char	*name;
	char		 token[LANE_TOKEN_MAX];
	struct lane	 lane;
};

/* Registers the lane with its "lane.create" audit entry, in one transaction. */
static int
lane_add_tx(struct db *db, void *arg)
{
	struct lane_cmd		*l = arg;
	struct audit_actor	 actor;

	audit_actor_cli(l->store_id, &actor);
	return lane_register(db, l->store_id, l->name, 0, &actor, l->token,
	    &l->lane);
}

/* Revokes the lane with its "lane.revoke" audit entry, in one transaction. */
static int
lane_revoke_tx(struct db *db, void *arg)
{
	struct lane_cmd		*l = arg;
	struct audit_actor	 actor;

	audit_actor_cli(l->store_id, &actor);
	return lane_revoke(db, l->store_id, l->lane.id, 0, &actor);
}

/*
 * lane add --name N [--store S]: prints the new lane's token alone on
 * the last line (it is shown this once). lane revoke --name N
 * [--store S]: prints the lane's name.
 */
static int
cmd_lane(struct db *db, const char *verb, const struct opts *o)
{
	struct lane_cmd	 l;
	struct store	 s;
	const char	*problem;
	int		 rc;

	if (o->name == NULL)
		return fail("lane", "--name is required");
	if ((problem = lane_name_problem(o->name)) != NULL)
		return fail("--name", problem);
	memset(&s, 0, sizeof(s));
	if ((rc = resolve_store(db, o->store, &s)) != 0)
		return rc;
	memset(&l, 0, sizeof(l));
	l.store_id = s.id;
	l.name = o->name;
	if (strcmp(verb, "add") == 0) {
		rc = db_transaction(db, lane_add_tx, &l);
		if (rc == LANE_ERR_NAME_TAKEN)
			return fail("lane add", "the store has a lane of that "
			    "name");
		if (rc < 0)
			return fail("lane add", db_error(db));
		printf("%s\n", l.token);
		return EXIT_SUCCESS;
	}
	if ((rc = lane_get_by_name(db, s.id, o->name, &l.lane)) < 0)
		return fail("lane revoke", db_error(db));
	if (rc == 0)
		return fail("lane revoke", "the store has no lane of that name");
	rc = db_transaction(db, lane_revoke_tx, &l);
	if (rc == LANE_ERR_REVOKED)
		return fail("lane revoke", "the lane was revoked already");
	if (rc == LANE_ERR_NO_LANE)
		return fail("lane revoke", "the store has no lane of that name");
	if (rc < 0)
		return fail("lane revoke", db_error(db));
	printf("%s\n", l.lane.name);
	return EXIT_SUCCESS;
}

/* A store whose feed starts again, for db_transaction. */
struct restart {
	int64_t		 id;
	char		 code[17];
};

static int
lane_resync_tx(struct db *db, void *arg)
{
	struct restart		*s = arg;
	struct audit_actor	 actor;

	audit_actor_cli(s->id, &actor);
	return lane_feed_restart(db, s->id, s->code, &actor);
}

/*
 * lane resync [--store S]: gives the feed of store S, or of every store,
 * a new epoch, so that every lane syncs again from the start (after a
 * database was restored from a backup); prints each store's code.
 */
static int
cmd_lane_resync(struct db *db, const struct opts *o)
{
	struct restart	 row, *all = NULL, *grown;
	const char	*code = o->store != NULL ? o->store : "";
	struct db_col	 cols[] = { COL_INT(&row.id), COL_STR(row.code) };
	size_t		 n = 0, i;
	int		 rc;

	if (db_query(db, STMT_LANE_STORES, DB_ARGS(DB_STR(code),
	    DB_STR(code)), cols, 2) < 0)
		return fail("lane resync", db_error(db));
	while ((rc = db_fetch(db)) == 1) {
		if ((grown = realloc(all, (n + 1) * sizeof(*all))) == NULL) {
			rc = -1;
			break;
		}
		all = grown;
		all[n++] = row;
	}
	db_done(db);
	if (rc < 0) {
		free(all);
		return fail("lane resync", db_error(db));
	}
	if (n == 0)
		return fail("--store", "no store has that code");
	/* Each store in its own transaction: a store done stays done. */
	for (i = 0, rc = 0; i < n && rc == 0; i++) {
		if ((rc = db_transaction(db, lane_resync_tx, &all[i])) == 0)
			printf("%s\n", all[i].code);
	}
	free(all);
	return rc < 0 ? fail("lane resync", db_error(db)) : EXIT_SUCCESS;
}

/*
 * outbox deliver [--store S]: hands every due message (of every store,
 * or of S) to the sendmail command, then prints "sent N, failed N,
 * waiting N" (failed: attempts that failed now; waiting: messages not
 * sent yet, to be tried later). Exits 1 on a database error.
 */
static int
cmd_outbox(struct db *db, const struct config *cfg, int argc, char **argv)
{
	struct opts	 o;
	struct store	 s;
	int64_t		 store_id = 0, waiting;
	int		 sent, failed, rc;

	if (argc < 2 || strcmp(argv[1], "deliver") != 0 ||
	    parse_opts(argc - 1, argv + 1, &o) == -1)
		return usage();
	if (o.store != NULL) {
		memset(&s, 0, sizeof(s));
		if ((rc = resolve_store(db, o.store, &s)) != 0)
			return rc;
		store_id = s.id;
	}
	if (outbox_deliver(db, cfg, store_id, &sent, &failed) < 0 ||
	    outbox_waiting(db, store_id, &waiting) < 0)
		return fail("outbox deliver", db_error(db));
	printf("sent %d, failed %d, waiting %lld\n", sent, failed,
	    (long long)waiting);
	return EXIT_SUCCESS;
}

static int
run(int argc, char **argv, struct db *db, const struct config *cfg)
{
	struct opts	 o;
	const char	*cmd = argv[1];

	if (strcmp(cmd, "migrate") == 0)
		return argc == 2 ? cmd_migrate(db, cfg) : usage();
	if (strcmp(cmd, "check") == 0)
		return check_command(db, argc - 1, argv + 1);
	if (strcmp(cmd, "outbox") == 0)
		return cmd_outbox(db, cfg, argc - 1, argv + 1);
	if (strcmp(cmd, "holds") == 0)
		return holds_command(db, argc - 1, argv + 1);
	if (strcmp(cmd, "statements") == 0)
		return statements_command(db, cfg, argc - 1, argv + 1);
	if (strcmp(cmd, "import") == 0)
		return argc >= 3 && strcmp(argv[2], "customers") == 0 ?
		    cmd_import_customers(db, argc - 2, argv + 2) : usage();
	if (strcmp(cmd, "lane") == 0 && argc >= 3 &&
	    (strcmp(argv[2], "add") == 0 || strcmp(argv[2], "revoke") == 0))
		return parse_opts(argc - 2, argv + 2, &o) == -1 ? usage() :
		    cmd_lane(db, argv[2], &o);
	if (strcmp(cmd, "lane") == 0 && argc >= 3 &&
	    strcmp(argv[2], "resync") == 0)
		return parse_opts(argc - 2, argv + 2, &o) == -1 ? usage() :
		    cmd_lane_resync(db, &o);
	if (argc < 3 || strcmp(argv[2], "add") != 0)
		return usage();
	if (parse_opts(argc - 2, argv + 2, &o) == -1)
		return usage();
	if (strcmp(cmd, "store") == 0)
		return cmd_store_add(db, &o);
	if (strcmp(cmd, "customer") == 0)
		return cmd_customer_add(db, &o);
	if (strcmp(cmd, "account") == 0)
		return cmd_account_add(db, &o);
	if (strcmp(cmd, "staff") == 0)
		return cmd_staff_add(db, &o);
	return usage();
}

int
main(int argc, char **argv)
{
	struct config	 cfg;
	struct db	*db;
	int		 rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		if (argc < 2)
			return usage();
		fputs(usage_text, stdout);
		return EXIT_SUCCESS;
	}
	if (strcmp(argv[1], "migrate") != 0 && strcmp(argv[1], "store") != 0 &&
	    strcmp(argv[1], "staff") != 0 && strcmp(argv[1], "customer") != 0 &&
	    strcmp(argv[1], "account") != 0 && strcmp(argv[1], "import") != 0 &&
	    strcmp(argv[1], "check") != 0 && strcmp(argv[1], "lane") != 0 &&
	    strcmp(argv[1], "outbox") != 0 && strcmp(argv[1], "holds") != 0 &&
	    strcmp(argv[1], "statements") != 0)
		return usage();
	if (config_load(&cfg) == -1)
		return EXIT_USAGE;
	/*
	 * An operator's command may run statements longer than a request's
	 * (a check of a large ledger): it waits for them unless told a limit.
	 */
	if (getenv("SLATE_DB_READ_TIMEOUT") == NULL)
		cfg.db_read_timeout = 0;
	if (mysql_library_init(0, NULL, NULL) != 0)
		return fail("database", "cannot start the client library");
	if ((db = db_open(&cfg)) == NULL || db_ready(db) != DB_OK) {
		fprintf(stderr, "slatectl: cannot connect to the database%s%s\n",
		    db ? ": " : "", db ? db_error(db) : "");
		db_close(db);
		mysql_library_end();
		/* To check, 1 says the ledger is wrong: no database is 2. */
		return strcmp(argv[1], "check") == 0 ? CHECK_EXIT_ERROR :
		    EXIT_FAILURE;
	}
	rc = run(argc, argv, db, &cfg);
	db_close(db);
	mysql_library_end();
	return rc;
}
