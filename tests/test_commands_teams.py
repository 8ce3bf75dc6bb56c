"""/team setup and /team show: channel, schedule, reminders and their failures."""

import datetime as dt

import pytest
from commands_helpers import add_minutes, running_sandbox
from sandbox_harness import step

from bot.schedule import ScheduleError, to_rrule


@pytest.fixture
async def sandbox(tmp_path):
    async with running_sandbox(tmp_path) as box:
        yield box


def stamp(text: str) -> str:
    return f"<t:{int(dt.datetime.fromisoformat(text).timestamp())}:F>"


async def setup(sandbox, member="ana", **options):
    values = {
        "team": "infra",
        "channel": "storage",
        "schedule": "every 2 weeks on Wednesday 16:30",
        "timezone": "Europe/Bucharest",
        "remind_before": "2h",
        **options,
    }
    return await sandbox.emulator.invoke(member, "general", "team setup", values)


async def test_setup_validates_stores_and_shows_the_next_meetings(sandbox):
    emu = sandbox.emulator
    done = await setup(sandbox, minutes_channel="minutes", secretary_role="secretary")
    assert done.ephemeral
    assert "Team **infra** is set up (`FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;BYHOUR=16;BYMINUTE=30`)" in (
        done.content
    )
    assert f"<#{emu.channel_id('storage')}>" in done.content and "2h before" in done.content
    # The rule's weeks count from Monday 2024-01-01: Wednesday 2024-03-13 is one of them.
    for when in ("2024-03-13T16:30+02:00", "2024-03-27T16:30+02:00", "2024-04-10T16:30+03:00"):
        assert stamp(when) in done.content
    shown = await emu.invoke("jeni", "general", "team show", {"team": "infra"})
    assert "**Team infra** (command)" in shown.content and stamp("2024-03-13T16:30+02:00") in (
        shown.content
    )
    choices = await emu.autocomplete("jeni", "general", "team show", {"team": "in"}, focused="team")
    assert [c["value"] for c in choices] == ["infra"]


async def test_setup_overrides_the_config_and_replans(sandbox):
    await add_minutes(sandbox)
    emu = sandbox.emulator
    rule = "FREQ=WEEKLY;BYDAY=TU;BYHOUR=10;BYMINUTE=0"
    done = await setup(sandbox, team="security", channel="security", schedule=rule)
    assert stamp("2024-03-12T10:00+02:00") in done.content
    shown = await emu.invoke("jeni", "security", "team show", {})
    assert "**Team security** (config+command)" in shown.content
    assert f"`{rule}`" in shown.content


async def test_bad_schedules_zones_and_durations_are_refused_with_an_example(sandbox):
    for options, expected in [
        ({"schedule": "whenever"}, "every 2 weeks on Monday 10:00"),
        ({"schedule": "every blursday 10:00"}, "not a day of the week"),
        ({"timezone": "Mars/Olympus"}, "unknown time zone"),
        ({"remind_before": "soon"}, "is not a duration"),
        ({"remind_before": "0m"}, "at least 1m"),
        ({"remind_before": "15d"}, "shorter than the time between meetings"),
    ]:
        refused = await setup(sandbox, **options)
        assert refused.ephemeral and expected in refused.content, options
    shown = await sandbox.emulator.invoke("ana", "general", "team show", {"team": "infra"})
    assert "Say which team" in shown.content


@pytest.mark.parametrize("team", ["", "  ", "<@&1> @everyone", "security wg", "x" * 33])
async def test_setup_refuses_what_cannot_be_a_team_name(sandbox, team):
    refused = await setup(sandbox, team=team)
    assert refused.ephemeral
    assert "A team name is 1 to 32 letters, digits, `-` or `_`" in refused.content
    shown = await sandbox.emulator.invoke("ana", "general", "team show", {"team": "nope"})
    assert "is one of security, storage." in shown.content


