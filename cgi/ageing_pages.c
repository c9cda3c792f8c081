/* ageing_pages.c: the ageing report: what each account owes by how long it is past due, as of a date, sorted, with totals, a bar chart and a CSV export. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ageing.h"
#include "buf.h"
#include "counters.h"
#include "csv.h"
#include "customer.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "log.h"
#include "money.h"
#include "page.h"
#include "text.h"
#include "timez.h"
#include "view.h"

#define AGEING_PAGE_ROWS	100
#define AGEING_CSV_MAX		1000000	/* rows: more than any store has accounts */
#define AGEING_PAGE_MAX		100000	/* pages: a bound on OFFSET */

/* The chart's geometry, in SVG user units. */
#define CHART_BAR_MAX		160	/* the tallest bar */
#define CHART_TOP		24	/* room for the amount above a bar */
#define CHART_SLOT		110	/* each bar's share of the width */
#define CHART_BAR_WIDTH		70
#define CHART_LABELS		24	/* room for the labels below */

/* The columns of the report, in order: the sort keys of the links. */
enum column {
	COL_NUMBER, COL_CUSTOMER, COL_CURRENT, COL_1_30, COL_31_60,
	COL_61_90, COL_OVER_90, COL_TOTAL, COL__MAX
};

static const char *const column_keys[COL__MAX] = {
	"number", "customer", "current", "d1_30", "d31_60", "d61_90",
	"d90_plus", "total"
};

static const char *const column_labels[COL__MAX] = {
	"Account", "Customer", "Current", "1\xe2\x80\x93" "30 days",
	"31\xe2\x80\x93" "60 days", "61\xe2\x80\x93" "90 days",
	"Over 90 days", "Total"
};

/* What the query string asks for, checked. */
struct report_query {
	struct timez_date	 today;
	struct ageing_asof	 asof;
	const char		*asof_text;	/* as typed, or "" */
	enum column		 sort;
	int			 asc;
	int			 over60;
	int64_t			 page;		/* 1-based */
};

/* One account's row. */
struct report_row {
	char		 number[COUNTER_CODE_MAX];
	char		 code[COUNTER_CODE_MAX];
	char		 name[TEXT_BYTES(CUSTOMER_NAME_MAX)];
	struct ageing_sums s;
};

/* ------------------------------------------------------------ query */

/* The store's currency; every store has one Slate knows. */
static const struct currency *
store_currency(const struct req *r)
{
	const struct currency	*c = currency_find(r->session.currency);

	if (c == NULL)
		log_error("ageing: the store's currency '%s' is unknown",
		    r->session.currency);
	return c;
}

/* Reads the page number: 1 to AGEING_PAGE_MAX, empty is 1. Returns 0 or -1. */
static int
page_read(const char *s, int64_t *out)
{
	size_t	 n = strlen(s);

	*out = 1;
	if (n == 0)
		return 0;
	if (n > 6 || strspn(s, "0123456789") != n)
		return -1;
	*out = strtoll(s, NULL, 10);
	return *out >= 1 && *out <= AGEING_PAGE_MAX ? 0 : -1;
}

/* Reads the sort column and direction; anything unknown is the default (account, ascending). */
static void
sort_read(struct req *r, struct report_query *q)
{
	const char	*key = req_query(r, "sort");
	int		 i;

	q->sort = COL_NUMBER;
	for (i = 0; i < COL__MAX; i++)
		if (strcmp(key, column_keys[i]) == 0)
			q->sort = (enum column)i;
	q->asc = strcmp(req_query(r, "dir"), "desc") != 0;
}

/*
 * In the entered zone: reads the report's query string into *q. Returns
 * 0, 1 when the date is not right (its message put beside it), -2 for
 * a malformed page number, or -1.
 */
static int
query_read(struct req *r, struct report_query *q)
{
	struct timez_date	 d;

	memset(q, 0, sizeof(q[0]));
	timez_local_date(time(NULL), &q->today);
	sort_read(r, q);
	q->over60 = strcmp(req_query(r, "over60"), "1") == 0;
	if (page_read(req_query(r, "page"), &q->page) == -1)
		return -2;
	q->asof_text = req_query(r, "asof");
	d = q->today;
	if (*q->asof_text != '\0' && timez_parse_date(q->asof_text, &d) == -1)
		return view_set(r, "Errors.asof", "Enter a date as YYYY-MM-DD, "
		    "such as 2026-11-23.") == -1 ? -1 : 1;
	if (ageing_asof_make(&d, &q->today, &q->asof) == -1)
		return view_set(r, "Errors.asof", "Choose a date before "
		    "9999.") == -1 ? -1 : 1;
	return 0;
}

