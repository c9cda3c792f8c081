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

#define MAX_BIND	40	/* parameters or columns of a statement */
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
	    "so.code, so.name, so.currency, so.timezone, g.id, g.name, "
	    "(SELECT GROUP_CONCAT(gp.permission, '=', gp.level SEPARATOR ',') "
	    "FROM group_permissions gp WHERE gp.group_id = g.id), "
	    "(SELECT COUNT(*) FROM staff_stores o WHERE o.staff_id = s.staff_id) "
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
	[STMT_COUNTERS_INSERT] = { "INSERT INTO store_counters (store_id) "
	    "VALUES (?)", 0 },
	[STMT_COUNTERS_LOCK] = { "SELECT next_customer, next_account "
	    "FROM store_counters WHERE store_id = ? FOR UPDATE", 0 },
	[STMT_COUNTER_BUMP_CUSTOMER] = { "UPDATE store_counters SET "
	    "next_customer = next_customer + 1 WHERE store_id = ?", 0 },
	[STMT_COUNTER_BUMP_ACCOUNT] = { "UPDATE store_counters SET "
	    "next_account = next_account + 1 WHERE store_id = ?", 0 },
	[STMT_FEED_NEXT] = { "SELECT NEXTVAL(feed_numbers)", 0 },
	/* The accounts_feed_order trigger gives it the next feed_seq. */
	[STMT_ACCOUNT_MARK_CHANGED] = { "UPDATE accounts SET "
	    "version = version + 1, updated_at = UTC_TIMESTAMP(6) "
	    "WHERE id = ? AND store_id = ?", 0 },
	/* customers */
	[STMT_CUSTOMER_INSERT] = { "INSERT INTO customers (store_id, code, "
	    "name, email, phone, notes, created_at, updated_at) VALUES "
	    "(?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))", 0 },
	[STMT_CUSTOMER_GET_BY_CODE] = { "SELECT id, code, name, email, phone, "
	    "notes FROM customers WHERE store_id = ? AND code = ?", 1 },
	[STMT_CUSTOMER_GET_BY_CODE_FOR_UPDATE] = { "SELECT id, code, name, "
	    "email, phone, notes FROM customers WHERE store_id = ? AND "
	    "code = ? FOR UPDATE", 0 },
	[STMT_CUSTOMER_GET_BY_ID] = { "SELECT id, code, name, email, phone, "
	    "notes FROM customers WHERE store_id = ? AND id = ?", 1 },
	[STMT_CUSTOMER_UPDATE] = { "UPDATE customers SET name = ?, email = ?, "
	    "phone = ?, notes = ?, updated_at = UTC_TIMESTAMP(6) "
	    "WHERE id = ? AND store_id = ?", 0 },
	/* Args: store, except id, email twice, phone (spaces, dashes gone) twice, limit. */
	[STMT_CUSTOMER_DUPLICATES] = { "SELECT code, name FROM customers "
	    "WHERE store_id = ? AND id <> ? AND ((? <> '' AND email = ?) OR "
	    "(? <> '' AND REPLACE(REPLACE(phone, ' ', ''), '-', '') = ?)) "
	    "ORDER BY name, id LIMIT ?", 1 },
	/*
	 * A page by name then id after (name, id): code, email or phone
	 * starting with the query, or a name holding it ('' matches all).
	 * Each way is a part of its own that reads an index in name order
	 * and stops at the limit, so that no way reads all the store's
	 * customers: an email through the customers whose email starts with
	 * the same three characters (emails often start with the name); a
	 * name through the names holding three characters in a row of the
	 * query (customer_name_grams). A query of one or two characters
	 * reads the names in order for the emails and names. Args: for each
	 * of code and phone: store, name, name, id, the escaped query,
	 * limit; for emails: store, the query as typed twice, name, name,
	 * id, the escaped query, limit; for names: store, three characters
	 * of the query ('' for none) twice, name, name, id, the escaped
	 * query, limit; for short queries: store, the query as typed, name,
	 * name, id, the escaped query twice, limit; then the page's limit.
	 */
#define CUSTOMER_SEARCH_AFTER "name >= ? AND (name > ? OR id > ?) AND "
#define CUSTOMER_SEARCH_BY(col) "(SELECT id FROM customers WHERE "	\
	"store_id = ? AND " CUSTOMER_SEARCH_AFTER col			\
	" LIKE CONCAT(?, '%') ESCAPE '!' ORDER BY name, id LIMIT ?) UNION "
	[STMT_CUSTOMER_SEARCH] = { "SELECT c.id, c.code, c.name, c.email, "
	    "c.phone, (SELECT COUNT(*) FROM accounts a WHERE "
	    "a.customer_id = c.id) FROM (" CUSTOMER_SEARCH_BY("code")
	    CUSTOMER_SEARCH_BY("phone")
	    "(SELECT id FROM customers WHERE store_id = ? AND "
	    "CHAR_LENGTH(?) >= 3 AND email_start = LEFT(?, 3) AND "
	    CUSTOMER_SEARCH_AFTER "email LIKE CONCAT(?, '%') ESCAPE '!' "
	    "ORDER BY name, id LIMIT ?) UNION "
	    "(SELECT customer_id AS id FROM customer_name_grams WHERE "
	    "store_id = ? AND CHAR_LENGTH(?) = 3 AND gram = ? AND "
	    "name >= ? AND (name > ? OR customer_id > ?) AND "
	    "name LIKE CONCAT('%', ?, '%') ESCAPE '!' "
	    "ORDER BY name, customer_id LIMIT ?) UNION "
	    "(SELECT id FROM customers WHERE store_id = ? AND "
	    "CHAR_LENGTH(?) < 3 AND " CUSTOMER_SEARCH_AFTER
	    "(email LIKE CONCAT(?, '%') ESCAPE '!' OR "
	    "name LIKE CONCAT('%', ?, '%') ESCAPE '!') "
	    "ORDER BY name, id LIMIT ?)) m JOIN customers c ON c.id = m.id "
	    "ORDER BY c.name, c.id LIMIT ?", 1 },
#undef CUSTOMER_SEARCH_BY
#undef CUSTOMER_SEARCH_AFTER
	[STMT_CUSTOMER_ACCOUNTS] = { "SELECT number, active, balance, "
	    "credit_limit FROM accounts WHERE store_id = ? AND "
	    "customer_id = ? ORDER BY id", 1 },
	/* accounts */
	[STMT_ACCOUNT_INSERT] = { "INSERT INTO accounts (store_id, "
	    "customer_id, number, active, credit_limit, restrict_credit, "
	    "pay_later, on_hold, hold_reason, frequency, frequency_start, "
	    "next_statement_on, statement_email, balance, version, feed_seq, "
	    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, 0, 1, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))", 0 },
#define ACCOUNT_SELECT "SELECT a.id, a.customer_id, a.number, a.active, "	\
	"a.credit_limit, a.restrict_credit, a.pay_later, a.on_hold, "	\
	"a.hold_reason, a.frequency, "					\
	"COALESCE(DATE_FORMAT(a.frequency_start, '%Y-%m-%d'), ''), "	\
	"a.statement_email, a.balance, a.version, a.feed_seq, c.code, "	\
	"c.name FROM accounts a JOIN customers c ON c.id = a.customer_id " \
	"WHERE a.store_id = ? AND a.number = ?"
	[STMT_ACCOUNT_GET] = { ACCOUNT_SELECT, 1 },
	[STMT_ACCOUNT_GET_FOR_UPDATE] = { ACCOUNT_SELECT " FOR UPDATE", 0 },
#undef ACCOUNT_SELECT
	/*
	 * Staff who change the hold or its reason make it theirs: hold_auto
	 * is cleared first, while on_hold and hold_reason are still the old
	 * values (assignments run left to right). Args: on hold and reason
	 * as saved, then the columns in order, account, store.
	 */
	[STMT_ACCOUNT_UPDATE] = { "UPDATE accounts SET hold_auto = "
	    "IF(on_hold = ? AND CAST(hold_reason AS BINARY) = "
	    "CAST(? AS BINARY), hold_auto, 0), active = ?, "
	    "credit_limit = ?, restrict_credit = ?, pay_later = ?, "
	    "on_hold = ?, hold_reason = ?, frequency = ?, "
	    "frequency_start = ?, next_statement_on = ?, statement_email = ?, "
	    "updated_at = UTC_TIMESTAMP(6) WHERE id = ? AND store_id = ?", 0 },
	[STMT_ACCOUNT_STORE_ZONE] = { "SELECT timezone FROM stores "
	    "WHERE id = ?", 1 },
	/*
	 * The account list: a page of a store's accounts, newest first.
	 * ACCOUNT_LIST_FILTERS takes: an id to start below (0: from the
	 * newest) twice; active (-1: any) twice; on hold, over limit, pay
	 * later (1: only those); the last day a next statement may fall on
	 * ('': any) twice.
	 */
#define ACCOUNT_LIST_COLS "SELECT a.id, a.number, c.code, c.name, "	\
	"a.active, a.credit_limit, a.restrict_credit, a.pay_later, "	\
	"a.on_hold, a.balance "
#define ACCOUNT_LIST_FILTERS "a.id < IF(? = 0, ~0, ?) "		\
	"AND (? = -1 OR a.active = ?) AND (? = 0 OR a.on_hold = 1) "	\
	"AND (? = 0 OR (a.balance < 0 AND -a.balance > a.credit_limit)) " \
	"AND (? = 0 OR a.pay_later = 1) "				\
	"AND (? = '' OR a.next_statement_on <= ?) "
	/*
	 * Without a search, with one of one or two characters, or with one
	 * many customers match: store; the filters; the search (escaped for
	 * LIKE with '!'; '': none) six times, matching the account
	 * number, or the customer as STMT_CUSTOMER_SEARCH does; LIMIT. It
	 * reads the store's accounts from the bound down and stops at a
	 * page: soon when many match, after all of them when almost none
	 * do. Left to itself, the optimizer may read every store's newer
	 * accounts first.
	 */
	[STMT_ACCOUNT_LIST] = { ACCOUNT_LIST_COLS "FROM accounts a "
	    "FORCE INDEX (ix_accounts_store_id) "
	    "JOIN customers c ON c.id = a.customer_id WHERE a.store_id = ? "
	    "AND " ACCOUNT_LIST_FILTERS
	    "AND (? = '' OR a.number LIKE CONCAT(?, '%') ESCAPE '!' "
	    "OR c.code LIKE CONCAT(?, '%') ESCAPE '!' "
	    "OR c.email LIKE CONCAT(?, '%') ESCAPE '!' "
	    "OR c.phone LIKE CONCAT(?, '%') ESCAPE '!' "
	    "OR c.name LIKE CONCAT('%', ?, '%') ESCAPE '!') "
	    "ORDER BY a.id DESC LIMIT ?", 1 },
	/*
	 * The ways a search of three characters or more finds customers,
	 * through the customer search's indexes: code, phone and email
	 * (email_start) starting with it, a name holding it (through
	 * customer_name_grams). Args: store, the escaped search; for
	 * emails: store, the search as typed, the escaped search; for
	 * names: store, three characters of the search (customer_search_set),
	 * the escaped search.
	 */
#define ACCOUNT_SEARCH_BY_CODE "SELECT id FROM customers WHERE "	\
	"store_id = ? AND code LIKE CONCAT(?, '%') ESCAPE '!'"
#define ACCOUNT_SEARCH_BY_PHONE "SELECT id FROM customers WHERE "	\
	"store_id = ? AND phone LIKE CONCAT(?, '%') ESCAPE '!'"
#define ACCOUNT_SEARCH_BY_EMAIL "SELECT id FROM customers WHERE "	\
	"store_id = ? AND email_start = LEFT(?, 3) AND "		\
	"email LIKE CONCAT(?, '%') ESCAPE '!'"
