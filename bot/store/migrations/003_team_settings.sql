-- Team settings made with /team setup; they override the TOML config's [teams.NAME].
CREATE TABLE team_settings (
    team            TEXT PRIMARY KEY,
    channel         TEXT,                 -- a channel id (as text) or name
    schedule        TEXT,                 -- iCalendar RRULE (with optional DTSTART line)
    timezone        TEXT,
    remind_before_s INTEGER,
    minutes_channel TEXT,
    secretary_role  TEXT,
    updated_by      INTEGER,
    updated_at      TEXT NOT NULL
);
