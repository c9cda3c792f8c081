/* payouts.c: paying out an account's credit in hand: as cash, onto an existing gift card, or onto a new one. */
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "approval.h"
#include "audit.h"
#include "db.h"
#include "giftcard.h"
#include "handlers.h"
#include "ledger.h"
#include "log.h"
#include "page.h"
#include "posting_form.h"
#include "view.h"

#define MSG_NOT_FOUND	"There is no such page."

/* The ways to pay out, as the form sends them. */
#define WAY_CASH	"cash"
#define WAY_CARD	"card"		/* onto an existing gift card */
#define WAY_NEW_CARD	"new_card"

/* A payout as the form asked for it, checked, and what it became. */
struct payout {
	const struct req	*r;
	const struct account	*a;
	int64_t			 amount;	/* > 0: what leaves the account */
	const char		*way;
	char			 card[GIFTCARD_CODE_LEN + 1];
	const char		*note;
	const char		*once;
	int64_t			 version;
	struct posted		 done;
};

/* The credit in hand of a: what may be paid out. */
static int64_t
in_hand(const struct account *a)
{
	return a->balance > 0 ? a->balance : 0;
}

/* Puts the account's figures the form is shown with. */
static int
payout_figures(struct req *r, const struct currency *c,
    const struct account *a)
{
	char	 words[ACCOUNT_WORDS_MAX], money[MONEY_TEXT_MAX];

	return view_set(r, "Account.Number", a->number) == -1 ||
	    view_set(r, "Account.CustomerCode", a->customer_code) == -1 ||
	    view_set(r, "Account.CustomerName", a->customer_name) == -1 ||
	    view_set(r, "Account.Balance", account_balance_words(a->balance,
	    c, words)) == -1 ||
	    view_set(r, "Account.InHand", money_format(in_hand(a), c,
	    money)) == -1 ||
	    view_set(r, "Account.NoCredit", in_hand(a) == 0 ? "1" : "") ==
	    -1 ||
	    view_set(r, "Account.OnHold", a->on_hold ? "1" : "") == -1 ||
	    view_set(r, "Account.Inactive", a->active ? "" : "1") == -1 ?
	    -1 : 0;
}

/* Shows the payout form of account a with status: its figures, the fields as sent (cash when none). */
static int
payout_show(struct req *r, const struct account *a, int status)
{
	const struct currency	*c;
	const char		*way = req_form(r, "way");

	if ((c = page_currency(r)) == NULL)
		return -1;
	if (strcmp(way, WAY_CARD) != 0 && strcmp(way, WAY_NEW_CARD) != 0)
		way = WAY_CASH;
	if (payout_figures(r, c, a) == -1 ||
	    view_set(r, "Form.amount", req_form(r, "amount")) == -1 ||
	    view_set(r, "Form.way", way) == -1 ||
	    view_set(r, "Form.card", req_form(r, "card")) == -1 ||
	    view_set(r, "Form.note", req_form(r, "note")) == -1 ||
	    posting_form_view(r, a->version) == -1 ||
	    approval_view(r, PERM_DEPOSIT_WITHDRAW) == -1 ||
	    view_set(r, "Page.Title", "Pay out credit") == -1 ||
	    view_set(r, "Page.Nav", "/accounts") == -1)
		return -1;
	return view_render(r, status, "payout.cs");
}

/*
 * GET /accounts/<number>/payout: the payout form: the balance, the
 * credit in hand, the amount, the way (cash, an existing gift card
 * by its code, a new gift card), a note, and a manager's code when
 * the user group needs one. 200; 404 when there is no such account in
 * this store.
 */
int
handle_payout_form(struct req *r)
{
	struct account	 a;
	int		 rc;

	if ((rc = page_account(r, r->args[0], &a)) <= 0)
		return rc;
	return payout_show(r, &a, 200);
}

/* Puts message beside field; returns 0 (the form is not fine), or -1. */
static int
field_problem(struct req *r, const char *field, const char *message)
{
	char	 name[48];

	snprintf(name, sizeof(name), "Errors.%s", field);
	return view_set(r, name, message) == -1 ? -1 : 0;
}

