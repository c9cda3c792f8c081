/* store.h: stores, the tenants: creation, lookup, settings, memberships, and their seeded user groups. */
#ifndef SLATE_STORE_H
#define SLATE_STORE_H

#include <stdint.h>

#include "text.h"

#include <jansson.h>

struct db;

#define STORE_NAME_MAX	200	/* characters */
#define GROUP_NAME_MAX	100	/* characters */
#define GROUP_NAME_BYTES	TEXT_BYTES(GROUP_NAME_MAX)
#define BANK_TEXT_MAX	200	/* characters of account holder and bank name */
#define IBAN_MAX	34
#define BIC_MAX		11

struct store {
	int64_t	 id;
	char	 code[17];
	char	 name[TEXT_BYTES(200)];
	char	 currency[4];
	char	 timezone[65];
};

/* The ways a store may take payments onto customer accounts. */
enum pay_method {
	PAY_CASH,
	PAY_CARD,
	PAY_BANK_TRANSFER,	/* needs the store's bank account */
	PAY_CHEQUE,
	PAY_EFT,
	PAY_CUSTOMER_ACCOUNT,
	PAY__MAX
};

struct pay_method_info {
	const char	*key;	/* the column, form field and audit key */
	const char	*label;	/* as people read it */
};

/* The payment methods in the order the settings page shows them. */
extern const struct pay_method_info	pay_methods[PAY__MAX];

/* A store's settings; code and currency are never changed. */
struct store_settings {
	char	 code[17];
	char	 currency[4];
	char	 name[TEXT_BYTES(STORE_NAME_MAX)];
	char	 timezone[65];
	char	 bank_holder[TEXT_BYTES(BANK_TEXT_MAX)];
	char	 iban[IBAN_MAX + 1];	/* normalised: no spaces, upper case */
	char	 bic[BIC_MAX + 1];
	char	 bank_name[TEXT_BYTES(BANK_TEXT_MAX)];
	int	 pay[PAY__MAX];		/* 1 when the method is enabled */
	int	 terms_days;		/* a statement is due this many days after its date */
	long	 hold_days;		/* auto-hold: overdue more than this (0: off) */
	int64_t	 hold_amount;		/* auto-hold: overdue over this (0: off) */
};

#define STORE_TERMS_DAYS_MAX	365

/* One store a staff member works in, and their user group there. */
struct store_membership {
	int64_t	 id;
	char	 code[17];
	char	 name[TEXT_BYTES(STORE_NAME_MAX)];
	char	 currency[4];
	char	 timezone[65];
	char	 group[GROUP_NAME_BYTES];
};

/* The user groups every new store starts with, in perm_info.seed order. */
extern const char *const store_seed_groups[];

/*
 * Checks a store code: 1 to 16 of A-Z, 0-9, '-' and '_'. Returns NULL
 * when fine, or a message.
 */
const char	*store_code_problem(const char *code);

/*
 * Checks a time zone name against the system's zone database
 * ("Europe/Berlin", "UTC"). Returns NULL when known, or a message.
 */
const char	*timezone_problem(const char *tz);

/*
 * Creates store s (its id is filled in) with the seeded user groups.
 * Call inside a transaction. Returns 0, DB_ERR_DUP when the code is
 * taken, or another negative enum db_result.
 */
int	store_create(struct db *db, struct store *s);

/* Finds a store by code. Returns 1, 0 when none, or a negative result. */
int	store_find_by_code(struct db *db, const char *code, struct store *s);

/* Finds the oldest store. Returns 1, 0 when there is none, or < 0. */
int	store_find_first(struct db *db, struct store *s);

/* Counts the stores into *n. Returns 0 or a negative result. */
int	store_count(struct db *db, int64_t *n);

/*
 * Finds the id of user group name in store_id into *id. Returns 1, 0
 * when there is none, or a negative result.
 */
int	store_group_find(struct db *db, int64_t store_id, const char *name,
	    int64_t *id);

/*
 * Normalises an IBAN typed by a person (spaces removed, letters in
 * upper case) into out and checks it: country code, check digits,
 * 15 to 34 letters and digits, and the ISO 13616 mod-97 check. An
 * empty input gives an empty out and no problem. Returns NULL when
 * fine, or a message.
 */
const char	*iban_check(const char *in, char out[IBAN_MAX + 1]);

/*
 * Normalises a BIC (spaces removed, upper case) into out and checks
 * it: 8 or 11 of A-Z and 0-9. An empty input is no problem. Returns
 * NULL when fine, or a message.
 */
const char	*bic_check(const char *in, char out[BIC_MAX + 1]);

/*
 * Reads the settings of store_id into *out; with lock, the row stays
 * locked until the caller's transaction ends. Returns 1, 0 when there
 * is no such store, or a negative enum db_result.
 */
int	store_settings_get(struct db *db, int64_t store_id, int lock,
	    struct store_settings *out);

/*
 * Stores the editable settings of store_id (all but code and
 * currency). Returns 0 or a negative enum db_result.
 */
int	store_settings_update(struct db *db, int64_t store_id,
	    const struct store_settings *s);

/*
 * Returns a new JSON object of the editable settings, as the audit log
 * keeps them (keys as the columns), or NULL when memory runs out.
 */
json_t	*store_settings_json(const struct store_settings *s);

/*
 * Returns a new JSON object {code, name, currency, timezone} of s, as
 * the audit log keeps a created store, or NULL when memory runs out.
 */
json_t	*store_json(const struct store *s);

/*
 * Calls fn for each store staff_id works in, ordered by code, with
 * their user group there. fn must not use the database; it returns 0
 * to go on or -1 to stop. Returns 0, or a negative value when fn
 * stopped or the database failed.
 */
int	store_each_membership(struct db *db, int64_t staff_id,
	    int (*fn)(const struct store_membership *, void *), void *arg);

/*
 * Finds the store with code among those staff_id works in, its id
 * into *store_id. Returns 1, 0 when they do not work in such a store
 * (or it does not exist), or a negative enum db_result.
 */
int	store_member_find(struct db *db, int64_t staff_id, const char *code,
	    int64_t *store_id);

#endif
