/* session.h: staff sessions (cookie token, server-side row) and CSRF tokens. */
#ifndef SLATE_SESSION_H
#define SLATE_SESSION_H

#include <stdint.h>

#include "request.h"

#define SESSION_COOKIE		"slate_session"
#define LOGIN_CSRF_COOKIE	"slate_login"

/*
 * Loads the session named by the request's cookie into r->session
 * (valid set to 1) when it exists, its staff member is enabled and it
 * has passed neither the idle nor the absolute timeout; an expired one
 * is deleted. Marks the session as seen now. Returns 0 whether or not
 * a session was found, -1 on a database failure.
 */
int	session_load(struct req *r);

/*
 * Starts a new session for staff_id in their first store: a fresh
 * random token (only its hash is stored), a fresh CSRF token, and the
 * cookie. Returns 0, 1 when the staff member belongs to no store, or
 * -1 on failure.
 */
int	session_begin(struct req *r, int64_t staff_id);

/* Deletes the current session and clears its cookie. Returns 0 or -1. */
int	session_end(struct req *r);

/*
 * Checks the form's "csrf" field against the session's token, or for a
 * request without a session against the sign-in form's cookie. Returns
 * 1 when it matches, 0 otherwise.
 */
int	session_csrf_ok(const struct req *r);

/*
 * Makes sure the sign-in form has a CSRF token: reuses the one in the
 * cookie or sets a new one, and stores it in *token (65 bytes).
 * Returns 0 or -1.
 */
int	session_login_csrf(struct req *r, char token[65]);

#endif
