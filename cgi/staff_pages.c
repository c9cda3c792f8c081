/* staff_pages.c: the store's staff (list, add, edit, disable, reset password, remove) and one's own manager code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "approval.h"
#include "audit.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "password.h"
#include "staff.h"
#include "store.h"
#include "text.h"
#include "throttle.h"
#include "view.h"

#define NO_SUCH_PAGE	"There is no such page."
#define NAME_MAX_CHARS	200

/* ------------------------------------------------------------ shared */

/* The notes shown after a change, chosen by the "done" query field. */
static const struct {
	const char	*key;
	const char	*text;
} staff_notices[] = {
	{ "created", "The staff member was added. They choose a new "
	    "password when they first sign in." },
	{ "added", "The staff member was added to this store. Their name "
	    "and password stay as they were." },
	{ "updated", "The changes were saved." },
	{ "disabled", "The staff member was disabled and signed out "
	    "everywhere." },
	{ "enabled", "The staff member was enabled and may sign in again." },
	{ "password", "The password was reset. They must choose a new one "
	    "when they next sign in; their sessions were ended." },
	{ "removed", "The staff member was removed from this store." },
	{ "set", "Your manager code was saved." },
	{ "unset", "Your manager code was removed." },
};

/* Puts the note named by the query's "done" field, if any, into Page.Notice. */
static int
view_notice(struct req *r)
{
	const char	*done = req_query(r, "done");
	size_t		 i;

	for (i = 0; i < sizeof(staff_notices) / sizeof(staff_notices[0]); i++)
		if (strcmp(done, staff_notices[i].key) == 0)
			return view_set(r, "Page.Notice", staff_notices[i].text);
	return 0;
}

/* Puts message beside form field in the page data. Returns 0 or -1. */
static int
form_error(struct req *r, const char *field, const char *message)
{
	char	 name[64];

	snprintf(name, sizeof(name), "Errors.%s", field);
	return view_set(r, name, message);
}

/* Counts one more bad field and puts its message beside it. Returns 0 or -1. */
static int
field_bad(struct req *r, int *bad, const char *field, const char *message)
{
	(*bad)++;
	return form_error(r, field, message);
}

/* Parses an id as written in a URL or a form: 1 to 18 digits. Returns it, or 0. */
static int64_t
id_parse(const char *s)
{
	size_t	 n = strlen(s);

	if (n == 0 || n > 18 || strspn(s, "0123456789") != n)
		return 0;
	return (int64_t)strtoll(s, NULL, 10);
}

/* Puts the user groups of the session's store into Groups, and the one chosen. */
static int
view_groups(struct req *r, const char *chosen)
{
	char	 name[48], gname[GROUP_NAME_BYTES];
	int64_t	 id;
	size_t	 n = 0;
	int	 rc;

	if (view_set(r, "Form.GroupId", chosen) == -1)
		return -1;
	/* Not inside the if: the columns must live while rows are fetched. */
	rc = db_query(r->db, STMT_STAFF_GROUP_LIST,
	    DB_ARGS(DB_INT(r->session.store_id)),
	    DB_COLS(COL_INT(&id), COL_STR(gname)));
	if (rc != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1) {
		snprintf(name, sizeof(name), "Groups.%zu.Id", n);
		if (view_set_int(r, name, id) == -1)
			break;
		snprintf(name, sizeof(name), "Groups.%zu.Name", n++);
		if (view_set(r, name, gname) == -1)
			break;
	}
	db_done(r->db);
	return rc == 0 ? 0 : -1;
}

/*
 * Finds the staff member named by the URL's first '*' among the
 * staff of the session's store. Returns 1 when found, 0 after
 * answering 404 (a malformed id, or someone not in this store), -1 on
 * a database failure.
 */
static int
staff_from_url(struct req *r, struct staff_member *m)
{
	int64_t	 id = id_parse(r->args[0] != NULL ? r->args[0] : "");
	int	 rc;

	if (id > 0 && (rc = staff_member_get(r->db, id, r->session.store_id,
	    0, m)) != 0)
		return rc < 0 ? -1 : 1;
	view_error(r, 404, NO_SUCH_PAGE);
	return 0;
}

/* Writes the audit entry of a change to staff member id. */
static int
staff_audit(struct db *db, const struct req *r, const char *action,
    int64_t id, const json_t *before, const json_t *after)
{
	struct audit_actor	 a;
	char			 object[24];

	audit_actor_staff(r, &a);
	snprintf(object, sizeof(object), "%lld", (long long)id);
	return audit_write(db, &a, action, "staff", object, before, after);
}

