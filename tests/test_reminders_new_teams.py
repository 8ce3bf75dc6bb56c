"""A team the bot has just met (set up, or added to the config) is owed nothing from before."""

import datetime as dt
from pathlib import Path

from reminders_helpers import SECURITY, ledger_rows, reminders, stamp, start, step, team_config

DIGEST = "**Weekly digest for"


async def setup(box, team: str, schedule: str, remind_before: str) -> None:
    values = {
        "team": team,
        "channel": "security",
        "schedule": schedule,
        "timezone": "Europe/Bucharest",
        "remind_before": remind_before,
    }
    result = await box.emulator.invoke("ana", "general", "team setup", values)
    assert "is set up" in result.content, result.content
    await box._settle()


async def test_a_team_set_up_after_its_digest_slot_gets_no_late_digest(tmp_path):
    box = await start(tmp_path, team_config(tmp_path, security=""))  # Monday 12:00
    try:
        await box.emulator.invoke(
            "ana", "minutes", "minutes add", {"file": _attachment(box, SECURITY)}
        )
        # Biweekly: a digest every Monday 09:00, the first three hours before the setup.
        await setup(box, "security", "every 2 weeks on Monday 10:00", "24h")
        assert reminders(box, marker=DIGEST) == []
        assert ledger_rows(box, "digest") == []

        await step(box, ":advance 7d")  # the next Monday: that digest is owed, on time
        (digest,) = reminders(box, marker=DIGEST)
        assert "late" not in digest.content
    finally:
        await box.stop()


async def test_a_reminder_due_before_the_setup_is_not_sent(tmp_path):
    box = await start(tmp_path, team_config(tmp_path))  # Monday 12:00
    try:
        await box.emulator.invoke(
            "ana", "minutes", "minutes add", {"file": _attachment(box, SECURITY)}
        )
        # Tuesday's meeting, tomorrow: its reminder was due ten days ago.
        await setup(box, "security", "every 2 weeks on Tuesday 10:00", "10d")
        assert reminders(box) == []
        assert ledger_rows(box) == []

        await step(box, ":advance 5d")  # Saturday noon: the next reminder came due at 10:00
        (reminder,) = reminders(box)
        assert stamp("2024-03-26T10:00:00+02:00") in reminder.content
        assert "late" not in reminder.content
    finally:
        await box.stop()


async def test_a_team_added_to_the_config_while_down_is_not_caught_up(tmp_path):
    config = Path(team_config(tmp_path))
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[teams.security]", "[teams.other]"), encoding="utf-8")
    box = await start(tmp_path, str(config))
    try:
        await box.emulator.invoke(
            "ana", "minutes", "minutes add", {"file": _attachment(box, SECURITY)}
        )
        await step(box, ":advance 1d")
        config.write_text(text, encoding="utf-8")
        # Down from Tuesday to Sunday noon: Monday's reminder came due Sunday 10:00, when
        # the team was in no config the bot had read.
        await box.restart(down_for=dt.timedelta(days=5))
        assert reminders(box) == []
        assert [r["status"] for r in ledger_rows(box)] == []

        await step(box, ":advance 7d")
        (reminder,) = reminders(box)
        assert stamp("2024-03-25T10:00:00+02:00") in reminder.content
    finally:
        await box.stop()


def _attachment(box, text: str):
    return box.emulator.add_attachment("security.md", text.encode(), content_type="text/markdown")