/* Writes the query string of q with another sort, direction and page into b. */
static int
query_link(const struct report_query *q, enum column sort, int asc,
    int64_t page, struct buf *b)
{
	char	 num[24];

	snprintf(num, sizeof(num), "%lld", (long long)page);
	return http_query_add(b, "asof", q->asof_text) == -1 ||
	    http_query_add(b, "over60", q->over60 ? "1" : "") == -1 ||
	    http_query_add(b, "sort", column_keys[sort]) == -1 ||
	    http_query_add(b, "dir", asc ? "asc" : "desc") == -1 ||
	    http_query_add(b, "page", page > 1 ? num : "") == -1 ? -1 : 0;
}

/* Puts path?query of q (with sort, asc, page) into the page data as name. */
static int
link_set(struct req *r, const char *name, const char *path,
    const struct report_query *q, enum column sort, int asc, int64_t page)
{
	struct buf	 b = { 0 };
	int		 rc;

	rc = buf_puts(&b, path) == -1 || buf_puts(&b, "?") == -1 ||
	    query_link(q, sort, asc, page, &b) == -1 ? -1 : 0;
	if (rc == 0)
		rc = view_set(r, name, b.data);
	buf_free(&b);
	return rc;
}

/* ------------------------------------------------------------ reading */

/* Binds the arguments every ageing query of the store starts with, in args[0..12]. */
static size_t
store_args(const struct req *r, const struct ageing_asof *a,
    struct db_arg *args)
{
	const struct db_arg	 v[] = { DB_INT(a->past), DB_STR(a->end_utc),
	    DB_STR(a->bound_date[0]), DB_STR(a->bound_utc[0]),
	    DB_STR(a->bound_date[1]), DB_STR(a->bound_utc[1]),
	    DB_STR(a->bound_date[2]), DB_STR(a->bound_utc[2]),
	    DB_STR(a->bound_date[3]), DB_STR(a->bound_utc[3]),
	    DB_INT(r->session.store_id), DB_INT(a->past),
	    DB_STR(a->end_utc), DB_STR(a->end_utc) };

	memcpy(args, v, sizeof(v));
	return sizeof(v) / sizeof(v[0]);
}

/* Reads how many accounts owe and the sums over all of them. Returns 0 or < 0. */
static int
totals_read(struct req *r, const struct report_query *q, int64_t *count,
    struct ageing_sums *t)
{
	struct db_arg	 args[16];
	size_t		 n = store_args(r, &q->asof, args);
	int		 rc;

	args[n++] = DB_INT(q->over60);
	memset(t, 0, sizeof(*t));
	rc = db_get(r->db, STMT_AGEING_STORE_TOTALS, args, n, DB_COLS(
	    COL_INT(count), COL_INT(&t->bucket[0]), COL_INT(&t->bucket[1]),
	    COL_INT(&t->bucket[2]), COL_INT(&t->bucket[3]),
	    COL_INT(&t->bucket[4]), COL_INT(&t->total)));
	return rc < 0 ? rc : 0;
}

/* Starts the rows query of q: limit rows from offset. Returns DB_OK or < 0. */
static int
rows_query(struct req *r, const struct report_query *q, int64_t limit,
    int64_t offset, struct report_row *row, struct db_col cols[9])
{
	const struct db_col	 c[9] = { COL_STR(row->number),
	    COL_STR(row->code), COL_STR(row->name),
	    COL_INT(&row->s.bucket[0]), COL_INT(&row->s.bucket[1]),
	    COL_INT(&row->s.bucket[2]), COL_INT(&row->s.bucket[3]),
	    COL_INT(&row->s.bucket[4]), COL_INT(&row->s.total) };
	struct db_arg		 args[24];
	size_t			 n = store_args(r, &q->asof, args);
	int			 dir = q->asc ? 1 : 2;

	memcpy(cols, c, sizeof(c));
	args[n++] = DB_INT(q->over60);
	args[n++] = DB_INT(q->sort == COL_NUMBER ? dir : 0);
	args[n++] = DB_INT(q->sort == COL_NUMBER ? dir : 0);
	args[n++] = DB_INT(q->sort == COL_CUSTOMER ? dir : 0);
	args[n++] = DB_INT(q->sort == COL_CUSTOMER ? dir : 0);
	args[n++] = DB_INT(q->asc ? 1 : -1);
	args[n++] = DB_INT(q->sort >= COL_CURRENT ? q->sort - COL_CURRENT + 1 :
	    0);
	args[n++] = DB_INT(limit);
	args[n++] = DB_INT(offset);
	return db_query(r->db, STMT_AGEING_STORE_PAGE, args, n, cols, 9);
}

