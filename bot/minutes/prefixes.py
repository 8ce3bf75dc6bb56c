"""What opens a line of the follow-up section: list marker, label, owner prefix."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.minutes.kinds import IMPERATIVE_VERBS
from bot.minutes.model import Kind
from bot.minutes.owners import (
    initials,
    is_group_word,
    long_names,
    looks_like_initials,
    resolve_owner,
)

logger = logging.getLogger(__name__)

LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
# `- [ ] SJ: ...`; an empty box (`- [ ]`) is a template's placeholder, as `FP: ` is.
CHECKBOX = re.compile(r"\[[ xX]?\](?:[ \t]+|$)")

_BOLD = r"(?:\*\*|__)?"
# `TODO RV: ...`, `TODO: decide ...`, `**Decision:** ...`: a label that sets the kind.
# The words in capitals (`TODO(RD):`, `ACTION SJ:`) need no colon; the others do.
# `AI: ...`, `AI(@sam): ...` is an action item (W3C style), unless a participant is AI.
KIND_LABEL = re.compile(
    rf"{_BOLD}(?:(?P<action>(?i:to-?do|action(?:[ ]items?)?)(?={_BOLD}\s*:)|TODO\b|ACTION\b"
    rf"|(?P<ai>AI)(?={_BOLD}[ \t]*[:(]))"
    rf"|(?P<decision>(?i:decisions?|decided|agreed|resolution|resolved)(?={_BOLD}\s*:)))"
    rf"{_BOLD}[ \t]*:?{_BOLD}[ \t]*"
)

# A name may hold a hyphen or an apostrophe (`Ana-Maria`, `O'Brien`); `@` is a mention.
_NAME = r"[^\W\d_]+(?:['’-][^\W\d_]+)*"
_TOKEN = rf"@?{_NAME}(?:[ ]{_NAME})?"
_SEPARATOR = r"\s*[/+,&]\s*|\s+and\s+"
_TOKENS = rf"(?P<owners>{_TOKEN}(?:(?:{_SEPARATOR}){_TOKEN})*)"
_BOTH = r"(?:(?i:both)[ \t]+)?"
# `SJ (with TT):`, `TT (remote):`: a note between the owners and the colon.
_NOTE = r"(?:[ \t]*\((?P<note>[^()\n]{1,60})\))?"
OWNER_COLON = re.compile(rf"{_BOLD}{_BOTH}{_TOKENS}{_BOLD}{_NOTE}\s*:{_BOLD}(?=\s|$)[ \t]*")
OWNER_TO = re.compile(rf"{_BOLD}{_BOTH}{_TOKENS}{_BOLD}{_NOTE}[ \t]+to[ \t]+(?=\w)")
# Forms trusted only when every token resolves to a participant: `PD - follow up ...`,
# `OL:check ...` (a colon with no space; `10:30` and `https://` open with no name),
# `Dana, please share ...`.
OWNER_DASH = re.compile(rf"{_BOLD}{_TOKENS}{_BOLD}[ \t]+[-–—][ \t]+(?=\S)")
OWNER_TIGHT_COLON = re.compile(rf"{_BOLD}{_TOKENS}{_BOLD}:(?=[^\W\d_])")
OWNER_PLEASE = re.compile(rf"{_TOKENS},?[ \t]+(?=please\b)")
# `Victor will write ...`, `Sorina is going to update ...`: the sentence is kept whole.
OWNER_WILL = re.compile(
    rf"{_BOLD}{_TOKENS}{_BOLD}[ \t]+(?=(?:will|shall|(?:is|are)[ \t]+going[ \t]+to)\b)"
)
# `@jdoe move the jobs ...`: a mention, then an order.
OWNER_MENTION = re.compile(rf"(?P<owners>@{_NAME})[ \t]+(?P<verb>[a-z]+)\b")
# `Marek (absent):`: a note on attendance says the token is a person.
PRESENCE_NOTE = re.compile(
    r"(?i:not[ ]present|absent|away|remote|offline|async|excused|on[ ]leave|out|ooo)"
)
_RESOLVED_FORMS = (OWNER_COLON, OWNER_DASH, OWNER_TIGHT_COLON, OWNER_PLEASE)
# `[TT] Fix the build.`, `TODO(RD): Send it.`: owners in brackets.
OWNER_BRACKETED = re.compile(rf"[\[(]{_TOKENS}[\])](?P<note>)(?:[ \t]*:)?(?:[ \t]+|$)")
# The note of `SJ (with TT):` names a second owner.
NOTE_OWNERS = re.compile(rf"(?i:with|and|\+|&)[ \t]+{_TOKENS}[ \t]*")
# After a participant's whole name when it is longer than a token (`Jan van Dijk:`).
AFTER_NAME = re.compile(rf"{_NOTE}\s*:(?=\s|$)[ \t]*|[ \t]+to[ \t]+(?=\w)")
# `Everyone who has open PRs to request reviews.`: the sentence is kept whole.
GROUP_SUBJECT = re.compile(
    r"(?P<owners>[^\W\d_]+)[ \t]+"
    r"(?=(?:who|should|must|will|needs?|please|has[ \t]+to|have[ \t]+to)\b)"
)
SPLIT_OWNERS = re.compile(_SEPARATOR)
# A name written with a hyphen or an apostrophe and capitals (`Jean-Luc`, `O'Brien`).
_PUNCTUATED_NAME = re.compile(r"[A-Z][a-z]+(?:['’-][A-Z][a-z]+)+")
# What an owner prefix may open with besides a letter: bold, a mention, a bracket.
_OPENERS = frozenset("*_@[(")

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
    discussions minutes notice caveat tip hint observation observations consensus release
    releases rationale reason reasons motivation scope plan plans progress milestone roadmap
    priority priorities option options alternative alternatives agreement questions concern
    concerns objection vote votes poll verdict aside clarification correction timeline both
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
    if kind_label and kind_label.group("ai") and _someone_is_ai(participants):
        kind_label = None
    if kind_label:
        label = "action" if kind_label.group("action") else "decision"
        content = content[kind_label.end() :]

    owners, rest = split_owner_prefix(content, participants)
    if owners:
        return Head(indent, bool(marker), owners, label, rest, True)
    return Head(indent, bool(marker), (), label, content, False)


def _someone_is_ai(participants: Sequence[str]) -> bool:
    """Whether `AI:` names a participant: only initials exactly so (a lone `Ana` made `AI`
    on the spot would turn every action item into hers)."""
    return any(initials(name) == "AI" for name in participants)


def split_owner_prefix(content: str, participants: Sequence[str]) -> tuple[tuple[str, ...], str]:
    """``("SJ",), "fix it"`` for ``SJ: fix it`` or ``SJ to fix it``; ``(), content`` if none."""
    if not content or not (content[0].isalpha() or content[0] in _OPENERS):
        return (), content

    named = _whole_name_prefix(content, participants)
    if named is not None:
        return named

    match = OWNER_COLON.match(content)
    if match:
        owners = _tokens(match.group("owners"))
        rest = content[match.end() :]
        # `MTE: SJ to check it`, `Docs: RD: update it`: a topic, then the person.
        if not all(resolve_owner(token, participants) for token in owners):
            inner = _person_prefix(rest, participants)
            if inner is not None:
                return inner
        # A note (`TT (remote):`) makes the prefix unusual: the owner must be a clear one,
        # unless the note names a second (`Bogdan (with TT):`).
        note = match.group("note")
        also = _note_owners(note, participants)
        strict = note is not None and not also and not PRESENCE_NOTE.fullmatch(note.strip())
        if _mentioned(match) or _all_owners(owners, participants, strict=strict):
            return (*owners, *also), rest

    person = _person_prefix(content, participants)
    if person is not None:
        return person

    match = GROUP_SUBJECT.match(content)
    if match and is_group_word(match.group("owners")):
        return (match.group("owners"),), content
    return (), content


def _person_prefix(content: str, participants: Sequence[str]) -> tuple[tuple[str, ...], str] | None:
    """Forms that want evidence of a person: `SJ to ...`, `[TT] ...`, `(RD): ...`, `SJ: ...`
    when every token resolves. Used alone after a topic (`CI: AA to fix it`)."""
    for pattern in (OWNER_TO, OWNER_BRACKETED, *_RESOLVED_FORMS, OWNER_WILL):
        match = pattern.match(content)
        if match is None:
            continue
        owners = _tokens(match.group("owners"))
        if pattern in (OWNER_TO, OWNER_BRACKETED):
            clear = _mentioned(match) or _all_owners(owners, participants, strict=True)
        else:
            clear = all(resolve_owner(token, participants) for token in owners)
        if clear:
            also = _note_owners(match.groupdict().get("note"), participants)
            rest = content if pattern is OWNER_WILL else content[match.end() :]
            return (*owners, *also), rest
    return _mention_prefix(content)


def _mention_prefix(content: str) -> tuple[tuple[str, ...], str] | None:
    """`@jdoe move the jobs`: a mention names a person, and the order says it is theirs."""
    match = OWNER_MENTION.match(content)
    if match is None or match.group("verb") not in IMPERATIVE_VERBS:
        return None
    return _tokens(match.group("owners")), content[match.start("verb") :]


def _mentioned(match: re.Match[str]) -> bool:
    """Every token is an `@` mention: a person by how it is written."""
    return all(token.strip().startswith("@") for token in SPLIT_OWNERS.split(match["owners"]))


def _whole_name_prefix(
    content: str, participants: Sequence[str]
) -> tuple[tuple[str, ...], str] | None:
    """A participant named in full when the name is longer than a token (`Jan van Dijk:`)."""
    for name in long_names(participants):
        written = content[: len(name)]
        if written.casefold() != name.casefold():
            continue
        after = AFTER_NAME.match(content, len(name))
        if after is not None:
            owners = (written, *_note_owners(after.group("note"), participants))
            return owners, content[after.end() :]
    return None


def _note_owners(note: str | None, participants: Sequence[str]) -> tuple[str, ...]:
    """``("TT",)`` for the note ``with TT``; nothing for ``remote``."""
    if not note:
        return ()
    match = NOTE_OWNERS.fullmatch(note.strip())
    if match is None:
        return ()
    owners = _tokens(match.group("owners"))
    return owners if _all_owners(owners, participants, strict=True) else ()


def _tokens(owners: str) -> tuple[str, ...]:
    tokens = (token.strip().lstrip("@") for token in SPLIT_OWNERS.split(owners))
    return tuple(dict.fromkeys(token for token in tokens if token))


def _all_owners(owners: tuple[str, ...], participants: Sequence[str], strict: bool) -> bool:
    return all(_is_owner(token, participants, strict) for token in owners)


def _is_owner(token: str, participants: Sequence[str], strict: bool) -> bool:
    """Whether ``token`` names people. ``strict`` (the `X to ...` form) wants evidence."""
    if resolve_owner(token, participants) is not None:
        return True
    if " " in token or token.casefold() in NOT_OWNERS:
        return False
    if looks_like_initials(token):
        return True
    if strict:
        return False
    # A capitalised word before a colon is a name (`Daniel:`, `Jean-Luc:`) even if nobody
    # is listed so; before `to` it is too often the start of a sentence.
    if _PUNCTUATED_NAME.fullmatch(token):
        return True
    if not (len(token) > 1 and token[0].isupper() and token[1:].isalpha() and token[1:].islower()):
        return False
    return not token.endswith(NOT_NAME_ENDINGS)
