"""``wgbot import``: a tree of minutes into the database, in meeting order."""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bot.clock import Clock
from bot.errors import WgbotError
from bot.ingest import IngestReport, choose_team, ingest_minutes, start_utc
from bot.ingest.carry import CarryIndex
from bot.minutes.model import Minutes
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


def _start_key(path: Path) -> tuple[int, str, str]:
    """Where a file goes in meeting order: only its front matter is read for this."""
    try:
        meeting = peek_meeting(path.read_bytes(), str(path))
    except OSError:
        meeting = None
    start = start_utc(meeting.start) if meeting else None
    return (0 if start else 1, start or "", str(path))


def parsed_in_meeting_order(paths: list[Path]) -> Iterator[_Parsed]:
    """Oldest meeting first, so carry-over and learning see meetings as they happened;
    undated minutes last, by path. With many files, the ordering and the parsing are
    done on the other cores, the parsing ahead of the caller storing earlier ones."""
    if len(paths) < POOL_THRESHOLD:
        yield from map(_parse_one, sorted(paths, key=_start_key))
        return
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        keys = pool.map(_start_key, paths, chunksize=64)
        ordered = [path for _, path in sorted(zip(keys, paths, strict=True))]
        yield from pool.map(_parse_one, ordered, chunksize=32)


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
    results = parsed_in_meeting_order(paths)
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
