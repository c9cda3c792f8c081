/* outbox.c: mail waiting to go out: statements queued as whole messages, delivered through sendmail with retries and a log of every attempt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "mail.h"
#include "outbox.h"
#include "statement_mail.h"

#define WHY_MAX		256	/* bytes of an attempt's error text */

/* Why a message to an address sendmail -t cannot take safely is failed at once. */
#define OUTBOX_BAD_ADDRESS	"not sent: Slate sends only to a plain " \
	"ASCII address (one @, none of , ; : < > ( ) \" \\ [ ] or spaces)"

/* ------------------------------------------------------------ queueing */

long
outbox_backoff(int attempts)
{
	static const long	 waits[] = { 60, 300, 1800, 7200, 21600 };

	if (attempts < 1)
		return waits[0];
	if ((size_t)attempts <= sizeof(waits) / sizeof(waits[0]))
		return waits[attempts - 1];
	return 43200;
}

/* Builds the message of a loaded statement into msg. Returns 0 or OUTBOX_ERR_BUILD. */
static int
outbox_build(const struct config *cfg, const struct stmail_doc *doc,
    struct buf *msg)
{
	char	 id[MAIL_ID_MAX];
	int	 rc;

	if (mail_message_id(cfg->mail_from, id) == -1) {
		log_error("outbox: no randomness for a Message-ID");
		return OUTBOX_ERR_BUILD;
	}
	if ((rc = stmail_build(doc, cfg->mail_from, time(NULL), id,
	    msg)) != 0) {
		log_error("outbox: statement %s: the message could not be "
		    "built (%d)", doc->number, rc);
		return OUTBOX_ERR_BUILD;
	}
	return 0;
}

int
outbox_queue_statement(struct db *db, const struct config *cfg,
    int64_t store_id, int64_t statement_id, int64_t created_by,
    int64_t *outbox_id)
{
	struct stmail_doc	 doc;
	struct buf		 msg = { 0 };
	char			 subject[1024];
	int			 rc;

	if ((rc = stmail_doc_load(db, store_id, statement_id, &doc)) < 0)
		return rc;
	if (rc == 0)
		return OUTBOX_ERR_NO_STATEMENT;
	stmail_subject(&doc, subject, sizeof(subject));
	if (doc.email[0] == '\0')
		rc = OUTBOX_ERR_NO_ADDRESS;
	else if (!mail_address_ok(doc.email))
		rc = db_exec(db, STMT_OUTBOX_INSERT_REFUSED, DB_ARGS(
		    DB_INT(store_id), DB_INT(statement_id), DB_STR(doc.email),
		    DB_STR(subject), DB_STR(OUTBOX_BAD_ADDRESS),
		    created_by > 0 ? DB_INT(created_by) : DB_NULL), NULL,
		    outbox_id);
	else if ((rc = outbox_build(cfg, &doc, &msg)) == 0) {
		rc = db_exec(db, STMT_OUTBOX_INSERT, DB_ARGS(DB_INT(store_id),
		    DB_INT(statement_id), DB_STR(doc.email), DB_STR(subject),
		    DB_BLOB(msg.data, msg.len),
		    created_by > 0 ? DB_INT(created_by) : DB_NULL), NULL,
		    outbox_id);
	}
	buf_free(&msg);
	stmail_doc_free(&doc);
	return rc;
}

int
outbox_waiting(struct db *db, int64_t store_id, int64_t *waiting)
{
	int	 rc;

	*waiting = 0;
	rc = db_get(db, STMT_OUTBOX_WAITING, DB_ARGS(DB_INT(store_id),
	    DB_INT(store_id)), DB_COLS(COL_INT(waiting)));
	return rc < 0 ? rc : 0;
}

/* ------------------------------------------------------------ delivery */

/* A message claimed for one attempt. */
struct claim {
	int64_t	 store_id;	/* 0: every store */
	int	 found;		/* 1 when a message was claimed */
	int64_t	 id;
	int64_t	 attempts;	/* counting this one */
	int64_t	 attempt_id;	/* its row in outbox_attempts */
	char	*msg;		/* the message as queued */
	size_t	 len;
};

/* What one attempt came to, to record. */
struct attempt_result {
	const struct claim	*c;
	int			 ok;
	const char		*why;	/* "" when ok */
};

