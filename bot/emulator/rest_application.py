"""Who the bot is, where the gateway is, and the application commands it registers."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.emulator import payloads
from bot.emulator.body import body_of, json_of
from bot.emulator.core import Core
from bot.emulator.errors import DiscordAPIError
from bot.emulator.responses import json_response

log = logging.getLogger(__name__)

COMMANDS = "/applications/{app_id}/commands"
GUILD_COMMANDS = "/applications/{app_id}/guilds/{guild_id}/commands"


class ApplicationRoutes:
    def __init__(self, core: Core) -> None:
        self.core = core
        self.state = core.state

    def register(self, router: web.UrlDispatcher, prefix: str) -> None:
        router.add_get(prefix + "/users/@me", self.get_me)
        router.add_get(prefix + "/users/{user_id:\\d+}", self.get_user)
        router.add_get(prefix + "/oauth2/applications/@me", self.get_application)
        router.add_get(prefix + "/applications/@me", self.get_application)
        router.add_get(prefix + "/gateway", self.get_gateway)
        router.add_get(prefix + "/gateway/bot", self.get_gateway_bot)
        for path in (COMMANDS, GUILD_COMMANDS):
            router.add_get(prefix + path, self.list_commands)
            router.add_put(prefix + path, self.overwrite_commands)
            router.add_post(prefix + path, self.upsert_command)
            router.add_get(prefix + path + "/{command_id}", self.get_command)
            router.add_patch(prefix + path + "/{command_id}", self.edit_command)
            router.add_delete(prefix + path + "/{command_id}", self.delete_command)

    async def get_me(self, request: web.Request) -> web.Response:
        return json_response({**payloads.user(self.state.bot), "verified": True})

    async def get_user(self, request: web.Request) -> web.Response:
        member = self.state.members.get(int(request.match_info["user_id"]))
        if member is None:
            raise DiscordAPIError(404, 10013, "Unknown User")
        return json_response(payloads.user(member.user))

    async def get_application(self, request: web.Request) -> web.Response:
        return json_response(payloads.application(self.state))

    async def get_gateway(self, request: web.Request) -> web.Response:
        return json_response({"url": self.core.gateway.url})

    async def get_gateway_bot(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        body = {"url": self.core.gateway.url, "shards": 1, "session_start_limit": limit}
        return json_response(body)

    # Application commands; a guild_id of None means global.

    def _scope(self, request: web.Request) -> int | None:
        if int(request.match_info["app_id"]) != self.state.application_id:
            raise DiscordAPIError(403, 50001, "Missing Access")
        guild_id = request.match_info.get("guild_id")
        if guild_id is not None and int(guild_id) != self.state.guild_id:
            raise DiscordAPIError(403, 50001, "Missing Access")
        return int(guild_id) if guild_id is not None else None

    def _in_scope(self, guild_id: int | None) -> list[dict]:
        return [c for c in self.state.commands if _guild_of(c) == guild_id]

    def _find(self, request: web.Request) -> dict:
        guild_id = self._scope(request)
        wanted = request.match_info["command_id"]
        for command in self._in_scope(guild_id):
            if command["id"] == wanted:
                return command
        raise DiscordAPIError(404, 10063, "Unknown application command")

    async def list_commands(self, request: web.Request) -> web.Response:
        return json_response(self._in_scope(self._scope(request)))

    async def overwrite_commands(self, request: web.Request) -> web.Response:
        guild_id = self._scope(request)
        sent = body_of(request).json or []
        old = {(c["name"], c.get("type", 1)): c for c in self._in_scope(guild_id)}
        new = [
            self._stored(data, guild_id, old.get((data["name"], data.get("type", 1))))
            for data in sent
        ]
        self.state.commands = [c for c in self.state.commands if _guild_of(c) != guild_id] + new
        log.info("%d commands registered (guild %s)", len(new), guild_id)
        return json_response(new)

    async def upsert_command(self, request: web.Request) -> web.Response:
        guild_id = self._scope(request)
        data = json_of(request)
        key = (data.get("name"), data.get("type", 1))
        existing = [c for c in self._in_scope(guild_id) if (c["name"], c.get("type", 1)) == key]
        command = self._stored(data, guild_id, existing[0] if existing else None)
        self.state.commands = [c for c in self.state.commands if c not in existing] + [command]
        return json_response(command, status=200 if existing else 201)

    async def get_command(self, request: web.Request) -> web.Response:
        return json_response(self._find(request))

    async def edit_command(self, request: web.Request) -> web.Response:
        command = self._find(request)
        command.update(json_of(request))
        command["version"] = str(self.state.ids.next())
        return json_response(command)

    async def delete_command(self, request: web.Request) -> web.Response:
        command = self._find(request)
        self.state.commands.remove(command)
        return web.Response(status=204)

    def _stored(self, data: dict, guild_id: int | None, previous: dict | None) -> dict:
        """The command as sent, plus what Discord adds: ids, version, defaults."""
        command = {"type": 1, "description": "", "options": [], **data}
        command["id"] = previous["id"] if previous else str(self.state.ids.next())
        command["application_id"] = str(self.state.application_id)
        command["version"] = str(self.state.ids.next())
        if guild_id is not None:
            command["guild_id"] = str(guild_id)
        return command


def _guild_of(command: dict) -> int | None:
    guild_id = command.get("guild_id")
    return int(guild_id) if guild_id is not None else None
