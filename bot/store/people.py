"""Links from participants (or bare owner tokens) to Discord members."""

from __future__ import annotations

import logging

from bot.store.db import Database

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
