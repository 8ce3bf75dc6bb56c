-- Indexes for what is looked up by a column no index led with.
-- /todo history reads an item's events; deleting an item cascades to them.
CREATE INDEX item_events_item ON item_events (item_id);
-- Uploading a meeting again, or removing it, drops what it established. Lookups by
-- (team, token) are served by the primary key, which starts with both.
DROP INDEX token_history_lookup;
CREATE INDEX token_history_meeting ON token_history (meeting_id);
