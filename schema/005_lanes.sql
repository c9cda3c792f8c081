-- 005: POS lanes: their tokens and sync position, the transactions they
-- posted (kept forever, for replays), the exceptions their offline
-- postings raised, the store's offline caps and the epoch of its feed.

-- A lane (till) of one store. Only the SHA-256 of its token is stored;
-- the token is shown once when the lane is registered. A revoked lane
-- keeps its row (and its name): its postings and its audit trail name it.
-- last_* tell the portal where the lane is: last_seen_at is refreshed at
-- most once a minute, last_cursor/last_feed_seq whenever the lane reads
-- the feed with a cursor that moved.
CREATE TABLE lanes (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  store_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(100) NOT NULL,
  token_hash BINARY(32) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  created_by BIGINT UNSIGNED NULL,
  revoked_at DATETIME(6) NULL,
  revoked_by BIGINT UNSIGNED NULL,
  last_seen_at DATETIME(6) NULL,
  -- The cursor the lane last sent (or was last given), and its position
  -- in the store's feed; the portal shows how many changes it is behind.
  last_cursor VARCHAR(100) NOT NULL DEFAULT '',
  last_feed_seq BIGINT UNSIGNED NULL,
  last_addr VARCHAR(64) NOT NULL DEFAULT '',
  last_error_code VARCHAR(32) NOT NULL DEFAULT '',
  last_error_at DATETIME(6) NULL,
  api_errors BIGINT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uq_lanes_store_name (store_id, name),
  UNIQUE KEY uq_lanes_token (token_hash),
  CONSTRAINT fk_lanes_store FOREIGN KEY (store_id) REFERENCES stores (id),
  CONSTRAINT fk_lanes_created_by FOREIGN KEY (created_by) REFERENCES staff (id),
  CONSTRAINT fk_lanes_revoked_by FOREIGN KEY (revoked_by) REFERENCES staff (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every transaction a lane sent, by the lane's own id (unique per lane,
-- forever): a replay with the same fingerprint (SHA-256 of the canonical
-- content) gets this result again, one with another fingerprint is a
-- conflict. Rejections are kept too. Never updated nor deleted.
CREATE TABLE lane_transactions (
  lane_id BIGINT UNSIGNED NOT NULL,
  id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  store_id BIGINT UNSIGNED NOT NULL,
  fingerprint BINARY(32) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  account_number VARCHAR(64) NOT NULL,
  amount BIGINT NOT NULL,
  offline TINYINT(1) NOT NULL,
  -- The lane's clock, as the lane sent it (RFC 3339), kept as data only.
  lane_created_at VARCHAR(40) NOT NULL,
  status VARCHAR(10) NOT NULL,
  -- Of a rejection: unknown_account, inactive, on_hold, ...
  reason VARCHAR(32) NOT NULL DEFAULT '',
  -- Of a posting: what the result said, so a replay says it again.
  entry_id BIGINT UNSIGNED NULL,
  entry_number VARCHAR(16) NOT NULL DEFAULT '',
  balance_after BIGINT NULL,
  available_after BIGINT NULL,
  flags INT UNSIGNED NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (lane_id, id),
  KEY ix_lane_transactions_entry (entry_id),
  KEY ix_lane_transactions_store (store_id, created_at),
  CONSTRAINT fk_lane_transactions_lane FOREIGN KEY (lane_id) REFERENCES lanes (id),
  CONSTRAINT fk_lane_transactions_store FOREIGN KEY (store_id) REFERENCES stores (id),
  CONSTRAINT fk_lane_transactions_entry FOREIGN KEY (entry_id) REFERENCES ledger_entries (id),
  CONSTRAINT ck_lane_transactions_status CHECK (status IN ('created', 'rejected')),
  CONSTRAINT ck_lane_transactions_entry CHECK ((status = 'created') = (entry_id IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TRIGGER lane_transactions_no_update BEFORE UPDATE ON lane_transactions FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'lane transactions are kept as sent';

CREATE TRIGGER lane_transactions_no_delete BEFORE DELETE ON lane_transactions FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'lane transactions are kept as sent';

-- An offline posting that broke a rule (flags: LEDGER_FLAG_* bits,
-- 1 over_limit, 2 after_hold, 4 inactive). It put the account on hold;
-- a manager acknowledges it, and may lift the hold from there.
CREATE TABLE lane_exceptions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  store_id BIGINT UNSIGNED NOT NULL,
  lane_id BIGINT UNSIGNED NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  entry_id BIGINT UNSIGNED NOT NULL,
  flags INT UNSIGNED NOT NULL,
  receipt VARCHAR(64) NOT NULL DEFAULT '',
  amount BIGINT NOT NULL,
  balance_after BIGINT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  acknowledged_by BIGINT UNSIGNED NULL,
  acknowledged_at DATETIME(6) NULL,
  hold_lifted TINYINT(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uq_lane_exceptions_entry (entry_id),
  -- The store's open exceptions (not acknowledged) first, newest first.
  KEY ix_lane_exceptions_store (store_id, acknowledged_at, id),
  KEY ix_lane_exceptions_account (account_id, id),
  CONSTRAINT fk_lane_exceptions_store FOREIGN KEY (store_id) REFERENCES stores (id),
  CONSTRAINT fk_lane_exceptions_lane FOREIGN KEY (lane_id) REFERENCES lanes (id),
  CONSTRAINT fk_lane_exceptions_account FOREIGN KEY (account_id) REFERENCES accounts (id),
  CONSTRAINT fk_lane_exceptions_entry FOREIGN KEY (entry_id) REFERENCES ledger_entries (id),
  CONSTRAINT fk_lane_exceptions_ack FOREIGN KEY (acknowledged_by) REFERENCES staff (id),
  CONSTRAINT ck_lane_exceptions_flags CHECK (flags > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The lane that posted an entry (NULL: the portal or the command line).
ALTER TABLE ledger_entries
  ADD COLUMN lane_id BIGINT UNSIGNED NULL AFTER approver_id,
  ADD CONSTRAINT fk_ledger_lane FOREIGN KEY (lane_id) REFERENCES lanes (id);

-- Offline caps the store sets for its lanes (0: none): the most one
-- offline sale may be, and the most a lane may take on account while it
-- is offline. Lanes read them from /api/v1/lane/config.
-- feed_epoch is put in every feed cursor: a new value (a restored
-- backup, see docs/lane-feed.md) makes lanes start their sync again.
ALTER TABLE stores
  ADD COLUMN offline_max_transaction BIGINT NOT NULL DEFAULT 0 AFTER pay_customer_account,
  ADD COLUMN offline_max_lane_total BIGINT NOT NULL DEFAULT 0 AFTER offline_max_transaction,
  ADD COLUMN feed_epoch CHAR(16) NOT NULL DEFAULT (LOWER(HEX(RANDOM_BYTES(8)))) AFTER offline_max_lane_total,
  ADD CONSTRAINT ck_stores_offline_caps CHECK (offline_max_transaction BETWEEN 0 AND 9007199254740991
    AND offline_max_lane_total BETWEEN 0 AND 9007199254740991);

UPDATE stores SET feed_epoch = LOWER(HEX(RANDOM_BYTES(8)));
