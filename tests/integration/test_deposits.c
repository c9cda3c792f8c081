/* test_deposits.c: deposits (what they post, every refusal, stale and repeated forms, a manager's code), receipts, and emailing them. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "client.h"
#include "shop.h"

#define ADMIN_CODE	"2468"

/* What must not move when a deposit is refused. */
struct snapshot {
	long long	 balance, version, entries, audit, items, open;
};

/* A deposit form as shown: its one-time token and account version. */
struct shown {
	char		*once;
	char		*version;
};

/* Adds a customer with email (NULL: none) to the shop's store; returns its code (free it). */
static char *
customer_new(const struct shop *s, const char *name, const char *email)
{
	char	*out = NULL, *err = NULL, *nl;
	int	 rc;

	rc = email != NULL ?
	    itest_slatectl(NULL, &out, &err, "customer", "add", "--name", name,
	    "--email", email, "--store", s->code, NULL) :
	    itest_slatectl(NULL, &out, &err, "customer", "add", "--name", name,
	    "--store", s->code, NULL);
	ck_assert_msg(rc == 0, "slatectl customer add: %s", err);
	if ((nl = strrchr(out, '\n')) != NULL)
		*nl = '\0';
	free(err);
	return out;
}

/* Opens an account with opening balance opening ("" for none), pay later and limit 100; returns its number (free it). */
static char *
account_new(const struct shop *s, const char *customer, const char *opening)
{
	char	*out = NULL, *err = NULL, *nl;
	int	 rc;

	rc = itest_slatectl(NULL, &out, &err, "account", "add", "--customer",
	    customer, "--limit", "100", "--pay-later", "--opening",
	    *opening != '\0' ? opening : "0", "--store", s->code, NULL);
	ck_assert_msg(rc == 0, "slatectl account add: %s", err);
	if ((nl = strrchr(out, '\n')) != NULL)
		*nl = '\0';
	free(err);
	return out;
}

/* A whole-number column of account number of the shop's store. */
static long long
account_long(const struct shop *s, const char *column, const char *number)
{
	return sql_long("SELECT %s FROM accounts WHERE store_id = %lld AND "
	    "number = '%s'", column, s->id, number);
}

static void
snapshot_take(const struct shop *s, const char *number, struct snapshot *n)
{
	long long	 id = account_long(s, "id", number);

	n->balance = account_long(s, "balance", number);
	n->version = account_long(s, "version", number);
	n->entries = sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "account_id = %lld", id);
	n->audit = sql_long("SELECT COUNT(*) FROM audit_log WHERE store_id = "
	    "%lld", s->id);
	n->items = sql_long("SELECT COUNT(*) FROM open_items WHERE "
	    "account_id = %lld", id);
	n->open = sql_long("SELECT COALESCE(SUM(open_amount), 0) FROM "
	    "open_items WHERE account_id = %lld", id);
}

/* Fails unless nothing of the account moved since before. */
static void
snapshot_same(const struct shop *s, const char *number,
    const struct snapshot *before, const char *what)
{
	struct snapshot	 now;

	snapshot_take(s, number, &now);
	ck_assert_msg(now.balance == before->balance &&
	    now.version == before->version &&
	    now.entries == before->entries && now.audit == before->audit &&
	    now.items == before->items && now.open == before->open,
	    "%s changed the account", what);
}

/* GETs the deposit form of number as c and reads its hidden fields. */
static void
form_show(struct client *c, const char *number, struct shown *f)
{
	struct response	 resp;
	char		 path[64];

	snprintf(path, sizeof(path), "/accounts/%s/deposit", number);
	ck_assert_int_eq(shop_get(c, path, &resp), 200);
	f->once = html_input_value(resp.body, "once");
	f->version = html_input_value(resp.body, "version");
	ck_assert_ptr_nonnull(f->once);
	ck_assert_ptr_nonnull(f->version);
	response_free(&resp);
}

static void
shown_free(struct shown *f)
{
	free(f->once);
	free(f->version);
}

/* POSTs a deposit of amount by method with reference and note, as shown in f. */
static long
deposit_post(struct client *c, const char *csrf, const char *number,
    const struct shown *f, const char *amount, const char *method,
    const char *reference, const char *note, struct response *resp)
{
	char	 path[64];

	snprintf(path, sizeof(path), "/accounts/%s/deposit", number);
	return shop_post(c, path, form_encode("csrf", csrf, "once", f->once,
	    "version", f->version, "amount", amount, "method", method,
	    "reference", reference, "note", note, NULL), resp);
}

