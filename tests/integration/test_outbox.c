/*
 * test_outbox.c: statements' mail through the outbox: queueing from the
 * frozen rows, delivery with a capturing sendmail, re-sending the same
 * content, a failing sendmail and its retries, giving up, two senders at
 * once, no address.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <openssl/evp.h>

#include "client.h"
#include "shop.h"
#include "../../cgi/config.h"
#include "db.h"
#include "outbox.h"

#define MAX_MAILS	64

/* A store of the test's own with one account, a database handle and a mail directory. */
struct fix {
	char		 code[17];
	long long	 store;
	long long	 account;
	struct config	 cfg;
	struct db	*db;
	char		 dir[64];	/* where capture-mail keeps messages */
	char		 fail[128];	/* a sendmail that always fails */
};

/* What one queueing transaction is asked and gives. */
struct queue_job {
	struct fix	*f;
	long long	 store;
	long long	 statement;
	int64_t		 outbox_id;
};

/* Writes an executable shell script of body at path. */
static void
script_write(const char *path, const char *body)
{
	FILE	*fp;

	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fprintf(fp, "#!/bin/sh\n%s\n", body);
	fclose(fp);
	ck_assert_int_eq(chmod(path, 0755), 0);
}

/* Points slatectl's sendmail at capture-mail (ok) or at the failing script. */
static void
use_sendmail(const struct fix *f, int ok)
{
	char		 cmd[1024];
	const char	*src = getenv("SLATE_SRC");

	if (ok)
		snprintf(cmd, sizeof(cmd), "%s/tests/integration/capture-mail "
		    "-t -oi", src != NULL ? src : ".");
	else
		snprintf(cmd, sizeof(cmd), "%s -t -oi", f->fail);
	ck_assert_int_eq(setenv("SLATE_SENDMAIL", cmd, 1), 0);
}

