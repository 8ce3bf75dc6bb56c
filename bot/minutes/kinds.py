"""Whether an item is an action, a decision or information."""

from __future__ import annotations

import logging
import re

from bot.minutes.dates import NEXT_MEETING
from bot.minutes.model import Kind

logger = logging.getLogger(__name__)

_FIRST_WORD = re.compile(r"[*_`\s]*([A-Za-z]+(?:-[A-Za-z]+)?)")
# `Note: ...`, `**Consensus**: ...`: a label word before a colon, which is not an owner.
_LABEL = re.compile(
    r"(?:\*\*|__)?(?P<word>[A-Za-z]+(?:-[A-Za-z]+)?)(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*"
)
# Labels of what is kept but neither to do nor agreed (`PR: https://...`, `Rationale: ...`).
_INFO = "note notes nb fyi info update updates link links pr prs reminder ps rationale context"
# What was shown or recorded (`Recording: https://...`), and a warning (`Heads-up: ...`).
_SHOWN = "recording recordings slides video videos heads-up announcement"
_INFO_WORDS = frozenset((_INFO + " background reason motivation why " + _SHOWN).split())
# Labels of what was agreed: `Consensus: ship it in 0.17.`
_DECISIONS = "consensus agreement conclusion outcome verdict"
_DECISION_WORDS = frozenset(_DECISIONS.split())

# Verbs that open an order: a sentence starting with one is an action even without owner.
_VERBS = """
    add address align announce ask assign book bump check clarify clean close collect
    compare complete confirm contact continue coordinate create debug decide define delete
    deploy describe design discuss document double-check draft drop email enable disable
    ensure estimate evaluate explore extend figure file finalise finalize find finish fix
    follow gather get give go help implement improve include inform install integrate
    investigate invite keep list look make measure mention merge migrate move notify open
    organise organize pair ping plan please polish post prepare present prioritise prioritize
    profile propose provide publish push put reach read rebase record reduce refactor release
    remind remove rename reply report request research resolve respond restart review revert
    revisit rework rewrite run schedule send set setup share ship sort split start submit
    summarise summarize support sync take talk tag test think track triage try update upload
    upgrade use validate verify vote wait write
    """
IMPERATIVE_VERBS = frozenset(_VERBS.split())


def kind_of(owners: tuple[str, ...], label: Kind | None, text: str) -> Kind:
    if owners:
        return "action"
    if label is not None:
        return label
    if NEXT_MEETING.match(text):
        return "info"

    opening = _LABEL.match(text)
    if opening is not None:
        word = opening.group("word").lower()
        if word in _INFO_WORDS:
            return "info"
        if word in _DECISION_WORDS:
            return "decision"
        # `Release: v0.17 goes out on Friday.`: the label is a topic; what follows tells.
        text = text[opening.end() :]
    return "action" if is_imperative(text) else "decision"


def is_imperative(text: str) -> bool:
    """`Decide on the naming scheme.` yes; `The old format is dropped.` no."""
    first = _FIRST_WORD.match(text)
    return first is not None and first.group(1).lower() in IMPERATIVE_VERBS
