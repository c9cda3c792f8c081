-- 003: customers, client accounts, the ledger, and the per-store counters
-- that number them and order every change lanes must see.

-- One row per store. Numbers are taken under this row's lock, so they are
-- never reused. feed_seq orders account changes: a transaction that changes
-- an account takes the next value under the same lock and keeps the lock
-- until it commits, so values become visible in order and a reader paging
-- by feed_seq never skips one (see docs/lane-feed.md).
CREATE TABLE store_counters (
  store_id BIGINT UNSIGNED NOT NULL,
  next_customer BIGINT UNSIGNED NOT NULL DEFAULT 1,
  next_account BIGINT UNSIGNED NOT NULL DEFAULT 1,
  next_entry BIGINT UNSIGNED NOT NULL DEFAULT 1,
  feed_seq BIGINT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id),
  CONSTRAINT fk_store_counters_store FOREIGN KEY (store_id) REFERENCES stores (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO store_counters (store_id) SELECT id FROM stores;

CREATE TABLE customers (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  store_id BIGINT UNSIGNED NOT NULL,
  code VARCHAR(16) NOT NULL,
  name VARCHAR(200) NOT NULL,
  email VARCHAR(254) NOT NULL DEFAULT '',
  phone VARCHAR(40) NOT NULL DEFAULT '',
  notes VARCHAR(2000) NOT NULL DEFAULT '',
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  -- Emails often start with the name, so a search by the start of an
  -- email cannot read the names in order and hope to meet the matches
  -- early; it reads the customers whose email starts with the same three
  -- characters, in name order (ix_customers_store_email_start).
  email_start VARCHAR(3) AS (LEFT(email, 3)) VIRTUAL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_customers_store_code (store_id, code),
  -- The list's order; it holds code, email and phone too, so that a
  -- search by one of them that reads the names in order reads only this.
  KEY ix_customers_store_name (store_id, name, id, code, email, phone),
  KEY ix_customers_store_email (store_id, email),
  KEY ix_customers_store_email_start (store_id, email_start, name, id, email),
  KEY ix_customers_store_phone (store_id, phone),
  CONSTRAINT fk_customers_store FOREIGN KEY (store_id) REFERENCES stores (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every three-character piece of every customer's name, with the name, so
-- that a search for part of a name (STMT_CUSTOMER_SEARCH) reads only the
-- names holding three characters of the search, in name order, instead of
-- all the store's names. Kept by the triggers below, whatever
-- writes the customers; a name shorter than three characters has none.
CREATE TABLE customer_name_grams (
  store_id BIGINT UNSIGNED NOT NULL,
  gram VARCHAR(3) NOT NULL,
  name VARCHAR(200) NOT NULL,
  customer_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (store_id, gram, name, customer_id),
  KEY ix_customer_name_grams_customer (customer_id),
  CONSTRAINT fk_customer_name_grams_customer FOREIGN KEY (customer_id)
    REFERENCES customers (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE PROCEDURE customer_name_grams_put(store BIGINT UNSIGNED,
    customer BIGINT UNSIGNED, customer_name VARCHAR(200))
BEGIN
  DECLARE i INT DEFAULT 1;
  WHILE i <= CHAR_LENGTH(customer_name) - 2 DO
    INSERT IGNORE INTO customer_name_grams (store_id, gram, name, customer_id)
      VALUES (store, LOWER(SUBSTRING(customer_name, i, 3)), customer_name, customer);
    SET i = i + 1;
  END WHILE;
END;

CREATE TRIGGER customers_name_grams_insert AFTER INSERT ON customers FOR EACH ROW
  CALL customer_name_grams_put(NEW.store_id, NEW.id, NEW.name);

CREATE TRIGGER customers_name_grams_update AFTER UPDATE ON customers FOR EACH ROW
BEGIN
  IF CAST(NEW.name AS BINARY) <> CAST(OLD.name AS BINARY) THEN
    DELETE FROM customer_name_grams WHERE customer_id = OLD.id;
    CALL customer_name_grams_put(NEW.store_id, NEW.id, NEW.name);
  END IF;
END;

CREATE TABLE accounts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  store_id BIGINT UNSIGNED NOT NULL,
  customer_id BIGINT UNSIGNED NOT NULL,
  number VARCHAR(16) NOT NULL,
  active TINYINT(1) NOT NULL DEFAULT 1,
  credit_limit BIGINT NOT NULL DEFAULT 0,
  restrict_credit TINYINT(1) NOT NULL DEFAULT 1,
  pay_later TINYINT(1) NOT NULL DEFAULT 0,
  on_hold TINYINT(1) NOT NULL DEFAULT 0,
  hold_reason VARCHAR(200) NOT NULL DEFAULT '',
  frequency VARCHAR(100) NOT NULL DEFAULT '',
  frequency_start DATE NULL,
  -- The first statement date on or after the day of the last change, in the
  -- store's time zone (NULL without a rule); the statement run moves it on.
  -- The account list's "statement due" filter reads it.
  next_statement_on DATE NULL,
  statement_email VARCHAR(254) NOT NULL DEFAULT '',
  balance BIGINT NOT NULL DEFAULT 0,
  -- Bumped at every change a lane sees; the lane contract's "version".
  version BIGINT UNSIGNED NOT NULL DEFAULT 1,
  feed_seq BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_accounts_store_number (store_id, number),
  UNIQUE KEY uq_accounts_store_feed (store_id, feed_seq),
  KEY ix_accounts_customer (customer_id),
  KEY ix_accounts_store_id (store_id, id),
  KEY ix_accounts_store_next (store_id, next_statement_on),
  CONSTRAINT fk_accounts_store FOREIGN KEY (store_id) REFERENCES stores (id),
  CONSTRAINT fk_accounts_customer FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT ck_accounts_limit CHECK (credit_limit >= 0 AND credit_limit <= 9007199254740991),
  CONSTRAINT ck_accounts_balance CHECK (balance BETWEEN -9007199254740991 AND 9007199254740991)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Immutable once written: corrections are new entries. Triggers refuse
-- every UPDATE and DELETE.
CREATE TABLE ledger_entries (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  store_id BIGINT UNSIGNED NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  number VARCHAR(16) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  amount BIGINT NOT NULL,
  balance_after BIGINT NOT NULL,
  payment_method VARCHAR(16) NOT NULL DEFAULT '',
  reference VARCHAR(64) NOT NULL DEFAULT '',
  note VARCHAR(500) NOT NULL DEFAULT '',
  staff_id BIGINT UNSIGNED NULL,
  approver_id BIGINT UNSIGNED NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_ledger_store_number (store_id, number),
  -- An account's entries newest first (by id), of a kind, or in a span
  -- of time. Each holds what the account page's filters look at, so the
  -- page finds its entries in the index alone and reads only those from
  -- the table (cgi/db.c, STMT_LEDGER_LIST).
  KEY ix_ledger_account (account_id, id, store_id, kind, created_at),
  KEY ix_ledger_account_kind (account_id, kind, id, store_id, created_at),
  KEY ix_ledger_account_time (account_id, store_id, created_at, kind),
  CONSTRAINT fk_ledger_store FOREIGN KEY (store_id) REFERENCES stores (id),
  CONSTRAINT fk_ledger_account FOREIGN KEY (account_id) REFERENCES accounts (id),
  CONSTRAINT ck_ledger_kind CHECK (kind IN ('opening', 'sale', 'refund', 'deposit',
    'payout', 'settlement', 'adjustment', 'reversal'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ledger entries are immutable';

CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ledger entries are immutable';
