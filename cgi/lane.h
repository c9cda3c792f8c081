/* lane.h: POS lanes: their tokens, registering and revoking them, knowing them by token, feed cursors and the per-lane rate limit. */
#ifndef SLATE_LANE_H
#define SLATE_LANE_H

#include <stddef.h>
#include <stdint.h>

#include "token.h"

struct db;
struct audit_actor;
struct lane_session;

#define LANE_TOKEN_PREFIX	"slate_lane_"
/* The prefix and 256 random bits in hex, and a NUL. */
#define LANE_TOKEN_MAX		(sizeof(LANE_TOKEN_PREFIX) + TOKEN_HEXLEN)
#define LANE_NAME_MAX		100	/* characters, as the column */
#define LANE_CURSOR_MAX		48	/* "1.<16 hex>.<20 digits>" and a NUL */

/* Why a lane could not be registered, revoked or known. */
#define LANE_ERR_NAME_TAKEN	(-40)	/* the store has a lane of that name */
#define LANE_ERR_NO_LANE	(-41)	/* the store has no lane of that name */
#define LANE_ERR_REVOKED	(-42)	/* the lane was revoked already */

/* What lane_authenticate found. */
enum lane_auth {
	LANE_AUTH_OK,
	LANE_AUTH_NONE,		/* no token, or one of no lane: unauthorized */
	LANE_AUTH_REVOKED	/* the token of a revoked lane: device_revoked */
};

/* A lane as the portal and slatectl see it. */
struct lane {
	int64_t		 id;
	int64_t		 store_id;
	char		 name[4 * LANE_NAME_MAX + 1];
	int		 revoked;
};

/*
 * Makes a new lane token: LANE_TOKEN_PREFIX and 256 random bits in hex.
 * Returns 0, or -1 when no randomness was had (the caller must not go
 * on).
 */
int	lane_token_new(char out[LANE_TOKEN_MAX]);

/* Checks a lane's name. Returns NULL when fine, or a message for people. */
const char	*lane_name_problem(const char *name);

/*
 * Inside the caller's transaction, registers lane name in store_id
 * (created_by: the staff member, 0 for the command line), stores only
 * the SHA-256 of its new token, writes "lane.create" to the audit log
 * as actor, and gives the token (shown once) in token and the lane in
 * *out. Returns 0, LANE_ERR_NAME_TAKEN, or a negative enum db_result.
 */
int	lane_register(struct db *db, int64_t store_id, const char *name,
	    int64_t created_by, const struct audit_actor *actor,
	    char token[LANE_TOKEN_MAX], struct lane *out);

/*
 * Reads lane name of store_id into *out. Returns 1 when found, 0 when
 * there is none, or a negative enum db_result.
 */
int	lane_get_by_name(struct db *db, int64_t store_id, const char *name,
	    struct lane *out);

/*
 * Inside the caller's transaction, revokes lane lane_id of store_id
 * (revoked_by: the staff member, 0 for the command line): its token is
 * refused from then on (device_revoked). Writes "lane.revoke" to the
 * audit log as actor. Returns 0, LANE_ERR_NO_LANE, LANE_ERR_REVOKED,
 * or a negative enum db_result.
 */
int	lane_revoke(struct db *db, int64_t store_id, int64_t lane_id,
	    int64_t revoked_by, const struct audit_actor *actor);

/*
 * Inside a transaction, gives store_id's feed a new epoch: every cursor
 * issued before gets 410 resync_required and each lane syncs again from
 * the start (after a database was restored from a backup). Writes the
 * audit entry "lane.feed_restart". Returns 0 or < 0.
 */
int	lane_feed_restart(struct db *db, int64_t store_id, const char *code,
	    const struct audit_actor *actor);

/*
 * Knows the lane by the value of an Authorization header
 * ("Bearer slate_lane_..."; NULL when absent), in one indexed query
 * that also reads its store and where the store's feed stands. Fills
 * *out on LANE_AUTH_OK and LANE_AUTH_REVOKED. Returns an enum
 * lane_auth, or a negative enum db_result.
 */
int	lane_authenticate(struct db *db, const char *authorization,
	    struct lane_session *out);

/*
 * Records that the lane was seen from addr, having applied the feed up
 * to cursor (seq; cursor NULL when the request read no feed). Writes
 * only when something the portal shows moved: the cursor, the address,
 * or a last-seen time older than a minute. Returns 0 or < 0.
 */
int	lane_touch(struct db *db, const struct lane_session *l,
	    const char *addr, const char *cursor, int64_t seq);

/*
 * Records an error answered to the lane (its code, the time, one more
 * API error), unless it is the same code as the last one within the
 * minute (a lane hammering with a bad request costs no write each
 * time). Returns 0 or < 0.
 */
int	lane_note_error(struct db *db, const struct lane_session *l,
	    const char *addr, const char *code);

/*
 * Writes the feed cursor of position seq in a store's feed of epoch:
 * "1.<epoch>.<seq>", characters a lane may put in a URL as they are.
 * Returns 0, or -1 when epoch is not 16 lowercase hex digits.
 */
int	lane_cursor_encode(const char *epoch, int64_t seq,
	    char out[LANE_CURSOR_MAX]);

/*
 * Reads a cursor a lane sent back: *seq is its position when it is
 * one of epoch's. "" and "0" are the start of the feed (seq 0).
 * Returns 0, or -1 when it is not a cursor of this epoch (another
 * epoch, bad syntax, a number out of range): resync_required.
 */
int	lane_cursor_decode(const char *cursor, const char *epoch,
	    int64_t *seq);

/*
 * The per-lane rate limit: a token bucket per lane, refilled at
 * rate_per_s requests a second up to burst (the configuration's
 * SLATE_LANE_RATE and SLATE_LANE_BURST). The buckets are shared by every
 * worker once the supervisor has called lane_rate_share(), else they are
 * this process's own. Returns 0 when the request may go on, or the
 * seconds (>= 1) the lane should wait (Retry-After).
 */
long	lane_rate_take(int64_t lane_id, int64_t rate_per_s, int64_t burst);

/*
 * Puts the rate limit's buckets in memory that processes forked after
 * the call share, guarded by a lock that survives a holder's death.
 * Call once, before starting the workers. Returns 0, or -1 when the
 * memory or the lock cannot be had (the buckets stay per process).
 */
int	lane_rate_share(void);

#endif