/* Writes the audit entry of a change from before to after (either may be NULL). */
static int
staff_audit_members(struct db *db, const struct req *r, const char *action,
    const struct staff_member *before, const struct staff_member *after)
{
	json_t	*b = NULL, *f = NULL;
	int	 rc = DB_ERR;

	if ((before == NULL || (b = staff_member_json(before)) != NULL) &&
	    (after == NULL || (f = staff_member_json(after)) != NULL))
		rc = staff_audit(db, r, action, after != NULL ? after->id :
		    before->id, b, f);
	json_decref(b);
	json_decref(f);
	return rc;
}

/* Answers 303 to the staff member's page, with the note done unless it is NULL. */
static int
redirect_to_staff(struct req *r, int64_t id, const char *done)
{
	char	 where[80];

	snprintf(where, sizeof(where), "/staff/%lld%s%s", (long long)id,
	    done != NULL ? "?done=" : "", done != NULL ? done : "");
	return http_redirect(r, where);
}

/* ------------------------------------------------------------ list */

/* Puts the staff of the session's store into Staff, sorted by name. */
static int
view_staff_list(struct req *r)
{
	char	 name[48], email[TEXT_BYTES(254)], sname[TEXT_BYTES(200)],
		 group[GROUP_NAME_BYTES];
	int64_t	 id, disabled, has_code;
	size_t	 n = 0;
	int	 rc;

	/* Not inside the if: the columns must live while rows are fetched. */
	rc = db_query(r->db, STMT_STAFF_LIST_BY_STORE,
	    DB_ARGS(DB_INT(r->session.store_id)),
	    DB_COLS(COL_INT(&id), COL_STR(email), COL_STR(sname),
	    COL_STR(group), COL_INT(&disabled), COL_INT(&has_code)));
	if (rc != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1) {
		snprintf(name, sizeof(name), "Staff.%zu.Id", n);
		if (view_set_int(r, name, id) == -1)
			break;
		snprintf(name, sizeof(name), "Staff.%zu.Email", n);
		if (view_set(r, name, email) == -1)
			break;
		snprintf(name, sizeof(name), "Staff.%zu.Name", n);
		if (view_set(r, name, sname) == -1)
			break;
		snprintf(name, sizeof(name), "Staff.%zu.Group", n);
		if (view_set(r, name, group) == -1)
			break;
		snprintf(name, sizeof(name), "Staff.%zu.Disabled", n);
		if (view_set(r, name, disabled ? "1" : "0") == -1)
			break;
		snprintf(name, sizeof(name), "Staff.%zu.ManagerCode", n++);
		if (view_set(r, name, has_code ? "1" : "0") == -1)
			break;
	}
	db_done(r->db);
	return rc == 0 ? 0 : -1;
}

/*
 * GET /staff: the staff of the current store with their group, status
 * and whether they have set a manager code, sorted by name. 200.
 */
int
handle_staff_list(struct req *r)
{
	if (view_set(r, "Page.Title", "Staff") == -1 ||
	    view_set(r, "Page.Nav", "/staff") == -1 ||
	    view_notice(r) == -1 || view_staff_list(r) == -1)
		return -1;
	return view_render(r, 200, "staff_list.cs");
}

/* ------------------------------------------------------------ adding */

/* Shows the form for adding a staff member, with what was typed. */
static int
staff_new_show(struct req *r, int status)
{
	if (view_set(r, "Page.Title", "Add a staff member") == -1 ||
	    view_set(r, "Page.Nav", "/staff") == -1 ||
	    view_set(r, "Form.Email", req_form(r, "email")) == -1 ||
	    view_set(r, "Form.Name", req_form(r, "name")) == -1 ||
	    view_groups(r, req_form(r, "group_id")) == -1 ||
	    approval_view(r, PERM_MANAGE_STAFF) == -1)
		return -1;
	return view_render(r, status, "staff_new.cs");
}

/* GET /staff/new: the form for adding a staff member to this store. 200. */
int
handle_staff_new(struct req *r)
{
	return staff_new_show(r, 200);
}

struct staff_add {
	const struct req	*r;
	char			 email[255];
	const char		*name;
	char			 hash[PASSWORD_HASH_MAX];
	int64_t			 group_id;
	int64_t			 id;		/* who is added; made when creating */
	int			 creating;	/* a new person, not a membership */
};

/* Creates the staff member or their membership, and its audit entry. */
static int
staff_add_store(struct db *db, void *arg)
{
	struct staff_add	*a = arg;
	struct staff_member	 after;
	int64_t			 store_id = a->r->session.store_id;
	int			 rc, found;

	if (a->creating)
		rc = staff_invite(db, a->email, a->name, a->hash, store_id,
		    a->group_id, &a->id);
	else
		rc = staff_membership_add(db, a->id, store_id, a->group_id);
	if (rc < 0)
		return rc;
	if ((found = staff_member_get(db, a->id, store_id, 0, &after)) <= 0)
		return found < 0 ? found : DB_ERR;
	return staff_audit_members(db, a->r, a->creating ? "staff.create" :
	    "staff.add_to_store", NULL, &after);
}

