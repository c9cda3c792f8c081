/* test_customers.c: customers: creating, codes, checks, duplicates, search, pages, editing, stores, who may, slatectl. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "client.h"
#include "shop.h"

#define ADMIN_CODE	"4826"

static long long
customers_in(long long store)
{
	return sql_long("SELECT COUNT(*) FROM customers WHERE store_id = %lld",
	    store);
}

static long long
next_customer(long long store)
{
	return sql_long("SELECT next_customer FROM store_counters WHERE "
	    "store_id = %lld", store);
}

static long long
audit_count(long long store, const char *action)
{
	return sql_long("SELECT COUNT(*) FROM audit_log WHERE store_id = %lld "
	    "AND action = '%s'", store, action);
}

/* A value of the latest audit entry for action on customer code. */
static char *
audit_value(long long store, const char *action, const char *code,
    const char *side, const char *key)
{
	return sql_str("SELECT JSON_UNQUOTE(JSON_EXTRACT(%s_json, '$.%s')) "
	    "FROM audit_log WHERE store_id = %lld AND action = '%s' AND "
	    "object_type = 'customer' AND object_id = '%s' ORDER BY id DESC "
	    "LIMIT 1", side, key, store, action, code);
}

static void
expect_audit(long long store, const char *action, const char *code,
    const char *side, const char *key, const char *want)
{
	char	*v = audit_value(store, action, code, side, key);

	ck_assert_msg(v != NULL && strcmp(v, want) == 0, "%s %s.%s is %s, "
	    "not %s", action, side, key, v ? v : "NULL", want);
	free(v);
}

/* POSTs a new customer and expects 303 to its page; returns its code. */
static char *
create_ok(struct shop *s, const char *name, const char *email,
    const char *phone)
{
	struct response	 resp;
	char		*loc, *code;

	ck_assert_int_eq(shop_post(&s->c, "/customers", form_encode("csrf",
	    s->csrf, "name", name, "email", email, "phone", phone, "notes", "",
	    NULL), &resp), 303);
	loc = response_header(&resp, "Location");
	ck_assert_ptr_nonnull(loc);
	ck_assert_msg(strncmp(loc, "/customers/C", 12) == 0 &&
	    strstr(loc, "?done=created") != NULL, "went to %s", loc);
	code = strndup(loc + 11, strcspn(loc + 11, "?"));
	free(loc);
	response_free(&resp);
	return code;
}

/* Adds a customer with slatectl to store code; returns its code. */
static char *
cli_add(const char *store, const char *name, const char *email,
    const char *phone)
{
	char	*out = NULL, *err = NULL, *code;
	int	 rc;

	rc = itest_slatectl(NULL, &out, &err, "customer", "add", "--name", name,
	    "--email", email, "--phone", phone, "--store", store, NULL);
	ck_assert_msg(rc == 0, "customer add %s: %s", name, err);
	out[strcspn(out, "\n")] = '\0';
	code = out;
	free(err);
	return code;
}

/* Expects a 422 form with message beside field (aria-describedby), nothing written. */
static void
expect_field_error(struct response *resp, const char *field,
    const char *message)
{
	char	 describe[64];

	snprintf(describe, sizeof(describe), "aria-describedby=\"%s-error\"",
	    field);
	ck_assert_int_eq(resp->status, 422);
	ck_assert_msg(response_contains(resp, describe), "no %s", describe);
	ck_assert_msg(response_contains(resp, message), "422 without '%s'",
	    message);
	response_free(resp);
}

