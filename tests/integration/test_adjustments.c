/* test_adjustments.c: adjustments and reversals: balances, open items, refusals that change nothing, forms sent twice, permissions and managers' codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <check.h>

#include "client.h"
#include "shop.h"

#define ADMIN_CODE	"2468"

/* Makes a customer and an account with pay later and an opening balance; returns its number (free it). */
static char *
account_new(const struct shop *s, const char *opening)
{
	char	*code = NULL, *number = NULL, *err = NULL, *nl;
	int	 rc;

	rc = itest_slatectl(NULL, &code, &err, "customer", "add", "--name",
	    "Corrected Customer", "--store", s->code, NULL);
	ck_assert_msg(rc == 0, "slatectl customer add: %s", err);
	free(err);
	if ((nl = strchr(code, '\n')) != NULL)
		*nl = '\0';
	rc = itest_slatectl(NULL, &number, &err, "account", "add",
	    "--customer", code, "--limit", "1000", "--pay-later", "--opening",
	    opening, "--store", s->code, NULL);
	ck_assert_msg(rc == 0, "slatectl account add: %s", err);
	if ((nl = strchr(number, '\n')) != NULL)
		*nl = '\0';
	free(err);
	free(code);
	return number;
}

/* The account's id, balance and how many entries it has. */
static long long
account_id(const struct shop *s, const char *number)
{
	return sql_long("SELECT id FROM accounts WHERE store_id = %lld AND "
	    "number = '%s'", s->id, number);
}

static long long
balance(const struct shop *s, const char *number)
{
	return sql_long("SELECT balance FROM accounts WHERE store_id = %lld "
	    "AND number = '%s'", s->id, number);
}

static long long
entries(const struct shop *s)
{
	return sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "store_id = %lld", s->id);
}

/* The open amount of entry number of the store (-1 when it has no open item). */
static long long
open_amount(const struct shop *s, const char *entry)
{
	return sql_long("SELECT COALESCE((SELECT o.open_amount FROM "
	    "open_items o JOIN ledger_entries e ON e.id = o.entry_id WHERE "
	    "e.store_id = %lld AND e.number = '%s'), -1)", s->id, entry);
}

/* The side of entry number's open item ("D" or "C"; free it). */
static char *
item_side(const struct shop *s, const char *entry)
{
	return sql_str("SELECT o.side FROM open_items o JOIN ledger_entries e "
	    "ON e.id = o.entry_id WHERE e.store_id = %lld AND e.number = '%s'",
	    s->id, entry);
}

/*
 * The number of the store's nth entry (1: its first; entry numbers are
 * unique but not consecutive), in a buffer that lasts seven more calls.
 */
static const char *
nth(const struct shop *s, int n)
{
	static char	 ring[8][17];
	static int	 next;
	char		*slot = ring[next++ % 8], *v;

	v = sql_str("SELECT number FROM ledger_entries WHERE store_id = %lld "
	    "ORDER BY id LIMIT 1 OFFSET %d", s->id, n - 1);
	ck_assert_msg(v != NULL, "the store has no entry %d", n);
	snprintf(slot, 17, "%s", v);
	free(v);
	return slot;
}

/* The path of the store's nth entry on account number, then tail, in a buffer that lasts seven more calls. */
static const char *
entry_path(const struct shop *s, const char *number, int n, const char *tail)
{
	static char	 ring[8][128];
	static int	 next;
	char		*slot = ring[next++ % 8];

	snprintf(slot, 128, "/accounts/%s/entries/%s%s", number, nth(s, n),
	    tail);
	return slot;
}

/* The sum of the open charges of an account. */
static long long
owed_by_items(const struct shop *s, const char *number)
{
	return sql_long("SELECT COALESCE(SUM(open_amount), 0) FROM open_items "
	    "WHERE account_id = %lld AND side = 'D' AND closed_at IS NULL",
	    account_id(s, number));
}

/* GETs a posting form and keeps its one-time token and version (free them). */
static void
form_tokens(struct client *c, const char *path, char **once, char **version)
{
	struct response	 resp;

	ck_assert_int_eq(shop_get(c, path, &resp), 200);
	*once = html_input_value(resp.body, "once");
	*version = html_input_value(resp.body, "version");
	ck_assert_ptr_nonnull(*once);
	ck_assert_ptr_nonnull(*version);
	response_free(&resp);
}

