/* db.c: the database layer: every SQL statement, prepared and bound, and transactions. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mysql.h>
#include <mysqld_error.h>
#include <errmsg.h>

#include "config.h"
#include "db.h"
#include "log.h"

#define MAX_BIND	32
#define TX_TRIES	5

struct stmt_def {
	const char	*sql;
	int		 readonly;	/* safe to run again after a reconnect */
};

static const struct stmt_def stmts[STMT__MAX] = {
	[STMT_MIGRATION_LIST] = { "SELECT version FROM schema_migrations "
	    "ORDER BY version", 1 },
	[STMT_MIGRATION_INSERT] = { "INSERT INTO schema_migrations "
	    "(version, name, applied_at) VALUES (?, ?, UTC_TIMESTAMP(6))", 0 },
	[STMT_STORE_INSERT] = { "INSERT INTO stores (code, name, currency, "
	    "timezone, created_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6))", 0 },
	[STMT_STORE_COUNT] = { "SELECT COUNT(*) FROM stores", 1 },
	[STMT_STORE_GET_FIRST] = { "SELECT id, code, name, currency, timezone "
	    "FROM stores ORDER BY id LIMIT 1", 1 },
	[STMT_STORE_GET_BY_CODE] = { "SELECT id, code, name, currency, "
	    "timezone FROM stores WHERE code = ?", 1 },
	[STMT_GROUP_INSERT] = { "INSERT INTO user_groups (store_id, name, "
	    "created_at) VALUES (?, ?, UTC_TIMESTAMP(6))", 0 },
	[STMT_GROUP_GET_BY_NAME] = { "SELECT id FROM user_groups "
	    "WHERE store_id = ? AND name = ?", 1 },
	[STMT_STAFF_INSERT] = { "INSERT INTO staff (email, name, "
	    "password_hash, must_change_password, disabled, created_at) "
	    "VALUES (?, ?, ?, ?, 0, UTC_TIMESTAMP(6))", 0 },
	[STMT_STAFF_GET_BY_EMAIL] = { "SELECT id, email, name, password_hash, "
	    "must_change_password, disabled FROM staff WHERE email = ?", 1 },
	[STMT_STAFF_SET_PASSWORD] = { "UPDATE staff SET password_hash = ?, "
	    "must_change_password = ? WHERE id = ?", 0 },
	[STMT_MEMBERSHIP_INSERT] = { "INSERT INTO staff_stores (staff_id, "
	    "store_id, group_id) VALUES (?, ?, ?)", 0 },
	[STMT_MEMBERSHIP_FIRST_STORE] = { "SELECT ss.store_id FROM "
	    "staff_stores ss WHERE ss.staff_id = ? ORDER BY ss.store_id "
	    "LIMIT 1", 1 },
	[STMT_MEMBERSHIP_GET] = { "SELECT g.name FROM staff_stores ss "
	    "JOIN user_groups g ON g.id = ss.group_id "
	    "WHERE ss.staff_id = ? AND ss.store_id = ?", 1 },
	[STMT_SESSION_INSERT] = { "INSERT INTO sessions (token_hash, "
	    "staff_id, store_id, csrf_token, created_at, last_seen_at, "
	    "client_addr) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6), "
	    "UTC_TIMESTAMP(6), ?)", 0 },
	[STMT_SESSION_GET] = { "SELECT s.staff_id, s.store_id, s.csrf_token, "
	    "TIMESTAMPDIFF(SECOND, s.created_at, UTC_TIMESTAMP(6)), "
	    "TIMESTAMPDIFF(SECOND, s.last_seen_at, UTC_TIMESTAMP(6)), "
	    "st.email, st.name, st.must_change_password, st.disabled, "
	    "so.code, so.name, so.currency, so.timezone, g.id, g.name "
	    "FROM sessions s JOIN staff st ON st.id = s.staff_id "
	    "JOIN stores so ON so.id = s.store_id "
	    "JOIN staff_stores ss ON ss.staff_id = s.staff_id "
	    "AND ss.store_id = s.store_id "
	    "JOIN user_groups g ON g.id = ss.group_id "
	    "WHERE s.token_hash = ?", 1 },
	[STMT_SESSION_TOUCH] = { "UPDATE sessions SET last_seen_at = "
	    "UTC_TIMESTAMP(6) WHERE token_hash = ?", 0 },
	[STMT_SESSION_DELETE] = { "DELETE FROM sessions "
	    "WHERE token_hash = ?", 0 },
	[STMT_SESSION_DELETE_BY_STAFF_EXCEPT] = { "DELETE FROM sessions "
	    "WHERE staff_id = ? AND token_hash <> ?", 0 },
	[STMT_SESSION_DELETE_EXPIRED] = { "DELETE FROM sessions WHERE "
	    "last_seen_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND OR "
	    "created_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND", 0 },
	[STMT_THROTTLE_GET_FOR_UPDATE] = { "SELECT failures, "
	    "TIMESTAMPDIFF(SECOND, window_start, UTC_TIMESTAMP(6)), "
	    "GREATEST(0, CEILING(TIMESTAMPDIFF(MICROSECOND, "
	    "UTC_TIMESTAMP(6), blocked_until) / 1000000)) "
	    "FROM auth_throttle WHERE key_hash = ? FOR UPDATE", 0 },
	[STMT_THROTTLE_PUT] = { "INSERT INTO auth_throttle (key_hash, "
	    "failures, window_start, blocked_until) VALUES (?, ?, "
	    "UTC_TIMESTAMP(6) - INTERVAL ? SECOND, "
	    "UTC_TIMESTAMP(6) + INTERVAL ? SECOND) ON DUPLICATE KEY UPDATE "
	    "failures = VALUES(failures), window_start = "
	    "VALUES(window_start), blocked_until = VALUES(blocked_until)", 0 },
	[STMT_THROTTLE_DELETE] = { "DELETE FROM auth_throttle "
	    "WHERE key_hash = ?", 0 },
	[STMT_GROUP_PERMISSION_PUT] = { "INSERT INTO group_permissions "
	    "(group_id, permission, level) VALUES (?, ?, ?) "
	    "ON DUPLICATE KEY UPDATE level = VALUES(level)", 0 },
	[STMT_GROUP_PERMISSIONS_GET] = { "SELECT permission, level "
	    "FROM group_permissions WHERE group_id = ?", 1 },
	/* Who may approve a permission in a store: Allowed, with a code. */
	[STMT_MANAGER_LIST] = { "SELECT st.id, st.name FROM staff st "
	    "JOIN staff_stores ss ON ss.staff_id = st.id "
	    "JOIN group_permissions gp ON gp.group_id = ss.group_id "
	    "WHERE ss.store_id = ? AND gp.permission = ? AND gp.level = 1 "
	    "AND st.disabled = 0 AND st.manager_code_hash IS NOT NULL "
	    "ORDER BY st.name, st.id", 1 },
	[STMT_MANAGER_GET] = { "SELECT st.name, st.manager_code_hash "
	    "FROM staff st JOIN staff_stores ss ON ss.staff_id = st.id "
	    "JOIN group_permissions gp ON gp.group_id = ss.group_id "
	    "WHERE st.id = ? AND ss.store_id = ? AND gp.permission = ? "
	    "AND gp.level = 1 AND st.disabled = 0 "
	    "AND st.manager_code_hash IS NOT NULL", 1 },
	[STMT_STAFF_SET_MANAGER_CODE] = { "UPDATE staff SET "
	    "manager_code_hash = ? WHERE id = ?", 0 },
	[STMT_AUDIT_INSERT] = { "INSERT INTO audit_log (created_at, "
	    "store_id, actor_type, actor_id, actor_name, action, object_type, "
	    "object_id, before_json, after_json, client_addr, approver_id, "
	    "approver_name) VALUES (UTC_TIMESTAMP(6), ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?)", 0 },
	/* groups */
	/* staff */
	/* stores */
	/* audit */
};

