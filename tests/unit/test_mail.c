/* test_mail.c: building email messages (headers, encodings, what is refused) and handing them to a command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "buf.h"
#include "mail.h"

/* 2026-11-23 10:04:05 UTC, a Monday. */
#define NOW	((time_t)1795428245)
#define ID	"<0123abcd@example.com>"

/* Builds a message of the fields into out; returns mail_build's result. */
static int
build(const char *from, const char *to, const char *subject,
    const char *body, struct buf *out)
{
	struct mail	 m = { from, to, subject, body };

	buf_reset(out);
	return mail_build(&m, NOW, ID, out);
}

/* The header block of a built message (up to the empty line), in a new string. */
static char *
headers_of(const struct buf *b)
{
	const char	*end = strstr(b->data, "\r\n\r\n");

	ck_assert_ptr_nonnull(end);
	return strndup(b->data, (size_t)(end - b->data) + 2);
}

START_TEST(test_headers)
{
	struct buf	 b = { 0 };
	char		*h;

	ck_assert_int_eq(build("slate@shop.example", "ann@example.com",
	    "Receipt E000001", "Hello\n", &b), 0);
	h = headers_of(&b);
	ck_assert_str_eq(h, "From: slate@shop.example\r\n"
	    "To: ann@example.com\r\n"
	    "Subject: Receipt E000001\r\n"
	    "Date: Mon, 23 Nov 2026 10:04:05 +0000\r\n"
	    "Message-ID: <0123abcd@example.com>\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n");
	ck_assert_str_eq(strstr(b.data, "\r\n\r\n") + 4, "Hello\r\n");
	free(h);
	buf_free(&b);
}
END_TEST

START_TEST(test_header_injection_refused)
{
	static const char *const bad[] = {
		"Receipt\r\nBcc: evil@example.com",
		"Receipt\nBcc: evil@example.com",
		"Receipt\rX",
		"Tab\there",
	};
	struct buf	 b = { 0 };
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(build("slate@localhost", "ann@example.com",
		    bad[i], "x\n", &b), MAIL_ERR_HEADER);
		ck_assert_int_eq(build("slate@localhost", bad[i], "S", "x\n",
		    &b), MAIL_ERR_HEADER);
		ck_assert_int_eq(build(bad[i], "ann@example.com", "S", "x\n",
		    &b), MAIL_ERR_HEADER);
	}
	buf_free(&b);
}
END_TEST

START_TEST(test_addresses)
{
	ck_assert(mail_address_ok("ann@example.com"));
	ck_assert(mail_address_ok("a.b+c@shop.example"));
	/* More than one address, or a display name, would reach others with sendmail -t. */
	ck_assert(!mail_address_ok("ann,evil@example.com"));
	ck_assert(!mail_address_ok("ann;evil@example.com"));
	ck_assert(!mail_address_ok("Ann <ann@example.com>"));
	ck_assert(!mail_address_ok("ann@example.com (x)"));
	ck_assert(!mail_address_ok("\"a\"@example.com"));
	ck_assert(!mail_address_ok("ann@@example.com"));
	ck_assert(!mail_address_ok("ann"));
	ck_assert(!mail_address_ok("@example.com"));
	ck_assert(!mail_address_ok("ann@"));
	ck_assert(!mail_address_ok("jörg@example.com"));
	ck_assert(!mail_address_ok(""));
	/* What the forms say: the general rules first, then what mail takes. */
	ck_assert_ptr_null(mail_address_problem("o'brien+tag@example.ie"));
	ck_assert_str_eq(mail_address_problem(""), "Enter an email address.");
	ck_assert_ptr_nonnull(strstr(mail_address_problem("jörg@example.de"),
	    "no accents"));
	ck_assert_ptr_nonnull(strstr(mail_address_problem("a,b@example.de"),
	    "no accents"));
}
END_TEST

START_TEST(test_utf8_subject_encoded)
{
	struct buf	 b = { 0 };
	char		*h;

	/* "Reçu" in base64 is UmXDp3U=. */
	ck_assert_int_eq(build("slate@localhost", "ann@example.com",
	    "Re\xc3\xa7u", "x\n", &b), 0);
	h = headers_of(&b);
	ck_assert_ptr_nonnull(strstr(h, "Subject: =?UTF-8?B?UmXDp3U=?=\r\n"));
	free(h);
	buf_free(&b);
}
END_TEST

