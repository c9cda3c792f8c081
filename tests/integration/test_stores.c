/* test_stores.c: creating stores, the current store's settings, switching store, and who may do it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "client.h"

#define NOT_FOUND	"There is no such page."
#define GOOD_IBAN	"DE89 3704 0044 0532 0130 00"
#define GOOD_IBAN_N	"DE89370400440532013000"
#define BAD_IBAN	"DE89 3704 0044 0532 0130 01"

/* This run's store codes start with it; set before Check forks the tests. */
static char	 prefix[12];

/* A new store code of this run: the prefix and a suffix ("A"). */
static char *
code_of(const char *suffix)
{
	char	*s;

	ck_assert(asprintf(&s, "%s-%s", prefix, suffix) != -1);
	ck_assert_uint_le(strlen(s), 16);
	return s;
}

/* The id of a test staff member. */
static long long
staff_id(const char *email)
{
	return sql_long("SELECT id FROM staff WHERE email = '%s'", email);
}

/* The id of the store with code; fails the test when there is none. */
static long long
store_id(const char *code)
{
	return sql_long("SELECT id FROM stores WHERE code = '%s'", code);
}

/* Counts the audit entries of a store. */
static long long
audit_count(long long store)
{
	return sql_long("SELECT COUNT(*) FROM audit_log WHERE store_id = %lld",
	    store);
}

/* A new administrator of the first store, signed in; returns their email. */
static char *
admin_signed_in(struct client *c, const char *what, char **csrf)
{
	const char	*pw = "stores admin pass 42";
	char		*email, *name;

	email = itest_email(what);
	name = itest_name("Store admin");
	itest_staff_add(email, name, "Administrator", pw);
	client_init(c);
	client_sign_in_ok(c, email, pw);
	*csrf = client_session_csrf(c);
	free(name);
	return email;
}

/* POSTs the new-store form. */
static long
store_post(struct client *c, const char *csrf, const char *code,
    const char *name, const char *currency, const char *tz,
    struct response *resp)
{
	char	*form;
	long	 status;

	form = form_encode("csrf", csrf, "code", code, "name", name,
	    "currency", currency, "timezone", tz, NULL);
	status = client_post(c, "/stores", form, resp);
	free(form);
	return status;
}

/* Creates a store through the page, or fails the test. */
static void
store_create_ok(struct client *c, const char *csrf, const char *code,
    const char *name)
{
	struct response	 resp;

	ck_assert_int_eq(store_post(c, csrf, code, name, "EUR",
	    "Europe/Berlin", &resp), 303);
	response_free(&resp);
}

/* POSTs a store switch; returns the status. */
static long
switch_to(struct client *c, const char *csrf, const char *code,
    struct response *resp)
{
	char	*form;
	long	 status;

	form = form_encode("csrf", csrf, "store", code, NULL);
	status = client_post(c, "/store/switch", form, resp);
	free(form);
	return status;
}

/* Switches store, or fails the test. */
static void
switch_ok(struct client *c, const char *csrf, const char *code)
{
	struct response	 resp;
	char		*loc;

	ck_assert_int_eq(switch_to(c, csrf, code, &resp), 303);
	loc = response_header(&resp, "Location");
	ck_assert_str_eq(loc, "/dashboard");
	free(loc);
	response_free(&resp);
}

/* Asserts a 422 page with message beside field, which points to it. */
static void
refused_beside(struct response *resp, const char *field, const char *message)
{
	char	 id[96];
	char	*p;

	ck_assert_int_eq(resp->status, 422);
	snprintf(id, sizeof(id), "<p class=\"field-error\" id=\"%s-error\">",
	    field);
	p = strstr(resp->body, id);
	ck_assert_msg(p != NULL, "no error beside %s", field);
	ck_assert_msg(strncmp(p + strlen(id), message, strlen(message)) == 0,
	    "the error beside %s is not '%s'", field, message);
	snprintf(id, sizeof(id), "aria-describedby=\"%s-error\"", field);
	ck_assert_msg(response_contains(resp, id), "nothing points to the "
	    "error beside %s", field);
}

