-- Notes written on an item with /todo note; shown by /todo history.
CREATE TABLE item_notes (
    id        INTEGER PRIMARY KEY,
    item_id   INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    at        TEXT NOT NULL,
    actor_id  INTEGER,
    text      TEXT NOT NULL
);
CREATE INDEX item_notes_item ON item_notes (item_id);

-- /todo assign: the member who owns an item now, whatever the minutes said. Kept apart
-- from item_owners so that uploading the minutes again does not undo it.
CREATE TABLE item_assignments (
    item_id   INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL,
    name      TEXT NOT NULL,              -- the member's name when assigned, for display
    at        TEXT NOT NULL,
    actor_id  INTEGER
);