#define ACCOUNT_SEARCH_BY_NAME "SELECT customer_id FROM "		\
	"customer_name_grams WHERE store_id = ? AND gram = ? AND "	\
	"name LIKE CONCAT('%', ?, '%') ESCAPE '!'"
	/*
	 * How many customers the spread-out ways of a search find (phone,
	 * email, name: their customers lie all over the store's, unlike
	 * codes and numbers, which follow the order they were made in),
	 * each counted up to LIMIT: the args of those ways, each followed by
	 * LIMIT.
	 */
	[STMT_ACCOUNT_SEARCH_SPREAD] = { "SELECT COUNT(*) FROM (("
	    ACCOUNT_SEARCH_BY_PHONE " LIMIT ?) UNION ALL ("
	    ACCOUNT_SEARCH_BY_EMAIL " LIMIT ?) UNION ALL ("
	    ACCOUNT_SEARCH_BY_NAME " LIMIT ?)) t", 1 },
	/*
	 * With a search of three characters or more that few customers
	 * match by the spread-out ways: the accounts whose number starts
	 * with it, and the accounts of the customers it finds. Each part
	 * reads only what it finds (the customers first, then their
	 * accounts: STRAIGHT_JOIN, since the optimizer cannot tell how few
	 * names a gram leaves) and keeps a page, so a rare search costs
	 * what it finds, not the store's accounts. Args: store, the escaped
	 * search, the filters, LIMIT; the ways' args by code, phone, email
	 * and name; store, the filters, LIMIT; store, LIMIT.
	 */
	[STMT_ACCOUNT_LIST_SEARCH] = { ACCOUNT_LIST_COLS "FROM ("
	    "(SELECT a.id FROM accounts a "
	    "FORCE INDEX (uq_accounts_store_number) WHERE a.store_id = ? AND "
	    "a.number LIKE CONCAT(?, '%') ESCAPE '!' AND "
	    ACCOUNT_LIST_FILTERS "ORDER BY a.id DESC LIMIT ?) UNION "
	    "(SELECT a.id FROM (" ACCOUNT_SEARCH_BY_CODE " UNION "
	    ACCOUNT_SEARCH_BY_PHONE " UNION " ACCOUNT_SEARCH_BY_EMAIL
	    " UNION " ACCOUNT_SEARCH_BY_NAME ") m "
	    "STRAIGHT_JOIN accounts a ON a.customer_id = m.id "
	    "WHERE a.store_id = ? AND " ACCOUNT_LIST_FILTERS
	    "ORDER BY a.id DESC LIMIT ?)) k "
	    "JOIN accounts a ON a.id = k.id "
	    "JOIN customers c ON c.id = a.customer_id WHERE a.store_id = ? "
	    "ORDER BY a.id DESC LIMIT ?", 1 },
#undef ACCOUNT_SEARCH_BY_NAME
#undef ACCOUNT_SEARCH_BY_EMAIL
#undef ACCOUNT_SEARCH_BY_PHONE
#undef ACCOUNT_SEARCH_BY_CODE
#undef ACCOUNT_LIST_FILTERS
#undef ACCOUNT_LIST_COLS
	/* ledger: the posting path (cgi/ledger.c) */
	/*
	 * The account, locked; the entry a form token posted before (0:
	 * none; a token posted meanwhile is caught by the unique key); a
	 * shared lock on the store's counters row, then a new entry number
	 * and feed position (docs/lane-feed.md: in this order); when the
	 * balance has the sign asked for, the oldest open item of a side
	 * (locked) and its open amount, else 0 and 0: token, sign, side,
	 * sign, side, account, store.
	 */
	[STMT_LEDGER_LOCK_ACCOUNT] = { "SELECT a.balance, "
	    "a.active, a.on_hold, a.hold_auto, a.pay_later, a.restrict_credit, "
	    "a.credit_limit, a.version, a.number, COALESCE((SELECT e.id "
	    "FROM ledger_entries e WHERE e.store_id = a.store_id "
	    "AND e.form_token = ?), 0), (SELECT c.store_id FROM store_counters "
	    "c WHERE c.store_id = a.store_id LOCK IN SHARE MODE), "
	    "NEXTVAL(entry_numbers), NEXTVAL(feed_numbers), "
	    "IF(SIGN(a.balance) = ?, COALESCE((SELECT o.entry_id "
	    "FROM open_items o WHERE o.account_id = a.id AND o.side = ? "
	    "AND o.closed_at IS NULL ORDER BY o.entry_id LIMIT 1 FOR UPDATE), "
	    "0), 0), IF(SIGN(a.balance) = ?, COALESCE((SELECT o.open_amount "
	    "FROM open_items o WHERE o.account_id = a.id AND o.side = ? "
	    "AND o.closed_at IS NULL ORDER BY o.entry_id LIMIT 1 FOR UPDATE), "
	    "0), 0) "
	    "FROM accounts a WHERE a.id = ? AND a.store_id = ? FOR UPDATE", 0 },
	[STMT_LEDGER_INSERT] = { "INSERT INTO ledger_entries (store_id, "
	    "account_id, number, kind, amount, balance_after, payment_method, "
	    "reference, note, staff_id, approver_id, lane_id, reverses_id, "
	    "form_token, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, UTC_TIMESTAMP(6))", 0 },
	/*
	 * The balance a posting leaves, with a new version and the feed
	 * position STMT_LEDGER_LOCK_ACCOUNT took: balance, position,
	 * account, store.
	 */
	[STMT_LEDGER_SET_BALANCE] = { "UPDATE accounts SET balance = ?, "
	    "version = version + 1, feed_seq = ?, "
	    "updated_at = UTC_TIMESTAMP(6) WHERE id = ? AND store_id = ?", 0 },
	[STMT_LEDGER_ONCE_FIND] = { "SELECT id, number, amount, "
	    "balance_after FROM ledger_entries WHERE id = ?", 0 },
	[STMT_LEDGER_ENTRY_GET] = { "SELECT e.id, e.account_id, e.number, "
	    "e.kind, e.amount, e.balance_after, e.payment_method, "
	    "e.reference, e.note, COALESCE(e.staff_id, 0), "
	    "COALESCE(e.approver_id, 0), COALESCE(e.reverses_id, 0), "
	    "COALESCE(r.id, 0), "
	    "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', e.created_at) "
	    "FROM ledger_entries e LEFT JOIN ledger_entries r "
	    "ON r.reverses_id = e.id "
	    "WHERE e.store_id = ? AND e.account_id = ? AND e.number = ?", 1 },
	/* The entry a reversal reverses: account, kind, amount, reversed already. */
	[STMT_LEDGER_REVERSE_TARGET] = { "SELECT e.account_id, e.kind, "
	    "e.amount, r.id IS NOT NULL FROM ledger_entries e "
	    "LEFT JOIN ledger_entries r ON r.reverses_id = e.id "
	    "WHERE e.id = ? AND e.store_id = ?", 0 },
	/*
	 * Open items are read with locking reads, which see the latest
	 * committed rows whatever the caller read earlier in its
	 * transaction (a plain read would see its snapshot).
	 */
	[STMT_OPEN_ITEM_GET] = { "SELECT account_id, side, open_amount "
	    "FROM open_items WHERE entry_id = ? AND store_id = ? FOR UPDATE",
	    0 },
	/* An account's open items of a side, oldest first after an entry id, up to a limit. */
	[STMT_OPEN_ITEMS_OLDEST] = { "SELECT entry_id, open_amount "
	    "FROM open_items WHERE account_id = ? AND side = ? "
	    "AND closed_at IS NULL AND entry_id > ? "
	    "ORDER BY entry_id LIMIT ? FOR UPDATE", 0 },
	[STMT_ALLOCATION_INSERT] = { "INSERT INTO allocations (store_id, "
	    "account_id, credit_entry_id, debit_entry_id, amount, created_at) "
	    "VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(6))", 0 },
	/*
	 * A page of an account's entries, newest first below an id (0: from
	 * the newest), by key so the cost does not grow with the entries:
	 * account; store; id bound twice; kind ('' any) twice; from and to
	 * as UTC DATETIME text (NULL: none) twice each; LIMIT. The page's
	 * ids come from the account's indexes alone (they hold what the
	 * filters look at), newest first by id or by kind, and only those
	 * rows are read; left to itself, the optimizer may read the whole
	 * ledger backwards by id for a busy account.
	 * STMT_LEDGER_LIST_BY_TIME: the same, for a span of time with few
	 * entries (STMT_LEDGER_TIME_COUNT), reads those and sorts them.
	 */
#define LEDGER_LIST(indexes) "SELECT e.id, e.number, e.kind, e.amount, " \
	"e.balance_after, e.payment_method, e.reference, e.note, "	\
	"TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', e.created_at), " \
	"e.reverses_id IS NOT NULL, EXISTS (SELECT 1 FROM ledger_entries r " \
	"WHERE r.reverses_id = e.id), "				\
	"IF(o.side = 'D', o.open_amount, 0) "				\
	"FROM (SELECT id FROM ledger_entries FORCE INDEX (" indexes ") " \
	"WHERE account_id = ? AND store_id = ? "			\
	"AND (? = 0 OR id < ?) AND (? = '' OR kind = ?) "		\
	"AND (? IS NULL OR created_at >= ?) "				\
	"AND (? IS NULL OR created_at < ?) "				\
	"ORDER BY id DESC LIMIT ?) k JOIN ledger_entries e ON e.id = k.id " \
	"LEFT JOIN open_items o ON o.entry_id = e.id "			\
	"ORDER BY e.id DESC"
	[STMT_LEDGER_LIST] = { LEDGER_LIST("ix_ledger_account, "
	    "ix_ledger_account_kind"), 1 },
	[STMT_LEDGER_LIST_BY_TIME] = { LEDGER_LIST("ix_ledger_account_time"),
	    1 },
#undef LEDGER_LIST
	/* Entries of an account in a span of time, up to a limit: account, store, from, from, to, to, limit. */
	[STMT_LEDGER_TIME_COUNT] = { "SELECT COUNT(*) FROM (SELECT 1 FROM "
	    "ledger_entries FORCE INDEX (ix_ledger_account_time) "
	    "WHERE account_id = ? AND store_id = ? "
	    "AND (? IS NULL OR created_at >= ?) "
	    "AND (? IS NULL OR created_at < ?) LIMIT ?) t", 1 },
	/* receipts */
	/* The name of the staff member who took or approved an entry (ids come from the store's entries). */
	[STMT_RECEIPT_STAFF_NAME] = { "SELECT name FROM staff WHERE id = ?",
	    1 },
	[STMT_RECEIPT_ENTRY_NUMBER] = { "SELECT number FROM ledger_entries "
	    "WHERE id = ? AND store_id = ?", 1 },
	/*
	 * The charges a credit paid when it was posted (those older than
	 * it; a later charge takes credit in hand when it is posted):
	 * number, time, amount applied. Args: credit entry, store.
	 */
	[STMT_RECEIPT_ALLOCATIONS] = { "SELECT d.number, "
	    "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', d.created_at), "
	    "al.amount FROM allocations al JOIN ledger_entries d "
	    "ON d.id = al.debit_entry_id WHERE al.credit_entry_id = ? "
	    "AND al.store_id = ? AND al.debit_entry_id < al.credit_entry_id "
	    "ORDER BY al.id", 1 },
	/* settlements */
	/* An account's open charges, oldest first, up to a limit: account, store, limit. */
	[STMT_SETTLE_OPEN_CHARGES] = { "SELECT o.entry_id, e.number, "
	    "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', e.created_at), "
	    "e.kind, o.amount, o.open_amount, "
	    "COALESCE(DATE_FORMAT(o.due_on, '%Y-%m-%d'), '') "
	    "FROM open_items o JOIN ledger_entries e ON e.id = o.entry_id "
	    "WHERE o.account_id = ? AND o.store_id = ? AND o.side = 'D' "
	    "AND o.closed_at IS NULL ORDER BY o.entry_id LIMIT ?", 1 },
	/* How many open charges an account has, and what they add up to: account, store. */
	[STMT_SETTLE_OPEN_COUNT] = { "SELECT COUNT(*), "
	    "COALESCE(SUM(open_amount), 0) FROM open_items "
	    "WHERE account_id = ? AND store_id = ? AND side = 'D' "
	    "AND closed_at IS NULL", 1 },
	/* An open charge of an account by entry number: entry id, open amount. Args: store, account, number. */
	[STMT_SETTLE_CHARGE_GET] = { "SELECT o.entry_id, o.open_amount "
	    "FROM ledger_entries e JOIN open_items o ON o.entry_id = e.id "
	    "WHERE e.store_id = ? AND e.account_id = ? AND e.number = ? "
	    "AND o.side = 'D' AND o.closed_at IS NULL", 1 },
	/* The entry a form posted before on an account, by its one-time token: store, token, account. */
	[STMT_SETTLE_ONCE_FIND] = { "SELECT number FROM ledger_entries "
	    "WHERE store_id = ? AND form_token = ? AND account_id = ?", 1 },
	/* The time of a settlement, the bound of a page of the lists: entry, store. */
	[STMT_SETTLEMENT_BOUND] = { "SELECT DATE_FORMAT(created_at, "
	    "'%Y-%m-%d %H:%i:%s.%f') FROM ledger_entries WHERE id = ? "
	    "AND store_id = ? AND kind = 'settlement'", 1 },
	/*
	 * A page of settlements, newest first below a bound (time, id):
	 * store (and account, for one account's); from and to as UTC
	 * DATETIME text (NULL: none) twice each; medium ('' any) twice;
	 * staff (0 any) twice; the bound's time twice and id; LIMIT. The
	 * store's are read through ix_ledger_store_kind_time from the
	 * bound down; an account's through its own entries of the kind.
	 * Unapplied is what is left of the settlement as credit in hand.
	 */
