/* customers.c: the customer pages: search, create, view, edit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "approval.h"
#include "audit.h"
#include "buf.h"
#include "customer.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "view.h"

#define CUSTOMER_PAGE		50	/* customers on a page of the list */
#define ID_DIGITS		18	/* fits an int64_t */

#define MSG_NOT_FOUND	"There is no such page."

/* What the customer form shows in its fields. */
struct customer_fields {
	const char	*name, *email, *phone, *notes;
};

/* What a create or update transaction needs and what it found. */
struct customer_change {
	const struct req	*r;
	struct customer		*c;	/* the new values; create sets code, id */
	int			 found;	/* update: the customer was there */
	int			 changed; /* update: something differed */
};

/* ------------------------------------------------------------ helpers */

/* True when s is a customer code: 'C' and 6 to 15 digits. */
static int
customer_code_ok(const char *s)
{
	size_t	 n = strlen(s);

	return n >= 7 && n < COUNTER_CODE_MAX && s[0] == 'C' &&
	    strspn(s + 1, "0123456789") == n - 1;
}

/*
 * Finds the customer named in the URL in the session's store. Returns
 * 1, 0 after answering 404 (not a code, or no customer of this store),
 * or -1 on failure.
 */
static int
customer_from_url(struct req *r, struct customer *c)
{
	int	 rc;

	if (!customer_code_ok(r->args[0])) {
		view_error(r, 404, MSG_NOT_FOUND);
		return 0;
	}
	if ((rc = customer_get(r->db, r->session.store_id, r->args[0], c)) < 0)
		return -1;
	if (rc == 0)
		view_error(r, 404, MSG_NOT_FOUND);
	return rc;
}

/* Writes the audit entry of a change to customer c. Returns 0 or < 0. */
static int
customer_audit(struct db *db, const struct req *r, const char *action,
    const struct customer *before, const struct customer *after)
{
	struct audit_actor	 a;
	json_t			*b = NULL, *j;
	int			 rc;

	if ((j = customer_json(after)) == NULL ||
	    (before != NULL && (b = customer_json(before)) == NULL)) {
		json_decref(j);
		return DB_ERR;
	}
	audit_actor_staff(r, &a);
	rc = audit_write(db, &a, action, "customer", after->code, b, j);
	json_decref(b);
	json_decref(j);
	return rc;
}

/* ------------------------------------------------------------ list */

/* The list's search and where its page starts. */
struct customer_list_search {
	struct customer_search	 s;
	const char		*problem;
};

/* Reads ?q=, ?after_name= and ?after_id= (a bad start is the first page). */
static void
customer_search_read(const struct req *r, struct customer_list_search *ls)
{
	struct customer_search	*s = &ls->s;
	const char		*id = req_query(r, "after_id");
	size_t			 n;

	if ((ls->problem = customer_search_set(s, req_query(r, "q"))) != NULL)
		return;
	n = strlen(id);
	if (n == 0 || n > ID_DIGITS || strspn(id, "0123456789") != n ||
	    strlen(req_query(r, "after_name")) >= sizeof(s->after_name))
		return;
	s->after_id = strtoll(id, NULL, 10);
	snprintf(s->after_name, sizeof(s->after_name), "%s",
	    req_query(r, "after_name"));
}

/* Puts one customer row as Customers.<i>.*. Returns 0 or -1. */
static int
customer_list_row(struct req *r, size_t i, const struct customer *c,
    int64_t accounts)
{
	static const char *const keys[] = { "Code", "Name", "Email", "Phone" };
	const char	*values[] = { c->code, c->name, c->email, c->phone };
	char		 name[48];
	size_t		 k;

	for (k = 0; k < 4; k++) {
		snprintf(name, sizeof(name), "Customers.%zu.%s", i, keys[k]);
		if (view_set(r, name, values[k]) == -1)
			return -1;
	}
	snprintf(name, sizeof(name), "Customers.%zu.Accounts", i);
	return view_set_int(r, name, accounts);
}

/*
 * Puts the link to the list with the search kept as hdf_name: the page
 * after (name, id), or the first page when name is NULL.
 */
