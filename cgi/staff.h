/* staff.h: staff members: lookup, creation, passwords, store memberships, manager codes. */
#ifndef SLATE_STAFF_H
#define SLATE_STAFF_H

#include <stdint.h>

#include <jansson.h>

#include "password.h"
#include "store.h"
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

/* A staff member as one store sees them: with their user group there. */
struct staff_member {
	int64_t	 id;
	char	 email[TEXT_BYTES(254)];
	char	 name[TEXT_BYTES(200)];
	int64_t	 group_id;
	char	 group[GROUP_NAME_BYTES];
	int	 disabled;
	int	 must_change_password;
	int	 has_manager_code;
};

/*
 * Finds staff member id among the members of store_id into *out; with
 * lock, inside a transaction, their rows stay locked until it ends.
 * Returns 1 when found, 0 when they are not in that store, or a
 * negative enum db_result.
 */
int	staff_member_get(struct db *db, int64_t id, int64_t store_id,
	    int lock, struct staff_member *out);

/*
 * Describes m for the audit log: email, name, group, disabled and
 * must_change_password, never a hash. Returns a new JSON object, or
 * NULL when memory runs out.
 */
json_t	*staff_member_json(const struct staff_member *m);

/*
 * Finds the name of user group group_id of store_id into name (GROUP_NAME_BYTES
 * bytes). Returns 1, 0 when the store has no such group, or a
 * negative enum db_result.
 */
int	staff_group_get(struct db *db, int64_t store_id, int64_t group_id,
	    char name[GROUP_NAME_BYTES]);

/*
 * staff_create for someone invited by an administrator: the password
 * is a temporary one that must be changed at the first sign-in.
 */
int	staff_invite(struct db *db, const char *email, const char *name,
	    const char *password_hash, int64_t store_id, int64_t group_id,
	    int64_t *id);

/*
 * Makes staff member id a member of store_id in group_id. Returns 0,
 * DB_ERR_DUP when they are one already, or another negative result.
 */
int	staff_membership_add(struct db *db, int64_t id, int64_t store_id,
	    int64_t group_id);

/* Moves staff member id to group_id in store_id. Returns 0 or < 0. */
int	staff_membership_set_group(struct db *db, int64_t id,
	    int64_t store_id, int64_t group_id);

/*
 * Ends the membership of staff member id in store_id and their
 * sessions in that store; their account stays. Returns 0 or < 0.
 */
int	staff_membership_remove(struct db *db, int64_t id, int64_t store_id);

/* Renames staff member id. Returns 0 or a negative enum db_result. */
int	staff_set_name(struct db *db, int64_t id, const char *name);

/*
 * Disables (disabled = 1) or enables staff member id. Disabling ends
 * all their sessions at once. Returns 0 or a negative result.
 */
int	staff_set_disabled(struct db *db, int64_t id, int disabled);

/* Ends every session of staff member id. Returns 0 or < 0. */
int	staff_end_sessions(struct db *db, int64_t id);

/*
 * Stores the hash of staff member id's manager code, or removes the
 * code when hash is NULL. Returns 0 or a negative result.
 */
int	staff_set_manager_code(struct db *db, int64_t id, const char *hash);

/*
 * Inside a transaction, locks store_id and every store staff member
 * id works in, so that checks on a store's Administrators
 * (staff_sole_admin) hold until the transaction ends. Call it before
 * any other read of the transaction. Returns 0 or a negative result.
 */
int	staff_lock_stores(struct db *db, int64_t id, int64_t store_id);

/*
 * Tells whether staff member id is the only enabled member of the
 * Administrator group (store_seed_groups[0]) of store_id (*here) and
 * of any other store they work in (*elsewhere). Returns 0 or < 0.
 */
int	staff_sole_admin(struct db *db, int64_t id, int64_t store_id,
	    int *here, int *elsewhere);

/*
 * Counts into *beyond the stores other than store_id where staff
 * member id works and actor may not manage staff outright. Changes to
 * the whole account (name, password, disabling) are for someone who
 * manages staff in every store of it. Returns 0 or < 0.
 */
int	staff_stores_beyond(struct db *db, int64_t id, int64_t store_id,
	    int64_t actor, int64_t *beyond);

#endif
