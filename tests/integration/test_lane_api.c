/* test_lane_api.c: the lane API's main paths against the real server: tokens and revocation, the feed with its cursors, ETags and epochs, posting and replaying, offline postings, the error table, the rate limit, the configuration, slatectl lane. */
#include <sys/wait.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <curl/curl.h>
#include <jansson.h>

#include "client.h"
#include "shop.h"

#define API		"/api/v1/lane"
#define CREATED_AT	"2026-11-23T09:59:58Z"

/* A store of its own with accounts and one lane. */
struct till {
	char		 code[17];
	long long	 store;
	char		*token;
	char		 account[3][17];	/* limit 100.00, pay later, restrict credit */
};

/* An answer of the API. */
struct api {
	long		 status;
	struct response	 r;
	json_t		*json;		/* NULL when the body is not JSON */
};

/* The last line of s, in place. */
static char *
last_line(char *s)
{
	char	*nl;

	while ((nl = strrchr(s, '\n')) != NULL && nl[1] == '\0')
		*nl = '\0';
	return (nl = strrchr(s, '\n')) != NULL ? nl + 1 : s;
}

/* Runs slatectl with the arguments (ending with NULL); fails the test unless it works; returns its last line. */
static char *
ctl(const char *arg, ...)
{
	const char	*argv[16];
	char		*out = NULL, *err = NULL, *line;
	va_list		 ap;
	int		 n = 0, rc;

	va_start(ap, arg);
	for (argv[n] = arg; argv[n] != NULL && n < 15; )
		argv[++n] = va_arg(ap, const char *);
	va_end(ap);
	rc = itest_slatectl(NULL, &out, &err, argv[0], argv[1], argv[2],
	    argv[3], argv[4], argv[5], argv[6], argv[7], argv[8], argv[9],
	    argv[10], argv[11], NULL);
	ck_assert_msg(rc == 0, "slatectl %s %s: %s", arg, argv[1], err);
	line = strdup(last_line(out));
	free(out);
	free(err);
	return line;
}

/* Opens a store with a customer, three accounts and a lane. */
static void
till_open(struct till *t)
{
	char	*customer, *number;
	int	 i;

	memset(t, 0, sizeof(*t));
	t->store = shop_store_new(t->code);
	customer = ctl("customer", "add", "--name", "Lane Customer",
	    "--store", t->code, NULL);
	for (i = 0; i < 3; i++) {
		number = ctl("account", "add", "--customer", customer,
		    "--limit", "100.00", "--pay-later", "--restrict-credit",
		    "--store", t->code, NULL);
		snprintf(t->account[i], sizeof(t->account[i]), "%s", number);
		free(number);
	}
	free(customer);
	t->token = ctl("lane", "add", "--name", "Till 1", "--store", t->code,
	    NULL);
	ck_assert_int_eq(strncmp(t->token, "slate_lane_", 11), 0);
}

static void
till_close(struct till *t)
{
	free(t->token);
	itest_ledger_check();
}

struct sink {
	char	*data;
	size_t	 len;
};

static size_t
on_data(char *p, size_t size, size_t n, void *arg)
{
	struct sink	*s = arg;
	char		*d = realloc(s->data, s->len + size * n + 1);

	ck_assert_ptr_nonnull(d);
	memcpy(d + s->len, p, size * n);
	s->len += size * n;
	d[s->len] = '\0';
	s->data = d;
	return size * n;
}

/*
 * Sends method path with the lane's token (NULL: none), an optional
 * If-None-Match and an optional JSON body of len bytes.
 */
static void
call(const char *method, const char *path, const char *token,
    const char *inm, const char *body, size_t len, struct api *a)
{
	struct sink		 head = { 0 }, data = { 0 };
	struct curl_slist	*h = NULL;
	char			 url[4096], line[512];
	CURL			*c = curl_easy_init();

	ck_assert_ptr_nonnull(c);
	memset(a, 0, sizeof(*a));
	snprintf(url, sizeof(url), "%s%s", itest_url(), path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &data);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &head);
	if (strcmp(method, "GET") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)len);
	}
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Expect:");
	if (token != NULL) {
		snprintf(line, sizeof(line), "Authorization: Bearer %s", token);
		h = curl_slist_append(h, line);
	}
	if (inm != NULL) {
		snprintf(line, sizeof(line), "If-None-Match: %s", inm);
		h = curl_slist_append(h, line);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	ck_assert_msg(curl_easy_perform(c) == CURLE_OK, "%s %s", method, url);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a->status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	a->r.status = a->status;
	a->r.head = head.data != NULL ? head.data : strdup("");
	a->r.headlen = head.len;
	a->r.body = data.data != NULL ? data.data : strdup("");
	a->r.bodylen = data.len;
	a->json = json_loads(a->r.body, 0, NULL);
}

