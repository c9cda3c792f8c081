/* client.c: what the integration tests share: HTTP, SQL and slatectl. */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <curl/curl.h>
#include <mysql.h>

#include "client.h"

#define MAX_ARGS	32

/* This run's tag, set in the parent before Check forks the tests. */
static char	 run_tag[32];

/* A growing byte buffer for curl's callbacks. */
struct sink {
	char	*data;
	size_t	 len;
};

static void
sink_add(struct sink *s, const char *p, size_t n)
{
	char	*d;

	d = realloc(s->data, s->len + n + 1);
	ck_assert_msg(d != NULL, "out of memory");
	memcpy(d + s->len, p, n);
	s->len += n;
	d[s->len] = '\0';
	s->data = d;
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	sink_add(arg, p, size * n);
	return size * n;
}

/* Keeps the headers of the last response only (after a 100 Continue). */
static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct sink	*s = arg;

	if (size * n >= 5 && strncmp(p, "HTTP/", 5) == 0)
		s->len = 0;
	sink_add(s, p, size * n);
	return size * n;
}

static char *
xstrdup(const char *s)
{
	char	*d = strdup(s);

	ck_assert_msg(d != NULL, "out of memory");
	return d;
}

static char *
xstrndup(const char *s, size_t n)
{
	char	*d = strndup(s, n);

	ck_assert_msg(d != NULL, "out of memory");
	return d;
}