/* Every column of a store's row, as one string, to see that nothing changed. */
static char *
store_row(long long id)
{
	return sql_str("SELECT CONCAT_WS('|', code, name, currency, timezone, "
	    "bank_account_holder, bank_iban, bank_bic, bank_name, pay_cash, "
	    "pay_card, pay_bank_transfer, pay_cheque, pay_eft, "
	    "pay_customer_account) FROM stores WHERE id = %lld", id);
}

/* The store the session with client c's cookie works in. */
static long long
session_store(const struct client *c)
{
	return sql_long("SELECT store_id FROM sessions WHERE token_hash = "
	    "UNHEX(SHA2('%s', 256))", client_cookie(c, "slate_session"));
}

START_TEST(test_store_create)
{
	struct client	 c;
	struct response	 resp;
	char		*email, *csrf, *code, *lower, *loc, *json, *want, *url;
	char		*p;
	long long	 id, me;

	email = admin_signed_in(&c, "creator", &csrf);
	me = staff_id(email);
	code = code_of("NEW");
	lower = strdup(code);
	for (p = lower; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');

	ck_assert_int_eq(client_get(&c, "/stores/new", &resp), 200);
	ck_assert(response_contains(&resp, "<form method=\"post\" "
	    "action=\"/stores\""));
	ck_assert(response_contains(&resp, "<option value=\"GBP\">GBP"
	    "</option>"));
	ck_assert(response_contains(&resp, "<option value=\"JPY\">"));
	response_free(&resp);

	/* A code typed in lower case is kept in upper case. */
	ck_assert_int_eq(store_post(&c, csrf, lower, "Harbour Street",
	    "GBP", "Europe/London", &resp), 303);
	loc = response_header(&resp, "Location");
	ck_assert(asprintf(&url, "/stores?created=%s", code) != -1);
	ck_assert_str_eq(loc, url);
	response_free(&resp);

	id = store_id(code);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM stores WHERE id = %lld "
	    "AND name = 'Harbour Street' AND currency = 'GBP' AND "
	    "timezone = 'Europe/London'", id), 1);
	/* The creator is its Administrator; the groups come seeded. */
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM staff_stores ss JOIN "
	    "user_groups g ON g.id = ss.group_id WHERE ss.staff_id = %lld AND "
	    "ss.store_id = %lld AND g.store_id = %lld AND "
	    "g.name = 'Administrator'", me, id, id), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM staff_stores "
	    "WHERE store_id = %lld", id), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM user_groups WHERE "
	    "store_id = %lld AND name IN ('Administrator', 'Manager', "
	    "'Clerk')", id), 3);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM group_permissions gp "
	    "JOIN user_groups g ON g.id = gp.group_id WHERE g.store_id = %lld "
	    "AND g.name = 'Administrator' AND gp.level = 1", id), 14);
	ck_assert_int_eq(sql_long("SELECT gp.level FROM group_permissions gp "
	    "JOIN user_groups g ON g.id = gp.group_id WHERE g.store_id = %lld "
	    "AND g.name = 'Clerk' AND gp.permission = 'deposit_withdraw'",
	    id), 2);
	ck_assert_int_eq(sql_long("SELECT gp.level FROM group_permissions gp "
	    "JOIN user_groups g ON g.id = gp.group_id WHERE g.store_id = %lld "
	    "AND g.name = 'Clerk' AND gp.permission = 'manage_store'", id), 0);

	/* One audit entry, under the new store, saying what was made. */
	ck_assert_int_eq(audit_count(id), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'store.create' AND object_type = "
	    "'store' AND object_id = '%lld' AND actor_type = 'staff' AND "
	    "actor_id = %lld AND before_json IS NULL AND approver_id IS NULL",
	    id, id, me), 1);
	json = sql_str("SELECT after_json FROM audit_log WHERE store_id = "
	    "%lld", id);
	ck_assert(asprintf(&want, "{\"code\":\"%s\",\"currency\":\"GBP\","
	    "\"name\":\"Harbour Street\",\"timezone\":\"Europe/London\"}",
	    code) != -1);
	ck_assert_str_eq(json, want);

	/* The list: both stores, the group in each, and the notice. */
	ck_assert_int_eq(client_get(&c, url, &resp), 200);
	ck_assert(response_contains(&resp, "was created"));
	ck_assert(response_contains(&resp, "Harbour Street"));
	ck_assert(response_contains(&resp, "<td>Europe/London</td>"));
	ck_assert(response_contains(&resp, "<td>Administrator</td>"));
	ck_assert(response_contains(&resp, "<span class=\"badge\">Current"));
	free(loc);
	ck_assert(asprintf(&loc, "name=\"store\" value=\"%s\"", code) != -1);
	ck_assert_msg(response_contains(&resp, loc), "no switch to %s", code);
	response_free(&resp);

	/* A notice for a store that is not theirs shows nothing of it. */
	ck_assert_int_eq(client_get(&c, "/stores?created=MAIN-NOPE", &resp),
	    200);
	ck_assert(!response_contains(&resp, "was created"));
	response_free(&resp);

	client_free(&c);
	free(email);
	free(csrf);
	free(code);
	free(lower);
	free(loc);
	free(url);
	free(json);
	free(want);
}
END_TEST

START_TEST(test_store_create_refused)
{
	struct client	 c;
	struct response	 resp;
	char		*email, *csrf, *code, *fresh;
	long long	 stores, audits, me;

	email = admin_signed_in(&c, "refused", &csrf);
	me = staff_id(email);
	code = code_of("DUP");
	fresh = code_of("NONE");
	store_create_ok(&c, csrf, code, "First of its code");
	stores = sql_long("SELECT COUNT(*) FROM stores");
	audits = sql_long("SELECT COUNT(*) FROM audit_log WHERE actor_id = "
	    "%lld", me);

	/* The code is taken; the form comes back with what was typed. */
	ck_assert_int_eq(store_post(&c, csrf, code, "Second <b>try</b>",
	    "EUR", "Europe/Berlin", &resp), 422);
	refused_beside(&resp, "code", "A store with this code exists already.");
	ck_assert(response_contains(&resp, "value=\"Second &lt;b&gt;try"
	    "&lt;/b&gt;\""));
	ck_assert(response_contains(&resp, "<option value=\"EUR\" selected>"));
	response_free(&resp);

	ck_assert_int_eq(store_post(&c, csrf, fresh, "No such money", "XYZ",
	    "Europe/Berlin", &resp), 422);
	refused_beside(&resp, "currency", "Choose a currency from the list.");
	response_free(&resp);

	ck_assert_int_eq(store_post(&c, csrf, fresh, "Nowhere", "EUR",
	    "Mars/Olympus_Mons", &resp), 422);
	refused_beside(&resp, "timezone", "That time zone is not known.");
	ck_assert(response_contains(&resp, "value=\"Mars/Olympus_Mons\""));
	response_free(&resp);

	ck_assert_int_eq(store_post(&c, csrf, fresh, "Sneaky", "EUR",
	    "../../etc/passwd", &resp), 422);
	refused_beside(&resp, "timezone", "Enter a time zone");
	response_free(&resp);

	ck_assert_int_eq(store_post(&c, csrf, "no spaces!", "Bad code", "EUR",
	    "UTC", &resp), 422);
	refused_beside(&resp, "code", "A store code uses only");
	response_free(&resp);

	ck_assert_int_eq(store_post(&c, csrf, fresh, "   ", "EUR", "UTC",
	    &resp), 422);
	refused_beside(&resp, "name", "This is required.");
	response_free(&resp);

	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM stores"), stores);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM stores WHERE code = "
	    "'%s'", fresh), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "actor_id = %lld", me), audits);
	client_free(&c);
	free(email);
	free(csrf);
	free(code);
	free(fresh);
}
END_TEST

