/* test_audit.c: the audit log page and CSV export: entries, filters, pages, store scoping, append-only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "client.h"

#define PW		"audit test password"
#define PAGE		50
#define PAGE_ROWS	75	/* entries made for the pagination test */

/*
 * The run's stores are "IA" + this tag + a letter per test; the tag is
 * set before Check forks, and every store with it goes at the end
 * (the entries stay: nothing may delete them).
 */
static char	 store_tag[12];

/* A store of this run with an administrator signed in on c. */
struct fixture {
	char		 code[17];
	long long	 store_id;
	long long	 staff_id;
	char		*email, *name;
	struct client	 c;
};

/* Creates store IA<tag><letter> in zone tz with slatectl. */
static long long
store_add(char letter, const char *tz, char code[17])
{
	char	 name[64], *out, *err;
	int	 rc;

	snprintf(code, 17, "IA%s%c", store_tag, letter);
	snprintf(name, sizeof(name), "Audit test %c", letter);
	rc = itest_slatectl(NULL, &out, &err, "store", "add", "--code", code,
	    "--name", name, "--currency", "EUR", "--timezone", tz, NULL);
	ck_assert_msg(rc == 0, "store add %s exited %d: %s", code, rc, err);
	free(out);
	free(err);
	return sql_long("SELECT id FROM stores WHERE code = '%s'", code);
}

/* Adds a staff member to store code in group with slatectl; returns their id. */
static long long
staff_add(const char *code, const char *group, char **email, char **name)
{
	char	*out, *err;
	int	 rc;

	*email = itest_email("audit");
	*name = itest_name("Auditor");
	rc = itest_slatectl(PW "\n", &out, &err, "staff", "add", "--email",
	    *email, "--name", *name, "--group", group, "--store", code, NULL);
	ck_assert_msg(rc == 0, "staff add exited %d: %s", rc, err);
	free(out);
	free(err);
	return sql_long("SELECT id FROM staff WHERE email = '%s'", *email);
}

static void
fixture_init(struct fixture *fx, char letter, const char *tz)
{
	fx->store_id = store_add(letter, tz, fx->code);
	fx->staff_id = staff_add(fx->code, "Administrator", &fx->email,
	    &fx->name);
	client_init(&fx->c);
	client_sign_in_ok(&fx->c, fx->email, PW);
}

static void
fixture_free(struct fixture *fx)
{
	client_free(&fx->c);
	free(fx->email);
	free(fx->name);
}

/* Removes the run's stores and what hangs on them, but not their entries. */
static void
stores_drop(void)
{
	char	 in[128];

	if (store_tag[0] == '\0')
		return;
	snprintf(in, sizeof(in), "IN (SELECT id FROM stores WHERE code "
	    "LIKE 'IA%s_')", store_tag);
	sql_exec("DELETE FROM sessions WHERE store_id %s", in);
	sql_exec("DELETE FROM staff_stores WHERE store_id %s", in);
	sql_exec("DELETE FROM group_permissions WHERE group_id IN (SELECT id "
	    "FROM user_groups WHERE store_id %s)", in);
	sql_exec("DELETE FROM user_groups WHERE store_id %s", in);
	sql_exec("DELETE FROM store_counters WHERE store_id %s", in);
	sql_exec("DELETE FROM stores WHERE code LIKE 'IA%s_'", store_tag);
}

/* Quotes s for SQL ('...' with \ and ' escaped), or NULL. In a new string. */
static char *
sql_quote(const char *s)
{
	char	*q, *p;

	if (s == NULL)
		return strdup("NULL");
	ck_assert_ptr_nonnull(q = malloc(2 * strlen(s) + 3));
	p = q;
	*p++ = '\'';
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '\'')
			*p++ = '\\';
		*p++ = *s;
	}
	*p++ = '\'';
	*p = '\0';
	return q;
}

/* One entry to write by hand. */
struct row {
	const char	*at;		/* UTC; NULL: now */
	const char	*actor_type;
	long long	 actor_id;	/* 0: NULL */
	const char	*actor_name;
	const char	*action;
	const char	*object_type;
	const char	*object_id;
	const char	*before, *after;	/* JSON or NULL */
	const char	*addr;
	const char	*approver;	/* NULL: none */
};

