"""Resolving owner tokens for a team: explicit links, then what earlier meetings
established, then the rules of the minutes themselves. Never a guess between two people."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from bot.ingest.report import OwnerNote
from bot.minutes import GROUP, initials
from bot.minutes.model import Item
from bot.store.db import Connection

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ResolvedItem:
    item: Item
    owners: tuple[tuple[str, str | None], ...]  # (token, participant, GROUP or None)

    @functools.cached_property
    def owners_key(self) -> str:
        return owners_key(self.owners)


def owners_key(owners: tuple[tuple[str, str | None], ...] | list) -> str:
    """The sorted people (or tokens, for groups and the unresolved) an item belongs to."""
    keys = [
        participant if participant and participant != GROUP else token
        for token, participant in owners
    ]
    return "|".join(sorted(keys))


class TeamResolver:
    """Owner resolution for one meeting of one team."""

    def __init__(
        self,
        team: str,
        participants: tuple[str, ...],
        linked: set[str],
        history: dict[str, set[str]],
    ) -> None:
        self.team = team
        self.participants = participants
        self.linked = linked  # tokens linked to a member for this team (casefolded)
        self.history = history  # token -> participants earlier meetings resolved it to
        self.notes: dict[str, OwnerNote] = {}

    @classmethod
    async def load(
        cls,
        conn: Connection,
        team: str,
        participants: tuple[str, ...],
        meeting_id: int | None,
        tokens: set[str],
    ) -> TeamResolver:
        rows = await conn.execute_fetchall("SELECT name FROM people WHERE team = ?", (team,))
        linked = {row[0].casefold() for row in rows}
        marks = ",".join("?" * len(tokens))
        rows = await conn.execute_fetchall(
            "SELECT DISTINCT token, participant FROM token_history WHERE team = ?"
            f" AND token IN ({marks}) AND meeting_id IS NOT ?",
            (team, *sorted(tokens), meeting_id),
        )
        history: dict[str, set[str]] = {}
        for token, participant in rows:
            history.setdefault(token, set()).add(participant)
        return cls(team, participants, linked, history)

    def resolve_item(self, item: Item) -> ResolvedItem:
        owners = tuple(
            (token, self._resolve(token, item.resolved.get(token))) for token in item.owners
        )
        return ResolvedItem(item, owners)

    def _resolve(self, token: str, by_rules: str | None) -> str | None:
        note = self._note(token, by_rules)
        self.notes.setdefault(token, note)
        return note.participant

    def _note(self, token: str, by_rules: str | None) -> OwnerNote:
        if by_rules == GROUP:
            return OwnerNote(token, GROUP, "group")
        if token.casefold() in self.linked:
            # A member linked to the token itself: the member is the owner, whoever it is.
            return OwnerNote(token, by_rules, "link")
        earlier = self.history.get(token, set())
        if len(earlier) == 1:
            (participant,) = earlier
            return OwnerNote(token, participant, "history" if participant != by_rules else "rules")
        if len(earlier) > 1 and by_rules not in earlier:
            names = " or ".join(sorted(earlier))
            return OwnerNote(token, None, "ambiguous", f"earlier minutes used {token} for {names}")
        if by_rules:
            return OwnerNote(token, by_rules, "rules")
        return self._unresolved(token)

    def _unresolved(self, token: str) -> OwnerNote:
        same = [p for p in self.participants if initials(p) == token]
        if len(same) > 1:
            detail = f"{token} could be {' or '.join(same)}"
            return OwnerNote(token, None, "ambiguous", detail)
        return OwnerNote(token, None, "unresolved", f"no participant matches {token}")

    async def learn(self, conn: Connection, meeting_id: int, replacing: bool) -> None:
        """What this meeting established, for the team's later minutes (replacing what an
        earlier upload of the same meeting established)."""
        rows = [
            (self.team, note.token, note.participant, meeting_id)
            for note in self.notes.values()
            if note.how == "rules" and note.participant and note.participant != GROUP
        ]
        if replacing:
            await conn.execute("DELETE FROM token_history WHERE meeting_id = ?", (meeting_id,))
        if not rows:
            return
        await conn.executemany(
            "INSERT OR IGNORE INTO token_history (team, token, participant, meeting_id)"
            " VALUES (?, ?, ?, ?)",
            rows,
        )
