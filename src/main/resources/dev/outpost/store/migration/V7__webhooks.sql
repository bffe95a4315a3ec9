-- Webhook endpoints of accounts, each with its position in the event log, and the log of
-- deliveries to each. Portable SQL, like V1. Times are epoch milliseconds.

-- A webhook reads delivery_event (V4) after last_event_id: the events themselves are the outbox,
-- so nothing is copied per event and per endpoint. last_event_id moves only when a POST is
-- answered 2xx, or when a batch is given up after webhooks.max_age; failures counts the failed
-- attempts in a row and next_attempt_at is when the next may start (NULL: at once). The three
-- are written in the same transaction as the delivery log entry that explains them, so a restart
-- resumes exactly where the last recorded attempt left off.
-- event_types holds event type keys separated by commas, '' for every type.
-- secret is kept as it was shown once: it signs every POST, so it cannot be a hash.
CREATE TABLE webhook (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  account_name VARCHAR(64) NOT NULL REFERENCES account (name) ON DELETE CASCADE,
  url VARCHAR(2000) NOT NULL,
  event_types VARCHAR(200) NOT NULL,
  description VARCHAR(200),
  secret VARCHAR(100) NOT NULL,
  created_at BIGINT NOT NULL,
  last_event_id BIGINT NOT NULL,
  failures INTEGER NOT NULL,
  next_attempt_at BIGINT
);
CREATE INDEX webhook_account ON webhook (account_name);

-- One row per POST (or batch given up), kept for [events] retention. outcome is 'delivered',
-- 'failed', 'skipped' (given up after max_age) or 'test'; the event ids are the range posted.
CREATE TABLE webhook_delivery (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  webhook_id VARCHAR(32) NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
  attempted_at BIGINT NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  first_event_id BIGINT,
  last_event_id BIGINT,
  event_count INTEGER NOT NULL,
  http_status INTEGER,
  error VARCHAR(1000),
  duration_ms BIGINT NOT NULL,
  attempt INTEGER NOT NULL,
  next_retry_at BIGINT
);
CREATE INDEX webhook_delivery_webhook ON webhook_delivery (webhook_id, attempted_at);
CREATE INDEX webhook_delivery_time ON webhook_delivery (attempted_at);
