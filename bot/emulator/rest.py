"""The aiohttp application: Discord's REST conventions around every route."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.emulator.body import read_body
from bot.emulator.core import Core
from bot.emulator.errors import DiscordAPIError
from bot.emulator.records import RecordedRequest
from bot.emulator.responses import json_response
from bot.emulator.rest_application import ApplicationRoutes
from bot.emulator.rest_channels import ChannelRoutes
from bot.emulator.rest_webhooks import WebhookRoutes

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
GATEWAY_PATH = "/gateway"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Interaction endpoints are authenticated by their token, not the bot's, and are not part of
# the bot's global rate limit; attachment downloads go to the CDN.
_TOKEN_FREE = ("/interactions/", "/webhooks/", "/attachments/", "/gateway")


def create_app(core: Core) -> web.Application:
    app = web.Application(middlewares=[_middleware(core)], client_max_size=64 * 1024 * 1024)
    app.router.add_get(GATEWAY_PATH, core.gateway.handle)
    app.router.add_get("/attachments/{attachment_id:\\d+}/{filename}", _attachment_handler(core))
    for routes in (ApplicationRoutes(core), ChannelRoutes(core), WebhookRoutes(core)):
        routes.register(app.router, API_PREFIX)
    return app


def _middleware(core: Core):
    @web.middleware
    async def discord_conventions(request: web.Request, handler: Handler) -> web.StreamResponse:
        path = request.path.removeprefix(API_PREFIX)
        record = RecordedRequest(request.method, path, None, 0, time.time(), dict(request.query))
        core.state.requests.append(record)
        if request.path == GATEWAY_PATH:
            record.status = 101
            return await handler(request)
        try:
            record.json = (await read_body(request)).json
            response = await _guarded(core, request, handler, path)
        except DiscordAPIError as exc:
            response = json_response(exc.body(), status=exc.status)
        record.status = response.status
        if response.status != 429:
            _add_ratelimit_headers(request, response)
        return response

    return discord_conventions


async def _guarded(core: Core, request: web.Request, handler: Handler, path: str):
    token_free = path.startswith(_TOKEN_FREE)
    injected = core.faults.check(request.method, path, global_scope=not token_free)
    if injected is not None:
        return injected
    if not token_free and request.headers.get("Authorization") != f"Bot {core.state.token}":
        raise DiscordAPIError(401, 0, "401: Unauthorized")
    try:
        return await handler(request)
    except web.HTTPNotFound as exc:
        log.warning("unknown route %s %s", request.method, path)
        raise DiscordAPIError(404, 0, "404: Not Found") from exc
    except web.HTTPMethodNotAllowed as exc:
        raise DiscordAPIError(405, 0, "405: Method Not Allowed") from exc


def _add_ratelimit_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Generous, well-formed bucket headers, so discord.py's limiter never waits."""
    resource = request.match_info.route.resource
    route = resource.canonical if resource is not None else request.path
    bucket = hashlib.sha1(f"{request.method} {route}".encode()).hexdigest()[:16]
    response.headers.update(
        {
            "X-RateLimit-Limit": "50",
            "X-RateLimit-Remaining": "49",
            "X-RateLimit-Reset": f"{time.time() + 1:.3f}",
            "X-RateLimit-Reset-After": "1.000",
            "X-RateLimit-Bucket": bucket,
        }
    )


def _attachment_handler(core: Core) -> Handler:
    async def download(request: web.Request) -> web.Response:
        stored = core.state.attachments.get(int(request.match_info["attachment_id"]))
        if stored is None:
            return web.Response(status=404, text="Not Found")
        content_type = stored.payload.get("content_type") or "application/octet-stream"
        return web.Response(body=stored.data, headers={"Content-Type": content_type})

    return download
