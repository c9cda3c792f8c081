/* test_staff.c: managing a store's staff: adding, editing, disabling, resetting passwords, removing, and who may. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "client.h"
#include "shop.h"

#define FAILED_MSG	"The email or password is not right."

static long long
audit_count(long long store, const char *action)
{
	return sql_long("SELECT COUNT(*) FROM audit_log WHERE store_id = %lld "
	    "AND action = '%s' AND actor_type = 'staff'", store, action);
}

/* A JSON value of the one audit entry for action on object id in store. */
static char *
audit_value(long long store, const char *action, long long id,
    const char *side, const char *key)
{
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = '%s' AND object_type = 'staff' AND "
	    "object_id = '%lld' AND actor_type = 'staff'", store, action, id),
	    1);
	return sql_str("SELECT JSON_EXTRACT(%s_json, '$.%s') FROM audit_log "
	    "WHERE store_id = %lld AND action = '%s' AND object_id = '%lld' "
	    "AND actor_type = 'staff'", side, key, store, action, id);
}

static void
expect_audit(long long store, const char *action, long long id,
    const char *side, const char *key, const char *want)
{
	char	*v = audit_value(store, action, id, side, key);

	ck_assert_msg(v != NULL && strcmp(v, want) == 0, "%s %s.%s is %s, "
	    "not %s", action, side, key, v ? v : "NULL", want);
	free(v);
}

/* Sessions of staff member id. */
static long long
sessions_of(long long id)
{
	return sql_long("SELECT COUNT(*) FROM sessions WHERE staff_id = %lld",
	    id);
}

START_TEST(test_create_must_change_password)
{
	struct shop	 s;
	struct client	 x;
	struct response	 resp;
	char		*email, path[64], gid[24], *loc;
	long long	 id, clerk;

	shop_open(&s);
	email = itest_email("new");
	clerk = shop_group_id(s.id, "Clerk");
	snprintf(gid, sizeof(gid), "%lld", clerk);
	ck_assert_int_eq(shop_get(&s.c, "/staff/new", &resp), 200);
	ck_assert(response_contains(&resp, "name=\"group_id\""));
	ck_assert(response_contains(&resp, "not used"));
	response_free(&resp);
	ck_assert_int_eq(shop_post(&s.c, "/staff", form_encode("csrf", s.csrf,
	    "email", email, "name", "Robin <New>", "group_id", gid,
	    "password", "temporary pass 1", NULL), &resp), 303);
	id = shop_staff_id(email);
	snprintf(path, sizeof(path), "/staff/%lld?done=created", id);
	expect_see_other(&resp, path);
	ck_assert_int_eq(sql_long("SELECT must_change_password FROM staff "
	    "WHERE id = %lld", id), 1);
	ck_assert_int_eq(sql_long("SELECT group_id FROM staff_stores WHERE "
	    "staff_id = %lld AND store_id = %lld", id, s.id), clerk);
	ck_assert_int_eq(audit_count(s.id, "staff.create"), 1);
	ck_assert_int_eq(audit_all(s.id), 1);
	expect_audit(s.id, "staff.create", id, "after", "group", "\"Clerk\"");
	expect_audit(s.id, "staff.create", id, "after", "must_change_password",
	    "true");
	ck_assert_int_eq(sql_long("SELECT before_json IS NULL AND "
	    "after_json NOT LIKE '%%pbkdf2%%' FROM audit_log WHERE store_id = "
	    "%lld AND action = 'staff.create' AND actor_type = 'staff'", s.id),
	    1);
	ck_assert_int_eq(sql_long("SELECT actor_id FROM audit_log WHERE "
	    "store_id = %lld AND action = 'staff.create' AND actor_type = "
	    "'staff'", s.id), s.admin_id);
	/* The list shows them, escaped, and their page too. */
	ck_assert_int_eq(shop_get(&s.c, "/staff", &resp), 200);
	ck_assert(response_contains(&resp, "Robin &lt;New&gt;"));
	ck_assert(response_contains(&resp, email));
	response_free(&resp);
	snprintf(path, sizeof(path), "/staff/%lld", id);
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	ck_assert(response_contains(&resp, "must be changed"));
	response_free(&resp);
	/* Their first sign-in asks for a new password. */
	client_init(&x);
	ck_assert_int_eq(client_sign_in(&x, email, "temporary pass 1", NULL,
	    &resp), 303);
	loc = response_header(&resp, "Location");
	ck_assert_str_eq(loc, "/profile/password");
	free(loc);
	response_free(&resp);
	client_free(&x);
	free(email);
	shop_close(&s);
}
END_TEST

