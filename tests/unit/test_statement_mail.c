/* test_statement_mail.c: the email of a statement: MIME structure, headers, encodings, escaping, the CSV, identical rebuilds; the reasons a sendmail command failed. */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <openssl/evp.h>

#include "buf.h"
#include "mail.h"
#include "outbox.h"
#include "statement_mail.h"

/* 2026-11-23 10:04:05 UTC, a Monday. */
#define NOW	((time_t)1795428245)
#define ID	"<0123abcd@shop.example>"
#define FROM	"slate@shop.example"

#define MIXED	"=_slate-statement-S000012-mixed"
#define ALT	"=_slate-statement-S000012-alt"

static struct stmail_line lines[] = {
	{ "2026-11-03", "E000101", "sale", "R-1001", -1200, -2200 },
	{ "2026-11-20", "E000140", "settlement", "=HYPERLINK(\"x\")", 500,
	    -1700 },
};

static struct stmail_item items[] = {
	{ "E000101", "2026-11-03", "2026-11-30", 1200, 1200, 0 },
};

/* A statement of two lines and one open sale, owing €17.00. */
static void
doc_fill(struct stmail_doc *d)
{
	memset(d, 0, sizeof(*d));
	d->id = 7;
	strcpy(d->number, "S000012");
	strcpy(d->period_start, "2026-11-01");
	strcpy(d->period_end, "2026-11-30");
	strcpy(d->currency, "EUR");
	d->opening_balance = -1000;
	d->total_debits = 1200;
	d->total_credits = 500;
	d->closing_balance = -1700;
	d->amount_due = 1700;
	strcpy(d->due_on, "2026-12-14");
	d->age_current = 1200;
	d->age_1_30 = 500;
	strcpy(d->account_number, "A000003");
	strcpy(d->customer_code, "C000002");
	strcpy(d->customer_name, "Zo\xc3\xab Brown");
	strcpy(d->email, "zoe@example.com");
	strcpy(d->store_name, "B\xc3\xa4" "ckerei M\xc3\xbcller");
	strcpy(d->bank_account_holder, "B\xc3\xa4" "ckerei M\xc3\xbcller GmbH");
	strcpy(d->bank_iban, "DE89370400440532013000");
	strcpy(d->bank_bic, "COBADEFFXXX");
	strcpy(d->bank_name, "Commerzbank");
	d->lines = lines;
	d->nlines = 2;
	d->items = items;
	d->nitems = 1;
}

/* The header block of a message (up to the empty line), in a new string. */
static char *
headers_of(const char *msg)
{
	const char	*end = strstr(msg, "\r\n\r\n");

	ck_assert_ptr_nonnull(end);
	return strndup(msg, (size_t)(end - msg) + 2);
}

/*
 * The body of the part after "--boundary" whose headers hold want
 * (its headers into *hdrs when not NULL), in a new string.
 */
static char *
part_of(const char *msg, const char *boundary, const char *want,
    char **hdrs)
{
	char		 delim[128];
	const char	*p = msg, *h, *body, *end;

	snprintf(delim, sizeof(delim), "\r\n--%s\r\n", boundary);
	while ((p = strstr(p, delim)) != NULL) {
		h = p + strlen(delim);
		body = strstr(h, "\r\n\r\n");
		ck_assert_ptr_nonnull(body);
		p = h;
		if (strstr(h, want) == NULL || strstr(h, want) > body)
			continue;
		body += 4;
		snprintf(delim, sizeof(delim), "\r\n--%s", boundary);
		end = strstr(body, delim);
		ck_assert_ptr_nonnull(end);
		if (hdrs != NULL)
			*hdrs = strndup(h, (size_t)(body - h));
		return strndup(body, (size_t)(end - body) + 2);
	}
	ck_abort_msg("no part with %s", want);
	return NULL;
}