START_TEST(test_create_and_codes)
{
	struct shop	 s;
	struct response	 resp;
	char		*code, *email;

	shop_open(&s);
	ck_assert_int_eq(shop_get(&s.c, "/customers/new", &resp), 200);
	ck_assert(response_contains(&resp, "name=\"name\""));
	ck_assert(response_contains(&resp, "name=\"csrf\""));
	response_free(&resp);

	code = create_ok(&s, "Ann <Example>", " ANN@Example.COM ",
	    "+49 30 1234");
	ck_assert_str_eq(code, "C000001");
	email = sql_str("SELECT email FROM customers WHERE store_id = %lld "
	    "AND code = 'C000001'", s.id);
	ck_assert_str_eq(email, "ann@example.com");
	free(email);
	ck_assert_int_eq(audit_count(s.id, "customer.create"), 1);
	expect_audit(s.id, "customer.create", "C000001", "after", "name",
	    "Ann <Example>");
	expect_audit(s.id, "customer.create", "C000001", "after", "code",
	    "C000001");

	ck_assert_int_eq(shop_get(&s.c, "/customers/C000001?done=created",
	    &resp), 200);
	ck_assert(response_contains(&resp, "Ann &lt;Example&gt;"));
	ck_assert(!response_contains(&resp, "Ann <Example>"));
	ck_assert(response_contains(&resp, "The customer was added."));
	ck_assert(response_contains(&resp, "ann@example.com"));
	ck_assert(response_contains(&resp, "no account yet"));
	response_free(&resp);

	/* A refused create takes no number; the next one is C000002. */
	ck_assert_int_eq(shop_post(&s.c, "/customers", form_encode("csrf",
	    s.csrf, "name", "", NULL), NULL), 422);
	ck_assert_int_eq(next_customer(s.id), 2);
	free(code);
	code = create_ok(&s, "Bea", "", "");
	ck_assert_str_eq(code, "C000002");
	free(code);
	/* So does a refused slatectl customer add. */
	ck_assert_int_ne(itest_slatectl(NULL, NULL, NULL, "customer", "add",
	    "--name", "Bad", "--email", "nope", "--store", s.code, NULL), 0);
	code = cli_add(s.code, "Cy", "", "");
	ck_assert_str_eq(code, "C000003");
	free(code);
	ck_assert_int_eq(customers_in(s.id), 3);
	shop_close(&s);
}
END_TEST

START_TEST(test_bad_input)
{
	struct shop	 s;
	struct response	 resp;
	char		 longname[202];

	shop_open(&s);
	memset(longname, 'x', 201);
	longname[201] = '\0';
	shop_post(&s.c, "/customers", form_encode("csrf", s.csrf, "name", "",
	    "email", "kept@example.com", NULL), &resp);
	ck_assert(response_contains(&resp, "value=\"kept@example.com\""));
	expect_field_error(&resp, "name", "This is required.");
	shop_post(&s.c, "/customers", form_encode("csrf", s.csrf, "name",
	    "   ", NULL), &resp);
	expect_field_error(&resp, "name", "This is required.");
	shop_post(&s.c, "/customers", form_encode("csrf", s.csrf, "name",
	    longname, NULL), &resp);
	expect_field_error(&resp, "name", "This is too long.");
	shop_post(&s.c, "/customers", form_encode("csrf", s.csrf, "name",
	    "Tab\tin the middle", NULL), &resp);
	expect_field_error(&resp, "name", "control characters");
	shop_post(&s.c, "/customers", form_encode("csrf", s.csrf, "name",
	    "Bell\x07", NULL), &resp);
	expect_field_error(&resp, "name", "control characters");
	shop_post(&s.c, "/customers", form_encode("csrf", s.csrf, "name",
	    "Ok Name", "email", "not-an-email", NULL), &resp);
	ck_assert(response_contains(&resp, "value=\"Ok Name\""));
	expect_field_error(&resp, "email", "valid email");
	shop_post(&s.c, "/customers", form_encode("csrf", s.csrf, "name",
	    "Ok Name", "email", "a@b.example\x01", NULL), &resp);
	expect_field_error(&resp, "email", "valid email");
	shop_post(&s.c, "/customers", form_encode("csrf", s.csrf, "name",
	    "Ok Name", "phone", "call me", NULL), &resp);
	expect_field_error(&resp, "phone", "digits, spaces");
	shop_post(&s.c, "/customers", form_encode("csrf", s.csrf, "name",
	    "Ok Name", "phone", "123456789012345678901234567890123456789012",
	    NULL), &resp);
	expect_field_error(&resp, "phone", "too long");
	shop_post(&s.c, "/customers", form_encode("csrf", s.csrf, "name",
	    "Ok Name", "notes", "line one\x02", NULL), &resp);
	expect_field_error(&resp, "notes", "control characters");
	ck_assert_int_eq(customers_in(s.id), 0);
	ck_assert_int_eq(next_customer(s.id), 1);
	ck_assert_int_eq(audit_all(s.id), 0);

	/* Line breaks are fine in notes. */
	free(create_ok(&s, "Notes Person", "", ""));
	ck_assert_int_eq(shop_post(&s.c, "/customers", form_encode("csrf",
	    s.csrf, "name", "Two Lines", "notes", "first\r\nsecond", NULL),
	    NULL), 303);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM customers WHERE "
	    "store_id = %lld AND notes = 'first\\nsecond'", s.id), 1);
	shop_close(&s);
}
END_TEST

