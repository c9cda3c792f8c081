/* test_multipart.c: the multipart/form-data reader: boundaries, good bodies, line ends, limits, malformed bodies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "multipart.h"

#define B	"XyZ-boundary-42"
#define CRLF	"\r\n"
#define DISP	"Content-Disposition: form-data; "

/* A body being built; data may hold NULs, so lengths are kept. */
struct body {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

/* Appends len bytes of s, doubling the room as it fills (bodies of thousands of parts). */
static void
body_add(struct body *b, const char *s, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		b->cap = 2 * (b->len + len + 1);
		b->data = realloc(b->data, b->cap);
	}
	ck_assert_ptr_nonnull(b->data);
	memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

static void
body_puts(struct body *b, const char *s)
{
	body_add(b, s, strlen(s));
}

/* Appends a field part: delimiter, headers, value. */
static void
body_field(struct body *b, const char *name, const char *value)
{
	body_puts(b, "--" B CRLF DISP "name=\"");
	body_puts(b, name);
	body_puts(b, "\"" CRLF CRLF);
	body_puts(b, value);
	body_puts(b, CRLF);
}

/* The result of parsing a body: the fields and files it held. */
struct parsed {
	struct params	 form;
	struct uploads	 files;
};

/*
 * Parses len bytes of s with boundary B from an exact-sized copy (so
 * that reading past the end is caught by the sanitizers).
 */
static enum parse_result
parse(const char *s, size_t len, struct parsed *p)
{
	enum parse_result	 rc;
	char			*copy = malloc(len ? len : 1);

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, s, len);
	memset(p, 0, sizeof(*p));
	rc = multipart_parse(copy, len, B, &p->form, &p->files);
	/* The files point into the body: check them before it goes. */
	if (rc == PARSE_OK && p->files.count > 0) {
		ck_assert(p->files.items[0].data >= copy);
		ck_assert(p->files.items[0].data + p->files.items[0].len <=
		    copy + len);
	}
	uploads_free(&p->files);
	free(copy);
	return rc;
}

static enum parse_result
parse_str(const char *s)
{
	struct parsed		 p;
	enum parse_result	 rc = parse(s, strlen(s), &p);

	params_free(&p.form);
	return rc;
}

/* ------------------------------------------------------------ boundary */

START_TEST(test_boundary_plain_and_quoted)
{
	char	 b[MULTIPART_BOUNDARY_MAX + 1];

	ck_assert_int_eq(multipart_boundary("multipart/form-data; "
	    "boundary=----WebKitFormBoundary7MA4YWxk", b), PARSE_OK);
	ck_assert_str_eq(b, "----WebKitFormBoundary7MA4YWxk");
	ck_assert_int_eq(multipart_boundary("Multipart/Form-Data;charset=utf-8;"
	    " BOUNDARY=\"a b=c?d:e/f\"", b), PARSE_OK);
	ck_assert_str_eq(b, "a b=c?d:e/f");
	ck_assert_int_eq(multipart_boundary("multipart/form-data ; "
	    "boundary = x", b), PARSE_OK);
	ck_assert_str_eq(b, "x");
}
END_TEST

START_TEST(test_boundary_refused)
{
	char	 b[MULTIPART_BOUNDARY_MAX + 1], type[200];

	ck_assert_int_eq(multipart_boundary("multipart/form-data", b),
	    PARSE_INVALID);
	ck_assert_int_eq(multipart_boundary("multipart/form-data; "
	    "boundary=", b), PARSE_INVALID);
	ck_assert_int_eq(multipart_boundary("multipart/form-data; "
	    "boundary=\"\"", b), PARSE_INVALID);
	ck_assert_int_eq(multipart_boundary("multipart/form-data; "
	    "boundary=\"ends with space \"", b), PARSE_INVALID);
	ck_assert_int_eq(multipart_boundary("multipart/form-data; "
	    "boundary=\"semi;colon\"", b), PARSE_INVALID);
	ck_assert_int_eq(multipart_boundary("multipart/form-data; "
	    "boundary=a; boundary=b", b), PARSE_INVALID);
	ck_assert_int_eq(multipart_boundary("multipart/form-data; "
	    "boundary=\"open", b), PARSE_INVALID);
	ck_assert_int_eq(multipart_boundary("multipart/form-data; junk", b),
	    PARSE_INVALID);
	ck_assert_int_eq(multipart_boundary("multipart/mixed; boundary=x", b),
	    PARSE_INVALID);
	ck_assert_int_eq(multipart_boundary("application/x-www-form-urlencoded"
	    "; boundary=x", b), PARSE_INVALID);
	ck_assert_int_eq(multipart_boundary("multipart/form-datax; "
	    "boundary=x", b), PARSE_INVALID);
	/* 70 characters are allowed, 71 are not. */
	snprintf(type, sizeof(type), "multipart/form-data; boundary=%070d", 7);
	ck_assert_int_eq(multipart_boundary(type, b), PARSE_OK);
	ck_assert_uint_eq(strlen(b), 70);
	snprintf(type, sizeof(type), "multipart/form-data; boundary=%071d", 7);
	ck_assert_int_eq(multipart_boundary(type, b), PARSE_INVALID);
}
END_TEST

