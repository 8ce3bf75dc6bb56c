"""What each kind of reminder says, read from the database when it goes out."""

from __future__ import annotations

import datetime as dt
import logging

from bot.reminders.compose import ReminderText, compose_reminder
from bot.reminders.delivery import Composer, Occasion
from bot.store.db import Database
from bot.store.items import StoredItem, list_items

logger = logging.getLogger(__name__)


async def minutes_sources(db: Database, team: str, items: list[StoredItem]) -> dict[int, str]:
    """The minutes the items come from, and the team's latest, as a reader finds them: the
    title and the file name."""
    latest = await db.fetchone(
        "SELECT id FROM meetings WHERE team = ? ORDER BY start_utc DESC, id DESC LIMIT 1", (team,)
    )
    meeting_ids = sorted({item.meeting_id for item in items})[-20:]
    if latest and latest[0] not in meeting_ids:
        meeting_ids.append(latest[0])
    if not meeting_ids:
        return {}
    marks = ",".join("?" * len(meeting_ids))
    rows = await db.fetchall(
        f"SELECT id, title, source_name FROM meetings WHERE id IN ({marks})", tuple(meeting_ids)
    )
    names = {row[0]: _source(row[1], row[2]) for row in rows}
    return {meeting_id: names[meeting_id] for meeting_id in meeting_ids if meeting_id in names}


def _source(title: str | None, file_name: str) -> str:
    name = file_name.replace("\\", "/").rsplit("/", 1)[-1].replace("`", "'")
    return f"{title} (`{name}`)" if title else f"`{name}`"


def composer(db: Database, occasion: Occasion, today: dt.date) -> Composer:
    """The text for the occasion's kind: the channel reminder, the digest, or one member's
    items by DM."""

    async def compose(late: bool) -> ReminderText | None:
        items = await list_items(db, team=occasion.team)
        if occasion.user_id is not None:
            items = [item for item in items if item.owned_by(occasion.user_id)]
        if not items:
            return None
        text = compose_reminder(
            occasion.team,
            occasion.occurrence,
            items,
            late=late,
            header=occasion.header,
            sources=await minutes_sources(db, occasion.team, items),
            today=today,
        )
        if occasion.kind == "digest":
            text.mention_ids = set()  # a digest names owners without pinging them
        elif occasion.user_id is not None:
            text.mention_ids = {occasion.user_id}  # for the channel, if DMs are closed
        return text

    return compose
