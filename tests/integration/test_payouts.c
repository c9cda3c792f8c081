/* test_payouts.c: paying out credit in hand: cash, onto an existing gift card, onto a new one; refusals, stale and repeated forms, manager codes, stores. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "client.h"
#include "shop.h"

#define ADMIN_CODE	"2468"

/* What a payout changes, to tell that a refused one changed nothing. */
struct snapshot {
	long long	 balance, version, entries, audit, cards, card_entries;
	long long	 card_balances, items, allocations, submissions;
};

/* Adds a customer to the shop's store with slatectl; returns its code (free it). */
static char *
customer_new(const struct shop *s, const char *name)
{
	char	*out = NULL, *err = NULL, *nl;
	int	 rc;

	rc = itest_slatectl(NULL, &out, &err, "customer", "add", "--name",
	    name, "--store", s->code, NULL);
	ck_assert_msg(rc == 0, "slatectl customer add: %s", err);
	if ((nl = strrchr(out, '\n')) != NULL)
		*nl = '\0';
	free(err);
	return out;
}

/* Opens an account with an opening balance (as typed); returns its number (free it). */
static char *
account_new(const struct shop *s, const char *opening)
{
	char	*code, *out = NULL, *err = NULL, *nl;
	int	 rc;

	code = customer_new(s, "Payout Customer");
	rc = itest_slatectl(NULL, &out, &err, "account", "add", "--customer",
	    code, "--opening", opening, "--store", s->code, NULL);
	ck_assert_msg(rc == 0, "slatectl account add: %s", err);
	if ((nl = strrchr(out, '\n')) != NULL)
		*nl = '\0';
	free(err);
	free(code);
	return out;
}

/* A column of account number of the shop's store, as a number. */
static long long
account_long(const struct shop *s, const char *column, const char *number)
{
	return sql_long("SELECT %s FROM accounts WHERE store_id = %lld AND "
	    "number = '%s'", column, s->id, number);
}

/* The id of account number of the shop's store. */
static long long
account_id(const struct shop *s, const char *number)
{
	return account_long(s, "id", number);
}

static void
snapshot_take(const struct shop *s, const char *number, struct snapshot *n)
{
	long long	 id = account_id(s, number);

	n->balance = account_long(s, "balance", number);
	n->version = account_long(s, "version", number);
	n->entries = sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "store_id = %lld", s->id);
	n->audit = sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld", s->id);
	n->cards = sql_long("SELECT COUNT(*) FROM gift_cards WHERE "
	    "store_id = %lld", s->id);
	n->card_entries = sql_long("SELECT COUNT(*) FROM gift_card_entries "
	    "WHERE store_id = %lld", s->id);
	n->card_balances = sql_long("SELECT COALESCE(SUM(balance), 0) FROM "
	    "gift_cards WHERE store_id = %lld", s->id);
	n->items = sql_long("SELECT COALESCE(SUM(open_amount), 0) * 1000 + "
	    "COUNT(*) FROM open_items WHERE account_id = %lld", id);
	n->allocations = sql_long("SELECT COUNT(*) FROM allocations WHERE "
	    "account_id = %lld", id);
	n->submissions = sql_long("SELECT COUNT(form_token) FROM ledger_entries "
	    "WHERE store_id = %lld", s->id);
}

/* Fails unless nothing a payout writes changed since *before. */
static void
expect_unchanged(const struct shop *s, const char *number,
    const struct snapshot *before)
{
	struct snapshot	 now;

	snapshot_take(s, number, &now);
	ck_assert_int_eq(now.balance, before->balance);
	ck_assert_int_eq(now.version, before->version);
	ck_assert_int_eq(now.entries, before->entries);
	ck_assert_int_eq(now.audit, before->audit);
	ck_assert_int_eq(now.cards, before->cards);
	ck_assert_int_eq(now.card_entries, before->card_entries);
	ck_assert_int_eq(now.card_balances, before->card_balances);
	ck_assert_int_eq(now.items, before->items);
	ck_assert_int_eq(now.allocations, before->allocations);
	ck_assert_int_eq(now.submissions, before->submissions);
}