START_TEST(test_duplicate_warning)
{
	struct shop	 s;
	struct response	 resp;
	char		*a;

	shop_open(&s);
	a = create_ok(&s, "First Person", "same@example.com", "030 123-456");

	/* The same email in other letters: a warning, nothing saved. */
	ck_assert_int_eq(shop_post(&s.c, "/customers", form_encode("csrf",
	    s.csrf, "name", "Second Person", "email", "Same@Example.com", NULL),
	    &resp), 200);
	ck_assert(response_contains(&resp, "href=\"/customers/C000001\""));
	ck_assert(response_contains(&resp, "First Person"));
	ck_assert(response_contains(&resp, "name=\"confirm_duplicate\""));
	ck_assert(response_contains(&resp, "value=\"Second Person\""));
	response_free(&resp);
	ck_assert_int_eq(customers_in(s.id), 1);
	ck_assert_int_eq(next_customer(s.id), 2);

	/* The same phone without spaces and dashes. */
	ck_assert_int_eq(shop_post(&s.c, "/customers", form_encode("csrf",
	    s.csrf, "name", "Third Person", "phone", "030123456", NULL),
	    &resp), 200);
	ck_assert(response_contains(&resp, "First Person"));
	ck_assert(response_contains(&resp, "name=\"confirm_duplicate\""));
	response_free(&resp);
	ck_assert_int_eq(customers_in(s.id), 1);

	/* Sent again with the box ticked, it is created. */
	ck_assert_int_eq(shop_post(&s.c, "/customers", form_encode("csrf",
	    s.csrf, "name", "Second Person", "email", "Same@Example.com",
	    "confirm_duplicate", "1", NULL), &resp), 303);
	expect_see_other(&resp, "/customers/C000002?done=created");
	ck_assert_int_eq(customers_in(s.id), 2);

	/* Another email and phone: no warning. */
	free(create_ok(&s, "Fourth Person", "other@example.com", "0301"));
	free(a);
	shop_close(&s);
}
END_TEST

/* Whether the list page for query q shows code (in the code column). */
static int
list_shows(struct shop *s, const char *q, const char *code)
{
	struct response	 resp;
	char		 path[256], cell[64], *enc;
	int		 found;

	enc = curl_easy_escape(NULL, q, 0);
	snprintf(path, sizeof(path), "/customers?q=%s", enc);
	curl_free(enc);
	ck_assert_int_eq(shop_get(&s->c, path, &resp), 200);
	snprintf(cell, sizeof(cell), "<td class=\"code\"><a href=\"/customers/"
	    "%s\">", code);
	found = response_contains(&resp, cell);
	response_free(&resp);
	return found;
}

