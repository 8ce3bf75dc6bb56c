"""``DiscordEmulator``: the server, the switch that points discord.py at it, and the test API."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import discord
import discord.gateway
import discord.http
import yarl
from aiohttp import web

from bot.emulator import messages as message_store
from bot.emulator import payloads
from bot.emulator.body import Body
from bot.emulator.core import Core
from bot.emulator.errors import EmulatorError
from bot.emulator.interactions import InteractionSender
from bot.emulator.records import InteractionResult, PostedMessage, RecordedRequest
from bot.emulator.rest import API_PREFIX, GATEWAY_PATH, create_app
from bot.emulator.specs import GuildSpec
from bot.emulator.state import EmulatorState

log = logging.getLogger(__name__)

ChannelRef = str | int


class DiscordEmulator:
    """A local stand-in for Discord that the real discord.py client can connect to."""

    def __init__(
        self,
        spec: GuildSpec | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        response_deadline: float = 3.0,
    ) -> None:
        self.spec = spec or GuildSpec()
        self.host, self.port = host, port
        self.state = EmulatorState(self.spec)
        self.core = Core(self.state)
        self.core.response_deadline = response_deadline
        self.sender = InteractionSender(self.core, self._attach_path)
        self._runner: web.AppRunner | None = None
        self._saved: tuple[str, yarl.URL] | None = None
        self._tasks: set[asyncio.Task] = set()

    # Lifecycle.

    async def start(self) -> None:
        self._runner = web.AppRunner(create_app(self.core), handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self.core.root_url = f"http://{self.host}:{self.port}"
        self.core.gateway.url = f"ws://{self.host}:{self.port}{GATEWAY_PATH}"
        log.info("Discord emulator listening on %s", self.core.root_url)

    async def stop(self) -> None:
        self.uninstall()
        for task in list(self._tasks):
            task.cancel()
        await self.core.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        log.info("Discord emulator stopped")

    def install(self) -> None:
        """Point discord.py's REST base and default gateway at this emulator."""
        if self._saved is None:
            self._saved = (
                discord.http.Route.BASE,
                discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
            )
        discord.http.Route.BASE = self.base_url
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.core.gateway.url)

    def uninstall(self) -> None:
        if self._saved is not None:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved
            self._saved = None

    async def wait_ready(self, timeout: float = 10.0) -> None:
        """Return once a bot has identified and been sent its guild."""
        try:
            await asyncio.wait_for(self.core.gateway.ready.wait(), timeout)
        except TimeoutError:
            raise TimeoutError(f"no bot identified within {timeout}s") from None

    async def drop_gateway(self, code: int = 4000) -> None:
        """Cut the bot's websocket as a network blip would; events sent meanwhile are replayed
        when it resumes."""
        await self.core.gateway.drop(code)

    # Identity.

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def application_id(self) -> int:
        return self.state.application_id

    @property
    def bot_user_id(self) -> int:
        return self.state.bot.id

    @property
    def guild_id(self) -> int:
        return self.state.guild_id

    @property
    def base_url(self) -> str:
        return self.core.root_url + API_PREFIX

    @property
    def response_deadline(self) -> float:
        """Seconds the bot has for its initial interaction response (Discord: 3)."""
        return self.core.response_deadline

    @response_deadline.setter
    def response_deadline(self, seconds: float) -> None:
        self.core.response_deadline = seconds

    @property
    def commands(self) -> list[dict]:
        return list(self.state.commands)

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.state.requests

    def channel_id(self, name: ChannelRef) -> int:
        return self.state.channel(name).id

    def channel_name(self, channel_id: int) -> str:
        """The channel's name (``@username`` for a DM channel)."""
        return self.state.channel(channel_id).name

    def member_id(self, name: str | int) -> int:
        return self.state.member(name).user.id

    def role_id(self, name: str | int) -> int:
        return self.state.role(name).id

    def member_name(self, user_id: int) -> str:
        """The member's user name (what ``member_id`` takes)."""
        return self.state.member(user_id).user.username

    def display_name(self, user_id: int) -> str:
        return self.state.member(user_id).user.display_name

    def dm_channel_id(self, member: str | int) -> int:
        return self.state.dm_channel(self.member_id(member)).id

    # Files.

    def add_attachment(self, filename: str, data: bytes | str, content_type: str | None = None):
        raw = data.encode() if isinstance(data, str) else data
        return message_store.add_attachment(
            self.state, self.core.root_url, filename, raw, content_type
        )

    def _attach_path(self, path: Path) -> dict:
        return self.add_attachment(path.name, path.read_bytes())

    # Acting as a member.

    async def invoke(
        self,
        member: str | int,
        channel: ChannelRef,
        command: str,
        options: dict[str, Any] | None = None,
        *,
        timeout: float = 5.0,
        settle: float = 0.1,
    ) -> InteractionResult:
        """Run a slash command ("name", "name sub" or "name group sub") as ``member``."""
        who, where = self.state.member(member), self._channel(channel, member)
        return await self.sender.command(
            who, where, command, options or {}, timeout=timeout, settle=settle
        )

    async def autocomplete(
        self,
        member: str | int,
        channel: ChannelRef,
        command: str,
        options: dict[str, Any],
        *,
        focused: str,
        timeout: float = 5.0,
    ) -> list[dict]:
        who, where = self.state.member(member), self._channel(channel, member)
        result = await self.sender.autocomplete(
            who, where, command, options, focused, timeout=timeout, settle=0
        )
        return result.choices or []

    async def click(
        self,
        member: str | int,
        message: PostedMessage | int,
        custom_id: str,
        *,
        values: list[Any] | None = None,
        timeout: float = 5.0,
        settle: float = 0.1,
    ) -> InteractionResult:
        """Press a button (or pick ``values`` in a select) on a message the bot posted."""
        target = self.state.messages[message if isinstance(message, int) else message.id]
        who = self.state.member(member)
        return await self.sender.component(
            who, target, custom_id, values, timeout=timeout, settle=settle
        )

    async def submit_modal(
        self,
        member: str | int,
        opened: InteractionResult,
        values: dict[str, str | list[str]],
        *,
        timeout: float = 5.0,
        settle: float = 0.1,
    ) -> InteractionResult:
        who = self.state.member(member)
        return await self.sender.modal(who, opened, values, timeout=timeout, settle=settle)

    async def post_message(
        self,
        member: str | int,
        channel: ChannelRef,
        content: str = "",
        *,
        attachments: list[dict | str | Path] | None = None,
        reply_to: PostedMessage | int | None = None,
    ) -> PostedMessage:
        """A member writes in a channel (or "@name" for their DM with the bot)."""
        author, where = self.state.member(member), self._channel(channel, member)
        files = [
            a if isinstance(a, dict) else self._attach_path(Path(a)) for a in attachments or []
        ]
        data: dict[str, Any] = {"content": content, "attachments": files}
        if reply_to is not None:
            target = reply_to if isinstance(reply_to, int) else reply_to.id
            data["message_reference"] = {"message_id": str(target), "channel_id": str(where.id)}
        message = message_store.create_message(
            self.state, self.core.root_url, where.id, Body(data), author_id=author.user.id
        )
        await self.core.message_created(message)
        return message

    def _channel(self, ref: ChannelRef, member: str | int):
        if isinstance(ref, str) and ref.startswith("@"):
            return self.state.dm_channel(self.member_id(member))
        channel = self.state.channel(ref)
        if channel.deleted:
            raise EmulatorError(f"channel {channel.name!r} was deleted")
        return channel

    # Reading what the bot did.

    def messages(self, channel: ChannelRef | None = None) -> list[PostedMessage]:
        """Everything the bot posted, in order, optionally in one channel (name, "@member", id)."""
        found = [self.state.messages[i] for i in self.state.message_order]
        mine = [m for m in found if m.author_id == self.state.bot.id]
        if channel is None:
            return mine
        channel_id = self.state.channel(channel).id
        return [m for m in mine if m.channel_id == channel_id]

    def message_payload(self, message: PostedMessage) -> dict:
        return payloads.message(self.state, message)

    async def wait_for_message(
        self,
        predicate: Callable[[PostedMessage], bool] | None = None,
        timeout: float = 5.0,
    ) -> PostedMessage:
        """The first bot message satisfying ``predicate``, already posted or yet to come (edits
        count: a message is checked again each time it changes)."""
        check = predicate or (lambda _: True)
        found: list[PostedMessage] = []

        def scan() -> bool:
            found[:] = [m for m in self.messages() if not m.deleted and check(m)]
            return bool(found)

        if not await self.core.wait_until(scan, timeout):
            raise TimeoutError(f"no matching bot message within {timeout}s")
        return found[0]

    # Making things go wrong.

    def fail_next(
        self,
        method: str,
        path_regex: str,
        status: int,
        count: int = 1,
        retry_after: float = 0.1,
    ) -> None:
        """Answer the next ``count`` requests matching ``method`` ("*" for any) and ``path_regex``
        (searched in the path after /api/v10) with ``status`` (429 gets Discord's rate limit body
        and headers)."""
        self.core.faults.fail_next(method, path_regex, status, count, retry_after)

    def rate_limit(self, per_second: float | None) -> None:
        """A global limit on bot-token requests; beyond it Discord answers a global 429."""
        self.core.faults.rate_limit(per_second)

    def delete_channel(self, channel: ChannelRef, *, notify: bool = True) -> None:
        """Delete a channel: later requests to it get 404 Unknown Channel.

        With ``notify`` the bot also gets CHANNEL_DELETE (sent in the background), as it would
        from Discord; without it the bot only finds out from a 404, as with a missed event.
        """
        target = self.state.channel(channel)
        target.deleted = True
        log.info("channel %s deleted", target.name)
        if notify:
            data = payloads.channel(self.state, target)
            task = asyncio.create_task(self.core.gateway.dispatch("CHANNEL_DELETE", data))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
