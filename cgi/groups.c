/* groups.c: the store's user groups and the permission level each one grants. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "approval.h"
#include "audit.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "perm.h"
#include "store.h"
#include "text.h"
#include "view.h"

#define GROUP_ID_DIGITS		18	/* fits an int64_t */

#define MSG_NOT_FOUND	"There is no such page."
#define MSG_FIXED	"The Administrator group always has every " \
	"permission: it cannot be renamed, changed or deleted."
#define MSG_NAME_TAKEN	"This store already has a group with that name."
#define MSG_LEVELS	"Choose None, Allowed or Manager code required for " \
	"every permission (seeing the audit log or reports takes no code)."

/* A user group as stored. */
struct group {
	int64_t		 id;
	char		 name[GROUP_NAME_BYTES];
	enum level	 levels[PERM__MAX];
	int64_t		 members;	/* staff of the store in it */
};

/* What the group form sent, checked. */
struct group_input {
	const char	*shown_name;	/* as typed, to show again */
	char		 name[GROUP_NAME_BYTES]; /* trimmed, to store */
	const char	*choice[PERM__MAX];	/* as sent; "" when missing */
	enum level	 levels[PERM__MAX];
	int		 bad[PERM__MAX];	/* no valid level was chosen */
	const char	*name_problem;
	int		 levels_problem;
};

/* What a change transaction needs and what it found. */
struct group_change {
	const struct req	*r;
	const struct group_input *in;	/* create, update */
	int64_t			 id;	/* the group; set by create */
	int			 found;	/* update, delete: it was there */
	int			 changed; /* update: something differed */
	int64_t			 members; /* delete: staff still in it */
};

/* The Administrator group (the first seeded one) always grants everything. */
static int
group_fixed(const char *name)
{
	return strcmp(name, store_seed_groups[0]) == 0;
}

/* Reads a group id from the URL: digits only, no leading zero. Returns 1 or 0. */
static int
group_id_parse(const char *s, int64_t *id)
{
	size_t	 n = strlen(s);

	if (n == 0 || n > GROUP_ID_DIGITS || s[0] == '0' ||
	    strspn(s, "0123456789") != n)
		return 0;
	*id = strtoll(s, NULL, 10);
	return 1;
}

/* Reads a group's levels; a permission without a row is None. Returns 0 or < 0. */
static int
group_levels_read(struct db *db, int64_t id, enum level levels[PERM__MAX])
{
	char		 key[41];
	int64_t		 level;
	struct db_col	 cols[] = { COL_STR(key), COL_INT(&level) };
	enum perm	 p;
	int		 rc;

	/* cols outlives the query: db_fetch writes through it. */
	for (p = 0; p < PERM__MAX; p++)
		levels[p] = LEVEL_NONE;
	if ((rc = db_query(db, STMT_GROUP_PERMISSIONS_GET,
	    DB_ARGS(DB_INT(id)), cols, sizeof(cols) / sizeof(cols[0]))) != DB_OK)
		return rc;
	while ((rc = db_fetch(db)) == 1)
		if ((p = perm_by_key(key)) != PERM__MAX &&
		    level >= LEVEL_NONE && level <= LEVEL_MANAGER_CODE)
			levels[p] = (enum level)level;
	db_done(db);
	return rc < 0 ? rc : 0;
}

/*
 * Reads group id of store_id into g, its row locked when lock is set
 * (inside a transaction). Returns 1, 0 when the store has no such
 * group, or a negative enum db_result.
 */
static int
group_read(struct db *db, int64_t store_id, int64_t id, int lock,
    struct group *g)
{
	int	 rc;

	memset(g, 0, sizeof(*g));
	rc = db_get(db, lock ? STMT_GROUP_GET_FOR_UPDATE : STMT_GROUP_GET,
	    DB_ARGS(DB_INT(id), DB_INT(store_id)),
	    DB_COLS(COL_INT(&g->id), COL_STR(g->name)));
	if (rc <= 0)
		return rc;
	if ((rc = group_levels_read(db, id, g->levels)) < 0)
		return rc;
	rc = db_get(db, lock ? STMT_GROUP_MEMBER_COUNT_FOR_UPDATE :
	    STMT_GROUP_MEMBER_COUNT, DB_ARGS(DB_INT(id), DB_INT(store_id)),
	    DB_COLS(COL_INT(&g->members)));
	return rc < 0 ? rc : 1;
}

/*
 * Finds the group named in the URL in the session's store. Returns 1,
 * 0 after answering 404 (not a number, or not a group of this store),
 * or -1 on failure.
 */
