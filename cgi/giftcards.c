/* giftcards.c: gift card pages: the list with a search by code, a card with its balance and history, deactivating and activating it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "approval.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "giftcard.h"
#include "handlers.h"
#include "http.h"
#include "log.h"
#include "money.h"
#include "page.h"
#include "timez.h"
#include "view.h"

#define CARDS_PAGE		50	/* cards per page of the list */
#define CARD_ENTRIES_PAGE	50	/* entries per page of a card */
#define ID_DIGITS		18	/* a page bound fits an int64_t */

#define MSG_NOT_FOUND	"There is no such page."
#define MSG_BAD_REQUEST	"The request could not be understood."

/* One card entry as read, with the ledger entry and account behind it. */
struct card_entry {
	int64_t	 id, amount, balance_after, at;
	char	 kind[17];
	char	 entry[24];
	char	 account[24];
	char	 staff[TEXT_BYTES(200)];
};

/* ------------------------------------------------------------ helpers */

/* Puts card g (code as shown and as in links, balance, status, when issued) under prefix. */
static int
card_set(struct req *r, const struct currency *c, const struct giftcard *g,
    const char *prefix)
{
	char	 shown[GIFTCARD_SHOWN_LEN], money[MONEY_TEXT_MAX];
	char	 when[TIMEZ_TEXT];

	giftcard_code_show(g->code, shown);
	money_format(g->balance, c, money);
	timez_local_text((time_t)g->created, when);
	return page_setf(r, g->code, "%s.Code", prefix) == -1 ||
	    page_setf(r, shown, "%s.Shown", prefix) == -1 ||
	    page_setf(r, money, "%s.Balance", prefix) == -1 ||
	    page_setf(r, g->active ? "1" : "", "%s.Active", prefix) == -1 ||
	    page_setf(r, when, "%s.Created", prefix) == -1 ? -1 : 0;
}

/* ------------------------------------------------------------ list */

/* What the list is narrowed to: a code's first digits, and a page bound. */
struct card_filter {
	const char	*q;			/* as typed */
	char		 digits[GIFTCARD_CODE_LEN + 1];
	char		 like[GIFTCARD_CODE_LEN + 2];	/* digits need no escaping */
	int64_t		 before;
};

/*
 * Reads the search (spaces and dashes dropped, digits only, 16 at
 * most) and the page bound. Returns 0, 1 when the search is bad (its
 * message is on the page), -2 for a malformed page bound, or -1.
 */
static int
card_filter_read(struct req *r, struct card_filter *f)
{
	const char	*s;
	size_t		 n = 0;

	memset(f, 0, sizeof(*f));
	if (page_id_parse(req_query(r, "before"), &f->before) == -1)
		return -2;
	f->q = req_query(r, "q");
	for (s = f->q; *s != '\0'; s++) {
		if (*s == ' ' || *s == '-')
			continue;
		if (*s < '0' || *s > '9' || n == GIFTCARD_CODE_LEN)
			return view_set(r, "Errors.q", "Search by the digits "
			    "of a code: up to 16, spaces and dashes may be "
			    "left in.") == -1 ? -1 : 1;
		f->digits[n++] = *s;
	}
	f->digits[n] = '\0';
	memcpy(f->like, f->digits, n + 1);
	return 0;
}

/* Reads one page of cards into the page data, the id of the last shown into *last. Returns how many were read (one more than a page: there are more), or -1. */
static int
card_list_read(struct req *r, const struct currency *c,
    const struct card_filter *f, int64_t *last)
{
	struct giftcard	 g;
	int64_t		 active;
	struct db_col	 cols[] = { COL_INT(&g.id), COL_STR(g.code),
	    COL_INT(&g.balance), COL_INT(&active), COL_INT(&g.created) };
	char		 prefix[32];
	size_t		 n = 0;
	int		 rc;

	memset(&g, 0, sizeof(g));
	if (db_query(r->db, STMT_GIFT_CARD_LIST, DB_ARGS(
	    DB_INT(r->session.store_id), DB_INT(f->before), DB_INT(f->before),
	    DB_STR(f->like), DB_STR(f->like), DB_INT(CARDS_PAGE + 1)), cols,
	    sizeof(cols) / sizeof(cols[0])) != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1 && n < CARDS_PAGE) {
		g.active = active != 0;
		snprintf(prefix, sizeof(prefix), "Cards.%zu", n++);
		if (card_set(r, c, &g, prefix) == -1) {
			rc = -1;
			break;
		}
		*last = g.id;
	}
	db_done(r->db);
	if (rc < 0)
		return -1;
	return rc == 1 ? (int)n + 1 : (int)n;
}

