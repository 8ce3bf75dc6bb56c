"""What a test asks for: the guild the emulator pretends the bot is in."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.emulator.permissions import DEFAULT_BOT, DEFAULT_EVERYONE


@dataclass
class RoleSpec:
    name: str
    permissions: int = 0
    mentionable: bool = True
    color: int = 0


@dataclass
class ChannelSpec:
    name: str
    topic: str | None = None


@dataclass
class MemberSpec:
    """A human (or another bot) in the guild; ``display_name`` becomes the user's global name."""

    name: str
    display_name: str | None = None
    roles: list[str] = field(default_factory=list)
    bot: bool = False


@dataclass
class GuildSpec:
    name: str = "Emulated Guild"
    channels: list[ChannelSpec] = field(default_factory=lambda: [ChannelSpec("general")])
    roles: list[RoleSpec] = field(default_factory=list)
    members: list[MemberSpec] = field(default_factory=list)
    bot_name: str = "wgbot"
    everyone_permissions: int = DEFAULT_EVERYONE
    bot_permissions: int = DEFAULT_BOT
    locale: str = "en-US"
