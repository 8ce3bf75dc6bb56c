"""A team's effective settings: the TOML config, overridden by what /team setup stored."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace

from bot.config import Config, TeamConfig
from bot.schedule import Schedule, ScheduleError
from bot.store.db import Database

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TeamSettings:
    name: str
    channel: int | str | None
    timezone: str
    schedule: Schedule | None
    remind_before: dt.timedelta
    minutes_channel: int | str | None
    secretary_role: str
    source: str  # 'config', 'command', or 'config+command'


def from_config(name: str, team: TeamConfig, config: Config) -> TeamSettings:
    return TeamSettings(
        name=name,
        channel=team.channel,
        timezone=team.timezone,
        schedule=team.parsed_schedule(),
        remind_before=team.remind_before,
        minutes_channel=team.minutes_channel,
        secretary_role=team.secretary_role or config.bot.secretary_role,
        source="config",
    )


def _ref(text: str | None) -> int | str | None:
    if text is None:
        return None
    return int(text) if text.isdigit() else text


def _apply(base: TeamSettings, row) -> TeamSettings:
    (_, channel, rule, timezone, before_s, minutes_channel, role, *_) = tuple(row)
    zone = timezone or base.timezone
    schedule = base.schedule
    if rule:
        try:
            schedule = Schedule.parse(rule, zone)
        except ScheduleError:
            logger.warning("team %s: stored schedule %r no longer reads", base.name, rule)
    elif timezone and base.schedule:
        schedule = Schedule(base.schedule.rule, Schedule.parse_zone(zone))
    return replace(
        base,
        channel=_ref(channel) if channel else base.channel,
        timezone=zone,
        schedule=schedule,
        remind_before=dt.timedelta(seconds=before_s) if before_s else base.remind_before,
        minutes_channel=_ref(minutes_channel) if minutes_channel else base.minutes_channel,
        secretary_role=role or base.secretary_role,
        source="command" if base.source == "none" else "config+command",
    )


async def effective_teams(db: Database, config: Config) -> dict[str, TeamSettings]:
    """Every team the config or /team setup knows, with its settings merged."""
    teams = {name: from_config(name, team, config) for name, team in config.teams.items()}
    for row in await db.fetchall("SELECT * FROM team_settings ORDER BY team"):
        name = row[0]
        base = teams.get(name) or _bare(name, config)
        teams[name] = _apply(base, row)
    return teams


def _bare(name: str, config: Config) -> TeamSettings:
    return TeamSettings(
        name, None, "UTC", None, dt.timedelta(hours=24), None, config.bot.secretary_role, "none"
    )
