"""Meeting minutes: the front matter and the follow-up items, with their owners."""

from __future__ import annotations

from bot.minutes.model import GROUP, Item, Meeting, Minutes, MinutesError
from bot.minutes.owners import initials, resolve_owner
from bot.minutes.parser import parse_bytes, parse_file, parse_minutes

__all__ = [
    "GROUP",
    "Item",
    "Meeting",
    "Minutes",
    "MinutesError",
    "initials",
    "parse_bytes",
    "parse_file",
    "parse_minutes",
    "resolve_owner",
]