/*
 * Checks the add form into a (email, group, and for a new person name
 * and password) and puts a message beside each bad field. Returns the
 * number of bad fields, or -1 on failure.
 */
static int
staff_add_check(struct req *r, struct staff_add *a)
{
	struct staff		 st;
	struct staff_member	 m;
	const char		*problem, *password = req_form(r, "password");
	char			 group[GROUP_NAME_BYTES];
	int			 bad = 0, rc;

	snprintf(a->email, sizeof(a->email), "%s", req_form(r, "email"));
	text_lower_ascii(a->email);
	if ((problem = email_problem(req_form(r, "email"))) != NULL) {
		if (field_bad(r, &bad, "email", problem) == -1)
			return -1;
	} else if ((rc = staff_find_by_email(r->db, a->email, &st)) < 0)
		return -1;
	else if (rc == 1)
		a->id = st.id;
	if (a->id > 0) {
		if ((rc = staff_member_get(r->db, a->id, r->session.store_id,
		    0, &m)) < 0)
			return -1;
		if (rc == 1 && field_bad(r, &bad, "email",
		    "This person already works in this store.") == -1)
			return -1;
	} else {
		/* A new person, or a bad email that no one can have. */
		if ((problem = text_problem(a->name, NAME_MAX_CHARS, 1)) !=
		    NULL && field_bad(r, &bad, "name", problem) == -1)
			return -1;
		if ((problem = password_problem(password)) != NULL &&
		    field_bad(r, &bad, "password", problem) == -1)
			return -1;
	}
	a->group_id = id_parse(req_form(r, "group_id"));
	rc = a->group_id == 0 ? 0 : staff_group_get(r->db,
	    r->session.store_id, a->group_id, group);
	if (rc < 0)
		return -1;
	if (rc == 0 && field_bad(r, &bad, "group_id",
	    "Choose a user group.") == -1)
		return -1;
	return bad;
}

/*
 * POST /staff: adds a staff member to this store. A new email creates
 * them with the temporary password typed, which they must change at
 * their first sign-in; the email of someone who works in another
 * store makes them a member of this one with the group chosen (their
 * name and password stay; the ones typed are ignored). 303 to their
 * page on success; 422 the form with a message beside each bad field
 * (and nothing saved) for a bad email, name, password or group, for
 * someone already in this store, or a manager's code that did not
 * pass.
 */
int
handle_staff_create(struct req *r)
{
	struct staff_add	 a;
	int			 bad, rc;

	memset(&a, 0, sizeof(a));
	a.r = r;
	a.name = req_form(r, "name");
	if ((bad = staff_add_check(r, &a)) == -1)
		return -1;
	if (bad > 0 || approval_failed(r))
		return staff_new_show(r, 422);
	a.creating = a.id == 0;
	if (a.creating && password_hash(req_form(r, "password"),
	    PASSWORD_ITERATIONS, a.hash) == -1)
		return -1;
	rc = db_transaction(r->db, staff_add_store, &a);
	if (rc == DB_ERR_DUP) {
		/* Someone added the same person a moment ago. */
		if (form_error(r, "email", "This person was added meanwhile. "
		    "Look at the staff list, then try again if needed.") == -1)
			return -1;
		return staff_new_show(r, 422);
	}
	if (rc < 0)
		return -1;
	return redirect_to_staff(r, a.id, a.creating ? "created" : "added");
}

/* ------------------------------------------------------------ editing */

/* Puts which actions the staff member's page offers. */
static int
view_staff_actions(struct req *r, const struct staff_member *m)
{
	int	 self = m->id == r->session.staff_id;

	if (!self && view_set(r, m->disabled ? "Actions.Enable" :
	    "Actions.Disable", "1") == -1)
		return -1;
	if (!self && (view_set(r, "Actions.Password", "1") == -1 ||
	    view_set(r, "Actions.Remove", "1") == -1))
		return -1;
	return 0;
}

