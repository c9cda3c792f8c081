/* test_upload.c: the import page's file upload (multipart/form-data): checking and importing a file, bad files, limits, malformed bodies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <curl/curl.h>

#include "client.h"
#include "shop.h"

#define UPLOAD_MAX	(16L * 1024 * 1024)	/* the page's limit */
#define ADMIN_CODE	"1357"

/* Collects what curl receives. */
struct sink {
	char	*data;
	size_t	 len;
};

static size_t
sink_write(char *p, size_t size, size_t n, void *arg)
{
	struct sink	*s = arg;

	s->data = realloc(s->data, s->len + size * n + 1);
	ck_assert_ptr_nonnull(s->data);
	memcpy(s->data + s->len, p, size * n);
	s->len += size * n;
	s->data[s->len] = '\0';
	return size * n;
}

/* The Cookie header value of the client's jar, in a new string. */
static char *
jar_cookies(const struct client *c)
{
	char	*s = calloc(1, 4096);
	size_t	 i;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < c->ncookies; i++)
		snprintf(s + strlen(s), 4096 - strlen(s), "%s%s=%s",
		    i > 0 ? "; " : "", c->cookies[i].name,
		    c->cookies[i].value);
	return s;
}

/* A form being built with curl's mime API, for one request. */
struct upload_form {
	CURL		*curl;
	curl_mime	*mime;
};

static void
form_begin(struct upload_form *f)
{
	f->curl = curl_easy_init();
	ck_assert_ptr_nonnull(f->curl);
	f->mime = curl_mime_init(f->curl);
	ck_assert_ptr_nonnull(f->mime);
}

/* Adds a text field. */
static void
form_field(struct upload_form *f, const char *name, const char *value)
{
	curl_mimepart	*part = curl_mime_addpart(f->mime);

	curl_mime_name(part, name);
	curl_mime_data(part, value, CURL_ZERO_TERMINATED);
}

/* Adds len bytes of data as the file filename in field "file". */
static void
form_file(struct upload_form *f, const char *filename, const char *data,
    size_t len)
{
	curl_mimepart	*part = curl_mime_addpart(f->mime);

	curl_mime_name(part, "file");
	curl_mime_filename(part, filename);
	curl_mime_type(part, "text/csv");
	curl_mime_data(part, data, len);
}

/*
 * POSTs the form to path as multipart/form-data with the client's
 * cookies; the answer goes to *resp (free it with response_free).
 * Frees the form. Returns the status.
 */
static long
form_post(struct client *c, struct upload_form *f, const char *path,
    struct response *resp)
{
	struct sink		 head = { 0 }, body = { 0 };
	struct curl_slist	*hdrs = curl_slist_append(NULL, "Expect:");
	char			 url[512], *cookies = jar_cookies(c);
	CURLcode		 rc;