START_TEST(test_create_bad_input)
{
	struct shop	 s;
	struct response	 resp;
	char		*email, gid[24];
	long long	 other;

	shop_open(&s);
	email = itest_email("bad");
	/* A group of another store is not a choice here. */
	other = sql_long("SELECT id FROM user_groups WHERE store_id <> %lld "
	    "ORDER BY id LIMIT 1", s.id);
	snprintf(gid, sizeof(gid), "%lld", other);
	ck_assert_int_eq(shop_post(&s.c, "/staff", form_encode("csrf", s.csrf,
	    "email", email, "name", "Kept Name", "group_id", gid,
	    "password", "short", NULL), &resp), 422);
	ck_assert(response_contains(&resp, "id=\"group_id-error\""));
	ck_assert(response_contains(&resp, "id=\"password-error\""));
	ck_assert(response_contains(&resp, "aria-describedby=\"group_id-error\""));
	ck_assert(response_contains(&resp, "value=\"Kept Name\""));
	ck_assert(!response_contains(&resp, "id=\"email-error\""));
	response_free(&resp);
	snprintf(gid, sizeof(gid), "%lld", shop_group_id(s.id, "Clerk"));
	ck_assert_int_eq(shop_post(&s.c, "/staff", form_encode("csrf", s.csrf,
	    "email", "not an email", "name", "", "group_id", gid,
	    "password", "long enough password", NULL), &resp), 422);
	ck_assert(response_contains(&resp, "id=\"email-error\""));
	ck_assert(response_contains(&resp, "id=\"name-error\""));
	ck_assert(response_contains(&resp, "value=\"not an email\""));
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM staff WHERE email = "
	    "'%s'", email), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM staff_stores WHERE "
	    "store_id = %lld", s.id), 1);
	ck_assert_int_eq(audit_all(s.id), 0);
	free(email);
	shop_close(&s);
}
END_TEST

START_TEST(test_duplicate_in_store)
{
	struct shop	 s;
	struct response	 resp;
	char		*email, gid[24], *upper, *p;

	shop_open(&s);
	email = itest_email("dup");
	shop_staff_add(s.code, email, "Clerk");
	snprintf(gid, sizeof(gid), "%lld", shop_group_id(s.id, "Manager"));
	/* Also when typed in capitals. */
	upper = strdup(email);
	for (p = upper; *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	ck_assert_int_eq(shop_post(&s.c, "/staff", form_encode("csrf", s.csrf,
	    "email", upper, "name", "Someone", "group_id", gid,
	    "password", "temporary pass 1", NULL), &resp), 422);
	ck_assert(response_contains(&resp, "already works in this store"));
	ck_assert(response_contains(&resp, "id=\"email-error\""));
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT g.name = 'Clerk' FROM staff_stores ss "
	    "JOIN user_groups g ON g.id = ss.group_id WHERE ss.staff_id = %lld",
	    shop_staff_id(email)), 1);
	ck_assert_int_eq(audit_all(s.id), 0);
	free(upper);
	free(email);
	shop_close(&s);
}
END_TEST

