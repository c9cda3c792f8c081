/* lanes.c: the store's POS lanes in the portal: the list with where each stands in the feed, registering one (its token shown once), revoking one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "approval.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "lane.h"
#include "log.h"
#include "page.h"
#include "text.h"
#include "timez.h"
#include "view.h"

#define LANES_MAX	500	/* lanes a store's list shows at most */

/* One lane as the list reads it. */
struct lane_row {
	int64_t	 id, created, revoked, seen, position, behind, errors;
	int64_t	 error_at;
	char	 name[TEXT_BYTES(LANE_NAME_MAX)];
	char	 addr[64];
	char	 error[33];
};

/* ------------------------------------------------------------ list */

/* Puts local time t (0: none, left empty) at the name made from prefix and field. */
static int
lane_time_set(struct req *r, int64_t t, const char *prefix, const char *field)
{
	char	 when[TIMEZ_TEXT];

	when[0] = '\0';
	if (t > 0)
		timez_local_text((time_t)t, when);
	return page_setf(r, when, "%s.%s", prefix, field);
}

/* Puts lane l under prefix, times in the entered zone. */
static int
lane_row_set(struct req *r, const struct lane_row *l, const char *prefix)
{
	char	 num[24];

	snprintf(num, sizeof(num), "%lld", (long long)l->id);
	if (page_setf(r, num, "%s.Id", prefix) == -1 ||
	    page_setf(r, l->name, "%s.Name", prefix) == -1 ||
	    page_setf(r, l->addr, "%s.Addr", prefix) == -1 ||
	    page_setf(r, l->error, "%s.LastError", prefix) == -1 ||
	    lane_time_set(r, l->created, prefix, "Created") == -1 ||
	    lane_time_set(r, l->revoked, prefix, "Revoked") == -1 ||
	    lane_time_set(r, l->seen, prefix, "LastSeen") == -1 ||
	    lane_time_set(r, l->error_at, prefix, "LastErrorAt") == -1)
		return -1;
	snprintf(num, sizeof(num), "%lld", (long long)l->behind);
	if (page_setf(r, num, "%s.Behind", prefix) == -1)
		return -1;
	snprintf(num, sizeof(num), "%lld", (long long)l->errors);
	if (page_setf(r, num, "%s.Errors", prefix) == -1)
		return -1;
	if (l->position < 0)
		return 0;
	snprintf(num, sizeof(num), "%lld", (long long)l->position);
	return page_setf(r, "1", "%s.Synced", prefix) == -1 ||
	    page_setf(r, num, "%s.Position", prefix) == -1 ? -1 : 0;
}

/* Reads the store's lanes into the page data. Returns 0 or -1. */
static int
lane_rows_read(struct req *r)
{
	struct lane_row	 l;
	struct db_col	 cols[] = { COL_INT(&l.id), COL_STR(l.name),
	    COL_INT(&l.created), COL_INT(&l.revoked), COL_INT(&l.seen),
	    COL_STR(l.addr), COL_INT(&l.position), COL_INT(&l.behind),
	    COL_INT(&l.errors), COL_STR(l.error), COL_INT(&l.error_at) };
	char		 prefix[32];
	size_t		 n = 0;
	int		 rc;

	memset(&l, 0, sizeof(l));
	if (db_query(r->db, STMT_LANE_PAGE_LIST, DB_ARGS(
	    DB_INT(r->session.store_id), DB_INT(LANES_MAX)), cols,
	    sizeof(cols) / sizeof(cols[0])) != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1) {
		snprintf(prefix, sizeof(prefix), "Lanes.%zu", n++);
		if (lane_row_set(r, &l, prefix) == -1) {
			rc = -1;
			break;
		}
	}
	db_done(r->db);
	return rc < 0 ? -1 : 0;
}

/* Puts how many exceptions of the store are open, as Exceptions.Open (nothing when none). */
static int
lane_open_exceptions(struct req *r)
{
	int64_t	 n = 0;

	if (db_get(r->db, STMT_EXCEPTION_OPEN_COUNT, DB_ARGS(
	    DB_INT(r->session.store_id)), DB_COLS(COL_INT(&n))) < 0)
		return -1;
	return n > 0 ? view_set_int(r, "Exceptions.Open", n) : 0;
}