/* Shows the adjustment form of number and posts it with the fields; the answer goes to *resp. */
static long
adjust(struct client *c, const char *csrf, const char *number,
    const char *direction, const char *amount, const char *note,
    struct response *resp)
{
	char	 path[96], *once, *version;
	long	 status;

	snprintf(path, sizeof(path), "/accounts/%s/adjust", number);
	form_tokens(c, path, &once, &version);
	status = shop_post(c, path, form_encode("csrf", csrf, "once", once,
	    "version", version, "direction", direction, "amount", amount,
	    "note", note, "reference", "", NULL), resp);
	free(once);
	free(version);
	return status;
}

/* Posts an adjustment and expects the receipt of the store's nth entry. */
static void
adjust_ok(struct shop *s, const char *number, const char *direction,
    const char *amount, int nth_entry)
{
	struct response	 resp;

	adjust(&s->c, s->csrf, number, direction, amount, "Correction", &resp);
	expect_see_other(&resp, entry_path(s, number, nth_entry, ""));
}

/*
 * Shows the reversal form of entry and posts it with a reason. An
 * entry that cannot be reversed has no form: the tokens then come
 * from the account's adjustment form, as a page left open would have.
 */
static long
reverse(struct client *c, const char *csrf, const char *number,
    const char *entry, const char *note, struct response *resp)
{
	struct response	 page;
	char		 path[128], *once, *version;
	long		 status;

	snprintf(path, sizeof(path), "/accounts/%s/entries/%s/reverse", number,
	    entry);
	ck_assert_int_eq(shop_get(c, path, &page), 200);
	if (response_contains(&page, "name=\"once\"")) {
		once = html_input_value(page.body, "once");
		version = html_input_value(page.body, "version");
	} else {
		snprintf(path, sizeof(path), "/accounts/%s/adjust", number);
		form_tokens(c, path, &once, &version);
		snprintf(path, sizeof(path), "/accounts/%s/entries/%s/reverse",
		    number, entry);
	}
	response_free(&page);
	status = shop_post(c, path, form_encode("csrf", csrf, "once", once,
	    "version", version, "note", note, NULL), resp);
	free(once);
	free(version);
	return status;
}

START_TEST(test_adjust_both_ways)
{
	struct shop	 s;
	char		*number, *side;
	long long	 audits;

	shop_open(&s);
	number = account_new(&s, "-100");
	ck_assert_int_eq(balance(&s, number), -10000);
	audits = audit_all(s.id);

	/* A charge is a new open charge of its own. */
	adjust_ok(&s, number, "charge", "30", 2);
	ck_assert_int_eq(balance(&s, number), -13000);
	ck_assert_int_eq(open_amount(&s, nth(&s, 1)), 10000);
	ck_assert_int_eq(open_amount(&s, nth(&s, 2)), 3000);
	side = item_side(&s, nth(&s, 2));
	ck_assert_str_eq(side, "D");
	free(side);

	/* A credit closes the oldest charge first. */
	adjust_ok(&s, number, "credit", "110.00", 3);
	ck_assert_int_eq(balance(&s, number), -2000);
	ck_assert_int_eq(open_amount(&s, nth(&s, 1)), 0);
	ck_assert_int_eq(open_amount(&s, nth(&s, 2)), 2000);
	ck_assert_int_eq(open_amount(&s, nth(&s, 3)), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM open_items WHERE "
	    "entry_id = (SELECT id FROM ledger_entries WHERE store_id = %lld "
	    "AND number = '%s') AND closed_at IS NOT NULL", s.id, nth(&s, 1)),
	    1);
	ck_assert_int_eq(owed_by_items(&s, number), 2000);

	/* More credit than is owed is credit in hand. */
	adjust_ok(&s, number, "credit", "25", 4);
	ck_assert_int_eq(balance(&s, number), 500);
	ck_assert_int_eq(open_amount(&s, nth(&s, 2)), 0);
	ck_assert_int_eq(open_amount(&s, nth(&s, 4)), 500);

	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "store_id = %lld AND kind = 'adjustment' AND note = 'Correction' "
	    "AND staff_id = %lld AND approver_id IS NULL", s.id, s.admin_id),
	    3);
	ck_assert_int_eq(sql_long("SELECT SUM(amount) FROM ledger_entries "
	    "WHERE store_id = %lld", s.id), 500);
	ck_assert_int_eq(audit_all(s.id), audits + 3);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'entry.post'", s.id), 3);
	itest_ledger_check();
	free(number);
	shop_close(&s);
}
END_TEST

