/* lanes_api.c: the lane sync API (/api/v1/lane/...): ping, the account change feed, posting transactions, the lane's configuration; JSON in and out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "audit.h"
#include "counters.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "json_body.h"
#include "lane.h"
#include "ledger.h"
#include "log.h"
#include "perm.h"
#include "request.h"
#include "text.h"
#include "token.h"

#define FEED_LIMIT_DEFAULT	500
#define FEED_LIMIT_MAX		1000
#define BATCH_MAX		100
#define TX_ID_MAX		64	/* characters of a lane's transaction id */
#define ACCOUNT_NUMBER_MAX	64	/* longer is no number at all */
#define POLL_INTERVAL		10	/* seconds lanes are told to wait between polls */
#define MSG_MAX			160

/* ------------------------------------------------------------ responses */

/* Writes "2026-11-23T10:00:00Z" for now into out (21 bytes). */
static void
server_time(char out[21])
{
	struct tm	 tm;
	time_t		 now = time(NULL);

	gmtime_r(&now, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
api_json(struct req *r, int status, json_t *body)
{
	char	*text;
	int	 rc;

	if (body == NULL)
		return -1;
	text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (text == NULL)
		return -1;
	buf_reset(&r->resp.body);
	rc = buf_puts(&r->resp.body, text);
	free(text);
	r->resp.status = status;
	r->resp.content_type = "application/json";
	return rc;
}

int
api_error(struct req *r, int status, const char *code, const char *message)
{
	/* Whatever a handler had put in the headers is not for an error. */
	buf_reset(&r->resp.headers);
	/* Noted on the lane for the portal; a failure to note it changes nothing. */
	if (r->lane.id > 0)
		(void)lane_note_error(r->db, &r->lane, r->client_addr, code);
	return api_json(r, status, json_pack("{s:{s:s, s:s}}", "error",
	    "code", code, "message", message));
}

/* ------------------------------------------------------------ ping */

/*
 * GET /api/v1/lane/ping: 200 with the lane's name, its store's name
 * and the server's time. 401 (by dispatch) without a valid token.
 */
int
handle_lane_ping(struct req *r)
{
	char	 now[21];

	if (lane_touch(r->db, &r->lane, r->client_addr, NULL, 0) < 0)
		return -1;
	server_time(now);
	return api_json(r, 200, json_pack("{s:s, s:s, s:s}", "lane",
	    r->lane.name, "store", r->lane.store_name, "server_time", now));
}

/* ------------------------------------------------------------ feed */

/*
 * The ETag of a feed page: the store, its epoch, the cursor the page
 * gives and whether more follows. Two answers with the same tag hold
 * the same accounts in the same state: an account that changed would
 * have moved past the cursor or moved it.
 */
static int
feed_etag(const struct lane_session *l, int64_t cursor_seq, int more,
    char out[35])
{
	unsigned char	 h[HASH_BYTES];
	char		 in[96], hex[2 * HASH_BYTES + 1];
	int		 n;

	n = snprintf(in, sizeof(in), "%lld|%s|%lld|%d",
	    (long long)l->store_id, l->epoch, (long long)cursor_seq, more);
	if (n < 0 || (size_t)n >= sizeof(in) ||
	    token_hash(in, (size_t)n, h) == -1)
		return -1;
	hex_encode(h, 16, hex);
	out[0] = '"';
	memcpy(out + 1, hex, 32);
	out[33] = '"';
	out[34] = '\0';
	return 0;
}

/* True when the If-None-Match header names etag (or is "*"). */
static int
etag_matches(const char *header, const char *etag)
{
	const char	*p = header;
	size_t		 n = strlen(etag);

	while (*p != '\0') {
		p += strspn(p, " \t,");
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, n) == 0 &&
		    (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return 1;
		p += strcspn(p, ",");
	}
	return 0;
}

/* Reads limit=N (1 to 1000, default 500). Returns 0 or -1. */
static int
feed_limit(const struct req *r, int64_t *limit)
{
	const char	*v = req_query(r, "limit");
	size_t		 n = strlen(v);

	*limit = FEED_LIMIT_DEFAULT;
	if (n == 0)
		return 0;
	if (n > 4 || strspn(v, "0123456789") != n)
		return -1;
	*limit = atoi(v);
	return *limit >= 1 && *limit <= FEED_LIMIT_MAX ? 0 : -1;
}

/* One account of the feed as the contract writes it. */
struct feed_row {
	char		 number[17];
	char		 code[17];
	char		 name[TEXT_BYTES(200)];
	int64_t		 active, on_hold, pay_later, restrict_credit;
	int64_t		 limit, balance, version, seq;
	char		 hold_reason[TEXT_BYTES(200)];
};

static json_t *
feed_row_json(const struct feed_row *a)
{
	struct ledger_state	 s;

	s.active = a->active != 0;
	s.on_hold = a->on_hold != 0;
	s.pay_later = a->pay_later != 0;
	s.restrict_credit = a->restrict_credit != 0;
	s.credit_limit = a->limit;
	s.balance = a->balance;
	return json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:b, s:b, s:I, s:I, "
	    "s:I, s:I}", "number", a->number, "customer_code", a->code,
	    "customer_name", a->name, "status", s.active ? "active" :
	    "inactive", "on_hold", s.on_hold,
	    "hold_reason", s.on_hold ? a->hold_reason : "",
	    "pay_later", s.pay_later,
	    "restrict_credit", s.restrict_credit,
	    "credit_limit", (json_int_t)a->limit,
	    "balance", (json_int_t)a->balance,
	    "available", (json_int_t)ledger_available(&s),
	    "version", (json_int_t)a->version);
}

/*
 * Reads up to limit accounts after position since into the array
 * accounts; *last is the position of the last one (since when none),
 * *more whether the feed goes on. Returns 0 or < 0.
 */
static int
feed_read(struct req *r, int64_t since, int64_t limit, json_t *accounts,
    int64_t *last, int *more)
{
	struct feed_row	 a;
	struct db_col	 cols[] = {
		COL_STR(a.number), COL_STR(a.code), COL_STR(a.name),
		COL_INT(&a.active), COL_INT(&a.on_hold), COL_INT(&a.pay_later),
		COL_INT(&a.restrict_credit), COL_INT(&a.limit),
		COL_INT(&a.balance), COL_INT(&a.version), COL_INT(&a.seq),
		COL_STR(a.hold_reason)
	};
	int64_t		 n = 0;
	int		 rc;

	*last = since;
	*more = 0;
	/* One more than the page tells whether more follows. */
	if ((rc = db_query(r->db, STMT_LANE_FEED, DB_ARGS(
	    DB_INT(r->lane.store_id), DB_INT(since), DB_INT(limit + 1)),
	    cols, sizeof(cols) / sizeof(cols[0]))) < 0)
		return rc;
	while ((rc = db_fetch(r->db)) == 1) {
		if (n == limit) {
			*more = 1;
			continue;
		}
		if (json_array_append_new(accounts, feed_row_json(&a)) == -1) {
			rc = DB_ERR;
			break;
		}
		*last = a.seq;
		n++;
	}
	db_done(r->db);
	return rc < 0 ? rc : 0;
}

/* A page to read: what feed_read takes and gives. */
struct feed_page {
	struct req	*r;
	int64_t		 since, limit, last;
	int		 more;
	json_t		*accounts;
};

/*
 * Reads a page once every change handed a feed position so far has
 * committed: the exclusive lock on the store's counters row waits for
 * the shared locks changes hold until they commit (docs/lane-feed.md).
 */
static int
feed_page_tx(struct db *db, void *arg)
{
	struct feed_page	*p = arg;
	int64_t			 store;
	int			 rc;

	/* A retried transaction starts the page again. */
	if (json_array_clear(p->accounts) == -1)
		return DB_ERR;
	if ((rc = db_get(db, STMT_LANE_FEED_BARRIER, DB_ARGS(
	    DB_INT(p->r->lane.store_id)), DB_COLS(COL_INT(&store)))) < 0)
		return rc;
	return feed_read(p->r, p->since, p->limit, p->accounts, &p->last,
	    &p->more);
}

/*
 * GET /api/v1/lane/accounts?since=CURSOR&limit=N: 200 with a page of
 * the accounts changed after the cursor (from the start without one),
 * in feed order, each once in its latest state, the cursor to send
 * next, whether more follows and an ETag; 304 with no body when
 * If-None-Match names the page's ETag; 400 invalid_request for a limit
 * that is not 1 to 1000; 410 resync_required for a cursor of another
 * epoch, one never issued (past the store's feed) or bad syntax. An
 * empty poll reads nothing but the lane's row: the store's feed
 * position comes with it. A page with changes is read after every
 * change handed a position before it has committed (feed_page_tx).
 */
int
handle_lane_accounts(struct req *r)
{
	char	 cursor[LANE_CURSOR_MAX], etag[35], now[21];
	int64_t	 since, limit, last;
	int	 more = 0;
	json_t	*accounts;

	if (feed_limit(r, &limit) == -1)
		return api_error(r, 400, "invalid_request",
		    "limit must be a whole number from 1 to 1000");
	if (lane_cursor_decode(req_query(r, "since"), r->lane.epoch,
	    &since) == -1 || since > r->lane.feed_seq)
		return api_error(r, 410, "resync_required", "that cursor was "
		    "not issued for this store's current feed: start again "
		    "without since");
	if (lane_touch(r->db, &r->lane, r->client_addr,
	    req_query(r, "since"), since) < 0 ||
	    (accounts = json_array()) == NULL)
		return -1;
	last = since;
	if (since < r->lane.feed_seq) {
		struct feed_page	 p = { r, since, limit, since, 0, accounts };

		if (db_transaction(r->db, feed_page_tx, &p) != 0) {
			json_decref(accounts);
			return -1;
		}
		last = p.last;
		more = p.more;
	}
	if (lane_cursor_encode(r->lane.epoch, last, cursor) == -1 ||
	    feed_etag(&r->lane, last, more, etag) == -1 ||
	    http_add_header(r, "ETag", etag) == -1) {
		json_decref(accounts);
		return -1;
	}
	if (r->lane.if_none_match[0] != '\0' &&
	    etag_matches(r->lane.if_none_match, etag)) {
		json_decref(accounts);
		r->resp.status = 304;
		r->resp.content_type = NULL;
		return 0;
	}
	server_time(now);
	return api_json(r, 200, json_pack("{s:s, s:s, s:b, s:s, s:o}",
	    "currency", r->lane.currency, "cursor", cursor, "more", more,
	    "server_time", now, "accounts", accounts));
}

/* ------------------------------------------------------------ transactions */

/* One transaction of a batch, as sent, and what came of it. */
struct lane_tx {
	const char	*id, *type, *account, *created_at, *receipt, *method;
	int64_t		 amount;
	int		 offline;
	unsigned char	 fingerprint[HASH_BYTES];
	/* The result. */
	const char	*status;	/* created, duplicate, conflict, rejected */
	char		 reason[33];
	char		 entry[COUNTER_CODE_MAX];
	int64_t		 balance, available;
	int64_t		 flags;
};

/* True when s is one of the words in list (NULL-terminated). */
static int
one_of(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* True when a transaction of type takes a payment method. */
static int
type_takes_method(const char *type)
{
	return strcmp(type, "deposit") == 0 || strcmp(type, "payout") == 0;
}

/*
 * The fingerprint of a transaction's content: the SHA-256 of its
 * fields as canonical JSON (sorted keys), so a replay is told from a
 * conflict whatever order or spacing the lane wrote them in.
 */
static int
tx_fingerprint(struct lane_tx *t)
{
	json_t	*j;
	char	*text;
	int	 rc;

	j = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:b}", "type", t->type,
	    "account", t->account, "amount", (json_int_t)t->amount,
	    "created_at", t->created_at, "receipt", t->receipt ? t->receipt :
	    "", "payment_method", type_takes_method(t->type) ? t->method : "",
	    "offline", t->offline);
	if (j == NULL)
		return -1;
	text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	if (text == NULL)
		return -1;
	rc = token_hash(text, strlen(text), t->fingerprint);
	free(text);
	return rc;
}

