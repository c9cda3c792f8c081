/* audit_pages.c: the audit log page, with filters and keyset pagination, and its CSV export. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "buf.h"
#include "csv.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "log.h"
#include "page.h"
#include "text.h"
#include "timez.h"
#include "view.h"

#define AUDIT_PAGE		50	/* entries per page */
#define AUDIT_CSV_MAX		100000	/* rows in one export at most */
#define AUDIT_JSON_CHARS	65536	/* as STMT_AUDIT_LIST cuts them */
#define AUDIT_JSON_BYTES	TEXT_BYTES(AUDIT_JSON_CHARS)
#define AUDIT_COLS		14

/* The filters of the page and the export: as typed, and as bound. */
struct audit_filter {
	const char	*actor, *action, *object_type, *object_id;
	const char	*from, *to;
	const char	*action_exact;	/* the action, or "" */
	const char	*action_prefix;	/* the action when it ends in '.' */
	char		 from_utc[TIMEZ_TEXT];	/* "" for no bound */
	char		 to_utc[TIMEZ_TEXT];	/* the end, excluded */
	int64_t		 before, after;	/* id bounds of a page; 0: none */
};

/* What one entry shows, as read from the database (sizes as the columns). */
struct audit_entry {
	int64_t	 id, at, actor_id, approver_id;
	char	 actor_type[TEXT_BYTES(8)];
	char	 actor_name[TEXT_BYTES(254)];
	char	 staff_name[TEXT_BYTES(200)];	/* the staff member's name today */
	char	 action[TEXT_BYTES(64)];
	char	 object_type[TEXT_BYTES(32)];
	char	 object_id[TEXT_BYTES(64)];
	char	 approver_name[TEXT_BYTES(254)];
	char	 client_addr[TEXT_BYTES(64)];
};

/* The row being read, with the columns bound to it. */
struct audit_cursor {
	struct audit_entry	 e;
	char			 before[AUDIT_JSON_BYTES];
	char			 after[AUDIT_JSON_BYTES];
	size_t			 before_len, after_len;
	struct db_col		 cols[AUDIT_COLS];
};

/* An entry of the page with its before and after parsed. */
struct audit_item {
	struct audit_entry	 e;
	json_t			*before, *after;
};

/* Receives one line of an entry's changes. Returns 0 or -1. */
typedef int	(*audit_line_fn)(const char *line, void *arg);

/* Binds the columns of STMT_AUDIT_LIST to the cursor's row. */
static void
audit_cursor_bind(struct audit_cursor *c)
{
	struct audit_entry	*e = &c->e;
	const struct db_col	 cols[AUDIT_COLS] = {
		COL_INT(&e->id), COL_INT(&e->at),
		COL_STR(e->actor_type), COL_INT(&e->actor_id),
		COL_STR(e->actor_name), COL_STR(e->staff_name),
		COL_STR(e->action), COL_STR(e->object_type),
		COL_STR(e->object_id),
		COL_BLOB(c->before, &c->before_len),
		COL_BLOB(c->after, &c->after_len),
		COL_INT(&e->approver_id), COL_STR(e->approver_name),
		COL_STR(e->client_addr)
	};

	memcpy(c->cols, cols, sizeof(cols));
}

/* Returns a new cursor with its columns bound, or NULL. */
static struct audit_cursor *
audit_cursor_new(void)
{
	struct audit_cursor	*c;

	if ((c = calloc(1, sizeof(*c))) != NULL)
		audit_cursor_bind(c);
	return c;
}

/*
 * Runs the listing with f's filters: newest first below f->before, or
 * with newer set oldest first above f->after. Rows are then read into
 * c with db_fetch. Returns DB_OK or a negative enum db_result.
 */
