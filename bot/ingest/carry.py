"""Recognising a follow-up written down again: same owners, nearly the same words."""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.store.db import Connection

logger = logging.getLogger(__name__)

# Token sort ratio of two wordings of one task ("Review PR 12" / "Review the PR 12.")
SAME_TASK_SCORE = 85
# The most recent open items of the same owners that a new item is compared with:
# enough to find a repeat, bounded so a team's long history stays cheap.
CANDIDATES = 50

# Owner sets looked up per statement (SQLite allows 500 terms in a compound SELECT).
KEYS_PER_QUERY = 100
# Items of other dated meetings, with when each was first and last written down: the
# open ones, and (minutes are not always uploaded in order) any that later minutes wrote
# down, done or not: an older meeting uploaded late mentions the same follow-ups.
_PER_OWNERS = (
    "SELECT * FROM (SELECT i.id, i.owners_key, i.text, m.start_utc,"
    " (SELECT max(mm.start_utc) FROM item_mentions x JOIN meetings mm ON mm.id = x.meeting_id"
    "  WHERE x.item_id = i.id) FROM items i"
    " JOIN meetings m ON m.id = i.meeting_id"
    " WHERE i.team = ? AND i.owners_key = ? AND i.kind = 'action'"
    " AND m.start_utc IS NOT NULL AND i.meeting_id != ?"
    " AND (i.status = 'open' OR i.id IN (SELECT x.item_id FROM item_mentions x"
    "  JOIN meetings l ON l.id = x.meeting_id WHERE l.team = ? AND l.start_utc > ?))"
    " ORDER BY i.id DESC LIMIT ?)"
)
# Another meeting of the team at or after this one: what a run in meeting order has
# not stored itself, so its candidates cannot be kept from memory.
_LATER_MEETING = "SELECT 1 FROM meetings WHERE team = ? AND start_utc >= ? AND id != ? LIMIT 1"

_NOISE = re.compile(r"[^\w\s]")
# What names one thing among its kind: versions (`v0.15`, `2.1.0`), issue and PR
# numbers (`#4388`, `PR 4388`). `Update the docs for v0.15` and `... v0.16` are two tasks
# however alike their words. Days and years are left out: a deadline that moved
# (`by March 18` → `by March 25`) is still the same task.
_NUMBER = re.compile(r"#\d+|\bv?\d+(?:\.\d+)+\b|\b\d{3,}\b")
_YEAR = re.compile(r"(?:19|20)\d\d")

Candidates = dict[int, str]  # item id -> normalised text


@functools.lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Text as compared for carry-over: its words in order, case and punctuation left
    out, so that ``fuzz.ratio`` of two of them is the token sort ratio of the texts; the
    numbers it holds lead, so that two texts with other numbers never compare equal.
    Cached: a team's open items are compared with every new meeting's."""
    words = " ".join(sorted(_NOISE.sub(" ", text.casefold()).split()))
    return f"{numbers_of(text)}\x1f{words}"


def numbers_of(text: str) -> str:
    found = (n.lstrip("#v") for n in _NUMBER.findall(text.casefold()))
    return " ".join(sorted(n for n in found if not _YEAR.fullmatch(n)))


def words_of(normalised: str) -> str:
    return normalised.partition("\x1f")[2]


def same_numbers(left: str, right: str) -> bool:
    """Two normalised texts that name the same numbers."""
    return left.partition("\x1f")[0] == right.partition("\x1f")[0]


def _most_recent(candidates: Candidates) -> Candidates:
    """The ``CANDIDATES`` newest items (ids grow with time), as the query would pick."""
    if len(candidates) <= CANDIDATES:
        return candidates
    return {item_id: candidates[item_id] for item_id in sorted(candidates)[-CANDIDATES:]}


@dataclass
class _TeamMemory:
    last_start: str  # the latest meeting stored through the index
    owners: dict[str, Candidates] = field(default_factory=dict)


class CarryIndex:
    """Carry-over candidates kept in memory across the meetings of one run that stores
    many of them oldest first (``wgbot import``), instead of read again for each.

    What it holds for an owner set was read from the database once, then kept in step
    with what the run itself stores. It is used for a meeting only when that is exactly
    what the query would return: the meeting is new and later than every other meeting
    of its team, and no other connection has written since (SQLite's ``data_version``
    says so); otherwise the meeting reads its candidates from the database, and what
    the index held for the team is forgotten.
    """

    def __init__(self) -> None:
        self._teams: dict[str, _TeamMemory] = {}
        self._version: int | None = None

    async def usable(
        self, conn: Connection, team: str, start_utc: str, meeting_id: int
    ) -> _TeamMemory | None:
        """The team's memory, if it may serve this (new) meeting."""
        rows = await conn.execute_fetchall("PRAGMA data_version")
        version = next(iter(rows))[0]
        if version != self._version:
            self._teams.clear()  # another connection wrote: nothing held is sure
            self._version = version
        memory = self._teams.get(team)
        if memory is not None and start_utc > memory.last_start:
            return memory
        self._teams.pop(team, None)
        later = await conn.execute_fetchall(_LATER_MEETING, (team, start_utc, meeting_id))
        if later:
            return None
        memory = self._teams[team] = _TeamMemory(start_utc)
        return memory

    def forget(self, team: str) -> None:
        self._teams.pop(team, None)


