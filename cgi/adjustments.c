/* adjustments.c: correcting an account: an adjustment with a reason, and the reversal of one entry. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "approval.h"
#include "audit.h"
#include "db.h"
#include "handlers.h"
#include "ledger.h"
#include "log.h"
#include "money.h"
#include "page.h"
#include "posting_form.h"
#include "text.h"
#include "timez.h"
#include "view.h"

#define MSG_NOT_FOUND	"There is no such page."

/* What an adjustment or a reversal form sent, checked. */
struct correction {
	const char	*direction;	/* "credit" or "charge" (adjustments) */
	const char	*amount_text;
	int64_t		 amount;	/* signed: + credits the customer */
	const char	*note;		/* the reason */
	const char	*reference;
	const char	*once;
	int64_t		 version;
};

/* One posting in its transaction, and what it became. */
struct correction_tx {
	struct posting	 p;
	struct posted	 done;
};

/* ------------------------------------------------------------ helpers */

/*
 * Finds entry number r->args[1] of account a. Returns 1, 0 after
 * answering 404 (no such entry on this account), or -1 on failure.
 */
static int
entry_from_url(struct req *r, const struct account *a, struct ledger_entry *e)
{
	int	 rc = 0;

	if (strlen(r->args[1]) < COUNTER_CODE_MAX &&
	    (rc = ledger_entry_get(r->db, r->session.store_id, a->id,
	    r->args[1], e)) < 0)
		return -1;
	if (rc == 0)
		view_error(r, 404, MSG_NOT_FOUND);
	return rc;
}

/* Puts what the forms show of the account: number, customer, balance in words. */
static int
account_head(struct req *r, const struct currency *c, const struct account *a)
{
	char	 words[ACCOUNT_WORDS_MAX];

	return view_set(r, "Account.Number", a->number) == -1 ||
	    view_set(r, "Account.CustomerCode", a->customer_code) == -1 ||
	    view_set(r, "Account.CustomerName", a->customer_name) == -1 ||
	    view_set(r, "Account.Balance", account_balance_words(a->balance,
	    c, words)) == -1 ||
	    view_set(r, "Currency.Symbol", c->symbol) == -1 ? -1 : 0;
}

/* Sets Errors.<field> to message when there is one; counts it in *bad. */
static int
problem_set(struct req *r, const char *field, const char *message, int *bad)
{
	char	 name[64];

	if (message == NULL)
		return 0;
	(*bad)++;
	snprintf(name, sizeof(name), "Errors.%s", field);
	return view_set(r, name, message);
}

/* Reads the reason and the reference, with each problem beside its field. */
static int
reason_read(struct req *r, struct correction *in, int *bad)
{
	const char	*problem;

	in->note = req_form(r, "note");
	in->reference = req_form(r, "reference");
	problem = in->note[strspn(in->note, " ")] == '\0' ?
	    "Give the reason for this correction." :
	    text_problem(in->note, LEDGER_NOTE_MAX, 1);
	if (problem_set(r, "note", problem, bad) == -1)
		return -1;
	return problem_set(r, "reference", text_problem(in->reference,
	    LEDGER_REFERENCE_MAX, 0), bad);
}

/* Puts the fields as the person sent them back into the form. */
static int
form_again(struct req *r, const struct correction *in)
{
	return view_set(r, "Form.direction", in->direction) == -1 ||
	    view_set(r, "Form.amount", in->amount_text) == -1 ||
	    view_set(r, "Form.note", in->note) == -1 ||
	    view_set(r, "Form.reference", in->reference) == -1 ? -1 : 0;
}

/* True when rc is one of the ledger's refusals. */
static int
ledger_refused(int rc)
{
	return rc <= LEDGER_ERR_RANGE && rc >= LEDGER_ERR_SUBMITTED;
}

/* Posts the correction and writes its audit entry, in one transaction. */
static int
correction_post(struct db *db, void *arg)
{
	struct correction_tx	*t = arg;

	return ledger_post(db, &t->p, &t->done);
}