/* The list, with the store's time zone entered. */
static int
card_list_in_zone(struct req *r)
{
	const struct currency	*c;
	struct card_filter	 f;
	struct buf		 q = { 0 };
	int64_t			 last = 0;
	int			 rc, n = 0, status = 200;

	if ((c = page_currency(r)) == NULL)
		return -1;
	if ((rc = card_filter_read(r, &f)) == -1)
		return -1;
	if (rc == -2) {
		view_error(r, 400, MSG_BAD_REQUEST);
		return 0;
	}
	if (rc == 1)
		status = 422;
	else if ((n = card_list_read(r, c, &f, &last)) == -1)
		return -1;
	rc = http_query_add(&q, "q", f.digits);
	if (rc == 0 && status == 200)
		rc = page_pager(r, "/gift-cards", &q, n > CARDS_PAGE, last,
		    f.before);
	buf_free(&q);
	if (rc == -1 ||
	    view_set(r, "Page.Title", "Gift cards") == -1 ||
	    view_set(r, "Page.Nav", "/gift-cards") == -1 ||
	    view_set(r, "Filter.q", f.q) == -1 ||
	    view_set(r, "Zone.Name", r->session.timezone) == -1)
		return -1;
	return view_render(r, status, "giftcard_list.cs");
}

/*
 * GET /gift-cards: the store's gift cards, newest first, 50 a page by
 * key (?before=<id>), narrowed to the codes that start with the digits
 * searched for (q; spaces and dashes dropped). 200 the page; 422 with
 * a message beside the search when it is not digits; 400 for a
 * malformed page bound.
 */
int
handle_giftcard_list(struct req *r)
{
	return req_in_store_zone(r, card_list_in_zone);
}

/* ------------------------------------------------------------ one card */

/* How a card entry's kind reads. */
static const char *
entry_kind_label(const char *kind)
{
	if (strcmp(kind, "issue") == 0)
		return "Issued";
	if (strcmp(kind, "load") == 0)
		return "Loaded";
	if (strcmp(kind, "redeem") == 0)
		return "Redeemed";
	return kind;
}

/* Puts entry n of the card's history. */
static int
card_entry_set(struct req *r, const struct currency *c, size_t n,
    const struct card_entry *e)
{
	char	 when[TIMEZ_TEXT], amount[MONEY_TEXT_MAX];
	char	 balance[MONEY_TEXT_MAX];

	timez_local_text((time_t)e->at, when);
	money_format(e->amount, c, amount);
	money_format(e->balance_after, c, balance);
	return page_setf(r, when, "Entries.%zu.Time", n) == -1 ||
	    page_setf(r, entry_kind_label(e->kind), "Entries.%zu.Kind", n) == -1 ||
	    page_setf(r, e->amount >= 0 ? amount : "", "Entries.%zu.In", n) ==
	    -1 ||
	    page_setf(r, e->amount < 0 ? amount : "", "Entries.%zu.Out", n) ==
	    -1 ||
	    page_setf(r, balance, "Entries.%zu.Balance", n) == -1 ||
	    page_setf(r, e->entry, "Entries.%zu.Entry", n) == -1 ||
	    page_setf(r, e->account, "Entries.%zu.Account", n) == -1 ||
	    page_setf(r, e->staff, "Entries.%zu.Staff", n) == -1 ? -1 : 0;
}

/* Puts one page of card g's entries, newest first below before, and the pager. */
static int
card_entries(struct req *r, const struct currency *c,
    const struct giftcard *g, int64_t before)
{
	struct card_entry	 e;
	struct db_col		 cols[] = { COL_INT(&e.id), COL_STR(e.kind),
	    COL_INT(&e.amount), COL_INT(&e.balance_after), COL_STR(e.entry),
	    COL_STR(e.account), COL_STR(e.staff), COL_INT(&e.at) };
	struct buf		 q = { 0 };
	char			 path[48];
	int64_t			 last = 0;
	size_t			 n = 0;
	int			 rc;

	memset(&e, 0, sizeof(e));
	if (db_query(r->db, STMT_GIFT_CARD_ENTRIES, DB_ARGS(DB_INT(g->id),
	    DB_INT(r->session.store_id), DB_INT(before), DB_INT(before),
	    DB_INT(CARD_ENTRIES_PAGE + 1)), cols,
	    sizeof(cols) / sizeof(cols[0])) != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1 && n < CARD_ENTRIES_PAGE) {
		if (card_entry_set(r, c, n++, &e) == -1) {
			rc = -1;
			break;
		}
		last = e.id;
	}
	db_done(r->db);
	if (rc < 0)
		return -1;
	snprintf(path, sizeof(path), "/gift-cards/%s", g->code);
	return page_pager(r, path, &q, rc == 1, last, before);
}

