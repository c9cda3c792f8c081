/* test_lane_contract.c: the lane sync API v1, sentence by sentence: authentication, the feed, posting, replay, the rules, every bad input, concurrency, stores. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <curl/curl.h>
#include <jansson.h>
#include <mysql.h>

#include "client.h"
#include "shop.h"

#define API		"/api/v1/lane"
#define CREATED_AT	"2026-11-23T09:59:58Z"
#define MAX_SAFE	INT64_C(9007199254740991)	/* 2^53 - 1 */

/* ------------------------------------------------------------ HTTP */

/* One answer of the API: status, headers, body, and the body as JSON. */
struct api {
	long		 status;
	char		*head;
	char		*body;
	size_t		 len;
	json_t		*json;		/* NULL when the body is not JSON */
};

struct sink {
	char	*data;
	size_t	 len;
};

static size_t
sink_write(char *p, size_t size, size_t n, void *arg)
{
	struct sink	*s = arg;
	char		*d;

	if ((d = realloc(s->data, s->len + size * n + 1)) == NULL)
		return 0;
	memcpy(d + s->len, p, size * n);
	s->len += size * n;
	d[s->len] = '\0';
	s->data = d;
	return size * n;
}

/*
 * Sends method path with the lane's token (NULL: no Authorization
 * header; auth overrides the whole header when not NULL), an optional
 * JSON body and If-None-Match. Fails the test when the server cannot be
 * reached. Returns the status.
 */
static long
api_send_once(const char *token, const char *auth, const char *method,
    const char *path, const char *body, size_t len, const char *etag,
    struct api *a)
{
	struct curl_slist	*hdrs = NULL;
	struct sink		 head = { 0 }, data = { 0 };
	char			 url[4096], line[512];
	CURL			*curl;
	CURLcode		 rc;

	memset(a, 0, sizeof(*a));
	ck_assert((curl = curl_easy_init()) != NULL);
	snprintf(url, sizeof(url), "%s%s", itest_url(), path);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &data);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, sink_write);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, &head);
	if (strcmp(method, "GET") != 0)
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	if (body != NULL) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)len);
		hdrs = curl_slist_append(hdrs,
		    "Content-Type: application/json");
	}
	if (auth != NULL) {
		snprintf(line, sizeof(line), "Authorization: %s", auth);
		hdrs = curl_slist_append(hdrs, line);
	} else if (token != NULL) {
		snprintf(line, sizeof(line), "Authorization: Bearer %s", token);
		hdrs = curl_slist_append(hdrs, line);
	}
	if (etag != NULL) {
		snprintf(line, sizeof(line), "If-None-Match: %s", etag);
		hdrs = curl_slist_append(hdrs, line);
	}
	hdrs = curl_slist_append(hdrs, "Expect:");
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
	rc = curl_easy_perform(curl);
	curl_slist_free_all(hdrs);
	ck_assert_msg(rc == CURLE_OK, "%s %s: %s", method, url,
	    curl_easy_strerror(rc));
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &a->status);
	curl_easy_cleanup(curl);
	a->head = head.data != NULL ? head.data : strdup("");
	a->body = data.data != NULL ? data.data : strdup("");
	a->len = data.len;
	a->json = json_loadb(a->body, a->len, JSON_REJECT_DUPLICATES, NULL);
	return a->status;
}

static void	api_free(struct api *);
static char	*api_header(const struct api *, const char *);

/* Whether api_send waits out a 429 and sends again, as a lane does. */
static int	 honour_rate_limit = 1;

/* api_send_once, waiting out 429 (Retry-After) unless honour_rate_limit is 0. */
static long
api_send(const char *token, const char *auth, const char *method,
    const char *path, const char *body, size_t len, const char *etag,
    struct api *a)
{
	int	 tries;

	for (tries = 0; tries < 20; tries++) {
		char	*ra;
		long	 wait;

		if (api_send_once(token, auth, method, path, body, len, etag,
		    a) != 429 || !honour_rate_limit)
			break;
		ra = api_header(a, "Retry-After");
		wait = ra != NULL ? atol(ra) : 1;
		free(ra);
		api_free(a);
		sleep((unsigned)(wait > 0 && wait < 10 ? wait : 1));
	}
	return a->status;
}

static void
api_free(struct api *a)
{
	free(a->head);
	free(a->body);
	json_decref(a->json);
	memset(a, 0, sizeof(*a));
}

/* The value of the last header called name (case-insensitive), new, or NULL. */
static char *
api_header(const struct api *a, const char *name)
{
	const char	*p = a->head, *eol, *v;
	char		*found = NULL;
	size_t		 n = strlen(name);

	for (; *p != '\0'; p = *eol != '\0' ? eol + 1 : eol) {
		eol = p + strcspn(p, "\n");
		if ((size_t)(eol - p) > n && strncasecmp(p, name, n) == 0 &&
		    p[n] == ':') {
			for (v = p + n + 1; *v == ' ' || *v == '\t'; v++)
				;
			free(found);
			found = strndup(v, (size_t)(eol - v));
			found[strcspn(found, "\r")] = '\0';
		}
	}
	return found;
}

/* Expects an error answer: status, JSON content type, the code and a message. */
static void
expect_error(struct api *a, long status, const char *code)
{
	json_t	*e;
	char	*ct;

	ck_assert_msg(a->status == status, "expected %ld %s, got %ld: %.300s",
	    status, code, a->status, a->body);
	ck_assert_msg(a->json != NULL, "%ld %s without a JSON body: %.300s",
	    status, code, a->body);
	ct = api_header(a, "Content-Type");
	ck_assert_msg(ct != NULL && strncmp(ct, "application/json", 16) == 0,
	    "error %s with content type %s", code, ct ? ct : "(none)");
	free(ct);
	e = json_object_get(a->json, "error");
	ck_assert_msg(json_is_object(e), "no error object: %s", a->body);
	ck_assert_msg(json_is_string(json_object_get(e, "code")) &&
	    strcmp(json_string_value(json_object_get(e, "code")), code) == 0,
	    "expected code %s: %s", code, a->body);
	ck_assert_msg(json_is_string(json_object_get(e, "message")) &&
	    json_string_length(json_object_get(e, "message")) > 0,
	    "error %s without a message: %s", code, a->body);
}

/* The string member of o called key, or fails the test. */
static const char *
jstr(const json_t *o, const char *key)
{
	const json_t	*v = json_object_get(o, key);

	ck_assert_msg(json_is_string(v), "%s is not a string", key);
	return json_string_value(v);
}

/* The integer member of o called key, or fails the test. */
static long long
jint(const json_t *o, const char *key)
{
	const json_t	*v = json_object_get(o, key);

	ck_assert_msg(json_is_integer(v), "%s is not an integer", key);
	return (long long)json_integer_value(v);
}

/* ------------------------------------------------------------ stores, lanes, accounts */

struct lane {
	char		 name[48];
	char		*token;
	long long	 id;
};

/* A store of its own for one test with up to three lanes. */
struct book {
	char		 code[17];
	long long	 store;
	struct lane	 lane[3];
};

static void
lane_add(const struct book *b, struct lane *l, const char *name)
{
	char	*out = NULL, *err = NULL, *last, *end;
	int	 rc;

	snprintf(l->name, sizeof(l->name), "%s", name);
	rc = itest_slatectl(NULL, &out, &err, "lane", "add", "--name", name,
	    "--store", b->code, NULL);
	ck_assert_msg(rc == 0, "slatectl lane add: %d %s", rc, err);
	end = out + strlen(out);
	while (end > out && (end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	last = strrchr(out, '\n');
	last = last != NULL ? last + 1 : out;
	ck_assert_msg(strncmp(last, "slate_lane_", 11) == 0,
	    "lane add printed '%s', not a token", out);
	l->token = strdup(last);
	l->id = sql_long("SELECT id FROM lanes WHERE store_id = %lld AND "
	    "name = '%s'", b->store, name);
	free(out);
	free(err);
}

/* The name of this suite's lanes, then their number: lane_cleanup finds them by it. */
#define LANE_NAME	"Contract lane "

/* A new store with nlanes lanes called "Contract lane 1", "Contract lane 2", ... */
static void
book_open(struct book *b, int nlanes)
{
	char	 name[32];
	int	 i;

	memset(b, 0, sizeof(*b));
	b->store = shop_store_new(b->code);
	for (i = 0; i < nlanes; i++) {
		snprintf(name, sizeof(name), LANE_NAME "%d", i + 1);
		lane_add(b, &b->lane[i], name);
	}
}

static void
book_close(struct book *b)
{
	int	 i;

	for (i = 0; i < 3; i++)
		free(b->lane[i].token);
}

/* Account options, as slatectl takes them. */
#define PAY_LATER	0x1
#define RESTRICT	0x2

/*
 * Adds a customer and an account (limit and opening written as money,
 * NULL for none) to the book's store; its number goes to number (17 bytes).
 * Returns the account's id.
 */
static long long
account_add(const struct book *b, const char *limit, int flags,
    const char *opening, char number[17])
{
	const char	*argv[20];
	char		*code = NULL, *out = NULL, *err = NULL;
	size_t		 n = 0;
	int		 rc;

	rc = itest_slatectl(NULL, &code, &err, "customer", "add", "--name",
	    "Lane Customer", "--store", b->code, NULL);
	ck_assert_msg(rc == 0, "customer add: %s", err);
	code[strcspn(code, "\n")] = '\0';
	free(err);
	err = NULL;
	if (limit != NULL) {
		argv[n++] = "--limit";
		argv[n++] = limit;
	}
	if (flags & PAY_LATER)
		argv[n++] = "--pay-later";
	if (flags & RESTRICT)
		argv[n++] = "--restrict-credit";
	if (opening != NULL) {
		argv[n++] = "--opening";
		argv[n++] = opening;
	}
	while (n < 7)
		argv[n++] = NULL;
	/* The options taken end the list at the first NULL. */
	rc = itest_slatectl(NULL, &out, &err, "account", "add", "--store",
	    b->code, "--customer", code, argv[0], argv[1], argv[2], argv[3],
	    argv[4], argv[5], argv[6], NULL);
	ck_assert_msg(rc == 0, "account add: %s", err);
	out[strcspn(out, "\n")] = '\0';
	snprintf(number, 17, "%s", out);
	free(code);
	free(out);
	free(err);
	return sql_long("SELECT id FROM accounts WHERE store_id = %lld AND "
	    "number = '%s'", b->store, number);
}

static long long
balance_of(long long account)
{
	return sql_long("SELECT balance FROM accounts WHERE id = %lld",
	    account);
}

/* A new transaction id, a random UUID. */
static void
new_id(char id[37])
{
	unsigned char	 r[16];

	ck_assert(getrandom(r, sizeof(r), 0) == (ssize_t)sizeof(r));
	snprintf(id, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3], r[4], r[5],
	    r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]);
}