/* Reads and checks the amount against the credit in hand. Returns 1 fine, 0 not, -1. */
static int
payout_amount_read(struct req *r, const struct currency *c,
    struct payout *p)
{
	const char	*problem;
	char		 money[MONEY_TEXT_MAX], msg[160];

	problem = account_amount_read(req_form(r, "amount"), c, 0,
	    &p->amount);
	if (problem == NULL && p->amount == 0)
		problem = "Enter the amount to pay out, more than zero.";
	if (problem != NULL)
		return field_problem(r, "amount", problem);
	/* Against the figures the form showed; a form sent again is the ledger's to answer. */
	if (p->version == p->a->version && p->amount > in_hand(p->a)) {
		snprintf(msg, sizeof(msg), "That is more than the credit in "
		    "hand (%s).", money_format(in_hand(p->a), c, money));
		return field_problem(r, "amount", msg);
	}
	return 1;
}

/* Reads the card code of a payout onto an existing card and checks the card. Returns 1 fine, 0 not, -1. */
static int
payout_card_read(struct req *r, struct payout *p)
{
	struct giftcard	 g;
	const char	*problem;
	int		 rc;

	if ((problem = giftcard_code_read(req_form(r, "card"),
	    p->card)) != NULL)
		return field_problem(r, "card", problem);
	if ((rc = giftcard_get(r->db, r->session.store_id, p->card, 0,
	    &g)) < 0)
		return -1;
	if (rc == 0)
		return field_problem(r, "card",
		    giftcard_err_message(GIFTCARD_ERR_NONE));
	if (!g.active)
		return field_problem(r, "card",
		    giftcard_err_message(GIFTCARD_ERR_INACTIVE));
	return 1;
}

/*
 * Reads the payout form into *p with a message beside each field that
 * is not right. Returns 1 when all are fine, 0 when not, -1.
 */
static int
payout_read(struct req *r, const struct currency *c, struct payout *p)
{
	const char	*problem;
	int		 ok = 1, rc;

	if ((rc = payout_amount_read(r, c, p)) == -1)
		return -1;
	ok &= rc;
	p->way = req_form(r, "way");
	if (strcmp(p->way, WAY_CARD) == 0) {
		if ((rc = payout_card_read(r, p)) == -1)
			return -1;
		ok &= rc;
	} else if (strcmp(p->way, WAY_CASH) != 0 &&
	    strcmp(p->way, WAY_NEW_CARD) != 0) {
		if (field_problem(r, "way", "Choose how to pay it out.") ==
		    -1)
			return -1;
		ok = 0;
	}
	p->note = req_form(r, "note");
	if ((problem = text_problem(p->note, LEDGER_NOTE_MAX, 0)) != NULL) {
		if (field_problem(r, "note", problem) == -1)
			return -1;
		ok = 0;
	}
	return ok;
}

/* Puts the amount paid out onto the card of p, new or existing, after its ledger entry. */
static int
payout_to_card(struct db *db, struct payout *p,
    const struct audit_actor *actor)
{
	struct giftcard_move	 m;
	int			 rc;

	memset(&m, 0, sizeof(m));
	m.store_id = p->r->session.store_id;
	m.code = p->card;
	m.amount = p->amount;
	m.ledger_entry_id = p->done.entry_id;
	m.entry_number = p->done.number;
	m.account_number = p->a->number;
	m.staff_id = p->r->session.staff_id;
	m.actor = actor;
	if (strcmp(p->way, WAY_CARD) == 0)
		return giftcard_load(db, &m, NULL);
	rc = giftcard_issue(db, &m, NULL);
	/* The code was taken meanwhile: all again, with a new one. */
	return rc == DB_ERR_DUP ? DB_ERR_RETRY : rc;
}

/*
 * The payout in one transaction: the ledger entry first (it locks the
 * account, the first lock of every transaction), then the gift card.
 */
static int
payout_tx(struct db *db, void *arg)
{
	struct payout		*p = arg;
	struct audit_actor	 actor;
	struct posting		 post;
	int			 cash = strcmp(p->way, WAY_CASH) == 0;
	int			 rc;

	if (strcmp(p->way, WAY_NEW_CARD) == 0 &&
	    giftcard_code_new(p->card) == -1)
		return DB_ERR;
	audit_actor_staff(p->r, &actor);
	memset(&post, 0, sizeof(post));
	post.store_id = p->r->session.store_id;
	post.account_id = p->a->id;
	post.kind = "payout";
	post.amount = -p->amount;
	post.payment_method = cash ? "cash" : "gift_card";
	post.reference = cash ? NULL : p->card;
	post.note = p->note;
	post.staff_id = p->r->session.staff_id;
	post.approver_id = p->r->approval.approver_id;
	post.mode = LEDGER_ONLINE;
	post.expect_version = p->version;
	post.once = p->once;
	post.actor = &actor;
	if ((rc = ledger_post(db, &post, &p->done)) < 0 || cash)
		return rc;
	return payout_to_card(db, p, &actor);
}

/* True when rc is one of the ledger's refusals. */
static int
ledger_refusal(int rc)
{
	return rc <= LEDGER_ERR_RANGE && rc >= LEDGER_ERR_SUBMITTED;
}

/* Shows the form again after a refusal rc, with the account's figures as they are now. */
static int
payout_refused(struct req *r, int rc)
{
	struct account	 a;
	int		 status, found;

	if (rc == GIFTCARD_ERR_NONE || rc == GIFTCARD_ERR_INACTIVE ||
	    rc == GIFTCARD_ERR_RANGE) {
		if (field_problem(r, "card", giftcard_err_message(rc)) == -1)
			return -1;
		status = 422;
	} else if ((status = posting_form_refusal(r, rc)) == -1)
		return -1;
	if ((found = page_account(r, r->args[0], &a)) <= 0)
		return found;
	return payout_show(r, &a, status);
}

/*
 * POST /accounts/<number>/payout: pays out the amount of the credit in
 * hand: cash (payment method cash), onto an existing active gift card
 * of the store, or onto a new gift card issued with a new code
 * (payment method gift_card, the card's code as reference); one
 * transaction posts the payout and puts the money on the card. 303 to
 * the receipt of the entry; 303 to the first receipt when the same form
 * was sent before; 422 the form with the person's input and a message
 * beside each bad field (no amount, zero, negative, too precise, more
 * than the credit in hand, a bad or unknown or deactivated card, the
 * account on hold or inactive, a manager's code that did not pass);
 * 409 the form with the account's new figures when it changed since
 * the form was shown; 400 when the form's hidden fields are malformed;
 * 404 when there is no such account in this store. Nothing is written
 * unless it is posted.
 */
int
handle_payout(struct req *r)
{
	const struct currency	*c;
	struct account		 a;
	struct payout		 p;
	int			 rc;

	memset(&p, 0, sizeof(p));
	if ((rc = page_account(r, r->args[0], &a)) <= 0)
		return rc;
	if (!posting_form_read(r, &p.once, &p.version)) {
		view_error(r, 400, "The request could not be understood.");
		return 0;
	}
	if ((c = page_currency(r)) == NULL)
		return -1;
	p.r = r;
	p.a = &a;
	if ((rc = payout_read(r, c, &p)) == -1)
		return -1;
	if (rc == 0 || approval_failed(r))
		return payout_show(r, &a, 422);
	rc = db_transaction(r->db, payout_tx, &p);
	if (rc == 0 || rc == LEDGER_ERR_SUBMITTED)
		return posting_form_receipt(r, a.number, p.done.number);
	if (ledger_refusal(rc) || rc == GIFTCARD_ERR_NONE ||
	    rc == GIFTCARD_ERR_INACTIVE || rc == GIFTCARD_ERR_RANGE)
		return payout_refused(r, rc);
	log_error("payout on %s: %s", a.number, db_error(r->db));
	return -1;
}