static int
group_from_url(struct req *r, struct group *g)
{
	int64_t	 id;
	int	 rc;

	if (!group_id_parse(r->args[0], &id)) {
		view_error(r, 404, MSG_NOT_FOUND);
		return 0;
	}
	if ((rc = group_read(r->db, r->session.store_id, id, 0, g)) < 0)
		return -1;
	if (rc == 0)
		view_error(r, 404, MSG_NOT_FOUND);
	return rc;
}

/* Returns a new {"name": ..., "permissions": {key: level, ...}}, or NULL. */
static json_t *
group_json(const char *name, const enum level levels[PERM__MAX])
{
	json_t		*j, *perms;
	enum perm	 p;

	if ((j = json_object()) == NULL)
		return NULL;
	if ((perms = json_object()) == NULL ||
	    json_object_set_new(j, "permissions", perms) == -1 ||
	    json_object_set_new(j, "name", json_string(name)) == -1) {
		json_decref(j);
		return NULL;
	}
	for (p = 0; p < PERM__MAX; p++)
		if (json_object_set_new(perms, perm_table[p].key,
		    json_string(level_key(levels[p]))) == -1) {
			json_decref(j);
			return NULL;
		}
	return j;
}

/* Writes the audit entry of a change to group id. Returns 0 or < 0. */
static int
group_audit(struct db *db, const struct req *r, const char *action,
    int64_t id, json_t *before, json_t *after)
{
	struct audit_actor	 a;
	char			 oid[24];

	snprintf(oid, sizeof(oid), "%lld", (long long)id);
	audit_actor_staff(r, &a);
	return audit_write(db, &a, action, "group", oid, before, after);
}

/* Stores every level of group id. Returns 0 or < 0. */
static int
group_levels_write(struct db *db, int64_t id, const enum level levels[PERM__MAX])
{
	enum perm	 p;
	int		 rc = DB_OK;

	for (p = 0; rc == DB_OK && p < PERM__MAX; p++)
		rc = db_exec(db, STMT_GROUP_PERMISSION_PUT, DB_ARGS(DB_INT(id),
		    DB_STR(perm_table[p].key), DB_INT(levels[p])), NULL, NULL);
	return rc;
}

/* ------------------------------------------------------------ pages */

/* Puts the three levels, for the matrix's columns. */
static int
group_view_levels(struct req *r)
{
	char		 name[32];
	enum level	 l;

	for (l = LEVEL_NONE; l <= LEVEL_MANAGER_CODE; l++) {
		snprintf(name, sizeof(name), "Levels.%d.Key", (int)l);
		if (view_set(r, name, level_key(l)) == -1)
			return -1;
		snprintf(name, sizeof(name), "Levels.%d.Label", (int)l);
		if (view_set(r, name, level_label(l)) == -1)
			return -1;
	}
	return 0;
}

/* Puts one row per permission: its choice, and whether it is bad. */
static int
group_view_matrix(struct req *r, const struct group_input *in)
{
	char		 name[32];
	enum perm	 p;
	int		 l;

	for (p = 0; p < PERM__MAX; p++) {
		snprintf(name, sizeof(name), "Perms.%d.Key", (int)p);
		if (view_set(r, name, perm_table[p].key) == -1)
			return -1;
		snprintf(name, sizeof(name), "Perms.%d.Label", (int)p);
		if (view_set(r, name, perm_table[p].label) == -1)
			return -1;
		snprintf(name, sizeof(name), "Perms.%d.Choice", (int)p);
		l = level_by_key(in->choice[p]);
		if (view_set(r, name, l == -1 ? "" : level_key(l)) == -1)
			return -1;
		snprintf(name, sizeof(name), "Perms.%d.LevelLabel", (int)p);
		if (view_set(r, name, level_label(in->levels[p])) == -1)
			return -1;
		snprintf(name, sizeof(name), "Perms.%d.ViewOnly", (int)p);
		if (perm_table[p].view_only && view_set(r, name, "1") == -1)
			return -1;
		snprintf(name, sizeof(name), "Perms.%d.Bad", (int)p);
		if (in->bad[p] && view_set(r, name, "1") == -1)
			return -1;
	}
	return group_view_levels(r);
}

/* Puts how many staff members of the store are in the group, in words. */
static int
group_view_members(struct req *r, int64_t members)
{
	char	 text[96];

	if (members == 0)
		snprintf(text, sizeof(text), "No staff member of this store "
		    "is in this group.");
	else
		snprintf(text, sizeof(text), "%lld staff member%s of this "
		    "store %s in this group.", (long long)members,
		    members == 1 ? "" : "s", members == 1 ? "is" : "are");
	return view_set(r, "Group.Members", text);
}

