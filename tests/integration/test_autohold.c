/* test_autohold.c: the auto-hold rules end to end: slatectl holds run puts accounts on hold by the days and the amount rule, the lanes' feed shows the hold and its reason, a settlement lifts it, a staff hold stays, a second run changes nothing; the settings form's three fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>
#include <curl/curl.h>
#include <jansson.h>

#include "client.h"
#include "shop.h"

#define DAYS_REASON	"Overdue more than 30 days"

/* The last line of s, in place. */
static char *
last_line(char *s)
{
	char	*nl;

	while ((nl = strrchr(s, '\n')) != NULL && nl[1] == '\0')
		*nl = '\0';
	return (nl = strrchr(s, '\n')) != NULL ? nl + 1 : s;
}

/* Adds a customer and an account of s with pay later owing opening; returns its number (free it). */
static char *
account_new(const struct shop *s, const char *opening)
{
	char	*code = NULL, *number = NULL, *err = NULL, *line;
	int	 rc;

	rc = itest_slatectl(NULL, &code, &err, "customer", "add", "--name",
	    "Hold Customer", "--store", s->code, NULL);
	ck_assert_msg(rc == 0, "slatectl customer add: %s", err);
	free(err);
	rc = itest_slatectl(NULL, &number, &err, "account", "add",
	    "--customer", last_line(code), "--limit", "1000", "--pay-later",
	    "--opening", opening, "--store", s->code, NULL);
	ck_assert_msg(rc == 0, "slatectl account add: %s", err);
	free(err);
	free(code);
	line = strdup(last_line(number));
	free(number);
	return line;
}

/* A lane of s; returns its token (free it). */
static char *
lane_new(const struct shop *s)
{
	char	*out = NULL, *err = NULL, *token;
	int	 rc;

	rc = itest_slatectl(NULL, &out, &err, "lane", "add", "--name",
	    "Hold Till", "--store", s->code, NULL);
	ck_assert_msg(rc == 0, "slatectl lane add: %s", err);
	free(err);
	token = strdup(last_line(out));
	free(out);
	return token;
}

