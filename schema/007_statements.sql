-- 007: statements: issued on the settlement schedule, numbered without
-- gaps per store, frozen once issued; the mail outbox that delivers them;
-- the store's statement terms and auto-hold rules.

-- Statement numbers (S000001, ...) are taken from the store's counters
-- row inside the transaction that issues the statement, so a number is
-- used exactly when its statement commits: no gaps, no reuse.
ALTER TABLE store_counters
  ADD COLUMN next_statement BIGINT UNSIGNED NOT NULL DEFAULT 1;

-- statement_terms_days: the amount due on a statement is due this many
-- days after the statement date. auto_hold_overdue_days /
-- auto_hold_overdue_amount: put an account on hold when something has
-- been overdue more than that many days, or when what is overdue exceeds
-- that amount (minor units); 0 turns a rule off.
ALTER TABLE stores
  ADD COLUMN statement_terms_days SMALLINT UNSIGNED NOT NULL DEFAULT 14,
  ADD COLUMN auto_hold_overdue_days SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN auto_hold_overdue_amount BIGINT NOT NULL DEFAULT 0;

-- hold_auto: the hold was put by an auto-hold rule (and is lifted by
-- the settlement that clears it); a hold staff put stays until staff
-- lift it.
ALTER TABLE accounts
  ADD COLUMN hold_auto TINYINT(1) NOT NULL DEFAULT 0 AFTER hold_reason;

-- A statement as issued. Every figure and every name on it is a copy
-- taken when it was issued, so it reads the same forever; corrections
-- appear on the next statement. period_start..period_end are dates in
-- the store's time zone, both included; period_end is the statement
-- date. An account has at most one statement per statement date.
CREATE TABLE statements (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  store_id BIGINT UNSIGNED NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  number VARCHAR(16) NOT NULL,
  period_start DATE NOT NULL,
  period_end DATE NOT NULL,
  issued_at DATETIME(6) NOT NULL,
  -- NULL when the statement run issued it.
  issued_by BIGINT UNSIGNED NULL,
  -- The last ledger entry of the account the statement covers (0: none
  -- ever); the next statement starts after it.
  last_entry_id BIGINT UNSIGNED NOT NULL DEFAULT 0,
  currency CHAR(3) NOT NULL,
  opening_balance BIGINT NOT NULL,
  total_debits BIGINT NOT NULL,
  total_credits BIGINT NOT NULL,
  closing_balance BIGINT NOT NULL,
  amount_due BIGINT NOT NULL,
  due_on DATE NOT NULL,
  age_current BIGINT NOT NULL,
  age_1_30 BIGINT NOT NULL,
  age_31_60 BIGINT NOT NULL,
  age_61_90 BIGINT NOT NULL,
  age_over_90 BIGINT NOT NULL,
  account_number VARCHAR(16) NOT NULL,
  customer_code VARCHAR(16) NOT NULL,
  customer_name VARCHAR(200) NOT NULL,
  -- Where it is sent; '' when the account has no statement address (then
  -- it is issued and not sent, and the lists flag it).
  email VARCHAR(254) NOT NULL DEFAULT '',
  store_name VARCHAR(200) NOT NULL,
  bank_account_holder VARCHAR(200) NOT NULL DEFAULT '',
  bank_iban VARCHAR(34) NOT NULL DEFAULT '',
  bank_bic VARCHAR(11) NOT NULL DEFAULT '',
  bank_name VARCHAR(200) NOT NULL DEFAULT '',
  PRIMARY KEY (id),
  UNIQUE KEY uq_statements_number (store_id, number),
  UNIQUE KEY uq_statements_period (account_id, period_end),
  KEY ix_statements_store_issued (store_id, issued_at),
  CONSTRAINT fk_statements_store FOREIGN KEY (store_id) REFERENCES stores (id),
  CONSTRAINT fk_statements_account FOREIGN KEY (account_id) REFERENCES accounts (id),
  CONSTRAINT fk_statements_issued_by FOREIGN KEY (issued_by) REFERENCES staff (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The entries of a statement's period with the running balance, in
-- ledger order (line 1, 2, ...), copied when it was issued.
CREATE TABLE statement_lines (
  statement_id BIGINT UNSIGNED NOT NULL,
  line_no INT UNSIGNED NOT NULL,
  entry_id BIGINT UNSIGNED NOT NULL,
  entry_number VARCHAR(16) NOT NULL,
  posted_on DATE NOT NULL,
  kind VARCHAR(16) NOT NULL,
  reference VARCHAR(200) NOT NULL DEFAULT '',
  amount BIGINT NOT NULL,
  balance_after BIGINT NOT NULL,
  PRIMARY KEY (statement_id, line_no),
  CONSTRAINT fk_statement_lines_statement FOREIGN KEY (statement_id) REFERENCES statements (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The sales still open when the statement was issued, oldest first,
-- with how many days past due each was on the statement date.
CREATE TABLE statement_open_items (
  statement_id BIGINT UNSIGNED NOT NULL,
  line_no INT UNSIGNED NOT NULL,
  entry_number VARCHAR(16) NOT NULL,
  posted_on DATE NOT NULL,
  due_on DATE NOT NULL,
  amount BIGINT NOT NULL,
  open_amount BIGINT NOT NULL,
  days_overdue INT NOT NULL,
  PRIMARY KEY (statement_id, line_no),
  CONSTRAINT fk_statement_open_items_statement FOREIGN KEY (statement_id) REFERENCES statements (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Mail waiting to go out or gone: the whole RFC 5322 message as built
-- when it was queued, handed to sendmail as it is (a re-send queues a new
-- message from the same frozen statement). status: queued (to be tried
-- at next_attempt_at), sent, or failed (gave up after the last attempt).
CREATE TABLE outbox (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  store_id BIGINT UNSIGNED NOT NULL,
  statement_id BIGINT UNSIGNED NULL,
  recipient VARCHAR(254) NOT NULL,
  subject VARCHAR(300) NOT NULL,
  message MEDIUMBLOB NOT NULL,
  status VARCHAR(8) NOT NULL DEFAULT 'queued',
  attempts INT UNSIGNED NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(6) NOT NULL,
  last_error VARCHAR(500) NOT NULL DEFAULT '',
  created_at DATETIME(6) NOT NULL,
  created_by BIGINT UNSIGNED NULL,
  sent_at DATETIME(6) NULL,
  PRIMARY KEY (id),
  KEY ix_outbox_due (status, next_attempt_at),
  KEY ix_outbox_statement (statement_id),
  CONSTRAINT fk_outbox_store FOREIGN KEY (store_id) REFERENCES stores (id),
  CONSTRAINT fk_outbox_statement FOREIGN KEY (statement_id) REFERENCES statements (id),
  CONSTRAINT fk_outbox_created_by FOREIGN KEY (created_by) REFERENCES staff (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every attempt to hand a message to sendmail, and what came of it: the
-- delivery log of a statement.
CREATE TABLE outbox_attempts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  outbox_id BIGINT UNSIGNED NOT NULL,
  attempted_at DATETIME(6) NOT NULL,
  ok TINYINT(1) NOT NULL,
  error VARCHAR(500) NOT NULL DEFAULT '',
  PRIMARY KEY (id),
  KEY ix_outbox_attempts_outbox (outbox_id, id),
  CONSTRAINT fk_outbox_attempts_outbox FOREIGN KEY (outbox_id) REFERENCES outbox (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