/* The list, with the store's time zone entered. */
static int
lane_list_in_zone(struct req *r)
{
	const char	*revoked = req_query(r, "revoked");

	if (lane_rows_read(r) == -1 || lane_open_exceptions(r) == -1 ||
	    (*revoked != '\0' && text_problem(revoked, LANE_NAME_MAX, 1) ==
	    NULL && view_set(r, "Form.Revoked", revoked) == -1) ||
	    view_set(r, "Page.Title", "Lanes") == -1 ||
	    view_set(r, "Page.Nav", "/lanes") == -1 ||
	    view_set(r, "Zone.Name", r->session.timezone) == -1)
		return -1;
	return view_render(r, 200, "lane_list.cs");
}

/*
 * GET /lanes: the store's lanes, active first, by name: status, when
 * registered, last seen and from which address, the position of its
 * last cursor in the store's feed and how many accounts changed after
 * it ("behind by"), its API errors and the last one, a link to revoke
 * it; and the number of open exceptions. ?revoked=<name> shows a note.
 * 200.
 */
int
handle_lane_list(struct req *r)
{
	return req_in_store_zone(r, lane_list_in_zone);
}

/* ------------------------------------------------------------ register */

/* Renders the registration form with status. */
static int
lane_new_show(struct req *r, int status)
{
	if (view_set(r, "Page.Title", "Register a lane") == -1 ||
	    view_set(r, "Page.Nav", "/lanes") == -1 ||
	    view_set_int(r, "Form.NameMax", LANE_NAME_MAX) == -1 ||
	    approval_view(r, PERM_MANAGE_LANES) == -1)
		return -1;
	return view_render(r, status, "lane_new.cs");
}

/* GET /lanes/new: the form to register a lane by name. 200. */
int
handle_lane_new(struct req *r)
{
	return lane_new_show(r, 200);
}

/* Shows the form again with the name as typed and message beside it (422). */
static int
lane_new_refuse(struct req *r, const char *message)
{
	if (view_set(r, "Form.name", req_form(r, "name")) == -1 ||
	    (message != NULL && view_set(r, "Errors.name", message) == -1))
		return -1;
	return lane_new_show(r, 422);
}

/* What a registration transaction needs and gives. */
struct lane_new {
	const struct req	*r;
	const char		*name;
	char			 token[LANE_TOKEN_MAX];
	struct lane		 lane;
};

/* Registers the lane; lane_register writes its audit entry. */
static int
lane_create_tx(struct db *db, void *arg)
{
	struct lane_new		*n = arg;
	struct audit_actor	 actor;

	audit_actor_staff(n->r, &actor);
	return lane_register(db, n->r->session.store_id, n->name,
	    n->r->session.staff_id, &actor, n->token, &n->lane);
}

/*
 * POST /lanes: registers a lane of the store by name (1 to 100
 * characters, one line, unique in the store) with a "lane.create"
 * audit entry, in one transaction, and answers with its token on a
 * page of its own, the only time it is shown (not cached). 200 the
 * token; 422 the form with the name and a message beside it (or the
 * manager code), nothing saved.
 */
int
handle_lane_create(struct req *r)
{
	struct lane_new	 n;
	const char	*problem;
	int		 rc;

	memset(&n, 0, sizeof(n));
	n.r = r;
	n.name = req_form(r, "name");
	if ((problem = lane_name_problem(n.name)) != NULL)
		return lane_new_refuse(r, problem);
	if (approval_failed(r))
		return lane_new_refuse(r, NULL);
	rc = db_transaction(r->db, lane_create_tx, &n);
	if (rc == LANE_ERR_NAME_TAKEN)
		return lane_new_refuse(r, "This store has a lane of that name "
		    "already. Choose another name.");
	if (rc < 0)
		return -1;
	rc = http_add_header(r, "Cache-Control", "no-store") == -1 ||
	    view_set(r, "Page.Title", "Lane registered") == -1 ||
	    view_set(r, "Page.Nav", "/lanes") == -1 ||
	    view_set(r, "Lane.Name", n.lane.name) == -1 ||
	    view_set(r, "Lane.Token", n.token) == -1 ? -1 :
	    view_render(r, 200, "lane_token.cs");
	explicit_bzero(n.token, sizeof(n.token));
	return rc;
}

/* ------------------------------------------------------------ revoke */

