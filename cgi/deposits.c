/* deposits.c: taking a deposit onto a client account ("charge the account"): the form and the posting. */
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "approval.h"
#include "audit.h"
#include "db.h"
#include "handlers.h"
#include "ledger.h"
#include "log.h"
#include "page.h"
#include "posting_form.h"
#include "store.h"
#include "view.h"

#define MSG_NOT_FOUND	"There is no such page."
#define MSG_BANK_SETUP	"Bank transfers need the store's business bank " \
	"account. Set one up in Settings first."

/* A way a deposit may be paid: the store's setting and the ledger's name for it. */
struct deposit_method {
	enum pay_method	 pay;
	const char	*key;		/* as the ledger stores it */
};

/* The payment methods of a deposit, in the order the form lists them. */
static const struct deposit_method deposit_methods[] = {
	{ PAY_CASH, "cash" },
	{ PAY_CARD, "card" },
	{ PAY_BANK_TRANSFER, "bank_transfer" },
	{ PAY_CHEQUE, "cheque" },
};

#define DEPOSIT_METHODS	(sizeof(deposit_methods) / sizeof(deposit_methods[0]))

/* What the deposit form sent, checked. */
struct deposit_input {
	int64_t		 amount;
	const char	*method;
	const char	*reference;
	const char	*note;
	const char	*once;
	int64_t		 version;
};

/* What the posting transaction needs and what it posted. */
struct deposit_change {
	const struct req	*r;
	const struct account	*a;
	const struct deposit_input *in;
	struct posted		 done;
};

/* True when the store takes method m for deposits now (bank transfers need its bank account). */
static int
method_offered(const struct store_settings *s, const struct deposit_method *m)
{
	if (!s->pay[m->pay])
		return 0;
	return m->pay != PAY_BANK_TRANSFER || s->iban[0] != '\0';
}

/* Reads the store's settings (payment methods, bank account). Returns 0 or -1. */
static int
deposit_settings(struct req *r, struct store_settings *s)
{
	return store_settings_get(r->db, r->session.store_id, 0, s) == 1 ?
	    0 : -1;
}

/* Puts the account's figures the form shows. Returns 0 or -1. */
static int
deposit_account_view(struct req *r, const struct currency *c,
    const struct account *a)
{
	char	 words[ACCOUNT_WORDS_MAX], avail[MONEY_TEXT_MAX];

	return view_set(r, "Account.Number", a->number) == -1 ||
	    view_set(r, "Account.CustomerCode", a->customer_code) == -1 ||
	    view_set(r, "Account.CustomerName", a->customer_name) == -1 ||
	    (a->active && view_set(r, "Account.Active", "1") == -1) ||
	    (a->on_hold && view_set(r, "Account.OnHold", "1") == -1) ||
	    (a->pay_later && view_set(r, "Account.PayLater", "1") == -1) ||
	    (account_over_limit(a) &&
	    view_set(r, "Account.OverLimit", "1") == -1) ||
	    view_set(r, "Account.Balance", account_balance_words(a->balance,
	    c, words)) == -1 ||
	    view_set(r, "Account.Available", money_format(
	    account_available(a), c, avail)) == -1 ? -1 : 0;
}

/* Puts the payment methods the store offers, and whether bank transfers wait for a bank account. */
static int
deposit_methods_view(struct req *r, const struct store_settings *s)
{
	char	 name[48];
	size_t	 i, n = 0;

	for (i = 0; i < DEPOSIT_METHODS; i++) {
		if (!method_offered(s, &deposit_methods[i]))
			continue;
		snprintf(name, sizeof(name), "Methods.%zu.Key", n);
		if (view_set(r, name, deposit_methods[i].key) == -1)
			return -1;
		snprintf(name, sizeof(name), "Methods.%zu.Label", n++);
		if (view_set(r, name,
		    pay_methods[deposit_methods[i].pay].label) == -1)
			return -1;
	}
	if (s->iban[0] == '\0' && view_set(r, "Bank.Missing", "1") == -1)
		return -1;
	return 0;
}

