"""A connection for batch work that has its event loop to itself (``wgbot import``).

The bot talks to SQLite through aiosqlite, so a slow statement never stalls Discord's
heartbeat; each statement then costs a hop to aiosqlite's thread and back, about a tenth
of a millisecond. A bulk import has nothing else on its loop, and some 13 statements per
file: this connection runs them in the calling thread, with the awaitable methods the
store uses (``execute``, also as ``async with``, ``execute_fetchall``, ``executemany``,
``commit``, ``rollback``, ``close``).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Generator, Iterable
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


class DirectCursor:
    """A cursor whose fetches are awaited, as aiosqlite's are."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    async def fetchone(self) -> sqlite3.Row | None:
        return self._cursor.fetchone()

    async def fetchall(self) -> list[sqlite3.Row]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class _Executed:
    """What ``execute`` returns: awaited, or entered with ``async with``."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = DirectCursor(cursor)

    def __await__(self) -> Generator[None, None, DirectCursor]:
        return self._result().__await__()

    async def _result(self) -> DirectCursor:
        return self._cursor

    async def __aenter__(self) -> DirectCursor:
        return self._cursor

    async def __aexit__(self, *exc: object) -> None:
        await self._cursor.close()


class DirectConnection:
    """sqlite3, awaited in place."""

    def __init__(self, path: str | Path) -> None:
        self._conn = sqlite3.connect(str(path), isolation_level=None)
        self._conn.row_factory = sqlite3.Row

    def execute(self, sql: str, parameters: Any = ()) -> _Executed:
        return _Executed(self._conn.execute(sql, parameters))

    async def execute_fetchall(self, sql: str, parameters: Any = ()) -> list[sqlite3.Row]:
        return self._conn.execute(sql, parameters).fetchall()

    async def executemany(self, sql: str, rows: Iterable[Any]) -> DirectCursor:
        return DirectCursor(self._conn.executemany(sql, rows))

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        self._conn.close()
