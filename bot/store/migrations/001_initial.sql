-- Meetings, their follow-up items, who owns them, and the reminder ledger.
-- Timestamps are ISO 8601 in UTC; a meeting keeps its local start as written too.

CREATE TABLE meetings (
    id            INTEGER PRIMARY KEY,
    team          TEXT NOT NULL,
    meeting_key   TEXT NOT NULL,          -- the start as written, or the file's hash
    title         TEXT,
    start_local   TEXT,                   -- as in the minutes (date or datetime with offset)
    start_utc     TEXT,
    participants  TEXT NOT NULL,          -- JSON list
    next_meeting  TEXT,
    source_name   TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    ingested_at   TEXT NOT NULL,
    ingested_by   INTEGER,
    UNIQUE (team, meeting_key)
);

CREATE TABLE items (
    id                INTEGER PRIMARY KEY,
    meeting_id        INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    team              TEXT NOT NULL,
    position          INTEGER NOT NULL,
    first_line        INTEGER NOT NULL,
    last_line         INTEGER NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('action', 'decision', 'info')),
    text              TEXT NOT NULL,
    due               TEXT,
    links             TEXT NOT NULL DEFAULT '[]',
    fingerprint       TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    status_changed_at TEXT,
    status_changed_by INTEGER,
    UNIQUE (meeting_id, fingerprint)
);
CREATE INDEX items_team_status ON items (team, status);

CREATE TABLE item_owners (
    item_id     INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    token       TEXT NOT NULL,            -- exactly as written in the minutes
    participant TEXT,                     -- resolved participant, '*group*', or NULL
    PRIMARY KEY (item_id, token)
);
CREATE INDEX item_owners_participant ON item_owners (participant);

-- A participant (or a bare token) linked to a Discord member; team '' is every team.
CREATE TABLE people (
    team        TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    user_id     INTEGER NOT NULL,
    source      TEXT NOT NULL,            -- 'config' or 'command'
    PRIMARY KEY (team, name)
);

-- Every change of an item: status, owner, due date.
CREATE TABLE item_events (
    id        INTEGER PRIMARY KEY,
    item_id   INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    at        TEXT NOT NULL,
    actor_id  INTEGER,
    field     TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);

-- One row per reminder that is meant to go out. The row is written before the post
-- ('intent'), and completed after it ('sent'), so a restart knows what happened.
CREATE TABLE deliveries (
    team        TEXT NOT NULL,
    occurrence  TEXT NOT NULL,            -- the meeting's start, UTC
    kind        TEXT NOT NULL,            -- 'reminder', 'digest', ...
    status      TEXT NOT NULL CHECK (status IN ('intent', 'sent', 'missed', 'failed')),
    nonce       TEXT NOT NULL,            -- sent with the message, to find it after a crash
    channel_id  INTEGER,
    message_ids TEXT NOT NULL DEFAULT '[]',
    late        INTEGER NOT NULL DEFAULT 0,
    detail      TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (team, occurrence, kind)
);

-- Small facts the bot keeps between runs (the hash of the synced command tree...).
CREATE TABLE kv (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
