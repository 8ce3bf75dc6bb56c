"""Storing parsed minutes: owners resolved with what the team has learned, follow-ups
carried over from earlier meetings, all of a meeting in one transaction."""

from bot.ingest.report import IngestError, IngestReport, OwnerNote
from bot.ingest.team import choose_team
from bot.ingest.writer import fingerprint, ingest_minutes, start_utc

__all__ = [
    "IngestError",
    "IngestReport",
    "OwnerNote",
    "choose_team",
    "fingerprint",
    "ingest_minutes",
    "start_utc",
]