/* Puts the staff member's details into Staff. */
static int
view_staff_member(struct req *r, const struct staff_member *m)
{
	if (view_set_int(r, "Staff.Id", m->id) == -1 ||
	    view_set(r, "Staff.Email", m->email) == -1 ||
	    view_set(r, "Staff.Name", m->name) == -1 ||
	    view_set(r, "Staff.Group", m->group) == -1 ||
	    view_set(r, "Staff.Disabled", m->disabled ? "1" : "0") == -1 ||
	    view_set(r, "Staff.MustChange",
	    m->must_change_password ? "1" : "0") == -1 ||
	    view_set(r, "Staff.ManagerCode",
	    m->has_manager_code ? "1" : "0") == -1 ||
	    (m->id == r->session.staff_id &&
	    view_set(r, "Staff.Self", "1") == -1))
		return -1;
	return 0;
}

/*
 * Shows the staff member's page: the edit form (with what was typed
 * when status is not 200) and the actions. Returns 0 or -1.
 */
static int
staff_show(struct req *r, const struct staff_member *m, int status)
{
	char	 gid[24];

	snprintf(gid, sizeof(gid), "%lld", (long long)m->group_id);
	if (view_set(r, "Page.Title", m->name) == -1 ||
	    view_set(r, "Page.Nav", "/staff") == -1 ||
	    view_notice(r) == -1 ||
	    view_staff_member(r, m) == -1 ||
	    view_staff_actions(r, m) == -1 ||
	    view_set(r, "Form.Name", status == 200 ? m->name :
	    req_form(r, "name")) == -1 ||
	    view_groups(r, status == 200 ? gid : req_form(r, "group_id")) ==
	    -1 || approval_view(r, PERM_MANAGE_STAFF) == -1)
		return -1;
	return view_render(r, status, "staff_show.cs");
}

/*
 * GET /staff/ID: the staff member's page: details, the form to change
 * their name and group, and the actions. 200; 404 when they do not
 * work in this store.
 */
int
handle_staff_show(struct req *r)
{
	struct staff_member	 m;
	int			 rc;

	if ((rc = staff_from_url(r, &m)) <= 0)
		return rc;
	return staff_show(r, &m, 200);
}

/* Why a change to a staff member did not happen. */
enum staff_refusal {
	REFUSED_NOT,
	REFUSED_GONE,		/* they left the store meanwhile: 404 */
	REFUSED_LAST_ADMIN,	/* the store's only enabled Administrator */
	REFUSED_LAST_ADMIN_ELSEWHERE,
	REFUSED_BEYOND		/* they work where the actor may not manage staff */
};

struct staff_change {
	const struct req	*r;
	int64_t			 id;
	const char		*name;		/* update */
	int64_t			 group_id;	/* update */
	const char		*hash;		/* password reset */
	enum staff_refusal	 refused;
	int			 changed;
};

/*
 * Starts a change inside its transaction: locks the stores involved
 * (so the Administrator checks hold) and the member's rows, and reads
 * them into *before. Returns 1, 0 when they are gone, or < 0.
 */
static int
staff_change_begin(struct db *db, struct staff_change *c,
    struct staff_member *before)
{
	int	 rc;

	/* A transaction that is tried again starts from nothing. */
	c->refused = REFUSED_NOT;
	c->changed = 0;
	if ((rc = staff_lock_stores(db, c->id, c->r->session.store_id)) < 0)
		return rc;
	rc = staff_member_get(db, c->id, c->r->session.store_id, 1, before);
	if (rc == 0)
		c->refused = REFUSED_GONE;
	return rc;
}

/* Reads the member again after the change and writes its audit entry. */
static int
staff_change_end(struct db *db, struct staff_change *c, const char *action,
    const struct staff_member *before)
{
	struct staff_member	 after;
	int			 rc;

	c->changed = 1;
	if ((rc = staff_member_get(db, c->id, c->r->session.store_id, 0,
	    &after)) <= 0)
		return rc < 0 ? rc : DB_ERR;
	return staff_audit_members(db, c->r, action, before, &after);
}

/*
 * Sets c->refused when the member is the only enabled Administrator
 * of this store (or, with anywhere, of another store of theirs).
 */
static int
staff_change_check_admin(struct db *db, struct staff_change *c, int anywhere)
{
	int	 here, elsewhere, rc;

	if ((rc = staff_sole_admin(db, c->id, c->r->session.store_id, &here,
	    &elsewhere)) < 0)
		return rc;
	if (here)
		c->refused = REFUSED_LAST_ADMIN;
	else if (anywhere && elsewhere)
		c->refused = REFUSED_LAST_ADMIN_ELSEWHERE;
	return 0;
}

/*
 * Sets c->refused when the member also works in a store where the
 * acting staff member may not manage staff: their account is not
 * wholly this store's to change.
 */
static int
staff_change_check_reach(struct db *db, struct staff_change *c)
{
	int64_t	 beyond;
	int	 rc;

	if ((rc = staff_stores_beyond(db, c->id, c->r->session.store_id,
	    c->r->session.staff_id, &beyond)) < 0)
		return rc;
	if (beyond > 0)
		c->refused = REFUSED_BEYOND;
	return 0;
}