/* Reads the claimed message into c->msg (len bytes). Returns 0 or < 0. */
static int
claim_read_message(struct db *db, struct claim *c, int64_t len)
{
	struct db_col	 col;
	int		 rc;

	if (len < 0 || (c->msg = malloc((size_t)len + 1)) == NULL)
		return DB_ERR;
	memset(&col, 0, sizeof(col));
	col.type = DB_T_STR;
	col.s = c->msg;
	col.cap = (size_t)len + 1;
	col.len = &c->len;
	rc = db_get(db, STMT_OUTBOX_MESSAGE, DB_ARGS(DB_INT(c->id)), &col, 1);
	return rc == 1 ? 0 : rc < 0 ? rc : DB_ERR;
}

/*
 * Claims the next due message no one else holds: counts the attempt,
 * moves its next attempt on by the backoff and logs the attempt as
 * "sending", all committed before the message is handed over; so two
 * senders never hand over the same message, and a sender that dies
 * midway leaves a message that is tried again later. A message whose
 * attempts are used up (its last sender stopped before recording the
 * result) is given up here. Returns 0 (c->found says whether one was
 * claimed) or < 0.
 */
static int
claim_tx(struct db *db, void *arg)
{
	struct claim	*c = arg;
	int64_t		 len;
	int		 rc;

	c->found = 0;
	free(c->msg);
	c->msg = NULL;
	for (;;) {
		rc = db_get(db, STMT_OUTBOX_CLAIM, DB_ARGS(DB_INT(c->store_id),
		    DB_INT(c->store_id)), DB_COLS(COL_INT(&c->id),
		    COL_INT(&c->attempts), COL_INT(&len)));
		if (rc <= 0)
			return rc;
		if (c->attempts < OUTBOX_MAX_ATTEMPTS)
			break;
		if ((rc = db_exec(db, STMT_OUTBOX_GIVE_UP, DB_ARGS(DB_STR(
		    "gave up: no result was recorded for the last attempt"),
		    DB_INT(c->id)), NULL, NULL)) < 0)
			return rc;
	}
	c->attempts++;
	if ((rc = db_exec(db, STMT_OUTBOX_TAKE, DB_ARGS(
	    DB_INT(outbox_backoff((int)c->attempts)), DB_INT(c->id)), NULL,
	    NULL)) < 0 ||
	    (rc = db_exec(db, STMT_OUTBOX_ATTEMPT_INSERT, DB_ARGS(DB_INT(c->id)),
	    NULL, &c->attempt_id)) < 0 ||
	    (rc = claim_read_message(db, c, len)) < 0)
		return rc;
	c->found = 1;
	return 0;
}

/*
 * Records the result of an attempt: the attempt's row, and the message
 * sent, or due again after the backoff, or given up after the last
 * attempt; in one transaction. Returns 0 or < 0.
 */
static int
record_tx(struct db *db, void *arg)
{
	const struct attempt_result	*r = arg;
	const struct claim		*c = r->c;
	int				 rc;

	if ((rc = db_exec(db, STMT_OUTBOX_ATTEMPT_RESULT, DB_ARGS(
	    DB_INT(r->ok), DB_STR(r->why), DB_INT(c->attempt_id)), NULL,
	    NULL)) < 0)
		return rc;
	if (r->ok)
		return db_exec(db, STMT_OUTBOX_SENT, DB_ARGS(DB_INT(c->id)),
		    NULL, NULL);
	return db_exec(db, STMT_OUTBOX_RETRY_LATER, DB_ARGS(DB_STR(r->why),
	    DB_INT(outbox_backoff((int)c->attempts)),
	    DB_INT(OUTBOX_MAX_ATTEMPTS), DB_INT(c->id)), NULL, NULL);
}

/* Hands the claimed message to sendmail and records the result. Returns 0 or < 0. */
static int
deliver_one(struct db *db, const struct config *cfg, struct claim *c,
    int *sent, int *failed)
{
	struct attempt_result	 r;
	char			 why[WHY_MAX];

	r.c = c;
	r.ok = mail_send_report(cfg->sendmail, c->msg, c->len, why,
	    sizeof(why)) == 0;
	r.why = r.ok ? "" : why;
	if (r.ok)
		(*sent)++;
	else
		(*failed)++;
	return db_transaction(db, record_tx, &r);
}

int
outbox_deliver(struct db *db, const struct config *cfg, int64_t store_id,
    int *sent, int *failed)
{
	struct claim	 c;
	int		 rc;

	*sent = *failed = 0;
	memset(&c, 0, sizeof(c));
	c.store_id = store_id;
	for (;;) {
		if ((rc = db_transaction(db, claim_tx, &c)) < 0 || !c.found)
			break;
		if ((rc = deliver_one(db, cfg, &c, sent, failed)) < 0)
			break;
	}
	free(c.msg);
	return rc < 0 ? rc : 0;
}