double
now_seconds(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *
itest_url(void)
{
	static char	 url[256];
	const char	*v = getenv("SLATE_URL");
	size_t		 n;

	if (url[0] != '\0')
		return url;
	ck_assert_msg(v != NULL && *v != '\0', "SLATE_URL is not set");
	snprintf(url, sizeof(url), "%s", v);
	n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		url[--n] = '\0';
	return url;
}

void
client_init(struct client *c)
{
	memset(c, 0, sizeof(*c));
	c->curl = curl_easy_init();
	ck_assert_msg(c->curl != NULL, "curl_easy_init failed");
}

void
client_free(struct client *c)
{
	if (c->curl != NULL)
		curl_easy_cleanup(c->curl);
	memset(c, 0, sizeof(*c));
}

const char *
client_cookie(const struct client *c, const char *name)
{
	size_t	 i;

	for (i = 0; i < c->ncookies; i++)
		if (strcmp(c->cookies[i].name, name) == 0)
			return c->cookies[i].value;
	return NULL;
}

void
client_set_cookie(struct client *c, const char *name, const char *value)
{
	size_t	 i;

	for (i = 0; i < c->ncookies; i++)
		if (strcmp(c->cookies[i].name, name) == 0)
			break;
	if (value == NULL) {
		if (i < c->ncookies) {
			c->cookies[i] = c->cookies[c->ncookies - 1];
			c->ncookies--;
		}
		return;
	}
	if (i == c->ncookies) {
		ck_assert_msg(c->ncookies < CLIENT_MAX_COOKIES,
		    "too many cookies");
		c->ncookies++;
	}
	ck_assert_msg(strlen(name) < sizeof(c->cookies[i].name) &&
	    strlen(value) < sizeof(c->cookies[i].value),
	    "cookie %s is longer than the jar takes", name);
	snprintf(c->cookies[i].name, sizeof(c->cookies[i].name), "%s", name);
	snprintf(c->cookies[i].value, sizeof(c->cookies[i].value), "%s",
	    value);
}

/* Takes the response's Set-Cookie headers into the jar. */
static void
client_take_cookies(struct client *c, const struct response *resp)
{
	const char	*p = resp->head, *eol, *v, *eq, *semi;
	char		 name[64], *line;

	while (p != NULL && *p != '\0') {
		eol = strstr(p, "\r\n");
		if (eol == NULL)
			eol = p + strlen(p);
		if (strncasecmp(p, "Set-Cookie:", 11) == 0) {
			line = xstrndup(p, (size_t)(eol - p));
			v = line + 11;
			while (*v == ' ')
				v++;
			eq = strchr(v, '=');
			semi = strchr(v, ';');
			if (semi == NULL)
				semi = v + strlen(v);
			if (eq != NULL && eq < semi &&
			    (size_t)(eq - v) < sizeof(name)) {
				memcpy(name, v, (size_t)(eq - v));
				name[eq - v] = '\0';
				if (cookie_has_attr(v, "Max-Age=0")) {
					client_set_cookie(c, name, NULL);
				} else {
					char	*val = xstrndup(eq + 1,
					    (size_t)(semi - eq - 1));

					client_set_cookie(c, name, val);
					free(val);
				}
			}
			free(line);
		}
		p = *eol != '\0' ? eol + 2 : eol;
	}
}

long
client_request(struct client *c, const char *method, const char *path,
    const char *content_type, const char *body, size_t len,
    struct response *resp)
{
	struct sink		 head = { 0 }, data = { 0 };
	struct curl_slist	*hdrs = NULL;
	char			 url[2048], line[512], *cookies = NULL;
	size_t			 i, n = 0;
	CURLcode		 rc;

	memset(resp, 0, sizeof(*resp));
	snprintf(url, sizeof(url), "%s%s", itest_url(), path);
	curl_easy_reset(c->curl);
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, &data);
	curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, &head);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c->curl, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0)
		curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, method);
	if (body != NULL) {
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)len);
	}
	/* curl sends a form type on its own; say exactly what the test wants. */
	snprintf(line, sizeof(line), "Content-Type:%s%s",
	    content_type != NULL ? " " : "",
	    content_type != NULL ? content_type : "");
	hdrs = curl_slist_append(hdrs, line);
	hdrs = curl_slist_append(hdrs, "Expect:");
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, hdrs);
	for (i = 0; i < c->ncookies; i++)
		n += strlen(c->cookies[i].name) +
		    strlen(c->cookies[i].value) + 3;
	if (n > 0) {
		cookies = calloc(1, n + 1);
		ck_assert_msg(cookies != NULL, "out of memory");
		for (i = 0; i < c->ncookies; i++) {
			if (i > 0)
				strcat(cookies, "; ");
			strcat(cookies, c->cookies[i].name);
			strcat(cookies, "=");
			strcat(cookies, c->cookies[i].value);
		}
		curl_easy_setopt(c->curl, CURLOPT_COOKIE, cookies);
	}
	rc = curl_easy_perform(c->curl);
	curl_slist_free_all(hdrs);
	free(cookies);
	ck_assert_msg(rc == CURLE_OK, "%s %s: %s", method, url,
	    curl_easy_strerror(rc));
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &resp->status);
	curl_easy_getinfo(c->curl, CURLINFO_TOTAL_TIME, &resp->seconds);
	if (head.data == NULL)
		sink_add(&head, "", 0);
	if (data.data == NULL)
		sink_add(&data, "", 0);
	resp->head = head.data;
	resp->headlen = head.len;
	resp->body = data.data;
	resp->bodylen = data.len;
	client_take_cookies(c, resp);
	return resp->status;
}

long
client_get(struct client *c, const char *path, struct response *resp)
{
	return client_request(c, "GET", path, NULL, NULL, 0, resp);
}

long
client_post(struct client *c, const char *path, const char *form,
    struct response *resp)
{
	return client_request(c, "POST", path,
	    "application/x-www-form-urlencoded", form, strlen(form), resp);
}

void
response_free(struct response *resp)
{
	free(resp->head);
	free(resp->body);
	memset(resp, 0, sizeof(*resp));
}

/* The nth value (from 0) of a header called name, in a new string, or NULL. */
static char *
header_nth(const struct response *resp, const char *name, size_t nth)
{
	const char	*p = resp->head, *eol, *v, *end;
	size_t		 namelen = strlen(name), seen = 0;

	while (p != NULL && *p != '\0') {
		eol = strstr(p, "\r\n");
		if (eol == NULL)
			eol = p + strlen(p);
		if ((size_t)(eol - p) > namelen && p[namelen] == ':' &&
		    strncasecmp(p, name, namelen) == 0 && seen++ == nth) {
			v = p + namelen + 1;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			end = eol;
			while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
				end--;
			return xstrndup(v, (size_t)(end - v));
		}
		p = *eol != '\0' ? eol + 2 : eol;
	}
	return NULL;
}

