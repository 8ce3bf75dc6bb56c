"""Discord JSON for the emulated objects, with every field discord.py reads."""

from __future__ import annotations

from typing import Any

from bot.emulator.mentions import USER_MENTION
from bot.emulator.records import PostedMessage
from bot.emulator.snowflake import iso_now
from bot.emulator.state import DM, Channel, EmulatorState, Member, Role, StoredAttachment, User

# What Discord currently allows a bot to upload per attachment (discord.py reads it).
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


def user(u: User) -> dict[str, Any]:
    return {
        "id": str(u.id),
        "username": u.username,
        "global_name": u.global_name,
        "discriminator": "0",
        "avatar": None,
        "bot": u.bot,
        "system": False,
        "public_flags": 0,
        "flags": 0,
    }


def member(state: EmulatorState, m: Member, *, with_user: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "roles": [str(role_id) for role_id in m.role_ids],
        "nick": None,
        "avatar": None,
        "joined_at": m.joined_at,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
        "permissions": str(state.member_permissions(m)),
    }
    if with_user:
        data["user"] = user(m.user)
    return data


def role(r: Role) -> dict[str, Any]:
    return {
        "id": str(r.id),
        "name": r.name,
        "color": r.color,
        "colors": {"primary_color": r.color, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": r.position,
        "permissions": str(r.permissions),
        "managed": r.managed,
        "mentionable": r.mentionable,
        "flags": 0,
    }


def channel(state: EmulatorState, c: Channel) -> dict[str, Any]:
    if c.type == DM:
        recipient = state.members[c.recipient_id or 0].user
        return {
            "id": str(c.id),
            "type": DM,
            "last_message_id": None,
            "recipients": [user(recipient)],
        }
    data: dict[str, Any] = {
        "id": str(c.id),
        "type": c.type,
        "guild_id": str(state.guild_id),
        "name": c.name,
        "position": c.position,
        "permission_overwrites": [],
        "topic": c.topic,
        "nsfw": False,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "parent_id": str(c.parent_id) if c.parent_id else None,
        "flags": 0,
    }
    if c.parent_id is not None:
        data.update(_thread_fields(state, c))
    return data


def _thread_fields(state: EmulatorState, c: Channel) -> dict[str, Any]:
    count = len(state.channel_messages(c.id))
    return {
        "owner_id": str(c.owner_id),
        "message_count": count,
        "total_message_sent": count,
        "member_count": 1,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": iso_now(),
            "locked": False,
            "create_timestamp": iso_now(),
        },
    }


def channel_with_permissions(state: EmulatorState, c: Channel, m: Member) -> dict[str, Any]:
    """The partial channel Discord puts in interactions and resolved data."""
    return {**channel(state, c), "permissions": str(state.member_permissions(m))}


def guild(state: EmulatorState, *, with_members: bool) -> dict[str, Any]:
    members = list(state.members.values()) if with_members else [state.members[state.bot.id]]
    guild_channels = [c for c in state.channels.values() if c.in_guild and not c.deleted]
    return {
        "id": str(state.guild_id),
        "name": state.spec.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(_owner_id(state)),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": state.spec.locale,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "vanity_url_code": None,
        "features": [],
        "emojis": [],
        "stickers": [],
        "roles": [role(r) for r in state.roles.values()],
        "joined_at": state.members[state.bot.id].joined_at,
        "large": False,
        "unavailable": False,
        "member_count": len(state.members),
        "members": [member(state, m) for m in members],
        "channels": [channel(state, c) for c in guild_channels if c.parent_id is None],
        "threads": [channel(state, c) for c in guild_channels if c.parent_id is not None],
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "application_id": None,
    }


def _owner_id(state: EmulatorState) -> int:
    humans = [m.user.id for m in state.members.values() if not m.user.bot]
    return humans[0] if humans else state.bot.id


def application(state: EmulatorState) -> dict[str, Any]:
    return {
        "id": str(state.application_id),
        "name": state.bot.username,
        "icon": None,
        "description": "",
        "summary": "",
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "owner": user(_owner_user(state)),
        "team": None,
        "flags": 0,
        "bot": user(state.bot),
        "rpc_origins": [],
        "tags": [],
    }


def _owner_user(state: EmulatorState) -> User:
    return state.members[_owner_id(state)].user


def attachment(stored: StoredAttachment) -> dict[str, Any]:
    return dict(stored.payload)


def message(state: EmulatorState, msg: PostedMessage, *, with_member: bool = False) -> dict:
    author = state.members.get(msg.author_id)
    data: dict[str, Any] = {
        "id": str(msg.id),
        "channel_id": str(msg.channel_id),
        "type": 20 if msg.interaction_id else (19 if msg.message_reference else 0),
        "author": user(author.user) if author else _unknown_user(msg.author_id),
        "content": msg.content,
        "timestamp": msg.timestamp,
        "edited_timestamp": msg.edited_timestamp,
        "tts": False,
        "mention_everyone": msg.pinged_everyone,
        "mentions": [user(state.members[i].user) for i in _direct(msg) if i in state.members],
        "mention_roles": [str(role_id) for role_id in msg.pinged_role_ids],
        "attachments": msg.attachments,
        "embeds": msg.embeds,
        "components": msg.components,
        "pinned": False,
        "flags": msg.flags,
    }
    _add_context(state, msg, data, author if with_member else None)
    return data


def _direct(msg: PostedMessage) -> list[int]:
    """Users pinged by name (``<@id>``), not through a role or @everyone."""
    named = {int(i) for i in USER_MENTION.findall(msg.content)}
    return sorted(named & msg.pinged_user_ids)


def _add_context(state: EmulatorState, msg: PostedMessage, data: dict, author: Member | None):
    channel_obj = state.channels.get(msg.channel_id)
    if channel_obj is not None and channel_obj.in_guild:
        data["guild_id"] = str(state.guild_id)
        if author is not None:
            data["member"] = member(state, author, with_user=False)
    if msg.message_reference:
        data["message_reference"] = msg.message_reference
    if msg.interaction_id:
        data["webhook_id"] = str(state.application_id)
        data["application_id"] = str(state.application_id)


def _unknown_user(user_id: int) -> dict[str, Any]:
    return user(User(user_id, f"unknown-{user_id}"))
