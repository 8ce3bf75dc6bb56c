"""``/reminders dm state:on|off``: a member's own follow-ups by direct message before meetings.

Register it in bot/client.py with ``self.tree.add_command(ReminderPrefsCommands())``.
"""

from __future__ import annotations

import logging
from typing import Literal

import discord
from discord import app_commands

from bot.commands.context import app_of, reply
from bot.reminders.prefs import set_dm, wants_dm

logger = logging.getLogger(__name__)


class ReminderPrefsCommands(app_commands.Group):
    def __init__(self) -> None:
        super().__init__(name="reminders", description="How you get reminded of your follow-ups")

    @app_commands.command(name="dm", description="Also get your own follow-ups by DM")
    @app_commands.describe(
        state="on: a DM with your open items before each meeting; off: only the channel"
    )
    async def dm(self, interaction: discord.Interaction, state: Literal["on", "off"]) -> None:
        app = app_of(interaction)
        enabled = state == "on"
        changed = await set_dm(app.db, interaction.user.id, enabled, now=app.clock.now())
        if not enabled:
            text = "You will get your follow-ups in the team channel only."
        else:
            text = (
                "Before each meeting you will also get your own open follow-ups by DM"
                " (in the team channel instead if your DMs are closed to me)."
            )
        await reply(interaction, text if changed else f"Already so. {text}")

    @app_commands.command(name="show", description="Your reminder settings")
    async def show(self, interaction: discord.Interaction) -> None:
        app = app_of(interaction)
        on = await wants_dm(app.db, interaction.user.id)
        await reply(interaction, f"Reminder DMs: **{'on' if on else 'off'}** (`/reminders dm`).")
