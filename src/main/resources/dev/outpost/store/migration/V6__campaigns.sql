-- Campaigns: one template sent to many recipients, one message each. Portable SQL, like V1.
-- The counts live on the campaign row and change in the same transaction as the recipients they
-- count, so a status read is one row however large the campaign. Recipients are read in pages by
-- (campaign_id, state, seq), never all at once.

CREATE TABLE campaign (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  account_name VARCHAR(64) NOT NULL REFERENCES account (name) ON DELETE CASCADE,
  name VARCHAR(255),
  state VARCHAR(16) NOT NULL,
  reason VARCHAR(2000),
  template TEXT NOT NULL,
  escape_html BOOLEAN NOT NULL,
  recipient_count BIGINT NOT NULL,
  queued_count BIGINT NOT NULL,
  suppressed_count BIGINT NOT NULL,
  failed_count BIGINT NOT NULL,
  cancelled_count BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT
);
CREATE INDEX campaign_account ON campaign (account_name, created_at);
CREATE INDEX campaign_state ON campaign (state);

-- seq numbers a campaign's recipients from 0 in upload order; an address appears once per
-- campaign. queue_id is written before the spool commit, so a run after a crash can ask the spool
-- whether the commit happened.
CREATE TABLE campaign_recipient (
  campaign_id VARCHAR(64) NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,
  email VARCHAR(320) NOT NULL,
  vars TEXT,
  state VARCHAR(16) NOT NULL,
  queue_id VARCHAR(64),
  detail VARCHAR(2000),
  PRIMARY KEY (campaign_id, seq),
  UNIQUE (campaign_id, email)
);
CREATE INDEX campaign_recipient_state ON campaign_recipient (campaign_id, state, seq);