START_TEST(test_is_form)
{
	ck_assert(multipart_is_form("multipart/form-data; boundary=x"));
	ck_assert(multipart_is_form("MULTIPART/FORM-DATA"));
	ck_assert(!multipart_is_form("multipart/form-data-x"));
	ck_assert(!multipart_is_form("multipart/mixed; boundary=x"));
	ck_assert(!multipart_is_form("application/x-www-form-urlencoded"));
	ck_assert(!multipart_is_form(""));
}
END_TEST

/* ------------------------------------------------------------ good bodies */

START_TEST(test_fields_and_file)
{
	static const char	 file[] = "name,email\r\nAnn,\0x\r\nnot --" B
	    "\r\n";
	struct body		 b = { 0 };
	struct parsed		 p;
	char			*copy;
	const struct upload	*u;

	body_field(&b, "csrf", "0123abcd");
	body_puts(&b, "--" B CRLF DISP "name=\"file\"; filename=\"c:\\a\\"
	    "ann's list.csv\"" CRLF "Content-Type: text/csv" CRLF CRLF);
	body_add(&b, file, sizeof(file) - 1);
	body_puts(&b, CRLF);
	body_field(&b, "action", "check");
	body_field(&b, "empty", "");
	body_puts(&b, "--" B "--" CRLF);

	copy = malloc(b.len);
	memcpy(copy, b.data, b.len);
	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(multipart_parse(copy, b.len, B, &p.form, &p.files),
	    PARSE_OK);
	ck_assert_uint_eq(p.form.count, 3);
	ck_assert_str_eq(params_get(&p.form, "csrf"), "0123abcd");
	ck_assert_str_eq(params_get(&p.form, "action"), "check");
	ck_assert_str_eq(params_get(&p.form, "empty"), "");
	ck_assert_ptr_null(params_get(&p.form, "file"));
	ck_assert_uint_eq(p.files.count, 1);
	u = uploads_get(&p.files, "file");
	ck_assert_ptr_nonnull(u);
	ck_assert_ptr_null(uploads_get(&p.files, "csrf"));
	/* A backslash is kept: browsers do not escape with it. */
	ck_assert_str_eq(u->filename, "c:\\a\\ann's list.csv");
	/* The bytes as sent: a NUL, line ends, a boundary not on a line of its own. */
	ck_assert_uint_eq(u->len, sizeof(file) - 1);
	ck_assert(memcmp(u->data, file, u->len) == 0);
	uploads_free(&p.files);
	ck_assert_uint_eq(p.files.count, 0);
	ck_assert_ptr_null(p.files.items);
	params_free(&p.form);
	free(copy);
	free(b.data);
}
END_TEST

START_TEST(test_empty_file_and_no_parts)
{
	struct parsed	 p;
	struct body	 b = { 0 };

	/* A file input with no file chosen: an empty filename and no bytes. */
	body_puts(&b, "--" B CRLF DISP "name=\"file\"; filename=\"\"" CRLF
	    "Content-Type: application/octet-stream" CRLF CRLF CRLF
	    "--" B "--");
	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(multipart_parse(b.data, b.len, B, &p.form, &p.files),
	    PARSE_OK);
	ck_assert_uint_eq(p.files.count, 1);
	ck_assert_str_eq(p.files.items[0].filename, "");
	ck_assert_uint_eq(p.files.items[0].len, 0);
	uploads_free(&p.files);
	params_free(&p.form);
	free(b.data);
	/* No parts at all is an empty form. */
	ck_assert_int_eq(parse_str("--" B "--" CRLF), PARSE_OK);
	ck_assert_int_eq(parse_str("--" B "--"), PARSE_OK);
}
END_TEST

