"""wgbot: a Discord bot that keeps working groups honest about their follow-ups."""

__version__ = "0.1.0"
