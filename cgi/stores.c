/* stores.c: the stores a staff member works in, new stores, the current store's settings, and switching store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "approval.h"
#include "audit.h"
#include "autohold.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "money.h"
#include "store.h"
#include "text.h"
#include "token.h"
#include "view.h"

#define NO_SUCH_PAGE	"There is no such page."
#define CODE_TAKEN	"A store with this code exists already. Choose " \
	"another code."

/* The problems found in a submitted form, each shown beside its field. */
struct form_check {
	struct req	*r;
	int		 errors;
	int		 failed;	/* the page data could not be set */
};

/* Notes problem (when not NULL) beside field as Errors.<field>. */
static void
form_check(struct form_check *f, const char *field, const char *problem)
{
	char	 name[64];

	if (problem == NULL)
		return;
	f->errors++;
	snprintf(name, sizeof(name), "Errors.%s", field);
	if (view_set(f->r, name, problem) == -1)
		f->failed = 1;
}

/* Puts the value of form field, as the person sent it, in Form.<field>. */
static int
form_keep(struct req *r, const char *field)
{
	char	 name[64];

	snprintf(name, sizeof(name), "Form.%s", field);
	return view_set(r, name, req_form(r, field));
}

/* Sets <list>.<i>.<field> to value. Returns 0 or -1. */
static int
view_set_item(struct req *r, const char *list, size_t i, const char *field,
    const char *value)
{
	char	 name[96];

	snprintf(name, sizeof(name), "%s.%zu.%s", list, i, field);
	return view_set(r, name, value);
}

/*
 * Checks a one-line text field and copies it without surrounding
 * spaces into out (cap bytes, which also bounds its length in bytes).
 * Returns NULL when fine, or a message.
 */
static const char *
text_field(const char *in, long max, int required, char *out, size_t cap)
{
	size_t	 n;

	out[0] = '\0';
	while (*in == ' ')
		in++;
	n = strlen(in);
	while (n > 0 && in[n - 1] == ' ')
		n--;
	if (n >= cap)
		return "This is too long.";
	memcpy(out, in, n);
	out[n] = '\0';
	return text_problem(out, max, required);
}

/* Checks a time zone field into out. Returns NULL or a message. */
static const char *
timezone_field(const char *in, char out[65])
{
	if (text_field(in, 64, 1, out, 65) != NULL)
		return "Enter a time zone such as Europe/Berlin.";
	return timezone_problem(out);
}