static void
fix_open(struct fix *f)
{
	char	*out = NULL, *err = NULL, *nl, path[1024];
	int	 rc;

	memset(f, 0, sizeof(*f));
	f->store = shop_store_new(f->code);
	rc = itest_slatectl(NULL, &out, &err, "customer", "add", "--name",
	    "Outbox Customer", "--store", f->code, NULL);
	ck_assert_msg(rc == 0, "customer add: %s", err);
	if ((nl = strchr(out, '\n')) != NULL)
		*nl = '\0';
	free(err);
	err = NULL;
	rc = itest_slatectl(NULL, NULL, &err, "account", "add", "--customer",
	    out, "--store", f->code, NULL);
	ck_assert_msg(rc == 0, "account add: %s", err);
	free(out);
	free(err);
	f->account = sql_long("SELECT id FROM accounts WHERE store_id = %lld",
	    f->store);
	strcpy(f->dir, "/tmp/slate-outbox-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(f->dir));
	snprintf(f->fail, sizeof(f->fail), "%s/tempfail", f->dir);
	script_write(f->fail, "cat >/dev/null\nexit 75");
	snprintf(path, sizeof(path), "%s/mail", f->dir);
	ck_assert_int_eq(setenv("SLATE_MAIL_DIR", path, 1), 0);
	use_sendmail(f, 1);
	ck_assert_int_eq(config_load(&f->cfg), 0);
	f->db = db_open(&f->cfg);
	ck_assert_ptr_nonnull(f->db);
	ck_assert_int_eq(db_ready(f->db), DB_OK);
}

/* Removes the test's statements and mail (rows it made itself) and its files. */
static void
fix_close(struct fix *f)
{
	char		 path[1024];
	struct dirent	*e;
	DIR		*d;

	sql_exec("DELETE a FROM outbox_attempts a JOIN outbox o ON "
	    "o.id = a.outbox_id WHERE o.store_id = %lld", f->store);
	sql_exec("DELETE FROM outbox WHERE store_id = %lld", f->store);
	sql_exec("DELETE l FROM statement_lines l JOIN statements s ON "
	    "s.id = l.statement_id WHERE s.store_id = %lld", f->store);
	sql_exec("DELETE i FROM statement_open_items i JOIN statements s ON "
	    "s.id = i.statement_id WHERE s.store_id = %lld", f->store);
	sql_exec("DELETE FROM statements WHERE store_id = %lld", f->store);
	db_close(f->db);
	snprintf(path, sizeof(path), "%s/mail", f->dir);
	if ((d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL)
			if (e->d_name[0] != '.') {
				snprintf(path, sizeof(path), "%s/mail/%s",
				    f->dir, e->d_name);
				unlink(path);
			}
		closedir(d);
		snprintf(path, sizeof(path), "%s/mail", f->dir);
		rmdir(path);
	}
	unlink(f->fail);
	rmdir(f->dir);
}

/*
 * Inserts a frozen statement of the account ending on period_end with
 * two lines and one open sale, sent to email ('' for none). Returns its id.
 */
static long long
statement_add(struct fix *f, const char *number, const char *period_end,
    const char *email)
{
	long long	 id;

	sql_exec("INSERT INTO statements (store_id, account_id, number, "
	    "period_start, period_end, issued_at, last_entry_id, currency, "
	    "opening_balance, total_debits, total_credits, closing_balance, "
	    "amount_due, due_on, age_current, age_1_30, age_31_60, age_61_90, "
	    "age_over_90, account_number, customer_code, customer_name, email, "
	    "store_name, bank_account_holder, bank_iban, bank_bic, bank_name) "
	    "VALUES (%lld, %lld, '%s', DATE_SUB('%s', INTERVAL 29 DAY), '%s', "
	    "UTC_TIMESTAMP(6), 0, 'EUR', -1000, 1200, 500, -1700, 1700, "
	    "DATE_ADD('%s', INTERVAL 14 DAY), 1200, 500, 0, 0, 0, 'A000001', "
	    "'C000001', 'Zo\xc3\xab Brown & <Co>', '%s', "
	    "'B\xc3\xa4" "ckerei M\xc3\xbcller', 'B\xc3\xa4" "ckerei GmbH', "
	    "'DE89370400440532013000', 'COBADEFFXXX', 'Commerzbank')",
	    f->store, f->account, number, period_end, period_end, period_end,
	    email);
	id = sql_long("SELECT id FROM statements WHERE store_id = %lld AND "
	    "number = '%s'", f->store, number);
	sql_exec("INSERT INTO statement_lines (statement_id, line_no, entry_id, "
	    "entry_number, posted_on, kind, reference, amount, balance_after) "
	    "VALUES (%lld, 1, 1, 'E000101', DATE_SUB('%s', INTERVAL 20 DAY), "
	    "'sale', 'R-1001', -1200, -2200), (%lld, 2, 2, 'E000140', "
	    "DATE_SUB('%s', INTERVAL 5 DAY), 'settlement', '=SUM(A1)', 500, "
	    "-1700)", id, period_end, id, period_end);
	sql_exec("INSERT INTO statement_open_items (statement_id, line_no, "
	    "entry_number, posted_on, due_on, amount, open_amount, "
	    "days_overdue) VALUES (%lld, 1, 'E000101', DATE_SUB('%s', "
	    "INTERVAL 20 DAY), '%s', 1200, 1200, 0)", id, period_end,
	    period_end);
	return id;
}

static int
queue_tx(struct db *db, void *arg)
{
	struct queue_job	*j = arg;

	return outbox_queue_statement(db, &j->f->cfg, j->store, j->statement,
	    0, &j->outbox_id);
}

/* Queues the statement's mail as part "send again" or the run does. Returns the result. */
static int
queue(struct fix *f, long long store, long long statement, int64_t *id)
{
	struct queue_job	 j = { f, store, statement, 0 };
	int			 rc;

	rc = db_transaction(f->db, queue_tx, &j);
	if (id != NULL)
		*id = j.outbox_id;
	return rc;
}

/* Runs slatectl outbox deliver for the fixture's store; returns what it printed. */
static char *
deliver(struct fix *f)
{
	char	*out = NULL, *err = NULL, *nl;
	int	 rc;

	rc = itest_slatectl(NULL, &out, &err, "outbox", "deliver", "--store",
	    f->code, NULL);
	ck_assert_msg(rc == 0, "outbox deliver exited %d: %s", rc, err);
	free(err);
	if ((nl = strchr(out, '\n')) != NULL)
		*nl = '\0';
	return out;
}

/* Expects deliver to print want. */
static void
deliver_expect(struct fix *f, const char *want)
{
	char	*out = deliver(f);

	ck_assert_str_eq(out, want);
	free(out);
}

/* Reads every captured message, oldest first by name, into mails; returns how many. */
static size_t
mails_read(const struct fix *f, char *mails[MAX_MAILS])
{
	struct dirent	**names;
	char		  path[1024];
	FILE		 *fp;
	long		  len;
	size_t		  n = 0;
	int		  i, count;

	snprintf(path, sizeof(path), "%s/mail", f->dir);
	if ((count = scandir(path, &names, NULL, alphasort)) < 0)
		return 0;
	for (i = 0; i < count; i++) {
		if (strstr(names[i]->d_name, ".eml") != NULL &&
		    names[i]->d_name[0] != '.' && n < MAX_MAILS) {
			snprintf(path, sizeof(path), "%s/mail/%s", f->dir,
			    names[i]->d_name);
			ck_assert_ptr_nonnull(fp = fopen(path, "rb"));
			fseek(fp, 0, SEEK_END);
			len = ftell(fp);
			rewind(fp);
			mails[n] = calloc(1, (size_t)len + 1);
			ck_assert_uint_eq(fread(mails[n], 1, (size_t)len, fp),
			    (size_t)len);
			fclose(fp);
			n++;
		}
		free(names[i]);
	}
	free(names);
	return n;
}

static void
mails_free(char *mails[], size_t n)
{
	while (n > 0)
		free(mails[--n]);
}

/* The body of the part after "--boundary" whose headers hold want, in a new string. */
static char *
part_of(const char *msg, const char *boundary, const char *want)
{
	char		 delim[128];
	const char	*p = msg, *h, *body, *end;

	snprintf(delim, sizeof(delim), "\r\n--%s\r\n", boundary);
	while ((p = strstr(p, delim)) != NULL) {
		h = p + strlen(delim);
		ck_assert_ptr_nonnull(body = strstr(h, "\r\n\r\n"));
		p = h;
		if (strstr(h, want) == NULL || strstr(h, want) > body)
			continue;
		body += 4;
		snprintf(delim, sizeof(delim), "\r\n--%s", boundary);
		ck_assert_ptr_nonnull(end = strstr(body, delim));
		return strndup(body, (size_t)(end - body) + 2);
	}
	ck_abort_msg("no part with %s", want);
	return NULL;
}

/* Decodes quoted-printable text into a new string. */
static char *
qp_decode(const char *s)
{
	char	*out = malloc(strlen(s) + 1), *o = out, hex[3] = { 0 };

	for (; *s != '\0'; s++) {
		if (s[0] == '=' && s[1] == '\r' && s[2] == '\n')
			s += 2;
		else if (s[0] == '=' && s[1] != '\0' && s[2] != '\0') {
			memcpy(hex, s + 1, 2);
			*o++ = (char)strtol(hex, NULL, 16);
			s += 2;
		} else
			*o++ = *s;
	}
	*o = '\0';
	return out;
}

/* Decodes base64 lines into a new string. */
static char *
b64_decode(const char *s)
{
	char		*clean = malloc(strlen(s) + 1), *c = clean;
	unsigned char	*out;
	int		 n, pad;

	for (; *s != '\0'; s++)
		if (*s != '\r' && *s != '\n')
			*c++ = *s;
	*c = '\0';
	n = (int)strlen(clean);
	out = malloc((size_t)n + 1);
	ck_assert_int_ge(EVP_DecodeBlock(out, (unsigned char *)clean, n), 0);
	pad = (n > 0 && clean[n - 1] == '=') + (n > 1 && clean[n - 2] == '=');
	out[n / 4 * 3 - pad] = '\0';
	free(clean);
	return (char *)out;
}

/* The value of header name in msg's header block, in a new string. */
static char *
header_of(const char *msg, const char *name)
{
	char		 key[64];
	const char	*p, *end, *stop = strstr(msg, "\r\n\r\n");

	snprintf(key, sizeof(key), "\r\n%s: ", name);
	if (strncmp(msg, key + 2, strlen(key) - 2) == 0)
		p = msg + strlen(key) - 2;
	else if ((p = strstr(msg, key)) != NULL && p < stop)
		p += strlen(key);
	else
		return NULL;
	end = strstr(p, "\r\n");
	return strndup(p, (size_t)(end - p));
}

/* The whole message after its own headers' Date and Message-ID: from the multipart Content-Type on. */
static const char *
content_of(const char *msg)
{
	const char	*p = strstr(msg, "\r\nContent-Type: multipart/mixed");

	ck_assert_ptr_nonnull(p);
	return p;
}

#define MIXED(n)	"=_slate-statement-" n "-mixed"
#define ALT(n)		"=_slate-statement-" n "-alt"
#define EXPECT_CSV \
	"date,entry,kind,reference,amount,balance\r\n" \
	"2026-10-11,E000101,sale,R-1001,-12.00,-22.00\r\n" \
	"2026-10-26,E000140,settlement,'=SUM(A1),5.00,-17.00\r\n"

START_TEST(test_queue_and_deliver)
{
	struct fix	 f;
	long long	 st;
	int64_t		 id;
	char		*mails[MAX_MAILS], *h, *qp, *text, *b64, *csv, *html;
	size_t		 n;

	fix_open(&f);
	st = statement_add(&f, "S000001", "2026-10-31", "zoe@example.com");
	ck_assert_int_eq(queue(&f, f.store, st, &id), 0);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox WHERE id = %lld "
	    "AND store_id = %lld AND statement_id = %lld AND status = 'queued' "
	    "AND attempts = 0 AND recipient = 'zoe@example.com' AND subject = "
	    "'Statement S000001 from B\xc3\xa4" "ckerei M\xc3\xbcller' AND "
	    "created_by IS NULL AND next_attempt_at <= UTC_TIMESTAMP(6)",
	    (long long)id, f.store, st), 1);

	deliver_expect(&f, "sent 1, failed 0, waiting 0");
	n = mails_read(&f, mails);
	ck_assert_uint_eq(n, 1);
	h = header_of(mails[0], "To");
	ck_assert_str_eq(h, "zoe@example.com");
	free(h);
	h = header_of(mails[0], "From");
	ck_assert_str_eq(h, f.cfg.mail_from);
	free(h);
	ck_assert_ptr_nonnull(strstr(mails[0], "\r\nSubject: =?UTF-8?B?"));
	ck_assert_ptr_nonnull(strstr(mails[0], "\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: multipart/mixed;\r\n boundary=\"" MIXED("S000001")
	    "\"\r\n"));
	qp = part_of(mails[0], ALT("S000001"), "text/plain");
	text = qp_decode(qp);
	ck_assert_ptr_nonnull(strstr(text, "Statement S000001\r\nFrom: "
	    "B\xc3\xa4" "ckerei M\xc3\xbcller\r\nFor: Zo\xc3\xab Brown & <Co>, "
	    "customer C000001, account A000001\r\nPeriod: 2026-10-02 to "
	    "2026-10-31\r\n"));
	ck_assert_ptr_nonnull(strstr(text, "Amount due: \xe2\x82\xac" "17.00 by "
	    "2026-11-14\r\n"));
	free(qp);
	free(text);
	qp = part_of(mails[0], ALT("S000001"), "text/html");
	html = qp_decode(qp);
	ck_assert_ptr_nonnull(strstr(html, "Zo\xc3\xab Brown &amp; &lt;Co&gt;"));
	ck_assert_ptr_null(strstr(html, "<Co>"));
	free(qp);
	free(html);
	b64 = part_of(mails[0], MIXED("S000001"),
	    "filename=\"statement-S000001.csv\"");
	csv = b64_decode(b64);
	ck_assert_str_eq(csv, EXPECT_CSV);
	free(b64);
	free(csv);
	mails_free(mails, n);

	/* Sent, once: the attempt is logged, nothing more goes out. */
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox WHERE id = %lld "
	    "AND status = 'sent' AND attempts = 1 AND sent_at IS NOT NULL AND "
	    "last_error = ''", (long long)id), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox_attempts WHERE "
	    "outbox_id = %lld AND ok = 1 AND error = ''", (long long)id), 1);
	deliver_expect(&f, "sent 0, failed 0, waiting 0");
	n = mails_read(&f, mails);
	ck_assert_uint_eq(n, 1);
	mails_free(mails, n);
	fix_close(&f);
}
END_TEST