/* One transaction object; method may be NULL. */
static json_t *
tx_new(const char *id, const char *type, const char *account,
    long long amount, int offline, const char *method)
{
	json_t	*t;

	t = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:b}", "id", id,
	    "type", type, "account", account, "amount", (json_int_t)amount,
	    "created_at", CREATED_AT, "receipt", "R-1001", "offline", offline);
	ck_assert(t != NULL);
	if (method != NULL)
		json_object_set_new(t, "payment_method", json_string(method));
	return t;
}

/* POSTs a batch {"transactions": txs} (txs stolen) and returns the status. */
static long
post_batch(const struct lane *l, json_t *txs, struct api *a)
{
	json_t	*body = json_pack("{s:o}", "transactions", txs);
	char	*s = json_dumps(body, JSON_COMPACT);
	long	 status;

	status = api_send(l->token, NULL, "POST", API "/transactions", s,
	    strlen(s), NULL, a);
	free(s);
	json_decref(body);
	return status;
}

/*
 * Posts one transaction and returns its result (a new reference),
 * having checked the answer is 200 with one result of the same id.
 */
static json_t *
post_one(const struct lane *l, const char *id, const char *type,
    const char *account, long long amount, int offline, const char *method)
{
	struct api	 a;
	json_t		*res, *r;

	post_batch(l, json_pack("[o]", tx_new(id, type, account, amount,
	    offline, method)), &a);
	ck_assert_msg(a.status == 200, "POST %s %lld: %ld %.300s", type,
	    amount, a.status, a.body);
	res = json_object_get(a.json, "results");
	ck_assert_msg(json_is_array(res) && json_array_size(res) == 1,
	    "results: %s", a.body);
	r = json_incref(json_array_get(res, 0));
	ck_assert_str_eq(jstr(r, "id"), id);
	api_free(&a);
	return r;
}

/* Expects a result to be rejected for reason, and frees it. */
static void
expect_rejected(json_t *r, const char *reason)
{
	char	*s = json_dumps(r, JSON_COMPACT);

	ck_assert_msg(strcmp(jstr(r, "status"), "rejected") == 0 &&
	    json_is_string(json_object_get(r, "reason")) &&
	    strcmp(jstr(r, "reason"), reason) == 0,
	    "expected rejected %s: %s", reason, s);
	free(s);
	json_decref(r);
}

/* Expects a result to be created, checks its figures' types; returns it. */
static json_t *
expect_created(json_t *r)
{
	char	*s = json_dumps(r, JSON_COMPACT);

	ck_assert_msg(strcmp(jstr(r, "status"), "created") == 0,
	    "expected created: %s", s);
	ck_assert_msg(jstr(r, "entry")[0] == 'E', "entry: %s", s);
	(void)jint(r, "balance");
	(void)jint(r, "available");
	ck_assert_msg(json_is_array(json_object_get(r, "flags")),
	    "flags is not an array: %s", s);
	free(s);
	return r;
}

/* True when the result's flags are exactly the one flag (NULL: none). */
static int
flags_are(const json_t *r, const char *flag)
{
	const json_t	*f = json_object_get(r, "flags");

	if (flag == NULL)
		return json_array_size(f) == 0;
	return json_array_size(f) == 1 &&
	    json_is_string(json_array_get(f, 0)) &&
	    strcmp(json_string_value(json_array_get(f, 0)), flag) == 0;
}

/* ------------------------------------------------------------ the feed */

/* GETs path, expects 200 with a feed page, and returns the page (new). */
static json_t *
feed_get(const struct lane *l, const char *path)
{
	struct api	 a;
	json_t		*page;

	api_send(l->token, NULL, "GET", path, NULL, 0, NULL, &a);
	ck_assert_msg(a.status == 200, "GET %s: %ld %.300s", path, a.status,
	    a.body);
	page = json_incref(a.json);
	api_free(&a);
	ck_assert_msg(json_is_array(json_object_get(page, "accounts")),
	    "no accounts array");
	ck_assert_msg(json_is_boolean(json_object_get(page, "more")),
	    "more is not a boolean");
	(void)jstr(page, "currency");
	(void)jstr(page, "server_time");
	ck_assert_msg(strspn(jstr(page, "cursor"), "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_.~") ==
	    strlen(jstr(page, "cursor")) && jstr(page, "cursor")[0] != '\0',
	    "cursor '%s' has characters outside A-Z a-z 0-9 - _ . ~",
	    jstr(page, "cursor"));
	return page;
}

/* Checks one account of the feed has every field of the contract with its type. */
static void
check_account_fields(const json_t *acc)
{
	static const char *const strs[] = { "number", "customer_code",
	    "customer_name", "status" };
	static const char *const bools[] = { "on_hold", "pay_later",
	    "restrict_credit" };
	static const char *const ints[] = { "credit_limit", "balance",
	    "available", "version" };
	size_t	 i;

	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		(void)jstr(acc, strs[i]);
	for (i = 0; i < sizeof(bools) / sizeof(bools[0]); i++)
		ck_assert_msg(json_is_boolean(json_object_get(acc, bools[i])),
		    "%s is not a boolean", bools[i]);
	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		(void)jint(acc, ints[i]);
	ck_assert(strcmp(jstr(acc, "status"), "active") == 0 ||
	    strcmp(jstr(acc, "status"), "inactive") == 0);
}

/*
 * Applies a page to view (an object of accounts by number), checking
 * each account appears once in it. Returns the number of accounts.
 */
static size_t
feed_apply(json_t *view, const json_t *page)
{
	json_t	*seen = json_object(), *acc;
	size_t	 i;

	json_array_foreach(json_object_get(page, "accounts"), i, acc) {
		check_account_fields(acc);
		ck_assert_msg(json_object_get(seen, jstr(acc, "number")) == NULL,
		    "account %s twice in one page", jstr(acc, "number"));
		json_object_set_new(seen, jstr(acc, "number"), json_true());
		json_object_set(view, jstr(acc, "number"), acc);
	}
	json_decref(seen);
	return json_array_size(json_object_get(page, "accounts"));
}

/*
 * Follows the feed from since (NULL: from the beginning) with pages of
 * limit until more is false, applying every page to view. Returns the
 * last cursor (new); *pages gets the number of pages when not NULL.
 */
static char *
feed_follow(const struct lane *l, const char *since, int limit, json_t *view,
    int *pages)
{
	char	 path[1024], *cursor = since ? strdup(since) : NULL;
	json_t	*page;
	int	 n = 0, more;

	do {
		if (cursor != NULL)
			snprintf(path, sizeof(path), API "/accounts?since=%s&"
			    "limit=%d", cursor, limit);
		else
			snprintf(path, sizeof(path), API "/accounts?limit=%d",
			    limit);
		page = feed_get(l, path);
		ck_assert_msg(feed_apply(view, page) <= (size_t)limit,
		    "a page longer than its limit");
		free(cursor);
		cursor = strdup(jstr(page, "cursor"));
		more = json_is_true(json_object_get(page, "more"));
		json_decref(page);
		ck_assert_msg(++n < 100000, "the feed never ends");
	} while (more);
	if (pages != NULL)
		*pages = n;
	return cursor;
}

/* Expects two views of the accounts to be equal, account by account. */
static void
views_equal(const json_t *a, const json_t *b)
{
	const char	*k;
	json_t		*v;

	ck_assert_int_eq(json_object_size(a), json_object_size(b));
	json_object_foreach((json_t *)a, k, v) {
		char	*s1 = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
		char	*s2 = json_dumps(json_object_get(b, k),
		    JSON_COMPACT | JSON_SORT_KEYS);

		ck_assert_msg(s2 != NULL && strcmp(s1, s2) == 0,
		    "account %s: the lane has %s, a full sync %s", k, s1,
		    s2 ? s2 : "nothing");
		free(s1);
		free(s2);
	}
}

/* Expects the view's balances and versions to be the database's. */
static void
view_matches_db(const struct book *b, const json_t *view)
{
	const char	*k;
	json_t		*v;

	ck_assert_int_eq((long long)json_object_size(view), sql_long(
	    "SELECT COUNT(*) FROM accounts WHERE store_id = %lld", b->store));
	json_object_foreach((json_t *)view, k, v) {
		ck_assert(sql_plain(k));
		ck_assert_int_eq(jint(v, "balance"), sql_long("SELECT balance "
		    "FROM accounts WHERE store_id = %lld AND number = '%s'",
		    b->store, k));
		ck_assert_int_eq(jint(v, "version"), sql_long("SELECT version "
		    "FROM accounts WHERE store_id = %lld AND number = '%s'",
		    b->store, k));
	}
}

/* ------------------------------------------------------------ "changes nothing" */

/* What a rejected request must leave as it was. */
struct snapshot {
	long long	 entries, balances, lane_tx, exceptions, holds;
};