/* Reads and checks one transaction of a batch. Returns JSON_OK or a problem with msg. */
static enum json_problem
tx_read(const json_t *o, struct lane_tx *t, char *msg, size_t len)
{
	static const char *const types[] = { "sale", "refund", "deposit",
	    "payout", NULL };
	static const char *const methods[] = { "cash", "card",
	    "bank_transfer", "cheque", NULL };
	enum json_problem	 p;

	memset(t, 0, sizeof(*t));
	if (!json_is_object(o)) {
		snprintf(msg, len, "each transaction must be an object");
		return JSON_BAD_REQUEST;
	}
	if ((p = json_field_string(o, "id", 1, TX_ID_MAX, &t->id, msg,
	    len)) != JSON_OK ||
	    (p = json_field_string(o, "type", 1, 16, &t->type, msg,
	    len)) != JSON_OK ||
	    (p = json_field_string(o, "account", 1, ACCOUNT_NUMBER_MAX,
	    &t->account, msg, len)) != JSON_OK ||
	    (p = json_field_amount(o, "amount", &t->amount, msg,
	    len)) != JSON_OK ||
	    (p = json_field_string(o, "created_at", 1, 40, &t->created_at,
	    msg, len)) != JSON_OK ||
	    (p = json_field_string(o, "receipt", 0, LEDGER_REFERENCE_MAX,
	    &t->receipt, msg, len)) != JSON_OK ||
	    (p = json_field_bool(o, "offline", 0, &t->offline, msg,
	    len)) != JSON_OK)
		return p;
	if (!one_of(t->type, types)) {
		snprintf(msg, len, "type must be sale, refund, deposit or "
		    "payout");
		return JSON_BAD_REQUEST;
	}
	if (!json_rfc3339_valid(t->created_at)) {
		snprintf(msg, len, "created_at must be an RFC 3339 time");
		return JSON_BAD_REQUEST;
	}
	if (type_takes_method(t->type)) {
		if ((p = json_field_string(o, "payment_method", 1, 16,
		    &t->method, msg, len)) != JSON_OK)
			return p;
		if (!one_of(t->method, methods)) {
			snprintf(msg, len, "payment_method must be cash, card, "
			    "bank_transfer or cheque");
			return JSON_BAD_REQUEST;
		}
	}
	return tx_fingerprint(t) == -1 ? JSON_INVALID : JSON_OK;
}

