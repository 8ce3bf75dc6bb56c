"""Writing what /team setup decided; bot.teams merges it over the TOML config."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from bot.store.db import Database

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TeamSetup:
    team: str
    channel: str
    schedule: str  # an iCalendar RRULE
    timezone: str
    remind_before: dt.timedelta
    minutes_channel: str | None = None
    secretary_role: str | None = None


# kv keys holding when the bot first knew each team (set up, or found in the config): the
# reminders never catch up on what came due before.
_SINCE = "teams:since:"


async def save_team(db: Database, setup: TeamSetup, *, actor_id: int, at: dt.datetime) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
            (_SINCE + setup.team, at.astimezone(dt.UTC).isoformat()),
        )
        await conn.execute(
            "INSERT INTO team_settings (team, channel, schedule, timezone, remind_before_s,"
            " minutes_channel, secretary_role, updated_by, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (team) DO UPDATE SET"
            " channel = excluded.channel, schedule = excluded.schedule,"
            " timezone = excluded.timezone, remind_before_s = excluded.remind_before_s,"
            " minutes_channel = coalesce(excluded.minutes_channel, minutes_channel),"
            " secretary_role = coalesce(excluded.secretary_role, secretary_role),"
            " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            (
                setup.team,
                setup.channel,
                setup.schedule,
                setup.timezone,
                int(setup.remind_before.total_seconds()),
                setup.minutes_channel,
                setup.secretary_role,
                actor_id,
                at.astimezone(dt.UTC).isoformat(),
            ),
        )
    logger.info("team %s set up by %d", setup.team, actor_id)


@dataclass(frozen=True)
class DeliveryRow:
    occurrence: dt.datetime
    kind: str
    status: str
    late: bool
    detail: str | None


async def recent_deliveries(db: Database, team: str, limit: int = 5) -> list[DeliveryRow]:
    """The team's latest reminder deliveries (read only: the reminders own the ledger)."""
    rows = await db.fetchall(
        "SELECT occurrence, kind, status, late, detail FROM deliveries WHERE team = ?"
        " ORDER BY occurrence DESC, updated_at DESC LIMIT ?",
        (team, limit),
    )
    return [
        DeliveryRow(dt.datetime.fromisoformat(occ), kind, status, bool(late), detail)
        for occ, kind, status, late, detail in rows
    ]


async def known_since(
    db: Database, teams: list[str], now: dt.datetime, *, before: dt.datetime | None = None
) -> dict[str, dt.datetime]:
    """When the bot first knew each of ``teams``. A team met here for the first time is known
    from ``now``, or from ``before`` if reminders went out for it already (a database from
    before these records). A clock moved back (sandbox, tests) moves them back with it."""
    now_text = now.astimezone(dt.UTC).isoformat()
    delivered = {row[0] for row in await db.fetchall("SELECT DISTINCT team FROM deliveries")}
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE kv SET value = ? WHERE key LIKE ? AND value > ?",
            (now_text, _SINCE + "%", now_text),
        )
        for team in teams:
            start = before if team in delivered and before is not None else now
            await conn.execute(
                "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                (_SINCE + team, start.astimezone(dt.UTC).isoformat()),
            )
    rows = await db.fetchall("SELECT key, value FROM kv WHERE key LIKE ?", (_SINCE + "%",))
    return {key[len(_SINCE) :]: dt.datetime.fromisoformat(value) for key, value in rows}


async def team_since(db: Database, team: str) -> dt.datetime | None:
    """When the bot first knew ``team``: None if it has not met it yet."""
    row = await db.fetchone("SELECT value FROM kv WHERE key = ?", (_SINCE + team,))
    return dt.datetime.fromisoformat(row[0]) if row else None