static void
api_free(struct api *a)
{
	json_decref(a->json);
	response_free(&a->r);
}

static void
get(const char *path, const char *token, struct api *a)
{
	call("GET", path, token, NULL, NULL, 0, a);
}

static void
post(const char *token, const char *body, struct api *a)
{
	call("POST", API "/transactions", token, NULL, body, strlen(body), a);
}

/* Expects an error answer of status and code, and frees it. */
static void
expect_error(struct api *a, long status, const char *code)
{
	const char	*got;
	char		*type = response_header(&a->r, "Content-Type");

	ck_assert_msg(a->status == status, "%ld, not %ld: %s", a->status,
	    status, a->r.body);
	ck_assert_ptr_nonnull(type);
	ck_assert_str_eq(type, "application/json");
	free(type);
	got = json_string_value(json_object_get(json_object_get(a->json,
	    "error"), "code"));
	ck_assert_msg(got != NULL && strcmp(got, code) == 0,
	    "code %s, not %s: %s", got, code, a->r.body);
	ck_assert_ptr_nonnull(json_string_value(json_object_get(
	    json_object_get(a->json, "error"), "message")));
	api_free(a);
}

/* A batch of one transaction; extra is more JSON members or "". */
static char *
one_tx(const char *id, const char *type, const char *account, long long amount,
    const char *extra)
{
	char	*s;

	ck_assert_int_ge(asprintf(&s, "{\"transactions\": [{\"id\": \"%s\", "
	    "\"type\": \"%s\", \"account\": \"%s\", \"amount\": %lld, "
	    "\"created_at\": \"" CREATED_AT "\"%s%s}]}", id, type, account,
	    amount, *extra ? ", " : "", extra), 0);
	return s;
}

/* Posts one transaction and returns its result (the answer is kept in *a). */
static json_t *
post_one(struct till *t, const char *id, const char *type, int account,
    long long amount, const char *extra, struct api *a)
{
	char	*body = one_tx(id, type, t->account[account], amount, extra);

	post(t->token, body, a);
	free(body);
	ck_assert_msg(a->status == 200, "%ld: %s", a->status, a->r.body);
	ck_assert_int_eq(json_array_size(json_object_get(a->json, "results")),
	    1);
	return json_array_get(json_object_get(a->json, "results"), 0);
}

static const char *
str(const json_t *o, const char *key)
{
	const char	*s = json_string_value(json_object_get(o, key));

	ck_assert_msg(s != NULL, "no string %s", key);
	return s;
}

static long long
num(const json_t *o, const char *key)
{
	const json_t	*v = json_object_get(o, key);

	ck_assert_msg(json_is_integer(v), "no integer %s", key);
	return json_integer_value(v);
}

static long long
entries(const struct till *t)
{
	return sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "store_id = %lld", t->store);
}

START_TEST(test_tokens_and_errors)
{
	struct till	 t;
	struct api	 a;
	char		*allow;

	till_open(&t);
	get(API "/ping", t.token, &a);
	ck_assert_int_eq(a.status, 200);
	ck_assert_str_eq(str(a.json, "lane"), "Till 1");
	ck_assert_str_eq(str(a.json, "store"), "Test store");
	ck_assert_int_eq(strlen(str(a.json, "server_time")), 20);
	api_free(&a);
	/* Only the hash of the token is kept. */
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM lanes WHERE "
	    "token_hash = UNHEX(SHA2('%s', 256)) AND store_id = %lld",
	    t.token, t.store), 1);
	get(API "/ping", NULL, &a);
	expect_error(&a, 401, "unauthorized");
	get(API "/ping", "slate_lane_0123456789abcdef0123456789abcdef", &a);
	expect_error(&a, 401, "unauthorized");
	get(API "/nothing-here", t.token, &a);
	expect_error(&a, 404, "not_found");
	get("/api/v2/lane/ping", t.token, &a);
	expect_error(&a, 404, "not_found");
	call("POST", API "/ping", t.token, NULL, "{}", 2, &a);
	allow = response_header(&a.r, "Allow");
	ck_assert_ptr_nonnull(allow);
	ck_assert_str_eq(allow, "GET, HEAD");
	free(allow);
	expect_error(&a, 405, "method_not_allowed");
	call("DELETE", API "/transactions", t.token, NULL, NULL, 0, &a);
	expect_error(&a, 405, "method_not_allowed");
	free(ctl("lane", "revoke", "--name", "Till 1", "--store", t.code,
	    NULL));
	get(API "/ping", t.token, &a);
	expect_error(&a, 401, "device_revoked");
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM lanes WHERE "
	    "store_id = %lld AND last_error_code = 'device_revoked' AND "
	    "api_errors > 0", t.store), 1);
	till_close(&t);
}
END_TEST