START_TEST(test_header_forms)
{
	/* Names of headers and parameters in any case, tokens unquoted,
	 * unknown headers and parameters skipped, spaces after the boundary. */
	ck_assert_int_eq(parse_str("--" B "  \t" CRLF
	    "content-disposition: FORM-DATA ; NAME=a ; x-other=\"1\"" CRLF
	    "X-Unknown: whatever" CRLF CRLF "1" CRLF "--" B "--" CRLF),
	    PARSE_OK);
	/* filename* (RFC 5987) is another parameter: a field. */
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a\"; "
	    "filename*=UTF-8''x.csv" CRLF CRLF "1" CRLF "--" B "--"), PARSE_OK);
}
END_TEST

/* ------------------------------------------------------------ line ends */

START_TEST(test_crlf_edges)
{
	struct parsed	 p;
	struct body	 b = { 0 };

	/* A value that ends with CR, or holds CRLF and "--" lines. */
	body_puts(&b, "--" B CRLF DISP "name=\"a\"" CRLF CRLF "x\r" CRLF
	    "--" B CRLF DISP "name=\"b\"" CRLF CRLF CRLF "--" CRLF "--" B "-"
	    CRLF "--" B "--" CRLF);
	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(multipart_parse(b.data, b.len, B, &p.form, &p.files),
	    PARSE_INVALID);
	params_free(&p.form);
	free(b.data);

	b.data = NULL;
	b.len = 0;
	b.cap = 0;
	body_puts(&b, "--" B CRLF DISP "name=\"a\"" CRLF CRLF "x\r" CRLF
	    "--" B CRLF DISP "name=\"b\"" CRLF CRLF CRLF "--" CRLF "-" B
	    CRLF "--" B "--" CRLF);
	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(multipart_parse(b.data, b.len, B, &p.form, &p.files),
	    PARSE_OK);
	ck_assert_str_eq(params_get(&p.form, "a"), "x\r");
	ck_assert_str_eq(params_get(&p.form, "b"), CRLF "--" CRLF "-" B);
	params_free(&p.form);
	free(b.data);

	/* Lines that end with LF alone are not multipart. */
	ck_assert_int_eq(parse_str("--" B "\n" DISP "name=\"a\"\n\n1\n--" B
	    "--\n"), PARSE_INVALID);
	/* Nor a header line that ends with a CR alone. */
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a\"\r"
	    "X: y" CRLF CRLF "1" CRLF "--" B "--"), PARSE_INVALID);
	/* A CRLF before the first boundary (a preamble) is refused. */
	ck_assert_int_eq(parse_str(CRLF "--" B CRLF DISP "name=\"a\"" CRLF
	    CRLF "1" CRLF "--" B "--"), PARSE_INVALID);
	/* After the last boundary, only a CRLF. */
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a\"" CRLF CRLF
	    "1" CRLF "--" B "--" CRLF "epilogue"), PARSE_INVALID);
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a\"" CRLF CRLF
	    "1" CRLF "--" B "--" CRLF CRLF), PARSE_INVALID);
	/* The headers must end with an empty line. */
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a\"" CRLF
	    "1" CRLF "--" B "--"), PARSE_INVALID);
}
END_TEST

/* ------------------------------------------------------------ malformed */

START_TEST(test_missing_final_boundary)
{
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a\"" CRLF CRLF
	    "1" CRLF), PARSE_INVALID);
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a\"" CRLF CRLF
	    "1" CRLF "--" B), PARSE_INVALID);
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a\"" CRLF CRLF
	    "1" CRLF "--" B "-"), PARSE_INVALID);
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a\""), PARSE_INVALID);
	ck_assert_int_eq(parse_str("--" B), PARSE_INVALID);
	ck_assert_int_eq(parse_str(""), PARSE_INVALID);
	ck_assert_int_eq(parse_str("--other" CRLF DISP "name=\"a\"" CRLF CRLF
	    "1" CRLF "--other--"), PARSE_INVALID);
}
END_TEST

START_TEST(test_boundary_inside_data)
{
	/* On a line of its own but followed by more: the sender's mistake. */
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a\"" CRLF CRLF
	    "1" CRLF "--" B "x" CRLF "--" B "--"), PARSE_INVALID);
	/* On a line of its own: the part ends there, what follows is no part. */
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a\"" CRLF CRLF
	    "1" CRLF "--" B CRLF "2" CRLF "--" B "--"), PARSE_INVALID);
	/* Inside a line, or without its two dashes: data. */
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a\"" CRLF CRLF
	    "1 --" B " " B CRLF B CRLF "--" B "--"), PARSE_OK);
}
END_TEST

