"""Which team a set of minutes belongs to."""

from __future__ import annotations

from bot.ingest.report import IngestError
from bot.minutes.model import Minutes


def choose_team(
    minutes: Minutes, team: str | None, known: set[str], *, fallback: str | None = None
) -> str:
    """The team given; else the minutes' first configured team, their first, the channel's."""
    if team:
        return team
    teams = list(minutes.meeting.teams)
    for candidate in teams:
        if candidate in known:
            return candidate
    if teams:
        return teams[0]
    if fallback:
        return fallback
    raise IngestError(f"{minutes.path}: the minutes name no team: give one with the team option")