/*
 * Reads the whole feed from cursor since with limit; counts each
 * account seen into seen[] and the money on them into *owed.
 */
static char *
feed_follow(const struct till *t, const char *since, int limit, int seen[3],
    int *pages, long long *owed)
{
	char		 path[256], *cursor = strdup(since);
	const json_t	*acc;
	struct api	 a;
	size_t		 i;
	int		 more = 1, k;

	*pages = 0;
	*owed = 0;
	while (more) {
		snprintf(path, sizeof(path), API "/accounts?limit=%d%s%s",
		    limit, *cursor ? "&since=" : "", cursor);
		get(path, t->token, &a);
		ck_assert_msg(a.status == 200, "%ld: %s", a.status, a.r.body);
		ck_assert_int_le(json_array_size(json_object_get(a.json,
		    "accounts")), (size_t)limit);
		json_array_foreach(json_object_get(a.json, "accounts"), i, acc)
			for (*owed += num(acc, "balance"), k = 0; k < 3; k++)
				if (strcmp(str(acc, "number"), t->account[k]) == 0)
					seen[k]++;
		free(cursor);
		cursor = strdup(str(a.json, "cursor"));
		ck_assert_uint_eq(strspn(cursor, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-_.~"), strlen(cursor));
		more = json_is_true(json_object_get(a.json, "more"));
		ck_assert_str_eq(str(a.json, "currency"), "EUR");
		api_free(&a);
		(*pages)++;
	}
	return cursor;
}

START_TEST(test_feed)
{
	struct till	 t, other;
	struct api	 a;
	int		 seen[3] = { 0 }, pages;
	long long	 owed;
	char		*cursor, *etag, path[256];
	const json_t	*acc;

	till_open(&t);
	till_open(&other);
	/* A full sync one account a page: each account once, then empty. */
	cursor = feed_follow(&t, "", 1, seen, &pages, &owed);
	ck_assert_int_eq(seen[0], 1);
	ck_assert_int_eq(seen[1], 1);
	ck_assert_int_eq(seen[2], 1);
	ck_assert_int_eq(pages, 3);
	/* Current: the next page is empty, and its ETag gives 304 after. */
	snprintf(path, sizeof(path), API "/accounts?since=%s", cursor);
	get(path, t.token, &a);
	ck_assert_int_eq(a.status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(a.json, "accounts")),
	    0);
	ck_assert(json_is_false(json_object_get(a.json, "more")));
	ck_assert_str_eq(str(a.json, "cursor"), cursor);
	etag = response_header(&a.r, "ETag");
	ck_assert_ptr_nonnull(etag);
	api_free(&a);
	call("GET", path, t.token, etag, NULL, 0, &a);
	ck_assert_int_eq(a.status, 304);
	ck_assert_uint_eq(a.r.bodylen, 0);
	api_free(&a);
	/* A sale changes one account: it comes next, alone, in its new state. */
	post_one(&t, "feed-1", "sale", 1, 2500, "", &a);
	api_free(&a);
	call("GET", path, t.token, etag, NULL, 0, &a);
	ck_assert_int_eq(a.status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(a.json, "accounts")),
	    1);
	acc = json_array_get(json_object_get(a.json, "accounts"), 0);
	ck_assert_str_eq(str(acc, "number"), t.account[1]);
	ck_assert_int_eq(num(acc, "balance"), -2500);
	ck_assert_int_eq(num(acc, "available"), 7500);
	ck_assert_int_eq(num(acc, "credit_limit"), 10000);
	ck_assert_str_eq(str(acc, "status"), "active");
	ck_assert(json_is_false(json_object_get(acc, "on_hold")));
	api_free(&a);
	free(etag);
	/* The lane's position (the cursor it sent) is kept for the portal. */
	ck_assert_int_eq(sql_long("SELECT last_cursor = '%s' FROM lanes "
	    "WHERE store_id = %lld", cursor, t.store), 1);
	/* Each lane sees its own store's accounts only (numbers repeat across stores). */
	memset(seen, 0, sizeof(seen));
	free(feed_follow(&t, "", 1000, seen, &pages, &owed));
	ck_assert_int_eq(owed, -2500);
	memset(seen, 0, sizeof(seen));
	free(feed_follow(&other, "", 1000, seen, &pages, &owed));
	ck_assert_int_eq(seen[0] + seen[1] + seen[2], 3);
	ck_assert_int_eq(owed, 0);
	ck_assert_int_eq(pages, 1);
	/* A customer's new name brings each of their accounts again. */
	free(cursor);
	memset(seen, 0, sizeof(seen));
	cursor = feed_follow(&t, "", 1000, seen, &pages, &owed);
	sql_exec("UPDATE customers SET name = 'Lane Customer Renamed' WHERE "
	    "store_id = %lld", t.store);
	snprintf(path, sizeof(path), API "/accounts?since=%s", cursor);
	get(path, t.token, &a);
	ck_assert_int_eq(a.status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(a.json, "accounts")),
	    3);
	acc = json_array_get(json_object_get(a.json, "accounts"), 2);
	ck_assert_str_eq(str(acc, "customer_name"), "Lane Customer Renamed");
	api_free(&a);
	/* Cursors of another epoch, never issued, or garbled: 410. */
	get(API "/accounts?since=1.0123456789abcdef.1", t.token, &a);
	expect_error(&a, 410, "resync_required");
	snprintf(path, sizeof(path), API "/accounts?since=1.%s.999999999",
	    sql_str("SELECT feed_epoch FROM stores WHERE id = %lld", t.store));
	get(path, t.token, &a);
	expect_error(&a, 410, "resync_required");
	get(API "/accounts?since=garbage", t.token, &a);
	expect_error(&a, 410, "resync_required");
	/* The other store's cursor is of another epoch. */
	snprintf(path, sizeof(path), API "/accounts?since=%s", cursor);
	get(path, other.token, &a);
	expect_error(&a, 410, "resync_required");
	get(API "/accounts?limit=0", t.token, &a);
	expect_error(&a, 400, "invalid_request");
	get(API "/accounts?limit=1001", t.token, &a);
	expect_error(&a, 400, "invalid_request");
	free(cursor);
	till_close(&other);
	till_close(&t);
}
END_TEST

