"""``wgbot import``: a tree of minutes into the database, in meeting order."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bot.clock import Clock
from bot.errors import WgbotError
from bot.ingest import IngestReport, choose_team, ingest_minutes, start_utc
from bot.minutes import parse_file
from bot.minutes.model import Minutes
from bot.store.db import Database

logger = logging.getLogger(__name__)

SUFFIXES = (".md", ".markdown")
# Below this many files a process pool costs more than it saves.
POOL_THRESHOLD = 200


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


def _parse_one(path: Path) -> tuple[Path, Minutes | None, str | None]:
    try:
        return path, parse_file(path), None
    except WgbotError as exc:
        return path, None, str(exc)


def parse_all(paths: list[Path]) -> list[tuple[Path, Minutes | None, str | None]]:
    """Parse every file, on every core when there are many."""
    if len(paths) < POOL_THRESHOLD:
        return [_parse_one(path) for path in paths]
    workers = os.cpu_count() or 1
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_parse_one, paths, chunksize=64))


def meeting_order(parsed: Iterable[tuple[Path, Minutes | None, str | None]]):
    """Oldest meeting first, so carry-over and learning see meetings as they happened;
    undated minutes last, by path."""

    def key(entry: tuple[Path, Minutes | None, str | None]) -> tuple[int, str, str]:
        path, minutes, _ = entry
        start = start_utc(minutes.meeting.start) if minutes else None
        return (0 if start else 1, start or "", str(path))

    return sorted(parsed, key=key)


async def import_tree(
    db: Database,
    paths: list[Path],
    *,
    team: str | None,
    known_teams: set[str],
    clock: Clock,
    progress: Callable[[int], None] = lambda n: None,
) -> list[FileOutcome]:
    """Ingest each file in its own transaction; a bad file is reported and skipped."""
    outcomes = []
    for path, minutes, error in meeting_order(parse_all(paths)):
        outcomes.append(await _import_one(db, path, minutes, error, team, known_teams, clock))
        progress(1)
    return outcomes


async def _import_one(
    db,
    path: Path,
    minutes: Minutes | None,
    error: str | None,
    team: str | None,
    known: set[str],
    clock: Clock,
) -> FileOutcome:
    if minutes is None:
        return FileOutcome(str(path), error=error)
    try:
        chosen = choose_team(minutes, team, known, first_of_several=True)
        report = await ingest_minutes(
            db, minutes, team=chosen, content=path.read_bytes(), actor_id=None, now=clock.now()
        )
    except (WgbotError, OSError) as exc:
        return FileOutcome(str(path), error=str(exc))
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