static int
audit_query(struct req *r, const struct audit_filter *f, int newer,
    int64_t limit, struct audit_cursor *c)
{
	int64_t		 bound = newer ? f->after : f->before;
	struct db_arg	 id = bound > 0 ? DB_INT(bound) : DB_NULL;
	struct db_arg	 from = f->from_utc[0] != '\0' ?
			    DB_STR(f->from_utc) : DB_NULL;
	struct db_arg	 to = f->to_utc[0] != '\0' ?
			    DB_STR(f->to_utc) : DB_NULL;

	return db_query(r->db, newer ? STMT_AUDIT_LIST_NEWER : STMT_AUDIT_LIST,
	    DB_ARGS(DB_INT(r->session.store_id), id, id,
	    DB_STR(f->actor), DB_STR(f->actor), DB_STR(f->actor),
	    DB_STR(f->action_exact), DB_STR(f->action_exact),
	    DB_STR(f->action_prefix), DB_STR(f->action_prefix),
	    DB_STR(f->action_prefix),
	    DB_STR(f->object_type), DB_STR(f->object_type),
	    DB_STR(f->object_id), DB_STR(f->object_id),
	    from, from, to, to, DB_INT(limit)),
	    c->cols, AUDIT_COLS);
}

/* ------------------------------------------------------------ filters */

/* Puts a problem beside field name. Returns 1 (one problem), or -1. */
static int
audit_problem(struct req *r, const char *field, const char *message)
{
	char	 name[64];

	snprintf(name, sizeof(name), "Errors.%s", field);
	return view_set(r, name, message) == -1 ? -1 : 1;
}

/* Reads field name of the query into *out and back into the form. Returns 0 or -1. */
static int
audit_filter_field(struct req *r, const char *name, const char **out)
{
	char	 key[64];

	*out = req_query(r, name);
	snprintf(key, sizeof(key), "Filter.%s", name);
	return **out != '\0' ? view_set(r, key, *out) : 0;
}

/*
 * Reads text field name of the query (at most max characters) into
 * *out and back into the form. Returns 0, 1 when it is not acceptable
 * (the message is beside the field), or -1.
 */
static int
audit_filter_text(struct req *r, const char *name, long max,
    const char **out)
{
	const char	*problem;

	if (audit_filter_field(r, name, out) == -1)
		return -1;
	if ((problem = text_problem(*out, max, 0)) != NULL)
		return audit_problem(r, name, problem);
	return 0;
}

/*
 * Reads date field name (YYYY-MM-DD, or empty for none) into *s and
 * *d, and sets *given. Returns 0, 1 when it is not a date, or -1.
 */
static int
audit_filter_date(struct req *r, const char *name, const char **s,
    struct timez_date *d, int *given)
{
	if (audit_filter_field(r, name, s) == -1)
		return -1;
	*given = **s != '\0';
	if (*given && timez_parse_date(*s, d) == -1)
		return audit_problem(r, name, "Enter a date as YYYY-MM-DD, "
		    "such as 2026-11-23.");
	return 0;
}

/*
 * Reads the from and to dates, days in the store's time zone (entered
 * by the caller), and turns them into UTC bounds: from the first
 * instant of from up to the first instant of the day after to.
 * Returns 0, the number of problems (each beside its field), or -1.
 */
static int
audit_filter_dates(struct req *r, struct audit_filter *f)
{
	struct timez_date	 from, to;
	int			 has_from, has_to, bad, rc;

	if ((bad = audit_filter_date(r, "from", &f->from, &from,
	    &has_from)) == -1 ||
	    (rc = audit_filter_date(r, "to", &f->to, &to, &has_to)) == -1)
		return -1;
	if ((bad += rc) > 0)
		return bad;
	if (has_from && has_to && timez_date_cmp(&from, &to) > 0)
		return audit_problem(r, "to", "The end date is before the "
		    "start date.");
	if (has_from)
		timez_utc_text(timez_day_start(&from), f->from_utc);
	if (has_to) {
		timez_date_add_days(&to, 1);
		/* After 9999-12-31 there is nothing to leave out. */
		if (to.year <= 9999)
			timez_utc_text(timez_day_start(&to), f->to_utc);
	}
	return 0;
}

/* Adds a check's problems (rc > 0) to *problems; passes rc on. */
static int
audit_tally(int rc, int *problems)
{
	if (rc > 0)
		*problems += rc;
	return rc;
}

/*
 * Reads the filters of the query string into f and back into the form
 * (Filter.*). Returns the number of problems (each beside its field as
 * Errors.*), or -1.
 */
