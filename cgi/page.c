/* page.c: small things many page handlers share: page data by formatted name, money, the store's currency, page bounds, links, the account named in the URL. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "buf.h"
#include "http.h"
#include "log.h"
#include "money.h"
#include "page.h"
#include "request.h"
#include "view.h"

#define ID_DIGITS	18

int
page_setf(struct req *r, const char *value, const char *fmt, ...)
{
	char	 name[128];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	return view_set(r, name, value);
}

int
page_flag(struct req *r, const char *name, int on)
{
	return on ? view_set(r, name, "1") : 0;
}

int
page_money(struct req *r, const struct currency *c, int64_t v,
    const char *name)
{
	char	 text[MONEY_TEXT_MAX];

	return view_set(r, name, money_format(v, c, text));
}

const struct currency *
page_currency(const struct req *r)
{
	const struct currency	*c = currency_find(r->session.currency);

	if (c == NULL)
		log_error("the currency '%s' of store %lld is unknown",
		    r->session.currency, (long long)r->session.store_id);
	return c;
}

int
page_id_parse(const char *s, int64_t *out)
{
	size_t	 n = strlen(s);

	*out = 0;
	if (n == 0)
		return 0;
	if (n > ID_DIGITS || strspn(s, "0123456789") != n)
		return -1;
	*out = strtoll(s, NULL, 10);
	return *out > 0 ? 0 : -1;
}

int
page_link(struct req *r, const char *name, const char *path,
    const struct buf *q)
{
	struct buf	 link = { 0 };
	int		 rc;

	rc = buf_printf(&link, "%s%s%s", path, q->len > 0 ? "?" : "",
	    q->len > 0 ? q->data : "");
	if (rc == 0)
		rc = view_set(r, name, link.data);
	buf_free(&link);
	return rc;
}

int
page_pager(struct req *r, const char *path, const struct buf *q, int more,
    int64_t last, int64_t before)
{
	struct buf	 older = { 0 };
	char		 num[24];
	int		 rc = 0;

	snprintf(num, sizeof(num), "%lld", (long long)last);
	if (more)
		rc = buf_puts(&older, q->len > 0 ? q->data : "") == -1 ||
		    http_query_add(&older, "before", num) == -1 ||
		    page_link(r, "Pager.Older", path, &older) == -1 ? -1 : 0;
	if (rc == 0 && before > 0)
		rc = page_link(r, "Pager.First", path, q);
	buf_free(&older);
	return rc;
}

int
page_bound_read(struct req *r, enum stmt s, int64_t before,
    char bound[PAGE_BOUND_TEXT])
{
	int	 rc;

	if (before == 0) {
		snprintf(bound, PAGE_BOUND_TEXT, "%s",
		    "9999-12-31 23:59:59.999999");
		return 0;
	}
	rc = db_get(r->db, s, DB_ARGS(DB_INT(before),
	    DB_INT(r->session.store_id)), DB_COLS({ DB_T_STR, NULL, bound,
	    PAGE_BOUND_TEXT, NULL, NULL }));
	return rc < 0 ? -1 : rc == 0 ? -2 : 0;
}

int
page_csv(struct req *r, const char *fmt, ...)
{
	char	 name[96], disposition[128];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	snprintf(disposition, sizeof(disposition),
	    "attachment; filename=\"%s\"", name);
	if (http_add_header(r, "Content-Disposition", disposition) == -1)
		return -1;
	r->resp.status = 200;
	r->resp.content_type = "text/csv; charset=utf-8";
	return 0;
}

/* True when s looks like an account number: 'A' and digits. */
static int
account_number_valid(const char *s)
{
	size_t	 n = strlen(s);

	return n >= 2 && n < COUNTER_CODE_MAX && s[0] == 'A' &&
	    strspn(s + 1, "0123456789") == n - 1;
}

int
page_found(struct req *r, int rc)
{
	if (rc < 0)
		return -1;
	if (rc == 0)
		view_error(r, 404, PAGE_NOT_FOUND);
	return rc;
}

int
page_account(struct req *r, const char *number, struct account *a)
{
	if (!account_number_valid(number)) {
		view_error(r, 404, PAGE_NOT_FOUND);
		return 0;
	}
	return page_found(r, account_get(r->db, r->session.store_id, number,
	    0, a));
}
