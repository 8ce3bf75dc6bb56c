"""Shared by the reminder tests: a sandbox on a config of the test's choosing, minutes
variants, and reading the delivery ledger."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sandbox_harness import step

from bot.sandbox.demo import demo_file
from bot.sandbox.runner import Sandbox
from bot.sandbox.script import parse_line

SECURITY = demo_file("security-wg-2024-03-11.md").read_text(encoding="utf-8")
PEOPLE = '[people]\n"ȘtefanJ" = "stefan"\n"AlexA" = "alex"\n"TeoT" = "teo"\n'
WEEKLY = 'schedule = "FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0"\n'


def team_config(tmp_path: Path, security: str = WEEKLY, extra: str = "") -> str:
    """A config with the security team on #security, in Bucharest, and the demo's people."""
    text = (
        '[teams.security]\nchannel = "security"\nminutes_channel = "minutes"\n'
        f'timezone = "Europe/Bucharest"\nremind_before = "24h"\n{security}\n{extra}\n{PEOPLE}'
    )
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


async def start(tmp_path: Path, config: str | None, now: str = "2024-03-11T12:00:00+02:00"):
    lines: list[str] = []
    box = Sandbox(
        config_path=config,
        database=str(tmp_path / "wgbot.sqlite3"),
        base_dir=tmp_path,
        out=lines.append,
    )
    box.printed = lines  # type: ignore[attr-defined]
    await box.start()
    await box.run(parse_line(f":now {now}"))
    return box


def minutes(start: str, title: str, *, next_meeting: str | None = None, items: str = "") -> str:
    """The demo minutes moved to another meeting, optionally stating the next one."""
    text = SECURITY.replace("2024-03-11T10:00:00+02:00", start)
    text = text.replace('"Security WG, March 11, 2024"', f'"{title}"')
    if next_meeting:
        text = text.replace(
            "## :wrench: TODOs", f"Next meeting: {next_meeting}\n\n## :wrench: TODOs"
        )
    return text + items


async def upload(box: Sandbox, text: str, name: str = "security.md"):
    emu = box.emulator
    attachment = emu.add_attachment(name, text.encode(), content_type="text/markdown")
    result = await emu.invoke("ana", "minutes", "minutes add", {"file": attachment})
    assert "Stored" in result.content or "nothing changed" in result.content, result.content
    await box._settle()
    return result


def reminders(box: Sandbox, channel: str = "security", marker: str = "**Follow-ups for"):
    return [m for m in box.emulator.messages(channel) if m.content.startswith(marker)]


def ledger_rows(box: Sandbox, kind: str = "reminder") -> list[dict]:
    with sqlite3.connect(box.database) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(
            "SELECT * FROM deliveries WHERE kind = ? ORDER BY occurrence", (kind,)
        ).fetchall()
    return [dict(row) for row in rows]


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


def stamp(text: str) -> str:
    """How a reminder names its meeting: a Discord timestamp."""
    return f"<t:{int(dt.datetime.fromisoformat(text).timestamp())}:F>"


__all__ = ["step"]
