-- A follow-up can be written down in several meetings' minutes: each time is a mention.
-- The item keeps its id (and status) across meetings; its history is its mentions.
CREATE TABLE item_mentions (
    item_id     INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    first_line  INTEGER NOT NULL,
    last_line   INTEGER NOT NULL,
    text        TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (meeting_id, fingerprint)
);
CREATE INDEX item_mentions_item ON item_mentions (item_id);

INSERT INTO item_mentions (item_id, meeting_id, position, first_line, last_line, text, fingerprint)
SELECT id, meeting_id, position, first_line, last_line, text, fingerprint FROM items;

-- What a team's minutes established: this owner token meant this participant.
CREATE TABLE token_history (
    team        TEXT NOT NULL,
    token       TEXT NOT NULL,
    participant TEXT NOT NULL,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    PRIMARY KEY (team, token, participant, meeting_id)
);
CREATE INDEX token_history_lookup ON token_history (team, token);

-- Who owns an item, as one comparable key: the sorted participants (or tokens when
-- unresolved, or for groups), joined with '|'. Carry-over compares items by it.
ALTER TABLE items ADD COLUMN owners_key TEXT NOT NULL DEFAULT '';
UPDATE items SET owners_key = coalesce((
    SELECT group_concat(k, '|') FROM (
        SELECT coalesce(nullif(o.participant, '*group*'), o.token) AS k
        FROM item_owners o WHERE o.item_id = items.id ORDER BY k
    )
), '');
CREATE INDEX items_carry ON items (team, owners_key, status);