START_TEST(test_posting_and_replay)
{
	struct till	 t, other;
	struct api	 a, b;
	json_t		*r, *r2;
	long long	 before;

	till_open(&t);
	till_open(&other);
	r = post_one(&t, "sale-1", "sale", 0, 4000, "\"receipt\": \"R-1\"",
	    &a);
	ck_assert_str_eq(str(r, "status"), "created");
	ck_assert_int_eq(num(r, "balance"), -4000);
	ck_assert_int_eq(num(r, "available"), 6000);
	ck_assert_int_eq(json_array_size(json_object_get(r, "flags")), 0);
	/* The entry names the lane and carries the receipt. */
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries e "
	    "JOIN lanes l ON l.id = e.lane_id WHERE e.store_id = %lld AND "
	    "e.number = '%s' AND e.reference = 'R-1' AND e.kind = 'sale' AND "
	    "l.name = 'Till 1'", t.store, str(r, "entry")), 1);
	before = entries(&t);
	/* The same id and content, fields in another order: the first result again. */
	{
		char	*body;

		ck_assert_int_ge(asprintf(&body, "{\"transactions\": [{"
		    "\"receipt\": \"R-1\", \"amount\": 4000, \"account\": "
		    "\"%s\", \"type\": \"sale\", \"created_at\": \""
		    CREATED_AT "\", \"id\": \"sale-1\"}]}", t.account[0]), 0);
		post(t.token, body, &b);
		free(body);
	}
	ck_assert_int_eq(b.status, 200);
	r2 = json_array_get(json_object_get(b.json, "results"), 0);
	ck_assert_str_eq(str(r2, "status"), "duplicate");
	ck_assert_str_eq(str(r2, "entry"), str(r, "entry"));
	ck_assert_int_eq(num(r2, "balance"), -4000);
	ck_assert_int_eq(num(r2, "available"), 6000);
	api_free(&b);
	api_free(&a);
	/* The same id with other content: a conflict, nothing posted. */
	r = post_one(&t, "sale-1", "sale", 0, 4001, "\"receipt\": \"R-1\"",
	    &a);
	ck_assert_str_eq(str(r, "status"), "conflict");
	api_free(&a);
	ck_assert_int_eq(entries(&t), before);
	/* Exactly the rest of the limit is allowed; one cent more is not. */
	r = post_one(&t, "sale-2", "sale", 1, 10001, "", &a);
	ck_assert_str_eq(str(r, "status"), "rejected");
	ck_assert_str_eq(str(r, "reason"), "over_limit");
	api_free(&a);
	r = post_one(&t, "sale-2", "sale", 1, 10001, "", &a);
	ck_assert_str_eq(str(r, "status"), "rejected");
	ck_assert_str_eq(str(r, "reason"), "over_limit");
	api_free(&a);
	r = post_one(&t, "sale-3", "sale", 1, 10000, "", &a);
	ck_assert_str_eq(str(r, "status"), "created");
	ck_assert_int_eq(num(r, "available"), 0);
	api_free(&a);
	/* Deposits and payouts need a method; a payout takes credit in hand only. */
	r = post_one(&t, "dep-1", "deposit", 2, 3000,
	    "\"payment_method\": \"cash\"", &a);
	ck_assert_str_eq(str(r, "status"), "created");
	ck_assert_int_eq(num(r, "balance"), 3000);
	api_free(&a);
	r = post_one(&t, "pay-1", "payout", 2, 3001,
	    "\"payment_method\": \"card\"", &a);
	ck_assert_str_eq(str(r, "reason"), "insufficient_balance");
	api_free(&a);
	r = post_one(&t, "pay-2", "payout", 2, 3000,
	    "\"payment_method\": \"card\"", &a);
	ck_assert_str_eq(str(r, "status"), "created");
	ck_assert_int_eq(num(r, "balance"), 0);
	api_free(&a);
	r = post_one(&t, "ref-1", "refund", 0, 1000, "", &a);
	ck_assert_str_eq(str(r, "status"), "created");
	ck_assert_int_eq(num(r, "balance"), -3000);
	api_free(&a);
	/* Another store's account is no account of this lane's; ids are per lane. */
	{
		char	*body = one_tx("sale-1", "sale", other.account[0], 100,
		    "");

		post(t.token, body, &a);
		ck_assert_str_eq(str(json_array_get(json_object_get(a.json,
		    "results"), 0), "status"), "conflict");
		api_free(&a);
		post(other.token, body, &a);
		ck_assert_str_eq(str(json_array_get(json_object_get(a.json,
		    "results"), 0), "status"), "created");
		api_free(&a);
		free(body);
		/* A number only the other store has. */
		char	*customer = ctl("customer", "add", "--name", "Other",
		    "--store", other.code, NULL);
		char	*number = ctl("account", "add", "--customer", customer,
		    "--store", other.code, NULL);

		body = one_tx("cross-1", "sale", number, 100, "");
		free(customer);
		free(number);
		post(t.token, body, &a);
		ck_assert_str_eq(str(json_array_get(json_object_get(a.json,
		    "results"), 0), "reason"), "unknown_account");
		api_free(&a);
		free(body);
	}
	/* The lane's postings are audited as the lane's. */
	ck_assert_int_ge(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND actor_type = 'lane' AND action = "
	    "'entry.post'", t.store), 5);
	till_close(&other);
	till_close(&t);
}
END_TEST

