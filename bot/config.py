"""The TOML configuration: where the database is, the teams, and who is who."""

from __future__ import annotations

import datetime as dt
import json
import logging
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from bot.durations import format_duration, parse_duration
from bot.errors import ConfigError
from bot.schedule import Schedule, ScheduleError
from bot.team_names import ALLOWED, is_team_name

logger = logging.getLogger(__name__)

# A channel, member or role named in the config: a Discord id, or a name looked up in the guild.
DiscordRef = int | str


def _duration(value: object) -> object:
    return parse_duration(value) if isinstance(value, str) else value


Duration = Annotated[dt.timedelta, BeforeValidator(_duration)]


MIN_REMIND_BEFORE = dt.timedelta(minutes=1)

T = TypeVar("T")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BotSettings(_Strict):
    database: str = "wgbot.sqlite3"
    # Register the commands in this guild only (instant), instead of globally.
    guild: int | None = None
    secretary_role: str = "secretary"


class TeamConfig(_Strict):
    channel: DiscordRef
    schedule: str | None = None
    timezone: str = "UTC"
    remind_before: Duration = Field(default=dt.timedelta(hours=24))
    minutes_channel: DiscordRef | None = None
    secretary_role: str | None = None
    # A weekly digest of open items: an RRULE in `timezone`, or "off". Unset, it goes out on
    # Mondays at 09:00 for teams that meet less often than weekly, and is off otherwise.
    digest: str | None = None

    def parsed_schedule(self) -> Schedule | None:
        return Schedule.parse(self.schedule, self.timezone) if self.schedule else None

    def parsed_digest(self) -> Schedule | None:
        """The digest's schedule when one is set explicitly (None for unset or "off")."""
        if self.digest is None or self.digest.strip().lower() == "off":
            return None
        return Schedule.parse(self.digest, self.timezone)


class Config(_Strict):
    bot: BotSettings = BotSettings()
    teams: dict[str, TeamConfig] = {}
    people: dict[str, DiscordRef] = {}
    source: str = "<defaults>"

    def team(self, name: str) -> TeamConfig | None:
        return self.teams.get(name)


def load_config(path: str | Path) -> Config:
    """Read and validate a config file; every problem names the file and the key."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(str(path), "no such file (copy config.example.toml)") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"not valid TOML: {exc}") from exc
    config = config_from_dict(raw, str(path))
    logger.info("config %s: %d teams, %d people", path, len(config.teams), len(config.people))
    return config


def config_from_dict(raw: dict[str, object], source: str) -> Config:
    try:
        config = Config.model_validate({**raw, "source": source})
    except ValidationError as exc:
        raise ConfigError(source, _describe(exc)) from exc
    if config.bot.guild is not None and config.bot.guild <= 0:
        raise ConfigError(
            source, f"bot.guild: {config.bot.guild} is not a guild id (a positive number)"
        )
    seen: dict[str, str] = {}
    for name, team in config.teams.items():
        if not is_team_name(name):
            raise ConfigError(source, f"teams.{json.dumps(name)}: a team name is {ALLOWED}")
        if (other := seen.setdefault(name.casefold(), name)) != name:
            raise ConfigError(
                source,
                f"teams.{other} and teams.{name}: one team twice (names differ only in case)",
            )
        _check_team(f"teams.{name}", team, source)
    for token, member in config.people.items():
        if isinstance(member, str) and not member.strip():
            raise ConfigError(
                source, f"people.{json.dumps(token)}: empty: give a member's name or id"
            )
    return config


def _check_team(key: str, team: TeamConfig, source: str) -> None:
    """Checks that need more than one key or a parsed rule; each names the key at fault."""
    if team.schedule is not None and not team.schedule.strip():
        raise ConfigError(
            source,
            f"{key}.schedule: empty: give an RRULE such as"
            " FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0 (or leave the key out to plan from"
            " the minutes)",
        )
    if team.remind_before < MIN_REMIND_BEFORE:
        raise ConfigError(
            source,
            f"{key}.remind_before: must be at least 1m: a reminder at the meeting's start is"
            " too late",
        )
    _parsed(f"{key}.timezone", lambda: Schedule.parse_zone(team.timezone), source)
    # A bad digest rule is reported now, not at the first digest.
    _parsed(f"{key}.digest", team.parsed_digest, source)
    schedule = _parsed(f"{key}.schedule", team.parsed_schedule, source)
    if schedule and team.remind_before >= schedule.shortest_gap():
        raise ConfigError(
            source,
            f"{key}.remind_before: {format_duration(team.remind_before)} must be shorter than"
            f" the time between meetings ({format_duration(schedule.shortest_gap())})",
        )


def _parsed(key: str, parse: Callable[[], T], source: str) -> T:
    try:
        return parse()
    except ScheduleError as exc:
        raise ConfigError(source, exc.about(key)) from exc


def _describe(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        problems.append(f"{where}: {error['msg']}")
    return "; ".join(problems)