char *
response_header(const struct response *resp, const char *name)
{
	return header_nth(resp, name, 0);
}

size_t
response_header_count(const struct response *resp, const char *name)
{
	size_t	 n = 0;
	char	*v;

	while ((v = header_nth(resp, name, n)) != NULL) {
		free(v);
		n++;
	}
	return n;
}

char *
response_set_cookie(const struct response *resp, const char *name)
{
	size_t	 i, n = strlen(name);
	char	*v;

	for (i = 0; (v = header_nth(resp, "Set-Cookie", i)) != NULL; i++) {
		if (strncmp(v, name, n) == 0 && v[n] == '=')
			return v;
		free(v);
	}
	return NULL;
}

int
cookie_has_attr(const char *set_cookie, const char *attr)
{
	const char	*p = strchr(set_cookie, ';'), *end;
	size_t		 n, alen = strlen(attr);
	int		 name_only = strchr(attr, '=') == NULL;

	while (p != NULL) {
		p++;
		while (*p == ' ')
			p++;
		end = strchr(p, ';');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (name_only) {
			if ((n == alen || (n > alen && p[alen] == '=')) &&
			    strncasecmp(p, attr, alen) == 0)
				return 1;
		} else if (n == alen && strncasecmp(p, attr, alen) == 0)
			return 1;
		p = end;
	}
	return 0;
}

int
response_contains(const struct response *resp, const char *s)
{
	return resp->body != NULL && strstr(resp->body, s) != NULL;
}

/* The value of attribute attr="..." within the tag [tag, end), or NULL. */
static char *
tag_attr(const char *tag, const char *end, const char *attr)
{
	char		 pat[80];
	const char	*p, *q;

	snprintf(pat, sizeof(pat), " %s=\"", attr);
	for (p = tag; p < end; p++) {
		if (strncmp(p, pat, strlen(pat)) != 0)
			continue;
		p += strlen(pat);
		if ((q = memchr(p, '"', (size_t)(end - p))) == NULL)
			return NULL;
		return xstrndup(p, (size_t)(q - p));
	}
	return NULL;
}

char *
html_input_value(const char *html, const char *name)
{
	const char	*p = html, *end;
	char		*n, *v;

	while ((p = strstr(p, "<input")) != NULL) {
		if ((end = strchr(p, '>')) == NULL)
			return NULL;
		n = tag_attr(p, end, "name");
		if (n != NULL && strcmp(n, name) == 0) {
			free(n);
			v = tag_attr(p, end, "value");
			return v != NULL ? v : xstrdup("");
		}
		free(n);
		p = end;
	}
	return NULL;
}

char *
form_encode(const char *name, ...)
{
	struct sink	 s = { 0 };
	va_list		 ap;
	const char	*k, *v;
	char		*ek, *ev;

	sink_add(&s, "", 0);
	va_start(ap, name);
	for (k = name; k != NULL; k = va_arg(ap, const char *)) {
		v = va_arg(ap, const char *);
		ek = curl_easy_escape(NULL, k, 0);
		ev = curl_easy_escape(NULL, v != NULL ? v : "", 0);
		ck_assert_msg(ek != NULL && ev != NULL, "out of memory");
		if (s.len > 0)
			sink_add(&s, "&", 1);
		sink_add(&s, ek, strlen(ek));
		sink_add(&s, "=", 1);
		sink_add(&s, ev, strlen(ev));
		curl_free(ek);
		curl_free(ev);
	}
	va_end(ap);
	return s.data;
}

long
client_sign_in(struct client *c, const char *email, const char *password,
    const char *next, struct response *out)
{
	struct response	 resp;
	const char	*csrf;
	char		*form;
	long		 status;

	ck_assert_int_eq(client_get(c, "/login", &resp), 200);
	response_free(&resp);
	csrf = client_cookie(c, "slate_login");
	ck_assert_msg(csrf != NULL, "GET /login set no slate_login cookie");
	if (next != NULL)
		form = form_encode("csrf", csrf, "email", email,
		    "password", password, "next", next, NULL);
	else
		form = form_encode("csrf", csrf, "email", email,
		    "password", password, NULL);
	status = client_post(c, "/login", form, &resp);
	free(form);
	if (out != NULL)
		*out = resp;
	else
		response_free(&resp);
	return status;
}