START_TEST(test_search)
{
	struct shop	 s;
	struct response	 resp;
	char		*zoe, *adam, *millie, *pct, *under;
	const char	*p, *q;

	shop_open(&s);
	zoe = cli_add(s.code, "Zoe Miller", "zoe@example.com", "+44 20 7946");
	adam = cli_add(s.code, "Adam Smith", "adam@shop.example", "0151 496");
	millie = cli_add(s.code, "Millie Brown", "mb@example.com", "");
	pct = cli_add(s.code, "100% Cotton", "", "");
	under = cli_add(s.code, "Under_Score", "", "");

	/* Empty search: all of them, by name. */
	ck_assert_int_eq(shop_get(&s.c, "/customers", &resp), 200);
	p = strstr(resp.body, "100% Cotton");
	q = strstr(resp.body, "Adam Smith");
	ck_assert(p != NULL && q != NULL && p < q);
	p = strstr(resp.body, "Millie Brown");
	ck_assert(p != NULL && q < p);
	q = strstr(resp.body, "Zoe Miller");
	ck_assert(q != NULL && p < q);
	response_free(&resp);

	/* Code prefix. */
	ck_assert(list_shows(&s, adam, adam));
	ck_assert(!list_shows(&s, adam, zoe));
	ck_assert(list_shows(&s, "C00000", zoe));
	ck_assert(list_shows(&s, "c00000", millie));
	/* Name prefix and anywhere in the name, any case. */
	ck_assert(list_shows(&s, "Zoe", zoe));
	ck_assert(!list_shows(&s, "Zoe", adam));
	ck_assert(list_shows(&s, "ill", zoe));
	ck_assert(list_shows(&s, "ILL", millie));
	ck_assert(list_shows(&s, "ILLE", zoe));
	ck_assert(!list_shows(&s, "ille", millie));
	ck_assert(!list_shows(&s, "ill", adam));
	/* Email and phone by prefix. */
	ck_assert(list_shows(&s, "adam@shop", adam));
	ck_assert(!list_shows(&s, "adam@shop", zoe));
	ck_assert(!list_shows(&s, "shop.example", adam));
	ck_assert(list_shows(&s, "+44 20", zoe));
	ck_assert(!list_shows(&s, "+44 20", adam));
	/* % and _ are literal. */
	ck_assert(list_shows(&s, "%", pct));
	ck_assert(!list_shows(&s, "%", zoe));
	ck_assert(list_shows(&s, "_", under));
	ck_assert(!list_shows(&s, "_", adam));
	ck_assert(list_shows(&s, "0% C", pct));
	ck_assert(!list_shows(&s, "1%n", pct));
	ck_assert(!list_shows(&s, "U_der", under));
	/* A search that finds none says so. */
	ck_assert_int_eq(shop_get(&s.c, "/customers?q=nobody+at+all", &resp),
	    200);
	ck_assert(response_contains(&resp, "No customer matches"));
	ck_assert(response_contains(&resp, "value=\"nobody at all\""));
	response_free(&resp);
	/* Control characters are refused with a message. */
	ck_assert_int_eq(shop_get(&s.c, "/customers?q=a%01b", &resp), 200);
	ck_assert(response_contains(&resp, "control characters"));
	response_free(&resp);
	free(zoe);
	free(adam);
	free(millie);
	free(pct);
	free(under);
	shop_close(&s);
}
END_TEST

/* Reads the codes of a list page into codes (appending at *n) and its next link. */
static char *
read_page(const struct response *resp, char codes[][17], size_t max,
    size_t *n)
{
	static const char	 cell[] = "<td class=\"code\"><a href=\"/customers/";
	const char		*p = resp->body, *next, *href;
	char			*link, *w;
	size_t			 len;

	while ((p = strstr(p, cell)) != NULL) {
		p += sizeof(cell) - 1;
		len = strcspn(p, "\"");
		ck_assert(len < 17 && *n < max);
		memcpy(codes[*n], p, len);
		codes[(*n)++][len] = '\0';
	}
	if ((next = strstr(resp->body, "\" rel=\"next\"")) == NULL)
		return NULL;
	for (href = next; href > resp->body && strncmp(href, "href=\"", 6) != 0;
	    href--)
		;
	link = strndup(href + 6, (size_t)(next - href - 6));
	/* Undo the HTML escaping of '&'. */
	for (p = w = link; *p != '\0'; )
		if (strncmp(p, "&amp;", 5) == 0) {
			*w++ = '&';
			p += 5;
		} else
			*w++ = *p++;
	*w = '\0';
	return link;
}

/* Walks every page of the list from path; returns how many codes. */
static size_t
walk_pages(struct shop *s, const char *path, char codes[][17], size_t max)
{
	struct response	 resp;
	char		*link = strdup(path), *next;
	size_t		 n = 0, pages = 0, before;

	while (link != NULL) {
		ck_assert_int_eq(shop_get(&s->c, link, &resp), 200);
		before = n;
		next = read_page(&resp, codes, max, &n);
		ck_assert_int_le(n - before, 50);
		if (next != NULL)
			ck_assert_int_eq(n - before, 50);
		response_free(&resp);
		free(link);
		link = next;
		ck_assert_int_lt(++pages, 10);
	}
	return n;
}

