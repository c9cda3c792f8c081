/* test_account_search.c: the account list's search and the new-account form's customer search find what the plain queries find, by every way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <curl/curl.h>

#include "client.h"
#include "shop.h"

#define PAGE		50	/* accounts on a page of the list */
#define MATCHES		20	/* customers the new-account form lists */
#define PAGES_CHECKED	3

/*
 * Fills the shop's store straight through the tables (the name pieces
 * are kept whatever writes the customers): 3000 customers with names
 * from a few first and last names, so that a part of a name finds a
 * thousand and more (the list then reads the accounts newest first) or
 * a couple of hundred (it reads what the search finds); emails that
 * start with the name; phones that share their start. Most have one
 * account, some two, some none, in an order of their own; some
 * inactive, on hold, paying later, or with a statement due. Balances
 * are 0 and there are no entries, so the ledger's rules hold.
 */
static void
store_fill(long long store)
{
	long long	 feed;

	sql_exec("INSERT INTO customers (store_id, code, name, email, phone, "
	    "notes, created_at, updated_at) SELECT %lld, CONCAT('C9', "
	    "LPAD(seq, 5, '0')), CONCAT(ELT(1 + seq %% 5, 'Anna', 'Yusuf', "
	    "'Zoë', 'Hanna', 'Ben'), ' ', ELT(1 + seq %% 3, 'Wolf', 'Ñúñez', "
	    "'Annberg')), IF(seq %% 4 = 0, '', LOWER(CONCAT(ELT(1 + seq %% 5, "
	    "'anna', 'yusuf', 'zoe', 'hanna', 'ben'), '.', ELT(1 + seq %% 3, "
	    "'wolf', 'nunez', 'annberg'), '.', seq, '@example.com'))), "
	    "IF(seq %% 3 = 0, '', CONCAT('+49 30 ', 1200 + seq)), '', "
	    "UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM seq_1_to_3000", store);
	/* Feed positions of their own, past every one handed out. */
	feed = sql_long("SELECT NEXTVAL(feed_numbers)");
	sql_exec("INSERT INTO accounts (store_id, customer_id, number, active, "
	    "credit_limit, restrict_credit, pay_later, on_hold, hold_reason, "
	    "next_statement_on, balance, version, feed_seq, created_at, "
	    "updated_at) SELECT %lld, c.id, CONCAT('A', LPAD(ROW_NUMBER() "
	    "OVER (ORDER BY CRC32(c.id * k.seq)), 6, '0')), c.id %% 16 <> 0, "
	    "10000, 1, c.id %% 2, c.id %% 25 = 0, IF(c.id %% 25 = 0, 'Moved', "
	    "''), IF(c.id %% 4 = 0, UTC_DATE() + INTERVAL 3 DAY, NULL), 0, 1, "
	    "%lld + ROW_NUMBER() OVER (ORDER BY CRC32(c.id * k.seq)), "
	    "UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM customers c JOIN "
	    "seq_1_to_2 k ON k.seq = 1 OR c.id %% 10 = 0 WHERE c.store_id = "
	    "%lld AND c.id %% 7 <> 0 ORDER BY CRC32(c.id * k.seq)", store,
	    feed, store);
	sql_long("SELECT SETVAL(feed_numbers, %lld)", feed + sql_long(
	    "SELECT COUNT(*) FROM accounts WHERE store_id = %lld", store));
	sql_exec("UPDATE store_counters SET next_customer = 3001, next_account = "
	    "(SELECT COUNT(*) + 1 FROM accounts WHERE store_id = %lld) "
	    "WHERE store_id = %lld", store, store);
}

/* Removes the accounts store_fill made, so that the store can go. */
static void
store_empty(long long store)
{
	sql_exec("DELETE FROM accounts WHERE store_id = %lld", store);
}