START_TEST(test_add_from_other_store)
{
	struct shop	 s;
	struct client	 x;
	struct response	 resp;
	char		 code2[17], gid[24], path[64], *email, *hash, *name;
	long long	 id;

	shop_open(&s);
	(void)shop_store_new(code2);
	email = itest_email("elsewhere");
	shop_staff_add(code2, email, "Manager");
	id = shop_staff_id(email);
	hash = sql_str("SELECT password_hash FROM staff WHERE id = %lld", id);
	name = sql_str("SELECT name FROM staff WHERE id = %lld", id);
	snprintf(gid, sizeof(gid), "%lld", shop_group_id(s.id, "Clerk"));
	ck_assert_int_eq(shop_post(&s.c, "/staff", form_encode("csrf", s.csrf,
	    "email", email, "name", "", "group_id", gid, "password", "",
	    NULL), &resp), 303);
	snprintf(path, sizeof(path), "/staff/%lld?done=added", id);
	expect_see_other(&resp, path);
	ck_assert_int_eq(sql_long("SELECT group_id FROM staff_stores WHERE "
	    "staff_id = %lld AND store_id = %lld", id, s.id),
	    shop_group_id(s.id, "Clerk"));
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM staff_stores WHERE "
	    "staff_id = %lld", id), 2);
	ck_assert_int_eq(sql_long("SELECT password_hash = '%s' AND name = "
	    "'%s' AND must_change_password = 0 FROM staff WHERE id = %lld",
	    hash, name, id), 1);
	ck_assert_int_eq(audit_count(s.id, "staff.add_to_store"), 1);
	ck_assert_int_eq(audit_all(s.id), 1);
	expect_audit(s.id, "staff.add_to_store", id, "after", "group",
	    "\"Clerk\"");
	/* They still sign in with their own password. */
	shop_sign_in(&x, email, SHOP_PASSWORD, NULL);
	client_free(&x);

	/*
	 * Their account is not this store's alone: this store's
	 * Administrator, who may not manage staff in the other store, may
	 * change their group here but not their name, password or whether
	 * they may sign in.
	 */
	snprintf(path, sizeof(path), "/staff/%lld/password", id);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    "password", "taken over now 1", NULL), &resp), 422);
	expect_refused(&resp, "also works in a store where you may not");
	snprintf(path, sizeof(path), "/staff/%lld/disable", id);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    NULL), &resp), 422);
	expect_refused(&resp, "also works in a store where you may not");
	snprintf(path, sizeof(path), "/staff/%lld", id);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    "name", "Renamed Elsewhere", "group_id", gid, NULL), &resp), 422);
	expect_refused(&resp, "also works in a store where you may not");
	ck_assert_int_eq(sql_long("SELECT password_hash = '%s' AND name = "
	    "'%s' AND disabled = 0 FROM staff WHERE id = %lld", hash, name,
	    id), 1);
	ck_assert_int_eq(audit_all(s.id), 1);
	snprintf(gid, sizeof(gid), "%lld", shop_group_id(s.id, "Manager"));
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    "name", name, "group_id", gid, NULL), &resp), 303);
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT group_id FROM staff_stores WHERE "
	    "staff_id = %lld AND store_id = %lld", id, s.id),
	    shop_group_id(s.id, "Manager"));
	free(hash);
	free(name);
	free(email);
	shop_close(&s);
}
END_TEST

START_TEST(test_update_name_and_group)
{
	struct shop	 s;
	struct response	 resp;
	char		*email, *old, gid[24], path[64], done[80], *v;
	long long	 id;

	shop_open(&s);
	email = itest_email("edit");
	shop_staff_add(s.code, email, "Clerk");
	id = shop_staff_id(email);
	old = sql_str("SELECT name FROM staff WHERE id = %lld", id);
	snprintf(path, sizeof(path), "/staff/%lld", id);
	snprintf(gid, sizeof(gid), "%lld", shop_group_id(s.id, "Manager"));
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	ck_assert(response_contains(&resp, email));
	response_free(&resp);
	/* A bad name changes nothing and keeps what was typed. */
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    "name", "", "group_id", gid, NULL), &resp), 422);
	ck_assert(response_contains(&resp, "id=\"name-error\""));
	response_free(&resp);
	ck_assert_int_eq(audit_all(s.id), 0);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    "name", "Renamed Person", "group_id", gid, NULL), &resp), 303);
	snprintf(done, sizeof(done), "%s?done=updated", path);
	expect_see_other(&resp, done);
	ck_assert_int_eq(sql_long("SELECT name = 'Renamed Person' FROM staff "
	    "WHERE id = %lld", id), 1);
	ck_assert_int_eq(sql_long("SELECT group_id FROM staff_stores WHERE "
	    "staff_id = %lld AND store_id = %lld", id, s.id),
	    shop_group_id(s.id, "Manager"));
	expect_audit(s.id, "staff.update", id, "before", "group", "\"Clerk\"");
	expect_audit(s.id, "staff.update", id, "after", "group", "\"Manager\"");
	expect_audit(s.id, "staff.update", id, "after", "name",
	    "\"Renamed Person\"");
	v = audit_value(s.id, "staff.update", id, "before", "name");
	ck_assert_ptr_nonnull(v);
	ck_assert_msg(strstr(v, old) != NULL, "before name %s, not %s", v, old);
	free(v);
	/* Sending the same again is no change and no entry. */
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    "name", "Renamed Person", "group_id", gid, NULL), NULL), 303);
	ck_assert_int_eq(audit_all(s.id), 1);
	free(old);
	free(email);
	shop_close(&s);
}
END_TEST