START_TEST(test_offline)
{
	struct till	 t;
	struct api	 a;
	json_t		*r;
	const json_t	*flags;

	till_open(&t);
	r = post_one(&t, "off-1", "sale", 0, 15000,
	    "\"offline\": true, \"receipt\": \"R-9\"", &a);
	ck_assert_str_eq(str(r, "status"), "created");
	ck_assert_int_eq(num(r, "balance"), -15000);
	ck_assert_int_eq(num(r, "available"), 0);
	flags = json_object_get(r, "flags");
	ck_assert_int_eq(json_array_size(flags), 1);
	ck_assert_str_eq(json_string_value(json_array_get(flags, 0)),
	    "over_limit");
	api_free(&a);
	/* The account is on hold, and the posting is in the exceptions. */
	ck_assert_int_eq(sql_long("SELECT on_hold FROM accounts WHERE "
	    "store_id = %lld AND number = '%s'", t.store, t.account[0]), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM lane_exceptions x "
	    "JOIN accounts a ON a.id = x.account_id WHERE x.store_id = %lld "
	    "AND a.number = '%s' AND x.flags = 1 AND x.amount = -15000 AND "
	    "x.receipt = 'R-9' AND x.acknowledged_at IS NULL", t.store,
	    t.account[0]), 1);
	/* Online, money no longer leaves it; it still comes in. */
	r = post_one(&t, "on-1", "sale", 0, 1, "", &a);
	ck_assert_str_eq(str(r, "reason"), "on_hold");
	api_free(&a);
	r = post_one(&t, "on-2", "deposit", 0, 500,
	    "\"payment_method\": \"cash\"", &a);
	ck_assert_str_eq(str(r, "status"), "created");
	api_free(&a);
	/* Offline after the hold: posted, flagged after_hold, one more exception. */
	r = post_one(&t, "off-2", "sale", 0, 100, "\"offline\": true", &a);
	ck_assert_str_eq(str(r, "status"), "created");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(r,
	    "flags"), 0)), "over_limit");
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM lane_exceptions "
	    "WHERE store_id = %lld", t.store), 2);
	api_free(&a);
	/* An unknown account is refused even offline. */
	{
		char	*body = one_tx("off-3", "sale", "A999999", 100,
		    "\"offline\": true");

		post(t.token, body, &a);
		free(body);
		ck_assert_str_eq(str(json_array_get(json_object_get(a.json,
		    "results"), 0), "reason"), "unknown_account");
		api_free(&a);
	}
	till_close(&t);
}
END_TEST

