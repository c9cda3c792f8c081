/* exceptions.c: offline lane postings that broke a rule of the account: the list, acknowledging one, lifting the hold it put on the account. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "account.h"
#include "approval.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "ledger.h"
#include "log.h"
#include "money.h"
#include "page.h"
#include "timez.h"
#include "view.h"

#define EXCEPTIONS_PAGE	50	/* exceptions per page of the list */
#define EXCEPTION_COLS	16	/* columns of STMT_EXCEPTION_LIST and _GET */

#define MSG_BAD_REQUEST	"The request could not be understood."

/*
 * Who may see and settle exceptions: the people who may change an
 * account's limit and hold. An exception is about an account that broke
 * its limit or hold and was put on hold, and lifting that hold is an
 * account change; a group that needs a manager's code to edit accounts
 * (Clerk, as seeded) sees the list and needs the code to acknowledge or
 * lift, which is "a manager acknowledges". Managing lanes is about the
 * devices, not the accounts.
 */

/* The list's choices of what to show, by the STMT_EXCEPTION_LIST code. */
static const struct {
	const char	*key;
	const char	*label;
	int		 code;
} shows[] = {
	{ "open", "Open", 1 },
	{ "acknowledged", "Acknowledged", 2 },
	{ "all", "All", 0 },
};

/* Each rule an offline posting may break, as the list names it. */
static const struct {
	unsigned	 flag;
	const char	*label;
} flag_labels[] = {
	{ LEDGER_FLAG_OVER_LIMIT, "Over limit" },
	{ LEDGER_FLAG_AFTER_HOLD, "After hold" },
	{ LEDGER_FLAG_INACTIVE, "Inactive" },
};

/* One exception as read, with what it is about. */
struct exception {
	int64_t	 id, at, amount, flags, balance_after, ack_at;
	int64_t	 hold_lifted, on_hold;
	char	 lane[TEXT_BYTES(100)];
	char	 account[COUNTER_CODE_MAX];
	char	 customer_code[COUNTER_CODE_MAX];
	char	 customer[TEXT_BYTES(CUSTOMER_NAME_MAX)];
	char	 receipt[TEXT_BYTES(LEDGER_REFERENCE_MAX)];
	char	 entry[COUNTER_CODE_MAX];
	char	 ack_by[TEXT_BYTES(200)];
	char	 hold_reason[TEXT_BYTES(ACCOUNT_HOLD_REASON_MAX)];
};

/* ------------------------------------------------------------ helpers */

/* Binds the columns of STMT_EXCEPTION_LIST and _GET to e. */
static void
exception_bind(struct exception *e, struct db_col cols[EXCEPTION_COLS])
{
	struct db_col	 c[EXCEPTION_COLS] = { COL_INT(&e->id),
	    COL_INT(&e->at), COL_STR(e->lane), COL_STR(e->account),
	    COL_STR(e->customer_code), COL_STR(e->customer),
	    COL_STR(e->receipt), COL_INT(&e->amount), COL_INT(&e->flags),
	    COL_INT(&e->balance_after), COL_STR(e->entry), COL_STR(e->ack_by),
	    COL_INT(&e->ack_at), COL_INT(&e->hold_lifted),
	    COL_INT(&e->on_hold), COL_STR(e->hold_reason) };

	memcpy(cols, c, sizeof(c));
}

/* Puts an amount in words ("€120.00 owing") as name. */
static int
exception_words(struct req *r, const struct currency *c, int64_t v,
    const char *name)
{
	char	 words[ACCOUNT_WORDS_MAX];

	return view_set(r, name, account_balance_words(v, c, words));
}

