/* test_giftcards.c: gift card pages: the list, its search and pages, a card with its history, deactivating and activating, stores, who may. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "client.h"
#include "shop.h"

#define ADMIN_CODE	"2468"

/* Opens an account with an opening balance in the shop's store; returns its number (free it). */
static char *
account_new(const struct shop *s, const char *opening)
{
	char	*code, *out = NULL, *err = NULL, *nl;
	int	 rc;

	rc = itest_slatectl(NULL, &code, &err, "customer", "add", "--name",
	    "Gift Card Customer", "--store", s->code, NULL);
	ck_assert_msg(rc == 0, "slatectl customer add: %s", err);
	if ((nl = strrchr(code, '\n')) != NULL)
		*nl = '\0';
	free(err);
	err = NULL;
	rc = itest_slatectl(NULL, &out, &err, "account", "add", "--customer",
	    code, "--opening", opening, "--store", s->code, NULL);
	ck_assert_msg(rc == 0, "slatectl account add: %s", err);
	if ((nl = strrchr(out, '\n')) != NULL)
		*nl = '\0';
	free(err);
	free(code);
	return out;
}

/* Pays amount of number's credit out onto a new card; returns its code (free it). */
static char *
card_issue(struct shop *s, const char *number, const char *amount)
{
	struct response	 resp;
	char		 path[64], *once, *version;

	snprintf(path, sizeof(path), "/accounts/%s/payout", number);
	ck_assert_int_eq(shop_get(&s->c, path, &resp), 200);
	once = html_input_value(resp.body, "once");
	version = html_input_value(resp.body, "version");
	response_free(&resp);
	ck_assert_int_eq(shop_post(&s->c, path, form_encode("csrf", s->csrf,
	    "once", once, "version", version, "amount", amount, "way",
	    "new_card", NULL), &resp), 303);
	response_free(&resp);
	free(once);
	free(version);
	return sql_str("SELECT code FROM gift_cards WHERE store_id = %lld "
	    "ORDER BY id DESC LIMIT 1", s->id);
}

/* Writes code in groups of four, as pages show it. */
static void
shown(const char *code, char out[20])
{
	snprintf(out, 20, "%.4s %.4s %.4s %.4s", code, code + 4, code + 8,
	    code + 12);
}

/* A valid code (Luhn) made from n, for cards put in the database directly. */
static void
code_from(long long n, char out[17])
{
	char		 digits[32];
	unsigned	 sum = 0, d;
	int		 i;

	snprintf(digits, sizeof(digits), "9%014lld", n % 100000000000000LL);
	memcpy(out, digits, 15);
	for (i = 0; i < 15; i++) {
		d = (unsigned)(out[14 - i] - '0');
		if (i % 2 == 0 && (d *= 2) > 9)
			d -= 9;
		sum += d;
	}
	out[15] = (char)('0' + (10 - sum % 10) % 10);
	out[16] = '\0';
}

START_TEST(test_list_and_search)
{
	struct shop	 s;
	struct response	 resp;
	char		*number, *a, *b, *c, sa[20], sb[20], sc[20], path[64];
	const char	*pa, *pb, *pc;

	shop_open(&s);
	number = account_new(&s, "60");
	a = card_issue(&s, number, "10");
	b = card_issue(&s, number, "20");
	c = card_issue(&s, number, "30");
	shown(a, sa);
	shown(b, sb);
	shown(c, sc);
	ck_assert_int_eq(shop_get(&s.c, "/gift-cards", &resp), 200);
	ck_assert(response_contains(&resp, "aria-current=\"page\">Gift cards"));
	pa = strstr(resp.body, sa);
	pb = strstr(resp.body, sb);
	pc = strstr(resp.body, sc);
	ck_assert(pa != NULL && pb != NULL && pc != NULL);
	/* Newest first. */
	ck_assert(pc < pb && pb < pa);
	ck_assert(response_contains(&resp, "\xe2\x82\xac" "30.00"));
	response_free(&resp);

	/* The search takes the code as printed, dashes and all. */
	snprintf(path, sizeof(path), "/gift-cards?q=%.4s-%.4s+%.4s", b,
	    b + 4, b + 8);
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	ck_assert(response_contains(&resp, sb));
	ck_assert(!response_contains(&resp, sa));
	ck_assert(!response_contains(&resp, sc));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, "/gift-cards?q=0000000000000000",
	    &resp), 200);
	ck_assert(response_contains(&resp, "No gift cards match."));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, "/gift-cards?q=abc", &resp), 422);
	ck_assert(response_contains(&resp, "id=\"q-error\""));
	ck_assert(response_contains(&resp, "Search by the digits of a code"));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, "/gift-cards?before=x", &resp), 400);
	response_free(&resp);
	itest_ledger_check();
	free(a);
	free(b);
	free(c);
	free(number);
	shop_close(&s);
}
END_TEST

