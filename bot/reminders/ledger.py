"""The delivery ledger: one row per reminder meant to go out, written before the post."""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from dataclasses import dataclass

from bot.store.db import Database

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    team: str
    occurrence: dt.datetime
    kind: str
    status: str  # 'intent', 'sent', 'missed', 'failed'
    nonce: str
    created_at: dt.datetime
    message_ids: tuple[int, ...]
    late: bool
    detail: str | None


def _key(team: str, occurrence: dt.datetime, kind: str) -> tuple[str, str, str]:
    return team, occurrence.astimezone(dt.UTC).isoformat(), kind


async def get(db: Database, team: str, occurrence: dt.datetime, kind: str) -> Delivery | None:
    row = await db.fetchone(
        "SELECT team, occurrence, kind, status, nonce, created_at, message_ids, late, detail"
        " FROM deliveries WHERE team = ? AND occurrence = ? AND kind = ?",
        _key(team, occurrence, kind),
    )
    if row is None:
        return None
    return Delivery(
        team=row[0],
        occurrence=dt.datetime.fromisoformat(row[1]),
        kind=row[2],
        status=row[3],
        nonce=row[4],
        created_at=dt.datetime.fromisoformat(row[5]),
        message_ids=tuple(json.loads(row[6])),
        late=bool(row[7]),
        detail=row[8],
    )


async def record_intent(
    db: Database, team: str, occurrence: dt.datetime, kind: str, *, now: dt.datetime, late: bool
) -> str:
    """Say, durably, that a post is about to be made. Returns the nonce sent with it."""
    nonce = uuid.uuid4().hex[:25]
    stamp = now.astimezone(dt.UTC).isoformat()
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO deliveries (team, occurrence, kind, status, nonce, late, created_at,"
            " updated_at) VALUES (?, ?, ?, 'intent', ?, ?, ?, ?)",
            (*_key(team, occurrence, kind), nonce, int(late), stamp, stamp),
        )
    return nonce


async def finish(
    db: Database,
    team: str,
    occurrence: dt.datetime,
    kind: str,
    *,
    status: str,
    now: dt.datetime,
    message_ids: list[int] | None = None,
    channel_id: int | None = None,
    detail: str | None = None,
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE deliveries SET status = ?, message_ids = ?, channel_id = ?, detail = ?,"
            " updated_at = ? WHERE team = ? AND occurrence = ? AND kind = ?",
            (
                status,
                json.dumps(message_ids or []),
                channel_id,
                detail,
                now.astimezone(dt.UTC).isoformat(),
                *_key(team, occurrence, kind),
            ),
        )


async def record_missed(
    db: Database, team: str, occurrence: dt.datetime, kind: str, *, now: dt.datetime, why: str
) -> None:
    stamp = now.astimezone(dt.UTC).isoformat()
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO deliveries (team, occurrence, kind, status, nonce, detail, created_at,"
            " updated_at) VALUES (?, ?, ?, 'missed', '', ?, ?, ?) ON CONFLICT DO NOTHING",
            (*_key(team, occurrence, kind), why, stamp, stamp),
        )
