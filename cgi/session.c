/* session.c: staff sessions (cookie token, server-side row) and CSRF tokens. */
#include <string.h>

#include "config.h"
#include "db.h"
#include "http.h"
#include "session.h"
#include "token.h"

/* Seconds between updates of a session's last-seen time. */
#define TOUCH_EVERY	15

/* Reads the session cookie and hashes it. Returns 1 if well formed. */
static int
session_cookie_hash(const struct req *r, unsigned char hash[HASH_BYTES])
{
	const char	*tok = http_get_cookie(r, SESSION_COOKIE);
	unsigned char	 raw[TOKEN_BYTES];

	if (tok == NULL || hex_decode(tok, raw, sizeof(raw)) == -1)
		return 0;
	return token_hash(tok, strlen(tok), hash) == 0;
}

/*
 * Sets the session's levels from "key=level,key=level,..." as the
 * session query reads them; a permission not listed is None.
 */
static void
session_levels(struct session *s, char *list)
{
	char		*item, *eq, *save = NULL;
	enum perm	 p;

	for (p = 0; p < PERM__MAX; p++)
		s->levels[p] = LEVEL_NONE;
	for (item = strtok_r(list, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(item, '=')) == NULL)
			continue;
		*eq = '\0';
		if ((p = perm_by_key(item)) != PERM__MAX &&
		    eq[1] >= '0' && eq[1] <= '2' && eq[2] == '\0')
			s->levels[p] = (enum level)(eq[1] - '0');
	}
}

int
session_load(struct req *r)
{
	struct session	*s = &r->session;
	int64_t		 age, idle, disabled, must_change;
	char		 levels[1024];
	int		 rc;

	memset(s, 0, sizeof(*s));
	if (!session_cookie_hash(r, s->token_hash))
		return 0;
	rc = db_get(r->db, STMT_SESSION_GET,
	    DB_ARGS(DB_BLOB(s->token_hash, HASH_BYTES)),
	    DB_COLS(COL_INT(&s->staff_id), COL_INT(&s->store_id),
	    COL_STR(s->csrf), COL_INT(&age), COL_INT(&idle),
	    COL_STR(s->email), COL_STR(s->staff_name), COL_INT(&must_change),
	    COL_INT(&disabled), COL_STR(s->store_code), COL_STR(s->store_name),
	    COL_STR(s->currency), COL_STR(s->timezone), COL_INT(&s->group_id),
	    COL_STR(s->group), COL_STR(levels), COL_INT(&s->stores)));
	if (rc < 0)
		return -1;
	if (rc == 0)
		return 0;
	if (disabled || idle >= r->cfg->session_idle ||
	    age >= r->cfg->session_max) {
		rc = db_exec(r->db, STMT_SESSION_DELETE,
		    DB_ARGS(DB_BLOB(s->token_hash, HASH_BYTES)), NULL, NULL);
		memset(s, 0, sizeof(*s));
		return rc < 0 ? -1 : 0;
	}
	if (idle >= TOUCH_EVERY && db_exec(r->db, STMT_SESSION_TOUCH,
	    DB_ARGS(DB_BLOB(s->token_hash, HASH_BYTES)), NULL, NULL) < 0)
		return -1;
	session_levels(s, levels);
	s->must_change_password = must_change != 0;
	s->valid = 1;
	return 0;
}

int
session_begin(struct req *r, int64_t staff_id)
{
	char		 token[TOKEN_HEXLEN + 1], csrf[TOKEN_HEXLEN + 1];
	unsigned char	 hash[HASH_BYTES];
	int64_t		 store_id;
	int		 rc;

	rc = db_get(r->db, STMT_MEMBERSHIP_FIRST_STORE,
	    DB_ARGS(DB_INT(staff_id)), DB_COLS(COL_INT(&store_id)));
	if (rc <= 0)
		return rc < 0 ? -1 : 1;
	if (token_new(token) == -1 || token_new(csrf) == -1 ||
	    token_hash(token, strlen(token), hash) == -1)
		return -1;
	if (db_exec(r->db, STMT_SESSION_DELETE_EXPIRED,
	    DB_ARGS(DB_INT(r->cfg->session_idle), DB_INT(r->cfg->session_max)),
	    NULL, NULL) < 0)
		return -1;
	if (db_exec(r->db, STMT_SESSION_INSERT, DB_ARGS(DB_BLOB(hash,
	    HASH_BYTES), DB_INT(staff_id), DB_INT(store_id), DB_STR(csrf),
	    DB_STR(r->client_addr)), NULL, NULL) < 0)
		return -1;
	if (http_set_cookie(r, SESSION_COOKIE, token, -1) == -1)
		return -1;
	/* The sign-in form's token has done its job. */
	return http_set_cookie(r, LOGIN_CSRF_COOKIE, "", 0);
}

int
session_end(struct req *r)
{
	if (r->session.valid && db_exec(r->db, STMT_SESSION_DELETE,
	    DB_ARGS(DB_BLOB(r->session.token_hash, HASH_BYTES)),
	    NULL, NULL) < 0)
		return -1;
	memset(&r->session, 0, sizeof(r->session));
	return http_set_cookie(r, SESSION_COOKIE, "", 0);
}

int
session_csrf_ok(const struct req *r)
{
	const char	*sent = params_get(&r->form, "csrf"), *want;

	if (sent == NULL)
		return 0;
	if (r->session.valid)
		want = r->session.csrf;
	else if ((want = http_get_cookie(r, LOGIN_CSRF_COOKIE)) == NULL ||
	    strlen(want) != TOKEN_HEXLEN)
		return 0;
	return token_equal(sent, want);
}

int
session_login_csrf(struct req *r, char token[65])
{
	const char	*have = http_get_cookie(r, LOGIN_CSRF_COOKIE);
	unsigned char	 raw[TOKEN_BYTES];

	if (have != NULL && hex_decode(have, raw, sizeof(raw)) == 0) {
		memcpy(token, have, TOKEN_HEXLEN + 1);
		return 0;
	}
	if (token_new(token) == -1)
		return -1;
	return http_set_cookie(r, LOGIN_CSRF_COOKIE, token, -1);
}
