/* test_approval.c: manager codes: approving an action, the wrong managers, throttling, and setting one's own code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "client.h"
#include "shop.h"

#define ADMIN_CODE	"2468"
#define MANAGER_CODE	"1357"
#define FOREIGN_CODE	"9753"

/*
 * A store whose Clerks may add staff only with a manager's code, and
 * the people around it: its Administrator (with a code), a Manager of
 * it (with a code, but no right to manage staff), a second
 * Administrator without a code, and the Administrator of another store
 * (with a code).
 */
struct world {
	struct shop	 s;
	struct client	 clerk;
	char		*clerk_csrf;
	char		*clerk_email;
	char		*manager;
	char		*nocode;
	char		*foreign;
	char		 code2[17];
};

/* Sets the manager code of the signed-in client c. */
static void
set_code(struct client *c, const char *csrf, const char *code)
{
	struct response	 resp;

	ck_assert_int_eq(shop_post(c, "/profile/manager-code",
	    form_encode("csrf", csrf, "current_password", SHOP_PASSWORD,
	    "manager_code", code, "confirm_code", code, "do", "set", NULL),
	    &resp), 303);
	expect_see_other(&resp, "/profile/manager-code?done=set");
}

/* Adds email to store code in group, signs them in and sets their code. */
static void
staff_with_code(const char *code, const char *email, const char *group,
    const char *manager_code)
{
	struct client	 c;
	char		*csrf;

	shop_staff_add(code, email, group);
	shop_sign_in(&c, email, SHOP_PASSWORD, &csrf);
	set_code(&c, csrf, manager_code);
	client_free(&c);
	free(csrf);
}

/* Sets the level of manage_staff for the Clerks of store. */
static void
clerk_level(long long store, int level)
{
	sql_exec("UPDATE group_permissions SET level = %d WHERE permission = "
	    "'manage_staff' AND group_id = %lld", level,
	    shop_group_id(store, "Clerk"));
}

static void
world_open(struct world *w)
{
	memset(w, 0, sizeof(*w));
	shop_open(&w->s);
	set_code(&w->s.c, w->s.csrf, ADMIN_CODE);
	clerk_level(w->s.id, 2);
	w->manager = itest_email("manager");
	staff_with_code(w->s.code, w->manager, "Manager", MANAGER_CODE);
	w->nocode = itest_email("nocode");
	shop_staff_add(w->s.code, w->nocode, "Administrator");
	(void)shop_store_new(w->code2);
	w->foreign = itest_email("foreign");
	staff_with_code(w->code2, w->foreign, "Administrator", FOREIGN_CODE);
	w->clerk_email = itest_email("clerk");
	shop_staff_add(w->s.code, w->clerk_email, "Clerk");
	shop_sign_in(&w->clerk, w->clerk_email, SHOP_PASSWORD, &w->clerk_csrf);
}

static void
world_close(struct world *w)
{
	clerk_level(w->s.id, 0);
	client_free(&w->clerk);
	free(w->clerk_csrf);
	free(w->clerk_email);
	free(w->manager);
	free(w->nocode);
	free(w->foreign);
	shop_close(&w->s);
}

/* The Clerk's form adding email, approved by manager id with code (NULL: none). */
static char *
add_form(struct world *w, const char *email, long long manager,
    const char *code)
{
	char	 gid[24], mid[24];

	snprintf(gid, sizeof(gid), "%lld", shop_group_id(w->s.id, "Clerk"));
	snprintf(mid, sizeof(mid), "%lld", manager);
	return form_encode("csrf", w->clerk_csrf, "email", email,
	    "name", "Approved Person", "group_id", gid,
	    "password", "temporary pass 1",
	    "manager_id", manager > 0 ? mid : "",
	    "manager_code", code != NULL ? code : "", NULL);
}

/* The Clerk's attempt must be refused with what, and write nothing. */
static void
attempt_refused(struct world *w, long long manager, const char *code,
    const char *what)
{
	struct response	 resp;
	char		*email = itest_email("refused");
	long long	 before = audit_all(w->s.id);

	ck_assert_int_eq(shop_post(&w->clerk, "/staff", add_form(w, email,
	    manager, code), &resp), 422);
	ck_assert(response_contains(&resp, "value=\"Approved Person\""));
	ck_assert(response_contains(&resp, "id=\"manager_code-error\""));
	expect_refused(&resp, what);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM staff WHERE email = "
	    "'%s'", email), 0);
	ck_assert_int_eq(audit_all(w->s.id), before);
	free(email);
}

/* The name of staff member email, as the page shows it. */
static char *
name_of(const char *email)
{
	char	*name = sql_str("SELECT name FROM staff WHERE email = '%s'",
	    email);

	ck_assert_ptr_nonnull(name);
	return name;
}

