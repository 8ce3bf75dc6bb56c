"""Minutes text in, a Minutes out: the steps in order, and the one error that may escape."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.minutes.dates import find_next_meeting
from bot.minutes.front_matter import split_front_matter
from bot.minutes.items import build_item, gather
from bot.minutes.meeting import meeting_day, read_meeting
from bot.minutes.model import Meeting, Minutes, MinutesError
from bot.minutes.sections import follow_up_spans
from bot.minutes.structure import read_structure

logger = logging.getLogger(__name__)

_BOM = "\ufeff"


def parse_minutes(text: str, path: str = "<string>") -> Minutes:
    """Read minutes. Raises MinutesError, and nothing else, for minutes that must be refused."""
    try:
        return _parse(text, path)
    except MinutesError:
        raise
    except Exception as error:
        logger.exception("unexpected failure while parsing %s", path)
        raise MinutesError(path, None, f"cannot be read: {error}") from error


def parse_file(path: str | Path) -> Minutes:
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise MinutesError(name, None, f"cannot be read: {error.strerror or error}") from error
    return parse_bytes(data, name)


def parse_bytes(data: bytes, name: str) -> Minutes:
    """Minutes as uploaded: UTF-8 bytes, perhaps with a BOM."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        reason = f"not UTF-8 text (byte {error.object[error.start]:#04x})"
        raise MinutesError(name, line, reason) from error
    return parse_minutes(text, name)


def peek_meeting(data: bytes, name: str) -> Meeting | None:
    """Only the front matter's meeting (for ordering many files cheaply); None when the
    file cannot be read that far: its full parse will say why."""
    try:
        text = data.decode("utf-8").removeprefix(_BOM).replace("\r\n", "\n")
        return read_meeting(split_front_matter(text, name).fields, [])
    except (UnicodeDecodeError, MinutesError):
        return None


def _parse(text: str, path: str) -> Minutes:
    if not isinstance(text, str):
        raise MinutesError(path, None, f"expected text, got {type(text).__name__}")
    text = text.removeprefix(_BOM)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")

    warnings: list[str] = []
    split = split_front_matter(text, path)
    if split.warning:
        warnings.append(split.warning)
    meeting = read_meeting(split.fields, warnings)
    day = meeting_day(meeting)

    structure = read_structure(split.body)
    lines = split.body.split("\n")
    spans = follow_up_spans(structure.headings, len(lines))
    if not spans:
        warnings.append("no follow-up section (such as '## TODOs and Decisions')")

    participants = meeting.participants
    drafts = [draft for span in spans for draft in gather(lines, span, structure, participants)]
    next_meeting = find_next_meeting(split.body, spans, structure.code | structure.breaks, day)
    items = tuple(
        build_item(draft, split.body_line, participants, day, next_meeting) for draft in drafts
    )

    logger.debug("%s: %d items, %d warnings", path, len(items), len(warnings))
    return Minutes(path, meeting, items, next_meeting, tuple(warnings))