/* One lane of the store, for the revoke pages. */
struct lane_one {
	int64_t	 id, revoked;
	char	 name[TEXT_BYTES(LANE_NAME_MAX)];
};

/*
 * Reads the lane named in the URL (its id) of the session's store.
 * Returns 1; 0 after answering 404 (malformed, or none in this store);
 * or -1.
 */
static int
lane_find(struct req *r, struct lane_one *l)
{
	int64_t	 id;
	int	 rc;

	memset(l, 0, sizeof(*l));
	if (page_id_parse(r->args[0], &id) == -1 || id == 0) {
		view_error(r, 404, PAGE_NOT_FOUND);
		return 0;
	}
	rc = db_get(r->db, STMT_LANE_PAGE_GET, DB_ARGS(DB_INT(id),
	    DB_INT(r->session.store_id)), DB_COLS(COL_INT(&l->id),
	    COL_STR(l->name), COL_INT(&l->revoked)));
	return page_found(r, rc);
}

/* Renders the revoke page of l with status, in the entered zone. */
static int
lane_revoke_show(struct req *r, int status, const struct lane_one *l)
{
	if (view_set(r, "Page.Title", "Revoke lane") == -1 ||
	    view_set(r, "Page.Nav", "/lanes") == -1 ||
	    view_set_int(r, "Lane.Id", l->id) == -1 ||
	    view_set(r, "Lane.Name", l->name) == -1 ||
	    lane_time_set(r, l->revoked, "Lane", "Revoked") == -1 ||
	    approval_view(r, PERM_MANAGE_LANES) == -1)
		return -1;
	return view_render(r, status, "lane_revoke.cs");
}

/* The revoke page, found and shown in the store's time zone; status by the caller. */
static int
lane_revoke_page(struct req *r, int status)
{
	struct lane_one	 l;
	int		 rc;

	if ((rc = lane_find(r, &l)) <= 0)
		return rc;
	return lane_revoke_show(r, status, &l);
}

static int
lane_revoke_form_in_zone(struct req *r)
{
	return lane_revoke_page(r, 200);
}

static int
lane_revoke_refused_in_zone(struct req *r)
{
	return lane_revoke_page(r, 422);
}

/*
 * GET /lanes/<id>/revoke: asks to confirm revoking the lane (with a
 * manager's code where the group needs one), or says when it was
 * revoked. 200; 404 when the store has no such lane.
 */
int
handle_lane_revoke_form(struct req *r)
{
	return req_in_store_zone(r, lane_revoke_form_in_zone);
}

/* What a revocation transaction needs. */
struct lane_gone {
	const struct req	*r;
	int64_t			 id;
};

/* Revokes the lane; lane_revoke writes its audit entry. */
static int
lane_revoke_tx(struct db *db, void *arg)
{
	struct lane_gone	*g = arg;
	struct audit_actor	 actor;

	audit_actor_staff(g->r, &actor);
	return lane_revoke(db, g->r->session.store_id, g->id,
	    g->r->session.staff_id, &actor);
}

/*
 * POST /lanes/<id>/revoke: revokes the lane (its token is refused from
 * then on as device_revoked) with a "lane.revoke" audit entry, in one
 * transaction. 303 to /lanes with a note (to /lanes alone, nothing
 * written, when it was revoked already); 422 the form again when the
 * manager's code did not pass, nothing written; 404 when the store has
 * no such lane.
 */
int
handle_lane_revoke(struct req *r)
{
	struct lane_one		 l;
	struct lane_gone	 g;
	struct buf		 where = { 0 };
	int			 rc;

	if ((rc = lane_find(r, &l)) <= 0)
		return rc;
	if (approval_failed(r))
		return req_in_store_zone(r, lane_revoke_refused_in_zone);
	g.r = r;
	g.id = l.id;
	rc = db_transaction(r->db, lane_revoke_tx, &g);
	if (rc == LANE_ERR_REVOKED)
		return http_redirect(r, "/lanes");
	if (rc == LANE_ERR_NO_LANE) {
		view_error(r, 404, PAGE_NOT_FOUND);
		return 0;
	}
	if (rc < 0)
		return -1;
	rc = buf_puts(&where, "/lanes?") == -1 ||
	    http_query_add(&where, "revoked", l.name) == -1 ? -1 :
	    http_redirect(r, where.data);
	buf_free(&where);
	return rc;
}