class CarryOver:
    """Open items of a team's earlier meetings that a new meeting may repeat."""

    def __init__(
        self,
        conn: Connection,
        team: str,
        start_utc: str | None,
        meeting_id: int,
        index: CarryIndex | None = None,
    ) -> None:
        self.conn = conn
        self.team = team
        self.start_utc = start_utc
        self.meeting_id = meeting_id
        self.index = index
        self._candidates: dict[str, Candidates] = {}
        self._memory: _TeamMemory | None = None
        self._stored: list[tuple[int, str, str]] = []
        # Candidates later minutes wrote down again (this meeting is an older one uploaded
        # late): True when the item was even first written down after this meeting.
        self.later: dict[int, bool] = {}

    async def prepare(self, owners_keys: set[str], exclude: set[int]) -> None:
        """Load the most recent open items these owners could be repeating: per owner set,
        a walk back along the index that stops after ``CANDIDATES`` items, all owner sets
        in one statement (or what the run's index already holds). Items this meeting
        already mentions (``exclude``) are not candidates."""
        if self.start_utc is None:
            return
        keys = {key for key in owners_keys if key}
        if self.index is not None:
            if exclude:
                self.index.forget(self.team)  # a meeting stored again: not for memory
            else:
                self._memory = await self.index.usable(
                    self.conn, self.team, self.start_utc, self.meeting_id
                )
        held = self._memory.owners if self._memory else {}
        self._candidates = {key: dict(held[key]) for key in keys if key in held}
        await self._load(sorted(keys - held.keys()), exclude)

    async def _load(self, keys: list[str], exclude: set[int]) -> None:
        for start in range(0, len(keys), KEYS_PER_QUERY):
            chunk = keys[start : start + KEYS_PER_QUERY]
            sql = " UNION ALL ".join([_PER_OWNERS] * len(chunk))
            params = [
                value
                for key in chunk
                for value in (
                    self.team,
                    key,
                    self.meeting_id,
                    self.team,
                    self.start_utc,
                    CANDIDATES,
                )
            ]
            for key in chunk:
                self._candidates[key] = {}
            rows = await self.conn.execute_fetchall(sql, params)
            for item_id, key, text, first, last in rows:
                if item_id in exclude:
                    continue
                self._candidates[key][item_id] = normalise(text)
                if last and last > (self.start_utc or ""):
                    self.later[item_id] = first > (self.start_utc or "")
        if self._memory is not None:
            self._memory.owners.update({key: dict(self._candidates[key]) for key in keys})

    def match(self, owners_key: str, text: str) -> int | None:
        """The open item this one repeats, if an earlier item is close enough."""
        wanted = normalise(text)
        candidates = {
            item_id: known
            for item_id, known in self._candidates.get(owners_key, {}).items()
            if same_numbers(known, wanted)
        }
        if not candidates:
            return None
        found = process.extractOne(
            wanted,
            candidates,
            scorer=fuzz.ratio,  # on normalised words: the token sort ratio
            processor=words_of,
            score_cutoff=SAME_TASK_SCORE,
        )
        if found is None:
            return None
        item_id = found[2]
        del self._candidates[owners_key][item_id]  # one item of this meeting per earlier one
        return item_id

    def stored(self, item_id: int, owners_key: str, text: str) -> None:
        """An open action item this meeting stored (new, or carried with new words): a
        candidate for the next meeting."""
        self._stored.append((item_id, owners_key, text))

    def committed(self) -> None:
        """The meeting is in the database: the index may now hold what it stored."""
        if self._memory is None:
            return
        self._memory.last_start = self.start_utc or self._memory.last_start
        for item_id, key, text in self._stored:
            if key in self._memory.owners:
                self._memory.owners[key][item_id] = normalise(text)
        for key in {key for _, key, _ in self._stored} & self._memory.owners.keys():
            self._memory.owners[key] = _most_recent(self._memory.owners[key])
