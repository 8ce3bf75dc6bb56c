"""What every command needs from an interaction: the app, the channel's team, a reply."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

if TYPE_CHECKING:
    from bot.app import App

NO_PINGS = discord.AllowedMentions.none()


def app_of(interaction: discord.Interaction) -> App:
    return interaction.client.app  # type: ignore[attr-defined]


def channel_name(interaction: discord.Interaction) -> str | None:
    return getattr(interaction.channel, "name", None)


async def channel_team(interaction: discord.Interaction) -> str | None:
    return await app_of(interaction).team_for_channel(
        interaction.channel_id or 0, channel_name(interaction)
    )


async def reply(
    interaction: discord.Interaction,
    text: str,
    *,
    private: bool = True,
    view: discord.ui.View | None = None,
) -> None:
    """Answer the interaction (or follow up a deferred one), never pinging anyone."""
    shown = view if view is not None else discord.utils.MISSING
    if interaction.response.is_done():
        await interaction.followup.send(
            text, ephemeral=private, allowed_mentions=NO_PINGS, view=shown
        )
    else:
        await interaction.response.send_message(
            text, ephemeral=private, allowed_mentions=NO_PINGS, view=shown
        )


def member_names(guild: discord.Guild | None) -> list[tuple[int, tuple[str, ...]]]:
    """(id, names) of the guild's human members, for suggestions."""
    if guild is None:
        return []
    return [(m.id, (m.name, m.display_name)) for m in guild.members if not m.bot]
