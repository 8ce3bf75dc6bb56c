"""Which team a set of minutes belongs to."""

from __future__ import annotations

from bot.ingest.report import IngestError
from bot.minutes.model import Minutes


def choose_team(
    minutes: Minutes,
    team: str | None,
    known: set[str],
    *,
    fallback: str | None = None,
    first_of_several: bool = False,
) -> str:
    """The team given; else the one team of the minutes that is configured (the channel's
    when they name several), else the minutes' only team, else the channel's. Minutes
    naming several teams are refused unless ``first_of_several`` (the file's own order)."""
    if team:
        return team
    named = list(dict.fromkeys(minutes.meeting.teams))
    configured = [name for name in named if name in known]
    if fallback and fallback in named:
        return fallback
    if len(configured) == 1:
        return configured[0]
    if first_of_several and named:
        return (configured or named)[0]
    if len(configured) > 1 or len(named) > 1:
        choices = ", ".join(configured or named)
        raise IngestError(
            f"{minutes.path}: the minutes name several teams ({choices}):"
            " say which one they belong to"
        )
    if named:
        return named[0]
    if fallback:
        return fallback
    raise IngestError(f"{minutes.path}: the minutes name no team (`teams:` in the front matter)")
