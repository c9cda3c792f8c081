/* store.h: stores, the tenants: creation, lookup, and their seeded user groups. */
#ifndef SLATE_STORE_H
#define SLATE_STORE_H

#include <stdint.h>

#include "text.h"

struct db;

struct store {
	int64_t	 id;
	char	 code[17];
	char	 name[TEXT_BYTES(200)];
	char	 currency[4];
	char	 timezone[65];
};

/* The user groups every new store starts with. */
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

#endif