/* Fills the posting of a correction from the request and the form. */
static void
correction_posting(struct req *r, const struct account *a,
    const struct correction *in, const struct audit_actor *actor,
    struct posting *p)
{
	memset(p, 0, sizeof(*p));
	p->store_id = r->session.store_id;
	p->account_id = a->id;
	p->amount = in->amount;
	p->reference = in->reference;
	p->note = in->note;
	p->staff_id = r->session.staff_id;
	p->approver_id = r->approval.approver_id;
	p->mode = LEDGER_ONLINE;
	p->expect_version = in->version;
	p->once = in->once;
	p->actor = actor;
}

/* ------------------------------------------------------------ adjust */

/* Renders the adjustment form for account a (fields already put). */
static int
adjust_show(struct req *r, int status, const struct currency *c,
    const struct account *a)
{
	char	 title[64];

	snprintf(title, sizeof(title), "Adjust %s", a->number);
	if (view_set(r, "Page.Title", title) == -1 ||
	    view_set(r, "Page.Nav", "/accounts") == -1 ||
	    account_head(r, c, a) == -1 ||
	    posting_form_view(r, a->version) == -1 ||
	    approval_view(r, PERM_ADJUST_ENTRIES) == -1)
		return -1;
	return view_render(r, status, "adjust.cs");
}

/*
 * GET /accounts/<number>/adjust: the adjustment form (credit or charge
 * the customer, an amount, a reason, a reference). 200 the form; 404
 * when the store has no such account.
 */
int
handle_adjust_form(struct req *r)
{
	const struct currency	*c;
	struct account		 a;
	int			 rc;

	if ((c = page_currency(r)) == NULL)
		return -1;
	if ((rc = page_account(r, r->args[0], &a)) <= 0)
		return rc;
	return adjust_show(r, 200, c, &a);
}

/* Reads and checks the adjustment form into *in. Returns problems found, or -1. */
static int
adjust_read(struct req *r, const struct currency *c, struct correction *in)
{
	const char	*problem = NULL;
	int64_t		 v = 0;
	int		 bad = 0, credit;

	in->direction = req_form(r, "direction");
	in->amount_text = req_form(r, "amount");
	credit = strcmp(in->direction, "credit") == 0;
	if (problem_set(r, "direction", !credit &&
	    strcmp(in->direction, "charge") != 0 ? "Choose whether to "
	    "credit or charge the customer." : NULL, &bad) == -1)
		return -1;
	if (in->amount_text[strspn(in->amount_text, " ")] == '\0')
		problem = "Enter the amount of the adjustment.";
	else if ((problem = account_amount_read(in->amount_text, c, 0,
	    &v)) == NULL && v == 0)
		problem = "Enter an amount above zero.";
	if (problem_set(r, "amount", problem, &bad) == -1 ||
	    reason_read(r, in, &bad) == -1)
		return -1;
	in->amount = credit ? v : -v;
	return bad;
}

/*
 * After the ledger refused rc: puts its message and the person's input,
 * and reads the account's figures as they are now into *a. Returns the
 * status to show the form again with (409 when the account changed
 * since the form was shown, 422 otherwise), or -1.
 */
static int
refusal_prepare(struct req *r, int rc, struct account *a,
    const struct correction *in)
{
	char	 number[COUNTER_CODE_MAX];
	int	 status;

	/* account_get clears *a before it reads the number. */
	snprintf(number, sizeof(number), "%s", a->number);
	if ((status = posting_form_refusal(r, rc)) == -1 ||
	    form_again(r, in) == -1 ||
	    account_get(r->db, r->session.store_id, number, 0, a) <= 0)
		return -1;
	return status;
}