static int
audit_filter_read(struct req *r, struct audit_filter *f)
{
	int	 problems = 0;

	memset(f, 0, sizeof(*f));
	if (audit_tally(audit_filter_text(r, "actor", 254, &f->actor),
	    &problems) == -1 ||
	    audit_tally(audit_filter_text(r, "action", 64, &f->action),
	    &problems) == -1 ||
	    audit_tally(audit_filter_text(r, "object_type", 32,
	    &f->object_type), &problems) == -1 ||
	    audit_tally(audit_filter_text(r, "object_id", 64, &f->object_id),
	    &problems) == -1 ||
	    audit_tally(audit_filter_dates(r, f), &problems) == -1)
		return -1;
	/* "staff." is a prefix of every staff action; anything else, one action. */
	f->action_exact = f->action_prefix = "";
	if (*f->action != '\0' && f->action[strlen(f->action) - 1] == '.')
		f->action_prefix = f->action;
	else
		f->action_exact = f->action;
	return problems;
}

/* Reads a page bound: 1 to 18 digits, not 0. Returns 0 or -1. */
static int
audit_id_parse(const char *s, int64_t *out)
{
	size_t	 i, n = strlen(s);

	*out = 0;
	if (n == 0)
		return 0;
	if (n > 18)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*out = *out * 10 + (s[i] - '0');
	}
	return *out > 0 ? 0 : -1;
}

/* Reads ?before= or ?after= (never both). Returns 0, or -1 when malformed. */
static int
audit_paging_read(struct req *r, struct audit_filter *f)
{
	if (audit_id_parse(req_query(r, "before"), &f->before) == -1 ||
	    audit_id_parse(req_query(r, "after"), &f->after) == -1)
		return -1;
	return f->before > 0 && f->after > 0 ? -1 : 0;
}

/* Writes the filters as a query string into b (empty when there are none). */
static int
audit_filter_query(const struct audit_filter *f, struct buf *b)
{
	if (http_query_add(b, "actor", f->actor) == -1 ||
	    http_query_add(b, "action", f->action) == -1 ||
	    http_query_add(b, "object_type", f->object_type) == -1 ||
	    http_query_add(b, "object_id", f->object_id) == -1 ||
	    http_query_add(b, "from", f->from) == -1 ||
	    http_query_add(b, "to", f->to) == -1)
		return -1;
	return 0;
}

/*
 * Puts the link path?filters[&key=id] into the page data as name (no
 * key when id is 0). Returns 0 or -1.
 */
static int
audit_link(struct req *r, const char *name, const char *path,
    const struct audit_filter *f, const char *key, int64_t id)
{
	struct buf	 q = { 0 }, link = { 0 };
	char		 num[24];
	int		 rc;

	snprintf(num, sizeof(num), "%lld", (long long)id);
	rc = audit_filter_query(f, &q);
	if (rc == 0 && id > 0)
		rc = http_query_add(&q, key, num);
	if (rc == 0)
		rc = buf_printf(&link, "%s%s%s", path, q.len > 0 ? "?" : "",
		    q.len > 0 ? q.data : "");
	if (rc == 0)
		rc = view_set(r, name, link.data);
	buf_free(&q);
	buf_free(&link);
	return rc;
}

/* ------------------------------------------------------------ changes */

/* Returns a value as a change shows it, in a new string, or NULL. */
static char *
audit_value_text(const json_t *v)
{
	if (v == NULL)
		return strdup("(none)");
	if (json_is_string(v))
		return strdup(*json_string_value(v) != '\0' ?
		    json_string_value(v) : "\"\"");
	return json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS);
}

/* Sends "key: before → after" (or "key: value" without a before) to fn. */
static int
audit_line(const char *key, const json_t *before, const json_t *after,
    int has_before, audit_line_fn fn, void *arg)
{
	struct buf	 line = { 0 };
	char		*b = NULL, *a = audit_value_text(after);
	int		 rc = -1;

	if (a == NULL || (has_before && (b = audit_value_text(before)) == NULL))
		goto out;
	if (key != NULL && buf_printf(&line, "%s: ", key) == -1)
		goto out;
	if ((b == NULL ? buf_puts(&line, a) :
	    buf_printf(&line, "%s \xe2\x86\x92 %s", b, a)) == -1)
		goto out;
	rc = fn(line.data, arg);
out:
	free(a);
	free(b);
	buf_free(&line);
	return rc;
}