/* Posts body and expects the error; nothing may be posted. */
static void
refused(struct till *t, const char *body, long status, const char *code)
{
	struct api	 a;
	long long	 before = entries(t);

	post(t->token, body, &a);
	expect_error(&a, status, code);
	ck_assert_int_eq(entries(t), before);
}

START_TEST(test_bad_input)
{
	struct till	 t;
	struct api	 a;
	char		*big, *body, *good, *bad;
	size_t		 i, n;

	till_open(&t);
	refused(&t, "{\"transactions\": [", 400, "invalid_json");
	refused(&t, "not json", 400, "invalid_json");
	refused(&t, "{\"transactions\": [], \"transactions\": []}", 400,
	    "invalid_json");
	refused(&t, "{\"a\": [[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]}", 400,
	    "invalid_json");
	refused(&t, "[]", 400, "invalid_request");
	refused(&t, "{\"transactions\": []}", 400, "invalid_request");
	body = one_tx("x-1", "sale", t.account[0], 0, "");
	refused(&t, body, 400, "invalid_request");
	free(body);
	body = one_tx("x-1", "gift", t.account[0], 10, "");
	refused(&t, body, 400, "invalid_request");
	free(body);
	body = one_tx("x-1", "deposit", t.account[0], 10, "");
	refused(&t, body, 400, "invalid_request");
	free(body);
	body = one_tx("x-1", "sale", t.account[0], 10, "\"receipt\": \"a\\u0001\"");
	refused(&t, body, 400, "invalid_request");
	free(body);
	body = one_tx("x-1", "sale", t.account[0], 10, "\"offline\": \"yes\"");
	refused(&t, body, 400, "invalid_request");
	free(body);
	refused(&t, "{\"transactions\": [{\"id\": \"x\", \"type\": \"sale\", "
	    "\"account\": \"A000001\", \"amount\": 10.0, \"created_at\": \""
	    CREATED_AT "\"}]}", 400, "invalid_request");
	refused(&t, "{\"transactions\": [{\"id\": \"x\", \"type\": \"sale\", "
	    "\"account\": \"A000001\", \"amount\": \"10\", \"created_at\": \""
	    CREATED_AT "\"}]}", 400, "invalid_request");
	refused(&t, "{\"transactions\": [{\"id\": \"x\", \"type\": \"sale\", "
	    "\"account\": \"A000001\", \"amount\": 9007199254740992, "
	    "\"created_at\": \"" CREATED_AT "\"}]}", 400, "invalid_request");
	/* One bad transaction among good ones: none of them is posted. */
	good = one_tx("ok-1", "sale", t.account[0], 10, "");
	good[strlen(good) - 2] = '\0';
	bad = one_tx("ok-2", "sale", t.account[0], -1, "");
	ck_assert_int_ge(asprintf(&body, "%s, %s", good,
	    strchr(bad, '[') + 1), 0);
	refused(&t, body, 400, "invalid_request");
	free(body);
	free(good);
	free(bad);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM lane_transactions x "
	    "JOIN lanes l ON l.id = x.lane_id WHERE l.store_id = %lld",
	    t.store), 0);
	/* 101 transactions, or a body over 256 KiB: 413. */
	n = 101 * 160 + 64;
	big = calloc(1, n);
	ck_assert_ptr_nonnull(big);
	strcpy(big, "{\"transactions\": [");
	for (i = 0; i < 101; i++)
		snprintf(big + strlen(big), n - strlen(big), "%s{\"id\": "
		    "\"b-%zu\", \"type\": \"sale\", \"account\": \"%s\", "
		    "\"amount\": 1, \"created_at\": \"" CREATED_AT "\"}",
		    i ? ", " : "", i, t.account[0]);
	strcat(big, "]}");
	refused(&t, big, 413, "payload_too_large");
	free(big);
	n = 300 * 1024;
	big = malloc(n + 1);
	ck_assert_ptr_nonnull(big);
	memset(big, ' ', n);
	memcpy(big, "{\"transactions\": []", 19);
	big[n - 1] = '}';
	big[n] = '\0';
	call("POST", API "/transactions", t.token, NULL, big, n, &a);
	expect_error(&a, 413, "payload_too_large");
	free(big);
	till_close(&t);
}
END_TEST

