/* test_slatectl.c: slatectl fails cleanly, says why on standard error, and changes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "client.h"

/* Everything slatectl's failed commands here could have touched. */
struct tables {
	long long	 stores, groups, staff, members;
};

static void
tables(struct tables *t)
{
	t->stores = sql_long("SELECT COUNT(*) FROM stores");
	t->groups = sql_long("SELECT COUNT(*) FROM user_groups");
	t->staff = sql_long("SELECT COUNT(*) FROM staff");
	t->members = sql_long("SELECT COUNT(*) FROM staff_stores");
}

static void
unchanged(const struct tables *before, const char *what)
{
	struct tables	 now;

	tables(&now);
	ck_assert_msg(now.stores == before->stores &&
	    now.groups == before->groups && now.staff == before->staff &&
	    now.members == before->members, "%s changed the database", what);
}

/* A failed run: non-zero exit, a message on stderr with want, nothing on stdout. */
static void
failed(int rc, const char *out, const char *err, const char *want,
    const char *what)
{
	ck_assert_msg(rc != 0, "%s: exit status 0", what);
	ck_assert_msg(*out == '\0', "%s: printed '%s'", what, out);
	ck_assert_msg(strncmp(err, "slatectl: ", 10) == 0, "%s: stderr '%s'",
	    what, err);
	ck_assert_msg(strstr(err, want) != NULL, "%s: stderr '%s' does not "
	    "say '%s'", what, err, want);
}

static char *
first_store(void)
{
	char	*code = sql_str("SELECT code FROM stores ORDER BY id LIMIT 1");

	ck_assert_ptr_nonnull(code);
	return code;
}

START_TEST(test_migrate_current)
{
	char	*out, *err;
	int	 rc;

	rc = itest_slatectl(NULL, &out, &err, "migrate", NULL);
	ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
	ck_assert_str_eq(out, "none\n");
	ck_assert_str_eq(err, "");
	free(out);
	free(err);
}
END_TEST

START_TEST(test_staff_add_existing)
{
	struct tables	 before;
	const char	*pw = "the first one stays";
	char		*email, *name, *store, *hash, *hash2, *name2, *upper;
	char		*group;
	char		*out, *err;
	size_t		 i;
	int		 rc;

	email = itest_email("dup");
	name = itest_name("Dee");
	itest_staff_add(email, name, "Clerk", pw);
	hash = sql_str("SELECT password_hash FROM staff WHERE email = '%s'",
	    email);
	store = first_store();
	tables(&before);

	rc = itest_slatectl("another password entirely\n", &out, &err,
	    "staff", "add", "--email", email, "--name", "Someone Else",
	    "--group", "Administrator", "--store", store, NULL);
	failed(rc, out, err, "exists", "staff add with a known email");
	free(out);
	free(err);
	/* Emails are compared without case. */
	upper = strdup(email);
	for (i = 0; upper[i] != '@'; i++)
		if (upper[i] >= 'a' && upper[i] <= 'z')
			upper[i] = (char)(upper[i] - 'a' + 'A');
	rc = itest_slatectl("another password entirely\n", &out, &err,
	    "staff", "add", "--email", upper, "--name", "Someone Else",
	    "--group", "Administrator", "--store", store, NULL);
	failed(rc, out, err, "exists", "staff add with the email in capitals");
	free(out);
	free(err);

	unchanged(&before, "staff add with a known email");
	hash2 = sql_str("SELECT password_hash FROM staff WHERE email = '%s'",
	    email);
	name2 = sql_str("SELECT name FROM staff WHERE email = '%s'", email);
	ck_assert_str_eq(hash2, hash);
	ck_assert_str_eq(name2, name);
	group = sql_str("SELECT g.name FROM staff st JOIN staff_stores ss "
	    "ON ss.staff_id = st.id JOIN user_groups g ON g.id = ss.group_id "
	    "WHERE st.email = '%s'", email);
	ck_assert_str_eq(group, "Clerk");
	free(email);
	free(name);
	free(store);
	free(hash);
	free(hash2);
	free(name2);
	free(upper);
	free(group);
}
END_TEST