/*
 * Reads and checks a whole batch into txs (*n of them). Returns 0, or
 * the status of the error answered (400, 413), or -1.
 */
static int
batch_read(struct req *r, json_t **body, struct lane_tx *txs, size_t *n)
{
	char		 msg[MSG_MAX];
	const json_t	*list;
	size_t		 i;
	enum json_problem p;

	*n = 0;
	switch (json_body_parse(r->body.data, r->body.len, body, msg,
	    sizeof(msg))) {
	case JSON_OK:
		break;
	case JSON_INVALID:
		return api_error(r, 400, "invalid_json", msg) == -1 ? -1 : 400;
	case JSON_BAD_REQUEST:
		return api_error(r, 400, "invalid_request", msg) == -1 ? -1 :
		    400;
	}
	list = json_object_get(*body, "transactions");
	if (!json_is_array(list) || json_array_size(list) == 0)
		return api_error(r, 400, "invalid_request", "transactions must "
		    "be an array of 1 to 100 transactions") == -1 ? -1 : 400;
	if (json_array_size(list) > BATCH_MAX)
		return api_error(r, 413, "payload_too_large", "a batch holds "
		    "at most 100 transactions") == -1 ? -1 : 413;
	for (i = 0; i < json_array_size(list); i++) {
		p = tx_read(json_array_get(list, i), &txs[i], msg, sizeof(msg));
		if (p == JSON_INVALID)
			return -1;
		if (p != JSON_OK) {
			char	 full[MSG_MAX + 48];

			snprintf(full, sizeof(full), "transactions[%zu]: %s", i,
			    msg);
			return api_error(r, 400, "invalid_request", full) ==
			    -1 ? -1 : 400;
		}
	}
	*n = i;
	return 0;
}