/* Writes r into store_id's log by SQL; returns its id. */
static long long
entry_add(long long store_id, const struct row *r)
{
	char	*at = sql_quote(r->at), *name = sql_quote(r->actor_name);
	char	*action = sql_quote(r->action), *ot = sql_quote(r->object_type);
	char	*oid = sql_quote(r->object_id), *b = sql_quote(r->before);
	char	*a = sql_quote(r->after), *addr = sql_quote(r->addr);
	char	*appr = sql_quote(r->approver);
	char	 actor_id[24];

	snprintf(actor_id, sizeof(actor_id), r->actor_id > 0 ? "%lld" :
	    "NULL", r->actor_id);
	sql_exec("INSERT INTO audit_log (created_at, store_id, actor_type, "
	    "actor_id, actor_name, action, object_type, object_id, "
	    "before_json, after_json, client_addr, approver_id, "
	    "approver_name) VALUES (%s, %lld, '%s', %s, %s, %s, %s, %s, %s, "
	    "%s, %s, NULL, %s)", r->at != NULL ? at : "UTC_TIMESTAMP(6)",
	    store_id, r->actor_type, actor_id, name, action, ot, oid, b, a,
	    addr, appr);
	free(at);
	free(name);
	free(action);
	free(ot);
	free(oid);
	free(b);
	free(a);
	free(addr);
	free(appr);
	return sql_long("SELECT MAX(id) FROM audit_log WHERE store_id = %lld",
	    store_id);
}

/* True when the page lists entry id. */
static int
lists(const struct response *resp, long long id)
{
	char	 marker[48];

	snprintf(marker, sizeof(marker), "id=\"entry-%lld\"", id);
	return response_contains(resp, marker);
}

/* Reads the ids of the entries a page lists, in order, into ids. */
static size_t
page_ids(const struct response *resp, long long *ids, size_t max)
{
	const char	*p = resp->body;
	size_t		 n = 0;

	while ((p = strstr(p, "id=\"entry-")) != NULL) {
		ck_assert_msg(n < max, "more entries than expected");
		ids[n++] = strtoll(p + 10, NULL, 10);
		p += 10;
	}
	return n;
}

/* The href of the pager link marked with rel, &amp; decoded, or NULL. */
static char *
pager_link(const struct response *resp, const char *text)
{
	char		 tail[64], *out;
	const char	*end, *start;
	size_t		 i, j;

	snprintf(tail, sizeof(tail), "\">%s</a>", text);
	if ((end = strstr(resp->body, tail)) == NULL) {
		snprintf(tail, sizeof(tail), ">%s</a>", text);
		if ((end = strstr(resp->body, tail)) == NULL)
			return NULL;
	}
	for (start = end; start > resp->body && strncmp(start, "href=\"", 6)
	    != 0; start--)
		;
	ck_assert_msg(start > resp->body, "no href before %s", text);
	start += 6;
	ck_assert_ptr_nonnull(out = strndup(start, (size_t)(end - start)));
	out[strcspn(out, "\"")] = '\0';
	for (i = j = 0; out[i] != '\0'; j++)
		if (strncmp(out + i, "&amp;", 5) == 0) {
			out[j] = '&';
			i += 5;
		} else
			out[j] = out[i++];
	out[j] = '\0';
	return out;
}

/* GET path must answer status; the response goes to *resp. */
static void
get(struct client *c, const char *path, long status, struct response *resp)
{
	long	 got = client_get(c, path, resp);

	ck_assert_msg(got == status, "GET %s answered %ld, not %ld", path, got,
	    status);
}

/* ------------------------------------------------------------ slatectl */

START_TEST(test_cli_entries)
{
	struct fixture	 fx, other;
	struct response	 resp;
	char		 path[64], *after, *json, *staff_id;

	fixture_init(&fx, 'A', "Europe/Berlin");
	fixture_init(&other, 'B', "Europe/Berlin");

	/* slatectl wrote exactly one entry for each, in the store, as cli. */
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld", fx.store_id), 2);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'store.create' AND object_type = "
	    "'store' AND object_id = '%lld' AND actor_type = 'cli' AND "
	    "actor_id IS NULL AND actor_name = 'slatectl' AND before_json IS "
	    "NULL", fx.store_id, fx.store_id), 1);
	after = sql_str("SELECT after_json FROM audit_log WHERE store_id = "
	    "%lld AND action = 'store.create'", fx.store_id);
	ck_assert_int_ne(asprintf(&json, "{\"code\":\"%s\",\"currency\":"
	    "\"EUR\",\"name\":\"Audit test A\",\"timezone\":"
	    "\"Europe/Berlin\"}", fx.code), -1);
	ck_assert_str_eq(after, json);
	free(after);
	free(json);
	staff_id = sql_str("SELECT CAST(id AS CHAR) FROM staff WHERE "
	    "email = '%s'", fx.email);
	after = sql_str("SELECT after_json FROM audit_log WHERE store_id = "
	    "%lld AND action = 'staff.create' AND object_type = 'staff' AND "
	    "object_id = '%s' AND actor_type = 'cli' AND before_json IS NULL",
	    fx.store_id, staff_id);
	ck_assert_ptr_nonnull(after);
	ck_assert_int_ne(asprintf(&json, "{\"email\":\"%s\",\"group\":"
	    "\"Administrator\",\"name\":\"%s\",\"store\":\"%s\"}", fx.email,
	    fx.name, fx.code), -1);
	ck_assert_str_eq(after, json);
	free(after);
	free(json);

	/* The page shows them with who and what. */
	get(&fx.c, "/audit", 200, &resp);
	ck_assert(response_contains(&resp, "<code>store.create</code>"));
	ck_assert(response_contains(&resp, "<code>staff.create</code>"));
	ck_assert(response_contains(&resp, "<span class=\"badge\">cli</span> "
	    "slatectl"));
	snprintf(path, sizeof(path), "<li>code: %s</li>", fx.code);
	ck_assert(response_contains(&resp, path));
	ck_assert(response_contains(&resp, fx.email));
	ck_assert(response_contains(&resp, "<li>group: Administrator</li>"));
	/* Not the other store's. */
	ck_assert(!response_contains(&resp, other.code));
	ck_assert(!response_contains(&resp, other.email));
	ck_assert_uint_eq(page_ids(&resp, (long long[4]){ 0 }, 4), 2);
	response_free(&resp);
	free(staff_id);
	fixture_free(&fx);
	fixture_free(&other);
}
END_TEST

