"""``/todos``: list follow-ups by owner, team and status, privately or in the channel."""

from __future__ import annotations

import logging
from typing import Literal, get_args

import discord
from discord import app_commands

from bot.commands.autocomplete import owner_choices, team_choices
from bot.commands.context import app_of, channel_team, reply
from bot.commands.errors import BadInput
from bot.commands.permissions import known_team
from bot.render import todo_pages
from bot.store.items import StoredItem, list_items
from bot.views import Pager

logger = logging.getLogger(__name__)

Status = Literal["open", "done", "all"]
STATUSES: tuple[str, ...] = get_args(Status)


@app_commands.command(name="todos", description="List follow-ups")
@app_commands.describe(
    owner="Owner initials, participant name or @member (default: you)",
    team="Only this team's items",
    status="Open (default), done, or all items",
    public="Post the list in the channel for everyone (default: only you see it)",
)
@app_commands.autocomplete(owner=owner_choices, team=team_choices)
async def todos(
    interaction: discord.Interaction,
    owner: str | None = None,
    team: str | None = None,
    status: Status = "open",
    public: bool = False,
) -> None:
    app = app_of(interaction)
    if status not in STATUSES:
        # Discord sends only a declared choice, but a client holding an older definition
        # of the command could send another.
        raise BadInput(f"`status` is one of {', '.join(STATUSES)}.")
    owner = (owner or "").strip() or None
    team = await known_team(app, team)
    items = await list_items(app.db, team=team, status=None if status == "all" else status)
    if owner:
        title, chosen = await _owner_selection(app, interaction, items, owner, team, status)
    else:
        title, chosen = await _default_selection(interaction, items, team, status)
    if chosen is None:
        await reply(interaction, title)
        return
    pages = todo_pages(title, chosen, app.clock.now().date())
    view = Pager(pages, interaction.user.id) if len(pages) > 1 else None
    await reply(interaction, pages[0], private=not public, view=view)


def _title(what: str, status: Status, team: str | None) -> str:
    label = {"open": "Open follow-ups", "done": "Done follow-ups", "all": "Follow-ups"}[status]
    return f"{label} {what}".rstrip() + (f" in {team}" if team else "")


async def _owner_selection(
    app, interaction, items: list[StoredItem], owner: str, team: str | None, status: Status
) -> tuple[str, list[StoredItem] | None]:
    member_id = _member_id(interaction.guild, owner)
    shown = f"<@{member_id}>" if member_id and owner.startswith("<@") else owner
    chosen = [item for item in items if _owned_by(item, owner, member_id)]
    if chosen:
        return _title(f"of {shown}", status, team), chosen
    # Nothing listed: say whether the owner exists at all, so a typo does not look like zero.
    everything = await list_items(app.db, team=team, status=None)
    if any(_owned_by(item, owner, member_id) for item in everything):
        return _title(f"of {shown}", status, team), []
    return (
        f"No follow-up{' in ' + team if team else ''} has an owner called `{owner}`: "
        "give initials as in the minutes (`SJ`), a participant name, or @member.",
        None,
    )


async def _default_selection(
    interaction, items: list[StoredItem], team: str | None, status: Status
) -> tuple[str, list[StoredItem]]:
    if team:
        return _title("", status, team), items
    mine = [item for item in items if item.owned_by(interaction.user.id)]
    if mine:
        return "Your " + _title("", status, None).lower(), mine
    here = await channel_team(interaction)
    if here:
        return _title("", status, here), [i for i in items if i.team == here]
    return _title("", status, None), items


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