static int
customer_list_link(struct req *r, const char *hdf_name,
    const struct customer_search *s, const char *name, int64_t id)
{
	struct buf	 q = { 0 };
	char		 num[24];
	int		 rc;

	snprintf(num, sizeof(num), "%lld", (long long)id);
	rc = buf_puts(&q, "/customers");
	if (rc == 0 && (s->q[0] != '\0' || name != NULL))
		rc = buf_puts(&q, "?");
	if (rc == 0 && s->q[0] != '\0')
		rc = http_query_add(&q, "q", s->q);
	if (rc == 0 && name != NULL)
		rc = http_query_add(&q, "after_name", name);
	if (rc == 0 && name != NULL)
		rc = http_query_add(&q, "after_id", num);
	if (rc == 0)
		rc = view_set(r, hdf_name, q.data);
	buf_free(&q);
	return rc;
}

/* Puts the page of customers the search finds, and the next page's link. */
static int
customer_list_rows(struct req *r, const struct customer_search *s)
{
	struct customer	 c;
	int64_t		 accounts;
	struct db_col	 cols[] = { COL_INT(&c.id), COL_STR(c.code),
	    COL_STR(c.name), COL_STR(c.email), COL_STR(c.phone),
	    COL_INT(&accounts) };
	char		 last_name[TEXT_BYTES(CUSTOMER_NAME_MAX)] = "";
	int64_t		 last_id = 0;
	size_t		 n = 0;
	int		 rc;

	memset(&c, 0, sizeof(c));
	if (customer_search_query(r->db, r->session.store_id, s,
	    CUSTOMER_PAGE + 1, cols, sizeof(cols) / sizeof(cols[0])) != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1 && n < CUSTOMER_PAGE) {
		if (customer_list_row(r, n++, &c, accounts) == -1) {
			rc = -1;
			break;
		}
		memcpy(last_name, c.name, sizeof(last_name));
		last_id = c.id;
	}
	db_done(r->db);
	if (rc < 0)
		return -1;
	/* rc is 1 when a row beyond the page was read: there is more. */
	if (rc == 1 && customer_list_link(r, "Pager.Next", s, last_name,
	    last_id) == -1)
		return -1;
	return view_set_int(r, "List.Count", (long long)n) == -1 ? -1 : 0;
}

/*
 * GET /customers: the store's customers by name, 50 a page, narrowed by
 * ?q= (code, email or phone starting with it, or a name holding it);
 * ?after_name= and ?after_id= start the page after that customer. 200;
 * a search too long or with control characters shows a message and no
 * customers, still 200.
 */
int
handle_customer_list(struct req *r)
{
	struct customer_list_search	 ls;
	const struct customer_search	*s = &ls.s;

	customer_search_read(r, &ls);
	if (view_set(r, "Page.Title", "Customers") == -1 ||
	    view_set(r, "Page.Nav", "/customers") == -1 ||
	    view_set(r, "Search.Q", req_query(r, "q")) == -1)
		return -1;
	if (ls.problem != NULL) {
		if (view_set(r, "Errors.q", ls.problem) == -1)
			return -1;
	} else if (customer_list_rows(r, s) == -1)
		return -1;
	if (s->after_id > 0 &&
	    customer_list_link(r, "Pager.First", s, NULL, 0) == -1)
		return -1;
	if (s->q[0] != '\0' && view_set(r, "Search.Active", "1") == -1)
		return -1;
	return view_render(r, 200, "customer_list.cs");
}

/* ------------------------------------------------------------ form */

/* Puts the possible duplicates, for the warning. Returns 0 or -1. */
static int
customer_view_matches(struct req *r, const struct customer_match *m,
    size_t n)
{
	char	 name[48];
	size_t	 i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "Duplicates.%zu.Code", i);
		if (view_set(r, name, m[i].code) == -1)
			return -1;
		snprintf(name, sizeof(name), "Duplicates.%zu.Name", i);
		if (view_set(r, name, m[i].name) == -1)
			return -1;
	}
	return 0;
}

/* Puts the problems beside their fields. Returns 0 or -1. */
static int
customer_view_problems(struct req *r, const struct customer_problems *p)
{
	return (p->name != NULL && view_set(r, "Errors.name", p->name) == -1) ||
	    (p->email != NULL && view_set(r, "Errors.email", p->email) == -1) ||
	    (p->phone != NULL && view_set(r, "Errors.phone", p->phone) == -1) ||
	    (p->notes != NULL && view_set(r, "Errors.notes", p->notes) == -1) ?
	    -1 : 0;
}

/*
 * Renders the customer form: for stored (NULL: a new customer), with f
 * in the fields, p beside them (NULL: none) and n possible duplicates
 * m (a warning with "Create anyway"). Returns 0 or -1.
 */