START_TEST(test_list_pages)
{
	struct shop	 s;
	struct response	 resp;
	char		 code[17], first[17], last[17], sh[20], older[128];
	const char	*link;
	long long	 i;

	shop_open(&s);
	/* A customer keeps the store (and its cards) out of the clean-up's way. */
	free(account_new(&s, "0"));
	for (i = 1; i <= 53; i++) {
		code_from(s.id * 100 + i, code);
		sql_exec("INSERT INTO gift_cards (store_id, code, balance, "
		    "active, created_at, updated_at) VALUES (%lld, '%s', 0, 1, "
		    "UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))", s.id, code);
		if (i == 1)
			memcpy(first, code, sizeof(code));
		if (i == 53)
			memcpy(last, code, sizeof(code));
	}
	ck_assert_int_eq(shop_get(&s.c, "/gift-cards", &resp), 200);
	shown(last, sh);
	ck_assert(response_contains(&resp, sh));
	shown(first, sh);
	ck_assert(!response_contains(&resp, sh));
	link = strstr(resp.body, "href=\"/gift-cards?before=");
	ck_assert_ptr_nonnull(link);
	link += strlen("href=\"");
	ck_assert_uint_lt(strcspn(link, "\""), sizeof(older));
	snprintf(older, sizeof(older), "%.*s", (int)strcspn(link, "\""), link);
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, older, &resp), 200);
	ck_assert(response_contains(&resp, sh));
	ck_assert(response_contains(&resp, ">Newest</a>"));
	ck_assert(!response_contains(&resp, "rel=\"next\""));
	shown(last, sh);
	ck_assert(!response_contains(&resp, sh));
	response_free(&resp);
	shop_close(&s);
}
END_TEST

