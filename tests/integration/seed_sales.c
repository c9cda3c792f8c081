/* seed_sales.c: posts sales on account through the ledger for the integration tests: seed_sales STORE ACCOUNT COUNT AMOUNT (minor units), all in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>

#include "account.h"
#include "audit.h"
#include "../../cgi/config.h"
#include "db.h"
#include "ledger.h"
#include "store.h"

#define SEED_MAX	100000

struct seed {
	int64_t			 store_id;
	int64_t			 account_id;
	long			 count;
	int64_t			 amount;
	const struct audit_actor *actor;
};

/* Posts the sales one after the other; any refusal rolls back all of them. */
static int
seed_tx(struct db *db, void *arg)
{
	const struct seed	*s = arg;
	struct posting		 p;
	long			 i;
	int			 rc;

	memset(&p, 0, sizeof(p));
	p.store_id = s->store_id;
	p.account_id = s->account_id;
	p.kind = "sale";
	p.amount = -s->amount;
	p.mode = LEDGER_ONLINE;
	p.actor = s->actor;
	for (i = 0; i < s->count; i++)
		if ((rc = ledger_post(db, &p, NULL)) < 0)
			return rc;
	return 0;
}

/* Reads a whole number from 1 to max. Returns it, or 0 when it is not one. */
static long long
number_arg(const char *s, long long max)
{
	char		*end;
	long long	 n = strtoll(s, &end, 10);

	return *s != '\0' && *end == '\0' && n >= 1 && n <= max ? n : 0;
}

/* Finds the store and account, then posts the sales. Returns the exit status. */
static int
seed(struct db *db, char **argv)
{
	struct audit_actor	 actor;
	struct account		 a;
	struct store		 st;
	struct seed		 s;
	int			 rc;

	memset(&s, 0, sizeof(s));
	if ((s.count = (long)number_arg(argv[3], SEED_MAX)) == 0 ||
	    (s.amount = number_arg(argv[4], INT64_C(1000000000))) == 0) {
		fprintf(stderr, "seed_sales: COUNT and AMOUNT are whole "
		    "numbers above zero\n");
		return EXIT_FAILURE;
	}
	if (store_find_by_code(db, argv[1], &st) != 1 ||
	    account_get(db, st.id, argv[2], 0, &a) != 1) {
		fprintf(stderr, "seed_sales: no such store or account\n");
		return EXIT_FAILURE;
	}
	audit_actor_cli(st.id, &actor);
	s.store_id = st.id;
	s.account_id = a.id;
	s.actor = &actor;
	if ((rc = db_transaction(db, seed_tx, &s)) < 0) {
		fprintf(stderr, "seed_sales: %s\n", ledger_err_message(rc));
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}

int
main(int argc, char **argv)
{
	struct config	 cfg;
	struct db	*db;
	int		 rc;

	if (argc != 5) {
		fprintf(stderr, "usage: seed_sales STORE ACCOUNT COUNT "
		    "AMOUNT\n");
		return EXIT_FAILURE;
	}
	if (config_load(&cfg) == -1 || mysql_library_init(0, NULL, NULL) != 0)
		return EXIT_FAILURE;
	if ((db = db_open(&cfg)) == NULL || db_ready(db) != DB_OK) {
		fprintf(stderr, "seed_sales: cannot connect to the database\n");
		db_close(db);
		mysql_library_end();
		return EXIT_FAILURE;
	}
	rc = seed(db, argv);
	db_close(db);
	mysql_library_end();
	return rc;
}
