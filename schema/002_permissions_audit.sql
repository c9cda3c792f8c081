-- 002: permission levels per user group, manager codes, store settings,
-- and the append-only audit log.

CREATE TABLE group_permissions (
  group_id BIGINT UNSIGNED NOT NULL,
  permission VARCHAR(40) NOT NULL,
  -- 0 none, 1 allowed, 2 manager code required
  level TINYINT UNSIGNED NOT NULL,
  PRIMARY KEY (group_id, permission),
  CONSTRAINT fk_group_permissions_group FOREIGN KEY (group_id) REFERENCES user_groups (id),
  CONSTRAINT ck_group_permissions_level CHECK (level IN (0, 1, 2))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The seeded groups of stores made before this migration get the seeded levels.
INSERT INTO group_permissions (group_id, permission, level)
SELECT g.id, p.permission,
       CASE g.name WHEN 'Administrator' THEN p.admin_level
                   WHEN 'Manager' THEN p.manager_level
                   ELSE p.clerk_level END
FROM user_groups g
JOIN (
  SELECT 'manage_customers' AS permission, 1 AS admin_level, 1 AS manager_level, 1 AS clerk_level
  UNION ALL SELECT 'add_account', 1, 1, 1
  UNION ALL SELECT 'edit_account', 1, 1, 2
  UNION ALL SELECT 'deposit_withdraw', 1, 1, 2
  UNION ALL SELECT 'pay_with_account', 1, 1, 1
  UNION ALL SELECT 'make_settlements', 1, 1, 1
  UNION ALL SELECT 'send_statements', 1, 1, 0
  UNION ALL SELECT 'manage_lanes', 1, 1, 0
  UNION ALL SELECT 'manage_staff', 1, 0, 0
  UNION ALL SELECT 'manage_groups', 1, 0, 0
  UNION ALL SELECT 'manage_store', 1, 0, 0
  UNION ALL SELECT 'view_audit', 1, 1, 0
  UNION ALL SELECT 'view_reports', 1, 1, 0
) p
WHERE g.name IN ('Administrator', 'Manager', 'Clerk');

ALTER TABLE staff
  ADD COLUMN manager_code_hash VARCHAR(160) NULL AFTER password_hash;

ALTER TABLE stores
  ADD COLUMN bank_account_holder VARCHAR(200) NOT NULL DEFAULT '' AFTER timezone,
  ADD COLUMN bank_iban VARCHAR(34) NOT NULL DEFAULT '' AFTER bank_account_holder,
  ADD COLUMN bank_bic VARCHAR(11) NOT NULL DEFAULT '' AFTER bank_iban,
  ADD COLUMN bank_name VARCHAR(200) NOT NULL DEFAULT '' AFTER bank_bic,
  ADD COLUMN pay_cash TINYINT(1) NOT NULL DEFAULT 1 AFTER bank_name,
  ADD COLUMN pay_card TINYINT(1) NOT NULL DEFAULT 1 AFTER pay_cash,
  ADD COLUMN pay_bank_transfer TINYINT(1) NOT NULL DEFAULT 0 AFTER pay_card,
  ADD COLUMN pay_cheque TINYINT(1) NOT NULL DEFAULT 0 AFTER pay_bank_transfer,
  ADD COLUMN pay_eft TINYINT(1) NOT NULL DEFAULT 0 AFTER pay_cheque,
  ADD COLUMN pay_customer_account TINYINT(1) NOT NULL DEFAULT 1 AFTER pay_eft;

-- Who did what to which object, before and after; written in the same
-- transaction as the change. Triggers refuse every UPDATE and DELETE.
CREATE TABLE audit_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  created_at DATETIME(6) NOT NULL,
  store_id BIGINT UNSIGNED NULL,
  actor_type VARCHAR(8) NOT NULL,
  actor_id BIGINT UNSIGNED NULL,
  actor_name VARCHAR(254) NOT NULL,
  action VARCHAR(64) NOT NULL,
  object_type VARCHAR(32) NOT NULL,
  object_id VARCHAR(64) NOT NULL,
  before_json LONGTEXT NULL,
  after_json LONGTEXT NULL,
  client_addr VARCHAR(64) NOT NULL,
  approver_id BIGINT UNSIGNED NULL,
  approver_name VARCHAR(254) NULL,
  PRIMARY KEY (id),
  KEY ix_audit_store_time (store_id, created_at),
  KEY ix_audit_store_id (store_id, id),
  KEY ix_audit_object (store_id, object_type, object_id),
  KEY ix_audit_actor (store_id, actor_type, actor_id),
  CONSTRAINT ck_audit_actor_type CHECK (actor_type IN ('staff', 'lane', 'cli')),
  CONSTRAINT ck_audit_before_json CHECK (before_json IS NULL OR JSON_VALID(before_json)),
  CONSTRAINT ck_audit_after_json CHECK (after_json IS NULL OR JSON_VALID(after_json))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the audit log is append-only';

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the audit log is append-only';
