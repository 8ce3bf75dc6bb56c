"""The transaction that stores one meeting: meeting row, items, mentions, learning."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.ingest.carry import SAME_TASK_SCORE, CarryIndex, CarryOver, normalise, words_of
from bot.ingest.owners import ResolvedItem, TeamResolver
from bot.ingest.report import IngestError, IngestReport
from bot.minutes.model import Item, Minutes
from bot.minutes.parser import peek_meeting
from bot.store.db import Connection, Database

logger = logging.getLogger(__name__)

_SPACE = re.compile(r"\s+")
# New items per INSERT statement: 11 values each, well under SQLite's 32,766 variables.
ITEMS_PER_INSERT = 500


async def ingest_minutes(
    db: Database,
    minutes: Minutes,
    *,
    team: str,
    content: bytes,
    actor_id: int | None,
    now: dt.datetime,
    carry_index: CarryIndex | None = None,
    undated: bytes | None = None,
) -> IngestReport:
    """Store a meeting and its items. The same file twice changes nothing. A run that
    stores many meetings oldest first passes one ``carry_index`` to all of them.
    ``undated`` is the file as it was before a date was given to it: a meeting stored
    from exactly that file, undated or under the date it had, is this meeting, which
    now gets its date."""
    _check_worth_storing(minutes)
    digest = hashlib.sha256(content).hexdigest()
    key = _meeting_key(minutes, digest)
    aliases: list[tuple[str, str | None]] = [(key, None)]
    if undated is not None and minutes.meeting.start is not None:
        aliases.append(_key_before_date(undated, minutes.path))
    try:
        report, carry = await _store_meeting(
            db, minutes, team, aliases, digest, actor_id, now, carry_index
        )
    except BaseException:
        if carry_index is not None:
            carry_index.forget(team)
        raise
    if carry is not None:
        carry.committed()
    logger.info(
        "minutes %s stored for %s: meeting %d, %d added, %d carried, %d kept, %d removed",
        minutes.path,
        team,
        report.meeting_id,
        len(report.added),
        len(report.carried),
        len(report.kept),
        report.removed,
    )
    return report


async def _store_meeting(
    db: Database,
    minutes: Minutes,
    team: str,
    aliases: list[tuple[str, str | None]],
    digest: str,
    actor_id: int | None,
    now: dt.datetime,
    carry_index: CarryIndex | None,
) -> tuple[IngestReport, CarryOver | None]:
    """The transaction; no carry-over when the file is unchanged. ``aliases`` are the
    meeting's key, then the keys it may have been stored under before."""
    key = aliases[0][0]
    async with db.transaction() as conn:
        existing = await _existing_meeting(conn, team, aliases)
        if existing and existing[1] == digest:
            return _report(minutes, team, existing[0], created=False, unchanged=True), None
        resolver = await TeamResolver.load(
            conn,
            team,
            minutes.meeting.participants,
            existing[0] if existing else None,
            {token for item in minutes.items for token in item.owners},
        )
        resolved = [resolver.resolve_item(item) for item in minutes.items]
        meeting_id = await _upsert_meeting(conn, minutes, team, key, digest, actor_id, now)
        report = _report(minutes, team, meeting_id, created=existing is None, unchanged=False)
        if existing:
            report.replaced = (existing[2], existing[3])
            report.warnings = (*report.warnings, *_replacement_warning(minutes, existing))
        start = start_utc(minutes.meeting.start)
        carry = CarryOver(conn, team, start, meeting_id, carry_index)
        await _store_items(conn, meeting_id, team, resolved, carry, report, actor_id, now)
        if existing:
            _check_replacement(minutes, existing, report)  # raising undoes it all
        await resolver.learn(conn, meeting_id, replacing=existing is not None)
        report.owners = list(resolver.notes.values())
    return report, carry


def _check_worth_storing(minutes: Minutes) -> None:
    meeting = minutes.meeting
    if not minutes.items and not (meeting.start or meeting.title or meeting.teams):
        raise IngestError(
            f"{minutes.path}: no front matter and no follow-up section: is this a minutes file?"
        )


def _replacement_warning(minutes: Minutes, existing) -> list[str]:
    old_title = existing[2]
    if old_title and minutes.meeting.title and old_title != minutes.meeting.title:
        return [
            f"these minutes replace {old_title!r} ({existing[3]}), stored for the same team and"
            " time: if they are another meeting, give them their own datetime"
        ]
    return []