/* POSTs the settings form with the given bank account and methods ("pay_cash,pay_eft"). */
static long
settings_post(struct client *c, const char *csrf, const char *name,
    const char *tz, const char *holder, const char *iban, const char *bic,
    const char *methods, struct response *resp)
{
	char	*form, *more, *list, *m, *save;
	long	 status;

	form = form_encode("csrf", csrf, "name", name, "timezone", tz,
	    "bank_account_holder", holder, "bank_iban", iban, "bank_bic", bic,
	    "bank_name", "Test Bank", "statement_terms_days", "14",
	    "auto_hold_overdue_days", "0", "auto_hold_overdue_amount", "0",
	    NULL);
	list = strdup(methods);
	for (m = strtok_r(list, ",", &save); m != NULL;
	    m = strtok_r(NULL, ",", &save)) {
		ck_assert(asprintf(&more, "%s&%s=1", form, m) != -1);
		free(form);
		form = more;
	}
	status = client_post(c, "/settings", form, resp);
	free(list);
	free(form);
	return status;
}

START_TEST(test_settings)
{
	struct client	 c;
	struct response	 resp;
	char		*email, *csrf, *code, *before, *after, *json, *want, *loc;
	long long	 id;

	email = admin_signed_in(&c, "settings", &csrf);
	code = code_of("SET");
	store_create_ok(&c, csrf, code, "Settings Shop");
	id = store_id(code);
	switch_ok(&c, csrf, code);

	ck_assert_int_eq(client_get(&c, "/settings", &resp), 200);
	ck_assert(response_contains(&resp, "value=\"Settings Shop\""));
	ck_assert(response_contains(&resp, "<dd>EUR</dd>"));
	/* Code and currency are shown, never offered for change. */
	ck_assert(!response_contains(&resp, "name=\"code\""));
	ck_assert(!response_contains(&resp, "name=\"currency\""));
	ck_assert(response_contains(&resp, "name=\"pay_cash\" value=\"1\" "
	    "checked"));
	ck_assert(response_contains(&resp, "name=\"pay_cheque\" value=\"1\">"));
	response_free(&resp);
	before = store_row(id);

	ck_assert_int_eq(settings_post(&c, csrf, "Settings Shop",
	    "Europe/Berlin", "Holder", BAD_IBAN, "", "pay_cash", &resp), 422);
	refused_beside(&resp, "bank_iban", "This IBAN is not valid");
	ck_assert(response_contains(&resp, "value=\"" BAD_IBAN "\""));
	response_free(&resp);

	ck_assert_int_eq(settings_post(&c, csrf, "Settings Shop",
	    "Europe/Berlin", "Holder", "XX12", "", "pay_cash", &resp), 422);
	refused_beside(&resp, "bank_iban", "An IBAN has at least 15");
	response_free(&resp);

	ck_assert_int_eq(settings_post(&c, csrf, "Settings Shop",
	    "Europe/Berlin", "Holder", GOOD_IBAN, "COBADE", "pay_cash", &resp),
	    422);
	refused_beside(&resp, "bank_bic", "A BIC has 8 or 11");
	response_free(&resp);

	/* Bank transfers need holder and IBAN; the box stays ticked. */
	ck_assert_int_eq(settings_post(&c, csrf, "Settings Shop",
	    "Europe/Berlin", "", GOOD_IBAN, "", "pay_cash,pay_bank_transfer",
	    &resp), 422);
	refused_beside(&resp, "pay_bank_transfer", "Bank transfers need");
	ck_assert(response_contains(&resp, "name=\"pay_bank_transfer\" "
	    "value=\"1\" checked"));
	response_free(&resp);
	ck_assert_int_eq(settings_post(&c, csrf, "Settings Shop",
	    "Europe/Berlin", "Holder", "", "", "pay_bank_transfer", &resp),
	    422);
	refused_beside(&resp, "pay_bank_transfer", "Bank transfers need");
	response_free(&resp);

	ck_assert_int_eq(settings_post(&c, csrf, "Settings Shop",
	    "Europe/Berlin", "", "", "", "", &resp), 422);
	refused_beside(&resp, "pay", "Enable at least one payment method.");
	ck_assert(response_contains(&resp, "<fieldset class=\"group\" "
	    "aria-describedby=\"pay-error\">"));
	response_free(&resp);

	ck_assert_int_eq(settings_post(&c, csrf, "", "Nowhere/Else", "", "",
	    "", "pay_cash", &resp), 422);
	refused_beside(&resp, "name", "This is required.");
	refused_beside(&resp, "timezone", "That time zone is not known.");
	response_free(&resp);

	/* Nothing was written by any of them. */
	after = store_row(id);
	ck_assert_str_eq(after, before);
	ck_assert_int_eq(audit_count(id), 1);

	ck_assert_int_eq(settings_post(&c, csrf, "Settings Shop Renamed",
	    "America/New_York", "Shop Holder", "de89 3704 0044 0532 0130 00",
	    "cobadeffxxx", "pay_cash,pay_bank_transfer,pay_eft", &resp), 303);
	loc = response_header(&resp, "Location");
	ck_assert_str_eq(loc, "/settings?saved=1");
	response_free(&resp);
	free(after);
	after = store_row(id);
	ck_assert(asprintf(&want, "%s|Settings Shop Renamed|EUR|"
	    "America/New_York|Shop Holder|" GOOD_IBAN_N "|COBADEFFXXX|"
	    "Test Bank|1|0|1|0|1|0", code) != -1);
	ck_assert_str_eq(after, want);

	/* Exactly one entry, with before and after of every editable field. */
	ck_assert_int_eq(audit_count(id), 2);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'store.update' AND object_type = "
	    "'store' AND object_id = '%lld' AND actor_id = %lld", id, id,
	    staff_id(email)), 1);
	json = sql_str("SELECT before_json FROM audit_log WHERE store_id = "
	    "%lld AND action = 'store.update'", id);
	ck_assert_str_eq(json, "{\"auto_hold_overdue_amount\":0,"
	    "\"auto_hold_overdue_days\":0,\"bank_account_holder\":\"\","
	    "\"bank_bic\":\"\",\"bank_iban\":\"\",\"bank_name\":\"\","
	    "\"name\":\"Settings Shop\",\"pay_bank_transfer\":false,"
	    "\"pay_card\":true,\"pay_cash\":true,\"pay_cheque\":false,"
	    "\"pay_customer_account\":true,\"pay_eft\":false,"
	    "\"statement_terms_days\":14,\"timezone\":\"Europe/Berlin\"}");
	free(json);
	json = sql_str("SELECT after_json FROM audit_log WHERE store_id = "
	    "%lld AND action = 'store.update'", id);
	ck_assert_str_eq(json, "{\"auto_hold_overdue_amount\":0,"
	    "\"auto_hold_overdue_days\":0,\"bank_account_holder\":"
	    "\"Shop Holder\",\"bank_bic\":\"COBADEFFXXX\",\"bank_iban\":\""
	    GOOD_IBAN_N "\",\"bank_name\":\"Test Bank\",\"name\":"
	    "\"Settings Shop Renamed\",\"pay_bank_transfer\":true,"
	    "\"pay_card\":false,\"pay_cash\":true,\"pay_cheque\":false,"
	    "\"pay_customer_account\":false,\"pay_eft\":true,"
	    "\"statement_terms_days\":14,\"timezone\":\"America/New_York\"}");

	ck_assert_int_eq(client_get(&c, loc, &resp), 200);
	ck_assert(response_contains(&resp, "The settings were saved."));
	ck_assert(response_contains(&resp, "value=\"" GOOD_IBAN_N "\""));
	response_free(&resp);
	/* The header follows the new name. */
	ck_assert_int_eq(client_get(&c, "/dashboard", &resp), 200);
	ck_assert(response_contains(&resp, "<strong>Settings Shop Renamed"
	    "</strong>"));
	response_free(&resp);

	/* Saving the same again changes nothing and logs nothing. */
	ck_assert_int_eq(settings_post(&c, csrf, "Settings Shop Renamed",
	    "America/New_York", "Shop Holder", GOOD_IBAN_N, "COBADEFFXXX",
	    "pay_cash,pay_bank_transfer,pay_eft", &resp), 303);
	response_free(&resp);
	ck_assert_int_eq(audit_count(id), 2);

	client_free(&c);
	free(email);
	free(csrf);
	free(code);
	free(before);
	free(after);
	free(json);
	free(want);
	free(loc);
}
END_TEST