#define TX_AGAIN	(-50)	/* another request recorded this id meanwhile */

/* One transaction's database work, for db_transaction. */
struct tx_job {
	const struct req	*r;
	struct lane_tx		*t;
	struct audit_actor	 actor;
	int64_t			 account_id;	/* 0: the store has no such account */
};

/* Records t's result under the lane's id for t; entry_id 0: none. */
static int
tx_record(struct db *db, const struct tx_job *j, int64_t entry_id)
{
	const struct lane_tx	*t = j->t;
	int			 created = entry_id > 0;
	int			 rc;

	rc = db_exec(db, STMT_LANE_TX_INSERT, DB_ARGS(DB_INT(j->r->lane.id),
	    DB_STR(t->id), DB_INT(j->r->lane.store_id),
	    DB_BLOB(t->fingerprint, HASH_BYTES), DB_STR(t->type),
	    DB_STR(t->account), DB_INT(t->amount), DB_INT(t->offline),
	    DB_STR(t->created_at), DB_STR(created ? "created" : "rejected"),
	    DB_STR(t->reason), created ? DB_INT(entry_id) : DB_NULL,
	    DB_STR(t->entry), created ? DB_INT(t->balance) : DB_NULL,
	    created ? DB_INT(t->available) : DB_NULL, DB_INT(t->flags)),
	    NULL, NULL);
	/* The same id sent at the same time by another request: look again. */
	return rc == DB_ERR_DUP ? TX_AGAIN : rc;
}

