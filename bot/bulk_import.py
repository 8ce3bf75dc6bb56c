"""``wgbot import``: a tree of minutes into the database, in meeting order."""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bot.clock import Clock
from bot.errors import WgbotError
from bot.ingest import IngestError, IngestReport, choose_team, ingest_minutes, start_utc
from bot.ingest.carry import CarryIndex
from bot.ingest.team import choose_team_of
from bot.minutes.model import Meeting, Minutes
from bot.minutes.parser import parse_bytes, peek_meeting
from bot.store.db import Database

logger = logging.getLogger(__name__)

SUFFIXES = (".md", ".markdown")
# Below this many files a process pool costs more than it saves.
POOL_THRESHOLD = 200
# Files committed together (each still all or nothing on its own).
BATCH = 200


@dataclass(frozen=True)
class FileOutcome:
    path: str
    report: IngestReport | None = None
    error: str | None = None

    def describe(self) -> str:
        if self.error:
            return f"error: {self.error}"
        report = self.report
        assert report is not None
        if report.unchanged:
            line = f"{self.path}: unchanged ({report.team})"
        else:
            line = (
                f"{self.path}: {report.team}, {len(report.added)} added, "
                f"{len(report.carried)} carried over, {len(report.kept)} kept"
                + (f", {report.removed} removed" if report.removed else "")
                + ("" if report.created else " (meeting updated)")
            )
        notes = [f"\n  warning: {warning}" for warning in report.warnings]
        notes += [f"\n  owner {n.token}: {n.detail}" for n in report.unresolved]
        return line + "".join(notes)


def find_minutes(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())


@dataclass(frozen=True)
class _Parsed:
    path: Path
    content: bytes | None = None
    minutes: Minutes | None = None
    error: str | None = None
    report: IngestReport | None = None  # stored already, unchanged: nothing to do


def _parse_one(path: Path) -> _Parsed:
    """Read and parse one file (in a worker process when there are many)."""
    try:
        content = path.read_bytes()
    except OSError as exc:
        return _Parsed(path, error=f"{path}: cannot be read: {exc.strerror or exc}")
    try:
        return _Parsed(path, content, parse_bytes(content, str(path)))
    except WgbotError as exc:
        return _Parsed(path, error=str(exc))


@dataclass(frozen=True)
class _Peek:
    """What the front matter says, enough to order the files and to see those stored
    already, byte for byte."""

    path: Path
    order: tuple[int, str, str]
    digest: str | None = None
    meeting: Meeting | None = None
    modified: float = 0.0


def _peek(path: Path) -> _Peek:
    try:
        content = path.read_bytes()
        modified = path.stat().st_mtime
    except OSError:
        return _Peek(path, (1, "", str(path)))  # its parse will say why
    meeting = peek_meeting(content, str(path))
    start = start_utc(meeting.start) if meeting else None
    order = (0 if start else 1, start or "", str(path))
    return _Peek(path, order, hashlib.sha256(content).hexdigest(), meeting, modified)


# (team, meeting key) -> (meeting id, content hash) of what the database holds.
Stored = dict[tuple[str, str], tuple[int, str]]


async def _stored(db: Database) -> Stored:
    rows = await db.fetchall("SELECT team, meeting_key, id, content_hash FROM meetings")
    return {(row[0], row[1]): (row[2], row[3]) for row in rows}


def _meeting_of(peek: _Peek, team: str | None, known: set[str]) -> tuple[str, str] | None:
    """(team, meeting key) the file's ingest would store it under, as far as its front
    matter tells; None when only the whole parse can say."""
    if peek.meeting is None or peek.digest is None:
        return None
    try:
        chosen = choose_team_of(peek.meeting, str(peek.path), team, known, first_of_several=True)
    except IngestError:
        return None  # the ingest will say so
    start = peek.meeting.start
    return chosen, (start.isoformat() if start else f"sha256:{peek.digest}")


def _plan(
    peeks: list[_Peek], stored: Stored, team: str | None, known: set[str]
) -> list[_Parsed | None]:
    """What needs no parse, per file: a file stored already byte for byte (the same bytes
    make the same meeting), or one of several files of one meeting (a draft beside its
    corrected copy) other than the newest, which alone is stored: taking each in turn
    would replace the meeting at every run."""
    meetings = [_meeting_of(peek, team, known) for peek in peeks]
    newest: dict[tuple[str, str], _Peek] = {}
    for peek, meeting in zip(peeks, meetings, strict=True):
        if meeting and (meeting not in newest or _newer(peek, newest[meeting])):
            newest[meeting] = peek
    return [
        _decide(peek, meeting, newest, stored) if meeting else None
        for peek, meeting in zip(peeks, meetings, strict=True)
    ]