async def test_minutes_add_refuses_a_bad_team_name(sandbox):
    refused = await add_minutes(sandbox, team="<@&1>")
    assert refused.ephemeral and "A team name is" in refused.content
    listed = await sandbox.emulator.invoke("ana", "general", "minutes list", {})
    assert "security" not in listed.content


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        (
            "every 0 weeks on Monday 10:00",
            "schedule 'every 0 weeks on Monday 10:00' repeats every 0 weeks: say every 1 or more",
        ),
        ("every week on Monday 25:00", "names 25:00, which is not a time of day"),
        ("FREQ=WEEKLY;BYDAY=XX", "is not an iCalendar RRULE: invalid 'BYDAY': XX"),
        ("FREQ=WEEKLY;BYDAY=MO", "gives no time of day"),
    ],
)
async def test_schedule_errors_name_the_actual_problem(sandbox, schedule, expected):
    refused = await setup(sandbox, schedule=schedule)
    assert refused.ephemeral and expected in refused.content


async def test_only_secretaries_set_up_teams(sandbox):
    refused = await setup(sandbox, member="stefan")
    assert refused.ephemeral and "`secretary` role or Manage Server" in refused.content
    shown = await sandbox.emulator.invoke("stefan", "general", "team show", {"team": "infra"})
    assert "Say which team" in shown.content


async def test_show_lists_recent_reminders_and_their_failures(sandbox):
    await add_minutes(sandbox)
    emu = sandbox.emulator
    emu.delete_channel("security", notify=False)
    await step(sandbox, ":advance 6d")
    shown = await emu.invoke("ana", "general", "team show", {"team": "security"})
    assert "Recent reminders:" in shown.content
    assert ":warning:" in shown.content and "failed" in shown.content


async def test_show_says_missed_once_with_a_discord_timestamp(sandbox):
    await add_minutes(sandbox)
    # Past the next reminder and its meeting while the bot is down: recorded as missed.
    await step(sandbox, ":now 2024-03-26T12:00:00+02:00")
    await step(sandbox, ":restart")
    shown = await sandbox.emulator.invoke("ana", "general", "team show", {"team": "security"})
    line = next(x for x in shown.content.splitlines() if "missed" in x)
    assert line.count("missed") == 1
    assert "T08:00:00" not in line and "+00:00" not in line
    due = int(dt.datetime.fromisoformat("2024-03-24T08:00:00+00:00").timestamp())
    assert f"it came due while the bot was offline; it was due <t:{due}:f>" in line


@pytest.mark.parametrize(
    ("plain", "rule"),
    [
        ("every Monday 10:00", "FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0"),
        (
            "every other week on Tue, Thu 16:30",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;BYHOUR=16;BYMINUTE=30",
        ),
        ("every day at 9:15", "FREQ=DAILY;BYHOUR=9;BYMINUTE=15"),
        (
            "every month on the first Tuesday at 10:00",
            "FREQ=MONTHLY;BYDAY=1TU;BYHOUR=10;BYMINUTE=0",
        ),
        (
            "every 2 weeks on Monday 16:00 from 2024-05-06",
            "DTSTART:20240506T160000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=16;BYMINUTE=0",
        ),
        ("FREQ=WEEKLY;BYDAY=MO;BYHOUR=10", "FREQ=WEEKLY;BYDAY=MO;BYHOUR=10"),
        ("every weekday 10:00", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=10;BYMINUTE=0"),
        ("every week on weekdays at 9:15", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=15"),
        ("every Wednesday 10:00", "FREQ=WEEKLY;BYDAY=WE;BYHOUR=10;BYMINUTE=0"),
    ],
)
def test_plain_schedules_become_rrules(plain, rule):
    assert to_rrule(plain) == rule


def test_a_monthly_day_without_saying_which_one_is_refused():
    # FREQ=MONTHLY;BYDAY=MO would be every Monday: ask which Monday is meant.
    with pytest.raises(ScheduleError, match=r"which Monday of the month.*first, second"):
        to_rrule("every month on Monday 10:00")


async def test_a_name_differing_only_in_case_from_a_known_team_is_refused(sandbox):
    assert "is set up" in (await setup(sandbox)).content
    refused = await setup(sandbox, team="Infra")
    assert "Team **infra** exists already" in refused.content
    assert "`team:infra`" in refused.content
    shown = await sandbox.emulator.invoke("ana", "general", "team show", {"team": "Infra"})
    assert "is set up" not in shown.content
    assert "**Team Infra**" not in shown.content
