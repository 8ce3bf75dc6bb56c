"""A team's meeting schedule: an iCalendar RRULE read in the team's own time zone."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil import rrule

from bot.errors import WgbotError

logger = logging.getLogger(__name__)

# Anchor for rules that give no DTSTART: a Monday, midnight local time.
_DEFAULT_START = dt.datetime(2024, 1, 1)


# More than any daylight-saving shift: where a search on wall-clock times starts.
_LOOKBEHIND = dt.timedelta(days=1)


def on_wall_clock(local: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """A naive local time placed in ``zone``. A time the clocks skip (in a spring-forward
    gap) becomes the real instant it names with the offset before the change (03:30 in
    Bucharest on the last Sunday of March is 04:30 summer time); a time they pass twice
    is its first passing."""
    return local.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone)


def between(
    next_after: Callable[[dt.datetime], dt.datetime | None],
    start: dt.datetime,
    end: dt.datetime,
    limit: int = 500,
) -> list[dt.datetime]:
    """The occurrences in (start, end] that ``next_after`` walks to, ``limit`` at most."""
    found: list[dt.datetime] = []
    cursor = start
    while len(found) < limit:
        occurrence = next_after(cursor)
        if occurrence is None or occurrence > end:
            break
        found.append(occurrence)
        cursor = occurrence
    return found


class ScheduleError(WgbotError):
    """A schedule that cannot be read: ``problem`` says why, about ``rule`` when there is one."""

    def __init__(self, problem: str, rule: str | None = None) -> None:
        super().__init__(f"schedule {rule!r} {problem}" if rule is not None else problem)
        self.problem = problem
        self.rule = rule

    def about(self, what: str) -> str:
        """The message with the schedule called ``what`` (such as a config key)."""
        if self.rule is None:
            return f"{what}: {self.problem}"
        return f"{what}: {self.rule!r} {self.problem}"


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
        self._rule()  # a rule that does not read says so before what it lacks
        if not self._first(1):
            raise ScheduleError("has no occurrences: no date matches it", self.rule)
        upper = self.rule.upper()
        if "BYHOUR" not in upper and "DTSTART" not in upper:
            raise ScheduleError(
                "gives no time of day: add BYHOUR=10;BYMINUTE=0 (or a DTSTART line with the time)",
                self.rule,
            )
        if len(self._first(2)) < 2:
            raise ScheduleError("has fewer than two meetings", self.rule)

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
        if "FREQ=" not in self.rule.upper():
            raise ScheduleError(
                "is not an iCalendar RRULE: it has no FREQ=, as in"
                " FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0",
                self.rule,
            )
        try:
            return rrule.rrulestr(self.rule, dtstart=_DEFAULT_START, ignoretz=True)
        except (ValueError, TypeError) as exc:
            raise ScheduleError(f"is not an iCalendar RRULE: {exc}", self.rule) from exc

    def next_after(self, instant: dt.datetime) -> dt.datetime | None:
        """The first meeting strictly after ``instant``, as an aware datetime in the zone."""
        rule = self._rule()
        # Occurrences are wall-clock times; compared on the wall clock, a meeting in the hour
        # a spring-forward skips (03:30 when 03:00 becomes 04:00) would seem past from 04:00
        # on, though it is still ahead. So start a day early and compare real instants.
        cursor = instant.astimezone(self.timezone).replace(tzinfo=None) - _LOOKBEHIND
        while (found := rule.after(cursor, inc=False)) is not None:
            meeting = on_wall_clock(found, self.timezone)
            if meeting > instant:
                return meeting
            cursor = found
        return None

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


# The plain form of a schedule, as people say it:
#   every Monday 10:00 · every 2 weeks on Monday at 10:00 · every other week on Tue, Thu 16:30
#   every day at 9:15 · every month on the first Tuesday at 10:00 · ... from 2024-05-06
_DAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
_WEEKDAYS = ("weekday", "weekdays")  # Monday to Friday
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
_FREQS = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY"}
_PLAIN = re.compile(
    r"^every\s+(?:(?P<n>\d+|other)\s+)?(?P<unit>days?|weeks?|months?)?\s*"
    r"(?:on\s+)?(?:the\s+)?(?P<ord>first|second|third|fourth|last)?\s*"
    r"(?P<days>(?:weekdays|[a-z]+day|mon|tue|wed|thu|fri|sat|sun)(?:\s*(?:,|and)\s*[a-z]+)*)?\s*"
    r"(?:at\s+)?(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?:\s+from\s+(?P<start>\d{4}-\d{2}-\d{2}))?$",
    re.IGNORECASE,
)


def to_rrule(text: str) -> str:
    """An iCalendar RRULE as given, or the RRULE a plain-form schedule means."""
    text = " ".join(text.split())
    if "FREQ=" in text.upper():
        return text.replace("\\n", "\n")
    match = _PLAIN.match(text)
    if match is None:
        raise ScheduleError(
            "is neither an RRULE nor a plain schedule such as `every 2 weeks on Monday 10:00`",
            text,
        )
    return _plain_rule(match, text)


def _plain_rule(match: re.Match[str], text: str) -> str:
    unit = (match["unit"] or ("week" if match["days"] else "day")).lower().rstrip("s")
    interval = 2 if (match["n"] or "").lower() == "other" else int(match["n"] or 1)
    hour, minute = int(match["hour"]), int(match["minute"])
    if interval < 1:
        raise ScheduleError(f"repeats every {interval} {unit}s: say every 1 or more", text)
    if hour > 23 or minute > 59:
        raise ScheduleError(f"names {hour}:{minute:02d}, which is not a time of day", text)
    parts = [f"FREQ={_FREQS[unit]}"]
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    days = _days(match["days"] or "", text)
    if unit == "month" and days and not match["ord"]:
        # FREQ=MONTHLY;BYDAY=MO is every Monday of the month, which nobody means by it.
        named = match["days"]
        raise ScheduleError(
            f"does not say which {named} of the month: say first, second, third, fourth or"
            f" last, as in `every month on the first {named} 10:00`",
            text,
        )
    if days:
        prefix = str(_ORDINALS[match["ord"].lower()]) if match["ord"] else ""
        parts.append("BYDAY=" + ",".join(prefix + day for day in days))
    parts += [f"BYHOUR={hour}", f"BYMINUTE={minute}"]
    rule = ";".join(parts)
    if match["start"]:
        start = match["start"].replace("-", "")
        return f"DTSTART:{start}T{hour:02d}{minute:02d}00\nRRULE:{rule}"
    return rule


def _days(text: str, whole: str) -> list[str]:
    days = []
    for word in re.split(r"\s*(?:,|\band\b)\s*", text.strip().lower()):
        if not word:
            continue
        if word in _WEEKDAYS:
            days += [day.upper() for day in _DAYS[:5]]
            continue
        if word[:2] not in _DAYS:
            raise ScheduleError(f"names {word!r}, which is not a day of the week", whole)
        days.append(word[:2].upper())
    return days