START_TEST(test_long_utf8_subject_folded)
{
	struct buf	 b = { 0 };
	char		 subject[400], *h, *line, *save = NULL;
	size_t		 i;

	/* 150 two-byte characters: several encoded words, none splitting one. */
	for (i = 0; i < 150; i++)
		memcpy(subject + 2 * i, "\xc3\xa9", 2);
	subject[300] = '\0';
	ck_assert_int_eq(build("slate@localhost", "ann@example.com", subject,
	    "x\n", &b), 0);
	h = headers_of(&b);
	for (line = strtok_r(h, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		ck_assert_uint_le(strlen(line), 78);
	free(h);
	/* The words are folded onto lines of their own. */
	ck_assert_ptr_nonnull(strstr(b.data, "\r\n =?UTF-8?B?"));
	buf_free(&b);
}
END_TEST

START_TEST(test_body_quoted_printable)
{
	struct buf	 b = { 0 };
	const char	*body;
	char		 longline[200];

	ck_assert_int_eq(build("slate@localhost", "ann@example.com", "S",
	    "Amount: \xe2\x82\xac" "5.00 = paid \nend", &b), 0);
	body = strstr(b.data, "\r\n\r\n") + 4;
	ck_assert_str_eq(body, "Amount: =E2=82=AC5.00 =3D paid=20\r\nend\r\n");
	/* A line of 150 letters is cut by soft breaks into lines of at most 76. */
	memset(longline, 'a', 150);
	longline[150] = '\0';
	ck_assert_int_eq(build("slate@localhost", "ann@example.com", "S",
	    longline, &b), 0);
	body = strstr(b.data, "\r\n\r\n") + 4;
	ck_assert_ptr_nonnull(strstr(body, "=\r\n"));
	ck_assert_uint_le((size_t)(strstr(body, "=\r\n") - body) + 1, 76);
	buf_free(&b);
}
END_TEST

START_TEST(test_message_id)
{
	char	 a[MAIL_ID_MAX], b[MAIL_ID_MAX];

	ck_assert_int_eq(mail_message_id("slate@shop.example", a), 0);
	ck_assert_int_eq(mail_message_id("slate@shop.example", b), 0);
	ck_assert_str_ne(a, b);
	ck_assert_int_eq(a[0], '<');
	ck_assert_ptr_nonnull(strstr(a, "@shop.example>"));
}
END_TEST

START_TEST(test_send)
{
	char	 dir[] = "/tmp/slate-mail-XXXXXX", path[64], cmd[128], got[64];
	FILE	*f;
	size_t	 n;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out", dir);
	/* dd reads standard input and writes it to the file named: no shell between. */
	snprintf(cmd, sizeof(cmd), "/bin/dd of=%s status=none", path);
	ck_assert_int_eq(mail_send(cmd, "hello\r\n", 7), 0);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	n = fread(got, 1, sizeof(got) - 1, f);
	got[n] = '\0';
	fclose(f);
	ck_assert_str_eq(got, "hello\r\n");
	unlink(path);
	rmdir(dir);
	ck_assert_int_eq(mail_send("/bin/false", "x", 1), MAIL_ERR_SEND);
	/* A command that does not read: the write fails, the caller lives. */
	ck_assert_int_eq(mail_send("/bin/true", "x", 1) == 0 ||
	    mail_send("/bin/true", "x", 1) == MAIL_ERR_SEND, 1);
	ck_assert_int_eq(mail_send("/no/such/program -t", "x", 1),
	    MAIL_ERR_SEND);
	ck_assert_int_eq(mail_send("sendmail -t", "x", 1), MAIL_ERR_SEND);
	ck_assert_int_eq(mail_send("", "x", 1), MAIL_ERR_SEND);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("mail");
	TCase	*tc = tcase_create("mail");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_headers);
	tcase_add_test(tc, test_header_injection_refused);
	tcase_add_test(tc, test_addresses);
	tcase_add_test(tc, test_utf8_subject_encoded);
	tcase_add_test(tc, test_long_utf8_subject_folded);
	tcase_add_test(tc, test_body_quoted_printable);
	tcase_add_test(tc, test_message_id);
	tcase_add_test(tc, test_send);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