def _check_replacement(minutes: Minutes, existing, report: IngestReport) -> None:
    """Minutes for a stored meeting replace it: refused when they look like another file
    given the same team and time, which would take the stored follow-ups (their statuses,
    notes and history) with it."""
    if not report.removed:
        return
    stored = f"{existing[2] or 'the meeting'} ({existing[3]})"
    how = (
        "give these minutes their own datetime if they are another meeting; to replace"
        " the stored one anyway, remove it first with `/minutes remove`"
    )
    if not minutes.items:
        raise IngestError(
            f"{minutes.path}: has no follow-ups, but {stored}, stored for the same team and"
            f" time, has {report.removed}: {how}"
        )
    retitled = existing[2] and minutes.meeting.title and existing[2] != minutes.meeting.title
    if retitled and report.removed > len(report.kept):
        raise IngestError(
            f"{minutes.path}: {minutes.meeting.title!r} has the team and time of {stored}"
            f" but would drop {report.removed} of its follow-ups and keep {len(report.kept)}:"
            f" {how}"
        )


def _meeting_key(minutes: Minutes, digest: str) -> str:
    start = minutes.meeting.start
    return start.isoformat() if start else f"sha256:{digest}"


def _report(
    minutes: Minutes, team: str, meeting_id: int, *, created: bool, unchanged: bool
) -> IngestReport:
    return IngestReport(
        meeting_id=meeting_id,
        team=team,
        title=minutes.meeting.title,
        start=minutes.meeting.start,
        created=created,
        unchanged=unchanged,
        warnings=minutes.warnings,
    )


async def _existing_meeting(conn: Connection, team: str, aliases: list[tuple[str, str | None]]):
    """The stored meeting under the first of ``aliases`` (key, and the content hash it
    must have been stored from, if any) that has one; moved to the first key (its key
    now) when found under another."""
    for alias, stored_from in aliases:
        rows = await conn.execute_fetchall(
            "SELECT id, content_hash, title, source_name FROM meetings"
            " WHERE team = ? AND meeting_key = ?",
            (team, alias),
        )
        row = next(iter(rows), None)
        if row is None or (stored_from is not None and row[1] != stored_from):
            continue
        if alias != aliases[0][0]:
            await conn.execute(
                "UPDATE meetings SET meeting_key = ? WHERE id = ?", (aliases[0][0], row[0])
            )
        return row
    return None


def _key_before_date(content: bytes, path: str) -> tuple[str, str]:
    """The key the file had before a date was given to it, and its hash."""
    digest = hashlib.sha256(content).hexdigest()
    meeting = peek_meeting(content, path)
    start = meeting.start if meeting else None
    return (start.isoformat() if start else f"sha256:{digest}"), digest


def start_utc(start: dt.datetime | dt.date | None) -> str | None:
    if start is None:
        return None
    if not isinstance(start, dt.datetime):
        start = dt.datetime.combine(start, dt.time(), dt.UTC)
    return start.astimezone(dt.UTC).isoformat()


async def _upsert_meeting(conn, minutes: Minutes, team, key, digest, actor_id, now) -> int:
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
    rows = await conn.execute_fetchall(
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
    )
    return int(next(iter(rows))[0])


def fingerprint(item: Item) -> str:
    """What makes two items of one meeting the same follow-up: kind, owners, text."""
    text = _SPACE.sub(" ", item.text).strip().casefold()
    basis = "\x1f".join([item.kind, ",".join(item.owners), text])
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Previous:
    """A mention this meeting had before the minutes were uploaded again."""

    item_id: int
    text: str
    owners_key: str


async def _each(conn, sql: str, rows: list[tuple]) -> None:
    """``executemany`` that spares the round trip when there is nothing to write."""
    if rows:
        await conn.executemany(sql, rows)