/* Changes name and group in one transaction, unless that demotes the last Administrator. */
static int
staff_update_store(struct db *db, void *arg)
{
	struct staff_change	*c = arg;
	struct staff_member	 before;
	int			 rc;

	if ((rc = staff_change_begin(db, c, &before)) <= 0)
		return rc;
	if (before.group_id != c->group_id &&
	    ((rc = staff_change_check_admin(db, c, 0)) < 0 ||
	    c->refused != REFUSED_NOT))
		return rc;
	if (strcmp(before.name, c->name) != 0 &&
	    ((rc = staff_change_check_reach(db, c)) < 0 ||
	    c->refused != REFUSED_NOT))
		return rc;
	if (strcmp(before.name, c->name) == 0 &&
	    before.group_id == c->group_id)
		return 0;
	if ((rc = staff_set_name(db, c->id, c->name)) < 0 ||
	    (rc = staff_membership_set_group(db, c->id,
	    c->r->session.store_id, c->group_id)) < 0)
		return rc;
	return staff_change_end(db, c, "staff.update", &before);
}

/* The message for a refused change that would leave a store without an Administrator. */
static const char *
refusal_message(enum staff_refusal why)
{
	if (why == REFUSED_BEYOND)
		return "This person also works in a store where you may not "
		    "manage staff. Their name, password and whether they may "
		    "sign in are changed by someone who manages staff in all "
		    "their stores. Nothing was changed.";
	if (why == REFUSED_LAST_ADMIN_ELSEWHERE)
		return "This person is the only enabled Administrator of "
		    "another store they work in. That store needs another "
		    "Administrator first. Nothing was changed.";
	return "This person is the only enabled Administrator of this "
	    "store. Make someone else an Administrator first. Nothing was "
	    "changed.";
}

/*
 * POST /staff/ID: changes the staff member's name and their user group
 * in this store. 303 to their page on success; 422 the page with a
 * message beside each bad field (nothing saved) for a bad name, a
 * group not of this store, a manager's code that did not pass, or
 * moving the store's only enabled Administrator to another group; 404
 * when they do not work in this store.
 */
int
handle_staff_update(struct req *r)
{
	struct staff_member	 m;
	struct staff_change	 c;
	const char		*problem;
	char			 group[GROUP_NAME_BYTES];
	int			 rc, bad = 0;

	if ((rc = staff_from_url(r, &m)) <= 0)
		return rc;
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.id = m.id;
	c.name = req_form(r, "name");
	c.group_id = id_parse(req_form(r, "group_id"));
	if ((problem = text_problem(c.name, NAME_MAX_CHARS, 1)) != NULL &&
	    field_bad(r, &bad, "name", problem) == -1)
		return -1;
	rc = c.group_id == 0 ? 0 : staff_group_get(r->db,
	    r->session.store_id, c.group_id, group);
	if (rc < 0)
		return -1;
	if (rc == 0 && field_bad(r, &bad, "group_id",
	    "Choose a user group.") == -1)
		return -1;
	if (bad > 0 || approval_failed(r))
		return staff_show(r, &m, 422);
	if ((rc = db_transaction(r->db, staff_update_store, &c)) < 0)
		return -1;
	if (c.refused == REFUSED_GONE) {
		view_error(r, 404, NO_SUCH_PAGE);
		return 0;
	}
	if (c.refused != REFUSED_NOT) {
		if (form_error(r, c.refused == REFUSED_BEYOND ? "name" :
		    "group_id", refusal_message(c.refused)) == -1)
			return -1;
		return staff_show(r, &m, 422);
	}
	return redirect_to_staff(r, m.id, c.changed ? "updated" : NULL);
}

/* ------------------------------------------------------------ actions */

enum staff_act { ACT_DISABLE, ACT_ENABLE, ACT_PASSWORD, ACT_REMOVE };