START_TEST(test_rate_limit)
{
	struct till	 t;
	struct api	 a;
	char		*retry = NULL;
	int		 i;

	till_open(&t);
	for (i = 0; i < 3000 && retry == NULL; i++) {
		get(API "/ping", t.token, &a);
		ck_assert_msg(a.status == 200 || a.status == 429, "%ld",
		    a.status);
		if (a.status == 429) {
			retry = response_header(&a.r, "Retry-After");
			expect_error(&a, 429, "rate_limited");
		} else
			api_free(&a);
	}
	ck_assert_msg(retry != NULL, "no 429 after %d requests", i);
	ck_assert_int_ge(atoi(retry), 1);
	free(retry);
	till_close(&t);
}
END_TEST

/* Pings sent by each of the processes of test_rate_limit_shared. */
#define SHARED_PINGS	100

START_TEST(test_rate_limit_shared)
{
	struct till	 t;
	struct api	 a;
	struct timespec	 t0, t1;
	pid_t		 pids[8];
	double		 seconds;
	int		 i, k, ok, status, allowed = 0;

	till_open(&t);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* Eight lanes' worth of requests at once, for one lane: many workers answer. */
	for (k = 0; k < 8; k++) {
		pids[k] = fork();
		ck_assert_int_ne(pids[k], -1);
		if (pids[k] != 0)
			continue;
		for (i = ok = 0; i < SHARED_PINGS; i++) {
			get(API "/ping", t.token, &a);
			if (a.status == 200)
				ok++;
			else if (a.status != 429)
				_exit(255);
			api_free(&a);
		}
		_exit(ok);
	}
	for (k = 0; k < 8; k++) {
		ck_assert_int_eq(waitpid(pids[k], &status, 0), pids[k]);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) != 255);
		allowed += WEXITSTATUS(status);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	seconds = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	/*
	 * The burst (60) and the refill (20 a second) whichever worker
	 * answered: buckets of each worker's own would have let each of
	 * them give the burst.
	 */
	ck_assert_msg(allowed >= 60 && allowed <= 60 + (int)(20 * seconds) + 2,
	    "%d of %d pings allowed in %.2f s", allowed, 8 * SHARED_PINGS,
	    seconds);
	till_close(&t);
}
END_TEST

