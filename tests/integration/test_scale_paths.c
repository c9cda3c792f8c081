/* test_scale_paths.c: the fast ways of the customer search and the account page find what the plain queries find. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <curl/curl.h>

#include "client.h"
#include "shop.h"

#define PAGE	50

/* Appends the customer codes of a list page to out (comma-separated); returns the Next link or NULL. */
static char *
customer_page_codes(const struct response *resp, char *out, size_t size)
{
	static const char	 cell[] = "<td class=\"code\"><a href=\"/customers/";
	const char		*p = resp->body, *next;
	char			*link, *amp;
	size_t			 n;

	while ((p = strstr(p, cell)) != NULL) {
		p += sizeof(cell) - 1;
		n = strcspn(p, "\"");
		snprintf(out + strlen(out), size - strlen(out), "%s%.*s",
		    out[0] != '\0' ? "," : "", (int)n, p);
	}
	if ((next = strstr(resp->body, "rel=\"next\"")) == NULL)
		return NULL;
	/* The link is the href just before rel="next". */
	while (next > resp->body && strncmp(next, "href=\"", 6) != 0)
		next--;
	link = strndup(next + 6, strcspn(next + 6, "\""));
	while ((amp = strstr(link, "&amp;")) != NULL)
		memmove(amp + 1, amp + 5, strlen(amp + 5) + 1);
	return link;
}

/*
 * Checks that searching for q shows, page after page, the customers the
 * plain query finds (code, email or phone starting with q, or a name
 * holding it; by name, then id). q has no quote, % or _.
 */
static void
search_same(struct shop *s, const char *q)
{
	struct response	 resp;
	char		 path[512], got[4096], *want, *enc, *link;
	int		 page;

	enc = curl_easy_escape(NULL, q, 0);
	snprintf(path, sizeof(path), "/customers?q=%s", enc);
	curl_free(enc);
	link = strdup(path);
	for (page = 0; link != NULL; page++) {
		ck_assert_int_lt(page, 5);
		got[0] = '\0';
		ck_assert_int_eq(shop_get(&s->c, link, &resp), 200);
		free(link);
		link = customer_page_codes(&resp, got, sizeof(got));
		response_free(&resp);
		want = sql_str("SELECT COALESCE(GROUP_CONCAT(code ORDER BY name, "
		    "id SEPARATOR ','), '') FROM (SELECT code, name, id FROM "
		    "customers WHERE store_id = %lld AND (code LIKE "
		    "CONCAT('%s', '%%') OR email LIKE CONCAT('%s', '%%') OR "
		    "phone LIKE CONCAT('%s', '%%') OR name LIKE CONCAT('%%', "
		    "'%s', '%%')) ORDER BY name, id LIMIT %d OFFSET %d) t",
		    s->id, q, q, q, q, PAGE, page * PAGE);
		ck_assert_msg(strcmp(got, want) == 0, "q=%s page %d: got %s, "
		    "want %s", q, page + 1, got, want);
		ck_assert_msg((link != NULL) == (sql_long("SELECT COUNT(*) FROM "
		    "customers WHERE store_id = %lld AND (code LIKE CONCAT('%s', "
		    "'%%') OR email LIKE CONCAT('%s', '%%') OR phone LIKE "
		    "CONCAT('%s', '%%') OR name LIKE CONCAT('%%', '%s', '%%'))",
		    s->id, q, q, q, q) > (page + 1) * PAGE), "q=%s page %d: "
		    "the next link", q, page + 1);
		free(want);
	}
}