START_TEST(test_pagination)
{
	static char	 codes[200][17];
	struct shop	 s;
	char		*want;
	size_t		 n, i;

	shop_open(&s);
	/*
	 * 120 customers in random order: 80 "Page b NN" / "Page B NN" (the
	 * same name to the collation, two to a number, so ties go by id)
	 * and 40 "Other NN".
	 */
	sql_exec("INSERT INTO customers (store_id, code, name, email, phone, "
	    "notes, created_at, updated_at) SELECT %lld, CONCAT('C9', "
	    "LPAD(seq, 5, '0')), CONCAT(CASE seq %% 3 WHEN 0 THEN 'Page b' "
	    "WHEN 1 THEN 'Page B' ELSE 'Other' END, ' ', LPAD(seq %% 40, 2, "
	    "'0')), '', '', '', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM "
	    "seq_1_to_120 ORDER BY RAND()", s.id);
	n = walk_pages(&s, "/customers", codes, 200);
	ck_assert_int_eq(n, 120);
	for (i = 0; i < n; i++) {
		want = sql_str("SELECT code FROM customers WHERE store_id = "
		    "%lld ORDER BY name, id LIMIT 1 OFFSET %zu", s.id, i);
		ck_assert_msg(want != NULL && strcmp(want, codes[i]) == 0,
		    "row %zu is %s, not %s", i, codes[i], want ? want : "none");
		free(want);
	}
	/* A search keeps its words across the pages: 80 of them, 2 pages. */
	n = walk_pages(&s, "/customers?q=page", codes, 200);
	ck_assert_int_eq(n, 80);
	for (i = 0; i < n; i++) {
		want = sql_str("SELECT code FROM customers WHERE store_id = "
		    "%lld AND name LIKE 'Page%%' ORDER BY name, id LIMIT 1 "
		    "OFFSET %zu", s.id, i);
		ck_assert_msg(want != NULL && strcmp(want, codes[i]) == 0,
		    "found row %zu is %s, not %s", i, codes[i],
		    want ? want : "none");
		free(want);
	}
	shop_close(&s);
}
END_TEST

START_TEST(test_edit_and_audit)
{
	struct shop	 s;
	struct response	 resp;
	char		*code, *v;

	shop_open(&s);
	code = create_ok(&s, "Edit Me", "old@example.com", "111");
	ck_assert_int_eq(shop_get(&s.c, "/customers/C000001/edit", &resp), 200);
	ck_assert(response_contains(&resp, "value=\"Edit Me\""));
	ck_assert(response_contains(&resp, "value=\"old@example.com\""));
	ck_assert(response_contains(&resp, "action=\"/customers/C000001\""));
	response_free(&resp);

	ck_assert_int_eq(shop_post(&s.c, "/customers/C000001", form_encode(
	    "csrf", s.csrf, "name", "Edited", "email", "new@example.com",
	    "phone", "111", "notes", "a note", NULL), &resp), 303);
	expect_see_other(&resp, "/customers/C000001?done=saved");
	ck_assert_int_eq(audit_count(s.id, "customer.update"), 1);
	expect_audit(s.id, "customer.update", code, "before", "name", "Edit Me");
	expect_audit(s.id, "customer.update", code, "after", "name", "Edited");
	expect_audit(s.id, "customer.update", code, "before", "email",
	    "old@example.com");
	expect_audit(s.id, "customer.update", code, "after", "email",
	    "new@example.com");
	expect_audit(s.id, "customer.update", code, "after", "notes", "a note");
	v = sql_str("SELECT CONCAT(name, '|', email, '|', notes) FROM "
	    "customers WHERE store_id = %lld AND code = 'C000001'", s.id);
	ck_assert_str_eq(v, "Edited|new@example.com|a note");
	free(v);

	/* Saving the same values writes no audit entry. */
	ck_assert_int_eq(shop_post(&s.c, "/customers/C000001", form_encode(
	    "csrf", s.csrf, "name", " Edited ", "email", "NEW@example.com",
	    "phone", "111", "notes", "a note", NULL), NULL), 303);
	ck_assert_int_eq(audit_count(s.id, "customer.update"), 1);

	/* Bad input: the form again, nothing changed. */
	shop_post(&s.c, "/customers/C000001", form_encode("csrf", s.csrf,
	    "name", "", "email", "x@example.com", NULL), &resp);
	ck_assert(response_contains(&resp, "value=\"x@example.com\""));
	expect_field_error(&resp, "name", "This is required.");
	shop_post(&s.c, "/customers/C000001", form_encode("csrf", s.csrf,
	    "name", "Fine", "email", "bad@", NULL), &resp);
	expect_field_error(&resp, "email", "valid email");
	v = sql_str("SELECT name FROM customers WHERE store_id = %lld AND "
	    "code = 'C000001'", s.id);
	ck_assert_str_eq(v, "Edited");
	free(v);
	ck_assert_int_eq(audit_count(s.id, "customer.update"), 1);

	/* A changed email that another customer has: the warning first. */
	free(create_ok(&s, "Other", "taken@example.com", ""));
	ck_assert_int_eq(shop_post(&s.c, "/customers/C000001", form_encode(
	    "csrf", s.csrf, "name", "Edited", "email", "taken@example.com",
	    NULL), &resp), 200);
	ck_assert(response_contains(&resp, "href=\"/customers/C000002\""));
	ck_assert(response_contains(&resp, "name=\"confirm_duplicate\""));
	response_free(&resp);
	ck_assert_int_eq(audit_count(s.id, "customer.update"), 1);
	ck_assert_int_eq(shop_post(&s.c, "/customers/C000001", form_encode(
	    "csrf", s.csrf, "name", "Edited", "email", "taken@example.com",
	    "confirm_duplicate", "1", NULL), NULL), 303);
	ck_assert_int_eq(audit_count(s.id, "customer.update"), 2);
	/* Keeping that email while changing the name warns no more. */
	ck_assert_int_eq(shop_post(&s.c, "/customers/C000001", form_encode(
	    "csrf", s.csrf, "name", "Edited Again", "email",
	    "taken@example.com", NULL), NULL), 303);
	free(code);
	shop_close(&s);
}
END_TEST

