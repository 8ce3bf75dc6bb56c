"""The block structure of the minutes' Markdown, from one markdown-it parse."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

logger = logging.getLogger(__name__)

# Only the block level is needed (headings, code, lists, with their lines): the inline
# rules cost as much again and nothing here reads their output. Link reference
# definitions (`[1]: https://…`) are left to be read as text: telling them from a
# paragraph is a sixth of the block parse, and they hold no heading, code or rule.
_MARKDOWN = MarkdownIt("commonmark").disable(["inline", "text_join", "reference"])

# Code: never an owner, but part of the item it is written under.
_CODE = frozenset({"fence", "code_block"})
# Rules and HTML (often a template's comments): they end an item and are none.
_BREAKS = frozenset({"hr", "html_block"})


@dataclass(frozen=True)
class Heading:
    first: int  # 0-based line in the parsed text
    end: int  # one past its last line (a setext heading has two)
    level: int
    title: str


@dataclass(frozen=True)
class Structure:
    headings: tuple[Heading, ...]
    code: frozenset[int] = field(default=frozenset())  # 0-based lines of code and fences
    breaks: frozenset[int] = field(default=frozenset())  # 0-based lines of rules and HTML


def read_structure(body: str) -> Structure:
    tokens = _MARKDOWN.parse(body)
    headings: list[Heading] = []
    code: set[int] = set()
    breaks: set[int] = set()

    for index, token in enumerate(tokens):
        if token.map is None:
            continue
        if token.type == "heading_open":
            title = tokens[index + 1].content
            headings.append(Heading(token.map[0], token.map[1], int(token.tag[1:]), title))
        elif token.type in _CODE:
            code.update(range(token.map[0], token.map[1]))
        elif token.type in _BREAKS:
            breaks.update(range(token.map[0], token.map[1]))

    return Structure(tuple(headings), frozenset(code), frozenset(breaks))
