-- wgbot: foreign keys off
-- Meeting and item ids are shown to people and put in buttons ("Done #12"): a removed
-- one must never come back as another's. SQLite reuses the highest rowid once its row
-- is gone unless the key is AUTOINCREMENT, which only a new table can have.

CREATE TABLE meetings_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO meetings_new (id, team, meeting_key, title, start_local, start_utc, participants,
                          next_meeting, source_name, content_hash, ingested_at, ingested_by)
SELECT id, team, meeting_key, title, start_local, start_utc, participants, next_meeting,
       source_name, content_hash, ingested_at, ingested_by FROM meetings;
DROP TABLE meetings;
ALTER TABLE meetings_new RENAME TO meetings;

CREATE TABLE items_new (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
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
    owners_key        TEXT NOT NULL DEFAULT '',
    UNIQUE (meeting_id, fingerprint)
);
INSERT INTO items_new (id, meeting_id, team, position, first_line, last_line, kind, text, due,
                       links, fingerprint, status, status_changed_at, status_changed_by,
                       owners_key)
SELECT id, meeting_id, team, position, first_line, last_line, kind, text, due, links,
       fingerprint, status, status_changed_at, status_changed_by, owners_key FROM items;
DROP TABLE items;
ALTER TABLE items_new RENAME TO items;
CREATE INDEX items_team_status ON items (team, status);
CREATE INDEX items_carry ON items (team, owners_key, status);
