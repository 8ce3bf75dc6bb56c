import json
from pathlib import Path

from click.testing import CliRunner

from bot.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "minutes"
SECURITY = FIXTURES / "security-wg-2024-03-11.md"


def test_parse_json_prints_one_object_per_file_per_line():
    canonical = FIXTURES / "01-canonical.md"
    result = CliRunner().invoke(main, ["parse", "--json", str(SECURITY), str(canonical)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["path"] == str(SECURITY)
    assert first["meeting"]["teams"] == ["security"]
    assert [item["owners"] for item in first["items"]] == [["SJ"], ["SJ"], ["AA"], ["CB"], ["TT"]]
    assert set(first) >= {"meeting", "items", "next_meeting", "warnings"}
    assert set(first["items"][0]) >= {"lines", "kind", "owners", "resolved", "due", "text", "links"}


def test_a_bad_file_is_named_on_one_line_and_the_others_still_print(tmp_path):
    broken = FIXTURES / "08-bad-front-matter.md"
    missing = tmp_path / "nope.md"
    result = CliRunner().invoke(main, ["parse", "--json", str(broken), str(SECURITY), str(missing)])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert str(broken) in errors[0] and "line" in errors[0]
    assert str(missing) in errors[1]
    assert len(result.stdout.strip().splitlines()) == 1


def test_parse_table_is_readable():
    result = CliRunner().invoke(main, ["parse", str(SECURITY)])
    assert result.exit_code == 0
    assert "Security WG, March 11, 2024" in result.output
    assert "SJ→ȘtefanJ" in result.output
    assert "CB→?" in result.output


def test_run_without_token_explains_how_to_get_one_and_the_sandbox(monkeypatch):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 2
    assert "DISCORD_TOKEN" in result.stderr
    assert "wgbot sandbox" in result.stderr


def test_run_without_token_checks_the_config_first(monkeypatch, tmp_path):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    bad = tmp_path / "config.toml"
    bad.write_text('[teams.security]\nchannel = "s"\ntimezone = "Europe/Bucharestt"\n')
    result = CliRunner().invoke(main, ["run", "--config", str(bad)])
    assert result.exit_code == 2
    assert "teams.security.timezone: unknown time zone 'Europe/Bucharestt'" in result.stderr
    assert "DISCORD_TOKEN is not set" in result.stderr


def test_run_without_token_reads_a_good_config_then_names_the_intents(monkeypatch):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    example = Path(__file__).parent.parent / "config.example.toml"
    result = CliRunner().invoke(main, ["run", "--config", str(example)])
    assert result.exit_code == 2
    assert "error:" not in result.stderr
    assert "config.example.toml: the config is valid (1 team: security)" in result.stderr
    assert "Server Members and Message Content intents" in result.stderr


def test_sandbox_help_names_every_shipped_script():
    result = CliRunner().invoke(main, ["sandbox", "--help"])
    assert result.exit_code == 0
    assert "(commands, demo, restart)" in " ".join(result.output.split())


def test_run_names_a_database_directory_that_does_not_exist(monkeypatch, tmp_path):
    monkeypatch.setenv("DISCORD_TOKEN", "bogus")
    config = tmp_path / "config.toml"
    config.write_text(f'[bot]\ndatabase = "{tmp_path}/missing/x.sqlite3"\n')
    result = CliRunner().invoke(main, ["run", "--config", str(config)])
    assert result.exit_code == 2
    assert f"bot.database: {tmp_path}/missing/x.sqlite3: no such directory" in result.stderr
    assert "Traceback" not in result.output


def test_import_and_sandbox_name_a_database_that_cannot_be_opened(tmp_path):
    not_a_database = tmp_path / "notes.sqlite3"
    not_a_database.write_text("these are notes\n" * 100)
    script = tmp_path / "s.script"
    script.write_text("/team show\n")
    for database, reason in [
        (tmp_path / "missing" / "x.sqlite3", "no such directory"),
        (not_a_database, "cannot open it: file is not a database"),
    ]:
        for args in (
            ["import", str(tmp_path), "--team", "security", "--database", str(database)],
            ["sandbox", "--script", str(script), "--database", str(database)],
        ):
            result = CliRunner().invoke(main, args)
            assert result.exit_code == 2, (args, result.output)
            assert f"error: database {database}: {reason}" in result.stderr
            assert result.exception is None or isinstance(result.exception, SystemExit)


def test_import_refuses_a_team_name_that_team_setup_would(tmp_path):
    result = CliRunner().invoke(
        main, ["import", str(tmp_path), "--team", "bad name!", "--database", str(tmp_path / "d")]
    )
    assert result.exit_code == 2
    assert "A team name is 1 to 32 letters" in result.stderr
    assert not (tmp_path / "d").exists()
