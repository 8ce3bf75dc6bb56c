"""Recognising a follow-up written down again: same owners, nearly the same words."""

from __future__ import annotations

import logging
import re

import aiosqlite
from rapidfuzz import fuzz, process

logger = logging.getLogger(__name__)

# token_sort_ratio of two wordings of one task ("Review PR 12" / "Review the PR 12.")
SAME_TASK_SCORE = 85
# Enough recent candidates to find a repeat; bounded so a team's long history stays cheap.
CANDIDATES = 200

_NOISE = re.compile(r"[^\w\s]")


def normalise(text: str) -> str:
    return " ".join(_NOISE.sub(" ", text.casefold()).split())


class CarryOver:
    """Open items of a team's earlier meetings that a new meeting may repeat."""

    def __init__(
        self, conn: aiosqlite.Connection, team: str, start_utc: str | None, meeting_id: int
    ) -> None:
        self.conn = conn
        self.team = team
        self.start_utc = start_utc
        self.meeting_id = meeting_id
        self.taken: set[int] = set()  # items already matched by this meeting

    async def match(self, owners_key: str, text: str) -> int | None:
        """The open item this one repeats, if exactly one earlier item is close enough."""
        if self.start_utc is None or not owners_key:
            return None
        candidates = await self._candidates(owners_key)
        if not candidates:
            return None
        found = process.extractOne(
            normalise(text),
            candidates,
            scorer=fuzz.token_sort_ratio,
            score_cutoff=SAME_TASK_SCORE,
        )
        if found is None:
            return None
        item_id = found[2]
        self.taken.add(item_id)
        return item_id

    async def _candidates(self, owners_key: str) -> dict[int, str]:
        async with self.conn.execute(
            "SELECT i.id, i.text FROM items i JOIN meetings m ON m.id = i.meeting_id"
            " WHERE i.team = ? AND i.owners_key = ? AND i.status = 'open' AND i.kind = 'action'"
            " AND m.start_utc < ? AND NOT EXISTS (SELECT 1 FROM item_mentions x"
            "   WHERE x.item_id = i.id AND x.meeting_id = ?)"
            " ORDER BY i.id DESC LIMIT ?",
            (self.team, owners_key, self.start_utc, self.meeting_id, CANDIDATES),
        ) as cursor:
            rows = await cursor.fetchall()
        return {row[0]: normalise(row[1]) for row in rows if row[0] not in self.taken}