START_TEST(test_disable_and_enable)
{
	struct shop	 s;
	struct client	 x, y;
	struct response	 resp;
	char		*email, path[64], done[80], *loc;
	long long	 id;

	shop_open(&s);
	email = itest_email("disable");
	shop_staff_add(s.code, email, "Clerk");
	id = shop_staff_id(email);
	shop_sign_in(&x, email, SHOP_PASSWORD, NULL);
	ck_assert_int_eq(shop_get(&x, "/dashboard", NULL), 200);
	snprintf(path, sizeof(path), "/staff/%lld/disable", id);
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	ck_assert(response_contains(&resp, "every session they have open"));
	response_free(&resp);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf, NULL),
	    &resp), 303);
	snprintf(done, sizeof(done), "/staff/%lld?done=disabled", id);
	expect_see_other(&resp, done);
	ck_assert_int_eq(sql_long("SELECT disabled FROM staff WHERE id = %lld",
	    id), 1);
	ck_assert_int_eq(sessions_of(id), 0);
	/* Their open session is over at once. */
	ck_assert_int_eq(shop_get(&x, "/dashboard", &resp), 303);
	loc = response_header(&resp, "Location");
	ck_assert_str_eq(loc, "/login");
	free(loc);
	response_free(&resp);
	client_free(&x);
	client_init(&y);
	ck_assert_int_eq(client_sign_in(&y, email, SHOP_PASSWORD, NULL, &resp), 200);
	ck_assert(response_contains(&resp, FAILED_MSG));
	response_free(&resp);
	client_free(&y);
	expect_audit(s.id, "staff.disable", id, "before", "disabled", "false");
	expect_audit(s.id, "staff.disable", id, "after", "disabled", "true");
	ck_assert_int_eq(audit_all(s.id), 1);
	/* The list says so. */
	ck_assert_int_eq(shop_get(&s.c, "/staff", &resp), 200);
	ck_assert(response_contains(&resp, "badge off"));
	response_free(&resp);
	snprintf(path, sizeof(path), "/staff/%lld/enable", id);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf, NULL),
	    &resp), 303);
	snprintf(done, sizeof(done), "/staff/%lld?done=enabled", id);
	expect_see_other(&resp, done);
	expect_audit(s.id, "staff.enable", id, "after", "disabled", "false");
	ck_assert_int_eq(audit_all(s.id), 2);
	throttle_reset();
	shop_sign_in(&y, email, SHOP_PASSWORD, NULL);
	client_free(&y);
	free(email);
	shop_close(&s);
}
END_TEST

