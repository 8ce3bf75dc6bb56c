"""The follow-up section: which headings open it and which lines it spans."""

from __future__ import annotations

import logging
import re

from bot.minutes.owners import fold
from bot.minutes.structure import Heading

logger = logging.getLogger(__name__)

_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")
_NOT_LETTERS = re.compile(r"[^a-z]+")
_NAME = (
    r"(?:(?:to ?dos?|tasks?)(?: lists?)?|decisions?|action ?(?:items?|points?)|actions?"
    r"|follow ?ups?|next ?steps?)"
)
# `Action items (new)`: a remark in brackets says nothing of what the section holds.
_REMARK = re.compile(r"\([^()]*\)")
# `TODOs and Decisions`, `Tasks / Decisions`, `Action Items`, `Follow-ups`...
FOLLOW_UP_TITLE = re.compile(rf"{_NAME}(?: (?:and |or )?{_NAME})*")
# `### Decisions`: what is written under it was agreed, however it is phrased.
DECISIONS_TITLE = re.compile(r"decisions?(?: (?:made|taken))?|decided|agreed|agreements?")


def is_follow_up_title(title: str) -> bool:
    """``## :wrench: TODOs and Decisions`` yes; ``## Discussions`` no."""
    return FOLLOW_UP_TITLE.fullmatch(_words(title)) is not None


def is_decisions_title(title: str) -> bool:
    """``### Decisions`` yes; ``## TODOs and Decisions`` no."""
    return DECISIONS_TITLE.fullmatch(_words(title)) is not None


def _words(title: str) -> str:
    """``:memo: Action items (new)`` → ``action items``."""
    words = _REMARK.sub(" ", _SHORTCODE.sub(" ", fold(title).lower()))
    return _NOT_LETTERS.sub(" ", words).strip()


def follow_up_spans(headings: tuple[Heading, ...], line_count: int) -> list[range]:
    """Lines (0-based) of each follow-up section, sub-headings included.

    A section runs until a heading of its level or higher that is not a follow-up
    heading itself; two follow-up headings in a row make one section.
    """
    spans: list[range] = []
    start: int | None = None
    level = 0

    for heading in headings:
        follow_up = is_follow_up_title(heading.title)
        if start is None:
            if follow_up:
                start, level = heading.first, heading.level
        elif heading.level <= level:
            if follow_up:
                level = heading.level
            else:
                spans.append(range(start, heading.first))
                start = None

    if start is not None:
        spans.append(range(start, line_count))
    return spans
