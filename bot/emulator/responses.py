"""JSON responses exactly as Discord labels them.

discord.py only decodes a body whose Content-Type is exactly ``application/json``; aiohttp's
``json_response`` adds ``; charset=utf-8``, which would hand discord.py a string instead.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web


def json_response(data: Any, *, status: int = 200, headers: dict | None = None) -> web.Response:
    body = json.dumps(data).encode()
    response = web.Response(body=body, status=status, headers=headers)
    response.headers["Content-Type"] = "application/json"
    return response
