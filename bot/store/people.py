"""Links from participants (or bare owner tokens) to Discord members."""

from __future__ import annotations

import logging

from bot.store.db import Connection, Database

logger = logging.getLogger(__name__)


async def replace_config_links(db: Database, links: dict[str, int]) -> None:
    """Make the config's ``[people]`` the links of source 'config' (for every team)."""
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM people WHERE source = 'config'")
        await conn.executemany(
            "INSERT INTO people (team, name, user_id, source) VALUES ('', ?, ?, 'config')"
            " ON CONFLICT (team, name) DO NOTHING",
            list(links.items()),
        )
    logger.info("%d people linked from the config", len(links))


async def user_for(db: Database, name: str, team: str = "") -> int | None:
    row = await db.fetchone(
        "SELECT user_id FROM people WHERE name = ? COLLATE NOCASE AND team IN (?, '')"
        " ORDER BY team = '' LIMIT 1",
        (name, team),
    )
    return row[0] if row else None


async def names_for(db: Database, user_id: int) -> list[str]:
    rows = await db.fetchall("SELECT DISTINCT name FROM people WHERE user_id = ?", (user_id,))
    return [row[0] for row in rows]


async def link(db: Database, name: str, user_id: int, team: str = "") -> int | None:
    """Link a participant or owner token to a member; returns the member it was linked to."""
    async with db.transaction() as conn:
        before = await _take(conn, team, name)
        await conn.execute(
            "INSERT INTO people (team, name, user_id, source) VALUES (?, ?, ?, 'command')",
            (team, name, user_id),
        )
    logger.info("%s linked to %d (team %r)", name, user_id, team or "*")
    return before


async def unlink(db: Database, name: str, team: str = "") -> int | None:
    """Remove a link; returns the member it pointed to, or None when there was none."""
    async with db.transaction() as conn:
        before = await _take(conn, team, name)
    if before is not None:
        logger.info("%s unlinked (team %r)", name, team or "*")
    return before


async def _take(conn: Connection, team: str, name: str) -> int | None:
    """Delete the link of ``name`` (any case) in ``team``; the member it pointed to."""
    async with conn.execute(
        "SELECT user_id FROM people WHERE team = ? AND name = ? COLLATE NOCASE", (team, name)
    ) as cursor:
        row = await cursor.fetchone()
    await conn.execute(
        "DELETE FROM people WHERE team = ? AND name = ? COLLATE NOCASE", (team, name)
    )
    return row[0] if row else None


async def list_links(db: Database, team: str | None = None) -> list[tuple[str, str, int, str]]:
    """(team, name, user_id, source) rows; with a team, its links and the global ones."""
    if team is None:
        rows = await db.fetchall("SELECT team, name, user_id, source FROM people ORDER BY 2, 1")
    else:
        rows = await db.fetchall(
            "SELECT team, name, user_id, source FROM people WHERE team IN (?, '') ORDER BY 2, 1",
            (team,),
        )
    return [tuple(row) for row in rows]
