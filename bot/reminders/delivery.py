"""Posting one reminder, exactly once, whatever moment the process dies at."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Protocol

from bot.clock import Clock
from bot.errors import WgbotError
from bot.reminders import ledger
from bot.reminders.compose import compose_reminder, reminder_header
from bot.store.db import Database
from bot.store.items import list_items

logger = logging.getLogger(__name__)

# A reminder posted less than this after its time is on time, not late.
LATE_AFTER = dt.timedelta(minutes=5)


class DeliveryError(WgbotError):
    """A post that cannot succeed by retrying: no such channel, no permission."""


class Poster(Protocol):
    """Where reminders go: the Discord client, in production and in the emulator."""

    async def post(
        self, channel: int | str, messages: list[str], mention_ids: set[int]
    ) -> tuple[int, list[int]]:
        """Post the messages; returns the channel id and the message ids."""
        ...

    async def find_posted(
        self, channel: int | str, header: str, since: dt.datetime
    ) -> tuple[int, list[int]]:
        """The bot's messages in the channel since ``since`` that start with ``header``."""
        ...


@dataclass(frozen=True)
class Occasion:
    team: str
    channel: int | str
    occurrence: dt.datetime  # the meeting's start
    due: dt.datetime  # when the reminder is meant to go out
    kind: str = "reminder"


async def deliver(db: Database, clock: Clock, poster: Poster, occasion: Occasion) -> str:
    """Send the reminder unless the ledger says it went out; returns the final status."""
    row = await ledger.get(db, occasion.team, occasion.occurrence, occasion.kind)
    if row and row.status != "intent":
        return row.status
    if row is None:
        status = await _open_ledger(db, clock, occasion)
        if status:
            return status
    elif await _already_posted(db, clock, poster, occasion, row):
        return "sent"
    late = clock.now() > occasion.due + LATE_AFTER
    return await _post(db, clock, poster, occasion, late=late)


async def _open_ledger(db: Database, clock: Clock, occasion: Occasion) -> str | None:
    now = clock.now()
    if now >= occasion.occurrence:
        why = f"the meeting began at {occasion.occurrence.isoformat()} before it could be sent"
        await ledger.record_missed(
            db, occasion.team, occasion.occurrence, occasion.kind, now=now, why=why
        )
        logger.warning(
            "%s %s for %s missed: %s", occasion.kind, occasion.occurrence, occasion.team, why
        )
        return "missed"
    late = now > occasion.due + LATE_AFTER
    await ledger.record_intent(
        db, occasion.team, occasion.occurrence, occasion.kind, now=now, late=late
    )
    return None


async def _already_posted(db, clock, poster: Poster, occasion: Occasion, row) -> bool:
    # An intent with no outcome: the process died around the post. The channel knows.
    header = reminder_header(occasion.team, occasion.occurrence)
    channel_id, found = await poster.find_posted(occasion.channel, header, row.created_at)
    if not found:
        logger.info(
            "reminder for %s at %s was not posted before a restart; posting it",
            occasion.team,
            occasion.occurrence,
        )
        return False
    await ledger.finish(
        db,
        occasion.team,
        occasion.occurrence,
        occasion.kind,
        status="sent",
        now=clock.now(),
        message_ids=found,
        channel_id=channel_id,
        detail="found in the channel after a restart",
    )
    logger.info(
        "reminder for %s at %s was already posted; ledger completed",
        occasion.team,
        occasion.occurrence,
    )
    return True


async def _post(db, clock: Clock, poster: Poster, occasion: Occasion, *, late: bool) -> str:
    items = await list_items(db, team=occasion.team)
    if not items:
        # Nothing open: a message would only be noise in the channel.
        await ledger.finish(
            db,
            occasion.team,
            occasion.occurrence,
            occasion.kind,
            status="sent",
            now=clock.now(),
            detail="nothing open: not posted",
        )
        logger.info("reminder for %s: nothing open, not posted", occasion.team)
        return "sent"
    text = compose_reminder(occasion.team, occasion.occurrence, items, late=late)
    try:
        channel_id, ids = await poster.post(occasion.channel, text.messages, text.mention_ids)
    except DeliveryError as exc:
        await ledger.finish(
            db,
            occasion.team,
            occasion.occurrence,
            occasion.kind,
            status="failed",
            now=clock.now(),
            detail=str(exc),
        )
        logger.warning("reminder for %s could not be posted: %s", occasion.team, exc)
        return "failed"
    await ledger.finish(
        db,
        occasion.team,
        occasion.occurrence,
        occasion.kind,
        status="sent",
        now=clock.now(),
        message_ids=ids,
        channel_id=channel_id,
    )
    logger.info(
        "reminder for %s (meeting %s) sent: %d items, %d owners pinged%s",
        occasion.team,
        occasion.occurrence,
        len(items),
        len(text.mention_ids),
        " (late)" if late else "",
    )
    return "sent"
