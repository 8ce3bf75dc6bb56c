"""Storing uploaded minutes, however they came: a /minutes add file, pasted text, or a
message in the team's minutes channel. Refusals come before anything is stored."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord

from bot.commands.context import member_names
from bot.commands.errors import BadInput
from bot.commands.permissions import require_secretary
from bot.ingest import choose_team, ingest_minutes
from bot.minutes import parse_bytes
from bot.render import ingest_summary

if TYPE_CHECKING:
    from bot.app import App

logger = logging.getLogger(__name__)

MAX_MINUTES_BYTES = 1_000_000
ACCEPTED_SUFFIXES = (".md", ".markdown", ".txt")
_DATETIME_LINE = re.compile(r"^datetime:.*$", re.MULTILINE)


@dataclass(frozen=True)
class Upload:
    content: bytes
    filename: str
    team: str | None = None  # as the uploader gave it
    date: str | None = None  # fills or corrects the front matter's datetime
    channel_team: str | None = None  # the team whose channel it was uploaded in


def check_file(file: discord.Attachment) -> None:
    if not file.filename.lower().endswith(ACCEPTED_SUFFIXES):
        raise BadInput(f"`{file.filename}` is not a Markdown file: upload the minutes as `.md`.")
    if file.size > MAX_MINUTES_BYTES:
        raise BadInput(f"`{file.filename}` is {file.size:,} bytes; minutes may be 1 MB at most.")


def check_date(text: str | None) -> str | None:
    """The date option as ISO text, or a refusal showing how to write it."""
    if not text:
        return None
    text = text.strip()
    try:
        value = dt.datetime.fromisoformat(text) if len(text) > 10 else dt.date.fromisoformat(text)
    except ValueError:
        raise BadInput(
            f"`{text}` is not a date: write 2024-03-11 or 2024-03-11T10:00+02:00."
        ) from None
    return value.isoformat()


def with_date(content: bytes, date: str) -> bytes:
    """The minutes with ``datetime: date`` in their front matter (added or replaced)."""
    text = content.decode("utf-8", errors="replace").removeprefix("\ufeff")
    text = text.replace("\r\n", "\n")
    line = f"datetime: {date}"
    if not text.startswith("---\n"):
        return f"---\n{line}\n---\n\n{text}".encode()
    end = text.find("\n---", 3)
    head, rest = (text[:end], text[end:]) if end != -1 else (text, "")
    if _DATETIME_LINE.search(head):
        head = _DATETIME_LINE.sub(line, head, count=1)
    else:
        head = f"---\n{line}\n" + head[4:]
    return (head + rest).encode()


async def store_upload(
    app: App,
    upload: Upload,
    user: discord.abc.User,
    guild: discord.Guild | None,
    *,
    before_storing: Callable[[], Awaitable[object]] | None = None,
) -> str:
    """Parse, check the uploader may, store, plan again; returns the summary to post."""
    require_secretary(
        user, await app.secretary_role(upload.team or upload.channel_team), "add minutes"
    )
    content = with_date(upload.content, upload.date) if upload.date else upload.content
    minutes = await asyncio.to_thread(parse_bytes, content, upload.filename)
    known = set(await app.teams())
    team = choose_team(minutes, upload.team, known, fallback=upload.channel_team)
    require_secretary(user, await app.secretary_role(team), f"add minutes for {team}")
    if before_storing is not None:
        await before_storing()
    report = await ingest_minutes(
        app.db,
        minutes,
        team=team,
        content=content,
        actor_id=user.id,
        now=app.clock.now(),
        undated=upload.content if upload.date else None,
    )
    # New items may change what the next reminder says; planning again also serves a team
    # that just got its schedule.
    await app.replan(report.team)
    return await ingest_summary(
        app.db, report, minutes, team_known=team in known, members=member_names(guild)
    )
