/* throttle.c: slowing down repeated failed secrets, per account and per address. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "throttle.h"
#include "token.h"

long
throttle_delay(long failures, long free, long age)
{
	long	 delay = 1, n;

	if (failures >= THROTTLE_MAX_PER_WINDOW)
		return age < THROTTLE_WINDOW ? THROTTLE_WINDOW - age : 0;
	if (failures <= free)
		return 0;
	for (n = failures - free; n > 0 && delay < THROTTLE_MAX_DELAY; n--)
		delay *= 2;
	return delay < THROTTLE_MAX_DELAY ? delay : THROTTLE_MAX_DELAY;
}

/* Hashes a key's text, compared without case. */
static int
throttle_key(const char *value, unsigned char key[32])
{
	char	 text[400];
	size_t	 i, n;

	n = (size_t)snprintf(text, sizeof(text), "%s", value);
	if (n >= sizeof(text))
		n = sizeof(text) - 1;
	for (i = 0; i < n; i++)
		text[i] = (char)tolower((unsigned char)text[i]);
	return token_hash(text, n, key);
}

/* Reads one key's row under a lock; a missing row is a clean record. */
static int
throttle_read(struct db *db, const unsigned char key[32], long *failures,
    long *age, long *wait)
{
	int64_t	 f, a, w;
	int	 rc;

	rc = db_get(db, STMT_THROTTLE_GET_FOR_UPDATE,
	    DB_ARGS(DB_BLOB(key, 32)),
	    DB_COLS(COL_INT(&f), COL_INT(&a), COL_INT(&w)));
	if (rc < 0)
		return rc;
	if (rc == 0 || a >= THROTTLE_WINDOW) {
		*failures = *age = 0;
		if (rc == 1 && w > 0 && w <= THROTTLE_MAX_DELAY)
			*wait = w > *wait ? w : *wait;
		return 0;
	}
	*failures = (long)f;
	*age = (long)a;
	if (w > *wait)
		*wait = (long)w;
	return 0;
}

int
throttle_check(struct db *db, const char *account, const char *addr,
    struct throttle *t)
{
	unsigned char	*first, *second;
	long		*f1, *a1, *f2, *a2;
	int		 rc;

	memset(t, 0, sizeof(*t));
	if (throttle_key(account, t->account_key) == -1 ||
	    throttle_key(addr, t->addr_key) == -1)
		return DB_ERR;
	/* Lock the two rows in a fixed order so attempts cannot deadlock. */
	if (memcmp(t->account_key, t->addr_key, 32) < 0) {
		first = t->account_key, f1 = &t->account_failures, a1 = &t->account_age;
		second = t->addr_key, f2 = &t->addr_failures, a2 = &t->addr_age;
	} else {
		first = t->addr_key, f1 = &t->addr_failures, a1 = &t->addr_age;
		second = t->account_key, f2 = &t->account_failures, a2 = &t->account_age;
	}
	if ((rc = throttle_read(db, first, f1, a1, &t->wait)) < 0 ||
	    (rc = throttle_read(db, second, f2, a2, &t->wait)) < 0)
		return rc;
	return 0;
}

int
throttle_check_sign_in(struct db *db, const char *email, const char *addr,
    struct throttle *t)
{
	char	 account[300], where[80];

	snprintf(account, sizeof(account), "email:%s", email);
	snprintf(where, sizeof(where), "addr:%s", addr);
	return throttle_check(db, account, where, t);
}

static int
throttle_put(struct db *db, const unsigned char key[32], long failures,
    long age, long free)
{
	long	 delay = throttle_delay(failures, free, age);

	return db_exec(db, STMT_THROTTLE_PUT, DB_ARGS(DB_BLOB(key, 32),
	    DB_INT(failures), DB_INT(age), DB_INT(delay)), NULL, NULL);
}

int
throttle_fail(struct db *db, const struct throttle *t)
{
	int	 rc;

	rc = throttle_put(db, t->account_key, t->account_failures + 1,
	    t->account_age, THROTTLE_ACCOUNT_FREE);
	if (rc < 0)
		return rc;
	return throttle_put(db, t->addr_key, t->addr_failures + 1,
	    t->addr_age, THROTTLE_ADDR_FREE);
}

int
throttle_clear(struct db *db, const struct throttle *t)
{
	return db_exec(db, STMT_THROTTLE_DELETE,
	    DB_ARGS(DB_BLOB(t->account_key, 32)), NULL, NULL);
}
