"""/minutes add (file, pasted, date), list, show, remove; minutes posted in a channel."""

import pytest
from commands_helpers import SECURITY, add_minutes, item_ids, running_sandbox

NO_DATE = SECURITY.replace(b"datetime: 2024-03-11T10:00:00+02:00\n", b"")


@pytest.fixture
async def sandbox(tmp_path):
    async with running_sandbox(tmp_path) as box:
        yield box


async def test_the_summary_counts_items_per_owner_and_says_how_to_link(sandbox):
    result = await add_minutes(sandbox)
    assert result.deferred and not result.ephemeral
    text = result.content
    assert "Stored **Security WG, March 11, 2024** for team **security**: 5 follow-ups" in text
    assert f"<@{sandbox.emulator.member_id('alex')}>: 1" in text
    assert "CB (unresolved): 1" in text and "/people link" in text


async def test_uploading_the_meeting_again_updates_it_and_keeps_statuses(sandbox):
    await add_minutes(sandbox)
    await sandbox.emulator.invoke("stefan", "general", "todo done", {"item": 1})
    edited = SECURITY.replace(b"TT: Investigate", b"TT: Really investigate")
    again = await add_minutes(sandbox, content=edited, name="v2.md")
    assert "Updated **Security WG" in again.content
    assert "5 kept with their status" in again.content
    done = await sandbox.emulator.invoke("stefan", "general", "todos", {"status": "done"})
    assert item_ids(done.content) == [1]


async def test_files_that_are_not_markdown_or_too_big_are_refused(sandbox):
    emu = sandbox.emulator
    pdf = emu.add_attachment("minutes.pdf", b"%PDF", content_type="application/pdf")
    refused = await emu.invoke("ana", "minutes", "minutes add", {"file": pdf})
    assert refused.ephemeral and "not a Markdown file" in refused.content
    big = emu.add_attachment("big.md", b"x" * 1_000_001)
    refused = await emu.invoke("ana", "minutes", "minutes add", {"file": big})
    assert refused.ephemeral and "1 MB at most" in refused.content


async def test_date_fills_in_the_front_matter(sandbox):
    emu = sandbox.emulator
    without = await add_minutes(sandbox, content=NO_DATE, name="nodate.md")
    assert "no datetime in the front matter" in without.content
    bad = await add_minutes(sandbox, content=NO_DATE, name="nodate.md", date="March 11th")
    assert bad.ephemeral and "2024-03-11T10:00+02:00" in bad.content
    await emu.invoke("stefan", "general", "todo done", {"item": 1})
    dated = await add_minutes(
        sandbox, content=NO_DATE, name="dated.md", date="2024-03-18T10:00+02:00"
    )
    assert "no datetime" not in dated.content
    # The undated meeting got its date: one meeting, its items and their statuses kept.
    assert "Updated" in dated.content and "5 kept with their status" in dated.content
    listed = await emu.invoke("ana", "general", "minutes list", {"team": "security"})
    assert "<t:1710748800:d>" in listed.content  # 2024-03-18 10:00 +02:00
    assert listed.content.count("follow-ups") == 1
    done = await emu.invoke("stefan", "general", "todos", {"status": "done"})
    assert item_ids(done.content) == [1]


async def test_date_corrects_the_date_of_the_meeting_stored_from_the_same_file(sandbox):
    emu = sandbox.emulator
    await add_minutes(sandbox)  # dated 2024-03-11 in its front matter, wrongly
    await emu.invoke("stefan", "general", "todo done", {"item": 1})
    fixed = await add_minutes(sandbox, date="2024-03-18T10:00+02:00")
    assert "Updated" in fixed.content and "5 kept with their status" in fixed.content
    listed = await emu.invoke("ana", "general", "minutes list", {"team": "security"})
    assert listed.content.count("follow-ups") == 1 and "<t:1710748800:d>" in listed.content
    done = await emu.invoke("stefan", "general", "todos", {"status": "done"})
    assert item_ids(done.content) == [1]


async def test_without_a_file_a_modal_takes_pasted_minutes(sandbox):
    emu = sandbox.emulator
    opened = await emu.invoke("ana", "minutes", "minutes add", {})
    assert opened.modal is not None
    stored = await emu.submit_modal("ana", opened, {"minutes:text": SECURITY.decode()})
    assert "5 follow-ups" in stored.content and not stored.ephemeral
    broken = await emu.invoke("ana", "minutes", "minutes add", {})
    refused = await emu.submit_modal("ana", broken, {"minutes:text": "---\ntitle: [x\n---\n"})
    assert refused.ephemeral and "pasted.md" in refused.content


async def test_the_modal_is_not_even_offered_to_non_secretaries(sandbox):
    refused = await sandbox.emulator.invoke("jeni", "minutes", "minutes add", {})
    assert refused.modal is None and refused.ephemeral and "`secretary` role" in refused.content


async def test_list_and_show(sandbox):
    emu = sandbox.emulator
    empty = await emu.invoke("jeni", "general", "minutes list", {})
    assert "none yet" in empty.content
    await add_minutes(sandbox)
    listed = await emu.invoke("jeni", "general", "minutes list", {})
    assert (
        "Security WG, March 11, 2024" in listed.content and "5 follow-ups, 5 open" in listed.content
    )
    choices = await emu.autocomplete(
        "jeni", "general", "minutes show", {"meeting": "march"}, focused="meeting"
    )
    assert choices == [{"name": "Security WG, March 11, 2024 · security", "value": 1}]
    shown = await emu.invoke("jeni", "general", "minutes show", {"meeting": 1})
    assert sorted(item_ids(shown.content)) == [1, 2, 3, 4, 5]
    missing = await emu.invoke("jeni", "general", "minutes show", {"meeting": 9})
    assert missing.ephemeral and "/minutes list" in missing.content


