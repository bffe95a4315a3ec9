-- Open and click tracking of the messages Outpost builds itself. Portable SQL, like V1.

-- What each account allows: nothing until the operator turns it on (outpost account set), since
-- tracking records what recipients do with their mail.
ALTER TABLE account ADD COLUMN track_opens BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE account ADD COLUMN track_clicks BOOLEAN NOT NULL DEFAULT FALSE;

-- What a campaign asks for. TRUE means "what the account allows", so only FALSE changes anything:
-- a campaign can narrow its account's tracking, never widen it.
ALTER TABLE campaign ADD COLUMN track_opens BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE campaign ADD COLUMN track_clicks BOOLEAN NOT NULL DEFAULT TRUE;
