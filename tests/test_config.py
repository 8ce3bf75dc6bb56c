import datetime as dt

import pytest

from bot.config import load_config
from bot.errors import ConfigError


def write(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_config_is_valid():
    from pathlib import Path

    config = load_config(Path(__file__).parent.parent / "config.example.toml")
    team = config.teams["security"]
    assert team.remind_before == dt.timedelta(hours=24)
    assert team.parsed_schedule() is not None
    assert config.people["ȘtefanJ"] == 123456789012345678


def test_unknown_key_is_named(tmp_path):
    path = write(tmp_path, '[teams.a]\nchannel = "a"\nremind_befor = "1h"\n')
    with pytest.raises(ConfigError, match=r"teams\.a\.remind_befor"):
        load_config(path)


def test_bad_schedule_is_named_with_its_team(tmp_path):
    path = write(tmp_path, '[teams.build]\nchannel = "b"\nschedule = "FREQ=NEVER;BYHOUR=9"\n')
    with pytest.raises(
        ConfigError, match=r"teams\.build\.schedule: 'FREQ=NEVER;BYHOUR=9' is not an"
    ):
        load_config(path)


BUCHAREST_WEEKLY = 'schedule = "FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0"\n'


@pytest.mark.parametrize(
    ("team", "words"),
    [
        (
            BUCHAREST_WEEKLY + 'digest = "FREQ=SOMETIMES;BYHOUR=9"',
            r"teams\.security\.digest: 'FREQ=SOMETIMES;BYHOUR=9' is not an iCalendar RRULE",
        ),
        (
            BUCHAREST_WEEKLY + 'timezone = "Europe/Bucharestt"',
            r"teams\.security\.timezone: unknown time zone 'Europe/Bucharestt'",
        ),
        (
            'schedule = "FREQ=WEEKLY;BYDAY=MONDAY;BYHOUR=10"',
            r"teams\.security\.schedule: 'FREQ=WEEKLY;BYDAY=MONDAY;BYHOUR=10' is not an",
        ),
        (
            BUCHAREST_WEEKLY + 'remind_before = "8d"',
            r"teams\.security\.remind_before: 8d must be shorter than the time between meetings",
        ),
        ('remind_before = "0m"', r"teams\.security\.remind_before: must be at least 1m"),
    ],
)
def test_every_config_error_names_its_full_key(tmp_path, team, words):
    path = write(tmp_path, f'[teams.security]\nchannel = "security"\n{team}\n')
    with pytest.raises(ConfigError, match=words):
        load_config(path)


def test_broken_toml_names_the_file(tmp_path):
    path = write(tmp_path, "[teams\n")
    with pytest.raises(ConfigError, match=r"config\.toml: not valid TOML"):
        load_config(path)


def test_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(ConfigError, match=r"config\.example\.toml"):
        load_config(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("team", "words"),
    [
        (
            'schedule = "FREQ=WEEKLY;BYDAY=MO;BYHOUR=10"\nremind_before = "30d"',
            r"remind_before: 30d must be shorter than the time between meetings \(7d\)",
        ),
        ('schedule = "FREQ=WEEKLY;BYDAY=MO"', "no time of day"),
        ('schedule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;BYHOUR=9"', "has no occurrences"),
        ('schedule = "FREQ=YEARLY;COUNT=1;BYHOUR=9"', "fewer than two meetings"),
        ('remind_before = "0m"', "at least 1m"),
    ],
)
def test_schedules_that_would_never_remind_well_are_refused(tmp_path, team, words):
    path = write(tmp_path, f'[teams.build]\nchannel = "b"\n{team}\n')
    with pytest.raises(ConfigError, match=words):
        load_config(path)


@pytest.mark.parametrize("name", ['""', '"security wg"', '"<@&1>"', "a" * 33])
def test_team_names_are_words(tmp_path, name):
    path = write(tmp_path, f'[teams.{name}]\nchannel = "b"\n')
    with pytest.raises(ConfigError, match=r"teams\..*: a team name is 1 to 32 letters, digits"):
        load_config(path)


def test_a_digest_that_is_no_rule_says_so(tmp_path):
    path = write(tmp_path, '[teams.security]\nchannel = "s"\ndigest = "sometimes"\n')
    with pytest.raises(ConfigError, match=r"teams\.security\.digest: 'sometimes' is not an iCal"):
        load_config(path)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            '[teams.security]\nchannel = "s"\n[teams.Security]\nchannel = "s"\n',
            r"teams\.security and teams\.Security: one team twice",
        ),
        ("[bot]\nguild = -5\n", r"bot\.guild: -5 is not a guild id"),
        ("[bot]\nguild = 0\n", r"bot\.guild: 0 is not a guild id"),
        ('[teams.security]\nchannel = "s"\nschedule = ""\n', r"teams\.security\.schedule: empty"),
        ('[people]\n"SJ" = ""\n', r'people\."SJ": empty'),
        ('[people]\n"SJ" = "  "\n', r'people\."SJ": empty'),
    ],
)
def test_values_that_cannot_mean_anything_are_refused(tmp_path, text, words):
    with pytest.raises(ConfigError, match=words):
        load_config(write(tmp_path, text))