START_TEST(test_search_ways)
{
	static const char *const queries[] = {
		"", "a", "zo", "Ñú", "ann", "Anna", "nna W", "ë Ñ", "ÑÚÑ",
		"yusuf", "yusuf.w", "yusuf.wolf.7", "+49 30", "+49 30 12",
		"C9000", "C90001", "wolf", "olf", "xyz", "1234",
	};
	struct shop	 s;
	size_t		 i;

	shop_open(&s);
	/*
	 * 150 customers written straight into the table (the name pieces
	 * are kept whatever writes them): names from a few first and last
	 * names, so that a part of a name finds many; emails that start
	 * with the name; phones that share their start.
	 */
	sql_exec("INSERT INTO customers (store_id, code, name, email, phone, "
	    "notes, created_at, updated_at) SELECT %lld, CONCAT('C9', "
	    "LPAD(seq, 5, '0')), CONCAT(ELT(1 + seq %% 5, 'Anna', 'Yusuf', "
	    "'Zoë', 'Hanna', 'Ben'), ' ', ELT(1 + seq %% 3, 'Wolf', 'Ñúñez', "
	    "'Annberg')), IF(seq %% 4 = 0, '', LOWER(CONCAT(ELT(1 + seq %% 5, "
	    "'anna', 'yusuf', 'zoe', 'hanna', 'ben'), '.', ELT(1 + seq %% 3, "
	    "'wolf', 'nunez', 'annberg'), '.', seq, '@example.com'))), "
	    "IF(seq %% 3 = 0, '', CONCAT('+49 30 ', 1200 + seq)), '', "
	    "UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM seq_1_to_150 "
	    "ORDER BY RAND()", s.id);
	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
		search_same(&s, queries[i]);
	shop_close(&s);
}
END_TEST

START_TEST(test_search_follows_names)
{
	struct shop	 s;
	long long	 id;

	shop_open(&s);
	sql_exec("INSERT INTO customers (store_id, code, name, email, phone, "
	    "notes, created_at, updated_at) VALUES (%lld, 'C900001', "
	    "'Quentin Quaxley', '', '', '', UTC_TIMESTAMP(6), "
	    "UTC_TIMESTAMP(6))", s.id);
	id = sql_long("SELECT id FROM customers WHERE store_id = %lld AND "
	    "code = 'C900001'", s.id);
	search_same(&s, "uaxl");
	ck_assert_int_gt(sql_long("SELECT COUNT(*) FROM customer_name_grams "
	    "WHERE customer_id = %lld", id), 0);
	/* A new name: found by it, no longer by the old one. */
	sql_exec("UPDATE customers SET name = 'Quentin Zebrowski' WHERE id = "
	    "%lld", id);
	search_same(&s, "uaxl");
	search_same(&s, "ebrow");
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM customer_name_grams "
	    "WHERE customer_id = %lld AND gram = 'uax'", id), 0);
	/* Another change leaves the pieces as they are. */
	sql_exec("UPDATE customers SET notes = 'x' WHERE id = %lld", id);
	search_same(&s, "ebrow");
	/* A customer that goes takes its pieces along. */
	sql_exec("DELETE FROM customers WHERE id = %lld", id);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM customer_name_grams "
	    "WHERE customer_id = %lld", id), 0);
	shop_close(&s);
}
END_TEST

/* Appends the entry numbers (T..., as the test numbered them) of an account page to out; returns the Older link or NULL. */
static char *
entry_page_numbers(const struct response *resp, char *out, size_t size)
{
	const char	*p = resp->body, *older;
	char		*link, *amp;

	while ((p = strstr(p, "\">T0")) != NULL) {
		p += 2;
		snprintf(out + strlen(out), size - strlen(out), "%s%.*s",
		    out[0] != '\0' ? "," : "", (int)strcspn(p, "<"), p);
	}
	if ((older = strstr(resp->body, "rel=\"next\"")) == NULL)
		return NULL;
	/* The link is the href just before rel="next". */
	while (older > resp->body && strncmp(older, "href=\"", 6) != 0)
		older--;
	link = strndup(older + 6, strcspn(older + 6, "\""));
	while ((amp = strstr(link, "&amp;")) != NULL)
		memmove(amp + 1, amp + 5, strlen(amp + 5) + 1);
	return link;
}

/*
 * Checks that the account page with the filters in query shows, for two
 * pages, the entries the plain query finds (newest first by id). where
 * is the same filter in SQL.
 */