/*
 * Answers t from what its id became before, or else reads the id of the
 * account it names into j->account_id (0: no such account in the store;
 * account numbers never change, so it is read unlocked). Returns 1 when
 * the id was known, 0 when not, or < 0.
 */
static int
tx_replay(struct db *db, struct tx_job *j)
{
	struct lane_tx	*t = j->t;
	unsigned char	 fp[HASH_BYTES + 1];	/* and the NUL db_fetch adds */
	char		 status[11];
	size_t		 fplen = 0;
	int64_t		 found;
	struct db_col	 cols[] = {
		COL_INT(&found), COL_BLOB(fp, &fplen), COL_STR(status),
		COL_STR(t->reason), COL_STR(t->entry), COL_INT(&t->balance),
		COL_INT(&t->available), COL_INT(&t->flags),
		COL_INT(&j->account_id)
	};
	int		 rc;

	rc = db_get(db, STMT_LANE_TX_LOOKUP, DB_ARGS(
	    DB_INT(j->r->lane.store_id), DB_STR(t->account),
	    DB_INT(j->r->lane.id), DB_STR(t->id)), cols,
	    sizeof(cols) / sizeof(cols[0]));
	if (rc <= 0)
		return rc < 0 ? rc : DB_ERR;
	if (!found)
		return 0;
	if (fplen != HASH_BYTES || memcmp(fp, t->fingerprint, HASH_BYTES) != 0)
		t->status = "conflict";
	else
		t->status = strcmp(status, "created") == 0 ? "duplicate" :
		    "rejected";
	return 1;
}

/* Says why an offline posting put the account on hold. */
static void
hold_reason(const struct lane_tx *t, const char *lane, char *out, size_t len)
{
	snprintf(out, len, "Offline %s %s at lane %s", t->type,
	    (t->flags & LEDGER_FLAG_INACTIVE) ? "on an inactive account" :
	    "over the limit", lane);
}

/*
 * A flagged offline posting: puts the account on hold (unless it was
 * already: after_hold) with its audit entry, and lists the posting in
 * the store's exceptions. Returns 0 or < 0.
 */
