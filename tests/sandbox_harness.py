"""A sandbox for tests: the demo guild, the real bot, a clock the test moves."""

from __future__ import annotations

import datetime as dt

from bot.sandbox.runner import Sandbox
from bot.sandbox.script import parse_line


async def start_sandbox(tmp_path, now: str = "2024-03-11T12:00:00+02:00") -> Sandbox:
    lines: list[str] = []
    sandbox = Sandbox(database=str(tmp_path / "wgbot.sqlite3"), base_dir=tmp_path, out=lines.append)
    sandbox.printed = lines  # type: ignore[attr-defined]
    await sandbox.start()
    await sandbox.run(parse_line(f":now {now}"))
    return sandbox


async def step(sandbox: Sandbox, line: str) -> None:
    parsed = parse_line(line)
    assert parsed is not None
    await sandbox.run(parsed)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)