/* A bad adjustment form is shown again with the message; nothing is posted. */
static void
refused(struct shop *s, const char *number, const char *direction,
    const char *amount, const char *note, const char *what)
{
	struct response	 resp;
	long long	 b = balance(s, number), n = entries(s),
			 a = audit_all(s->id);

	adjust(&s->c, s->csrf, number, direction, amount, note, &resp);
	expect_refused(&resp, what);
	ck_assert_int_eq(balance(s, number), b);
	ck_assert_int_eq(entries(s), n);
	ck_assert_int_eq(audit_all(s->id), a);
}

START_TEST(test_adjust_refused)
{
	struct shop	 s;
	char		*number;

	shop_open(&s);
	number = account_new(&s, "-100");
	refused(&s, number, "credit", "10", "", "Give the reason for this "
	    "correction.");
	refused(&s, number, "credit", "10", "   ", "Give the reason");
	refused(&s, number, "credit", "10", "bad\x01reason", "control "
	    "characters");
	refused(&s, number, "", "10", "Reason", "Choose whether to credit or "
	    "charge the customer.");
	refused(&s, number, "both", "10", "Reason", "Choose whether");
	refused(&s, number, "credit", "", "Reason", "Enter the amount of the "
	    "adjustment.");
	refused(&s, number, "credit", "0", "Reason", "Enter an amount above "
	    "zero.");
	refused(&s, number, "credit", "-5", "Reason", "This cannot be "
	    "negative.");
	refused(&s, number, "credit", "1.234", "Reason", "aria-describedby="
	    "\"amount-error\"");
	refused(&s, number, "charge", "99999999999999999999", "Reason",
	    "aria-describedby=\"amount-error\"");
	refused(&s, number, "charge", "ten", "Reason",
	    "aria-describedby=\"amount-error\"");
	/* The person's input comes back. */
	refused(&s, number, "charge", "12.5", "", "value=\"12.5\"");
	ck_assert_int_eq(entries(&s), 1);
	itest_ledger_check();
	free(number);
	shop_close(&s);
}
END_TEST

START_TEST(test_adjust_stale_and_twice)
{
	struct shop	 s;
	struct response	 resp;
	char		*number, *once, *version, path[96];
	long long	 n;

	shop_open(&s);
	number = account_new(&s, "-100");
	snprintf(path, sizeof(path), "/accounts/%s/adjust", number);
	form_tokens(&s.c, path, &once, &version);
	/* The account moves on while the form is open. */
	adjust_ok(&s, number, "charge", "5", 2);
	n = entries(&s);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    "once", once, "version", version, "direction", "credit", "amount",
	    "40", "note", "Stale", NULL), &resp), 409);
	ck_assert(response_contains(&resp, "The account changed since this "
	    "form was shown."));
	ck_assert(response_contains(&resp, "€105.00 owing"));
	ck_assert(response_contains(&resp, "value=\"40\""));
	free(version);
	version = html_input_value(resp.body, "version");
	response_free(&resp);
	ck_assert_int_eq(entries(&s), n);
	ck_assert_int_eq(balance(&s, number), -10500);

	/* Sent again with the new figures it posts, once. */
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    "once", once, "version", version, "direction", "credit", "amount",
	    "40", "note", "Fresh", NULL), &resp), 303);
	expect_see_other(&resp, entry_path(&s, "A000001", 3, ""));
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    "once", once, "version", version, "direction", "credit", "amount",
	    "40", "note", "Fresh", NULL), &resp), 303);
	expect_see_other(&resp, entry_path(&s, "A000001", 3, ""));
	ck_assert_int_eq(entries(&s), n + 1);
	ck_assert_int_eq(balance(&s, number), -6500);

	/* Hidden fields no form of ours sends. */
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    "once", "nope", "version", version, "direction", "credit",
	    "amount", "40", "note", "Fresh", NULL), NULL), 400);
	ck_assert_int_eq(entries(&s), n + 1);
	free(once);
	free(version);
	itest_ledger_check();
	free(number);
	shop_close(&s);
}
END_TEST