static int
audit_key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Collects the keys of a and b (objects or NULL), sorted, without repeats. */
static const char **
audit_keys(const json_t *a, const json_t *b, size_t *n)
{
	const json_t	*objs[2] = { a, b };
	const char	**keys, *key;
	json_t		*v;
	size_t		 i, k, cap;

	cap = json_object_size(a) + json_object_size(b) + 1;
	if ((keys = calloc(cap, sizeof(*keys))) == NULL)
		return NULL;
	*n = 0;
	for (k = 0; k < 2; k++)
		json_object_foreach((json_t *)objs[k], key, v)
			keys[(*n)++] = key;
	qsort(keys, *n, sizeof(*keys), audit_key_cmp);
	for (i = k = 0; i < *n; i++)
		if (k == 0 || strcmp(keys[k - 1], keys[i]) != 0)
			keys[k++] = keys[i];
	*n = k;
	return keys;
}

/*
 * Sends an entry's changes to fn, one line each: for an update the
 * keys whose values differ ("limit: 100 → 200"), for a creation or a
 * removal each key of the object there is ("name: Main street").
 */
static int
audit_changes(const json_t *before, const json_t *after, audit_line_fn fn,
    void *arg)
{
	const json_t	*one = after != NULL ? after : before;
	const char	**keys;
	size_t		 i, n;
	int		 rc = 0, both = before != NULL && after != NULL;

	if (one == NULL)
		return 0;
	if (!json_is_object(one) || (both && (!json_is_object(before) ||
	    !json_is_object(after))))
		return audit_line(NULL, before, one, both, fn, arg);
	if ((keys = audit_keys(before, after, &n)) == NULL)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		const json_t	*b = json_object_get(before, keys[i]);
		const json_t	*a = json_object_get(after, keys[i]);

		if (!both)
			rc = audit_line(keys[i], NULL, a != NULL ? a : b, 0,
			    fn, arg);
		else if (!(a != NULL && b != NULL && json_equal(a, b)))
			rc = audit_line(keys[i], b, a, 1, fn, arg);
	}
	free(keys);
	return rc;
}

/*
 * Parses stored JSON into *out: NULL for none, the text itself as a
 * string when it is not JSON (cut, or written by hand). Returns 0 or -1.
 */
static int
audit_json_parse(const char *s, size_t len, json_t **out)
{
	*out = NULL;
	if (len == 0)
		return 0;
	if ((*out = json_loadb(s, len, JSON_DECODE_ANY, NULL)) != NULL)
		return 0;
	if ((*out = json_stringn(s, len)) != NULL ||
	    (*out = json_string("(unreadable)")) != NULL)
		return 0;
	return -1;
}

/* ------------------------------------------------------------ the page */

/* Refuses the page to a group that may see it only with a manager's code. */
static int
audit_code_refused(struct req *r)
{
	if (!r->approval.needed)
		return 0;
	view_error(r, 403, "Your user group may see the audit log only with "
	    "a manager's code, and a page that only shows cannot take one. "
	    "Ask an administrator to set it to Allowed.");
	return 1;
}

/* Where the changes of entry go in the page data: Entries.<entry>.Changes.<n>. */
struct audit_hdf_line {
	struct req	*r;
	size_t		 entry, n;
};

/* Puts one line of changes into the page data (an audit_line_fn). */
static int
audit_hdf_line(const char *line, void *arg)
{
	struct audit_hdf_line	*l = arg;
	char			 name[64];

	snprintf(name, sizeof(name), "Entries.%zu.Changes.%zu", l->entry,
	    l->n++);
	return view_set(l->r, name, line);
}

/* Sets Entries.n.field to value. Returns 0 or -1. */
static int
audit_set(struct req *r, size_t n, const char *field, const char *value)
{
	char	 name[64];

	snprintf(name, sizeof(name), "Entries.%zu.%s", n, field);
	return view_set(r, name, value);
}

