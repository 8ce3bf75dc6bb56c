"""Delivery failures: rate limits and 5xx are retried until delivered once; a missing channel
or permission is logged, recorded as failed, never dropped silently."""

import json
import logging

import pytest
from reminders_helpers import SECURITY, ledger_rows, reminders, start, step, team_config, upload

POSTS = r"/channels/\d+/messages$"


@pytest.fixture
async def box(tmp_path):
    sandbox = await start(tmp_path, team_config(tmp_path))
    await upload(sandbox, SECURITY)
    yield sandbox
    await sandbox.stop()


def failed_posts(box, status):
    return [r for r in box.emulator.requests if r.method == "POST" and r.status == status]


async def test_rate_limits_and_a_server_error_still_deliver_once(box):
    # The 500 first: discord.py waits 1 s, then longer after each earlier failed try.
    box.emulator.fail_next("POST", POSTS, 500, count=1)
    box.emulator.fail_next("POST", POSTS, 429, count=2, retry_after=0.05)
    await step(box, ":advance 6d")
    assert len(reminders(box)) == 1
    assert len(failed_posts(box, 429)) == 2 and len(failed_posts(box, 500)) == 1
    assert ledger_rows(box)[0]["status"] == "sent"


async def test_errors_discord_py_gives_up_on_are_retried_later_by_the_ledger(box):
    box.emulator.fail_next("POST", POSTS, 503, count=3)  # discord.py does not retry 503
    await step(box, ":advance 6d")
    assert len(reminders(box)) == 1
    assert len(failed_posts(box, 503)) == 3
    (row,) = ledger_rows(box)
    assert (row["status"], row["attempts"]) == ("sent", 3)


async def test_retries_are_bounded_and_the_failure_recorded(box, caplog):
    box.emulator.fail_next("POST", POSTS, 503, count=50)
    with caplog.at_level(logging.WARNING):
        await step(box, ":advance 6d")
    assert reminders(box) == []
    (row,) = ledger_rows(box)
    assert row["status"] == "failed" and "gave up after 6 attempts" in row["detail"]
    assert len(failed_posts(box, 503)) == 6
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("could not be posted" in message for message in warnings)


@pytest.mark.parametrize("notify", [True, False])
async def test_a_deleted_channel_is_recorded_as_failed_with_a_warning(box, caplog, notify):
    box.emulator.delete_channel("security", notify=notify)
    with caplog.at_level(logging.WARNING):
        await step(box, ":advance 6d")
    (row,) = ledger_rows(box)
    assert row["status"] == "failed"
    assert "security" in row["detail"]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert any("reminder for security" in r.getMessage() for r in warnings)
    # Failed is final: the next meeting gets its own attempt, this one is not re-posted.
    await step(box, ":advance 1h")
    assert len(ledger_rows(box)) == 1


async def test_a_missing_permission_is_recorded_as_failed(box, caplog):
    box.emulator.fail_next("POST", POSTS, 403, count=1)
    with caplog.at_level(logging.WARNING):
        await step(box, ":advance 6d")
    (row,) = ledger_rows(box)
    assert row["status"] == "failed" and "403" in row["detail"]
    assert json.loads(row["message_ids"]) == []