/* The hidden fields of a posting form GET from path (free both). */
static void
form_tokens(struct client *c, const char *path, char **once, char **version)
{
	struct response	 resp;

	ck_assert_int_eq(shop_get(c, path, &resp), 200);
	*once = html_input_value(resp.body, "once");
	*version = html_input_value(resp.body, "version");
	ck_assert_ptr_nonnull(*once);
	ck_assert_ptr_nonnull(*version);
	ck_assert_uint_eq(strlen(*once), 32);
	response_free(&resp);
}

/* POSTs a payout with the tokens of a form shown before; the answer goes to *resp. */
static long
payout_send(struct client *c, const char *csrf, const char *number,
    const char *once, const char *version, const char *amount,
    const char *way, const char *card, struct response *resp)
{
	char	 path[64];

	snprintf(path, sizeof(path), "/accounts/%s/payout", number);
	return shop_post(c, path, form_encode("csrf", csrf, "once", once,
	    "version", version, "amount", amount, "way", way, "card", card,
	    NULL), resp);
}

/* Shows the payout form, then sends it; the answer goes to *resp. */
static long
payout(struct client *c, const char *csrf, const char *number,
    const char *amount, const char *way, const char *card,
    struct response *resp)
{
	char	 path[64], *once, *version;
	long	 status;

	snprintf(path, sizeof(path), "/accounts/%s/payout", number);
	form_tokens(c, path, &once, &version);
	status = payout_send(c, csrf, number, once, version, amount, way,
	    card, resp);
	free(once);
	free(version);
	return status;
}

/* The newest entry of account number, its number (free it). */
static char *
last_entry(const struct shop *s, const char *number)
{
	return sql_str("SELECT e.number FROM ledger_entries e JOIN accounts a "
	    "ON a.id = e.account_id WHERE a.store_id = %lld AND a.number = "
	    "'%s' ORDER BY e.id DESC LIMIT 1", s->id, number);
}

/* Pays out and expects the 303 to the receipt of the new entry. */
static void
payout_ok(struct shop *s, const char *number, const char *amount,
    const char *way, const char *card)
{
	struct response	 resp;
	char		 where[80], *entry;

	ck_assert_int_eq(payout(&s->c, s->csrf, number, amount, way, card,
	    &resp), 303);
	entry = last_entry(s, number);
	snprintf(where, sizeof(where), "/accounts/%s/entries/%s", number,
	    entry);
	expect_see_other(&resp, where);
	free(entry);
}

/* The code of the store's newest gift card (free it). */
static char *
newest_card(const struct shop *s)
{
	return sql_str("SELECT code FROM gift_cards WHERE store_id = %lld "
	    "ORDER BY id DESC LIMIT 1", s->id);
}

/* A gift card's balance equals the sum of its entries. */
static void
card_sums(const struct shop *s, const char *code)
{
	ck_assert_int_eq(sql_long("SELECT g.balance - COALESCE((SELECT "
	    "SUM(e.amount) FROM gift_card_entries e WHERE e.card_id = g.id), "
	    "0) FROM gift_cards g WHERE g.store_id = %lld AND g.code = '%s'",
	    s->id, code), 0);
}

START_TEST(test_payout_cash)
{
	struct shop	 s;
	struct response	 resp;
	char		*number, *opening, *entry, path[64];
	long long	 id;

	shop_open(&s);
	number = account_new(&s, "100.00");
	id = account_id(&s, number);
	opening = last_entry(&s, number);
	snprintf(path, sizeof(path), "/accounts/%s/payout", number);
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	ck_assert(response_contains(&resp, "<dd class=\"in-hand\">"
	    "\xe2\x82\xac" "100.00</dd>"));
	ck_assert(response_contains(&resp, "name=\"way\" value=\"cash\" "
	    "checked"));
	response_free(&resp);

	payout_ok(&s, number, "30.00", "cash", "");
	entry = last_entry(&s, number);
	ck_assert_int_eq(account_long(&s, "balance", number), 7000);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "account_id = %lld AND number = '%s' AND kind = 'payout' AND "
	    "amount = -3000 AND balance_after = 7000 AND payment_method = "
	    "'cash' AND reference = '' AND staff_id = %lld AND approver_id "
	    "IS NULL", id, entry, s.admin_id), 1);
	/* The payout took the opening credit down; it is itself settled. */
	ck_assert_int_eq(sql_long("SELECT open_amount FROM open_items i JOIN "
	    "ledger_entries e ON e.id = i.entry_id WHERE e.account_id = %lld "
	    "AND e.number = '%s' AND i.side = 'C' AND i.closed_at IS NULL",
	    id, opening), 7000);
	ck_assert_int_eq(sql_long("SELECT open_amount FROM open_items i JOIN "
	    "ledger_entries e ON e.id = i.entry_id WHERE e.number = '%s' AND "
	    "e.account_id = %lld AND i.side = 'D' AND i.closed_at IS NOT "
	    "NULL", entry, id), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM allocations l JOIN "
	    "ledger_entries c ON c.id = l.credit_entry_id JOIN ledger_entries "
	    "d ON d.id = l.debit_entry_id WHERE l.account_id = %lld AND "
	    "c.number = '%s' AND d.number = '%s' AND l.amount = 3000", id,
	    opening, entry), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'entry.post' AND object_id = '%s' "
	    "AND actor_type = 'staff' AND after_json LIKE "
	    "'%%\"kind\":\"payout\"%%'", s.id, number), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM gift_cards WHERE "
	    "store_id = %lld", s.id), 0);

	/* The rest, to the cent: the account is at zero, nothing open. */
	payout_ok(&s, number, "70", "cash", "");
	ck_assert_int_eq(account_long(&s, "balance", number), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM open_items WHERE "
	    "account_id = %lld AND closed_at IS NULL", id), 0);
	itest_ledger_check();
	free(entry);
	free(opening);
	free(number);
	shop_close(&s);
}
END_TEST