static void
snapshot_take(const struct book *b, struct snapshot *s)
{
	s->entries = sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "store_id = %lld", b->store);
	s->balances = sql_long("SELECT COALESCE(SUM(balance), 0) FROM accounts "
	    "WHERE store_id = %lld", b->store);
	s->lane_tx = sql_long("SELECT COUNT(*) FROM lane_transactions t JOIN "
	    "lanes l ON l.id = t.lane_id WHERE l.store_id = %lld", b->store);
	s->exceptions = sql_long("SELECT COUNT(*) FROM lane_exceptions WHERE "
	    "store_id = %lld", b->store);
	s->holds = sql_long("SELECT COALESCE(SUM(on_hold), 0) FROM accounts "
	    "WHERE store_id = %lld", b->store);
}

static void
snapshot_same(const struct book *b, const struct snapshot *before,
    const char *what)
{
	struct snapshot	 now;

	snapshot_take(b, &now);
	ck_assert_msg(now.entries == before->entries &&
	    now.balances == before->balances && now.lane_tx == before->lane_tx &&
	    now.exceptions == before->exceptions && now.holds == before->holds,
	    "%s changed something: entries %lld -> %lld, balances %lld -> "
	    "%lld, lane transactions %lld -> %lld, exceptions %lld -> %lld",
	    what, before->entries, now.entries, before->balances,
	    now.balances, before->lane_tx, now.lane_tx, before->exceptions,
	    now.exceptions);
}

/* ------------------------------------------------------------ authentication */

START_TEST(test_auth)
{
	struct book	 b;
	struct api	 a;
	char		 path[] = API "/ping";
	char		*out = NULL, *err = NULL;
	int		 rc;

	book_open(&b, 2);
	api_send(NULL, NULL, "GET", path, NULL, 0, NULL, &a);
	expect_error(&a, 401, "unauthorized");
	api_free(&a);
	api_send("slate_lane_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL,
	    "GET", path, NULL, 0, NULL, &a);
	expect_error(&a, 401, "unauthorized");
	api_free(&a);
	api_send(NULL, "Bearer", "GET", path, NULL, 0, NULL, &a);
	expect_error(&a, 401, "unauthorized");
	api_free(&a);
	/* The right token under another scheme is no bearer token. */
	{
		char	 basic[256];

		snprintf(basic, sizeof(basic), "Basic %s", b.lane[0].token);
		api_send(NULL, basic, "GET", path, NULL, 0, NULL, &a);
		expect_error(&a, 401, "unauthorized");
		api_free(&a);
	}
	/* A token cut short is unknown. */
	{
		char	*cut = strndup(b.lane[0].token,
		    strlen(b.lane[0].token) - 1);

		api_send(cut, NULL, "GET", path, NULL, 0, NULL, &a);
		expect_error(&a, 401, "unauthorized");
		api_free(&a);
		free(cut);
	}
	/* Every route asks for it, the feed and posting too. */
	api_send(NULL, NULL, "GET", API "/accounts", NULL, 0, NULL, &a);
	expect_error(&a, 401, "unauthorized");
	api_free(&a);
	api_send(NULL, NULL, "POST", API "/transactions", "{}", 2, NULL, &a);
	expect_error(&a, 401, "unauthorized");
	api_free(&a);

	ck_assert_int_eq(api_send(b.lane[0].token, NULL, "GET", path, NULL, 0,
	    NULL, &a), 200);
	api_free(&a);
	rc = itest_slatectl(NULL, &out, &err, "lane", "revoke", "--name",
	    b.lane[0].name, "--store", b.code, NULL);
	ck_assert_msg(rc == 0, "lane revoke: %s", err);
	api_send(b.lane[0].token, NULL, "GET", path, NULL, 0, NULL, &a);
	expect_error(&a, 401, "device_revoked");
	api_free(&a);
	api_send(b.lane[0].token, NULL, "GET", API "/accounts", NULL, 0, NULL,
	    &a);
	expect_error(&a, 401, "device_revoked");
	api_free(&a);
	/* The other lane of the store goes on. */
	ck_assert_int_eq(api_send(b.lane[1].token, NULL, "GET", path, NULL, 0,
	    NULL, &a), 200);
	api_free(&a);
	free(out);
	free(err);
	book_close(&b);
}
END_TEST

START_TEST(test_ping)
{
	struct book	 b;
	struct api	 a;
	struct tm	 tm;
	const char	*st;
	time_t		 t;
	char		*ct;

	book_open(&b, 1);
	ck_assert_int_eq(api_send(b.lane[0].token, NULL, "GET", API "/ping",
	    NULL, 0, NULL, &a), 200);
	ck_assert_msg(a.json != NULL, "ping: %s", a.body);
	ct = api_header(&a, "Content-Type");
	ck_assert_msg(ct != NULL && strncmp(ct, "application/json", 16) == 0,
	    "ping's content type %s", ct ? ct : "(none)");
	free(ct);
	ck_assert_str_eq(jstr(a.json, "lane"), LANE_NAME "1");
	ck_assert_str_eq(jstr(a.json, "store"), "Test store");
	st = jstr(a.json, "server_time");
	memset(&tm, 0, sizeof(tm));
	ck_assert_msg(strlen(st) >= 20 && st[strlen(st) - 1] == 'Z' &&
	    strptime(st, "%Y-%m-%dT%H:%M:%S", &tm) != NULL,
	    "server_time '%s' is not RFC 3339 in UTC", st);
	t = timegm(&tm);
	ck_assert_msg(llabs((long long)(t - time(NULL))) < 60,
	    "server_time %s is far from now", st);
	api_free(&a);
	book_close(&b);
}
END_TEST

/* ------------------------------------------------------------ the feed */

START_TEST(test_full_and_incremental_sync)
{
	struct book	 b;
	char		 num[5][17], path[1024], id[37];
	long long	 acc[5];
	json_t		*view = json_object(), *full = json_object(), *page, *r;
	json_t		*one;
	char		*cursor, *c2;
	int		 pages, i;

	book_open(&b, 1);
	acc[0] = account_add(&b, "500.00", PAY_LATER | RESTRICT, "-120.00",
	    num[0]);
	for (i = 1; i < 5; i++)
		acc[i] = account_add(&b, "10.00", PAY_LATER, NULL, num[i]);
	(void)acc;

	/* Pages of two: 2 + 2 + 1, each account once, figures as in the contract. */
	cursor = feed_follow(&b.lane[0], NULL, 2, view, &pages);
	ck_assert_int_ge(pages, 3);
	ck_assert_int_eq(json_object_size(view), 5);
	view_matches_db(&b, view);
	one = json_object_get(view, num[0]);
	ck_assert_str_eq(jstr(one, "status"), "active");
	ck_assert(json_is_false(json_object_get(one, "on_hold")));
	ck_assert(json_is_true(json_object_get(one, "pay_later")));
	ck_assert(json_is_true(json_object_get(one, "restrict_credit")));
	ck_assert_int_eq(jint(one, "credit_limit"), 50000);
	ck_assert_int_eq(jint(one, "balance"), -12000);
	ck_assert_int_eq(jint(one, "available"), 38000);
	ck_assert_str_eq(jstr(one, "customer_name"), "Lane Customer");
	ck_assert_msg(jstr(one, "customer_code")[0] != '\0', "no customer code");

	/* since=0 and no since are both a full sync; 500 by default. */
	page = feed_get(&b.lane[0], API "/accounts?since=0");
	ck_assert_int_eq(json_array_size(json_object_get(page, "accounts")), 5);
	ck_assert(json_is_false(json_object_get(page, "more")));
	ck_assert_str_eq(jstr(page, "currency"), "EUR");
	json_decref(page);
	c2 = feed_follow(&b.lane[0], NULL, 1000, full, NULL);
	views_equal(view, full);
	free(c2);

	/* A current cursor: the next page is empty. */
	snprintf(path, sizeof(path), API "/accounts?since=%s&limit=2", cursor);
	page = feed_get(&b.lane[0], path);
	ck_assert_int_eq(json_array_size(json_object_get(page, "accounts")), 0);
	ck_assert(json_is_false(json_object_get(page, "more")));
	json_decref(page);

	/* One change: that account alone, in its new state, with a higher version. */
	new_id(id);
	r = expect_created(post_one(&b.lane[0], id, "sale", num[2], 250, 0,
	    NULL));
	json_decref(r);
	page = feed_get(&b.lane[0], path);
	ck_assert_int_eq(json_array_size(json_object_get(page, "accounts")), 1);
	one = json_array_get(json_object_get(page, "accounts"), 0);
	ck_assert_str_eq(jstr(one, "number"), num[2]);
	ck_assert_int_eq(jint(one, "balance"), -250);
	ck_assert_int_eq(jint(one, "available"), 750);
	ck_assert_int_gt(jint(one, "version"),
	    jint(json_object_get(view, num[2]), "version"));
	free(cursor);
	cursor = strdup(jstr(page, "cursor"));
	json_decref(page);
	snprintf(path, sizeof(path), API "/accounts?since=%s", cursor);
	page = feed_get(&b.lane[0], path);
	ck_assert_int_eq(json_array_size(json_object_get(page, "accounts")), 0);
	json_decref(page);

	/* An account changed twice appears once, in its latest state. */
	for (i = 0; i < 2; i++) {
		new_id(id);
		json_decref(expect_created(post_one(&b.lane[0], id, "deposit",
		    num[3], 100, 0, "cash")));
	}
	page = feed_get(&b.lane[0], path);
	ck_assert_int_eq(json_array_size(json_object_get(page, "accounts")), 1);
	ck_assert_int_eq(jint(json_array_get(json_object_get(page, "accounts"),
	    0), "balance"), 200);
	json_decref(page);

	free(cursor);
	json_decref(view);
	json_decref(full);
	itest_ledger_check();
	book_close(&b);
}
END_TEST