/*
 * POST /accounts/<number>/adjust: posts an adjustment (kind
 * "adjustment") of the amount, plus when crediting the customer, minus
 * when charging, with the reason as its note. 303 to the entry's
 * receipt on success, and for a form sent twice (posted once); 422 the
 * form with the input and a message beside each bad field (no
 * direction, an amount that is missing, zero, negative, over-precise
 * or too large, no reason), or when the manager's code did not pass;
 * 409 the form with the account's new figures when it changed since
 * the form was shown; 400 when the form's hidden fields are malformed;
 * 404 when the store has no such account. Nothing is posted unless
 * it answers 303 to a new receipt.
 */
int
handle_adjust(struct req *r)
{
	const struct currency	*c;
	struct account		 a;
	struct correction	 in;
	struct correction_tx	 t;
	struct audit_actor	 actor;
	int			 rc, bad;

	memset(&in, 0, sizeof(in));
	if ((c = page_currency(r)) == NULL)
		return -1;
	if ((rc = page_account(r, r->args[0], &a)) <= 0)
		return rc;
	if (!posting_form_read(r, &in.once, &in.version)) {
		view_error(r, 400, "The request could not be understood.");
		return 0;
	}
	if ((bad = adjust_read(r, c, &in)) == -1)
		return -1;
	if (bad > 0 || approval_failed(r))
		return form_again(r, &in) == -1 ? -1 :
		    adjust_show(r, 422, c, &a);
	audit_actor_staff(r, &actor);
	correction_posting(r, &a, &in, &actor, &t.p);
	t.p.kind = "adjustment";
	memset(&t.done, 0, sizeof(t.done));
	rc = db_transaction(r->db, correction_post, &t);
	if (rc == 0 || rc == LEDGER_ERR_SUBMITTED)
		return posting_form_receipt(r, a.number, t.done.number);
	if (!ledger_refused(rc) || (rc = refusal_prepare(r, rc, &a, &in)) < 0)
		return -1;
	return adjust_show(r, rc, c, &a);
}

/* ------------------------------------------------------------ reverse */

/* The entry to reverse, while its account's form is shown. */
struct reverse_page {
	struct account		 a;
	struct ledger_entry	 e;
};

/* Puts the entry: number, kind, time, amount, what the reversal posts, and why it cannot be. */
static int
entry_view(struct req *r, const struct currency *c,
    const struct ledger_entry *e)
{
	char		 when[TIMEZ_TEXT], amount[MONEY_TEXT_MAX];
	const char	*blocked = NULL;

	timez_local_text((time_t)e->at, when);
	money_format(e->amount, c, amount);
	if (strcmp(e->kind, "reversal") == 0)
		blocked = "A reversal cannot itself be reversed. To undo it, "
		    "post an adjustment.";
	else if (e->reversed_by != 0)
		blocked = ledger_err_message(LEDGER_ERR_REVERSED);
	return view_set(r, "Entry.Number", e->number) == -1 ||
	    view_set(r, "Entry.Kind", ledger_kind_label(e->kind)) == -1 ||
	    view_set(r, "Entry.Time", when) == -1 ||
	    view_set(r, "Entry.Amount", amount) == -1 ||
	    view_set(r, e->amount < 0 ? "Entry.Charge" : "Entry.Credit",
	    "1") == -1 ||
	    view_set(r, "Entry.Reference", e->reference) == -1 ||
	    view_set(r, "Entry.Note", e->note) == -1 ||
	    (blocked != NULL && view_set(r, "Entry.Blocked", blocked) ==
	    -1) ? -1 : 0;
}

/* Renders the reversal form of entry e of account a. */
static int
reverse_show(struct req *r, int status, const struct currency *c,
    const struct account *a, const struct ledger_entry *e)
{
	char	 title[64], action[96];

	snprintf(title, sizeof(title), "Reverse %s", e->number);
	snprintf(action, sizeof(action), "/accounts/%s/entries/%s/reverse",
	    a->number, e->number);
	if (view_set(r, "Page.Title", title) == -1 ||
	    view_set(r, "Page.Nav", "/accounts") == -1 ||
	    view_set(r, "Form.Action", action) == -1 ||
	    account_head(r, c, a) == -1 ||
	    entry_view(r, c, e) == -1 ||
	    posting_form_view(r, a->version) == -1 ||
	    approval_view(r, PERM_ADJUST_ENTRIES) == -1)
		return -1;
	return view_render(r, status, "reverse.cs");
}