#define SETTLEMENT_FILTERS "AND (? IS NULL OR e.created_at >= ?) "	\
	"AND (? IS NULL OR e.created_at < ?) "				\
	"AND (? = '' OR e.payment_method = ?) "				\
	"AND (? = 0 OR e.staff_id = ?) "
#define SETTLEMENT_LIST(index, account) "SELECT STRAIGHT_JOIN e.id, "	\
	"e.number, TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', "	\
	"e.created_at), a.number, c.name, e.amount, "			\
	"COALESCE(o.open_amount, 0), e.payment_method, e.reference, "	\
	"COALESCE(st.name, ''), COALESCE(ap.name, '') "			\
	"FROM ledger_entries e FORCE INDEX (" index ") "		\
	"JOIN accounts a ON a.id = e.account_id "			\
	"JOIN customers c ON c.id = a.customer_id "			\
	"LEFT JOIN open_items o ON o.entry_id = e.id "			\
	"LEFT JOIN staff st ON st.id = e.staff_id "			\
	"LEFT JOIN staff ap ON ap.id = e.approver_id "			\
	"WHERE e.store_id = ? " account "AND e.kind = 'settlement' "	\
	SETTLEMENT_FILTERS						\
	"AND (e.created_at < ? OR (e.created_at = ? AND e.id < ?)) "	\
	"ORDER BY e.created_at DESC, e.id DESC LIMIT ?"
#define SETTLEMENT_TOTALS(index, account) "SELECT COUNT(*), "		\
	"COALESCE(SUM(e.amount), 0), COALESCE(SUM(o.open_amount), 0) "	\
	"FROM ledger_entries e FORCE INDEX (" index ") "		\
	"LEFT JOIN open_items o ON o.entry_id = e.id "			\
	"WHERE e.store_id = ? " account "AND e.kind = 'settlement' "	\
	SETTLEMENT_FILTERS
	[STMT_SETTLEMENT_LIST] = { SETTLEMENT_LIST(
	    "ix_ledger_store_kind_time", ""), 1 },
	[STMT_SETTLEMENT_LIST_ACCOUNT] = { SETTLEMENT_LIST(
	    "ix_ledger_account_kind", "AND e.account_id = ? "), 1 },
	/* The count and sums of the settlements the filters match: as the lists, without bound and limit. */
	[STMT_SETTLEMENT_TOTALS] = { SETTLEMENT_TOTALS(
	    "ix_ledger_store_kind_time", ""), 1 },
	[STMT_SETTLEMENT_TOTALS_ACCOUNT] = { SETTLEMENT_TOTALS(
	    "ix_ledger_account_kind", "AND e.account_id = ? "), 1 },
#undef SETTLEMENT_LIST
#undef SETTLEMENT_TOTALS
#undef SETTLEMENT_FILTERS
	/* import */
	/* Every customer of a store with each account (or none), for the export. */
	[STMT_IMPORT_EXPORT_ROWS] = { "SELECT c.code, c.name, c.email, "
	    "c.phone, c.notes, a.id IS NOT NULL, COALESCE(a.number, ''), "
	    "COALESCE(a.active, 1), COALESCE(a.credit_limit, 0), "
	    "COALESCE(a.restrict_credit, 0), COALESCE(a.pay_later, 0), "
	    "COALESCE(a.on_hold, 0), COALESCE(a.hold_reason, ''), "
	    "COALESCE(a.frequency, ''), "
	    "COALESCE(DATE_FORMAT(a.frequency_start, '%Y-%m-%d'), ''), "
	    "COALESCE(a.statement_email, ''), COALESCE(a.balance, 0) "
	    "FROM customers c LEFT JOIN accounts a ON a.customer_id = c.id "
	    "AND a.store_id = c.store_id WHERE c.store_id = ? "
	    "ORDER BY c.id, a.id", 1 },
	/* groups */
	[STMT_GROUP_LIST_BY_STORE] = { "SELECT g.id, g.name, "
	    "(SELECT COUNT(*) FROM staff_stores ss WHERE ss.group_id = g.id "
	    "AND ss.store_id = g.store_id), "
	    "(SELECT COUNT(*) FROM group_permissions gp "
	    "WHERE gp.group_id = g.id AND gp.level = 1), "
	    "(SELECT COUNT(*) FROM group_permissions gp "
	    "WHERE gp.group_id = g.id AND gp.level = 2) "
	    "FROM user_groups g WHERE g.store_id = ? ORDER BY g.name, g.id", 1 },
	[STMT_GROUP_GET] = { "SELECT id, name FROM user_groups "
	    "WHERE id = ? AND store_id = ?", 1 },
	[STMT_GROUP_GET_FOR_UPDATE] = { "SELECT id, name FROM user_groups "
	    "WHERE id = ? AND store_id = ? FOR UPDATE", 0 },
	[STMT_GROUP_MEMBER_COUNT] = { "SELECT COUNT(*) FROM staff_stores "
	    "WHERE group_id = ? AND store_id = ?", 1 },
	/* Locks the group's memberships so none is added while it goes. */
	[STMT_GROUP_MEMBER_COUNT_FOR_UPDATE] = { "SELECT COUNT(*) FROM "
	    "staff_stores WHERE group_id = ? AND store_id = ? FOR UPDATE", 0 },
	[STMT_GROUP_RENAME] = { "UPDATE user_groups SET name = ? "
	    "WHERE id = ? AND store_id = ?", 0 },
	[STMT_GROUP_PERMISSIONS_DELETE] = { "DELETE FROM group_permissions "
	    "WHERE group_id = ?", 0 },
	[STMT_GROUP_DELETE] = { "DELETE FROM user_groups "
	    "WHERE id = ? AND store_id = ?", 0 },
	/* staff */
	[STMT_STAFF_LIST_BY_STORE] = { "SELECT st.id, st.email, st.name, "
	    "g.name, st.disabled, st.manager_code_hash IS NOT NULL "
	    "FROM staff_stores ss JOIN staff st ON st.id = ss.staff_id "
	    "JOIN user_groups g ON g.id = ss.group_id "
	    "WHERE ss.store_id = ? ORDER BY st.name, st.id", 1 },
	[STMT_STAFF_MEMBER_GET] = { "SELECT st.id, st.email, st.name, "
	    "ss.group_id, g.name, st.disabled, st.must_change_password, "
	    "st.manager_code_hash IS NOT NULL FROM staff_stores ss "
	    "JOIN staff st ON st.id = ss.staff_id "
	    "JOIN user_groups g ON g.id = ss.group_id "
	    "WHERE ss.staff_id = ? AND ss.store_id = ?", 1 },
	[STMT_STAFF_MEMBER_GET_FOR_UPDATE] = { "SELECT st.id, st.email, "
	    "st.name, ss.group_id, g.name, st.disabled, "
	    "st.must_change_password, st.manager_code_hash IS NOT NULL "
	    "FROM staff_stores ss JOIN staff st ON st.id = ss.staff_id "
	    "JOIN user_groups g ON g.id = ss.group_id "
	    "WHERE ss.staff_id = ? AND ss.store_id = ? FOR UPDATE", 0 },
	[STMT_STAFF_GROUP_LIST] = { "SELECT id, name FROM user_groups "
	    "WHERE store_id = ? ORDER BY name, id", 1 },
	[STMT_STAFF_GROUP_GET] = { "SELECT name FROM user_groups "
	    "WHERE id = ? AND store_id = ?", 1 },
	[STMT_STAFF_SET_NAME] = { "UPDATE staff SET name = ? WHERE id = ?", 0 },
	[STMT_STAFF_SET_DISABLED] = { "UPDATE staff SET disabled = ? "
	    "WHERE id = ?", 0 },
	[STMT_STAFF_MEMBERSHIP_SET_GROUP] = { "UPDATE staff_stores SET "
	    "group_id = ? WHERE staff_id = ? AND store_id = ?", 0 },
	[STMT_STAFF_MEMBERSHIP_DELETE] = { "DELETE FROM staff_stores "
	    "WHERE staff_id = ? AND store_id = ?", 0 },
	[STMT_STAFF_SESSIONS_DELETE] = { "DELETE FROM sessions "
	    "WHERE staff_id = ?", 0 },
	[STMT_STAFF_SESSIONS_DELETE_IN_STORE] = { "DELETE FROM sessions "
	    "WHERE staff_id = ? AND store_id = ?", 0 },
	/*
	 * Other stores of a staff member where the acting staff member may
	 * not manage staff outright.
	 */
	[STMT_STAFF_STORES_BEYOND] = { "SELECT COUNT(*) FROM staff_stores t "
	    "WHERE t.staff_id = ? AND t.store_id <> ? AND NOT EXISTS ("
	    "SELECT 1 FROM staff_stores a JOIN group_permissions gp "
	    "ON gp.group_id = a.group_id WHERE a.staff_id = ? "
	    "AND a.store_id = t.store_id AND gp.permission = 'manage_staff' "
	    "AND gp.level = 1)", 1 },
	/* Serializes changes that could leave a store without an Administrator. */
	[STMT_STAFF_LOCK_STORES] = { "SELECT id FROM stores WHERE id = ? "
	    "OR id IN (SELECT store_id FROM staff_stores WHERE staff_id = ?) "
	    "ORDER BY id FOR UPDATE", 0 },
	/* Stores where the staff member is the one enabled member of the group named. */
	[STMT_STAFF_SOLE_ADMIN_HERE] = { "SELECT COUNT(*) FROM staff_stores ss "
	    "JOIN staff st ON st.id = ss.staff_id "
	    "JOIN user_groups g ON g.id = ss.group_id "
	    "WHERE ss.staff_id = ? AND ss.store_id = ? AND g.name = ? "
	    "AND st.disabled = 0 AND NOT EXISTS (SELECT 1 FROM staff_stores o "
	    "JOIN staff os ON os.id = o.staff_id WHERE o.store_id = ss.store_id "
	    "AND o.group_id = ss.group_id AND o.staff_id <> ss.staff_id "
	    "AND os.disabled = 0)", 1 },
	[STMT_STAFF_SOLE_ADMIN_ELSEWHERE] = { "SELECT COUNT(*) FROM "
	    "staff_stores ss JOIN staff st ON st.id = ss.staff_id "
	    "JOIN user_groups g ON g.id = ss.group_id "
	    "WHERE ss.staff_id = ? AND ss.store_id <> ? AND g.name = ? "
	    "AND st.disabled = 0 AND NOT EXISTS (SELECT 1 FROM staff_stores o "
	    "JOIN staff os ON os.id = o.staff_id WHERE o.store_id = ss.store_id "
	    "AND o.group_id = ss.group_id AND o.staff_id <> ss.staff_id "
	    "AND os.disabled = 0)", 1 },
	/* stores */
	[STMT_STORE_MEMBERSHIPS] = { "SELECT so.id, so.code, so.name, "
	    "so.currency, so.timezone, g.name FROM staff_stores ss "
	    "JOIN stores so ON so.id = ss.store_id "
	    "JOIN user_groups g ON g.id = ss.group_id "
	    "WHERE ss.staff_id = ? ORDER BY so.code", 1 },
	[STMT_STORE_MEMBER_BY_CODE] = { "SELECT so.id FROM staff_stores ss "
	    "JOIN stores so ON so.id = ss.store_id "
	    "WHERE ss.staff_id = ? AND so.code = ?", 1 },
	[STMT_STORE_SETTINGS_GET] = { "SELECT code, currency, name, timezone, "
	    "bank_account_holder, bank_iban, bank_bic, bank_name, pay_cash, "
	    "pay_card, pay_bank_transfer, pay_cheque, pay_eft, "
	    "pay_customer_account, statement_terms_days, "
	    "auto_hold_overdue_days, auto_hold_overdue_amount "
	    "FROM stores WHERE id = ?", 1 },
	[STMT_STORE_SETTINGS_LOCK] = { "SELECT code, currency, name, timezone, "
	    "bank_account_holder, bank_iban, bank_bic, bank_name, pay_cash, "
	    "pay_card, pay_bank_transfer, pay_cheque, pay_eft, "
	    "pay_customer_account, statement_terms_days, "
	    "auto_hold_overdue_days, auto_hold_overdue_amount "
	    "FROM stores WHERE id = ? FOR UPDATE", 0 },
	[STMT_STORE_SETTINGS_UPDATE] = { "UPDATE stores SET name = ?, "
	    "timezone = ?, bank_account_holder = ?, bank_iban = ?, "
	    "bank_bic = ?, bank_name = ?, pay_cash = ?, pay_card = ?, "
	    "pay_bank_transfer = ?, pay_cheque = ?, pay_eft = ?, "
	    "pay_customer_account = ?, statement_terms_days = ?, "
	    "auto_hold_overdue_days = ?, auto_hold_overdue_amount = ? "
	    "WHERE id = ?", 0 },
	[STMT_SESSION_SET_STORE] = { "UPDATE sessions SET store_id = ? "
	    "WHERE token_hash = ? AND staff_id = ?", 0 },
	/* audit */