/* The date days from today (UTC, the test stores' zone) as YYYY-MM-DD. */
static void
date_from_today(int days, char out[11])
{
	time_t		 t = time(NULL) + (time_t)days * 86400;
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Runs slatectl holds run for s as of days from today; expects exit 0 and returns what it printed (free it). */
static char *
holds_run(const struct shop *s, int days)
{
	char	 date[11], *out = NULL, *err = NULL;
	int	 rc;

	date_from_today(days, date);
	rc = itest_slatectl(NULL, &out, &err, "holds", "run", "--date", date,
	    "--store", s->code, NULL);
	ck_assert_msg(rc == 0, "slatectl holds run: %s", err);
	free(err);
	return out;
}

/* Expects a holds run's output to contain line (with its newline). */
static void
printed(const char *out, const char *line)
{
	char	 want[256];

	snprintf(want, sizeof(want), "%s\n", line);
	ck_assert_msg(strstr(out, want) != NULL, "no '%s' in:\n%s", line,
	    out);
}

static size_t
on_data(char *p, size_t size, size_t n, void *arg)
{
	struct response	*r = arg;
	char		*d = realloc(r->body, r->bodylen + size * n + 1);

	ck_assert_ptr_nonnull(d);
	memcpy(d + r->bodylen, p, size * n);
	r->bodylen += size * n;
	d[r->bodylen] = '\0';
	r->body = d;
	return size * n;
}

/* The feed as a lane with token reads it from the start: the account numbered number. */
static json_t *
feed_account(const char *token, const char *number)
{
	struct response		 r;
	struct curl_slist	*h = NULL;
	char			 url[512], auth[512];
	json_t			*page, *acc, *found = NULL;
	CURL			*c = curl_easy_init();
	long			 status;
	size_t			 i;

	ck_assert_ptr_nonnull(c);
	memset(&r, 0, sizeof(r));
	snprintf(url, sizeof(url), "%s/api/v1/lane/accounts?limit=1000",
	    itest_url());
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	h = curl_slist_append(h, auth);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
	ck_assert(curl_easy_perform(c) == CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	ck_assert_msg(status == 200, "feed: %ld %s", status, r.body);
	page = json_loads(r.body, 0, NULL);
	ck_assert_ptr_nonnull(page);
	json_array_foreach(json_object_get(page, "accounts"), i, acc)
		if (strcmp(json_string_value(json_object_get(acc, "number")),
		    number) == 0)
			found = json_incref(acc);
	json_decref(page);
	free(r.body);
	ck_assert_msg(found != NULL, "%s is not in the feed", number);
	return found;
}

/* Expects the feed to show number with on_hold and hold_reason as given. */
static void
feed_shows(const char *token, const char *number, int on_hold,
    const char *reason)
{
	json_t	*acc = feed_account(token, number);

	ck_assert(json_is_boolean(json_object_get(acc, "on_hold")));
	ck_assert_int_eq(json_is_true(json_object_get(acc, "on_hold")),
	    on_hold);
	ck_assert_ptr_nonnull(json_string_value(json_object_get(acc,
	    "hold_reason")));
	ck_assert_str_eq(json_string_value(json_object_get(acc,
	    "hold_reason")), reason);
	if (on_hold)
		ck_assert_int_eq(json_integer_value(json_object_get(acc,
		    "available")), 0);
	json_decref(acc);
}

/* "on_hold|hold_auto|hold_reason" of account number of s (free it). */
static char *
hold_of(const struct shop *s, const char *number)
{
	char	*v = sql_str("SELECT CONCAT(on_hold, '|', hold_auto, '|', "
	    "hold_reason) FROM accounts WHERE store_id = %lld AND "
	    "number = '%s'", s->id, number);

	ck_assert_ptr_nonnull(v);
	return v;
}

static void
expect_hold(const struct shop *s, const char *number, const char *want)
{
	char	*got = hold_of(s, number);

	ck_assert_msg(strcmp(got, want) == 0, "%s: %s, not %s", number, got,
	    want);
	free(got);
}

static long long
audits_of(const struct shop *s, const char *action)
{
	return sql_long("SELECT COUNT(*) FROM audit_log WHERE store_id = %lld "
	    "AND action = '%s'", s->id, action);
}

/* Shows the settlement form of number and settles amount of the whole balance in cash; expects 303. */
static void
settle_whole(struct shop *s, const char *number, const char *amount)
{
	struct response	 resp;
	char		 path[96], *once, *version;

	snprintf(path, sizeof(path), "/accounts/%s/settle", number);
	ck_assert_int_eq(shop_get(&s->c, path, &resp), 200);
	once = html_input_value(resp.body, "once");
	version = html_input_value(resp.body, "version");
	response_free(&resp);
	ck_assert_ptr_nonnull(once);
	ck_assert_ptr_nonnull(version);
	ck_assert_int_eq(shop_post(&s->c, path, form_encode("csrf", s->csrf,
	    "once", once, "version", version, "method", "cash", "mode",
	    "whole", "amount", amount, NULL), &resp), 303);
	response_free(&resp);
	free(once);
	free(version);
}

/* Saves number's edit form with a hold and reason; expects 303. */
static void
account_edit_hold(struct shop *s, const char *number, const char *reason)
{
	struct response	 resp;
	char		 path[96];

	snprintf(path, sizeof(path), "/accounts/%s", number);
	ck_assert_int_eq(shop_post(&s->c, path, form_encode("csrf", s->csrf,
	    "credit_limit", "1000", "pay_later", "1", "on_hold", "1",
	    "hold_reason", reason, "status", "active", NULL), &resp), 303);
	response_free(&resp);
}

/* Turns the test store's rules off, so that later runs of other suites leave it be. */
static void
rules_off(const struct shop *s)
{
	sql_exec("UPDATE stores SET auto_hold_overdue_days = 0, "
	    "auto_hold_overdue_amount = 0 WHERE id = %lld", s->id);
}

/*
 * Days rule 30: a sale of today is 40 days overdue forty days on; the
 * run holds both accounts, the feed shows it, a second run changes
 * nothing; a settlement lifts the hold of one; staff who change the
 * other's reason make it their hold, which a settlement leaves alone.
 */
START_TEST(test_days_rule_hold_feed_settle)
{
	struct shop	 s;
	char		*a, *b, *token, *out, line[128];
	long long	 holds, releases;

	shop_open(&s);
	sql_exec("UPDATE stores SET auto_hold_overdue_days = 30 WHERE id = "
	    "%lld", s.id);
	a = account_new(&s, "-100");
	b = account_new(&s, "-50");
	token = lane_new(&s);
	feed_shows(token, a, 0, "");

	/* Thirty days on, nothing is more than 30 days overdue. */
	out = holds_run(&s, 30);
	printed(out, "held 0, released 0 in 1 store");
	free(out);
	expect_hold(&s, a, "0|0|");

	out = holds_run(&s, 40);
	snprintf(line, sizeof(line), "held %s: " DAYS_REASON, a);
	printed(out, line);
	snprintf(line, sizeof(line), "held %s: " DAYS_REASON, b);
	printed(out, line);
	printed(out, "held 2, released 0 in 1 store");
	free(out);
	expect_hold(&s, a, "1|1|" DAYS_REASON);
	expect_hold(&s, b, "1|1|" DAYS_REASON);
	ck_assert_int_eq(audits_of(&s, "account.hold"), 2);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'account.hold' AND actor_type = "
	    "'cli' AND object_id = '%s' AND after_json LIKE "
	    "'%%\"hold_auto\":true%%' AND after_json LIKE "
	    "'%%\"overdue\":10000%%'", s.id, a), 1);
	feed_shows(token, a, 1, DAYS_REASON);
	feed_shows(token, b, 1, DAYS_REASON);

	/* A second run changes nothing and writes nothing. */
	holds = audits_of(&s, "account.hold");
	out = holds_run(&s, 40);
	printed(out, "held 0, released 0 in 1 store");
	ck_assert(strstr(out, "held A") == NULL);
	free(out);
	ck_assert_int_eq(audits_of(&s, "account.hold"), holds);

	/* Saving the edit form with the hold as it was keeps it the rule's. */
	account_edit_hold(&s, b, DAYS_REASON);
	expect_hold(&s, b, "1|1|" DAYS_REASON);
	/* A new reason makes it a staff hold. */
	account_edit_hold(&s, b, "Cheque bounced");
	expect_hold(&s, b, "1|0|Cheque bounced");
	feed_shows(token, b, 1, "Cheque bounced");

	/* Settling the whole balance lifts the rule's hold, in the same step. */
	releases = audits_of(&s, "account.release");
	settle_whole(&s, a, "100");
	expect_hold(&s, a, "0|0|");
	ck_assert_int_eq(audits_of(&s, "account.release"), releases + 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'account.release' AND "
	    "actor_type = 'staff' AND actor_id = %lld AND object_id = '%s'",
	    s.id, s.admin_id, a), 1);
	feed_shows(token, a, 0, "");

	/* A staff hold stays through a settlement. */
	settle_whole(&s, b, "50");
	expect_hold(&s, b, "1|0|Cheque bounced");
	feed_shows(token, b, 1, "Cheque bounced");
	ck_assert_int_eq(audits_of(&s, "account.release"), releases + 1);

	/* Nothing is overdue any more, and the staff hold is not the run's. */
	out = holds_run(&s, 40);
	printed(out, "held 0, released 0 in 1 store");
	free(out);
	expect_hold(&s, b, "1|0|Cheque bounced");

	rules_off(&s);
	itest_ledger_check();
	free(a);
	free(b);
	free(token);
	shop_close(&s);
}
END_TEST

