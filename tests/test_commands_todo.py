"""/todo done, reopen, assign, snooze, note and history, through the emulator."""

import pytest
from commands_helpers import SECURITY, add_minutes, item_ids, running_sandbox
from sandbox_harness import step


@pytest.fixture
async def sandbox(tmp_path):
    async with running_sandbox(tmp_path) as box:
        yield box


async def invoke(sandbox, who, command, **options):
    return await sandbox.emulator.invoke(who, "general", command, options)


async def test_an_owner_closes_and_reopens_their_item(sandbox):
    await add_minutes(sandbox)
    done = await invoke(sandbox, "stefan", "todo done", item=1)
    assert done.ephemeral and "`#1` is done" in done.content
    again = await invoke(sandbox, "stefan", "todo done", item=1)
    assert "already done" in again.content
    listed = await invoke(sandbox, "stefan", "todos", status="done")
    assert item_ids(listed.content) == [1]
    reopened = await invoke(sandbox, "stefan", "todo reopen", item=1)
    assert "`#1` is open" in reopened.content
    listed = await invoke(sandbox, "stefan", "todos")
    assert sorted(item_ids(listed.content)) == [1, 2]


async def test_others_cannot_change_an_item_but_a_secretary_can(sandbox):
    await add_minutes(sandbox)
    for command, options in [
        ("todo done", {}),
        ("todo reopen", {}),
        ("todo assign", {"member": "jeni"}),
        ("todo snooze", {"until": "2024-04-01"}),
        ("todo note", {"text": "hi"}),
    ]:
        refused = await invoke(sandbox, "jeni", command, item=1, **options)
        assert refused.ephemeral, command
        assert "not yours" in refused.content and "`secretary` role" in refused.content
    history = await invoke(sandbox, "jeni", "todo history", item=1)
    assert "No change since the minutes" in history.content
    closed = await invoke(sandbox, "ana", "todo done", item=1)
    assert "is done" in closed.content


async def test_unknown_item_says_how_to_find_one(sandbox):
    refused = await invoke(sandbox, "stefan", "todo done", item=99)
    assert refused.ephemeral and "no item #99" in refused.content and "/todos" in refused.content


async def test_assign_moves_the_item_to_the_member_and_is_audited(sandbox):
    await add_minutes(sandbox)
    emu = sandbox.emulator
    moved = await invoke(sandbox, "stefan", "todo assign", item=2, member="mirela")
    assert f"<@{emu.member_id('mirela')}>" in moved.content
    assert not any(m.pinged_user_ids for m in moved.messages)
    mine = await invoke(sandbox, "mirela", "todos")
    assert item_ids(mine.content) == [2]
    # Stefan no longer owns it: he cannot close it any more, Mirela can.
    refused = await invoke(sandbox, "stefan", "todo done", item=2)
    assert "not yours" in refused.content
    assert "is done" in (await invoke(sandbox, "mirela", "todo done", item=2)).content
    history = await invoke(sandbox, "jeni", "todo history", item=2)
    lines = history.content.splitlines()
    assert any(
        "changed owner" in line and f"<@{emu.member_id('stefan')}>" in line for line in lines
    )
    assert any("changed status: open → done" in line for line in lines)


async def test_assigning_an_item_to_its_owner_changes_nothing(sandbox):
    await add_minutes(sandbox)
    emu = sandbox.emulator
    same = await invoke(sandbox, "stefan", "todo assign", item=2, member="stefan")
    assert same.ephemeral
    assert f"Item `#2` is already assigned to <@{emu.member_id('stefan')}>." in same.content
    assert "(was" not in same.content
    history = await invoke(sandbox, "jeni", "todo history", item=2)
    assert "No change since the minutes" in history.content


async def test_assignment_survives_uploading_the_minutes_again(sandbox):
    await add_minutes(sandbox)
    await invoke(sandbox, "ana", "todo assign", item=4, member="mirela")
    await add_minutes(sandbox, content=SECURITY.replace(b"Online", b"On line"), name="v2.md")
    mine = await invoke(sandbox, "mirela", "todos")
    assert item_ids(mine.content) == [4]


async def test_snooze_moves_the_due_date_and_history_shows_who(sandbox):
    await add_minutes(sandbox)
    snoozed = await invoke(sandbox, "stefan", "todo snooze", item=1, until="2w")
    assert "now due 2024-03-25" in snoozed.content
    listed = await invoke(sandbox, "stefan", "todos")
    assert "due 2024-03-25" in listed.content
    history = await invoke(sandbox, "stefan", "todo history", item=1)
    assert "changed due: none → 2024-03-25" in history.content
    assert f"<@{sandbox.emulator.member_id('stefan')}>" in history.content


async def test_snooze_refuses_nonsense_and_the_past(sandbox):
    await add_minutes(sandbox)
    bad = await invoke(sandbox, "stefan", "todo snooze", item=1, until="someday")
    assert bad.ephemeral and "2024-04-01, 2w or 10d" in bad.content
    past = await invoke(sandbox, "stefan", "todo snooze", item=1, until="2020-01-01")
    assert "in the past" in past.content


@pytest.mark.parametrize(
    "until", ["3000000d", "1000000000000000000000d", "9999-12-31", "3653d", "2034-03-12"]
)
async def test_snooze_refuses_more_than_ten_years_ahead(sandbox, until):
    await add_minutes(sandbox)
    refused = await invoke(sandbox, "stefan", "todo snooze", item=1, until=until)
    assert refused.ephemeral
    assert f"`{until}` is too far ahead: snooze at most 10 years, until 2034-03-11." in (
        refused.content
    )
    latest = await invoke(sandbox, "stefan", "todo snooze", item=1, until="2034-03-11")
    assert "now due 2034-03-11" in latest.content


async def test_overdue_items_are_flagged(sandbox):
    await add_minutes(sandbox)
    await invoke(sandbox, "stefan", "todo snooze", item=1, until="1d")
    await step(sandbox, ":advance 3d")
    listed = await invoke(sandbox, "stefan", "todos")
    assert "**overdue**, was due 2024-03-12" in listed.content


async def test_notes_are_kept_in_the_history(sandbox):
    await add_minutes(sandbox)
    noted = await invoke(sandbox, "teo", "todo note", item=5, text="Waiting on @everyone <@&1>")
    assert noted.ephemeral and "Note added" in noted.content
    history = await invoke(sandbox, "jeni", "todo history", item=5)
    assert "noted: Waiting on @everyone" in history.content
    assert not any(m.pinged_everyone or m.pinged_role_ids for m in history.messages)


async def test_item_autocomplete_puts_the_callers_items_first(sandbox):
    await add_minutes(sandbox)
    emu = sandbox.emulator
    choices = await emu.autocomplete("teo", "general", "todo done", {"item": ""}, focused="item")
    assert choices[0]["value"] == 5 and choices[0]["name"].startswith("#5 ")
    assert len(choices) == 5 and all(len(c["name"]) <= 100 for c in choices)
    found = await emu.autocomplete(
        "ana", "general", "todo done", {"item": "papers"}, focused="item"
    )
    assert [c["value"] for c in found] == [3]
