"""What a running bot holds: config, database, clock; and the lookups commands share."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from bot.clock import Clock
from bot.config import Config, TeamConfig
from bot.reminders.planner import ReminderPlanner
from bot.store.db import Database

logger = logging.getLogger(__name__)


@dataclass
class App:
    config: Config
    db: Database
    clock: Clock
    planner: ReminderPlanner | None = field(default=None)

    def teams(self) -> dict[str, TeamConfig]:
        return dict(self.config.teams)

    def team_for_channel(self, channel_id: int, channel_name: str | None) -> str | None:
        """The team whose channel (or minutes channel) this is."""
        for name, team in self.config.teams.items():
            for ref in (team.channel, team.minutes_channel):
                if ref is not None and ref in (channel_id, channel_name):
                    return name
        return None

    def secretary_role(self, team: str | None) -> str:
        configured = self.config.teams.get(team) if team else None
        if configured and configured.secretary_role:
            return configured.secretary_role
        return self.config.bot.secretary_role