START_TEST(test_other_store)
{
	struct shop	 a, b;
	struct response	 resp;
	char		*code, *v;

	shop_open(&a);
	shop_open(&b);
	code = create_ok(&a, "Belongs To A", "", "");
	ck_assert_int_eq(shop_get(&b.c, "/customers/C000001", &resp), 404);
	ck_assert(response_contains(&resp, "There is no such page."));
	ck_assert(!response_contains(&resp, "Belongs To A"));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&b.c, "/customers/C000001/edit", NULL), 404);
	ck_assert_int_eq(shop_post(&b.c, "/customers/C000001", form_encode(
	    "csrf", b.csrf, "name", "Taken Over", NULL), NULL), 404);
	ck_assert_int_eq(shop_get(&b.c, "/customers?q=Belongs", &resp), 200);
	ck_assert(!response_contains(&resp, "Belongs To A"));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&b.c, "/customers/not-a-code", NULL), 404);
	ck_assert_int_eq(shop_get(&b.c, "/customers/999999999", NULL), 404);

	/* B's own first customer is its C000001. */
	free(create_ok(&b, "Belongs To B", "", ""));
	ck_assert_int_eq(shop_get(&b.c, "/customers/C000001", &resp), 200);
	ck_assert(response_contains(&resp, "Belongs To B"));
	ck_assert(!response_contains(&resp, "Belongs To A"));
	response_free(&resp);
	v = sql_str("SELECT name FROM customers WHERE store_id = %lld AND "
	    "code = 'C000001'", a.id);
	ck_assert_str_eq(v, "Belongs To A");
	free(v);
	free(code);
	shop_close(&a);
	shop_close(&b);
}
END_TEST

/* Sets the level of manage_customers for group name of store. */
static void
set_level(long long store, const char *group, int level)
{
	sql_exec("UPDATE group_permissions SET level = %d WHERE group_id = "
	    "%lld AND permission = 'manage_customers'", level,
	    shop_group_id(store, group));
}