START_TEST(test_etag)
{
	struct book	 b;
	struct api	 a;
	char		 num[17], path[1024], id[37], *cursor, *etag, *etag2;
	json_t		*view = json_object();

	book_open(&b, 1);
	account_add(&b, "10.00", PAY_LATER, NULL, num);
	cursor = feed_follow(&b.lane[0], NULL, 500, view, NULL);
	snprintf(path, sizeof(path), API "/accounts?since=%s", cursor);

	ck_assert_int_eq(api_send(b.lane[0].token, NULL, "GET", path, NULL, 0,
	    NULL, &a), 200);
	etag = api_header(&a, "ETag");
	ck_assert_msg(etag != NULL && *etag != '\0', "no ETag");
	api_free(&a);
	ck_assert_int_eq(api_send(b.lane[0].token, NULL, "GET", path, NULL, 0,
	    etag, &a), 304);
	ck_assert_int_eq(a.len, 0);
	api_free(&a);
	/* Another tag does not match. */
	ck_assert_int_eq(api_send(b.lane[0].token, NULL, "GET", path, NULL, 0,
	    "\"something-else\"", &a), 200);
	api_free(&a);

	new_id(id);
	json_decref(expect_created(post_one(&b.lane[0], id, "sale", num, 100, 0,
	    NULL)));
	ck_assert_int_eq(api_send(b.lane[0].token, NULL, "GET", path, NULL, 0,
	    etag, &a), 200);
	ck_assert_int_eq(json_array_size(json_object_get(a.json, "accounts")),
	    1);
	etag2 = api_header(&a, "ETag");
	ck_assert_msg(etag2 != NULL && strcmp(etag, etag2) != 0,
	    "the ETag did not change with the page");
	api_free(&a);
	free(etag2);

	free(etag);
	free(cursor);
	json_decref(view);
	itest_ledger_check();
	book_close(&b);
}
END_TEST

START_TEST(test_resync_required)
{
	static const char *const bad[] = { "zzz", "1", "999999999",
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAA", "-1", "0.5", "~" };
	struct book	 b, other;
	struct api	 a;
	char		 num[17], path[1024], *cursor, *foreign, *mutated;
	json_t		*view = json_object();
	size_t		 i, n;

	book_open(&b, 1);
	book_open(&other, 1);
	account_add(&b, "10.00", PAY_LATER, NULL, num);
	account_add(&other, "10.00", PAY_LATER, NULL, num);
	cursor = feed_follow(&b.lane[0], NULL, 500, view, NULL);
	foreign = feed_follow(&other.lane[0], NULL, 500, view, NULL);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(path, sizeof(path), API "/accounts?since=%s", bad[i]);
		api_send(b.lane[0].token, NULL, "GET", path, NULL, 0, NULL, &a);
		expect_error(&a, 410, "resync_required");
		api_free(&a);
	}
	/* Another store's cursor is not one issued for this lane's store. */
	snprintf(path, sizeof(path), API "/accounts?since=%s", foreign);
	api_send(b.lane[0].token, NULL, "GET", path, NULL, 0, NULL, &a);
	expect_error(&a, 410, "resync_required");
	api_free(&a);
	/*
	 * Cursors this server never issued: one of the form it issues
	 * ("<version>.<epoch>.<position>") with another epoch, and one with a
	 * position the store has not reached yet.
	 */
	mutated = strdup(cursor);
	n = strlen(mutated);
	{
		char	*dot1 = strchr(mutated, '.');
		char	*dot2 = dot1 != NULL ? strchr(dot1 + 1, '.') : NULL;

		if (dot2 != NULL) {
			dot1[1] = dot1[1] == 'a' ? 'b' : 'a';
			snprintf(path, sizeof(path), API "/accounts?since=%s",
			    mutated);
			api_send(b.lane[0].token, NULL, "GET", path, NULL, 0,
			    NULL, &a);
			ck_assert_msg(a.status == 410, "cursor %s of another "
			    "epoch answered %ld", mutated, a.status);
			api_free(&a);
			snprintf(path, sizeof(path), API "/accounts?since=%.*s"
			    "%s", (int)(dot2 + 1 - mutated), cursor,
			    "00000000000999999999");
			api_send(b.lane[0].token, NULL, "GET", path, NULL, 0,
			    NULL, &a);
			ck_assert_msg(a.status == 410, "%s, a position never "
			    "reached, answered %ld", path, a.status);
			api_free(&a);
		}
	}
	(void)n;
	/* This lane's own cursor is good... */
	snprintf(path, sizeof(path), API "/accounts?since=%s", cursor);
	ck_assert_int_eq(api_send(b.lane[0].token, NULL, "GET", path, NULL, 0,
	    NULL, &a), 200);
	api_free(&a);
	/* ...until the store's feed starts a new epoch (a restored backup). */
	sql_exec("UPDATE stores SET feed_epoch = LOWER(HEX(RANDOM_BYTES(8))) "
	    "WHERE id = %lld", b.store);
	api_send(b.lane[0].token, NULL, "GET", path, NULL, 0, NULL, &a);
	expect_error(&a, 410, "resync_required");
	api_free(&a);
	/* Starting again without since works. */
	free(feed_follow(&b.lane[0], NULL, 500, view, NULL));

	free(mutated);
	free(cursor);
	free(foreign);
	json_decref(view);
	book_close(&b);
	book_close(&other);
}
END_TEST

START_TEST(test_limit_bounds)
{
	static const char *const bad[] = { "0", "1001", "abc", "-1",
	    "1.5", "10x", "99999999999999999999", "%201" };
	struct book	 b;
	struct api	 a;
	char		 num[17], path[256];
	size_t		 i;

	book_open(&b, 1);
	account_add(&b, NULL, 0, NULL, num);
	account_add(&b, NULL, 0, NULL, num);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(path, sizeof(path), API "/accounts?limit=%s", bad[i]);
		api_send(b.lane[0].token, NULL, "GET", path, NULL, 0, NULL, &a);
		ck_assert_msg(a.status == 400, "limit=%s answered %ld",
		    bad[i], a.status);
		expect_error(&a, 400, "invalid_request");
		api_free(&a);
	}
	ck_assert_int_eq(api_send(b.lane[0].token, NULL, "GET",
	    API "/accounts?limit=1", NULL, 0, NULL, &a), 200);
	ck_assert_int_eq(json_array_size(json_object_get(a.json, "accounts")),
	    1);
	ck_assert(json_is_true(json_object_get(a.json, "more")));
	api_free(&a);
	ck_assert_int_eq(api_send(b.lane[0].token, NULL, "GET",
	    API "/accounts?limit=1000", NULL, 0, NULL, &a), 200);
	ck_assert_int_eq(json_array_size(json_object_get(a.json, "accounts")),
	    2);
	ck_assert(json_is_false(json_object_get(a.json, "more")));
	api_free(&a);
	book_close(&b);
}
END_TEST

/* ------------------------------------------------------------ posting */

START_TEST(test_post_and_replay)
{
	struct book	 b;
	struct api	 a, a2;
	char		 num[17], id1[37], id2[37];
	long long	 acc, entries;
	json_t		*r, *batch;
	char		*s1, *s2;

	book_open(&b, 2);
	acc = account_add(&b, "100.00", PAY_LATER | RESTRICT, NULL, num);
	new_id(id1);
	new_id(id2);
	batch = json_pack("[o,o]", tx_new(id1, "sale", num, 1250, 0, NULL),
	    tx_new(id2, "refund", num, 250, 0, NULL));
	post_batch(&b.lane[0], json_incref(batch), &a);
	ck_assert_msg(a.status == 200, "%ld %s", a.status, a.body);
	ck_assert_int_eq(json_array_size(json_object_get(a.json, "results")),
	    2);
	r = json_array_get(json_object_get(a.json, "results"), 0);
	ck_assert_str_eq(jstr(r, "id"), id1);
	ck_assert_str_eq(jstr(r, "status"), "created");
	ck_assert_int_eq(jint(r, "balance"), -1250);
	ck_assert_int_eq(jint(r, "available"), 10000 - 1250);
	ck_assert(flags_are(r, NULL));
	ck_assert_msg(sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "account_id = %lld AND number = '%s'", acc, jstr(r, "entry")) == 1,
	    "entry %s is not the account's", jstr(r, "entry"));
	r = json_array_get(json_object_get(a.json, "results"), 1);
	ck_assert_str_eq(jstr(r, "id"), id2);
	ck_assert_str_eq(jstr(r, "status"), "created");
	ck_assert_int_eq(jint(r, "balance"), -1000);
	ck_assert_int_eq(balance_of(acc), -1000);
	entries = sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "account_id = %lld", acc);

	/* The whole batch again after a lost answer: the same entries and figures. */
	post_batch(&b.lane[0], json_incref(batch), &a2);
	ck_assert_int_eq(a2.status, 200);
	for (size_t i = 0; i < 2; i++) {
		json_t	*x = json_array_get(json_object_get(a.json, "results"), i);
		json_t	*y = json_array_get(json_object_get(a2.json, "results"), i);

		ck_assert_str_eq(jstr(y, "status"), "duplicate");
		ck_assert_str_eq(jstr(y, "entry"), jstr(x, "entry"));
		ck_assert_int_eq(jint(y, "balance"), jint(x, "balance"));
		ck_assert_int_eq(jint(y, "available"), jint(x, "available"));
		s1 = json_dumps(json_object_get(x, "flags"), JSON_COMPACT);
		s2 = json_dumps(json_object_get(y, "flags"), JSON_COMPACT);
		ck_assert_str_eq(s1, s2);
		free(s1);
		free(s2);
	}
	ck_assert_int_eq(balance_of(acc), -1000);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "account_id = %lld", acc), entries);
	api_free(&a2);

	/* The same id with other content: a conflict, nothing posted. */
	r = post_one(&b.lane[0], id1, "sale", num, 1251, 0, NULL);
	ck_assert_str_eq(jstr(r, "status"), "conflict");
	json_decref(r);
	r = post_one(&b.lane[0], id1, "refund", num, 1250, 0, NULL);
	ck_assert_str_eq(jstr(r, "status"), "conflict");
	json_decref(r);
	ck_assert_int_eq(balance_of(acc), -1000);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "account_id = %lld", acc), entries);

	/* Ids are per lane: another lane's same id is a posting of its own. */
	r = expect_created(post_one(&b.lane[1], id1, "sale", num, 1250, 0,
	    NULL));
	ck_assert_str_ne(jstr(r, "entry"), jstr(json_array_get(json_object_get(
	    a.json, "results"), 0), "entry"));
	ck_assert_int_eq(jint(r, "balance"), -2250);
	json_decref(r);
	ck_assert_int_eq(balance_of(acc), -2250);

	api_free(&a);
	json_decref(batch);
	itest_ledger_check();
	book_close(&b);
}
END_TEST

