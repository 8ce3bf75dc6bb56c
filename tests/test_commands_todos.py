"""/todos: whose, which team, which status, private or public, and long lists paged."""

import re

import pytest
from commands_helpers import add_minutes, item_ids, minutes_with, running_sandbox

from bot.emulator.errors import EmulatorError


@pytest.fixture
async def sandbox(tmp_path):
    async with running_sandbox(tmp_path) as box:
        yield box


async def test_without_options_the_callers_own_items_privately(sandbox):
    await add_minutes(sandbox)
    mine = await sandbox.emulator.invoke("stefan", "general", "todos", {})
    assert mine.ephemeral and "Your open follow-ups" in mine.content
    assert sorted(item_ids(mine.content)) == [1, 2]


async def test_without_items_of_ones_own_the_channels_team(sandbox):
    await add_minutes(sandbox)
    here = await sandbox.emulator.invoke("jeni", "security", "todos", {})
    assert "Open follow-ups in security" in here.content
    assert sorted(item_ids(here.content)) == [1, 2, 3, 4, 5]


async def test_each_item_shows_team_meeting_and_carry_over(sandbox):
    await add_minutes(sandbox)
    repeated = ["SJ: Verify proper header inclusion for `ukalloc_ifpages`."]
    later = minutes_with(repeated, title="Next", when="2024-03-18T10:00:00+02:00")
    await add_minutes(sandbox, content=later, name="next.md")
    listed = await sandbox.emulator.invoke("stefan", "general", "todos", {})
    first = listed.content.split("`#2`")[0]
    assert "`#1`" in first and "security" in first
    assert "from <t:1710144000:d>" in first  # the meeting of 2024-03-11 10:00 +02:00
    assert "carried over 1 time" in first


async def test_status_done_and_all(sandbox):
    await add_minutes(sandbox)
    await sandbox.emulator.invoke("stefan", "general", "todo done", {"item": 2})
    done = await sandbox.emulator.invoke("jeni", "general", "todos", {"status": "done"})
    assert item_ids(done.content) == [2] and "Done follow-ups" in done.content
    options = {"team": "security", "status": "all"}
    every = await sandbox.emulator.invoke("jeni", "general", "todos", options)
    assert sorted(item_ids(every.content)) == [1, 2, 3, 4, 5]


async def test_public_posts_in_the_channel_without_pinging(sandbox):
    await add_minutes(sandbox)
    shown = await sandbox.emulator.invoke(
        "jeni", "security", "todos", {"team": "security", "public": True}
    )
    assert not shown.ephemeral
    assert f"<@{sandbox.emulator.member_id('stefan')}>" in shown.content
    assert all(not m.pinged_user_ids and not m.pinged_everyone for m in shown.messages)


async def test_owner_autocomplete_offers_members_and_unlinked_tokens(sandbox):
    await add_minutes(sandbox)
    emu = sandbox.emulator
    choices = await emu.autocomplete("ana", "general", "todos", {"owner": ""}, focused="owner")
    values = [c["value"] for c in choices]
    assert f"<@{emu.member_id('stefan')}>" in values and "CB" in values
    assert len(choices) <= 25
    picked = await emu.invoke("ana", "general", "todos", {"owner": "CB"})
    assert item_ids(picked.content) == [4]
    stefan = f"<@{emu.member_id('stefan')}>"
    by_mention = await emu.invoke("ana", "general", "todos", {"owner": stefan})
    assert sorted(item_ids(by_mention.content)) == [1, 2]


async def test_300_items_of_3000_characters_page_within_discords_limits(sandbox):
    texts = [f"SJ: Task {n} " + "x" * 3000 for n in range(300)]
    stored = await add_minutes(sandbox, content=minutes_with(texts), name="big.md")
    assert "300 follow-ups" in stored.content
    emu = sandbox.emulator
    listed = await emu.invoke("stefan", "general", "todos", {})
    first = listed.message
    pages = int(re.search(r"page 1/(\d+)", first.content)[1])
    assert len(first.content) <= 2000 and "more" not in first.content
    seen = item_ids(first.content)
    clicked = await emu.click("stefan", first, "page:next")
    assert clicked.responded
    page = emu.state.messages[first.id]
    assert f"page 2/{pages}" in page.content and len(page.content) <= 2000
    # Page 2 goes on where page 1 stopped: no item is skipped.
    assert item_ids(page.content)[0] == seen[-1] + 1
    assert len(seen) * pages >= 300
    options = {"item": ""}
    choices = await emu.autocomplete("stefan", "general", "todo done", options, focused="item")
    assert len(choices) == 25 and all(len(c["name"]) <= 100 for c in choices)


async def test_only_the_caller_turns_the_pages(sandbox):
    texts = [f"SJ: Task {n}" for n in range(30)]
    await add_minutes(sandbox, content=minutes_with(texts), name="big.md")
    emu = sandbox.emulator
    listed = await emu.invoke("stefan", "security", "todos", {"public": True})
    refused = await emu.click("jeni", listed.message, "page:next")
    assert refused.ephemeral and "Only who ran the command" in refused.content
    assert "page 1/3" in emu.state.messages[listed.message.id].content


async def test_an_unknown_team_is_refused_with_the_known_ones(sandbox):
    await add_minutes(sandbox)
    refused = await sandbox.emulator.invoke("jeni", "general", "todos", {"team": "nope"})
    assert refused.ephemeral
    assert "There is no team `nope`: `team:` is one of security, storage." in refused.content
    assert ":tada:" not in refused.content


async def test_teams_known_from_minutes_or_team_setup_are_listed(sandbox):
    infra = minutes_with(["SJ: Rotate the keys."]).replace(b"- security", b"- infra")
    await add_minutes(sandbox, content=infra, name="infra.md")
    emu = sandbox.emulator
    setup = {
        "team": "docs",
        "channel": "storage",
        "schedule": "every Monday 10:00",
        "timezone": "UTC",
        "remind_before": "2h",
    }
    await emu.invoke("ana", "general", "team setup", setup)
    listed = await emu.invoke("jeni", "general", "todos", {"team": "infra"})
    assert "Open follow-ups in infra" in listed.content and "Rotate the keys" in listed.content
    refused = await emu.invoke("jeni", "general", "todos", {"team": "nope"})
    assert "is one of docs, infra, security, storage." in refused.content
    offered = await emu.autocomplete("jeni", "general", "todos", {"team": ""}, focused="team")
    assert [c["value"] for c in offered] == ["docs", "infra", "security", "storage"]


async def test_the_emulator_sends_only_declared_choices_as_discord_does(sandbox):
    with pytest.raises(EmulatorError, match="status: 'bogus' is not one of the choices open,"):
        await sandbox.emulator.invoke("jeni", "general", "todos", {"status": "bogus"})
    done = await sandbox.emulator.invoke("jeni", "general", "todos", {"status": "done"})
    assert "Done follow-ups" in done.content


async def test_a_status_from_an_older_command_definition_is_refused(sandbox):
    # A Discord client still holding an older definition of /todos could send a status that
    # is no longer a choice: the emulator's registered command is edited to play that client.
    (todos,) = [c for c in sandbox.emulator.state.commands if c["name"] == "todos"]
    (status,) = [o for o in todos["options"] if o["name"] == "status"]
    status["choices"].append({"name": "bogus", "value": "bogus"})
    refused = await sandbox.emulator.invoke("jeni", "general", "todos", {"status": "bogus"})
    assert refused.ephemeral and "`status` is one of open, done, all." in refused.content
