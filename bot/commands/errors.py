"""The one place errors of commands, buttons and modals are answered: short and private
for users, full in the log."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.errors import WgbotError

logger = logging.getLogger(__name__)

FAILED = "Something went wrong on our side; the bot's log has the details. Try again later."


class NotAllowed(WgbotError):
    """The caller lacks the role a command needs."""


class BadInput(WgbotError):
    """An option the caller gave cannot be used; the message says what to give instead."""


async def on_command_error(
    interaction: discord.Interaction, error: app_commands.AppCommandError
) -> None:
    cause = getattr(error, "original", error)
    if isinstance(error, app_commands.CheckFailure) and not isinstance(cause, WgbotError):
        await reply_private(interaction, str(error) or "You are not allowed to run this command.")
        return
    command = interaction.command.qualified_name if interaction.command else "?"
    await answer_error(interaction, cause, f"command /{command}")


async def answer_error(interaction: discord.Interaction, error: BaseException, where: str) -> None:
    """Tell the user what to do (a WgbotError says it), log anything else with its traceback."""
    if isinstance(error, WgbotError):
        message = str(error)
    else:
        logger.error(
            "%s failed (guild %s, user %s)",
            where,
            interaction.guild_id,
            interaction.user.id,
            exc_info=error,
        )
        message = FAILED
    try:
        await reply_private(interaction, message)
    except discord.HTTPException:
        logger.warning("%s: could not tell user %s about the error", where, interaction.user.id)


async def reply_private(interaction: discord.Interaction, message: str) -> None:
    mentions = discord.AllowedMentions.none()
    if interaction.response.is_done():
        await interaction.followup.send(message, ephemeral=True, allowed_mentions=mentions)
    else:
        await interaction.response.send_message(message, ephemeral=True, allowed_mentions=mentions)
