"""Interaction callbacks and the interaction webhook: originals, edits, follow-ups."""

from __future__ import annotations

import logging
import time

from aiohttp import web

from bot.emulator import payloads
from bot.emulator.body import Body, body_of
from bot.emulator.core import Core
from bot.emulator.errors import DiscordAPIError, unknown_message, unknown_webhook
from bot.emulator.messages import create_message, edit_message
from bot.emulator.records import EPHEMERAL, LOADING, InteractionRecord, PostedMessage
from bot.emulator.responses import json_response
from bot.emulator.snowflake import iso_now

log = logging.getLogger(__name__)

WEBHOOK = "/webhooks/{app_id:\\d+}/{token}"
PONG, MESSAGE, DEFERRED, DEFERRED_UPDATE, UPDATE, AUTOCOMPLETE, MODAL = 1, 4, 5, 6, 7, 8, 9
# Which callback types each interaction type accepts (ping, command, component, autocomplete,
# modal submit).
ALLOWED = {
    1: {PONG},
    2: {MESSAGE, DEFERRED, MODAL},
    3: {MESSAGE, DEFERRED, DEFERRED_UPDATE, UPDATE, MODAL},
    4: {AUTOCOMPLETE},
    5: {MESSAGE, DEFERRED, DEFERRED_UPDATE, UPDATE},
}


