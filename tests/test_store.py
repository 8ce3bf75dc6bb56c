"""The SQLite store on a real file: migrations, idempotent ingest, all-or-nothing writes."""

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from bot.ingest import IngestError, ingest_minutes
from bot.minutes import parse_file, parse_minutes
from bot.store import open_database
from bot.store.db import migrate
from bot.store.item_changes import history
from bot.store.items import list_items, set_status

SECURITY = Path(__file__).parent / "fixtures" / "minutes" / "security-wg-2024-03-11.md"
MIGRATIONS = sorted((Path(__file__).parent.parent / "bot/store/migrations").glob("*.sql"))
NOW = dt.datetime(2024, 3, 11, 12, tzinfo=dt.UTC)


@pytest.fixture(params=[False, True], ids=["aiosqlite", "direct"])
async def db(tmp_path, request):
    # The bot's connection, and the one `wgbot import` uses: both must be all-or-nothing.
    database = await open_database(tmp_path / "wgbot.sqlite3", direct=request.param)
    yield database
    await database.close()


async def ingest(db, minutes=None, content=None):
    minutes = minutes or parse_file(SECURITY)
    content = content if content is not None else SECURITY.read_bytes()
    return await ingest_minutes(db, minutes, team="security", content=content, actor_id=7, now=NOW)


async def test_migrations_run_once_and_record_the_version(tmp_path):
    path = tmp_path / "w.sqlite3"
    first = await open_database(path)
    latest = len(MIGRATIONS)
    assert await migrate(first) == latest  # already applied at open: nothing more to do
    await first.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == latest
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"meetings", "items", "item_owners", "people", "deliveries"} <= tables


async def test_same_minutes_twice_change_nothing(db):
    first = await ingest(db)
    second = await ingest(db)
    assert first.created and len(first.added) == 5
    assert second.unchanged and not second.added
    assert len(await list_items(db, team="security")) == 5


async def test_corrected_minutes_keep_the_status_of_unchanged_items(db):
    first = await ingest(db)
    closed = first.added[0]
    await set_status(db, closed, "done", actor_id=7, at=NOW)
    corrected = SECURITY.read_bytes().replace(
        b"TT: Investigate current issue with CET support.",
        b"TT: Investigate the CET shadow stack issue.",
    )
    minutes = parse_minutes(corrected.decode(), "corrected.md")
    report = await ingest(db, minutes, corrected)
    assert not report.created and not report.unchanged
    assert (len(report.added), len(report.kept), report.removed) == (1, 4, 1)
    statuses = {i.id: i.status for i in await list_items(db, team="security", status=None)}
    assert statuses[closed] == "done"
    texts = [i.text for i in await list_items(db, team="security")]
    assert "Investigate the CET shadow stack issue." in texts


async def test_other_minutes_given_the_same_time_do_not_replace_the_stored_meeting(db):
    first = await ingest(db)
    await set_status(db, first.added[0], "done", actor_id=7, at=NOW)
    other = SECURITY.read_text().replace("Security WG, March 11, 2024", "Build WG sync")
    other = other.split("## :wrench: TODOs")[0] + "## TODOs\n\nRD: Bump the toolchain.\n"
    with pytest.raises(IngestError, match="would drop 5 of its follow-ups and keep 0"):
        await ingest(db, parse_minutes(other, "build.md"), other.encode())
    agenda_only = SECURITY.read_text().split("## :wrench: TODOs")[0]
    with pytest.raises(IngestError, match="has no follow-ups"):
        await ingest(db, parse_minutes(agenda_only, "agenda.md"), agenda_only.encode())
    stored = await list_items(db, team="security", status=None)
    assert len(stored) == 5 and sum(i.status == "done" for i in stored) == 1


async def test_a_corrected_title_with_the_same_follow_ups_updates_the_meeting(db):
    await ingest(db)
    retitled = SECURITY.read_bytes().replace(b"March 11, 2024", b"11 March 2024")
    report = await ingest(db, parse_minutes(retitled.decode(), "v2.md"), retitled)
    assert (len(report.kept), report.removed) == (5, 0)


async def test_corrected_owners_keep_the_item_its_status_and_say_so_in_its_history(db):
    first = await ingest(db)
    text = SECURITY.read_text()
    line = [ln for ln in text.splitlines() if ln.startswith("SJ: ")][-1]  # the follow-up
    item = next(i for i in await list_items(db, team="security") if i.text == line[4:])
    await set_status(db, item.id, "done", actor_id=7, at=NOW)
    corrected = text.replace(line, "TT: " + line[4:])
    report = await ingest(db, parse_minutes(corrected, "v2.md"), corrected.encode())
    assert (len(report.kept), len(report.added), report.removed) == (5, 0, 0)
    after = {i.id: i for i in await list_items(db, team="security", status=None)}
    assert set(after) == set(first.added)
    assert after[item.id].status == "done"
    assert [o.participant for o in after[item.id].owners] == ["TeoT"]
    events = [(e.field, e.old_value, e.new_value) for e in await history(db, item.id)]
    assert ("owner", "ȘtefanJ", "TeoT") in events