/* A refused slatectl command writes no entry. */
START_TEST(test_cli_failure_writes_none)
{
	char		 code[17], twin[40], *out, *err, *email;
	long long	 before, id;
	int		 rc;

	id = store_add('C', "UTC", code);
	snprintf(twin, sizeof(twin), "Twin %s", store_tag);
	before = sql_long("SELECT COUNT(*) FROM audit_log WHERE store_id = "
	    "%lld", id);
	rc = itest_slatectl(NULL, &out, &err, "store", "add", "--code", code,
	    "--name", twin, "--currency", "EUR", "--timezone", "UTC", NULL);
	ck_assert_msg(rc != 0, "a second store %s was made", code);
	free(out);
	free(err);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "after_json LIKE '%%%s%%'", twin), 0);

	email = itest_email("twice");
	rc = itest_slatectl(PW "\n", &out, &err, "staff", "add", "--email",
	    email, "--name", "First", "--group", "Clerk", "--store", code,
	    NULL);
	ck_assert_msg(rc == 0, "staff add: %s", err);
	free(out);
	free(err);
	rc = itest_slatectl(PW "\n", &out, &err, "staff", "add", "--email",
	    email, "--name", "Second", "--group", "Clerk", "--store", code,
	    NULL);
	ck_assert_msg(rc != 0, "the same email was added twice");
	free(out);
	free(err);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld", id), before + 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'staff.create' AND after_json LIKE "
	    "'%%\"name\":\"First\"%%'", id), 1);
	free(email);
}
END_TEST

/* ------------------------------------------------------------ filters */

/* The entries of the filter test: local times are New York's. */
struct filter_rows {
	long long	 a, b, c, d, e;
};

static void
filter_rows_add(const struct fixture *fx, struct filter_rows *ids)
{
	struct row	 r;

	memset(&r, 0, sizeof(r));
	r.actor_type = "staff";
	r.addr = "192.0.2.7";
	/* 2026-01-13 23:30 in New York. */
	r.at = "2026-01-14 04:30:00";
	r.actor_name = "alice.itest@example.com";
	r.action = "customer.create";
	r.object_type = "customer";
	r.object_id = "7";
	r.after = "{\"limit\":100,\"name\":\"Alice Adams\"}";
	ids->a = entry_add(fx->store_id, &r);
	/* 2026-01-14 23:59:59 in New York: still the 14th there. */
	r.at = "2026-01-15 04:59:59";
	r.actor_name = "bob.itest@example.com";
	r.action = "customer.update";
	r.before = "{\"limit\":100,\"name\":\"Alice Adams\"}";
	r.after = "{\"limit\":200,\"name\":\"Alice Adams\"}";
	ids->b = entry_add(fx->store_id, &r);
	/* 2026-01-15 00:00:00 in New York. */
	r.at = "2026-01-15 05:00:00";
	r.action = "staff.disable";
	r.object_type = "staff";
	r.object_id = "9";
	r.before = "{\"disabled\":false}";
	r.after = "{\"disabled\":true}";
	r.approver = "Carol Manager";
	ids->c = entry_add(fx->store_id, &r);
	r.at = "2026-01-16 12:00:00";
	r.actor_name = "alice.itest@example.com";
	r.action = "staff.enable";
	r.before = "{\"disabled\":true}";
	r.after = "{\"disabled\":false}";
	r.approver = NULL;
	ids->d = entry_add(fx->store_id, &r);
	/* By the signed-in administrator, found by their name. */
	r.at = "2026-01-17 12:00:00";
	r.actor_id = fx->staff_id;
	r.actor_name = fx->email;
	r.action = "customer.delete";
	r.object_type = "customer";
	r.object_id = "7";
	r.before = "{\"name\":\"Alice Adams\"}";
	r.after = NULL;
	ids->e = entry_add(fx->store_id, &r);
}