START_TEST(test_password_reset)
{
	struct shop	 s;
	struct client	 x, y;
	struct response	 resp;
	char		*email, path[64], *loc;
	long long	 id;

	shop_open(&s);
	email = itest_email("reset");
	shop_staff_add(s.code, email, "Clerk");
	id = shop_staff_id(email);
	shop_sign_in(&x, email, SHOP_PASSWORD, NULL);
	snprintf(path, sizeof(path), "/staff/%lld/password", id);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    "password", "too short", NULL), &resp), 422);
	ck_assert(response_contains(&resp, "id=\"password-error\""));
	response_free(&resp);
	ck_assert_int_eq(audit_all(s.id), 0);
	ck_assert_int_eq(sessions_of(id), 1);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    "password", "temporary again 2", NULL), &resp), 303);
	response_free(&resp);
	ck_assert_int_eq(sessions_of(id), 0);
	ck_assert_int_eq(shop_get(&x, "/dashboard", NULL), 303);
	client_free(&x);
	client_init(&y);
	ck_assert_int_eq(client_sign_in(&y, email, SHOP_PASSWORD, NULL, NULL), 200);
	ck_assert_int_eq(client_sign_in(&y, email, "temporary again 2", NULL,
	    &resp), 303);
	loc = response_header(&resp, "Location");
	ck_assert_str_eq(loc, "/profile/password");
	free(loc);
	response_free(&resp);
	client_free(&y);
	expect_audit(s.id, "staff.password_reset", id, "before",
	    "must_change_password", "false");
	expect_audit(s.id, "staff.password_reset", id, "after",
	    "must_change_password", "true");
	ck_assert_int_eq(audit_all(s.id), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND CONCAT(IFNULL(before_json, ''), after_json) "
	    "LIKE '%%pbkdf2%%'", s.id), 0);
	free(email);
	shop_close(&s);
}
END_TEST

START_TEST(test_remove_from_store)
{
	struct shop	 s;
	struct client	 x;
	struct response	 resp;
	char		 code2[17], path[64], *email;
	long long	 id, store2;

	shop_open(&s);
	store2 = shop_store_new(code2);
	email = itest_email("remove");
	shop_staff_add(s.code, email, "Clerk");
	id = shop_staff_id(email);
	sql_exec("INSERT INTO staff_stores (staff_id, store_id, group_id) "
	    "VALUES (%lld, %lld, %lld)", id, store2, shop_group_id(store2, "Clerk"));
	shop_sign_in(&x, email, SHOP_PASSWORD, NULL);
	ck_assert_int_eq(sql_long("SELECT store_id FROM sessions WHERE "
	    "staff_id = %lld", id), s.id);
	snprintf(path, sizeof(path), "/staff/%lld/remove", id);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf, NULL),
	    &resp), 303);
	expect_see_other(&resp, "/staff?done=removed");
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM staff_stores WHERE "
	    "staff_id = %lld AND store_id = %lld", id, s.id), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM staff_stores WHERE "
	    "staff_id = %lld AND store_id = %lld", id, store2), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM staff WHERE id = %lld",
	    id), 1);
	ck_assert_int_eq(sessions_of(id), 0);
	ck_assert_int_eq(shop_get(&x, "/dashboard", NULL), 303);
	client_free(&x);
	expect_audit(s.id, "staff.remove_from_store", id, "before", "group",
	    "\"Clerk\"");
	ck_assert_int_eq(sql_long("SELECT after_json IS NULL FROM audit_log "
	    "WHERE store_id = %lld AND action = 'staff.remove_from_store' AND "
	    "actor_type = 'staff'", s.id), 1);
	ck_assert_int_eq(audit_all(s.id), 1);
	/* They are no longer this store's to see. */
	snprintf(path, sizeof(path), "/staff/%lld", id);
	ck_assert_int_eq(shop_get(&s.c, path, NULL), 404);
	ck_assert_int_eq(shop_get(&s.c, "/staff", &resp), 200);
	ck_assert(!response_contains(&resp, email));
	response_free(&resp);
	free(email);
	shop_close(&s);
}
END_TEST

/* Posts to path and expects 422 saying what. */
static void
refused_post(struct client *c, const char *path, char *form, const char *what)
{
	struct response	 resp;

	ck_assert_int_eq(shop_post(c, path, form, &resp), 422);
	expect_refused(&resp, what);
}