async def test_a_failure_midway_stores_nothing(db):
    minutes = parse_file(SECURITY)
    broken = dataclasses.replace(minutes.items[3], kind="bogus")  # violates the CHECK
    minutes = dataclasses.replace(minutes, items=(*minutes.items[:3], broken, minutes.items[4]))
    with pytest.raises(sqlite3.IntegrityError):
        await ingest(db, minutes)
    assert await db.fetchall("SELECT id FROM meetings") == []
    assert await db.fetchall("SELECT id FROM items") == []
    # The store is still usable afterwards.
    assert len((await ingest(db)).added) == 5


async def test_status_change_is_audited(db):
    report = await ingest(db)
    item_id = report.added[1]
    assert await set_status(db, item_id, "done", actor_id=42, at=NOW)
    assert not await set_status(db, item_id, "done", actor_id=42, at=NOW)
    rows = await db.fetchall(
        "SELECT actor_id, field, old_value, new_value FROM item_events WHERE item_id = ?",
        (item_id,),
    )
    assert [tuple(row) for row in rows] == [(42, "status", "open", "done")]


async def test_upgrade_from_the_first_schema_keeps_items_and_their_owners(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(MIGRATIONS[0].read_text() + "PRAGMA user_version = 1;")
        conn.execute(
            "INSERT INTO meetings (id, team, meeting_key, participants, source_name,"
            " content_hash, ingested_at, start_utc) VALUES"
            " (1, 'security', 'k', '[]', 'm.md', 'h', 'now', '2024-03-11T08:00:00+00:00')"
        )
        conn.execute(
            "INSERT INTO items (id, meeting_id, team, position, first_line, last_line, kind,"
            " text, fingerprint) VALUES (9, 1, 'security', 0, 3, 3, 'action', 'Fix it', 'f')"
        )
        conn.executemany(
            "INSERT INTO item_owners (item_id, position, token, participant) VALUES (9, ?, ?, ?)",
            [(0, "SJ", "ȘtefanJ"), (1, "CB", None)],
        )
    db = await open_database(path)
    try:
        (item,) = await list_items(db, team="security")
        assert (item.id, item.text, item.mentions) == (9, "Fix it", 1)
        row = await db.fetchone("SELECT owners_key FROM items WHERE id = 9")
        assert row[0] == "CB|ȘtefanJ"
    finally:
        await db.close()


async def test_inside_a_batch_a_failing_meeting_is_rolled_back_alone(db):
    good = parse_file(SECURITY)
    bad_items = (*good.items[:3], dataclasses.replace(good.items[3], kind="bogus"))
    bad = dataclasses.replace(good, items=bad_items, path="bad.md")
    other = parse_minutes(SECURITY.read_text().replace("2024-03-11T10", "2024-03-18T10"), "o.md")
    async with db.transaction():
        await ingest(db, good)
        with pytest.raises(sqlite3.IntegrityError):
            await ingest_minutes(db, bad, team="build", content=b"bad", actor_id=None, now=NOW)
        await ingest(db, other, content=b"other")
    teams = await db.fetchall("SELECT DISTINCT team FROM meetings")
    assert [row[0] for row in teams] == ["security"]
    assert len(await db.fetchall("SELECT id FROM meetings")) == 2


async def test_the_id_migration_keeps_stored_meetings_and_items_and_their_references(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:  # a database as version 6 left it, with data
        for migration in MIGRATIONS[:6]:
            conn.executescript(migration.read_text(encoding="utf-8"))
        conn.execute("PRAGMA user_version = 6")
        conn.execute(
            "INSERT INTO meetings (id, team, meeting_key, participants, source_name,"
            " content_hash, ingested_at) VALUES (3, 'security', 'k', '[]', 'm.md', 'h', 'now')"
        )
        for item_id in (7, 8):
            conn.execute(
                "INSERT INTO items (id, meeting_id, team, position, first_line, last_line,"
                " kind, text, fingerprint, owners_key) VALUES (?, 3, 'security', ?, 1, 1,"
                " 'action', ?, ?, 'ȘtefanJ')",
                (item_id, item_id, f"task {item_id}", f"f{item_id}"),
            )
            conn.execute(
                "INSERT INTO item_mentions VALUES (?, 3, ?, 1, 1, ?, ?)",
                (item_id, item_id, f"task {item_id}", f"f{item_id}"),
            )
        before = conn.execute("SELECT * FROM items ORDER BY id").fetchall()

    db = await open_database(path)
    await db.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT * FROM items ORDER BY id").fetchall() == before
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT count(*) FROM item_mentions").fetchone()[0] == 2
        # The highest item removed: the next one gets a new id all the same.
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM items WHERE id = 8")
        assert conn.execute("SELECT count(*) FROM item_mentions").fetchone()[0] == 1
        conn.execute(
            "INSERT INTO items (meeting_id, team, position, first_line, last_line, kind, text,"
            " fingerprint) VALUES (3, 'security', 9, 1, 1, 'action', 'x', 'f')"
        )
        assert conn.execute("SELECT max(id) FROM items").fetchone()[0] == 9