START_TEST(test_payout_new_card)
{
	struct shop	 s;
	char		*number, *entry, *code;
	long long	 id;

	shop_open(&s);
	number = account_new(&s, "50");
	id = account_id(&s, number);
	payout_ok(&s, number, "20.50", "new_card", "");
	entry = last_entry(&s, number);
	code = newest_card(&s);
	ck_assert_ptr_nonnull(code);
	ck_assert_uint_eq(strlen(code), 16);
	ck_assert_int_eq(account_long(&s, "balance", number), 2950);
	ck_assert_int_eq(sql_long("SELECT balance * 10 + active FROM "
	    "gift_cards WHERE store_id = %lld AND code = '%s'", s.id, code),
	    20501);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "account_id = %lld AND number = '%s' AND kind = 'payout' AND "
	    "amount = -2050 AND payment_method = 'gift_card' AND "
	    "reference = '%s'", id, entry, code), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM gift_card_entries g "
	    "JOIN gift_cards c ON c.id = g.card_id JOIN ledger_entries e ON "
	    "e.id = g.ledger_entry_id WHERE c.code = '%s' AND c.store_id = "
	    "%lld AND g.kind = 'issue' AND g.amount = 2050 AND "
	    "g.balance_after = 2050 AND e.number = '%s' AND g.staff_id = %lld",
	    code, s.id, entry, s.admin_id), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM gift_card_entries "
	    "WHERE store_id = %lld", s.id), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'gift_card.issue' AND object_type = "
	    "'gift_card' AND object_id = '%s' AND before_json IS NULL AND "
	    "after_json LIKE '%%\"balance\":2050%%'", s.id, code), 1);
	card_sums(&s, code);
	itest_ledger_check();
	free(code);
	free(entry);
	free(number);
	shop_close(&s);
}
END_TEST

START_TEST(test_payout_existing_card)
{
	struct shop	 s;
	char		*first, *second, *entry, *code, typed[40];
	long long	 id;

	shop_open(&s);
	first = account_new(&s, "10");
	second = account_new(&s, "80");
	id = account_id(&s, second);
	payout_ok(&s, first, "10", "new_card", "");
	code = newest_card(&s);
	/* Typed with spaces and dashes, as printed. */
	snprintf(typed, sizeof(typed), "%.4s %.4s-%.4s %.4s", code, code + 4,
	    code + 8, code + 12);
	payout_ok(&s, second, "25", "card", typed);
	entry = last_entry(&s, second);
	ck_assert_int_eq(account_long(&s, "balance", first), 0);
	ck_assert_int_eq(account_long(&s, "balance", second), 5500);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM gift_cards WHERE "
	    "store_id = %lld", s.id), 1);
	ck_assert_int_eq(sql_long("SELECT balance FROM gift_cards WHERE "
	    "store_id = %lld AND code = '%s'", s.id, code), 3500);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM gift_card_entries g "
	    "JOIN ledger_entries e ON e.id = g.ledger_entry_id WHERE "
	    "g.store_id = %lld AND g.kind = 'load' AND g.amount = 2500 AND "
	    "g.balance_after = 3500 AND e.account_id = %lld AND e.number = "
	    "'%s' AND e.reference = '%s' AND e.payment_method = 'gift_card'",
	    s.id, id, entry, code), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'gift_card.load' AND object_id = "
	    "'%s' AND before_json = '{\"active\":true,\"balance\":1000}'",
	    s.id, code), 1);
	card_sums(&s, code);
	itest_ledger_check();
	free(entry);
	free(code);
	free(first);
	free(second);
	shop_close(&s);
}
END_TEST

