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
    owner = (owner or "").strip() or None
    team = (team or "").strip() or None
    items = await list_items(app.db, team=team)
    if owner:
        text = await _owner_list(app, interaction, items, owner, team)
    else:
        text = todo_list(*await _default_selection(app, interaction, items, team))
    await interaction.response.send_message(
        text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
    )


async def _owner_list(
    app: App, interaction, items: list[StoredItem], owner: str, team: str | None
) -> str:
    member_id = _member_id(interaction.guild, owner)
    chosen = [item for item in items if _owned_by(item, owner, member_id)]
    title = f"Open follow-ups of {owner}" + (f" in {team}" if team else "")
    if chosen:
        return todo_list(title, chosen)
    # Nothing open: say whether the owner exists at all, so a typo does not look like zero.
    everything = await list_items(app.db, team=team, status=None)
    if any(_owned_by(item, owner, member_id) for item in everything):
        return todo_list(title, [])
    return (
        f"No follow-up{' in ' + team if team else ''} has an owner called `{owner}`: "
        "give initials as in the minutes (`SJ`), a participant name, or @member."
    )


async def _default_selection(app: App, interaction, items: list[StoredItem], team: str | None):
    if team:
        return f"Open follow-ups of {team}", items
    mine = [item for item in items if item.owned_by(interaction.user.id)]
    if mine:
        return "Your open follow-ups", mine
    channel_team = await app.team_for_channel(
        interaction.channel_id or 0, getattr(interaction.channel, "name", None)
    )
    if channel_team:
        return f"Open follow-ups of {channel_team}", [i for i in items if i.team == channel_team]
    return "Open follow-ups", items


def _owned_by(item: StoredItem, who: str, member_id: int | None) -> bool:
    wanted = who.casefold()
    for owner in item.owners:
        if member_id is not None and owner.user_id == member_id:
            return True
        if wanted in (owner.token.casefold(), (owner.participant or "").casefold()):
            return True
    return False


def _member_id(guild: discord.Guild | None, text: str) -> int | None:
    """``<@123>``, ``@name`` or a member's name or display name, as a member id."""
    digits = text.strip("<@!>")
    if digits.isdigit():
        return int(digits)
    if guild is None:
        return None
    wanted = text.removeprefix("@").casefold()
    for member in guild.members:
        if wanted in (member.name.casefold(), member.display_name.casefold()):
            return member.id
    return None


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
        role = await app.secretary_role(found.team)
        if not (found.owned_by(interaction.user.id) or is_secretary(interaction.user, role)):
            raise NotAllowed(
                f"Item #{item} is not yours: only its owners or the `{role}` role can close it."
            )
        changed = await set_status(
            app.db, item, "done", actor_id=interaction.user.id, at=app.clock.now()
        )
        text = f"Item `#{item}` is done." if changed else f"Item `#{item}` was already done."
        await interaction.response.send_message(
            text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )
