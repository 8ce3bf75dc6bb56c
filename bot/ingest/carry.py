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
        self._candidates: dict[str, dict[int, str]] = {}

    async def prepare(self, owners_keys: set[str]) -> None:
        """Load, in one query, the open items these owners could be repeating."""
        keys = sorted(key for key in owners_keys if key)
        if self.start_utc is None or not keys:
            return
        marks = ",".join("?" * len(keys))
        rows = await self.conn.execute_fetchall(
            "SELECT i.id, i.text, i.owners_key FROM items i JOIN meetings m ON m.id = i.meeting_id"
            f" WHERE i.team = ? AND i.owners_key IN ({marks}) AND i.status = 'open'"
            " AND i.kind = 'action' AND m.start_utc < ? AND NOT EXISTS (SELECT 1"
            " FROM item_mentions x WHERE x.item_id = i.id AND x.meeting_id = ?)"
            " ORDER BY i.id DESC",
            (self.team, *keys, self.start_utc, self.meeting_id),
        )
        for item_id, text, key in rows:
            found = self._candidates.setdefault(key, {})
            if len(found) < CANDIDATES:
                found[item_id] = normalise(text)

    def match(self, owners_key: str, text: str) -> int | None:
        """The open item this one repeats, if an earlier item is close enough."""
        candidates = self._candidates.get(owners_key)
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
        del candidates[item_id]  # one item of this meeting per earlier item
        return item_id
