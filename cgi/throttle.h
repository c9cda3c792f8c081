/* throttle.h: slowing down repeated failed secrets (passwords, manager codes), per account and per address. */
#ifndef SLATE_THROTTLE_H
#define SLATE_THROTTLE_H

struct db;

/*
 * The policy, as numbers. Each key (an account, a client address) may
 * fail FREE times in a window of WINDOW seconds without delay; after
 * that each failure blocks the key for 2^(n - FREE) seconds, at most
 * MAX_DELAY, and never more than MAX_PER_WINDOW failures are allowed
 * per window. A block always ends: the worst a stranger can do to a
 * real user is make them wait MAX_DELAY seconds between tries.
 */
#define THROTTLE_WINDOW		3600
#define THROTTLE_MAX_PER_WINDOW	100
#define THROTTLE_ACCOUNT_FREE	5
#define THROTTLE_ADDR_FREE	20
#define THROTTLE_MAX_DELAY	60

/* The state of one attempt's keys, read under a row lock. */
struct throttle {
	unsigned char	 account_key[32];
	unsigned char	 addr_key[32];
	long		 account_failures, account_age;
	long		 addr_failures, addr_age;
	long		 wait;		/* seconds until a try is allowed */
};

/*
 * Inside an open transaction, locks and reads the throttle rows of an
 * account and a client address into t. The keys name their kind
 * ("email:kim@example.com", "addr:127.0.0.1", "manager:12") and are
 * compared without case. Returns 0 (t->wait > 0 means the attempt must
 * be refused for that many seconds), or a negative enum db_result.
 */
int	throttle_check(struct db *db, const char *account, const char *addr,
	    struct throttle *t);

/*
 * throttle_check for a password of the staff member with email, tried
 * from client address addr: the keys signing in uses.
 */
int	throttle_check_sign_in(struct db *db, const char *email,
	    const char *addr, struct throttle *t);

/*
 * Records a failed attempt for both keys read by throttle_check.
 * Returns 0 or a negative enum db_result.
 */
int	throttle_fail(struct db *db, const struct throttle *t);

/*
 * Forgets the failures of the account after a success (the address
 * keeps its count). Returns 0 or a negative result.
 */
int	throttle_clear(struct db *db, const struct throttle *t);

/*
 * Returns the seconds a key must wait after its failures-th failure,
 * which happened age seconds into the window, with free failures
 * allowed without delay. Pure policy; exposed for tests.
 */
long	throttle_delay(long failures, long free, long age);

#endif
