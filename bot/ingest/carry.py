"""Recognising a follow-up written down again: same owners, nearly the same words."""

from __future__ import annotations

import functools
import logging
import re

import aiosqlite
from rapidfuzz import fuzz, process

logger = logging.getLogger(__name__)

# Token sort ratio of two wordings of one task ("Review PR 12" / "Review the PR 12.")
SAME_TASK_SCORE = 85
# The most recent open items of the same owners that a new item is compared with:
# enough to find a repeat, bounded so a team's long history stays cheap.
CANDIDATES = 50

# Owner sets looked up per statement (SQLite allows 500 terms in a compound SELECT).
KEYS_PER_QUERY = 100
_PER_OWNERS = (
    "SELECT * FROM (SELECT i.id, i.owners_key, i.text FROM items i"
    " JOIN meetings m ON m.id = i.meeting_id"
    " WHERE i.team = ? AND i.owners_key = ? AND i.status = 'open'"
    " AND i.kind = 'action' AND m.start_utc < ? AND i.meeting_id != ?"
    " ORDER BY i.id DESC LIMIT ?)"
)

_NOISE = re.compile(r"[^\w\s]")


@functools.lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Text as compared for carry-over: its words in order, case and punctuation left
    out, so that ``fuzz.ratio`` of two of them is the token sort ratio of the texts.
    Cached: a team's open items are compared with every new meeting's."""
    return " ".join(sorted(_NOISE.sub(" ", text.casefold()).split()))


class CarryOver:
    """Open items of a team's earlier meetings that a new meeting may repeat."""

    def __init__(
        self, conn: aiosqlite.Connection, team: str, start_utc: str | None, meeting_id: int
    ) -> None:
        self.conn = conn
        self.team = team
        self.start_utc = start_utc
        self.meeting_id = meeting_id
        self._candidates: dict[str, dict[int, str]] = {}

    async def prepare(self, owners_keys: set[str], exclude: set[int]) -> None:
        """Load the most recent open items these owners could be repeating: per owner set,
        a walk back along the index that stops after ``CANDIDATES`` items, all owner sets
        in one statement. Items this meeting already mentions (``exclude``) are not
        candidates."""
        if self.start_utc is None:
            return
        keys = sorted(key for key in owners_keys if key)
        for start in range(0, len(keys), KEYS_PER_QUERY):
            chunk = keys[start : start + KEYS_PER_QUERY]
            sql = " UNION ALL ".join([_PER_OWNERS] * len(chunk))
            params = [
                value
                for key in chunk
                for value in (self.team, key, self.start_utc, self.meeting_id, CANDIDATES)
            ]
            for key in chunk:
                self._candidates[key] = {}
            for item_id, key, text in await self.conn.execute_fetchall(sql, params):
                if item_id not in exclude:
                    self._candidates[key][item_id] = normalise(text)

    def match(self, owners_key: str, text: str) -> int | None:
        """The open item this one repeats, if an earlier item is close enough."""
        candidates = self._candidates.get(owners_key)
        if not candidates:
            return None
        found = process.extractOne(
            normalise(text),
            candidates,
            scorer=fuzz.ratio,  # on normalised text: the token sort ratio
            score_cutoff=SAME_TASK_SCORE,
        )
        if found is None:
            return None
        item_id = found[2]
        del candidates[item_id]  # one item of this meeting per earlier item
        return item_id