/*
 * Amount rule €50: an account owing €60 is held when it is overdue, one
 * owing €40 is not; turned off, the rule's holds are released by the
 * next run.
 */
START_TEST(test_amount_rule_and_off)
{
	struct shop	 s;
	char		*big, *small, *out, line[128];

	shop_open(&s);
	sql_exec("UPDATE stores SET auto_hold_overdue_amount = 5000 WHERE "
	    "id = %lld", s.id);
	big = account_new(&s, "-60");
	small = account_new(&s, "-40");

	/* Due today: not overdue yet. */
	out = holds_run(&s, 0);
	printed(out, "held 0, released 0 in 1 store");
	free(out);

	out = holds_run(&s, 1);
	snprintf(line, sizeof(line), "held %s: Overdue amount over "
	    "\xe2\x82\xac" "50.00", big);
	printed(out, line);
	printed(out, "held 1, released 0 in 1 store");
	free(out);
	expect_hold(&s, big, "1|1|Overdue amount over \xe2\x82\xac" "50.00");
	expect_hold(&s, small, "0|0|");

	/* A staff hold on the other is never the run's to lift. */
	account_edit_hold(&s, small, "Asked to close");
	rules_off(&s);
	out = holds_run(&s, 1);
	snprintf(line, sizeof(line), "released %s", big);
	printed(out, line);
	printed(out, "held 0, released 1 in 1 store");
	free(out);
	expect_hold(&s, big, "0|0|");
	expect_hold(&s, small, "1|0|Asked to close");
	ck_assert_int_eq(audits_of(&s, "account.release"), 1);

	itest_ledger_check();
	free(big);
	free(small);
	shop_close(&s);
}
END_TEST

