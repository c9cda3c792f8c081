/* lane.c: POS lanes: their tokens, registering and revoking them, knowing them by token, feed cursors and the per-lane rate limit. */
#include <sys/mman.h>

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "audit.h"
#include "db.h"
#include "lane.h"
#include "request.h"
#include "text.h"
#include "token.h"

#define LANE_TOKEN_LONGEST	200	/* longer Authorization values are no token */
#define LANE_SEEN_EVERY		60	/* seconds between last-seen writes */
#define LANE_ERROR_EVERY	60	/* seconds the same error is not written again */
#define CURSOR_VERSION		"1"
#define EPOCH_LEN		16

/* ------------------------------------------------------------ tokens */

int
lane_token_new(char out[LANE_TOKEN_MAX])
{
	char	 hex[TOKEN_HEXLEN + 1];

	if (token_new(hex) == -1)
		return -1;
	snprintf(out, LANE_TOKEN_MAX, "%s%s", LANE_TOKEN_PREFIX, hex);
	return 0;
}

const char *
lane_name_problem(const char *name)
{
	const char	*p = text_problem(name, LANE_NAME_MAX, 1);

	if (p != NULL)
		return p;
	if (isspace((unsigned char)name[0]) ||
	    isspace((unsigned char)name[strlen(name) - 1]))
		return "Leave no spaces at the start or the end.";
	return NULL;
}

/* ------------------------------------------------------------ register, revoke */

/* Writes a lane's audit entry: action on lane id, with its name after. */
static int
lane_audit(struct db *db, const struct audit_actor *actor, const char *action,
    int64_t id, const char *name, int revoked)
{
	json_t	*after;
	char	 oid[24];
	int	 rc;

	snprintf(oid, sizeof(oid), "%lld", (long long)id);
	if ((after = json_pack("{s:s, s:b}", "name", name, "revoked",
	    revoked)) == NULL)
		return DB_ERR;
	rc = audit_write(db, actor, action, "lane", oid, NULL, after);
	json_decref(after);
	return rc;
}

int
lane_register(struct db *db, int64_t store_id, const char *name,
    int64_t created_by, const struct audit_actor *actor,
    char token[LANE_TOKEN_MAX], struct lane *out)
{
	unsigned char	 hash[HASH_BYTES];
	int		 rc;

	memset(out, 0, sizeof(*out));
	if (lane_token_new(token) == -1 ||
	    token_hash(token, strlen(token), hash) == -1)
		return DB_ERR;
	rc = db_exec(db, STMT_LANE_INSERT, DB_ARGS(DB_INT(store_id),
	    DB_STR(name), DB_BLOB(hash, sizeof(hash)),
	    created_by > 0 ? DB_INT(created_by) : DB_NULL), NULL, &out->id);
	if (rc == DB_ERR_DUP)
		return LANE_ERR_NAME_TAKEN;
	if (rc < 0)
		return rc;
	out->store_id = store_id;
	snprintf(out->name, sizeof(out->name), "%s", name);
	return lane_audit(db, actor, "lane.create", out->id, name, 0);
}

int
lane_get_by_name(struct db *db, int64_t store_id, const char *name,
    struct lane *out)
{
	int64_t	 revoked;
	int	 rc;

	memset(out, 0, sizeof(*out));
	rc = db_get(db, STMT_LANE_GET_BY_NAME, DB_ARGS(DB_INT(store_id),
	    DB_STR(name)), DB_COLS(COL_INT(&out->id), COL_STR(out->name),
	    COL_INT(&revoked)));
	out->store_id = store_id;
	out->revoked = revoked != 0;
	return rc;
}

int
lane_revoke(struct db *db, int64_t store_id, int64_t lane_id,
    int64_t revoked_by, const struct audit_actor *actor)
{
	char	 name[4 * LANE_NAME_MAX + 1];
	int64_t	 revoked;
	int	 rc;

	rc = db_get(db, STMT_LANE_GET_FOR_UPDATE, DB_ARGS(DB_INT(lane_id),
	    DB_INT(store_id)), DB_COLS(COL_STR(name), COL_INT(&revoked)));
	if (rc <= 0)
		return rc < 0 ? rc : LANE_ERR_NO_LANE;
	if (revoked)
		return LANE_ERR_REVOKED;
	if ((rc = db_exec(db, STMT_LANE_REVOKE, DB_ARGS(revoked_by > 0 ?
	    DB_INT(revoked_by) : DB_NULL, DB_INT(lane_id), DB_INT(store_id)),
	    NULL, NULL)) < 0)
		return rc;
	return lane_audit(db, actor, "lane.revoke", lane_id, name, 1);
}