/*
 * One store's audit entries with optional filters, each written as
 * "(? = '' OR ...)" so that one statement serves every combination:
 * store; id bound (NULL: none) twice; actor substring of the recorded
 * name or the staff member's name, three times; action exact, twice;
 * action prefix, three times; object type, twice; object id, twice;
 * from and to as UTC DATETIME text (NULL: none), twice each; LIMIT.
 * before_json and after_json are cut at AUDIT_JSON_CHARS (audit_pages.c).
 */
#define AUDIT_SELECT "SELECT a.id, TIMESTAMPDIFF(SECOND, "		\
	"'1970-01-01 00:00:00', a.created_at), a.actor_type, "		\
	"COALESCE(a.actor_id, 0), a.actor_name, COALESCE(st.name, ''), "	\
	"a.action, a.object_type, a.object_id, "			\
	"LEFT(COALESCE(a.before_json, ''), 65536), "			\
	"LEFT(COALESCE(a.after_json, ''), 65536), "			\
	"COALESCE(a.approver_id, 0), COALESCE(a.approver_name, ''), "	\
	"a.client_addr FROM audit_log a LEFT JOIN staff st "		\
	"ON a.actor_type = 'staff' AND st.id = a.actor_id "		\
	"WHERE a.store_id = ? "
#define AUDIT_FILTERS "AND (? = '' OR LOCATE(?, a.actor_name) > 0 "	\
	"OR LOCATE(?, COALESCE(st.name, '')) > 0) "			\
	"AND (? = '' OR a.action = ?) "					\
	"AND (? = '' OR LEFT(a.action, CHAR_LENGTH(?)) = ?) "		\
	"AND (? = '' OR a.object_type = ?) "				\
	"AND (? = '' OR a.object_id = ?) "				\
	"AND (? IS NULL OR a.created_at >= ?) "				\
	"AND (? IS NULL OR a.created_at < ?) "
	[STMT_AUDIT_LIST] = { AUDIT_SELECT "AND (? IS NULL OR a.id < ?) "
	    AUDIT_FILTERS "ORDER BY a.id DESC LIMIT ?", 1 },
	/* The same, oldest first above an id: the page of newer entries. */
	[STMT_AUDIT_LIST_NEWER] = { AUDIT_SELECT "AND (? IS NULL OR a.id > ?) "
	    AUDIT_FILTERS "ORDER BY a.id ASC LIMIT ?", 1 },
#undef AUDIT_SELECT
#undef AUDIT_FILTERS
	/* check */
	/*
	 * The ledger's invariants, for slatectl check (cgi/ledger_check.c). Each
	 * binds the store (0: every store) twice per filter and returns a
	 * row per thing with a problem: store code, subject, entry number
	 * (''), a bit per problem found, three figures. Each reads whole
	 * tables once, grouped, never a query per account.
	 */
	/*
	 * Room to group and sort whole tables in memory, for this session
	 * only; and each check's inner query kept whole, so that the names
	 * of what is wrong are looked up for the rows with a problem only.
	 */
	[STMT_CHECK_SESSION] = { "SET SESSION tmp_table_size = 268435456, "
	    "max_heap_table_size = 268435456, sort_buffer_size = 67108864, "
	    "optimizer_switch = 'derived_merge=off'", 0 },
	[STMT_CHECK_COUNTS] = { "SELECT (SELECT COUNT(*) FROM accounts "
	    "WHERE ? = 0 OR store_id = ?), (SELECT COUNT(*) FROM "
	    "ledger_entries WHERE ? = 0 OR store_id = ?)", 1 },
	[STMT_CHECK_BALANCE] = { "SELECT s.code, CONCAT('account ', "
	    "a.number), '', 1, a.balance, COALESCE(t.total, 0), 0 "
	    "FROM accounts a JOIN stores s ON s.id = a.store_id "
	    "LEFT JOIN (SELECT account_id, SUM(amount) AS total "
	    "FROM ledger_entries WHERE ? = 0 OR store_id = ? "
	    "GROUP BY account_id) t ON t.account_id = a.id "
	    "WHERE (? = 0 OR a.store_id = ?) "
	    "AND a.balance <> COALESCE(t.total, 0) "
	    "ORDER BY a.store_id, a.id", 1 },
	/* Every entry whose balance after is not the one before plus its amount, by account and id. */
	[STMT_CHECK_CHAIN] = { "SELECT s.code, CONCAT('account ', "
	    "a.number), x.number, 1, x.prev, x.amount, x.balance_after "
	    "FROM (SELECT account_id, id, number, amount, balance_after, "
	    "COALESCE(LAG(balance_after) OVER (PARTITION BY account_id "
	    "ORDER BY id), 0) AS prev FROM ledger_entries "
	    "WHERE ? = 0 OR store_id = ?) x "
	    "JOIN accounts a ON a.id = x.account_id "
	    "JOIN stores s ON s.id = a.store_id "
	    "WHERE x.balance_after <> x.prev + CAST(x.amount AS DECIMAL(21)) "
	    "ORDER BY x.account_id, x.id", 1 },
	/* Entries without their open item, or with one of another side, size or account. */
	[STMT_CHECK_ENTRY_ITEMS] = { "SELECT s.code, CONCAT('account ', "
	    "a.number), x.number, x.bits, x.amount, x.item, 0 FROM (SELECT "
	    "e.account_id, e.id, e.number, e.amount, "
	    "COALESCE(IF(o.side = 'D', -o.amount, o.amount), 0) AS item, "
	    "(e.amount <> 0 AND o.entry_id IS NULL) "
	    "| ((o.entry_id IS NOT NULL AND e.amount <> 0 AND "
	    "IF(o.side = 'D', -o.amount, IF(o.side = 'C', o.amount, 0)) "
	    "<> e.amount) << 1) "
	    "| ((o.entry_id IS NOT NULL AND (o.account_id <> e.account_id "
	    "OR o.store_id <> e.store_id)) << 2) "
	    "| ((e.amount = 0 AND o.entry_id IS NOT NULL) << 3) "
	    "| ((e.store_id <> ac.store_id) << 4) AS bits "
	    "FROM ledger_entries e JOIN accounts ac ON ac.id = e.account_id "
	    "LEFT JOIN open_items o ON o.entry_id = e.id "
	    "WHERE ? = 0 OR e.store_id = ?) x "
	    "JOIN accounts a ON a.id = x.account_id "
	    "JOIN stores s ON s.id = a.store_id "
	    "WHERE x.bits <> 0 ORDER BY x.account_id, x.id", 1 },
	/* Open items against their allocations (both sides) and their closing. */
	[STMT_CHECK_ITEMS] = { "SELECT s.code, CONCAT('account ', a.number), "
	    "e.number, x.bits, x.amount, x.allocated, x.open_amount FROM "
	    "(SELECT o.account_id, o.entry_id, o.amount, o.open_amount, "
	    "COALESCE(t.allocated, 0) AS allocated, "
	    "(COALESCE(t.allocated, 0) > o.amount) "
	    "| ((o.open_amount <> o.amount - COALESCE(t.allocated, 0)) << 1) "
	    "| ((o.open_amount < 0) << 2) "
	    "| ((o.closed_at IS NOT NULL AND o.open_amount <> 0) << 3) "
	    "| ((o.closed_at IS NULL AND o.open_amount = 0) << 4) AS bits "
	    "FROM open_items o "
	    "LEFT JOIN (SELECT entry_id, SUM(allocated) AS allocated FROM "
	    "(SELECT credit_entry_id AS entry_id, SUM(amount) AS allocated "
	    "FROM allocations WHERE ? = 0 OR store_id = ? "
	    "GROUP BY credit_entry_id UNION ALL "
	    "SELECT debit_entry_id, SUM(amount) FROM allocations "
	    "WHERE ? = 0 OR store_id = ? GROUP BY debit_entry_id) u "
	    "GROUP BY entry_id) t ON t.entry_id = o.entry_id "
	    "WHERE ? = 0 OR o.store_id = ?) x "
	    "JOIN ledger_entries e ON e.id = x.entry_id "
	    "JOIN accounts a ON a.id = x.account_id "
	    "JOIN stores s ON s.id = a.store_id "
	    "WHERE x.bits <> 0 ORDER BY x.account_id, x.entry_id", 1 },
	/* Allocations from something other than a credit, to something other than a charge, across accounts. */
	[STMT_CHECK_ALLOCATIONS] = { "SELECT s.code, CONCAT('account ', "
	    "a.number), e.number, x.bits, x.amount, 0, 0 FROM (SELECT "
	    "al.account_id, al.id, al.credit_entry_id, al.amount, "
	    "(c.side <> 'C') | ((d.side <> 'D') << 1) "
	    "| ((c.account_id <> al.account_id "
	    "OR d.account_id <> al.account_id) << 2) AS bits "
	    "FROM allocations al "
	    "JOIN open_items c ON c.entry_id = al.credit_entry_id "
	    "JOIN open_items d ON d.entry_id = al.debit_entry_id "
	    "WHERE ? = 0 OR al.store_id = ?) x "
	    "JOIN ledger_entries e ON e.id = x.credit_entry_id "
	    "JOIN accounts a ON a.id = x.account_id "
	    "JOIN stores s ON s.id = a.store_id "
	    "WHERE x.bits <> 0 ORDER BY x.account_id, x.id", 1 },
	/* Accounts whose open items are not what they owe or hold. */
	[STMT_CHECK_ACCOUNT_ITEMS] = { "SELECT x.code, x.subject, '', x.bits, "
	    "x.balance, x.charges, x.credits FROM (SELECT s.code, "
	    "CONCAT('account ', a.number) AS subject, a.store_id, a.id, "
	    "a.balance, COALESCE(t.charges, 0) AS charges, "
	    "COALESCE(t.credits, 0) AS credits, "
	    "(COALESCE(t.charges, 0) > 0 AND COALESCE(t.credits, 0) > 0) "
	    "| ((COALESCE(t.charges, 0) <> GREATEST(0, -a.balance)) << 1) "
	    "| ((COALESCE(t.credits, 0) <> GREATEST(0, a.balance)) << 2) "
	    "AS bits FROM accounts a JOIN stores s ON s.id = a.store_id "
	    "LEFT JOIN (SELECT account_id, "
	    "SUM(IF(side = 'D', open_amount, 0)) AS charges, "
	    "SUM(IF(side = 'C', open_amount, 0)) AS credits "
	    "FROM open_items WHERE ? = 0 OR store_id = ? "
	    "GROUP BY account_id) t ON t.account_id = a.id "
	    "WHERE ? = 0 OR a.store_id = ?) x "
	    "WHERE x.bits <> 0 ORDER BY x.store_id, x.id", 1 },
	/* Reversals against the entries they reverse. */
	[STMT_CHECK_REVERSALS] = { "SELECT x.code, x.subject, x.number, "
	    "x.bits, x.amount, x.reversed, 0 FROM (SELECT s.code, "
	    "CONCAT('account ', a.number) AS subject, e.number, "
	    "e.account_id, e.id, e.amount, COALESCE(r.amount, 0) AS reversed, "
	    "(e.kind = 'reversal' AND e.reverses_id IS NULL) "
	    "| ((e.kind <> 'reversal' AND e.reverses_id IS NOT NULL) << 1) "
	    "| ((r.id IS NOT NULL AND r.account_id <> e.account_id) << 2) "
	    "| ((r.id IS NOT NULL AND "
	    "r.amount + CAST(e.amount AS DECIMAL(21)) <> 0) << 3) "
	    "| ((r.id IS NOT NULL AND r.kind = 'reversal') << 4) "
	    "| ((r.id IS NOT NULL AND r.id > e.id) << 5) AS bits "
	    "FROM ledger_entries e JOIN accounts a ON a.id = e.account_id "
	    "JOIN stores s ON s.id = a.store_id "
	    "LEFT JOIN ledger_entries r ON r.id = e.reverses_id "
	    "WHERE (? = 0 OR e.store_id = ?) "
	    "AND (e.kind = 'reversal' OR e.reverses_id IS NOT NULL)) x "
	    "WHERE x.bits <> 0 ORDER BY x.account_id, x.id", 1 },
	[STMT_CHECK_GIFT_CARDS] = { "SELECT s.code, CONCAT('gift card ', "
	    "g.code), '', (g.balance <> COALESCE(t.total, 0)) "
	    "| ((g.balance < 0) << 1), g.balance, COALESCE(t.total, 0), 0 "
	    "FROM gift_cards g JOIN stores s ON s.id = g.store_id "
	    "LEFT JOIN (SELECT card_id, SUM(amount) AS total "
	    "FROM gift_card_entries WHERE ? = 0 OR store_id = ? "
	    "GROUP BY card_id) t ON t.card_id = g.id "
	    "WHERE (? = 0 OR g.store_id = ?) "
	    "AND (g.balance <> COALESCE(t.total, 0) OR g.balance < 0) "
	    "ORDER BY g.store_id, g.id", 1 },
	[STMT_CHECK_GIFT_CHAIN] = { "SELECT s.code, CONCAT('gift card ', "
	    "g.code), '', 1, x.prev, x.amount, x.balance_after "
	    "FROM (SELECT card_id, id, amount, balance_after, "
	    "COALESCE(LAG(balance_after) OVER (PARTITION BY card_id "
	    "ORDER BY id), 0) AS prev FROM gift_card_entries "
	    "WHERE ? = 0 OR store_id = ?) x "
	    "JOIN gift_cards g ON g.id = x.card_id "
	    "JOIN stores s ON s.id = g.store_id "
	    "WHERE x.balance_after <> x.prev + CAST(x.amount AS DECIMAL(21)) "
	    "ORDER BY x.card_id, x.id", 1 },
	/*
	 * ageing (cgi/ageing.c): the open charges as of a date, each with
	 * what was open of it then and its bucket (0 current .. 4 over 90
	 * days). Args: past (0: the open amounts as stored), the end of
	 * the date (UTC), then each of the four bounds as a date and its
	 * first instant (UTC); the scope's args; then past, the end twice.
	 * A charge is due on max(due_on, its local date): it is due on or
	 * after a bound when due_on is, or when it was made on or after the
	 * bound's first instant.
	 */