/* Shows the deposit form with the account's figures now and what was typed. Returns 0 or -1. */
static int
deposit_show(struct req *r, int status, const struct currency *c,
    const struct account *a, const struct store_settings *s)
{
	char	 title[64];

	snprintf(title, sizeof(title), "Deposit to %s", a->number);
	if (view_set(r, "Page.Title", title) == -1 ||
	    view_set(r, "Page.Nav", "/accounts") == -1 ||
	    view_set(r, "Currency.Code", c->code) == -1 ||
	    deposit_account_view(r, c, a) == -1 ||
	    deposit_methods_view(r, s) == -1 ||
	    view_set(r, "Form.amount", req_form(r, "amount")) == -1 ||
	    view_set(r, "Form.method", req_form(r, "method")) == -1 ||
	    view_set(r, "Form.reference", req_form(r, "reference")) == -1 ||
	    view_set(r, "Form.note", req_form(r, "note")) == -1 ||
	    posting_form_view(r, a->version) == -1 ||
	    approval_view(r, PERM_DEPOSIT_WITHDRAW) == -1)
		return -1;
	return view_render(r, status, "deposit.cs");
}

/* The form with the account as it is now: after a refusal, the figures are new. */
static int
deposit_show_again(struct req *r, int status, const struct currency *c,
    const char *number, const struct store_settings *s)
{
	struct account	 a;
	int		 rc;

	if ((rc = account_get(r->db, r->session.store_id, number, 0, &a)) < 0)
		return -1;
	if (rc == 0) {
		view_error(r, 404, MSG_NOT_FOUND);
		return 0;
	}
	return deposit_show(r, status, c, &a, s);
}

/*
 * GET /accounts/<number>/deposit: the deposit form: the account's
 * balance in words and available to spend, amount, the store's payment
 * methods (bank transfer only with the store's bank account, else a
 * note to set one up in Settings), reference, note, and a manager's
 * code when the user group needs one. 200; 404 when there is no such
 * account in this store.
 */
int
handle_deposit_form(struct req *r)
{
	const struct currency	*c;
	struct account		 a;
	struct store_settings	 s;
	int			 rc;

	if ((c = page_currency(r)) == NULL)
		return -1;
	if ((rc = page_account(r, r->args[0], &a)) <= 0)
		return rc;
	if (deposit_settings(r, &s) == -1)
		return -1;
	return deposit_show(r, 200, c, &a, &s);
}

/* Puts message beside field. Returns 0 or -1. */
static int
deposit_problem(struct req *r, const char *field, const char *message)
{
	char	 name[48];

	snprintf(name, sizeof(name), "Errors.%s", field);
	return view_set(r, name, message);
}

/* Checks the payment method against the store's. Returns NULL or a message. */
static const char *
method_problem(const struct store_settings *s, const char *method)
{
	size_t	 i;

	if (*method == '\0')
		return "Choose how the customer paid.";
	for (i = 0; i < DEPOSIT_METHODS; i++) {
		if (strcmp(method, deposit_methods[i].key) != 0)
			continue;
		if (!s->pay[deposit_methods[i].pay])
			return "The store does not take that payment method. "
			    "Choose one from the list.";
		if (!method_offered(s, &deposit_methods[i]))
			return MSG_BANK_SETUP;
		return NULL;
	}
	return "Choose a payment method from the list.";
}

/* Checks the amount: a positive amount in the store's currency. Returns NULL or a message. */
static const char *
amount_problem(const char *text, const struct currency *c, int64_t *amount)
{
	const char	*problem;

	if (*text == '\0')
		return "Enter the amount of the deposit.";
	if ((problem = account_amount_read(text, c, 0, amount)) != NULL)
		return problem;
	return *amount > 0 ? NULL : "Enter an amount above zero.";
}

/*
 * Reads and checks the form's fields into *in, putting each problem
 * beside its field. Returns 1 when all are fine, 0 when not, -1 on
 * failure.
 */