START_TEST(test_rejection_replayed)
{
	struct book	 b;
	char		 num[17], id[37], id2[37];
	long long	 acc;
	json_t		*r;

	book_open(&b, 1);
	acc = account_add(&b, "10.00", PAY_LATER | RESTRICT, NULL, num);
	new_id(id);
	expect_rejected(post_one(&b.lane[0], id, "sale", num, 1001, 0, NULL),
	    "over_limit");
	/* Credit comes in; the same id still gets the same rejection. */
	new_id(id2);
	json_decref(expect_created(post_one(&b.lane[0], id2, "deposit", num,
	    5000, 0, "cash")));
	expect_rejected(post_one(&b.lane[0], id, "sale", num, 1001, 0, NULL),
	    "over_limit");
	ck_assert_int_eq(balance_of(acc), 5000);
	/* A new id is a new try. */
	new_id(id);
	json_decref(expect_created(post_one(&b.lane[0], id, "sale", num, 1001,
	    0, NULL)));
	r = post_one(&b.lane[0], id, "sale", num, 1001, 0, NULL);
	ck_assert_str_eq(jstr(r, "status"), "duplicate");
	json_decref(r);
	ck_assert_int_eq(balance_of(acc), 3999);
	itest_ledger_check();
	book_close(&b);
}
END_TEST

START_TEST(test_exact_limit)
{
	struct book	 b;
	char		 num[17], num2[17], num3[17], num4[17], id[37];
	json_t		*r;

	book_open(&b, 1);
	/* Restrict credit: available 100.00 exactly may be spent, not a cent more. */
	account_add(&b, "100.00", PAY_LATER | RESTRICT, NULL, num);
	account_add(&b, "100.00", PAY_LATER | RESTRICT, NULL, num2);
	new_id(id);
	r = expect_created(post_one(&b.lane[0], id, "sale", num, 10000, 0,
	    NULL));
	ck_assert_int_eq(jint(r, "balance"), -10000);
	ck_assert_int_eq(jint(r, "available"), 0);
	json_decref(r);
	new_id(id);
	expect_rejected(post_one(&b.lane[0], id, "sale", num, 1, 0, NULL),
	    "over_limit");
	new_id(id);
	expect_rejected(post_one(&b.lane[0], id, "sale", num2, 10001, 0, NULL),
	    "over_limit");

	/* Without pay later: down to zero, not below. */
	account_add(&b, NULL, 0, "20.00", num3);
	new_id(id);
	expect_rejected(post_one(&b.lane[0], id, "sale", num3, 2001, 0, NULL),
	    "over_limit");
	new_id(id);
	r = expect_created(post_one(&b.lane[0], id, "sale", num3, 2000, 0,
	    NULL));
	ck_assert_int_eq(jint(r, "balance"), 0);
	json_decref(r);

	/* Pay later without restrict credit: posted past the limit, flagged. */
	account_add(&b, "10.00", PAY_LATER, NULL, num4);
	new_id(id);
	r = expect_created(post_one(&b.lane[0], id, "sale", num4, 1500, 0,
	    NULL));
	ck_assert_msg(flags_are(r, "over_limit"), "flags of a sale past the "
	    "limit without restrict credit");
	ck_assert_int_eq(jint(r, "balance"), -1500);
	ck_assert_int_eq(jint(r, "available"), 0);
	json_decref(r);
	/* Online, the flag is all: no hold and no exception. */
	ck_assert_int_eq(sql_long("SELECT on_hold FROM accounts WHERE "
	    "store_id = %lld AND number = '%s'", b.store, num4), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM lane_exceptions e "
	    "JOIN accounts a ON a.id = e.account_id WHERE a.store_id = %lld "
	    "AND a.number = '%s'", b.store, num4), 0);
	itest_ledger_check();
	book_close(&b);
}
END_TEST

START_TEST(test_reason_order)
{
	struct book	 b;
	char		 num[17], id[37];
	long long	 acc;

	book_open(&b, 1);
	acc = account_add(&b, "10.00", PAY_LATER | RESTRICT, NULL, num);
	/* Inactive and on hold: a sale over the limit is "inactive". */
	sql_exec("UPDATE accounts SET active = 0, on_hold = 1 WHERE id = %lld",
	    acc);
	new_id(id);
	expect_rejected(post_one(&b.lane[0], id, "sale", num, 5000, 0, NULL),
	    "inactive");
	new_id(id);
	expect_rejected(post_one(&b.lane[0], id, "payout", num, 5000, 0,
	    "cash"), "inactive");
	/* On hold: a payout past the credit in hand is "on_hold", a sale too. */
	sql_exec("UPDATE accounts SET active = 1 WHERE id = %lld", acc);
	new_id(id);
	expect_rejected(post_one(&b.lane[0], id, "payout", num, 5000, 0,
	    "cash"), "on_hold");
	new_id(id);
	expect_rejected(post_one(&b.lane[0], id, "sale", num, 5000, 0, NULL),
	    "on_hold");
	/* Neither: the payout is insufficient_balance, the sale over_limit. */
	sql_exec("UPDATE accounts SET on_hold = 0 WHERE id = %lld", acc);
	new_id(id);
	expect_rejected(post_one(&b.lane[0], id, "payout", num, 5000, 0,
	    "cash"), "insufficient_balance");
	new_id(id);
	expect_rejected(post_one(&b.lane[0], id, "sale", num, 5000, 0, NULL),
	    "over_limit");
	/* An unknown account comes before everything. */
	new_id(id);
	expect_rejected(post_one(&b.lane[0], id, "sale", "Z999999", 5000, 0,
	    NULL), "unknown_account");
	new_id(id);
	expect_rejected(post_one(&b.lane[0], id, "sale", "Z999999", 5000, 1,
	    NULL), "unknown_account");
	ck_assert_int_eq(balance_of(acc), 0);
	itest_ledger_check();
	book_close(&b);
}
END_TEST

START_TEST(test_deposits_and_payouts)
{
	static const char *const methods[] = { "cash", "card", "bank_transfer",
	    "cheque" };
	struct book	 b;
	struct api	 a;
	struct snapshot	 s;
	char		 num[17], id[37];
	long long	 acc;
	json_t		*r;
	size_t		 i;

	book_open(&b, 1);
	acc = account_add(&b, "100.00", PAY_LATER | RESTRICT, NULL, num);
	/* payment_method is required for deposits and payouts, from the list. */
	snapshot_take(&b, &s);
	new_id(id);
	post_batch(&b.lane[0], json_pack("[o]", tx_new(id, "deposit", num, 500,
	    0, NULL)), &a);
	expect_error(&a, 400, "invalid_request");
	api_free(&a);
	post_batch(&b.lane[0], json_pack("[o]", tx_new(id, "payout", num, 500,
	    0, NULL)), &a);
	expect_error(&a, 400, "invalid_request");
	api_free(&a);
	post_batch(&b.lane[0], json_pack("[o]", tx_new(id, "deposit", num, 500,
	    0, "gold")), &a);
	expect_error(&a, 400, "invalid_request");
	api_free(&a);
	snapshot_same(&b, &s, "a deposit without a payment method");

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		new_id(id);
		r = expect_created(post_one(&b.lane[0], id, "deposit", num, 1000,
		    0, methods[i]));
		ck_assert_int_eq(jint(r, "balance"), 1000 * (long long)(i + 1));
		json_decref(r);
	}
	ck_assert_int_eq(balance_of(acc), 4000);
	/* A sale ignores payment_method. */
	new_id(id);
	json_decref(expect_created(post_one(&b.lane[0], id, "sale", num, 500, 0,
	    "cash")));
	/* Payouts: up to the credit in hand (3500), the limit is not credit. */
	new_id(id);
	expect_rejected(post_one(&b.lane[0], id, "payout", num, 3501, 0,
	    "cash"), "insufficient_balance");
	new_id(id);
	r = expect_created(post_one(&b.lane[0], id, "payout", num, 3500, 0,
	    "card"));
	ck_assert_int_eq(jint(r, "balance"), 0);
	ck_assert_int_eq(jint(r, "available"), 10000);
	json_decref(r);
	new_id(id);
	expect_rejected(post_one(&b.lane[0], id, "payout", num, 1, 0, "cash"),
	    "insufficient_balance");
	ck_assert_int_eq(balance_of(acc), 0);
	itest_ledger_check();
	book_close(&b);
}
END_TEST

