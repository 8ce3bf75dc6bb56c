"""What the command tests share: a sandbox with the demo guild, minutes to upload."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sandbox_harness import start_sandbox

from bot.sandbox.demo import demo_file
from bot.sandbox.runner import Sandbox

SECURITY = demo_file("security-wg-2024-03-11.md").read_bytes()


@asynccontextmanager
async def running_sandbox(tmp_path) -> AsyncIterator[Sandbox]:
    """The demo guild and the real bot, stopped afterwards (each test module's fixture)."""
    box = await start_sandbox(tmp_path)
    try:
        yield box
    finally:
        await box.stop()


async def add_minutes(
    sandbox, member="ana", content=SECURITY, name="security.md", channel="minutes", **options
):
    emu = sandbox.emulator
    attachment = emu.add_attachment(name, content, content_type="text/markdown")
    return await emu.invoke(member, channel, "minutes add", {"file": attachment, **options})


def item_ids(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"`#(\d+)`", text)]


def minutes_with(items: list[str], *, title="Big WG", when="2024-03-11T10:00:00+02:00") -> bytes:
    """Minutes of the security team whose follow-ups are ``items`` (``"SJ: text"`` lines)."""
    head = f'---\ntitle: "{title}"\ndatetime: {when}\nteams:\n- security\n'
    head += "participants:\n- ȘtefanJ\n- AlexA\n- TeoT\n---\n\n## TODOs\n\n"
    return (head + "\n\n".join(items) + "\n").encode()