static int
customer_form_show(struct req *r, int status, const struct customer *stored,
    const struct customer_fields *f, const struct customer_problems *p,
    const struct customer_match *m, size_t n)
{
	char	 action[48], title[TEXT_BYTES(CUSTOMER_NAME_MAX) + 8];

	if (stored != NULL) {
		snprintf(action, sizeof(action), "/customers/%s", stored->code);
		snprintf(title, sizeof(title), "Edit %s", stored->name);
	} else {
		snprintf(action, sizeof(action), "/customers");
		snprintf(title, sizeof(title), "New customer");
	}
	if (view_set(r, "Page.Title", title) == -1 ||
	    view_set(r, "Page.Nav", "/customers") == -1 ||
	    view_set(r, "Form.Action", action) == -1 ||
	    view_set(r, "Form.Name", f->name) == -1 ||
	    view_set(r, "Form.Email", f->email) == -1 ||
	    view_set(r, "Form.Phone", f->phone) == -1 ||
	    view_set(r, "Form.Notes", f->notes) == -1 ||
	    approval_view(r, PERM_MANAGE_CUSTOMERS) == -1)
		return -1;
	if (stored != NULL && (view_set(r, "Customer.Code", stored->code) == -1 ||
	    view_set(r, "Customer.Name", stored->name) == -1))
		return -1;
	if (p != NULL && customer_view_problems(r, p) == -1)
		return -1;
	if (n > 0 && customer_view_matches(r, m, n) == -1)
		return -1;
	return view_render(r, status, "customer_form.cs");
}

/* The fields as the person sent them, to show again. */
static void
customer_fields_sent(const struct req *r, struct customer_fields *f)
{
	f->name = req_form(r, "name");
	f->email = req_form(r, "email");
	f->phone = req_form(r, "phone");
	f->notes = req_form(r, "notes");
}

/*
 * Finds possible duplicates of c (others than c->id with its email or
 * phone; only the fields that differ from stored when it is not NULL)
 * unless the form confirms them. Returns how many, or < 0.
 */
static int
customer_find_duplicates(struct req *r, const struct customer *c,
    const struct customer *stored, struct customer_match *m)
{
	const char	*email = c->email, *phone = c->phone;

	if (strcmp(req_form(r, "confirm_duplicate"), "1") == 0)
		return 0;
	if (stored != NULL && strcmp(stored->email, c->email) == 0)
		email = "";
	if (stored != NULL && strcmp(stored->phone, c->phone) == 0)
		phone = "";
	return customer_duplicates(r->db, r->session.store_id,
	    stored != NULL ? stored->id : 0, email, phone, m,
	    CUSTOMER_MATCHES_MAX);
}

/* ------------------------------------------------------------ create */

/* GET /customers/new: the form for a new customer. 200. */
int
handle_customer_new(struct req *r)
{
	struct customer_fields	 f = { "", "", "", "" };

	return customer_form_show(r, 200, NULL, &f, NULL, NULL, 0);
}

/* Takes the next customer code, inserts the customer and the audit entry. */
static int
customer_create_tx(struct db *db, void *arg)
{
	struct customer_change	*ch = arg;
	int			 rc;

	if ((rc = customer_create(db, ch->r->session.store_id, ch->c)) < 0)
		return rc;
	return customer_audit(db, ch->r, "customer.create", NULL, ch->c);
}

/* Answers 303 to the customer's page with a notice. Returns 0 or -1. */
static int
customer_done(struct req *r, const char *code, const char *what)
{
	char	 where[64];

	snprintf(where, sizeof(where), "/customers/%s?done=%s", code, what);
	return http_redirect(r, where);
}

/*
 * POST /customers: creates a customer (name; email, phone, notes
 * optional) with the next customer code. 303 to
 * /customers/<code>?done=created; 422 the form with the person's input
 * and a message beside each bad field or the manager code, nothing
 * saved; 200 the form with a warning listing the customers with the
 * same email or phone, nothing saved, until it is sent again with
 * confirm_duplicate=1.
 */
int
handle_customer_create(struct req *r)
{
	struct customer		 c;
	struct customer_problems p;
	struct customer_fields	 f;
	struct customer_match	 m[CUSTOMER_MATCHES_MAX];
	struct customer_change	 ch;
	int			 n;

	customer_fields_sent(r, &f);
	memset(&c, 0, sizeof(c));
	if (!customer_read(&r->form, "", &c, &p) || approval_failed(r))
		return customer_form_show(r, 422, NULL, &f, &p, NULL, 0);
	if ((n = customer_find_duplicates(r, &c, NULL, m)) < 0)
		return -1;
	if (n > 0)
		return customer_form_show(r, 200, NULL, &f, NULL, m, (size_t)n);
	memset(&ch, 0, sizeof(ch));
	ch.r = r;
	ch.c = &c;
	if (db_transaction(r->db, customer_create_tx, &ch) < 0)
		return -1;
	return customer_done(r, c.code, "created");
}

