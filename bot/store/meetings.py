"""Reading and removing stored meetings."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from bot.store.db import Database

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredMeeting:
    id: int
    team: str
    title: str | None
    start: dt.datetime | None  # UTC
    source_name: str
    ingested_at: dt.datetime
    items: int  # follow-ups the meeting wrote down (new, or carried over into it)
    open_items: int
    only_here: int  # items no other meeting mentions: they go if the meeting goes

    @property
    def name(self) -> str:
        if self.title:
            return self.title
        return self.start.date().isoformat() if self.start else self.source_name


_SELECT = """
SELECT m.id, m.team, m.title, m.start_utc, m.source_name, m.ingested_at,
       (SELECT count(*) FROM item_mentions x JOIN items i ON i.id = x.item_id
         WHERE x.meeting_id = m.id AND i.kind = 'action'),
       (SELECT count(*) FROM item_mentions x JOIN items i ON i.id = x.item_id
         WHERE x.meeting_id = m.id AND i.kind = 'action' AND i.status = 'open'),
       (SELECT count(*) FROM items i WHERE i.meeting_id = m.id AND NOT EXISTS
         (SELECT 1 FROM item_mentions y WHERE y.item_id = i.id AND y.meeting_id != m.id))
FROM meetings m
"""


def _meeting(row) -> StoredMeeting:
    mid, team, title, start, source, ingested, items, open_items, only_here = tuple(row)
    return StoredMeeting(
        id=mid,
        team=team,
        title=title,
        start=dt.datetime.fromisoformat(start) if start else None,
        source_name=source,
        ingested_at=dt.datetime.fromisoformat(ingested),
        items=items,
        open_items=open_items,
        only_here=only_here,
    )


async def list_meetings(db: Database, team: str | None = None) -> list[StoredMeeting]:
    """Newest first."""
    where, params = ("WHERE m.team = ?", (team,)) if team else ("", ())
    rows = await db.fetchall(
        _SELECT + where + " ORDER BY coalesce(m.start_utc, m.ingested_at) DESC, m.id DESC", params
    )
    return [_meeting(row) for row in rows]


async def get_meeting(db: Database, meeting_id: int) -> StoredMeeting | None:
    row = await db.fetchone(_SELECT + "WHERE m.id = ?", (meeting_id,))
    return _meeting(row) if row else None


async def remove_meeting(db: Database, meeting_id: int) -> int | None:
    """Delete a meeting and the items no other meeting mentions; returns how many went,
    or None when the meeting is gone already (ids are never reused). An item carried
    over into later minutes stays, as first written down in the next meeting that
    mentions it."""
    async with db.transaction() as conn:
        async with conn.execute("SELECT 1 FROM meetings WHERE id = ?", (meeting_id,)) as cursor:
            if await cursor.fetchone() is None:
                return None
        await conn.execute(_MOVE_TO_NEXT_MENTION, {"meeting": meeting_id})
        async with conn.execute(
            "SELECT count(*) FROM items WHERE meeting_id = ?", (meeting_id,)
        ) as cursor:
            row = await cursor.fetchone()
        count = row[0] if row else 0
        await conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))
    logger.info("meeting %d removed with %d items only it mentioned", meeting_id, count)
    return count


_MOVE_TO_NEXT_MENTION = """
UPDATE items SET meeting_id = (
    SELECT x.meeting_id FROM item_mentions x JOIN meetings m ON m.id = x.meeting_id
     WHERE x.item_id = items.id AND x.meeting_id != :meeting
     ORDER BY m.start_utc IS NULL, m.start_utc, m.id LIMIT 1)
WHERE meeting_id = :meeting AND EXISTS
    (SELECT 1 FROM item_mentions x WHERE x.item_id = items.id AND x.meeting_id != :meeting)
"""