/* The number of the newest entry of account number. */
static char *
newest_entry(const struct shop *s, const char *number)
{
	return sql_str("SELECT e.number FROM ledger_entries e JOIN accounts a "
	    "ON a.id = e.account_id WHERE a.store_id = %lld AND a.number = "
	    "'%s' ORDER BY e.id DESC LIMIT 1", s->id, number);
}

/* Posts a deposit from a fresh form and expects the receipt; returns the entry number (free it). */
static char *
deposit_ok(struct shop *s, const char *number, const char *amount,
    const char *method, const char *reference, const char *note)
{
	struct response	 resp;
	struct shown	 f;
	char		*entry, where[80];

	form_show(&s->c, number, &f);
	ck_assert_int_eq(deposit_post(&s->c, s->csrf, number, &f, amount,
	    method, reference, note, &resp), 303);
	entry = newest_entry(s, number);
	snprintf(where, sizeof(where), "/accounts/%s/entries/%s", number,
	    entry);
	expect_see_other(&resp, where);
	shown_free(&f);
	return entry;
}

/* A column of entry number of the shop's store, as a number. */
static long long
entry_long(const struct shop *s, const char *column, const char *entry)
{
	return sql_long("SELECT %s FROM ledger_entries WHERE store_id = %lld "
	    "AND number = '%s'", column, s->id, entry);
}

/* The open amount of the item of entry of the shop's store. */
static long long
open_of(const struct shop *s, const char *entry)
{
	return sql_long("SELECT o.open_amount FROM open_items o JOIN "
	    "ledger_entries e ON e.id = o.entry_id WHERE e.store_id = %lld "
	    "AND e.number = '%s'", s->id, entry);
}

/* A deposit on an owing account pays the oldest charge; the rest is credit in hand. */
START_TEST(test_deposit_pays_charges)
{
	struct shop	 s;
	struct response	 resp;
	char		*code, *number, *opening, *d1, *d2, path[96];
	long long	 audit;

	shop_open(&s);
	code = customer_new(&s, "Dora Deposit", NULL);
	number = account_new(&s, code, "-30");
	opening = newest_entry(&s, number);
	ck_assert_int_eq(account_long(&s, "balance", number), -3000);
	audit = audit_all(s.id);

	/* 20.00 pays part of the 30.00 charge: 10.00 still owed, nothing in hand. */
	d1 = deposit_ok(&s, number, "20", "cash", "SLIP-1", "first part");
	ck_assert_int_eq(account_long(&s, "balance", number), -1000);
	ck_assert_int_eq(entry_long(&s, "amount", d1), 2000);
	ck_assert_int_eq(entry_long(&s, "balance_after", d1), -1000);
	ck_assert_int_eq(entry_long(&s, "staff_id", d1), s.admin_id);
	ck_assert(entry_long(&s, "approver_id IS NULL", d1));
	ck_assert_str_eq(sql_str("SELECT CONCAT(kind, '/', payment_method, "
	    "'/', reference, '/', note) FROM ledger_entries WHERE store_id = "
	    "%lld AND number = '%s'", s.id, d1),
	    "deposit/cash/SLIP-1/first part");
	ck_assert_int_eq(open_of(&s, opening), 1000);
	ck_assert_int_eq(open_of(&s, d1), 0);
	ck_assert_int_eq(audit_all(s.id), audit + 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'entry.post' AND object_id = '%s'",
	    s.id, number), 1);

	/* 50.00 pays the 10.00 left and keeps 40.00 in hand. */
	d2 = deposit_ok(&s, number, "€50.00", "card", "", "");
	ck_assert_int_eq(account_long(&s, "balance", number), 4000);
	ck_assert_int_eq(open_of(&s, opening), 0);
	ck_assert(sql_long("SELECT o.closed_at IS NOT NULL FROM open_items o "
	    "JOIN ledger_entries e ON e.id = o.entry_id WHERE e.store_id = "
	    "%lld AND e.number = '%s'", s.id, opening));
	ck_assert_int_eq(open_of(&s, d2), 4000);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM allocations al JOIN "
	    "ledger_entries e ON e.id = al.credit_entry_id WHERE "
	    "e.store_id = %lld AND e.number = '%s' AND al.amount = 1000",
	    s.id, d2), 1);

	/* The receipt: what, how much, how paid, what it paid and kept. */
	snprintf(path, sizeof(path), "/accounts/%s/entries/%s", number, d2);
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	ck_assert(response_contains(&resp, "Receipt "));
	ck_assert(response_contains(&resp, d2));
	ck_assert(response_contains(&resp, "Test store"));
	ck_assert(response_contains(&resp, "Dora Deposit"));
	ck_assert(response_contains(&resp, "<dd class=\"kind\">Deposit</dd>"));
	ck_assert(response_contains(&resp, "€50.00 credited to the account"));
	ck_assert(response_contains(&resp, "<dd class=\"method\">Card</dd>"));
	ck_assert(response_contains(&resp, "<dd class=\"balance\">€40.00 in "
	    "credit</dd>"));
	ck_assert(response_contains(&resp, "<td>"));
	ck_assert(response_contains(&resp, opening));
	ck_assert(response_contains(&resp, "<td class=\"num\">€10.00</td>"));
	ck_assert(response_contains(&resp, "<dd class=\"unapplied\">€40.00"
	    "</dd>"));
	ck_assert(response_contains(&resp, "(UTC)"));
	ck_assert(!response_contains(&resp, "Approved by"));
	response_free(&resp);
	snprintf(path, sizeof(path), "/accounts/%s/entries/%s", number, d1);
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	ck_assert(response_contains(&resp, "<dd class=\"reference\">SLIP-1"
	    "</dd>"));
	ck_assert(response_contains(&resp, "first part"));
	ck_assert(response_contains(&resp, "€10.00 owing"));
	response_free(&resp);
	itest_ledger_check();
	free(code);
	free(number);
	free(opening);
	free(d1);
	free(d2);
	shop_close(&s);
}
END_TEST