START_TEST(test_switch)
{
	struct client	 admin, c;
	struct response	 resp, other;
	const char	*pw = "two stores pass 77";
	char		*aemail, *acsrf, *email, *name, *csrf, *both, *mine, *theirs;
	long long	 first, both_id, me;

	aemail = admin_signed_in(&admin, "switchadmin", &acsrf);
	both = code_of("TWO");
	theirs = code_of("NOTM");
	store_create_ok(&admin, acsrf, both, "Second Home");
	store_create_ok(&admin, acsrf, theirs, "Not Theirs");
	both_id = store_id(both);

	/* A Clerk in the first store and an Administrator in the second. */
	email = itest_email("twostores");
	name = itest_name("Tess");
	itest_staff_add(email, name, "Clerk", pw);
	me = staff_id(email);
	sql_exec("INSERT INTO staff_stores (staff_id, store_id, group_id) "
	    "SELECT %lld, %lld, id FROM user_groups WHERE store_id = %lld AND "
	    "name = 'Administrator'", me, both_id, both_id);
	client_init(&c);
	client_sign_in_ok(&c, email, pw);
	csrf = client_session_csrf(&c);
	first = session_store(&c);
	mine = sql_str("SELECT code FROM stores WHERE id = %lld", first);

	ck_assert_int_eq(client_get(&c, "/dashboard", &resp), 200);
	ck_assert(response_contains(&resp, "action=\"/store/switch\""));
	ck_assert(response_contains(&resp, "as Clerk."));
	response_free(&resp);
	ck_assert_int_eq(client_get(&c, "/settings", &resp), 403);
	response_free(&resp);

	switch_ok(&c, csrf, both);
	ck_assert_int_eq(session_store(&c), both_id);
	ck_assert_int_eq(client_get(&c, "/dashboard", &resp), 200);
	ck_assert(response_contains(&resp, "<strong>Second Home</strong>"));
	ck_assert(response_contains(&resp, "as Administrator."));
	free(name);
	ck_assert(asprintf(&name, "<option value=\"%s\" selected>", both) !=
	    -1);
	ck_assert(response_contains(&resp, name));
	response_free(&resp);
	/* Permissions follow the group of the new store. */
	ck_assert_int_eq(client_get(&c, "/settings", &resp), 200);
	ck_assert(response_contains(&resp, "value=\"Second Home\""));
	response_free(&resp);

	/* A store they do not work in, or none at all: 404 alike. */
	ck_assert_int_eq(switch_to(&c, csrf, theirs, &resp), 404);
	ck_assert(response_contains(&resp, NOT_FOUND));
	ck_assert(!response_contains(&resp, "Not Theirs"));
	ck_assert_int_eq(switch_to(&c, csrf, "NO-SUCH-STORE", &other), 404);
	ck_assert_str_eq(strstr(resp.body, "<main"), strstr(other.body,
	    "<main"));
	response_free(&resp);
	response_free(&other);
	ck_assert_int_eq(switch_to(&c, csrf, "", &resp), 404);
	response_free(&resp);
	ck_assert_int_eq(switch_to(&c, csrf, "bad code'", &resp), 404);
	response_free(&resp);
	ck_assert_int_eq(session_store(&c), both_id);
	/* Without the form's token nothing moves. */
	ck_assert_int_eq(switch_to(&c, "0", mine, &resp), 403);
	response_free(&resp);
	ck_assert_int_eq(session_store(&c), both_id);

	switch_ok(&c, csrf, mine);
	ck_assert_int_eq(session_store(&c), first);
	ck_assert_int_eq(client_get(&c, "/settings", &resp), 403);
	response_free(&resp);

	/* One store only: the name, no switch. */
	ck_assert_int_eq(client_get(&admin, "/dashboard", &resp), 200);
	ck_assert(response_contains(&resp, "action=\"/store/switch\""));
	response_free(&resp);
	sql_exec("DELETE FROM staff_stores WHERE staff_id = %lld AND "
	    "store_id = %lld", me, both_id);
	ck_assert_int_eq(client_get(&c, "/dashboard", &resp), 200);
	ck_assert(!response_contains(&resp, "action=\"/store/switch\""));
	ck_assert(response_contains(&resp, "<span class=\"store\""));
	response_free(&resp);

	client_free(&c);
	client_free(&admin);
	free(aemail);
	free(acsrf);
	free(email);
	free(name);
	free(csrf);
	free(both);
	free(mine);
	free(theirs);
}
END_TEST