/* Writes t as ISO 8601 in UTC ("2026-11-23T09:04:05Z") into out. */
static void
audit_iso_utc(time_t t, char out[TIMEZ_TEXT + 1])
{
	char	 utc[TIMEZ_TEXT];

	timez_utc_text(t, utc);
	snprintf(out, TIMEZ_TEXT + 1, "%.10sT%sZ", utc, utc + 11);
}

/* Puts item it as entry n of the page, times in the entered zone. */
static int
audit_item_view(struct req *r, size_t n, const struct audit_item *it)
{
	const struct audit_entry	*e = &it->e;
	struct audit_hdf_line		 l = { r, n, 0 };
	char				 local[TIMEZ_TEXT], iso[TIMEZ_TEXT + 1];
	char				 id[24];
	const char			*name = e->staff_name[0] != '\0' ?
					    e->staff_name : e->actor_name;

	snprintf(id, sizeof(id), "%lld", (long long)e->id);
	timez_local_text((time_t)e->at, local);
	audit_iso_utc((time_t)e->at, iso);
	if (audit_set(r, n, "Id", id) == -1 ||
	    audit_set(r, n, "Time", local) == -1 ||
	    audit_set(r, n, "TimeUtc", iso) == -1 ||
	    audit_set(r, n, "ActorType", e->actor_type) == -1 ||
	    audit_set(r, n, "ActorName", name) == -1 ||
	    (strcmp(name, e->actor_name) != 0 &&
	    audit_set(r, n, "ActorDetail", e->actor_name) == -1) ||
	    audit_set(r, n, "Action", e->action) == -1 ||
	    audit_set(r, n, "ObjectType", e->object_type) == -1 ||
	    audit_set(r, n, "ObjectId", e->object_id) == -1 ||
	    audit_set(r, n, "Approver", e->approver_name) == -1 ||
	    audit_set(r, n, "Addr", e->client_addr) == -1)
		return -1;
	return audit_changes(it->before, it->after, audit_hdf_line, &l);
}

/* Frees the parsed JSON of n items and empties them. */
static void
audit_items_clear(struct audit_item *items, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		json_decref(items[i].before);
		json_decref(items[i].after);
	}
	memset(items, 0, n * sizeof(*items));
}

/*
 * Reads one page, up to AUDIT_PAGE + 1 entries (the last only tells
 * that there are more), into items and their count into *n, also on
 * failure. Returns 0 or -1.
 */
static int
audit_page_read(struct req *r, const struct audit_filter *f, int newer,
    struct audit_cursor *c, struct audit_item *items, size_t *n)
{
	int	 rc = 0;

	*n = 0;
	if (audit_query(r, f, newer, AUDIT_PAGE + 1, c) != DB_OK)
		return -1;
	while (*n <= AUDIT_PAGE && (rc = db_fetch(r->db)) == 1) {
		struct audit_item	*it = &items[(*n)++];

		it->e = c->e;
		if (audit_json_parse(c->before, c->before_len,
		    &it->before) == -1 ||
		    audit_json_parse(c->after, c->after_len, &it->after) == -1) {
			rc = -1;
			break;
		}
	}
	db_done(r->db);
	return rc < 0 ? -1 : 0;
}

/* Puts the Newer, Older and Newest links of a page of shown entries. */
static int
audit_pager(struct req *r, const struct audit_filter *f, int newer, int more,
    int64_t newest, int64_t oldest)
{
	int	 has_newer = newer ? more : f->before > 0;
	int	 has_older = newer ? f->after > 0 : more;

	if (newest > 0 && has_newer &&
	    audit_link(r, "Pager.Newer", "/audit", f, "after", newest) == -1)
		return -1;
	if (oldest > 0 && has_older &&
	    audit_link(r, "Pager.Older", "/audit", f, "before", oldest) == -1)
		return -1;
	if ((f->before > 0 || f->after > 0) &&
	    audit_link(r, "Pager.Newest", "/audit", f, NULL, 0) == -1)
		return -1;
	return 0;
}

