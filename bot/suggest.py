"""Suggesting which guild member a participant is: fuzzy names, never a ping or a link."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz, process

# A member name this close to a participant's is worth suggesting.
SUGGEST_SCORE = 80


def fold(name: str) -> str:
    """``ȘtefanJ`` -> ``stefanj``: case and diacritics do not tell people apart here."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def suggest_members(
    participant: str, members: Iterable[tuple[int, Iterable[str]]], limit: int = 2
) -> list[int]:
    """Ids of the members whose names best match the participant's, best first."""
    choices: dict[tuple[int, int], str] = {}
    for member_id, names in members:
        for n, name in enumerate(names):
            if name:
                choices[(member_id, n)] = fold(name)
    found = process.extract(
        fold(participant), choices, scorer=fuzz.WRatio, score_cutoff=SUGGEST_SCORE, limit=None
    )
    ranked: list[int] = []
    for _, _, (member_id, _) in found:
        if member_id not in ranked:
            ranked.append(member_id)
    return ranked[:limit]
