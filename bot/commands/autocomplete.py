"""Autocomplete for teams, items, owners and meetings: 25 choices at most, names of 100."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.commands.context import app_of
from bot.render import short
from bot.store.items import StoredItem, list_items
from bot.store.meetings import list_meetings

logger = logging.getLogger(__name__)

MAX_CHOICES = 25
NAME_LIMIT = 100


def _matches(current: str, *names: str | None) -> bool:
    wanted = current.strip().casefold()
    return not wanted or any(wanted in (name or "").casefold() for name in names)


async def team_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    names = await app_of(interaction).known_teams()
    chosen = [name for name in names if _matches(current, name)]
    return [app_commands.Choice(name=name[:NAME_LIMIT], value=name) for name in chosen][
        :MAX_CHOICES
    ]


async def item_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[int]]:
    """The caller's own items first, open before done; matched on id or text."""
    items = await list_items(app_of(interaction).db, status=None)
    user_id = interaction.user.id
    wanted = current.strip().lstrip("#")
    chosen = [i for i in items if wanted == str(i.id) or _matches(current, i.text)]
    chosen.sort(key=lambda i: (not i.owned_by(user_id), i.status != "open", -i.id))
    return [_item_choice(item) for item in chosen[:MAX_CHOICES]]


def _item_choice(item: StoredItem) -> app_commands.Choice[int]:
    mark = "" if item.status == "open" else " (done)"
    name = short(f"#{item.id} {item.text}", NAME_LIMIT - len(mark)) + mark
    return app_commands.Choice(name=name, value=item.id)


async def owner_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Members by display name, then owner names and tokens no member is linked to."""
    choices: dict[str, str] = {}
    guild = interaction.guild
    for member in guild.members if guild else []:
        if not member.bot and _matches(current, member.name, member.display_name):
            choices.setdefault(f"<@{member.id}>", f"@{member.display_name}")
    for item in await list_items(app_of(interaction).db, status=None):
        for owner in item.owners:
            if owner.user_id is None and _matches(current, owner.label, owner.token):
                choices.setdefault(owner.label, f"{owner.label} (not linked)")
    pairs = list(choices.items())[:MAX_CHOICES]
    return [app_commands.Choice(name=short(name, NAME_LIMIT), value=v) for v, name in pairs]


async def meeting_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[int]]:
    meetings = await list_meetings(app_of(interaction).db)
    chosen = [m for m in meetings if _matches(current, m.name, m.team, str(m.id))]
    return [
        app_commands.Choice(name=short(f"{m.name} · {m.team}", NAME_LIMIT), value=m.id)
        for m in chosen[:MAX_CHOICES]
    ]