/* What each action's page says, where its form goes, what it audits. */
static const struct staff_act_info {
	const char	*path;		/* the last part of its URL */
	const char	*title;
	const char	*text;
	const char	*button;
	const char	*audit;
	const char	*done;
	const char	*self;		/* why one may not do it to oneself */
} staff_acts[] = {
	[ACT_DISABLE] = { "disable", "Disable staff member",
	    "They will no longer be able to sign in, in any store, and "
	    "every session they have open ends at once.",
	    "Disable", "staff.disable", "disabled",
	    "You cannot disable yourself. Ask another administrator." },
	[ACT_ENABLE] = { "enable", "Enable staff member",
	    "They will be able to sign in again with their password.",
	    "Enable", "staff.enable", "enabled",
	    "You cannot enable yourself." },
	[ACT_PASSWORD] = { "password", "Reset password",
	    "Type a temporary password and give it to them. They must "
	    "choose a new one when they next sign in; every session they "
	    "have open ends at once.",
	    "Reset password", "staff.password_reset", "password",
	    "Change your own password on your profile page." },
	[ACT_REMOVE] = { "remove", "Remove from this store",
	    "They will no longer work in this store and their sessions in "
	    "it end at once. Their account and their other stores stay.",
	    "Remove from this store", "staff.remove_from_store", "removed",
	    "You cannot remove yourself from the store. Ask another "
	    "administrator." },
};

/* Shows the action's page for the member, with error as its message. */
static int
staff_act_show(struct req *r, const struct staff_member *m,
    enum staff_act act, int status, const char *error)
{
	const struct staff_act_info	*a = &staff_acts[act];

	if (view_set(r, "Page.Title", a->title) == -1 ||
	    view_set(r, "Page.Nav", "/staff") == -1 ||
	    view_staff_member(r, m) == -1 ||
	    view_set(r, "Action.Path", a->path) == -1 ||
	    view_set(r, "Action.Title", a->title) == -1 ||
	    view_set(r, "Action.Text", a->text) == -1 ||
	    view_set(r, "Action.Button", a->button) == -1 ||
	    (act == ACT_PASSWORD && view_set(r, "Action.Password", "1") ==
	    -1) || (error != NULL && view_set(r, "Action.Error", error) ==
	    -1) || approval_view(r, PERM_MANAGE_STAFF) == -1)
		return -1;
	return view_render(r, status, "staff_action.cs");
}

/*
 * GET /staff/ID/<action>: the action's page and form (for oneself, why
 * it cannot be done, and no form). 200; 404 when they do not work in
 * this store.
 */
static int
staff_act_form(struct req *r, enum staff_act act)
{
	struct staff_member	 m;
	int			 rc, self;

	if ((rc = staff_from_url(r, &m)) <= 0)
		return rc;
	self = m.id == r->session.staff_id;
	if (self && view_set(r, "Action.Blocked", "1") == -1)
		return -1;
	return staff_act_show(r, &m, act, 200, self ? staff_acts[act].self :
	    NULL);
}

struct staff_act_change {
	struct staff_change	 c;
	enum staff_act		 act;
};

/* Applies one action to the member in its transaction, with its audit entry. */
static int
staff_act_store(struct db *db, void *arg)
{
	struct staff_act_change	*ac = arg;
	struct staff_change	*c = &ac->c;
	struct staff_member	 before;
	int64_t			 store_id = c->r->session.store_id;
	int			 rc;

	if ((rc = staff_change_begin(db, c, &before)) <= 0)
		return rc;
	if (ac->act != ACT_REMOVE &&
	    ((rc = staff_change_check_reach(db, c)) < 0 ||
	    c->refused != REFUSED_NOT))
		return rc;
	if ((ac->act == ACT_DISABLE && !before.disabled) ||
	    ac->act == ACT_REMOVE) {
		rc = staff_change_check_admin(db, c, ac->act == ACT_DISABLE);
		if (rc < 0 || c->refused != REFUSED_NOT)
			return rc;
	}
	switch (ac->act) {
	case ACT_DISABLE:
	case ACT_ENABLE:
		if (before.disabled == (ac->act == ACT_DISABLE))
			return 0;
		rc = staff_set_disabled(db, c->id, ac->act == ACT_DISABLE);
		break;
	case ACT_PASSWORD:
		if ((rc = staff_set_password(db, c->id, c->hash, 1)) == 0)
			rc = staff_end_sessions(db, c->id);
		break;
	case ACT_REMOVE:
		if ((rc = staff_membership_remove(db, c->id, store_id)) < 0)
			return rc;
		c->changed = 1;
		return staff_audit_members(db, c->r,
		    staff_acts[ac->act].audit, &before, NULL);
	}
	if (rc < 0)
		return rc;
	return staff_change_end(db, c, staff_acts[ac->act].audit, &before);
}

/*
 * POST /staff/ID/<action>: disables, enables, resets the password of
 * or removes the staff member, with its audit entry, in one
 * transaction. 303 to their page (to the list after a removal); 422
 * the action's page with the reason (nothing changed) for a bad
 * temporary password, a manager's code that did not pass, doing it to
 * oneself, or leaving a store without an enabled Administrator; 404
 * when they do not work in this store.
 */
