"""What opens a line of the follow-up section: list marker, label, owner prefix."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.minutes.model import Kind
from bot.minutes.owners import is_group_word, looks_like_initials, resolve_owner

logger = logging.getLogger(__name__)

LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
CHECKBOX = re.compile(r"\[[ xX]?\][ \t]+")

# `TODO RV: ...`, `TODO: decide ...`, `Decision: ...`: a label that sets the kind.
KIND_LABEL = re.compile(
    r"(?:(?P<action>TODO\b|(?i:to-?do|action(?:[ ]items?)?)\s*:)"
    r"|(?P<decision>(?i:decisions?|decided|agreed|resolution|resolved)\s*:))"
    r"[ \t]*:?[ \t]*"
)

_NAME = r"[^\W\d_][^\W\d_'’-]*"
_TOKEN = rf"{_NAME}(?:[ ]{_NAME})?"
_SEPARATOR = r"\s*[/+,&]\s*|\s+and\s+"
_TOKENS = rf"(?P<owners>{_TOKEN}(?:(?:{_SEPARATOR}){_TOKEN})*)"
_BOLD = r"(?:\*\*|__)?"
OWNER_COLON = re.compile(rf"{_BOLD}{_TOKENS}{_BOLD}\s*:{_BOLD}(?=\s|$)[ \t]*")
OWNER_TO = re.compile(rf"{_BOLD}{_TOKENS}{_BOLD}[ \t]+to[ \t]+(?=\w)")
# `Everyone who has open PRs to request reviews.`: the sentence is kept whole.
GROUP_SUBJECT = re.compile(
    r"(?P<owners>[^\W\d_]+)[ \t]+"
    r"(?=(?:who|should|must|will|needs?|please|has[ \t]+to|have[ \t]+to)\b)"
)
SPLIT_OWNERS = re.compile(_SEPARATOR)

# Labels written like an owner (`Note:`), never people unless a participant is named so.
_NOT_OWNER_WORDS = """
    a q answer question note notes nb ps fyi info update updates link links url pr prs mr ci
    todo todos fixme tbd tba wip eta decision decisions decided agreed resolution resolved
    action actions status summary result results outcome context background example eg ie
    reminder agenda issue issues bug bugs problem proposal idea ideas goal goals topic topics
    conclusion comment comments remark warning important edit source ref reference see docs
    doc repo slides video recording meeting date time where when location attendees
    participants present absent owner owners deadline due done blocked blocker blockers risk
    risks why what how feedback ask request response reply tldr api ui ux qa faq rfc http
    https ftp mailto www pros cons yes no ok also however followup followups next discussion
    discussions minutes notice caveat tip hint observation observations
    """
NOT_OWNERS = frozenset(_NOT_OWNER_WORDS.split())
# Capitalised label words that are surely not names: `Alternatively:`, `Agreement:`.
NOT_NAME_ENDINGS = ("ly", "ment", "ness", "ships")


@dataclass(frozen=True)
class Head:
    """How a line opens."""

    indent: int  # columns before the list marker or the text
    listed: bool  # a list item (`-`, `*`, `1.`)
    owners: tuple[str, ...]
    label: Kind | None  # the kind a label sets (`TODO:` action, `Decision:` decision)
    text: str  # the rest, without marker, label and owner prefix
    owner_line: bool  # opens with an owner prefix


def indent_of(line: str) -> int:
    """Leading columns, a tab counting to the next multiple of 4."""
    columns = 0
    for char in line:
        if char == " ":
            columns += 1
        elif char == "\t":
            columns += 4 - columns % 4
        else:
            break
    return columns


def read_head(line: str, participants: Sequence[str]) -> Head:
    indent = indent_of(line)
    content = line.strip()

    marker = LIST_MARKER.match(content)
    if marker:
        content = content[marker.end() :]
        checkbox = CHECKBOX.match(content)
        if checkbox:
            content = content[checkbox.end() :]

    label: Kind | None = None
    kind_label = KIND_LABEL.match(content)
    if kind_label:
        label = "action" if kind_label.group("action") else "decision"
        content = content[kind_label.end() :]

    owners, rest = split_owner_prefix(content, participants)
    if owners:
        return Head(indent, bool(marker), owners, label, rest, True)
    return Head(indent, bool(marker), (), label, content, False)


def split_owner_prefix(content: str, participants: Sequence[str]) -> tuple[tuple[str, ...], str]:
    """``("SJ",), "fix it"`` for ``SJ: fix it`` or ``SJ to fix it``; ``(), content`` if none."""
    if not content or not (content[0].isalpha() or content[0] in "*_"):
        return (), content

    match = OWNER_COLON.match(content)
    if match and _all_owners(match.group("owners"), participants, strict=False):
        return _tokens(match.group("owners")), content[match.end() :]

    match = OWNER_TO.match(content)
    if match and _all_owners(match.group("owners"), participants, strict=True):
        return _tokens(match.group("owners")), content[match.end() :]

    match = GROUP_SUBJECT.match(content)
    if match and is_group_word(match.group("owners")):
        return (match.group("owners"),), content
    return (), content


def _tokens(owners: str) -> tuple[str, ...]:
    tokens = (token.strip() for token in SPLIT_OWNERS.split(owners))
    return tuple(dict.fromkeys(token for token in tokens if token))


def _all_owners(owners: str, participants: Sequence[str], strict: bool) -> bool:
    return all(_is_owner(token, participants, strict) for token in _tokens(owners))


def _is_owner(token: str, participants: Sequence[str], strict: bool) -> bool:
    """Whether ``token`` names people. ``strict`` (the `X to ...` form) wants evidence."""
    if resolve_owner(token, participants) is not None:
        return True
    if " " in token or token.casefold() in NOT_OWNERS:
        return False
    if looks_like_initials(token):
        return True
    # A capitalised word before a colon is a name (`Daniel:`) even if nobody is listed so;
    # before `to` it is too often the start of a sentence.
    if strict or not (len(token) > 1 and token[0].isupper() and token[1:].islower()):
        return False
    return not token.endswith(NOT_NAME_ENDINGS)