	memset(resp, 0, sizeof(*resp));
	snprintf(url, sizeof(url), "%s%s", itest_url(), path);
	curl_easy_setopt(f->curl, CURLOPT_URL, url);
	curl_easy_setopt(f->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(f->curl, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(f->curl, CURLOPT_MIMEPOST, f->mime);
	curl_easy_setopt(f->curl, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(f->curl, CURLOPT_COOKIE, cookies);
	curl_easy_setopt(f->curl, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(f->curl, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(f->curl, CURLOPT_HEADERFUNCTION, sink_write);
	curl_easy_setopt(f->curl, CURLOPT_HEADERDATA, &head);
	rc = curl_easy_perform(f->curl);
	ck_assert_msg(rc == CURLE_OK, "POST %s: %s", url,
	    curl_easy_strerror(rc));
	curl_easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, &resp->status);
	resp->head = head.data != NULL ? head.data : strdup("");
	resp->headlen = head.len;
	resp->body = body.data != NULL ? body.data : strdup("");
	resp->bodylen = body.len;
	curl_slist_free_all(hdrs);
	curl_mime_free(f->mime);
	curl_easy_cleanup(f->curl);
	free(cookies);
	return resp->status;
}

/* Sends len bytes of file to the import page with action, as c with its token csrf. */
static long
upload(struct client *c, const char *csrf, const char *action,
    const char *filename, const char *file, size_t len,
    struct response *resp)
{
	struct upload_form	 f;

	form_begin(&f);
	form_field(&f, "csrf", csrf);
	form_file(&f, filename, file, len);
	form_field(&f, "action", action);
	return form_post(c, &f, "/customers/import", resp);
}

/* What the store holds, to see that a refused upload changed nothing. */
static char *
store_state(long long store)
{
	return sql_str("SELECT CONCAT_WS(',', (SELECT COUNT(*) FROM customers "
	    "WHERE store_id = %lld), (SELECT COUNT(*) FROM accounts WHERE "
	    "store_id = %lld), (SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld), (SELECT CONCAT(next_customer, '/', next_account)"
	    " FROM store_counters WHERE store_id = %lld))", store, store, store,
	    store);
}

/* Fails unless the store holds what it held in before (then freed). */
static void
state_unchanged(long long store, char *before)
{
	char	*now = store_state(store);

	ck_assert_msg(strcmp(now, before) == 0, "the store changed: %s, was %s",
	    now, before);
	free(now);
	free(before);
}

/* Removes the accounts a test made (they have no ledger entries), so that the store can go. */
static void
accounts_remove(long long store)
{
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM ledger_entries WHERE "
	    "store_id = %lld", store), 0);
	sql_exec("DELETE FROM accounts WHERE store_id = %lld", store);
}

static const char good_file[] =
	"name,email,phone,credit_limit,pay_later\r\n"
	"\"Upload, Ann\",ann.upload@example.com,+49 30 555,250,yes\r\n"
	"Bob Upload,,,,\r\n";

START_TEST(test_check_then_import)
{
	struct shop	 s;
	struct response	 resp;
	char		*before;

	shop_open(&s);
	ck_assert_int_eq(shop_get(&s.c, "/customers/import", &resp), 200);
	ck_assert(response_contains(&resp, "enctype=\"multipart/form-data\""));
	ck_assert(response_contains(&resp, "type=\"file\" id=\"file\" "
	    "name=\"file\""));
	ck_assert(response_contains(&resp, "name=\"csv\""));
	response_free(&resp);

	before = store_state(s.id);
	ck_assert_int_eq(upload(&s.c, s.csrf, "check", "customers.csv", good_file,
	    sizeof(good_file) - 1, &resp), 200);
	ck_assert_msg(response_contains(&resp, "2 rows read: 2 good, 0 with "
	    "problems."), "%.3000s", resp.body);
	ck_assert(response_contains(&resp, "Importing would add 2 customers "
	    "and 1 accounts"));
	ck_assert(response_contains(&resp, "You sent the file customers.csv"));
	/* A file is never put back into the text box. */
	ck_assert(!response_contains(&resp, "ann.upload@example.com"));
	response_free(&resp);
	state_unchanged(s.id, before);

	ck_assert_int_eq(upload(&s.c, s.csrf, "import", "customers.csv", good_file,
	    sizeof(good_file) - 1, &resp), 303);
	expect_see_other(&resp, "/customers/import?customers=2&accounts=1&"
	    "skipped=0");
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM customers c JOIN "
	    "accounts a ON a.customer_id = c.id WHERE c.store_id = %lld AND "
	    "c.name = 'Upload, Ann' AND c.email = 'ann.upload@example.com' AND "
	    "a.credit_limit = 25000 AND a.pay_later = 1", s.id), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM customers WHERE "
	    "store_id = %lld AND name = 'Bob Upload'", s.id), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND actor_type = 'staff' AND actor_id = %lld AND "
	    "action IN ('customer.create', 'account.create')", s.id,
	    s.admin_id), 3);
	accounts_remove(s.id);
	shop_close(&s);
}
END_TEST

