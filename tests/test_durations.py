"""Durations as configs, scripts and /todo snooze write them."""

import pytest

from bot.durations import parse_duration


def test_a_duration_too_long_for_a_date_is_refused_not_an_overflow():
    with pytest.raises(ValueError, match="too long a duration"):
        parse_duration("1000000000000000000000d")
