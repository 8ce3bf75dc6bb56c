"""/people link, unlink and list: who the names and initials of the minutes are."""

import pytest
from commands_helpers import add_minutes, item_ids, running_sandbox


@pytest.fixture
async def sandbox(tmp_path):
    async with running_sandbox(tmp_path) as box:
        yield box


async def test_linking_an_unresolved_owner_makes_them_own_and_get_pinged(sandbox):
    await add_minutes(sandbox)
    emu = sandbox.emulator
    listed = await emu.invoke("jeni", "general", "people list", {})
    assert "`CB` is not linked (1 open item)" in listed.content
    linked = await emu.invoke("ana", "general", "people link", {"token": "CB", "member": "mirela"})
    assert linked.ephemeral
    assert f"`CB` is now <@{emu.member_id('mirela')}> in every team" in linked.content
    assert "1 open follow-up" in linked.content and not linked.message.pinged_user_ids
    mine = await emu.invoke("mirela", "general", "todos", {})
    assert item_ids(mine.content) == [4]
    listed = await emu.invoke("jeni", "general", "people list", {})
    assert f"`CB` → <@{emu.member_id('mirela')}> (command)" in listed.content
    assert "not linked" not in listed.content


async def test_a_team_link_and_unlink(sandbox):
    await add_minutes(sandbox)
    emu = sandbox.emulator
    options = {"token": "CB", "member": "jeni", "team": "security"}
    await emu.invoke("ana", "general", "people link", options)
    assert item_ids((await emu.invoke("jeni", "general", "todos", {})).content) == [4]
    gone = await emu.invoke("ana", "general", "people unlink", {"token": "CB", "team": "security"})
    assert f"no longer linked to <@{emu.member_id('jeni')}>" in gone.content
    mine = await emu.invoke("jeni", "general", "todos", {"owner": "jeni"})
    assert 4 not in item_ids(mine.content)
    again = await emu.invoke("ana", "general", "people unlink", {"token": "CB"})
    assert again.ephemeral and "is not linked" in again.content


async def test_only_secretaries_link_people(sandbox):
    emu = sandbox.emulator
    refused = await emu.invoke("jeni", "general", "people link", {"token": "CB", "member": "jeni"})
    assert refused.ephemeral and "`secretary` role or Manage Server" in refused.content
    refused = await emu.invoke("jeni", "general", "people unlink", {"token": "SJ"})
    assert refused.ephemeral and "`secretary` role" in refused.content


async def test_unlinked_participants_get_suggestions(sandbox):
    minutes = (
        b'---\ntitle: "S"\ndatetime: 2024-03-11T10:00:00+02:00\nteams: [security]\n'
        b"participants:\n- Sergiu\n---\n\n## TODOs\n\nSergiu: Review the patch.\n"
    )
    await add_minutes(sandbox, content=minutes, name="s.md")
    emu = sandbox.emulator
    listed = await emu.invoke("ana", "general", "people list", {})
    assert f"`Sergiu` is not linked (1 open item) may be <@{emu.member_id('sergiu')}>" in (
        listed.content
    )
    assert "/people link" in listed.content


async def test_unlinking_a_config_link_is_refused_and_names_the_key(sandbox):
    emu = sandbox.emulator
    refused = await emu.invoke("ana", "general", "people unlink", {"token": "ȘtefanJ"})
    assert refused.ephemeral
    assert 'linked by the config file: remove `people."ȘtefanJ"`' in refused.content
    assert "restart" in refused.content
    listed = await emu.invoke("ana", "general", "people list", {})
    assert f"`ȘtefanJ` → <@{emu.member_id('stefan')}> (config)" in listed.content


async def test_linking_in_an_unknown_team_is_refused(sandbox):
    emu = sandbox.emulator
    options = {"token": "CB", "member": "jeni", "team": "nosuchteam"}
    refused = await emu.invoke("ana", "general", "people link", options)
    assert refused.ephemeral
    assert "There is no team `nosuchteam`: `team:` is one of security, storage." in (
        refused.content
    )
    listed = await emu.invoke("ana", "general", "people list", {})
    assert "nosuchteam" not in listed.content
