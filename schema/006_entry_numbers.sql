-- 006: ledger entry numbers and the lane feed's order come from sequences
-- instead of the store's counters row.
--
-- A posting used to lock the store's counters row from its first
-- statement until it committed, to take the next entry number; that made
-- every posting of a store wait for the one before, even on other
-- accounts. Now a posting takes its entry number from this sequence
-- (which never waits and never hands a number out twice), and its feed
-- order as below.
-- Entry numbers stay unique per store and grow with time; they are no
-- longer consecutive within a store: a number taken by a posting that
-- was refused or rolled back is not used again, and stores share the
-- sequence.
CREATE SEQUENCE entry_numbers START WITH 1 MINVALUE 1 INCREMENT BY 1
  CACHE 1000 NOCYCLE;

-- Continue after every number any store has used so far.
SET @entry_numbers_used = (SELECT CAST(COALESCE(MAX(next_entry), 1) - 1
  AS UNSIGNED) FROM store_counters);
EXECUTE IMMEDIATE CONCAT('DO SETVAL(entry_numbers, ',
  GREATEST(@entry_numbers_used, 1), ', ', @entry_numbers_used > 0, ')');

ALTER TABLE store_counters DROP COLUMN next_entry;

-- The lane feed's order (docs/lane-feed.md). Every change of an account
-- that lanes see moves its version on (a posting, a new limit, a hold, a
-- new customer name); the account then takes a new value of the
-- feed_numbers sequence as its feed_seq. Before taking it, the
-- transaction takes a shared lock on its store's counters row and keeps
-- it until commit: changes of one store never wait for each other, and
-- a feed read that takes the exclusive lock on that row waits until
-- every value handed out so far is committed (or rolled back), so a read
-- by feed_seq never skips a change. The store's feed position is then
-- MAX(accounts.feed_seq) of its accounts, and the counters row keeps no
-- feed value.
CREATE SEQUENCE feed_numbers START WITH 1 MINVALUE 1 INCREMENT BY 1
  CACHE 1000 NOCYCLE;

SET @feed_numbers_used = (SELECT CAST(GREATEST(
  COALESCE((SELECT MAX(feed_seq) FROM store_counters), 0),
  COALESCE((SELECT MAX(feed_seq) FROM accounts), 0)) AS UNSIGNED));
EXECUTE IMMEDIATE CONCAT('DO SETVAL(feed_numbers, ',
  GREATEST(@feed_numbers_used, 1), ', ', @feed_numbers_used > 0, ')');

ALTER TABLE store_counters DROP COLUMN feed_seq;

-- A posting (cgi/ledger.c) takes the lock and the value itself, in its
-- first statement, and sets feed_seq with the new version; the trigger
-- leaves such an update alone.
CREATE TRIGGER accounts_feed_order BEFORE UPDATE ON accounts FOR EACH ROW
BEGIN
  DECLARE barrier BIGINT UNSIGNED;
  IF NEW.version <> OLD.version AND NEW.feed_seq = OLD.feed_seq THEN
    SELECT store_id INTO barrier FROM store_counters
      WHERE store_id = NEW.store_id LOCK IN SHARE MODE;
    SET NEW.feed_seq = NEXTVAL(feed_numbers);
  END IF;
END;

-- A customer's new name reaches the lanes through the feed of each of
-- their accounts.
CREATE TRIGGER customers_name_to_feed AFTER UPDATE ON customers FOR EACH ROW
BEGIN
  IF CAST(NEW.name AS BINARY) <> CAST(OLD.name AS BINARY) THEN
    UPDATE accounts SET version = version + 1, updated_at = UTC_TIMESTAMP(6)
      WHERE customer_id = NEW.id;
  END IF;
END;