START_TEST(test_config)
{
	struct till	 t;
	struct api	 a;
	const json_t	*g;
	size_t		 i;
	int		 clerk = 0;

	till_open(&t);
	sql_exec("UPDATE stores SET offline_max_transaction = 5000, "
	    "offline_max_lane_total = 20000 WHERE id = %lld", t.store);
	get(API "/config", t.token, &a);
	ck_assert_int_eq(a.status, 200);
	ck_assert_str_eq(str(a.json, "currency"), "EUR");
	ck_assert_ptr_nonnull(json_string_value(json_object_get(a.json,
	    "timezone")));
	ck_assert_int_eq(num(json_object_get(a.json, "offline"),
	    "max_transaction"), 5000);
	ck_assert_int_eq(num(json_object_get(a.json, "offline"),
	    "max_lane_total"), 20000);
	ck_assert_int_gt(num(a.json, "poll_interval_seconds"), 0);
	ck_assert_int_ge(json_array_size(json_object_get(a.json,
	    "payment_methods")), 1);
	json_array_foreach(json_object_get(a.json, "groups"), i, g)
		if (strcmp(str(g, "name"), "Clerk") == 0) {
			clerk = 1;
			ck_assert_str_eq(str(g, "pay_with_account"), "allowed");
			ck_assert_str_eq(str(g, "deposit_withdraw"),
			    "manager_code");
		}
	ck_assert_int_eq(clerk, 1);
	api_free(&a);
	till_close(&t);
}
END_TEST

START_TEST(test_slatectl_lane)
{
	struct till	 t;
	struct api	 a;
	char		*err = NULL, *out = NULL, *cursor, path[256];
	int		 seen[3] = { 0 }, pages;
	long long	 audit, owed;

	till_open(&t);
	/* After a restore: lane resync starts the store's feed again (410). */
	cursor = feed_follow(&t, "", 1000, seen, &pages, &owed);
	ck_assert_int_ne(itest_slatectl(NULL, &out, &err, "lane", "resync",
	    "--store", "NO-SUCH-STORE", NULL), 0);
	free(out);
	free(err);
	out = ctl("lane", "resync", "--store", t.code, NULL);
	ck_assert_str_eq(out, t.code);
	free(out);
	snprintf(path, sizeof(path), API "/accounts?since=%s", cursor);
	get(path, t.token, &a);
	expect_error(&a, 410, "resync_required");
	free(cursor);
	memset(seen, 0, sizeof(seen));
	free(feed_follow(&t, "", 1000, seen, &pages, &owed));
	ck_assert_int_eq(seen[0] + seen[1] + seen[2], 3);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'lane.feed_restart'", t.store), 1);
	audit = sql_long("SELECT COUNT(*) FROM audit_log WHERE store_id = %lld",
	    t.store);
	/* A name taken, no such lane, no name: errors that change nothing. */
	ck_assert_int_ne(itest_slatectl(NULL, &out, &err, "lane", "add",
	    "--name", "Till 1", "--store", t.code, NULL), 0);
	ck_assert_ptr_nonnull(strstr(err, "name"));
	free(out);
	free(err);
	ck_assert_int_ne(itest_slatectl(NULL, &out, &err, "lane", "revoke",
	    "--name", "Till 9", "--store", t.code, NULL), 0);
	free(out);
	free(err);
	ck_assert_int_ne(itest_slatectl(NULL, &out, &err, "lane", "add",
	    "--store", t.code, NULL), 0);
	free(out);
	free(err);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld", t.store), audit);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM lanes WHERE "
	    "store_id = %lld", t.store), 1);
	out = ctl("lane", "revoke", "--name", "Till 1", "--store", t.code,
	    NULL);
	ck_assert_str_eq(out, "Till 1");
	free(out);
	ck_assert_int_ne(itest_slatectl(NULL, &out, &err, "lane", "revoke",
	    "--name", "Till 1", "--store", t.code, NULL), 0);
	free(out);
	free(err);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND actor_type = 'cli' AND action IN "
	    "('lane.create', 'lane.revoke')", t.store), 2);
	till_close(&t);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("lane_api");
	TCase	*tc = itest_tcase("lane_api");

	shop_begin();
	curl_global_init(CURL_GLOBAL_ALL);
	tcase_add_test(tc, test_tokens_and_errors);
	tcase_add_test(tc, test_feed);
	tcase_add_test(tc, test_posting_and_replay);
	tcase_add_test(tc, test_offline);
	tcase_add_test(tc, test_bad_input);
	tcase_add_test(tc, test_rate_limit);
	tcase_add_test(tc, test_rate_limit_shared);
	tcase_add_test(tc, test_config);
	tcase_add_test(tc, test_slatectl_lane);
	suite_add_tcase(s, tc);
	return itest_run(s) == 0 && shop_cleanup() == 0 ? EXIT_SUCCESS :
	    EXIT_FAILURE;
}