/* A refused field: 422 with the message beside it, and nothing posted. */
static void
field_refused(struct shop *s, const char *number, const char *amount,
    const char *method, const char *reference, const char *note,
    const char *field, const char *what)
{
	struct response	 resp;
	struct snapshot	 before;
	struct shown	 f;
	char		 id[48];

	form_show(&s->c, number, &f);
	snapshot_take(s, number, &before);
	deposit_post(&s->c, s->csrf, number, &f, amount, method, reference,
	    note, &resp);
	snprintf(id, sizeof(id), "aria-describedby=\"%s-error\"", field);
	ck_assert_msg(response_contains(&resp, id), "'%s' '%s': nothing "
	    "beside %s", amount, method, field);
	/* The person's input comes back. */
	ck_assert(response_contains(&resp, "name=\"once\" value=\""));
	expect_refused(&resp, what);
	snapshot_same(s, number, &before, what);
	shown_free(&f);
}

/* Every kind of bad input is refused beside its field and posts nothing. */
START_TEST(test_bad_input)
{
	struct shop	 s;
	char		*code, *number, longref[80];

	shop_open(&s);
	code = customer_new(&s, "Bad Input", NULL);
	number = account_new(&s, code, "-10");
	field_refused(&s, number, "0", "cash", "", "", "amount",
	    "above zero");
	field_refused(&s, number, "", "cash", "", "", "amount",
	    "Enter the amount");
	field_refused(&s, number, "-5", "cash", "", "", "amount", "amount-error");
	field_refused(&s, number, "1.234", "cash", "", "", "amount",
	    "amount-error");
	field_refused(&s, number, "99999999999999999", "cash", "", "",
	    "amount", "amount-error");
	field_refused(&s, number, "ten", "cash", "", "", "amount",
	    "amount-error");
	field_refused(&s, number, "5", "bitcoin", "", "", "method",
	    "Choose a payment method from the list.");
	field_refused(&s, number, "5", "", "", "", "method",
	    "Choose how the customer paid.");
	/* The store has taken no cheques since it was made. */
	field_refused(&s, number, "5", "cheque", "", "", "method",
	    "does not take that payment method");
	/* Bank transfers need the store's business bank account first. */
	sql_exec("UPDATE stores SET pay_bank_transfer = 1 WHERE id = %lld",
	    s.id);
	field_refused(&s, number, "5", "bank_transfer", "", "", "method",
	    "Set one up in Settings");
	memset(longref, 'R', 65);
	longref[65] = '\0';
	field_refused(&s, number, "5", "cash", longref, "", "reference",
	    "too long");
	field_refused(&s, number, "5", "cash", "SLIP\x01", "", "reference",
	    "control characters");
	field_refused(&s, number, "5", "cash", "", "line\x1b", "note",
	    "control characters");
	/* The form itself says how to set up bank transfers. */
	{
		struct response	 resp;
		char		 path[64];

		snprintf(path, sizeof(path), "/accounts/%s/deposit", number);
		ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
		ck_assert(response_contains(&resp, "href=\"/settings\""));
		ck_assert(!response_contains(&resp, "value=\"bank_transfer\""));
		response_free(&resp);
	}
	/* With a bank account, bank transfers are taken. */
	sql_exec("UPDATE stores SET bank_iban = 'DE89370400440532013000' "
	    "WHERE id = %lld", s.id);
	free(deposit_ok(&s, number, "5", "bank_transfer", "", ""));
	ck_assert_int_eq(account_long(&s, "balance", number), -500);
	itest_ledger_check();
	free(code);
	free(number);
	shop_close(&s);
}
END_TEST

