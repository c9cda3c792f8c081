/* customer.h: customers of a store: checking, creating, finding, searching. */
#ifndef SLATE_CUSTOMER_H
#define SLATE_CUSTOMER_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "counters.h"
#include "text.h"

struct db;
struct db_col;
struct params;
struct req;

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

/*
 * Copies name, email, phone and notes into *c without surrounding
 * blanks, the email lower-cased and the notes' CR LF as LF, then checks
 * them as customer_read does (a NULL field is empty). Returns 1 when
 * every field is fine, else 0 with the messages in *p.
 */
int	customer_from_text(struct customer *c, const char *name,
	    const char *email, const char *phone, const char *notes,
	    struct customer_problems *p);

/*
 * Checks the fields of *c (already trimmed) by the rules of
 * customer_read. Returns 1 when every field is fine, else 0 with the
 * messages in *p (a field too long for c's buffer is flagged by
 * customer_from_text and kept).
 */
int	customer_check(const struct customer *c, struct customer_problems *p);

/* True when the name, email, phone and notes of a and b are the same. */
int	customer_same(const struct customer *a, const struct customer *b);

/*
 * Inside a transaction, finds customer code of store_id and locks its
 * row. Returns 1, 0 when none, or < 0.
 */
int	customer_lock(struct db *db, int64_t store_id, const char *code,
	    struct customer *c);

/*
 * Inside a transaction, stores the name, email, phone and notes of
 * customer c->id of store_id. Returns 0 or a negative enum db_result.
 */
int	customer_update(struct db *db, int64_t store_id,
	    const struct customer *c);

/* A customer another one may be the same person as. */
struct customer_match {
	char	 code[COUNTER_CODE_MAX];
	char	 name[TEXT_BYTES(CUSTOMER_NAME_MAX)];
};

#define CUSTOMER_MATCHES_MAX	10

/*
 * Finds up to max customers of store_id other than except_id (0 for
 * none) with the same email (when email is not empty) or the same phone
 * once spaces and dashes are removed (when phone is not empty), by
 * name. Returns how many were found, or < 0.
 */
int	customer_duplicates(struct db *db, int64_t store_id,
	    int64_t except_id, const char *email, const char *phone,
	    struct customer_match *out, size_t max);

/*
 * Writes s into out (size bytes) as a LIKE pattern's literal part:
 * '%', '_' and the escape character '!' each preceded by '!' (the
 * statements say ESCAPE '!'). Returns 0, or -1 when it does not fit.
 */
int	customer_like_escape(const char *s, char *out, size_t size);

#define CUSTOMER_SEARCH_MAX	100	/* characters of a search */
#define CUSTOMER_SEARCH_GRAM	13	/* three UTF-8 characters and a NUL */

/*
 * A customer search (the customers list, the new-account form, the
 * account list): a customer matches when their code, email or phone
 * starts with q, or their name holds it, case aside.
 */
struct customer_search {
	char		 q[TEXT_BYTES(CUSTOMER_SEARCH_MAX)];	/* trimmed */
	char		 pattern[2 * TEXT_BYTES(CUSTOMER_SEARCH_MAX)]; /* q for LIKE */
	char		 gram[CUSTOMER_SEARCH_GRAM];	/* see customer_search_set */
	char		 after_name[TEXT_BYTES(CUSTOMER_NAME_MAX)];
	int64_t		 after_id;	/* 0: from the first customer by name */
};

/*
 * Sets up a search for q (surrounding spaces and tabs taken off) from
 * the first customer by name: q escaped for LIKE (customer_like_escape),
 * and the three characters in a row of q that the fewest names hold
 * (a guess by letter frequency; empty when q is shorter), through which
 * a name is looked up in customer_name_grams. Returns NULL, or a
 * message to show beside the search box (too long, control
 * characters): then s is no search to run (its pattern and gram are
 * empty; q holds what was typed unless it was too long).
 */
const char	*customer_search_set(struct customer_search *s, const char *q);

/*
 * Starts the query of search s in store_id, by name then id, after
 * (s->after_name, s->after_id) and at most limit customers; rows are
 * read with db_fetch and the query ended with db_done. The columns, to
 * bind in cols: id, code, name, email, phone, and how many accounts the
 * customer has. Returns DB_OK or a negative enum db_result.
 */
int	customer_search_query(struct db *db, int64_t store_id,
	    const struct customer_search *s, int64_t limit,
	    struct db_col *cols, size_t ncols);

/*
 * Puts the accounts of customer_id (of the session's store) into the
 * page data as Accounts.N.Number, .Status ("Active" or "Inactive"),
 * .Balance (in words: "€120.00 owing", "€15.00 in credit") and .Limit.
 * Returns 0 or -1.
 */
int	customer_accounts_view(struct req *r, int64_t customer_id);

#endif
