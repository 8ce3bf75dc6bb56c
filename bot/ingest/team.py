"""Which team a set of minutes belongs to."""

from __future__ import annotations

from bot.ingest.report import IngestError
from bot.minutes.model import Meeting, Minutes


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
    return choose_team_of(
        minutes.meeting,
        minutes.path,
        team,
        known,
        fallback=fallback,
        first_of_several=first_of_several,
    )


def choose_team_of(
    meeting: Meeting,
    path: str,
    team: str | None,
    known: set[str],
    *,
    fallback: str | None = None,
    first_of_several: bool = False,
) -> str:
    """``choose_team`` from the meeting alone (what the front matter says)."""
    if team:
        return team
    named = list(dict.fromkeys(meeting.teams))
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
            f"{path}: the minutes name several teams ({choices}): say which one they belong to"
        )
    if named:
        return named[0]
    if fallback:
        return fallback
    raise IngestError(f"{path}: the minutes name no team (`teams:` in the front matter)")
