/* account.h: client accounts: reading, checking, creating with an opening balance, changing. */
#ifndef SLATE_ACCOUNT_H
#define SLATE_ACCOUNT_H

#include <stdint.h>

#include <jansson.h>

#include "counters.h"
#include "customer.h"
#include "money.h"
#include "schedule.h"
#include "text.h"

struct db;
struct params;

#define ACCOUNT_HOLD_REASON_MAX	200	/* characters, as the columns */
#define ACCOUNT_EMAIL_MAX	254
#define ACCOUNT_WORDS_MAX	(MONEY_TEXT_MAX + 16)	/* "€1.00 in credit" */

/* A client account as stored, with its customer's code and name. */
struct account {
	int64_t	 id;
	int64_t	 customer_id;
	char	 number[COUNTER_CODE_MAX];
	int	 active;
	int64_t	 credit_limit;		/* >= 0, minor units */
	int	 restrict_credit;	/* hard stop at the limit */
	int	 pay_later;		/* the balance may go below zero */
	int	 on_hold;		/* no account payments at all */
	char	 hold_reason[TEXT_BYTES(ACCOUNT_HOLD_REASON_MAX)];
	char	 frequency[TEXT_BYTES(SCHEDULE_RULE_MAX)]; /* canonical or "" */
	char	 frequency_start[SDATE_TEXT];	/* "" when there is no rule */
	char	 statement_email[TEXT_BYTES(ACCOUNT_EMAIL_MAX)];
	int64_t	 balance;		/* negative: the customer owes */
	int64_t	 version;
	int64_t	 feed_seq;
	char	 customer_code[COUNTER_CODE_MAX];
	char	 customer_name[TEXT_BYTES(CUSTOMER_NAME_MAX)];
};

/* A message for each field of an account form that is not right (NULL when it is). */
struct account_problems {
	const char	*opening;
	const char	*credit_limit;
	const char	*hold_reason;
	const char	*frequency;
	const char	*frequency_start;
	const char	*statement_email;
	const char	*status;
};

/*
 * Available to spend, the one rule used everywhere (pages, lanes):
 * zero when the account is on hold or inactive; else balance + credit
 * limit with pay later, the balance alone without it; never below zero.
 */
int64_t	account_available(const struct account *a);

/* True when the customer owes more than the credit limit. */
int	account_over_limit(const struct account *a);

/*
 * Writes a balance in words for currency c into out: "€120.00 owing",
 * "€15.00 in credit" or "€0.00". Returns out.
 */
char	*account_balance_words(int64_t balance, const struct currency *c,
	    char out[ACCOUNT_WORDS_MAX]);

/*
 * Reads an amount as typed (see money_parse_input) into *out; empty is
 * 0. Refuses a negative one unless allow_negative is set. Returns NULL or a
 * message for people.
 */
const char	*account_amount_read(const char *text, const struct currency *c,
		    int allow_negative, int64_t *out);

/*
 * Reads a settlement frequency rule as typed into out in its canonical
 * form ("" for none). Returns NULL or a message for people.
 */
const char	*account_rule_read(const char *text,
		    char out[TEXT_BYTES(SCHEDULE_RULE_MAX)]);

/*
 * Reads the start date of a rule (YYYY-MM-DD) into out; when it is
 * empty and there is a rule, the start is today. A start without a
 * rule is refused. Returns NULL or a message for people.
 */
const char	*account_start_read(const char *text, int has_rule,
		    struct sdate today, char out[SDATE_TEXT]);

/*
 * Reads the account fields of a form, named prefix + "opening" (only
 * when opening is not NULL), "credit_limit", "restrict_credit",
 * "pay_later", "on_hold", "hold_reason", "frequency",
 * "frequency_start", "statement_email" and "status" ("active",
 * "inactive"; empty is active), into the settings of *a (checkboxes
 * are on when sent as "1") and checks them: amounts for currency c,
 * limit not negative, a reason when on hold, a rule schedule_parse
 * takes, an email address. Returns 1 when all are fine, else 0 with
 * the messages in *p.
 */
int	account_read(const struct params *form, const char *prefix,
	    const struct currency *c, struct sdate today, struct account *a,
	    int64_t *opening, struct account_problems *p);

/*
 * Writes the next n statement dates of a's rule on or after today into
 * out. Returns how many were written (0 when there is no rule).
 */
int	account_next_dates(const struct account *a, struct sdate today,
	    struct sdate *out, int n);

/*
 * Finds account number in store_id into *a, with its customer; with
 * lock (inside a transaction) the row stays locked until it ends.
 * Returns 1, 0 when there is none, or a negative enum db_result.
 */
int	account_get(struct db *db, int64_t store_id, const char *number,
	    int lock, struct account *a);

/*
 * Inside a transaction, creates account a (settings and customer_id
 * filled in) in store_id: assigns the next account number and a feed
 * sequence, then posts a non-zero opening balance as an "opening"
 * ledger entry by staff_id (0: none) approved by approver_id (0: none),
 * so the balance equals the sum of the entries. Fills a->id, number,
 * balance, version and feed_seq. Returns 0 or a negative value.
 */
int	account_create(struct db *db, int64_t store_id, struct account *a,
	    int64_t opening, int64_t staff_id, int64_t approver_id);

/* True when something a lane sees differs: limit, hold, status, pay later, restrict credit. */
int	account_lane_differs(const struct account *a, const struct account *b);

/* True when any setting differs (the lane's, frequency, statement email). */
int	account_differs(const struct account *a, const struct account *b);

/*
 * Inside a transaction, stores the settings of next on the account
 * (locked by the caller, as read into before) and, when something a
 * lane sees changed, marks it changed for the lane feed. Returns 0 or
 * a negative enum db_result.
 */
int	account_update(struct db *db, int64_t store_id,
	    const struct account *before, const struct account *next);

/* The audit log's picture of an account (a new object), or NULL. */
json_t	*account_json(const struct account *a);

/* The current date in time zone zone into *d. Returns 0, or -1 for an unknown zone. */
int	account_today(const char *zone, struct sdate *d);

#endif
