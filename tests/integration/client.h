/* client.h: what the integration tests share: an HTTP client with its own
 * cookie jar, direct SQL on the instance's database, and slatectl. */
#ifndef SLATE_ITEST_CLIENT_H
#define SLATE_ITEST_CLIENT_H

#include <stddef.h>

#include <check.h>
#include <curl/curl.h>

#define CLIENT_MAX_COOKIES	16

/* One HTTP response, the final one when the server sent interim ones. */
struct response {
	long		 status;
	char		*head;		/* the header lines, CRLF kept */
	size_t		 headlen;
	char		*body;		/* NUL-terminated for convenience */
	size_t		 bodylen;
	double		 seconds;	/* from sending to the last byte */
};

struct cookie {
	char		 name[64];
	char		 value[256];
};

/*
 * A browser of sorts: it keeps the cookies the server sets (and drops
 * those set with Max-Age=0) and sends them back. It follows no
 * redirects, so every 303 can be looked at.
 */
struct client {
	CURL		*curl;
	struct cookie	 cookies[CLIENT_MAX_COOKIES];
	size_t		 ncookies;
};

/* Connects nothing yet; fails the test if curl cannot be set up. */
void		 client_init(struct client *c);
void		 client_free(struct client *c);

/* The value of a cookie in the jar, or NULL. */
const char	*client_cookie(const struct client *c, const char *name);

/* Puts a cookie in the jar (value NULL removes it). */
void		 client_set_cookie(struct client *c, const char *name,
		    const char *value);

/*
 * Sends method path (relative to SLATE_URL) with an optional body of
 * len bytes and its content type, stores the answer in *resp (free it
 * with response_free) and returns the status. Fails the test when the
 * server cannot be reached.
 */
long		 client_request(struct client *c, const char *method,
		    const char *path, const char *content_type,
		    const char *body, size_t len, struct response *resp);

/* GET path. */
long		 client_get(struct client *c, const char *path,
		    struct response *resp);

/* POST path with an application/x-www-form-urlencoded body. */
long		 client_post(struct client *c, const char *path,
		    const char *form, struct response *resp);

void		 response_free(struct response *resp);

/*
 * The value of the first header called name (case-insensitive), in
 * a new string without surrounding blanks, or NULL.
 */
char		*response_header(const struct response *resp,
		    const char *name);

/* How many headers called name the response has. */
size_t		 response_header_count(const struct response *resp,
		    const char *name);

/* The whole Set-Cookie value that sets cookie name, in a new string, or NULL. */
char		*response_set_cookie(const struct response *resp,
		    const char *name);

/*
 * True when a Set-Cookie value has the attribute attr (compared without
 * case; "Path=/" matches exactly that attribute and value, "Max-Age"
 * matches any value of it).
 */
int		 cookie_has_attr(const char *set_cookie, const char *attr);

/* True when the body contains s. */
int		 response_contains(const struct response *resp, const char *s);

/*
 * The value attribute of the first <input> whose name is name, in a new
 * string (entities left as sent), or NULL.
 */
char		*html_input_value(const char *html, const char *name);

/*
 * Builds a form body from name, value pairs ending with NULL, each
 * percent-encoded. Returns a new string.
 */
char		*form_encode(const char *name, ...);

/*
 * Signs in: GET /login (for the form's token), then POST /login with
 * email, password and next (NULL for none). Returns the POST's status;
 * its response goes to *resp when resp is not NULL.
 */
long		 client_sign_in(struct client *c, const char *email,
		    const char *password, const char *next,
		    struct response *resp);

/* Signs in and fails the test unless it answers 303 with a session cookie. */
void		 client_sign_in_ok(struct client *c, const char *email,
		    const char *password);

/* The CSRF token of the signed-in session, read from the dashboard's form. */
char		*client_session_csrf(struct client *c);

/* The instance's address (SLATE_URL), without a trailing slash. */
const char	*itest_url(void);

/*
 * A test case whose tests may take a while (sign-ins are slow on
 * purpose) and start with no failed sign-ins on record.
 */
TCase		*itest_tcase(const char *name);

/*
 * Runs the suite's tests, each in a process of its own, prints the
 * results, then removes what the run created (every email from
 * itest_email carries a tag of the run). Returns main's exit
 * status.
 */
int		 itest_run(Suite *s);

/*
 * Deletes the staff members (and their sessions) this run created, and
 * the throttle rows. itest_run calls it once the tests are done.
 * Returns 0, or -1 with a message on standard error.
 */
int		 itest_cleanup(void);

/* A new, unique, lower-case email address for a test staff member. */
char		*itest_email(const char *what);

/* A new, unique display name. */
char		*itest_name(const char *what);

/* Creates a staff member with slatectl in the first store, or fails the test. */
void		 itest_staff_add(const char *email, const char *name,
		    const char *group, const char *password);

/*
 * Runs slatectl with args (ending with NULL) and input on standard
 * input. Stores standard output and error in new strings (when out
 * and err are not NULL) and returns the exit status (-1 when it did not
 * exit normally).
 */
int		 itest_slatectl(const char *input, char **out, char **err,
		    const char *arg, ...);

/*
 * Runs `slatectl check` on the instance's database (every store) and
 * fails the test with what it printed unless it exits 0: the ledger's
 * invariants hold. Every money scenario ends with it.
 */
void		 itest_ledger_check(void);

/* Runs a statement on the instance's database, or fails the test. */
void		 sql_exec(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

/* Runs a statement that may fail. Returns 0, or -1 when it failed. */
int		 sql_try(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

/* The first column of the one row a query returns, as a number; fails the test without a row. */
long long	 sql_long(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

/* The first column of the first row a query returns, in a new string, or NULL without a row. */
char		*sql_str(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

/* True when s can go between single quotes in SQL as it is. */
int		 sql_plain(const char *s);

/*
 * A connection of its own to the instance's database, for a test that
 * holds locks across statements (close it with mysql_close), or NULL
 * with the reason in err.
 */
struct st_mysql	*sql_connection(char *err, size_t errlen);

/* Sets the throttle back to no failures at all. */
void		 throttle_reset(void);

/* Seconds since an arbitrary point, for measuring. */
double		 now_seconds(void);

#endif
