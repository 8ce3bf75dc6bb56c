"""Storing parsed minutes: all of a meeting's items in one transaction, idempotently."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field

import aiosqlite

from bot.errors import WgbotError
from bot.minutes.model import Item, Minutes
from bot.store.db import Database

logger = logging.getLogger(__name__)

_SPACE = re.compile(r"\s+")


class IngestError(WgbotError):
    """Minutes that parse but cannot be stored (no team, for instance)."""


@dataclass
class IngestReport:
    meeting_id: int
    team: str
    title: str | None
    start: dt.datetime | dt.date | None
    created: bool  # a meeting seen for the first time
    unchanged: bool  # the very same file was stored before
    added: list[int] = field(default_factory=list)  # ids of new items
    kept: list[int] = field(default_factory=list)  # ids whose status was kept
    removed: int = 0
    warnings: tuple[str, ...] = ()


def choose_team(
    minutes: Minutes, team: str | None, known: set[str], *, fallback: str | None = None
) -> str:
    """The team given; else the minutes' first configured team, their first, the channel's."""
    if team:
        return team
    teams = list(minutes.meeting.teams)
    for candidate in teams:
        if candidate in known:
            return candidate
    if teams:
        return teams[0]
    if fallback:
        return fallback
    raise IngestError(f"{minutes.path}: the minutes name no team: give one with the team option")


async def ingest_minutes(
    db: Database,
    minutes: Minutes,
    *,
    team: str,
    content: bytes,
    actor_id: int | None,
    now: dt.datetime,
) -> IngestReport:
    """Store a meeting and its items. The same file twice changes nothing."""
    digest = hashlib.sha256(content).hexdigest()
    key = _meeting_key(minutes, digest)
    async with db.transaction() as conn:
        existing = await _existing_meeting(conn, team, key)
        if existing and existing[1] == digest:
            report = _report(minutes, team, existing[0], created=False, unchanged=True)
            return report
        meeting_id = await _upsert_meeting(conn, minutes, team, key, digest, actor_id, now)
        report = _report(minutes, team, meeting_id, created=existing is None, unchanged=False)
        await _store_items(conn, meeting_id, team, minutes.items, report)
    logger.info(
        "minutes %s stored for %s: meeting %d, %d added, %d kept, %d removed",
        minutes.path,
        team,
        report.meeting_id,
        len(report.added),
        len(report.kept),
        report.removed,
    )
    return report


def _meeting_key(minutes: Minutes, digest: str) -> str:
    start = minutes.meeting.start
    return start.isoformat() if start else f"sha256:{digest}"


def _report(minutes: Minutes, team: str, meeting_id: int, *, created: bool, unchanged: bool):
    return IngestReport(
        meeting_id=meeting_id,
        team=team,
        title=minutes.meeting.title,
        start=minutes.meeting.start,
        created=created,
        unchanged=unchanged,
        warnings=minutes.warnings,
    )


async def _existing_meeting(conn: aiosqlite.Connection, team: str, key: str):
    async with conn.execute(
        "SELECT id, content_hash FROM meetings WHERE team = ? AND meeting_key = ?", (team, key)
    ) as cursor:
        return await cursor.fetchone()


def start_utc(start: dt.datetime | dt.date | None) -> str | None:
    if start is None:
        return None
    if not isinstance(start, dt.datetime):
        start = dt.datetime.combine(start, dt.time(), dt.UTC)
    return start.astimezone(dt.UTC).isoformat()


async def _upsert_meeting(conn, minutes, team, key, digest, actor_id, now) -> int:
    meeting = minutes.meeting
    values = (
        team,
        key,
        meeting.title,
        meeting.start.isoformat() if meeting.start else None,
        start_utc(meeting.start),
        json.dumps(list(meeting.participants), ensure_ascii=False),
        minutes.next_meeting.isoformat() if minutes.next_meeting else None,
        minutes.path,
        digest,
        now.astimezone(dt.UTC).isoformat(),
        actor_id,
    )
    async with conn.execute(
        "INSERT INTO meetings (team, meeting_key, title, start_local, start_utc, participants,"
        " next_meeting, source_name, content_hash, ingested_at, ingested_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (team, meeting_key) DO UPDATE SET title = excluded.title,"
        " start_local = excluded.start_local, start_utc = excluded.start_utc,"
        " participants = excluded.participants, next_meeting = excluded.next_meeting,"
        " source_name = excluded.source_name, content_hash = excluded.content_hash,"
        " ingested_at = excluded.ingested_at, ingested_by = excluded.ingested_by"
        " RETURNING id",
        values,
    ) as cursor:
        row = await cursor.fetchone()
    return int(row[0])


def fingerprint(item: Item) -> str:
    """What makes two items of one meeting the same follow-up: kind, owners, text."""
    text = _SPACE.sub(" ", item.text).strip().casefold()
    basis = "\x1f".join([item.kind, ",".join(item.owners), text])
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()


async def _store_items(conn, meeting_id: int, team: str, items, report: IngestReport) -> None:
    async with conn.execute(
        "SELECT fingerprint, id FROM items WHERE meeting_id = ?", (meeting_id,)
    ) as cursor:
        before = {row[0]: row[1] for row in await cursor.fetchall()}
    seen: set[str] = set()
    for position, item in enumerate(items):
        mark = fingerprint(item)
        if mark in seen:
            continue  # the same line twice in one file is one follow-up
        seen.add(mark)
        if mark in before:
            await _update_item(conn, before[mark], position, item)
            report.kept.append(before[mark])
        else:
            report.added.append(await _insert_item(conn, meeting_id, team, position, item, mark))
    gone = [item_id for mark, item_id in before.items() if mark not in seen]
    for item_id in gone:
        await conn.execute("DELETE FROM items WHERE id = ?", (item_id,))
    report.removed = len(gone)


async def _insert_item(conn, meeting_id, team, position, item: Item, mark: str) -> int:
    async with conn.execute(
        "INSERT INTO items (meeting_id, team, position, first_line, last_line, kind, text, due,"
        " links, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            meeting_id,
            team,
            position,
            item.first_line,
            item.last_line,
            item.kind,
            item.text,
            item.due.isoformat() if item.due else None,
            json.dumps(list(item.links)),
            mark,
        ),
    ) as cursor:
        item_id = int((await cursor.fetchone())[0])
    await _write_owners(conn, item_id, item)
    return item_id


async def _update_item(conn, item_id: int, position: int, item: Item) -> None:
    await conn.execute(
        "UPDATE items SET position = ?, first_line = ?, last_line = ?, due = ?, links = ?"
        " WHERE id = ?",
        (
            position,
            item.first_line,
            item.last_line,
            item.due.isoformat() if item.due else None,
            json.dumps(list(item.links)),
            item_id,
        ),
    )
    await conn.execute("DELETE FROM item_owners WHERE item_id = ?", (item_id,))
    await _write_owners(conn, item_id, item)


async def _write_owners(conn, item_id: int, item: Item) -> None:
    await conn.executemany(
        "INSERT INTO item_owners (item_id, position, token, participant) VALUES (?, ?, ?, ?)",
        [(item_id, n, token, item.resolved.get(token)) for n, token in enumerate(item.owners)],
    )
