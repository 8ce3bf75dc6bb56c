"""Opening the database and bringing its schema up to date."""

from __future__ import annotations

import asyncio
import contextvars
import logging
import re
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import aiosqlite

from bot.errors import DatabaseError
from bot.store.direct import DirectConnection

logger = logging.getLogger(__name__)

# Set while the current task holds the write transaction.
_in_transaction: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "wgbot_in_transaction", default=False
)

Connection = aiosqlite.Connection | DirectConnection

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


class Database:
    """The one connection of a running bot. Writes go through ``transaction()``."""

    def __init__(self, connection: Connection, path: str) -> None:
        self.conn = connection
        self.path = path
        # One connection is shared by every task: transactions must not interleave.
        self._write_lock = asyncio.Lock()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        """All or nothing: minutes are never half-stored. Inside another transaction of the
        same task, a savepoint: the inner part can fail alone (bulk import does this)."""
        if _in_transaction.get():
            async with self._savepoint():
                yield self.conn
            return
        async with self._write_lock:
            token = _in_transaction.set(True)
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.rollback()
                raise
            else:
                await self.conn.commit()
            finally:
                _in_transaction.reset(token)

    @asynccontextmanager
    async def _savepoint(self) -> AsyncIterator[None]:
        await self.conn.execute("SAVEPOINT part")
        try:
            yield
        except BaseException:
            await self.conn.execute("ROLLBACK TO part")
            await self.conn.execute("RELEASE part")
            raise
        else:
            await self.conn.execute("RELEASE part")

    async def fetchall(self, sql: str, params: tuple | dict = ()) -> list[aiosqlite.Row]:
        return list(await self.conn.execute_fetchall(sql, params))

    async def fetchone(self, sql: str, params: tuple | dict = ()) -> aiosqlite.Row | None:
        rows = await self.conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def close(self) -> None:
        await self.conn.close()


async def open_database(path: str | Path, *, direct: bool = False) -> Database:
    """Open (creating if needed) the SQLite file and apply pending migrations. ``direct``
    runs statements in the calling thread: for batch commands that have the event loop to
    themselves (see ``bot.store.direct``), never for the bot."""
    problem = database_location_problem(path)
    if problem:
        raise DatabaseError(str(path), problem)
    try:
        conn = await _connect(path, direct)
    except sqlite3.Error as exc:
        raise DatabaseError(str(path), f"cannot open it: {exc}") from exc
    db = Database(conn, str(path))
    await migrate(db)
    return db


def database_location_problem(path: str | Path) -> str | None:
    """Why a database cannot be created at ``path`` (relative: to the current directory)."""
    folder = Path(path).absolute().parent
    if not folder.is_dir():
        return f"no such directory {folder}"
    if Path(path).is_dir():
        return "is a directory"
    return None


async def _connect(path: str | Path, direct: bool) -> Connection:
    conn: Connection
    if direct:
        conn = DirectConnection(path)
    else:
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        conn.row_factory = aiosqlite.Row
    try:
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA synchronous = NORMAL")
        # 32 MiB of page cache (SQLite's default is 2 MiB): a community's whole history
        # fits, so carry-over lookups stay in memory as the database grows.
        await conn.execute("PRAGMA cache_size = -32768")
    except BaseException:
        await conn.close()  # its thread would keep the process alive
        raise
    return conn


def _migrations() -> list[tuple[int, str, str]]:
    found = []
    for entry in resources.files("bot.store.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


async def migrate(db: Database) -> int:
    """Apply every migration newer than the file's ``user_version``; returns the version."""
    row = await db.fetchone("PRAGMA user_version")
    current = row[0] if row else 0
    for number, name, sql in _migrations():
        if number <= current:
            continue
        logger.info("applying migration %s to %s", name, db.path)
        rebuilds = _FOREIGN_KEYS_OFF in sql
        if rebuilds:
            # A migration that rebuilds a table must not cascade the drop of the old one;
            # the pragma only takes effect outside a transaction.
            await db.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            async with db.transaction() as conn:
                for statement in _statements(sql):
                    await conn.execute(statement)
                if rebuilds:
                    await _check_foreign_keys(db, conn, name)
                await conn.execute(f"PRAGMA user_version = {number:d}")
        finally:
            if rebuilds:
                await db.conn.execute("PRAGMA foreign_keys = ON")
        current = number
    return current


# The first line of a migration that rebuilds tables others refer to.
_FOREIGN_KEYS_OFF = "-- wgbot: foreign keys off"


async def _check_foreign_keys(db: Database, conn: Connection, name: str) -> None:
    rows = list(await conn.execute_fetchall("PRAGMA foreign_key_check"))
    if rows:
        reason = f"migration {name} would leave {len(rows)} dangling references"
        raise DatabaseError(db.path, reason)


def _statements(sql: str) -> list[str]:
    # Migrations hold plain DDL (no triggers), so splitting on ';' is safe;
    # executescript() would commit behind the transaction's back.
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]