/* Appends the account numbers of a list page to out; returns the Older link or NULL. */
static char *
account_page_numbers(const struct response *resp, char *out, size_t size)
{
	static const char	 cell[] = "<td><a href=\"/accounts/";
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

/* The plain query's condition for search q (no quote, % or _ in it). */
static void
search_where(const char *q, char *out, size_t size)
{
	if (*q == '\0')
		snprintf(out, size, "1");
	else
		snprintf(out, size, "(a.number LIKE CONCAT('%s', '%%') OR "
		    "c.code LIKE CONCAT('%s', '%%') OR c.email LIKE "
		    "CONCAT('%s', '%%') OR c.phone LIKE CONCAT('%s', '%%') OR "
		    "c.name LIKE CONCAT('%%', '%s', '%%'))", q, q, q, q, q);
}

/*
 * Checks that the list with search q and the filters in query (as the
 * page takes them; where: the same in SQL) shows, page after page, the
 * accounts the plain query finds, newest first.
 */
static void
list_same(struct shop *s, const char *q, const char *query,
    const char *where)
{
	struct response	 resp;
	char		 path[512], got[8192], cond[1024], *want, *enc, *link;
	int		 page;

	enc = curl_easy_escape(NULL, q, 0);
	snprintf(path, sizeof(path), "/accounts?q=%s%s%s", enc,
	    *query != '\0' ? "&" : "", query);
	curl_free(enc);
	search_where(q, cond, sizeof(cond));
	link = strdup(path);
	for (page = 0; page < PAGES_CHECKED; page++) {
		got[0] = '\0';
		if (link != NULL) {
			ck_assert_int_eq(shop_get(&s->c, link, &resp), 200);
			free(link);
			link = account_page_numbers(&resp, got, sizeof(got));
			response_free(&resp);
		}
		want = sql_str("SELECT COALESCE(GROUP_CONCAT(number ORDER BY id "
		    "DESC SEPARATOR ','), '') FROM (SELECT a.id, a.number FROM "
		    "accounts a JOIN customers c ON c.id = a.customer_id WHERE "
		    "a.store_id = %lld AND %s AND %s ORDER BY a.id DESC LIMIT %d "
		    "OFFSET %d) t", s->id, cond, where, PAGE, page * PAGE);
		ck_assert_msg(strcmp(got, want) == 0, "%s, page %d: got %s, "
		    "want %s", path, page + 1, got, want);
		free(want);
	}
	free(link);
}

START_TEST(test_list_search_ways)
{
	/*
	 * Short searches, searches that find over a thousand customers and
	 * a few hundred, and a few; names, emails, phones, codes, numbers.
	 */
	static const char *const queries[] = {
		"", "a", "zo", "ann", "Anna", "Hanna Annberg", "Yusuf Wolf",
		"ñúñ", "Zoë Ñúñez", "yusuf.wolf.1", "anna.annberg.15",
		"+49 30 12", "+49 30 4199", "C90001", "C9028", "A0001",
		"A000123", "berg", "xyz", "Ben Wolf",
	};
	struct shop	 s;
	size_t		 i;

	shop_open(&s);
	store_fill(s.id);
	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
		list_same(&s, queries[i], "", "1");
	store_empty(s.id);
	shop_close(&s);
}
END_TEST

START_TEST(test_list_search_with_filters)
{
	static const char *const queries[] = { "", "ann", "Yusuf Wolf", "oë",
	    "+49 30 2", "C9001" };
	static const struct {
		const char	*query, *where;
	} filters[] = {
		{ "status=inactive", "a.active = 0" },
		{ "status=active&pay_later=1", "a.active = 1 AND a.pay_later = 1" },
		{ "hold=1", "a.on_hold = 1" },
		{ "over=1", "a.balance < 0 AND -a.balance > a.credit_limit" },
		{ "due=1", "a.next_statement_on <= UTC_DATE() + INTERVAL 7 DAY" },
	};
	struct shop	 s;
	size_t		 i, j;

	shop_open(&s);
	store_fill(s.id);
	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
		for (j = 0; j < sizeof(filters) / sizeof(filters[0]); j++)
			list_same(&s, queries[i], filters[j].query,
			    filters[j].where);
	store_empty(s.id);
	shop_close(&s);
}
END_TEST

START_TEST(test_list_search_stays_in_store)
{
	struct shop	 s, t;
	struct response	 resp;

	shop_open(&s);
	shop_open(&t);
	store_fill(t.id);
	/* Another store's customers and accounts are never found. */
	ck_assert_int_eq(shop_get(&s.c, "/accounts?q=Yusuf+Wolf", &resp), 200);
	ck_assert(response_contains(&resp, "No accounts match."));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, "/accounts?q=ann", &resp), 200);
	ck_assert(response_contains(&resp, "No accounts match."));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, "/accounts/new?q=Yusuf", &resp), 200);
	ck_assert(response_contains(&resp, "No customer matches"));
	response_free(&resp);
	/* A search with LIKE's signs in it finds them as they are. */
	ck_assert_int_eq(shop_get(&t.c, "/accounts?q=%25nna", &resp), 200);
	ck_assert(response_contains(&resp, "No accounts match."));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&t.c, "/accounts?q=A_0001", &resp), 200);
	ck_assert(response_contains(&resp, "No accounts match."));
	response_free(&resp);
	store_empty(t.id);
	shop_close(&t);
	shop_close(&s);
}
END_TEST

