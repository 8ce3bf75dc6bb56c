"""Request bodies as discord.py sends them: JSON, or multipart with ``payload_json`` + files."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from bot.emulator.errors import DiscordAPIError

# aiohttp >= 3.12 wants typed request keys; older versions take a plain string.
BODY_KEY = (
    web.RequestKey("wgbot_emulator_body", object)
    if hasattr(web, "RequestKey")
    else "wgbot_emulator_body"
)


@dataclass
class Upload:
    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class Body:
    json: Any = None
    files: list[Upload] = field(default_factory=list)


async def read_body(request: web.Request) -> Body:
    """Parse the body once; handlers read it from ``request[BODY_KEY]``."""
    if request.content_type.startswith("multipart/"):
        body = await _read_multipart(request)
    elif request.can_read_body:
        body = Body(json=_parse_json(await request.text()))
    else:
        body = Body()
    request[BODY_KEY] = body
    return body


def body_of(request: web.Request) -> Body:
    body = request.get(BODY_KEY)
    return body if isinstance(body, Body) else Body()


def json_of(request: web.Request) -> dict:
    data = body_of(request).json
    return data if isinstance(data, dict) else {}


async def _read_multipart(request: web.Request) -> Body:
    body = Body()
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, aiohttp.BodyPartReader):
            continue
        if part.name == "payload_json":
            body.json = _parse_json(await part.text())
        else:
            data = bytes(await part.read())
            content_type = part.headers.get("Content-Type", "application/octet-stream")
            body.files.append(Upload(part.name or "", part.filename or "file", content_type, data))
    return body


def _parse_json(text: str) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DiscordAPIError(400, 50109, "The request body contains invalid JSON.") from exc