#define AGEING_ITEMS(scope) "SELECT o.account_id, IF(?, o.amount - "	\
	"COALESCE((SELECT SUM(l.amount) FROM allocations l "		\
	"WHERE l.debit_entry_id = o.entry_id AND l.created_at < ?), 0), " \
	"o.open_amount) AS open_at, "					\
	"CASE WHEN o.due_on >= ? OR o.created_at >= ? THEN 0 "		\
	"WHEN o.due_on >= ? OR o.created_at >= ? THEN 1 "		\
	"WHEN o.due_on >= ? OR o.created_at >= ? THEN 2 "		\
	"WHEN o.due_on >= ? OR o.created_at >= ? THEN 3 ELSE 4 END "	\
	"AS bucket FROM open_items o WHERE " scope " AND o.side = 'D' "	\
	"AND (o.closed_at IS NULL OR (? AND o.closed_at >= ?)) "	\
	"AND o.created_at < ?"
#define AGEING_SUMS "COALESCE(SUM(IF(i.bucket = 0, i.open_at, 0)), 0), " \
	"COALESCE(SUM(IF(i.bucket = 1, i.open_at, 0)), 0), "		\
	"COALESCE(SUM(IF(i.bucket = 2, i.open_at, 0)), 0), "		\
	"COALESCE(SUM(IF(i.bucket = 3, i.open_at, 0)), 0), "		\
	"COALESCE(SUM(IF(i.bucket = 4, i.open_at, 0)), 0), "		\
	"COALESCE(SUM(i.open_at), 0)"
	/* One account's buckets and total: scope account, store. */
	[STMT_AGEING_ACCOUNT] = { "SELECT " AGEING_SUMS " FROM ("
	    AGEING_ITEMS("o.account_id = ? AND o.store_id = ?") ") i", 1 },
	/*
	 * The store's accounts that owe as of the date: how many, and the
	 * sums of their buckets and totals. Scope: store; then only over 60
	 * days (1: accounts with anything 61 days or more past due).
	 */
	[STMT_AGEING_STORE_TOTALS] = { "SELECT COUNT(*), "
	    "COALESCE(SUM(g.b0), 0), COALESCE(SUM(g.b1), 0), "
	    "COALESCE(SUM(g.b2), 0), COALESCE(SUM(g.b3), 0), "
	    "COALESCE(SUM(g.b4), 0), COALESCE(SUM(g.total), 0) FROM ("
	    "SELECT i.account_id, "
	    "SUM(IF(i.bucket = 0, i.open_at, 0)) AS b0, "
	    "SUM(IF(i.bucket = 1, i.open_at, 0)) AS b1, "
	    "SUM(IF(i.bucket = 2, i.open_at, 0)) AS b2, "
	    "SUM(IF(i.bucket = 3, i.open_at, 0)) AS b3, "
	    "SUM(IF(i.bucket = 4, i.open_at, 0)) AS b4, "
	    "SUM(i.open_at) AS total FROM ("
	    AGEING_ITEMS("o.store_id = ?") ") i GROUP BY i.account_id) g "
	    "WHERE g.total > 0 AND (? = 0 OR g.b3 + g.b4 > 0)", 1 },
	/*
	 * A page of them with account number and customer, sorted: scope
	 * store; only over 60 days; the account number's order (0: not by
	 * it, 1 ascending, 2 descending) twice; the customer name's the
	 * same twice; an amount's: its sign (1 ascending, -1 descending)
	 * and column (1..5 the buckets, 6 the total, 0 none); then always
	 * by account number; LIMIT, OFFSET.
	 */
	[STMT_AGEING_STORE_PAGE] = { "SELECT a.number, c.code, c.name, "
	    "g.b0, g.b1, g.b2, g.b3, g.b4, g.total FROM ("
	    "SELECT i.account_id, "
	    "SUM(IF(i.bucket = 0, i.open_at, 0)) AS b0, "
	    "SUM(IF(i.bucket = 1, i.open_at, 0)) AS b1, "
	    "SUM(IF(i.bucket = 2, i.open_at, 0)) AS b2, "
	    "SUM(IF(i.bucket = 3, i.open_at, 0)) AS b3, "
	    "SUM(IF(i.bucket = 4, i.open_at, 0)) AS b4, "
	    "SUM(i.open_at) AS total FROM ("
	    AGEING_ITEMS("o.store_id = ?") ") i GROUP BY i.account_id) g "
	    "JOIN accounts a ON a.id = g.account_id "
	    "JOIN customers c ON c.id = a.customer_id "
	    "WHERE g.total > 0 AND (? = 0 OR g.b3 + g.b4 > 0) "
	    "ORDER BY IF(? = 1, a.number, NULL) ASC, "
	    "IF(? = 2, a.number, NULL) DESC, "
	    "IF(? = 1, c.name, NULL) ASC, IF(? = 2, c.name, NULL) DESC, "
	    "? * CASE ? WHEN 1 THEN g.b0 WHEN 2 THEN g.b1 WHEN 3 THEN g.b2 "
	    "WHEN 4 THEN g.b3 WHEN 5 THEN g.b4 WHEN 6 THEN g.total "
	    "ELSE 0 END ASC, a.number ASC, a.id ASC LIMIT ? OFFSET ?", 1 },
#undef AGEING_SUMS
#undef AGEING_ITEMS
	/* gift cards (cgi/giftcard.c, cgi/giftcards.c) */
#define GIFT_CARD_SELECT "SELECT id, code, balance, active, "		\
	"TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', created_at) "	\
	"FROM gift_cards WHERE store_id = ? AND code = ?"
	[STMT_GIFT_CARD_GET] = { GIFT_CARD_SELECT, 1 },
	[STMT_GIFT_CARD_GET_FOR_UPDATE] = { GIFT_CARD_SELECT " FOR UPDATE",
	    0 },