START_TEST(test_bad_file)
{
	static const char	 bad[] = "name,email,credit_limit\n"
	    "Good One,,\n"
	    "Bad Mail,not-an-email,\n"
	    "Nul\0Byte,,\n"
	    "Negative,,-5\n";
	struct shop		 s;
	struct response		 resp;
	char			*before;

	shop_open(&s);
	before = store_state(s.id);
	/* A NUL in the file is a problem of its line, not of the request. */
	ck_assert_int_eq(upload(&s.c, s.csrf, "check", "bad.csv", bad, sizeof(bad) - 1,
	    &resp), 422);
	ck_assert(response_contains(&resp, "Some lines cannot be imported"));
	ck_assert(response_contains(&resp, "4 rows read: 1 good, 3 with "
	    "problems."));
	ck_assert_msg(response_contains(&resp, "<td class=\"num\">3</td><td>"
	    "email</td>"), "%.3000s", resp.body);
	ck_assert(response_contains(&resp, "<td class=\"num\">4</td><td></td>"
	    "<td>This line holds a NUL character."));
	ck_assert(response_contains(&resp, "<td class=\"num\">5</td><td>"
	    "credit_limit</td>"));
	ck_assert(response_contains(&resp, "You sent the file bad.csv"));
	response_free(&resp);
	ck_assert_int_eq(upload(&s.c, s.csrf, "import", "bad.csv", bad, sizeof(bad) - 1,
	    &resp), 422);
	ck_assert(response_contains(&resp, "Nothing was imported."));
	response_free(&resp);
	/* An empty file, and one that is not CSV at all. */
	ck_assert_int_eq(upload(&s.c, s.csrf, "import", "empty.csv", "", 0, &resp), 422);
	ck_assert(response_contains(&resp, "The file is empty"));
	response_free(&resp);
	ck_assert_int_eq(upload(&s.c, s.csrf, "import", "photo.png", "\x89PNG\r\n\x1a\n"
	    "\0\0\0\rIHDR", 16, &resp), 422);
	response_free(&resp);
	state_unchanged(s.id, before);
	shop_close(&s);
}
END_TEST

/*
 * A file of n bytes: a header naming a column that is not one (so that
 * a check stops at line 1), then lines of letters.
 */
static char *
file_of(size_t n)
{
	char	*f = malloc(n);
	size_t	 i;

	ck_assert_ptr_nonnull(f);
	memcpy(f, "colour\n", 7);
	for (i = 7; i < n; i++)
		f[i] = i % 16 == 15 ? '\n' : 'a' + (char)(i % 16);
	return f;
}

START_TEST(test_over_the_limit)
{
	struct shop	 s;
	struct response	 resp;
	char		*before, *big;

	shop_open(&s);
	before = store_state(s.id);
	/* The file alone is over the limit: Slate's own 413 page. */
	big = file_of(UPLOAD_MAX + 1);
	ck_assert_int_eq(upload(&s.c, s.csrf, "import", "big.csv", big, UPLOAD_MAX + 1,
	    &resp), 413);
	ck_assert_msg(response_contains(&resp, "The file is too large: this "
	    "page takes files of up to 16 MiB. Nothing was changed."), "%.2000s",
	    resp.body);
	response_free(&resp);
	free(big);
	/* Far over it: nginx answers without passing it on. */
	big = file_of(UPLOAD_MAX + 2 * 1024 * 1024);
	ck_assert_int_eq(upload(&s.c, s.csrf, "import", "bigger.csv", big,
	    UPLOAD_MAX + 2 * 1024 * 1024, &resp), 413);
	ck_assert(response_contains(&resp, "The file is too large"));
	response_free(&resp);
	free(big);
	/* A form without a file keeps the 1 MiB limit, here as elsewhere. */
	big = file_of(1024 * 1024 + 1);
	memcpy(big, "csv=", 4);
	ck_assert_int_eq(client_request(&s.c, "POST", "/customers/import",
	    "application/x-www-form-urlencoded", big, 1024 * 1024 + 1, &resp),
	    413);
	ck_assert(response_contains(&resp, "The request is too large."));
	response_free(&resp);
	free(big);
	state_unchanged(s.id, before);
	/* Just under the limit, a file is read and checked. */
	big = file_of(UPLOAD_MAX - 4096);
	ck_assert_int_eq(upload(&s.c, s.csrf, "check", "almost.csv", big,
	    UPLOAD_MAX - 4096, &resp), 422);
	ck_assert(response_contains(&resp, "Unknown column &quot;colour&quot;"));
	response_free(&resp);
	free(big);
	shop_close(&s);
}
END_TEST

