-- Listings and delistings of Outpost's own addresses and domains on DNS blocklists: the history
-- that `outpost check blocklists` shows. The current state of a subject on a zone is its latest
-- event. Portable SQL, like V1.

CREATE TABLE blocklist_event (
  subject VARCHAR(253) NOT NULL,
  zone VARCHAR(253) NOT NULL,
  listed BOOLEAN NOT NULL,
  reason VARCHAR(2000) NOT NULL,
  occurred_at BIGINT NOT NULL,
  PRIMARY KEY (subject, zone, occurred_at)
);
CREATE INDEX blocklist_event_time ON blocklist_event (occurred_at);
