import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.durations import parse_duration
from bot.schedule import Schedule, ScheduleError

BUCHAREST = ZoneInfo("Europe/Bucharest")


def test_weekly_meeting_stays_at_ten_across_daylight_saving():
    schedule = Schedule.parse("FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0", "Europe/Bucharest")
    # Romania moves to summer time on Sunday 2024-03-31.
    before, after = schedule.upcoming(dt.datetime(2024, 3, 20, tzinfo=dt.UTC), 2)
    assert before == dt.datetime(2024, 3, 25, 10, 0, tzinfo=BUCHAREST)
    assert after == dt.datetime(2024, 4, 1, 10, 0, tzinfo=BUCHAREST)
    assert before.astimezone(dt.UTC).hour == 8
    assert after.astimezone(dt.UTC).hour == 7


def test_a_meeting_in_the_skipped_hour_is_still_ahead_once_the_clocks_have_jumped():
    # 2025-03-30 in Bucharest: 03:00 winter time becomes 04:00 summer time, so a 03:30
    # meeting takes place at 01:30 UTC (04:30 on the new clock).
    schedule = Schedule.parse("FREQ=WEEKLY;BYDAY=SU;BYHOUR=3;BYMINUTE=30", "Europe/Bucharest")
    meeting = dt.datetime(2025, 3, 30, 1, 30, tzinfo=dt.UTC)
    for minutes_before in (90, 31, 30, 1):  # the wall clock reads 03:00 then 04:0x, 04:29
        asked = meeting - dt.timedelta(minutes=minutes_before)
        assert schedule.next_after(asked) == meeting
    assert schedule.next_after(meeting) == dt.datetime(2025, 4, 6, 0, 30, tzinfo=dt.UTC)
    assert schedule.next_after(meeting - dt.timedelta(minutes=1)).hour == 4  # shown as 04:30


def test_a_meeting_in_the_repeated_hour_happens_once():
    # 2024-10-27 in Bucharest: 04:00 summer time becomes 03:00 winter time; 03:30 comes twice.
    schedule = Schedule.parse("FREQ=WEEKLY;BYDAY=SU;BYHOUR=3;BYMINUTE=30", "Europe/Bucharest")
    first = dt.datetime(2024, 10, 27, 0, 30, tzinfo=dt.UTC)  # 03:30 summer time
    # (An instant in a repeated hour never equals one in another zone: compare in UTC.)
    assert schedule.next_after(first - dt.timedelta(hours=1)).astimezone(dt.UTC) == first
    assert schedule.next_after(first) == dt.datetime(2024, 11, 3, 1, 30, tzinfo=dt.UTC)


def test_interval_rule_counts_from_its_dtstart():
    rule = "DTSTART:20240506T160000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"
    schedule = Schedule.parse(rule, "Europe/Bucharest")
    found = schedule.upcoming(dt.datetime(2024, 5, 7, tzinfo=dt.UTC), 2)
    assert [m.date().isoformat() for m in found] == ["2024-05-20", "2024-06-03"]


def test_next_after_is_strictly_after():
    schedule = Schedule.parse("FREQ=WEEKLY;BYDAY=MO;BYHOUR=10", "UTC")
    monday_ten = dt.datetime(2024, 3, 11, 10, tzinfo=dt.UTC)
    assert schedule.next_after(monday_ten) == monday_ten + dt.timedelta(days=7)


@pytest.mark.parametrize(
    ("rule", "zone", "words"),
    [
        ("FREQ=SOMETIMES;BYHOUR=9", "UTC", "RRULE"),
        ("FREQ=WEEKLY", "Mars/Olympus", "time zone"),
        ("FREQ=WEEKLY;BYDAY=MO", "UTC", "no time of day"),
        # February 30th never comes: that, not the missing time of day, is what is wrong.
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "UTC", "has no occurrences"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;BYHOUR=10", "UTC", "has no occurrences"),
    ],
)
def test_bad_schedules_say_what_is_wrong(rule, zone, words):
    with pytest.raises(ScheduleError, match=words):
        Schedule.parse(rule, zone)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m", dt.timedelta(minutes=30)),
        ("24h", dt.timedelta(hours=24)),
        ("7d", dt.timedelta(days=7)),
        ("1d12h", dt.timedelta(hours=36)),
    ],
)
def test_durations(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "soon", "7", "7x", "1d garbage"])
def test_bad_durations_are_refused(text):
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)
