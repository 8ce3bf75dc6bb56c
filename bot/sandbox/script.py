"""Sandbox scripts: what a person types, one line a step."""

from __future__ import annotations

import datetime as dt
import shlex
from dataclasses import dataclass, field

from bot.durations import parse_duration
from bot.errors import WgbotError

MAX_ADVANCE = dt.timedelta(days=3650)


class ScriptError(WgbotError):
    def __init__(self, where: str, line: int, reason: str) -> None:
        super().__init__(f"{where}, line {line}: {reason}")


@dataclass(frozen=True)
class Step:
    line: int
    action: str  # 'command', 'as', 'now', 'advance', 'restart'
    command: str = ""  # e.g. 'todo done'
    options: dict[str, str] = field(default_factory=dict)
    member: str = ""
    instant: dt.datetime | None = None
    delta: dt.timedelta | None = None


def parse_line(text: str, line: int = 1, where: str = "<input>") -> Step | None:
    """One script line; None for blank lines and comments."""
    text = text.strip()
    if not text or text.startswith("#"):
        return None
    try:
        if text.startswith("/"):
            return _command(text, line)
        if text.startswith(":"):
            return _directive(text, line)
    except ValueError as exc:
        raise ScriptError(where, line, str(exc)) from exc
    raise ScriptError(where, line, f"expected /command or :directive, got {text!r}")


def parse_script(source: str, where: str) -> list[Step]:
    steps = []
    for number, text in enumerate(source.splitlines(), start=1):
        step = parse_line(text, number, where)
        if step:
            steps.append(step)
    return steps


def _command(text: str, line: int) -> Step:
    words = shlex.split(text[1:])
    names: list[str] = []
    options: dict[str, str] = {}
    for word in words:
        if names and _is_option(word):
            key, _, value = word.partition(":")
            options[key] = value
        elif options:
            raise ValueError(f"{word!r} after the options: write option:value")
        else:
            names.append(word)
    if not names:
        raise ValueError("a command name must follow /")
    return Step(line, "command", command=" ".join(names), options=options)


def _is_option(word: str) -> bool:
    key, colon, _ = word.partition(":")
    return bool(colon) and key.isidentifier()


def _instant(text: str) -> dt.datetime:
    try:
        instant = dt.datetime.fromisoformat(text)
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None or not 1970 <= instant.year <= 2999:
        raise ValueError(
            f"{text!r} is not a date and time with a UTC offset between 1970 and 2999,"
            " like 2024-03-11T12:00+02:00"
        )
    return instant


def _directive(text: str, line: int) -> Step:
    name, _, arg = text[1:].partition(" ")
    arg = arg.strip()
    if name == "as" and arg:
        return Step(line, "as", member=arg)
    if name == "now" and arg:
        return Step(line, "now", instant=_instant(arg))
    if name == "advance" and arg:
        delta = parse_duration(arg)
        if delta > MAX_ADVANCE:
            raise ValueError(f"{arg}: the clock moves at most {MAX_ADVANCE.days}d at a time")
        return Step(line, "advance", delta=delta)
    if name == "restart" and not arg:
        return Step(line, "restart")
    raise ValueError(f"unknown directive {text!r} (:as NAME, :now ISO, :advance 7d, :restart)")
