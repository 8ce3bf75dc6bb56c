"""The YAML block that opens the minutes, split off with python-frontmatter's YAML handler."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import frontmatter
import yaml

from bot.minutes.model import MinutesError

logger = logging.getLogger(__name__)

_HANDLER = frontmatter.YAMLHandler()
# Every value as text, read by the same scanner as the handler's loader (libyaml's when
# installed): the pure-Python one refuses some YAML that libyaml reads (a tab on a blank line).
_TEXT_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


@dataclass(frozen=True)
class Split:
    fields: dict[str, Any] | None  # None when the file has no (usable) front matter
    body: str
    body_line: int  # 1-based line of the file where ``body``'s first line is
    warning: str | None = None


def split_front_matter(text: str, path: str) -> Split:
    """The front matter's fields and the Markdown after it. ``text`` has LF line ends."""
    boundary = _HANDLER.FM_BOUNDARY
    assert boundary is not None
    opening = boundary.match(text)
    if opening is None:
        return Split(None, text, 1, "no front matter: the file does not open with '---'")

    closing = boundary.search(text, opening.end())
    if closing is None:
        warning = "no front matter: the opening '---' is never closed"
        return Split(None, text, 1, warning)

    # The YAML text starts on the rest of the opening line, so its line 0 is file line 1.
    yaml_line = text.count("\n", 0, opening.end()) + 1
    fields = _load(text[opening.end() : closing.start()], path, yaml_line)
    body_line = text.count("\n", 0, closing.end()) + 1
    body = text[closing.end() :]

    if fields is None:
        return Split(None, body, body_line, "empty front matter")
    if not isinstance(fields, dict):
        kind = type(fields).__name__
        return Split(None, body, body_line, f"front matter is a {kind}, not a set of fields")
    return Split({str(key): value for key, value in fields.items()}, body, body_line)


def _load(source: str, path: str, first_line: int) -> Any:
    try:
        return _read(source, path)
    except yaml.MarkedYAMLError as error:
        raise _error(error, path, first_line) from error
    except yaml.YAMLError as error:
        raise MinutesError(path, first_line, f"front matter is not valid YAML: {error}") from error


def _read(source: str, path: str) -> Any:
    try:
        return _HANDLER.load(source)
    except (ValueError, OverflowError) as error:
        # Valid YAML with a value Python can't hold (`0000-01-01`): read every value as
        # text, so that the field readers can warn about that one field.
        logger.debug("front matter of %s re-read as text: %s", path, error)
        return _HANDLER.load(source, Loader=_TEXT_LOADER)


def _error(error: yaml.MarkedYAMLError, path: str, first_line: int) -> MinutesError:
    """Name the file line a person must look at: where the broken construct starts."""
    problem_line = first_line + error.problem_mark.line if error.problem_mark else None
    context_line = first_line + error.context_mark.line if error.context_mark else None
    line = context_line or problem_line

    reason = f"front matter is not valid YAML: {error.problem or 'cannot be read'}"
    if problem_line is not None:
        reason += f" (line {problem_line})"
    if error.context and context_line is not None:
        reason += f", {error.context} that starts on line {context_line}"
    return MinutesError(path, line, reason)