/*
 * GET /audit?query must list exactly the entries of want (of the five),
 * and extra others (those slatectl made).
 */
static void
filtered_plus(struct fixture *fx, const char *query,
    const struct filter_rows *ids, const char *want, size_t extra)
{
	const long long	 all[5] = { ids->a, ids->b, ids->c, ids->d, ids->e };
	struct response	 resp;
	long long	 got[64];
	char		 path[512];
	size_t		 i, n, expect = strlen(want) + extra;

	snprintf(path, sizeof(path), "/audit?%s", query);
	get(&fx->c, path, 200, &resp);
	for (i = 0; i < 5; i++)
		ck_assert_msg(lists(&resp, all[i]) == (strchr(want, 'a' +
		    (int)i) != NULL), "%s: entry %c %s", query, (char)('a' + i),
		    strchr(want, 'a' + (int)i) ? "missing" : "listed");
	n = page_ids(&resp, got, 64);
	ck_assert_msg(n == expect, "%s: %zu entries, not %zu", query, n,
	    expect);
	response_free(&resp);
}

static void
filtered(struct fixture *fx, const char *query, const struct filter_rows *ids,
    const char *want)
{
	filtered_plus(fx, query, ids, want, 0);
}

START_TEST(test_filters)
{
	struct fixture		 fx;
	struct filter_rows	 ids;
	struct response		 resp;
	struct row		 r;
	char			 q[256];
	char			*first;

	fixture_init(&fx, 'D', "America/New_York");
	filter_rows_add(&fx, &ids);

	filtered(&fx, "action=customer.update", &ids, "b");
	/* slatectl's staff.create is one of the staff actions too. */
	filtered_plus(&fx, "action=staff.", &ids, "cd", 1);
	filtered(&fx, "action=staff.&from=2026-01-01&to=2026-01-31", &ids,
	    "cd");
	filtered(&fx, "action=customer.", &ids, "abe");
	filtered(&fx, "action=customer", &ids, "");
	filtered(&fx, "object_type=customer&object_id=7", &ids, "abe");
	filtered_plus(&fx, "object_type=staff", &ids, "cd", 1);
	filtered(&fx, "object_id=9", &ids, "cd");
	filtered(&fx, "actor=bob.itest", &ids, "bc");
	filtered(&fx, "actor=BOB.ITEST", &ids, "bc");
	filtered(&fx, "actor=alice.itest&action=staff.", &ids, "d");
	/* The staff member's name, not only the email recorded. */
	first = strndup(fx.name, strcspn(fx.name, " ") + 3);
	snprintf(q, sizeof(q), "actor=%s", first);
	for (char *p = q; *p != '\0'; p++)
		if (*p == ' ')
			*p = '+';
	filtered(&fx, q, &ids, "e");
	free(first);
	/* Days are the store's: the 14th in New York ends at 05:00 UTC. */
	filtered(&fx, "from=2026-01-15&to=2026-01-31", &ids, "cde");
	filtered(&fx, "from=2026-01-14&to=2026-01-14", &ids, "b");
	filtered(&fx, "from=2026-01-15&to=2026-01-15", &ids, "c");
	filtered(&fx, "from=2026-01-01&to=2026-01-13", &ids, "a");
	filtered(&fx, "to=2026-01-14", &ids, "ab");
	filtered(&fx, "from=2026-01-16&to=2026-01-16&actor=alice.itest", &ids,
	    "d");

	/* How an entry reads: local time, changes, approver, address. */
	get(&fx.c, "/audit?object_id=7", 200, &resp);
	ck_assert(response_contains(&resp, "<time datetime=\"2026-01-15T04:59:59Z\">"
	    "2026-01-14 23:59:59</time>"));
	ck_assert(response_contains(&resp, "<li>limit: 100 \xe2\x86\x92 200</li>"));
	ck_assert(response_contains(&resp, "<li>name: Alice Adams</li>"));
	ck_assert(response_contains(&resp, "192.0.2.7"));
	ck_assert(response_contains(&resp, "value=\"7\""));
	ck_assert(response_contains(&resp, fx.name));
	response_free(&resp);
	get(&fx.c, "/audit?action=staff.disable", 200, &resp);
	ck_assert(response_contains(&resp, "<td>Carol Manager</td>"));
	ck_assert(response_contains(&resp,
	    "<li>disabled: false \xe2\x86\x92 true</li>"));
	response_free(&resp);

	/* What people typed and what entries hold is shown, never run. */
	memset(&r, 0, sizeof(r));
	r.actor_type = "lane";
	r.actor_name = "<script>lane()</script>";
	r.action = "sale.<b>post</b>";
	r.object_type = "account";
	r.object_id = "\"><img src=x>";
	r.after = "{\"note\":\"<i>hi</i>\"}";
	r.addr = "";
	entry_add(fx.store_id, &r);
	get(&fx.c, "/audit?object_type=account&actor=%3Cscript%3E", 200, &resp);
	ck_assert(response_contains(&resp, "&lt;script&gt;lane()&lt;/script&gt;"));
	ck_assert(response_contains(&resp, "sale.&lt;b&gt;post&lt;/b&gt;"));
	ck_assert(response_contains(&resp, "&lt;i&gt;hi&lt;/i&gt;"));
	ck_assert(response_contains(&resp, "value=\"&lt;script&gt;\""));
	ck_assert(!response_contains(&resp, "<script>"));
	ck_assert(!response_contains(&resp, "<img"));
	ck_assert(!response_contains(&resp, "<i>hi"));
	response_free(&resp);
	fixture_free(&fx);
}
END_TEST