void
client_sign_in_ok(struct client *c, const char *email, const char *password)
{
	struct response	 resp;
	char		*cookie;

	ck_assert_int_eq(client_sign_in(c, email, password, NULL, &resp), 303);
	cookie = response_set_cookie(&resp, "slate_session");
	ck_assert_msg(cookie != NULL, "signing in as %s set no session", email);
	free(cookie);
	response_free(&resp);
}

char *
client_session_csrf(struct client *c)
{
	struct response	 resp;
	char		*csrf;

	ck_assert_int_eq(client_get(c, "/dashboard", &resp), 200);
	csrf = html_input_value(resp.body, "csrf");
	ck_assert_msg(csrf != NULL, "the dashboard has no csrf field");
	ck_assert_uint_eq(strlen(csrf), 64);
	response_free(&resp);
	return csrf;
}

/* ------------------------------------------------------------ test data */

/* Marks the start of a run, before Check forks the tests. */
static void
itest_begin(void)
{
	snprintf(run_tag, sizeof(run_tag), "%lx%lx", (long)time(NULL),
	    (long)getpid());
	curl_global_init(CURL_GLOBAL_DEFAULT);
	signal(SIGPIPE, SIG_IGN);
}

char *
itest_email(const char *what)
{
	static unsigned	 n;
	char		 buf[200];

	ck_assert_msg(run_tag[0] != '\0', "itest_begin was not called");
	snprintf(buf, sizeof(buf), "itest-%s-%ld-%u-%s@example.com", run_tag,
	    (long)getpid(), ++n, what);
	return xstrdup(buf);
}

char *
itest_name(const char *what)
{
	static unsigned	 n;
	char		 buf[200];

	snprintf(buf, sizeof(buf), "%s %ld%u", what, (long)getpid(), ++n);
	return xstrdup(buf);
}

