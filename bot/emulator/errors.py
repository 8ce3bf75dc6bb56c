"""Errors raised at the test; the bot itself gets Discord-style HTTP errors instead."""

from __future__ import annotations

from bot.errors import WgbotError


class EmulatorError(WgbotError):
    """A test asked the emulator for something that does not exist or cannot happen."""


class UnknownEntity(EmulatorError):
    """A member, channel, role, command or component named by a test is not in the guild."""

    def __init__(self, kind: str, ref: object, known: list[str]) -> None:
        shown = ", ".join(known) if known else "none"
        super().__init__(f"unknown {kind} {ref!r} (known: {shown})")
        self.kind = kind
        self.ref = ref
        self.known = known


class DiscordAPIError(Exception):
    """Raised inside a REST handler; the middleware turns it into Discord's JSON error body."""

    def __init__(self, status: int, code: int, message: str, errors: dict | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def body(self) -> dict:
        body: dict = {"message": self.message, "code": self.code}
        if self.errors is not None:
            body["errors"] = self.errors
        return body


def unknown_channel() -> DiscordAPIError:
    return DiscordAPIError(404, 10003, "Unknown Channel")


def unknown_message() -> DiscordAPIError:
    return DiscordAPIError(404, 10008, "Unknown Message")


def unknown_webhook() -> DiscordAPIError:
    return DiscordAPIError(404, 10015, "Unknown Webhook")


def invalid_form(field: str, code: str, message: str) -> DiscordAPIError:
    """Discord's 50035 "Invalid Form Body" with one field error, as its API shapes it."""
    errors = {field: {"_errors": [{"code": code, "message": message}]}}
    return DiscordAPIError(400, 50035, "Invalid Form Body", errors)
