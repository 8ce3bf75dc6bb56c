"""``/people``: link the names and initials of the minutes to members, and see who is who."""

from __future__ import annotations

import json
import logging
import re
from collections import Counter

import discord
from discord import app_commands

from bot.commands.autocomplete import owner_choices, team_choices
from bot.commands.context import app_of, member_names, reply
from bot.commands.errors import BadInput
from bot.commands.permissions import known_team, require_team_secretary
from bot.render import fit_lines, plural
from bot.store import people
from bot.store.items import list_items
from bot.suggest import suggest_members

logger = logging.getLogger(__name__)

NAME_LIMIT = 100


class PeopleCommands(app_commands.Group):
    def __init__(self) -> None:
        super().__init__(name="people", description="Who is who in the minutes")

    @app_commands.command(name="link", description="Link a name or initials to a member")
    @app_commands.describe(
        token="The participant name or owner initials as the minutes write them",
        member="The member they are",
        team="Only in this team's minutes (default: every team)",
    )
    @app_commands.autocomplete(token=owner_choices, team=team_choices)
    async def link(
        self,
        interaction: discord.Interaction,
        token: app_commands.Range[str, 1, NAME_LIMIT],
        member: discord.Member,
        team: str | None = None,
    ) -> None:
        app = app_of(interaction)
        await require_team_secretary(app, interaction.user, team, "link people")
        team = await known_team(app, team)
        name = _name(token)
        if member.bot:
            raise BadInput("Owners are people: link the name to a member who is not a bot.")
        before = await people.link(app.db, name, member.id, team or "")
        where = f"in {team}" if team else "in every team"
        was = f" (was <@{before}>)" if before and before != member.id else ""
        owned = [i for i in await list_items(app.db, team=team) if i.owned_by(member.id)]
        await reply(
            interaction,
            f"`{name}` is now {member.mention} {where}{was};"
            f" they own {plural(len(owned), 'open follow-up')}.",
        )

    @app_commands.command(name="unlink", description="Remove a link made with /people link")
    @app_commands.describe(token="The linked name or initials", team="The team of the link")
    @app_commands.autocomplete(team=team_choices)
    async def unlink(
        self,
        interaction: discord.Interaction,
        token: app_commands.Range[str, 1, NAME_LIMIT],
        team: str | None = None,
    ) -> None:
        app = app_of(interaction)
        await require_team_secretary(app, interaction.user, team, "unlink people")
        team = await known_team(app, team)
        name = _name(token)
        await _refuse_config_link(app, name, team)
        before = await people.unlink(app.db, name, team or "")
        if before is None:
            raise BadInput(
                f"`{name}` is not linked{' in ' + team if team else ''}: `/people list`."
            )
        await reply(interaction, f"`{name}` is no longer linked to <@{before}>.")

    @app_commands.command(name="list", description="Linked and unlinked owners")
    @app_commands.describe(team="Only this team (default: every team)")
    @app_commands.autocomplete(team=team_choices)
    async def list(self, interaction: discord.Interaction, team: str | None = None) -> None:
        app = app_of(interaction)
        team = await known_team(app, team)
        links = await people.list_links(app.db, team)
        lines = [
            f"• `{name}` → <@{user_id}>" + (f" in {scope}" if scope else "") + f" ({source})"
            for scope, name, user_id, source in links
        ]
        lines += await _unlinked_lines(app, team, member_names(interaction.guild))
        title = "People" + (f" of {team}" if team else "")
        await reply(interaction, fit_lines(f"**{title}**", lines or ["Nobody is linked yet."]))


async def _refuse_config_link(app, name: str, team: str | None) -> None:
    """A link from the config's ``[people]`` is made again at every start: unlinking it here
    would not last, so the config file is where it must go."""
    for scope, linked, _, source in await people.list_links(app.db, team):
        if source == "config" and scope == "" and linked.casefold() == name.casefold():
            key = _config_key(app, linked)
            raise BadInput(
                f"`{linked}` is linked by the config file: remove `{key}` from"
                f" `{app.config.source}` and restart the bot."
            )


def _config_key(app, name: str) -> str:
    """The ``[people]`` key as the config file spells it, quoted as TOML needs."""
    spelled = next((k for k in app.config.people if k.casefold() == name.casefold()), name)
    if re.fullmatch(r"[A-Za-z0-9_-]+", spelled):
        return f"people.{spelled}"
    return "people." + json.dumps(spelled, ensure_ascii=False)


def _name(token: str) -> str:
    name = token.strip().lstrip("@")
    if not name or name.startswith("<"):
        raise BadInput("Give the name or initials as written in the minutes, such as `SJ`.")
    return name


async def _unlinked_lines(app, team: str | None, members) -> list[str]:
    counts: Counter[str] = Counter()
    for item in await list_items(app.db, team=team):
        for owner in item.owners:
            if owner.user_id is None and owner.participant != "*group*":
                counts[owner.label] += 1
    lines = []
    for label, count in counts.most_common():
        found = suggest_members(label, members)
        maybe = (" may be " + " or ".join(f"<@{m}>" for m in found)) if found else ""
        lines.append(f"• `{label}` is not linked ({plural(count, 'open item')}){maybe}")
    if lines:
        lines.append("Link them with `/people link token:<name> member:@member`.")
    return lines
