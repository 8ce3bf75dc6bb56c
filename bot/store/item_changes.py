"""Changing an item's owner and due date, notes on it, and the audit trail of it all."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from bot.store.db import Connection, Database

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ItemEvent:
    at: dt.datetime
    actor_id: int | None
    field: str  # 'status', 'owner', 'due' or 'note'
    old_value: str | None
    new_value: str | None


def _stamp(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat()


async def _record(
    conn: Connection,
    item_id: int,
    stamp: str,
    actor_id: int | None,
    field: str,
    old: str | None,
    new: str | None,
) -> None:
    await conn.execute(
        "INSERT INTO item_events (item_id, at, actor_id, field, old_value, new_value)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (item_id, stamp, actor_id, field, old, new),
    )


async def assign(
    db: Database,
    item_id: int,
    user_id: int,
    name: str,
    *,
    old: str,
    actor_id: int | None,
    at: dt.datetime,
) -> None:
    """Make a member the item's one owner; ``old`` says who owned it, for the history."""
    stamp = _stamp(at)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO item_assignments (item_id, user_id, name, at, actor_id)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (item_id) DO UPDATE SET"
            " user_id = excluded.user_id, name = excluded.name, at = excluded.at,"
            " actor_id = excluded.actor_id",
            (item_id, user_id, name, stamp, actor_id),
        )
        await _record(conn, item_id, stamp, actor_id, "owner", old, f"<@{user_id}>")
    logger.info("item %d assigned to %d (by %s)", item_id, user_id, actor_id)


async def set_due(
    db: Database, item_id: int, due: dt.date, *, actor_id: int | None, at: dt.datetime
) -> dt.date | None:
    """Move the item's due date; returns the one it had."""
    stamp = _stamp(at)
    async with db.transaction() as conn:
        async with conn.execute("SELECT due FROM items WHERE id = ?", (item_id,)) as cursor:
            row = await cursor.fetchone()
        old = row[0] if row else None
        await conn.execute("UPDATE items SET due = ? WHERE id = ?", (due.isoformat(), item_id))
        await _record(conn, item_id, stamp, actor_id, "due", old, due.isoformat())
    logger.info("item %d due %s (by %s)", item_id, due, actor_id)
    return dt.date.fromisoformat(old) if old else None


async def add_note(
    db: Database, item_id: int, text: str, *, actor_id: int | None, at: dt.datetime
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO item_notes (item_id, at, actor_id, text) VALUES (?, ?, ?, ?)",
            (item_id, _stamp(at), actor_id, text),
        )
    logger.info("note added to item %d (by %s)", item_id, actor_id)


async def history(db: Database, item_id: int) -> list[ItemEvent]:
    """Every recorded change of the item and every note on it, oldest first."""
    rows = await db.fetchall(
        "SELECT at, actor_id, field, old_value, new_value FROM item_events WHERE item_id = ?"
        " UNION ALL SELECT at, actor_id, 'note', NULL, text FROM item_notes WHERE item_id = ?"
        " ORDER BY 1",
        (item_id, item_id),
    )
    return [
        ItemEvent(dt.datetime.fromisoformat(at), actor, field, old, new)
        for at, actor, field, old, new in rows
    ]