/* ------------------------------------------------------------ page */

/* Sets name (made from a prefix, n and a field) to value. */
static int
nset(struct req *r, const char *prefix, long n, const char *field,
    const char *value)
{
	char	 name[80];

	snprintf(name, sizeof(name), "%s.%ld.%s", prefix, n, field);
	return view_set(r, name, value);
}

/* Puts the five buckets and the total of s under prefix (".B.<k>", ".Total"). */
static int
sums_set(struct req *r, const char *prefix, const struct currency *c,
    const struct ageing_sums *s)
{
	char	 money[MONEY_TEXT_MAX], name[80];
	int	 k;

	for (k = 0; k < AGEING__MAX; k++) {
		snprintf(name, sizeof(name), "%s.B.%d", prefix, k);
		if (view_set(r, name, money_format(s->bucket[k], c, money)) ==
		    -1)
			return -1;
	}
	snprintf(name, sizeof(name), "%s.Total", prefix);
	return view_set(r, name, money_format(s->total, c, money));
}

/* Puts one page of rows. Returns 0 or -1. */
static int
rows_page(struct req *r, const struct report_query *q,
    const struct currency *c)
{
	struct report_row	 row;
	struct db_col		 cols[9];
	char			 prefix[32];
	long			 n = 0;
	int			 rc;

	if (rows_query(r, q, AGEING_PAGE_ROWS, (q->page - 1) *
	    AGEING_PAGE_ROWS, &row, cols) != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1) {
		snprintf(prefix, sizeof(prefix), "Rows.%ld", n);
		if (nset(r, "Rows", n, "Number", row.number) == -1 ||
		    nset(r, "Rows", n, "CustomerCode", row.code) == -1 ||
		    nset(r, "Rows", n, "CustomerName", row.name) == -1 ||
		    sums_set(r, prefix, c, &row.s) == -1) {
			rc = -1;
			break;
		}
		n++;
	}
	db_done(r->db);
	return rc < 0 ? -1 : 0;
}

/* Puts each column's heading, its sort link and how it is sorted now. */
static int
columns_set(struct req *r, const struct report_query *q)
{
	enum column	 i;
	char		 name[32];
	int		 asc;

	for (i = 0; i < COL__MAX; i++) {
		/* A new column sorts names up and amounts down; the current one turns round. */
		asc = q->sort == i ? !q->asc : i <= COL_CUSTOMER;
		if (nset(r, "Columns", i, "Key", column_keys[i]) == -1 ||
		    nset(r, "Columns", i, "Label", column_labels[i]) == -1 ||
		    (i >= COL_CURRENT && nset(r, "Columns", i, "Num", "1") ==
		    -1) ||
		    (q->sort == i && nset(r, "Columns", i, "Sorted", q->asc ?
		    "ascending" : "descending") == -1))
			return -1;
		snprintf(name, sizeof(name), "Columns.%d.Link", (int)i);
		if (link_set(r, name, "/reports/ageing", q, i, asc, 1) == -1)
			return -1;
	}
	return 0;
}

/* A bar's height for amount when the largest is max: whole units, 0..CHART_BAR_MAX. */
static long
bar_height(int64_t amount, int64_t max)
{
	if (max <= 0 || amount <= 0)
		return 0;
	/* max <= 2^53 and CHART_BAR_MAX < 2^9: the product fits. */
	if (max <= INT64_MAX / CHART_BAR_MAX)
		return (long)((amount * CHART_BAR_MAX + max / 2) / max);
	return (long)(amount / (max / CHART_BAR_MAX));
}

