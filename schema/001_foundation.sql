-- 001: stores, user groups, staff and their store memberships, sessions,
-- and the sign-in throttle. Every table is InnoDB with a primary key.

CREATE TABLE stores (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  code VARCHAR(16) NOT NULL,
  name VARCHAR(200) NOT NULL,
  currency CHAR(3) NOT NULL,
  timezone VARCHAR(64) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_stores_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE user_groups (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  store_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(100) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_user_groups_store_name (store_id, name),
  CONSTRAINT fk_user_groups_store FOREIGN KEY (store_id) REFERENCES stores (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE staff (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  email VARCHAR(254) NOT NULL,
  name VARCHAR(200) NOT NULL,
  password_hash VARCHAR(160) NOT NULL,
  must_change_password TINYINT(1) NOT NULL DEFAULT 0,
  disabled TINYINT(1) NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_staff_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Which stores a staff member works in, and their user group in each.
CREATE TABLE staff_stores (
  staff_id BIGINT UNSIGNED NOT NULL,
  store_id BIGINT UNSIGNED NOT NULL,
  group_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (staff_id, store_id),
  KEY ix_staff_stores_store (store_id),
  CONSTRAINT fk_staff_stores_staff FOREIGN KEY (staff_id) REFERENCES staff (id),
  CONSTRAINT fk_staff_stores_store FOREIGN KEY (store_id) REFERENCES stores (id),
  CONSTRAINT fk_staff_stores_group FOREIGN KEY (group_id) REFERENCES user_groups (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Only the SHA-256 of a session token is stored; the token lives in the cookie.
CREATE TABLE sessions (
  token_hash BINARY(32) NOT NULL,
  staff_id BIGINT UNSIGNED NOT NULL,
  store_id BIGINT UNSIGNED NOT NULL,
  csrf_token CHAR(64) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  last_seen_at DATETIME(6) NOT NULL,
  client_addr VARCHAR(64) NOT NULL,
  PRIMARY KEY (token_hash),
  KEY ix_sessions_staff (staff_id),
  KEY ix_sessions_last_seen (last_seen_at),
  KEY ix_sessions_created (created_at),
  CONSTRAINT fk_sessions_staff FOREIGN KEY (staff_id) REFERENCES staff (id),
  CONSTRAINT fk_sessions_store FOREIGN KEY (store_id) REFERENCES stores (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed sign-ins per key: the SHA-256 of "email:<address>" or "addr:<ip>".
CREATE TABLE auth_throttle (
  key_hash BINARY(32) NOT NULL,
  failures INT UNSIGNED NOT NULL,
  window_start DATETIME(6) NOT NULL,
  blocked_until DATETIME(6) NOT NULL,
  PRIMARY KEY (key_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
