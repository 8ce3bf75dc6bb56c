"""The discord.py client: commands, the guild's people, and starting the reminders."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import discord
from discord import app_commands

from bot.app import App
from bot.commands.errors import on_command_error
from bot.commands.minutes import MinutesCommands
from bot.commands.people import PeopleCommands
from bot.commands.posted import on_posted_minutes
from bot.commands.reminder_prefs import ReminderPrefsCommands
from bot.commands.teams import TeamCommands
from bot.commands.todo import TodoCommands
from bot.commands.todos import todos
from bot.poster import DiscordPoster, find_channel
from bot.store import people
from bot.views import ReminderDoneButton

logger = logging.getLogger(__name__)

# wgbot never joins voice: spare maintainers discord.py's warnings about voice libraries.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


class WgbotClient(discord.Client):
    def __init__(self, app: App, **options: Any) -> None:
        intents = discord.Intents.default()
        intents.members = True  # to link participants to members by name
        intents.message_content = True  # to read minutes posted in a minutes channel
        # Nothing the bot says pings anyone unless a call allows it explicitly.
        super().__init__(
            intents=intents, allowed_mentions=discord.AllowedMentions.none(), **options
        )
        self.app = app
        self.poster = DiscordPoster(self)
        self.tree = app_commands.CommandTree(self)
        self.tree.error(on_command_error)
        groups = (
            MinutesCommands(),
            TodoCommands(),
            PeopleCommands(),
            TeamCommands(),
            ReminderPrefsCommands(),  # the reminders' own settings (bot/reminders)
        )
        for group in groups:
            self.tree.add_command(group)
        self.tree.add_command(todos)

    async def setup_hook(self) -> None:
        # The reminders' "Done #id" buttons carry the item id: they work on messages
        # posted before this process started.
        self.add_dynamic_items(ReminderDoneButton)
        await self._sync_commands()

    async def _sync_commands(self) -> None:
        """Register the commands when they differ from what was last registered."""
        guild_id = self.app.config.bot.guild
        guild = discord.Object(guild_id) if guild_id else None
        if guild:
            self.tree.copy_global_to(guild=guild)
        payload = [command.to_dict(self.tree) for command in self.tree.get_commands(guild=guild)]
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        key = f"commands:{self.application_id}:{guild_id or 'global'}"
        row = await self.app.db.fetchone("SELECT value FROM kv WHERE key = ?", (key,))
        if row and row[0] == digest:
            logger.info("application commands unchanged; not syncing")
            return
        synced = await self.tree.sync(guild=guild)
        async with self.app.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO kv (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, digest),
            )
        logger.info("synced %d application commands (%s)", len(synced), guild_id or "global")

    async def on_ready(self) -> None:
        logger.info("connected as %s to %d guilds", self.user, len(self.guilds))
        planner = self.app.planner
        if planner and not planner.scheduler.running:
            await planner.start()

    async def on_message(self, message: discord.Message) -> None:
        await on_posted_minutes(self.app, message)

    async def on_guild_available(self, guild: discord.Guild) -> None:
        await self._link_config_people(guild)
        await self._check_team_channels()

    async def _check_team_channels(self) -> None:
        for name, team in (await self.app.teams()).items():
            if team.channel is None or find_channel(self, team.channel) is None:
                logger.warning(
                    "team %s: channel %r is not in any guild the bot is in: its reminders"
                    " cannot be posted",
                    name,
                    team.channel,
                )

    async def _link_config_people(self, guild: discord.Guild) -> None:
        links: dict[str, int] = {}
        for participant, ref in self.app.config.people.items():
            member = _find_member(guild, ref)
            if member is None:
                logger.warning("[people] %s = %r: no such member in %s", participant, ref, guild)
                continue
            links[participant] = member.id
        await people.replace_config_links(self.app.db, links)


def _find_member(guild: discord.Guild, ref: int | str) -> discord.Member | None:
    if isinstance(ref, int):
        return guild.get_member(ref)
    wanted = ref.lstrip("@").casefold()
    for member in guild.members:
        if wanted in {member.name.casefold(), member.display_name.casefold()}:
            return member
    return None
