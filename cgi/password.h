/* password.h: password hashing (PBKDF2-HMAC-SHA256) and checking. */
#ifndef SLATE_PASSWORD_H
#define SLATE_PASSWORD_H

#include <stddef.h>

#define PASSWORD_ITERATIONS	600000	/* the current work factor */
#define PASSWORD_MIN_ITERATIONS	1000	/* below this a stored hash is refused */
#define PASSWORD_MIN_LEN	12	/* characters, counted as code points */
#define PASSWORD_MAX_LEN	256	/* characters */
#define PASSWORD_HASH_MAX	160	/* room for the stored form and its NUL */

/*
 * Hashes password with a new random salt and the given iteration count
 * into out as "pbkdf2-sha256$ITERATIONS$SALT$HASH" (salt and hash in
 * hex), a self-describing form so the work factor can be
 * raised later. Returns 0, or -1 when OpenSSL fails.
 */
int	password_hash(const char *password, unsigned iterations,
	    char out[PASSWORD_HASH_MAX]);

/*
 * Checks password against a stored hash in constant time. Returns 1
 * when it matches, 0 when it does not or the stored form is not one
 * this code wrote. When it matches and the stored work factor is below
 * min_iterations, sets *rehash to 1 (the caller stores a new hash).
 */
int	password_verify(const char *password, const char *stored,
	    unsigned min_iterations, int *rehash);

/*
 * Spends the same time as password_verify on a hash of iterations,
 * so that an unknown email cannot be told from a wrong password.
 */
void	password_burn(const char *password, unsigned iterations);

/*
 * Checks the rules for a new password: valid UTF-8, at least
 * PASSWORD_MIN_LEN and at most PASSWORD_MAX_LEN characters, no
 * control characters. Returns NULL when acceptable, or a message
 * for the person choosing it.
 */
const char	*password_problem(const char *password);

#endif