/*
 * Finds the card named in the URL in the session's store into *g.
 * Returns 1, 0 after answering 404 (not a code, or not a card of this
 * store), or -1.
 */
static int
card_from_url(struct req *r, struct giftcard *g)
{
	int	 rc;

	if (!giftcard_code_valid(r->args[0])) {
		view_error(r, 404, MSG_NOT_FOUND);
		return 0;
	}
	if ((rc = giftcard_get(r->db, r->session.store_id, r->args[0], 0,
	    g)) < 0)
		return -1;
	if (rc == 0)
		view_error(r, 404, MSG_NOT_FOUND);
	return rc;
}

/* Renders the card page with status. Returns 0 or -1. */
static int
card_show(struct req *r, int status)
{
	const struct currency	*c;
	struct giftcard		 g;
	int64_t			 before;
	int			 rc;

	if ((c = page_currency(r)) == NULL)
		return -1;
	if ((rc = card_from_url(r, &g)) <= 0)
		return rc;
	if (page_id_parse(req_query(r, "before"), &before) == -1) {
		view_error(r, 400, MSG_BAD_REQUEST);
		return 0;
	}
	if (card_set(r, c, &g, "Card") == -1 ||
	    card_entries(r, c, &g, before) == -1 ||
	    view_set(r, "Page.Title", "Gift card") == -1 ||
	    view_set(r, "Page.Nav", "/gift-cards") == -1 ||
	    view_set(r, "Zone.Name", r->session.timezone) == -1 ||
	    view_set(r, "Form.Saved", strcmp(req_query(r, "saved"), "1") ==
	    0 ? "1" : "") == -1 ||
	    approval_view(r, PERM_DEPOSIT_WITHDRAW) == -1)
		return -1;
	return view_render(r, status, "giftcard_show.cs");
}

static int
card_show_ok(struct req *r)
{
	return card_show(r, 200);
}

static int
card_show_refused(struct req *r)
{
	return card_show(r, 422);
}

/*
 * GET /gift-cards/<code>: a card: its code in groups of four, balance,
 * status, when it was issued, and its history newest first (50 a page
 * by key, ?before=<id>) with the ledger entry and account that put
 * money on it. 200; 400 for a malformed page bound; 404 when there is
 * no such card in this store.
 */
int
handle_giftcard_show(struct req *r)
{
	return req_in_store_zone(r, card_show_ok);
}

/* What a deactivate or activate transaction needs and found. */
struct card_change {
	const struct req	*r;
	int			 active;
	int			 found;
};

static int
card_change_tx(struct db *db, void *arg)
{
	struct card_change	*ch = arg;
	struct audit_actor	 actor;
	int			 rc;

	audit_actor_staff(ch->r, &actor);
	rc = giftcard_set_active(db, ch->r->session.store_id, ch->r->args[0],
	    ch->active, &actor);
	ch->found = rc != GIFTCARD_ERR_NONE;
	return rc == GIFTCARD_ERR_NONE ? 0 : rc;
}

/* Sets the card of the URL active or not. */
static int
card_set_active(struct req *r, int active)
{
	struct card_change	 ch;
	char			 where[64];

	if (!giftcard_code_valid(r->args[0])) {
		view_error(r, 404, MSG_NOT_FOUND);
		return 0;
	}
	if (approval_failed(r))
		return req_in_store_zone(r, card_show_refused);
	memset(&ch, 0, sizeof(ch));
	ch.r = r;
	ch.active = active;
	if (db_transaction(r->db, card_change_tx, &ch) < 0)
		return -1;
	if (!ch.found) {
		view_error(r, 404, MSG_NOT_FOUND);
		return 0;
	}
	snprintf(where, sizeof(where), "/gift-cards/%s?saved=1", r->args[0]);
	return http_redirect(r, where);
}

/*
 * POST /gift-cards/<code>/deactivate: the card takes no more money
 * (payouts to it are refused), with an audit entry. 303 to the card
 * with a note; 422 the card page when a manager's code was needed and
 * did not pass; 404 when there is no such card in this store.
 */
int
handle_giftcard_deactivate(struct req *r)
{
	return card_set_active(r, 0);
}

/*
 * POST /gift-cards/<code>/activate: the card takes money again, with
 * an audit entry. 303 to the card with a note; 422 the card page when
 * a manager's code was needed and did not pass; 404 when there is no
 * such card in this store.
 */
int
handle_giftcard_activate(struct req *r)
{
	return card_set_active(r, 1);
}
