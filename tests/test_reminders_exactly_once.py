"""Exactly once across restarts: a crash around the post, split reminders, downtime."""

import datetime as dt
import json
import logging

import pytest
from reminders_helpers import (
    SECURITY,
    ledger_rows,
    reminders,
    stamp,
    start,
    step,
    team_config,
    upload,
)

from bot.reminders import ledger


class SimulatedCrash(BaseException):
    """The process dying: nothing in the bot catches it (APScheduler only logs it)."""


@pytest.fixture
def crash_once(monkeypatch):
    """Make the ledger write of ``step`` (after the ``nth`` such write) kill the delivery."""

    def arm(step_name: str, nth: int = 1) -> None:
        seen = {"count": 0}

        def hook(name: str) -> None:
            if name == step_name:
                seen["count"] += 1
                if seen["count"] == nth:
                    raise SimulatedCrash(f"killed before the ledger's {name} write")

        monkeypatch.setattr(ledger, "before_write", hook)

    return arm


@pytest.fixture
async def box(tmp_path):
    sandbox = await start(tmp_path, team_config(tmp_path))
    yield sandbox
    await sandbox.stop()


def many_items(count: int) -> str:
    owners = ["SJ", "AA", "TT", "CB"]
    lines = [
        f"\n{owners[n % 4]}: Follow-up number {n} " + "with a long explanation " * 8 + "."
        for n in range(count)
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("crash_at", ["part", "finish"])
async def test_a_crash_right_after_the_post_sends_no_second_reminder(box, crash_once, crash_at):
    await upload(box, SECURITY)
    crash_once(crash_at)
    await step(box, ":now 2024-03-17T10:00:00+02:00")  # due: posted, then the process "dies"
    assert len(reminders(box)) == 1
    assert ledger_rows(box)[0]["status"] == "intent"

    ledger.before_write = None
    await box.restart()
    await step(box, ":advance 1h")
    assert len(reminders(box)) == 1
    (row,) = ledger_rows(box)
    assert row["status"] == "sent"
    assert row["message_ids"] == f"[{reminders(box)[0].id}]"


async def test_a_crash_before_the_post_sends_it_after_the_restart(box, crash_once):
    await upload(box, SECURITY)
    crash_once("intent")  # dies before anything is written or posted
    await step(box, ":now 2024-03-17T10:00:00+02:00")
    assert reminders(box) == []
    ledger.before_write = None
    await box.restart()
    (reminder,) = reminders(box)
    assert stamp("2024-03-18T10:00:00+02:00") in reminder.content


async def test_a_split_reminder_interrupted_between_parts_is_completed_once(box, crash_once):
    await upload(box, SECURITY + many_items(40))
    crash_once("part", nth=2)  # part 2 is posted, the process dies before recording it
    await step(box, ":now 2024-03-17T10:00:00+02:00")
    posted = reminders(box)
    assert len(posted) == 2
    assert len(json.loads(ledger_rows(box)[0]["message_ids"])) == 1
    ledger.before_write = None

    await box.restart()
    await step(box, ":advance 1h")
    parts = reminders(box)
    total = len(parts)
    assert total >= 3
    # Every part exactly once, numbered, and within Discord's limit.
    assert [p.id for p in parts[:2]] == [p.id for p in posted]
    for index, part in enumerate(parts[1:], start=2):
        assert f"(part {index}/{total})" in part.content.split("\n", 1)[0]
    assert all(len(p.content) <= 2000 for p in parts)
    (row,) = ledger_rows(box)
    assert row["status"] == "sent"
    assert row["message_ids"].count(",") == total - 1


async def test_a_reminder_due_while_the_bot_was_down_is_sent_late_at_start(box):
    await upload(box, SECURITY)
    await step(box, ":advance 5d")  # Saturday noon
    await box.restart(down_for=dt.timedelta(days=1))  # Sunday noon
    (reminder,) = reminders(box)
    assert "late" in reminder.content
    assert stamp("2024-03-18T10:00:00+02:00") in reminder.content
    await step(box, ":advance 1h")
    assert len(reminders(box)) == 1


async def test_a_meeting_missed_while_down_is_recorded_and_logged(box, caplog):
    await upload(box, SECURITY)
    await step(box, ":advance 5d")  # Saturday 16 March, noon
    with caplog.at_level(logging.WARNING):
        await box.restart(down_for=dt.timedelta(days=8))  # Sunday 24 March, noon
    rows = {row["occurrence"]: row for row in ledger_rows(box)}
    missed = rows["2024-03-18T08:00:00+00:00"]
    assert missed["status"] == "missed"
    assert "offline" in missed["detail"]
    assert any("missed" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)
    # The next meeting's reminder, due two hours ago, went out late; the missed one did not.
    (reminder,) = reminders(box)
    assert stamp("2024-03-25T10:00:00+02:00") in reminder.content and "late" in reminder.content
    assert rows["2024-03-25T08:00:00+00:00"]["late"] == 1


async def test_two_meetings_missed_while_down_are_both_recorded(box):
    await upload(box, SECURITY)
    await step(box, ":advance 1d")
    await box.restart(down_for=dt.timedelta(days=15))  # Wed 13 → Thu 28 March
    statuses = [(r["occurrence"][:10], r["status"]) for r in ledger_rows(box)]
    assert statuses == [("2024-03-18", "missed"), ("2024-03-25", "missed")]
    assert reminders(box) == []