/* Runs slatectl with a NULL-terminated argument vector. */
static int
slatectl_argv(const char *input, char **out, char **err, char *const argv[])
{
	char		 path[1024], buf[4096];
	const char	*build = getenv("SLATE_BUILD");
	FILE		*fo, *fe;
	int		 in[2], status;
	size_t		 n;
	ssize_t		 w;
	pid_t		 pid;

	if (build == NULL || *build == '\0')
		build = "build";
	snprintf(path, sizeof(path), "%s/slatectl", build);
	fo = tmpfile();
	fe = tmpfile();
	ck_assert_msg(fo != NULL && fe != NULL && pipe(in) == 0,
	    "cannot set up slatectl's files: %s", strerror(errno));
	fflush(NULL);
	pid = fork();
	ck_assert_msg(pid != -1, "fork: %s", strerror(errno));
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		dup2(in[0], 0);
		dup2(fileno(fo), 1);
		dup2(fileno(fe), 2);
		close(in[0]);
		close(in[1]);
		execv(path, argv);
		fprintf(stderr, "cannot run %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(in[0]);
	/* slatectl may stop before reading: SIGPIPE is ignored (itest_begin). */
	if (input != NULL) {
		n = strlen(input);
		while (n > 0 && (w = write(in[1], input, n)) > 0) {
			input += w;
			n -= (size_t)w;
		}
	}
	close(in[1]);
	while (waitpid(pid, &status, 0) == -1)
		ck_assert_msg(errno == EINTR, "waitpid: %s", strerror(errno));
	if (out != NULL) {
		struct sink	 s = { 0 };

		sink_add(&s, "", 0);
		rewind(fo);
		while ((n = fread(buf, 1, sizeof(buf), fo)) > 0)
			sink_add(&s, buf, n);
		*out = s.data;
	}
	if (err != NULL) {
		struct sink	 s = { 0 };

		sink_add(&s, "", 0);
		rewind(fe);
		while ((n = fread(buf, 1, sizeof(buf), fe)) > 0)
			sink_add(&s, buf, n);
		*err = s.data;
	}
	fclose(fo);
	fclose(fe);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int
itest_slatectl(const char *input, char **out, char **err, const char *arg,
    ...)
{
	char		*argv[MAX_ARGS];
	const char	*a;
	va_list		 ap;
	size_t		 n = 0;

	argv[n++] = (char *)"slatectl";
	va_start(ap, arg);
	for (a = arg; a != NULL; a = va_arg(ap, const char *)) {
		ck_assert_msg(n < MAX_ARGS - 1, "too many arguments");
		argv[n++] = (char *)a;
	}
	va_end(ap);
	argv[n] = NULL;
	return slatectl_argv(input, out, err, argv);
}

void
itest_staff_add(const char *email, const char *name, const char *group,
    const char *password)
{
	char	*store, *input, *out = NULL, *err = NULL;
	int	 rc;

	store = sql_str("SELECT code FROM stores ORDER BY id LIMIT 1");
	ck_assert_msg(store != NULL, "the instance has no store");
	ck_assert(asprintf(&input, "%s\n", password) != -1);
	rc = itest_slatectl(input, &out, &err, "staff", "add", "--email",
	    email, "--name", name, "--group", group, "--store", store, NULL);
	ck_assert_msg(rc == 0, "slatectl staff add %s exited %d: %s", email,
	    rc, err);
	ck_assert_msg(strstr(out, email) != NULL,
	    "slatectl staff add printed '%s', not the email", out);
	free(store);
	free(input);
	free(out);
	free(err);
}

void
itest_ledger_check(void)
{
	char	*out = NULL, *err = NULL;
	int	 rc;

	rc = itest_slatectl(NULL, &out, &err, "check", NULL);
	ck_assert_msg(rc == 0, "slatectl check exited %d:\n%s%s", rc, out,
	    err);
	free(out);
	free(err);
}

static void
itest_setup(void)
{
	throttle_reset();
}

TCase *
itest_tcase(const char *name)
{
	TCase	*tc = tcase_create(name);

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, itest_setup, NULL);
	return tc;
}

int
itest_run(Suite *s)
{
	SRunner	*sr;
	int	 failed;

	itest_begin();
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (itest_cleanup() == -1)
		failed++;
	curl_global_cleanup();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

void
throttle_reset(void)
{
	sql_exec("DELETE FROM auth_throttle");
}

/* ------------------------------------------------------------ SQL */

/*
 * Connects to the instance's database, or returns NULL with the reason
 * in err. Calls nothing of Check's: itest_cleanup runs outside tests.
 */
static MYSQL *
db_open(char *err, size_t errlen)
{
	const char	*sock = getenv("SLATE_DB_SOCKET");
	const char	*name = getenv("SLATE_DB_NAME");
	const char	*user = getenv("SLATE_DB_USER");
	const char	*pass = getenv("SLATE_DB_PASSWORD");
	const char	*cnf = getenv("SLATE_MYCNF");
	MYSQL		*m;

	if ((m = mysql_init(NULL)) == NULL) {
		snprintf(err, errlen, "mysql_init failed");
		return NULL;
	}
	if (cnf != NULL && *cnf != '\0') {
		mysql_options(m, MYSQL_READ_DEFAULT_FILE, cnf);
		mysql_options(m, MYSQL_READ_DEFAULT_GROUP, "client");
	}
	mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (mysql_real_connect(m, NULL,
	    user != NULL && *user != '\0' ? user : "root",
	    pass != NULL ? pass : "",
	    name != NULL && *name != '\0' ? name : "slate", 0,
	    sock != NULL && *sock != '\0' ? sock : NULL, 0) == NULL) {
		snprintf(err, errlen, "%s", mysql_error(m));
		mysql_close(m);
		return NULL;
	}
	return m;
}

struct st_mysql *
sql_connection(char *err, size_t errlen)
{
	return db_open(err, errlen);
}

/* A new connection for each statement: Check runs tests in forked processes. */
static MYSQL *
sql_connect(void)
{
	char	 err[512];
	MYSQL	*m;

	if ((m = db_open(err, sizeof(err))) == NULL)
		ck_abort_msg("cannot connect to the database: %s", err);
	return m;
}

/* Runs the query fmt makes; returns the connection for reading results. */
static MYSQL	*sql_run(const char *fmt, va_list ap)
		    __attribute__((format(printf, 1, 0)));

static MYSQL *
sql_run(const char *fmt, va_list ap)
{
	char	*sql;
	MYSQL	*m;

	ck_assert(vasprintf(&sql, fmt, ap) != -1);
	m = sql_connect();
	if (mysql_query(m, sql) != 0) {
		char	 msg[512];

		snprintf(msg, sizeof(msg), "%s", mysql_error(m));
		mysql_close(m);
		ck_abort_msg("SQL failed: %s: %s", sql, msg);
	}
	free(sql);
	return m;
}

void
sql_exec(const char *fmt, ...)
{
	MYSQL_RES	*res;
	va_list		 ap;
	MYSQL		*m;

	va_start(ap, fmt);
	m = sql_run(fmt, ap);
	va_end(ap);
	if ((res = mysql_store_result(m)) != NULL)
		mysql_free_result(res);
	mysql_close(m);
}

int
sql_try(const char *fmt, ...)
{
	MYSQL_RES	*res;
	va_list		 ap;
	MYSQL		*m;
	char		*sql;
	int		 rc = 0;

	va_start(ap, fmt);
	ck_assert(vasprintf(&sql, fmt, ap) != -1);
	va_end(ap);
	m = sql_connect();
	if (mysql_query(m, sql) != 0)
		rc = -1;
	else if ((res = mysql_store_result(m)) != NULL)
		mysql_free_result(res);
	mysql_close(m);
	free(sql);
	return rc;
}

/* The first column of the first row, or NULL. */
static char *
sql_first(MYSQL *m)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	char		*v = NULL;

	res = mysql_store_result(m);
	ck_assert_msg(res != NULL, "the query returned no result set");
	if ((row = mysql_fetch_row(res)) != NULL)
		v = xstrdup(row[0] != NULL ? row[0] : "");
	mysql_free_result(res);
	mysql_close(m);
	return v;
}

long long
sql_long(const char *fmt, ...)
{
	va_list		 ap;
	char		*v, *end;
	long long	 n;

	va_start(ap, fmt);
	v = sql_first(sql_run(fmt, ap));
	va_end(ap);
	ck_assert_msg(v != NULL, "the query returned no row");
	errno = 0;
	n = strtoll(v, &end, 10);
	ck_assert_msg(errno == 0 && end != v && *end == '\0',
	    "'%s' is not a number", v);
	free(v);
	return n;
}

char *
sql_str(const char *fmt, ...)
{
	va_list	 ap;
	char	*v;

	va_start(ap, fmt);
	v = sql_first(sql_run(fmt, ap));
	va_end(ap);
	return v;
}

int
sql_plain(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\'' || *s == '\\' || !isprint((unsigned char)*s))
			return 0;
	return 1;
}

