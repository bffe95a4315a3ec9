-- Addresses that must not be mailed: one list per account and a global one (scope '*', which no
-- account name can be). Scope is not a foreign key because of the global list, so an account's
-- entries outlive it; re-creating the account finds them again. Portable SQL, like V1.

CREATE TABLE suppression (
  scope VARCHAR(64) NOT NULL,
  address VARCHAR(320) NOT NULL,
  reason VARCHAR(16) NOT NULL,
  detail VARCHAR(2000) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  PRIMARY KEY (scope, address)
);