START_TEST(test_form_rules)
{
	struct shop		 s;
	struct response		 resp;
	struct upload_form	 f;
	char			*before;

	shop_open(&s);
	before = store_state(s.id);
	/* Without the form's token, nothing happens. */
	form_begin(&f);
	form_file(&f, "c.csv", good_file, sizeof(good_file) - 1);
	form_field(&f, "action", "import");
	ck_assert_int_eq(form_post(&s.c, &f, "/customers/import", &resp), 403);
	response_free(&resp);
	form_begin(&f);
	form_field(&f, "csrf", "0000");
	form_file(&f, "c.csv", good_file, sizeof(good_file) - 1);
	form_field(&f, "action", "import");
	ck_assert_int_eq(form_post(&s.c, &f, "/customers/import", &resp), 403);
	response_free(&resp);
	/* A file and text: one or the other. */
	form_begin(&f);
	form_field(&f, "csrf", s.csrf);
	form_file(&f, "c.csv", good_file, sizeof(good_file) - 1);
	form_field(&f, "csv", "name\nPasted\n");
	form_field(&f, "action", "import");
	form_post(&s.c, &f, "/customers/import", &resp);
	ck_assert(response_contains(&resp, "aria-describedby=\"csv-error\""));
	expect_refused(&resp, "Choose a file or paste the text, not both.");
	/* Neither. */
	form_begin(&f);
	form_field(&f, "csrf", s.csrf);
	form_field(&f, "action", "import");
	form_post(&s.c, &f, "/customers/import", &resp);
	expect_refused(&resp, "Paste the CSV text here");
	state_unchanged(s.id, before);
	/* No file chosen (an empty file field) and the text: the text. */
	form_begin(&f);
	form_field(&f, "csrf", s.csrf);
	form_file(&f, "", "", 0);
	form_field(&f, "csv", "name\nPasted Person\n");
	form_field(&f, "new_codes", "1");
	form_field(&f, "action", "check");
	ck_assert_int_eq(form_post(&s.c, &f, "/customers/import", &resp), 200);
	ck_assert(response_contains(&resp, "Importing would add 1 customers"));
	ck_assert(response_contains(&resp, "spellcheck=\"false\">name\n"
	    "Pasted Person\n</textarea>"));
	response_free(&resp);
	shop_close(&s);
}
END_TEST

START_TEST(test_malformed_bodies)
{
	static const char	 cut[] = "--xyz\r\nContent-Disposition: "
	    "form-data; name=\"csrf\"\r\n\r\n%s\r\n--xyz\r\nContent-"
	    "Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
	    "name\nCut Off\n";
	static const char	 nul[] = "--xyz\r\nContent-Disposition: "
	    "form-data; name=\"a\"\r\n\r\nx\0y\r\n--xyz--\r\n";
	struct shop		 s;
	struct response		 resp;
	char			 body[512], *huge, *before;
	size_t			 n;

	shop_open(&s);
	before = store_state(s.id);
	/* No final boundary. */
	snprintf(body, sizeof(body), cut, s.csrf);
	ck_assert_int_eq(client_request(&s.c, "POST", "/customers/import",
	    "multipart/form-data; boundary=xyz", body, strlen(body), &resp),
	    400);
	ck_assert(response_contains(&resp, "The request could not be "
	    "understood."));
	response_free(&resp);
	/* No boundary. */
	ck_assert_int_eq(client_request(&s.c, "POST", "/customers/import",
	    "multipart/form-data", body, strlen(body), &resp), 400);
	response_free(&resp);
	/* A field holding a NUL. */
	ck_assert_int_eq(client_request(&s.c, "POST", "/customers/import",
	    "multipart/form-data; boundary=xyz", nul, sizeof(nul) - 1, &resp),
	    400);
	response_free(&resp);
	/* A header line over the limit. */
	huge = malloc(4096);
	ck_assert_ptr_nonnull(huge);
	n = (size_t)snprintf(huge, 4096, "--xyz\r\nX-Long: ");
	memset(huge + n, 'h', 3000);
	n += 3000;
	n += (size_t)snprintf(huge + n, 4096 - n, "\r\n\r\n--xyz--\r\n");
	ck_assert_int_eq(client_request(&s.c, "POST", "/customers/import",
	    "multipart/form-data; boundary=xyz", huge, n, &resp), 413);
	response_free(&resp);
	free(huge);
	/* Pages that take no files refuse them. */
	ck_assert_int_eq(client_request(&s.c, "POST", "/customers",
	    "multipart/form-data; boundary=xyz", "--xyz--\r\n", 9, &resp), 415);
	response_free(&resp);
	state_unchanged(s.id, before);
	shop_close(&s);
}
END_TEST

