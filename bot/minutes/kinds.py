"""Whether an item is an action, a decision or information."""

from __future__ import annotations

import logging
import re

from bot.minutes.dates import NEXT_MEETING
from bot.minutes.model import Kind

logger = logging.getLogger(__name__)

_FIRST_WORD = re.compile(r"[*_`\s]*([A-Za-z]+(?:-[A-Za-z]+)?)")
# `Note: ...`, `PR: https://...`: kept, but neither to do nor agreed.
_INFO_LABEL = re.compile(
    r"(?i:note|notes|nb|fyi|info|update|updates|link|links|pr|prs|reminder|ps)\s*:"
)

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
    if NEXT_MEETING.match(text) or _INFO_LABEL.match(text):
        return "info"
    return "action" if is_imperative(text) else "decision"


def is_imperative(text: str) -> bool:
    """`Decide on the naming scheme.` yes; `The old format is dropped.` no."""
    first = _FIRST_WORD.match(text)
    return first is not None and first.group(1).lower() in IMPERATIVE_VERBS