/* Finds the account and the entry of the URL. Returns 1, 0 after a 404, or -1. */
static int
reverse_find(struct req *r, struct reverse_page *pg)
{
	int	 rc;

	if ((rc = page_account(r, r->args[0], &pg->a)) <= 0)
		return rc;
	return entry_from_url(r, &pg->a, &pg->e);
}

/* The reversal form, with the store's time zone entered. */
static int
reverse_form_in_zone(struct req *r)
{
	const struct currency	*c;
	struct reverse_page	 pg;
	int			 rc;

	if ((c = page_currency(r)) == NULL)
		return -1;
	if ((rc = reverse_find(r, &pg)) <= 0)
		return rc;
	return reverse_show(r, 200, c, &pg.a, &pg.e);
}

/*
 * GET /accounts/<number>/entries/<entry>/reverse: the entry and a form
 * asking for the reason to reverse it; for a reversal, or an entry
 * reversed already, the entry with why it cannot be. 200; 404 when the
 * store has no such account or the account no such entry.
 */
int
handle_reverse_form(struct req *r)
{
	return req_in_store_zone(r, reverse_form_in_zone);
}

/* The reversal, with the store's time zone entered. */
static int
reverse_in_zone(struct req *r)
{
	const struct currency	*c;
	struct reverse_page	 pg;
	struct correction	 in;
	struct correction_tx	 t;
	struct audit_actor	 actor;
	int			 rc, bad = 0;

	memset(&in, 0, sizeof(in));
	if ((c = page_currency(r)) == NULL)
		return -1;
	if ((rc = reverse_find(r, &pg)) <= 0)
		return rc;
	if (!posting_form_read(r, &in.once, &in.version)) {
		view_error(r, 400, "The request could not be understood.");
		return 0;
	}
	in.direction = in.amount_text = "";
	if (reason_read(r, &in, &bad) == -1)
		return -1;
	if (bad > 0 || approval_failed(r))
		return form_again(r, &in) == -1 ? -1 :
		    reverse_show(r, 422, c, &pg.a, &pg.e);
	audit_actor_staff(r, &actor);
	correction_posting(r, &pg.a, &in, &actor, &t.p);
	t.p.kind = "reversal";
	t.p.amount = 0;
	t.p.reverses_id = pg.e.id;
	memset(&t.done, 0, sizeof(t.done));
	rc = db_transaction(r->db, correction_post, &t);
	if (rc == 0 || rc == LEDGER_ERR_SUBMITTED)
		return posting_form_receipt(r, pg.a.number, t.done.number);
	if (!ledger_refused(rc) || (rc = refusal_prepare(r, rc, &pg.a,
	    &in)) < 0 || ledger_entry_get(r->db, r->session.store_id,
	    pg.a.id, r->args[1], &pg.e) <= 0)
		return -1;
	return reverse_show(r, rc, c, &pg.a, &pg.e);
}

/*
 * POST /accounts/<number>/entries/<entry>/reverse: posts the reversal
 * of the entry (kind "reversal", the opposite amount, linked to it),
 * with the reason as its note; the ledger applies it to the entry's
 * open amount first. 303 to the reversal's receipt on success, and for
 * a form sent twice (posted once); 422 the form with a message when
 * there is no reason, the manager's code did not pass, or the entry is
 * a reversal or was reversed already; 409 the form with the account's
 * new figures when it changed since the form was shown; 400 when the
 * form's hidden fields are malformed; 404 when the store has no such
 * account or the account no such entry. Nothing is posted unless it
 * answers 303 to a new receipt.
 */
int
handle_reverse(struct req *r)
{
	return req_in_store_zone(r, reverse_in_zone);
}