/* Puts exception e under prefix, times in the entered zone. */
static int
exception_set(struct req *r, const struct currency *c,
    const struct exception *e, const char *prefix)
{
	char	 when[TIMEZ_TEXT], ack[TIMEZ_TEXT], name[64];
	size_t	 i, n = 0;

	timez_local_text((time_t)e->at, when);
	ack[0] = '\0';
	if (e->ack_at > 0)
		timez_local_text((time_t)e->ack_at, ack);
	snprintf(name, sizeof(name), "%s.Amount", prefix);
	if (page_money(r, c, e->amount < 0 ? -e->amount : e->amount,
	    name) == -1)
		return -1;
	snprintf(name, sizeof(name), "%s.BalanceAfter", prefix);
	if (exception_words(r, c, e->balance_after, name) == -1)
		return -1;
	for (i = 0; i < sizeof(flag_labels) / sizeof(flag_labels[0]); i++)
		if (((unsigned)e->flags & flag_labels[i].flag) != 0 &&
		    page_setf(r, flag_labels[i].label, "%s.Flags.%zu",
		    prefix, n++) == -1)
			return -1;
	return page_setf(r, when, "%s.Created", prefix) == -1 ||
	    page_setf(r, e->lane, "%s.Lane", prefix) == -1 ||
	    page_setf(r, e->account, "%s.Account", prefix) == -1 ||
	    page_setf(r, e->customer, "%s.Customer", prefix) == -1 ||
	    page_setf(r, e->customer_code, "%s.CustomerCode", prefix) == -1 ||
	    page_setf(r, e->receipt, "%s.Receipt", prefix) == -1 ||
	    page_setf(r, e->entry, "%s.Entry", prefix) == -1 ||
	    page_setf(r, ack, "%s.AckAt", prefix) == -1 ||
	    page_setf(r, e->ack_by, "%s.AckBy", prefix) == -1 ||
	    page_setf(r, e->hold_lifted ? "1" : "", "%s.HoldLifted",
	    prefix) == -1 ||
	    page_setf(r, e->on_hold ? "1" : "", "%s.OnHold", prefix) == -1 ||
	    page_setf(r, e->on_hold ? e->hold_reason : "", "%s.HoldReason",
	    prefix) == -1 ? -1 : 0;
}

/*
 * Reads exception id (as the URL has it) of the session's store into
 * *e. Returns 1; 0 after answering 404 (malformed, or none in this
 * store); or -1.
 */
static int
exception_find(struct req *r, struct db *db, const char *id,
    struct exception *e)
{
	struct db_col	 cols[EXCEPTION_COLS];
	int64_t		 n;
	int		 rc;

	memset(e, 0, sizeof(*e));
	if (page_id_parse(id, &n) == -1 || n == 0) {
		view_error(r, 404, PAGE_NOT_FOUND);
		return 0;
	}
	exception_bind(e, cols);
	rc = db_get(db, STMT_EXCEPTION_GET, DB_ARGS(DB_INT(n),
	    DB_INT(r->session.store_id)), cols, EXCEPTION_COLS);
	return page_found(r, rc);
}

/* ------------------------------------------------------------ list */

/*
 * Reads one page of exceptions into the page data, the id of the last
 * shown into *last. Returns how many were read (one more than a page:
 * there are more), or -1.
 */
static int
list_read(struct req *r, const struct currency *c, int show, int64_t before,
    int64_t *last)
{
	struct exception	 e;
	struct db_col		 cols[EXCEPTION_COLS];
	char			 prefix[32], id[24];
	size_t			 n = 0;
	int			 rc;

	memset(&e, 0, sizeof(e));
	exception_bind(&e, cols);
	if (db_query(r->db, STMT_EXCEPTION_LIST, DB_ARGS(
	    DB_INT(r->session.store_id), DB_INT(show), DB_INT(show),
	    DB_INT(before), DB_INT(before), DB_INT(EXCEPTIONS_PAGE + 1)), cols,
	    EXCEPTION_COLS) != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1 && n < EXCEPTIONS_PAGE) {
		snprintf(prefix, sizeof(prefix), "Exceptions.%zu", n++);
		snprintf(id, sizeof(id), "%lld", (long long)e.id);
		if (exception_set(r, c, &e, prefix) == -1 ||
		    page_setf(r, id, "%s.Id", prefix) == -1) {
			rc = -1;
			break;
		}
		*last = e.id;
	}
	db_done(r->db);
	if (rc < 0)
		return -1;
	return rc == 1 ? (int)n + 1 : (int)n;
}