START_TEST(test_reverse_charge)
{
	struct shop	 s;
	struct response	 resp;
	char		*number;
	long long	 n, a;

	shop_open(&s);
	number = account_new(&s, "-100");
	adjust_ok(&s, number, "charge", "30", 2);
	ck_assert_int_eq(shop_get(&s.c, entry_path(&s, "A000001", 2, "/reverse"),
	    &resp), 200);
	ck_assert(response_contains(&resp, "credits the customer €30.00"));
	response_free(&resp);

	reverse(&s.c, s.csrf, number, nth(&s, 2), "", &resp);
	expect_refused(&resp, "Give the reason for this correction.");
	ck_assert_int_eq(entries(&s), 2);

	reverse(&s.c, s.csrf, number, nth(&s, 2), "Charged in error", &resp);
	expect_see_other(&resp, entry_path(&s, "A000001", 3, ""));
	ck_assert_int_eq(balance(&s, number), -10000);
	/* The reversal closes the charge it reverses, not the oldest one. */
	ck_assert_int_eq(open_amount(&s, nth(&s, 2)), 0);
	ck_assert_int_eq(open_amount(&s, nth(&s, 1)), 10000);
	ck_assert_int_eq(open_amount(&s, nth(&s, 3)), 0);
	ck_assert_int_eq(sql_long("SELECT amount FROM ledger_entries WHERE "
	    "store_id = %lld AND number = '%s' AND kind = 'reversal' AND "
	    "note = 'Charged in error' AND reverses_id = (SELECT id FROM "
	    "ledger_entries WHERE store_id = %lld AND number = '%s')",
	    s.id, nth(&s, 3), s.id, nth(&s, 2)), 3000);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'entry.reverse'", s.id), 1);

	/* Twice: the page says so, and a post changes nothing. */
	n = entries(&s);
	a = audit_all(s.id);
	ck_assert_int_eq(shop_get(&s.c, entry_path(&s, "A000001", 2, "/reverse"),
	    &resp), 200);
	ck_assert(response_contains(&resp, "That entry has been reversed "
	    "already."));
	ck_assert(!response_contains(&resp, "name=\"note\""));
	response_free(&resp);
	reverse(&s.c, s.csrf, number, nth(&s, 2), "Again", &resp);
	expect_refused(&resp, "That entry has been reversed already.");

	/* A reversal is not reversed. */
	ck_assert_int_eq(shop_get(&s.c, entry_path(&s, "A000001", 3, "/reverse"),
	    &resp), 200);
	ck_assert(response_contains(&resp, "A reversal cannot itself be "
	    "reversed."));
	response_free(&resp);
	reverse(&s.c, s.csrf, number, nth(&s, 3), "Undo", &resp);
	expect_refused(&resp, "A reversal cannot itself be reversed.");
	ck_assert_int_eq(entries(&s), n);
	ck_assert_int_eq(audit_all(s.id), a);
	ck_assert_int_eq(balance(&s, number), -10000);
	itest_ledger_check();
	free(number);
	shop_close(&s);
}
END_TEST

/* Posts count sales of amount (minor units) on account number through the ledger (tests/integration/seed_sales). */
static void
sales_seed(const struct shop *s, const char *number, int count, long amount)
{
	char	 cmd[1024];
	int	 rc;

	snprintf(cmd, sizeof(cmd), "'%s/tests/integration/seed_sales' '%s' "
	    "'%s' %d %ld", getenv("SLATE_BUILD"), s->code, number, count,
	    amount);
	rc = system(cmd);
	ck_assert_msg(rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 0,
	    "seed_sales failed: %s", cmd);
}

