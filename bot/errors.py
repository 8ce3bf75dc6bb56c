"""The project's exception base; every error wgbot raises on purpose derives from it."""

from __future__ import annotations


class WgbotError(Exception):
    """Base of wgbot's own errors. ``str(error)`` is fit to show to a user."""


class ConfigError(WgbotError):
    """The configuration file is missing, unreadable or invalid."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class DatabaseError(WgbotError):
    """The SQLite file cannot be opened, created or brought up to date."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"database {path}: {reason}")
        self.path = path
        self.reason = reason