START_TEST(test_bad_filters)
{
	struct fixture	 fx;
	struct response	 resp;
	char		*type;

	fixture_init(&fx, 'E', "Europe/Berlin");
	get(&fx.c, "/audit?from=2026-02-30&action=staff.", 422, &resp);
	ck_assert(response_contains(&resp, "aria-describedby=\"from-error\""));
	ck_assert(response_contains(&resp, "id=\"from-error\">Enter a date"));
	ck_assert(response_contains(&resp, "value=\"2026-02-30\""));
	ck_assert(response_contains(&resp, "value=\"staff.\""));
	ck_assert(!response_contains(&resp, "id=\"entry-"));
	ck_assert(!response_contains(&resp, "Download CSV"));
	response_free(&resp);

	get(&fx.c, "/audit?to=yesterday", 422, &resp);
	ck_assert(response_contains(&resp, "id=\"to-error\">Enter a date"));
	response_free(&resp);

	get(&fx.c, "/audit?from=2026-03-02&to=2026-03-01", 422, &resp);
	ck_assert(response_contains(&resp, "id=\"to-error\">The end date is "
	    "before the start date.</p>"));
	ck_assert(!response_contains(&resp, "id=\"entry-"));
	response_free(&resp);

	get(&fx.c, "/audit?actor=%01x", 422, &resp);
	ck_assert(response_contains(&resp, "id=\"actor-error\""));
	response_free(&resp);

	/* The export answers the form too, not a file. */
	get(&fx.c, "/audit.csv?from=2026-13-01", 422, &resp);
	type = response_header(&resp, "Content-Type");
	ck_assert_str_eq(type, "text/html; charset=utf-8");
	ck_assert_ptr_null(response_header(&resp, "Content-Disposition"));
	ck_assert(response_contains(&resp, "id=\"from-error\""));
	free(type);
	response_free(&resp);

	/* Page bounds are ours, not the person's: malformed ones are 400. */
	get(&fx.c, "/audit?before=abc", 400, &resp);
	response_free(&resp);
	get(&fx.c, "/audit?before=0", 400, &resp);
	response_free(&resp);
	get(&fx.c, "/audit?before=5&after=3", 400, &resp);
	response_free(&resp);
	fixture_free(&fx);
}
END_TEST

/* ------------------------------------------------------------ pages */

/* Writes PAGE_ROWS entries "page.N" and a few others in between, in one statement. */
static void
page_rows_add(long long store_id)
{
	char	*sql = NULL, *next;
	int	 i;

	ck_assert_int_ne(asprintf(&sql, "INSERT INTO audit_log (created_at, "
	    "store_id, actor_type, actor_name, action, object_type, "
	    "object_id, client_addr) VALUES"), -1);
	for (i = 1; i <= PAGE_ROWS + 5; i++) {
		/* Every 16th is another action, which the filter leaves out. */
		ck_assert_int_ne(asprintf(&next, "%s%s (UTC_TIMESTAMP(6), %lld, "
		    "'cli', 'slatectl', '%s.%d', 'thing', '%d', '')", sql,
		    i > 1 ? "," : "", store_id, i % 16 == 0 ? "other" : "page",
		    i, i), -1);
		free(sql);
		sql = next;
	}
	sql_exec("%s", sql);
	free(sql);
}

/*
 * Walks from path along the link called dir, collecting the ids of
 * each page into ids; checks every page has PAGE entries but the last.
 * Returns the number of ids.
 */
