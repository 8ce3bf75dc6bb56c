"""Buttons wgbot attaches to messages: paging a list, confirming a removal, and the
reminders' "done" buttons, which keep working after a restart."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord

from bot.commands.errors import NotAllowed, answer_error
from bot.render import short
from bot.store.items import get_item, set_status

if TYPE_CHECKING:
    from bot.app import App

logger = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()
# A message holds five rows of five buttons.
MAX_REMINDER_BUTTONS = 25


class WgbotView(discord.ui.View):
    """A view whose errors are answered like command errors, and that only its owner uses."""

    def __init__(self, owner_id: int | None = None, *, timeout: float | None = 600) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if self.owner_id is None or interaction.user.id == self.owner_id:
            return True
        await answer_error(
            interaction, NotAllowed("Only who ran the command can use these buttons."), "view"
        )
        return False

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        where = f"{type(self).__name__} item {getattr(item, 'custom_id', item)}"
        await answer_error(interaction, error, where)


class Pager(WgbotView):
    """Previous / next buttons over pages of text the command already rendered."""

    def __init__(self, pages: list[str], owner_id: int) -> None:
        super().__init__(owner_id)
        self.pages = pages
        self.page = 0
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page == len(self.pages) - 1

    async def _show(self, interaction: discord.Interaction, page: int) -> None:
        self.page = max(0, min(page, len(self.pages) - 1))
        self._update_buttons()
        await interaction.response.edit_message(
            content=self.pages[self.page], view=self, allowed_mentions=NO_PINGS
        )

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary, custom_id="page:prev")
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._show(interaction, self.page - 1)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary, custom_id="page:next")
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._show(interaction, self.page + 1)


class Confirm(WgbotView):
    """Yes / cancel; on yes, ``action`` runs and its text replaces the question."""

    def __init__(self, owner_id: int, action: Callable[[], Awaitable[str]]) -> None:
        super().__init__(owner_id, timeout=300)
        self.action = action

    async def _finish(self, interaction: discord.Interaction, text: str) -> None:
        self.stop()
        await interaction.response.edit_message(content=text, view=None, allowed_mentions=NO_PINGS)

    @discord.ui.button(label="Remove", style=discord.ButtonStyle.danger, custom_id="confirm:yes")
    async def yes(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._finish(interaction, await self.action())

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary, custom_id="confirm:no")
    async def no(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._finish(interaction, "Cancelled: nothing was removed.")


class ReminderDoneButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"wgbot:done:(?P<item_id>\d+)"
):
    """ "Done #12" under a reminder: its owner closes the item. The item id is in the
    custom_id, so the button works on messages posted before the bot restarted."""

    def __init__(self, item_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=f"Done #{item_id}",
                style=discord.ButtonStyle.success,
                custom_id=f"wgbot:done:{item_id}",
            )
        )
        self.item_id = item_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReminderDoneButton:
        return cls(int(match["item_id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        # discord.py only logs a dynamic item's errors: answer them here, as a view would.
        try:
            await self._close(interaction)
        except Exception as error:
            await answer_error(interaction, error, f"reminder button #{self.item_id}")

    async def _close(self, interaction: discord.Interaction) -> None:
        app: App = interaction.client.app  # type: ignore[attr-defined]
        item = await get_item(app.db, self.item_id)
        if item is None:
            raise NotAllowed(f"Item #{self.item_id} no longer exists.")
        if not item.owned_by(interaction.user.id):
            raise NotAllowed(
                f"Item #{self.item_id} is not yours: only its owners can close it here"
                " (secretaries can use `/todo done`)."
            )
        changed = await set_status(
            app.db, item.id, "done", actor_id=interaction.user.id, at=app.clock.now()
        )
        text = short(item.text, 150)
        said = "is done" if changed else "was already done"
        await interaction.response.send_message(
            f"`#{item.id}` {text} {said}.", ephemeral=True, allowed_mentions=NO_PINGS
        )


def reminder_view(item_ids: list[int]) -> discord.ui.View | None:
    """A "Done #id" button per item (the first 25), for the reminder listing them; None
    when there is none. Pass ``view=reminder_view(ids)`` when posting the message."""
    ids = list(dict.fromkeys(item_ids))[:MAX_REMINDER_BUTTONS]
    if not ids:
        return None
    view = discord.ui.View(timeout=None)
    for item_id in ids:
        view.add_item(ReminderDoneButton(item_id))
    return view
