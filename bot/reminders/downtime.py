"""When the bot last ran, so a start knows what came due while it was down."""

from __future__ import annotations

import datetime as dt
import logging

from bot.store.db import Database

logger = logging.getLogger(__name__)

LAST_SEEN = "reminders:last_seen"


async def load_last_seen(db: Database) -> dt.datetime | None:
    row = await db.fetchone("SELECT value FROM kv WHERE key = ?", (LAST_SEEN,))
    return dt.datetime.fromisoformat(row[0]) if row else None


async def save_last_seen(db: Database, instant: dt.datetime) -> None:
    """Remember ``instant`` (clock time) as the last moment everything due was settled."""
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO kv (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (LAST_SEEN, instant.astimezone(dt.UTC).isoformat()),
        )