/* Puts one number of bar k of the chart. */
static int
bar_set(struct req *r, int k, const char *field, long v)
{
	char	 name[48];

	snprintf(name, sizeof(name), "Chart.Bars.%d.%s", k, field);
	return view_set_int(r, name, v);
}

/* Puts the bar chart of the totals: each bar's place, height and labels, in whole SVG units. */
static int
chart_set(struct req *r, const struct currency *c, const struct ageing_sums *t)
{
	char	 money[MONEY_TEXT_MAX];
	int64_t	 max = 0;
	long	 h, x;
	int	 k;

	for (k = 0; k < AGEING__MAX; k++)
		if (t->bucket[k] > max)
			max = t->bucket[k];
	for (k = 0; k < AGEING__MAX; k++) {
		h = bar_height(t->bucket[k], max);
		x = (long)k * CHART_SLOT + (CHART_SLOT - CHART_BAR_WIDTH) / 2;
		if (bar_set(r, k, "X", x) == -1 ||
		    bar_set(r, k, "Middle", x + CHART_BAR_WIDTH / 2) == -1 ||
		    bar_set(r, k, "Y", CHART_TOP + CHART_BAR_MAX - h) == -1 ||
		    bar_set(r, k, "Height", h) == -1 ||
		    bar_set(r, k, "AmountY", CHART_TOP + CHART_BAR_MAX - h -
		    6) == -1 ||
		    nset(r, "Chart.Bars", k, "Label",
		    ageing_bucket_label((enum ageing_bucket)k)) == -1 ||
		    nset(r, "Chart.Bars", k, "Amount", money_format(
		    t->bucket[k], c, money)) == -1)
			return -1;
	}
	return view_set_int(r, "Chart.Width", (long)AGEING__MAX *
	    CHART_SLOT) == -1 ||
	    view_set_int(r, "Chart.Height", CHART_TOP + CHART_BAR_MAX +
	    CHART_LABELS) == -1 ||
	    view_set_int(r, "Chart.Base", CHART_TOP + CHART_BAR_MAX) == -1 ||
	    view_set_int(r, "Chart.BarWidth", CHART_BAR_WIDTH) == -1 ||
	    view_set_int(r, "Chart.LabelY", CHART_TOP + CHART_BAR_MAX + 18) ==
	    -1 ? -1 : 0;
}

/* Puts the Previous and Next links of the pages of count rows. */
static int
pager_set(struct req *r, const struct report_query *q, int64_t count)
{
	int64_t	 pages = (count + AGEING_PAGE_ROWS - 1) / AGEING_PAGE_ROWS;

	return view_set_int(r, "Pager.Page", q->page) == -1 ||
	    view_set_int(r, "Pager.Pages", pages) == -1 ||
	    (q->page > 1 && link_set(r, "Pager.Prev", "/reports/ageing", q,
	    q->sort, q->asc, q->page - 1) == -1) ||
	    (q->page < pages && link_set(r, "Pager.Next", "/reports/ageing",
	    q, q->sort, q->asc, q->page + 1) == -1) ? -1 : 0;
}

/* Puts the filters back into their form. */
static int
filters_set(struct req *r, const struct report_query *q)
{
	char	 date[TIMEZ_DATE_TEXT];

	timez_date_text(&q->today, date);
	return view_set(r, "Filter.asof", *q->asof_text != '\0' ?
	    q->asof_text : date) == -1 ||
	    (q->over60 && view_set(r, "Filter.over60", "1") == -1) ? -1 : 0;
}

/* Renders the report page with status. */
static int
report_render(struct req *r, int status)
{
	if (view_set(r, "Page.Title", "Ageing") == -1 ||
	    view_set(r, "Page.Nav", "/reports/ageing") == -1)
		return -1;
	return view_render(r, status, "ageing.cs");
}

/* Puts the whole report of q: totals, chart, columns, the page of rows, links. */
static int
report_set(struct req *r, const struct report_query *q,
    const struct currency *c)
{
	struct ageing_sums	 t;
	int64_t			 count;
	char			 date[TIMEZ_DATE_TEXT];

	if (totals_read(r, q, &count, &t) < 0)
		return -1;
	timez_date_text(&q->asof.date, date);
	return view_set(r, "Report.Date", date) == -1 ||
	    view_set_int(r, "Report.Count", count) == -1 ||
	    sums_set(r, "Report.Totals", c, &t) == -1 ||
	    chart_set(r, c, &t) == -1 ||
	    columns_set(r, q) == -1 ||
	    rows_page(r, q, c) == -1 ||
	    pager_set(r, q, count) == -1 ||
	    link_set(r, "Report.Export", "/reports/ageing.csv", q, q->sort,
	    q->asc, 1) == -1 ? -1 : 0;
}

