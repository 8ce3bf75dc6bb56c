-- Reminders that survive restarts: the composed text is kept with the intent, each part's
-- message id is recorded as it is posted, and transient failures are retried, bounded.
ALTER TABLE deliveries ADD COLUMN body TEXT;                    -- JSON list of the parts
ALTER TABLE deliveries ADD COLUMN mention_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE deliveries ADD COLUMN history_mark INTEGER;         -- a snowflake just before posting
ALTER TABLE deliveries ADD COLUMN due TEXT;                     -- when it was meant to go out, UTC
ALTER TABLE deliveries ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN retry_at TEXT;                -- next try after a transient failure
CREATE INDEX deliveries_status ON deliveries (status);

-- Members who asked (with /reminders dm on) for their own items by direct message.
CREATE TABLE reminder_prefs (
    user_id     INTEGER PRIMARY KEY,
    dm          INTEGER NOT NULL DEFAULT 0,
    updated_at  TEXT NOT NULL
);
