-- Accounts and what they own. Portable SQL: the same text runs on SQLite and PostgreSQL.
-- Times are epoch milliseconds in BIGINT; flags are BOOLEAN; keys are natural (account name,
-- username, domain, key hash), so no generated ids (AUTOINCREMENT, SERIAL, IDENTITY) are needed.
-- Everything an account owns goes with it (ON DELETE CASCADE).

CREATE TABLE account (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  enabled BOOLEAN NOT NULL,
  bounce_address VARCHAR(320),
  max_per_hour BIGINT NOT NULL,
  max_per_day BIGINT NOT NULL,
  max_per_month BIGINT NOT NULL,
  max_recipients INTEGER NOT NULL,
  max_message_size BIGINT NOT NULL,
  locked_until BIGINT,
  created_at BIGINT NOT NULL
);

CREATE TABLE credential (
  username VARCHAR(320) NOT NULL PRIMARY KEY,
  account_name VARCHAR(64) NOT NULL REFERENCES account (name) ON DELETE CASCADE,
  password_hash VARCHAR(255) NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX credential_account ON credential (account_name);

-- A domain belongs to one account at most: the primary key is the domain alone.
CREATE TABLE sending_domain (
  domain VARCHAR(253) NOT NULL PRIMARY KEY,
  account_name VARCHAR(64) NOT NULL REFERENCES account (name) ON DELETE CASCADE,
  include_subdomains BOOLEAN NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX sending_domain_account ON sending_domain (account_name);

CREATE TABLE api_key (
  key_hash CHAR(64) NOT NULL PRIMARY KEY,
  hint VARCHAR(32) NOT NULL,
  account_name VARCHAR(64) NOT NULL REFERENCES account (name) ON DELETE CASCADE,
  scope VARCHAR(16) NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX api_key_account ON api_key (account_name);

CREATE TABLE totp_secret (
  account_name VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES account (name) ON DELETE CASCADE,
  secret VARCHAR(128) NOT NULL,
  last_used_step BIGINT NOT NULL,
  enrolled_at BIGINT NOT NULL
);

CREATE TABLE recovery_code (
  account_name VARCHAR(64) NOT NULL REFERENCES totp_secret (account_name) ON DELETE CASCADE,
  code_hash CHAR(64) NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (account_name, code_hash)
);

-- One row per account, window kind (hour, day, month) and window start.
CREATE TABLE usage_count (
  account_name VARCHAR(64) NOT NULL REFERENCES account (name) ON DELETE CASCADE,
  window_kind VARCHAR(8) NOT NULL,
  window_start BIGINT NOT NULL,
  messages BIGINT NOT NULL,
  PRIMARY KEY (account_name, window_kind, window_start)
);
CREATE INDEX usage_count_start ON usage_count (window_start);
