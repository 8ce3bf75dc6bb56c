"""Owner resolution that learns per team, and follow-ups carried over between meetings."""

import datetime as dt

import pytest

from bot.ingest import ingest_minutes
from bot.minutes import parse_minutes
from bot.store import open_database
from bot.store.items import get_item, list_items, set_status

NOW = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)


def minutes(day: str, participants: list[str], *items: str) -> str:
    people = "\n".join(f"- {p}" for p in participants)
    body = "\n\n".join(items)
    return (
        f"---\ntitle: Security WG {day}\ndatetime: {day}T10:00:00+02:00\nteams:\n- security\n"
        f"participants:\n{people}\n---\n\n## TODOs and Decisions\n\n{body}\n"
    )


@pytest.fixture
async def db(tmp_path):
    database = await open_database(tmp_path / "wgbot.sqlite3")
    yield database
    await database.close()


async def store(db, text, name="m.md"):
    parsed = parse_minutes(text, name)
    return await ingest_minutes(
        db, parsed, team="security", content=text.encode(), actor_id=None, now=NOW
    )


def owners_of(item):
    return [(o.token, o.participant) for o in item.owners]


async def test_a_token_learned_in_one_meeting_resolves_in_the_next(db):
    await store(db, minutes("2024-03-11", ["ȘtefanJ", "AlexA"], "SJ: Verify the headers."))
    report = await store(db, minutes("2024-03-18", ["AlexA"], "SJ: Post the workaround."))
    (item,) = [await get_item(db, i) for i in report.added]
    assert owners_of(item) == [("SJ", "ȘtefanJ")]
    assert [(n.token, n.how) for n in report.owners] == [("SJ", "history")]


async def test_two_people_with_the_same_initials_stay_unresolved_and_are_reported(db):
    report = await store(db, minutes("2024-03-11", ["ȘtefanJ", "SorinJ"], "SJ: Fix the build."))
    (item,) = [await get_item(db, i) for i in report.added]
    assert owners_of(item) == [("SJ", None)]
    (note,) = report.unresolved
    assert note.how == "ambiguous"
    assert "ȘtefanJ" in note.detail and "SorinJ" in note.detail


async def test_conflicting_history_is_not_guessed(db):
    await store(db, minutes("2024-03-11", ["ȘtefanJ"], "SJ: One."))
    await db.conn.execute(
        "INSERT INTO token_history (team, token, participant, meeting_id)"
        " VALUES ('security', 'SJ', 'SorinJ', 1)"
    )
    report = await store(db, minutes("2024-03-18", ["AlexA"], "SJ: Two."))
    (item,) = [await get_item(db, i) for i in report.added]
    assert owners_of(item) == [("SJ", None)]
    assert report.unresolved[0].how == "ambiguous"


async def test_a_team_link_of_a_token_names_the_member(db):
    await db.conn.execute(
        "INSERT INTO people (team, name, user_id, source) VALUES ('security', 'CB', 42, 'command')"
    )
    report = await store(db, minutes("2024-03-11", ["AlexA"], "CB: Provide the repository."))
    (item,) = [await get_item(db, i) for i in report.added]
    assert [o.user_id for o in item.owners] == [42]
    assert report.owners[0].how == "link"


async def test_a_repeated_open_item_is_carried_over_not_duplicated(db):
    first = await store(
        db,
        minutes(
            "2024-03-11", ["ȘtefanJ"], "SJ: Verify proper header inclusion for `ukalloc_ifpages`."
        ),
    )
    second = await store(
        db,
        minutes(
            "2024-03-18",
            ["ȘtefanJ"],
            "SJ: Verify the proper header inclusion for ukalloc_ifpages.",
            "SJ: Write the release notes.",
        ),
    )
    assert second.carried == first.added
    assert len(second.added) == 1
    open_items = await list_items(db, team="security")
    assert len(open_items) == 2
    carried = await get_item(db, first.added[0])
    assert carried.carried_over == 1
    assert carried.text == "Verify the proper header inclusion for ukalloc_ifpages."


