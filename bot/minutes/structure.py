"""The block structure of the minutes' Markdown, from one markdown-it parse."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

logger = logging.getLogger(__name__)

# Only the block level is needed (headings, code, lists, with their lines): the inline
# rules cost as much again and nothing here reads their output.
_MARKDOWN = MarkdownIt("commonmark").disable(["inline", "text_join"])

# Blocks whose lines are never items nor owners.
_VERBATIM = frozenset({"fence", "code_block", "html_block"})


@dataclass(frozen=True)
class Heading:
    first: int  # 0-based line in the parsed text
    end: int  # one past its last line (a setext heading has two)
    level: int
    title: str


@dataclass(frozen=True)
class Structure:
    headings: tuple[Heading, ...]
    # 0-based lines of code blocks, fences and HTML blocks
    verbatim: frozenset[int] = field(default=frozenset())


def read_structure(body: str) -> Structure:
    tokens = _MARKDOWN.parse(body)
    headings: list[Heading] = []
    verbatim: set[int] = set()

    for index, token in enumerate(tokens):
        if token.map is None:
            continue
        if token.type == "heading_open":
            title = tokens[index + 1].content
            headings.append(Heading(token.map[0], token.map[1], int(token.tag[1:]), title))
        elif token.type in _VERBATIM:
            verbatim.update(range(token.map[0], token.map[1]))

    return Structure(tuple(headings), frozenset(verbatim))