async def test_remove_asks_first_and_only_secretaries_may(sandbox):
    emu = sandbox.emulator
    await add_minutes(sandbox)
    refused = await emu.invoke("stefan", "general", "minutes remove", {"meeting": 1})
    assert refused.ephemeral and "`secretary` role" in refused.content
    asked = await emu.invoke("ana", "general", "minutes remove", {"meeting": 1})
    assert "cannot be undone" in asked.content
    other = await emu.click("stefan", asked.message, "confirm:yes")
    assert other.ephemeral and "Only who ran the command" in other.content
    await emu.click("ana", asked.message, "confirm:no")
    assert "Cancelled" in emu.state.messages[asked.message.id].content
    assert "5 follow-ups" in (await emu.invoke("ana", "general", "minutes list", {})).content

    asked = await emu.invoke("ana", "general", "minutes remove", {"meeting": 1})
    await emu.click("ana", asked.message, "confirm:yes")
    assert "Removed **Security WG" in emu.state.messages[asked.message.id].content
    listed = await emu.invoke("ana", "general", "todos", {"team": "security"})
    assert item_ids(listed.content) == []


async def test_removing_a_meeting_keeps_what_later_minutes_carried_over(sandbox):
    emu = sandbox.emulator
    await add_minutes(sandbox)
    # A week later the same follow-ups are written down again, and one new.
    later = SECURITY.replace(b"2024-03-11T10:00:00+02:00", b"2024-03-18T10:00:00+02:00")
    later = later.replace(b"March 11, 2024", b"March 18, 2024")
    later += b"\nAA: Rotate the release keys.\n"
    await add_minutes(sandbox, content=later, name="later.md")
    listed = await emu.invoke("ana", "general", "minutes list", {})
    assert listed.content.count("follow-ups, ") == 2 and "5 follow-ups" in listed.content
    assert "6 follow-ups" in listed.content  # carried over into the later meeting, and one new
    shown = await emu.invoke("ana", "general", "minutes show", {"meeting": 2})
    assert len(item_ids(shown.content)) == 6  # as many as the list says

    asked = await emu.invoke("ana", "general", "minutes remove", {"meeting": 1})
    assert "Every item in it is in later minutes too, and stays." in asked.content
    await emu.click("ana", asked.message, "confirm:yes")
    left = await emu.invoke("ana", "general", "todos", {"team": "security"})
    assert len(item_ids(left.content)) == 6
    shown = await emu.invoke("ana", "general", "minutes show", {"meeting": 2})
    assert len(item_ids(shown.content)) == 6


async def _reply_to(emu, message, timeout=5.0):
    return await emu.wait_for_message(
        lambda m: str((m.message_reference or {}).get("message_id")) == str(message.id), timeout
    )


async def test_minutes_posted_in_the_minutes_channel_are_stored(sandbox):
    emu = sandbox.emulator
    attachment = emu.add_attachment("security.md", SECURITY, content_type="text/markdown")
    posted = await emu.post_message("ana", "minutes", "Today's minutes", attachments=[attachment])
    answer = await _reply_to(emu, posted)
    assert "5 follow-ups" in answer.content and not answer.pinged_user_ids
    listed = await emu.invoke("ana", "general", "todos", {"team": "security"})
    assert sorted(item_ids(listed.content)) == [1, 2, 3, 4, 5]


async def test_posted_minutes_from_non_secretaries_are_refused_in_a_reply(sandbox):
    emu = sandbox.emulator
    attachment = emu.add_attachment("security.md", SECURITY)
    posted = await emu.post_message("jeni", "minutes", "minutes", attachments=[attachment])
    answer = await _reply_to(emu, posted)
    assert "`secretary` role" in answer.content
    assert item_ids((await emu.invoke("ana", "general", "todos", {})).content) == []


async def test_posted_minutes_elsewhere_or_by_bots_are_ignored(sandbox):
    emu = sandbox.emulator
    before = len(emu.messages())
    elsewhere = [emu.add_attachment("a.md", SECURITY)]
    await emu.post_message("ana", "general", "minutes", attachments=elsewhere)
    by_bot = [emu.add_attachment("b.md", SECURITY)]
    await emu.post_message(emu.bot_user_id, "minutes", "minutes", attachments=by_bot)
    listed = await emu.invoke("ana", "general", "minutes list", {})
    assert "none yet" in listed.content
    # The bot's own post and the list: no reply to either message.
    assert len(emu.messages()) == before + 2


async def test_a_refusal_after_storing_began_is_private_like_the_others(sandbox):
    # An empty file parses; only storing refuses it, after the public "thinking…".
    refused = await add_minutes(sandbox, content=b"", name="empty.md")
    shown = [m for m in refused.messages if not m.deleted]
    assert [m.ephemeral for m in shown] == [True]
    assert "empty.md: no front matter and no follow-up section" in refused.content
    public = [m for m in sandbox.emulator.messages() if not m.ephemeral and not m.deleted]
    assert not any("empty.md" in m.text for m in public)
