"""The walking skeleton through the emulator: minutes in, /todos, a reminder, exactly once."""

import re

import pytest
from commands_helpers import SECURITY, add_minutes
from sandbox_harness import start_sandbox, step


@pytest.fixture
async def sandbox(tmp_path):
    box = await start_sandbox(tmp_path)
    yield box
    await box.stop()


def reminders(sandbox):
    return [m for m in sandbox.emulator.messages("security") if "Follow-ups for" in m.content]


def item_ids(text):
    return [int(n) for n in re.findall(r"`#(\d+)`", text)]


async def test_secretary_uploads_minutes_and_gets_a_summary(sandbox):
    result = await add_minutes(sandbox)
    assert not result.ephemeral
    text = result.content
    assert "Security WG, March 11, 2024" in text
    assert "5 follow-ups" in text
    # Linked owners shown as members (without pinging them), the unresolved one flagged.
    emu = sandbox.emulator
    assert f"<@{emu.member_id('stefan')}>: 2" in text
    assert "CB (unresolved): 1" in text
    assert all(not m.pinged_user_ids for m in result.messages)


async def test_todos_by_initials_lists_exactly_that_owners_items(sandbox):
    await add_minutes(sandbox)
    result = await sandbox.emulator.invoke("sergiu", "general", "todos", {"owner": "SJ"})
    assert result.ephemeral
    assert "Verify proper header inclusion" in result.content
    assert "Post workaround with inline assembly" in result.content
    assert len(item_ids(result.content)) == 2
    assert "Read papers" not in result.content


async def test_reminder_goes_out_once_pinging_each_linked_owner_once(sandbox):
    await add_minutes(sandbox)
    emu = sandbox.emulator
    await step(sandbox, ":advance 5d")  # Saturday noon: nothing due yet
    assert reminders(sandbox) == []

    await step(sandbox, ":advance 1d")  # past Sunday 10:00, 24 h before the meeting
    sent = reminders(sandbox)
    assert len(sent) == 1
    reminder = sent[0]
    linked = {emu.member_id(name) for name in ("stefan", "alex", "teo")}
    assert reminder.pinged_user_ids == linked
    for user_id in linked:
        assert len(re.findall(rf"<@!?{user_id}>", reminder.content)) == 1
    assert not reminder.pinged_everyone and not reminder.pinged_role_ids
    assert sorted(item_ids(reminder.content)) == [1, 2, 3, 4, 5]
    assert "late" not in reminder.content

    await step(sandbox, ":advance 1h")
    assert len(reminders(sandbox)) == 1


async def test_done_item_leaves_the_next_reminder(sandbox):
    await add_minutes(sandbox)
    done = await sandbox.emulator.invoke("stefan", "general", "todo done", {"item": "2"})
    assert done.ephemeral and "done" in done.content
    await step(sandbox, ":advance 6d")
    (reminder,) = reminders(sandbox)
    assert sorted(item_ids(reminder.content)) == [1, 3, 4, 5]


async def test_someone_elses_item_cannot_be_closed(sandbox):
    await add_minutes(sandbox)
    refused = await sandbox.emulator.invoke("alex", "general", "todo done", {"item": "1"})
    assert refused.ephemeral
    assert "not yours" in refused.content
    still = await sandbox.emulator.invoke("alex", "general", "todos", {"owner": "SJ"})
    assert 1 in item_ids(still.content)


async def test_only_secretaries_add_minutes(sandbox):
    refused = await add_minutes(sandbox, member="jeni")
    assert refused.ephemeral and "secretary" in refused.content
    listed = await sandbox.emulator.invoke("jeni", "general", "todos", {"team": "security"})
    assert item_ids(listed.content) == []


async def test_same_minutes_twice_change_nothing(sandbox):
    await add_minutes(sandbox)
    again = await add_minutes(sandbox)
    assert "nothing changed" in again.content
    listed = await sandbox.emulator.invoke("ana", "general", "todos", {"team": "security"})
    assert sorted(item_ids(listed.content)) == [1, 2, 3, 4, 5]


async def test_mentions_inside_minutes_never_ping(sandbox):
    emu = sandbox.emulator
    jeni = emu.member_id("jeni")
    role = emu.role_id("secretary")
    hostile = SECURITY.replace(
        b"TT: Investigate current issue with CET support.",
        f"TT: Investigate CET @everyone @here <@{jeni}> <@&{role}>.".encode(),
    )
    result = await add_minutes(sandbox, content=hostile)
    assert "5 follow-ups" in result.content
    await step(sandbox, ":advance 6d")
    (reminder,) = reminders(sandbox)
    assert "@everyone" in reminder.content
    assert jeni not in reminder.pinged_user_ids
    assert not reminder.pinged_everyone and not reminder.pinged_role_ids


async def test_broken_minutes_are_refused_with_file_and_line_and_store_nothing(sandbox):
    broken = b'---\ntitle: "Broken quote\nteams: [infra\n---\n\n## TODOs\n\nPD: x\n'
    result = await add_minutes(sandbox, content=broken, name="broken.md")
    assert "broken.md" in result.content and "line" in result.content
    listed = await sandbox.emulator.invoke("ana", "general", "todos", {})
    assert item_ids(listed.content) == []


@pytest.mark.parametrize("owner", ["SJ", "sj", "ȘtefanJ", "@stefan", "stefan"])
async def test_todos_finds_an_owner_by_initials_name_or_member(sandbox, owner):
    await add_minutes(sandbox)
    result = await sandbox.emulator.invoke("jeni", "general", "todos", {"owner": owner})
    assert sorted(item_ids(result.content)) == [1, 2]


async def test_todos_for_an_owner_nobody_has_says_so(sandbox):
    await add_minutes(sandbox)
    result = await sandbox.emulator.invoke("jeni", "general", "todos", {"owner": "nobody"})
    assert "No follow-up has an owner called `nobody`" in result.content
    done = await sandbox.emulator.invoke("teo", "general", "todo done", {"item": "5"})
    assert "done" in done.content
    result = await sandbox.emulator.invoke("jeni", "general", "todos", {"owner": "TT"})
    assert "none" in result.content and "No follow-up has" not in result.content


async def test_minutes_naming_several_teams_must_say_which(sandbox):
    several = SECURITY.replace(b"teams:\n- security", b"teams:\n- security\n- storage")
    refused = await add_minutes(sandbox, content=several, channel="general")
    assert refused.ephemeral
    assert "several teams (security, storage)" in refused.content
    chosen = await add_minutes(sandbox, content=several, channel="general", team="storage")
    assert "for team **storage**" in chosen.content
    # In a team's own minutes channel, that team is meant.
    in_minutes = await add_minutes(sandbox, content=several, channel="minutes")
    assert "for team **security**" in in_minutes.content


async def test_other_minutes_for_the_same_meeting_say_what_they_replace(sandbox):
    await add_minutes(sandbox)
    other = SECURITY.replace(b'title: "Security WG, March 11, 2024"', b'title: "Other WG"')
    result = await add_minutes(sandbox, content=other, name="other.md")
    assert "replace the earlier upload (security.md)" in result.content
    assert "'Security WG, March 11, 2024'" in result.content