START_TEST(test_who_may)
{
	struct shop	 s;
	struct client	 clerk;
	struct response	 resp;
	char		*email, *csrf, *mid, field[32];

	shop_open(&s);
	email = itest_email("clerk");
	shop_staff_add(s.code, email, "Clerk");
	shop_sign_in(&clerk, email, SHOP_PASSWORD, &csrf);

	/* A Clerk may manage customers (Allowed). */
	ck_assert_int_eq(shop_get(&clerk, "/customers", NULL), 200);
	ck_assert_int_eq(shop_post(&clerk, "/customers", form_encode("csrf",
	    csrf, "name", "By A Clerk", NULL), NULL), 303);
	ck_assert_int_eq(customers_in(s.id), 1);

	/* None: 403 everywhere, nothing written. */
	set_level(s.id, "Clerk", 0);
	ck_assert_int_eq(shop_get(&clerk, "/customers", NULL), 403);
	ck_assert_int_eq(shop_get(&clerk, "/customers/C000001", NULL), 403);
	ck_assert_int_eq(shop_post(&clerk, "/customers", form_encode("csrf",
	    csrf, "name", "Not Allowed", NULL), NULL), 403);
	ck_assert_int_eq(shop_post(&clerk, "/customers/C000001", form_encode(
	    "csrf", csrf, "name", "Not Allowed", NULL), NULL), 403);
	ck_assert_int_eq(customers_in(s.id), 1);

	/* Manager code required: refused without it, done with it. */
	ck_assert_int_eq(shop_post(&s.c, "/profile/manager-code", form_encode(
	    "csrf", s.csrf, "current_password", SHOP_PASSWORD, "manager_code",
	    ADMIN_CODE, "confirm_code", ADMIN_CODE, "do", "set", NULL), NULL),
	    303);
	set_level(s.id, "Clerk", 2);
	ck_assert_int_eq(shop_get(&clerk, "/customers/new", &resp), 200);
	ck_assert(response_contains(&resp, "name=\"manager_code\""));
	response_free(&resp);
	snprintf(field, sizeof(field), "%lld", s.admin_id);
	mid = field;
	ck_assert_int_eq(shop_post(&clerk, "/customers", form_encode("csrf",
	    csrf, "name", "Needs Approval", "manager_id", mid, "manager_code",
	    "0000", NULL), &resp), 422);
	ck_assert(response_contains(&resp, "value=\"Needs Approval\""));
	ck_assert(response_contains(&resp, "manager_code-error"));
	response_free(&resp);
	ck_assert_int_eq(customers_in(s.id), 1);
	ck_assert_int_eq(next_customer(s.id), 2);
	ck_assert_int_eq(shop_post(&clerk, "/customers", form_encode("csrf",
	    csrf, "name", "Needs Approval", "manager_id", mid, "manager_code",
	    ADMIN_CODE, NULL), &resp), 303);
	expect_see_other(&resp, "/customers/C000002?done=created");
	ck_assert_int_eq(sql_long("SELECT approver_id FROM audit_log WHERE "
	    "store_id = %lld AND action = 'customer.create' AND object_id = "
	    "'C000002'", s.id), s.admin_id);
	ck_assert_int_eq(shop_post(&clerk, "/customers/C000002", form_encode(
	    "csrf", csrf, "name", "Renamed", NULL), &resp), 422);
	response_free(&resp);
	ck_assert_int_eq(audit_count(s.id, "customer.update"), 0);
	client_free(&clerk);
	free(csrf);
	free(email);
	shop_close(&s);
}
END_TEST

START_TEST(test_slatectl)
{
	struct shop	 s;
	char		*out = NULL, *err = NULL, *v;
	int		 rc;

	shop_open(&s);
	rc = itest_slatectl(NULL, &out, &err, "customer", "add", "--name",
	    "From The Shell", "--email", "Shell@Example.com", "--phone",
	    "0123 456", "--store", s.code, NULL);
	ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
	ck_assert_str_eq(out, "C000001\n");
	ck_assert_str_eq(err, "");
	free(out);
	free(err);
	v = sql_str("SELECT CONCAT(name, '|', email, '|', phone) FROM "
	    "customers WHERE store_id = %lld AND code = 'C000001'", s.id);
	ck_assert_str_eq(v, "From The Shell|shell@example.com|0123 456");
	free(v);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'customer.create' AND actor_type = "
	    "'cli' AND object_id = 'C000001'", s.id), 1);

	/* Each refused with a message and a non-zero exit; nothing changed. */
	{
		static const char *const bad[][2] = {
			{ "--name", "" },
			{ "--email", "not-an-email" },
			{ "--phone", "letters" },
			{ "--store", "NO-SUCH-STORE" },
		};
		size_t	 i;

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			out = err = NULL;
			rc = itest_slatectl(NULL, &out, &err, "customer", "add",
			    "--name", "Fine Name", "--store", s.code, bad[i][0],
			    bad[i][1], NULL);
			ck_assert_msg(rc != 0, "%s '%s' was taken", bad[i][0],
			    bad[i][1]);
			ck_assert_str_eq(out, "");
			ck_assert_msg(strstr(err, bad[i][0]) != NULL,
			    "no message for %s: %s", bad[i][0], err);
			free(out);
			free(err);
		}
	}
	out = err = NULL;
	rc = itest_slatectl(NULL, &out, &err, "customer", "add", "--email",
	    "x@example.com", "--store", s.code, NULL);
	ck_assert_int_ne(rc, 0);
	ck_assert(strstr(err, "--name") != NULL);
	free(out);
	free(err);
	ck_assert_int_eq(customers_in(s.id), 1);
	ck_assert_int_eq(next_customer(s.id), 2);
	shop_close(&s);
}
END_TEST

