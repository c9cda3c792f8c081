/* login.c: signing in and out. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "log.h"
#include "password.h"
#include "session.h"
#include "staff.h"
#include "text.h"
#include "throttle.h"
#include "view.h"

/* The one message for an unknown email, a wrong password or a disabled account. */
#define LOGIN_FAILED	"The email or password is not right."

/* Where to go after signing in: a plain local path, else the dashboard. */
static const char *
login_next(const struct req *r)
{
	const char	*next = req_form(r, "next");
	size_t		 i;

	if (*next == '\0')
		next = req_query(r, "next");
	if (!http_local_path(next) || strlen(next) > 200)
		return "/dashboard";
	for (i = 0; next[i] != '\0'; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789/-_.", next[i]))
			return "/dashboard";
	return next;
}

/*
 * Shows the sign-in form with the email typed so far and an error.
 * Returns 0 or -1.
 */
static int
login_show(struct req *r, int status, const char *email, const char *error)
{
	char	 csrf[65];

	if (session_login_csrf(r, csrf) == -1 ||
	    view_set(r, "Page.Title", "Sign in") == -1 ||
	    view_set(r, "Form.Csrf", csrf) == -1 ||
	    view_set(r, "Form.Email", email) == -1 ||
	    view_set(r, "Form.Next", login_next(r)) == -1 ||
	    (error != NULL && view_set(r, "Form.Error", error) == -1))
		return -1;
	return view_render(r, status, "login.cs");
}

/*
 * GET /login: the sign-in form; a signed-in visitor goes to the
 * dashboard (303). 200 otherwise.
 */
int
handle_login_form(struct req *r)
{
	if (r->session.valid)
		return http_redirect(r, "/dashboard");
	return login_show(r, 200, req_query(r, "email"), NULL);
}

struct login_attempt {
	const char	*email;
	const char	*password;
	const char	*addr;
	struct staff	 staff;
	long		 wait;		/* > 0: throttled for this long */
	int		 ok;
	int		 rehash;
};

/* Checks one attempt under the throttle rows' locks; see handle_login. */
static int
login_check(struct db *db, void *arg)
{
	struct login_attempt	*a = arg;
	struct throttle		 t;
	int			 rc, found;

	a->ok = a->rehash = 0;
	if ((rc = throttle_check_sign_in(db, a->email, a->addr, &t)) < 0)
		return rc;
	if ((a->wait = t.wait) > 0)
		return 0;
	if ((found = staff_find_by_email(db, a->email, &a->staff)) < 0)
		return found;
	if (found)
		a->ok = password_verify(a->password, a->staff.password_hash,
		    PASSWORD_ITERATIONS, &a->rehash) && !a->staff.disabled;
	else
		password_burn(a->password, PASSWORD_ITERATIONS);
	return a->ok ? throttle_clear(db, &t) : throttle_fail(db, &t);
}

/* Stores a stronger hash of a password that was checked against a weaker one. */
static void
login_rehash(struct req *r, const struct login_attempt *a)
{
	char	 hash[PASSWORD_HASH_MAX];

	if (password_hash(a->password, PASSWORD_ITERATIONS, hash) == -1 ||
	    staff_set_password(r->db, a->staff.id, hash,
	    a->staff.must_change_password) < 0)
		log_error("login: could not store a stronger password hash");
}

/*
 * POST /login: checks email and password. Success starts a new session
 * and answers 303 to the page asked for (or the password page when the
 * password must be changed). A wrong email or password shows the form
 * again with one message for both (200); too many failures answer 429
 * with the seconds to wait; a staff member in no store gets 403.
 */
int
handle_login(struct req *r)
{
	struct login_attempt	 a;
	char			 email[255], msg[128];
	int			 rc;

	snprintf(email, sizeof(email), "%s", req_form(r, "email"));
	text_lower_ascii(email);
	memset(&a, 0, sizeof(a));
	a.email = email;
	a.password = req_form(r, "password");
	a.addr = r->client_addr;
	if (*email == '\0' || *a.password == '\0')
		return login_show(r, 200, email,
		    "Enter your email and password.");
	if (strlen(a.password) > 4 * PASSWORD_MAX_LEN)
		return login_show(r, 200, email, LOGIN_FAILED);
	if ((rc = db_transaction(r->db, login_check, &a)) < 0)
		return -1;
	if (a.wait > 0) {
		snprintf(msg, sizeof(msg), "%ld", a.wait);
		if (http_add_header(r, "Retry-After", msg) == -1)
			return -1;
		snprintf(msg, sizeof(msg), "Too many failed sign-ins. Wait "
		    "%ld seconds, then try again.", a.wait);
		return login_show(r, 429, email, msg);
	}
	if (!a.ok)
		return login_show(r, 200, email, LOGIN_FAILED);
	if (a.rehash)
		login_rehash(r, &a);
	if ((rc = session_begin(r, a.staff.id)) == -1)
		return -1;
	if (rc == 1) {
		view_error(r, 403, "Your account is not part of any store yet. "
		    "Ask an administrator to add you to one.");
		return 0;
	}
	return http_redirect(r, a.staff.must_change_password ?
	    "/profile/password" : login_next(r));
}

/* POST /logout: ends the session server-side and answers 303 to /login. */
int
handle_logout(struct req *r)
{
	if (session_end(r) == -1)
		return -1;
	return http_redirect(r, "/login");
}
