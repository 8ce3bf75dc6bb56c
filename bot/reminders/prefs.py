"""Members' reminder preferences: who wants their own items by direct message."""

from __future__ import annotations

import datetime as dt
import logging

from bot.store.db import Database

logger = logging.getLogger(__name__)


async def set_dm(db: Database, user_id: int, enabled: bool, *, now: dt.datetime) -> bool:
    """Turn DMs on or off for the member; returns whether that changed anything."""
    before = await wants_dm(db, user_id)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO reminder_prefs (user_id, dm, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET dm = excluded.dm,"
            " updated_at = excluded.updated_at",
            (user_id, int(enabled), now.astimezone(dt.UTC).isoformat()),
        )
    logger.info("member %s: reminder DMs %s", user_id, "on" if enabled else "off")
    return before != enabled


async def wants_dm(db: Database, user_id: int) -> bool:
    row = await db.fetchone("SELECT dm FROM reminder_prefs WHERE user_id = ?", (user_id,))
    return bool(row and row[0])


async def opted_in(db: Database) -> set[int]:
    """Members who asked for their own items by direct message."""
    rows = await db.fetchall("SELECT user_id FROM reminder_prefs WHERE dm = 1")
    return {row[0] for row in rows}