/* Puts the choices of what to show. Returns 0 or -1. */
static int
list_shows(struct req *r)
{
	size_t	 i;

	for (i = 0; i < sizeof(shows) / sizeof(shows[0]); i++)
		if (page_setf(r, shows[i].key, "Shows.%zu.Key", i) == -1 ||
		    page_setf(r, shows[i].label, "Shows.%zu.Label", i) == -1)
			return -1;
	return 0;
}

/* The message of a change just made (?done=...), or NULL. */
static const char *
list_done_message(const char *done)
{
	if (strcmp(done, "acknowledged") == 0)
		return "The exception was acknowledged.";
	if (strcmp(done, "lifted") == 0)
		return "The hold was lifted from the account.";
	return NULL;
}

/* The list, with the store's time zone entered. */
static int
list_in_zone(struct req *r)
{
	const struct currency	*c;
	const char		*show = req_query(r, "show"), *done;
	struct buf		 q = { 0 };
	int64_t			 before, last = 0;
	size_t			 i;
	int			 rc, n;

	if ((c = page_currency(r)) == NULL)
		return -1;
	if (*show == '\0')
		show = "open";
	for (i = 0; i < sizeof(shows) / sizeof(shows[0]); i++)
		if (strcmp(shows[i].key, show) == 0)
			break;
	if (i == sizeof(shows) / sizeof(shows[0]) ||
	    page_id_parse(req_query(r, "before"), &before) == -1) {
		view_error(r, 400, MSG_BAD_REQUEST);
		return 0;
	}
	if ((n = list_read(r, c, shows[i].code, before, &last)) == -1)
		return -1;
	rc = http_query_add(&q, "show", show);
	if (rc == 0)
		rc = page_pager(r, "/exceptions", &q, n > EXCEPTIONS_PAGE,
		    last, before);
	buf_free(&q);
	done = list_done_message(req_query(r, "done"));
	if (rc == -1 || list_shows(r) == -1 ||
	    (done != NULL && view_set(r, "Form.Done", done) == -1) ||
	    view_set(r, "Page.Title", "Exceptions") == -1 ||
	    view_set(r, "Page.Nav", "/exceptions") == -1 ||
	    view_set(r, "Filter.show", show) == -1 ||
	    view_set(r, "Zone.Name", r->session.timezone) == -1)
		return -1;
	return view_render(r, 200, "exception_list.cs");
}

/*
 * GET /exceptions: the store's offline lane postings that broke a rule
 * (over limit, after hold, inactive), newest first, 50 a page by key
 * (?before=<id>), open ones (show=open, the default), acknowledged ones
 * (show=acknowledged) or all (show=all): time, lane, account, customer,
 * receipt, amount, the rules broken, balance after, who acknowledged
 * it and when, and links to acknowledge it or lift the account's hold.
 * 200 the page; 400 for an unknown show or a malformed page bound.
 */
int
handle_exception_list(struct req *r)
{
	return req_in_store_zone(r, list_in_zone);
}

/* ------------------------------------------------------------ actions */

enum exception_act {
	ACT_ACKNOWLEDGE,
	ACT_LIFT_HOLD
};

/* What each action's confirmation page says. */
static const struct {
	const char	*path;
	const char	*title;
	const char	*text;
	const char	*button;
	const char	*done;		/* shown instead of the form when done */
} acts[] = {
	[ACT_ACKNOWLEDGE] = { "acknowledge", "Acknowledge the exception",
	    "Acknowledging says the store has looked into this sale. It "
	    "does not lift the hold on the account.",
	    "Acknowledge", "This exception was acknowledged already." },
	[ACT_LIFT_HOLD] = { "lift-hold", "Lift the hold",
	    "Lifting the hold lets the account pay at the lanes again, "
	    "within its limit; every lane sees the change at its next sync.",
	    "Lift the hold", "The account is not on hold." },
};