/*
 * Renders the group form (g NULL: a new group) with in's name and
 * choices and its problems, or for the Administrator group the
 * read-only page. Returns 0 or -1.
 */
static int
group_form_show(struct req *r, int status, const struct group *g,
    const struct group_input *in)
{
	char	 action[48];

	if (g != NULL)
		snprintf(action, sizeof(action), "/groups/%lld",
		    (long long)g->id);
	else
		snprintf(action, sizeof(action), "/groups");
	if (view_set(r, "Page.Title", g != NULL ? g->name :
	    "New user group") == -1 ||
	    view_set(r, "Page.Nav", "/groups") == -1 ||
	    view_set(r, "Form.Action", action) == -1 ||
	    view_set(r, "Group.Name", in->shown_name) == -1 ||
	    group_view_matrix(r, in) == -1 ||
	    approval_view(r, PERM_MANAGE_GROUPS) == -1)
		return -1;
	if (g != NULL && (view_set_int(r, "Group.Id", g->id) == -1 ||
	    group_view_members(r, g->members) == -1 ||
	    (group_fixed(g->name) && view_set(r, "Group.Fixed", "1") == -1)))
		return -1;
	if ((in->name_problem != NULL &&
	    view_set(r, "Errors.name", in->name_problem) == -1) ||
	    (in->levels_problem &&
	    view_set(r, "Errors.permissions", MSG_LEVELS) == -1))
		return -1;
	return view_render(r, status, "group_form.cs");
}

/* Fills in with group g as stored, for showing it. */
static void
group_input_from(struct group_input *in, const struct group *g)
{
	enum perm	 p;

	memset(in, 0, sizeof(*in));
	in->shown_name = g->name;
	for (p = 0; p < PERM__MAX; p++) {
		in->levels[p] = g->levels[p];
		in->choice[p] = level_key(g->levels[p]);
	}
}

/* Shows group g as stored with a message (in errors_name) and status. */
static int
group_show_stored(struct req *r, int status, const struct group *g,
    const char *errors_name, const char *message)
{
	struct group_input	 in;

	group_input_from(&in, g);
	if (errors_name != NULL && view_set(r, errors_name, message) == -1)
		return -1;
	return group_form_show(r, status, g, &in);
}

/* Copies the name without surrounding blanks into in->name and checks it. */
static void
group_input_name(struct group_input *in, const char *s)
{
	size_t	 n;

	in->shown_name = s;
	s += strspn(s, " \t");
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= sizeof(in->name)) {
		in->name_problem = "This is too long.";
		return;
	}
	memcpy(in->name, s, n);
	in->name[n] = '\0';
	in->name_problem = text_problem(in->name, GROUP_NAME_MAX, 1);
}

/* Reads and checks the group form. Returns 1 when all of it is fine. */
static int
group_input_read(const struct req *r, struct group_input *in)
{
	char		 field[64];
	enum perm	 p;
	int		 l;

	memset(in, 0, sizeof(*in));
	group_input_name(in, req_form(r, "name"));
	for (p = 0; p < PERM__MAX; p++) {
		snprintf(field, sizeof(field), "perm_%s", perm_table[p].key);
		in->choice[p] = req_form(r, field);
		l = level_by_key(in->choice[p]);
		/* A page that only shows has no form to take a code. */
		if (l == -1 ||
		    (l == LEVEL_MANAGER_CODE && perm_table[p].view_only)) {
			in->bad[p] = 1;
			in->levels_problem = 1;
		} else
			in->levels[p] = (enum level)l;
	}
	return in->name_problem == NULL && !in->levels_problem;
}

/*
 * GET /groups: the store's user groups with their members in this
 * store and how many permissions each allows, with and without a
 * manager's code. 200.
 */
