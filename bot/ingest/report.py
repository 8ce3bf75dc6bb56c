"""What storing a set of minutes did, for the reply, the import log and the tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.errors import WgbotError


class IngestError(WgbotError):
    """Minutes that parse but cannot be stored (no team, for instance)."""


@dataclass(frozen=True)
class OwnerNote:
    """How one owner token of the minutes was resolved, when it is worth saying."""

    token: str
    participant: str | None
    how: str  # 'link', 'history', 'rules', 'group', 'ambiguous', 'unresolved'
    detail: str = ""


@dataclass
class IngestReport:
    meeting_id: int
    team: str
    title: str | None
    start: dt.datetime | dt.date | None
    created: bool  # a meeting seen for the first time
    unchanged: bool  # the very same file was stored before
    added: list[int] = field(default_factory=list)  # ids of new items
    kept: list[int] = field(default_factory=list)  # same meeting re-uploaded: status kept
    carried: list[int] = field(default_factory=list)  # open items of earlier meetings, again
    removed: int = 0
    owners: list[OwnerNote] = field(default_factory=list)
    replaced: tuple[str | None, str] | None = None  # (title, file) of the upload replaced
    warnings: tuple[str, ...] = ()

    @property
    def unresolved(self) -> list[OwnerNote]:
        return [note for note in self.owners if note.how in ("ambiguous", "unresolved")]