/* An inactive account takes no deposit; one on hold does. */
START_TEST(test_inactive_and_hold)
{
	struct shop	 s;
	struct response	 resp;
	struct snapshot	 before;
	struct shown	 f;
	char		*code, *number;

	shop_open(&s);
	code = customer_new(&s, "Sleepy", NULL);
	number = account_new(&s, code, "");
	sql_exec("UPDATE accounts SET active = 0 WHERE store_id = %lld AND "
	    "number = '%s'", s.id, number);
	form_show(&s.c, number, &f);
	snapshot_take(&s, number, &before);
	deposit_post(&s.c, s.csrf, number, &f, "10", "cash", "", "", &resp);
	ck_assert(response_contains(&resp, "aria-describedby=\"amount-error\""));
	expect_refused(&resp, "The account is inactive");
	snapshot_same(&s, number, &before, "a deposit on an inactive account");
	shown_free(&f);

	sql_exec("UPDATE accounts SET active = 1, on_hold = 1, hold_reason = "
	    "'Checking' WHERE store_id = %lld AND number = '%s'", s.id,
	    number);
	free(deposit_ok(&s, number, "10", "cash", "", ""));
	ck_assert_int_eq(account_long(&s, "balance", number), 1000);
	itest_ledger_check();
	free(code);
	free(number);
	shop_close(&s);
}
END_TEST

/* A form shown before the account changed is refused with the new figures; sent again, it posts once. */
START_TEST(test_stale_form)
{
	struct shop	 s;
	struct response	 resp;
	struct snapshot	 before;
	struct shown	 stale, again;
	char		*code, *number, *entry, where[80];

	shop_open(&s);
	code = customer_new(&s, "Stale Form", NULL);
	number = account_new(&s, code, "");
	form_show(&s.c, number, &stale);
	free(deposit_ok(&s, number, "7", "cash", "", ""));
	snapshot_take(&s, number, &before);
	ck_assert_int_eq(deposit_post(&s.c, s.csrf, number, &stale, "3",
	    "cash", "", "", &resp), 409);
	ck_assert(response_contains(&resp, "changed since this form was "
	    "shown"));
	ck_assert(response_contains(&resp, "€7.00 in credit"));
	ck_assert(response_contains(&resp, "value=\"3\""));
	snapshot_same(&s, number, &before, "a stale form");
	/* The page carries the new version and the same token. */
	again.once = html_input_value(resp.body, "once");
	again.version = html_input_value(resp.body, "version");
	ck_assert_str_eq(again.once, stale.once);
	ck_assert_str_ne(again.version, stale.version);
	response_free(&resp);
	ck_assert_int_eq(deposit_post(&s.c, s.csrf, number, &again, "3",
	    "cash", "", "", &resp), 303);
	entry = newest_entry(&s, number);
	snprintf(where, sizeof(where), "/accounts/%s/entries/%s", number,
	    entry);
	expect_see_other(&resp, where);
	ck_assert_int_eq(account_long(&s, "balance", number), 1000);
	itest_ledger_check();
	shown_free(&stale);
	shown_free(&again);
	free(entry);
	free(code);
	free(number);
	shop_close(&s);
}
END_TEST

