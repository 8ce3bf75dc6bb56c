"""Slash-command options as a test writes them, converted per the registered option types."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.emulator import payloads
from bot.emulator.errors import EmulatorError, UnknownEntity
from bot.emulator.state import EmulatorState, Member

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = range(3, 12)
_TRUE = {"true", "yes", "1", "on", "y"}


def find_command(state: EmulatorState, path: str) -> tuple[dict, list[dict], list[dict]]:
    """The registered command, the subcommand chain, and the leaf's option schema.

    ``path`` is "command", "command sub" or "command group sub"; a guild command wins over
    a global one of the same name, as in Discord's client.
    """
    words = path.split()
    slash = [c for c in state.commands if c.get("type", 1) == 1 and c["name"] == words[0]]
    slash.sort(key=lambda c: "guild_id" not in c)
    if not slash:
        known = sorted({c["name"] for c in state.commands})
        raise UnknownEntity("command", words[0], known)
    schema, chain = slash[0].get("options") or [], []
    for done, word in enumerate(words[1:], start=1):
        subs = [o for o in schema if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
        match = [o for o in subs if o["name"] == word]
        if not match and not subs:
            raise _not_a_subcommand(" ".join(words[:done]), word, schema)
        if not match:
            raise UnknownEntity("subcommand", path, [o["name"] for o in subs])
        chain.append(match[0])
        schema = match[0].get("options") or []
    if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in schema):
        names = [o["name"] for o in schema]
        raise EmulatorError(f"{path!r} needs a subcommand: {', '.join(names)}")
    return slash[0], chain, schema


def _not_a_subcommand(command: str, word: str, schema: list[dict]) -> EmulatorError:
    """A word after a command that takes options, not subcommands: ``/reminders dm on``."""
    names = [o["name"] for o in schema]
    example = f" (such as {names[0]}:{word})" if names else ""
    takes = f"its options are {', '.join(names)}" if names else "it takes no options"
    return EmulatorError(
        f"/{command} has no subcommand {word!r}: {takes}; give them as name:value{example}"
    )


def nest(chain: list[dict], leaf: list[dict]) -> list[dict]:
    """Wrap leaf options in their subcommand (and group) as Discord nests them."""
    options = leaf
    for sub in reversed(chain):
        options = [{"type": sub["type"], "name": sub["name"], "options": options}]
    return options


class OptionConverter:
    """Turns test values into option payloads and collects the ``resolved`` objects."""

    def __init__(self, state: EmulatorState, attach: Callable[[Path], dict]) -> None:
        self.state = state
        self.attach = attach
        self.resolved: dict[str, dict[str, Any]] = {}

    def convert(self, schema: list[dict], values: dict, focused: str | None = None) -> list[dict]:
        by_name = {o["name"]: o for o in schema}
        for name in values:
            if name not in by_name:
                raise UnknownEntity("option", name, list(by_name))
        missing = [o["name"] for o in schema if o.get("required") and o["name"] not in values]
        if missing and focused is None:
            raise EmulatorError(f"missing required options: {', '.join(missing)}")
        return [
            self._entry(by_name[name], value, name == focused) for name, value in values.items()
        ]

    def _entry(self, option: dict, value: Any, focused: bool) -> dict:
        entry = {"type": option["type"], "name": option["name"]}
        if focused:
            # Discord sends what the user has typed so far, unconverted.
            return {**entry, "value": str(value), "focused": True}
        return {**entry, "value": self.value(option, value)}

    def value(self, option: dict, value: Any) -> Any:
        kind = option["type"]
        value = _choice_value(option, value)
        _require_choice(option, value)
        if kind == STRING:
            return str(value)
        if kind in (INTEGER, NUMBER):
            return _number(option, value, int if kind == INTEGER else float)
        if kind == BOOLEAN:
            return value if isinstance(value, bool) else str(value).lower() in _TRUE
        return str(self._resolve(kind, value))

    def _resolve(self, kind: int, value: Any) -> int:
        if kind == USER:
            return self.add_member(self.state.member(value))
        if kind == ROLE:
            return self.add_role(value)
        if kind == CHANNEL:
            return self.add_channel(value)
        if kind == MENTIONABLE:
            return self._mentionable(value)
        if kind == ATTACHMENT:
            return self.add_attachment(value)
        raise EmulatorError(f"option type {kind} is not supported by the emulator")

    def _mentionable(self, value: Any) -> int:
        try:
            return self.add_member(self.state.member(value))
        except UnknownEntity:
            return self.add_role(value)

    def add_member(self, member: Member) -> int:
        key = str(member.user.id)
        self.resolved.setdefault("users", {})[key] = payloads.user(member.user)
        self.resolved.setdefault("members", {})[key] = payloads.member(
            self.state, member, with_user=False
        )
        return member.user.id

    def add_role(self, value: Any) -> int:
        role = self.state.role(value)
        self.resolved.setdefault("roles", {})[str(role.id)] = payloads.role(role)
        return role.id

    def add_channel(self, value: Any, invoker: Member | None = None) -> int:
        channel = self.state.channel(value)
        member = invoker or self.state.members[self.state.bot.id]
        data = payloads.channel_with_permissions(self.state, channel, member)
        self.resolved.setdefault("channels", {})[str(channel.id)] = data
        return channel.id

    def add_attachment(self, value: Any) -> int:
        payload = value if isinstance(value, dict) else self.attach(Path(value))
        self.resolved.setdefault("attachments", {})[str(payload["id"])] = payload
        return int(payload["id"])


def _choice_value(option: dict, value: Any) -> Any:
    """A choice may be given by its display name; Discord sends its value."""
    for choice in option.get("choices") or []:
        if value == choice["name"] and value != choice["value"]:
            return choice["value"]
    return value


def _require_choice(option: dict, value: Any) -> None:
    """An option with choices only ever carries one of them: Discord's client offers nothing
    else (it compares as it would send, so "2" matches the integer choice 2)."""
    choices = option.get("choices") or []
    if choices and str(value) not in {str(choice["value"]) for choice in choices}:
        names = ", ".join(str(choice["value"]) for choice in choices)
        raise EmulatorError(f"option {option['name']}: {value!r} is not one of the choices {names}")


# Discord's client only sends integers it can hold in a double.
_DISCORD_INT_LIMIT = 2**53


def _number(option: dict, value: Any, kind: type) -> int | float:
    """The value as Discord's client would send it; what it would refuse raises."""
    try:
        number = kind(value)
    except (TypeError, ValueError) as exc:
        raise EmulatorError(f"option {option['name']}: {value!r} is not a {kind.__name__}") from exc
    low = option.get("min_value", -_DISCORD_INT_LIMIT)
    high = option.get("max_value", _DISCORD_INT_LIMIT)
    if not low <= number <= high:
        raise EmulatorError(f"option {option['name']}: {number} is not between {low} and {high}")
    return number
