"""The follow-up section cut into items: one per owner line, with what continues it.

Markdown paragraphs are not items (`AB: x` and `CD: y` on two lines are one paragraph
but two items), so the cut is made line by line; markdown-it only says which lines are
headings or code.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.minutes.dates import due_date
from bot.minutes.kinds import kind_of
from bot.minutes.links import links_in
from bot.minutes.model import GROUP, Item, Kind
from bot.minutes.owners import resolve_owner
from bot.minutes.prefixes import Head, indent_of, read_head
from bot.minutes.sections import is_decisions_title
from bot.minutes.structure import Structure

logger = logging.getLogger(__name__)

# `**Decisions:**`, `__Open questions__`: a whole line in bold titles what follows.
_BOLD_LINE = re.compile(r"\s*(?:\*\*|__)[^*_]+(?:\*\*|__)\s*:?\s*")
# What a template holds in place of text: `<owner>: <task>`, `...`. An autolink
# (`<https://…>`, `<a@b.org>`) holds a colon or an `@`, and is text.
_SIGN_OFF = re.compile(
    r"(?i:thanks|thank[ ]you|cheers|happy[ ]holidays|see[ ]you|(?:notes|minutes)"
    r"(?:[ ](?:taken|written))?[ ]by|scribe(?:d[ ]by)?)\b"
)
_TEMPLATE_SLOT = re.compile(r"\s*(?:(?:<[^\W\d_][\w .,'/-]{0,40}>|\.{3}|…)[\s:,;/-]*)+")


@dataclass
class Draft:
    """An item while its lines are being gathered (lines 0-based, in the parsed body)."""

    first: int
    indent: int
    listed: bool
    owners: tuple[str, ...]
    label: Kind | None
    parts: list[str] = field(default_factory=list)
    last: int = -1
    after_blank: bool = False

    def add(self, line_number: int, text: str) -> None:
        self.parts.append(text)
        self.last = line_number
        self.after_blank = False

    @property
    def text(self) -> str:
        return "\n".join(part for part in self.parts if part)


def gather(
    lines: Sequence[str], span: range, structure: Structure, participants: Sequence[str]
) -> list[Draft]:
    """The drafts of the section whose lines are ``span``; placeholders left out."""
    # Headings, rules and HTML end the item before them and are not items.
    breaks = {line for h in structure.headings for line in range(h.first, h.end)}
    breaks.update(structure.breaks)
    headings = {heading.first: heading for heading in structure.headings}
    drafts: list[Draft] = []
    current: Draft | None = None
    # The kind a heading gives what is under it (`### Decisions`), unless a line says.
    under: Kind | None = None

    for number in span:
        line = lines[number]
        if number in breaks:
            current = None
            if number in headings:
                under = "decision" if is_decisions_title(headings[number].title) else None
        elif not line.strip():
            if current is not None:
                current.after_blank = True
        elif number in structure.code:
            current = _code(current, number, line)
        else:
            head = read_head(line, participants)
            if _is_placeholder(head):
                # `- [ ]`, `- `: a template's empty slot, neither an item nor a part of one.
                continue
            if _is_caption(head, line):
                current = None
            elif current is not None and (
                _continues(current, head) or _annotates(current, head, participants)
            ):
                current.add(number, line.strip())
            else:
                if current is not None and _titles(current, head):
                    drafts.pop()
                current = _start(head, number, under)
                drafts.append(current)

    return [draft for draft in drafts if draft.text]


def _start(head: Head, number: int, under: Kind | None) -> Draft:
    draft = Draft(number, head.indent, head.listed, head.owners, head.label or under)
    draft.add(number, head.text.strip())
    return draft


def _is_placeholder(head: Head) -> bool:
    """`- [ ]`, `XY: <what to do>`, `...`: a template's slot left unfilled, whoever it names;
    `Thanks everyone!`, `notes by PD`: the secretary signing off."""
    if _TEMPLATE_SLOT.fullmatch(head.text):
        return True
    if not head.owner_line and head.label is None and _SIGN_OFF.match(head.text):
        return True
    return not head.text.strip() and not head.owner_line and head.label is None


def _is_caption(head: Head, line: str) -> bool:
    """A line that titles what follows (`**Decisions:**`, `TODO:`) and is not an item."""
    if head.owner_line:
        return False
    if head.label is not None and not head.text:
        return True
    return _BOLD_LINE.fullmatch(line) is not None


def _titles(current: Draft, head: Head) -> bool:
    """`- Release` with owner lines nested under it: a topic, not an item of its own."""
    if current.owners or current.label is not None or current.first != current.last:
        return False
    return head.owner_line and head.indent > current.indent


def _continues(current: Draft, head: Head) -> bool:
    """Continuation lines follow without a blank; after one, only what is indented under.

    An owner line always opens an item, and so does a label (`TODO:`, `Decision:`).
    """
    if head.owner_line or head.label is not None:
        return False
    if current.after_blank:
        return head.indent > current.indent
    return not (head.listed and current.listed and head.indent <= current.indent)


def _annotates(current: Draft, head: Head, participants: Sequence[str]) -> bool:
    """`    Reviewers: DN, Tudor` indented under an item: a remark on it, not an item of its
    own, when its prefix names no participant (a label, a group word, an unknown word)."""
    if not head.owner_line or head.listed or head.indent <= current.indent:
        return False
    return not any(_is_person(owner, participants) for owner in head.owners)


def _is_person(token: str, participants: Sequence[str]) -> bool:
    return resolve_owner(token, participants) not in (None, GROUP)


def _code(current: Draft | None, number: int, line: str) -> Draft | None:
    """Code belongs to the item it follows or is indented under, and is never an owner."""
    if current is None:
        return None
    if current.after_blank and indent_of(line) <= current.indent:
        return None
    current.add(number, line.strip())
    return current


def build_item(
    draft: Draft,
    line_offset: int,
    participants: Sequence[str],
    meeting: dt.date | None,
    next_meeting: dt.date | None,
) -> Item:
    text = draft.text
    kind = kind_of(draft.owners, draft.label, text)
    return Item(
        first_line=draft.first + line_offset,
        last_line=draft.last + line_offset,
        kind=kind,
        owners=draft.owners,
        resolved={owner: resolve_owner(owner, participants) for owner in draft.owners},
        due=None if kind == "info" else due_date(text, meeting, next_meeting),
        text=text,
        links=links_in(text),
    )
