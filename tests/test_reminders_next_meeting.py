"""When the next meeting is: schedule › config › the minutes' stated date › cadence › none;
and a reminder at the right UTC instant on both sides of a daylight-saving change."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from reminders_helpers import (
    SECURITY,
    ledger_rows,
    minutes,
    reminders,
    stamp,
    start,
    step,
    team_config,
    upload,
)

from bot.reminders.next_meeting import MeetingHistory, plan_meetings
from bot.schedule import Schedule
from bot.teams import TeamSettings

BUCHAREST = ZoneInfo("Europe/Bucharest")


def settings(schedule: str | None = None) -> TeamSettings:
    parsed = Schedule.parse(schedule, "Europe/Bucharest") if schedule else None
    return TeamSettings(
        "security", "security", "Europe/Bucharest", parsed, dt.timedelta(hours=24), None, "s", "c"
    )


def local(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=BUCHAREST)


EVERY_OTHER_MONDAY = MeetingHistory(
    starts=(local("2024-02-12T10:00"), local("2024-02-26T10:00"), local("2024-03-11T10:00")),
    stated_next=dt.date(2024, 3, 20),
    time_of_day=dt.time(10, 0),
)


def test_a_schedule_beats_what_the_minutes_say():
    plan = plan_meetings(settings("FREQ=WEEKLY;BYDAY=TU;BYHOUR=9"), EVERY_OTHER_MONDAY)
    assert plan.source == "schedule"
    assert plan.next_after(local("2024-03-11T12:00")) == local("2024-03-12T09:00")


def test_the_minutes_stated_date_comes_before_the_cadence_then_the_cadence_goes_on():
    plan = plan_meetings(settings(), EVERY_OTHER_MONDAY)
    assert plan.source == "minutes"
    first = plan.next_after(local("2024-03-11T12:00"))
    assert first == local("2024-03-20T10:00")
    assert plan.next_after(first) == local("2024-03-25T10:00")


def test_cadence_needs_three_meetings_that_agree():
    agree = MeetingHistory(EVERY_OTHER_MONDAY.starts, None, dt.time(10, 0))
    assert plan_meetings(settings(), agree).next_after(local("2024-03-12T00:00")) == local(
        "2024-03-25T10:00"
    )
    disagree = MeetingHistory(
        (local("2024-02-19T10:00"), local("2024-02-26T10:00"), local("2024-03-11T10:00")),
        None,
        dt.time(10, 0),
    )
    assert plan_meetings(settings(), disagree) is None
    two = MeetingHistory(EVERY_OTHER_MONDAY.starts[1:], None, dt.time(10, 0))
    assert plan_meetings(settings(), two) is None


def test_cadence_keeps_the_local_time_across_daylight_saving():
    weekly = MeetingHistory(
        (local("2024-03-11T10:00"), local("2024-03-18T10:00"), local("2024-03-25T10:00")),
        None,
        dt.time(10, 0),
    )
    after = plan_meetings(settings(), weekly).next_after(local("2024-03-26T00:00"))
    assert after == local("2024-04-01T10:00")
    assert after.astimezone(dt.UTC).hour == 7  # summer time since 31 March


@pytest.fixture
async def unscheduled(tmp_path):
    box = await start(tmp_path, team_config(tmp_path, security=""), now="2024-03-11T12:00+02:00")
    yield box
    await box.stop()


async def test_without_a_schedule_the_minutes_stated_date_is_reminded(unscheduled):
    box = unscheduled
    text = minutes("2024-03-11T10:00:00+02:00", "WG 11 March", next_meeting="2024-03-20")
    await upload(box, text)
    await step(box, ":advance 7d")  # Monday 18 March: no meeting that day for this team
    assert reminders(box) == []
    await step(box, ":advance 1d")  # Tuesday 19 March noon: 24 h before Wednesday 10:00
    (reminder,) = reminders(box)
    assert stamp("2024-03-20T10:00:00+02:00") in reminder.content


async def test_without_a_schedule_or_a_date_the_cadence_is_reminded(unscheduled):
    box = unscheduled
    for day in ("02-12", "02-26", "03-11"):
        await upload(box, minutes(f"2024-{day}T10:00:00+02:00", f"WG {day}"), f"wg-{day}.md")
    await step(box, ":advance 7d")  # every other Monday: nothing on the 18th
    assert reminders(box) == []
    await step(box, ":advance 6d")  # Sunday 24 March noon
    (reminder,) = reminders(box)
    assert stamp("2024-03-25T10:00:00+02:00") in reminder.content
    # Carried over three meetings, and the minutes it comes from named by file.
    assert ":repeat:" in reminder.content and "open for 3 meetings" in reminder.content
    assert "`wg-03-11.md`" in reminder.content


async def test_a_team_with_nothing_to_go_by_gets_no_reminder(unscheduled):
    await upload(unscheduled, SECURITY)  # one meeting, no stated next date
    await step(unscheduled, ":advance 30d")
    assert reminders(unscheduled) == []
    assert ledger_rows(unscheduled) == []


async def test_reminders_go_out_at_the_right_utc_instant_across_daylight_saving(tmp_path):
    # Meetings on Monday 10:00 Bucharest: 08:00 UTC on 25 March, 07:00 UTC on 1 April.
    box = await start(tmp_path, team_config(tmp_path), now="2024-03-24T07:58:00+00:00")
    try:
        await upload(box, SECURITY)
        await step(box, ":advance 1m")  # 07:59 UTC
        assert reminders(box) == []
        await step(box, ":advance 2m")  # 08:01 UTC, past 24 h before 08:00 UTC Monday
        assert len(reminders(box)) == 1
        await step(box, ":now 2024-03-31T06:59:00+00:00")
        assert len(reminders(box)) == 1
        await step(box, ":advance 2m")  # 07:01 UTC: 24 h before 10:00 summer time
        second = reminders(box)[-1]
        assert len(reminders(box)) == 2
        assert stamp("2024-04-01T10:00:00+03:00") in second.content
        assert "late" not in second.content
    finally:
        await box.stop()


async def test_a_meeting_in_the_hour_spring_forward_skips_is_reminded_once(tmp_path):
    # Sunday 03:30 in Bucharest; on 2025-03-30 that hour is skipped and the meeting is at
    # 01:30 UTC. Its reminder, 30 minutes before, falls after the jump (04:00 summer time).
    sunday = 'schedule = "FREQ=WEEKLY;BYDAY=SU;BYHOUR=3;BYMINUTE=30"\n'
    config = Path(team_config(tmp_path, security=sunday))
    config.write_text(config.read_text().replace('"24h"', '"30m"'))
    box = await start(tmp_path, str(config), now="2025-03-29T12:00:00+02:00")
    try:
        await upload(box, SECURITY)
        await step(box, ":advance 2d")
        sent = reminders(box)
        assert len(sent) == 1
        assert stamp("2025-03-30T01:30:00+00:00") in sent[0].content
        assert [row["status"] for row in ledger_rows(box)] == ["sent"]
    finally:
        await box.stop()