static int
deposit_read(struct req *r, const struct currency *c,
    const struct store_settings *s, struct deposit_input *in)
{
	const char	*problem;
	int		 ok = 1;

	in->method = req_form(r, "method");
	in->reference = req_form(r, "reference");
	in->note = req_form(r, "note");
	if ((problem = amount_problem(req_form(r, "amount"), c,
	    &in->amount)) != NULL) {
		if (deposit_problem(r, "amount", problem) == -1)
			return -1;
		ok = 0;
	}
	if ((problem = method_problem(s, in->method)) != NULL) {
		if (deposit_problem(r, "method", problem) == -1)
			return -1;
		ok = 0;
	}
	if ((problem = text_problem(in->reference, LEDGER_REFERENCE_MAX,
	    0)) != NULL) {
		if (deposit_problem(r, "reference", problem) == -1)
			return -1;
		ok = 0;
	}
	if ((problem = text_problem(in->note, LEDGER_NOTE_MAX, 0)) != NULL) {
		if (deposit_problem(r, "note", problem) == -1)
			return -1;
		ok = 0;
	}
	return ok;
}

/* Posts the deposit; ledger_post writes the audit entry. */
static int
deposit_tx(struct db *db, void *arg)
{
	struct deposit_change	*ch = arg;
	struct audit_actor	 actor;
	struct posting		 p;

	audit_actor_staff(ch->r, &actor);
	memset(&p, 0, sizeof(p));
	p.store_id = ch->r->session.store_id;
	p.account_id = ch->a->id;
	p.kind = "deposit";
	p.amount = ch->in->amount;
	p.payment_method = ch->in->method;
	p.reference = ch->in->reference;
	p.note = ch->in->note;
	p.staff_id = ch->r->session.staff_id;
	p.approver_id = ch->r->approval.approver_id;
	p.mode = LEDGER_ONLINE;
	p.expect_version = ch->in->version;
	p.once = ch->in->once;
	p.actor = &actor;
	return ledger_post(db, &p, &ch->done);
}

/*
 * POST /accounts/<number>/deposit: takes a deposit (a credit that pays
 * the oldest open charges first, the rest kept as credit in hand).
 * 303 to the receipt on success, and for a form sent before (to the
 * receipt of the first posting); 422 the form again with the person's
 * input and a message beside each bad field, or the ledger's refusal
 * (an inactive account), or a wrong manager's code; 409 the form with
 * the new figures when the account changed since it was shown; 400 for
 * a form without its hidden fields; 404 when there is no such account
 * in this store. A refused form posts nothing.
 */
int
handle_deposit(struct req *r)
{
	const struct currency	*c;
	struct account		 a;
	struct store_settings	 s;
	struct deposit_input	 in;
	struct deposit_change	 ch;
	int			 rc, status;

	memset(&in, 0, sizeof(in));
	if ((c = page_currency(r)) == NULL)
		return -1;
	if ((rc = page_account(r, r->args[0], &a)) <= 0)
		return rc;
	if (!posting_form_read(r, &in.once, &in.version)) {
		view_error(r, 400, "The request could not be understood.");
		return 0;
	}
	if (deposit_settings(r, &s) == -1 ||
	    (rc = deposit_read(r, c, &s, &in)) == -1)
		return -1;
	if (rc == 0 || approval_failed(r))
		return deposit_show(r, 422, c, &a, &s);
	memset(&ch, 0, sizeof(ch));
	ch.r = r;
	ch.a = &a;
	ch.in = &in;
	rc = db_transaction(r->db, deposit_tx, &ch);
	if (rc == 0 || rc == LEDGER_ERR_SUBMITTED)
		return posting_form_receipt(r, a.number, ch.done.number);
	if (rc > LEDGER_ERR_RANGE)
		return -1;
	if ((status = posting_form_refusal(r, rc)) == -1)
		return -1;
	return deposit_show_again(r, status, c, a.number, &s);
}
