"""Channels and their messages, threads, DMs, and guild lookups."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.emulator import payloads
from bot.emulator.body import body_of, json_of
from bot.emulator.core import Core
from bot.emulator.errors import DiscordAPIError, unknown_channel, unknown_message
from bot.emulator.messages import create_message, edit_message
from bot.emulator.records import PostedMessage
from bot.emulator.responses import json_response
from bot.emulator.state import PUBLIC_THREAD, Channel

log = logging.getLogger(__name__)

CHANNEL = "/channels/{channel_id:\\d+}"
MESSAGE = CHANNEL + "/messages/{message_id:\\d+}"
GUILD = "/guilds/{guild_id:\\d+}"


class ChannelRoutes:
    def __init__(self, core: Core) -> None:
        self.core = core
        self.state = core.state

    def register(self, router: web.UrlDispatcher, prefix: str) -> None:
        router.add_get(prefix + CHANNEL, self.get_channel)
        router.add_get(prefix + CHANNEL + "/messages", self.history)
        router.add_post(prefix + CHANNEL + "/messages", self.post_message)
        router.add_post(prefix + CHANNEL + "/typing", self.typing)
        router.add_get(prefix + MESSAGE, self.get_message)
        router.add_patch(prefix + MESSAGE, self.edit)
        router.add_delete(prefix + MESSAGE, self.delete)
        router.add_put(prefix + MESSAGE + "/reactions/{emoji}/@me", self.no_content)
        router.add_post(prefix + MESSAGE + "/threads", self.thread_from_message)
        router.add_post(prefix + CHANNEL + "/threads", self.thread)
        router.add_post(prefix + "/users/@me/channels", self.open_dm)
        router.add_get(prefix + GUILD, self.get_guild)
        router.add_get(prefix + GUILD + "/channels", self.guild_channels)
        router.add_get(prefix + GUILD + "/roles", self.guild_roles)
        router.add_get(prefix + GUILD + "/members/{user_id:\\d+}", self.get_member)

    def _channel(self, request: web.Request) -> Channel:
        channel = self.state.live_channel(int(request.match_info["channel_id"]))
        if channel is None:
            raise unknown_channel()
        return channel

    def _message(self, request: web.Request) -> PostedMessage:
        channel = self._channel(request)
        message = self.state.messages.get(int(request.match_info["message_id"]))
        if message is None or message.deleted or message.channel_id != channel.id:
            raise unknown_message()
        return message

    async def get_channel(self, request: web.Request) -> web.Response:
        return json_response(payloads.channel(self.state, self._channel(request)))

    async def post_message(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        message = create_message(
            self.state,
            self.core.root_url,
            channel.id,
            body_of(request),
            author_id=self.state.bot.id,
        )
        log.info("bot posted message %s in %s", message.id, channel.name)
        await self.core.message_created(message)
        return json_response(payloads.message(self.state, message))

    async def history(self, request: web.Request) -> web.Response:
        messages = self.state.channel_messages(self._channel(request).id)
        query = request.query
        limit = max(1, min(100, int(query.get("limit", 50))))
        if "before" in query:
            messages = [m for m in messages if m.id < int(query["before"])]
        if "after" in query:
            # Discord returns the messages right after ``after``, still newest first.
            messages = [m for m in messages if m.id > int(query["after"])][:limit]
        newest_first = list(reversed(messages))[:limit]
        return json_response([payloads.message(self.state, m) for m in newest_first])

    async def get_message(self, request: web.Request) -> web.Response:
        return json_response(payloads.message(self.state, self._message(request)))

    async def edit(self, request: web.Request) -> web.Response:
        message = self._message(request)
        if message.author_id != self.state.bot.id:
            raise DiscordAPIError(403, 50005, "Cannot edit a message authored by another user")
        edit_message(self.state, self.core.root_url, message, body_of(request))
        await self.core.message_updated(message)
        return json_response(payloads.message(self.state, message))

    async def delete(self, request: web.Request) -> web.Response:
        message = self._message(request)
        message.deleted = True
        await self.core.message_deleted(message)
        return web.Response(status=204)

    async def typing(self, request: web.Request) -> web.Response:
        self._channel(request)
        return web.Response(status=204)

    async def no_content(self, request: web.Request) -> web.Response:
        self._message(request)
        return web.Response(status=204)

    async def thread_from_message(self, request: web.Request) -> web.Response:
        message = self._message(request)
        parent = self.state.channels[message.channel_id]
        return await self._open_thread(parent, json_of(request), PUBLIC_THREAD)

    async def thread(self, request: web.Request) -> web.Response:
        data = json_of(request)
        parent = self._channel(request)
        return await self._open_thread(parent, data, int(data.get("type") or PUBLIC_THREAD))

    async def _open_thread(self, parent: Channel, data: dict, kind: int) -> web.Response:
        if not parent.in_guild or parent.parent_id is not None:
            raise DiscordAPIError(400, 50024, "Cannot execute action on this channel type")
        name = str(data.get("name") or "thread")
        thread = self.state.add_thread(parent, name, kind, self.state.bot.id)
        body = payloads.channel(self.state, thread)
        await self.core.gateway.dispatch("THREAD_CREATE", {**body, "newly_created": True})
        log.info("thread %s (%s) opened in %s", thread.id, name, parent.name)
        return json_response(body, status=201)

    async def open_dm(self, request: web.Request) -> web.Response:
        user_id = int(json_of(request).get("recipient_id") or 0)
        if user_id not in self.state.members:
            raise DiscordAPIError(400, 50007, "Cannot send messages to this user")
        channel = self.state.dm_channel(user_id)
        return json_response(payloads.channel(self.state, channel))

    def _guild(self, request: web.Request) -> None:
        if int(request.match_info["guild_id"]) != self.state.guild_id:
            raise DiscordAPIError(404, 10004, "Unknown Guild")

    async def get_guild(self, request: web.Request) -> web.Response:
        self._guild(request)
        return json_response(payloads.guild(self.state, with_members=False))

    async def guild_channels(self, request: web.Request) -> web.Response:
        self._guild(request)
        live = [c for c in self.state.channels.values() if c.in_guild and not c.deleted]
        return json_response([payloads.channel(self.state, c) for c in live])

    async def guild_roles(self, request: web.Request) -> web.Response:
        self._guild(request)
        return json_response([payloads.role(r) for r in self.state.roles.values()])

    async def get_member(self, request: web.Request) -> web.Response:
        self._guild(request)
        member = self.state.members.get(int(request.match_info["user_id"]))
        if member is None:
            raise DiscordAPIError(404, 10007, "Unknown Member")
        return json_response(payloads.member(self.state, member))
