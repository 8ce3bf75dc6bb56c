"""``/todos`` to list follow-ups, ``/todo done`` to close one."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.commands.errors import NotAllowed
from bot.commands.permissions import is_secretary
from bot.render import todo_list
from bot.store.items import StoredItem, get_item, list_items, set_status

if TYPE_CHECKING:
    from bot.app import App

logger = logging.getLogger(__name__)


@app_commands.command(name="todos", description="List open follow-ups")
@app_commands.describe(
    owner="Owner initials, participant name or @member (default: you)",
    team="Only this team's items",
)
async def todos(
    interaction: discord.Interaction, owner: str | None = None, team: str | None = None
) -> None:
    app: App = interaction.client.app  # type: ignore[attr-defined]
    items = await list_items(app.db, team=team)
    title, chosen = _select(app, interaction, items, owner, team)
    text = todo_list(title, chosen)
    await interaction.response.send_message(
        text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
    )


def _select(app, interaction, items: list[StoredItem], owner: str | None, team: str | None):
    if owner:
        return f"Open follow-ups of {owner}", [i for i in items if _owned_by(i, owner)]
    if team:
        return f"Open follow-ups of {team}", items
    mine = [item for item in items if item.owned_by(interaction.user.id)]
    if mine:
        return "Your open follow-ups", mine
    channel_team = app.team_for_channel(
        interaction.channel_id or 0, getattr(interaction.channel, "name", None)
    )
    if channel_team:
        return f"Open follow-ups of {channel_team}", [i for i in items if i.team == channel_team]
    return "Open follow-ups", items


def _owned_by(item: StoredItem, who: str) -> bool:
    wanted = who.strip().casefold()
    user_id = _mentioned_user(wanted)
    for owner in item.owners:
        if user_id is not None and owner.user_id == user_id:
            return True
        if wanted in (owner.token.casefold(), (owner.participant or "").casefold()):
            return True
    return False


def _mentioned_user(text: str) -> int | None:
    digits = text.strip("<@!>")
    return int(digits) if digits.isdigit() else None


class TodoCommands(app_commands.Group):
    def __init__(self) -> None:
        super().__init__(name="todo", description="Change a follow-up")

    @app_commands.command(name="done", description="Mark a follow-up as done")
    @app_commands.describe(item="The item's number, as shown by /todos")
    async def done(self, interaction: discord.Interaction, item: int) -> None:
        app: App = interaction.client.app  # type: ignore[attr-defined]
        found = await get_item(app.db, item)
        if found is None:
            raise NotAllowed(f"There is no item #{item}; `/todos` lists the open ones.")
        if not (
            found.owned_by(interaction.user.id)
            or is_secretary(interaction.user, app.secretary_role(found.team))
        ):
            raise NotAllowed(
                f"Item #{item} is not yours: only its owners or the "
                f"`{app.secretary_role(found.team)}` role can close it."
            )
        changed = await set_status(
            app.db, item, "done", actor_id=interaction.user.id, at=app.clock.now()
        )
        text = f"Item `#{item}` is done." if changed else f"Item `#{item}` was already done."
        await interaction.response.send_message(
            text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )
