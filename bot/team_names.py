"""What a team may be called: a short word that reads the same in the config, in options
and in messages (no spaces, no mentions)."""

from __future__ import annotations

import re

from bot.errors import WgbotError

TEAM_NAME_LIMIT = 32
_TEAM_NAME = re.compile(rf"[\w-]{{1,{TEAM_NAME_LIMIT}}}")
ALLOWED = f"1 to {TEAM_NAME_LIMIT} letters, digits, `-` or `_`, such as `security` or `infra-wg`"


class BadTeamName(WgbotError):
    """A team name with characters or a length a team name cannot have."""

    def __init__(self, name: str) -> None:
        super().__init__(f"A team name is {ALLOWED}.")
        self.name = name


def is_team_name(name: str) -> bool:
    return _TEAM_NAME.fullmatch(name) is not None


def check_team_name(name: str) -> str:
    """The name without surrounding spaces; raises BadTeamName when it cannot be a team's."""
    name = name.strip()
    if not is_team_name(name):
        raise BadTeamName(name)
    return name