static size_t
walk(struct client *c, const char *path, const char *dir, long long *ids,
    size_t max, size_t *pages)
{
	struct response	 resp;
	char		*at = strdup(path), *next;
	size_t		 n = 0, got;

	*pages = 0;
	while (at != NULL) {
		get(c, at, 200, &resp);
		got = page_ids(&resp, ids + n, max - n);
		next = pager_link(&resp, dir);
		ck_assert_msg(got == PAGE || next == NULL, "%s: %zu entries "
		    "and a link on", at, got);
		ck_assert_msg(!response_contains(&resp, "other.") ||
		    strstr(at, "action=") == NULL, "%s lists a filtered "
		    "entry", at);
		if (*pages > 0) {
			char	*newest = pager_link(&resp, "Newest");

			ck_assert_msg(newest != NULL, "%s has no link to the "
			    "newest", at);
			free(newest);
		}
		n += got;
		(*pages)++;
		response_free(&resp);
		free(at);
		at = next;
	}
	return n;
}

START_TEST(test_pagination)
{
	struct fixture	 fx;
	long long	 ids[256], back[256];
	size_t		 n, i, pages;
	long long	 count;

	fixture_init(&fx, 'F', "Europe/Berlin");
	page_rows_add(fx.store_id);

	/* Filtered: newest first, no entry twice, none missing. */
	n = walk(&fx.c, "/audit?action=page.", "Older", ids, 256, &pages);
	ck_assert_uint_eq(n, PAGE_ROWS);
	ck_assert_uint_eq(pages, 2);
	for (i = 1; i < n; i++)
		ck_assert_msg(ids[i] < ids[i - 1], "entry %lld after %lld",
		    ids[i], ids[i - 1]);
	ck_assert_int_eq(ids[0], sql_long("SELECT MAX(id) FROM audit_log "
	    "WHERE store_id = %lld AND action LIKE 'page.%%'", fx.store_id));
	ck_assert_int_eq(ids[n - 1], sql_long("SELECT MIN(id) FROM audit_log "
	    "WHERE store_id = %lld AND action LIKE 'page.%%'", fx.store_id));

	/* Unfiltered: every entry of the store, slatectl's two too. */
	count = sql_long("SELECT COUNT(*) FROM audit_log WHERE store_id = "
	    "%lld", fx.store_id);
	ck_assert_int_eq(count, PAGE_ROWS + 5 + 2);
	n = walk(&fx.c, "/audit", "Older", ids, 256, &pages);
	ck_assert_uint_eq(n, (size_t)count);
	for (i = 1; i < n; i++)
		ck_assert(ids[i] < ids[i - 1]);

	/* From the last page back up: the same pages, the first one full. */
	{
		struct response	 resp;
		char		*last, *newer;
		size_t		 got;

		get(&fx.c, "/audit?action=page.", 200, &resp);
		last = pager_link(&resp, "Older");
		ck_assert_ptr_nonnull(last);
		ck_assert_ptr_null(pager_link(&resp, "Newer"));
		ck_assert_ptr_null(pager_link(&resp, "Newest"));
		response_free(&resp);
		get(&fx.c, last, 200, &resp);
		ck_assert_ptr_null(pager_link(&resp, "Older"));
		newer = pager_link(&resp, "Newer");
		ck_assert_ptr_nonnull(newer);
		ck_assert_ptr_nonnull(strstr(newer, "action=page."));
		response_free(&resp);
		get(&fx.c, newer, 200, &resp);
		got = page_ids(&resp, back, 256);
		ck_assert_uint_eq(got, PAGE);
		walk(&fx.c, "/audit?action=page.", "Older", ids, 256, &pages);
		for (i = 0; i < got; i++)
			ck_assert_int_eq(back[i], ids[i]);
		response_free(&resp);
		free(last);
		free(newer);
	}
	fixture_free(&fx);
}
END_TEST

/* ------------------------------------------------------------ CSV */

/* Splits RFC 4180 text into records of fields (each a new string). */
struct csv {
	char	*cells[64][16];
	size_t	 widths[64];
	size_t	 rows;
};

static void
csv_parse(const char *s, size_t len, struct csv *out)
{
	const char	*end = s + len;
	char		 cell[8192];
	size_t		 n;
	int		 quoted;

	memset(out, 0, sizeof(*out));
	while (s < end) {
		ck_assert(out->rows < 64);
		for (;;) {
			n = 0;
			quoted = *s == '"';
			if (quoted)
				s++;
			while (s < end) {
				if (quoted && *s == '"' && s + 1 < end &&
				    s[1] == '"')
					s++;
				else if (quoted && *s == '"') {
					s++;
					break;
				} else if (!quoted && (*s == ',' || *s == '\r'))
					break;
				ck_assert(n < sizeof(cell) - 1);
				cell[n++] = *s++;
			}
			cell[n] = '\0';
			ck_assert(out->widths[out->rows] < 16);
			out->cells[out->rows][out->widths[out->rows]++] =
			    strdup(cell);
			if (s < end && *s == ',') {
				s++;
				continue;
			}
			ck_assert_msg(s + 1 < end && s[0] == '\r' && s[1] == '\n',
			    "a record does not end with CRLF");
			s += 2;
			break;
		}
		out->rows++;
	}
}