START_TEST(test_clerk_forbidden)
{
	struct client	 c;
	struct response	 resp;
	const char	*pw = "clerk of the store 5";
	char		*email, *name, *csrf, *code, *before, *after, *form;
	long long	 store, stores, audits;

	email = itest_email("clerk");
	name = itest_name("Clara");
	itest_staff_add(email, name, "Clerk", pw);
	code = code_of("CLERK");
	client_init(&c);
	client_sign_in_ok(&c, email, pw);
	csrf = client_session_csrf(&c);
	store = session_store(&c);
	before = store_row(store);
	stores = sql_long("SELECT COUNT(*) FROM stores");
	audits = audit_count(store);

	ck_assert_int_eq(client_get(&c, "/stores", &resp), 403);
	ck_assert(response_contains(&resp, "Your user group does not allow "
	    "this."));
	response_free(&resp);
	ck_assert_int_eq(client_get(&c, "/stores/new", &resp), 403);
	response_free(&resp);
	ck_assert_int_eq(client_get(&c, "/settings", &resp), 403);
	response_free(&resp);
	ck_assert_int_eq(store_post(&c, csrf, code, "Clerk's own", "EUR",
	    "UTC", &resp), 403);
	response_free(&resp);
	ck_assert_int_eq(settings_post(&c, csrf, "Taken over", "UTC", "",
	    "", "", "pay_cash", &resp), 403);
	response_free(&resp);
	form = form_encode("csrf", csrf, NULL);
	ck_assert_int_eq(client_post(&c, "/settings", form, &resp), 403);
	response_free(&resp);
	/* The navigation does not offer the settings either. */
	ck_assert_int_eq(client_get(&c, "/dashboard", &resp), 200);
	ck_assert(!response_contains(&resp, "href=\"/settings\""));
	response_free(&resp);

	after = store_row(store);
	ck_assert_str_eq(after, before);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM stores"), stores);
	ck_assert_int_eq(audit_count(store), audits);
	client_free(&c);
	free(email);
	free(name);
	free(csrf);
	free(code);
	free(before);
	free(after);
	free(form);
}
END_TEST

