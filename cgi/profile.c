/* profile.c: the signed-in staff member's own settings: changing the password. */
#include <string.h>

#include "db.h"
#include "handlers.h"
#include "http.h"
#include "password.h"
#include "staff.h"
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
	const char	*current;
	const unsigned char *keep_session;	/* the token hash to keep */
	char		 hash[PASSWORD_HASH_MAX];
	int		 current_ok;
};

static int
password_store(struct db *db, void *arg)
{
	struct password_change	*c = arg;
	struct staff		 st;
	int			 rc, rehash;

	if ((rc = staff_find_by_email(db, c->email, &st)) <= 0)
		return rc < 0 ? rc : DB_ERR;
	c->current_ok = st.id == c->staff_id &&
	    password_verify(c->current, st.password_hash, PASSWORD_ITERATIONS,
	    &rehash);
	if (!c->current_ok)
		return 0;
	if ((rc = staff_set_password(db, c->staff_id, c->hash, 0)) < 0)
		return rc;
	return db_exec(db, STMT_SESSION_DELETE_BY_STAFF_EXCEPT,
	    DB_ARGS(DB_INT(c->staff_id), DB_BLOB(c->keep_session, 32)),
	    NULL, NULL);
}

/*
 * POST /profile/password: checks the current password and the new one
 * (length rules, typed twice alike), stores it, ends the staff
 * member's other sessions and answers 303 to the form with a note.
 * A problem shows the form again with the message beside the field
 * (422) and changes nothing.
 */
int
handle_password_change(struct req *r)
{
	struct password_change	 c;
	const char		*next = req_form(r, "new_password");
	const char		*problem;

	memset(&c, 0, sizeof(c));
	c.staff_id = r->session.staff_id;
	c.email = r->session.email;
	c.current = req_form(r, "current_password");
	c.keep_session = r->session.token_hash;
	if (*c.current == '\0')
		return view_set(r, "Errors.current_password",
		    "Enter your current password.") == -1 ? -1 :
		    password_show(r, 422);
	if ((problem = password_problem(next)) != NULL)
		return view_set(r, "Errors.new_password", problem) == -1 ? -1 :
		    password_show(r, 422);
	if (strcmp(next, req_form(r, "confirm_password")) != 0)
		return view_set(r, "Errors.confirm_password",
		    "The two new passwords are not the same.") == -1 ? -1 :
		    password_show(r, 422);
	if (strcmp(next, c.current) == 0)
		return view_set(r, "Errors.new_password",
		    "Choose a password other than the current one.") == -1 ?
		    -1 : password_show(r, 422);
	if (password_hash(next, PASSWORD_ITERATIONS, c.hash) == -1 ||
	    db_transaction(r->db, password_store, &c) < 0)
		return -1;
	if (!c.current_ok)
		return view_set(r, "Errors.current_password",
		    "The current password is not right.") == -1 ? -1 :
		    password_show(r, 422);
	return http_redirect(r, "/profile/password?changed=1");
}
