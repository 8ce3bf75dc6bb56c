"""What a running bot holds: config, database, clock; and the lookups commands share."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from bot.clock import Clock
from bot.config import Config
from bot.reminders.planner import ReminderPlanner
from bot.store.db import Database
from bot.store.meetings import list_meetings
from bot.teams import TeamSettings, effective_teams

logger = logging.getLogger(__name__)


@dataclass
class App:
    config: Config
    db: Database
    clock: Clock
    planner: ReminderPlanner | None = field(default=None)

    async def teams(self) -> dict[str, TeamSettings]:
        return await effective_teams(self.db, self.config)

    async def known_teams(self) -> list[str]:
        """The teams of the config, of /team setup and of stored minutes, sorted."""
        names = set(await self.teams())
        names.update(meeting.team for meeting in await list_meetings(self.db))
        return sorted(names)

    async def team(self, name: str) -> TeamSettings | None:
        return (await self.teams()).get(name)

    async def team_for_channel(self, channel_id: int, channel_name: str | None) -> str | None:
        """The team whose channel (or minutes channel) this is."""
        for name, team in (await self.teams()).items():
            for ref in (team.channel, team.minutes_channel):
                if ref is not None and ref in (channel_id, channel_name):
                    return name
        return None

    async def secretary_role(self, team: str | None) -> str:
        settings = await self.team(team) if team else None
        return settings.secretary_role if settings else self.config.bot.secretary_role

    async def replan(self, team: str) -> None:
        """Plan the team's reminders again after its settings or items changed."""
        settings = await self.team(team)
        if self.planner and settings:
            await self.planner.plan(team, settings)