/* Deposits amount in cash on number through the deposit form. */
static void
deposit(struct shop *s, const char *number, const char *amount)
{
	struct response	 resp;
	char		 path[64], *once, *version;

	snprintf(path, sizeof(path), "/accounts/%s/deposit", number);
	form_tokens(&s->c, path, &once, &version);
	ck_assert_int_eq(shop_post(&s->c, path, form_encode("csrf", s->csrf,
	    "once", once, "version", version, "amount", amount, "method",
	    "cash", NULL), &resp), 303);
	response_free(&resp);
	free(once);
	free(version);
}

START_TEST(test_payout_takes_oldest_credit)
{
	struct shop	 s;
	char		*number, *opening, *later;
	long long	 id;

	shop_open(&s);
	number = account_new(&s, "10");
	opening = last_entry(&s, number);
	deposit(&s, number, "20");
	later = last_entry(&s, number);
	id = account_id(&s, number);
	ck_assert_int_eq(account_long(&s, "balance", number), 3000);
	payout_ok(&s, number, "15", "cash", "");
	ck_assert_int_eq(account_long(&s, "balance", number), 1500);
	ck_assert_int_eq(sql_long("SELECT open_amount FROM open_items i JOIN "
	    "ledger_entries e ON e.id = i.entry_id WHERE e.account_id = %lld "
	    "AND e.number = '%s' AND i.closed_at IS NOT NULL", id, opening), 0);
	ck_assert_int_eq(sql_long("SELECT open_amount FROM open_items i JOIN "
	    "ledger_entries e ON e.id = i.entry_id WHERE e.account_id = %lld "
	    "AND e.number = '%s' AND i.closed_at IS NULL", id, later), 1500);
	ck_assert_int_eq(sql_long("SELECT COALESCE(SUM(open_amount), 0) FROM "
	    "open_items WHERE account_id = %lld AND side = 'C'", id), 1500);
	itest_ledger_check();
	free(opening);
	free(later);
	free(number);
	shop_close(&s);
}
END_TEST

/* A payout of amount must be refused with what beside field, nothing changed. */
static void
refused(struct shop *s, const char *number, const char *amount,
    const char *way, const char *card, const char *field, const char *what)
{
	struct response	 resp;
	struct snapshot	 before;
	char		 id[32], described[48];

	snapshot_take(s, number, &before);
	payout(&s->c, s->csrf, number, amount, way, card, &resp);
	snprintf(id, sizeof(id), "id=\"%s-error\"", field);
	snprintf(described, sizeof(described), "aria-describedby=\"%s-error\"",
	    field);
	ck_assert_msg(response_contains(&resp, id), "'%s' %s: no message "
	    "beside %s: %.800s", amount, way, field, resp.body);
	ck_assert_msg(response_contains(&resp, described), "'%s': %s is not "
	    "described", amount, field);
	expect_refused(&resp, what);
	expect_unchanged(s, number, &before);
}

START_TEST(test_amounts_refused)
{
	struct shop	 s;
	struct response	 resp;
	char		*number, *owing;

	shop_open(&s);
	number = account_new(&s, "10");
	owing = account_new(&s, "-10");
	refused(&s, number, "10.01", "cash", "", "amount",
	    "That is more than the credit in hand (\xe2\x82\xac" "10.00).");
	refused(&s, number, "0", "cash", "", "amount", "more than zero");
	refused(&s, number, "", "cash", "", "amount", "more than zero");
	refused(&s, number, "-5", "cash", "", "amount", "cannot be negative");
	refused(&s, number, "1.001", "new_card", "", "amount",
	    "more decimal places than the currency");
	refused(&s, number, "99999999999999999999", "cash", "", "amount",
	    "The amount is too large.");
	refused(&s, number, "ten", "cash", "", "amount",
	    "Enter an amount such as 500 or 25.50.");
	refused(&s, owing, "1", "cash", "", "amount",
	    "more than the credit in hand");
	refused(&s, number, "5", "cheque", "", "way", "Choose how to pay it "
	    "out.");
	/* The form comes back with what was typed. */
	payout(&s.c, s.csrf, number, "10.01", "new_card", "", &resp);
	ck_assert(response_contains(&resp, "value=\"10.01\""));
	ck_assert(response_contains(&resp, "value=\"new_card\" checked"));
	expect_refused(&resp, "credit in hand");
	itest_ledger_check();
	free(owing);
	free(number);
	shop_close(&s);
}
END_TEST

