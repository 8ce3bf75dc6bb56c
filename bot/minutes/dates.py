"""Dates the minutes state in words: an item's deadline, the next meeting."""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re

from dateutil import parser as date_parser

logger = logging.getLogger(__name__)

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)\.?"
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:,?[ \t]+\d{4})?"
_HAS_YEAR = re.compile(r"\d{4}")
_DATE = (
    rf"(?:{_WEEKDAY},?[ \t]+)?"
    rf"(?:(?P<iso>\d{{4}}-\d{{1,2}}-\d{{1,2}})"
    rf"|(?P<dotted>\d{{1,2}}\.\d{{1,2}}\.\d{{4}})"
    rf"|(?P<words>{_MONTH}[ \t]+{_DAY}{_YEAR}|{_DAY}[ \t]+(?:of[ \t]+)?{_MONTH}{_YEAR}))\b"
)
# `the next WG meeting`, `our next community call`: one word may say whose meeting.
_GROUP_WORD = r"(?:(?!week\b|month\b)[A-Za-z][\w-]{0,15}[ \t]+)?"
_WHEN = (
    rf"(?:{_DATE}"
    r"|(?P<next_meeting>(?:the[ \t]+)?next[ \t]+" + _GROUP_WORD + r"(?:meeting|sync|call))"
    # `by Friday's nightly` names a build, not a deadline; `by Friday's meeting` is one.
    rf"|(?:next[ \t]+)?(?P<weekday>{_WEEKDAY})\b(?!['’]s\b(?![ \t]+(?:meeting|sync|call)\b))"
    r"|(?P<next_week_end>(?:the[ \t]+)?end[ \t]+of[ \t]+next[ \t]+week)\b"
    r"|(?P<week_end>(?:the[ \t]+)?end[ \t]+of[ \t]+(?:the[ \t]+)?week|eow)\b"
    r"|(?P<month_end>(?:the[ \t]+)?end[ \t]+of[ \t]+(?:the[ \t]+)?month|eom)\b"
    r"|(?P<tomorrow>tomorrow)\b"
    r"|(?P<weeks>in[ \t]+(?:(?P<count>\d|one|two|three|four)[ \t]+weeks?|a[ \t]+week))\b"
    r"|(?P<next_week>(?:same[ \t]+time[ \t]+)?next[ \t]+week)\b)"
)
# `for the next meeting` is a deadline; `for Friday` too often the day something happens.
_FOR_NEXT = rf"for(?=[ \t]+(?:the[ \t]+)?next[ \t]+{_GROUP_WORD}(?:meeting|sync|call))"
DUE = re.compile(
    r"\b(?:by|before|until|till|due(?:[ \t]+(?:on|by)|[ \t]*:)?|deadline:?"
    rf"|{_FOR_NEXT})[ \t]+(?:on[ \t]+)?{_WHEN}",
    re.IGNORECASE,
)
# A line that says when the group meets next: `We meet next on ...`, `Next meeting: ...`.
NEXT_MEETING = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+|#{1,6}[ \t]+)?(?:\*\*|__)?"
    # `We'll meet next week`: `next` is left to the date (`next week`).
    r"(?:we(?:[ \t]+will|['’]ll)?[ \t]+meet[ \t]+(?:again|next(?![ \t]+week)|(?=next[ \t]+week))"
    r"|(?:(?:the|our)[ \t]+)?next[ \t]+" + _GROUP_WORD + r"(?:meeting|sync|call)"
    r"(?![ \t]+(?:agenda|notes|minutes)))"
    r"(?P<rest>[^\n]*)",
    re.IGNORECASE | re.MULTILINE,
)
WHEN = re.compile(_WHEN, re.IGNORECASE)
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]")
_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4}


def due_date(text: str, meeting: dt.date | None, next_meeting: dt.date | None) -> dt.date | None:
    """The deadline ``text`` states (`by Friday`, `by 2022-10-17`), or None."""
    match = DUE.search(text)
    if match is None:
        return None
    if match.group("next_meeting"):
        return next_meeting
    return _resolve(match, meeting)


