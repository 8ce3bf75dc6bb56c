"""The sandbox as a person uses it: a script in, what the bot posts out."""

import datetime as dt

import pytest

from bot.sandbox.runner import relative_time
from bot.sandbox.script import ScriptError, parse_line, parse_script
from bot.sandbox.session import run_script, script_path


async def test_demo_script_shows_minutes_becoming_a_reminder(capsys):
    await run_script(script_path("demo"), config=None, database=None)
    out = capsys.readouterr().out
    assert "Stored **Security WG, March 11, 2024** for team **security**" in out
    assert "[#general] wgbot (only you see this):" in out
    reminder = out[out.index("[#security] wgbot:") :]
    # Mentions are shown by name, and the item closed in the script is gone.
    assert "@ȘtefanJ" in reminder and "@AlexA" in reminder
    assert "`#2`" not in reminder and "`#1`" in reminder
    assert out.count("**Follow-ups for security**") == 1


async def test_restart_in_a_script_sends_no_second_reminder(tmp_path, capsys):
    script = tmp_path / "restart.script"
    script.write_text(
        ":now 2024-03-11T12:00:00+02:00\n:as ana\n"
        "/minutes add file:security-wg-2024-03-11.md\n"
        ":advance 6d\n:restart\n:advance 1h\n",
        encoding="utf-8",
    )
    await run_script(script, config=None, database=str(tmp_path / "db.sqlite3"))
    out = capsys.readouterr().out
    assert "restarting" in out
    assert out.count("**Follow-ups for security**") == 1


async def test_the_shipped_restart_script_shows_one_reminder_per_meeting(capsys):
    await run_script(script_path("restart"), config=None, database=None)
    out = capsys.readouterr().out
    assert out.count("restarting the bot on the same database") == 2
    # Two meetings, one reminder each, however many restarts.
    assert out.count("**Follow-ups for security**") == 2


def test_script_lines():
    step = parse_line("/todo done item:3")
    assert (step.action, step.command, step.options) == ("command", "todo done", {"item": "3"})
    step = parse_line('/minutes add file:"my minutes.md" team:security')
    assert step.options == {"file": "my minutes.md", "team": "security"}
    assert parse_line("# a comment") is None
    assert parse_line(":advance 1d12h").delta.total_seconds() == 36 * 3600
    assert parse_line(":as alex").member == "alex"


@pytest.mark.parametrize(
    ("line", "words"),
    [
        (":now 2024-03-11T12:00", "UTC offset"),
        (":now 2024-03-11T12:00+25:00", "UTC offset"),
        (":advance 100000d", "at most"),
        (":advance soon", "duration"),
        (":teleport", "unknown directive"),
        ("todos", "expected /command"),
    ],
)
def test_bad_script_lines_name_the_line(line, words):
    with pytest.raises(ScriptError, match=f"x.script, line 2: .*{words}"):
        parse_script("# first\n" + line, "x.script")


async def test_a_word_where_an_option_belongs_says_which_options_there_are(tmp_path, capsys):
    script = tmp_path / "dm.script"
    script.write_text(":as stefan\n/reminders dm on\n", encoding="utf-8")
    with pytest.raises(ScriptError) as raised:
        await run_script(script, config=None, database=None)
    message = str(raised.value)
    assert "line 2: /reminders dm has no subcommand 'on'" in message
    assert "its options are state" in message and "state:on" in message
    assert "known: none" not in message


async def test_an_unknown_subcommand_lists_the_real_ones(tmp_path):
    script = tmp_path / "dm.script"
    script.write_text("/reminders mute\n", encoding="utf-8")
    with pytest.raises(
        ScriptError, match=r"unknown subcommand 'reminders mute' \(known: dm, show\)"
    ):
        await run_script(script, config=None, database=None)


def test_relative_times_read_as_discord_shows_them():
    assert relative_time(dt.timedelta(minutes=30)) == "in 30 minutes"
    assert relative_time(dt.timedelta(hours=1)) == "in 1 hour"
    assert relative_time(dt.timedelta(hours=24)) == "in 24 hours"
    assert relative_time(dt.timedelta(days=-3)) == "3 days ago"
