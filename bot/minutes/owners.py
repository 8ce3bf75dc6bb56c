"""Who an owner token stands for: initials, names and group words matched to participants."""

from __future__ import annotations

import functools
import logging
import unicodedata
from collections.abc import Sequence

from bot.minutes.model import GROUP

logger = logging.getLogger(__name__)

# Words that name a group of people rather than one person.
GROUP_WORDS = frozenset(
    {
        "all",
        "everyone",
        "everybody",
        "mentors",
        "mentees",
        "maintainers",
        "reviewers",
        "students",
        "volunteers",
        "organizers",
        "organisers",
        "team",
        "contributors",
        "committers",
    }
)


def fold(text: str) -> str:
    """``text`` without diacritics: ``Ș``→``S``, ``ă``→``a``."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def initials(name: str) -> str:
    """``ȘtefanJ``→``SJ``; ``Ana Pop``→``AP``; ``Mirela``→``M``."""
    words = fold(name).split()
    if not words:
        return ""
    if len(words) > 1:
        # `Jan van Dijk` is JD: particles in lower case are left out.
        named = words[:1] + [word for word in words[1:] if word[0].isupper()]
        return "".join(word[0].upper() for word in named)

    word = words[0]
    return word[0].upper() + "".join(char for char in word[1:] if char.isupper())


def is_group_word(token: str) -> bool:
    return token.casefold() in GROUP_WORDS


def looks_like_initials(token: str) -> bool:
    """``SJ``, ``SKo``, ``RV``: short, and at least two capitals."""
    if not 2 <= len(token) <= 4 or not token.isalpha():
        return False
    return sum(char.isupper() for char in token) >= 2 and token[0].isupper()


def long_names(participants: Sequence[str]) -> tuple[str, ...]:
    """Participants' names that an owner token can't hold (`Jan van Dijk`), longest first."""
    return _roster(tuple(participants)).long_names


def resolve_owner(token: str, participants: Sequence[str]) -> str | None:
    """The participant ``token`` stands for, GROUP for a group word, or None when unsure."""
    return _roster(tuple(participants)).resolve(token)


@functools.lru_cache(maxsize=64)
def _roster(participants: tuple[str, ...]) -> Roster:
    return Roster(participants)


class Roster:
    """Participants with their initials and name forms worked out once."""

    _MAX_REMEMBERED = 1024

    def __init__(self, participants: tuple[str, ...]) -> None:
        self.participants = participants
        self._initials = [initials(name) for name in participants]
        self._segments = [_name_segments(name) for name in participants]
        self._names = [_name_keys(name) for name in participants]
        self._resolved: dict[str, str | None] = {}
        # A token has at most two words; longer names are looked for whole.
        long = (name for name in participants if name.count(" ") >= 2)
        self.long_names = tuple(sorted(long, key=len, reverse=True))

    def resolve(self, token: str) -> str | None:
        if token not in self._resolved:
            if len(self._resolved) >= self._MAX_REMEMBERED:
                self._resolved.clear()
            self._resolved[token] = self._resolve(token)
        return self._resolved[token]

    def _resolve(self, token: str) -> str | None:
        if is_group_word(token):
            return GROUP
        if looks_like_initials(token) or (len(token) == 1 and token.isupper()):
            return self._by_initials(token)
        return self._by_name(token)

    def _by_initials(self, token: str) -> str | None:
        segments = _segments(fold(token))
        exact = [
            name
            for name, whole in zip(self.participants, self._segments, strict=True)
            if _initials_match(segments, whole)
        ]
        if exact:
            return exact[0] if len(exact) == 1 else None

        # Someone whose short name has no second initial (Mirela) is often written with
        # one made up on the spot (MD); take it only when nobody else could be meant, and
        # only for a person's two initials: `MTE` or `TLS` is an acronym, not Mirela.
        if len(token) != 2:
            return None
        first = segments[0][0].upper()
        single = [
            name
            for name, letters in zip(self.participants, self._initials, strict=True)
            if letters == first
        ]
        return single[0] if len(single) == 1 else None

    def _by_name(self, token: str) -> str | None:
        wanted = fold(token).casefold()
        matches = [
            name
            for name, keys in zip(self.participants, self._names, strict=True)
            if wanted in keys
        ]
        return matches[0] if len(matches) == 1 else None


def _initials_match(segments: list[str], name_segments: list[str]) -> bool:
    """``SJ`` matches ``ȘtefanJ``; a mixed-case ``SKo`` matches ``ȘtefanKovacs``."""
    if len(name_segments) != len(segments):
        return False
    return all(
        part.casefold() == whole[: len(part)].casefold()
        for part, whole in zip(segments, name_segments, strict=True)
    )


def _segments(token: str) -> list[str]:
    """Split at capitals: ``SKo`` → ``["S", "Ko"]``."""
    parts: list[str] = []
    for char in token:
        if char.isupper() or not parts:
            parts.append(char)
        else:
            parts[-1] += char
    return parts


def _name_segments(name: str) -> list[str]:
    words = fold(name).split()
    if len(words) > 1:
        return words[:1] + [word for word in words[1:] if word[0].isupper()]
    return _segments(words[0]) if words else []


def _name_keys(name: str) -> set[str]:
    """How a participant may be named in full: ``ȘtefanJ`` as ``Ștefan`` or ``StefanJ``."""
    folded = fold(name).casefold()
    keys = {folded}
    words = fold(name).split()
    if len(words) > 1:
        keys.add(words[0].casefold())
    elif words:
        keys.add(_segments(words[0])[0].casefold())
    return keys