/* Renders the confirmation page of act for e; status 200 or 422. */
static int
act_show(struct req *r, int status, enum exception_act act,
    const struct exception *e)
{
	const struct currency	*c;

	if ((c = page_currency(r)) == NULL)
		return -1;
	if (exception_set(r, c, e, "Exception") == -1 ||
	    view_set_int(r, "Exception.Id", e->id) == -1 ||
	    view_set(r, "Page.Title", acts[act].title) == -1 ||
	    view_set(r, "Page.Nav", "/exceptions") == -1 ||
	    view_set(r, "Action.Title", acts[act].title) == -1 ||
	    view_set(r, "Action.Text", acts[act].text) == -1 ||
	    view_set(r, "Action.Button", acts[act].button) == -1 ||
	    view_set(r, "Action.Path", acts[act].path) == -1 ||
	    approval_view(r, PERM_EDIT_ACCOUNT) == -1)
		return -1;
	if ((act == ACT_ACKNOWLEDGE && e->ack_at > 0) ||
	    (act == ACT_LIFT_HOLD && !e->on_hold))
		if (view_set(r, "Action.Done", acts[act].done) == -1)
			return -1;
	return view_render(r, status, "exception_action.cs");
}

/* The confirmation page of act, with the store's time zone entered. */
static int
act_form(struct req *r, enum exception_act act, int status)
{
	struct exception	 e;
	int			 rc;

	if ((rc = exception_find(r, r->db, r->args[0], &e)) <= 0)
		return rc;
	return act_show(r, status, act, &e);
}

static int
ack_form_in_zone(struct req *r)
{
	return act_form(r, ACT_ACKNOWLEDGE, 200);
}

static int
ack_refused_in_zone(struct req *r)
{
	return act_form(r, ACT_ACKNOWLEDGE, 422);
}

static int
lift_form_in_zone(struct req *r)
{
	return act_form(r, ACT_LIFT_HOLD, 200);
}

static int
lift_refused_in_zone(struct req *r)
{
	return act_form(r, ACT_LIFT_HOLD, 422);
}

/*
 * GET /exceptions/<id>/acknowledge: the exception and a form to
 * acknowledge it (with a manager's code where the group needs one), or
 * a note that it was acknowledged already. 200; 404 when the store has
 * no such exception.
 */
int
handle_exception_ack_form(struct req *r)
{
	return req_in_store_zone(r, ack_form_in_zone);
}

/*
 * GET /exceptions/<id>/lift-hold: the exception, the account's hold
 * reason and a form to lift the hold (with a manager's code where the
 * group needs one), or a note that the account is not on hold. 200;
 * 404 when the store has no such exception.
 */
int
handle_exception_lift_form(struct req *r)
{
	return req_in_store_zone(r, lift_form_in_zone);
}

/* What an action's transaction needs and found. */
struct act_change {
	const struct req	*r;
	int64_t			 id;
	char			 account[COUNTER_CODE_MAX];
	int			 found;
	int			 changed;
};

