/* customer.h: customers of a store: checking, creating, finding, searching. */
#ifndef SLATE_CUSTOMER_H
#define SLATE_CUSTOMER_H

#include <stdint.h>

#include <jansson.h>

#include "counters.h"
#include "text.h"

struct db;
struct params;

#define CUSTOMER_NAME_MAX	200
#define CUSTOMER_EMAIL_MAX	254
#define CUSTOMER_PHONE_MAX	40
#define CUSTOMER_NOTES_MAX	2000

struct customer {
	int64_t	 id;
	char	 code[COUNTER_CODE_MAX];
	char	 name[TEXT_BYTES(CUSTOMER_NAME_MAX)];
	char	 email[TEXT_BYTES(CUSTOMER_EMAIL_MAX)];
	char	 phone[TEXT_BYTES(CUSTOMER_PHONE_MAX)];
	char	 notes[TEXT_BYTES(CUSTOMER_NOTES_MAX)];
};

/* A message for each field of a customer form that is not right (NULL when it is). */
struct customer_problems {
	const char	*name;
	const char	*email;
	const char	*phone;
	const char	*notes;
};

/*
 * Reads the customer fields from a form's fields named prefix + "name",
 * "email", "phone", "notes" (prefix "" for the customer form, e.g.
 * "customer_" where another form embeds one) into *c, trimmed and
 * normalised (email lower-cased), and checks them: name required, 1 to
 * 200 characters; email optional but valid; phone optional, digits,
 * spaces and + - ( ) . only, up to 40; notes up to 2000 (line breaks
 * allowed there only). Returns 1 when every field is fine, else 0 with
 * the messages in *p.
 */
int	customer_read(const struct params *form, const char *prefix,
	    struct customer *c, struct customer_problems *p);

/*
 * Inside a transaction, creates customer c in store_id: assigns the
 * next customer code (never reused) and fills c->id and c->code.
 * Returns 0 or a negative enum db_result.
 */
int	customer_create(struct db *db, int64_t store_id, struct customer *c);

/* Finds a customer by code in store_id. Returns 1, 0 when none, or < 0. */
int	customer_get(struct db *db, int64_t store_id, const char *code,
	    struct customer *c);

/* Finds a customer by id in store_id. Returns 1, 0 when none, or < 0. */
int	customer_get_by_id(struct db *db, int64_t store_id, int64_t id,
	    struct customer *c);

/* The audit log's picture of a customer (a new object), or NULL. */
json_t	*customer_json(const struct customer *c);

#endif