/* A group whose level for store settings asks for a manager's code. */
START_TEST(test_settings_manager_code)
{
	struct client	 admin, c;
	struct response	 resp;
	const char	*pw = "needs a manager 8";
	char		*aemail, *acsrf, *email, *name, *csrf, *code, *other,
			*before, *after;
	long long	 id, me;

	aemail = admin_signed_in(&admin, "codeadmin", &acsrf);
	code = code_of("CODE");
	other = code_of("APPR");
	store_create_ok(&admin, acsrf, code, "Approval Shop");
	id = store_id(code);
	sql_exec("UPDATE group_permissions gp JOIN user_groups g ON "
	    "g.id = gp.group_id SET gp.level = 2 WHERE g.store_id = %lld AND "
	    "g.name = 'Clerk' AND gp.permission = 'manage_store'", id);

	email = itest_email("codeclerk");
	name = itest_name("Cody");
	itest_staff_add(email, name, "Clerk", pw);
	me = staff_id(email);
	sql_exec("INSERT INTO staff_stores (staff_id, store_id, group_id) "
	    "SELECT %lld, %lld, id FROM user_groups WHERE store_id = %lld AND "
	    "name = 'Clerk'", me, id, id);
	client_init(&c);
	client_sign_in_ok(&c, email, pw);
	csrf = client_session_csrf(&c);
	switch_ok(&c, csrf, code);

	ck_assert_int_eq(client_get(&c, "/settings", &resp), 200);
	ck_assert(response_contains(&resp, "<fieldset class=\"approval\">"));
	response_free(&resp);
	ck_assert_int_eq(client_get(&c, "/stores/new", &resp), 200);
	ck_assert(response_contains(&resp, "<fieldset class=\"approval\">"));
	response_free(&resp);

	before = store_row(id);
	/* No manager has a code yet: nobody can approve, nothing is saved. */
	ck_assert_int_eq(settings_post(&c, csrf, "Approved?", "UTC", "", "",
	    "", "pay_cash", &resp), 422);
	ck_assert(response_contains(&resp, "No manager of this store may "
	    "approve it yet"));
	ck_assert(response_contains(&resp, "value=\"Approved?\""));
	response_free(&resp);
	ck_assert_int_eq(store_post(&c, csrf, other, "Approved?", "EUR",
	    "UTC", &resp), 422);
	ck_assert(response_contains(&resp, "No manager of this store may "
	    "approve it yet"));
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM stores WHERE code = "
	    "'%s'", other), 0);
	response_free(&resp);
	after = store_row(id);
	ck_assert_str_eq(after, before);
	ck_assert_int_eq(audit_count(id), 1);

	client_free(&c);
	client_free(&admin);
	free(aemail);
	free(acsrf);
	free(email);
	free(name);
	free(csrf);
	free(code);
	free(other);
	free(before);
	free(after);
}
END_TEST

