"""The emulated world: one guild, its channels, roles and members, and what was posted."""

from __future__ import annotations

import base64
import logging
import secrets
from dataclasses import dataclass, field

from bot.emulator import permissions
from bot.emulator.errors import UnknownEntity
from bot.emulator.records import InteractionRecord, Names, PostedMessage, RecordedRequest
from bot.emulator.snowflake import SnowflakeGenerator, iso_now
from bot.emulator.specs import GuildSpec

log = logging.getLogger(__name__)

TEXT, DM, PUBLIC_THREAD, PRIVATE_THREAD = 0, 1, 11, 12


@dataclass
class User:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False

    @property
    def display_name(self) -> str:
        return self.global_name or self.username


@dataclass
class Member:
    user: User
    role_ids: list[int] = field(default_factory=list)
    joined_at: str = field(default_factory=iso_now)


@dataclass
class Role:
    id: int
    name: str
    permissions: int
    position: int
    mentionable: bool = True
    color: int = 0
    managed: bool = False


@dataclass
class Channel:
    id: int
    name: str
    type: int = TEXT
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None
    owner_id: int | None = None
    recipient_id: int | None = None
    deleted: bool = False

    @property
    def in_guild(self) -> bool:
        return self.type != DM


@dataclass
class StoredAttachment:
    payload: dict
    data: bytes


class EmulatorState:
    """Everything the REST routes and the gateway share."""

    def __init__(self, spec: GuildSpec) -> None:
        self.ids = SnowflakeGenerator()
        self.spec = spec
        self.guild_id = self.ids.next()
        self.application_id = self.ids.next()
        self.bot = User(self.application_id, spec.bot_name, bot=True)
        self.token = _make_token(self.bot.id)
        self.roles: dict[int, Role] = {}
        self.members: dict[int, Member] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, PostedMessage] = {}
        self.message_order: list[int] = []
        self.commands: list[dict] = []
        self.attachments: dict[int, StoredAttachment] = {}
        self.interactions: dict[int, InteractionRecord] = {}
        self.requests: list[RecordedRequest] = []
        self._build(spec)

    def _build(self, spec: GuildSpec) -> None:
        everyone = Role(self.guild_id, "@everyone", spec.everyone_permissions, 0, False)
        self.roles[everyone.id] = everyone
        for position, role_spec in enumerate(spec.roles, start=1):
            role = Role(self.ids.next(), role_spec.name, role_spec.permissions, position)
            role.mentionable, role.color = role_spec.mentionable, role_spec.color
            self.roles[role.id] = role
        bot_role = Role(self.ids.next(), spec.bot_name, spec.bot_permissions, len(self.roles))
        bot_role.managed = True
        self.roles[bot_role.id] = bot_role
        self.members[self.bot.id] = Member(self.bot, [bot_role.id])
        for member_spec in spec.members:
            user = User(
                self.ids.next(), member_spec.name, member_spec.display_name, member_spec.bot
            )
            role_ids = [self.role(name).id for name in member_spec.roles]
            self.members[user.id] = Member(user, role_ids)
        for position, channel_spec in enumerate(spec.channels):
            channel = Channel(self.ids.next(), channel_spec.name, position=position)
            channel.topic = channel_spec.topic
            self.channels[channel.id] = channel

    # Lookups by name or id; tests name things, the bot uses ids.

    def member(self, ref: str | int) -> Member:
        if isinstance(ref, int) and ref in self.members:
            return self.members[ref]
        for member in self.members.values():
            if str(ref).lower() in (member.user.username.lower(), member.user.display_name.lower()):
                return member
        raise UnknownEntity("member", ref, [m.user.username for m in self.members.values()])

    def channel(self, ref: str | int) -> Channel:
        if isinstance(ref, int) and ref in self.channels:
            return self.channels[ref]
        name = str(ref).lstrip("#")
        for channel in self.channels.values():
            if channel.name == name or str(channel.id) == name:
                return channel
        raise UnknownEntity("channel", ref, [c.name for c in self.channels.values()])

    def role(self, ref: str | int) -> Role:
        if isinstance(ref, int) and ref in self.roles:
            return self.roles[ref]
        for role in self.roles.values():
            if role.name.lower() == str(ref).lstrip("@").lower():
                return role
        raise UnknownEntity("role", ref, [r.name for r in self.roles.values()])

    def live_channel(self, channel_id: int) -> Channel | None:
        channel = self.channels.get(channel_id)
        return None if channel is None or channel.deleted else channel

    def member_permissions(self, member: Member) -> int:
        ids = [self.guild_id, *member.role_ids]
        return permissions.combine([self.roles[i].permissions for i in ids if i in self.roles])

    def names(self) -> Names:
        return Names(user=self._user_name, role=self._role_name, channel=self._channel_name)

    def _user_name(self, user_id: int) -> str | None:
        member = self.members.get(user_id)
        return member.user.display_name if member else None

    def _role_name(self, role_id: int) -> str | None:
        role = self.roles.get(role_id)
        return role.name if role else None

    def _channel_name(self, channel_id: int) -> str | None:
        channel = self.channels.get(channel_id)
        return channel.name if channel else None

    # Channels created at run time.

    def dm_channel(self, user_id: int) -> Channel:
        for channel in self.channels.values():
            if channel.type == DM and channel.recipient_id == user_id:
                return channel
        name = "@" + self.members[user_id].user.username
        channel = Channel(self.ids.next(), name, DM, recipient_id=user_id)
        self.channels[channel.id] = channel
        log.info("DM channel %s opened with user %s", channel.id, user_id)
        return channel

    def add_thread(self, parent: Channel, name: str, kind: int, owner_id: int) -> Channel:
        thread = Channel(self.ids.next(), name, kind, parent_id=parent.id, owner_id=owner_id)
        self.channels[thread.id] = thread
        return thread

    # Messages.

    def store_message(self, message: PostedMessage) -> PostedMessage:
        message.names = self.names()
        self.messages[message.id] = message
        self.message_order.append(message.id)
        return message

    def channel_messages(self, channel_id: int) -> list[PostedMessage]:
        """Messages visible in a channel's history, oldest first."""
        found = (self.messages[i] for i in self.message_order)
        return [
            m for m in found if m.channel_id == channel_id and not m.deleted and not m.ephemeral
        ]


def _make_token(bot_id: int) -> str:
    """A token shaped like Discord's: base64 user id, a timestamp part, a secret part."""
    head = base64.urlsafe_b64encode(str(bot_id).encode()).decode().rstrip("=")
    return f"{head}.emulator.{secrets.token_urlsafe(24)}"