class _Rows:
    """Rows written at the end of a meeting in one statement each: the store does one
    round trip per kind of row, not one per item."""

    def __init__(self) -> None:
        self.mentions: list[tuple] = []
        self.owners: list[tuple] = []
        self.replaced_owners: list[tuple[int]] = []
        self.carried: list[tuple] = []
        self.moved_earlier: list[tuple[int]] = []
        self.owner_events: list[tuple] = []
        self.carry_events: list[tuple] = []

    def add(
        self, item_id: int, meeting_id: int, position: int, entry: ResolvedItem, mark: str
    ) -> None:
        item = entry.item
        self.mentions.append(
            (item_id, meeting_id, position, item.first_line, item.last_line, item.text, mark)
        )
        self.owners += [
            (item_id, n, token, participant) for n, (token, participant) in enumerate(entry.owners)
        ]

    def carry(
        self, item_id: int, entry: ResolvedItem, actor_id, now: dt.datetime, later: bool | None
    ) -> None:
        """An open item written down again: it keeps its id and status, takes the new
        wording, and its history says so. ``later`` (not None) says later minutes wrote it
        down already: their wording stays; True, it was even first written down after this
        meeting, which becomes its first."""
        item = entry.item
        due = item.due.isoformat() if item.due else None
        if later is None:
            self.carried.append((item.text, due, json.dumps(list(item.links)), item_id))
        elif later:
            self.moved_earlier.append((item_id,))
        self.carry_events.append((item_id, now.astimezone(dt.UTC).isoformat(), actor_id, item.text))

    def owner_changed(
        self, item_id: int, old_key: str, entry: ResolvedItem, actor_id, now: dt.datetime
    ) -> None:
        """Corrected minutes gave the item other owners: its history says so."""
        stamp = now.astimezone(dt.UTC).isoformat()
        self.owner_events.append((item_id, stamp, actor_id, old_key, entry.owners_key))

    async def write(self, conn, meeting_id: int) -> None:
        await _each(conn, "DELETE FROM item_owners WHERE item_id = ?", self.replaced_owners)
        await _each(
            conn, f"UPDATE items SET meeting_id = {meeting_id:d} WHERE id = ?", self.moved_earlier
        )
        await _each(
            conn,
            "UPDATE items SET text = ?, due = coalesce(?, due), links = ? WHERE id = ?",
            self.carried,
        )
        await _each(
            conn,
            "INSERT INTO item_events (item_id, at, actor_id, field, old_value, new_value)"
            " VALUES (?, ?, ?, 'carried', NULL, ?)",
            self.carry_events,
        )
        await _each(
            conn,
            "INSERT INTO item_events (item_id, at, actor_id, field, old_value, new_value)"
            " VALUES (?, ?, ?, 'owner', ?, ?)",
            self.owner_events,
        )
        await _each(
            conn,
            "INSERT INTO item_owners (item_id, position, token, participant) VALUES (?, ?, ?, ?)",
            self.owners,
        )
        await _each(
            conn,
            "INSERT INTO item_mentions (item_id, meeting_id, position, first_line, last_line,"
            " text, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (meeting_id,"
            " fingerprint) DO UPDATE SET position = excluded.position,"
            " first_line = excluded.first_line, last_line = excluded.last_line",
            self.mentions,
        )


async def _store_items(
    conn,
    meeting_id: int,
    team: str,
    resolved: list[ResolvedItem],
    carry: CarryOver,
    report: IngestReport,
    actor_id,
    now,
) -> None:
    before = {} if report.created else await _previous_mentions(conn, meeting_id)
    entries = _distinct(resolved, report)
    leftovers = {
        mark: prev for mark, prev in before.items() if mark not in {mark for _, _, mark in entries}
    }
    await carry.prepare(
        {entry.owners_key for _, entry, _ in entries}, {prev.item_id for prev in before.values()}
    )
    rows = _Rows()
    new: list[tuple[int, ResolvedItem, str]] = []
    for position, entry, mark in entries:
        if mark in before:
            item_id = before[mark].item_id
            await _refresh_item(conn, item_id, entry, rows)
            report.kept.append(item_id)
        elif (old_mark := _reworded(entry, leftovers)) is not None:
            previous = leftovers.pop(old_mark)
            item_id = previous.item_id
            await _reword(conn, item_id, meeting_id, old_mark, entry, rows)
            if previous.owners_key != entry.owners_key:
                rows.owner_changed(item_id, previous.owners_key, entry, actor_id, now)
            report.kept.append(item_id)
        elif entry.item.kind == "action" and (
            carried := carry.match(entry.owners_key, entry.item.text)
        ):
            item_id = carried
            rows.carry(item_id, entry, actor_id, now, carry.later.get(item_id))
            carry.stored(item_id, entry.owners_key, entry.item.text)
            rows.replaced_owners.append((item_id,))
            report.carried.append(item_id)
        else:
            new.append((position, entry, mark))
            continue
        rows.add(item_id, meeting_id, position, entry, mark)
    for (position, entry, mark), item_id in zip(
        new, await _insert_items(conn, meeting_id, team, new), strict=True
    ):
        report.added.append(item_id)
        rows.add(item_id, meeting_id, position, entry, mark)
        if entry.item.kind == "action":
            carry.stored(item_id, entry.owners_key, entry.item.text)
    report.removed = await _drop_mentions(conn, meeting_id, leftovers)
    await rows.write(conn, meeting_id)


