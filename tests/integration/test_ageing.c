/* test_ageing.c: the ageing report: buckets of charges as of dates to come, totals that tie to what the accounts owe, sorting, the filter, CSV, the chart, who may see it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include "client.h"
#include "shop.h"

#define CSV_HEADER "account,customer_code,customer,current,d1_30,d31_60," \
	"d61_90,d90_plus,total\r\n"

/* Makes a customer called name with an account with pay later and an opening balance. */
static void
account_new(const struct shop *s, const char *name, const char *opening)
{
	char	*code = NULL, *err = NULL, *nl;
	int	 rc;

	rc = itest_slatectl(NULL, &code, &err, "customer", "add", "--name",
	    name, "--store", s->code, NULL);
	ck_assert_msg(rc == 0, "slatectl customer add: %s", err);
	free(err);
	if ((nl = strchr(code, '\n')) != NULL)
		*nl = '\0';
	rc = itest_slatectl(NULL, NULL, &err, "account", "add", "--customer",
	    code, "--limit", "1000", "--pay-later", "--opening", opening,
	    "--store", s->code, NULL);
	ck_assert_msg(rc == 0, "slatectl account add: %s", err);
	free(err);
	free(code);
}

/* Posts an adjustment on account number through its form; expects a 303. */
static void
adjust(struct shop *s, const char *number, const char *direction,
    const char *amount)
{
	struct response	 resp;
	char		 path[96], *once, *version;

	snprintf(path, sizeof(path), "/accounts/%s/adjust", number);
	ck_assert_int_eq(shop_get(&s->c, path, &resp), 200);
	once = html_input_value(resp.body, "once");
	version = html_input_value(resp.body, "version");
	response_free(&resp);
	ck_assert_int_eq(shop_post(&s->c, path, form_encode("csrf", s->csrf,
	    "once", once, "version", version, "direction", direction,
	    "amount", amount, "note", "Ageing test", NULL), NULL), 303);
	free(once);
	free(version);
}