static int
tx_exception(struct db *db, struct tx_job *j, int64_t account_id,
    int64_t entry_id)
{
	struct lane_tx	*t = j->t;
	char		 reason[TEXT_BYTES(200)];
	json_t		*before, *after;
	int		 rc;

	t->available = 0;
	if (!(t->flags & LEDGER_FLAG_AFTER_HOLD)) {
		hold_reason(t, j->r->lane.name, reason, sizeof(reason));
		if ((rc = db_exec(db, STMT_LANE_HOLD, DB_ARGS(DB_STR(reason),
		    DB_INT(account_id), DB_INT(j->r->lane.store_id)), NULL,
		    NULL)) < 0 ||
		    (rc = account_mark_changed(db, j->r->lane.store_id,
		    account_id)) < 0)
			return rc;
		before = json_pack("{s:b}", "on_hold", 0);
		after = json_pack("{s:b, s:s, s:s}", "on_hold", 1,
		    "hold_reason", reason, "entry", t->entry);
		rc = before == NULL || after == NULL ? DB_ERR :
		    audit_write(db, &j->actor, "account.hold", "account",
		    t->account, before, after);
		json_decref(before);
		json_decref(after);
		if (rc < 0)
			return rc;
	}
	return db_exec(db, STMT_LANE_EXCEPTION_INSERT, DB_ARGS(
	    DB_INT(j->r->lane.store_id), DB_INT(j->r->lane.id),
	    DB_INT(account_id), DB_INT(entry_id), DB_INT(t->flags),
	    DB_STR(t->receipt ? t->receipt : ""),
	    DB_INT(strcmp(t->type, "sale") == 0 ||
	    strcmp(t->type, "payout") == 0 ? -t->amount : t->amount),
	    DB_INT(t->balance)), NULL, NULL);
}

/* Fills the posting of t on account_id. */
static void
tx_posting(const struct tx_job *j, int64_t account_id, struct posting *p)
{
	const struct lane_tx	*t = j->t;
	int			 out = strcmp(t->type, "sale") == 0 ||
				    strcmp(t->type, "payout") == 0;

	memset(p, 0, sizeof(*p));
	p->store_id = j->r->lane.store_id;
	p->account_id = account_id;
	p->kind = t->type;
	p->amount = out ? -t->amount : t->amount;
	p->payment_method = type_takes_method(t->type) ? t->method : NULL;
	p->reference = t->receipt;
	p->lane_id = j->r->lane.id;
	p->mode = t->offline ? LEDGER_OFFLINE : LEDGER_ONLINE;
	p->actor = &j->actor;
}

/*
 * The posting (or the rejection) of a transaction whose id the lane
 * has not sent before, with its record, and for a flagged offline
 * posting the hold and the exception, inside the batch's transaction.
 * What ledger_post decides on it reads with locks (the account, its
 * open items), so a snapshot the batch took before does not matter.
 * Returns 0 with t's result set, TX_AGAIN when another request recorded
 * the id meanwhile, or < 0.
 */
static int
tx_apply(struct db *db, struct tx_job *j)
{
	struct lane_tx	*t = j->t;
	struct posting	 p;
	struct posted	 done;
	int		 rc;

	t->reason[0] = t->entry[0] = '\0';
	t->balance = t->available = t->flags = 0;
	if (j->account_id == 0)
		rc = LEDGER_ERR_NO_ACCOUNT;
	else {
		tx_posting(j, j->account_id, &p);
		rc = ledger_post(db, &p, &done);
	}
	if (rc <= LEDGER_ERR_RANGE && rc >= LEDGER_ERR_SUBMITTED) {
		/* Refused before anything was written. A balance past 2^53 - 1 is a limit too. */
		t->status = "rejected";
		snprintf(t->reason, sizeof(t->reason), "%s",
		    ledger_err_code(rc) ? ledger_err_code(rc) : "over_limit");
		return tx_record(db, j, 0);
	}
	if (rc < 0)
		return rc;
	t->status = "created";
	snprintf(t->entry, sizeof(t->entry), "%s", done.number);
	t->balance = done.balance_after;
	t->available = done.available_after;
	t->flags = done.flags;
	/*
	 * Only an offline posting is an exception: an online one was
	 * allowed past the limit by the account's own rules (pay later
	 * without restrict credit) and only carries the flag.
	 */
	if (t->offline && t->flags != 0 && (rc = tx_exception(db, j,
	    j->account_id, done.entry_id)) < 0)
		return rc;
	return tx_record(db, j, done.entry_id);
}

