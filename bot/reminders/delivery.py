"""Posting one reminder, exactly once, whatever moment the process dies at.

The text is composed first and written with the intent; each part's message id is recorded
as soon as it is posted. After a crash or a transient failure, the recorded ids and the
channel's history (the bot's messages since just before the first post, recognised by the
header and their part number) tell which parts are out; only the others are posted.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from bot.clock import Clock
from bot.errors import WgbotError
from bot.reminders import ledger
from bot.reminders.compose import (
    ReminderText,
    digest_header,
    dm_header,
    part_number,
    reminder_header,
)
from bot.store.db import Database

logger = logging.getLogger(__name__)

# A reminder posted less than this after its time is on time, not late.
LATE_AFTER = dt.timedelta(minutes=5)
# Transient failures (rate limits discord.py gave up on, 5xx, network) are retried this many
# times in all, waiting twice as long each time.
MAX_ATTEMPTS = 6
FIRST_BACKOFF = dt.timedelta(seconds=30)

# Composes the text (``late`` says whether to mark it so); None when there is nothing to say.
Composer = Callable[[bool], Awaitable[ReminderText | None]]


class DeliveryError(WgbotError):
    """A post that cannot succeed by retrying: no such channel, no permission."""

    def __init__(self, reason: str, code: int | None = None) -> None:
        super().__init__(reason)
        self.code = code  # Discord's error code, when Discord refused


class TransientDeliveryError(WgbotError):
    """A post that may succeed later: rate limited, Discord down, network trouble."""


@dataclass(frozen=True)
class Target:
    channel: int | str | None
    user_id: int | None = None  # a direct message; the channel when the member's DMs are closed


@dataclass(frozen=True)
class Posted:
    channel_id: int
    message_id: int
    content: str


class Poster(Protocol):
    """Where reminders go: the Discord client, in production and in the emulator."""

    def history_mark(self) -> int | None:
        """A marker (a snowflake) from before the next post, to search the history from."""
        ...

    async def post(self, target: Target, text: str, mention_ids: set[int]) -> Posted:
        """Post one message; raises DeliveryError or TransientDeliveryError."""
        ...

    async def find_posted(self, target: Target, header: str, after: int | None) -> list[Posted]:
        """The bot's messages for ``target`` after the marker that start with ``header``."""
        ...


@dataclass(frozen=True)
class Occasion:
    team: str
    channel: int | str | None
    occurrence: dt.datetime  # the meeting's start (for a digest: its own time)
    due: dt.datetime  # when it is meant to go out
    kind: str = "reminder"  # 'reminder', 'digest', 'dm:<user id>'
    expires: dt.datetime | None = None  # missed from then on; the meeting's start by default

    @property
    def key(self) -> ledger.Key:
        return ledger.Key(self.team, self.occurrence, self.kind)

    @property
    def deadline(self) -> dt.datetime:
        return self.expires or self.occurrence

    @property
    def user_id(self) -> int | None:
        return int(self.kind[3:]) if self.kind.startswith("dm:") else None

    @property
    def target(self) -> Target:
        return Target(self.channel, self.user_id)

    @property
    def header(self) -> str:
        if self.kind == "digest":
            return digest_header(self.team, self.occurrence)
        if self.user_id is not None:
            return dm_header(self.team, self.occurrence)
        return reminder_header(self.team, self.occurrence)

    def describe(self) -> str:
        return f"{self.kind} for {self.team} ({self.occurrence.isoformat()})"


async def deliver(
    db: Database, clock: Clock, poster: Poster, occasion: Occasion, compose: Composer
) -> str:
    """Post unless the ledger says it went out; returns the status ('retry' when a transient
    failure left it to a later attempt)."""
    row = await ledger.get(db, occasion.team, occasion.occurrence, occasion.kind)
    if row and row.status in ledger.FINAL:
        return row.status
    try:
        if row is None:
            return await _begin(db, clock, poster, occasion, compose)
        return await _resume(db, clock, poster, occasion, compose, row)
    except DeliveryError as exc:
        return await _failed(db, clock, occasion, str(exc))
    except TransientDeliveryError as exc:
        return await _retry_later(db, clock, occasion, str(exc))


async def _begin(db, clock: Clock, poster: Poster, occasion: Occasion, compose: Composer) -> str:
    now = clock.now()
    if now >= occasion.deadline:
        return await _missed(db, clock, occasion, "it came due while the bot was offline")
    late = now > occasion.due + LATE_AFTER
    text = await compose(late)
    if text is None:
        return await _nothing_to_say(db, clock, occasion)
    mark = poster.history_mark()
    holds = await ledger.record_intent(
        db,
        occasion.key,
        now=now,
        due=occasion.due,
        late=late,
        body=text.messages,
        mention_ids=text.mention_ids,
        history_mark=mark,
    )
    if not holds:  # another run wrote the intent first: it is that run's to finish
        return "intent"
    return await _post_parts(db, clock, poster, occasion, text.messages, text.mention_ids, [])