/* Checks a store code field into out, in upper case. Returns NULL or a message. */
static const char *
code_field(const char *in, char out[17])
{
	char	*p;

	/* Whatever text_field finds, store_code_problem names it better. */
	(void)text_field(in, 16, 1, out, 17);
	for (p = out; *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return store_code_problem(out);
}

/* ------------------------------------------------------------ list */

struct store_rows {
	struct req	*r;
	const char	*created;	/* the code of a store just made */
	size_t		 n;
};

/* Puts one of the staff member's stores in the page as Stores.N. */
static int
store_row(const struct store_membership *m, void *arg)
{
	struct store_rows	*l = arg;
	struct req		*r = l->r;

	if (view_set_item(r, "Stores", l->n, "Code", m->code) == -1 ||
	    view_set_item(r, "Stores", l->n, "Name", m->name) == -1 ||
	    view_set_item(r, "Stores", l->n, "Currency", m->currency) == -1 ||
	    view_set_item(r, "Stores", l->n, "Timezone", m->timezone) == -1 ||
	    view_set_item(r, "Stores", l->n, "Group", m->group) == -1 ||
	    (m->id == r->session.store_id &&
	    view_set_item(r, "Stores", l->n, "Current", "1") == -1))
		return -1;
	l->n++;
	if (strcmp(m->code, l->created) == 0 &&
	    (view_set(r, "Notice.CreatedName", m->name) == -1 ||
	    view_set(r, "Notice.CreatedCode", m->code) == -1))
		return -1;
	return 0;
}

/*
 * GET /stores: the stores the staff member works in, with code, name,
 * currency, time zone and their user group in each; after ?created=CODE
 * a notice names the new store (only one of theirs). 200.
 */
int
handle_store_list(struct req *r)
{
	struct store_rows	 l;

	memset(&l, 0, sizeof(l));
	l.r = r;
	l.created = req_query(r, "created");
	if (view_set(r, "Page.Title", "Stores") == -1 ||
	    view_set(r, "Page.Nav", "/settings") == -1 ||
	    store_each_membership(r->db, r->session.staff_id, store_row,
	    &l) < 0)
		return -1;
	return view_render(r, 200, "store_list.cs");
}

/* ------------------------------------------------------------ new store */

/* Shows the new-store form with the known currencies and what is in Form.*. */
static int
store_form_show(struct req *r, int status)
{
	const struct currency	*c;
	size_t			 i;

	for (i = 0; i < currency_count(); i++) {
		c = currency_at(i);
		if (view_set_item(r, "Currencies", i, "Code", c->code) == -1)
			return -1;
	}
	if (view_set(r, "Page.Title", "New store") == -1 ||
	    view_set(r, "Page.Nav", "/settings") == -1 ||
	    approval_view(r, PERM_MANAGE_STORE) == -1)
		return -1;
	return view_render(r, status, "store_form.cs");
}

/*
 * GET /stores/new: the form for a new store, with the current store's
 * currency and time zone to start from. 200.
 */
int
handle_store_new(struct req *r)
{
	if (view_set(r, "Form.currency", r->session.currency) == -1 ||
	    view_set(r, "Form.timezone", r->session.timezone) == -1)
		return -1;
	return store_form_show(r, 200);
}

struct store_new {
	struct store		 s;
	int64_t			 staff_id;
	struct audit_actor	 actor;
};

/*
 * Creates the store with its seeded groups, makes the creator a member
 * in its Administrator group, and logs "store.create" under the new
 * store.
 */
static int
store_new_tx(struct db *db, void *arg)
{
	struct store_new	*n = arg;
	json_t			*after;
	char			 id[24];
	int64_t			 gid;
	int			 rc;

	if ((rc = store_create(db, &n->s)) < 0)
		return rc;
	/* The first seeded group is the Administrator, with every permission. */
	if ((rc = store_group_find(db, n->s.id, store_seed_groups[0],
	    &gid)) <= 0)
		return rc < 0 ? rc : DB_ERR;
	if ((rc = db_exec(db, STMT_MEMBERSHIP_INSERT, DB_ARGS(
	    DB_INT(n->staff_id), DB_INT(n->s.id), DB_INT(gid)),
	    NULL, NULL)) < 0)
		return rc;
	if ((after = store_json(&n->s)) == NULL)
		return DB_ERR;
	n->actor.store_id = n->s.id;
	snprintf(id, sizeof(id), "%lld", (long long)n->s.id);
	rc = audit_write(db, &n->actor, "store.create", "store", id, NULL,
	    after);
	json_decref(after);
	return rc;
}

/*
 * Reads and checks the new-store form into s; problems go to f. A code
 * in use is found here already, so that it shows with the other
 * problems. Returns 0, or -1 when the database failed.
 */
static int
store_new_read(struct req *r, struct store *s, struct form_check *f)
{
	const struct currency	*c;
	const char		*problem;
	struct store		 other;
	int			 rc;

	if ((problem = code_field(req_form(r, "code"), s->code)) == NULL) {
		if ((rc = store_find_by_code(r->db, s->code, &other)) < 0)
			return -1;
		if (rc == 1)
			problem = CODE_TAKEN;
	}
	form_check(f, "code", problem);
	form_check(f, "name", text_field(req_form(r, "name"), STORE_NAME_MAX,
	    1, s->name, sizeof(s->name)));
	if ((c = currency_find(req_form(r, "currency"))) == NULL)
		form_check(f, "currency", "Choose a currency from the list.");
	else
		snprintf(s->currency, sizeof(s->currency), "%s", c->code);
	form_check(f, "timezone", timezone_field(req_form(r, "timezone"),
	    s->timezone));
	return 0;
}

/* Shows the new-store form again with the person's input. 422. */
static int
store_form_again(struct req *r)
{
	if (form_keep(r, "code") == -1 || form_keep(r, "name") == -1 ||
	    form_keep(r, "currency") == -1 || form_keep(r, "timezone") == -1)
		return -1;
	return store_form_show(r, 422);
}

/*
 * POST /stores: creates a store (code, name, currency, time zone) with
 * the seeded user groups, the creator in its Administrator group, and
 * an audit entry, in one transaction; 303 to /stores?created=CODE. A
 * bad field, a code in use or a manager's code that did not pass:
 * the form again with the message beside the field, 422, nothing
 * written.
 */
int
handle_store_create(struct req *r)
{
	struct store_new	 n;
	struct form_check	 f = { r, 0, 0 };
	char			 where[64];
	int			 rc;

	memset(&n, 0, sizeof(n));
	if (store_new_read(r, &n.s, &f) == -1 || f.failed)
		return -1;
	if (f.errors > 0 || approval_failed(r))
		return store_form_again(r);
	n.staff_id = r->session.staff_id;
	audit_actor_staff(r, &n.actor);
	rc = db_transaction(r->db, store_new_tx, &n);
	if (rc == DB_ERR_DUP) {
		/* Taken since the check above. */
		form_check(&f, "code", CODE_TAKEN);
		return f.failed ? -1 : store_form_again(r);
	}
	if (rc < 0)
		return -1;
	snprintf(where, sizeof(where), "/stores?created=%s", n.s.code);
	return http_redirect(r, where);
}

/* ------------------------------------------------------------ settings */

/*
 * Checks a whole number of days from 0 to max into *out; an empty
 * field is 0 when empty_ok. Returns NULL when fine, or message.
 */
static const char *
days_field(const char *in, long max, int empty_ok, const char *message,
    long *out)
{
	size_t	 n = strlen(in);

	*out = 0;
	if (n == 0)
		return empty_ok ? NULL : message;
	if (n > 5 || strspn(in, "0123456789") != n)
		return message;
	*out = strtol(in, NULL, 10);
	return *out <= max ? NULL : message;
}

/* Checks the auto-hold amount (0 or empty: off) in the store's currency into *out. */
static const char *
hold_amount_field(const char *in, const char *currency, int64_t *out)
{
	const struct currency	*c = currency_find(currency);
	enum money_parse_result	 rc;

	*out = 0;
	if (c == NULL)
		return "The store's currency is not known.";
	if ((rc = money_parse_input(in, c, out)) == MONEY_EMPTY)
		return NULL;
	if (rc != MONEY_OK)
		return money_parse_message(rc);
	return *out < 0 ? "Enter an amount of 0 or more (0 turns the rule "
	    "off)." : NULL;
}

/* Puts the statement terms and auto-hold rules of s in Form.* as the form shows them. */
static int
settings_rules_view(struct req *r, const struct store_settings *s)
{
	const struct currency	*c = currency_find(r->session.currency);
	char			 n[24], money[MONEY_TEXT_MAX];

	snprintf(n, sizeof(n), "%d", s->terms_days);
	if (view_set(r, "Form.statement_terms_days", n) == -1)
		return -1;
	snprintf(n, sizeof(n), "%ld", s->hold_days);
	if (view_set(r, "Form.auto_hold_overdue_days", n) == -1)
		return -1;
	return view_set(r, "Form.auto_hold_overdue_amount",
	    money_plain(s->hold_amount, c != NULL ? c->exponent : 2,
	    money));
}

/*
 * Shows the settings form: code and currency (not editable), the
 * fields already in Form.*, and the payment methods enabled in pay.
 */
static int
settings_show(struct req *r, int status, const int pay[PAY__MAX])
{
	size_t	 i;

	for (i = 0; i < PAY__MAX; i++)
		if (view_set_item(r, "Pay", i, "Key", pay_methods[i].key) ==
		    -1 || view_set_item(r, "Pay", i, "Label",
		    pay_methods[i].label) == -1 || (pay[i] &&
		    view_set_item(r, "Pay", i, "Checked", "1") == -1))
			return -1;
	if (view_set(r, "Page.Title", "Store settings") == -1 ||
	    view_set(r, "Page.Nav", "/settings") == -1 ||
	    view_set(r, "Store.Code", r->session.store_code) == -1 ||
	    view_set(r, "Store.Currency", r->session.currency) == -1 ||
	    approval_view(r, PERM_MANAGE_STORE) == -1)
		return -1;
	return view_render(r, status, "settings.cs");
}

/*
 * GET /settings: the current store's settings form; after ?saved=1 a
 * notice. 200.
 */
int
handle_settings_form(struct req *r)
{
	struct store_settings	 s;
	int			 rc;

	if ((rc = store_settings_get(r->db, r->session.store_id, 0, &s)) < 0)
		return -1;
	if (rc == 0) {
		view_error(r, 404, NO_SUCH_PAGE);
		return 0;
	}
	if ((strcmp(req_query(r, "saved"), "1") == 0 &&
	    view_set(r, "Notice.Saved", "1") == -1) ||
	    view_set(r, "Form.name", s.name) == -1 ||
	    view_set(r, "Form.timezone", s.timezone) == -1 ||
	    view_set(r, "Form.bank_account_holder", s.bank_holder) == -1 ||
	    view_set(r, "Form.bank_iban", s.iban) == -1 ||
	    view_set(r, "Form.bank_bic", s.bic) == -1 ||
	    view_set(r, "Form.bank_name", s.bank_name) == -1 ||
	    settings_rules_view(r, &s) == -1)
		return -1;
	return settings_show(r, 200, s.pay);
}

/* Reads and checks the settings form into s; problems go to f. */
static void
settings_read(struct req *r, struct store_settings *s, struct form_check *f)
{
	size_t	 i;
	long	 terms;
	int	 any = 0;

	form_check(f, "name", text_field(req_form(r, "name"), STORE_NAME_MAX,
	    1, s->name, sizeof(s->name)));
	form_check(f, "timezone", timezone_field(req_form(r, "timezone"),
	    s->timezone));
	form_check(f, "bank_account_holder", text_field(req_form(r,
	    "bank_account_holder"), BANK_TEXT_MAX, 0, s->bank_holder,
	    sizeof(s->bank_holder)));
	form_check(f, "bank_iban", iban_check(req_form(r, "bank_iban"),
	    s->iban));
	form_check(f, "bank_bic", bic_check(req_form(r, "bank_bic"), s->bic));
	form_check(f, "bank_name", text_field(req_form(r, "bank_name"),
	    BANK_TEXT_MAX, 0, s->bank_name, sizeof(s->bank_name)));
	for (i = 0; i < PAY__MAX; i++) {
		s->pay[i] = strcmp(req_form(r, pay_methods[i].key), "1") == 0;
		any |= s->pay[i];
	}
	if (!any)
		form_check(f, "pay", "Enable at least one payment method.");
	if (s->pay[PAY_BANK_TRANSFER] &&
	    (s->bank_holder[0] == '\0' || s->iban[0] == '\0'))
		form_check(f, "pay_bank_transfer", "Bank transfers need the "
		    "store's bank account: fill in the account holder and "
		    "the IBAN.");
	form_check(f, "statement_terms_days", days_field(req_form(r,
	    "statement_terms_days"), STORE_TERMS_DAYS_MAX, 0,
	    "Enter a number of days from 0 to 365.", &terms));
	s->terms_days = (int)terms;
	form_check(f, "auto_hold_overdue_days", days_field(req_form(r,
	    "auto_hold_overdue_days"), AUTOHOLD_DAYS_MAX, 1,
	    "Enter a number of days from 1 to 3650, or 0 to turn the rule "
	    "off.", &s->hold_days));
	form_check(f, "auto_hold_overdue_amount", hold_amount_field(req_form(r,
	    "auto_hold_overdue_amount"), r->session.currency,
	    &s->hold_amount));
}

/* Shows the settings form again with the person's input. 422. */
static int
settings_again(struct req *r, const struct store_settings *s)
{
	if (form_keep(r, "name") == -1 || form_keep(r, "timezone") == -1 ||
	    form_keep(r, "bank_account_holder") == -1 ||
	    form_keep(r, "bank_iban") == -1 || form_keep(r, "bank_bic") == -1 ||
	    form_keep(r, "bank_name") == -1 ||
	    form_keep(r, "statement_terms_days") == -1 ||
	    form_keep(r, "auto_hold_overdue_days") == -1 ||
	    form_keep(r, "auto_hold_overdue_amount") == -1)
		return -1;
	return settings_show(r, 422, s->pay);
}

struct settings_change {
	int64_t			 store_id;
	struct store_settings	 next;
	struct audit_actor	 actor;
};

/*
 * Stores the settings and logs "store.update" with before and after,
 * under a lock on the store's row; a save that changes nothing writes
 * nothing.
 */
static int
settings_tx(struct db *db, void *arg)
{
	struct settings_change	*c = arg;
	struct store_settings	 before;
	json_t			*b = NULL, *a = NULL;
	char			 id[24];
	int			 rc;

	if ((rc = store_settings_get(db, c->store_id, 1, &before)) <= 0)
		return rc < 0 ? rc : DB_ERR;
	if ((b = store_settings_json(&before)) == NULL ||
	    (a = store_settings_json(&c->next)) == NULL)
		rc = DB_ERR;
	else if (json_equal(b, a))
		rc = 0;
	else if ((rc = store_settings_update(db, c->store_id,
	    &c->next)) == 0) {
		snprintf(id, sizeof(id), "%lld", (long long)c->store_id);
		rc = audit_write(db, &c->actor, "store.update", "store", id,
		    b, a);
	}
	json_decref(b);
	json_decref(a);
	return rc;
}

/*
 * POST /settings: stores the current store's name, time zone, bank
 * account, payment methods, statement terms and auto-hold rules with an
 * audit entry, in one transaction;
 * 303 to /settings?saved=1. A bad field, bank transfers without the
 * bank account, no payment method, or a manager's code that did not
 * pass: the form again with the message beside the field, 422,
 * nothing written.
 */
int
handle_settings_update(struct req *r)
{
	struct settings_change	 c;
	struct form_check	 f = { r, 0, 0 };

	memset(&c, 0, sizeof(c));
	settings_read(r, &c.next, &f);
	if (f.failed)
		return -1;
	if (f.errors > 0 || approval_failed(r))
		return settings_again(r, &c.next);
	c.store_id = r->session.store_id;
	audit_actor_staff(r, &c.actor);
	if (db_transaction(r->db, settings_tx, &c) < 0)
		return -1;
	return http_redirect(r, "/settings?saved=1");
}

/* ------------------------------------------------------------ switch */

struct store_switch {
	int64_t			 staff_id;
	const unsigned char	*token_hash;
	const char		*code;
	int			 found;
};

/* Moves the session to the store with the code, when the staff member works there. */
static int
store_switch_tx(struct db *db, void *arg)
{
	struct store_switch	*s = arg;
	int64_t			 store_id;
	int			 rc;

	s->found = 0;
	if ((rc = store_member_find(db, s->staff_id, s->code,
	    &store_id)) <= 0)
		return rc;
	s->found = 1;
	return db_exec(db, STMT_SESSION_SET_STORE, DB_ARGS(DB_INT(store_id),
	    DB_BLOB(s->token_hash, HASH_BYTES), DB_INT(s->staff_id)),
	    NULL, NULL);
}

/*
 * POST /store/switch: makes the store with code "store" the session's
 * store, when the staff member works in it; from then on pages show
 * that store and permissions follow their user group there. 303 to
 * /dashboard; 404 for any other code, which never tells whether such
 * a store exists.
 */
int
handle_store_switch(struct req *r)
{
	struct store_switch	 s;

	memset(&s, 0, sizeof(s));
	s.staff_id = r->session.staff_id;
	s.token_hash = r->session.token_hash;
	s.code = req_form(r, "store");
	if (store_code_problem(s.code) != NULL) {
		view_error(r, 404, NO_SUCH_PAGE);
		return 0;
	}
	if (db_transaction(r->db, store_switch_tx, &s) < 0)
		return -1;
	if (!s.found) {
		view_error(r, 404, NO_SUCH_PAGE);
		return 0;
	}
	return http_redirect(r, "/dashboard");
}
