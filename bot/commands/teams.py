"""``/team setup`` and ``/team show``: a team's channel, schedule and reminders."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.commands.autocomplete import team_choices
from bot.commands.context import app_of, channel_team, reply
from bot.commands.errors import BadInput
from bot.commands.permissions import require_team_secretary
from bot.config import MIN_REMIND_BEFORE
from bot.durations import format_duration, parse_duration
from bot.schedule import Schedule, ScheduleError, to_rrule
from bot.store.team_settings import TeamSetup, recent_deliveries, save_team
from bot.team_names import TEAM_NAME_LIMIT, check_team_name
from bot.teams import TeamSettings

if TYPE_CHECKING:
    from bot.app import App

logger = logging.getLogger(__name__)


class TeamCommands(app_commands.Group):
    def __init__(self) -> None:
        super().__init__(name="team", description="A working group's channel and schedule")

    @app_commands.command(name="setup", description="Set a team's channel, schedule and reminders")
    @app_commands.describe(
        team="The team's name, as the minutes' front matter writes it (letters, digits, - and _)",
        channel="Where the team's reminders are posted",
        schedule="`every 2 weeks on Monday 10:00`, or an iCalendar RRULE",
        timezone="The schedule's time zone, such as Europe/Bucharest",
        remind_before="How long before a meeting to remind: 24h, 2h, 1d12h",
        minutes_channel="Where minutes posted as .md files are stored for this team",
        secretary_role="The role that manages this team's minutes and people",
    )
    @app_commands.autocomplete(team=team_choices)
    async def setup(
        self,
        interaction: discord.Interaction,
        team: app_commands.Range[str, 1, TEAM_NAME_LIMIT],
        channel: discord.TextChannel,
        schedule: str,
        timezone: str,
        remind_before: str,
        minutes_channel: discord.TextChannel | None = None,
        secretary_role: discord.Role | None = None,
    ) -> None:
        app = app_of(interaction)
        team = check_team_name(team)
        await require_team_secretary(app, interaction.user, team, "set up teams")
        await _refuse_case_twin(app, team)
        setup = TeamSetup(
            team=team,
            channel=str(channel.id),
            schedule=to_rrule(schedule),
            timezone=timezone.strip(),
            remind_before=_remind_before(remind_before),
            minutes_channel=str(minutes_channel.id) if minutes_channel else None,
            secretary_role=secretary_role.name if secretary_role else None,
        )
        parsed = _check(setup)
        await save_team(app.db, setup, actor_id=interaction.user.id, at=app.clock.now())
        await app.replan(team)
        settings = await app.team(team)
        assert settings is not None
        head = f"Team **{team}** is set up (`{parsed.rule}`)."
        await reply(interaction, head + "\n" + "\n".join(_settings_lines(settings, app)))

    @app_commands.command(name="show", description="A team's settings and recent reminders")
    @app_commands.describe(team="The team (default: this channel's)")
    @app_commands.autocomplete(team=team_choices)
    async def show(self, interaction: discord.Interaction, team: str | None = None) -> None:
        app = app_of(interaction)
        name = team or await channel_team(interaction)
        teams = await app.teams()
        if name is None or name not in teams:
            known = ", ".join(sorted(teams)) or "none yet: `/team setup` makes one"
            raise BadInput(f"Say which team: `team:` is one of {known}.")
        lines = _settings_lines(teams[name], app)
        lines += await _delivery_lines(app, name)
        await reply(interaction, f"**Team {name}** ({teams[name].source})\n" + "\n".join(lines))


async def _refuse_case_twin(app: App, team: str) -> None:
    """`Security` beside `security` would be a second team that nobody meant."""
    for known in await app.known_teams():
        if known != team and known.casefold() == team.casefold():
            raise BadInput(
                f"Team **{known}** exists already: names that differ only in case are one"
                f" team. Use `team:{known}`."
            )


def _remind_before(text: str):
    try:
        before = parse_duration(text)
    except ValueError as error:
        raise BadInput(str(error)) from None
    if before < MIN_REMIND_BEFORE:
        raise BadInput("remind_before must be at least 1m: at the meeting's start is too late.")
    return before


def _check(setup: TeamSetup) -> Schedule:
    try:
        schedule = Schedule.parse(setup.schedule, setup.timezone)
    except ScheduleError as error:
        raise BadInput(f"{error}. Example: `every 2 weeks on Monday 10:00`.") from None
    gap = schedule.shortest_gap()
    if setup.remind_before >= gap:
        raise BadInput(
            f"remind_before ({format_duration(setup.remind_before)}) must be shorter than the"
            f" time between meetings ({format_duration(gap)})."
        )
    return schedule


def _where(ref: int | str | None) -> str:
    if ref is None:
        return "none"
    return f"<#{ref}>" if isinstance(ref, int) else f"#{ref}"


def _settings_lines(settings: TeamSettings, app) -> list[str]:
    lines = [
        f"Reminders in {_where(settings.channel)},"
        f" {format_duration(settings.remind_before)} before each meeting",
        f"Minutes channel: {_where(settings.minutes_channel)}",
        f"Secretary role: `{settings.secretary_role}` · time zone {settings.timezone}",
    ]
    if settings.schedule is None:
        return [*lines, "No schedule: no reminders. `/team setup` gives one."]
    upcoming = settings.schedule.upcoming(app.clock.now(), 3)
    shown = ", ".join(f"<t:{int(when.timestamp())}:F>" for when in upcoming)
    return [*lines, f"Schedule `{settings.schedule.rule}`", f"Next meetings: {shown or 'none'}"]


async def _delivery_lines(app, team: str) -> list[str]:
    deliveries = await recent_deliveries(app.db, team)
    if not deliveries:
        return ["Reminders sent: none yet."]
    lines = ["Recent reminders:"]
    for d in deliveries:
        flag = ":warning: " if d.status in ("failed", "missed") else ""
        late = ", late" if d.late else ""
        detail = f": {_detail(d.detail, d.status)[:200]}" if d.detail else ""
        when = _stamp(d.occurrence)
        lines.append(f"• {flag}{d.kind} for {when}: {d.status}{late}{detail}")
    return lines


# Times as the delivery ledger writes them into a detail (ISO 8601 with an offset).
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})")


def _stamp(when: dt.datetime) -> str:
    return f"<t:{int(when.timestamp())}:f>"


def _detail(detail: str, status: str) -> str:
    """A ledger detail as a reader wants it: not repeating the status before it, its times
    as Discord timestamps (shown in the reader's own time zone)."""
    detail = detail.removeprefix(f"{status}: ")
    return _ISO_TIME.sub(lambda m: _stamp(dt.datetime.fromisoformat(m[0])), detail)