#undef GIFT_CARD_SELECT
	[STMT_GIFT_CARD_INSERT] = { "INSERT INTO gift_cards (store_id, code, "
	    "balance, active, created_at, updated_at) VALUES (?, ?, ?, 1, "
	    "UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))", 0 },
	[STMT_GIFT_CARD_SET_BALANCE] = { "UPDATE gift_cards SET balance = ?, "
	    "updated_at = UTC_TIMESTAMP(6) WHERE id = ? AND store_id = ?", 0 },
	[STMT_GIFT_CARD_SET_ACTIVE] = { "UPDATE gift_cards SET active = ?, "
	    "updated_at = UTC_TIMESTAMP(6) WHERE id = ? AND store_id = ?", 0 },
	/* store, card, kind, amount, balance after, ledger entry, staff, note. */
	[STMT_GIFT_CARD_ENTRY_INSERT] = { "INSERT INTO gift_card_entries "
	    "(store_id, card_id, kind, amount, balance_after, ledger_entry_id, "
	    "staff_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
	    "UTC_TIMESTAMP(6))", 0 },
	/*
	 * A page of a store's cards, newest first below an id (0: from the
	 * newest), whose code starts with a prefix ('' any, LIKE-escaped):
	 * store, id twice, prefix twice, LIMIT.
	 */
	[STMT_GIFT_CARD_LIST] = { "SELECT id, code, balance, active, "
	    "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', created_at) "
	    "FROM gift_cards WHERE store_id = ? AND (? = 0 OR id < ?) "
	    "AND (? = '' OR code LIKE CONCAT(?, '%')) "
	    "ORDER BY id DESC LIMIT ?", 1 },
	/*
	 * A page of a card's entries, newest first below an id (0: from the
	 * newest), with the ledger entry and account that put the money on
	 * it and who did: card, store, id twice, LIMIT.
	 */
	[STMT_GIFT_CARD_ENTRIES] = { "SELECT g.id, g.kind, g.amount, "
	    "g.balance_after, COALESCE(e.number, ''), COALESCE(a.number, ''), "
	    "COALESCE(st.name, ''), "
	    "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', g.created_at) "
	    "FROM gift_card_entries g "
	    "LEFT JOIN ledger_entries e ON e.id = g.ledger_entry_id "
	    "LEFT JOIN accounts a ON a.id = e.account_id "
	    "LEFT JOIN staff st ON st.id = g.staff_id "
	    "WHERE g.card_id = ? AND g.store_id = ? AND (? = 0 OR g.id < ?) "
	    "ORDER BY g.id DESC LIMIT ?", 1 },
	/* lanes api */
	/* A new lane: store, name, token hash, created by (NULL: slatectl). */
	[STMT_LANE_INSERT] = { "INSERT INTO lanes (store_id, name, token_hash, "
	    "created_at, created_by) VALUES (?, ?, ?, UTC_TIMESTAMP(6), ?)", 0 },
	/* A lane of a store by name: id, name, revoked: store, name. */
	[STMT_LANE_GET_BY_NAME] = { "SELECT id, name, revoked_at IS NOT NULL "
	    "FROM lanes WHERE store_id = ? AND name = ?", 1 },
	/* A lane to revoke, locked: name, revoked: lane, store. */
	[STMT_LANE_GET_FOR_UPDATE] = { "SELECT name, revoked_at IS NOT NULL "
	    "FROM lanes WHERE id = ? AND store_id = ? FOR UPDATE", 0 },
	/* Revokes a lane: revoked by (NULL: slatectl), lane, store. */
	[STMT_LANE_REVOKE] = { "UPDATE lanes SET revoked_at = "
	    "UTC_TIMESTAMP(6), revoked_by = ? WHERE id = ? AND store_id = ? "
	    "AND revoked_at IS NULL", 0 },
	/*
	 * The lane of a token hash with its store and where the store's
	 * feed stands (the highest position of its accounts, one read of
	 * the end of uq_accounts_store_feed), in one lookup by unique key:
	 * id, store,
	 * name, revoked, seconds since last seen (-1: never), last feed
	 * position (-1: none), last address, last error and seconds since
	 * (-1: never), the store's name, currency, time zone and feed epoch,
	 * the store's feed sequence.
	 */
	[STMT_LANE_AUTH] = { "SELECT l.id, l.store_id, l.name, "
	    "l.revoked_at IS NOT NULL, "
	    "COALESCE(TIMESTAMPDIFF(SECOND, l.last_seen_at, UTC_TIMESTAMP(6)), "
	    "-1), COALESCE(CAST(l.last_feed_seq AS SIGNED), -1), l.last_addr, "
	    "l.last_error_code, COALESCE(TIMESTAMPDIFF(SECOND, "
	    "l.last_error_at, UTC_TIMESTAMP(6)), -1), s.name, s.currency, "
	    "s.timezone, s.feed_epoch, COALESCE((SELECT MAX(a.feed_seq) "
	    "FROM accounts a WHERE a.store_id = l.store_id), 0) FROM lanes l "
	    "JOIN stores s ON s.id = l.store_id "
	    "WHERE l.token_hash = ?", 1 },
	/* The lane was seen: address, lane. */
	[STMT_LANE_TOUCH] = { "UPDATE lanes SET last_seen_at = "
	    "UTC_TIMESTAMP(6), last_addr = ? WHERE id = ?", 0 },
	/* The lane was seen with a cursor: address, cursor, position, lane. */
	[STMT_LANE_TOUCH_CURSOR] = { "UPDATE lanes SET last_seen_at = "
	    "UTC_TIMESTAMP(6), last_addr = ?, last_cursor = ?, "
	    "last_feed_seq = ? WHERE id = ?", 0 },
	/* An error answered to the lane: address, code, lane. */
	[STMT_LANE_NOTE_ERROR] = { "UPDATE lanes SET last_seen_at = "
	    "UTC_TIMESTAMP(6), last_addr = ?, last_error_code = ?, "
	    "last_error_at = UTC_TIMESTAMP(6), api_errors = api_errors + 1 "
	    "WHERE id = ?", 0 },
	/*
	 * A page of the account change feed, in feed order after a position
	 * (docs/lane-feed.md): number, customer code and name, active, on
	 * hold, pay later, restrict credit, limit, balance, version, feed
	 * sequence: store, position, LIMIT. An empty poll is one range read
	 * of uq_accounts_store_feed that finds nothing.
	 */
	/* A new epoch for a store's feed: store. */
	[STMT_LANE_FEED_RESTART] = { "UPDATE stores SET feed_epoch = "
	    "LOWER(HEX(RANDOM_BYTES(8))) WHERE id = ?", 0 },
	/* Every store, or the one of a code ('' for all): id, code. */
	[STMT_LANE_STORES] = { "SELECT id, code FROM stores "
	    "WHERE ? = '' OR code = ? ORDER BY id", 1 },
	/*
	 * Waits until every account change of the store that took a feed
	 * position so far has committed, and holds new ones off until
	 * commit (docs/lane-feed.md): store.
	 */
	[STMT_LANE_FEED_BARRIER] = { "SELECT store_id FROM store_counters "
	    "WHERE store_id = ? FOR UPDATE", 0 },
	[STMT_LANE_FEED] = { "SELECT a.number, c.code, c.name, a.active, "
	    "a.on_hold, a.pay_later, a.restrict_credit, a.credit_limit, "
	    "a.balance, a.version, a.feed_seq, a.hold_reason FROM accounts a "
	    "FORCE INDEX (uq_accounts_store_feed) "
	    "JOIN customers c ON c.id = a.customer_id "
	    "WHERE a.store_id = ? AND a.feed_seq > ? "
	    "ORDER BY a.feed_seq LIMIT ?", 1 },
	/* An account's id by number: store, number. */
	/*
	 * What a lane's transaction id became, if anything, and the id of
	 * the account it names (0: none): found, fingerprint, status,
	 * reason, entry number, balance and available after (0 for none),
	 * flags, account id: store, account number, lane, id. Always a row.
	 */
	[STMT_LANE_TX_LOOKUP] = { "SELECT t.lane_id IS NOT NULL, "
	    "t.fingerprint, t.status, t.reason, t.entry_number, "
	    "COALESCE(t.balance_after, 0), COALESCE(t.available_after, 0), "
	    "COALESCE(t.flags, 0), COALESCE((SELECT a.id FROM accounts a "
	    "WHERE a.store_id = ? AND a.number = ?), 0) "
	    "FROM (SELECT 1) one LEFT JOIN lane_transactions t "
	    "ON t.lane_id = ? AND t.id = ?", 0 },
	/*
	 * A lane's transaction and its result: lane, id, store, fingerprint,
	 * kind, account number, amount, offline, the lane's time, status,
	 * reason, entry (NULL: none), entry number, balance and available
	 * after (NULL: none), flags.
	 */
	[STMT_LANE_TX_INSERT] = { "INSERT INTO lane_transactions (lane_id, id, "
	    "store_id, fingerprint, kind, account_number, amount, offline, "
	    "lane_created_at, status, reason, entry_id, entry_number, "
	    "balance_after, available_after, flags, created_at) VALUES (?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6))", 0 },
	/* Puts an account on hold: reason, account, store. */
	[STMT_LANE_HOLD] = { "UPDATE accounts SET on_hold = 1, hold_reason = ?, "
	    "hold_auto = 0, "
	    "updated_at = UTC_TIMESTAMP(6) WHERE id = ? AND store_id = ?", 0 },
	/*
	 * An offline posting that broke a rule: store, lane, account, entry,
	 * flags, receipt, amount, balance after.
	 */
	[STMT_LANE_EXCEPTION_INSERT] = { "INSERT INTO lane_exceptions "
	    "(store_id, lane_id, account_id, entry_id, flags, receipt, amount, "
	    "balance_after, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
	    "UTC_TIMESTAMP(6))", 0 },
	/*
	 * What lanes need to know of their store: payment methods (cash,
	 * card, bank transfer once the bank account is set, cheque, EFT,
	 * customer account), offline caps per transaction and per lane:
	 * store.
	 */
	[STMT_LANE_CONFIG_STORE] = { "SELECT pay_cash, pay_card, "
	    "pay_bank_transfer AND bank_iban <> '', pay_cheque, pay_eft, "
	    "pay_customer_account, offline_max_transaction, "
	    "offline_max_lane_total FROM stores WHERE id = ?", 1 },
	/*
	 * Each user group of a store with its levels (0 none, 1 allowed,
	 * 2 manager code) of two permissions: first permission key, second
	 * permission key, store.
	 */
	[STMT_LANE_CONFIG_GROUPS] = { "SELECT g.name, COALESCE(p.level, 0), "
	    "COALESCE(d.level, 0) FROM user_groups g "
	    "LEFT JOIN group_permissions p ON p.group_id = g.id "
	    "AND p.permission = ? "
	    "LEFT JOIN group_permissions d ON d.group_id = g.id "
	    "AND d.permission = ? WHERE g.store_id = ? ORDER BY g.name", 1 },
	/* lanes pages */
	/*
	 * A store's lanes, active first, by name: id, name, times (seconds
	 * since the epoch, 0 for none) of creation, revocation and last
	 * sight, address, feed position (-1: never synced), how many of the
	 * store's accounts changed after it (a count on
	 * uq_accounts_store_feed), API errors, the last error and its time:
	 * store, LIMIT.
	 */
	[STMT_LANE_PAGE_LIST] = { "SELECT l.id, l.name, "
	    "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', l.created_at), "
	    "COALESCE(TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', "
	    "l.revoked_at), 0), "
	    "COALESCE(TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', "
	    "l.last_seen_at), 0), l.last_addr, "
	    "COALESCE(CAST(l.last_feed_seq AS SIGNED), -1), "
	    "(SELECT COUNT(*) FROM accounts a WHERE a.store_id = l.store_id "
	    "AND a.feed_seq > COALESCE(l.last_feed_seq, 0)), "
	    "l.api_errors, l.last_error_code, "
	    "COALESCE(TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', "
	    "l.last_error_at), 0) "
	    "FROM lanes l WHERE l.store_id = ? "
	    "ORDER BY l.revoked_at IS NOT NULL, l.name, l.id LIMIT ?", 1 },
	/* One lane of a store: id, name, revoked (0: not): lane, store. */
	[STMT_LANE_PAGE_GET] = { "SELECT id, name, "
	    "COALESCE(TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', "
	    "revoked_at), 0) FROM lanes WHERE id = ? AND store_id = ?", 1 },
	/* exceptions */
	/*
	 * An exception with its lane, account, customer, entry and who
	 * acknowledged it: id, created (seconds since the epoch), lane,
	 * account number, customer code and name, receipt, amount, flags,
	 * balance after, entry number, acknowledged by and at (0: open),
	 * hold lifted here, the account's hold now and its reason.
	 */
#define EXCEPTION_SELECT "SELECT x.id, " \
	    "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', x.created_at), " \
	    "l.name, a.number, c.code, c.name, x.receipt, x.amount, x.flags, " \
	    "x.balance_after, e.number, COALESCE(st.name, ''), " \
	    "COALESCE(TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', " \
	    "x.acknowledged_at), 0), x.hold_lifted, a.on_hold, a.hold_reason " \
	    "FROM lane_exceptions x " \
	    "JOIN lanes l ON l.id = x.lane_id " \
	    "JOIN accounts a ON a.id = x.account_id " \
	    "JOIN customers c ON c.id = a.customer_id " \
	    "JOIN ledger_entries e ON e.id = x.entry_id " \
	    "LEFT JOIN staff st ON st.id = x.acknowledged_by "
	/*
	 * A page of a store's exceptions, newest first below an id (0: from
	 * the newest); open only (1), acknowledged only (2) or all (0):
	 * store, show twice, id twice, LIMIT.
	 */
	[STMT_EXCEPTION_LIST] = { EXCEPTION_SELECT "WHERE x.store_id = ? "
	    "AND (? <> 1 OR x.acknowledged_at IS NULL) "
	    "AND (? <> 2 OR x.acknowledged_at IS NOT NULL) "
	    "AND (? = 0 OR x.id < ?) ORDER BY x.id DESC LIMIT ?", 1 },
	/* One exception of a store: id, store. */
	[STMT_EXCEPTION_GET] = { EXCEPTION_SELECT
	    "WHERE x.id = ? AND x.store_id = ?", 1 },