int
handle_group_list(struct req *r)
{
	char		 name[GROUP_NAME_BYTES], field[40], summary[64];
	int64_t		 id, members, allowed, code;
	struct db_col	 cols[] = { COL_INT(&id), COL_STR(name),
	    COL_INT(&members), COL_INT(&allowed), COL_INT(&code) };
	size_t		 n = 0;
	int		 rc;

	if (db_query(r->db, STMT_GROUP_LIST_BY_STORE,
	    DB_ARGS(DB_INT(r->session.store_id)), cols,
	    sizeof(cols) / sizeof(cols[0])) != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1) {
		snprintf(summary, sizeof(summary), "%lld allowed, %lld with "
		    "manager code", (long long)allowed, (long long)code);
		snprintf(field, sizeof(field), "Groups.%zu.Id", n);
		if (view_set_int(r, field, id) == -1)
			break;
		snprintf(field, sizeof(field), "Groups.%zu.Name", n);
		if (view_set(r, field, name) == -1)
			break;
		snprintf(field, sizeof(field), "Groups.%zu.Members", n);
		if (view_set_int(r, field, members) == -1)
			break;
		snprintf(field, sizeof(field), "Groups.%zu.Summary", n);
		if (view_set(r, field, summary) == -1)
			break;
		snprintf(field, sizeof(field), "Groups.%zu.Fixed", n++);
		if (group_fixed(name) && view_set(r, field, "1") == -1)
			break;
	}
	db_done(r->db);
	if (rc != 0)
		return -1;
	if ((strcmp(req_query(r, "deleted"), "1") == 0 &&
	    view_set(r, "Form.Deleted", "1") == -1) ||
	    view_set(r, "Page.Title", "User groups") == -1 ||
	    view_set(r, "Page.Nav", "/groups") == -1)
		return -1;
	return view_render(r, 200, "group_list.cs");
}

/* GET /groups/new: the form for a new group, every permission at None. 200. */
int
handle_group_new(struct req *r)
{
	struct group_input	 in;
	enum perm		 p;

	memset(&in, 0, sizeof(in));
	in.shown_name = "";
	for (p = 0; p < PERM__MAX; p++)
		in.choice[p] = level_key(LEVEL_NONE);
	return group_form_show(r, 200, NULL, &in);
}

/* Inserts the group, its levels and the audit entry. */
static int
group_create_tx(struct db *db, void *arg)
{
	struct group_change	*c = arg;
	json_t			*after;
	int			 rc;

	if ((rc = db_exec(db, STMT_GROUP_INSERT, DB_ARGS(
	    DB_INT(c->r->session.store_id), DB_STR(c->in->name)), NULL,
	    &c->id)) < 0 ||
	    (rc = group_levels_write(db, c->id, c->in->levels)) < 0)
		return rc;
	if ((after = group_json(c->in->name, c->in->levels)) == NULL)
		return DB_ERR;
	rc = group_audit(db, c->r, "group.create", c->id, NULL, after);
	json_decref(after);
	return rc;
}

/* Answers 303 to the group's page with the saved notice. Returns 0 or -1. */
static int
group_saved(struct req *r, int64_t id)
{
	char	 where[64];

	snprintf(where, sizeof(where), "/groups/%lld?saved=1", (long long)id);
	return http_redirect(r, where);
}

/*
 * POST /groups: creates a group with a name and a level for every
 * permission. 303 to /groups/<id>?saved=1 on success; 422 the form
 * with the person's input and a message beside the name (empty, too
 * long, taken in this store) or at the matrix (a permission without a
 * valid level), or beside the manager code; nothing is saved then.
 */
int
handle_group_create(struct req *r)
{
	struct group_input	 in;
	struct group_change	 c;
	int			 rc;

	if (!group_input_read(r, &in) || approval_failed(r))
		return group_form_show(r, 422, NULL, &in);
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.in = &in;
	if ((rc = db_transaction(r->db, group_create_tx, &c)) == DB_ERR_DUP) {
		in.name_problem = MSG_NAME_TAKEN;
		return group_form_show(r, 422, NULL, &in);
	}
	if (rc < 0)
		return -1;
	return group_saved(r, c.id);
}

/*
 * GET /groups/<id>: the group's name and permission matrix as a form,
 * or the Administrator group read-only. 200; 404 when the id is not a
 * number or not a group of this store.
 */
int
handle_group_show(struct req *r)
{
	struct group	 g;
	int		 rc;

	if ((rc = group_from_url(r, &g)) <= 0)
		return rc;
	if (strcmp(req_query(r, "saved"), "1") == 0 &&
	    view_set(r, "Form.Saved", "1") == -1)
		return -1;
	return group_show_stored(r, 200, &g, NULL, NULL);
}

/* True when the input differs from the group as stored. */
static int
group_input_differs(const struct group_input *in, const struct group *g)
{
	return strcmp(in->name, g->name) != 0 ||
	    memcmp(in->levels, g->levels, sizeof(g->levels)) != 0;
}