START_TEST(test_send_again_identical)
{
	struct fix	 f;
	long long	 st;
	int64_t		 first, second;
	char		*mails[MAX_MAILS], *ida, *idb, *da, *db;
	size_t		 n;

	fix_open(&f);
	st = statement_add(&f, "S000002", "2026-11-30", "zoe@example.com");
	ck_assert_int_eq(queue(&f, f.store, st, &first), 0);
	deliver_expect(&f, "sent 1, failed 0, waiting 0");
	/* The statement changes nowhere but in its frozen rows: it is sent as it was. */
	sleep(1);
	ck_assert_int_eq(queue(&f, f.store, st, &second), 0);
	ck_assert_int_ne(first, second);
	deliver_expect(&f, "sent 1, failed 0, waiting 0");
	n = mails_read(&f, mails);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(content_of(mails[0]), content_of(mails[1]));
	ida = header_of(mails[0], "Message-ID");
	idb = header_of(mails[1], "Message-ID");
	ck_assert_str_ne(ida, idb);
	da = header_of(mails[0], "Date");
	db = header_of(mails[1], "Date");
	ck_assert_str_ne(da, db);
	free(ida);
	free(idb);
	free(da);
	free(db);
	mails_free(mails, n);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox WHERE "
	    "statement_id = %lld AND status = 'sent'", st), 2);
	fix_close(&f);
}
END_TEST