/* Checks that the new-account form lists, for q, the customers the plain query finds. */
static void
matches_same(struct shop *s, const char *q)
{
	static const char	 radio[] = "name=\"customer\" value=\"";
	struct response		 resp;
	char			 path[256], got[2048], *want, *enc;
	const char		*p;
	size_t			 n;

	enc = curl_easy_escape(NULL, q, 0);
	snprintf(path, sizeof(path), "/accounts/new?q=%s", enc);
	curl_free(enc);
	ck_assert_int_eq(shop_get(&s->c, path, &resp), 200);
	got[0] = '\0';
	for (p = resp.body; (p = strstr(p, radio)) != NULL;) {
		p += sizeof(radio) - 1;
		n = strcspn(p, "\"");
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%.*s",
		    got[0] != '\0' ? "," : "", (int)n, p);
	}
	response_free(&resp);
	want = sql_str("SELECT COALESCE(GROUP_CONCAT(code ORDER BY name, id "
	    "SEPARATOR ','), '') FROM (SELECT code, name, id FROM customers "
	    "WHERE store_id = %lld AND (code LIKE CONCAT('%s', '%%') OR email "
	    "LIKE CONCAT('%s', '%%') OR phone LIKE CONCAT('%s', '%%') OR name "
	    "LIKE CONCAT('%%', '%s', '%%')) ORDER BY name, id LIMIT %d) t",
	    s->id, q, q, q, q, MATCHES);
	ck_assert_msg(strcmp(got, want) == 0, "%s: got %s, want %s", path, got,
	    want);
	free(want);
}

START_TEST(test_new_account_search)
{
	static const char *const queries[] = {
		"a", "zo", "ann", "Yusuf Wolf", "ñúñ", "yusuf.wolf.1",
		"+49 30 12", "C90001", "berg", "xyz",
	};
	struct shop	 s;
	size_t		 i;

	shop_open(&s);
	store_fill(s.id);
	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
		matches_same(&s, queries[i]);
	store_empty(s.id);
	shop_close(&s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("account_search");
	TCase	*tc = itest_tcase("account_search");
	int	 rc;

	shop_begin();
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_list_search_ways);
	tcase_add_test(tc, test_list_search_with_filters);
	tcase_add_test(tc, test_list_search_stays_in_store);
	tcase_add_test(tc, test_new_account_search);
	suite_add_tcase(s, tc);
	rc = itest_run(s);
	if (shop_cleanup() == -1)
		rc = EXIT_FAILURE;
	return rc;
}