struct db {
	MYSQL		*conn;
	MYSQL_STMT	*prepared[STMT__MAX];
	MYSQL_STMT	*active;	/* the statement db_fetch reads */
	struct db_col	*cols;		/* where db_fetch puts a row */
	size_t		 ncols;
	MYSQL_BIND	 rbind[MAX_BIND];
	my_bool		 rnull[MAX_BIND];
	my_bool		 rerr[MAX_BIND];
	unsigned long	 rlen[MAX_BIND];
	int		 in_tx;
	unsigned	 err;		/* last MariaDB error number */
	char		 errmsg[256];
	const struct config *cfg;
};

static void
db_set_error(struct db *db, unsigned no, const char *msg)
{
	db->err = no;
	snprintf(db->errmsg, sizeof(db->errmsg), "%u: %s", no, msg);
}

/* Maps a MariaDB error number to an enum db_result. */
static int
db_classify(unsigned no)
{
	switch (no) {
	case ER_DUP_ENTRY:
		return DB_ERR_DUP;
	case ER_LOCK_DEADLOCK:
	case ER_LOCK_WAIT_TIMEOUT:
		return DB_ERR_RETRY;
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
		return DB_ERR_GONE;
	default:
		return DB_ERR;
	}
}

static void
db_free_statements(struct db *db)
{
	size_t	 i;

	for (i = 0; i < STMT__MAX; i++)
		if (db->prepared[i] != NULL) {
			mysql_stmt_close(db->prepared[i]);
			db->prepared[i] = NULL;
		}
	db->active = NULL;
}