START_TEST(test_failing_sendmail_retried)
{
	struct fix	 f;
	long long	 st;
	int64_t		 id;
	char		*mails[MAX_MAILS], *err;
	size_t		 n;

	fix_open(&f);
	st = statement_add(&f, "S000003", "2026-11-30", "zoe@example.com");
	ck_assert_int_eq(queue(&f, f.store, st, &id), 0);
	use_sendmail(&f, 0);
	deliver_expect(&f, "sent 0, failed 1, waiting 1");
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox WHERE id = %lld "
	    "AND status = 'queued' AND attempts = 1 AND sent_at IS NULL AND "
	    "next_attempt_at > UTC_TIMESTAMP(6) + INTERVAL 50 SECOND AND "
	    "next_attempt_at < UTC_TIMESTAMP(6) + INTERVAL 70 SECOND",
	    (long long)id), 1);
	err = sql_str("SELECT last_error FROM outbox WHERE id = %lld",
	    (long long)id);
	ck_assert_ptr_nonnull(strstr(err, "failed with exit status 75"));
	free(err);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox_attempts WHERE "
	    "outbox_id = %lld AND ok = 0 AND error LIKE '%%exit status 75'",
	    (long long)id), 1);
	ck_assert_uint_eq(mails_read(&f, mails), 0);

	/* Not due yet: nothing is tried. */
	use_sendmail(&f, 1);
	deliver_expect(&f, "sent 0, failed 0, waiting 1");
	ck_assert_int_eq(sql_long("SELECT attempts FROM outbox WHERE id = %lld",
	    (long long)id), 1);

	/* Due again, and sendmail works: sent once. */
	sql_exec("UPDATE outbox SET next_attempt_at = UTC_TIMESTAMP(6) - "
	    "INTERVAL 1 SECOND WHERE id = %lld", (long long)id);
	deliver_expect(&f, "sent 1, failed 0, waiting 0");
	deliver_expect(&f, "sent 0, failed 0, waiting 0");
	n = mails_read(&f, mails);
	ck_assert_uint_eq(n, 1);
	mails_free(mails, n);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox WHERE id = %lld "
	    "AND status = 'sent' AND attempts = 2 AND last_error = ''",
	    (long long)id), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox_attempts WHERE "
	    "outbox_id = %lld", (long long)id), 2);

	/* A missing program is an error of its own, and retried too. */
	ck_assert_int_eq(queue(&f, f.store, st, &id), 0);
	ck_assert_int_eq(setenv("SLATE_SENDMAIL", "/no/such/sendmail -t -oi",
	    1), 0);
	deliver_expect(&f, "sent 0, failed 1, waiting 1");
	err = sql_str("SELECT last_error FROM outbox WHERE id = %lld",
	    (long long)id);
	ck_assert_str_eq(err, "could not run /no/such/sendmail (exit status "
	    "127)");
	free(err);
	fix_close(&f);
}
END_TEST