/* "terms|days|amount" of s's store row (free it). */
static char *
rules_of(const struct shop *s)
{
	char	*v = sql_str("SELECT CONCAT(statement_terms_days, '|', "
	    "auto_hold_overdue_days, '|', auto_hold_overdue_amount) FROM "
	    "stores WHERE id = %lld", s->id);

	ck_assert_ptr_nonnull(v);
	return v;
}

/* POSTs the settings form with the rules' fields as given. */
static long
settings_post(struct shop *s, const char *terms, const char *days,
    const char *amount, struct response *resp)
{
	return shop_post(&s->c, "/settings", form_encode("csrf", s->csrf,
	    "name", "Test store", "timezone", "UTC", "pay_cash", "1",
	    "statement_terms_days", terms, "auto_hold_overdue_days", days,
	    "auto_hold_overdue_amount", amount, NULL), resp);
}

/* Expects a 422 with message beside field and the person's value kept. */
static void
refused_beside(struct response *resp, const char *field, const char *value,
    const char *message)
{
	char	 want[512];

	ck_assert_int_eq(resp->status, 422);
	snprintf(want, sizeof(want), "aria-describedby=\"%s-error\"", field);
	ck_assert_msg(response_contains(resp, want), "no %s", want);
	snprintf(want, sizeof(want), "<p class=\"field-error\" "
	    "id=\"%s-error\">%s", field, message);
	ck_assert_msg(response_contains(resp, want), "no %s", want);
	snprintf(want, sizeof(want), "name=\"%s\"", field);
	ck_assert(response_contains(resp, want));
	snprintf(want, sizeof(want), "value=\"%s\"", value);
	ck_assert_msg(response_contains(resp, want), "no %s", want);
}