/* The same form sent twice posts once; the second answer goes to the same receipt. */
START_TEST(test_double_submit)
{
	struct shop	 s;
	struct response	 resp;
	struct snapshot	 after;
	struct shown	 f;
	char		*code, *number, *first, *second;

	shop_open(&s);
	code = customer_new(&s, "Twice", NULL);
	number = account_new(&s, code, "");
	form_show(&s.c, number, &f);
	ck_assert_int_eq(deposit_post(&s.c, s.csrf, number, &f, "12", "cash",
	    "", "", &resp), 303);
	first = response_header(&resp, "Location");
	response_free(&resp);
	snapshot_take(&s, number, &after);
	ck_assert_int_eq(deposit_post(&s.c, s.csrf, number, &f, "12", "cash",
	    "", "", &resp), 303);
	second = response_header(&resp, "Location");
	response_free(&resp);
	ck_assert_str_eq(first, second);
	snapshot_same(&s, number, &after, "the same form sent again");
	ck_assert_int_eq(account_long(&s, "balance", number), 1200);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries e JOIN "
	    "accounts a ON a.id = e.account_id WHERE a.store_id = %lld AND "
	    "a.number = '%s' AND e.kind = 'deposit'", s.id, number), 1);
	itest_ledger_check();
	shown_free(&f);
	free(first);
	free(second);
	free(code);
	free(number);
	shop_close(&s);
}
END_TEST

/* Sets the manager code of the shop's Administrator. */
static void
admin_code_set(struct shop *s)
{
	struct response	 resp;

	ck_assert_int_eq(shop_post(&s->c, "/profile/manager-code",
	    form_encode("csrf", s->csrf, "current_password", SHOP_PASSWORD,
	    "manager_code", ADMIN_CODE, "confirm_code", ADMIN_CODE, "do",
	    "set", NULL), &resp), 303);
	response_free(&resp);
}

/* A Clerk's deposit as shown in f, approved by manager with code (NULL: none). */
static long
clerk_post(struct client *c, const char *csrf, const char *number,
    const struct shown *f, long long manager, const char *code,
    struct response *resp)
{
	char	 path[64], mid[24];

	snprintf(path, sizeof(path), "/accounts/%s/deposit", number);
	snprintf(mid, sizeof(mid), "%lld", manager);
	return shop_post(c, path, form_encode("csrf", csrf, "once", f->once,
	    "version", f->version, "amount", "15", "method", "cash",
	    "reference", "", "note", "", "manager_id", manager > 0 ? mid : "",
	    "manager_code", code != NULL ? code : "", NULL), resp);
}

/* A Clerk takes a deposit only with a manager's code; the approver is kept. */
START_TEST(test_manager_code)
{
	struct shop	 s;
	struct client	 clerk;
	struct response	 resp;
	struct snapshot	 before;
	struct shown	 f;
	char		*code, *number, *email, *csrf, *entry, *admin_name, where[80];

	shop_open(&s);
	admin_code_set(&s);
	email = itest_email("clerk");
	shop_staff_add(s.code, email, "Clerk");
	shop_sign_in(&clerk, email, SHOP_PASSWORD, &csrf);
	code = customer_new(&s, "Approved", NULL);
	number = account_new(&s, code, "");
	form_show(&clerk, number, &f);
	snapshot_take(&s, number, &before);

	ck_assert_int_eq(clerk_post(&clerk, csrf, number, &f, 0, NULL, &resp),
	    422);
	ck_assert(response_contains(&resp, "id=\"manager_code-error\""));
	ck_assert(response_contains(&resp, "value=\"15\""));
	response_free(&resp);
	ck_assert_int_eq(clerk_post(&clerk, csrf, number, &f, s.admin_id,
	    "1111", &resp), 422);
	ck_assert(response_contains(&resp, "id=\"manager_code-error\""));
	response_free(&resp);
	snapshot_same(&s, number, &before, "a deposit without a right code");

	ck_assert_int_eq(clerk_post(&clerk, csrf, number, &f, s.admin_id,
	    ADMIN_CODE, &resp), 303);
	entry = newest_entry(&s, number);
	snprintf(where, sizeof(where), "/accounts/%s/entries/%s", number,
	    entry);
	expect_see_other(&resp, where);
	ck_assert_int_eq(entry_long(&s, "approver_id", entry), s.admin_id);
	ck_assert_int_eq(entry_long(&s, "staff_id", entry),
	    shop_staff_id(email));
	ck_assert_int_eq(sql_long("SELECT approver_id FROM audit_log WHERE "
	    "store_id = %lld AND action = 'entry.post' ORDER BY id DESC "
	    "LIMIT 1", s.id), s.admin_id);
	admin_name = sql_str("SELECT name FROM staff WHERE id = %lld",
	    s.admin_id);
	ck_assert_int_eq(shop_get(&clerk, where, &resp), 200);
	ck_assert(response_contains(&resp, "Approved by"));
	ck_assert(response_contains(&resp, admin_name));
	response_free(&resp);
	itest_ledger_check();
	client_free(&clerk);
	shown_free(&f);
	free(admin_name);
	free(entry);
	free(email);
	free(csrf);
	free(code);
	free(number);
	shop_close(&s);
}
END_TEST