async def test_a_done_item_or_another_owner_is_a_new_follow_up(db):
    first = await store(
        db,
        minutes(
            "2024-03-11",
            ["ȘtefanJ", "AlexA"],
            "SJ: Update the threat model.",
            "AA: Rotate the keys.",
        ),
    )
    await set_status(db, first.added[1], "done", actor_id=None, at=NOW)
    second = await store(
        db,
        minutes(
            "2024-03-18",
            ["ȘtefanJ", "AlexA"],
            "AA: Update the threat model.",
            "AA: Rotate the keys.",
        ),
    )
    assert second.carried == []
    assert len(second.added) == 2


async def test_a_task_for_another_version_or_issue_is_a_new_follow_up(db):
    people = ["ȘtefanJ"]
    await store(
        db, minutes("2024-03-11", people, "SJ: Update the docs for v0.15.", "SJ: Review PR #4388.")
    )
    later = await store(
        db, minutes("2024-03-18", people, "SJ: Update the docs for v0.16.", "SJ: Review PR #4390.")
    )
    assert later.carried == [] and len(later.added) == 2


async def test_a_task_whose_deadline_moved_is_carried_over(db):
    people = ["ȘtefanJ"]
    first = await store(db, minutes("2024-03-11", people, "SJ: Send the report by March 18."))
    later = await store(db, minutes("2024-03-18", people, "SJ: Send the report by March 25."))
    assert later.carried == first.added and not later.added


async def test_an_older_meeting_uploaded_late_joins_the_follow_ups_later_minutes_hold(db):
    people = ["ȘtefanJ", "AlexA"]
    later = await store(
        db,
        minutes(
            "2024-03-18", people, "SJ: Verify the header inclusion now.", "AA: Rotate the keys."
        ),
    )
    await set_status(db, later.added[1], "done", actor_id=None, at=NOW)
    older = await store(
        db,
        minutes("2024-03-11", people, "SJ: Verify the header inclusion.", "AA: Rotate the keys."),
    )
    assert sorted(older.carried) == sorted(later.added) and not older.added
    items = await list_items(db, team="security", status=None)
    assert len(items) == 2
    # The later wording stays, the done item stays done, and both now start on 03-11.
    assert {i.text: i.status for i in items} == {
        "Verify the header inclusion now.": "open",
        "Rotate the keys.": "done",
    }
    assert {i.meeting_id for i in items} == {older.meeting_id}


async def test_correcting_a_later_meeting_keeps_the_earlier_mention(db):
    first = await store(db, minutes("2024-03-11", ["ȘtefanJ"], "SJ: Audit the allocator."))
    later = minutes("2024-03-18", ["ȘtefanJ"], "SJ: Audit the allocator.", "SJ: Typo fix.")
    await store(db, later)
    corrected = await store(db, later.replace("SJ: Typo fix.", "SJ: Fix the typo in docs."))
    assert (len(corrected.added), corrected.removed) == (1, 1)
    item = await get_item(db, first.added[0])
    assert item is not None and item.mentions == 2
    texts = sorted(i.text for i in await list_items(db, team="security"))
    assert texts == ["Audit the allocator.", "Fix the typo in docs."]


async def test_a_corrected_wording_keeps_the_items_id_and_status(db):
    original = minutes(
        "2024-03-11",
        ["ȘtefanJ"],
        "SJ: Verify proper header inclusion for alloc.",
        "SJ: Write the notes.",
    )
    first = await store(db, original)
    done = first.added[0]
    await set_status(db, done, "done", actor_id=None, at=NOW)
    edited = original.replace("Verify proper header", "Verify the proper header")
    report = await store(db, edited)
    assert (report.added, report.removed, sorted(report.kept)) == ([], 0, sorted(first.added))
    item = await get_item(db, done)
    assert (item.status, item.text) == ("done", "Verify the proper header inclusion for alloc.")
    back = await store(db, original)
    assert back.added == [] and (await get_item(db, done)).status == "done"


async def test_a_line_written_twice_is_stored_once_with_a_warning(db):
    report = await store(
        db, minutes("2024-03-11", ["TeoT"], "TT: Investigate CET.", "TT: Investigate CET.")
    )
    assert len(report.added) == 1
    assert any("repeats line" in warning for warning in report.warnings)
