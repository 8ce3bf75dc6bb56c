"""The carry-over index of ``wgbot import`` stores exactly what meeting-by-meeting ingest
stores, and steps aside when the database holds what it did not see."""

import datetime as dt
import sqlite3
from pathlib import Path

from bench.generate import write_corpus
from bot.bulk_import import import_tree
from bot.clock import ManualClock
from bot.ingest import ingest_minutes
from bot.ingest.carry import CarryIndex
from bot.minutes import parse_minutes
from bot.store import open_database

NOW = dt.datetime(2024, 6, 1, 12, tzinfo=dt.UTC)
# What two imports must agree on (not timestamps).
TABLES = {
    "items": "SELECT id, meeting_id, team, kind, text, status, owners_key, due FROM items",
    "mentions": "SELECT item_id, meeting_id, position, first_line, text FROM item_mentions",
    "events": "SELECT item_id, field, new_value FROM item_events",
    "owners": "SELECT item_id, position, token, participant FROM item_owners",
}


def snapshot(database: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(database) as conn:
        return {name: sorted(conn.execute(sql).fetchall()) for name, sql in TABLES.items()}


def minutes(day: str, *items: str) -> str:
    body = "\n".join(items)
    return (
        f"---\ndatetime: {day}T10:00:00+02:00\nteams: security\n"
        f"participants: ȘtefanJ, AlexA\n---\n\n## TODOs\n\n{body}\n"
    )


async def ingest(db, text: str, index: CarryIndex | None):
    parsed = parse_minutes(text, "m.md")
    return await ingest_minutes(
        db,
        parsed,
        team="security",
        content=text.encode(),
        actor_id=None,
        now=NOW,
        carry_index=index,
    )


async def test_import_with_the_index_stores_what_ingest_without_it_stores(tmp_path):
    # Two teams, 90 meetings each: owner sets pass the 50-candidate bound, items are
    # carried over, reworded and repeated.
    root = tmp_path / "minutes"
    root.mkdir()
    write_corpus(root, 180, seed=5, teams=2)
    indexed, plain = tmp_path / "indexed.sqlite3", tmp_path / "plain.sqlite3"

    db = await open_database(indexed, direct=True)
    outcomes = await import_tree(
        db, sorted(root.iterdir()), team=None, known_teams=set(), clock=ManualClock(NOW)
    )
    await db.close()

    db = await open_database(plain, direct=True)
    for outcome in outcomes:  # the order the import chose, meeting by meeting, no index
        text = Path(outcome.path).read_text(encoding="utf-8")
        parsed = parse_minutes(text, outcome.path)
        team = outcome.report.team
        await ingest_minutes(db, parsed, team=team, content=text.encode(), actor_id=None, now=NOW)
    await db.close()

    carried = sum(len(o.report.carried) for o in outcomes)
    assert carried > 50
    assert snapshot(indexed) == snapshot(plain)


async def test_an_item_closed_by_another_connection_is_not_carried_into(tmp_path):
    path = tmp_path / "w.sqlite3"
    db = await open_database(path)
    index = CarryIndex()
    first = await ingest(db, minutes("2024-03-11", "SJ: Rotate the signing keys."), index)

    # The bot, on its own connection, closes the item between two files of the import.
    with sqlite3.connect(path) as other:
        other.execute("UPDATE items SET status = 'done' WHERE id = ?", (first.added[0],))

    second = await ingest(db, minutes("2024-03-18", "SJ: Rotate the signing keys."), index)
    await db.close()
    assert second.carried == [] and len(second.added) == 1


async def test_a_later_meeting_already_stored_keeps_the_index_out(tmp_path):
    db = await open_database(tmp_path / "w.sqlite3")
    stored = await ingest(db, minutes("2024-03-25", "SJ: Rotate the signing keys."), None)
    index = CarryIndex()
    # An import of older and newer minutes: the index never saw 03-25, so it must not
    # answer from memory what SJ may be repeating on 04-01.
    await ingest(db, minutes("2024-03-11", "SJ: Update the threat model."), index)
    late = await ingest(db, minutes("2024-04-01", "SJ: Rotate the signing keys."), index)
    await db.close()
    assert late.carried == stored.added and not late.added