/*
 * Removes the stores this run made, with their sessions, groups and
 * memberships, once the tests are done, failed or not; their audit
 * entries stay, as the log is append-only.
 */
static void
stores_cleanup(void)
{
	if (sql_try("DELETE s FROM sessions s JOIN stores so ON "
	    "so.id = s.store_id WHERE so.code LIKE '%s-%%'", prefix) == -1 ||
	    sql_try("DELETE ss FROM staff_stores ss JOIN stores so ON "
	    "so.id = ss.store_id WHERE so.code LIKE '%s-%%'", prefix) == -1 ||
	    sql_try("DELETE gp FROM group_permissions gp JOIN user_groups g ON "
	    "g.id = gp.group_id JOIN stores so ON so.id = g.store_id "
	    "WHERE so.code LIKE '%s-%%'", prefix) == -1 ||
	    sql_try("DELETE g FROM user_groups g JOIN stores so ON "
	    "so.id = g.store_id WHERE so.code LIKE '%s-%%'", prefix) == -1 ||
	    sql_try("DELETE c FROM store_counters c JOIN stores so ON "
	    "so.id = c.store_id WHERE so.code LIKE '%s-%%'", prefix) == -1 ||
	    sql_try("DELETE FROM stores WHERE code LIKE '%s-%%'",
	    prefix) == -1)
		ck_abort_msg("cleanup: removing the stores %s-* failed",
		    prefix);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM stores WHERE code "
	    "LIKE '%s-%%'", prefix), 0);
}

static Suite *
stores_suite(void)
{
	Suite	*s = suite_create("stores");
	TCase	*tc = itest_tcase("stores");

	tcase_add_test(tc, test_store_create);
	tcase_add_test(tc, test_store_create_refused);
	tcase_add_test(tc, test_settings);
	tcase_add_test(tc, test_switch);
	tcase_add_test(tc, test_clerk_forbidden);
	tcase_add_test(tc, test_settings_manager_code);
	tcase_add_unchecked_fixture(tc, NULL, stores_cleanup);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	snprintf(prefix, sizeof(prefix), "T%06lX",
	    ((unsigned long)time(NULL) ^ (unsigned long)getpid() << 8) &
	    0xffffffUL);
	return itest_run(stores_suite());
}
