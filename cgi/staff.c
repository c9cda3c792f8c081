/* staff.c: staff members: lookup by email, creation, passwords. */
#include <string.h>

#include "db.h"
#include "staff.h"

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

int
staff_create(struct db *db, const char *email, const char *name,
    const char *password_hash, int64_t store_id, int64_t group_id,
    int64_t *id)
{
	int	 rc;

	rc = db_exec(db, STMT_STAFF_INSERT, DB_ARGS(DB_STR(email),
	    DB_STR(name), DB_STR(password_hash), DB_INT(0)), NULL, id);
	if (rc < 0)
		return rc;
	return db_exec(db, STMT_MEMBERSHIP_INSERT, DB_ARGS(DB_INT(*id),
	    DB_INT(store_id), DB_INT(group_id)), NULL, NULL);
}

int
staff_set_password(struct db *db, int64_t id, const char *hash,
    int must_change)
{
	return db_exec(db, STMT_STAFF_SET_PASSWORD, DB_ARGS(DB_STR(hash),
	    DB_INT(must_change ? 1 : 0), DB_INT(id)), NULL, NULL);
}