START_TEST(test_card_page_history)
{
	struct shop	 s;
	struct response	 resp;
	char		*one, *two, *code, *issue, *load, path[64], sh[20];
	char		 link[96];

	shop_open(&s);
	one = account_new(&s, "15");
	two = account_new(&s, "25");
	code = card_issue(&s, one, "15");
	issue = sql_str("SELECT number FROM ledger_entries WHERE store_id = "
	    "%lld AND reference = '%s' ORDER BY id LIMIT 1", s.id, code);
	{
		char once_path[64], *once, *version;

		snprintf(once_path, sizeof(once_path), "/accounts/%s/payout",
		    two);
		ck_assert_int_eq(shop_get(&s.c, once_path, &resp), 200);
		once = html_input_value(resp.body, "once");
		version = html_input_value(resp.body, "version");
		response_free(&resp);
		ck_assert_int_eq(shop_post(&s.c, once_path, form_encode("csrf",
		    s.csrf, "once", once, "version", version, "amount", "12.5",
		    "way", "card", "card", code, NULL), &resp), 303);
		response_free(&resp);
		free(once);
		free(version);
	}
	load = sql_str("SELECT number FROM ledger_entries WHERE store_id = "
	    "%lld AND reference = '%s' ORDER BY id DESC LIMIT 1", s.id, code);
	ck_assert_str_ne(issue, load);

	snprintf(path, sizeof(path), "/gift-cards/%s", code);
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	shown(code, sh);
	ck_assert(response_contains(&resp, sh));
	ck_assert(response_contains(&resp, "<dd class=\"balance\">"
	    "\xe2\x82\xac" "27.50</dd>"));
	ck_assert(response_contains(&resp, "<td>Issued</td>"));
	ck_assert(response_contains(&resp, "<td>Loaded</td>"));
	snprintf(link, sizeof(link), "href=\"/accounts/%s/entries/%s\"", one,
	    issue);
	ck_assert(response_contains(&resp, link));
	snprintf(link, sizeof(link), "href=\"/accounts/%s/entries/%s\"", two,
	    load);
	ck_assert(response_contains(&resp, link));
	/* The load is newest, so it comes first. */
	ck_assert(strstr(resp.body, "<td>Loaded</td>") <
	    strstr(resp.body, "<td>Issued</td>"));
	response_free(&resp);

	/* Not a code, or a code no card of the store has: no such page. */
	ck_assert_int_eq(shop_get(&s.c, "/gift-cards/1234", &resp), 404);
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, "/gift-cards/4111111111111111",
	    &resp), 404);
	response_free(&resp);
	itest_ledger_check();
	free(issue);
	free(load);
	free(code);
	free(one);
	free(two);
	shop_close(&s);
}
END_TEST

START_TEST(test_deactivate_and_activate)
{
	struct shop	 s;
	struct response	 resp;
	char		*number, *code, path[80], where[80];

	shop_open(&s);
	number = account_new(&s, "5");
	code = card_issue(&s, number, "5");
	snprintf(path, sizeof(path), "/gift-cards/%s/deactivate", code);
	snprintf(where, sizeof(where), "/gift-cards/%s?saved=1", code);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    NULL), &resp), 303);
	expect_see_other(&resp, where);
	ck_assert_int_eq(sql_long("SELECT active FROM gift_cards WHERE "
	    "store_id = %lld AND code = '%s'", s.id, code), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'gift_card.deactivate' AND "
	    "object_id = '%s' AND before_json = '{\"active\":true}' AND "
	    "after_json = '{\"active\":false}'", s.id, code), 1);
	ck_assert_int_eq(shop_get(&s.c, where, &resp), 200);
	ck_assert(response_contains(&resp, "Deactivated"));
	ck_assert(response_contains(&resp, "The gift card was saved."));
	ck_assert(response_contains(&resp, "/activate\""));
	response_free(&resp);
	/* Again: nothing more to change, nothing more in the log. */
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    NULL), &resp), 303);
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'gift_card.deactivate'", s.id), 1);

	snprintf(path, sizeof(path), "/gift-cards/%s/activate", code);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    NULL), &resp), 303);
	expect_see_other(&resp, where);
	ck_assert_int_eq(sql_long("SELECT active FROM gift_cards WHERE "
	    "store_id = %lld AND code = '%s'", s.id, code), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'gift_card.activate'", s.id), 1);
	/* The balance never moved. */
	ck_assert_int_eq(sql_long("SELECT balance FROM gift_cards WHERE "
	    "store_id = %lld AND code = '%s'", s.id, code), 500);
	free(code);
	free(number);
	shop_close(&s);
}
END_TEST

