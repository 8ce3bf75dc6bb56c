"""Durations as people write them in configs and scripts: ``30m``, ``24h``, ``7d``, ``1d12h``."""

from __future__ import annotations

import datetime as dt
import re

_PART = re.compile(r"(\d+)\s*(w|d|h|m|s)")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


class DurationTooLong(ValueError):
    """A duration written correctly but beyond what a date can hold."""


def parse_duration(text: str) -> dt.timedelta:
    """``"1d12h"`` -> 36 hours. Raises ValueError naming the text when it is not a duration."""
    compact = text.strip().lower().replace(" ", "")
    parts = _PART.findall(compact)
    if not compact or "".join(n + u for n, u in parts) != compact:
        raise ValueError(f"{text!r} is not a duration (write it like 30m, 24h, 7d or 1d12h)")
    try:
        return sum((dt.timedelta(**{_UNITS[u]: int(n)}) for n, u in parts), dt.timedelta())
    except OverflowError:
        raise DurationTooLong(f"{text!r} is too long a duration") from None


def format_duration(delta: dt.timedelta) -> str:
    """36 hours -> ``"1d12h"``: the form ``parse_duration`` reads."""
    seconds = int(delta.total_seconds())
    if seconds <= 0:
        return "0m"
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        amount, seconds = divmod(seconds, size)
        if amount:
            parts.append(f"{amount}{unit}")
    return "".join(parts)
