"""A team's meeting schedule: an iCalendar RRULE read in the team's own time zone."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil import rrule

from bot.errors import WgbotError

logger = logging.getLogger(__name__)

# Anchor for rules that give no DTSTART: a Monday, midnight local time.
_DEFAULT_START = dt.datetime(2024, 1, 1)


class ScheduleError(WgbotError):
    """A schedule that cannot be read."""


@dataclass(frozen=True)
class Schedule:
    rule: str
    timezone: ZoneInfo

    @staticmethod
    def parse_zone(timezone: str) -> ZoneInfo:
        try:
            return ZoneInfo(timezone)
        except Exception as exc:
            raise ScheduleError(
                f"unknown time zone {timezone!r} (use an IANA name such as Europe/Bucharest)"
            ) from exc

    @classmethod
    def parse(cls, rule: str, timezone: str) -> Schedule:
        schedule = cls(rule.strip(), cls.parse_zone(timezone))
        schedule._validate()  # now, not at the first reminder
        return schedule

    def _validate(self) -> None:
        upper = self.rule.upper()
        if "BYHOUR" not in upper and "DTSTART" not in upper:
            raise ScheduleError(
                f"schedule {self.rule!r} gives no time of day: add BYHOUR=10;BYMINUTE=0"
                " (or a DTSTART line with the time)"
            )
        if len(self._first(2)) < 2:
            raise ScheduleError(f"schedule {self.rule!r} has fewer than two meetings")

    def _first(self, count: int) -> list[dt.datetime]:
        found: list[dt.datetime] = []
        for occurrence in self._rule():
            found.append(occurrence)
            if len(found) == count:
                break
        return found

    def shortest_gap(self, sample: int = 12) -> dt.timedelta:
        """The least time between two meetings, over the first few."""
        first = self._first(sample)
        return min(later - earlier for earlier, later in itertools.pairwise(first))

    def _rule(self) -> rrule.rrule | rrule.rruleset:
        # Occurrences are computed on naive local times, then placed in the zone:
        # a 10:00 meeting stays at 10:00 across daylight-saving changes.
        try:
            return rrule.rrulestr(self.rule, dtstart=_DEFAULT_START, ignoretz=True)
        except (ValueError, TypeError) as exc:
            raise ScheduleError(f"schedule {self.rule!r} is not an iCalendar RRULE: {exc}") from exc

    def next_after(self, instant: dt.datetime) -> dt.datetime | None:
        """The first meeting strictly after ``instant``, as an aware datetime in the zone."""
        local = instant.astimezone(self.timezone).replace(tzinfo=None)
        found = self._rule().after(local, inc=False)
        return found.replace(tzinfo=self.timezone) if found else None

    def upcoming(self, instant: dt.datetime, count: int) -> list[dt.datetime]:
        found: list[dt.datetime] = []
        cursor = instant
        while len(found) < count:
            nxt = self.next_after(cursor)
            if nxt is None:
                break
            found.append(nxt)
            cursor = nxt
        return found
