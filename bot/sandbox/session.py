"""The sandbox from the command line: a script file, or lines typed at a prompt."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from bot.errors import WgbotError
from bot.sandbox.demo import demo_file
from bot.sandbox.runner import Sandbox
from bot.sandbox.script import parse_line, parse_script

logger = logging.getLogger(__name__)

PROMPT_HELP = (
    "Type slash commands as in Discord (/todos owner:SJ), or :as NAME, :now ISO-DATETIME,\n"
    ":advance 7d, :restart. file: takes a local path. Ctrl-D quits."
)


def script_path(name: str) -> Path:
    """A script by path, or one shipped with the sandbox ('demo')."""
    path = Path(name)
    if path.is_file():
        return path
    shipped = demo_file(name if name.endswith(".script") else f"{name}.script")
    if shipped.is_file():
        return shipped
    raise WgbotError(f"{name}: no such script")


async def run_script(path: Path, *, config: str | None, database: str | None) -> None:
    steps = parse_script(path.read_text(encoding="utf-8"), str(path))
    sandbox = Sandbox(config_path=config, database=database, base_dir=path.parent)
    await sandbox.start()
    try:
        for step in steps:
            await sandbox.run(step, str(path))
    finally:
        await sandbox.stop()


async def run_interactive(*, config: str | None, database: str | None) -> None:
    sandbox = Sandbox(config_path=config, database=database)
    await sandbox.start()
    print(PROMPT_HELP)
    try:
        while True:
            line = await asyncio.to_thread(_read_line, f"@{sandbox.member}> ")
            if line is None:
                break
            try:
                step = parse_line(line)
                if step:
                    await sandbox.run(step)
            except WgbotError as exc:
                print(f"error: {exc}")
    finally:
        await sandbox.stop()


def _read_line(prompt: str) -> str | None:
    try:
        return input(prompt)
    except EOFError:
        print(file=sys.stderr)
        return None
