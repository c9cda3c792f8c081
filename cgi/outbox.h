/* outbox.h: mail waiting to go out: statements queued as whole messages, delivered through sendmail with retries and a log of every attempt. */
#ifndef SLATE_OUTBOX_H
#define SLATE_OUTBOX_H

#include <stdint.h>

struct config;
struct db;

/* Failures, apart from every enum db_result, LEDGER_ERR_* and STATEMENT_ERR_*. */
#define OUTBOX_ERR_NO_ADDRESS	(-81)	/* the statement has no address */
#define OUTBOX_ERR_NO_STATEMENT	(-82)	/* no such statement in that store */
#define OUTBOX_ERR_BUILD	(-83)	/* the message could not be built */

/* Attempts before a message is given up (status failed). */
#define OUTBOX_MAX_ATTEMPTS	10

/*
 * Builds the statement's message (text + HTML + CSV attachment) from
 * the frozen statement rows and queues it in the outbox, inside the
 * caller's transaction (call it from a db_transaction callback); it is
 * due at once. An address sendmail cannot safely take (not plain ASCII,
 * or holding , ; < > and the like: see mail_address_ok) is no reason to
 * refuse the statement: the message is recorded as failed at once with
 * why, to show in the delivery log, and never handed over. created_by
 * is the staff member who asked, 0 for the run.
 * Returns 0 with *outbox_id, OUTBOX_ERR_NO_ADDRESS when the statement
 * has no address, OUTBOX_ERR_NO_STATEMENT when it is not the store's,
 * OUTBOX_ERR_BUILD, or another negative enum db_result.
 */
int	outbox_queue_statement(struct db *db, const struct config *cfg,
	    int64_t store_id, int64_t statement_id, int64_t created_by,
	    int64_t *outbox_id);

/*
 * Hands every due queued message (status queued, next_attempt_at <=
 * now; of one store, or all stores when store_id is 0) to cfg->sendmail
 * one by one, each attempt recorded in outbox_attempts; a failure moves
 * next_attempt_at on with backoff, and after the last attempt marks the
 * message failed. Never sends a message twice: a message is claimed
 * (row locked, attempts counted and next_attempt_at moved on, committed)
 * before it is handed over, and marked sent in the same transaction that
 * records the attempt's result. Reports counts in *sent / *failed
 * (failed: attempts that failed in this call). Returns 0 or < 0 (a
 * database error).
 */
int	outbox_deliver(struct db *db, const struct config *cfg,
	    int64_t store_id, int *sent, int *failed);

/*
 * Counts the queued messages (of one store, or all when store_id is 0)
 * that are not sent yet, due or waiting for a later attempt, into
 * *waiting. Returns 0 or a negative enum db_result.
 */
int	outbox_waiting(struct db *db, int64_t store_id, int64_t *waiting);

/*
 * Seconds to wait after attempt number `attempts` (1, 2, ...) failed:
 * 60, 300, 1800, 7200, 21600, then 43200 for every later one.
 */
long	outbox_backoff(int attempts);

#endif