def _newer(peek: _Peek, than: _Peek) -> bool:
    return (peek.modified, str(peek.path)) > (than.modified, str(than.path))


def _decide(
    peek: _Peek, meeting: tuple[str, str], newest: dict[tuple[str, str], _Peek], stored: Stored
) -> _Parsed | None:
    kept = newest[meeting]
    if kept is not peek:
        return _Parsed(
            peek.path,
            error=f"{peek.path}: the same meeting ({meeting[0]}, {meeting[1]}) as {kept.path},"
            " which is newer and stored instead: skipped",
        )
    found = stored.get(meeting)
    if found is None or found[1] != peek.digest or peek.meeting is None:
        return None
    info = peek.meeting
    report = IngestReport(
        found[0], meeting[0], info.title, info.start, created=False, unchanged=True
    )
    return _Parsed(peek.path, report=report)


Plan = Callable[[list[_Peek]], list[_Parsed | None]]


def parsed_in_meeting_order(
    paths: list[Path], plan: Plan = lambda peeks: [None] * len(peeks)
) -> Iterator[_Parsed]:
    """Oldest meeting first, so carry-over and learning see meetings as they happened;
    undated minutes last, by path. ``plan`` answers for the files that need no parse.
    With many files, the ordering and the parsing are done on the other cores, the
    parsing ahead of the caller storing earlier ones."""
    if len(paths) < POOL_THRESHOLD:
        peeks = sorted(map(_peek, paths), key=lambda peek: peek.order)
        for peek, done in zip(peeks, plan(peeks), strict=True):
            yield done or _parse_one(peek.path)
        return
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        peeks = sorted(pool.map(_peek, paths, chunksize=64), key=lambda peek: peek.order)
        planned = plan(peeks)
        to_parse = [peek.path for peek, done in zip(peeks, planned, strict=True) if not done]
        parsed = pool.map(_parse_one, to_parse, chunksize=32)
        for done in planned:
            yield done or next(parsed)


async def import_tree(
    db: Database,
    paths: list[Path],
    *,
    team: str | None,
    known_teams: set[str],
    clock: Clock,
    progress: Callable[[int], None] = lambda n: None,
) -> list[FileOutcome]:
    """Ingest each file all or nothing; a bad file is reported and skipped. Files are
    committed in batches (each file a savepoint of its batch), which spares a disk sync
    per file."""
    outcomes: list[FileOutcome] = []
    stored = await _stored(db)
    results = parsed_in_meeting_order(paths, lambda peeks: _plan(peeks, stored, team, known_teams))
    carry_index = CarryIndex()
    while batch := list(itertools.islice(results, BATCH)):
        async with db.transaction():
            for parsed in batch:
                outcome = await _import_one(db, parsed, team, known_teams, clock, carry_index)
                outcomes.append(outcome)
                progress(1)
    return outcomes


async def _import_one(
    db: Database,
    parsed: _Parsed,
    team: str | None,
    known: set[str],
    clock: Clock,
    carry_index: CarryIndex,
) -> FileOutcome:
    path, minutes = parsed.path, parsed.minutes
    if parsed.report is not None:
        return FileOutcome(str(path), report=parsed.report)
    if minutes is None or parsed.content is None:
        return FileOutcome(str(path), error=parsed.error)
    try:
        chosen = choose_team(minutes, team, known, first_of_several=True)
        report = await ingest_minutes(
            db,
            minutes,
            team=chosen,
            content=parsed.content,
            actor_id=None,
            now=clock.now(),
            carry_index=carry_index,
        )
    except WgbotError as exc:
        return FileOutcome(str(path), error=str(exc))
    named = list(dict.fromkeys(minutes.meeting.teams))
    if team is None and len(named) > 1:
        report.warnings = (
            *report.warnings,
            f"the minutes name several teams ({', '.join(named)}): stored for {chosen} only"
            " (import them with --team NAME to choose)",
        )
    return FileOutcome(str(path), report=report)


def summary(outcomes: list[FileOutcome], seconds: float) -> str:
    reports = [o.report for o in outcomes if o.report]
    errors = sum(1 for o in outcomes if o.error)
    added = sum(len(r.added) for r in reports)
    carried = sum(len(r.carried) for r in reports)
    unchanged = sum(1 for r in reports if r.unchanged)
    return (
        f"{len(outcomes)} files in {seconds:.1f} s: {len(reports) - unchanged} stored, "
        f"{unchanged} unchanged, {errors} refused; {added} items added, "
        f"{carried} carried over"
    )
