/* audit.c: the append-only audit log: who did what to which object, before and after. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "request.h"

void
audit_actor_staff(const struct req *r, struct audit_actor *a)
{
	memset(a, 0, sizeof(*a));
	a->type = "staff";
	a->id = r->session.staff_id;
	a->name = r->session.email;
	a->addr = r->client_addr;
	a->store_id = r->session.store_id;
	a->approver_id = r->approval.approver_id;
	a->approver_name = r->approval.approver_name;
}

void
audit_actor_cli(int64_t store_id, struct audit_actor *a)
{
	memset(a, 0, sizeof(*a));
	a->type = "cli";
	a->name = "slatectl";
	a->addr = "";
	a->store_id = store_id;
}

/* Returns a new string of j's compact JSON with sorted keys, or NULL. */
static char *
audit_json(const json_t *j)
{
	return j == NULL ? NULL :
	    json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
}

int
audit_write(struct db *db, const struct audit_actor *a, const char *action,
    const char *object_type, const char *object_id, const json_t *before,
    const json_t *after)
{
	char	*b = audit_json(before), *f = audit_json(after);
	int	 rc;

	if ((before != NULL && b == NULL) || (after != NULL && f == NULL)) {
		free(b);
		free(f);
		return DB_ERR;
	}
	rc = db_exec(db, STMT_AUDIT_INSERT, DB_ARGS(
	    a->store_id > 0 ? DB_INT(a->store_id) : DB_NULL,
	    DB_STR(a->type),
	    a->id > 0 ? DB_INT(a->id) : DB_NULL,
	    DB_STR(a->name),
	    DB_STR(action), DB_STR(object_type), DB_STR(object_id),
	    b != NULL ? DB_STR(b) : DB_NULL,
	    f != NULL ? DB_STR(f) : DB_NULL,
	    DB_STR(a->addr),
	    a->approver_id > 0 ? DB_INT(a->approver_id) : DB_NULL,
	    a->approver_id > 0 ? DB_STR(a->approver_name) : DB_NULL),
	    NULL, NULL);
	free(b);
	free(f);
	return rc;
}
