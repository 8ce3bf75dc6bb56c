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
    r"|follow ?ups?(?: items?)?|next ?steps?)"
)
# `New action items`, `Open TODOs`: a word that says which, before the name.
_LEAD = r"(?:(?:new|open|pending|outstanding|remaining|current|previous|our|the) )*"
# `Action items for the next two weeks`, `Action items and owners`: what follows a linking
# word qualifies the name. Without one (`GitHub Actions migration`) the title is a topic.
_TAIL = r"(?: (?:for|from|of|with|until|till|by|since|to|in|and owners?|carried)\b.*)?"
# `Action items (new)`: a remark in brackets says nothing of what the section holds.
_REMARK = re.compile(r"\([^()]*\)")
# `TODOs and Decisions`, `Tasks / Decisions`, `Action Items`, `Follow-ups`...
FOLLOW_UP_TITLE = re.compile(rf"{_LEAD}{_NAME}(?: (?:and |or )?{_NAME})*{_TAIL}")
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
    heading itself; two follow-up headings in a row make one section. A follow-up
    heading inside another section (`### Next steps` under `## Discussions`) may be a
    topic's: it counts only when the minutes have no follow-up section of their own.
    """
    spans: list[tuple[range, bool]] = []
    start: int | None = None
    level = 0
    nested = False
    ancestors: list[int] = []  # levels of the headings open above the current one

    for heading in headings:
        follow_up = is_follow_up_title(heading.title)
        while ancestors and ancestors[-1] >= heading.level:
            ancestors.pop()
        # A nested section ends at its level whatever comes: it joins no section outside.
        if start is not None and heading.level <= level and (nested or not follow_up):
            spans.append((range(start, heading.first), nested))
            start = None
        if start is None and follow_up:
            # A level-1 heading is the document's title, which everything is under.
            start, level, nested = heading.first, heading.level, any(a > 1 for a in ancestors)
        elif start is not None and heading.level <= level:
            level = heading.level
        ancestors.append(heading.level)

    if start is not None:
        spans.append((range(start, line_count), nested))
    own = [span for span, inside in spans if not inside]
    return own or [span for span, _ in spans]