static void	drop_store(const char *);

/* An existing account joins another store in the group given; nothing else changes. */
START_TEST(test_staff_add_joins_store)
{
	const char	*pw = "the one password";
	char		*email, *name, *hash, *out, *err, code[17];
	long long	 id, store;
	int		 rc;

	email = itest_email("join");
	name = itest_name("Jo");
	itest_staff_add(email, name, "Clerk", pw);
	hash = sql_str("SELECT password_hash FROM staff WHERE email = '%s'",
	    email);
	id = sql_long("SELECT id FROM staff WHERE email = '%s'", email);
	snprintf(code, sizeof(code), "J%d", (int)(getpid() % 100000));
	rc = itest_slatectl(NULL, &out, &err, "store", "add", "--code", code,
	    "--name", "Join Test", "--currency", "EUR", "--timezone", "UTC",
	    NULL);
	ck_assert_msg(rc == 0, "store add: %s", err);
	free(out);
	free(err);
	store = sql_long("SELECT id FROM stores WHERE code = '%s'", code);

	/* No password is read: the account keeps its own. */
	rc = itest_slatectl("", &out, &err, "staff", "add", "--email", email,
	    "--name", "Ignored Name", "--group", "Manager", "--store", code,
	    NULL);
	ck_assert_msg(rc == 0, "staff add to a second store: %s", err);
	ck_assert_int_eq(strncmp(out, email, strlen(email)), 0);
	ck_assert_str_eq(out + strlen(email), "\n");
	free(out);
	free(err);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM staff_stores ss JOIN "
	    "user_groups g ON g.id = ss.group_id WHERE ss.staff_id = %lld AND "
	    "ss.store_id = %lld AND g.name = 'Manager'", id, store), 1);
	ck_assert_int_eq(sql_long("SELECT password_hash = '%s' AND name = "
	    "'%s' FROM staff WHERE id = %lld", hash, name, id), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'staff.add_to_store' AND "
	    "object_id = '%lld' AND actor_type = 'cli'", store, id), 1);

	/* A second time it already works there: refused, nothing changes. */
	rc = itest_slatectl("", &out, &err, "staff", "add", "--email", email,
	    "--name", "Ignored Name", "--group", "Clerk", "--store", code,
	    NULL);
	failed(rc, out, err, "already works in that store",
	    "staff add to a store they work in");
	free(out);
	free(err);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld", store), 2);

	sql_exec("DELETE FROM staff_stores WHERE store_id = %lld", store);
	drop_store(code);
	free(email);
	free(name);
	free(hash);
}
END_TEST

START_TEST(test_staff_add_refused)
{
	struct tables	 before;
	char		*email, *store, *out, *err;
	int		 rc;

	email = itest_email("refused");
	store = first_store();
	tables(&before);
	rc = itest_slatectl("short pw 11\n", &out, &err, "staff", "add",
	    "--email", email, "--name", "Shorty", "--group", "Clerk",
	    "--store", store, NULL);
	failed(rc, out, err, "at least 12", "staff add with a short password");
	free(out);
	free(err);
	rc = itest_slatectl("", &out, &err, "staff", "add", "--email", email,
	    "--name", "Nobody", "--group", "Clerk", "--store", store, NULL);
	failed(rc, out, err, "password", "staff add without a password");
	free(out);
	free(err);
	rc = itest_slatectl("a long enough password\n", &out, &err, "staff",
	    "add", "--email", email, "--name", "Nobody", "--group",
	    "Overlords", "--store", store, NULL);
	failed(rc, out, err, "--group", "staff add with an unknown group");
	free(out);
	free(err);
	rc = itest_slatectl("a long enough password\n", &out, &err, "staff",
	    "add", "--email", "not-an-email", "--name", "Nobody", "--group",
	    "Clerk", "--store", store, NULL);
	failed(rc, out, err, "--email", "staff add with a bad email");
	free(out);
	free(err);
	rc = itest_slatectl("a long enough password\n", &out, &err, "staff",
	    "add", "--email", email, "--name", "Nobody", "--group", "Clerk",
	    "--store", "NO-SUCH-STORE", NULL);
	failed(rc, out, err, "--store", "staff add in an unknown store");
	free(out);
	free(err);
	unchanged(&before, "a refused staff add");
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM staff WHERE email = "
	    "'%s'", email), 0);
	free(email);
	free(store);
}
END_TEST