async def _previous_mentions(conn, meeting_id: int) -> dict[str, _Previous]:
    rows = await conn.execute_fetchall(
        "SELECT x.fingerprint, x.item_id, x.text, i.owners_key FROM item_mentions x"
        " JOIN items i ON i.id = x.item_id WHERE x.meeting_id = ?",
        (meeting_id,),
    )
    return {row[0]: _Previous(row[1], row[2], row[3]) for row in rows}


def _distinct(resolved: list[ResolvedItem], report: IngestReport):
    """Each follow-up once; a line the minutes repeat is stored once, and said so."""
    first_at: dict[str, int] = {}
    entries, repeats = [], []
    for position, entry in enumerate(resolved):
        mark = fingerprint(entry.item)
        if mark in first_at:
            repeats.append(
                f"line {entry.item.first_line} repeats line {first_at[mark]}: stored once"
            )
            continue
        first_at[mark] = entry.item.first_line
        entries.append((position, entry, mark))
    report.warnings = (*report.warnings, *repeats)
    return entries


def _reworded(entry: ResolvedItem, leftovers: dict[str, _Previous]) -> str | None:
    """The earlier upload's mention this corrected item rewords, if one is close enough."""
    candidates = {
        mark: normalise(prev.text)
        for mark, prev in leftovers.items()
        if prev.owners_key == entry.owners_key
    }
    found = process.extractOne(
        normalise(entry.item.text),
        candidates,
        scorer=fuzz.ratio,  # on normalised words: the token sort ratio
        processor=words_of,
        score_cutoff=SAME_TASK_SCORE,
    )
    if found:
        return found[2]
    # The same words under other owners: the owner was corrected, not the task.
    wanted = normalise(entry.item.text)
    return next((m for m, prev in leftovers.items() if normalise(prev.text) == wanted), None)


async def _reword(
    conn, item_id: int, meeting_id: int, old_mark: str, entry: ResolvedItem, rows: _Rows
) -> None:
    """A corrected wording of the same follow-up: it keeps its id and status."""
    await conn.execute(
        "DELETE FROM item_mentions WHERE meeting_id = ? AND fingerprint = ?", (meeting_id, old_mark)
    )
    await conn.execute("UPDATE items SET text = ? WHERE id = ?", (entry.item.text, item_id))
    await _refresh_item(conn, item_id, entry, rows)


async def _drop_mentions(conn, meeting_id: int, leftovers: dict[str, _Previous]) -> int:
    """Items the corrected minutes no longer hold lose this meeting's mention; an item
    mentioned nowhere else goes with it."""
    for mark, previous in leftovers.items():
        await conn.execute(
            "DELETE FROM item_mentions WHERE meeting_id = ? AND fingerprint = ?",
            (meeting_id, mark),
        )
        await conn.execute(
            "DELETE FROM items WHERE id = ? AND NOT EXISTS"
            " (SELECT 1 FROM item_mentions WHERE item_id = ?)",
            (previous.item_id, previous.item_id),
        )
    return len(leftovers)


async def _insert_items(
    conn, meeting_id: int, team: str, new: list[tuple[int, ResolvedItem, str]]
) -> list[int]:
    """A meeting's new items, a few hundred per statement; their ids in the order given."""
    ids: list[int] = []
    for start in range(0, len(new), ITEMS_PER_INSERT):
        chunk = new[start : start + ITEMS_PER_INSERT]
        rows = await conn.execute_fetchall(
            "INSERT INTO items (meeting_id, team, position, first_line, last_line, kind, text,"
            " due, links, fingerprint, owners_key) VALUES "
            + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(chunk))
            + " RETURNING id, position",
            [value for row in chunk for value in _item_row(meeting_id, team, *row)],
        )
        by_position = {position: item_id for item_id, position in rows}
        ids += [by_position[position] for position, _, _ in chunk]
    return ids


def _item_row(meeting_id: int, team: str, position: int, entry: ResolvedItem, mark: str) -> tuple:
    item = entry.item
    return (
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
        entry.owners_key,
    )


async def _refresh_item(conn, item_id: int, entry: ResolvedItem, rows: _Rows) -> None:
    """The same meeting again: keep status, take the (possibly re-resolved) owners and dates."""
    item = entry.item
    await conn.execute(
        "UPDATE items SET due = coalesce(?, due), links = ?, owners_key = ? WHERE id = ?",
        (
            item.due.isoformat() if item.due else None,
            json.dumps(list(item.links)),
            entry.owners_key,
            item_id,
        ),
    )
    rows.replaced_owners.append((item_id,))
