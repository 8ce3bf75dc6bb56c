"""Posting reminders through discord.py, with mentions limited to the owners.

Posts are paced below Discord's global limit (50 requests a second for a bot), so a burst of
reminders due in the same minute is spread out instead of answered with 429s. discord.py
retries rate limits and some 5xx itself; what it gives up on becomes a
TransientDeliveryError, which the ledger retries later.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import aiohttp
import discord

from bot.reminders.delivery import DeliveryError, Posted, Target, TransientDeliveryError

logger = logging.getLogger(__name__)

# Below Discord's 50 a second, leaving room for the commands' own requests.
POSTS_PER_SECOND = 40.0
HISTORY_LIMIT = 100
_ITEM_ID = re.compile(r"`#(\d+)`")
# Discord's "Cannot send messages to this user": the member's DMs are closed to the bot.
_DMS_CLOSED = 50007


def only_users(user_ids: set[int] | list[int]) -> discord.AllowedMentions:
    """Allowed mentions that can ping these users and nobody else, whatever the text says."""
    return discord.AllowedMentions(
        everyone=False,
        roles=False,
        users=[discord.Object(uid) for uid in sorted(user_ids)],
        replied_user=False,
    )


def find_channel(client: discord.Client, ref: int | str) -> discord.abc.Messageable | None:
    if isinstance(ref, int):
        channel = client.get_channel(ref)
        return channel if isinstance(channel, discord.abc.Messageable) else None
    for guild in client.guilds:
        for channel in guild.text_channels:
            if channel.name == ref.lstrip("#"):
                return channel
    return None


def reminder_view(text: str) -> discord.ui.View | None:
    """Buttons to close one's own items, when bot.views provides them (another part of the
    bot builds them; without it reminders go out as plain text)."""
    try:
        from bot import views
    except ImportError:
        return None
    factory: Callable[[list[int]], discord.ui.View | None] | None = getattr(
        views, "reminder_view", None
    )
    item_ids = [int(n) for n in dict.fromkeys(_ITEM_ID.findall(text))]
    return factory(item_ids) if factory and item_ids else None


class Pacer:
    """At most ``per_second`` starts a second, evenly spaced, shared by every caller."""

    def __init__(self, per_second: float) -> None:
        self.interval = 1.0 / per_second
        self._next = 0.0

    async def wait(self) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        slot = max(now, self._next)
        self._next = slot + self.interval
        if slot > now:
            await asyncio.sleep(slot - now)


class DiscordPoster:
    """The reminders' way out: a channel in the guild (by id or name), or a member's DMs."""

    def __init__(self, client: discord.Client, per_second: float = POSTS_PER_SECOND) -> None:
        self.client = client
        self.pacer = Pacer(per_second)

    def _channel(self, ref: int | str | None) -> discord.TextChannel:
        channel = find_channel(self.client, ref) if ref is not None else None
        if channel is None:
            raise DeliveryError(f"channel {ref!r} is not in any guild the bot is in")
        return channel  # type: ignore[return-value]

    def history_mark(self) -> int:
        # A minute early: Discord's clock and ours may differ a little.
        since = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        return discord.utils.time_snowflake(since)

    async def post(self, target: Target, text: str, mention_ids: set[int]) -> Posted:
        if target.user_id is not None:
            return await self._post_dm(target, text)
        channel = self._channel(target.channel)
        return await self._send(channel, text, mention_ids)

    async def _send(self, channel, text: str, mention_ids: set[int]) -> Posted:
        await self.pacer.wait()
        options: dict[str, object] = {"allowed_mentions": only_users(mention_ids)}
        view = reminder_view(text)
        if view is not None:
            options["view"] = view
        with _errors(channel):
            sent = await channel.send(text, **options)
        return Posted(sent.channel.id, sent.id, sent.content)

    async def _post_dm(self, target: Target, text: str) -> Posted:
        assert target.user_id is not None
        try:
            channel = await self._dm_channel(target.user_id)
            return await self._send(channel, text, set())
        except DeliveryError as exc:
            if target.channel is None or not _dms_closed(exc):
                raise
        logger.info("member %s does not accept DMs; posting in the channel", target.user_id)
        return await self._send(self._channel(target.channel), text, {target.user_id})

    async def _dm_channel(self, user_id: int) -> discord.DMChannel:
        await self.pacer.wait()
        with _errors(f"DMs of {user_id}"):
            return await self.client.create_dm(discord.Object(user_id))

    async def find_posted(self, target: Target, header: str, after: int | None) -> list[Posted]:
        channels: list[discord.abc.Messageable] = []
        if target.user_id is not None:
            channels.append(await self._dm_channel(target.user_id))
        if target.channel is not None:
            channels.append(self._channel(target.channel))
        found: list[Posted] = []
        for channel in channels:
            found += await self._history(channel, header, after)
        return found

    async def _history(self, channel, header: str, after: int | None) -> list[Posted]:
        await self.pacer.wait()
        since = discord.Object(after) if after else None
        found = []
        with _errors(channel):
            async for message in channel.history(
                limit=HISTORY_LIMIT, after=since, oldest_first=True
            ):
                if message.author == self.client.user and message.content.startswith(header):
                    found.append(Posted(channel.id, message.id, message.content))
        return found


@contextmanager
def _errors(where: object) -> Iterator[None]:
    """discord.py's errors as the ledger understands them: retry later, or give up."""
    try:
        yield
    except (discord.Forbidden, discord.NotFound) as exc:
        raise DeliveryError(f"cannot post in {where}: {exc.text or exc}", exc.code) from exc
    except (discord.RateLimited, discord.DiscordServerError) as exc:
        raise TransientDeliveryError(f"Discord said: {exc}") from exc
    except discord.HTTPException as exc:
        if exc.status == 429 or exc.status >= 500:
            raise TransientDeliveryError(f"Discord said: {exc}") from exc
        raise DeliveryError(f"Discord refused the post in {where}: {exc}", exc.code) from exc
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        raise TransientDeliveryError(f"cannot reach Discord: {exc!r}") from exc


def _dms_closed(exc: DeliveryError) -> bool:
    cause = exc.__cause__
    return exc.code == _DMS_CLOSED or isinstance(cause, discord.Forbidden)