START_TEST(test_hold_and_inactive)
{
	static const char *const types[] = { "sale", "refund", "deposit",
	    "payout" };
	struct book	 b;
	char		 num[17], id[37];
	long long	 acc;
	json_t		*r;
	size_t		 i;

	book_open(&b, 1);
	acc = account_add(&b, "100.00", PAY_LATER | RESTRICT, "50.00", num);
	sql_exec("UPDATE accounts SET on_hold = 1 WHERE id = %lld", acc);
	new_id(id);
	expect_rejected(post_one(&b.lane[0], id, "sale", num, 100, 0, NULL),
	    "on_hold");
	new_id(id);
	expect_rejected(post_one(&b.lane[0], id, "payout", num, 100, 0,
	    "cash"), "on_hold");
	new_id(id);
	r = expect_created(post_one(&b.lane[0], id, "deposit", num, 100, 0,
	    "cash"));
	ck_assert_int_eq(jint(r, "balance"), 5100);
	ck_assert_int_eq(jint(r, "available"), 0);
	json_decref(r);
	new_id(id);
	r = expect_created(post_one(&b.lane[0], id, "refund", num, 100, 0,
	    NULL));
	ck_assert_int_eq(jint(r, "balance"), 5200);
	json_decref(r);

	/* Inactive: no online transaction of any type. */
	sql_exec("UPDATE accounts SET on_hold = 0, active = 0 WHERE id = %lld",
	    acc);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		new_id(id);
		expect_rejected(post_one(&b.lane[0], id, types[i], num, 100, 0,
		    strcmp(types[i], "deposit") == 0 ||
		    strcmp(types[i], "payout") == 0 ? "cash" : NULL),
		    "inactive");
	}
	ck_assert_int_eq(balance_of(acc), 5200);
	itest_ledger_check();
	book_close(&b);
}
END_TEST

START_TEST(test_offline)
{
	struct book	 b;
	char		 num[17], num2[17], id[37], path[1024], *cursor;
	long long	 acc, acc2, entry;
	json_t		*r, *view = json_object(), *page, *one;

	book_open(&b, 1);
	acc = account_add(&b, "50.00", PAY_LATER | RESTRICT, NULL, num);
	acc2 = account_add(&b, "50.00", PAY_LATER | RESTRICT, NULL, num2);
	cursor = feed_follow(&b.lane[0], NULL, 500, view, NULL);

	/* Within the rules: posted, no flags, no hold, no exception. */
	new_id(id);
	r = expect_created(post_one(&b.lane[0], id, "sale", num2, 1000, 1,
	    NULL));
	ck_assert(flags_are(r, NULL));
	json_decref(r);
	ck_assert_int_eq(sql_long("SELECT on_hold FROM accounts WHERE id = "
	    "%lld", acc2), 0);

	/* Over the limit: posted all the same, flagged, the account on hold. */
	new_id(id);
	r = expect_created(post_one(&b.lane[0], id, "sale", num, 8000, 1,
	    NULL));
	ck_assert_msg(flags_are(r, "over_limit"), "flags of an offline sale "
	    "over the limit");
	ck_assert_int_eq(jint(r, "balance"), -8000);
	ck_assert_int_eq(jint(r, "available"), 0);
	ck_assert_int_eq(balance_of(acc), -8000);
	ck_assert_int_eq(sql_long("SELECT on_hold FROM accounts WHERE id = "
	    "%lld", acc), 1);
	entry = sql_long("SELECT id FROM ledger_entries WHERE account_id = %lld "
	    "AND number = '%s'", acc, jstr(r, "entry"));
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM lane_exceptions WHERE "
	    "store_id = %lld AND account_id = %lld AND entry_id = %lld AND "
	    "lane_id = %lld", b.store, acc, entry, b.lane[0].id), 1);
	json_decref(r);

	/* The feed shows the hold. */
	snprintf(path, sizeof(path), API "/accounts?since=%s", cursor);
	page = feed_get(&b.lane[0], path);
	feed_apply(view, page);
	one = json_object_get(view, num);
	ck_assert(json_is_true(json_object_get(one, "on_hold")));
	ck_assert_int_eq(jint(one, "available"), 0);
	ck_assert_int_eq(jint(one, "balance"), -8000);
	json_decref(page);

	/* After the hold: an offline sale is posted with after_hold; online refused. */
	new_id(id);
	r = expect_created(post_one(&b.lane[0], id, "sale", num, 100, 1, NULL));
	ck_assert_msg(json_array_size(json_object_get(r, "flags")) >= 1,
	    "an offline sale after the hold has no flags");
	{
		int	 after_hold = 0;
		size_t	 i;
		json_t	*f;

		json_array_foreach(json_object_get(r, "flags"), i, f)
			after_hold |= strcmp(json_string_value(f),
			    "after_hold") == 0;
		ck_assert_msg(after_hold, "no after_hold flag");
	}
	json_decref(r);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM lane_exceptions WHERE "
	    "store_id = %lld AND account_id = %lld", b.store, acc), 2);
	new_id(id);
	expect_rejected(post_one(&b.lane[0], id, "sale", num, 100, 0, NULL),
	    "on_hold");

	/* Inactive: offline posted and flagged inactive. */
	sql_exec("UPDATE accounts SET active = 0 WHERE id = %lld", acc2);
	new_id(id);
	r = expect_created(post_one(&b.lane[0], id, "sale", num2, 100, 1,
	    NULL));
	ck_assert_msg(flags_are(r, "inactive"), "flags of an offline sale on "
	    "an inactive account");
	json_decref(r);
	ck_assert_int_eq(sql_long("SELECT on_hold FROM accounts WHERE id = "
	    "%lld", acc2), 1);
	ck_assert_int_eq(balance_of(acc2), -1100);

	free(cursor);
	json_decref(view);
	itest_ledger_check();
	book_close(&b);
}
END_TEST

/* ------------------------------------------------------------ bad input */

/* A bad request: the body as sent, and the answer it must get. */
struct bad {
	const char	*what;
	long		 status;
	const char	*code;
	char		*body;		/* NULL: built by the test */
};

/* A body of one transaction with field set to the raw JSON value (NULL: left out). */
static char *
one_with(const char *num, const char *field, const char *raw)
{
	static const char *const fields[] = { "id", "type", "account",
	    "amount", "created_at", "receipt", "offline" };
	char		 id[37], *s = NULL, *vals[7];
	size_t		 i;
	struct buf {
		char	*p;
		size_t	 n;
	}		 out = { 0 };
	FILE		*f = open_memstream(&out.p, &out.n);

	new_id(id);
	ck_assert(asprintf(&vals[0], "\"%s\"", id) != -1);
	vals[1] = strdup("\"sale\"");
	ck_assert(asprintf(&vals[2], "\"%s\"", num) != -1);
	vals[3] = strdup("100");
	vals[4] = strdup("\"" CREATED_AT "\"");
	vals[5] = strdup("\"R-1\"");
	vals[6] = strdup("false");
	fputs("{\"transactions\":[{", f);
	for (i = 0; i < 7; i++) {
		const char	*v = vals[i];

		if (strcmp(fields[i], field) == 0) {
			if (raw == NULL)
				continue;
			v = raw;
		}
		fprintf(f, "%s\"%s\":%s", ftell(f) > 18 ? "," : "", fields[i], v);
	}
	if (strcmp(field, "payment_method") == 0)
		fprintf(f, ",\"payment_method\":%s", raw);
	fputs("}]}", f);
	fclose(f);
	for (i = 0; i < 7; i++)
		free(vals[i]);
	s = out.p;
	return s;
}

/* n transactions, each a valid sale of 1 on num. */
static char *
many(const char *num, int n)
{
	json_t	*txs = json_array(), *body;
	char	 id[37], *s;
	int	 i;

	for (i = 0; i < n; i++) {
		new_id(id);
		json_array_append_new(txs, tx_new(id, "sale", num, 1, 0, NULL));
	}
	body = json_pack("{s:o}", "transactions", txs);
	s = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	return s;
}

static char *
nested(int depth)
{
	char	*s = malloc((size_t)depth * 2 + 1);
	int	 i;

	for (i = 0; i < depth; i++) {
		s[i] = '[';
		s[depth * 2 - 1 - i] = ']';
	}
	s[depth * 2] = '\0';
	return s;
}

/* {"transactions":[{...}]} nested inside d levels of {"x": ...} is deeper still. */
static char *
deep_tx(const char *num, int extra)
{
	char	*inner = one_with(num, "receipt", "\"R\""), *s, *p;
	size_t	 n;
	int	 i;

	/* Replace the receipt's value with extra nested arrays. */
	p = strstr(inner, "\"receipt\":\"R\"");
	ck_assert(p != NULL);
	n = strlen(inner) + (size_t)extra * 2 + 1;
	s = malloc(n);
	snprintf(s, n, "%.*s\"receipt\":", (int)(p - inner), inner);
	for (i = 0; i < extra; i++)
		strcat(s, "[");
	for (i = 0; i < extra; i++)
		strcat(s, "]");
	strcat(s, p + strlen("\"receipt\":\"R\""));
	free(inner);
	return s;
}