/* The store's date (UTC) days from today, as YYYY-MM-DD into out. */
static void
date_from_today(int days, char out[11])
{
	time_t		 t = time(NULL) + (time_t)days * 86400;
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* GETs the CSV for the query (after '?'); returns its body (free it). */
static char *
csv_get(struct shop *s, const char *query)
{
	struct response	 resp;
	char		 path[256], *body, *type;

	snprintf(path, sizeof(path), "/reports/ageing.csv?%s", query);
	ck_assert_int_eq(shop_get(&s->c, path, &resp), 200);
	type = response_header(&resp, "Content-Type");
	ck_assert_str_eq(type, "text/csv; charset=utf-8");
	free(type);
	body = strdup(resp.body);
	response_free(&resp);
	ck_assert_ptr_nonnull(body);
	return body;
}

/* Expects the CSV as of days from today to be exactly the header and rows. */
static void
csv_as_of(struct shop *s, int days, const char *extra, const char *rows)
{
	char	 query[160], date[11], *got, want[2048];

	date_from_today(days, date);
	snprintf(query, sizeof(query), "asof=%s%s", date, extra);
	got = csv_get(s, query);
	snprintf(want, sizeof(want), "%s%s", CSV_HEADER, rows);
	ck_assert_msg(strcmp(got, want) == 0, "as of %s%s:\n%s\nwanted:\n%s",
	    date, extra, got, want);
	free(got);
}

/* The sum of the total column of a CSV, in minor units. */
static long long
csv_total(const char *csv)
{
	const char	*line = strstr(csv, "\r\n"), *comma, *end;
	long long	 sum = 0;
	char		 digits[32];
	size_t		 n, i;

	while (line != NULL && (line += 2, *line != '\0')) {
		end = strstr(line, "\r\n");
		ck_assert_ptr_nonnull(end);
		for (comma = end; comma > line && comma[-1] != ','; comma--)
			;
		for (i = 0, n = 0; comma + i < end && n + 1 < sizeof(digits);
		    i++)
			if (comma[i] != '.')
				digits[n++] = comma[i];
		digits[n] = '\0';
		sum += atoll(digits);
		line = end;
	}
	return sum;
}

/* Owes: A000001 100.00; A000002 75.00 (two charges); A000003 in credit; A000004 70.00 (part settled); A000005 70.00. */
static void
ledger_seed(struct shop *s)
{
	account_new(s, "Aged Alma", "-100");
	account_new(s, "Aged Bert", "-50");
	adjust(s, "A000002", "charge", "25");
	account_new(s, "Aged Cleo", "20");
	account_new(s, "Aged Dora", "-100");
	adjust(s, "A000004", "credit", "30");
	account_new(s, "Aged Emil", "-70");
}

#define ROW_A(b) "A000001,C000001,Aged Alma," b "\r\n"
#define ROW_B(b) "A000002,C000002,Aged Bert," b "\r\n"
#define ROW_D(b) "A000004,C000004,Aged Dora," b "\r\n"
#define ROW_E(b) "A000005,C000005,Aged Emil," b "\r\n"

START_TEST(test_buckets_as_of)
{
	struct shop	 s;

	shop_open(&s);
	ledger_seed(&s);
	/* Charges made today are due today: current. */
	csv_as_of(&s, 0, "",
	    ROW_A("100.00,0.00,0.00,0.00,0.00,100.00")
	    ROW_B("75.00,0.00,0.00,0.00,0.00,75.00")
	    ROW_D("70.00,0.00,0.00,0.00,0.00,70.00")
	    ROW_E("70.00,0.00,0.00,0.00,0.00,70.00"));
	csv_as_of(&s, 1, "",
	    ROW_A("0.00,100.00,0.00,0.00,0.00,100.00")
	    ROW_B("0.00,75.00,0.00,0.00,0.00,75.00")
	    ROW_D("0.00,70.00,0.00,0.00,0.00,70.00")
	    ROW_E("0.00,70.00,0.00,0.00,0.00,70.00"));
	csv_as_of(&s, 30, "&sort=total&dir=desc",
	    ROW_A("0.00,100.00,0.00,0.00,0.00,100.00")
	    ROW_B("0.00,75.00,0.00,0.00,0.00,75.00")
	    ROW_D("0.00,70.00,0.00,0.00,0.00,70.00")
	    ROW_E("0.00,70.00,0.00,0.00,0.00,70.00"));
	csv_as_of(&s, 31, "&sort=total&dir=desc",
	    ROW_A("0.00,0.00,100.00,0.00,0.00,100.00")
	    ROW_B("0.00,0.00,75.00,0.00,0.00,75.00")
	    ROW_D("0.00,0.00,70.00,0.00,0.00,70.00")
	    ROW_E("0.00,0.00,70.00,0.00,0.00,70.00"));
	csv_as_of(&s, 45, "&sort=number&dir=asc",
	    ROW_A("0.00,0.00,100.00,0.00,0.00,100.00")
	    ROW_B("0.00,0.00,75.00,0.00,0.00,75.00")
	    ROW_D("0.00,0.00,70.00,0.00,0.00,70.00")
	    ROW_E("0.00,0.00,70.00,0.00,0.00,70.00"));
	csv_as_of(&s, 60, "&sort=customer&dir=desc",
	    ROW_E("0.00,0.00,70.00,0.00,0.00,70.00")
	    ROW_D("0.00,0.00,70.00,0.00,0.00,70.00")
	    ROW_B("0.00,0.00,75.00,0.00,0.00,75.00")
	    ROW_A("0.00,0.00,100.00,0.00,0.00,100.00"));
	csv_as_of(&s, 61, "&sort=total&dir=asc",
	    ROW_D("0.00,0.00,0.00,70.00,0.00,70.00")
	    ROW_E("0.00,0.00,0.00,70.00,0.00,70.00")
	    ROW_B("0.00,0.00,0.00,75.00,0.00,75.00")
	    ROW_A("0.00,0.00,0.00,100.00,0.00,100.00"));
	csv_as_of(&s, 90, "&sort=number&dir=desc",
	    ROW_E("0.00,0.00,0.00,70.00,0.00,70.00")
	    ROW_D("0.00,0.00,0.00,70.00,0.00,70.00")
	    ROW_B("0.00,0.00,0.00,75.00,0.00,75.00")
	    ROW_A("0.00,0.00,0.00,100.00,0.00,100.00"));
	csv_as_of(&s, 91, "&sort=d90_plus&dir=desc",
	    ROW_A("0.00,0.00,0.00,0.00,100.00,100.00")
	    ROW_B("0.00,0.00,0.00,0.00,75.00,75.00")
	    ROW_D("0.00,0.00,0.00,0.00,70.00,70.00")
	    ROW_E("0.00,0.00,0.00,0.00,70.00,70.00"));
	/* Before the charges were made, nothing was owed. */
	csv_as_of(&s, -1, "", "");
	/* Only over 60 days. */
	csv_as_of(&s, 45, "&over60=1", "");
	csv_as_of(&s, 75, "&over60=1&sort=current",
	    ROW_A("0.00,0.00,0.00,100.00,0.00,100.00")
	    ROW_B("0.00,0.00,0.00,75.00,0.00,75.00")
	    ROW_D("0.00,0.00,0.00,70.00,0.00,70.00")
	    ROW_E("0.00,0.00,0.00,70.00,0.00,70.00"));
	itest_ledger_check();
	shop_close(&s);
}
END_TEST

/* The report's total, today and as of any later date, is what the accounts owe. */
START_TEST(test_totals_tie)
{
	struct shop	 s;
	struct response	 resp;
	char		*csv;
	long long	 owed;

	shop_open(&s);
	ledger_seed(&s);
	owed = sql_long("SELECT SUM(GREATEST(0, -balance)) FROM accounts "
	    "WHERE store_id = %lld", s.id);
	ck_assert_int_eq(owed, 31500);
	ck_assert_int_eq(owed, sql_long("SELECT SUM(open_amount) FROM "
	    "open_items WHERE store_id = %lld AND side = 'D'", s.id));
	csv = csv_get(&s, "");
	ck_assert_int_eq(csv_total(csv), owed);
	free(csv);
	csv = csv_get(&s, "asof=2099-01-01");
	ck_assert_int_eq(csv_total(csv), owed);
	free(csv);
	ck_assert_int_eq(shop_get(&s.c, "/reports/ageing", &resp), 200);
	ck_assert(response_contains(&resp, "<td class=\"num\">€315.00</td>"));
	ck_assert(response_contains(&resp, "Accounts that owe: 4."));
	response_free(&resp);
	itest_ledger_check();
	shop_close(&s);
}
END_TEST

/* How many times needle occurs in the body. */
static int
body_count(const struct response *resp, const char *needle)
{
	const char	*p = resp->body;
	int		 n = 0;

	while (p != NULL && (p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

START_TEST(test_page_chart_and_links)
{
	struct shop	 s;
	struct response	 resp;
	char		 path[128], date[11], link[128];

	shop_open(&s);
	ledger_seed(&s);
	date_from_today(45, date);
	snprintf(path, sizeof(path), "/reports/ageing?asof=%s", date);
	ck_assert_int_eq(shop_get(&s.c, path, &resp), 200);
	/* A chart of five bars, the tallest the one with everything. */
	ck_assert(response_contains(&resp, "<svg role=\"img\""));
	ck_assert(response_contains(&resp, "<title id=\"ageing-chart-title\">"
	    "Total owed by bucket"));
	ck_assert_int_eq(body_count(&resp, "<rect class=\"bar\""), 5);
	ck_assert_int_eq(body_count(&resp, "height=\"160\""), 1);
	ck_assert_int_eq(body_count(&resp, "height=\"0\""), 4);
	ck_assert(!response_contains(&resp, "style="));
	ck_assert(!response_contains(&resp, "<script"));
	/* Sorted by account now: its link turns round; the others sort. */
	ck_assert(response_contains(&resp, "aria-sort=\"ascending\""));
	snprintf(link, sizeof(link), "href=\"/reports/ageing?asof=%s&amp;"
	    "sort=number&amp;dir=desc\"", date);
	ck_assert(response_contains(&resp, link));
	snprintf(link, sizeof(link), "href=\"/reports/ageing?asof=%s&amp;"
	    "sort=total&amp;dir=desc\"", date);
	ck_assert(response_contains(&resp, link));
	snprintf(link, sizeof(link), "href=\"/reports/ageing?asof=%s&amp;"
	    "sort=customer&amp;dir=asc\"", date);
	ck_assert(response_contains(&resp, link));
	snprintf(link, sizeof(link), "href=\"/reports/ageing.csv?asof=%s&amp;"
	    "sort=number&amp;dir=asc\"", date);
	ck_assert(response_contains(&resp, link));
	ck_assert_int_eq(body_count(&resp, "href=\"/accounts/A0000"), 4);
	ck_assert(!response_contains(&resp, "A000003"));
	response_free(&resp);

	/* The navigation offers Reports. */
	ck_assert_int_eq(shop_get(&s.c, "/dashboard", &resp), 200);
	ck_assert(response_contains(&resp, "href=\"/reports/ageing\""));
	response_free(&resp);
	shop_close(&s);
}
END_TEST

START_TEST(test_bad_query)
{
	struct shop	 s;
	struct response	 resp;

	shop_open(&s);
	ck_assert_int_eq(shop_get(&s.c, "/reports/ageing?asof=2026-02-30",
	    &resp), 422);
	ck_assert(response_contains(&resp, "Enter a date as YYYY-MM-DD"));
	ck_assert(response_contains(&resp, "value=\"2026-02-30\""));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, "/reports/ageing.csv?asof=soon",
	    NULL), 422);
	ck_assert_int_eq(shop_get(&s.c, "/reports/ageing?asof=9999-06-01",
	    &resp), 422);
	ck_assert(response_contains(&resp, "Choose a date before 9999."));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&s.c, "/reports/ageing?page=x", NULL), 400);
	ck_assert_int_eq(shop_get(&s.c, "/reports/ageing?page=0", NULL), 400);
	/* An unknown sort is the default one. */
	ck_assert_int_eq(shop_get(&s.c, "/reports/ageing?sort=id;drop&dir=up",
	    &resp), 200);
	ck_assert(response_contains(&resp, "No account owes anything"));
	response_free(&resp);
	shop_close(&s);
}
END_TEST