START_TEST(test_last_administrator)
{
	struct shop	 s;
	struct client	 m;
	struct response	 resp;
	char		*memail, *other, *csrf, path[64], gid[24];
	long long	 admins;

	shop_open(&s);
	/* A Manager who may manage staff, but is not an Administrator. */
	sql_exec("UPDATE group_permissions SET level = 1 WHERE permission = "
	    "'manage_staff' AND group_id = %lld", shop_group_id(s.id, "Manager"));
	memail = itest_email("manager");
	shop_staff_add(s.code, memail, "Manager");
	shop_sign_in(&m, memail, SHOP_PASSWORD, &csrf);
	snprintf(gid, sizeof(gid), "%lld", shop_group_id(s.id, "Manager"));
	snprintf(path, sizeof(path), "/staff/%lld/disable", s.admin_id);
	refused_post(&m, path, form_encode("csrf", csrf, NULL),
	    "only enabled Administrator of this store");
	snprintf(path, sizeof(path), "/staff/%lld/remove", s.admin_id);
	refused_post(&m, path, form_encode("csrf", csrf, NULL),
	    "only enabled Administrator of this store");
	snprintf(path, sizeof(path), "/staff/%lld", s.admin_id);
	refused_post(&m, path, form_encode("csrf", csrf, "name", "Demoted",
	    "group_id", gid, NULL), "only enabled Administrator of this store");
	/* One cannot disable oneself either; the page says so and has no form. */
	snprintf(path, sizeof(path), "/staff/%lld/disable", s.admin_id);
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	ck_assert(response_contains(&resp, "cannot disable yourself"));
	ck_assert(!response_contains(&resp, "action=\"/staff/"));
	response_free(&resp);
	refused_post(&s.c, path, form_encode("csrf", s.csrf, NULL),
	    "cannot disable yourself");
	ck_assert_int_eq(sql_long("SELECT disabled FROM staff WHERE id = %lld",
	    s.admin_id), 0);
	ck_assert_int_eq(sql_long("SELECT g.name = 'Administrator' FROM "
	    "staff_stores ss JOIN user_groups g ON g.id = ss.group_id WHERE "
	    "ss.staff_id = %lld AND ss.store_id = %lld", s.admin_id, s.id), 1);
	ck_assert_int_eq(audit_all(s.id), 0);
	/* A disabled second Administrator does not count; an enabled one does. */
	other = itest_email("admin2");
	shop_staff_add(s.code, other, "Administrator");
	sql_exec("UPDATE staff SET disabled = 1 WHERE email = '%s'", other);
	snprintf(path, sizeof(path), "/staff/%lld/disable", s.admin_id);
	refused_post(&m, path, form_encode("csrf", csrf, NULL),
	    "only enabled Administrator");
	sql_exec("UPDATE staff SET disabled = 0 WHERE email = '%s'", other);
	ck_assert_int_eq(shop_post(&m, path, form_encode("csrf", csrf, NULL), NULL),
	    303);
	admins = sql_long("SELECT COUNT(*) FROM staff_stores ss JOIN staff st "
	    "ON st.id = ss.staff_id JOIN user_groups g ON g.id = ss.group_id "
	    "WHERE ss.store_id = %lld AND g.name = 'Administrator' AND "
	    "st.disabled = 0", s.id);
	ck_assert_int_eq(admins, 1);
	ck_assert_int_eq(audit_all(s.id), 1);
	/* Now the other is the last one. */
	snprintf(path, sizeof(path), "/staff/%lld/remove", shop_staff_id(other));
	refused_post(&m, path, form_encode("csrf", csrf, NULL),
	    "only enabled Administrator of this store");
	ck_assert_int_eq(audit_all(s.id), 1);
	client_free(&m);
	free(csrf);
	free(memail);
	free(other);
	shop_close(&s);
}
END_TEST