START_TEST(test_form_lists_managers)
{
	struct world	 w;
	struct response	 resp;
	char		*admin, *manager, *nocode, *foreign, option[64], path[64];

	world_open(&w);
	admin = name_of(w.s.admin);
	manager = name_of(w.manager);
	nocode = name_of(w.nocode);
	foreign = name_of(w.foreign);
	ck_assert_int_eq(shop_get(&w.clerk, "/staff/new", &resp), 200);
	ck_assert(response_contains(&resp, "Manager approval"));
	snprintf(option, sizeof(option), "<option value=\"%lld\">",
	    w.s.admin_id);
	ck_assert(response_contains(&resp, option));
	ck_assert(response_contains(&resp, admin));
	ck_assert(!response_contains(&resp, manager));
	ck_assert(!response_contains(&resp, nocode));
	ck_assert(!response_contains(&resp, foreign));
	response_free(&resp);
	/* Every form of the staff pages asks for it. */
	snprintf(path, sizeof(path), "/staff/%lld/password",
	    shop_staff_id(w.nocode));
	ck_assert_int_eq(shop_get(&w.clerk, path, &resp), 200);
	ck_assert(response_contains(&resp, "Manager approval"));
	response_free(&resp);
	/* Someone whose group allows it outright is not asked. */
	ck_assert_int_eq(shop_get(&w.s.c, "/staff/new", &resp), 200);
	ck_assert(!response_contains(&resp, "Manager approval"));
	response_free(&resp);
	free(admin);
	free(manager);
	free(nocode);
	free(foreign);
	world_close(&w);
}
END_TEST

START_TEST(test_missing_and_wrong_code)
{
	struct world	 w;

	world_open(&w);
	attempt_refused(&w, 0, ADMIN_CODE, "Choose the manager");
	attempt_refused(&w, w.s.admin_id, NULL, "Enter the manager");
	attempt_refused(&w, w.s.admin_id, "0000", "not right");
	attempt_refused(&w, w.s.admin_id, "12ab", "not right");
	world_close(&w);
}
END_TEST

START_TEST(test_wrong_managers)
{
	struct world	 w;

	world_open(&w);
	/* Right codes, but not of someone who may approve it here. */
	attempt_refused(&w, shop_staff_id(w.foreign), FOREIGN_CODE,
	    "not right");
	attempt_refused(&w, shop_staff_id(w.manager), MANAGER_CODE,
	    "not right");
	attempt_refused(&w, shop_staff_id(w.nocode), ADMIN_CODE, "not right");
	world_close(&w);
}
END_TEST

START_TEST(test_right_code_recorded)
{
	struct world	 w;
	struct response	 resp;
	char		*email, *admin, *who;
	long long	 id;

	world_open(&w);
	email = itest_email("approved");
	admin = name_of(w.s.admin);
	ck_assert_int_eq(shop_post(&w.clerk, "/staff", add_form(&w, email,
	    w.s.admin_id, ADMIN_CODE), &resp), 303);
	response_free(&resp);
	id = shop_staff_id(email);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'staff.create' AND object_id = "
	    "'%lld'", w.s.id, id), 1);
	ck_assert_int_eq(sql_long("SELECT approver_id FROM audit_log WHERE "
	    "store_id = %lld AND action = 'staff.create' AND object_id = "
	    "'%lld'", w.s.id, id), w.s.admin_id);
	who = sql_str("SELECT approver_name FROM audit_log WHERE store_id = "
	    "%lld AND action = 'staff.create' AND object_id = '%lld'", w.s.id,
	    id);
	ck_assert_ptr_nonnull(who);
	ck_assert_str_eq(who, admin);
	free(who);
	ck_assert_int_eq(sql_long("SELECT actor_id FROM audit_log WHERE "
	    "store_id = %lld AND action = 'staff.create' AND object_id = "
	    "'%lld'", w.s.id, id), shop_staff_id(w.clerk_email));
	free(admin);
	free(email);
	world_close(&w);
}
END_TEST

START_TEST(test_wrong_codes_throttled)
{
	struct world	 w;
	struct response	 resp;
	char		*email;
	int		 i;

	world_open(&w);
	throttle_reset();
	for (i = 0; i < 6; i++)
		attempt_refused(&w, w.s.admin_id, "1111", "not right");
	attempt_refused(&w, w.s.admin_id, ADMIN_CODE, "Too many wrong codes");
	throttle_reset();
	email = itest_email("late");
	ck_assert_int_eq(shop_post(&w.clerk, "/staff", add_form(&w, email,
	    w.s.admin_id, ADMIN_CODE), &resp), 303);
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM staff WHERE email = "
	    "'%s'", email), 1);
	free(email);
	world_close(&w);
}
END_TEST

