"""The gateway websocket: HELLO, IDENTIFY/READY, GUILD_CREATE, heartbeats, RESUME, dispatch."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import zlib
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from bot.emulator import payloads
from bot.emulator.state import EmulatorState

log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, RESUME = 0, 1, 2, 6
RECONNECT, REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 7, 8, 9, 10, 11
HEARTBEAT_INTERVAL_MS = 41250
AUTHENTICATION_FAILED = 4004
REPLAY_LIMIT = 1000

GUILD_MEMBERS = 1 << 1
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15


@dataclass
class Session:
    """One identified bot session; survives a dropped socket so it can be resumed."""

    id: str
    intents: int
    seq: int = 0
    ws: web.WebSocketResponse | None = None
    zlib: Any = None
    sent: list[dict] = field(default_factory=list)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def send(self, payload: dict) -> None:
        if payload.get("op") == DISPATCH:
            self.seq += 1
            payload["s"] = self.seq
            self.sent.append(payload)
            del self.sent[:-REPLAY_LIMIT]
        if self.ws is not None and not self.ws.closed:
            await _send(self.ws, self.zlib, payload, self.lock)


async def _send(ws: web.WebSocketResponse, z, payload: dict, lock: asyncio.Lock) -> None:
    text = json.dumps(payload)
    async with lock:
        if z is None:
            await ws.send_str(text)
        else:
            # zlib-stream: one shared context, each message ends with a sync flush.
            await ws.send_bytes(z.compress(text.encode()) + z.flush(zlib.Z_SYNC_FLUSH))


class Gateway:
    def __init__(self, state: EmulatorState) -> None:
        self.state = state
        self.url = ""
        self.sessions: dict[str, Session] = {}
        self.sockets: set[web.WebSocketResponse] = set()
        self.ready = asyncio.Event()

    @property
    def connected(self) -> list[Session]:
        return [s for s in self.sessions.values() if s.ws is not None and not s.ws.closed]

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        self.sockets.add(ws)
        z = zlib.compressobj() if request.query.get("compress") == "zlib-stream" else None
        connection = _Connection(self, ws, z)
        try:
            await connection.run()
        finally:
            self.sockets.discard(ws)
            connection.detach()
        return ws

    async def dispatch(self, event: str, data: dict, *, intent: int = 0) -> None:
        """Send an event to every live session whose intents ask for it."""
        for session in list(self.sessions.values()):
            if intent and not session.intents & intent:
                continue
            await session.send({"op": DISPATCH, "t": event, "d": data})

    async def drop(self, code: int = 4000) -> None:
        """Close every socket but keep the sessions, so the client can RESUME."""
        for ws in list(self.sockets):
            await ws.close(code=code, message=b"dropped by the emulator")

    async def close_all(self) -> None:
        for ws in list(self.sockets):
            await ws.close(code=1001, message=b"emulator stopping")
        self.sessions.clear()
        self.ready.clear()


class _Connection:
    """One websocket: talks until the client closes it or the emulator stops."""

    def __init__(self, gateway: Gateway, ws: web.WebSocketResponse, z) -> None:
        self.gateway = gateway
        self.state = gateway.state
        self.ws = ws
        self.z = z
        self.lock = asyncio.Lock()
        self.session: Session | None = None

    async def run(self) -> None:
        await self.send({"op": HELLO, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}})
        async for msg in self.ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            await self.on_payload(json.loads(msg.data))
        log.info("gateway socket closed (code %s)", self.ws.close_code)

    def detach(self) -> None:
        if self.session is not None and self.session.ws is self.ws:
            self.session.ws = None

    async def send(self, payload: dict) -> None:
        await _send(self.ws, self.z, payload, self.lock)

    async def on_payload(self, payload: dict) -> None:
        op, data = payload.get("op"), payload.get("d")
        if op == HEARTBEAT:
            await self.send({"op": HEARTBEAT_ACK, "d": None})
        elif op == IDENTIFY:
            await self.identify(data or {})
        elif op == RESUME:
            await self.resume(data or {})
        elif op == REQUEST_MEMBERS:
            await self.send_members(data or {})
        else:
            log.debug("gateway op %s ignored", op)

    async def identify(self, data: dict) -> None:
        if data.get("token") != self.state.token:
            log.warning("IDENTIFY with a wrong token; closing with 4004")
            await self.ws.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return
        session = Session(secrets.token_hex(16), int(data.get("intents", 0)), ws=self.ws)
        session.zlib, session.lock = self.z, self.lock
        self.session = self.gateway.sessions[session.id] = session
        await session.send({"op": DISPATCH, "t": "READY", "d": self.ready_payload(session)})
        with_members = bool(session.intents & GUILD_MEMBERS)
        guild = payloads.guild(self.state, with_members=with_members)
        await session.send({"op": DISPATCH, "t": "GUILD_CREATE", "d": guild})
        log.info("bot identified (session %s, intents %s)", session.id, session.intents)
        self.gateway.ready.set()

    def ready_payload(self, session: Session) -> dict:
        return {
            "v": 10,
            "user": {**payloads.user(self.state.bot), "verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(self.state.guild_id), "unavailable": True}],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway.url,
            "shard": [0, 1],
            "application": {"id": str(self.state.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "auth": {},
        }

    async def resume(self, data: dict) -> None:
        session = self.gateway.sessions.get(str(data.get("session_id")))
        if session is None or data.get("token") != self.state.token:
            await self.send({"op": INVALID_SESSION, "d": False})
            return
        session.ws, session.zlib, session.lock = self.ws, self.z, self.lock
        self.session = session
        missed = [p for p in session.sent if p["s"] > int(data.get("seq") or 0)]
        for payload in missed:
            await self.send(payload)
        await session.send({"op": DISPATCH, "t": "RESUMED", "d": {}})
        log.info("session %s resumed, %d events replayed", session.id, len(missed))

    async def send_members(self, data: dict) -> None:
        members = [payloads.member(self.state, m) for m in self.state.members.values()]
        chunk = {
            "guild_id": str(self.state.guild_id),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        if self.session is not None:
            await self.session.send({"op": DISPATCH, "t": "GUILD_MEMBERS_CHUNK", "d": chunk})