class WebhookRoutes:
    def __init__(self, core: Core) -> None:
        self.core = core
        self.state = core.state

    def register(self, router: web.UrlDispatcher, prefix: str) -> None:
        callback = "/interactions/{interaction_id:\\d+}/{token}/callback"
        router.add_post(prefix + callback, self.callback)
        router.add_post(prefix + WEBHOOK, self.followup)
        router.add_get(prefix + WEBHOOK + "/messages/{message_id}", self.get_webhook_message)
        router.add_patch(prefix + WEBHOOK + "/messages/{message_id}", self.edit_webhook_message)
        router.add_delete(prefix + WEBHOOK + "/messages/{message_id}", self.delete_webhook_message)

    # The initial response.

    async def callback(self, request: web.Request) -> web.Response:
        record = self.state.interactions.get(int(request.match_info["interaction_id"]))
        if record is None or record.token != request.match_info["token"]:
            raise DiscordAPIError(404, 10062, "Unknown interaction")
        if record.callback_type is not None:
            raise DiscordAPIError(400, 40060, "Interaction has already been acknowledged.")
        if time.monotonic() - record.created > self.core.response_deadline:
            log.warning("interaction %s answered too late", record.id)
            raise DiscordAPIError(404, 10062, "Unknown interaction")
        body = body_of(request)
        data = body.json if isinstance(body.json, dict) else {}
        kind, inner = int(data.get("type") or 0), data.get("data") or {}
        if kind not in ALLOWED.get(record.type, set()):
            raise DiscordAPIError(400, 50035, f"Invalid interaction response type {kind}")
        message = await self._respond(record, kind, Body(inner, body.files))
        record.callback_type, record.callback_data = kind, inner
        record.touch()
        await self.core.notify()
        log.info("interaction %s answered with callback type %s", record.id, kind)
        if request.query.get("with_response") not in ("1", "true", "True"):
            return web.Response(status=204)
        return json_response(self._callback_response(record, kind, message))

    async def _respond(self, record: InteractionRecord, kind: int, body: Body):
        if kind == MESSAGE:
            message = create_message(
                self.state, self.core.root_url, record.channel_id, body,
                author_id=self.state.bot.id, interaction_id=record.id,
            )  # fmt: skip
            return await self._original(record, message, created=True)
        if kind == DEFERRED:
            return await self._original(record, self._placeholder(record, body), created=True)
        if kind in (DEFERRED_UPDATE, UPDATE):
            target = self.state.messages.get(record.source_message_id or 0)
            if target is None:
                raise unknown_message()
            if kind == UPDATE:
                edit_message(self.state, self.core.root_url, target, body)
            return await self._original(record, target, created=False, changed=kind == UPDATE)
        return None

    async def _original(self, record, message: PostedMessage, *, created: bool, changed=False):
        record.original_message_id = message.id
        if created or changed:
            record.add_message(message.id)
        if created:
            await self.core.message_created(message)
        elif changed:
            await self.core.message_updated(message)
        return message

    def _placeholder(self, record: InteractionRecord, body: Body) -> PostedMessage:
        """The "is thinking..." message Discord shows after a deferral."""
        data = body.json if isinstance(body.json, dict) else {}
        flags = LOADING | (int(data.get("flags") or 0) & EPHEMERAL)
        message = PostedMessage(
            id=self.state.ids.next(),
            channel_id=record.channel_id,
            author_id=self.state.bot.id,
            flags=flags,
            ephemeral=bool(flags & EPHEMERAL),
            interaction_id=record.id,
            timestamp=iso_now(),
        )
        return self.state.store_message(message)

    def _callback_response(self, record: InteractionRecord, kind: int, message) -> dict:
        interaction = {
            "id": str(record.id),
            "type": record.type,
            "response_message_loading": kind == DEFERRED,
            "response_message_ephemeral": bool(message and message.ephemeral),
        }
        resource: dict = {"type": kind}
        if message is not None:
            interaction["response_message_id"] = str(message.id)
            resource["message"] = payloads.message(self.state, message)
        return {"interaction": interaction, "resource": resource}

    # The interaction webhook.

    def _record(self, request: web.Request) -> InteractionRecord:
        token = request.match_info["token"]
        same_app = int(request.match_info["app_id"]) == self.state.application_id
        for record in self.state.interactions.values():
            if same_app and record.token == token and record.callback_type is not None:
                return record
        raise unknown_webhook()

    def _webhook_message(self, request: web.Request) -> tuple[InteractionRecord, PostedMessage]:
        record = self._record(request)
        ref = request.match_info["message_id"]
        message_id = record.original_message_id if ref == "@original" else int(ref)
        known = message_id == record.original_message_id or message_id in record.message_ids
        message = self.state.messages.get(message_id or 0)
        if message is None or message.deleted or not known:
            raise unknown_message()
        return record, message

    async def followup(self, request: web.Request) -> web.Response:
        record = self._record(request)
        original = self.state.messages.get(record.original_message_id or 0)
        if original is not None and not original.deleted and original.flags & LOADING:
            # Discord turns the first follow-up after a deferral into the deferred response
            # (once the bot deleted that response, a follow-up is a message of its own).
            return await self._finish_deferred(record, original, body_of(request))
        message = create_message(
            self.state, self.core.root_url, record.channel_id, body_of(request),
            author_id=self.state.bot.id, interaction_id=record.id,
        )  # fmt: skip
        record.followup_count += 1
        record.add_message(message.id)
        await self.core.message_created(message)
        return json_response(payloads.message(self.state, message))

    async def get_webhook_message(self, request: web.Request) -> web.Response:
        _, message = self._webhook_message(request)
        return json_response(payloads.message(self.state, message))

    async def edit_webhook_message(self, request: web.Request) -> web.Response:
        record, message = self._webhook_message(request)
        if message.flags & LOADING:
            return await self._finish_deferred(record, message, body_of(request))
        edit_message(self.state, self.core.root_url, message, body_of(request))
        record.add_message(message.id)
        await self.core.message_updated(message)
        return json_response(payloads.message(self.state, message))

    async def _finish_deferred(self, record, message: PostedMessage, body: Body) -> web.Response:
        """The first edit of a deferred response fills it in; it does not count as an edit."""
        data = body.json if isinstance(body.json, dict) else {}
        ephemeral = message.flags & EPHEMERAL
        edit_message(
            self.state, self.core.root_url, message, Body({**data, "flags": ephemeral}, body.files)
        )
        message.flags &= ~LOADING
        message.edited, message.edited_timestamp, message.history = False, None, []
        record.original_edits += 1
        record.add_message(message.id)
        await self.core.message_updated(message)
        return json_response(payloads.message(self.state, message))

    async def delete_webhook_message(self, request: web.Request) -> web.Response:
        _, message = self._webhook_message(request)
        message.deleted = True
        await self.core.message_deleted(message)
        return web.Response(status=204)