/* Posts the manager code form and expects 422 with what beside a field. */
static void
code_refused(struct client *c, const char *csrf, const char *password,
    const char *code, const char *again, const char *what)
{
	struct response	 resp;

	ck_assert_int_eq(shop_post(c, "/profile/manager-code",
	    form_encode("csrf", csrf, "current_password", password,
	    "manager_code", code, "confirm_code", again, "do", "set", NULL),
	    &resp), 422);
	ck_assert(response_contains(&resp, "class=\"field-error\""));
	expect_refused(&resp, what);
}

START_TEST(test_manager_code_page)
{
	struct client	 c;
	struct response	 resp;
	char		 code[17], *email, *csrf;
	long long	 id, store;

	store = shop_store_new(code);
	email = itest_email("coder");
	shop_staff_add(code, email, "Clerk");
	id = shop_staff_id(email);
	shop_sign_in(&c, email, SHOP_PASSWORD, &csrf);
	ck_assert_int_eq(shop_get(&c, "/profile/password", &resp), 200);
	ck_assert(response_contains(&resp, "href=\"/profile/manager-code\""));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&c, "/profile/manager-code", &resp), 200);
	ck_assert(response_contains(&resp, "You have not set a manager code"));
	ck_assert(!response_contains(&resp, "Remove my code"));
	response_free(&resp);
	code_refused(&c, csrf, "not my password", "2580", "2580",
	    "current password is not right");
	code_refused(&c, csrf, SHOP_PASSWORD, "12ab", "12ab", "4 to 8 digits");
	code_refused(&c, csrf, SHOP_PASSWORD, "123", "123", "4 to 8 digits");
	code_refused(&c, csrf, SHOP_PASSWORD, "123456789", "123456789",
	    "4 to 8 digits");
	code_refused(&c, csrf, SHOP_PASSWORD, "2580", "2581", "not the same");
	code_refused(&c, csrf, "", "2580", "2580", "Enter your current password");
	ck_assert_int_eq(sql_long("SELECT manager_code_hash IS NULL FROM staff "
	    "WHERE id = %lld", id), 1);
	ck_assert_int_eq(audit_all(store), 0);
	set_code(&c, csrf, "2580");
	ck_assert_int_eq(sql_long("SELECT manager_code_hash LIKE "
	    "'pbkdf2-sha256$%%' AND manager_code_hash NOT LIKE '%%$2580' "
	    "FROM staff WHERE id = %lld", id), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'staff.manager_code_set' AND "
	    "object_id = '%lld' AND actor_id = %lld AND before_json = "
	    "'{\"manager_code_set\":false}' AND after_json = "
	    "'{\"manager_code_set\":true}'", store, id, id), 1);
	ck_assert_int_eq(audit_all(store), 1);
	ck_assert_int_eq(shop_get(&c, "/profile/manager-code?done=set", &resp),
	    200);
	ck_assert(response_contains(&resp, "You have set a manager code"));
	ck_assert(response_contains(&resp, "Remove my code"));
	response_free(&resp);
	/* Removing it asks for the password too. */
	ck_assert_int_eq(shop_post(&c, "/profile/manager-code",
	    form_encode("csrf", csrf, "current_password", "wrong password",
	    "do", "remove", NULL), &resp), 422);
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT manager_code_hash IS NOT NULL FROM "
	    "staff WHERE id = %lld", id), 1);
	ck_assert_int_eq(shop_post(&c, "/profile/manager-code",
	    form_encode("csrf", csrf, "current_password", SHOP_PASSWORD,
	    "do", "remove", NULL), &resp), 303);
	expect_see_other(&resp, "/profile/manager-code?done=unset");
	ck_assert_int_eq(sql_long("SELECT manager_code_hash IS NULL FROM staff "
	    "WHERE id = %lld", id), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'staff.manager_code_removed' AND "
	    "before_json = '{\"manager_code_set\":true}' AND after_json = "
	    "'{\"manager_code_set\":false}'", store), 1);
	ck_assert_int_eq(audit_all(store), 2);
	client_free(&c);
	free(csrf);
	free(email);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("approval");
	TCase	*tc = itest_tcase("approval");
	int	 rc;

	shop_begin();
	tcase_add_test(tc, test_form_lists_managers);
	tcase_add_test(tc, test_missing_and_wrong_code);
	tcase_add_test(tc, test_wrong_managers);
	tcase_add_test(tc, test_right_code_recorded);
	tcase_add_test(tc, test_wrong_codes_throttled);
	tcase_add_test(tc, test_manager_code_page);
	suite_add_tcase(s, tc);
	rc = itest_run(s);
	if (shop_cleanup() == -1)
		rc = EXIT_FAILURE;
	return rc;
}
