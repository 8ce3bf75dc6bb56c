"""What the emulator keeps for tests to read: messages, requests, interactions."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

EPHEMERAL = 1 << 6
LOADING = 1 << 7

_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")
_CHANNEL_MENTION = re.compile(r"<#(\d+)>")


@dataclass
class RecordedRequest:
    method: str
    path: str
    json: Any
    status: int
    at: float
    query: dict[str, str] = field(default_factory=dict)


@dataclass
class Names:
    """How ids are shown to a human: the three lookups ``rendered()`` needs."""

    user: Callable[[int], str | None]
    role: Callable[[int], str | None]
    channel: Callable[[int], str | None]


@dataclass
class PostedMessage:
    id: int
    channel_id: int
    author_id: int
    content: str = ""
    embeds: list[dict] = field(default_factory=list)
    components: list[dict] = field(default_factory=list)
    attachments: list[dict] = field(default_factory=list)
    flags: int = 0
    ephemeral: bool = False
    allowed_mentions: dict | None = None
    pinged_user_ids: set[int] = field(default_factory=set)
    pinged_everyone: bool = False
    pinged_role_ids: set[int] = field(default_factory=set)
    interaction_id: int | None = None
    edited: bool = False
    deleted: bool = False
    message_reference: dict | None = None
    timestamp: str = ""
    edited_timestamp: str | None = None
    # Earlier versions (content, embeds, components), oldest first; the current one is not in it.
    history: list[dict] = field(default_factory=list)
    names: Names | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        """Content and embeds as plain text, ids left as they are."""
        parts = [self.content] if self.content else []
        parts.extend(embed_text(embed) for embed in self.embeds)
        return "\n".join(part for part in parts if part)

    def rendered(self) -> str:
        """The message as a person reads it: mentions shown as @name, embeds flattened."""
        text = self.text
        if self.names is None:
            return text
        names = self.names
        text = _USER_MENTION.sub(lambda m: "@" + (names.user(int(m[1])) or m[1]), text)
        text = _ROLE_MENTION.sub(lambda m: "@" + (names.role(int(m[1])) or m[1]), text)
        return _CHANNEL_MENTION.sub(lambda m: "#" + (names.channel(int(m[1])) or m[1]), text)


def embed_text(embed: dict) -> str:
    """An embed's title, description, fields, author and footer, one per line."""
    lines = [embed.get("author", {}).get("name"), embed.get("title"), embed.get("description")]
    lines += [f"{f.get('name', '')}: {f.get('value', '')}" for f in embed.get("fields", [])]
    lines.append(embed.get("footer", {}).get("text"))
    return "\n".join(line for line in lines if line)


@dataclass
class InteractionRecord:
    """One interaction the emulator dispatched, and everything the bot answered to it."""

    id: int
    token: str
    type: int
    user_id: int
    channel_id: int
    source_message_id: int | None = None
    callback_type: int | None = None
    callback_data: dict | None = None
    original_message_id: int | None = None
    message_ids: list[int] = field(default_factory=list)
    followup_count: int = 0
    original_edits: int = 0
    created: float = field(default_factory=time.monotonic)
    last_activity: float = field(default_factory=time.monotonic)

    def touch(self) -> None:
        self.last_activity = time.monotonic()

    def add_message(self, message_id: int) -> None:
        if message_id not in self.message_ids:
            self.message_ids.append(message_id)
        self.touch()


class InteractionResult:
    """The bot's answer to one interaction, read live from the emulator's store."""

    def __init__(self, record: InteractionRecord, lookup: Callable[[int], PostedMessage]) -> None:
        self.record = record
        self._lookup = lookup

    def __repr__(self) -> str:
        return f"<InteractionResult type={self.callback_type} messages={len(self.messages)}>"

    @property
    def interaction_id(self) -> int:
        return self.record.id

    @property
    def responded(self) -> bool:
        return self.record.callback_type is not None

    @property
    def callback_type(self) -> int | None:
        return self.record.callback_type

    @property
    def messages(self) -> list[PostedMessage]:
        return [self._lookup(message_id) for message_id in self.record.message_ids]

    @property
    def message(self) -> PostedMessage | None:
        """The original response (or first message), if there is one."""
        messages = self.messages
        return messages[0] if messages else None

    @property
    def ephemeral(self) -> bool:
        first = self.message
        if first is not None:
            return first.ephemeral
        return bool((self.record.callback_data or {}).get("flags", 0) & EPHEMERAL)

    @property
    def deferred(self) -> bool:
        return self.record.callback_type in (5, 6)

    @property
    def content(self) -> str:
        return "\n".join(m.text for m in self.messages if not m.deleted and m.text)

    @property
    def modal(self) -> dict | None:
        """The modal the bot opened (callback type 9), as it sent it."""
        return self.record.callback_data if self.record.callback_type == 9 else None

    @property
    def choices(self) -> list[dict] | None:
        """Autocomplete choices (callback type 8)."""
        if self.record.callback_type != 8:
            return None
        return list((self.record.callback_data or {}).get("choices", []))
