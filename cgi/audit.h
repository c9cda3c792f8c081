/* audit.h: the append-only audit log: who did what to which object, before and after. */
#ifndef SLATE_AUDIT_H
#define SLATE_AUDIT_H

#include <stdint.h>

#include <jansson.h>

struct db;
struct req;

/* Who acts: a signed-in staff member, a lane, or the command line. */
struct audit_actor {
	const char	*type;		/* "staff", "lane" or "cli" */
	int64_t		 id;		/* 0 when there is none (cli) */
	const char	*name;
	const char	*addr;		/* client address, or "" */
	int64_t		 store_id;	/* 0 for actions on no store */
	int64_t		 approver_id;	/* 0 when no manager approved */
	const char	*approver_name;
};

/* Fills a from the request's session and approval (a staff member). */
void	audit_actor_staff(const struct req *r, struct audit_actor *a);

/* Fills a for the command line acting on store_id (0 for none). */
void	audit_actor_cli(int64_t store_id, struct audit_actor *a);

/*
 * Appends one entry inside the caller's open transaction, so it commits
 * or rolls back with the change it describes. before and after are
 * JSON objects (or NULL: nothing before a creation, nothing after a
 * removal); they are stored with sorted keys and not freed. Returns 0
 * or a negative enum db_result.
 */
int	audit_write(struct db *db, const struct audit_actor *a,
	    const char *action, const char *object_type, const char *object_id,
	    const json_t *before, const json_t *after);

#endif
