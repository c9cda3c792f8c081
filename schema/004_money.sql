-- 004: money movements: open items and their allocations, reversals,
-- gift cards, one-time form tokens, and the permission to adjust and
-- reverse entries.

-- A reversal names the entry it reverses; the unique key lets an entry
-- be reversed once. Settlements and other entries are listed per store
-- by kind and time.
-- A posting form carries a one-time token, kept on the entry it posted:
-- the same form sent twice posts once, and the second sending finds the
-- entry of the first.
ALTER TABLE ledger_entries
  ADD COLUMN reverses_id BIGINT UNSIGNED NULL AFTER approver_id,
  ADD COLUMN form_token CHAR(32) NULL AFTER reverses_id,
  ADD UNIQUE KEY uq_ledger_reverses (reverses_id),
  ADD UNIQUE KEY uq_ledger_form_token (store_id, form_token),
  ADD KEY ix_ledger_store_kind_time (store_id, kind, created_at),
  ADD CONSTRAINT fk_ledger_reverses FOREIGN KEY (reverses_id) REFERENCES ledger_entries (id);

-- One row per ledger entry that moved money: side 'D' for a charge (the
-- customer owes it until credits are allocated to it), side 'C' for a
-- credit (deposit, settlement, refund, ...) not yet allocated to a
-- charge. Credits are allocated to charges as soon as both exist, so an
-- account has open charges or unapplied credit, never both: the open
-- charges add up to what the account owes and the unapplied credits to
-- its credit in hand (cgi/ledger.c; `slatectl check` verifies it).
-- open_amount only ever goes down; closed_at is set when it reaches 0.
CREATE TABLE open_items (
  entry_id BIGINT UNSIGNED NOT NULL,
  store_id BIGINT UNSIGNED NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  side CHAR(1) NOT NULL,
  amount BIGINT NOT NULL,
  open_amount BIGINT NOT NULL,
  -- A charge is due on the account's next statement date at the time of
  -- the charge, or on the day of the charge when there is none (in the
  -- store's time zone); ageing counts the days past it.
  due_on DATE NULL,
  created_at DATETIME(6) NOT NULL,
  closed_at DATETIME(6) NULL,
  PRIMARY KEY (entry_id),
  -- The open items of an account, oldest first.
  KEY ix_open_items_account (account_id, side, closed_at, entry_id),
  -- The store's items open at a date: open now, or closed after it.
  KEY ix_open_items_store (store_id, side, closed_at, account_id),
  CONSTRAINT fk_open_items_entry FOREIGN KEY (entry_id) REFERENCES ledger_entries (id),
  CONSTRAINT fk_open_items_store FOREIGN KEY (store_id) REFERENCES stores (id),
  CONSTRAINT fk_open_items_account FOREIGN KEY (account_id) REFERENCES accounts (id),
  CONSTRAINT ck_open_items_side CHECK (side IN ('D', 'C')),
  CONSTRAINT ck_open_items_amounts CHECK (amount > 0 AND open_amount >= 0
    AND open_amount <= amount)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TRIGGER open_items_only_close BEFORE UPDATE ON open_items FOR EACH ROW
BEGIN
  IF NEW.entry_id <> OLD.entry_id OR NEW.store_id <> OLD.store_id
     OR NEW.account_id <> OLD.account_id OR NEW.side <> OLD.side
     OR NEW.amount <> OLD.amount OR NEW.open_amount > OLD.open_amount
     OR NOT (NEW.due_on <=> OLD.due_on) OR NEW.created_at <> OLD.created_at THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'open items only ever close';
  END IF;
END;

-- Every entry that moves money gets its open item as it is written,
-- whatever writes it; cgi/ledger.c then allocates.
CREATE TRIGGER ledger_entries_open_item AFTER INSERT ON ledger_entries FOR EACH ROW
BEGIN
  IF NEW.amount <> 0 THEN
    INSERT INTO open_items (entry_id, store_id, account_id, side, amount,
      open_amount, due_on, created_at)
    SELECT NEW.id, NEW.store_id, NEW.account_id, IF(NEW.amount < 0, 'D', 'C'),
      ABS(NEW.amount), ABS(NEW.amount),
      IF(NEW.amount < 0, a.next_statement_on, NULL), NEW.created_at
    FROM accounts a WHERE a.id = NEW.account_id;
  END IF;
END;

CREATE TRIGGER open_items_no_delete BEFORE DELETE ON open_items FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'open items are kept';

-- Part of a credit applied to a charge, at the time it was applied.
-- Immutable: the open amounts of both items are what is left after them.
CREATE TABLE allocations (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  store_id BIGINT UNSIGNED NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  credit_entry_id BIGINT UNSIGNED NOT NULL,
  debit_entry_id BIGINT UNSIGNED NOT NULL,
  amount BIGINT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_allocations_credit (credit_entry_id, id),
  KEY ix_allocations_debit (debit_entry_id, created_at),
  KEY ix_allocations_account (account_id, id),
  CONSTRAINT fk_allocations_store FOREIGN KEY (store_id) REFERENCES stores (id),
  CONSTRAINT fk_allocations_account FOREIGN KEY (account_id) REFERENCES accounts (id),
  CONSTRAINT fk_allocations_credit FOREIGN KEY (credit_entry_id) REFERENCES open_items (entry_id),
  CONSTRAINT fk_allocations_debit FOREIGN KEY (debit_entry_id) REFERENCES open_items (entry_id),
  CONSTRAINT ck_allocations_amount CHECK (amount > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An allocation takes its amount off both items as it is written, so an
-- item's open amount is always its amount less its allocations; an
-- allocation of more than is open fails the items' check and writes
-- nothing.
CREATE TRIGGER allocations_close_items AFTER INSERT ON allocations FOR EACH ROW
  UPDATE open_items
  SET closed_at = IF(open_amount = NEW.amount, NEW.created_at, NULL),
      open_amount = open_amount - NEW.amount
  WHERE entry_id IN (NEW.credit_entry_id, NEW.debit_entry_id);

CREATE TRIGGER allocations_no_update BEFORE UPDATE ON allocations FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'allocations are immutable';

CREATE TRIGGER allocations_no_delete BEFORE DELETE ON allocations FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'allocations are immutable';

-- Open items of the entries written before this migration. Until now
-- Slate posted only opening entries, one per account, so each account
-- gets one item at most and there is nothing to allocate.
INSERT INTO open_items (entry_id, store_id, account_id, side, amount,
  open_amount, due_on, created_at, closed_at)
SELECT e.id, e.store_id, e.account_id, IF(e.amount < 0, 'D', 'C'),
  ABS(e.amount), ABS(e.amount), IF(e.amount < 0, DATE(e.created_at), NULL),
  e.created_at, NULL
FROM ledger_entries e
WHERE e.amount <> 0;

-- Gift cards: a payout target. The code is what is printed on the card
-- and scanned; the balance is the sum of the card's entries.
CREATE TABLE gift_cards (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  store_id BIGINT UNSIGNED NOT NULL,
  code VARCHAR(32) NOT NULL,
  balance BIGINT NOT NULL DEFAULT 0,
  active TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_gift_cards_store_code (store_id, code),
  KEY ix_gift_cards_store_id (store_id, id),
  CONSTRAINT fk_gift_cards_store FOREIGN KEY (store_id) REFERENCES stores (id),
  CONSTRAINT ck_gift_cards_balance CHECK (balance BETWEEN 0 AND 9007199254740991)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Immutable, like the ledger: what put money on a card (or took it off).
CREATE TABLE gift_card_entries (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  store_id BIGINT UNSIGNED NOT NULL,
  card_id BIGINT UNSIGNED NOT NULL,
  kind VARCHAR(16) NOT NULL,
  amount BIGINT NOT NULL,
  balance_after BIGINT NOT NULL,
  ledger_entry_id BIGINT UNSIGNED NULL,
  staff_id BIGINT UNSIGNED NULL,
  note VARCHAR(500) NOT NULL DEFAULT '',
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_gift_card_entries_card (card_id, id),
  CONSTRAINT fk_gift_card_entries_store FOREIGN KEY (store_id) REFERENCES stores (id),
  CONSTRAINT fk_gift_card_entries_card FOREIGN KEY (card_id) REFERENCES gift_cards (id),
  CONSTRAINT fk_gift_card_entries_ledger FOREIGN KEY (ledger_entry_id) REFERENCES ledger_entries (id),
  CONSTRAINT ck_gift_card_entries_kind CHECK (kind IN ('issue', 'load', 'redeem'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TRIGGER gift_card_entries_no_update BEFORE UPDATE ON gift_card_entries FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'gift card entries are immutable';

CREATE TRIGGER gift_card_entries_no_delete BEFORE DELETE ON gift_card_entries FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'gift card entries are immutable';

-- Adjusting and reversing entries: the seeded groups get the seeded
-- levels (Administrator and Manager allowed, Clerk with a manager's code).
INSERT INTO group_permissions (group_id, permission, level)
SELECT g.id, 'adjust_entries',
       CASE g.name WHEN 'Clerk' THEN 2 ELSE 1 END
FROM user_groups g
WHERE g.name IN ('Administrator', 'Manager', 'Clerk');
