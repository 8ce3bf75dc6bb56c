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


async def save_team(db: Database, setup: TeamSetup, *, actor_id: int, at: dt.datetime) -> None:
    async with db.transaction() as conn:
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
