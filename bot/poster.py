"""Posting reminders through discord.py, with mentions limited to the owners."""

from __future__ import annotations

import datetime as dt
import logging

import discord

from bot.reminders.delivery import DeliveryError

logger = logging.getLogger(__name__)


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


class DiscordPoster:
    """The reminders' way out: a channel in the guild, by id or by name."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    def _channel(self, ref: int | str) -> discord.TextChannel:
        channel = find_channel(self.client, ref)
        if channel is None:
            raise DeliveryError(f"channel {ref!r} is not in any guild the bot is in")
        return channel  # type: ignore[return-value]

    async def post(
        self, channel: int | str, messages: list[str], mention_ids: set[int]
    ) -> tuple[int, list[int]]:
        target = self._channel(channel)
        ids = []
        try:
            for text in messages:
                sent = await target.send(text, allowed_mentions=only_users(mention_ids))
                ids.append(sent.id)
        except (discord.NotFound, discord.Forbidden) as exc:
            raise DeliveryError(f"cannot post in #{target}: {exc.text or exc}") from exc
        return target.id, ids

    async def find_posted(
        self, channel: int | str, header: str, since: dt.datetime
    ) -> tuple[int, list[int]]:
        target = self._channel(channel)
        me = self.client.user
        found = []
        # Compare on a whole minute earlier: Discord's and our clocks may differ a little.
        after = since - dt.timedelta(minutes=1)
        async for message in target.history(limit=100, after=after, oldest_first=True):
            if message.author == me and message.content.startswith(header):
                found.append(message.id)
        return target.id, found