static int
staff_act_post(struct req *r, enum staff_act act)
{
	struct staff_act_change	 ac;
	struct staff_member	 m;
	const char		*problem = NULL;
	char			 hash[PASSWORD_HASH_MAX];
	int			 rc;

	if ((rc = staff_from_url(r, &m)) <= 0)
		return rc;
	if (act == ACT_PASSWORD &&
	    (problem = password_problem(req_form(r, "password"))) != NULL &&
	    form_error(r, "password", problem) == -1)
		return -1;
	if (m.id == r->session.staff_id) {
		if (view_set(r, "Action.Blocked", "1") == -1)
			return -1;
		return staff_act_show(r, &m, act, 422, staff_acts[act].self);
	}
	if (problem != NULL || approval_failed(r))
		return staff_act_show(r, &m, act, 422, NULL);
	memset(&ac, 0, sizeof(ac));
	ac.act = act;
	ac.c.r = r;
	ac.c.id = m.id;
	if (act == ACT_PASSWORD) {
		if (password_hash(req_form(r, "password"), PASSWORD_ITERATIONS,
		    hash) == -1)
			return -1;
		ac.c.hash = hash;
	}
	if (db_transaction(r->db, staff_act_store, &ac) < 0)
		return -1;
	if (ac.c.refused == REFUSED_GONE) {
		view_error(r, 404, NO_SUCH_PAGE);
		return 0;
	}
	if (ac.c.refused != REFUSED_NOT)
		return staff_act_show(r, &m, act, 422,
		    refusal_message(ac.c.refused));
	if (act == ACT_REMOVE)
		return http_redirect(r, "/staff?done=removed");
	return redirect_to_staff(r, m.id, ac.c.changed ?
	    staff_acts[act].done : NULL);
}

/* GET /staff/ID/disable: asks to confirm disabling them. 200; 404 when not in this store. */
int
handle_staff_disable_form(struct req *r)
{
	return staff_act_form(r, ACT_DISABLE);
}

/*
 * POST /staff/ID/disable: disables them and ends all their sessions
 * at once. 303 to their page; 422 for oneself, the last enabled
 * Administrator of a store of theirs, or a code that did not pass;
 * 404 when not in this store.
 */
int
handle_staff_disable(struct req *r)
{
	return staff_act_post(r, ACT_DISABLE);
}

/* GET /staff/ID/enable: asks to confirm enabling them. 200; 404 when not in this store. */
int
handle_staff_enable_form(struct req *r)
{
	return staff_act_form(r, ACT_ENABLE);
}

/*
 * POST /staff/ID/enable: lets them sign in again. 303 to their page;
 * 422 for oneself or a code that did not pass; 404 when not in this
 * store.
 */
int
handle_staff_enable(struct req *r)
{
	return staff_act_post(r, ACT_ENABLE);
}

/* GET /staff/ID/password: the form for a temporary password. 200; 404 when not in this store. */
int
handle_staff_password_form(struct req *r)
{
	return staff_act_form(r, ACT_PASSWORD);
}

/*
 * POST /staff/ID/password: sets the temporary password typed, which
 * they must change at their next sign-in, and ends their sessions. 303
 * to their page; 422 for a password that breaks the rules, oneself, or
 * a code that did not pass; 404 when not in this store.
 */
int
handle_staff_password_reset(struct req *r)
{
	return staff_act_post(r, ACT_PASSWORD);
}

/* GET /staff/ID/remove: asks to confirm removing them from this store. 200; 404 when not in this store. */
int
handle_staff_remove_form(struct req *r)
{
	return staff_act_form(r, ACT_REMOVE);
}

/*
 * POST /staff/ID/remove: ends their membership of this store and their
 * sessions in it; their account stays. 303 to the staff list; 422 for
 * oneself, the store's last enabled Administrator, or a code that did
 * not pass; 404 when not in this store.
 */
int
handle_staff_remove(struct req *r)
{
	return staff_act_post(r, ACT_REMOVE);
}

/* ------------------------------------------------------------ manager code */

/* Shows the manager code form. Returns 0 or -1. */
static int
manager_code_show(struct req *r, int status)
{
	struct staff_member	 me;
	int			 rc;

	rc = staff_member_get(r->db, r->session.staff_id, r->session.store_id,
	    0, &me);
	if (rc <= 0)
		return -1;
	if (view_set(r, "Page.Title", "Manager code") == -1 ||
	    view_set(r, "Page.Nav", "/profile/manager-code") == -1 ||
	    view_notice(r) == -1 ||
	    (me.has_manager_code && view_set(r, "Form.HasCode", "1") == -1))
		return -1;
	return view_render(r, status, "manager_code.cs");
}

/*
 * GET /profile/manager-code: whether one has a manager code, and the
 * form to set, change or remove it. 200.
 */