/* Decodes quoted-printable text into a new string. */
static char *
qp_decode(const char *s)
{
	char	*out = malloc(strlen(s) + 1), *o = out;
	char	 hex[3] = { 0 };

	ck_assert_ptr_nonnull(out);
	while (*s != '\0') {
		if (s[0] == '=' && s[1] == '\r' && s[2] == '\n') {
			s += 3;
		} else if (s[0] == '=') {
			memcpy(hex, s + 1, 2);
			*o++ = (char)strtol(hex, NULL, 16);
			s += 3;
		} else
			*o++ = *s++;
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
	int		 n, pad = 0;

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

/* Builds the statement's message into b. */
static int
build(const struct stmail_doc *d, time_t now, const char *id, struct buf *b)
{
	buf_reset(b);
	return stmail_build(d, FROM, now, id, b);
}

START_TEST(test_headers_and_structure)
{
	struct stmail_doc	 d;
	struct buf		 b = { 0 };
	char			*h, *part, *ph = NULL;

	doc_fill(&d);
	ck_assert_int_eq(build(&d, NOW, ID, &b), 0);
	h = headers_of(b.data);
	/* "Statement S000012 from Bäckerei Müller", encoded. */
	ck_assert_str_eq(h, "From: slate@shop.example\r\n"
	    "To: zoe@example.com\r\n"
	    "Subject: =?UTF-8?B?U3RhdGVtZW50IFMwMDAwMTIgZnJvbSBCw6Rja2VyZWkgTcO8"
	    "bGxl?=\r\n =?UTF-8?B?cg==?=\r\n"
	    "Date: Mon, 23 Nov 2026 10:04:05 +0000\r\n"
	    "Message-ID: <0123abcd@shop.example>\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: multipart/mixed;\r\n"
	    " boundary=\"" MIXED "\"\r\n");
	free(h);
	/* mixed: the alternative first, then the attachment, then the end. */
	ck_assert_ptr_nonnull(strstr(b.data, "\r\n--" MIXED "\r\n"
	    "Content-Type: multipart/alternative;\r\n boundary=\"" ALT
	    "\"\r\n\r\n--" ALT "\r\nContent-Type: text/plain; charset=utf-8"
	    "\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"));
	ck_assert(strstr(b.data, "--" ALT "\r\nContent-Type: text/html") >
	    strstr(b.data, "--" ALT "\r\nContent-Type: text/plain"));
	ck_assert_ptr_nonnull(strstr(b.data, "\r\n--" ALT "--\r\n"));
	ck_assert(strstr(b.data, "--" ALT "--") < strstr(b.data,
	    "Content-Type: text/csv"));
	ck_assert_str_eq(b.data + b.len - strlen("\r\n--" MIXED "--\r\n"),
	    "\r\n--" MIXED "--\r\n");
	part = part_of(b.data, MIXED, "text/csv", &ph);
	ck_assert_str_eq(ph, "Content-Type: text/csv; charset=utf-8; "
	    "name=\"statement-S000012.csv\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n"
	    "Content-Disposition: attachment; "
	    "filename=\"statement-S000012.csv\"\r\n\r\n");
	free(ph);
	free(part);
	buf_free(&b);
}
END_TEST

START_TEST(test_text_part)
{
	struct stmail_doc	 d;
	struct buf		 b = { 0 };
	char			*qp, *text;

	doc_fill(&d);
	ck_assert_int_eq(build(&d, NOW, ID, &b), 0);
	qp = part_of(b.data, ALT, "text/plain", NULL);
	text = qp_decode(qp);
	ck_assert_ptr_nonnull(strstr(text, "Statement S000012\r\n"
	    "From: B\xc3\xa4" "ckerei M\xc3\xbcller\r\n"
	    "For: Zo\xc3\xab Brown, customer C000002, account A000003\r\n"
	    "Period: 2026-11-01 to 2026-11-30\r\n\r\n"
	    "Brought forward: \xe2\x82\xac" "10.00 owing\r\n\r\n"
	    "2026-11-03  E000101  Sale on account, R-1001: debit "
	    "\xe2\x82\xac" "12.00; balance \xe2\x82\xac" "22.00 owing\r\n"));
	ck_assert_ptr_nonnull(strstr(text, "Closing balance: \xe2\x82\xac"
	    "17.00 owing\r\n\r\nAmount due: \xe2\x82\xac" "17.00 by "
	    "2026-12-14\r\n"));
	ck_assert_ptr_nonnull(strstr(text, "2026-11-03  E000101  \xe2\x82\xac"
	    "12.00, \xe2\x82\xac" "12.00 open, due 2026-11-30, 0 days "
	    "overdue\r\n"));
	ck_assert_ptr_nonnull(strstr(text, "1-30 days: \xe2\x82\xac"
	    "5.00\r\n"));
	ck_assert_ptr_nonnull(strstr(text, "IBAN: DE89370400440532013000\r\n"));
	/* The text is encoded: no byte beyond ASCII goes out as it is. */
	ck_assert_ptr_null(strstr(qp, "\xe2"));
	free(text);
	free(qp);
	buf_free(&b);
}
END_TEST

START_TEST(test_html_escaped)
{
	struct stmail_doc	 d;
	struct buf		 b = { 0 };
	char			*qp, *html;

	doc_fill(&d);
	strcpy(d.customer_name, "<script>alert(\"x\")</script> & 'co'");
	ck_assert_int_eq(build(&d, NOW, ID, &b), 0);
	qp = part_of(b.data, ALT, "text/html", NULL);
	html = qp_decode(qp);
	ck_assert_ptr_null(strstr(html, "<script>"));
	ck_assert_ptr_nonnull(strstr(html, "<td>&lt;script&gt;alert(&quot;x"
	    "&quot;)&lt;/script&gt; &amp; &#39;co&#39;</td>"));
	ck_assert_ptr_nonnull(strstr(html, "<td>=HYPERLINK(&quot;x&quot;)"
	    "</td>"));
	ck_assert_ptr_nonnull(strstr(html, "<h1>Statement S000012 from "
	    "B\xc3\xa4" "ckerei M\xc3\xbcller</h1>"));
	free(html);
	free(qp);
	buf_free(&b);
}
END_TEST

START_TEST(test_csv)
{
	struct stmail_doc	 d;
	struct buf		 b = { 0 }, csv = { 0 };
	char			*part, *got;

	doc_fill(&d);
	ck_assert_int_eq(stmail_csv(&d, &csv), 0);
	/* A reference that a spreadsheet would run is made text. */
	ck_assert_str_eq(csv.data,
	    "date,entry,kind,reference,amount,balance\r\n"
	    "2026-11-03,E000101,sale,R-1001,-12.00,-22.00\r\n"
	    "2026-11-20,E000140,settlement,\"'=HYPERLINK(\"\"x\"\")\",5.00,"
	    "-17.00\r\n");
	ck_assert_int_eq(build(&d, NOW, ID, &b), 0);
	part = part_of(b.data, MIXED, "text/csv", NULL);
	got = b64_decode(part);
	ck_assert_str_eq(got, csv.data);
	free(got);
	free(part);
	buf_free(&csv);
	buf_free(&b);
}
END_TEST

START_TEST(test_identical_rebuild)
{
	struct stmail_doc	 d;
	struct buf		 a = { 0 }, b = { 0 };
	const char		*ba, *bb;
	char			*ha, *hb;

	doc_fill(&d);
	ck_assert_int_eq(build(&d, NOW, ID, &a), 0);
	ck_assert_int_eq(build(&d, NOW + 86400 * 40, "<ffff@shop.example>",
	    &b), 0);
	/* Everything from Content-Type on is the same; Date and Message-ID differ. */
	ba = strstr(a.data, "Content-Type: multipart/mixed");
	bb = strstr(b.data, "Content-Type: multipart/mixed");
	ck_assert_str_eq(ba, bb);
	ha = headers_of(a.data);
	hb = headers_of(b.data);
	ck_assert_str_ne(ha, hb);
	ck_assert_ptr_nonnull(strstr(hb, "Date: Sat, 2 Jan 2027 10:04:05"));
	ck_assert_ptr_nonnull(strstr(hb, "Message-ID: <ffff@shop.example>"));
	free(ha);
	free(hb);
	buf_free(&a);
	buf_free(&b);
}
END_TEST

START_TEST(test_no_header_injection)
{
	struct stmail_doc	 d;
	struct buf		 b = { 0 };
	char			*h, subject[256];

	doc_fill(&d);
	strcpy(d.store_name, "Shop\r\nBcc: evil@example.com");
	ck_assert_int_eq(build(&d, NOW, ID, &b), 0);
	h = headers_of(b.data);
	ck_assert_ptr_null(strstr(h, "\nBcc:"));
	ck_assert_ptr_nonnull(strstr(h, "\r\nSubject: Statement S000012 from "
	    "Shop  Bcc: evil@example.com\r\nDate: "));
	free(h);
	stmail_subject(&d, subject, sizeof(subject));
	ck_assert_str_eq(subject, "Statement S000012 from Shop  Bcc: "
	    "evil@example.com");
	/* A customer name cannot end the text's line either. */
	doc_fill(&d);
	strcpy(d.customer_name, "Ann\r\n--" ALT "\r\nX");
	ck_assert_int_eq(build(&d, NOW, ID, &b), 0);
	ck_assert_ptr_nonnull(strstr(b.data, "For: Ann  --=3D_slate"));
	/* Addresses and numbers Slate will not put in a header. */
	doc_fill(&d);
	strcpy(d.email, "zoe@example.com\r\nBcc: evil@example.com");
	ck_assert_int_eq(build(&d, NOW, ID, &b), MAIL_ERR_HEADER);
	strcpy(d.email, "zoe@example.com, evil@example.com");
	ck_assert_int_eq(build(&d, NOW, ID, &b), MAIL_ERR_HEADER);
	doc_fill(&d);
	strcpy(d.number, "S1\"\r\nX");
	ck_assert_int_eq(build(&d, NOW, ID, &b), MAIL_ERR_HEADER);
	doc_fill(&d);
	ck_assert_int_eq(stmail_build(&d, "bad from", NOW, ID, &b),
	    MAIL_ERR_HEADER);
	buf_free(&b);
}
END_TEST

START_TEST(test_no_lines_unknown_currency)
{
	struct stmail_doc	 d;
	struct buf		 b = { 0 }, csv = { 0 };
	char			*text, *qp;

	doc_fill(&d);
	d.nlines = 0;
	d.nitems = 0;
	d.bank_iban[0] = '\0';
	strcpy(d.currency, "XTS");
	ck_assert_int_eq(build(&d, NOW, ID, &b), 0);
	qp = part_of(b.data, ALT, "text/plain", NULL);
	text = qp_decode(qp);
	ck_assert_ptr_nonnull(strstr(text, "No entries in this period."));
	ck_assert_ptr_null(strstr(text, "Open sales"));
	ck_assert_ptr_null(strstr(text, "bank transfer"));
	ck_assert_int_eq(stmail_csv(&d, &csv), 0);
	ck_assert_str_eq(csv.data, "date,entry,kind,reference,amount,"
	    "balance\r\n");
	free(text);
	free(qp);
	buf_free(&csv);
	buf_free(&b);
}
END_TEST

START_TEST(test_backoff)
{
	ck_assert_int_eq(outbox_backoff(1), 60);
	ck_assert_int_eq(outbox_backoff(2), 300);
	ck_assert_int_eq(outbox_backoff(3), 1800);
	ck_assert_int_eq(outbox_backoff(4), 7200);
	ck_assert_int_eq(outbox_backoff(5), 21600);
	ck_assert_int_eq(outbox_backoff(6), 43200);
	ck_assert_int_eq(outbox_backoff(9), 43200);
	ck_assert_int_eq(OUTBOX_MAX_ATTEMPTS, 10);
}
END_TEST

/* Writes a shell script of body into dir/name, executable. */
static void
script(const char *dir, const char *name, const char *body, char *path,
    size_t size)
{
	FILE	*f;

	snprintf(path, size, "%s/%s", dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fprintf(f, "#!/bin/sh\ncat >/dev/null\n%s\n", body);
	fclose(f);
	ck_assert_int_eq(chmod(path, 0755), 0);
}

START_TEST(test_send_report)
{
	char	 dir[] = "/tmp/slate-stmail-XXXXXX", path[128], why[256];
	char	 expect[256];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	script(dir, "tempfail", "exit 75", path, sizeof(path));
	ck_assert_int_eq(mail_send_report(path, "x\r\n", 3, why, sizeof(why)),
	    MAIL_ERR_SEND);
	snprintf(expect, sizeof(expect), "%s failed with exit status 75",
	    path);
	ck_assert_str_eq(why, expect);
	unlink(path);
	script(dir, "killed", "kill -9 $$", path, sizeof(path));
	ck_assert_int_eq(mail_send_report(path, "x\r\n", 3, why, sizeof(why)),
	    MAIL_ERR_SEND);
	snprintf(expect, sizeof(expect), "%s was killed by signal 9", path);
	ck_assert_str_eq(why, expect);
	unlink(path);
	script(dir, "ok", "exit 0", path, sizeof(path));
	ck_assert_int_eq(mail_send_report(path, "x\r\n", 3, why, sizeof(why)),
	    0);
	ck_assert_str_eq(why, "");
	unlink(path);
	rmdir(dir);
	ck_assert_int_eq(mail_send_report("/no/such/sendmail -t -oi", "x", 1,
	    why, sizeof(why)), MAIL_ERR_SEND);
	ck_assert_str_eq(why, "could not run /no/such/sendmail "
	    "(exit status 127)");
	ck_assert_int_eq(mail_send_report("sendmail -t", "x", 1, why,
	    sizeof(why)), MAIL_ERR_SEND);
	ck_assert_str_eq(why, "the sendmail command is not a path and "
	    "arguments");
}
END_TEST

static Suite *
statement_mail_suite(void)
{
	Suite	*s = suite_create("statement_mail");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_headers_and_structure);
	tcase_add_test(tc, test_text_part);
	tcase_add_test(tc, test_html_escaped);
	tcase_add_test(tc, test_csv);
	tcase_add_test(tc, test_identical_rebuild);
	tcase_add_test(tc, test_no_header_injection);
	tcase_add_test(tc, test_no_lines_unknown_currency);
	tcase_add_test(tc, test_backoff);
	tcase_add_test(tc, test_send_report);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(statement_mail_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
