"""Minutes posted as a message with a ``.md`` file in a team's minutes channel: stored as
with /minutes add, answered with a reply."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.commands.errors import FAILED
from bot.commands.minutes_upload import ACCEPTED_SUFFIXES, Upload, check_file, store_upload
from bot.errors import WgbotError

if TYPE_CHECKING:
    from bot.app import App

logger = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()


async def minutes_channel_team(app: App, channel: discord.abc.Messageable) -> str | None:
    """The team whose minutes channel this is (a team's main channel does not count)."""
    channel_id, name = getattr(channel, "id", 0), getattr(channel, "name", None)
    for team, settings in (await app.teams()).items():
        if settings.minutes_channel is not None and settings.minutes_channel in (channel_id, name):
            return team
    return None


async def on_posted_minutes(app: App, message: discord.Message) -> None:
    """Store every Markdown attachment of a member's message in a minutes channel."""
    if message.author.bot or message.guild is None:
        return
    files = [a for a in message.attachments if a.filename.lower().endswith(ACCEPTED_SUFFIXES)]
    if not files:
        return
    team = await minutes_channel_team(app, message.channel)
    if team is None:
        return
    for file in files:
        await message.reply(await _store(app, message, file, team), allowed_mentions=NO_PINGS)


async def _store(app: App, message: discord.Message, file: discord.Attachment, team: str) -> str:
    try:
        check_file(file)
        upload = Upload(await file.read(), file.filename, channel_team=team)
        return await store_upload(app, upload, message.author, message.guild)
    except WgbotError as error:
        return str(error)
    except Exception:
        logger.exception(
            "posted minutes %s failed (guild %s, user %s)",
            file.filename,
            message.guild.id if message.guild else None,
            message.author.id,
        )
        return FAILED
