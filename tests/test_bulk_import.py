"""``wgbot import``: a tree of minutes, oldest meeting first, bad files skipped whole."""

import os
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from bot.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "minutes"


def meeting(day: str, *items: str, team: str = "security") -> str:
    body = "\n\n".join(items)
    return (
        f"---\ntitle: WG {day}\ndatetime: {day}T10:00:00+02:00\nteams:\n- {team}\n"
        f"participants:\n- ȘtefanJ\n- AlexA\n---\n\n## TODOs\n\n{body}\n"
    )


def tree(tmp_path: Path) -> Path:
    root = tmp_path / "minutes"
    (root / "2024").mkdir(parents=True)
    # Names sort against the dates: the import must follow the meetings, not the names.
    (root / "a-late.md").write_text(
        meeting("2024-03-18", "SJ: Verify the header inclusion for alloc.", "AA: Rotate keys.")
    )
    (root / "2024" / "z-early.md").write_text(
        meeting("2024-03-11", "SJ: Verify header inclusion for alloc.")
    )
    (root / "broken.md").write_text('---\ntitle: "x\nteams: [a\n---\n\n## TODOs\n\nSJ: y\n')
    (root / "no-team.md").write_text("## TODOs\n\nSJ: Something.\n")
    (root / "notes.txt").write_text("not minutes")
    return root


def run(*args: str):
    return CliRunner().invoke(main, ["import", *args])


def rows(database: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(database) as conn:
        return conn.execute(sql).fetchall()


def test_import_reports_each_file_and_carries_over_in_meeting_order(tmp_path):
    root, database = tree(tmp_path), tmp_path / "w.sqlite3"
    result = run(str(root), "--team-from-front-matter", "--database", str(database))
    assert result.exit_code == 1  # some files were refused
    out = result.output
    assert "z-early.md: security, 1 added, 0 carried over" in out
    assert "a-late.md: security, 1 added, 1 carried over" in out
    assert "broken.md, line 2" in out and "no-team.md" in out and "name no team" in out
    assert "notes.txt" not in out
    assert "4 files" in out and "2 refused" in out
    items = rows(database, "SELECT text FROM items ORDER BY id")
    assert items == [("Verify the header inclusion for alloc.",), ("Rotate keys.",)]
    # The refused files left nothing behind.
    assert rows(database, "SELECT count(*) FROM meetings") == [(2,)]


def test_a_second_import_changes_nothing(tmp_path):
    root, database = tree(tmp_path), tmp_path / "w.sqlite3"
    run(str(root), "--team-from-front-matter", "--database", str(database))
    before = rows(database, "SELECT * FROM items ORDER BY id")
    again = run(str(root), "--team-from-front-matter", "--database", str(database), "-q")
    assert "0 stored, 2 unchanged, 2 refused" in again.output
    assert rows(database, "SELECT * FROM items ORDER BY id") == before


def test_team_option_stores_everything_under_it(tmp_path):
    root, database = tree(tmp_path), tmp_path / "w.sqlite3"
    result = run(str(root), "--team", "build", "--database", str(database))
    assert "no-team.md: build, 1 added" in result.output
    assert rows(database, "SELECT DISTINCT team FROM items") == [("build",)]


def test_exactly_one_team_choice_is_required(tmp_path):
    result = run(str(tmp_path), "--database", str(tmp_path / "w.sqlite3"))
    assert result.exit_code == 2
    assert "exactly one of --team NAME and --team-from-front-matter" in result.output


def test_the_fixtures_import_with_pool_parsing(tmp_path, monkeypatch):
    import bot.bulk_import

    monkeypatch.setattr(bot.bulk_import, "POOL_THRESHOLD", 2)
    database = tmp_path / "w.sqlite3"
    result = run(str(FIXTURES), "--team", "all", "--database", str(database))
    assert result.exit_code == 1  # 08-bad-front-matter is refused
    assert "08-bad-front-matter.md, line 2" in result.output
    assert rows(database, "SELECT count(*) FROM meetings") == [(10,)]


def test_minutes_naming_several_teams_say_which_one_they_were_stored_for(tmp_path):
    root, database = tmp_path / "minutes", tmp_path / "w.sqlite3"
    root.mkdir()
    (root / "shared.md").write_text(
        meeting("2024-03-11", "SJ: Check the allocator.", team="runtime, scheduler")
    )
    result = run(str(root), "--team-from-front-matter", "--database", str(database))
    assert result.exit_code == 0
    assert "several teams (runtime, scheduler): stored for runtime only" in result.output
    assert rows(database, "SELECT team FROM meetings") == [("runtime",)]


def test_a_second_run_stores_only_what_changed_and_for_the_team_asked(tmp_path):
    root, database = tree(tmp_path), tmp_path / "w.sqlite3"
    run(str(root), "--team-from-front-matter", "--database", str(database))
    late = root / "a-late.md"
    late.write_text(late.read_text().replace("Rotate keys.", "Rotate keys!"))

    again = run(str(root), "--team-from-front-matter", "--database", str(database)).output
    assert "z-early.md: unchanged (security)" in again
    assert "a-late.md: security, 0 added, 0 carried over, 2 kept (meeting updated)" in again
    assert rows(database, "SELECT text FROM items ORDER BY id")[1] == ("Rotate keys!",)

    # The same bytes given to another team are another team's meeting, not unchanged.
    other = run(str(root / "2024"), "--team", "build", "--database", str(database)).output
    assert "z-early.md: build, 1 added" in other


def test_two_files_of_one_meeting_store_the_newer_and_skip_the_other_every_run(tmp_path):
    root, database = tmp_path / "minutes", tmp_path / "w.sqlite3"
    root.mkdir()
    draft, fixed = root / "draft.md", root / "final.md"
    draft.write_text(meeting("2024-03-11", "SJ: Check the allocater."))
    fixed.write_text(meeting("2024-03-11", "SJ: Check the allocator."))
    os.utime(draft, (1_700_000_000, 1_700_000_000))  # the draft is the older file
    for _ in range(2):
        result = run(str(root), "--team-from-front-matter", "--database", str(database))
        assert result.exit_code == 1
        assert (
            "draft.md: the same meeting (security, 2024-03-11T10:00:00+02:00) as" in result.output
        )
        assert "final.md" in result.output
    assert rows(database, "SELECT id, text FROM items") == [(1, "Check the allocator.")]