START_TEST(test_last_administrator_elsewhere)
{
	struct shop	 s;
	char		 code2[17], path[64], *email;
	long long	 id, store2;

	shop_open(&s);
	store2 = shop_store_new(code2);
	email = itest_email("boss");
	shop_staff_add(code2, email, "Administrator");
	id = shop_staff_id(email);
	sql_exec("INSERT INTO staff_stores (staff_id, store_id, group_id) "
	    "VALUES (%lld, %lld, %lld)", id, s.id, shop_group_id(s.id, "Clerk"));
	/*
	 * This store's Administrator manages staff in the other store too
	 * (as a Manager allowed to), so only the Administrator rule stands
	 * in the way there.
	 */
	sql_exec("INSERT INTO staff_stores (staff_id, store_id, group_id) "
	    "VALUES (%lld, %lld, %lld)", s.admin_id, store2,
	    shop_group_id(store2, "Manager"));
	sql_exec("UPDATE group_permissions SET level = 1 WHERE group_id = %lld "
	    "AND permission = 'manage_staff'", shop_group_id(store2, "Manager"));
	snprintf(path, sizeof(path), "/staff/%lld/disable", id);
	refused_post(&s.c, path, form_encode("csrf", s.csrf, NULL),
	    "another store they work in");
	ck_assert_int_eq(sql_long("SELECT disabled FROM staff WHERE id = %lld",
	    id), 0);
	/* Removing them from this store leaves the other as it was. */
	snprintf(path, sizeof(path), "/staff/%lld/remove", id);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf, NULL),
	    NULL), 303);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM staff_stores WHERE "
	    "staff_id = %lld AND store_id = %lld", id, store2), 1);
	ck_assert_int_eq(audit_all(s.id), 1);
	free(email);
	shop_close(&s);
}
END_TEST

/* Every staff route: method, whether a staff id follows /staff, and the rest. */
static const struct {
	const char	*method;
	int		 with_id;
	const char	*rest;
} staff_routes[] = {
	{ "GET", 0, "" }, { "GET", 0, "/new" }, { "POST", 0, "" },
	{ "GET", 1, "" }, { "POST", 1, "" },
	{ "GET", 1, "/disable" }, { "POST", 1, "/disable" },
	{ "GET", 1, "/enable" }, { "POST", 1, "/enable" },
	{ "GET", 1, "/password" }, { "POST", 1, "/password" },
	{ "GET", 1, "/remove" }, { "POST", 1, "/remove" },
};
#define STAFF_ROUTES	(sizeof(staff_routes) / sizeof(staff_routes[0]))

/* The path of staff route i for staff member id. */
static void
staff_route_path(char *path, size_t size, size_t i, const char *id)
{
	if (staff_routes[i].with_id)
		snprintf(path, size, "/staff/%s%s", id, staff_routes[i].rest);
	else
		snprintf(path, size, "/staff%s", staff_routes[i].rest);
}

/* A form that would change staff member id if it were let through. */
static char *
change_form(const char *csrf, long long group)
{
	char	 gid[24];

	snprintf(gid, sizeof(gid), "%lld", group);
	return form_encode("csrf", csrf, "name", "Changed", "group_id", gid,
	    "email", "changed@example.com", "password", "changed password 1",
	    NULL);
}

START_TEST(test_clerk_forbidden)
{
	struct shop	 s;
	struct client	 k;
	struct response	 resp;
	char		*kemail, *csrf, *target, id[24], path[80];
	long long	 tid;
	size_t		 i;

	shop_open(&s);
	kemail = itest_email("clerk");
	target = itest_email("target");
	shop_staff_add(s.code, kemail, "Clerk");
	shop_staff_add(s.code, target, "Clerk");
	tid = shop_staff_id(target);
	snprintf(id, sizeof(id), "%lld", tid);
	shop_sign_in(&k, kemail, SHOP_PASSWORD, &csrf);
	for (i = 0; i < STAFF_ROUTES; i++) {
		staff_route_path(path, sizeof(path), i, id);
		if (strcmp(staff_routes[i].method, "GET") == 0)
			ck_assert_int_eq(shop_get(&k, path, &resp), 403);
		else
			ck_assert_int_eq(shop_post(&k, path, change_form(csrf,
			    shop_group_id(s.id, "Manager")), &resp), 403);
		ck_assert_msg(response_contains(&resp, "does not allow"),
		    "%s %s", staff_routes[i].method, path);
		response_free(&resp);
	}
	ck_assert_int_eq(sql_long("SELECT disabled = 0 AND "
	    "must_change_password = 0 AND name <> 'Changed' FROM staff WHERE "
	    "id = %lld", tid), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM staff_stores WHERE "
	    "staff_id = %lld AND group_id = %lld", tid,
	    shop_group_id(s.id, "Clerk")), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM staff WHERE email = "
	    "'changed@example.com'"), 0);
	ck_assert_int_eq(audit_all(s.id), 0);
	/* The staff section is not in their navigation. */
	ck_assert_int_eq(shop_get(&k, "/dashboard", &resp), 200);
	ck_assert(!response_contains(&resp, "href=\"/staff\""));
	response_free(&resp);
	client_free(&k);
	free(csrf);
	free(kemail);
	free(target);
	shop_close(&s);
}
END_TEST

