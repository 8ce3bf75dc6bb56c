"""The "Done #id" buttons reminders carry: owners only, and still working after a restart."""

import pytest
from commands_helpers import add_minutes, item_ids, running_sandbox
from sandbox_harness import step

from bot.views import reminder_view


@pytest.fixture
async def sandbox(tmp_path):
    async with running_sandbox(tmp_path) as box:
        yield box


async def post_with_buttons(sandbox, ids):
    client = sandbox.runner.client
    channel = client.get_channel(sandbox.emulator.channel_id("security"))
    sent = await channel.send("Follow-ups for the next meeting", view=reminder_view(ids))
    return sandbox.emulator.state.messages[sent.id]


async def test_an_owner_closes_their_item_from_the_reminder_even_after_a_restart(sandbox):
    await add_minutes(sandbox)
    emu = sandbox.emulator
    message = await post_with_buttons(sandbox, [1, 2, 3, 4, 5])
    await step(sandbox, ":restart")
    clicked = await emu.click("stefan", message, "wgbot:done:2")
    assert clicked.ephemeral and "`#2`" in clicked.content and "is done" in clicked.content
    mine = await emu.invoke("stefan", "general", "todos", {})
    assert item_ids(mine.content) == [1]
    history = await emu.invoke("stefan", "general", "todo history", {"item": 2})
    assert f"<@{emu.member_id('stefan')}> changed status: open → done" in history.content


async def test_nobody_closes_someone_elses_item_from_the_reminder(sandbox):
    await add_minutes(sandbox)
    emu = sandbox.emulator
    message = await post_with_buttons(sandbox, [1, 5])
    for who in ("alex", "ana"):
        refused = await emu.click(who, message, "wgbot:done:5")
        assert refused.ephemeral and "not yours" in refused.content
    listed = await emu.invoke("teo", "general", "todos", {})
    assert item_ids(listed.content) == [5]


async def test_the_view_holds_at_most_25_buttons_and_none_for_no_items():
    assert reminder_view([]) is None
    view = reminder_view(list(range(1, 40)))
    assert view is not None and len(view.children) == 25
    assert view.is_persistent()


async def test_the_real_reminder_carries_the_buttons(sandbox):
    await add_minutes(sandbox)
    emu = sandbox.emulator
    await step(sandbox, ":advance 6d")
    reminder = next(m for m in emu.messages("security") if m.components)
    clicked = await emu.click("teo", reminder, "wgbot:done:5")
    assert "`#5`" in clicked.content and "is done" in clicked.content


async def test_a_removed_items_button_never_closes_a_later_item(sandbox):
    emu = sandbox.emulator
    await add_minutes(sandbox)
    message = await post_with_buttons(sandbox, [5])
    asked = await emu.invoke("ana", "general", "minutes remove", {"meeting": 1})
    stale = await emu.invoke("ana", "general", "minutes remove", {"meeting": 1})
    await emu.click("ana", asked.message, "confirm:yes")

    # Other minutes come in: their ids are new ones, never those of what was removed.
    await add_minutes(sandbox, name="again.md")
    listed = await emu.invoke("ana", "general", "todos", {"team": "security"})
    assert min(item_ids(listed.content)) == 6
    refused = await emu.click("teo", message, "wgbot:done:5")
    assert refused.ephemeral and "no longer exists" in refused.content
    await emu.click("ana", stale.message, "confirm:yes")
    assert "was removed already" in emu.state.messages[stale.message.id].content
    meetings = await emu.invoke("ana", "general", "minutes list", {})
    assert "5 follow-ups" in meetings.content  # the new meeting is still there