static void
csv_free(struct csv *t)
{
	size_t	 i, j;

	for (i = 0; i < t->rows; i++)
		for (j = 0; j < t->widths[i]; j++)
			free(t->cells[i][j]);
}

/* The record whose id is id, or fails. */
static char **
csv_row(struct csv *t, long long id)
{
	size_t	 i;

	for (i = 1; i < t->rows; i++)
		if (strtoll(t->cells[i][0], NULL, 10) == id)
			return t->cells[i];
	ck_abort_msg("the export has no row %lld", id);
	return NULL;
}

START_TEST(test_csv)
{
	static const char	 header[] = "id,time,time_utc,actor_type,"
	    "actor_id,actor_name,action,object_type,object_id,changes,before,"
	    "after,approver_id,approver_name,client_addr\r\n";
	struct fixture		 fx, other;
	struct response		 resp;
	struct csv		 t;
	struct row		 r;
	struct tm		 tm;
	char			 want[128], today[16], **row;
	char			*type, *disp;
	long long		 tricky, plain;
	time_t			 now;
	size_t			 i;

	fixture_init(&fx, 'G', "Asia/Tokyo");
	fixture_init(&other, 'H', "Asia/Tokyo");
	memset(&r, 0, sizeof(r));
	r.at = "2026-06-30 20:15:00";
	r.actor_type = "staff";
	r.actor_name = "Smith, \"J\"";
	r.action = "csv.tricky";
	r.object_type = "customer";
	r.object_id = "=cmd()";
	r.before = "{\"note\":\"one\"}";
	r.after = "{\"note\":\"line1\\nline2\"}";
	r.addr = "@evil";
	r.approver = "+Pat";
	tricky = entry_add(fx.store_id, &r);
	memset(&r, 0, sizeof(r));
	r.actor_type = "cli";
	r.actor_name = "slatectl";
	r.action = "csv.plain";
	r.object_type = "thing";
	r.object_id = "-1";
	r.addr = "\tx";
	plain = entry_add(fx.store_id, &r);
	r.action = "csv.elsewhere";
	entry_add(other.store_id, &r);

	now = time(NULL);
	get(&fx.c, "/audit.csv", 200, &resp);
	type = response_header(&resp, "Content-Type");
	ck_assert_str_eq(type, "text/csv; charset=utf-8");
	disp = response_header(&resp, "Content-Disposition");
	ck_assert_ptr_nonnull(disp);
	setenv("TZ", ":Asia/Tokyo", 1);
	tzset();
	localtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	snprintf(want, sizeof(want), "attachment; filename=\"audit-%s-%s.csv\"",
	    fx.code, today);
	ck_assert_str_eq(disp, want);
	ck_assert_msg(strncmp(resp.body, header, strlen(header)) == 0,
	    "the header row is '%.200s'", resp.body);
	ck_assert(!response_contains(&resp, "csv.elsewhere"));
	ck_assert(!response_contains(&resp, other.code));

	csv_parse(resp.body, resp.bodylen, &t);
	/* Header, slatectl's two entries, and the two here. */
	ck_assert_uint_eq(t.rows, 5);
	for (i = 0; i < t.rows; i++)
		ck_assert_uint_eq(t.widths[i], 15);
	ck_assert_int_eq(strtoll(t.cells[1][0], NULL, 10), plain);
	ck_assert_int_eq(strtoll(t.cells[2][0], NULL, 10), tricky);
	row = csv_row(&t, tricky);
	ck_assert_str_eq(row[1], "2026-07-01 05:15:00");
	ck_assert_str_eq(row[2], "2026-06-30T20:15:00Z");
	ck_assert_str_eq(row[3], "staff");
	ck_assert_str_eq(row[5], "Smith, \"J\"");
	ck_assert_str_eq(row[6], "csv.tricky");
	ck_assert_str_eq(row[8], "'=cmd()");
	ck_assert_str_eq(row[9], "note: one \xe2\x86\x92 line1\nline2");
	ck_assert_str_eq(row[10], "{\"note\":\"one\"}");
	ck_assert_str_eq(row[11], "{\"note\":\"line1\\nline2\"}");
	ck_assert_str_eq(row[13], "'+Pat");
	ck_assert_str_eq(row[14], "'@evil");
	row = csv_row(&t, plain);
	ck_assert_str_eq(row[4], "");
	ck_assert_str_eq(row[8], "'-1");
	ck_assert_str_eq(row[10], "");
	ck_assert_str_eq(row[14], "'\tx");
	/* On the wire: quoted where needed, quotes doubled. */
	ck_assert(response_contains(&resp, ",\"Smith, \"\"J\"\"\","));
	ck_assert(response_contains(&resp, ",'=cmd(),"));
	csv_free(&t);
	free(type);
	free(disp);
	response_free(&resp);

	/* The page's filters apply. */
	get(&fx.c, "/audit.csv?action=csv.&object_id=%3Dcmd()", 200, &resp);
	csv_parse(resp.body, resp.bodylen, &t);
	ck_assert_uint_eq(t.rows, 2);
	ck_assert_int_eq(strtoll(t.cells[1][0], NULL, 10), tricky);
	csv_free(&t);
	response_free(&resp);
	fixture_free(&fx);
	fixture_free(&other);
}
END_TEST