/* The settings form shows the terms and rules, refuses bad values (nothing saved) and saves good ones with an audit entry. */
START_TEST(test_settings_fields)
{
	struct shop	 s;
	struct response	 resp;
	char		*before, *after, *json;
	long long	 audits;

	shop_open(&s);
	ck_assert_int_eq(shop_get(&s.c, "/settings", &resp), 200);
	ck_assert(response_contains(&resp, "name=\"statement_terms_days\""));
	ck_assert(response_contains(&resp, "value=\"14\""));
	ck_assert(response_contains(&resp, "id=\"auto_hold_overdue_days\" "
	    "name=\"auto_hold_overdue_days\" type=\"text\" "
	    "inputmode=\"numeric\" maxlength=\"5\" value=\"0\""));
	ck_assert(response_contains(&resp, "value=\"0.00\""));
	response_free(&resp);
	before = rules_of(&s);
	ck_assert_str_eq(before, "14|0|0");
	audits = audit_all(s.id);

	ck_assert_int_eq(settings_post(&s, "366", "30", "10", &resp), 422);
	refused_beside(&resp, "statement_terms_days", "366",
	    "Enter a number of days from 0 to 365.");
	response_free(&resp);
	ck_assert_int_eq(settings_post(&s, "", "30", "10", &resp), 422);
	refused_beside(&resp, "statement_terms_days", "",
	    "Enter a number of days from 0 to 365.");
	response_free(&resp);
	ck_assert_int_eq(settings_post(&s, "14", "3651", "10", &resp), 422);
	refused_beside(&resp, "auto_hold_overdue_days", "3651",
	    "Enter a number of days from 1 to 3650");
	response_free(&resp);
	ck_assert_int_eq(settings_post(&s, "14", "-3", "10", &resp), 422);
	refused_beside(&resp, "auto_hold_overdue_days", "-3",
	    "Enter a number of days from 1 to 3650");
	response_free(&resp);
	ck_assert_int_eq(settings_post(&s, "14", "30", "-5", &resp), 422);
	refused_beside(&resp, "auto_hold_overdue_amount", "-5",
	    "Enter an amount of 0 or more");
	response_free(&resp);
	ck_assert_int_eq(settings_post(&s, "14", "30", "1.001", &resp), 422);
	refused_beside(&resp, "auto_hold_overdue_amount", "1.001", "");
	response_free(&resp);
	ck_assert_int_eq(settings_post(&s, "14", "30", "lots", &resp), 422);
	refused_beside(&resp, "auto_hold_overdue_amount", "lots", "");
	response_free(&resp);

	/* Nothing was written by any of them. */
	after = rules_of(&s);
	ck_assert_str_eq(after, before);
	free(after);
	ck_assert_int_eq(audit_all(s.id), audits);

	ck_assert_int_eq(settings_post(&s, "21", "45", "\xe2\x82\xac" "1,250.50",
	    &resp), 303);
	response_free(&resp);
	after = rules_of(&s);
	ck_assert_str_eq(after, "21|45|125050");
	free(after);
	ck_assert_int_eq(audit_all(s.id), audits + 1);
	json = sql_str("SELECT after_json FROM audit_log WHERE store_id = "
	    "%lld AND action = 'store.update' ORDER BY id DESC LIMIT 1", s.id);
	ck_assert_ptr_nonnull(json);
	ck_assert_msg(strstr(json, "\"auto_hold_overdue_amount\":125050,"
	    "\"auto_hold_overdue_days\":45,") != NULL, "%s", json);
	ck_assert_msg(strstr(json, "\"statement_terms_days\":21") != NULL,
	    "%s", json);
	free(json);
	ck_assert_int_eq(shop_get(&s.c, "/settings", &resp), 200);
	ck_assert(response_contains(&resp, "value=\"1250.50\""));
	ck_assert(response_contains(&resp, "value=\"45\""));
	response_free(&resp);

	/* Empty rule fields turn the rules off. */
	ck_assert_int_eq(settings_post(&s, "0", "", "", &resp), 303);
	response_free(&resp);
	after = rules_of(&s);
	ck_assert_str_eq(after, "0|0|0");
	free(after);

	free(before);
	shop_close(&s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("autohold");
	TCase	*tc = itest_tcase("autohold");
	int	 rc;

	/* Stores with accounts stay (ledger entries are never deleted). */
	shop_begin();
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_days_rule_hold_feed_settle);
	tcase_add_test(tc, test_amount_rule_and_off);
	tcase_add_test(tc, test_settings_fields);
	suite_add_tcase(s, tc);
	rc = itest_run(s);
	if (shop_cleanup() == -1)
		rc = EXIT_FAILURE;
	return rc;
}