/* A whole batch, for db_transaction. */
struct batch_job {
	const struct req	*r;
	struct lane_tx		*txs;
	size_t			 n;
	struct audit_actor	 actor;
};

/*
 * Answers the transactions of a batch in order, all in one database
 * transaction: the result of an id the lane sent before, else tx_apply.
 * Each stands on its own (a rejection does not touch the others), and a
 * database failure anywhere leaves nothing written, as the contract's
 * 500 says. Another request recording one of the ids meanwhile runs the
 * batch again (DB_ERR_RETRY), which then finds it. Returns 0 with every
 * result set, or < 0.
 */
static int
batch_apply(struct db *db, void *arg)
{
	struct batch_job	*b = arg;
	struct tx_job		 j;
	size_t			 i;
	int			 rc;

	j.r = b->r;
	j.actor = b->actor;
	for (i = 0; i < b->n; i++) {
		j.t = &b->txs[i];
		j.t->status = NULL;
		if ((rc = tx_replay(db, &j)) != 0) {
			if (rc < 0)
				return rc;
			continue;
		}
		if ((rc = tx_apply(db, &j)) < 0)
			return rc == TX_AGAIN ? DB_ERR_RETRY : rc;
	}
	return 0;
}

static json_t *
tx_result_json(const struct lane_tx *t)
{
	if (strcmp(t->status, "conflict") == 0)
		return json_pack("{s:s, s:s}", "id", t->id, "status", t->status);
	if (strcmp(t->status, "rejected") == 0)
		return json_pack("{s:s, s:s, s:s}", "id", t->id, "status",
		    t->status, "reason", t->reason);
	return json_pack("{s:s, s:s, s:s, s:I, s:I, s:o}", "id", t->id,
	    "status", t->status, "entry", t->entry,
	    "balance", (json_int_t)t->balance,
	    "available", (json_int_t)t->available, "flags",
	    ledger_flags_json((unsigned)t->flags));
}

/* Fills the audit actor of the lane of r. */
static void
lane_actor(const struct req *r, struct audit_actor *a)
{
	memset(a, 0, sizeof(*a));
	a->type = "lane";
	a->id = r->lane.id;
	a->name = r->lane.name;
	a->addr = r->client_addr;
	a->store_id = r->lane.store_id;
}

/*
 * POST /api/v1/lane/transactions: 200 with one result per transaction,
 * in order (created, duplicate, conflict, rejected with a reason);
 * 400 invalid_json for a body that is not JSON (truncated, too deep, a
 * key twice); 400 invalid_request when any transaction lacks a field
 * or has one of the wrong type or out of range (nothing is posted);
 * 413 payload_too_large for more than 100; 500 server_error when the
 * database fails (nothing of the batch is posted; the lane sends it
 * again).
 */
int
handle_lane_transactions(struct req *r)
{
	struct lane_tx		*txs;
	struct batch_job	 b;
	json_t			*body = NULL, *results = NULL;
	size_t			 n = 0, i;
	int			 rc;

	if ((txs = calloc(BATCH_MAX, sizeof(*txs))) == NULL)
		return -1;
	rc = batch_read(r, &body, txs, &n);
	if (rc == 0 && (rc = lane_touch(r->db, &r->lane, r->client_addr, NULL,
	    0)) == 0 && (results = json_array()) == NULL)
		rc = -1;
	b.r = r;
	b.txs = txs;
	b.n = n;
	lane_actor(r, &b.actor);
	if (rc == 0 && db_transaction(r->db, batch_apply, &b) != 0) {
		log_error("lane %lld: a batch of %zu: %s",
		    (long long)r->lane.id, n, db_error(r->db));
		rc = api_error(r, 500, "server_error", "the database failed "
		    "and nothing was posted; send the batch again") == -1 ?
		    -1 : 500;
	}
	for (i = 0; rc == 0 && i < n; i++)
		if (json_array_append_new(results,
		    tx_result_json(&txs[i])) == -1)
			rc = -1;
	if (rc == 0)
		rc = api_json(r, 200, json_pack("{s:O}", "results", results));
	json_decref(results);
	json_decref(body);
	free(txs);
	return rc < 0 ? -1 : 0;
}