START_TEST(test_gives_up)
{
	struct fix	 f;
	long long	 st;
	int64_t		 last, stuck;
	char		*mails[MAX_MAILS];

	fix_open(&f);
	st = statement_add(&f, "S000004", "2026-11-30", "zoe@example.com");
	/* The tenth attempt fails: the message is given up. */
	ck_assert_int_eq(queue(&f, f.store, st, &last), 0);
	sql_exec("UPDATE outbox SET attempts = 9 WHERE id = %lld",
	    (long long)last);
	use_sendmail(&f, 0);
	deliver_expect(&f, "sent 0, failed 1, waiting 0");
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox WHERE id = %lld "
	    "AND status = 'failed' AND attempts = 10", (long long)last), 1);

	/* A sender stopped after the tenth claim: given up, never handed over. */
	ck_assert_int_eq(queue(&f, f.store, st, &stuck), 0);
	sql_exec("UPDATE outbox SET attempts = 10 WHERE id = %lld",
	    (long long)stuck);
	use_sendmail(&f, 1);
	deliver_expect(&f, "sent 0, failed 0, waiting 0");
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox WHERE id = %lld "
	    "AND status = 'failed' AND last_error LIKE 'gave up%%'",
	    (long long)stuck), 1);
	ck_assert_uint_eq(mails_read(&f, mails), 0);
	fix_close(&f);
}
END_TEST

