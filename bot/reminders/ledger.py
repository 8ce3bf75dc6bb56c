"""The delivery ledger: one row per reminder meant to go out, written before the post.

A row goes 'intent' → 'sent' (or 'failed', or 'missed'). While it is an intent it holds the
composed parts and the id of every part already posted, so whatever moment the process dies
at, a restart knows what is left to post: at most the part after the recorded ones can be in
the channel unrecorded, and the channel's history tells.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from bot.store.db import Database

logger = logging.getLogger(__name__)

FINAL = frozenset({"sent", "missed", "failed"})

# Test-only: called with the step ('intent', 'part', 'finish') before each ledger write, so a
# test can make the process "die" between a post and the write that records it.
before_write: Callable[[str], None] | None = None

_COLUMNS = (
    "team, occurrence, kind, status, nonce, created_at, message_ids, late, detail, body,"
    " mention_ids, history_mark, attempts, retry_at, channel_id, due, updated_at"
)


@dataclass(frozen=True)
class Key:
    team: str
    occurrence: dt.datetime
    kind: str

    def params(self) -> tuple[str, str, str]:
        return self.team, _iso(self.occurrence), self.kind


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
    body: tuple[str, ...] = ()
    mention_ids: frozenset[int] = frozenset()
    history_mark: int | None = None
    attempts: int = 0
    retry_at: dt.datetime | None = None
    channel_id: int | None = None
    due: dt.datetime | None = None
    updated_at: dt.datetime | None = None


def _iso(instant: dt.datetime) -> str:
    return instant.astimezone(dt.UTC).isoformat()


def _when(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _delivery(row) -> Delivery:
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
        body=tuple(json.loads(row[9])) if row[9] else (),
        mention_ids=frozenset(json.loads(row[10])),
        history_mark=row[11],
        attempts=row[12],
        retry_at=_when(row[13]),
        channel_id=row[14],
        due=_when(row[15]),
        updated_at=_when(row[16]),
    )


def _hook(step: str) -> None:
    if before_write is not None:
        before_write(step)


async def get(db: Database, team: str, occurrence: dt.datetime, kind: str) -> Delivery | None:
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM deliveries WHERE team = ? AND occurrence = ? AND kind = ?",
        Key(team, occurrence, kind).params(),
    )
    return _delivery(row) if row else None


async def for_team(db: Database, team: str, limit: int = 20) -> list[Delivery]:
    """The team's latest deliveries, newest meeting first."""
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM deliveries WHERE team = ? ORDER BY occurrence DESC LIMIT ?",
        (team, limit),
    )
    return [_delivery(row) for row in rows]


async def record_intent(
    db: Database,
    key: Key,
    *,
    now: dt.datetime,
    due: dt.datetime,
    late: bool,
    body: list[str],
    mention_ids: set[int],
    history_mark: int | None,
) -> bool:
    """Say, durably, that these parts are about to be posted. False if another run already
    holds the row (then it is that run's to finish)."""
    _hook("intent")
    stamp = _iso(now)
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO deliveries (team, occurrence, kind, status, nonce, late, body,"
            " mention_ids, history_mark, due, created_at, updated_at)"
            " VALUES (?, ?, ?, 'intent', ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (
                *key.params(),
                uuid.uuid4().hex[:25],
                int(late),
                json.dumps(body),
                json.dumps(sorted(mention_ids)),
                history_mark,
                _iso(due),
                stamp,
                stamp,
            ),
        )
        return cursor.rowcount == 1


async def replace_body(
    db: Database,
    key: Key,
    *,
    now: dt.datetime,
    late: bool,
    body: list[str],
    mention_ids: set[int],
    history_mark: int | None,
) -> None:
    """A new text for an intent none of whose parts went out (after a failure or restart)."""
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE deliveries SET body = ?, mention_ids = ?, late = ?, history_mark = ?,"
            " message_ids = '[]', updated_at = ? WHERE team = ? AND occurrence = ? AND kind = ?"
            " AND status = 'intent'",
            (
                json.dumps(body),
                json.dumps(sorted(mention_ids)),
                int(late),
                history_mark,
                _iso(now),
                *key.params(),
            ),
        )


async def record_parts(
    db: Database, key: Key, *, message_ids: list[int], channel_id: int, now: dt.datetime
) -> None:
    """The ids of the parts posted so far, in order (written after each part)."""
    _hook("part")
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE deliveries SET message_ids = ?, channel_id = ?, updated_at = ?"
            " WHERE team = ? AND occurrence = ? AND kind = ?",
            (json.dumps(message_ids), channel_id, _iso(now), *key.params()),
        )


async def note_retry(
    db: Database, key: Key, *, attempts: int, retry_at: dt.datetime, detail: str, now: dt.datetime
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE deliveries SET attempts = ?, retry_at = ?, detail = ?, updated_at = ?"
            " WHERE team = ? AND occurrence = ? AND kind = ?",
            (attempts, _iso(retry_at), detail, _iso(now), *key.params()),
        )


async def finish(
    db: Database,
    key: Key,
    *,
    status: str,
    now: dt.datetime,
    message_ids: list[int] | None = None,
    channel_id: int | None = None,
    detail: str | None = None,
) -> None:
    """Close the row: 'sent', 'failed' or 'missed'. The body is dropped: it was only kept for
    a restart."""
    _hook("finish")
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE deliveries SET status = ?, message_ids = ?, channel_id = ?, detail = ?,"
            " body = NULL, retry_at = NULL, updated_at = ?"
            " WHERE team = ? AND occurrence = ? AND kind = ?",
            (
                status,
                json.dumps(message_ids or []),
                channel_id,
                detail,
                _iso(now),
                *key.params(),
            ),
        )


async def record_final(
    db: Database, key: Key, *, status: str, now: dt.datetime, detail: str, due: dt.datetime
) -> None:
    """A row that is final at once: missed while offline, or nothing to say."""
    stamp = _iso(now)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO deliveries (team, occurrence, kind, status, nonce, detail, due,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, '', ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (*key.params(), status, detail, _iso(due), stamp, stamp),
        )


async def pending(db: Database) -> list[Delivery]:
    """Intents not yet finished: a crash or a transient failure left them open."""
    rows = await db.fetchall(f"SELECT {_COLUMNS} FROM deliveries WHERE status = 'intent'")
    return [_delivery(row) for row in rows]