START_TEST(test_bad_input)
{
	struct book	 b;
	struct api	 a;
	struct snapshot	 s;
	char		 num[17], id[37], *big, long_receipt[80];
	size_t		 i, nb;
	struct bad	 bad[64];

	book_open(&b, 1);
	account_add(&b, "100.00", PAY_LATER | RESTRICT, "10.00", num);
	/* A quote, 65 characters, a quote. */
	memset(long_receipt, 'r', 67);
	long_receipt[0] = '"';
	long_receipt[66] = '"';
	long_receipt[67] = '\0';
	nb = 0;
#define BAD(w, st, c, bd) do { bad[nb].what = (w); bad[nb].status = (st); \
	bad[nb].code = (c); bad[nb].body = (bd); nb++; } while (0)
	BAD("not JSON", 400, "invalid_json", strdup("this is not JSON"));
	BAD("empty body", 400, "invalid_json", strdup(""));
	BAD("truncated", 400, "invalid_json",
	    strdup("{\"transactions\":[{\"id\":\"x\",\"type\":\"sa"));
	BAD("trailing garbage", 400, "invalid_json",
	    strdup("{\"transactions\":[]} x"));
	BAD("nesting 17 deep", 400, "invalid_json", nested(17));
	/* 2 levels (object, array) + 1 (item) + 14 = 17 */
	BAD("nesting 17 deep in an item", 400, "invalid_json",
	    deep_tx(num, 14));
	BAD("nesting 16 deep", 400, "invalid_request", nested(16));
	BAD("duplicate key at the top", 400, "invalid_json",
	    strdup("{\"transactions\":[],\"transactions\":[]}"));
	{
		char	*d = one_with(num, "amount", "100,\"amount\":100");

		BAD("duplicate key in an item", 400, "invalid_json", d);
	}
	BAD("raw control character", 400, "invalid_json",
	    one_with(num, "receipt", "\"a\001b\""));
	BAD("missing id", 400, "invalid_request", one_with(num, "id", NULL));
	BAD("missing type", 400, "invalid_request", one_with(num, "type",
	    NULL));
	BAD("missing account", 400, "invalid_request", one_with(num, "account",
	    NULL));
	BAD("missing amount", 400, "invalid_request", one_with(num, "amount",
	    NULL));
	BAD("account a number", 400, "invalid_request", one_with(num,
	    "account", "123"));
	BAD("id a number", 400, "invalid_request", one_with(num, "id", "42"));
	BAD("offline a string", 400, "invalid_request", one_with(num,
	    "offline", "\"true\""));
	BAD("float amount", 400, "invalid_request", one_with(num, "amount",
	    "12.5"));
	BAD("float amount with no fraction", 400, "invalid_request",
	    one_with(num, "amount", "100.0"));
	BAD("exponent amount", 400, "invalid_request", one_with(num, "amount",
	    "1e2"));
	BAD("string amount", 400, "invalid_request", one_with(num, "amount",
	    "\"1250\""));
	BAD("null amount", 400, "invalid_request", one_with(num, "amount",
	    "null"));
	BAD("zero amount", 400, "invalid_request", one_with(num, "amount",
	    "0"));
	BAD("negative amount", 400, "invalid_request", one_with(num, "amount",
	    "-5"));
	BAD("amount 2^53", 400, "invalid_request", one_with(num, "amount",
	    "9007199254740992"));
	BAD("amount 2^63", 400, "invalid_request", one_with(num, "amount",
	    "9223372036854775808"));
	BAD("control character in a string", 400, "invalid_request",
	    one_with(num, "receipt", "\"a\\u0001b\""));
	BAD("NUL in a string", 400, "invalid_request",
	    one_with(num, "receipt", "\"a\\u0000b\""));
	BAD("control character in the id", 400, "invalid_request",
	    one_with(num, "id", "\"a\\u001fb\""));
	BAD("unknown type", 400, "invalid_request", one_with(num, "type",
	    "\"gift\""));
	BAD("receipt of 65 characters", 400, "invalid_request",
	    one_with(num, "receipt", long_receipt));
	BAD("id of 65 characters", 400, "invalid_request",
	    one_with(num, "id", long_receipt));
	BAD("empty id", 400, "invalid_request", one_with(num, "id", "\"\""));
	BAD("batch of 0", 400, "invalid_request",
	    strdup("{\"transactions\":[]}"));
	BAD("no transactions", 400, "invalid_request", strdup("{}"));
	BAD("transactions an object", 400, "invalid_request",
	    strdup("{\"transactions\":{}}"));
	BAD("a top-level array", 400, "invalid_request", strdup("[]"));
	BAD("an item not an object", 400, "invalid_request",
	    strdup("{\"transactions\":[1]}"));
	/* A good transaction before a bad one: the whole batch is refused. */
	{
		json_t	*txs, *body;
		char	*sb;

		new_id(id);
		txs = json_pack("[o,o]", tx_new(id, "sale", num, 100, 0, NULL),
		    tx_new(id, "sale", num, 0, 0, NULL));
		json_object_set_new(json_array_get(txs, 1), "id",
		    json_string("other-id"));
		body = json_pack("{s:o}", "transactions", txs);
		sb = json_dumps(body, JSON_COMPACT);
		json_decref(body);
		BAD("a good item, then a bad one", 400, "invalid_request", sb);
	}
	BAD("101 transactions", 413, "payload_too_large", many(num, 101));
	big = malloc(300 * 1024);
	memset(big, ' ', 300 * 1024);
	memcpy(big, "{\"transactions\":[", 17);
	memcpy(big + 300 * 1024 - 3, "]}", 3);
	BAD("a body over 256 KiB", 413, "payload_too_large", big);
#undef BAD

	snapshot_take(&b, &s);
	for (i = 0; i < nb; i++) {
		api_send(b.lane[0].token, NULL, "POST", API "/transactions",
		    bad[i].body, strlen(bad[i].body), NULL, &a);
		ck_assert_msg(a.status == bad[i].status && a.json != NULL &&
		    json_is_string(json_object_get(json_object_get(a.json,
		    "error"), "code")) && strcmp(json_string_value(
		    json_object_get(json_object_get(a.json, "error"), "code")),
		    bad[i].code) == 0,
		    "%s: expected %ld %s, got %ld %.300s", bad[i].what,
		    bad[i].status, bad[i].code, a.status, a.body);
		expect_error(&a, bad[i].status, bad[i].code);
		api_free(&a);
		snapshot_same(&b, &s, bad[i].what);
		free(bad[i].body);
	}

	/* 100 transactions is the most a batch may hold. */
	big = many(num, 100);
	ck_assert_int_eq(api_send(b.lane[0].token, NULL, "POST",
	    API "/transactions", big, strlen(big), NULL, &a), 200);
	ck_assert_int_eq(json_array_size(json_object_get(a.json, "results")),
	    100);
	api_free(&a);
	free(big);
	itest_ledger_check();
	book_close(&b);
}
END_TEST

START_TEST(test_paths_and_methods)
{
	static const struct {
		const char	*method, *path;
		long		 status;
		const char	*code;
	} cases[] = {
		{ "GET", API "/nothing", 404, "not_found" },
		{ "GET", "/api/v1/nothing", 404, "not_found" },
		{ "GET", API "/transactions/x", 404, "not_found" },
		{ "POST", API "/ping", 405, "method_not_allowed" },
		{ "DELETE", API "/ping", 405, "method_not_allowed" },
		{ "POST", API "/accounts", 405, "method_not_allowed" },
		{ "PUT", API "/accounts", 405, "method_not_allowed" },
		{ "GET", API "/transactions", 405, "method_not_allowed" },
		{ "DELETE", API "/transactions", 405, "method_not_allowed" },
	};
	struct book	 b;
	struct api	 a;
	struct snapshot	 s;
	size_t		 i;

	book_open(&b, 1);
	snapshot_take(&b, &s);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		api_send(b.lane[0].token, NULL, cases[i].method, cases[i].path,
		    strcmp(cases[i].method, "GET") != 0 ? "{}" : NULL, 2, NULL,
		    &a);
		ck_assert_msg(a.status == cases[i].status, "%s %s: %ld %.200s",
		    cases[i].method, cases[i].path, a.status, a.body);
		expect_error(&a, cases[i].status, cases[i].code);
		api_free(&a);
	}
	snapshot_same(&b, &s, "unknown paths and methods");
	book_close(&b);
}
END_TEST

/* ------------------------------------------------------------ concurrency */

#define RACERS	30
#define RACE_AMOUNT	700	/* 10000 / 700: 14 affordable */

/* Waits until the parent closes the pipe, so every child starts at once. */
static void
barrier_wait(int fd)
{
	char	 c;

	while (read(fd, &c, 1) == -1 && errno == EINTR)
		;
}

START_TEST(test_concurrent_sales)
{
	struct book	 b;
	char		 num[17], line[64];
	int		 go[2], back[2], i, created = 0, over = 0, other = 0;
	long long	 acc;
	pid_t		 pid[RACERS];
	FILE		*f;

	book_open(&b, 3);
	acc = account_add(&b, "100.00", PAY_LATER | RESTRICT, NULL, num);
	ck_assert(pipe(go) == 0 && pipe(back) == 0);
	for (i = 0; i < RACERS; i++) {
		ck_assert((pid[i] = fork()) != -1);
		if (pid[i] == 0) {
			char	 id[37], out[64];
			json_t	*r;

			close(go[1]);
			close(back[0]);
			new_id(id);
			barrier_wait(go[0]);
			r = post_one(&b.lane[i % 3], id, "sale", num,
			    RACE_AMOUNT, 0, NULL);
			snprintf(out, sizeof(out), "%s %s\n", jstr(r, "status"),
			    json_is_string(json_object_get(r, "reason")) ?
			    jstr(r, "reason") : "-");
			ck_assert(write(back[1], out, strlen(out)) ==
			    (ssize_t)strlen(out));
			json_decref(r);
			_exit(0);
		}
	}
	close(go[0]);
	close(back[1]);
	close(go[1]);
	f = fdopen(back[0], "r");
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strcmp(line, "created -\n") == 0)
			created++;
		else if (strcmp(line, "rejected over_limit\n") == 0)
			over++;
		else
			other++;
	}
	fclose(f);
	for (i = 0; i < RACERS; i++) {
		int	 st;

		ck_assert(waitpid(pid[i], &st, 0) == pid[i]);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		    "a racer failed");
	}
	ck_assert_int_eq(other, 0);
	ck_assert_int_eq(created, 10000 / RACE_AMOUNT);
	ck_assert_int_eq(over, RACERS - 10000 / RACE_AMOUNT);
	ck_assert_int_eq(balance_of(acc), -(long long)created * RACE_AMOUNT);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "account_id = %lld", acc), created);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM lane_transactions t "
	    "JOIN lanes l ON l.id = t.lane_id WHERE l.store_id = %lld",
	    b.store), RACERS);
	itest_ledger_check();
	book_close(&b);
}
END_TEST