int
itest_cleanup(void)
{
	char		 sessions[256], members[256], staff[256], err[512];
	const char	*sql[] = { sessions, members, staff,
	    "DELETE FROM auth_throttle" };
	MYSQL_RES	*res;
	MYSQL		*m;
	size_t		 i;
	int		 rc = 0;

	if (run_tag[0] == '\0')
		return 0;
	snprintf(sessions, sizeof(sessions), "DELETE s FROM sessions s "
	    "JOIN staff st ON st.id = s.staff_id "
	    "WHERE st.email LIKE 'itest-%s-%%'", run_tag);
	snprintf(members, sizeof(members), "DELETE ss FROM staff_stores ss "
	    "JOIN staff st ON st.id = ss.staff_id "
	    "WHERE st.email LIKE 'itest-%s-%%'", run_tag);
	snprintf(staff, sizeof(staff), "DELETE FROM staff "
	    "WHERE email LIKE 'itest-%s-%%'", run_tag);
	if ((m = db_open(err, sizeof(err))) == NULL) {
		fprintf(stderr, "cleanup: cannot connect to the database: "
		    "%s\n", err);
		return -1;
	}
	for (i = 0; i < sizeof(sql) / sizeof(sql[0]) && rc == 0; i++) {
		if (mysql_query(m, sql[i]) != 0) {
			fprintf(stderr, "cleanup: %s: %s\n", sql[i],
			    mysql_error(m));
			rc = -1;
		} else if ((res = mysql_store_result(m)) != NULL)
			mysql_free_result(res);
	}
	mysql_close(m);
	return rc;
}