#undef EXCEPTION_SELECT
	/* Acknowledges an open exception: staff, id, store. */
	[STMT_EXCEPTION_ACK] = { "UPDATE lane_exceptions SET "
	    "acknowledged_by = ?, acknowledged_at = UTC_TIMESTAMP(6) "
	    "WHERE id = ? AND store_id = ? AND acknowledged_at IS NULL", 0 },
	/* Notes that the hold was lifted from this exception: id, store. */
	[STMT_EXCEPTION_HOLD_LIFTED] = { "UPDATE lane_exceptions SET "
	    "hold_lifted = 1 WHERE id = ? AND store_id = ?", 0 },
	/* How many exceptions of a store are open: store. */
	[STMT_EXCEPTION_OPEN_COUNT] = { "SELECT COUNT(*) FROM lane_exceptions "
	    "WHERE store_id = ? AND acknowledged_at IS NULL", 1 },
	/* auto-hold */
	/*
	 * cgi/autohold.c. The stores an auto-hold run looks at: those with
	 * a rule on, and those with holds a rule put (to lift them once the
	 * rules are off): id, code, zone, currency, days, amount. Args:
	 * store (0: every store) twice.
	 */
	[STMT_AUTOHOLD_STORES] = { "SELECT s.id, s.code, s.timezone, "
	    "s.currency, s.auto_hold_overdue_days, s.auto_hold_overdue_amount "
	    "FROM stores s WHERE (? = 0 OR s.id = ?) AND "
	    "(s.auto_hold_overdue_days > 0 OR s.auto_hold_overdue_amount > 0 "
	    "OR EXISTS (SELECT 1 FROM accounts a WHERE a.store_id = s.id "
	    "AND a.hold_auto = 1)) ORDER BY s.id", 1 },
	/* A store's zone, currency and rules: store. */
	[STMT_AUTOHOLD_STORE] = { "SELECT timezone, currency, "
	    "auto_hold_overdue_days, auto_hold_overdue_amount FROM stores "
	    "WHERE id = ?", 1 },
	/*
	 * The accounts a run changes, by the rule of cgi/ageing.h (a charge
	 * is due on max(due_on, its local date), so "due before X" is
	 * "due_on before X or none, and made before X's first instant"):
	 * those held by a rule, and the active ones not on hold whose open
	 * charges due before the days rule's bound (the oldest more than N
	 * days past due) exist, or whose charges due before today add up
	 * to more than the amount. Args: the bound's date and first instant
	 * (UTC); store; today's date and first instant; store; days;
	 * amount twice.
	 */
	[STMT_AUTOHOLD_CANDIDATES] = { "SELECT a.id FROM accounts a "
	    "LEFT JOIN (SELECT o.account_id, SUM(o.open_amount) AS overdue, "
	    "MAX((o.due_on IS NULL OR o.due_on < ?) AND o.created_at < ?) "
	    "AS late FROM open_items o WHERE o.store_id = ? AND o.side = 'D' "
	    "AND o.closed_at IS NULL AND o.open_amount > 0 "
	    "AND (o.due_on IS NULL OR o.due_on < ?) AND o.created_at < ? "
	    "GROUP BY o.account_id) t ON t.account_id = a.id "
	    "WHERE a.store_id = ? AND (a.hold_auto = 1 OR (a.active = 1 "
	    "AND a.on_hold = 0 AND ((? > 0 AND t.late = 1) "
	    "OR (? > 0 AND t.overdue > ?)))) ORDER BY a.id", 1 },
	/* An account, locked: number, active, hold, by a rule, reason: account, store. */
	[STMT_AUTOHOLD_LOCK] = { "SELECT number, active, on_hold, hold_auto, "
	    "hold_reason FROM accounts WHERE id = ? AND store_id = ? "
	    "FOR UPDATE", 0 },
	/*
	 * An account's open charges due before today, read with a locking
	 * read (the latest committed rows): due_on ('' none), made (seconds
	 * since the epoch), open amount. Args: account, store, today's date
	 * and first instant (UTC).
	 */
	[STMT_AUTOHOLD_OVERDUE_ITEMS] = { "SELECT "
	    "COALESCE(DATE_FORMAT(due_on, '%Y-%m-%d'), ''), "
	    "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', created_at), "
	    "open_amount FROM open_items WHERE account_id = ? AND side = 'D' "
	    "AND closed_at IS NULL AND store_id = ? AND open_amount > 0 "
	    "AND (due_on IS NULL OR due_on < ?) AND created_at < ? "
	    "FOR UPDATE", 0 },
	/* Puts or lifts a hold: on hold, by a rule, reason, account, store. */
	[STMT_AUTOHOLD_SET] = { "UPDATE accounts SET on_hold = ?, "
	    "hold_auto = ?, hold_reason = ?, updated_at = UTC_TIMESTAMP(6) "
	    "WHERE id = ? AND store_id = ?", 0 },
	/* statements */
	/*
	 * cgi/statement.c: the account a statement is issued for, locked
	 * (before anything else): account, store.
	 */
	[STMT_STATEMENT_LOCK_ACCOUNT] = { "SELECT number, customer_id, "
	    "statement_email, frequency, "
	    "COALESCE(DATE_FORMAT(frequency_start, '%Y-%m-%d'), ''), "
	    "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', created_at) "
	    "FROM accounts WHERE id = ? AND store_id = ? FOR UPDATE", 0 },
	/* The account's latest statement: period end, last entry, closing balance. Args: account, store. */
	[STMT_STATEMENT_LATEST] = { "SELECT DATE_FORMAT(period_end, "
	    "'%Y-%m-%d'), last_entry_id, closing_balance FROM statements "
	    "WHERE account_id = ? AND store_id = ? "
	    "ORDER BY period_end DESC LIMIT 1", 1 },
	/* The customer's and the store's names and terms: customer, store. */
	[STMT_STATEMENT_PARTIES] = { "SELECT c.code, c.name, s.name, "
	    "s.currency, s.timezone, s.bank_account_holder, s.bank_iban, "
	    "s.bank_bic, s.bank_name, s.statement_terms_days "
	    "FROM customers c JOIN stores s ON s.id = c.store_id "
	    "WHERE c.id = ? AND c.store_id = ?", 1 },
	/* When the account's first entry was made (seconds, UTC): account, store. */
	[STMT_STATEMENT_FIRST_ENTRY] = { "SELECT TIMESTAMPDIFF(SECOND, "
	    "'1970-01-01 00:00:00', created_at) FROM ledger_entries "
	    "WHERE account_id = ? AND store_id = ? ORDER BY id LIMIT 1", 1 },
	/*
	 * The account's entries after an entry, in ledger order (the
	 * caller stops at the first made after the period): account,
	 * store, after id.
	 */
	[STMT_STATEMENT_ENTRIES] = { "SELECT id, number, kind, reference, "
	    "amount, balance_after, "
	    "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', created_at) "
	    "FROM ledger_entries WHERE account_id = ? AND store_id = ? "
	    "AND id > ? ORDER BY id", 1 },
	/*
	 * The account's open charges up to an entry, oldest first: number,
	 * time (seconds, UTC), due date or '', amount, open amount. Args:
	 * account, store, last entry.
	 */
	[STMT_STATEMENT_OPEN_ITEMS] = { "SELECT e.number, "
	    "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', o.created_at), "
	    "COALESCE(DATE_FORMAT(o.due_on, '%Y-%m-%d'), ''), o.amount, "
	    "o.open_amount FROM open_items o "
	    "JOIN ledger_entries e ON e.id = o.entry_id "
	    "WHERE o.account_id = ? AND o.store_id = ? AND o.side = 'D' "
	    "AND o.closed_at IS NULL AND o.entry_id <= ? "
	    "ORDER BY o.entry_id", 1 },
	[STMT_STATEMENT_COUNTER_LOCK] = { "SELECT next_statement "
	    "FROM store_counters WHERE store_id = ? FOR UPDATE", 0 },
	[STMT_STATEMENT_COUNTER_BUMP] = { "UPDATE store_counters "
	    "SET next_statement = next_statement + 1 WHERE store_id = ?", 0 },
	[STMT_STATEMENT_INSERT] = { "INSERT INTO statements (store_id, "
	    "account_id, number, period_start, period_end, issued_at, "
	    "issued_by, last_entry_id, currency, opening_balance, "
	    "total_debits, total_credits, closing_balance, amount_due, due_on, "
	    "age_current, age_1_30, age_31_60, age_61_90, age_over_90, "
	    "account_number, customer_code, customer_name, email, store_name, "
	    "bank_account_holder, bank_iban, bank_bic, bank_name) VALUES "
	    "(?, ?, ?, ?, ?, UTC_TIMESTAMP(6), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 0 },
	/*
	 * All the lines of a statement in one go: statement, then a JSON
	 * array of [entry id, number, date, kind, reference, amount,
	 * balance after], one per line in order.
	 */
	[STMT_STATEMENT_LINES_INSERT] = { "INSERT INTO statement_lines "
	    "(statement_id, line_no, entry_id, entry_number, posted_on, kind, "
	    "reference, amount, balance_after) SELECT ?, j.n, j.e, j.num, "
	    "j.d, j.k, j.r, j.a, j.b FROM JSON_TABLE(?, '$[*]' COLUMNS ("
	    "n FOR ORDINALITY, e BIGINT UNSIGNED PATH '$[0]' ERROR ON EMPTY, "
	    "num VARCHAR(16) CHARACTER SET utf8mb4 PATH '$[1]' ERROR ON EMPTY, "
	    "d DATE PATH '$[2]' ERROR ON EMPTY, "
	    "k VARCHAR(16) CHARACTER SET utf8mb4 PATH '$[3]' ERROR ON EMPTY, "
	    "r VARCHAR(200) CHARACTER SET utf8mb4 PATH '$[4]' ERROR ON EMPTY, "
	    "a BIGINT PATH '$[5]' ERROR ON EMPTY, "
	    "b BIGINT PATH '$[6]' ERROR ON EMPTY)) j", 0 },
	/*
	 * All the open items of a statement: statement, then a JSON array
	 * of [number, date, due date, amount, open amount, days overdue].
	 */
	[STMT_STATEMENT_ITEMS_INSERT] = { "INSERT INTO statement_open_items "
	    "(statement_id, line_no, entry_number, posted_on, due_on, amount, "
	    "open_amount, days_overdue) SELECT ?, j.n, j.num, j.d, j.due, "
	    "j.a, j.o, j.late FROM JSON_TABLE(?, '$[*]' COLUMNS ("
	    "n FOR ORDINALITY, "
	    "num VARCHAR(16) CHARACTER SET utf8mb4 PATH '$[0]' ERROR ON EMPTY, "
	    "d DATE PATH '$[1]' ERROR ON EMPTY, "
	    "due DATE PATH '$[2]' ERROR ON EMPTY, "
	    "a BIGINT PATH '$[3]' ERROR ON EMPTY, "
	    "o BIGINT PATH '$[4]' ERROR ON EMPTY, "
	    "late INT PATH '$[5]' ERROR ON EMPTY)) j", 0 },
	/* The account's next statement date (NULL: no rule): date, account, store. */
	[STMT_STATEMENT_NEXT_DATE] = { "UPDATE accounts SET "
	    "next_statement_on = ? WHERE id = ? AND store_id = ?", 0 },
	/* The statement run: every store, in id order. */
	[STMT_STATEMENT_RUN_STORES] = { "SELECT id, code, currency, timezone "
	    "FROM stores ORDER BY id", 1 },
	/*
	 * The store's active accounts with a rule and a next statement date
	 * on or before a date, in id order: id, number, rule, its start,
	 * the period end of the latest statement ('': none). Args: store,
	 * date.
	 */
	[STMT_STATEMENT_RUN_DUE] = { "SELECT a.id, a.number, a.frequency, "
	    "COALESCE(DATE_FORMAT(a.frequency_start, '%Y-%m-%d'), ''), "
	    "COALESCE((SELECT DATE_FORMAT(MAX(s.period_end), '%Y-%m-%d') "
	    "FROM statements s WHERE s.account_id = a.id), '') "
	    "FROM accounts a WHERE a.store_id = ? AND a.active = 1 "
	    "AND a.frequency <> '' AND a.next_statement_on <= ? "
	    "ORDER BY a.id", 1 },
	/* statement mail */
	/*
	 * A statement of a store as issued: id, number, period, currency,
	 * figures, ageing, names and bank details: statement id, store.
	 */
	[STMT_STMAIL_STATEMENT] = { "SELECT id, number, "
	    "DATE_FORMAT(period_start, '%Y-%m-%d'), "
	    "DATE_FORMAT(period_end, '%Y-%m-%d'), currency, opening_balance, "
	    "total_debits, total_credits, closing_balance, amount_due, "
	    "DATE_FORMAT(due_on, '%Y-%m-%d'), age_current, age_1_30, "
	    "age_31_60, age_61_90, age_over_90, account_number, customer_code, "
	    "customer_name, email, store_name, bank_account_holder, bank_iban, "
	    "bank_bic, bank_name FROM statements WHERE id = ? AND store_id = ?",
	    1 },
	/* The lines of a statement in order: statement id, store. */
	[STMT_STMAIL_LINES] = { "SELECT DATE_FORMAT(l.posted_on, '%Y-%m-%d'), "
	    "l.entry_number, l.kind, l.reference, l.amount, l.balance_after "
	    "FROM statement_lines l JOIN statements s ON s.id = l.statement_id "
	    "WHERE l.statement_id = ? AND s.store_id = ? ORDER BY l.line_no",
	    1 },
	/* The open sales of a statement in order: statement id, store. */
	[STMT_STMAIL_ITEMS] = { "SELECT i.entry_number, "
	    "DATE_FORMAT(i.posted_on, '%Y-%m-%d'), "
	    "DATE_FORMAT(i.due_on, '%Y-%m-%d'), i.amount, i.open_amount, "
	    "i.days_overdue FROM statement_open_items i "
	    "JOIN statements s ON s.id = i.statement_id "
	    "WHERE i.statement_id = ? AND s.store_id = ? ORDER BY i.line_no",
	    1 },
	/* outbox */
	/*
	 * Queues a message, due at once: store, statement, recipient,
	 * subject, message, created by (NULL for the run).
	 */
	[STMT_OUTBOX_INSERT] = { "INSERT INTO outbox (store_id, statement_id, "
	    "recipient, subject, message, status, attempts, next_attempt_at, "
	    "created_at, created_by) VALUES (?, ?, ?, ?, ?, 'queued', 0, "
	    "UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), ?)", 0 },
	/*
	 * Records a message that cannot go out (no message, failed at
	 * once): store, statement, recipient, subject, why, created by.
	 */
	[STMT_OUTBOX_INSERT_REFUSED] = { "INSERT INTO outbox (store_id, "
	    "statement_id, recipient, subject, message, status, attempts, "
	    "next_attempt_at, last_error, created_at, created_by) VALUES "
	    "(?, ?, ?, ?, '', 'failed', 0, UTC_TIMESTAMP(6), ?, "
	    "UTC_TIMESTAMP(6), ?)", 0 },
	/*
	 * Locks the next due message that no one else has locked: id,
	 * attempts so far, message length; store (0: all) twice.
	 */
	[STMT_OUTBOX_CLAIM] = { "SELECT id, attempts, LENGTH(message) "
	    "FROM outbox WHERE status = 'queued' "
	    "AND next_attempt_at <= UTC_TIMESTAMP(6) "
	    "AND (? = 0 OR store_id = ?) ORDER BY next_attempt_at, id "
	    "LIMIT 1 FOR UPDATE SKIP LOCKED", 0 },
	/* The message as queued: id. */
	[STMT_OUTBOX_MESSAGE] = { "SELECT message FROM outbox WHERE id = ?",
	    1 },
	/*
	 * Counts an attempt of a claimed message and moves its next attempt
	 * on, before it is handed over: seconds to wait, id.
	 */
	[STMT_OUTBOX_TAKE] = { "UPDATE outbox SET attempts = attempts + 1, "
	    "next_attempt_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND "
	    "WHERE id = ? AND status = 'queued'", 0 },
	/* Gives a message up: the error, id. */
	[STMT_OUTBOX_GIVE_UP] = { "UPDATE outbox SET status = 'failed', "
	    "last_error = ? WHERE id = ? AND status = 'queued'", 0 },
	/* Logs an attempt as under way: message id. */
	[STMT_OUTBOX_ATTEMPT_INSERT] = { "INSERT INTO outbox_attempts "
	    "(outbox_id, attempted_at, ok, error) "
	    "VALUES (?, UTC_TIMESTAMP(6), 0, 'sending')", 0 },
	/* The result of an attempt: ok, error, attempt id. */
	[STMT_OUTBOX_ATTEMPT_RESULT] = { "UPDATE outbox_attempts SET ok = ?, "
	    "error = ? WHERE id = ?", 0 },
	/* Marks a message sent: id. */
	[STMT_OUTBOX_SENT] = { "UPDATE outbox SET status = 'sent', "
	    "sent_at = UTC_TIMESTAMP(6), last_error = '' "
	    "WHERE id = ? AND status = 'queued'", 0 },
	/*
	 * After a failed attempt: the error, seconds to the next attempt,
	 * the attempts after which it is given up, id.
	 */
	[STMT_OUTBOX_RETRY_LATER] = { "UPDATE outbox SET last_error = ?, "
	    "next_attempt_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND, "
	    "status = IF(attempts >= ?, 'failed', 'queued') "
	    "WHERE id = ? AND status = 'queued'", 0 },
	/* Messages not sent yet, due or later: store (0: all) twice. */
	[STMT_OUTBOX_WAITING] = { "SELECT COUNT(*) FROM outbox "
	    "WHERE status = 'queued' AND (? = 0 OR store_id = ?)", 1 },
	/* statement pages */
	/* The issue time of a statement, the bound of a page of the lists: id, store. */
	[STMT_STPAGE_BOUND] = { "SELECT DATE_FORMAT(issued_at, "
	    "'%Y-%m-%d %H:%i:%s.%f') FROM statements "
	    "WHERE id = ? AND store_id = ?", 1 },
	/*
	 * A page of statements, newest first below a bound (issued_at,
	 * id): store (and account id, for one account's); period_end from
	 * and to as 'YYYY-MM-DD' (NULL: none) twice each; account number
	 * ('' any) twice; delivery ('' any) twice; the bound's time twice
	 * and id; LIMIT. Delivery: 'noaddress' when it has no address,
	 * else the status of its latest message (queued, sent, failed),
	 * 'unsent' when none was queued.
	 */
#define STPAGE_DELIVERY "(CASE WHEN s.email = '' THEN 'noaddress' "	\
	"ELSE COALESCE((SELECT o.status FROM outbox o "			\
	"WHERE o.statement_id = s.id ORDER BY o.id DESC LIMIT 1), "	\
	"'unsent') END)"
#define STPAGE_LIST(index, account) "SELECT s.id, s.number, "		\
	"s.account_number, s.customer_name, "				\
	"DATE_FORMAT(s.period_start, '%Y-%m-%d'), "			\
	"DATE_FORMAT(s.period_end, '%Y-%m-%d'), s.amount_due, "	\
	"s.closing_balance, DATE_FORMAT(s.due_on, '%Y-%m-%d'), "	\
	"s.email, " STPAGE_DELIVERY " "					\
	"FROM statements s FORCE INDEX (" index ") "			\
	"WHERE s.store_id = ? " account					\
	"AND (? IS NULL OR s.period_end >= ?) "				\
	"AND (? IS NULL OR s.period_end <= ?) "				\
	"AND (? = '' OR s.account_number = ?) "				\
	"AND (? = '' OR " STPAGE_DELIVERY " = ?) "			\
	"AND (s.issued_at < ? OR (s.issued_at = ? AND s.id < ?)) "	\
	"ORDER BY s.issued_at DESC, s.id DESC LIMIT ?"
	[STMT_STPAGE_LIST] = { STPAGE_LIST("ix_statements_store_issued",
	    ""), 1 },
	[STMT_STPAGE_LIST_ACCOUNT] = { STPAGE_LIST("uq_statements_period",
	    "AND s.account_id = ? "), 1 },
#undef STPAGE_LIST
#undef STPAGE_DELIVERY
	/* A statement of a store by number: id, account id. Args: store, number. */
	[STMT_STPAGE_GET] = { "SELECT id, account_id FROM statements "
	    "WHERE store_id = ? AND number = ?", 1 },
	/*
	 * Every message of a statement with each of its attempts (one row
	 * per attempt; a message not tried yet has one row with attempt
	 * id 0), oldest first: statement, store.
	 */
	[STMT_STPAGE_DELIVERY_LOG] = { "SELECT o.id, o.recipient, o.status, "
	    "o.attempts, TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', "
	    "o.created_at), COALESCE(TIMESTAMPDIFF(SECOND, "
	    "'1970-01-01 00:00:00', o.sent_at), 0), TIMESTAMPDIFF(SECOND, "
	    "'1970-01-01 00:00:00', o.next_attempt_at), o.last_error, "
	    "COALESCE(st.name, ''), COALESCE(t.id, 0), "
	    "COALESCE(TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', "
	    "t.attempted_at), 0), COALESCE(t.ok, 0), COALESCE(t.error, '') "
	    "FROM outbox o LEFT JOIN staff st ON st.id = o.created_by "
	    "LEFT JOIN outbox_attempts t ON t.outbox_id = o.id "
	    "WHERE o.statement_id = ? AND o.store_id = ? "
	    "ORDER BY o.id, t.id", 1 },
	/*
	 * The active accounts of a store whose next statement date falls
	 * between two dates ('YYYY-MM-DD', both included), soonest first:
	 * store, from, to, LIMIT.
	 */
	[STMT_STPAGE_DUE] = { "SELECT DATE_FORMAT(a.next_statement_on, "
	    "'%Y-%m-%d'), a.number, c.code, c.name, a.balance, "
	    "a.statement_email FROM accounts a FORCE INDEX "
	    "(ix_accounts_store_next) JOIN customers c ON c.id = a.customer_id "
	    "WHERE a.store_id = ? AND a.next_statement_on >= ? "
	    "AND a.next_statement_on <= ? AND a.active = 1 "
	    "ORDER BY a.next_statement_on, a.id LIMIT ?", 1 },
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
	unsigned int		 timeout = (unsigned int)c->db_read_timeout;
	char			 init[200];

	if ((db->conn = mysql_init(NULL)) == NULL) {
		db_set_error(db, 0, "out of memory");
		return DB_ERR;
	}
	mysql_options(db->conn, MYSQL_OPT_RECONNECT, &off);
	mysql_options(db->conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	/*
	 * A wait for the server longer than this is a lost connection:
	 * the server then rolls the transaction back and frees its locks,
	 * instead of a stuck request holding them for good.
	 */
	if (timeout > 0) {
		mysql_options(db->conn, MYSQL_OPT_READ_TIMEOUT, &timeout);
		mysql_options(db->conn, MYSQL_OPT_WRITE_TIMEOUT, &timeout);
	}
	snprintf(init, sizeof(init), "SET time_zone = '+00:00', "
	    "sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ENGINE_SUBSTITUTION', "
	    "innodb_lock_wait_timeout = %ld", c->db_lock_wait);
	mysql_options(db->conn, MYSQL_INIT_COMMAND, init);
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

/*
 * Closes the connection, then frees the statements: closed first, the
 * library no longer reads anything for them, whatever state they are in.
 */
static void
db_disconnect(struct db *db)
{
	if (db->conn != NULL)
		mysql_close(db->conn);
	db->conn = NULL;
	db_free_statements(db);
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
	if (mysql_stmt_bind_result(st, db->rbind) != 0) {
		rc = db_fail(db, s, st);
		if (db->conn != NULL)
			mysql_stmt_free_result(st);
		return rc;
	}
	/*
	 * An error instead of the rows (a deadlock found while they were
	 * read, after their columns came) leaves the statement waiting for
	 * rows the server never sends: freeing or using it again waits for
	 * good (Connector/C 3.3). The connection is dropped instead, which
	 * rolls its transaction back; the next statement connects again.
	 */
	if (mysql_stmt_store_result(st) != 0) {
		rc = db_fail(db, s, st);
		db_disconnect(db);
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
		/* A NULL leaves the length as it was: it is an empty value. */
		if (!db->rnull[i] && (db->rerr[i] || db->rlen[i] > c->cap - 1)) {
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