/* Sets the level of permission for the Clerks of store. */
static void
clerk_level(long long store, const char *permission, int level)
{
	sql_exec("UPDATE group_permissions SET level = %d WHERE permission = "
	    "'%s' AND group_id = %lld", level, permission,
	    shop_group_id(store, "Clerk"));
}

START_TEST(test_manager_code)
{
	static const char	 file[] = "name\nApproved Upload\n";
	struct shop		 s;
	struct client		 clerk;
	struct response		 resp;
	struct upload_form	 f;
	char			*email, *csrf, admin[24], *before;

	shop_open(&s);
	ck_assert_int_eq(shop_post(&s.c, "/profile/manager-code",
	    form_encode("csrf", s.csrf, "current_password", SHOP_PASSWORD,
	    "manager_code", ADMIN_CODE, "confirm_code", ADMIN_CODE, "do",
	    "set", NULL), NULL), 303);
	snprintf(admin, sizeof(admin), "%lld", s.admin_id);
	email = itest_email("upload-clerk");
	shop_staff_add(s.code, email, "Clerk");
	shop_sign_in(&clerk, email, SHOP_PASSWORD, &csrf);
	clerk_level(s.id, "add_account", 2);

	before = store_state(s.id);
	ck_assert_int_eq(upload(&clerk, csrf, "import", "a.csv", file,
	    sizeof(file) - 1, &resp), 422);
	expect_refused(&resp, "Choose the manager who approves this.");
	form_begin(&f);
	form_field(&f, "csrf", csrf);
	form_file(&f, "a.csv", file, sizeof(file) - 1);
	form_field(&f, "action", "import");
	form_field(&f, "manager_id", admin);
	form_field(&f, "manager_code", "0000");
	form_post(&clerk, &f, "/customers/import", &resp);
	ck_assert_int_eq(resp.status, 422);
	response_free(&resp);
	state_unchanged(s.id, before);
	/* Checking changes nothing and needs no code. */
	ck_assert_int_eq(upload(&clerk, csrf, "check", "a.csv", file,
	    sizeof(file) - 1, &resp), 200);
	response_free(&resp);

	form_begin(&f);
	form_field(&f, "csrf", csrf);
	form_file(&f, "a.csv", file, sizeof(file) - 1);
	form_field(&f, "action", "import");
	form_field(&f, "manager_id", admin);
	form_field(&f, "manager_code", ADMIN_CODE);
	ck_assert_int_eq(form_post(&clerk, &f, "/customers/import", &resp),
	    303);
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "store_id = %lld AND action = 'customer.create' AND approver_id = "
	    "%lld", s.id, s.admin_id), 1);
	client_free(&clerk);
	free(csrf);
	free(email);
	shop_close(&s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("upload");
	TCase	*tc = itest_tcase("upload");
	int	 rc;

	shop_begin();
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_check_then_import);
	tcase_add_test(tc, test_bad_file);
	tcase_add_test(tc, test_over_the_limit);
	tcase_add_test(tc, test_form_rules);
	tcase_add_test(tc, test_malformed_bodies);
	tcase_add_test(tc, test_manager_code);
	suite_add_tcase(s, tc);
	rc = itest_run(s);
	if (shop_cleanup() == -1)
		rc = EXIT_FAILURE;
	return rc;
}
