-- One-click and mailto unsubscribe (RFC 8058, RFC 2369). Portable SQL, like V1.

-- Whether Outpost adds List-Unsubscribe, List-Unsubscribe-Post and Feedback-ID to the account's
-- mail. On unless the operator turns it off: bulk mail without them is held against the sender
-- by Gmail and Yahoo.
ALTER TABLE account ADD COLUMN list_unsubscribe BOOLEAN NOT NULL DEFAULT TRUE;

-- The mailto unsubscribe addresses (unsubscribe+ID@hostname) handed out, by id. The id is too
-- short to carry the recipient (a local part has at most 64 octets), so it is looked up here. It
-- is derived from account and address, so each recipient of an account has one row however many
-- messages it gets.
CREATE TABLE unsubscribe_mailbox (
  id CHAR(24) NOT NULL PRIMARY KEY,
  account_name VARCHAR(64) NOT NULL REFERENCES account (name) ON DELETE CASCADE,
  address VARCHAR(320) NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX unsubscribe_mailbox_account ON unsubscribe_mailbox (account_name);