/* Removes a store a faulty slatectl may have made, so later suites find one store. */
static void
drop_store(const char *code)
{
	sql_exec("DELETE p FROM group_permissions p JOIN user_groups g ON "
	    "g.id = p.group_id JOIN stores s ON s.id = g.store_id "
	    "WHERE s.code = '%s'", code);
	sql_exec("DELETE g FROM user_groups g JOIN stores s ON s.id = "
	    "g.store_id WHERE s.code = '%s'", code);
	sql_exec("DELETE c FROM store_counters c JOIN stores s ON "
	    "s.id = c.store_id WHERE s.code = '%s'", code);
	sql_exec("DELETE FROM stores WHERE code = '%s'", code);
}

START_TEST(test_store_add_refused)
{
	struct tables	 before;
	char		 code[17];
	char		*out, *err, *existing;
	long long	 made;
	int		 rc;

	snprintf(code, sizeof(code), "IT%lX", (unsigned long)getpid());
	existing = first_store();
	tables(&before);

	rc = itest_slatectl(NULL, &out, &err, "store", "add", "--code", code,
	    "--name", "Nowhere", "--currency", "XXX", "--timezone",
	    "Europe/Berlin", NULL);
	made = sql_long("SELECT COUNT(*) FROM stores WHERE code = '%s'", code);
	drop_store(code);
	ck_assert_int_eq(made, 0);
	failed(rc, out, err, "--currency", "store add --currency XXX");
	free(out);
	free(err);

	rc = itest_slatectl(NULL, &out, &err, "store", "add", "--code", code,
	    "--name", "Nowhere", "--currency", "EUR", "--timezone",
	    "Mars/Olympus_Mons", NULL);
	made = sql_long("SELECT COUNT(*) FROM stores WHERE code = '%s'", code);
	drop_store(code);
	ck_assert_int_eq(made, 0);
	failed(rc, out, err, "--timezone", "store add with no such timezone");
	free(out);
	free(err);

	rc = itest_slatectl(NULL, &out, &err, "store", "add", "--code",
	    "lower case", "--name", "Nowhere", "--currency", "EUR",
	    "--timezone", "Europe/Berlin", NULL);
	failed(rc, out, err, "--code", "store add with a bad code");
	free(out);
	free(err);

	/* An existing code: the store and its groups are not made twice. */
	rc = itest_slatectl(NULL, &out, &err, "store", "add", "--code",
	    existing, "--name", "Twin", "--currency", "EUR", "--timezone",
	    "Europe/Berlin", NULL);
	failed(rc, out, err, "exists", "store add with a known code");
	free(out);
	free(err);
	unchanged(&before, "a refused store add");

	rc = itest_slatectl(NULL, &out, &err, "store", "frobnicate", NULL);
	ck_assert_int_eq(rc, 2);
	ck_assert_str_eq(out, "");
	ck_assert_ptr_nonnull(strstr(err, "usage"));
	free(out);
	free(err);
	free(existing);
}
END_TEST

static Suite *
slatectl_suite(void)
{
	Suite	*s = suite_create("slatectl");
	TCase	*tc = itest_tcase("slatectl");

	tcase_add_test(tc, test_migrate_current);
	tcase_add_test(tc, test_staff_add_existing);
	tcase_add_test(tc, test_staff_add_joins_store);
	tcase_add_test(tc, test_staff_add_refused);
	tcase_add_test(tc, test_store_add_refused);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return itest_run(slatectl_suite());
}