START_TEST(test_who_may)
{
	struct shop	 s;
	struct client	 clerk, manager;
	char		*email_c, *email_m;

	shop_open(&s);
	email_c = itest_email("clerk");
	email_m = itest_email("manager");
	shop_staff_add(s.code, email_c, "Clerk");
	shop_staff_add(s.code, email_m, "Manager");
	shop_sign_in(&clerk, email_c, SHOP_PASSWORD, NULL);
	shop_sign_in(&manager, email_m, SHOP_PASSWORD, NULL);
	ck_assert_int_eq(shop_get(&clerk, "/reports/ageing", NULL), 403);
	ck_assert_int_eq(shop_get(&clerk, "/reports/ageing.csv", NULL), 403);
	ck_assert_int_eq(shop_get(&manager, "/reports/ageing", NULL), 200);
	ck_assert_int_eq(shop_get(&manager, "/reports/ageing.csv", NULL), 200);
	client_free(&clerk);
	client_free(&manager);
	free(email_c);
	free(email_m);
	shop_close(&s);
}
END_TEST

static Suite *
ageing_suite(void)
{
	Suite	*s = suite_create("ageing");
	TCase	*tc = itest_tcase("ageing");

	tcase_add_test(tc, test_buckets_as_of);
	tcase_add_test(tc, test_totals_tie);
	tcase_add_test(tc, test_page_chart_and_links);
	tcase_add_test(tc, test_bad_query);
	tcase_add_test(tc, test_who_may);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	int	 rc;

	shop_begin();
	rc = itest_run(ageing_suite());
	if (shop_cleanup() == -1)
		rc = EXIT_FAILURE;
	return rc;
}