/* ------------------------------------------------------------ who may */

START_TEST(test_permissions)
{
	struct fixture	 fx;
	struct client	 clerk, manager;
	struct response	 resp;
	char		*email, *name, *memail, *mname;

	fixture_init(&fx, 'J', "Europe/Berlin");
	staff_add(fx.code, "Clerk", &email, &name);
	staff_add(fx.code, "Manager", &memail, &mname);
	client_init(&clerk);
	client_sign_in_ok(&clerk, email, PW);
	client_init(&manager);
	client_sign_in_ok(&manager, memail, PW);

	get(&clerk, "/audit", 403, &resp);
	ck_assert(!response_contains(&resp, "store.create"));
	response_free(&resp);
	get(&clerk, "/audit.csv", 403, &resp);
	ck_assert(!response_contains(&resp, "store.create"));
	response_free(&resp);
	get(&manager, "/audit", 200, &resp);
	ck_assert(response_contains(&resp, "<code>store.create</code>"));
	response_free(&resp);
	get(&manager, "/audit.csv", 200, &resp);
	response_free(&resp);

	/* A level that asks for a manager's code: a page cannot take one. */
	sql_exec("UPDATE group_permissions gp JOIN user_groups g ON g.id = "
	    "gp.group_id SET gp.level = 2 WHERE g.store_id = %lld AND "
	    "g.name = 'Clerk' AND gp.permission = 'view_audit'", fx.store_id);
	get(&clerk, "/audit", 403, &resp);
	ck_assert(response_contains(&resp, "manager&#39;s code") ||
	    response_contains(&resp, "manager's code"));
	ck_assert(!response_contains(&resp, "store.create"));
	response_free(&resp);
	get(&clerk, "/audit.csv", 403, &resp);
	response_free(&resp);

	/* Nothing edits or removes entries through the application. */
	ck_assert_int_eq(client_post(&fx.c, "/audit", "csrf=x", &resp), 405);
	response_free(&resp);
	ck_assert_int_eq(client_request(&fx.c, "DELETE", "/audit.csv", NULL,
	    NULL, 0, &resp), 405);
	response_free(&resp);

	client_free(&clerk);
	client_free(&manager);
	free(email);
	free(name);
	free(memail);
	free(mname);
	fixture_free(&fx);
}
END_TEST

/* The database itself refuses to change or remove an entry. */
START_TEST(test_append_only)
{
	char		 code[17], *action;
	long long	 store, id, count;

	store = store_add('K', "UTC", code);
	id = sql_long("SELECT id FROM audit_log WHERE store_id = %lld AND "
	    "action = 'store.create'", store);
	count = sql_long("SELECT COUNT(*) FROM audit_log");
	ck_assert_int_eq(sql_try("UPDATE audit_log SET action = 'x.y' WHERE "
	    "id = %lld", id), -1);
	ck_assert_int_eq(sql_try("UPDATE audit_log SET after_json = NULL "
	    "WHERE store_id = %lld", store), -1);
	ck_assert_int_eq(sql_try("DELETE FROM audit_log WHERE id = %lld", id),
	    -1);
	ck_assert_int_eq(sql_try("DELETE FROM audit_log WHERE store_id = %lld",
	    store), -1);
	action = sql_str("SELECT action FROM audit_log WHERE id = %lld", id);
	ck_assert_str_eq(action, "store.create");
	ck_assert_int_ge(sql_long("SELECT COUNT(*) FROM audit_log"), count);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "after_json IS NOT NULL AND store_id = %lld", store), 1);
	free(action);
}
END_TEST

static Suite *
audit_suite(void)
{
	Suite	*s = suite_create("audit");
	TCase	*tc = itest_tcase("audit");

	tcase_add_unchecked_fixture(tc, NULL, stores_drop);
	tcase_add_test(tc, test_cli_entries);
	tcase_add_test(tc, test_cli_failure_writes_none);
	tcase_add_test(tc, test_filters);
	tcase_add_test(tc, test_bad_filters);
	tcase_add_test(tc, test_pagination);
	tcase_add_test(tc, test_csv);
	tcase_add_test(tc, test_permissions);
	tcase_add_test(tc, test_append_only);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	snprintf(store_tag, sizeof(store_tag), "%06lX",
	    ((unsigned long)time(NULL) ^ ((unsigned long)getpid() << 8)) &
	    0xFFFFFFUL);
	return itest_run(audit_suite());
}
