"""Failures nobody planned for: a short private answer, the details in the log only."""

import logging

import pytest
from commands_helpers import add_minutes, minutes_with, running_sandbox


@pytest.fixture
async def sandbox(tmp_path):
    async with running_sandbox(tmp_path) as box:
        yield box


async def test_a_failing_command_answers_privately_and_logs_who_and_where(sandbox, caplog):
    emu = sandbox.emulator
    emu.fail_next("GET", r"^/attachments/", 500)
    with caplog.at_level(logging.ERROR, logger="bot.commands.errors"):
        result = await add_minutes(sandbox)
    assert result.ephemeral
    assert "Something went wrong on our side" in result.content
    assert "Traceback" not in result.content and "HTTPException" not in result.content
    (record,) = [r for r in caplog.records if r.name == "bot.commands.errors"]
    message = record.getMessage()
    assert "command /minutes add failed" in message
    assert str(emu.guild_id) in message and str(emu.member_id("ana")) in message
    assert record.exc_info is not None


async def test_a_failing_button_answers_privately_and_logs(sandbox, caplog):
    emu = sandbox.emulator
    await add_minutes(sandbox, content=minutes_with([f"SJ: Task {n}" for n in range(30)]))
    listed = await emu.invoke("stefan", "general", "todos", {})
    # Discord refuses the page update once; the error handler still answers.
    emu.fail_next("POST", r"^/interactions/\d+/[^/]+/callback", 403)
    with caplog.at_level(logging.ERROR, logger="bot.commands.errors"):
        clicked = await emu.click("stefan", listed.message, "page:next")
    assert clicked.ephemeral and "Something went wrong on our side" in clicked.content
    assert any("Pager item page:next failed" in r.getMessage() for r in caplog.records)


async def test_wrong_input_gets_a_corrective_message_not_a_traceback(sandbox, caplog):
    with caplog.at_level(logging.ERROR):
        result = await sandbox.emulator.invoke("ana", "general", "todo history", {"item": 42})
    assert result.ephemeral and "There is no item #42" in result.content
    assert not [r for r in caplog.records if r.name.startswith("bot.commands")]
