"""What comes out of a set of minutes: the meeting, its follow-up items, warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.errors import WgbotError

Kind = Literal["action", "decision", "info"]

# What a group word (All, Everyone, Mentors...) resolves to: a group, not a person.
GROUP = "*group*"


class MinutesError(WgbotError):
    """Minutes that must be refused. The only exception the parser lets escape."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class Meeting:
    title: str | None
    # An aware datetime when the minutes give a time, a date when they give only a day.
    start: dt.datetime | dt.date | None
    teams: tuple[str, ...]
    participants: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "datetime": self.start.isoformat() if self.start else None,
            "teams": list(self.teams),
            "participants": list(self.participants),
        }


@dataclass(frozen=True)
class Item:
    first_line: int  # 1-based, in the file as given (front matter included)
    last_line: int
    kind: Kind
    owners: tuple[str, ...]  # tokens exactly as written
    # token -> participant short name, GROUP, or None when unresolved
    resolved: dict[str, str | None]
    due: dt.date | None
    text: str
    links: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "lines": [self.first_line, self.last_line],
            "kind": self.kind,
            "owners": list(self.owners),
            "resolved": dict(self.resolved),
            "due": self.due.isoformat() if self.due else None,
            "text": self.text,
            "links": list(self.links),
        }


@dataclass(frozen=True)
class Minutes:
    path: str
    meeting: Meeting
    items: tuple[Item, ...]
    next_meeting: dt.date | None = None
    warnings: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "meeting": self.meeting.to_json(),
            "items": [item.to_json() for item in self.items],
            "next_meeting": self.next_meeting.isoformat() if self.next_meeting else None,
            "warnings": list(self.warnings),
        }
