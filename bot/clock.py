"""Where domain code gets the time. Tests and the sandbox pass a clock they can move."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Protocol

logger = logging.getLogger(__name__)


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current time, timezone-aware, in UTC."""
        ...

    def to_real(self, instant: dt.datetime) -> dt.datetime:
        """The wall-clock instant at which ``instant`` (in this clock's time) comes."""
        ...


class SystemClock:
    """The real time."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def to_real(self, instant: dt.datetime) -> dt.datetime:
        return instant


class ManualClock:
    """A clock that stands still until told to move; listeners hear every move."""

    def __init__(self, start: dt.datetime) -> None:
        self._now = _utc(start)
        self._listeners: list[Callable[[], None]] = []

    def now(self) -> dt.datetime:
        return self._now

    def to_real(self, instant: dt.datetime) -> dt.datetime:
        # Something due in clock time `d` from now is due in wall time `d` from now.
        return dt.datetime.now(dt.UTC) + (instant - self._now)

    def set(self, instant: dt.datetime) -> None:
        self._now = _utc(instant)
        logger.info("clock set to %s", self._now.isoformat())
        self._notify()

    def advance(self, delta: dt.timedelta) -> None:
        self.set(self._now + delta)

    def on_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()


def _utc(instant: dt.datetime) -> dt.datetime:
    if instant.tzinfo is None:
        raise ValueError(f"{instant.isoformat()} has no time zone")
    return instant.astimezone(dt.UTC)