/* Puts the n items read (oldest first when newer) and the links. */
static int
audit_page_view(struct req *r, const struct audit_filter *f, int newer,
    const struct audit_item *items, size_t n)
{
	size_t	 i, shown = n > AUDIT_PAGE ? AUDIT_PAGE : n;
	int64_t	 newest = 0, oldest = 0;

	for (i = 0; i < shown; i++)
		if (audit_item_view(r, i, &items[newer ? shown - 1 - i : i]) ==
		    -1)
			return -1;
	if (shown > 0) {
		newest = items[newer ? shown - 1 : 0].e.id;
		oldest = items[newer ? 0 : shown - 1].e.id;
	}
	return audit_pager(r, f, newer, n > AUDIT_PAGE, newest, oldest);
}

/*
 * Fills the page's entries, newest first, and its links. A page of
 * newer entries that reaches the newest is shown as the first page.
 */
static int
audit_entries(struct req *r, struct audit_filter *f)
{
	struct audit_cursor	*c;
	struct audit_item	*items;
	size_t			 n = 0;
	int			 newer = f->after > 0, rc = -1;

	c = audit_cursor_new();
	items = calloc(AUDIT_PAGE + 1, sizeof(*items));
	if (c != NULL && items != NULL) {
		rc = audit_page_read(r, f, newer, c, items, &n);
		if (rc == 0 && newer && n <= AUDIT_PAGE) {
			audit_items_clear(items, n);
			f->after = 0;
			newer = 0;
			rc = audit_page_read(r, f, newer, c, items, &n);
		}
		if (rc == 0)
			rc = audit_page_view(r, f, newer, items, n);
		audit_items_clear(items, n);
	}
	free(items);
	free(c);
	return rc;
}

/* Renders the page with status; entries only when the filters were good. */
static int
audit_show(struct req *r, int status, struct audit_filter *f)
{
	if (view_set(r, "Page.Title", "Audit log") == -1 ||
	    view_set(r, "Page.Nav", "/audit") == -1 ||
	    view_set(r, "Audit.Zone", r->session.timezone) == -1)
		return -1;
	if (status == 200 && (view_set(r, "Audit.Listed", "1") == -1 ||
	    audit_link(r, "Audit.Export", "/audit.csv", f, NULL, 0) == -1 ||
	    audit_entries(r, f) == -1))
		return -1;
	return view_render(r, status, "audit.cs");
}

/* The page, with the store's time zone entered. */
static int
audit_list_in_zone(struct req *r)
{
	struct audit_filter	 f;
	int			 problems;

	if ((problems = audit_filter_read(r, &f)) == -1)
		return -1;
	if (audit_paging_read(r, &f) == -1) {
		view_error(r, 400, "The request could not be understood.");
		return 0;
	}
	return audit_show(r, problems > 0 ? 422 : 200, &f);
}

/*
 * GET /audit: the current store's audit entries, newest first, 50 a
 * page (?before=<id> older, ?after=<id> newer), narrowed by the
 * filters actor, action (exact, or a prefix ending in '.'),
 * object_type, object_id, from and to (days in the store's time zone).
 * 200 the page; 422 the filter form with a message beside each bad
 * filter and no entries; 400 for a malformed page bound; 403 when the
 * user group may see the log only with a manager's code.
 */
int
handle_audit_list(struct req *r)
{
	if (audit_code_refused(r))
		return 0;
	return req_in_store_zone(r, audit_list_in_zone);
}

/* ------------------------------------------------------------ CSV */

/* Appends a number cell, empty for 0 (none). */
static int
csv_int_cell(struct buf *b, int64_t v, int first)
{
	char	 num[24];

	num[0] = '\0';
	if (v > 0)
		snprintf(num, sizeof(num), "%lld", (long long)v);
	return csv_cell(b, num, first);
}

static const char csv_header[] = "id,time,time_utc,actor_type,actor_id,"
	"actor_name,action,object_type,object_id,changes,before,after,"
	"approver_id,approver_name,client_addr\r\n";

/* Joins one line of changes onto the cell in arg (an audit_line_fn). */
static int
csv_change(const char *line, void *arg)
{
	struct buf	*b = arg;

	if (b->len > 0 && buf_puts(b, "; ") == -1)
		return -1;
	return buf_puts(b, line);
}

