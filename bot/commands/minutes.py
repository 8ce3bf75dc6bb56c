"""``/minutes add``: upload a meeting's minutes and store its follow-ups."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.commands.errors import NotAllowed
from bot.commands.permissions import require_secretary
from bot.ingest import IngestReport, choose_team, ingest_minutes
from bot.minutes import parse_bytes
from bot.render import ingest_summary

if TYPE_CHECKING:
    from bot.app import App

logger = logging.getLogger(__name__)

MAX_MINUTES_BYTES = 1_000_000
ACCEPTED_SUFFIXES = (".md", ".markdown", ".txt")


class MinutesCommands(app_commands.Group):
    def __init__(self) -> None:
        super().__init__(name="minutes", description="Meeting minutes and their follow-ups")

    @app_commands.command(name="add", description="Store the follow-ups of a meeting's minutes")
    @app_commands.describe(
        file="The minutes as a Markdown file (.md, at most 1 MB)",
        team="The team the meeting belongs to (default: the minutes' front matter)",
    )
    async def add(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment,
        team: str | None = None,
    ) -> None:
        app: App = interaction.client.app  # type: ignore[attr-defined]
        _check_file(file)
        channel_team = await app.team_for_channel(
            interaction.channel_id or 0, _channel_name(interaction)
        )
        role = await app.secretary_role(team or channel_team)
        require_secretary(interaction.user, role, "add minutes")
        # Refusals (bad file, bad minutes, no team) come before the deferral, so they stay
        # private; storing is what may pass Discord's 3-second limit.
        content = await file.read()
        minutes = await asyncio.to_thread(parse_bytes, content, file.filename)
        known = set(await app.teams())
        chosen = choose_team(minutes, team, known, fallback=channel_team)
        await interaction.response.defer(thinking=True)
        report = await ingest_minutes(
            app.db,
            minutes,
            team=chosen,
            content=content,
            actor_id=interaction.user.id,
            now=app.clock.now(),
        )
        await _after_ingest(app, report)
        text = await ingest_summary(
            app.db,
            report,
            minutes,
            team_known=chosen in known,
            members=_member_names(interaction.guild),
        )
        await interaction.followup.send(text, allowed_mentions=discord.AllowedMentions.none())


def _check_file(file: discord.Attachment) -> None:
    if not file.filename.lower().endswith(ACCEPTED_SUFFIXES):
        raise NotAllowed(f"`{file.filename}` is not a Markdown file: upload the minutes as `.md`.")
    if file.size > MAX_MINUTES_BYTES:
        raise NotAllowed(f"`{file.filename}` is {file.size:,} bytes; minutes may be 1 MB at most.")


def _member_names(guild: discord.Guild | None) -> list[tuple[int, tuple[str, ...]]]:
    if guild is None:
        return []
    return [(m.id, (m.name, m.display_name)) for m in guild.members if not m.bot]


def _channel_name(interaction: discord.Interaction) -> str | None:
    return getattr(interaction.channel, "name", None)


async def _after_ingest(app: App, report: IngestReport) -> None:
    # New items may change what the team's next reminder says, not when it goes out;
    # planning again keeps a team that just got a schedule from waiting for a restart.
    await app.replan(report.team)
