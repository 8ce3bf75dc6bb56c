"""Who may do what: secretaries (or Manage Server) manage, owners change their own items."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.commands.errors import BadInput, NotAllowed
from bot.store.items import StoredItem, get_item

if TYPE_CHECKING:
    from bot.app import App


def is_secretary(user: discord.abc.User, role_name: str) -> bool:
    if not isinstance(user, discord.Member):
        return False
    if user.guild_permissions.manage_guild:
        return True
    return any(role.name == role_name for role in user.roles)


def require_secretary(user: discord.abc.User, role_name: str, action: str) -> None:
    if not is_secretary(user, role_name):
        raise NotAllowed(f"Only members with the `{role_name}` role or Manage Server can {action}.")


async def require_team_secretary(app: App, user: discord.abc.User, team: str | None, action: str):
    require_secretary(user, await app.secretary_role(team), action)


async def known_team(app: App, team: str | None) -> str | None:
    """The team option as given (None when left out); a refusal listing the teams when
    there is no such team, so a typo does not read as an empty list."""
    team = (team or "").strip() or None
    if team is None:
        return None
    known = await app.known_teams()
    if team in known:
        return team
    shown = team.replace("`", "'")[:50]
    if not known:
        raise BadInput(f"There is no team `{shown}`, nor any yet: `/team setup` makes one.")
    raise BadInput(f"There is no team `{shown}`: `team:` is one of {', '.join(known)}.")


async def changeable_item(app: App, user: discord.abc.User, item_id: int, action: str):
    """The item, when ``user`` owns it or is a secretary of its team; else a refusal."""
    item = await existing_item(app, item_id)
    role = await app.secretary_role(item.team)
    if not (item.owned_by(user.id) or is_secretary(user, role)):
        raise NotAllowed(
            f"Item #{item_id} is not yours: only its owners or members with the `{role}` role"
            f" (or Manage Server) can {action} it."
        )
    return item


async def existing_item(app: App, item_id: int) -> StoredItem:
    item = await get_item(app.db, item_id)
    if item is None:
        raise BadInput(f"There is no item #{item_id}; `/todos` lists the open ones.")
    return item