/* A reversed sale's open amount is closed by the reversal, whatever is older. */
START_TEST(test_reverse_sale)
{
	struct shop	 s;
	struct response	 resp;
	char		*number;

	shop_open(&s);
	number = account_new(&s, "-100");
	sales_seed(&s, number, 2, 2000);
	adjust_ok(&s, number, "credit", "50", 4);
	ck_assert_int_eq(open_amount(&s, nth(&s, 1)), 5000);
	ck_assert_int_eq(open_amount(&s, nth(&s, 2)), 2000);
	ck_assert_int_eq(open_amount(&s, nth(&s, 3)), 2000);
	ck_assert_int_eq(shop_get(&s.c, entry_path(&s, "A000001", 3, "/reverse"),
	    &resp), 200);
	ck_assert(response_contains(&resp, "Sale on account"));
	response_free(&resp);
	reverse(&s.c, s.csrf, number, nth(&s, 3), "Returned goods", &resp);
	expect_see_other(&resp, entry_path(&s, "A000001", 5, ""));
	ck_assert_int_eq(balance(&s, number), -7000);
	ck_assert_int_eq(open_amount(&s, nth(&s, 3)), 0);
	ck_assert_int_eq(open_amount(&s, nth(&s, 2)), 2000);
	ck_assert_int_eq(open_amount(&s, nth(&s, 1)), 5000);
	ck_assert_int_eq(open_amount(&s, nth(&s, 5)), 0);
	ck_assert_int_eq(owed_by_items(&s, number), 7000);
	itest_ledger_check();
	free(number);
	shop_close(&s);
}
END_TEST

/* Reversing a credit opens what it had settled again, as a new charge. */
START_TEST(test_reverse_credit)
{
	struct shop	 s;
	struct response	 resp;
	char		*number, *side;

	shop_open(&s);
	number = account_new(&s, "-100");
	adjust_ok(&s, number, "credit", "40", 2);
	ck_assert_int_eq(open_amount(&s, nth(&s, 1)), 6000);
	reverse(&s.c, s.csrf, number, nth(&s, 2), "Payment bounced", &resp);
	expect_see_other(&resp, entry_path(&s, "A000001", 3, ""));
	ck_assert_int_eq(balance(&s, number), -10000);
	ck_assert_int_eq(open_amount(&s, nth(&s, 1)), 6000);
	ck_assert_int_eq(open_amount(&s, nth(&s, 3)), 4000);
	side = item_side(&s, nth(&s, 3));
	ck_assert_str_eq(side, "D");
	free(side);
	ck_assert_int_eq(owed_by_items(&s, number), 10000);

	/* In credit: reversing the opening charge leaves credit in hand. */
	free(number);
	number = account_new(&s, "50");
	reverse(&s.c, s.csrf, number, nth(&s, 4), "Opened by mistake", &resp);
	expect_see_other(&resp, entry_path(&s, "A000002", 5, ""));
	ck_assert_int_eq(balance(&s, number), 0);
	ck_assert_int_eq(open_amount(&s, nth(&s, 4)), 0);
	ck_assert_int_eq(open_amount(&s, nth(&s, 5)), 0);
	itest_ledger_check();
	free(number);
	shop_close(&s);
}
END_TEST

START_TEST(test_not_found)
{
	struct shop	 s, t;
	char		*mine, *theirs;

	shop_open(&s);
	shop_open(&t);
	mine = account_new(&s, "-10");
	theirs = account_new(&t, "-20");
	ck_assert_str_eq(mine, theirs);
	/* The same number in another store is another account. */
	ck_assert_int_ne(account_id(&s, mine), account_id(&t, theirs));
	ck_assert_int_eq(shop_get(&s.c, "/accounts/A000009/adjust", NULL),
	    404);
	/* Another store's entry is not reachable from this one. */
	ck_assert_int_eq(shop_get(&s.c, entry_path(&t, "A000001", 1,
	    "/reverse"),
	    NULL), 404);
	ck_assert_int_eq(shop_get(&s.c, entry_path(&s, "A000009", 1,
	    "/reverse"),
	    NULL), 404);
	ck_assert_int_eq(shop_post(&s.c, "/accounts/A000009/adjust",
	    form_encode("csrf", s.csrf, NULL), NULL), 404);
	ck_assert_int_eq(shop_post(&s.c, entry_path(&t, "A000001", 1,
	    "/reverse"), form_encode("csrf", s.csrf, NULL), NULL), 404);
	ck_assert_int_eq(balance(&t, theirs), -2000);
	free(mine);
	free(theirs);
	shop_close(&t);
	shop_close(&s);
}
END_TEST

/* Sets the manager code of the signed-in client c. */
static void
set_code(struct client *c, const char *csrf, const char *code)
{
	struct response	 resp;

	ck_assert_int_eq(shop_post(c, "/profile/manager-code",
	    form_encode("csrf", csrf, "current_password", SHOP_PASSWORD,
	    "manager_code", code, "confirm_code", code, "do", "set", NULL),
	    &resp), 303);
	response_free(&resp);
}

/* Posts an adjustment form of the clerk with the manager fields. */
static long
clerk_adjust(struct client *c, const char *csrf, const char *manager,
    const char *code, struct response *resp)
{
	char	*once, *version;
	long	 status;

	form_tokens(c, "/accounts/A000001/adjust", &once, &version);
	status = shop_post(c, "/accounts/A000001/adjust", form_encode("csrf",
	    csrf, "once", once, "version", version, "direction", "credit",
	    "amount", "10", "note", "Goodwill", "manager_id", manager,
	    "manager_code", code, NULL), resp);
	free(once);
	free(version);
	return status;
}

START_TEST(test_clerk_needs_manager_code)
{
	struct shop	 s;
	struct client	 clerk;
	struct response	 resp;
	char		*email, *csrf, *number, admin[24];

	shop_open(&s);
	set_code(&s.c, s.csrf, ADMIN_CODE);
	snprintf(admin, sizeof(admin), "%lld", s.admin_id);
	number = account_new(&s, "-100");
	email = itest_email("clerk");
	shop_staff_add(s.code, email, "Clerk");
	shop_sign_in(&clerk, email, SHOP_PASSWORD, &csrf);

	ck_assert_int_eq(shop_get(&clerk, "/accounts/A000001/adjust", &resp),
	    200);
	ck_assert(response_contains(&resp, "name=\"manager_code\""));
	response_free(&resp);
	clerk_adjust(&clerk, csrf, "", "", &resp);
	expect_refused(&resp, "Choose the manager who approves this.");
	clerk_adjust(&clerk, csrf, admin, "1111", &resp);
	expect_refused(&resp, "The manager or the code is not right.");
	ck_assert_int_eq(entries(&s), 1);

	clerk_adjust(&clerk, csrf, admin, ADMIN_CODE, &resp);
	expect_see_other(&resp, entry_path(&s, "A000001", 2, ""));
	ck_assert_int_eq(balance(&s, number), -9000);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "store_id = %lld AND number = '%s' AND approver_id = %lld "
	    "AND staff_id = %lld", s.id, nth(&s, 2), s.admin_id,
	    shop_staff_id(email)), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'entry.post' AND approver_id = %lld",
	    s.id, s.admin_id), 1);

	/* A group without the permission gets 403 and posts nothing. */
	sql_exec("UPDATE group_permissions SET level = 0 WHERE group_id = "
	    "%lld AND permission = 'adjust_entries'", shop_group_id(s.id,
	    "Clerk"));
	ck_assert_int_eq(shop_get(&clerk, "/accounts/A000001/adjust", NULL),
	    403);
	ck_assert_int_eq(shop_get(&clerk, entry_path(&s, "A000001", 1, "/reverse"),
	    NULL), 403);
	ck_assert_int_eq(shop_post(&clerk, "/accounts/A000001/adjust",
	    form_encode("csrf", csrf, NULL), NULL), 403);
	ck_assert_int_eq(entries(&s), 2);
	itest_ledger_check();
	client_free(&clerk);
	free(csrf);
	free(email);
	free(number);
	shop_close(&s);
}
END_TEST

static Suite *
adjustments_suite(void)
{
	Suite	*s = suite_create("adjustments");
	TCase	*tc = itest_tcase("adjustments");

	tcase_add_test(tc, test_adjust_both_ways);
	tcase_add_test(tc, test_adjust_refused);
	tcase_add_test(tc, test_adjust_stale_and_twice);
	tcase_add_test(tc, test_reverse_charge);
	tcase_add_test(tc, test_reverse_sale);
	tcase_add_test(tc, test_reverse_credit);
	tcase_add_test(tc, test_not_found);
	tcase_add_test(tc, test_clerk_needs_manager_code);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	int	 rc;

	shop_begin();
	rc = itest_run(adjustments_suite());
	if (shop_cleanup() == -1)
		rc = EXIT_FAILURE;
	return rc;
}
