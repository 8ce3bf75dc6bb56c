"""The SQLite store: one aiosqlite connection, numbered migrations, queries by concern."""

from bot.store.db import Database, open_database

__all__ = ["Database", "open_database"]