START_TEST(test_hold_and_inactive_refused)
{
	struct shop	 s;
	char		*held, *closed;

	shop_open(&s);
	held = account_new(&s, "40");
	closed = account_new(&s, "40");
	sql_exec("UPDATE accounts SET on_hold = 1, hold_reason = 'dispute' "
	    "WHERE store_id = %lld AND number = '%s'", s.id, held);
	sql_exec("UPDATE accounts SET active = 0 WHERE store_id = %lld AND "
	    "number = '%s'", s.id, closed);
	refused(&s, held, "10", "cash", "", "amount", "The account is on "
	    "hold: no money may leave it.");
	refused(&s, held, "10", "new_card", "", "amount", "on hold");
	refused(&s, closed, "10", "cash", "", "amount", "The account is "
	    "inactive");
	itest_ledger_check();
	free(held);
	free(closed);
	shop_close(&s);
}
END_TEST

START_TEST(test_cards_refused)
{
	struct shop	 s, other;
	struct response	 resp;
	char		*number, *donor, *code, *foreign, path[64];

	shop_open(&s);
	shop_open(&other);
	number = account_new(&s, "60");
	donor = account_new(&s, "5");
	payout_ok(&s, donor, "5", "new_card", "");
	code = newest_card(&s);
	{
		char *far = account_new(&other, "5");

		payout_ok(&other, far, "5", "new_card", "");
		free(far);
	}
	foreign = newest_card(&other);

	refused(&s, number, "10", "card", "", "card", "Enter or scan the "
	    "gift card&#39;s code.");
	refused(&s, number, "10", "card", "4111 1111 1111 1112", "card",
	    "a digit is wrong or two are swapped");
	refused(&s, number, "10", "card", "4111 1111 1111 111", "card",
	    "16 digits");
	refused(&s, number, "10", "card", "4111-1111-1111-111x", "card",
	    "only digits");
	/* A well-formed code no card of the store has, and another store's card. */
	refused(&s, number, "10", "card", "4111 1111 1111 1111", "card",
	    "There is no gift card with that code in this store.");
	refused(&s, number, "10", "card", foreign, "card",
	    "There is no gift card with that code in this store.");
	ck_assert_int_eq(sql_long("SELECT balance FROM gift_cards WHERE "
	    "store_id = %lld AND code = '%s'", other.id, foreign), 500);

	/* A deactivated card takes nothing. */
	snprintf(path, sizeof(path), "/gift-cards/%s/deactivate", code);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    NULL), &resp), 303);
	response_free(&resp);
	refused(&s, number, "10", "card", code, "card", "deactivated");
	ck_assert_int_eq(sql_long("SELECT balance FROM gift_cards WHERE "
	    "store_id = %lld AND code = '%s'", s.id, code), 500);
	card_sums(&s, code);
	itest_ledger_check();
	free(code);
	free(foreign);
	free(donor);
	free(number);
	shop_close(&other);
	shop_close(&s);
}
END_TEST