#define FEED_ACCOUNTS	20
#define FEED_WRITERS	6
#define FEED_POSTS	40	/* per writer */

START_TEST(test_feed_under_writers)
{
	struct book	 b;
	char		 num[FEED_ACCOUNTS][17], *cursor, *fresh, path[1024];
	json_t		*view = json_object(), *full = json_object(), *page;
	pid_t		 pid[FEED_WRITERS];
	int		 i, running, polls = 0, seen = 0;

	book_open(&b, 3);
	for (i = 0; i < FEED_ACCOUNTS; i++)
		account_add(&b, "1000.00", PAY_LATER, NULL, num[i]);
	cursor = feed_follow(&b.lane[0], NULL, 7, view, NULL);
	for (i = 0; i < FEED_WRITERS; i++) {
		ck_assert((pid[i] = fork()) != -1);
		if (pid[i] == 0) {
			char	 id[37];
			int	 k;

			for (k = 0; k < FEED_POSTS; k++) {
				unsigned	 r;
				json_t		*res;

				ck_assert(getrandom(&r, sizeof(r), 0) ==
				    sizeof(r));
				new_id(id);
				res = post_one(&b.lane[i % 3], id, k % 3 ? "sale" :
				    "deposit", num[r % FEED_ACCOUNTS],
				    1 + (long long)(r >> 8) % 5000, 0,
				    k % 3 ? NULL : "card");
				ck_assert_str_eq(jstr(res, "status"), "created");
				json_decref(res);
			}
			_exit(0);
		}
	}
	/* Follow the feed, seven at a time, while they write. */
	do {
		int	 more;

		running = 0;
		for (i = 0; i < FEED_WRITERS; i++) {
			int	 st;

			if (pid[i] == 0)
				continue;
			if (waitpid(pid[i], &st, WNOHANG) == pid[i]) {
				ck_assert_msg(WIFEXITED(st) &&
				    WEXITSTATUS(st) == 0, "a writer failed");
				pid[i] = 0;
			} else
				running++;
		}
		do {
			snprintf(path, sizeof(path), API "/accounts?since=%s&"
			    "limit=7", cursor);
			page = feed_get(&b.lane[0], path);
			ck_assert(json_array_size(json_object_get(page,
			    "accounts")) <= 7);
			seen += (int)feed_apply(view, page);
			free(cursor);
			cursor = strdup(jstr(page, "cursor"));
			more = json_is_true(json_object_get(page, "more"));
			json_decref(page);
			polls++;
		} while (more);
	} while (running > 0);
	/* The writers are done: one more round, then compare with a fresh full sync. */
	free(feed_follow(&b.lane[0], cursor, 7, view, NULL));
	fresh = feed_follow(&b.lane[1], NULL, 1000, full, NULL);
	views_equal(view, full);
	view_matches_db(&b, view);
	ck_assert_msg(seen > 0 && polls > 1, "the poller saw nothing happen");
	free(fresh);
	free(cursor);
	json_decref(view);
	json_decref(full);
	itest_ledger_check();
	book_close(&b);
}
END_TEST

/* ------------------------------------------------------------ stores */

START_TEST(test_cross_store)
{
	struct book	 b, other;
	char		 num[17], mine[17], id[37], path[1024], *cursor;
	long long	 acc;
	json_t		*view = json_object();

	book_open(&b, 1);
	book_open(&other, 1);
	/* The other store has one account; this one has two, so A000002 is only here. */
	account_add(&other, "10.00", PAY_LATER, NULL, num);
	account_add(&b, "10.00", PAY_LATER, NULL, mine);
	acc = account_add(&b, "10.00", PAY_LATER, "5.00", num);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM accounts WHERE "
	    "store_id = %lld AND number = '%s'", other.store, num), 0);

	cursor = feed_follow(&other.lane[0], NULL, 500, view, NULL);
	ck_assert_int_eq(json_object_size(view), 1);
	ck_assert_msg(json_object_get(view, num) == NULL,
	    "a lane saw another store's account");
	new_id(id);
	expect_rejected(post_one(&other.lane[0], id, "sale", num, 100, 0, NULL),
	    "unknown_account");
	new_id(id);
	expect_rejected(post_one(&other.lane[0], id, "deposit", num, 100, 0,
	    "cash"), "unknown_account");
	new_id(id);
	expect_rejected(post_one(&other.lane[0], id, "sale", num, 100, 1, NULL),
	    "unknown_account");
	ck_assert_int_eq(balance_of(acc), 500);
	/* A change in this store does not show in the other's feed. */
	new_id(id);
	json_decref(expect_created(post_one(&b.lane[0], id, "sale", num, 100, 0,
	    NULL)));
	snprintf(path, sizeof(path), API "/accounts?since=%s", cursor);
	{
		json_t	*page = feed_get(&other.lane[0], path);

		ck_assert_int_eq(json_array_size(json_object_get(page,
		    "accounts")), 0);
		json_decref(page);
	}
	free(cursor);
	json_decref(view);
	itest_ledger_check();
	book_close(&b);
	book_close(&other);
}
END_TEST

START_TEST(test_rate_limit)
{
	struct book	 b;
	struct api	 a;
	char		*ra = NULL;
	int		 i;

	book_open(&b, 2);
	honour_rate_limit = 0;
	for (i = 0; i < 2000; i++) {
		api_send(b.lane[0].token, NULL, "GET", API "/ping", NULL, 0,
		    NULL, &a);
		if (a.status == 429)
			break;
		ck_assert_int_eq(a.status, 200);
		api_free(&a);
	}
	ck_assert_msg(i < 2000, "2000 pings at once and never a 429");
	expect_error(&a, 429, "rate_limited");
	ra = api_header(&a, "Retry-After");
	ck_assert_msg(ra != NULL && atol(ra) >= 1 && strspn(ra, "0123456789") ==
	    strlen(ra), "Retry-After: %s", ra ? ra : "(none)");
	api_free(&a);
	/* Another lane of the store is not held back. */
	ck_assert_int_eq(api_send(b.lane[1].token, NULL, "GET", API "/ping",
	    NULL, 0, NULL, &a), 200);
	api_free(&a);
	/* Coming back when told to works. */
	sleep((unsigned)atol(ra) + 1);
	ck_assert_int_eq(api_send(b.lane[0].token, NULL, "GET", API "/ping",
	    NULL, 0, NULL, &a), 200);
	api_free(&a);
	honour_rate_limit = 1;
	free(ra);
	book_close(&b);
}
END_TEST

/*
 * Removes this suite's lanes from the test stores that kept no customer
 * (and so no lane transaction), so that shop_cleanup can remove those
 * stores; stores with accounts stay, as their ledgers do.
 */
static int
lane_cleanup(void)
{
	static const char sql[] = "DELETE l FROM lanes l JOIN stores s ON "
	    "s.id = l.store_id WHERE s.code LIKE 'SF%' AND l.name LIKE '"
	    LANE_NAME "%' AND NOT EXISTS (SELECT 1 FROM customers cu WHERE "
	    "cu.store_id = s.id) AND NOT EXISTS (SELECT 1 FROM "
	    "lane_transactions t WHERE t.lane_id = l.id) AND NOT EXISTS "
	    "(SELECT 1 FROM lane_exceptions e WHERE e.lane_id = l.id)";
	const char	*sock = getenv("SLATE_DB_SOCKET");
	const char	*name = getenv("SLATE_DB_NAME");
	const char	*user = getenv("SLATE_DB_USER");
	const char	*pass = getenv("SLATE_DB_PASSWORD");
	const char	*cnf = getenv("SLATE_MYCNF");
	MYSQL		*m;
	int		 rc = 0;

	/* Outside the tests: no Check calls here (see shop.c's cleanup). */
	if ((m = mysql_init(NULL)) == NULL)
		return -1;
	if (cnf != NULL && *cnf != '\0') {
		mysql_options(m, MYSQL_READ_DEFAULT_FILE, cnf);
		mysql_options(m, MYSQL_READ_DEFAULT_GROUP, "client");
	}
	if (mysql_real_connect(m, NULL, user != NULL && *user != '\0' ? user :
	    "root", pass != NULL ? pass : "", name != NULL && *name != '\0' ?
	    name : "slate", 0, sock != NULL && *sock != '\0' ? sock : NULL,
	    0) == NULL || mysql_query(m, sql) != 0) {
		fprintf(stderr, "cleanup: removing the test lanes: %s\n",
		    mysql_error(m));
		rc = -1;
	}
	mysql_close(m);
	return rc;
}

static Suite *
lane_suite(void)
{
	Suite	*s = suite_create("lane contract");
	TCase	*tc = itest_tcase("lane contract");

	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, test_auth);
	tcase_add_test(tc, test_ping);
	tcase_add_test(tc, test_full_and_incremental_sync);
	tcase_add_test(tc, test_etag);
	tcase_add_test(tc, test_resync_required);
	tcase_add_test(tc, test_limit_bounds);
	tcase_add_test(tc, test_post_and_replay);
	tcase_add_test(tc, test_rejection_replayed);
	tcase_add_test(tc, test_exact_limit);
	tcase_add_test(tc, test_reason_order);
	tcase_add_test(tc, test_deposits_and_payouts);
	tcase_add_test(tc, test_hold_and_inactive);
	tcase_add_test(tc, test_offline);
	tcase_add_test(tc, test_bad_input);
	tcase_add_test(tc, test_paths_and_methods);
	tcase_add_test(tc, test_concurrent_sales);
	tcase_add_test(tc, test_feed_under_writers);
	tcase_add_test(tc, test_cross_store);
	tcase_add_test(tc, test_rate_limit);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	int	 rc;

	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_ALL);
	shop_begin();
	rc = itest_run(lane_suite());
	if (lane_cleanup() == -1 || shop_cleanup() == -1)
		rc = EXIT_FAILURE;
	return rc;
}