/* Writes one audit entry of the signed-in staff member. Returns 0 or < 0. */
static int
act_audit(struct db *db, const struct req *r, const char *action,
    const char *type, const char *id, json_t *before, json_t *after)
{
	struct audit_actor	 a;
	int			 rc;

	audit_actor_staff(r, &a);
	rc = before == NULL || after == NULL ? DB_ERR :
	    audit_write(db, &a, action, type, id, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

/* Marks the exception acknowledged by the staff member, with the audit entry. */
static int
ack_tx(struct db *db, void *arg)
{
	struct act_change	*ch = arg;
	char			 id[24];
	int64_t			 n;
	int			 rc;

	if ((rc = db_exec(db, STMT_EXCEPTION_ACK, DB_ARGS(
	    DB_INT(ch->r->session.staff_id), DB_INT(ch->id),
	    DB_INT(ch->r->session.store_id)), &n, NULL)) < 0)
		return rc;
	if ((ch->changed = n > 0) == 0)
		return 0;
	snprintf(id, sizeof(id), "%lld", (long long)ch->id);
	return act_audit(db, ch->r, "lane_exception.acknowledge",
	    "lane_exception", id, json_pack("{s:b}", "acknowledged", 0),
	    json_pack("{s:b,s:s}", "acknowledged", 1, "account",
	    ch->account));
}

/*
 * Lifts the hold of the exception's account through the account update
 * path (so the lanes see it in their feed), notes it on the exception,
 * and writes the audit entry of the account's change.
 */
static int
lift_tx(struct db *db, void *arg)
{
	struct act_change	*ch = arg;
	struct account		 before, next;
	int			 rc;

	if ((rc = ch->found = account_get(db, ch->r->session.store_id,
	    ch->account, 1, &before)) <= 0)
		return rc;
	if ((ch->changed = before.on_hold) == 0)
		return 0;
	next = before;
	next.on_hold = 0;
	next.hold_reason[0] = '\0';
	if ((rc = account_update(db, ch->r->session.store_id, &before,
	    &next)) < 0 ||
	    (rc = db_exec(db, STMT_EXCEPTION_HOLD_LIFTED, DB_ARGS(
	    DB_INT(ch->id), DB_INT(ch->r->session.store_id)), NULL,
	    NULL)) < 0)
		return rc;
	return act_audit(db, ch->r, "account.update", "account",
	    before.number, account_json(&before), account_json(&next));
}

/*
 * Runs act on the exception named in the URL: a bad manager's code
 * shows the form again (422) and writes nothing; else the change and
 * its audit entry in one transaction, then 303 to the list with a note.
 */
static int
act_post(struct req *r, enum exception_act act,
    int (*refused)(struct req *))
{
	struct exception	 e;
	struct act_change	 ch;
	char			 where[64];
	int			 rc;

	if ((rc = exception_find(r, r->db, r->args[0], &e)) <= 0)
		return rc;
	if (approval_failed(r))
		return req_in_store_zone(r, refused);
	memset(&ch, 0, sizeof(ch));
	ch.r = r;
	ch.id = e.id;
	ch.found = 1;
	memcpy(ch.account, e.account, sizeof(ch.account));
	if (db_transaction(r->db, act == ACT_ACKNOWLEDGE ? ack_tx : lift_tx,
	    &ch) < 0)
		return -1;
	if (!ch.found) {
		view_error(r, 404, PAGE_NOT_FOUND);
		return 0;
	}
	snprintf(where, sizeof(where), "/exceptions?show=all&done=%s",
	    act == ACT_ACKNOWLEDGE ? "acknowledged" : "lifted");
	return http_redirect(r, ch.changed ? where : "/exceptions?show=all");
}

/*
 * POST /exceptions/<id>/acknowledge: marks the exception acknowledged
 * by the signed-in staff member, now, with a
 * "lane_exception.acknowledge" audit entry, in one transaction. 303 to
 * the list with a note (nothing written when it was acknowledged
 * already); 422 the form again when the manager's code did not pass,
 * nothing written; 404 when the store has no such exception.
 */
int
handle_exception_ack(struct req *r)
{
	return act_post(r, ACT_ACKNOWLEDGE, ack_refused_in_zone);
}

/*
 * POST /exceptions/<id>/lift-hold: lifts the hold of the exception's
 * account (hold off, reason cleared) as the account edit page would:
 * the account marked changed for the lane feed, an "account.update"
 * audit entry, and the exception noted as the place it was lifted
 * from, in one transaction. The exception stays open until someone
 * acknowledges it. 303 to the list with a note (nothing written when
 * the account is not on hold); 422 the form again when the manager's
 * code did not pass, nothing written; 404 when the store has no such
 * exception.
 */
int
handle_exception_lift(struct req *r)
{
	return act_post(r, ACT_LIFT_HOLD, lift_refused_in_zone);
}