def next_meeting_in(rest: str, meeting: dt.date | None) -> dt.date | None:
    """The date in what follows `We meet next` / `Next meeting:`, if any."""
    match = WHEN.search(rest)
    if match is None or match.group("next_meeting"):
        return None
    return _resolve(match, meeting)


def _resolve(match: re.Match[str], meeting: dt.date | None) -> dt.date | None:
    if match.group("iso"):
        return _iso(match.group("iso"))
    if match.group("dotted"):
        return _dotted(match.group("dotted"))
    if match.group("words"):
        return _in_words(match.group("words"), meeting)
    if meeting is None:
        return None
    try:
        return _relative(match, meeting)
    except OverflowError:
        # A meeting on 9999-12-31 has no Friday after it: a date that can't be is no date.
        logger.debug("date after %s out of range: %r", meeting, match.group(0))
        return None


def _relative(match: re.Match[str], meeting: dt.date) -> dt.date | None:
    if match.group("weekday"):
        return _weekday_after(match.group("weekday"), meeting)
    if match.group("week_end"):
        return meeting + dt.timedelta(days=(4 - meeting.weekday()) % 7)
    if match.group("next_week_end"):
        return meeting + dt.timedelta(days=(4 - meeting.weekday()) % 7 + 7)
    if match.group("month_end"):
        return meeting.replace(day=calendar.monthrange(meeting.year, meeting.month)[1])
    if match.group("tomorrow"):
        return meeting + dt.timedelta(days=1)
    if match.group("weeks"):
        count = match.group("count") or "1"
        weeks = int(count) if count.isdigit() else _COUNTS[count.lower()]
        return meeting + dt.timedelta(weeks=weeks)
    if match.group("next_week"):
        return meeting + dt.timedelta(weeks=1)
    return None


def _weekday_after(name: str, meeting: dt.date) -> dt.date | None:
    """The first such day strictly after the meeting: `Friday` after Monday 3rd is the 7th."""
    prefix = name.lower()[:3]
    wanted = next((day for day, full in enumerate(_WEEKDAYS) if full.startswith(prefix)), None)
    if wanted is None:
        return None
    return meeting + dt.timedelta(days=(wanted - meeting.weekday() - 1) % 7 + 1)


def _iso(text: str) -> dt.date | None:
    year, month, day = (int(part) for part in text.split("-"))
    return _safe_date(year, month, day)


def _dotted(text: str) -> dt.date | None:
    day, month, year = (int(part) for part in text.split("."))
    return _safe_date(year, month, day)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _in_words(text: str, meeting: dt.date | None) -> dt.date | None:
    """`October 17, 2022`, `17 Oct`: a year left out is the meeting's, or the next one."""
    year = _HAS_YEAR.search(text)
    if year is None and meeting is None:
        return None
    default = dt.datetime(meeting.year if meeting else 2000, 1, 1)
    try:
        parsed = date_parser.parse(text.replace(" of ", " "), default=default).date()
    except (ValueError, OverflowError):
        logger.debug("not a date: %r", text)
        return None

    if year is None and meeting is not None and parsed < meeting:
        return _safe_date(parsed.year + 1, parsed.month, parsed.day)
    return parsed


def find_next_meeting(
    body: str, preferred: list[range], skipped: frozenset[int], meeting: dt.date | None
) -> dt.date | None:
    """The next meeting's date, said in ``preferred`` lines if anywhere, outside ``skipped``."""
    found: dt.date | None = None
    for match in NEXT_MEETING.finditer(body):
        line = body.count("\n", 0, match.start())
        if line in skipped:
            continue
        when = next_meeting_in(_said_after(match, body), meeting)
        if when is None:
            continue
        if any(line in span for span in preferred):
            return when
        found = found or when
    return found


def _said_after(match: re.Match[str], body: str) -> str:
    """The rest of the line, or the next line with text when it ends there (`## Next meeting`).

    After a bullet (`- Next meeting` in an agenda) only a line nested under it will do: the
    next bullet is the next topic, whatever date it holds.
    """
    rest = match.group("rest")
    if rest.strip(" \t:*_-–"):
        return rest
    following = body[match.end() :].lstrip("\n").split("\n", 1)[0]
    said = match.group(0)
    if _LIST_ITEM.match(said) and _indent(following) <= _indent(said):
        return ""
    return following


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))