START_TEST(test_double_submit_posts_once)
{
	struct shop	 s;
	struct response	 a, b;
	char		 path[64], *once, *version, *loc_a, *loc_b;
	long long	 entries;

	shop_open(&s);
	{
		char *number = account_new(&s, "90");

		snprintf(path, sizeof(path), "/accounts/%s/payout", number);
		form_tokens(&s.c, path, &once, &version);
		entries = sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
		    "store_id = %lld", s.id);
		ck_assert_int_eq(payout_send(&s.c, s.csrf, number, once,
		    version, "40", "new_card", "", &a), 303);
		/* The same form again, as a second click or a reload sends it. */
		ck_assert_int_eq(payout_send(&s.c, s.csrf, number, once,
		    version, "40", "new_card", "", &b), 303);
		loc_a = response_header(&a, "Location");
		loc_b = response_header(&b, "Location");
		ck_assert_str_eq(loc_a, loc_b);
		ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries "
		    "WHERE store_id = %lld", s.id), entries + 1);
		ck_assert_int_eq(account_long(&s, "balance", number), 5000);
		ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM gift_cards "
		    "WHERE store_id = %lld", s.id), 1);
		ck_assert_int_eq(sql_long("SELECT COALESCE(SUM(balance), 0) "
		    "FROM gift_cards WHERE store_id = %lld", s.id), 4000);
		/* Even past the credit now in hand, it is the first receipt. */
		ck_assert_int_eq(payout_send(&s.c, s.csrf, number, once,
		    version, "60", "cash", "", &b), 303);
		free(loc_b);
		loc_b = response_header(&b, "Location");
		ck_assert_str_eq(loc_a, loc_b);
		ck_assert_int_eq(account_long(&s, "balance", number), 5000);
		response_free(&a);
		response_free(&b);
		free(loc_a);
		free(loc_b);
		free(number);
	}
	itest_ledger_check();
	free(once);
	free(version);
	shop_close(&s);
}
END_TEST

START_TEST(test_stale_form_shows_new_figures)
{
	struct shop	 s;
	struct response	 resp;
	struct snapshot	 before;
	char		*number, path[64], *once, *version, *once2, *version2;

	shop_open(&s);
	number = account_new(&s, "100");
	snprintf(path, sizeof(path), "/accounts/%s/payout", number);
	form_tokens(&s.c, path, &once, &version);
	/* Someone else pays out 70 meanwhile. */
	payout_ok(&s, number, "70", "cash", "");
	snapshot_take(&s, number, &before);
	ck_assert_int_eq(payout_send(&s.c, s.csrf, number, once, version,
	    "20", "cash", "", &resp), 409);
	ck_assert(response_contains(&resp, "The account changed since this "
	    "form was shown."));
	ck_assert(response_contains(&resp, "<dd class=\"in-hand\">"
	    "\xe2\x82\xac" "30.00</dd>"));
	ck_assert(response_contains(&resp, "value=\"20\""));
	once2 = html_input_value(resp.body, "once");
	version2 = html_input_value(resp.body, "version");
	ck_assert_str_eq(once2, once);
	ck_assert_str_ne(version2, version);
	response_free(&resp);
	expect_unchanged(&s, number, &before);
	/* Sent again from the page with the new figures, it posts. */
	ck_assert_int_eq(payout_send(&s.c, s.csrf, number, once2, version2,
	    "20", "cash", "", &resp), 303);
	response_free(&resp);
	ck_assert_int_eq(account_long(&s, "balance", number), 1000);
	itest_ledger_check();
	free(once);
	free(version);
	free(once2);
	free(version2);
	free(number);
	shop_close(&s);
}
END_TEST

START_TEST(test_clerk_needs_manager_code)
{
	struct shop	 s;
	struct client	 clerk;
	struct response	 resp;
	struct snapshot	 before;
	char		*email, *csrf, *number, path[64], *once, *version;
	char		 mid[24];

	shop_open(&s);
	ck_assert_int_eq(shop_post(&s.c, "/profile/manager-code",
	    form_encode("csrf", s.csrf, "current_password", SHOP_PASSWORD,
	    "manager_code", ADMIN_CODE, "confirm_code", ADMIN_CODE, "do",
	    "set", NULL), &resp), 303);
	response_free(&resp);
	email = itest_email("payout-clerk");
	shop_staff_add(s.code, email, "Clerk");
	shop_sign_in(&clerk, email, SHOP_PASSWORD, &csrf);
	number = account_new(&s, "30");
	snprintf(path, sizeof(path), "/accounts/%s/payout", number);
	snprintf(mid, sizeof(mid), "%lld", s.admin_id);

	ck_assert_int_eq(shop_get(&clerk, path, &resp), 200);
	ck_assert(response_contains(&resp, "name=\"manager_code\""));
	once = html_input_value(resp.body, "once");
	version = html_input_value(resp.body, "version");
	response_free(&resp);
	snapshot_take(&s, number, &before);
	shop_post(&clerk, path, form_encode("csrf", csrf, "once", once,
	    "version", version, "amount", "10", "way", "cash", "manager_id",
	    mid, "manager_code", "0000", NULL), &resp);
	ck_assert(response_contains(&resp, "id=\"manager_code-error\""));
	ck_assert(response_contains(&resp, "value=\"10\""));
	expect_refused(&resp, "Manager approval");
	expect_unchanged(&s, number, &before);

	ck_assert_int_eq(shop_post(&clerk, path, form_encode("csrf", csrf,
	    "once", once, "version", version, "amount", "10", "way", "cash",
	    "manager_id", mid, "manager_code", ADMIN_CODE, NULL), &resp), 303);
	response_free(&resp);
	ck_assert_int_eq(account_long(&s, "balance", number), 2000);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "store_id = %lld AND kind = 'payout' AND staff_id = %lld AND "
	    "approver_id = %lld", s.id, shop_staff_id(email), s.admin_id), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'entry.post' AND approver_id = %lld",
	    s.id, s.admin_id), 1);
	itest_ledger_check();
	client_free(&clerk);
	free(once);
	free(version);
	free(csrf);
	free(email);
	free(number);
	shop_close(&s);
}
END_TEST

