"""Who a message really pings: Discord's mention parsing filtered by ``allowed_mentions``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.emulator.permissions import MENTION_EVERYONE
from bot.emulator.state import EmulatorState

USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")
EVERYONE_MENTION = re.compile(r"@(everyone|here)\b")

ALL_PARSE = frozenset({"users", "roles", "everyone"})


@dataclass
class Pings:
    user_ids: set[int] = field(default_factory=set)
    role_ids: set[int] = field(default_factory=set)
    everyone: bool = False


def compute_pings(
    state: EmulatorState,
    content: str,
    allowed: dict | None,
    author_id: int,
    replied_author_id: int | None = None,
) -> Pings:
    """Pings as Discord computes them; without ``allowed_mentions`` everything is parsed."""
    parse = ALL_PARSE if allowed is None else frozenset(allowed.get("parse") or ())
    explicit_users = {int(i) for i in (allowed or {}).get("users") or ()}
    explicit_roles = {int(i) for i in (allowed or {}).get("roles") or ()}
    can_mention_all = _can_mention_everyone(state, author_id)

    users = {int(i) for i in USER_MENTION.findall(content) if int(i) in state.members}
    users = users if "users" in parse else users & explicit_users
    roles = {int(i) for i in ROLE_MENTION.findall(content) if int(i) in state.roles}
    roles = roles if "roles" in parse else roles & explicit_roles
    roles = {r for r in roles if state.roles[r].mentionable or can_mention_all}
    everyone = bool(EVERYONE_MENTION.search(content)) and "everyone" in parse and can_mention_all

    if replied_author_id is not None and (allowed is None or allowed.get("replied_user")):
        users.add(replied_author_id)
    return Pings(_expand(state, users, roles, everyone) - {author_id}, roles, everyone)


def _expand(state: EmulatorState, users: set[int], roles: set[int], everyone: bool) -> set[int]:
    """Everyone who gets a notification: named users, role holders, or the whole guild."""
    pinged = set(users)
    for member in state.members.values():
        if everyone or roles.intersection(member.role_ids):
            pinged.add(member.user.id)
    return pinged


def _can_mention_everyone(state: EmulatorState, author_id: int) -> bool:
    member = state.members.get(author_id)
    return member is not None and bool(state.member_permissions(member) & MENTION_EVERYONE)
