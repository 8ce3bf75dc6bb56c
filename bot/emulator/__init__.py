"""A local Discord: REST v10 and the gateway, enough for the real discord.py client.

Tests and ``wgbot sandbox`` start a ``DiscordEmulator`` for a ``GuildSpec``, point discord.py at
it with ``install()``, run the bot against it, then act as members (``invoke``, ``click``,
``post_message``) and read what the bot posted (``messages``, ``requests``).
"""

from bot.emulator.errors import EmulatorError, UnknownEntity
from bot.emulator.records import InteractionResult, PostedMessage, RecordedRequest
from bot.emulator.server import DiscordEmulator
from bot.emulator.specs import ChannelSpec, GuildSpec, MemberSpec, RoleSpec

__all__ = [
    "ChannelSpec",
    "DiscordEmulator",
    "EmulatorError",
    "GuildSpec",
    "InteractionResult",
    "MemberSpec",
    "PostedMessage",
    "RecordedRequest",
    "RoleSpec",
    "UnknownEntity",
]
