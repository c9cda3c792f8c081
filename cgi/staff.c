/* staff.c: staff members: lookup, creation, passwords, store memberships, manager codes. */
#include <string.h>

#include "db.h"
#include "staff.h"
#include "store.h"

int
staff_find_by_email(struct db *db, const char *email, struct staff *out)
{
	int64_t	 must_change, disabled;
	int	 rc;

	memset(out, 0, sizeof(*out));
	rc = db_get(db, STMT_STAFF_GET_BY_EMAIL, DB_ARGS(DB_STR(email)),
	    DB_COLS(COL_INT(&out->id), COL_STR(out->email), COL_STR(out->name),
	    COL_STR(out->password_hash), COL_INT(&must_change),
	    COL_INT(&disabled)));
	out->must_change_password = rc == 1 && must_change != 0;
	out->disabled = rc == 1 && disabled != 0;
	return rc;
}

/* Inserts a staff member and their first membership. */
static int
staff_insert(struct db *db, const char *email, const char *name,
    const char *password_hash, int must_change, int64_t store_id,
    int64_t group_id, int64_t *id)
{
	int	 rc;

	rc = db_exec(db, STMT_STAFF_INSERT, DB_ARGS(DB_STR(email),
	    DB_STR(name), DB_STR(password_hash), DB_INT(must_change)),
	    NULL, id);
	if (rc < 0)
		return rc;
	return staff_membership_add(db, *id, store_id, group_id);
}

int
staff_create(struct db *db, const char *email, const char *name,
    const char *password_hash, int64_t store_id, int64_t group_id,
    int64_t *id)
{
	return staff_insert(db, email, name, password_hash, 0, store_id,
	    group_id, id);
}

int
staff_invite(struct db *db, const char *email, const char *name,
    const char *password_hash, int64_t store_id, int64_t group_id,
    int64_t *id)
{
	return staff_insert(db, email, name, password_hash, 1, store_id,
	    group_id, id);
}

int
staff_set_password(struct db *db, int64_t id, const char *hash,
    int must_change)
{
	return db_exec(db, STMT_STAFF_SET_PASSWORD, DB_ARGS(DB_STR(hash),
	    DB_INT(must_change ? 1 : 0), DB_INT(id)), NULL, NULL);
}

int
staff_member_get(struct db *db, int64_t id, int64_t store_id, int lock,
    struct staff_member *out)
{
	int64_t	 disabled, must_change, has_code;
	int	 rc;

	memset(out, 0, sizeof(*out));
	rc = db_get(db, lock ? STMT_STAFF_MEMBER_GET_FOR_UPDATE :
	    STMT_STAFF_MEMBER_GET, DB_ARGS(DB_INT(id), DB_INT(store_id)),
	    DB_COLS(COL_INT(&out->id), COL_STR(out->email), COL_STR(out->name),
	    COL_INT(&out->group_id), COL_STR(out->group), COL_INT(&disabled),
	    COL_INT(&must_change), COL_INT(&has_code)));
	if (rc != 1)
		return rc;
	out->disabled = disabled != 0;
	out->must_change_password = must_change != 0;
	out->has_manager_code = has_code != 0;
	return 1;
}

json_t *
staff_member_json(const struct staff_member *m)
{
	return json_pack("{s:s, s:s, s:s, s:b, s:b}", "email", m->email,
	    "name", m->name, "group", m->group, "disabled", m->disabled,
	    "must_change_password", m->must_change_password);
}

int
staff_group_get(struct db *db, int64_t store_id, int64_t group_id,
    char name[GROUP_NAME_BYTES])
{
	name[0] = '\0';
	return db_get(db, STMT_STAFF_GROUP_GET, DB_ARGS(DB_INT(group_id),
	    DB_INT(store_id)), DB_COLS({ DB_T_STR, NULL, name, GROUP_NAME_BYTES, NULL,
	    NULL }));
}

int
staff_membership_add(struct db *db, int64_t id, int64_t store_id,
    int64_t group_id)
{
	return db_exec(db, STMT_MEMBERSHIP_INSERT, DB_ARGS(DB_INT(id),
	    DB_INT(store_id), DB_INT(group_id)), NULL, NULL);
}

