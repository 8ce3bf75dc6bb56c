"""The one place command errors are answered: short and private for users, full in the log."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.errors import WgbotError

logger = logging.getLogger(__name__)


class NotAllowed(WgbotError):
    """The caller lacks the role a command needs."""


async def on_command_error(
    interaction: discord.Interaction, error: app_commands.AppCommandError
) -> None:
    cause = getattr(error, "original", error)
    if isinstance(cause, WgbotError):
        message = str(cause)
    elif isinstance(error, app_commands.CheckFailure):
        message = str(error) or "You are not allowed to run this command."
    else:
        command = interaction.command.qualified_name if interaction.command else "?"
        logger.error(
            "command /%s failed (guild %s, user %s)",
            command,
            interaction.guild_id,
            interaction.user.id,
            exc_info=cause,
        )
        message = "Something went wrong on our side; the bot's log has the details."
    await reply_private(interaction, message)


async def reply_private(interaction: discord.Interaction, message: str) -> None:
    mentions = discord.AllowedMentions.none()
    if interaction.response.is_done():
        await interaction.followup.send(message, ephemeral=True, allowed_mentions=mentions)
    else:
        await interaction.response.send_message(message, ephemeral=True, allowed_mentions=mentions)
