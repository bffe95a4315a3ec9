-- Delivery events and their hourly aggregates. Portable SQL, like V1: the same text runs on SQLite
-- and PostgreSQL. Times are epoch milliseconds; an event's type and bounce category are their keys
-- ('dsn_sent', 'unknown_user'); the advice follows from the category and is not stored.

-- Ids come from event_id rather than AUTOINCREMENT or IDENTITY, which the two databases spell
-- differently. The one row is updated before it is read in the appending transaction, which
-- serialises appenders on PostgreSQL as the write lock does on SQLite; ids are never reused,
-- even after every event has been purged, so a cursor or a webhook's event id stays unique.
CREATE TABLE event_id (
  next_id BIGINT NOT NULL
);
INSERT INTO event_id (next_id) VALUES (1);

CREATE TABLE delivery_event (
  id BIGINT NOT NULL PRIMARY KEY,
  occurred_at BIGINT NOT NULL,
  event_type VARCHAR(16) NOT NULL,
  queue_id VARCHAR(32),
  recipient VARCHAR(320),
  sender VARCHAR(320),
  account_name VARCHAR(64),
  campaign VARCHAR(64),
  remote_host VARCHAR(300),
  reply VARCHAR(1000),
  status_code VARCHAR(16),
  category VARCHAR(32),
  source_ip VARCHAR(45),
  site VARCHAR(64),
  recipient_domain VARCHAR(253)
);
-- The filters of the event API; the time index also serves the retention purge.
CREATE INDEX delivery_event_time ON delivery_event (occurred_at);
CREATE INDEX delivery_event_queue_id ON delivery_event (queue_id);
CREATE INDEX delivery_event_recipient ON delivery_event (recipient);
CREATE INDEX delivery_event_account ON delivery_event (account_name, id);
CREATE INDEX delivery_event_campaign ON delivery_event (campaign, id);

-- One count per hour and combination of the statistics' dimensions, added to as events are
-- appended. A dimension an event lacks (no account, no site) is '' rather than NULL, because
-- NULLs never match each other in a key, so the upsert could not find the row.
CREATE TABLE event_stats (
  hour_start BIGINT NOT NULL,
  account_name VARCHAR(64) NOT NULL,
  campaign VARCHAR(64) NOT NULL,
  recipient_domain VARCHAR(253) NOT NULL,
  site VARCHAR(64) NOT NULL,
  source_ip VARCHAR(45) NOT NULL,
  event_type VARCHAR(16) NOT NULL,
  events BIGINT NOT NULL,
  PRIMARY KEY (hour_start, account_name, campaign, recipient_domain, site, source_ip, event_type)
);
CREATE INDEX event_stats_account ON event_stats (account_name, hour_start);
