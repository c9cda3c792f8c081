/* profile.c: the signed-in staff member's own settings: changing the password. */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "handlers.h"
#include "http.h"
#include "password.h"
#include "staff.h"
#include "throttle.h"
#include "view.h"

static int
password_show(struct req *r, int status)
{
	if (view_set(r, "Page.Title", "Change password") == -1 ||
	    view_set(r, "Page.Nav", "/profile/password") == -1 ||
	    (r->session.must_change_password &&
	    view_set(r, "Form.MustChange", "1") == -1))
		return -1;
	return view_render(r, status, "password.cs");
}

/* GET /profile/password: the change-password form. 200. */
int
handle_password_form(struct req *r)
{
	if (strcmp(req_query(r, "changed"), "1") == 0 &&
	    view_set(r, "Form.Done", "1") == -1)
		return -1;
	return password_show(r, 200);
}

struct password_change {
	int64_t		 staff_id;
	const char	*email;
	const char	*addr;
	const char	*current;
	const char	*next;
	const unsigned char *keep_session;	/* the token hash to keep */
	long		 wait;			/* > 0: throttled */
	int		 current_ok;
};

/*
 * Checks the current password under the sign-in throttle (a wrong one
 * counts as a failed sign-in), then stores the new one and ends the
 * other sessions, all in one transaction.
 */
static int
password_store(struct db *db, void *arg)
{
	struct password_change	*c = arg;
	struct throttle		 t;
	struct staff		 st;
	char			 hash[PASSWORD_HASH_MAX];
	int			 rc, rehash;

	c->current_ok = 0;
	if ((rc = throttle_check_sign_in(db, c->email, c->addr, &t)) < 0)
		return rc;
	if ((c->wait = t.wait) > 0)
		return 0;
	if ((rc = staff_find_by_email(db, c->email, &st)) <= 0)
		return rc < 0 ? rc : DB_ERR;
	c->current_ok = st.id == c->staff_id &&
	    password_verify(c->current, st.password_hash, PASSWORD_ITERATIONS,
	    &rehash);
	if (!c->current_ok)
		return throttle_fail(db, &t);
	if (password_hash(c->next, PASSWORD_ITERATIONS, hash) == -1)
		return DB_ERR;
	if ((rc = staff_set_password(db, c->staff_id, hash, 0)) < 0 ||
	    (rc = throttle_clear(db, &t)) < 0)
		return rc;
	return db_exec(db, STMT_SESSION_DELETE_BY_STAFF_EXCEPT,
	    DB_ARGS(DB_INT(c->staff_id), DB_BLOB(c->keep_session, 32)),
	    NULL, NULL);
}

/* Shows the form again with message beside field. Returns 0 or -1. */
static int
password_refuse(struct req *r, const char *field, const char *message)
{
	char	 name[64];

	snprintf(name, sizeof(name), "Errors.%s", field);
	if (view_set(r, name, message) == -1)
		return -1;
	return password_show(r, 422);
}

/*
 * POST /profile/password: checks the new password (length rules, typed
 * twice alike) and the current one (throttled like sign-in), stores
 * the new one, ends the staff member's other sessions and answers 303
 * to the form with a note. A problem shows the form again with the
 * message beside the field (422) and changes nothing.
 */
int
handle_password_change(struct req *r)
{
	struct password_change	 c;
	const char		*problem;
	char			 msg[96];

	memset(&c, 0, sizeof(c));
	c.staff_id = r->session.staff_id;
	c.email = r->session.email;
	c.addr = r->client_addr;
	c.current = req_form(r, "current_password");
	c.next = req_form(r, "new_password");
	c.keep_session = r->session.token_hash;
	if (*c.current == '\0')
		return password_refuse(r, "current_password",
		    "Enter your current password.");
	if ((problem = password_problem(c.next)) != NULL)
		return password_refuse(r, "new_password", problem);
	if (strcmp(c.next, req_form(r, "confirm_password")) != 0)
		return password_refuse(r, "confirm_password",
		    "The two new passwords are not the same.");
	if (strcmp(c.next, c.current) == 0)
		return password_refuse(r, "new_password",
		    "Choose a password other than the current one.");
	if (db_transaction(r->db, password_store, &c) < 0)
		return -1;
	if (c.wait > 0) {
		snprintf(msg, sizeof(msg), "Too many wrong passwords. Wait "
		    "%ld seconds, then try again.", c.wait);
		return password_refuse(r, "current_password", msg);
	}
	if (!c.current_ok)
		return password_refuse(r, "current_password",
		    "The current password is not right.");
	return http_redirect(r, "/profile/password?changed=1");
}