START_TEST(test_other_store_not_found)
{
	struct shop	 s;
	struct response	 resp;
	char		 code2[17], id[24], path[80], *email;
	const char	*bad[] = { "abc", "0", "-1", "1x", "99999999999999999999" };
	long long	 tid;
	size_t		 i;

	shop_open(&s);
	(void)shop_store_new(code2);
	email = itest_email("foreign");
	shop_staff_add(code2, email, "Clerk");
	tid = shop_staff_id(email);
	snprintf(id, sizeof(id), "%lld", tid);
	for (i = 0; i < STAFF_ROUTES; i++) {
		if (!staff_routes[i].with_id)
			continue;
		staff_route_path(path, sizeof(path), i, id);
		if (strcmp(staff_routes[i].method, "GET") == 0)
			ck_assert_int_eq(shop_get(&s.c, path, &resp), 404);
		else
			ck_assert_int_eq(shop_post(&s.c, path, change_form(s.csrf,
			    shop_group_id(s.id, "Manager")), &resp), 404);
		ck_assert_msg(response_contains(&resp, "There is no such page."),
		    "%s %s", staff_routes[i].method, path);
		ck_assert_msg(!response_contains(&resp, email), "%s", path);
		response_free(&resp);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(path, sizeof(path), "/staff/%s", bad[i]);
		ck_assert_int_eq(shop_get(&s.c, path, NULL), 404);
		snprintf(path, sizeof(path), "/staff/%s/disable", bad[i]);
		ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
		    NULL), NULL), 404);
	}
	ck_assert_int_eq(sql_long("SELECT disabled = 0 AND "
	    "must_change_password = 0 AND name <> 'Changed' FROM staff WHERE "
	    "id = %lld", tid), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM staff_stores WHERE "
	    "staff_id = %lld", tid), 1);
	ck_assert_int_eq(audit_all(s.id), 0);
	/* The list shows only this store's staff. */
	ck_assert_int_eq(shop_get(&s.c, "/staff", &resp), 200);
	ck_assert(!response_contains(&resp, email));
	ck_assert(response_contains(&resp, s.admin));
	response_free(&resp);
	free(email);
	shop_close(&s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("staff");
	TCase	*tc = itest_tcase("staff");
	int	 rc;

	shop_begin();
	tcase_add_test(tc, test_create_must_change_password);
	tcase_add_test(tc, test_create_bad_input);
	tcase_add_test(tc, test_duplicate_in_store);
	tcase_add_test(tc, test_add_from_other_store);
	tcase_add_test(tc, test_update_name_and_group);
	tcase_add_test(tc, test_disable_and_enable);
	tcase_add_test(tc, test_password_reset);
	tcase_add_test(tc, test_remove_from_store);
	tcase_add_test(tc, test_last_administrator);
	tcase_add_test(tc, test_last_administrator_elsewhere);
	tcase_add_test(tc, test_clerk_forbidden);
	tcase_add_test(tc, test_other_store_not_found);
	suite_add_tcase(s, tc);
	rc = itest_run(s);
	if (shop_cleanup() == -1)
		rc = EXIT_FAILURE;
	return rc;
}