/* ------------------------------------------------------------ show, edit */

/*
 * GET /customers/<code>: the customer's details and accounts, with a
 * notice after ?done=created or ?done=saved. 200; 404 when the code is
 * not one of a customer of this store.
 */
int
handle_customer_show(struct req *r)
{
	struct customer	 c;
	const char	*done = req_query(r, "done");
	int		 rc;

	if ((rc = customer_from_url(r, &c)) <= 0)
		return rc;
	if (view_set(r, "Page.Title", c.name) == -1 ||
	    view_set(r, "Page.Nav", "/customers") == -1 ||
	    view_set(r, "Customer.Code", c.code) == -1 ||
	    view_set(r, "Customer.Name", c.name) == -1 ||
	    view_set(r, "Customer.Email", c.email) == -1 ||
	    view_set(r, "Customer.Phone", c.phone) == -1 ||
	    view_set(r, "Customer.Notes", c.notes) == -1 ||
	    customer_accounts_view(r, c.id) == -1)
		return -1;
	if ((strcmp(done, "created") == 0 &&
	    view_set(r, "Page.Notice", "The customer was added.") == -1) ||
	    (strcmp(done, "saved") == 0 &&
	    view_set(r, "Page.Notice", "The changes were saved.") == -1))
		return -1;
	return view_render(r, 200, "customer_show.cs");
}

/*
 * GET /customers/<code>/edit: the form with the customer's details. 200;
 * 404 when the code is not one of a customer of this store.
 */
int
handle_customer_edit(struct req *r)
{
	struct customer		 c;
	struct customer_fields	 f;
	int			 rc;

	if ((rc = customer_from_url(r, &c)) <= 0)
		return rc;
	f.name = c.name;
	f.email = c.email;
	f.phone = c.phone;
	f.notes = c.notes;
	return customer_form_show(r, 200, &c, &f, NULL, NULL, 0);
}

/* Locks the customer, stores the new values and the audit entry when they differ. */
static int
customer_update_tx(struct db *db, void *arg)
{
	struct customer_change	*ch = arg;
	struct customer		 before;
	int			 rc;

	ch->changed = 0;
	if ((rc = ch->found = customer_lock(db, ch->r->session.store_id,
	    ch->c->code, &before)) <= 0)
		return rc;
	if (customer_same(&before, ch->c))
		return 0;
	ch->changed = 1;
	ch->c->id = before.id;
	if ((rc = customer_update(db, ch->r->session.store_id, ch->c)) < 0)
		return rc;
	return customer_audit(db, ch->r, "customer.update", &before, ch->c);
}

/*
 * POST /customers/<code>: saves the name, email, phone and notes, with
 * one audit entry (before and after) when something changed. 303 to
 * /customers/<code>?done=saved; 422 the form with the person's input
 * and the messages (as for creating), nothing saved; 200 the form with
 * the duplicate warning when a changed email or phone is another
 * customer's, until sent with confirm_duplicate=1; 404 when the code is
 * not one of a customer of this store.
 */
int
handle_customer_update(struct req *r)
{
	struct customer		 stored, c;
	struct customer_problems p;
	struct customer_fields	 f;
	struct customer_match	 m[CUSTOMER_MATCHES_MAX];
	struct customer_change	 ch;
	int			 rc, n;

	if ((rc = customer_from_url(r, &stored)) <= 0)
		return rc;
	customer_fields_sent(r, &f);
	memset(&c, 0, sizeof(c));
	if (!customer_read(&r->form, "", &c, &p) || approval_failed(r))
		return customer_form_show(r, 422, &stored, &f, &p, NULL, 0);
	if ((n = customer_find_duplicates(r, &c, &stored, m)) < 0)
		return -1;
	if (n > 0)
		return customer_form_show(r, 200, &stored, &f, NULL, m,
		    (size_t)n);
	memcpy(c.code, stored.code, sizeof(c.code));
	memset(&ch, 0, sizeof(ch));
	ch.r = r;
	ch.c = &c;
	if (db_transaction(r->db, customer_update_tx, &ch) < 0)
		return -1;
	if (!ch.found) {
		view_error(r, 404, MSG_NOT_FOUND);
		return 0;
	}
	return customer_done(r, stored.code, "saved");
}