static int
db_connect(struct db *db)
{
	const struct config	*c = db->cfg;
	my_bool			 off = 0;

	if ((db->conn = mysql_init(NULL)) == NULL) {
		db_set_error(db, 0, "out of memory");
		return DB_ERR;
	}
	mysql_options(db->conn, MYSQL_OPT_RECONNECT, &off);
	mysql_options(db->conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(db->conn, MYSQL_INIT_COMMAND,
	    "SET time_zone = '+00:00', "
	    "sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ENGINE_SUBSTITUTION'");
	if (mysql_real_connect(db->conn, c->db_socket ? NULL : c->db_host,
	    c->db_user, c->db_password, c->db_name, c->db_port,
	    c->db_socket, CLIENT_MULTI_STATEMENTS) == NULL) {
		db_set_error(db, mysql_errno(db->conn), mysql_error(db->conn));
		mysql_close(db->conn);
		db->conn = NULL;
		return DB_ERR;
	}
	return DB_OK;
}

static void
db_disconnect(struct db *db)
{
	db_free_statements(db);
	if (db->conn != NULL)
		mysql_close(db->conn);
	db->conn = NULL;
	db->in_tx = 0;
}

struct db *
db_open(const struct config *c)
{
	struct db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	db->cfg = c;
	if (db_connect(db) != DB_OK)
		log_error("database: cannot connect: %s", db->errmsg);
	return db;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	db_disconnect(db);
	free(db);
}

int
db_ready(struct db *db)
{
	if (db->conn != NULL)
		return DB_OK;
	if (db_connect(db) != DB_OK) {
		log_error("database: reconnect failed: %s", db->errmsg);
		return DB_ERR;
	}
	log_info("database: reconnected");
	return DB_OK;
}

const char *
db_error(const struct db *db)
{
	return db->errmsg;
}

static MYSQL_STMT *
db_prepare(struct db *db, enum stmt s)
{
	MYSQL_STMT	*st;

	if (db->prepared[s] != NULL)
		return db->prepared[s];
	if ((st = mysql_stmt_init(db->conn)) == NULL) {
		db_set_error(db, 0, "out of memory");
		return NULL;
	}
	if (mysql_stmt_prepare(st, stmts[s].sql, strlen(stmts[s].sql)) != 0) {
		db_set_error(db, mysql_stmt_errno(st), mysql_stmt_error(st));
		mysql_stmt_close(st);
		return NULL;
	}
	db->prepared[s] = st;
	return st;
}

/* Handles a failed call: logs it and drops a lost connection. */
static int
db_fail(struct db *db, enum stmt s, MYSQL_STMT *st)
{
	int	 rc;

	if (st != NULL)
		db_set_error(db, mysql_stmt_errno(st), mysql_stmt_error(st));
	rc = db_classify(db->err);
	if (rc != DB_ERR_RETRY && rc != DB_ERR_DUP)
		log_error("database: statement %d: %s", (int)s, db->errmsg);
	if (rc == DB_ERR_GONE)
		db_disconnect(db);
	return rc;
}

/* Prepares, binds and executes s; leaves the statement ready to fetch. */
static int
db_execute(struct db *db, enum stmt s, const struct db_arg *args,
    size_t nargs, MYSQL_STMT **out)
{
	MYSQL_BIND	 bind[MAX_BIND];
	unsigned long	 lens[MAX_BIND];
	MYSQL_STMT	*st;
	size_t		 i;

	if (db->conn == NULL && db_ready(db) != DB_OK)
		return DB_ERR_GONE;
	if ((st = db_prepare(db, s)) == NULL)
		return db_fail(db, s, NULL);
	if (nargs > MAX_BIND || mysql_stmt_param_count(st) != nargs) {
		db_set_error(db, 0, "parameter count does not match");
		log_error("database: statement %d: %s", (int)s, db->errmsg);
		return DB_ERR;
	}
	memset(bind, 0, sizeof(bind));
	for (i = 0; i < nargs; i++) {
		switch (args[i].type) {
		case DB_T_NULL:
			bind[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case DB_T_INT:
			bind[i].buffer_type = MYSQL_TYPE_LONGLONG;
			bind[i].buffer = (void *)&args[i].i;
			break;
		case DB_T_STR:
			lens[i] = (unsigned long)args[i].len;
			bind[i].buffer_type = MYSQL_TYPE_STRING;
			bind[i].buffer = (void *)args[i].s;
			bind[i].buffer_length = lens[i];
			bind[i].length = &lens[i];
			break;
		}
	}
	if ((nargs > 0 && mysql_stmt_bind_param(st, bind) != 0) ||
	    mysql_stmt_execute(st) != 0)
		return db_fail(db, s, st);
	*out = st;
	return DB_OK;
}

/* True when a failed statement may be run again on a new connection. */
static int
db_may_retry(const struct db *db, enum stmt s, int rc)
{
	return rc == DB_ERR_GONE && !db->in_tx && stmts[s].readonly;
}

int
db_exec(struct db *db, enum stmt s, const struct db_arg *args, size_t nargs,
    int64_t *affected, int64_t *insert_id)
{
	MYSQL_STMT	*st;
	int		 rc;

	rc = db_execute(db, s, args, nargs, &st);
	if (db_may_retry(db, s, rc))
		rc = db_execute(db, s, args, nargs, &st);
	if (rc != DB_OK)
		return rc;
	if (affected != NULL)
		*affected = (int64_t)mysql_stmt_affected_rows(st);
	if (insert_id != NULL)
		*insert_id = (int64_t)mysql_stmt_insert_id(st);
	mysql_stmt_free_result(st);
	return DB_OK;
}

static int
db_query_once(struct db *db, enum stmt s, const struct db_arg *args,
    size_t nargs, struct db_col *cols, size_t ncols)
{
	MYSQL_STMT	*st;
	size_t		 i;
	int		 rc;

	if ((rc = db_execute(db, s, args, nargs, &st)) != DB_OK)
		return rc;
	if (ncols > MAX_BIND || mysql_stmt_field_count(st) != ncols) {
		mysql_stmt_free_result(st);
		db_set_error(db, 0, "column count does not match");
		log_error("database: statement %d: %s", (int)s, db->errmsg);
		return DB_ERR;
	}
	memset(db->rbind, 0, sizeof(db->rbind));
	for (i = 0; i < ncols; i++) {
		db->rbind[i].is_null = &db->rnull[i];
		db->rbind[i].error = &db->rerr[i];
		db->rbind[i].length = &db->rlen[i];
		if (cols[i].type == DB_T_INT) {
			db->rbind[i].buffer_type = MYSQL_TYPE_LONGLONG;
			db->rbind[i].buffer = cols[i].i;
		} else {
			db->rbind[i].buffer_type = MYSQL_TYPE_STRING;
			db->rbind[i].buffer = cols[i].s;
			db->rbind[i].buffer_length = cols[i].cap - 1;
		}
	}
	if (mysql_stmt_bind_result(st, db->rbind) != 0 ||
	    mysql_stmt_store_result(st) != 0) {
		rc = db_fail(db, s, st);
		if (db->conn != NULL)
			mysql_stmt_free_result(st);
		return rc;
	}
	db->active = st;
	db->cols = cols;
	db->ncols = ncols;
	return DB_OK;
}

int
db_query(struct db *db, enum stmt s, const struct db_arg *args, size_t nargs,
    struct db_col *cols, size_t ncols)
{
	int	 rc;

	db->active = NULL;
	rc = db_query_once(db, s, args, nargs, cols, ncols);
	if (db_may_retry(db, s, rc))
		rc = db_query_once(db, s, args, nargs, cols, ncols);
	return rc;
}

int
db_fetch(struct db *db)
{
	struct db_col	*c;
	size_t		 i;
	int		 rc;

	if (db->active == NULL)
		return DB_ERR;
	rc = mysql_stmt_fetch(db->active);
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == 1) {
		db_set_error(db, mysql_stmt_errno(db->active),
		    mysql_stmt_error(db->active));
		log_error("database: fetch: %s", db->errmsg);
		return DB_ERR;
	}
	for (i = 0; i < db->ncols; i++) {
		c = &db->cols[i];
		if (c->is_null != NULL)
			*c->is_null = db->rnull[i] != 0;
		if (c->type == DB_T_INT) {
			if (db->rnull[i])
				*c->i = 0;
			continue;
		}
		if (db->rerr[i] || db->rlen[i] > c->cap - 1) {
			db_set_error(db, 0, "a value is longer than its buffer");
			log_error("database: fetch: %s", db->errmsg);
			return DB_ERR;
		}
		c->s[db->rnull[i] ? 0 : db->rlen[i]] = '\0';
		if (c->len != NULL)
			*c->len = db->rnull[i] ? 0 : db->rlen[i];
	}
	return 1;
}

void
db_done(struct db *db)
{
	if (db->active != NULL)
		mysql_stmt_free_result(db->active);
	db->active = NULL;
	db->cols = NULL;
	db->ncols = 0;
}

int
db_get(struct db *db, enum stmt s, const struct db_arg *args, size_t nargs,
    struct db_col *cols, size_t ncols)
{
	int	 rc;

	if ((rc = db_query(db, s, args, nargs, cols, ncols)) != DB_OK)
		return rc;
	rc = db_fetch(db);
	db_done(db);
	return rc;
}

/* Runs a plain statement that takes no input, such as BEGIN. */
static int
db_simple(struct db *db, const char *sql)
{
	if (db->conn == NULL && db_ready(db) != DB_OK)
		return DB_ERR_GONE;
	if (mysql_query(db->conn, sql) != 0) {
		db_set_error(db, mysql_errno(db->conn), mysql_error(db->conn));
		return db_fail(db, STMT__MAX, NULL);
	}
	return DB_OK;
}

/* Sleeps a few random milliseconds before a retry, more each time. */
static void
db_backoff(int attempt)
{
	struct timespec	 ts;
	long		 ms;

	ms = (long)(rand() % 10 + 1) * (1L << attempt);
	ts.tv_sec = 0;
	ts.tv_nsec = ms * 1000000L;
	nanosleep(&ts, NULL);
}

int
db_transaction(struct db *db, int (*fn)(struct db *, void *), void *arg)
{
	int	 attempt, rc, result;

	for (attempt = 0; attempt < TX_TRIES; attempt++) {
		/* Nothing is written yet: a lost connection may be retried. */
		if ((rc = db_simple(db, "START TRANSACTION")) == DB_ERR_GONE)
			rc = db_simple(db, "START TRANSACTION");
		if (rc != DB_OK)
			return rc;
		db->in_tx = 1;
		rc = result = fn(db, arg);
		if (rc >= 0) {
			rc = db_simple(db, "COMMIT");
			if (rc == DB_OK) {
				db->in_tx = 0;
				return result;
			}
		}
		db_done(db);
		if (db->conn != NULL)
			(void)db_simple(db, "ROLLBACK");
		db->in_tx = 0;
		if (rc != DB_ERR_RETRY)
			return rc;
		db_backoff(attempt);
	}
	log_error("database: transaction gave up after %d tries", TX_TRIES);
	return DB_ERR_RETRY;
}

int
db_run_script(struct db *db, const char *sql, size_t len)
{
	MYSQL_RES	*res;
	int		 status;

	if (db->conn == NULL && db_ready(db) != DB_OK)
		return DB_ERR;
	if (mysql_real_query(db->conn, sql, (unsigned long)len) != 0)
		goto fail;
	do {
		if ((res = mysql_store_result(db->conn)) != NULL)
			mysql_free_result(res);
		else if (mysql_field_count(db->conn) != 0)
			goto fail;
		if ((status = mysql_next_result(db->conn)) > 0)
			goto fail;
	} while (status == 0);
	return DB_OK;
fail:
	db_set_error(db, mysql_errno(db->conn), mysql_error(db->conn));
	return DB_ERR;
}
