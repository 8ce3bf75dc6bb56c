"""What the REST routes, the gateway and the test-facing API share."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from bot.emulator import payloads
from bot.emulator.faults import FaultInjector
from bot.emulator.gateway import DIRECT_MESSAGES, GUILD_MESSAGES, MESSAGE_CONTENT, Gateway
from bot.emulator.records import PostedMessage
from bot.emulator.state import EmulatorState

log = logging.getLogger(__name__)


class Core:
    def __init__(self, state: EmulatorState) -> None:
        self.state = state
        self.gateway = Gateway(state)
        self.faults = FaultInjector()
        self.root_url = ""
        # Discord forgets an interaction that gets no initial response within 3 seconds.
        self.response_deadline = 3.0
        self._changed = asyncio.Condition()

    async def notify(self) -> None:
        """Wake everything waiting on the store (``wait_for_message``, ``invoke``)."""
        async with self._changed:
            self._changed.notify_all()

    async def wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """True once ``predicate`` holds, False if ``timeout`` passes first."""
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(predicate), timeout)
            except TimeoutError:
                return False
        return True

    async def message_created(self, message: PostedMessage) -> None:
        if not message.ephemeral:
            await self._dispatch_message("MESSAGE_CREATE", message)
        await self.notify()

    async def message_updated(self, message: PostedMessage) -> None:
        if not message.ephemeral:
            await self._dispatch_message("MESSAGE_UPDATE", message)
        await self.notify()

    async def message_deleted(self, message: PostedMessage) -> None:
        if not message.ephemeral:
            data = {"id": str(message.id), "channel_id": str(message.channel_id)}
            if self._in_guild(message):
                data["guild_id"] = str(self.state.guild_id)
            await self.gateway.dispatch("MESSAGE_DELETE", data, intent=self._intent(message))
        await self.notify()

    async def _dispatch_message(self, event: str, message: PostedMessage) -> None:
        data = payloads.message(self.state, message, with_member=True)
        intent = self._intent(message)
        for session in list(self.gateway.sessions.values()):
            if session.intents & intent:
                visible = self._content_visible(session.intents, message)
                await session.send({"op": 0, "t": event, "d": data if visible else _blank(data)})

    def _content_visible(self, intents: int, message: PostedMessage) -> bool:
        # Without the privileged MESSAGE_CONTENT intent Discord blanks other people's messages,
        # except DMs and messages that mention the bot.
        bot_id = self.state.bot.id
        exempt = message.author_id == bot_id or not self._in_guild(message)
        return bool(intents & MESSAGE_CONTENT) or exempt or bot_id in message.pinged_user_ids

    def _in_guild(self, message: PostedMessage) -> bool:
        channel = self.state.channels.get(message.channel_id)
        return channel is not None and channel.in_guild

    def _intent(self, message: PostedMessage) -> int:
        return GUILD_MESSAGES if self._in_guild(message) else DIRECT_MESSAGES


def _blank(data: dict) -> dict:
    return {**data, "content": "", "embeds": [], "attachments": [], "components": []}