int
lane_feed_restart(struct db *db, int64_t store_id, const char *code,
    const struct audit_actor *actor)
{
	json_t	*before, *after;
	int	 rc;

	if ((rc = db_exec(db, STMT_LANE_FEED_RESTART, DB_ARGS(DB_INT(store_id)),
	    NULL, NULL)) < 0)
		return rc;
	before = json_pack("{s:b}", "feed_restarted", 0);
	after = json_pack("{s:b}", "feed_restarted", 1);
	rc = before == NULL || after == NULL ? DB_ERR : audit_write(db, actor,
	    "lane.feed_restart", "store", code, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

/* ------------------------------------------------------------ authentication */

/* Finds the token in an Authorization value: "Bearer <token>". */
static const char *
bearer_token(const char *authorization)
{
	const char	*t;
	size_t		 n;

	if (authorization == NULL || strncasecmp(authorization, "Bearer ", 7))
		return NULL;
	for (t = authorization + 7; *t == ' '; t++)
		;
	n = strlen(t);
	while (n > 0 && t[n - 1] == ' ')
		n--;
	if (n <= strlen(LANE_TOKEN_PREFIX) || n > LANE_TOKEN_LONGEST ||
	    strncmp(t, LANE_TOKEN_PREFIX, strlen(LANE_TOKEN_PREFIX)) != 0 ||
	    strspn(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-_") != n)
		return NULL;
	return t;
}

int
lane_authenticate(struct db *db, const char *authorization,
    struct lane_session *out)
{
	const char	*token = bearer_token(authorization);
	unsigned char	 hash[HASH_BYTES];
	int64_t		 revoked;
	int		 rc;
	struct db_col	 cols[] = {
		COL_INT(&out->id), COL_INT(&out->store_id), COL_STR(out->name),
		COL_INT(&revoked), COL_INT(&out->seen_age),
		COL_INT(&out->last_feed_seq), COL_STR(out->last_addr),
		COL_STR(out->last_error), COL_INT(&out->error_age),
		COL_STR(out->store_name), COL_STR(out->currency),
		COL_STR(out->timezone), COL_STR(out->epoch),
		COL_INT(&out->feed_seq)
	};

	if (token == NULL)
		return LANE_AUTH_NONE;
	if (token_hash(token, strlen(token), hash) == -1)
		return DB_ERR;
	rc = db_get(db, STMT_LANE_AUTH, DB_ARGS(DB_BLOB(hash, sizeof(hash))),
	    cols, sizeof(cols) / sizeof(cols[0]));
	if (rc <= 0)
		return rc < 0 ? rc : LANE_AUTH_NONE;
	out->revoked = revoked != 0;
	out->valid = !out->revoked;
	return out->revoked ? LANE_AUTH_REVOKED : LANE_AUTH_OK;
}

int
lane_touch(struct db *db, const struct lane_session *l, const char *addr,
    const char *cursor, int64_t seq)
{
	if (cursor != NULL && seq != l->last_feed_seq)
		return db_exec(db, STMT_LANE_TOUCH_CURSOR, DB_ARGS(DB_STR(addr),
		    DB_STR(cursor), DB_INT(seq), DB_INT(l->id)), NULL, NULL);
	if (l->seen_age >= 0 && l->seen_age < LANE_SEEN_EVERY &&
	    strcmp(addr, l->last_addr) == 0)
		return 0;
	return db_exec(db, STMT_LANE_TOUCH, DB_ARGS(DB_STR(addr),
	    DB_INT(l->id)), NULL, NULL);
}

int
lane_note_error(struct db *db, const struct lane_session *l,
    const char *addr, const char *code)
{
	if (strcmp(code, l->last_error) == 0 && l->error_age >= 0 &&
	    l->error_age < LANE_ERROR_EVERY)
		return 0;
	return db_exec(db, STMT_LANE_NOTE_ERROR, DB_ARGS(DB_STR(addr),
	    DB_STR(code), DB_INT(l->id)), NULL, NULL);
}

/* ------------------------------------------------------------ cursors */

static int
epoch_valid(const char *epoch)
{
	return strlen(epoch) == EPOCH_LEN &&
	    strspn(epoch, "0123456789abcdef") == EPOCH_LEN;
}

int
lane_cursor_encode(const char *epoch, int64_t seq, char out[LANE_CURSOR_MAX])
{
	if (!epoch_valid(epoch) || seq < 0)
		return -1;
	snprintf(out, LANE_CURSOR_MAX, CURSOR_VERSION ".%s.%lld", epoch,
	    (long long)seq);
	return 0;
}

int
lane_cursor_decode(const char *cursor, const char *epoch, int64_t *seq)
{
	const char	*p;
	char		*end;
	long long	 v;

	*seq = 0;
	if (strcmp(cursor, "") == 0 || strcmp(cursor, "0") == 0)
		return 0;
	if (!epoch_valid(epoch) ||
	    strncmp(cursor, CURSOR_VERSION ".", 2) != 0 ||
	    strncmp(cursor + 2, epoch, EPOCH_LEN) != 0 ||
	    cursor[2 + EPOCH_LEN] != '.')
		return -1;
	p = cursor + 3 + EPOCH_LEN;
	/* Digits only, no sign, no leading zero: one spelling per cursor. */
	if (!isdigit((unsigned char)*p) || (*p == '0' && p[1] != '\0') ||
	    strspn(p, "0123456789") != strlen(p) || strlen(p) > 19)
		return -1;
	errno = 0;
	v = strtoll(p, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*seq = v;
	return 0;
}

/* ------------------------------------------------------------ rate limit */

#define RATE_SLOTS	16384	/* lanes by id modulo: no two of 16,384 in a row share */
#define MICRO		1000000LL

/* One lane's bucket: tokens in millionths, refilled as time goes by. */
struct bucket {
	int64_t		 lane_id;
	int64_t		 tokens;
	int64_t		 at;	/* microseconds, monotonic */
};

/* The buckets, and the lock that guards them when the workers share them. */
struct rate_table {
	pthread_mutex_t	 lock;
	struct bucket	 slots[RATE_SLOTS];
};

static struct rate_table	 rate_local;
static struct rate_table	*rate_shared;

static int64_t
now_micro(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * MICRO + ts.tv_nsec / 1000;
}

int
lane_rate_share(void)
{
	pthread_mutexattr_t	 attr;
	struct rate_table	*t;
	int			 rc;

	if (rate_shared != NULL)
		return 0;
	t = mmap(NULL, sizeof(*t), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (t == MAP_FAILED)
		return -1;
	/* A worker killed while holding the lock must not stop the others. */
	if ((rc = pthread_mutexattr_init(&attr)) == 0) {
		if ((rc = pthread_mutexattr_setpshared(&attr,
		    PTHREAD_PROCESS_SHARED)) == 0 &&
		    (rc = pthread_mutexattr_setrobust(&attr,
		    PTHREAD_MUTEX_ROBUST)) == 0)
			rc = pthread_mutex_init(&t->lock, &attr);
		pthread_mutexattr_destroy(&attr);
	}
	if (rc != 0) {
		munmap(t, sizeof(*t));
		return -1;
	}
	rate_shared = t;
	return 0;
}

/* Takes a token from b at now; returns 0 or the seconds to wait. */
static long
bucket_take(struct bucket *b, int64_t lane_id, int64_t now,
    int64_t rate_per_s, int64_t burst)
{
	int64_t	 full = burst * MICRO, wait;

	/* Another lane's bucket in this slot: this lane starts full. */
	if (b->lane_id != lane_id) {
		b->lane_id = lane_id;
		b->tokens = full;
		b->at = now;
	}
	if (now - b->at > 3600 * MICRO)
		b->tokens = full;
	else if (now > b->at) {
		b->tokens += (now - b->at) * rate_per_s;
		if (b->tokens > full)
			b->tokens = full;
	}
	if (now > b->at)
		b->at = now;
	if (b->tokens >= MICRO) {
		b->tokens -= MICRO;
		return 0;
	}
	/* Microseconds until one token, rounded up to whole seconds. */
	wait = (MICRO - b->tokens + rate_per_s - 1) / rate_per_s;
	return (long)((wait + MICRO - 1) / MICRO);
}

long
lane_rate_take(int64_t lane_id, int64_t rate_per_s, int64_t burst)
{
	struct rate_table	*t = rate_shared ? rate_shared : &rate_local;
	struct bucket		*b = &t->slots[(uint64_t)lane_id % RATE_SLOTS];
	long			 wait;
	int			 rc;

	if (rate_shared == NULL)
		return bucket_take(b, lane_id, now_micro(), rate_per_s, burst);
	rc = pthread_mutex_lock(&t->lock);
	/* Its holder died: the bucket it was changing is still usable. */
	if (rc == EOWNERDEAD)
		rc = pthread_mutex_consistent(&t->lock);
	if (rc != 0)
		return 0;
	/* The clock is read under the lock, so time never runs back for a bucket. */
	wait = bucket_take(b, lane_id, now_micro(), rate_per_s, burst);
	pthread_mutex_unlock(&t->lock);
	return wait;
}
