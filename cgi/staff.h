/* staff.h: staff members: lookup by email, creation, passwords. */
#ifndef SLATE_STAFF_H
#define SLATE_STAFF_H

#include <stdint.h>

#include "password.h"
#include "text.h"

struct db;

struct staff {
	int64_t	 id;
	char	 email[TEXT_BYTES(254)];
	char	 name[TEXT_BYTES(200)];
	char	 password_hash[PASSWORD_HASH_MAX];
	int	 must_change_password;
	int	 disabled;
};

/*
 * Finds the staff member with email (compared without case) into *out.
 * Returns 1 when found, 0 when not, or a negative enum db_result.
 */
int	staff_find_by_email(struct db *db, const char *email,
	    struct staff *out);

/*
 * Creates a staff member with a password hash, and makes them a member
 * of store_id in group_id. Call inside a transaction. Stores the new
 * id in *id. Returns 0, DB_ERR_DUP when the email is taken, or another
 * negative enum db_result.
 */
int	staff_create(struct db *db, const char *email, const char *name,
	    const char *password_hash, int64_t store_id, int64_t group_id,
	    int64_t *id);

/*
 * Stores a new password hash for staff id; must_change makes the next
 * sign-in ask for a new password. Returns 0 or a negative result.
 */
int	staff_set_password(struct db *db, int64_t id, const char *hash,
	    int must_change);

#endif