/* Appends the changes cell of the row in c. */
static int
csv_changes_cell(struct buf *out, const struct audit_cursor *c)
{
	struct buf	 changes = { 0 };
	json_t		*before = NULL, *after = NULL;
	int		 rc = -1;

	if (audit_json_parse(c->before, c->before_len, &before) == 0 &&
	    audit_json_parse(c->after, c->after_len, &after) == 0 &&
	    buf_puts(&changes, "") == 0 &&
	    audit_changes(before, after, csv_change, &changes) == 0)
		rc = csv_cell(out, changes.data, 0);
	json_decref(before);
	json_decref(after);
	buf_free(&changes);
	return rc;
}

/* Appends the row in c as one CSV line, times in the entered zone. */
static int
csv_row(struct buf *b, const struct audit_cursor *c)
{
	const struct audit_entry	*e = &c->e;
	char				 local[TIMEZ_TEXT], iso[TIMEZ_TEXT + 1];

	timez_local_text((time_t)e->at, local);
	audit_iso_utc((time_t)e->at, iso);
	if (csv_int_cell(b, e->id, 1) == -1 ||
	    csv_cell(b, local, 0) == -1 || csv_cell(b, iso, 0) == -1 ||
	    csv_cell(b, e->actor_type, 0) == -1 ||
	    csv_int_cell(b, e->actor_id, 0) == -1 ||
	    csv_cell(b, e->actor_name, 0) == -1 ||
	    csv_cell(b, e->action, 0) == -1 ||
	    csv_cell(b, e->object_type, 0) == -1 ||
	    csv_cell(b, e->object_id, 0) == -1 ||
	    csv_changes_cell(b, c) == -1 ||
	    csv_cell(b, c->before, 0) == -1 ||
	    csv_cell(b, c->after, 0) == -1 ||
	    csv_int_cell(b, e->approver_id, 0) == -1 ||
	    csv_cell(b, e->approver_name, 0) == -1 ||
	    csv_cell(b, e->client_addr, 0) == -1)
		return -1;
	return buf_puts(b, "\r\n");
}

/* Writes the header and every row the filters match into the body. */
static int
audit_csv_rows(struct req *r, const struct audit_filter *f)
{
	struct audit_cursor	*c;
	int			 rc, fetched = 0;

	if ((c = audit_cursor_new()) == NULL)
		return -1;
	buf_reset(&r->resp.body);
	rc = buf_puts(&r->resp.body, csv_header);
	if (rc == 0 && audit_query(r, f, 0, AUDIT_CSV_MAX, c) != DB_OK)
		rc = -1;
	else if (rc == 0) {
		while (rc == 0 && (fetched = db_fetch(r->db)) == 1)
			rc = csv_row(&r->resp.body, c);
		if (fetched < 0)
			rc = -1;
		db_done(r->db);
	}
	free(c);
	return rc;
}

/* The export, with the store's time zone entered. */
static int
audit_csv_in_zone(struct req *r)
{
	struct audit_filter	 f;
	struct timez_date	 today;
	char			 date[TIMEZ_DATE_TEXT];
	int			 problems;

	if ((problems = audit_filter_read(r, &f)) == -1)
		return -1;
	if (problems > 0)
		return audit_show(r, 422, &f);
	if (audit_csv_rows(r, &f) == -1)
		return -1;
	timez_local_date(time(NULL), &today);
	timez_date_text(&today, date);
	return page_csv(r, "audit-%s-%s.csv",
	    r->session.store_code, date);
}

/*
 * GET /audit.csv: every entry of the current store that the page's
 * filters match (page bounds are ignored), newest first, at most
 * AUDIT_CSV_MAX rows, as an attachment named
 * audit-<store code>-<today>.csv. 200 the CSV; 422 the filter form
 * with a message beside each bad filter; 403 as GET /audit.
 */
int
handle_audit_csv(struct req *r)
{
	if (audit_code_refused(r))
		return 0;
	return req_in_store_zone(r, audit_csv_in_zone);
}
