/* shop.c: stores of their own for the staff and approval tests, each with an Administrator signed in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <mysql.h>

#include "client.h"
#include "shop.h"

/* This run's prefix of store codes, set before Check forks the tests. */
static char	 store_prefix[12];

void
shop_begin(void)
{
	/* Codes are this prefix, then the test's process id and a count. */
	snprintf(store_prefix, sizeof(store_prefix), "SF%04lX%03lX",
	    (unsigned long)time(NULL) & 0xffff,
	    (unsigned long)getpid() & 0xfff);
}

/*
 * Connects as the tests do (see client.c), without Check: the cleanup
 * runs after the tests, where Check's assertions may not be called.
 */
static MYSQL *
cleanup_connect(void)
{
	const char	*sock = getenv("SLATE_DB_SOCKET");
	const char	*name = getenv("SLATE_DB_NAME");
	const char	*user = getenv("SLATE_DB_USER");
	const char	*pass = getenv("SLATE_DB_PASSWORD");
	const char	*cnf = getenv("SLATE_MYCNF");
	MYSQL		*m;

	if ((m = mysql_init(NULL)) == NULL)
		return NULL;
	if (cnf != NULL && *cnf != '\0') {
		mysql_options(m, MYSQL_READ_DEFAULT_FILE, cnf);
		mysql_options(m, MYSQL_READ_DEFAULT_GROUP, "client");
	}
	if (mysql_real_connect(m, NULL,
	    user != NULL && *user != '\0' ? user : "root",
	    pass != NULL ? pass : "",
	    name != NULL && *name != '\0' ? name : "slate", 0,
	    sock != NULL && *sock != '\0' ? sock : NULL, 0) == NULL) {
		fprintf(stderr, "cleanup: %s\n", mysql_error(m));
		mysql_close(m);
		return NULL;
	}
	return m;
}

int
shop_cleanup(void)
{
	/*
	 * Each takes the prefix. Customers without accounts go first; a store
	 * that still has customers keeps everything (accounts and their
	 * ledger entries are never deleted). Memberships and sessions go
	 * before groups; groups, lanes that never posted and counters
	 * before stores.
	 */
#define UNUSED_STORE " AND NOT EXISTS (SELECT 1 FROM customers cu " \
	"WHERE cu.store_id = s.id)"
	static const char *const sql[] = {
		"DELETE cu FROM customers cu JOIN stores s ON s.id = "
		    "cu.store_id WHERE s.code LIKE CONCAT(?, '%') AND NOT "
		    "EXISTS (SELECT 1 FROM accounts a WHERE a.customer_id = "
		    "cu.id)",
		"DELETE ss FROM staff_stores ss JOIN stores s ON "
		    "s.id = ss.store_id WHERE s.code LIKE CONCAT(?, '%')"
		    UNUSED_STORE,
		"DELETE se FROM sessions se JOIN stores s ON "
		    "s.id = se.store_id WHERE s.code LIKE CONCAT(?, '%')"
		    UNUSED_STORE,
		"DELETE gp FROM group_permissions gp JOIN user_groups g "
		    "ON g.id = gp.group_id JOIN stores s ON s.id = g.store_id "
		    "WHERE s.code LIKE CONCAT(?, '%')" UNUSED_STORE,
		"DELETE g FROM user_groups g JOIN stores s ON "
		    "s.id = g.store_id WHERE s.code LIKE CONCAT(?, '%')"
		    UNUSED_STORE,
		"DELETE l FROM lanes l JOIN stores s ON s.id = l.store_id "
		    "WHERE s.code LIKE CONCAT(?, '%')" UNUSED_STORE
		    " AND NOT EXISTS (SELECT 1 FROM lane_transactions t "
		    "WHERE t.lane_id = l.id)",
		"DELETE c FROM store_counters c JOIN stores s ON "
		    "s.id = c.store_id WHERE s.code LIKE CONCAT(?, '%')"
		    UNUSED_STORE,
		"DELETE s FROM stores s WHERE s.code LIKE CONCAT(?, '%')"
		    UNUSED_STORE,
	};
	MYSQL_BIND	 bind;
	MYSQL_STMT	*st;
	MYSQL		*m;
	unsigned long	 len = strlen(store_prefix);
	size_t		 i;
	int		 rc = 0;

	if (store_prefix[0] == '\0')
		return 0;
	if ((m = cleanup_connect()) == NULL)
		return -1;
	memset(&bind, 0, sizeof(bind));
	bind.buffer_type = MYSQL_TYPE_STRING;
	bind.buffer = store_prefix;
	bind.buffer_length = len;
	bind.length = &len;
	for (i = 0; i < sizeof(sql) / sizeof(sql[0]) && rc == 0; i++) {
		if ((st = mysql_stmt_init(m)) == NULL ||
		    mysql_stmt_prepare(st, sql[i], strlen(sql[i])) != 0 ||
		    mysql_stmt_bind_param(st, &bind) != 0 ||
		    mysql_stmt_execute(st) != 0) {
			fprintf(stderr, "cleanup: removing the test stores "
			    "%s*: %s\n", store_prefix, st != NULL ?
			    mysql_stmt_error(st) : "out of memory");
			rc = -1;
		}
		if (st != NULL)
			mysql_stmt_close(st);
	}
	mysql_close(m);
	return rc;
#undef UNUSED_STORE
}