/* ------------------------------------------------------------ config */

/* Lists the payment methods the store takes at its lanes; reads its offline caps into caps[2]. */
static json_t *
config_methods(struct req *r, int64_t caps[2])
{
	static const char *const names[] = { "cash", "card", "bank_transfer",
	    "cheque", "eft", "customer_account" };
	int64_t	 on[6];
	json_t	*a;
	size_t	 i;
	int	 rc;

	rc = db_get(r->db, STMT_LANE_CONFIG_STORE, DB_ARGS(
	    DB_INT(r->lane.store_id)), DB_COLS(COL_INT(&on[0]),
	    COL_INT(&on[1]), COL_INT(&on[2]), COL_INT(&on[3]),
	    COL_INT(&on[4]), COL_INT(&on[5]), COL_INT(&caps[0]),
	    COL_INT(&caps[1])));
	if (rc <= 0 || (a = json_array()) == NULL)
		return NULL;
	for (i = 0; i < 6; i++)
		if (on[i] && json_array_append_new(a,
		    json_string(names[i])) == -1) {
			json_decref(a);
			return NULL;
		}
	return a;
}

/* Lists each user group of the store with its levels for paying with and depositing to accounts. */
static json_t *
config_groups(struct req *r)
{
	char	 name[TEXT_BYTES(100)];
	int64_t	 pay, deposit;
	struct db_col cols[] = { COL_STR(name), COL_INT(&pay),
	    COL_INT(&deposit) };
	json_t	*a;
	int	 rc, failed = 0;

	if ((a = json_array()) == NULL)
		return NULL;
	if (db_query(r->db, STMT_LANE_CONFIG_GROUPS, DB_ARGS(
	    DB_STR(perm_table[PERM_PAY_WITH_ACCOUNT].key),
	    DB_STR(perm_table[PERM_DEPOSIT_WITHDRAW].key),
	    DB_INT(r->lane.store_id)), cols, 3) < 0) {
		json_decref(a);
		return NULL;
	}
	while ((rc = db_fetch(r->db)) == 1)
		if (json_array_append_new(a, json_pack("{s:s, s:s, s:s}",
		    "name", name, "pay_with_account", level_key((enum level)pay),
		    "deposit_withdraw", level_key((enum level)deposit))) == -1)
			failed = 1;
	db_done(r->db);
	if (rc < 0 || failed) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/*
 * GET /api/v1/lane/config: 200 with the store's name, currency and
 * time zone, the payment methods it takes (customer_account among
 * them when enabled), each user group's level for pay_with_account and
 * deposit_withdraw ("none", "allowed", "manager_code"), the offline
 * caps (minor units, 0: none) and the suggested poll interval.
 */
int
handle_lane_config(struct req *r)
{
	json_t	*methods, *groups;
	int64_t	 caps[2];
	char	 now[21];

	if (lane_touch(r->db, &r->lane, r->client_addr, NULL, 0) < 0 ||
	    (methods = config_methods(r, caps)) == NULL)
		return -1;
	if ((groups = config_groups(r)) == NULL) {
		json_decref(methods);
		return -1;
	}
	server_time(now);
	return api_json(r, 200, json_pack("{s:s, s:s, s:s, s:o, s:o, "
	    "s:{s:I, s:I}, s:i, s:s}", "store", r->lane.store_name,
	    "currency", r->lane.currency, "timezone", r->lane.timezone,
	    "payment_methods", methods, "groups", groups, "offline",
	    "max_transaction", (json_int_t)caps[0],
	    "max_lane_total", (json_int_t)caps[1],
	    "poll_interval_seconds", POLL_INTERVAL, "server_time", now));
}