int
handle_manager_code_form(struct req *r)
{
	return manager_code_show(r, 200);
}

struct code_change {
	const struct req	*r;
	const char		*current;
	const char		*hash;	/* the new code's; NULL: remove */
	long			 wait;	/* > 0: throttled */
	int			 current_ok;
	int			 changed;
};

/*
 * Checks the current password under the sign-in throttle (a wrong one
 * counts as a failed sign-in, and that is kept), then stores or
 * removes the code with its audit entry.
 */
static int
manager_code_store(struct db *db, void *arg)
{
	struct code_change	*c = arg;
	const struct session	*s = &c->r->session;
	struct throttle		 t;
	struct staff		 st;
	struct staff_member	 me;
	json_t			*before, *after;
	int			 rc, rehash;

	c->current_ok = c->changed = 0;
	if ((rc = throttle_check_sign_in(db, s->email, c->r->client_addr,
	    &t)) < 0)
		return rc;
	if ((c->wait = t.wait) > 0)
		return 0;
	if ((rc = staff_find_by_email(db, s->email, &st)) <= 0)
		return rc < 0 ? rc : DB_ERR;
	c->current_ok = st.id == s->staff_id && password_verify(c->current,
	    st.password_hash, PASSWORD_ITERATIONS, &rehash);
	if (!c->current_ok)
		return throttle_fail(db, &t);
	if ((rc = throttle_clear(db, &t)) < 0)
		return rc;
	if ((rc = staff_member_get(db, s->staff_id, s->store_id, 1, &me)) <= 0)
		return rc < 0 ? rc : DB_ERR;
	if (c->hash == NULL && !me.has_manager_code)
		return 0;
	if ((rc = staff_set_manager_code(db, s->staff_id, c->hash)) < 0)
		return rc;
	c->changed = 1;
	before = json_pack("{s:b}", "manager_code_set", me.has_manager_code);
	after = json_pack("{s:b}", "manager_code_set", c->hash != NULL);
	rc = before == NULL || after == NULL ? DB_ERR : staff_audit(db, c->r,
	    c->hash != NULL ? "staff.manager_code_set" :
	    "staff.manager_code_removed", s->staff_id, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

/*
 * Checks the form: the current password, and unless removing, a new
 * code of 4 to 8 digits typed twice alike. Returns the number of bad
 * fields, or -1.
 */
static int
manager_code_check(struct req *r, int removing)
{
	const char	*code = req_form(r, "manager_code"), *problem;
	int		 bad = 0;

	if (*req_form(r, "current_password") == '\0' &&
	    field_bad(r, &bad, "current_password",
	    "Enter your current password.") == -1)
		return -1;
	if (removing)
		return bad;
	if ((problem = manager_code_problem(code)) != NULL) {
		if (field_bad(r, &bad, "manager_code", problem) == -1)
			return -1;
	} else if (strcmp(code, req_form(r, "confirm_code")) != 0 &&
	    field_bad(r, &bad, "confirm_code",
	    "The two codes are not the same.") == -1)
		return -1;
	return bad;
}

/*
 * POST /profile/manager-code: sets or changes one's own manager code
 * (4 to 8 digits, typed twice, stored hashed), or removes it when the
 * "remove" button was pressed; the current password is asked for and
 * throttled like signing in. 303 to the form with a note on success;
 * 422 the form with a message beside each bad field (nothing changed).
 */
int
handle_manager_code_change(struct req *r)
{
	struct code_change	 c;
	char			 hash[PASSWORD_HASH_MAX], msg[96];
	int			 bad, removing;

	removing = strcmp(req_form(r, "do"), "remove") == 0;
	if ((bad = manager_code_check(r, removing)) == -1)
		return -1;
	if (bad > 0)
		return manager_code_show(r, 422);
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.current = req_form(r, "current_password");
	if (!removing) {
		if (password_hash(req_form(r, "manager_code"),
		    PASSWORD_ITERATIONS, hash) == -1)
			return -1;
		c.hash = hash;
	}
	if (db_transaction(r->db, manager_code_store, &c) < 0)
		return -1;
	if (c.wait > 0) {
		snprintf(msg, sizeof(msg), "Too many wrong passwords. Wait "
		    "%ld seconds, then try again.", c.wait);
		if (form_error(r, "current_password", msg) == -1)
			return -1;
		return manager_code_show(r, 422);
	}
	if (!c.current_ok) {
		if (form_error(r, "current_password",
		    "The current password is not right.") == -1)
			return -1;
		return manager_code_show(r, 422);
	}
	return http_redirect(r, removing ? "/profile/manager-code?done=unset" :
	    "/profile/manager-code?done=set");
}
