"""Dispatching interactions to the bot as a member would trigger them, and awaiting answers."""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.emulator import payloads
from bot.emulator.components import SELECTS, find_component, modal_submission
from bot.emulator.core import Core
from bot.emulator.errors import EmulatorError
from bot.emulator.options import CHANNEL, ROLE, USER, OptionConverter, find_command, nest
from bot.emulator.records import LOADING, InteractionRecord, InteractionResult, PostedMessage
from bot.emulator.state import Channel, Member

log = logging.getLogger(__name__)

COMMAND, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
# Select menu type -> the option type whose conversion its values need.
_SELECT_VALUES = {5: USER, 6: ROLE, 7: USER, 8: CHANNEL}


class InteractionSender:
    def __init__(self, core: Core, attach: Callable[[Path], dict]) -> None:
        self.core = core
        self.state = core.state
        self.attach = attach

    async def command(self, member: Member, channel: Channel, path: str, values: dict, **wait):
        command, chain, schema = find_command(self.state, path)
        converter = OptionConverter(self.state, self.attach)
        options = nest(chain, converter.convert(schema, values))
        data = self._command_data(command, options, converter.resolved)
        record = self._record(COMMAND, member, channel)
        await self._dispatch(record, member, channel, data)
        return await self._result(record, **wait)

    async def autocomplete(self, member, channel, path: str, values: dict, focused: str, **wait):
        command, chain, schema = find_command(self.state, path)
        converter = OptionConverter(self.state, self.attach)
        options = nest(chain, converter.convert(schema, values, focused=focused))
        data = self._command_data(command, options, converter.resolved)
        record = self._record(AUTOCOMPLETE, member, channel)
        await self._dispatch(record, member, channel, data)
        return await self._result(record, **wait)

    async def component(
        self, member: Member, message: PostedMessage, custom_id: str, values, **wait
    ):
        component = find_component(message.components, custom_id)
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component["type"]}
        if component["type"] in SELECTS:
            data.update(self._select_values(component["type"], values or []))
        channel = self.state.channels[message.channel_id]
        record = self._record(COMPONENT, member, channel, message.id)
        await self._dispatch(record, member, channel, data, message)
        return await self._result(record, **wait)

    async def modal(self, member: Member, opened: InteractionResult, values: dict, **wait):
        modal = opened.modal
        if modal is None:
            raise EmulatorError("the bot did not answer that interaction with a modal")
        data = {"custom_id": modal["custom_id"], "components": modal_submission(modal, values)}
        channel = self.state.channels[opened.record.channel_id]
        source = self.state.messages.get(opened.record.source_message_id or 0)
        record = self._record(MODAL_SUBMIT, member, channel, source.id if source else None)
        await self._dispatch(record, member, channel, data, source)
        return await self._result(record, **wait)

    def _command_data(self, command: dict, options: list[dict], resolved: dict) -> dict:
        data = {"id": command["id"], "name": command["name"], "type": 1, "options": options}
        if resolved:
            data["resolved"] = resolved
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        return data

    def _select_values(self, select_type: int, values: list) -> dict:
        option_type = _SELECT_VALUES.get(select_type)
        if option_type is None:
            return {"values": [str(v) for v in values]}
        converter = OptionConverter(self.state, self.attach)
        ids = [converter.value({"type": option_type}, value) for value in values]
        return {"values": ids, "resolved": converter.resolved}

    def _record(self, kind: int, member: Member, channel: Channel, source: int | None = None):
        record = InteractionRecord(
            id=self.state.ids.next(),
            token="emu" + secrets.token_urlsafe(48),
            type=kind,
            user_id=member.user.id,
            channel_id=channel.id,
            source_message_id=source,
        )
        self.state.interactions[record.id] = record
        return record

    async def _dispatch(self, record, member, channel, data: dict, message=None) -> None:
        if not self.core.gateway.connected:
            raise EmulatorError("no bot is connected to the gateway")
        payload = interaction_payload(self.core, record, member, channel, data)
        if message is not None:
            payload["message"] = payloads.message(self.state, message)
        await self.core.gateway.dispatch("INTERACTION_CREATE", payload)

    async def _result(self, record: InteractionRecord, *, timeout: float, settle: float):
        await await_answer(self.core, record, timeout, settle)
        return InteractionResult(record, self.state.messages.__getitem__)


def interaction_payload(core: Core, record: InteractionRecord, member, channel, data) -> dict:
    """INTERACTION_CREATE's data, with the fields discord.py reads."""
    state = core.state
    bot = state.members[state.bot.id]
    payload = {
        "id": str(record.id),
        "application_id": str(state.application_id),
        "type": record.type,
        "token": record.token,
        "version": 1,
        "data": data,
        "channel_id": str(channel.id),
        "channel": payloads.channel_with_permissions(state, channel, member),
        "locale": "en-US",
        "app_permissions": str(state.member_permissions(bot)),
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(state.guild_id)},
        "attachment_size_limit": payloads.ATTACHMENT_SIZE_LIMIT,
    }
    if channel.in_guild:
        payload["guild_id"] = str(state.guild_id)
        payload["guild"] = {"id": str(state.guild_id), "locale": state.spec.locale, "features": []}
        payload["guild_locale"] = state.spec.locale
        payload["member"] = payloads.member(state, member)
        payload["context"] = 0
    else:
        payload["user"] = payloads.user(member.user)
        payload["context"] = 1
    return payload


async def await_answer(core: Core, record: InteractionRecord, timeout: float, settle: float):
    """Wait for the callback, for a deferral to be filled in, then for the bot to go quiet."""
    deadline = time.monotonic() + timeout
    if not await core.wait_until(lambda: record.callback_type is not None, timeout):
        log.warning("interaction %s got no response within %.1fs", record.id, timeout)
        return
    if record.callback_type in (5, 6):
        done = lambda: _deferral_filled(core, record)  # noqa: E731
        await core.wait_until(done, max(0.0, deadline - time.monotonic()))
    while (quiet := record.last_activity + settle - time.monotonic()) > 0:
        if time.monotonic() >= deadline:
            break
        await asyncio.sleep(quiet)


def _deferral_filled(core: Core, record: InteractionRecord) -> bool:
    if record.callback_type == 6:
        return bool(record.message_ids)
    original = core.state.messages.get(record.original_message_id or 0)
    return original is None or not original.flags & LOADING or record.followup_count > 0