START_TEST(test_bad_headers)
{
	/* No Content-Disposition, no name, an empty name, another type. */
	ck_assert_int_eq(parse_str("--" B CRLF "Content-Type: text/plain" CRLF
	    CRLF "1" CRLF "--" B "--"), PARSE_INVALID);
	ck_assert_int_eq(parse_str("--" B CRLF CRLF "1" CRLF "--" B "--"),
	    PARSE_INVALID);
	ck_assert_int_eq(parse_str("--" B CRLF DISP "filename=\"a\"" CRLF CRLF
	    "1" CRLF "--" B "--"), PARSE_INVALID);
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"\"" CRLF CRLF
	    "1" CRLF "--" B "--"), PARSE_INVALID);
	ck_assert_int_eq(parse_str("--" B CRLF "Content-Disposition: "
	    "attachment; name=\"a\"" CRLF CRLF "1" CRLF "--" B "--"),
	    PARSE_INVALID);
	/* Twice a disposition, a name or a filename. */
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a\"" CRLF DISP
	    "name=\"b\"" CRLF CRLF "1" CRLF "--" B "--"), PARSE_INVALID);
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=a; name=b" CRLF CRLF
	    "1" CRLF "--" B "--"), PARSE_INVALID);
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=a; filename=b; "
	    "filename=c" CRLF CRLF "1" CRLF "--" B "--"), PARSE_INVALID);
	/* Not a header line; a folded one; a control character; an open quote. */
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a\"" CRLF
	    "no colon" CRLF CRLF "1" CRLF "--" B "--"), PARSE_INVALID);
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a\"" CRLF
	    " x=1" CRLF CRLF "1" CRLF "--" B "--"), PARSE_INVALID);
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a\x01\"" CRLF CRLF
	    "1" CRLF "--" B "--"), PARSE_INVALID);
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a" CRLF CRLF
	    "1" CRLF "--" B "--"), PARSE_INVALID);
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a\" junk" CRLF CRLF
	    "1" CRLF "--" B "--"), PARSE_INVALID);
	/* A part that is multipart itself. */
	ck_assert_int_eq(parse_str("--" B CRLF DISP "name=\"a\"" CRLF
	    "Content-Type: multipart/mixed; boundary=inner" CRLF CRLF
	    "--inner" CRLF CRLF "1" CRLF "--inner--" CRLF "--" B "--"),
	    PARSE_INVALID);
}
END_TEST

START_TEST(test_nul_in_field)
{
	static const char	 body[] = "--" B CRLF DISP "name=\"a\"" CRLF
	    CRLF "x\0y" CRLF "--" B "--";
	struct parsed		 p;

	ck_assert_int_eq(parse(body, sizeof(body) - 1, &p), PARSE_INVALID);
	params_free(&p.form);
}
END_TEST

/* ------------------------------------------------------------ limits */

/* A body of one field whose one extra header line is n bytes long. */
static enum parse_result
parse_header_of(size_t n)
{
	struct body		 b = { 0 };
	char			*line = malloc(n + 1);
	enum parse_result	 rc;

	memcpy(line, "X-Long: ", 8);
	memset(line + 8, 'h', n - 8);
	line[n] = '\0';
	body_puts(&b, "--" B CRLF);
	body_puts(&b, line);
	body_puts(&b, CRLF DISP "name=\"a\"" CRLF CRLF "1" CRLF "--" B "--");
	rc = parse_str(b.data);
	free(line);
	free(b.data);
	return rc;
}

START_TEST(test_huge_headers)
{
	struct body	 b = { 0 };
	int		 i;

	ck_assert_int_eq(parse_header_of(MULTIPART_MAX_HEADER), PARSE_OK);
	ck_assert_int_eq(parse_header_of(MULTIPART_MAX_HEADER + 1),
	    PARSE_TOO_LARGE);
	ck_assert_int_eq(parse_header_of(1024 * 1024), PARSE_TOO_LARGE);
	/* MULTIPART_MAX_HEADERS lines, then one more. */
	body_puts(&b, "--" B CRLF DISP "name=\"a\"" CRLF);
	for (i = 1; i < MULTIPART_MAX_HEADERS; i++)
		body_puts(&b, "X-Extra: 1" CRLF);
	body_puts(&b, CRLF "1" CRLF "--" B "--");
	ck_assert_int_eq(parse_str(b.data), PARSE_OK);
	free(b.data);
	b.data = NULL;
	b.len = 0;
	b.cap = 0;
	body_puts(&b, "--" B CRLF DISP "name=\"a\"" CRLF);
	for (i = 0; i < MULTIPART_MAX_HEADERS; i++)
		body_puts(&b, "X-Extra: 1" CRLF);
	body_puts(&b, CRLF "1" CRLF "--" B "--");
	ck_assert_int_eq(parse_str(b.data), PARSE_TOO_LARGE);
	free(b.data);
}
END_TEST

/* Parses a body of n fields named f0, f1, ... */
static enum parse_result
parse_parts(int n, struct parsed *p)
{
	struct body		 b = { 0 };
	char			 name[16];
	enum parse_result	 rc;
	int			 i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		body_field(&b, name, name);
	}
	body_puts(&b, "--" B "--" CRLF);
	rc = parse(b.data, b.len, p);
	free(b.data);
	return rc;
}

START_TEST(test_many_parts)
{
	struct parsed	 p;

	ck_assert_int_eq(parse_parts(MULTIPART_MAX_PARTS, &p), PARSE_OK);
	ck_assert_uint_eq(p.form.count, MULTIPART_MAX_PARTS);
	ck_assert_str_eq(params_get(&p.form, "f31"), "f31");
	params_free(&p.form);
	ck_assert_int_eq(parse_parts(MULTIPART_MAX_PARTS + 1, &p),
	    PARSE_TOO_LARGE);
	params_free(&p.form);
	ck_assert_int_eq(parse_parts(10000, &p), PARSE_TOO_LARGE);
	params_free(&p.form);
}
END_TEST

START_TEST(test_field_limits)
{
	struct body	 b = { 0 };
	struct parsed	 p;
	char		*value = malloc(PARAMS_MAX_VALUE + 2);

	memset(value, 'v', PARAMS_MAX_VALUE + 1);
	value[PARAMS_MAX_VALUE] = '\0';
	body_field(&b, "v", value);
	body_puts(&b, "--" B "--");
	ck_assert_int_eq(parse(b.data, b.len, &p), PARSE_OK);
	ck_assert_uint_eq(strlen(params_get(&p.form, "v")), PARAMS_MAX_VALUE);
	params_free(&p.form);
	free(b.data);
	b.data = NULL;
	b.len = 0;
	b.cap = 0;
	value[PARAMS_MAX_VALUE] = 'v';
	value[PARAMS_MAX_VALUE + 1] = '\0';
	body_field(&b, "v", value);
	body_puts(&b, "--" B "--");
	ck_assert_int_eq(parse(b.data, b.len, &p), PARSE_TOO_LARGE);
	params_free(&p.form);
	free(b.data);
	free(value);
	/* A file is not held to the field limits. */
	b.data = NULL;
	b.len = 0;
	b.cap = 0;
	body_puts(&b, "--" B CRLF DISP "name=\"f\"; filename=\"big.csv\""
	    CRLF CRLF);
	value = malloc(4 * PARAMS_MAX_VALUE);
	memset(value, 'x', 4 * PARAMS_MAX_VALUE);
	body_add(&b, value, 4 * PARAMS_MAX_VALUE);
	body_puts(&b, CRLF "--" B "--");
	ck_assert_int_eq(parse(b.data, b.len, &p), PARSE_OK);
	params_free(&p.form);
	free(b.data);
	free(value);
}
END_TEST

static Suite *
multipart_suite(void)
{
	Suite	*s = suite_create("multipart");
	TCase	*tc;

	tc = tcase_create("boundary");
	tcase_add_test(tc, test_boundary_plain_and_quoted);
	tcase_add_test(tc, test_boundary_refused);
	tcase_add_test(tc, test_is_form);
	suite_add_tcase(s, tc);

	tc = tcase_create("good");
	tcase_add_test(tc, test_fields_and_file);
	tcase_add_test(tc, test_empty_file_and_no_parts);
	tcase_add_test(tc, test_header_forms);
	tcase_add_test(tc, test_crlf_edges);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_test(tc, test_missing_final_boundary);
	tcase_add_test(tc, test_boundary_inside_data);
	tcase_add_test(tc, test_bad_headers);
	tcase_add_test(tc, test_nul_in_field);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_huge_headers);
	tcase_add_test(tc, test_many_parts);
	tcase_add_test(tc, test_field_limits);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(multipart_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
