"""When a team meets next, from the best thing known about it.

In this order: the schedule (``/team setup``, which overrides the TOML config's RRULE; both
are merged in ``TeamSettings.schedule``), the next-meeting date the latest minutes state (at
the time of day of the team's latest meeting), the cadence of its past meetings (when at least
three agree), or nothing. Everything is computed on local times in the team's zone, so a
10:00 meeting stays at 10:00 across daylight-saving changes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.schedule import Schedule, between, on_wall_clock
from bot.store.db import Database
from bot.teams import TeamSettings

logger = logging.getLogger(__name__)

# Meetings that must share one gap (and one time of day) to count as a cadence.
CADENCE_MEETINGS = 3


@dataclass(frozen=True)
class MeetingHistory:
    """What a team's stored minutes say about when it meets."""

    starts: tuple[dt.datetime, ...]  # past meetings with a time of day, oldest first, local
    stated_next: dt.date | None  # what the latest minutes say the next meeting is
    time_of_day: dt.time | None  # of the latest meeting with one, local


@dataclass(frozen=True)
class MeetingPlan:
    """Where the team's meetings come from, and a way to list them."""

    source: str  # 'schedule', 'minutes', 'cadence'
    zone: ZoneInfo
    schedule: Schedule | None = None
    stated: dt.datetime | None = None
    last: dt.datetime | None = None  # latest past meeting, local (cadence)
    gap_days: int = 0

    def next_after(self, instant: dt.datetime) -> dt.datetime | None:
        """The first meeting strictly after ``instant``."""
        if self.schedule is not None:
            return self.schedule.next_after(instant)
        if self.stated is not None and self.stated > instant:
            return self.stated
        return self._cadence_after(instant)

    def between(self, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
        """Meetings in (start, end]."""
        return between(self.next_after, start, end)

    def _cadence_after(self, instant: dt.datetime) -> dt.datetime | None:
        if self.last is None or self.gap_days <= 0:
            return None
        naive = self.last.replace(tzinfo=None)
        local_now = instant.astimezone(self.zone).replace(tzinfo=None)
        steps = max(1, (local_now - naive).days // self.gap_days)
        for step in itertools.count(steps):
            candidate = on_wall_clock(naive + dt.timedelta(days=self.gap_days * step), self.zone)
            if candidate > instant:
                return candidate
            if step > steps + 3:
                return None
        return None  # pragma: no cover - the loop always returns


def plan_meetings(team: TeamSettings, history: MeetingHistory | None) -> MeetingPlan | None:
    """The team's meetings from the best source it has, or None."""
    zone = Schedule.parse_zone(team.timezone)
    if team.schedule is not None:
        return MeetingPlan("schedule", team.schedule.timezone, schedule=team.schedule)
    if history is None:
        return None
    cadence = _cadence(history)
    stated = _stated(history, zone)
    if stated is None and cadence is None:
        return None
    last, gap = cadence or (None, 0)
    return MeetingPlan(
        "minutes" if stated else "cadence", zone, stated=stated, last=last, gap_days=gap
    )


def _stated(history: MeetingHistory, zone: ZoneInfo) -> dt.datetime | None:
    if history.stated_next is None or history.time_of_day is None:
        return None
    return dt.datetime.combine(history.stated_next, history.time_of_day).replace(tzinfo=zone)


def _cadence(history: MeetingHistory) -> tuple[dt.datetime, int] | None:
    recent = history.starts[-CADENCE_MEETINGS:]
    if len(recent) < CADENCE_MEETINGS:
        return None
    gaps = {(later.date() - earlier.date()).days for earlier, later in itertools.pairwise(recent)}
    times = {start.timetz().replace(tzinfo=None) for start in recent}
    if len(gaps) != 1 or len(times) != 1 or min(gaps) <= 0:
        return None
    return recent[-1], gaps.pop()


async def load_history(db: Database, team: str, timezone: str) -> MeetingHistory:
    zone = Schedule.parse_zone(timezone)
    rows = await db.fetchall(
        "SELECT start_local, next_meeting FROM meetings WHERE team = ? AND start_utc IS NOT NULL"
        " ORDER BY start_utc",
        (team,),
    )
    starts = tuple(s for s in (_local_start(row[0], zone) for row in rows) if s is not None)
    stated = dt.date.fromisoformat(rows[-1][1]) if rows and rows[-1][1] else None
    time_of_day = starts[-1].timetz().replace(tzinfo=None) if starts else None
    return MeetingHistory(starts, stated, time_of_day)


def _local_start(text: str | None, zone: ZoneInfo) -> dt.datetime | None:
    # A meeting written as a date only says nothing about the time of day.
    if not text or "T" not in text:
        return None
    start = dt.datetime.fromisoformat(text)
    if start.tzinfo is None:
        return start.replace(tzinfo=zone)
    return start.astimezone(zone)