long long
shop_store_new(char code[17])
{
	static unsigned	 n;
	char		*err = NULL;
	int		 rc;

	ck_assert_msg(store_prefix[0] != '\0', "shop_begin was not called");
	snprintf(code, 17, "%s%04X%X", store_prefix,
	    (unsigned)getpid() & 0xffff, ++n & 0xf);
	rc = itest_slatectl(NULL, NULL, &err, "store", "add", "--code", code,
	    "--name", "Test store", "--currency", "EUR", "--timezone", "UTC",
	    NULL);
	ck_assert_msg(rc == 0, "slatectl store add %s: %s", code, err);
	free(err);
	return sql_long("SELECT id FROM stores WHERE code = '%s'", code);
}

void
shop_staff_add(const char *code, const char *email, const char *group)
{
	char	*name, *err = NULL;
	int	 rc;

	name = itest_name("Staff");
	rc = itest_slatectl(SHOP_PASSWORD "\n", NULL, &err, "staff", "add",
	    "--email", email, "--name", name, "--group", group, "--store",
	    code, NULL);
	ck_assert_msg(rc == 0, "slatectl staff add %s: %s", email, err);
	free(name);
	free(err);
}

long long
shop_staff_id(const char *email)
{
	ck_assert(sql_plain(email));
	return sql_long("SELECT id FROM staff WHERE email = '%s'", email);
}

long long
shop_group_id(long long store, const char *name)
{
	ck_assert(sql_plain(name));
	return sql_long("SELECT id FROM user_groups WHERE store_id = %lld "
	    "AND name = '%s'", store, name);
}

void
shop_sign_in(struct client *c, const char *email, const char *password,
    char **csrf)
{
	client_init(c);
	client_sign_in_ok(c, email, password);
	if (csrf != NULL)
		*csrf = client_session_csrf(c);
}

void
shop_open(struct shop *s)
{
	memset(s, 0, sizeof(*s));
	s->id = shop_store_new(s->code);
	s->admin = itest_email("admin");
	shop_staff_add(s->code, s->admin, "Administrator");
	s->admin_id = shop_staff_id(s->admin);
	shop_sign_in(&s->c, s->admin, SHOP_PASSWORD, &s->csrf);
}

void
shop_close(struct shop *s)
{
	client_free(&s->c);
	free(s->admin);
	free(s->csrf);
	memset(s, 0, sizeof(*s));
}

long
shop_post(struct client *c, const char *path, char *form,
    struct response *resp)
{
	struct response	 r;
	long		 status;

	status = client_post(c, path, form, &r);
	free(form);
	if (resp != NULL)
		*resp = r;
	else
		response_free(&r);
	return status;
}

long
shop_get(struct client *c, const char *path, struct response *resp)
{
	struct response	 r;
	long		 status;

	status = client_get(c, path, &r);
	if (resp != NULL)
		*resp = r;
	else
		response_free(&r);
	return status;
}

void
expect_see_other(struct response *resp, const char *where)
{
	char	*loc;

	ck_assert_int_eq(resp->status, 303);
	loc = response_header(resp, "Location");
	ck_assert_ptr_nonnull(loc);
	ck_assert_msg(strcmp(loc, where) == 0, "went to %s, not %s", loc,
	    where);
	free(loc);
	response_free(resp);
}

void
expect_refused(struct response *resp, const char *what)
{
	ck_assert_int_eq(resp->status, 422);
	ck_assert_msg(response_contains(resp, what), "422 without '%s': %.600s",
	    what, resp->body ? strstr(resp->body, "<main") : "");
	response_free(resp);
}

long long
audit_all(long long store)
{
	return sql_long("SELECT COUNT(*) FROM audit_log WHERE store_id = %lld "
	    "AND actor_type = 'staff'", store);
}