/* Stores a new name and levels, with the audit entry, when they differ. */
static int
group_update_tx(struct db *db, void *arg)
{
	struct group_change	*c = arg;
	struct group		 g;
	json_t			*before, *after;
	int			 rc;

	c->changed = 0;
	if ((rc = c->found = group_read(db, c->r->session.store_id, c->id, 1,
	    &g)) <= 0)
		return rc;
	if (group_fixed(g.name) || !group_input_differs(c->in, &g))
		return 0;
	c->changed = 1;
	if ((rc = db_exec(db, STMT_GROUP_RENAME, DB_ARGS(DB_STR(c->in->name),
	    DB_INT(c->id), DB_INT(c->r->session.store_id)), NULL, NULL)) < 0 ||
	    (rc = group_levels_write(db, c->id, c->in->levels)) < 0)
		return rc;
	before = group_json(g.name, g.levels);
	after = group_json(c->in->name, c->in->levels);
	rc = before == NULL || after == NULL ? DB_ERR :
	    group_audit(db, c->r, "group.update", c->id, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

/*
 * POST /groups/<id>: saves the group's name and levels, with one audit
 * entry when something changed (none for a save that changes nothing).
 * 303 to /groups/<id>?saved=1; 422 the form with the person's input and
 * the messages (as for creating), or the Administrator group's page with
 * a message, nothing saved; 404 when the id is not a number or not a
 * group of this store.
 */
int
handle_group_update(struct req *r)
{
	struct group		 g;
	struct group_input	 in;
	struct group_change	 c;
	int			 rc;

	if ((rc = group_from_url(r, &g)) <= 0)
		return rc;
	if (group_fixed(g.name))
		return group_show_stored(r, 422, &g, "Errors.fixed", MSG_FIXED);
	if (!group_input_read(r, &in) || approval_failed(r))
		return group_form_show(r, 422, &g, &in);
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.in = &in;
	c.id = g.id;
	if ((rc = db_transaction(r->db, group_update_tx, &c)) == DB_ERR_DUP) {
		in.name_problem = MSG_NAME_TAKEN;
		return group_form_show(r, 422, &g, &in);
	}
	if (rc < 0)
		return -1;
	if (!c.found) {
		view_error(r, 404, MSG_NOT_FOUND);
		return 0;
	}
	return group_saved(r, g.id);
}

/* Deletes an empty group and its levels, with the audit entry. */
static int
group_delete_tx(struct db *db, void *arg)
{
	struct group_change	*c = arg;
	struct group		 g;
	json_t			*before;
	int			 rc;

	c->members = 0;
	if ((rc = c->found = group_read(db, c->r->session.store_id, c->id, 1,
	    &g)) <= 0)
		return rc;
	if (group_fixed(g.name) || (c->members = g.members) > 0)
		return 0;
	if ((rc = db_exec(db, STMT_GROUP_PERMISSIONS_DELETE,
	    DB_ARGS(DB_INT(c->id)), NULL, NULL)) < 0 ||
	    (rc = db_exec(db, STMT_GROUP_DELETE, DB_ARGS(DB_INT(c->id),
	    DB_INT(c->r->session.store_id)), NULL, NULL)) < 0)
		return rc;
	if ((before = group_json(g.name, g.levels)) == NULL)
		return DB_ERR;
	rc = group_audit(db, c->r, "group.delete", c->id, before, NULL);
	json_decref(before);
	return rc;
}

/* Shows the group's page refusing to delete it: members still in it. */
static int
group_delete_refuse(struct req *r, const struct group *g)
{
	char	 msg[128];

	snprintf(msg, sizeof(msg), "%lld staff member%s in this group; "
	    "move them to another group first.", (long long)g->members,
	    g->members == 1 ? " is" : "s are");
	return group_show_stored(r, 422, g, "Errors.delete", msg);
}

/*
 * POST /groups/<id>/delete: deletes a group no staff member of the
 * store is in, with its audit entry. 303 to /groups?deleted=1; 422 the
 * group's page with a message when staff members are in it, when it is
 * the Administrator group, or when the manager's code did not pass,
 * nothing changed; 404 when the id is not a number or not a group of
 * this store.
 */
int
handle_group_delete(struct req *r)
{
	struct group		 g;
	struct group_change	 c;
	int			 rc;

	if ((rc = group_from_url(r, &g)) <= 0)
		return rc;
	if (group_fixed(g.name))
		return group_show_stored(r, 422, &g, "Errors.fixed", MSG_FIXED);
	if (approval_failed(r))
		return group_show_stored(r, 422, &g, NULL, NULL);
	if (g.members > 0)
		return group_delete_refuse(r, &g);
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.id = g.id;
	if (db_transaction(r->db, group_delete_tx, &c) < 0)
		return -1;
	if (!c.found) {
		view_error(r, 404, MSG_NOT_FOUND);
		return 0;
	}
	if (c.members > 0) {
		g.members = c.members;
		return group_delete_refuse(r, &g);
	}
	return http_redirect(r, "/groups?deleted=1");
}
