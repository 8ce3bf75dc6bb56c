"""Who may do what: secretaries (or Manage Server) manage, owners change their own items."""

from __future__ import annotations

import discord

from bot.commands.errors import NotAllowed


def is_secretary(user: discord.abc.User, role_name: str) -> bool:
    if not isinstance(user, discord.Member):
        return False
    if user.guild_permissions.manage_guild:
        return True
    return any(role.name == role_name for role in user.roles)


def require_secretary(user: discord.abc.User, role_name: str, action: str) -> None:
    if not is_secretary(user, role_name):
        raise NotAllowed(f"Only members with the `{role_name}` role or Manage Server can {action}.")