/* The report, with the store's time zone entered. */
static int
report_in_zone(struct req *r)
{
	const struct currency	*c;
	struct report_query	 q;
	int			 rc;

	if ((c = store_currency(r)) == NULL)
		return -1;
	if ((rc = query_read(r, &q)) == -2) {
		view_error(r, 400, "The request could not be understood.");
		return 0;
	}
	if (rc == -1 || filters_set(r, &q) == -1)
		return -1;
	if (rc == 1)
		return report_render(r, 422);
	if (report_set(r, &q, c) == -1)
		return -1;
	return report_render(r, 200);
}

/*
 * GET /reports/ageing: what each account of the store owes as of a
 * date (asof, YYYY-MM-DD in the store's zone; default today) by bucket
 * (current, 1-30, 31-60, 61-90, over 90 days past due) with the total,
 * 100 accounts a page (page), sorted by any column (sort, dir) and then
 * by account number, optionally only those with anything over 60 days
 * past due (over60=1); the totals over every account, a bar chart of
 * them, and a link to the CSV export. 200 the report; 422 the filters
 * with a message beside a bad date; 400 for a malformed page number.
 */
int
handle_ageing_report(struct req *r)
{
	return req_in_store_zone(r, report_in_zone);
}

/* ------------------------------------------------------------ CSV */

static const char csv_header[] = "account,customer_code,customer,current,"
    "d1_30,d31_60,d61_90,d90_plus,total\r\n";

/* Appends one account's row. */
static int
csv_row(struct buf *b, const struct report_row *row, int exponent)
{
	char	 plain[MONEY_TEXT_MAX];
	int	 k;

	if (csv_cell(b, row->number, 1) == -1 ||
	    csv_cell(b, row->code, 0) == -1 ||
	    csv_cell(b, row->name, 0) == -1)
		return -1;
	for (k = 0; k < AGEING__MAX; k++)
		if (csv_number_cell(b, money_plain(row->s.bucket[k], exponent,
		    plain), 0) == -1)
			return -1;
	return csv_number_cell(b, money_plain(row->s.total, exponent, plain),
	    0) == -1 ? -1 : csv_end(b);
}

/* Writes the header and every row of q into the body. */
static int
csv_rows(struct req *r, const struct report_query *q, int exponent)
{
	struct report_row	 row;
	struct db_col		 cols[9];
	int			 rc;

	buf_reset(&r->resp.body);
	if (buf_puts(&r->resp.body, csv_header) == -1 ||
	    rows_query(r, q, AGEING_CSV_MAX, 0, &row, cols) != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1)
		if (csv_row(&r->resp.body, &row, exponent) == -1) {
			rc = -1;
			break;
		}
	db_done(r->db);
	return rc < 0 ? -1 : 0;
}

/* The export, with the store's time zone entered. */
static int
csv_in_zone(struct req *r)
{
	const struct currency	*c;
	struct report_query	 q;
	char			 date[TIMEZ_DATE_TEXT];
	int			 rc;

	if ((c = store_currency(r)) == NULL)
		return -1;
	if ((rc = query_read(r, &q)) == -2) {
		view_error(r, 400, "The request could not be understood.");
		return 0;
	}
	if (rc == -1 || filters_set(r, &q) == -1)
		return -1;
	if (rc == 1)
		return report_render(r, 422);
	if (csv_rows(r, &q, c->exponent) == -1)
		return -1;
	timez_date_text(&q.asof.date, date);
	return page_csv(r, "ageing-%s-%s.csv",
	    r->session.store_code, date);
}

/*
 * GET /reports/ageing.csv: every row of the report with the same query
 * (pages aside) as CSV with plain decimal amounts, as an attachment
 * named ageing-<store code>-<date>.csv. 200 the CSV; 422 the report's
 * filters with a message beside a bad date; 400 for a malformed page
 * number.
 */
int
handle_ageing_csv(struct req *r)
{
	return req_in_store_zone(r, csv_in_zone);
}
