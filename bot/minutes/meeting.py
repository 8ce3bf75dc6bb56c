"""The meeting described by the front matter fields, read leniently."""

from __future__ import annotations

import datetime as dt
import logging
import re
import reprlib
from typing import Any

from bot.minutes.model import Meeting

logger = logging.getLogger(__name__)

_COMMA = re.compile(r"\s*,\s*")
# Template leftovers in a participants list: `-`, `...`, `<name>`, `TBD`.
_PLACEHOLDER = re.compile(r"[\W_]*|<.*>|\[.*\]|\{.*\}|(?i:tbd|tba|n/?a|none|name|todo|xxx)")
# Values quoted in warnings are cut short: YAML aliases can make a few lines of front
# matter into a structure of billions of entries (`a1: &a1 [*a0, *a0, ...]`).
_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict = 2, 4, 4
_SHORT.maxstring = _SHORT.maxother = 80


def read_meeting(fields: dict[str, Any] | None, warnings: list[str]) -> Meeting:
    if fields is None:
        return Meeting(None, None, (), ())
    return Meeting(
        title=_title(fields.get("title"), warnings),
        start=_start(fields.get("datetime"), warnings),
        teams=_names(fields.get("teams"), "teams", warnings),
        participants=_participants(fields.get("participants"), warnings),
    )


def meeting_day(meeting: Meeting) -> dt.date | None:
    start = meeting.start
    return start.date() if isinstance(start, dt.datetime) else start


# A meeting's name, as shown: long enough for any real one.
TITLE_LIMIT = 200


def _title(value: Any, warnings: list[str]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str | int | float | dt.date):
        warnings.append(f"title is a {type(value).__name__}, not text: ignored")
        return None
    title = " ".join(str(value).split())
    if len(title) > TITLE_LIMIT:
        # It heads replies, lists and reminders, each bound by Discord's limits.
        warnings.append(f"title is {len(title)} characters long: shortened to {TITLE_LIMIT}")
        title = title[: TITLE_LIMIT - 1].rstrip() + "…"
    return title or None


def _start(value: Any, warnings: list[str]) -> dt.datetime | dt.date | None:
    """YAML gives a datetime or a date; `T10:00+02:00` (no seconds) or a typo stays text."""
    if value is None:
        warnings.append("no datetime in the front matter: relative dates are not resolved")
        return None
    if isinstance(value, dt.datetime | dt.date):
        return _with_zone(value, warnings)
    if not isinstance(value, str):
        warnings.append(f"datetime {_SHORT.repr(value)} is not a date: ignored")
        return None

    text = value.strip()
    try:
        start = dt.datetime.fromisoformat(text) if len(text) > 10 else dt.date.fromisoformat(text)
    except ValueError as error:
        warnings.append(f"datetime {text!r} is not a date: {error}")
        return None
    return _with_zone(start, warnings)


def _with_zone(start: dt.datetime | dt.date, warnings: list[str]) -> dt.datetime | dt.date:
    if isinstance(start, dt.datetime) and start.tzinfo is None:
        warnings.append(f"datetime {start.isoformat()} has no UTC offset: kept as local time")
    return start


def _names(value: Any, field: str, warnings: list[str]) -> tuple[str, ...]:
    """A list, a list whose one entry is `a, b, c`, or a plain `a, b` string."""
    if value is None:
        return ()
    entries = value if isinstance(value, list) else [value]
    names: list[str] = []
    for entry in entries:
        if entry is None:
            continue
        if isinstance(entry, dict | list):
            warnings.append(f"{field} entry {_SHORT.repr(entry)} is not a name: ignored")
            continue
        names.extend(name for name in _COMMA.split(str(entry).strip()) if name)
    return tuple(dict.fromkeys(names))


def _participants(value: Any, warnings: list[str]) -> tuple[str, ...]:
    names = (name.lstrip("@") for name in _names(value, "participants", warnings))
    return tuple(name for name in names if not _PLACEHOLDER.fullmatch(name))
