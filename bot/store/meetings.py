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
    items: int  # follow-ups first written down in this meeting
    open_items: int

    @property
    def name(self) -> str:
        if self.title:
            return self.title
        return self.start.date().isoformat() if self.start else self.source_name


_SELECT = """
SELECT m.id, m.team, m.title, m.start_utc, m.source_name, m.ingested_at,
       (SELECT count(*) FROM items i WHERE i.meeting_id = m.id AND i.kind = 'action'),
       (SELECT count(*) FROM items i WHERE i.meeting_id = m.id AND i.kind = 'action'
                                          AND i.status = 'open')
FROM meetings m
"""


def _meeting(row) -> StoredMeeting:
    mid, team, title, start, source, ingested, items, open_items = tuple(row)
    return StoredMeeting(
        id=mid,
        team=team,
        title=title,
        start=dt.datetime.fromisoformat(start) if start else None,
        source_name=source,
        ingested_at=dt.datetime.fromisoformat(ingested),
        items=items,
        open_items=open_items,
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


async def remove_meeting(db: Database, meeting_id: int) -> int:
    """Delete a meeting and the follow-ups first written down in it; returns how many."""
    async with db.transaction() as conn:
        async with conn.execute(
            "SELECT count(*) FROM items WHERE meeting_id = ?", (meeting_id,)
        ) as cursor:
            (count,) = await cursor.fetchone()
        await conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))
    logger.info("meeting %d removed with its %d items", meeting_id, count)
    return count