int
staff_membership_set_group(struct db *db, int64_t id, int64_t store_id,
    int64_t group_id)
{
	return db_exec(db, STMT_STAFF_MEMBERSHIP_SET_GROUP,
	    DB_ARGS(DB_INT(group_id), DB_INT(id), DB_INT(store_id)),
	    NULL, NULL);
}

int
staff_membership_remove(struct db *db, int64_t id, int64_t store_id)
{
	int	 rc;

	rc = db_exec(db, STMT_STAFF_SESSIONS_DELETE_IN_STORE,
	    DB_ARGS(DB_INT(id), DB_INT(store_id)), NULL, NULL);
	if (rc < 0)
		return rc;
	return db_exec(db, STMT_STAFF_MEMBERSHIP_DELETE,
	    DB_ARGS(DB_INT(id), DB_INT(store_id)), NULL, NULL);
}

int
staff_set_name(struct db *db, int64_t id, const char *name)
{
	return db_exec(db, STMT_STAFF_SET_NAME, DB_ARGS(DB_STR(name),
	    DB_INT(id)), NULL, NULL);
}

int
staff_set_disabled(struct db *db, int64_t id, int disabled)
{
	int	 rc;

	rc = db_exec(db, STMT_STAFF_SET_DISABLED, DB_ARGS(
	    DB_INT(disabled ? 1 : 0), DB_INT(id)), NULL, NULL);
	if (rc < 0 || !disabled)
		return rc;
	return staff_end_sessions(db, id);
}

int
staff_end_sessions(struct db *db, int64_t id)
{
	return db_exec(db, STMT_STAFF_SESSIONS_DELETE, DB_ARGS(DB_INT(id)),
	    NULL, NULL);
}

int
staff_set_manager_code(struct db *db, int64_t id, const char *hash)
{
	return db_exec(db, STMT_STAFF_SET_MANAGER_CODE, DB_ARGS(
	    hash != NULL ? DB_STR(hash) : DB_NULL, DB_INT(id)), NULL, NULL);
}

int
staff_lock_stores(struct db *db, int64_t id, int64_t store_id)
{
	int64_t	 locked;
	int	 rc;

	rc = db_query(db, STMT_STAFF_LOCK_STORES, DB_ARGS(DB_INT(store_id),
	    DB_INT(id)), DB_COLS(COL_INT(&locked)));
	if (rc < 0)
		return rc;
	while ((rc = db_fetch(db)) == 1)
		;
	db_done(db);
	return rc;
}

/* Counts the stores of one kind where id is the one enabled Administrator. */
static int
staff_sole_admin_count(struct db *db, enum stmt s, int64_t id,
    int64_t store_id, int *out)
{
	int64_t	 n = 0;
	int	 rc;

	rc = db_get(db, s, DB_ARGS(DB_INT(id), DB_INT(store_id),
	    DB_STR(store_seed_groups[0])), DB_COLS(COL_INT(&n)));
	if (rc < 0)
		return rc;
	*out = n > 0;
	return 0;
}

int
staff_sole_admin(struct db *db, int64_t id, int64_t store_id, int *here,
    int *elsewhere)
{
	int	 rc;

	rc = staff_sole_admin_count(db, STMT_STAFF_SOLE_ADMIN_HERE, id,
	    store_id, here);
	if (rc < 0)
		return rc;
	return staff_sole_admin_count(db, STMT_STAFF_SOLE_ADMIN_ELSEWHERE, id,
	    store_id, elsewhere);
}

int
staff_stores_beyond(struct db *db, int64_t id, int64_t store_id,
    int64_t actor, int64_t *beyond)
{
	int	 rc;

	rc = db_get(db, STMT_STAFF_STORES_BEYOND, DB_ARGS(DB_INT(id),
	    DB_INT(store_id), DB_INT(actor)), DB_COLS(COL_INT(beyond)));
	return rc < 0 ? rc : 0;
}