START_TEST(test_other_store_is_not_found)
{
	struct shop	 s, other;
	struct response	 resp;
	char		*number, *code, path[80], q[64];
	long long	 audit;

	shop_open(&s);
	shop_open(&other);
	free(account_new(&s, "0"));
	number = account_new(&other, "8");
	code = card_issue(&other, number, "8");
	audit = sql_long("SELECT COUNT(*) FROM audit_log WHERE store_id IN "
	    "(%lld, %lld)", s.id, other.id);
	snprintf(path, sizeof(path), "/gift-cards/%s", code);
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 404);
	ck_assert(response_contains(&resp, "There is no such page."));
	response_free(&resp);
	snprintf(path, sizeof(path), "/gift-cards/%s/deactivate", code);
	ck_assert_int_eq(shop_post(&s.c, path, form_encode("csrf", s.csrf,
	    NULL), &resp), 404);
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT active FROM gift_cards WHERE "
	    "store_id = %lld AND code = '%s'", other.id, code), 1);
	snprintf(q, sizeof(q), "/gift-cards?q=%s", code);
	ck_assert_int_eq(shop_get(&s.c, q, &resp), 200);
	ck_assert(response_contains(&resp, "No gift cards match."));
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id IN (%lld, %lld)", s.id, other.id), audit);
	free(code);
	free(number);
	shop_close(&other);
	shop_close(&s);
}
END_TEST

START_TEST(test_clerk_needs_manager_code)
{
	struct shop	 s;
	struct client	 clerk;
	struct response	 resp;
	char		*email, *csrf, *number, *code, path[80], mid[24];

	shop_open(&s);
	ck_assert_int_eq(shop_post(&s.c, "/profile/manager-code",
	    form_encode("csrf", s.csrf, "current_password", SHOP_PASSWORD,
	    "manager_code", ADMIN_CODE, "confirm_code", ADMIN_CODE, "do",
	    "set", NULL), &resp), 303);
	response_free(&resp);
	number = account_new(&s, "5");
	code = card_issue(&s, number, "5");
	email = itest_email("gift-clerk");
	shop_staff_add(s.code, email, "Clerk");
	shop_sign_in(&clerk, email, SHOP_PASSWORD, &csrf);
	snprintf(mid, sizeof(mid), "%lld", s.admin_id);

	/* A Clerk sees cards without a code. */
	ck_assert_int_eq(shop_get(&clerk, "/gift-cards", &resp), 200);
	response_free(&resp);
	snprintf(path, sizeof(path), "/gift-cards/%s", code);
	ck_assert_int_eq(shop_get(&clerk, path, &resp), 200);
	ck_assert(response_contains(&resp, "name=\"manager_code\""));
	response_free(&resp);
	snprintf(path, sizeof(path), "/gift-cards/%s/deactivate", code);
	shop_post(&clerk, path, form_encode("csrf", csrf, "manager_id", mid,
	    "manager_code", "0000", NULL), &resp);
	ck_assert(response_contains(&resp, "id=\"manager_code-error\""));
	expect_refused(&resp, "Manager approval");
	ck_assert_int_eq(sql_long("SELECT active FROM gift_cards WHERE "
	    "store_id = %lld AND code = '%s'", s.id, code), 1);
	ck_assert_int_eq(shop_post(&clerk, path, form_encode("csrf", csrf,
	    "manager_id", mid, "manager_code", ADMIN_CODE, NULL), &resp), 303);
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT active FROM gift_cards WHERE "
	    "store_id = %lld AND code = '%s'", s.id, code), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'gift_card.deactivate' AND "
	    "actor_id = %lld AND approver_id = %lld", s.id,
	    shop_staff_id(email), s.admin_id), 1);
	client_free(&clerk);
	free(csrf);
	free(email);
	free(code);
	free(number);
	shop_close(&s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("giftcards");
	TCase	*tc = itest_tcase("giftcards");
	int	 rc;

	/* Stores with accounts stay, and their gift cards with them. */
	shop_begin();
	tcase_add_test(tc, test_list_and_search);
	tcase_add_test(tc, test_list_pages);
	tcase_add_test(tc, test_card_page_history);
	tcase_add_test(tc, test_deactivate_and_activate);
	tcase_add_test(tc, test_other_store_is_not_found);
	tcase_add_test(tc, test_clerk_needs_manager_code);
	suite_add_tcase(s, tc);
	rc = itest_run(s);
	if (shop_cleanup() == -1)
		rc = EXIT_FAILURE;
	return rc;
}
