"""The weekly digest, and each member's own items by DM when they opted in."""

import datetime as dt

import pytest
from reminders_helpers import SECURITY, ledger_rows, reminders, start, step, team_config, upload

from bot.reminders.prefs import set_dm

DIGEST = "**Weekly digest for security**"


async def test_a_configured_digest_goes_out_on_its_day_without_pinging(tmp_path):
    config = team_config(tmp_path, extra='digest = "FREQ=WEEKLY;BYDAY=FR;BYHOUR=9;BYMINUTE=0"')
    box = await start(tmp_path, config)
    try:
        await upload(box, SECURITY)
        await step(box, ":advance 3d")  # Thursday noon
        assert reminders(box, marker=DIGEST) == []
        await step(box, ":advance 1d")  # Friday noon: 09:00 has passed
        (digest,) = reminders(box, marker=DIGEST)
        assert digest.pinged_user_ids == set()
        assert "`#1`" in digest.content
        await step(box, ":restart")
        await step(box, ":advance 1d")
        assert len(reminders(box, marker=DIGEST)) == 1
        assert ledger_rows(box, "digest")[0]["status"] == "sent"
    finally:
        await box.stop()


async def test_no_digest_by_default_for_a_team_meeting_weekly(tmp_path):
    box = await start(tmp_path, team_config(tmp_path))
    try:
        await upload(box, SECURITY)
        await step(box, ":advance 14d")
        assert reminders(box, marker=DIGEST) == []
        assert ledger_rows(box, "digest") == []
    finally:
        await box.stop()


async def test_a_digest_by_default_for_a_team_meeting_every_other_week(tmp_path):
    every_other = 'schedule = "DTSTART:20240304T100000\\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"\n'
    box = await start(tmp_path, team_config(tmp_path, security=every_other))
    try:
        await upload(box, SECURITY)
        await step(box, ":advance 7d")  # Monday 18 March, 09:00: the digest, no meeting
        (digest,) = reminders(box, marker=DIGEST)
        assert "`#3`" in digest.content
    finally:
        await box.stop()


@pytest.fixture
async def box(tmp_path):
    sandbox = await start(tmp_path, team_config(tmp_path))
    await upload(sandbox, SECURITY)
    yield sandbox
    await sandbox.stop()


async def opt_in(box, member):
    db = box.runner.app.db
    await set_dm(db, box.emulator.member_id(member), True, now=dt.datetime.now(dt.UTC))


async def test_an_opted_in_owner_gets_their_own_items_by_dm_once(box):
    await opt_in(box, "stefan")
    await step(box, ":advance 6d")
    emu = box.emulator
    dms = [m for m in emu.messages() if m.channel_id == emu.dm_channel_id("stefan")]
    assert len(dms) == 1
    assert "**Your follow-ups in security**" in dms[0].content
    assert "`#1`" in dms[0].content and "`#2`" in dms[0].content
    assert "`#3`" not in dms[0].content  # AlexA's
    assert len(reminders(box)) == 1  # the channel reminder still goes out
    await step(box, ":restart")
    await step(box, ":advance 1h")
    assert len([m for m in emu.messages() if m.channel_id == emu.dm_channel_id("stefan")]) == 1


async def test_closed_dms_fall_back_to_the_team_channel(box):
    await opt_in(box, "stefan")
    emu = box.emulator
    stefan = emu.member_id("stefan")
    emu.fail_next("POST", rf"/channels/{emu.dm_channel_id('stefan')}/messages$", 403)
    await step(box, ":advance 6d")
    fallback = reminders(box, marker="**Your follow-ups in security**")
    assert len(fallback) == 1
    assert fallback[0].pinged_user_ids == {stefan}
    (row,) = ledger_rows(box, f"dm:{stefan}")
    assert row["status"] == "sent"
