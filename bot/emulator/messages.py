"""Turning what the bot sends into stored messages: validation, uploads, pings, edits."""

from __future__ import annotations

import logging
import mimetypes
from urllib.parse import quote

from bot.emulator.body import Body, Upload
from bot.emulator.errors import DiscordAPIError, invalid_form
from bot.emulator.mentions import compute_pings
from bot.emulator.records import EPHEMERAL, PostedMessage
from bot.emulator.snowflake import iso_now
from bot.emulator.state import EmulatorState, StoredAttachment

log = logging.getLogger(__name__)

CONTENT_LIMIT = 2000
EMBED_LIMITS = {"title": 256, "description": 4096}
EMBED_TOTAL_LIMIT = 6000
MAX_EMBEDS, MAX_FIELDS = 10, 25


def add_attachment(
    state: EmulatorState,
    root_url: str,
    filename: str,
    data: bytes,
    content_type: str | None = None,
) -> dict:
    """Store a file and return the attachment payload Discord would give for it."""
    attachment_id = state.ids.next()
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    url = f"{root_url}/attachments/{attachment_id}/{quote(filename)}"
    payload = {
        "id": str(attachment_id),
        "filename": filename,
        "size": len(data),
        "url": url,
        "proxy_url": url,
        "content_type": content_type,
    }
    state.attachments[attachment_id] = StoredAttachment(payload, data)
    return dict(payload)


def create_message(
    state: EmulatorState,
    root_url: str,
    channel_id: int,
    body: Body,
    *,
    author_id: int,
    interaction_id: int | None = None,
) -> PostedMessage:
    """Validate a create-message body and store the message it describes."""
    data = body.json if isinstance(body.json, dict) else {}
    validate(data, has_files=bool(body.files))
    message = PostedMessage(
        id=state.ids.next(),
        channel_id=channel_id,
        author_id=author_id,
        interaction_id=interaction_id,
        timestamp=iso_now(),
        message_reference=data.get("message_reference"),
    )
    _apply(state, root_url, message, data, body.files)
    return state.store_message(message)


def edit_message(state: EmulatorState, root_url: str, message: PostedMessage, body: Body) -> None:
    """Apply a PATCH in place, keeping the previous version in ``history``."""
    data = body.json if isinstance(body.json, dict) else {}
    validate(data, has_files=bool(body.files), editing=True)
    message.history.append(_snapshot(message))
    _apply(state, root_url, message, data, body.files)
    message.edited = True
    message.edited_timestamp = iso_now()


def _apply(
    state: EmulatorState, root: str, message: PostedMessage, data: dict, files: list[Upload]
):
    if "content" in data:
        message.content = data["content"] or ""
    if "embeds" in data:
        message.embeds = list(data["embeds"] or [])
    if "components" in data:
        message.components = list(data["components"] or [])
    if "flags" in data and data["flags"] is not None:
        message.flags = int(data["flags"])
    message.ephemeral = bool(message.flags & EPHEMERAL)
    if "allowed_mentions" in data:
        message.allowed_mentions = data["allowed_mentions"]
    if "attachments" in data or files:
        message.attachments = _attachments(state, root, data.get("attachments"), files)
    _update_pings(state, message)


def _update_pings(state: EmulatorState, message: PostedMessage) -> None:
    if message.ephemeral:
        # Only the invoker sees an ephemeral message, and it notifies nobody.
        message.pinged_user_ids, message.pinged_role_ids, message.pinged_everyone = (
            set(),
            set(),
            False,
        )
        return
    replied = _replied_author(state, message.message_reference)
    pings = compute_pings(
        state, message.content, message.allowed_mentions, message.author_id, replied
    )
    message.pinged_user_ids, message.pinged_role_ids = pings.user_ids, pings.role_ids
    message.pinged_everyone = pings.everyone


def _replied_author(state: EmulatorState, reference: dict | None) -> int | None:
    if not reference or "message_id" not in reference:
        return None
    target = state.messages.get(int(reference["message_id"]))
    return target.author_id if target else None


def _attachments(state, root: str, listed: list | None, files: list[Upload]) -> list[dict]:
    """Kept attachments (listed by id) plus new uploads (``files[n]`` matched by index)."""
    uploads = {_index(upload.field): upload for upload in files}
    result = []
    for entry in listed or [{"id": i} for i in uploads]:
        upload = uploads.get(_as_int(entry.get("id")))
        if upload is not None:
            name = entry.get("filename") or upload.filename
            result.append(add_attachment(state, root, name, upload.data, _type_of(upload)))
        elif _as_int(entry.get("id")) in state.attachments:
            result.append(dict(state.attachments[int(entry["id"])].payload))
    return result


def _type_of(upload: Upload) -> str | None:
    return None if upload.content_type == "application/octet-stream" else upload.content_type


def _index(field: str) -> int | None:
    # discord.py names uploads files[0], files[1], ...
    inside = field[field.find("[") + 1 : field.find("]")] if "[" in field else field
    return _as_int(inside)


def _as_int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _snapshot(message: PostedMessage) -> dict:
    return {
        "content": message.content,
        "embeds": list(message.embeds),
        "components": list(message.components),
        "attachments": list(message.attachments),
        "edited_timestamp": message.edited_timestamp,
    }


def validate(data: dict, *, has_files: bool, editing: bool = False) -> None:
    """The limits Discord enforces that bots most often hit."""
    content = data.get("content") or ""
    if len(content) > CONTENT_LIMIT:
        raise invalid_form("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
    embeds = data.get("embeds") or []
    if len(embeds) > MAX_EMBEDS:
        raise invalid_form("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    for index, embed in enumerate(embeds):
        _validate_embed(index, embed)
    empty = not (content or embeds or has_files or data.get("components") or data.get("poll"))
    if empty and not editing and not data.get("sticker_ids"):
        raise DiscordAPIError(400, 50006, "Cannot send an empty message")


def _validate_embed(index: int, embed: dict) -> None:
    for key, limit in EMBED_LIMITS.items():
        if len(embed.get(key) or "") > limit:
            message = f"Must be {limit} or fewer in length."
            raise invalid_form(f"embeds.{index}.{key}", "BASE_TYPE_MAX_LENGTH", message)
    fields = embed.get("fields") or []
    if len(fields) > MAX_FIELDS:
        raise invalid_form(f"embeds.{index}.fields", "BASE_TYPE_MAX_LENGTH", "Too many fields.")
    for position, item in enumerate(fields):
        if len(item.get("value") or "") > 1024 or len(item.get("name") or "") > 256:
            where = f"embeds.{index}.fields.{position}"
            raise invalid_form(where, "BASE_TYPE_MAX_LENGTH", "Field too long.")
    total = sum(len(embed.get(k) or "") for k in ("title", "description"))
    total += sum(len(f.get("name") or "") + len(f.get("value") or "") for f in fields)
    if total > EMBED_TOTAL_LIMIT:
        raise invalid_form(f"embeds.{index}", "BASE_TYPE_MAX_LENGTH", "Embed size exceeds 6000.")