/* Receipts answer 404 for another store's entries, a wrong account, or no such entry. */
START_TEST(test_receipt_not_found)
{
	struct shop	 a, b;
	char		*ca, *cb, *na, *na2, *nb, *entry, path[96], *form;
	long long	 audit;

	shop_open(&a);
	shop_open(&b);
	ca = customer_new(&a, "Store A", NULL);
	na = account_new(&a, ca, "");
	na2 = account_new(&a, ca, "");
	entry = deposit_ok(&a, na, "9", "cash", "", "");
	cb = customer_new(&b, "Store B", NULL);
	nb = account_new(&b, cb, "");
	ck_assert_str_eq(na, nb);	/* numbers are per store */

	snprintf(path, sizeof(path), "/accounts/%s/entries/%s", na, entry);
	ck_assert_int_eq(shop_get(&b.c, path, NULL), 404);
	snprintf(path, sizeof(path), "/accounts/%s/entries/%s", na2, entry);
	ck_assert_int_eq(shop_get(&a.c, path, NULL), 404);
	snprintf(path, sizeof(path), "/accounts/%s/entries/E999999", na);
	ck_assert_int_eq(shop_get(&a.c, path, NULL), 404);
	snprintf(path, sizeof(path), "/accounts/A999999/entries/%s", entry);
	ck_assert_int_eq(shop_get(&a.c, path, NULL), 404);
	snprintf(path, sizeof(path), "/accounts/%s/deposit", "A999999");
	ck_assert_int_eq(shop_get(&a.c, path, NULL), 404);

	audit = audit_all(b.id);
	snprintf(path, sizeof(path), "/accounts/%s/entries/%s/email", na,
	    entry);
	form = form_encode("csrf", b.csrf, "email", "nobody@example.com",
	    NULL);
	ck_assert_int_eq(shop_post(&b.c, path, form, NULL), 404);
	ck_assert_int_eq(audit_all(b.id), audit);
	itest_ledger_check();
	free(ca);
	free(cb);
	free(na);
	free(na2);
	free(nb);
	free(entry);
	shop_close(&a);
	shop_close(&b);
}
END_TEST

/* The directory the instance keeps sent mail in. */
static void
mail_dir(char *out, size_t size)
{
	const char	*dir = getenv("SLATE_MAIL_DIR");
	const char	*var = getenv("SLATE_VAR");

	if (dir != NULL && *dir != '\0')
		snprintf(out, size, "%s", dir);
	else {
		ck_assert_msg(var != NULL, "set SLATE_MAIL_DIR or SLATE_VAR");
		snprintf(out, size, "%s/mail", var);
	}
}

