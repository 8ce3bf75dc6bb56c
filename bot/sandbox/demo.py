"""The demo guild the sandbox starts with, and its config."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from bot.config import Config, config_from_dict, load_config
from bot.emulator import ChannelSpec, GuildSpec, MemberSpec, RoleSpec

DEMO_GUILD = GuildSpec(
    name="Working Groups (demo)",
    channels=[ChannelSpec(name) for name in ("general", "minutes", "security", "storage")],
    roles=[RoleSpec("secretary")],
    members=[
        MemberSpec("ana", display_name="Ana (secretary)", roles=["secretary"]),
        MemberSpec("stefan", display_name="ȘtefanJ"),
        MemberSpec("alex", display_name="AlexA"),
        MemberSpec("teo", display_name="TeoT"),
        MemberSpec("michalis", display_name="Michalis"),
        MemberSpec("razvan", display_name="RăzvanD"),
        MemberSpec("sergiu", display_name="Sergiu"),
        MemberSpec("jeni", display_name="Jeni"),
        MemberSpec("stefanp", display_name="ȘtefanP"),
        MemberSpec("mirela", display_name="Mirela"),
    ],
)


def demo_file(name: str) -> Path:
    """A file shipped with the sandbox (the demo script, the seed minutes)."""
    return Path(str(resources.files("bot.sandbox").joinpath(name)))


def sandbox_config(path: str | None, *, database: str, guild_id: int) -> Config:
    """The demo config (or the user's), pointed at the sandbox database and guild."""
    if path:
        base = load_config(path)
        raw = base.model_dump(exclude={"source"})
        source = path
    else:
        source = str(demo_file("demo.toml"))
        raw = tomllib.loads(demo_file("demo.toml").read_text(encoding="utf-8"))
    raw.setdefault("bot", {})
    raw["bot"] = {**raw["bot"], "database": database, "guild": guild_id}
    return config_from_dict(raw, source)