async def _resume(
    db, clock: Clock, poster: Poster, occasion: Occasion, compose: Composer, row
) -> str:
    """An intent with no outcome: a restart, or a retry after a transient failure."""
    posted = await _posted_so_far(poster, occasion, row)
    if posted:
        if len(posted) > len(row.message_ids):
            logger.info("%s: %d parts found in the channel", occasion.describe(), len(posted))
        return await _post_parts(
            db, clock, poster, occasion, list(row.body), set(row.mention_ids), posted
        )
    now = clock.now()
    if now >= occasion.deadline:
        if row.attempts:
            return await _failed(db, clock, occasion, f"gave up at the meeting: {row.detail}")
        return await _missed(db, clock, occasion, "the bot stopped before it was posted")
    # Nothing went out: compose again, so items closed meanwhile are left out.
    late = now > occasion.due + LATE_AFTER
    text = await compose(late)
    if text is None:
        return await _nothing_to_say(db, clock, occasion)
    mark = poster.history_mark()
    await ledger.replace_body(
        db,
        occasion.key,
        now=now,
        late=late,
        body=text.messages,
        mention_ids=text.mention_ids,
        history_mark=mark,
    )
    return await _post_parts(db, clock, poster, occasion, text.messages, text.mention_ids, [])


async def _posted_so_far(poster: Poster, occasion: Occasion, row) -> list[Posted]:
    """The parts already out, in order: those the ledger recorded, then any the channel
    shows (a post can succeed just before the process dies, unrecorded)."""
    recorded = [Posted(row.channel_id or 0, mid, "") for mid in row.message_ids]
    if row.body and len(recorded) >= len(row.body):
        return recorded
    found = await poster.find_posted(occasion.target, occasion.header, row.history_mark)
    if not row.body:  # an intent written before texts were kept: what the channel shows
        return recorded or found
    by_part = {part_number(p.content, occasion.header): p for p in found}
    posted = list(recorded)
    while len(posted) < len(row.body) and (len(posted) + 1) in by_part:
        posted.append(by_part[len(posted) + 1])
    return posted


async def _post_parts(
    db,
    clock: Clock,
    poster: Poster,
    occasion: Occasion,
    parts: list[str],
    mention_ids: set[int],
    posted: list[Posted],
) -> str:
    ids = [p.message_id for p in posted]
    channel_id = next((p.channel_id for p in posted if p.channel_id), None)
    if len(ids) < len(parts) and posted:
        logger.info("%s: posting parts %d-%d", occasion.describe(), len(ids) + 1, len(parts))
    for text in parts[len(ids) :]:
        sent = await poster.post(occasion.target, text, mention_ids)
        ids.append(sent.message_id)
        channel_id = sent.channel_id
        await ledger.record_parts(
            db, occasion.key, message_ids=ids, channel_id=channel_id, now=clock.now()
        )
    await ledger.finish(
        db, occasion.key, status="sent", now=clock.now(), message_ids=ids, channel_id=channel_id
    )
    logger.info("%s sent in %d part(s)", occasion.describe(), len(ids))
    return "sent"


async def _nothing_to_say(db, clock: Clock, occasion: Occasion) -> str:
    # Nothing open: a message would only be noise in the channel.
    detail = "nothing open: not posted"
    if await ledger.get(db, occasion.team, occasion.occurrence, occasion.kind):
        await ledger.finish(db, occasion.key, status="sent", now=clock.now(), detail=detail)
    else:
        await ledger.record_final(
            db, occasion.key, status="sent", now=clock.now(), detail=detail, due=occasion.due
        )
    logger.info("%s: nothing open, not posted", occasion.describe())
    return "sent"


async def _missed(db, clock: Clock, occasion: Occasion, why: str) -> str:
    now = clock.now()
    detail = f"missed: {why}; it was due {occasion.due.isoformat()}"
    if await ledger.get(db, occasion.team, occasion.occurrence, occasion.kind):
        await ledger.finish(db, occasion.key, status="missed", now=now, detail=detail)
    else:
        await ledger.record_final(
            db, occasion.key, status="missed", now=now, detail=detail, due=occasion.due
        )
    logger.warning("%s missed: %s", occasion.describe(), detail)
    return "missed"


async def _failed(db, clock: Clock, occasion: Occasion, why: str) -> str:
    row = await ledger.get(db, occasion.team, occasion.occurrence, occasion.kind)
    ids = list(row.message_ids) if row else []
    channel_id = row.channel_id if row else None
    if row is None:
        await ledger.record_final(
            db, occasion.key, status="failed", now=clock.now(), detail=why, due=occasion.due
        )
    else:
        await ledger.finish(
            db,
            occasion.key,
            status="failed",
            now=clock.now(),
            message_ids=ids,
            channel_id=channel_id,
            detail=why,
        )
    logger.warning("%s could not be posted: %s", occasion.describe(), why)
    return "failed"


async def _retry_later(db, clock: Clock, occasion: Occasion, why: str) -> str:
    row = await ledger.get(db, occasion.team, occasion.occurrence, occasion.kind)
    attempts = (row.attempts if row else 0) + 1
    if row is None or attempts >= MAX_ATTEMPTS:
        return await _failed(db, clock, occasion, f"gave up after {attempts} attempts: {why}")
    retry_at = clock.now() + FIRST_BACKOFF * 2 ** (attempts - 1)
    await ledger.note_retry(
        db, occasion.key, attempts=attempts, retry_at=retry_at, detail=why, now=clock.now()
    )
    logger.info("%s: %s; attempt %d at %s", occasion.describe(), why, attempts + 1, retry_at)
    return "retry"