/* Reads the whole of file path into a new string, or NULL. */
static char *
file_read(const char *path)
{
	FILE	*f = fopen(path, "r");
	char	*s;
	long	 n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = calloc(1, (size_t)n + 1);
	if (s != NULL && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	fclose(f);
	return s;
}

/*
 * The message sent to address (its "To:" line), removed from the mail
 * directory once read, or NULL when there is none.
 */
static char *
mail_take(const char *address)
{
	char		 dir[512], path[1024], to[300], *text, *found = NULL;
	struct dirent	*d;
	DIR		*dp;

	mail_dir(dir, sizeof(dir));
	snprintf(to, sizeof(to), "\r\nTo: %s\r\n", address);
	if ((dp = opendir(dir)) == NULL)
		return NULL;
	while (found == NULL && (d = readdir(dp)) != NULL) {
		if (strstr(d->d_name, ".eml") == NULL)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if ((text = file_read(path)) == NULL)
			continue;
		if (strstr(text, to) != NULL) {
			found = text;
			unlink(path);
		} else
			free(text);
	}
	closedir(dp);
	return found;
}

/* A receipt emailed: to the statement email by default, or one typed; bad addresses refused. */
START_TEST(test_receipt_email)
{
	struct shop	 s;
	struct response	 resp;
	char		*code, *number, *entry, *to, *msg, *typed, path[96];
	char		 where[200], *loc;
	long long	 audit;

	shop_open(&s);
	to = itest_email("receipt");
	code = customer_new(&s, "Mail Me", to);
	number = account_new(&s, code, "");
	entry = deposit_ok(&s, number, "25", "card", "R-25", "");
	snprintf(path, sizeof(path), "/accounts/%s/entries/%s", number, entry);
	/* The customer's email is filled in. */
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	ck_assert(response_contains(&resp, to));
	response_free(&resp);

	audit = audit_all(s.id);
	snprintf(path, sizeof(path), "/accounts/%s/entries/%s/email", number,
	    entry);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    "email", to, NULL), &resp), 303);
	loc = response_header(&resp, "Location");
	snprintf(where, sizeof(where), "/accounts/%s/entries/%s?sent=",
	    number, entry);
	ck_assert_msg(strncmp(loc, where, strlen(where)) == 0, "went to %s",
	    loc);
	response_free(&resp);
	ck_assert_int_eq(audit_all(s.id), audit + 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'receipt.email' AND object_id = "
	    "'%s'", s.id, entry), 1);
	ck_assert_int_eq(shop_get(&s.c, loc, &resp), 200);
	ck_assert(response_contains(&resp, "Receipt sent to"));
	response_free(&resp);
	free(loc);

	msg = mail_take(to);
	ck_assert_msg(msg != NULL, "no message to %s was kept", to);
	ck_assert(strncmp(msg, "From: ", 6) == 0);
	ck_assert(strstr(msg, "\r\nSubject: Receipt ") != NULL);
	ck_assert(strstr(msg, " from Test store\r\n") != NULL);
	ck_assert(strstr(msg, "\r\nDate: ") != NULL);
	ck_assert(strstr(msg, "\r\nMessage-ID: <") != NULL);
	ck_assert(strstr(msg, "\r\nMIME-Version: 1.0\r\n") != NULL);
	ck_assert(strstr(msg, "\r\nContent-Type: text/plain; charset=utf-8"
	    "\r\n") != NULL);
	ck_assert(strstr(msg, "\r\nContent-Transfer-Encoding: "
	    "quoted-printable\r\n") != NULL);
	ck_assert(strstr(msg, number) != NULL);
	ck_assert(strstr(msg, entry) != NULL);
	ck_assert(strstr(msg, "=E2=82=AC25.00 credited to the account") !=
	    NULL);
	ck_assert(strstr(msg, "Paid by:        Card") != NULL);
	ck_assert(strstr(msg, "R-25") != NULL);
	free(msg);

	/* Another address typed in the form. */
	typed = itest_email("typed");
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    "email", typed, NULL), NULL), 303);
	msg = mail_take(typed);
	ck_assert_msg(msg != NULL, "no message to %s was kept", typed);
	free(msg);

	/* Bad addresses, and tries at more than one: refused, nothing sent. */
	audit = audit_all(s.id);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    "email", "not-an-address", NULL), &resp), 422);
	ck_assert(response_contains(&resp, "aria-describedby=\"email-error\""));
	response_free(&resp);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    "email", "a,evil@example.com", NULL), &resp), 422);
	response_free(&resp);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    "email", "x@example.com\r\nBcc: evil@example.com", NULL), &resp),
	    422);
	response_free(&resp);
	ck_assert_int_eq(audit_all(s.id), audit);
	ck_assert_ptr_null(mail_take("evil@example.com"));
	itest_ledger_check();
	free(typed);
	free(to);
	free(code);
	free(number);
	free(entry);
	shop_close(&s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("deposits");
	TCase	*tc = itest_tcase("deposits");
	int	 rc;

	shop_begin();
	tcase_add_test(tc, test_deposit_pays_charges);
	tcase_add_test(tc, test_bad_input);
	tcase_add_test(tc, test_inactive_and_hold);
	tcase_add_test(tc, test_stale_form);
	tcase_add_test(tc, test_double_submit);
	tcase_add_test(tc, test_manager_code);
	tcase_add_test(tc, test_receipt_not_found);
	tcase_add_test(tc, test_receipt_email);
	suite_add_tcase(s, tc);
	rc = itest_run(s);
	if (shop_cleanup() == -1)
		rc = EXIT_FAILURE;
	return rc;
}