/* Starts slatectl outbox deliver for store code in the background; returns its pid. */
static pid_t
deliver_spawn(const char *code)
{
	char		 path[1024];
	const char	*build = getenv("SLATE_BUILD");
	pid_t		 pid;

	snprintf(path, sizeof(path), "%s/slatectl",
	    build != NULL ? build : "build");
	fflush(NULL);
	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0) {
		if (freopen("/dev/null", "w", stdout) == NULL)
			_exit(126);
		execl(path, "slatectl", "outbox", "deliver", "--store", code,
		    (char *)NULL);
		_exit(127);
	}
	return pid;
}

START_TEST(test_two_senders_at_once)
{
	struct fix	 f;
	long long	 st;
	char		*mails[MAX_MAILS], number[16], end[16], *ids[MAX_MAILS];
	size_t		 n, i, j;
	pid_t		 a, b;
	int		 status;

	fix_open(&f);
	for (i = 0; i < 12; i++) {
		snprintf(number, sizeof(number), "S%06zu", 10 + i);
		snprintf(end, sizeof(end), "2025-%02zu-28", i + 1);
		st = statement_add(&f, number, end, "zoe@example.com");
		ck_assert_int_eq(queue(&f, f.store, st, NULL), 0);
		ck_assert_int_eq(queue(&f, f.store, st, NULL), 0);
	}
	a = deliver_spawn(f.code);
	b = deliver_spawn(f.code);
	ck_assert_int_eq(waitpid(a, &status, 0), a);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_eq(waitpid(b, &status, 0), b);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* Every message once: 24 sent, 24 attempts, 24 different messages. */
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox WHERE store_id "
	    "= %lld AND status = 'sent' AND attempts = 1", f.store), 24);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox_attempts a JOIN "
	    "outbox o ON o.id = a.outbox_id WHERE o.store_id = %lld AND "
	    "a.ok = 1", f.store), 24);
	n = mails_read(&f, mails);
	ck_assert_uint_eq(n, 24);
	for (i = 0; i < n; i++)
		ids[i] = header_of(mails[i], "Message-ID");
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			ck_assert_str_ne(ids[i], ids[j]);
	for (i = 0; i < n; i++)
		free(ids[i]);
	mails_free(mails, n);
	fix_close(&f);
}
END_TEST

START_TEST(test_no_address)
{
	struct fix	 f, other;
	long long	 st;
	int64_t		 id = 0;

	fix_open(&f);
	st = statement_add(&f, "S000005", "2026-11-30", "");
	ck_assert_int_eq(queue(&f, f.store, st, &id), OUTBOX_ERR_NO_ADDRESS);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox WHERE "
	    "statement_id = %lld", st), 0);
	/* Another store's statement is not there at all. */
	fix_open(&other);
	st = statement_add(&f, "S000006", "2026-12-31", "zoe@example.com");
	ck_assert_int_eq(queue(&f, other.store, st, &id),
	    OUTBOX_ERR_NO_STATEMENT);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox WHERE "
	    "statement_id = %lld", st), 0);
	fix_close(&other);

	/* An address sendmail -t must not get: failed at once, never handed over. */
	st = statement_add(&f, "S000007", "2027-01-31",
	    "j\xc3\xb6rg,eve@example.com");
	ck_assert_int_eq(queue(&f, f.store, st, &id), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox WHERE id = %lld "
	    "AND statement_id = %lld AND status = 'failed' AND message = '' "
	    "AND last_error LIKE 'not sent: %%'", (long long)id, st), 1);
	deliver_expect(&f, "sent 0, failed 0, waiting 0");
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM outbox_attempts WHERE "
	    "outbox_id = %lld", (long long)id), 0);
	fix_close(&f);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("outbox");
	TCase	*tc = itest_tcase("outbox");

	shop_begin();
	tcase_add_test(tc, test_queue_and_deliver);
	tcase_add_test(tc, test_send_again_identical);
	tcase_add_test(tc, test_failing_sendmail_retried);
	tcase_add_test(tc, test_gives_up);
	tcase_add_test(tc, test_two_senders_at_once);
	tcase_add_test(tc, test_no_address);
	suite_add_tcase(s, tc);
	return itest_run(s) == 0 && shop_cleanup() == 0 ? EXIT_SUCCESS :
	    EXIT_FAILURE;
}
