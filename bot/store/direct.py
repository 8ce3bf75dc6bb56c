"""A connection for batch work that has its event loop to itself (``wgbot import``).

The bot talks to SQLite through aiosqlite, so a slow statement never stalls Discord's
heartbeat; each statement then costs a hop to aiosqlite's thread and back, about a tenth
of a millisecond. A bulk import has nothing else on its loop, and some 13 statements per
file: this connection runs them in the calling thread, with the same awaitable methods
the store uses (``execute``, ``execute_fetchall``, ``executemany``, ``commit``,
``rollback``, ``close``).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


class DirectConnection:
    """sqlite3, awaited in place."""

    def __init__(self, path: str | Path) -> None:
        self._conn = sqlite3.connect(str(path), isolation_level=None)
        self._conn.row_factory = sqlite3.Row

    async def execute(self, sql: str, parameters: Any = ()) -> sqlite3.Cursor:
        return self._conn.execute(sql, parameters)

    async def execute_fetchall(self, sql: str, parameters: Any = ()) -> list[sqlite3.Row]:
        return self._conn.execute(sql, parameters).fetchall()

    async def executemany(self, sql: str, rows: Iterable[Any]) -> sqlite3.Cursor:
        return self._conn.executemany(sql, rows)

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        self._conn.close()