START_TEST(test_other_store_and_bad_forms)
{
	struct shop	 s, other;
	struct response	 resp;
	struct snapshot	 before;
	char		*mine, *theirs, path[64], *once, *version;

	shop_open(&s);
	shop_open(&other);
	mine = account_new(&s, "10");
	/* Numbers start again in every store: the other's second is not here. */
	free(account_new(&other, "10"));
	theirs = account_new(&other, "10");
	ck_assert_str_eq(mine, "A000001");
	ck_assert_str_eq(theirs, "A000002");
	snprintf(path, sizeof(path), "/accounts/%s/payout", mine);
	form_tokens(&s.c, path, &once, &version);
	snapshot_take(&other, "A000002", &before);
	ck_assert_int_eq(shop_get(&s.c, "/accounts/A000002/payout", &resp),
	    404);
	ck_assert(response_contains(&resp, "There is no such page."));
	response_free(&resp);
	ck_assert_int_eq(payout_send(&s.c, s.csrf, "A000002", once, version,
	    "5", "cash", "", &resp), 404);
	response_free(&resp);
	expect_unchanged(&other, "A000002", &before);
	ck_assert_int_eq(shop_get(&s.c, "/accounts/nope/payout", &resp), 404);
	response_free(&resp);

	/* Hidden fields no form of ours sends. */
	snapshot_take(&s, mine, &before);
	ck_assert_int_eq(payout_send(&s.c, s.csrf, mine, "x", version, "5",
	    "cash", "", &resp), 400);
	response_free(&resp);
	ck_assert_int_eq(payout_send(&s.c, s.csrf, mine, once, "0", "5",
	    "cash", "", &resp), 400);
	response_free(&resp);
	/* Without the CSRF token. */
	ck_assert_int_eq(payout_send(&s.c, "", mine, once, version, "5",
	    "cash", "", &resp), 403);
	response_free(&resp);
	expect_unchanged(&s, mine, &before);
	itest_ledger_check();
	free(once);
	free(version);
	free(mine);
	free(theirs);
	shop_close(&other);
	shop_close(&s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("payouts");
	TCase	*tc = itest_tcase("payouts");
	int	 rc;

	/* Stores with accounts stay (ledger entries are never deleted). */
	shop_begin();
	tcase_add_test(tc, test_payout_cash);
	tcase_add_test(tc, test_payout_new_card);
	tcase_add_test(tc, test_payout_existing_card);
	tcase_add_test(tc, test_payout_takes_oldest_credit);
	tcase_add_test(tc, test_amounts_refused);
	tcase_add_test(tc, test_hold_and_inactive_refused);
	tcase_add_test(tc, test_cards_refused);
	tcase_add_test(tc, test_double_submit_posts_once);
	tcase_add_test(tc, test_stale_form_shows_new_figures);
	tcase_add_test(tc, test_clerk_needs_manager_code);
	tcase_add_test(tc, test_other_store_and_bad_forms);
	suite_add_tcase(s, tc);
	rc = itest_run(s);
	if (shop_cleanup() == -1)
		rc = EXIT_FAILURE;
	return rc;
}