static void
entries_same(struct shop *s, long long account, const char *query,
    const char *where)
{
	struct response	 resp;
	char		 path[256], got[2048], *want, *link;
	int		 page;

	snprintf(path, sizeof(path), "/accounts/A000001?%s", query);
	link = strdup(path);
	for (page = 0; page < 2; page++) {
		got[0] = '\0';
		if (link != NULL) {
			ck_assert_int_eq(shop_get(&s->c, link, &resp), 200);
			free(link);
			link = entry_page_numbers(&resp, got, sizeof(got));
			response_free(&resp);
		}
		want = sql_str("SELECT COALESCE(GROUP_CONCAT(number ORDER BY id "
		    "DESC SEPARATOR ','), '') FROM (SELECT id, number FROM "
		    "ledger_entries WHERE account_id = %lld AND %s ORDER BY id "
		    "DESC LIMIT %d OFFSET %d) t", account, where, PAGE,
		    page * PAGE);
		ck_assert_msg(strcmp(got, want) == 0, "%s page %d: got %s, "
		    "want %s", query, page + 1, got, want);
		free(want);
	}
	free(link);
}

START_TEST(test_entries_by_time)
{
	struct shop	 s;
	long long	 account;
	char		*code, *out = NULL, *err = NULL, *nl;
	int		 rc;

	shop_open(&s);
	rc = itest_slatectl(NULL, &out, &err, "customer", "add", "--name",
	    "Busy Account", "--store", s.code, NULL);
	ck_assert_msg(rc == 0, "slatectl customer add: %s", err);
	if ((nl = strrchr(out, '\n')) != NULL)
		*nl = '\0';
	code = out;
	free(err);
	err = NULL;
	rc = itest_slatectl(NULL, NULL, &err, "account", "add", "--customer",
	    code, "--store", s.code, NULL);
	ck_assert_msg(rc == 0, "slatectl account add: %s", err);
	free(err);
	account = sql_long("SELECT id FROM accounts WHERE store_id = %lld AND "
	    "number = 'A000001'", s.id);
	/*
	 * 2600 entries an hour apart from 2024-01-01 (the store is in UTC):
	 * spans of time with fewer than 2000 entries and with more, which
	 * the page reads in different ways. Every seventh is a refund.
	 * Numbered T...: numbers the ledger never hands out.
	 */
	sql_exec("INSERT INTO ledger_entries (store_id, account_id, number, "
	    "kind, amount, balance_after, created_at) SELECT %lld, %lld, "
	    "CONCAT('T', LPAD(seq, 6, '0')), IF(seq %% 7 = 0, 'refund', "
	    "'deposit'), 100, 100 * seq, '2024-01-01 00:30:00' + INTERVAL "
	    "seq HOUR FROM seq_1_to_2600 ORDER BY seq", s.id, account);
	sql_exec("UPDATE accounts SET balance = 260000 WHERE id = %lld",
	    account);

	entries_same(&s, account, "", "1");
	entries_same(&s, account, "from=2024-01-10&to=2024-01-20",
	    "created_at >= '2024-01-10' AND created_at < '2024-01-21'");
	entries_same(&s, account, "to=2024-03-31",
	    "created_at < '2024-04-01'");
	entries_same(&s, account, "from=2024-01-02",
	    "created_at >= '2024-01-02'");
	entries_same(&s, account, "from=2024-01-05&to=2024-04-10",
	    "created_at >= '2024-01-05' AND created_at < '2024-04-11'");
	entries_same(&s, account, "kind=refund&from=2024-01-10&to=2024-01-20",
	    "kind = 'refund' AND created_at >= '2024-01-10' AND "
	    "created_at < '2024-01-21'");
	entries_same(&s, account, "kind=refund&to=2024-03-31",
	    "kind = 'refund' AND created_at < '2024-04-01'");
	entries_same(&s, account, "kind=refund", "kind = 'refund'");
	entries_same(&s, account, "from=2025-01-01", "created_at >= "
	    "'2025-01-01'");
	free(code);
	shop_close(&s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("scale_paths");
	TCase	*tc = itest_tcase("scale_paths");
	int	 rc;

	/* Stores with accounts stay; shop_cleanup removes the rest. */
	shop_begin();
	tcase_add_test(tc, test_search_ways);
	tcase_add_test(tc, test_search_follows_names);
	tcase_add_test(tc, test_entries_by_time);
	suite_add_tcase(s, tc);
	rc = itest_run(s);
	if (shop_cleanup() == -1)
		rc = 1;
	return rc;
}