START_TEST(test_accounts_listed)
{
	struct client	 c;
	char		 store[17], *email, *csrf, *out = NULL, *err = NULL;
	char		 path[64];
	struct response	 resp;
	long long	 sid;
	int		 rc;

	/* A store of its own that stays: accounts are never deleted. */
	snprintf(store, sizeof(store), "CU%lX%lX", (unsigned long)time(NULL),
	    (unsigned long)getpid() & 0xfff);
	rc = itest_slatectl(NULL, NULL, &err, "store", "add", "--code", store,
	    "--name", "Customer test store", "--currency", "EUR", "--timezone",
	    "UTC", NULL);
	ck_assert_msg(rc == 0, "store add: %s", err);
	free(err);
	sid = sql_long("SELECT id FROM stores WHERE code = '%s'", store);
	email = itest_email("accounts");
	shop_staff_add(store, email, "Administrator");
	shop_sign_in(&c, email, SHOP_PASSWORD, &csrf);
	out = cli_add(store, "Has Accounts", "", "");
	/* Balances come from opening entries: the ledger must add up. */
	rc = itest_slatectl(NULL, NULL, &err, "account", "add", "--customer",
	    out, "--limit", "500", "--opening", "-120.00", "--pay-later",
	    "--store", store, NULL);
	ck_assert_msg(rc == 0, "account add: %s", err);
	free(err);
	rc = itest_slatectl(NULL, NULL, &err, "account", "add", "--customer",
	    out, "--opening", "15", "--store", store, NULL);
	ck_assert_msg(rc == 0, "account add: %s", err);
	free(err);
	sql_exec("UPDATE accounts SET active = 0 WHERE store_id = %lld AND "
	    "number = 'A000002'", sid);
	snprintf(path, sizeof(path), "/customers/%s", out);
	ck_assert_int_eq(shop_get(&c, path, &resp), 200);
	ck_assert(response_contains(&resp, "A000001"));
	ck_assert(response_contains(&resp, "€120.00 owing"));
	ck_assert(response_contains(&resp, "€500.00"));
	ck_assert(response_contains(&resp, "A000002"));
	ck_assert(response_contains(&resp, "€15.00 in credit"));
	ck_assert(response_contains(&resp, "Inactive"));
	response_free(&resp);
	ck_assert_int_eq(shop_get(&c, "/customers", &resp), 200);
	ck_assert(response_contains(&resp, "<td class=\"num\">2</td>"));
	response_free(&resp);
	client_free(&c);
	free(csrf);
	free(email);
	free(out);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("customers");
	TCase	*tc = itest_tcase("customers");
	int	 rc;

	shop_begin();
	tcase_add_test(tc, test_create_and_codes);
	tcase_add_test(tc, test_bad_input);
	tcase_add_test(tc, test_duplicate_warning);
	tcase_add_test(tc, test_search);
	tcase_add_test(tc, test_pagination);
	tcase_add_test(tc, test_edit_and_audit);
	tcase_add_test(tc, test_other_store);
	tcase_add_test(tc, test_who_may);
	tcase_add_test(tc, test_slatectl);
	tcase_add_test(tc, test_accounts_listed);
	suite_add_tcase(s, tc);
	rc = itest_run(s);
	if (shop_cleanup() == -1)
		rc = EXIT_FAILURE;
	return rc;
}
