"""Starting and stopping the whole bot, including when it cannot connect."""

import asyncio

import discord
import pytest

from bot.config import config_from_dict
from bot.emulator import DiscordEmulator, GuildSpec
from bot.runtime import BotRunner


async def test_a_refused_token_ends_the_run_instead_of_hanging(tmp_path):
    emulator = DiscordEmulator(GuildSpec())
    await emulator.start()
    emulator.install()
    try:
        config = config_from_dict({"bot": {"database": str(tmp_path / "db.sqlite3")}}, "t")
        runner = BotRunner(config, guild_ready_timeout=0.05)
        with pytest.raises(discord.LoginFailure):
            await asyncio.wait_for(runner.run_until_stopped("not-the-token"), timeout=15)
        assert runner.app is not None
        # The database was closed: a later query fails instead of keeping a thread alive.
        with pytest.raises(ValueError):
            await runner.app.db.fetchone("SELECT 1")
    finally:
        await emulator.stop()
        emulator.uninstall()


async def test_the_bot_connects_syncs_its_commands_once_and_stops(tmp_path):
    emulator = DiscordEmulator(GuildSpec())
    await emulator.start()
    emulator.install()
    database = str(tmp_path / "db.sqlite3")
    config = config_from_dict({"bot": {"database": database, "guild": emulator.guild_id}}, "t")
    try:
        for _ in range(2):
            runner = BotRunner(config, guild_ready_timeout=0.05)
            await runner.start(emulator.token)
            await runner.stop()
        names = sorted(command["name"] for command in emulator.commands)
        assert {"minutes", "people", "team", "todo", "todos"} <= set(names)
        syncs = [r for r in emulator.requests if r.method == "PUT" and "commands" in r.path]
        assert len(syncs) == 1  # the second start found the same commands registered
    finally:
        await emulator.stop()
        emulator.uninstall()


async def test_start_returns_only_once_reminders_are_planned(tmp_path):
    emulator = DiscordEmulator(GuildSpec())
    await emulator.start()
    emulator.install()
    database = str(tmp_path / "db.sqlite3")
    config = config_from_dict({"bot": {"database": database, "guild": emulator.guild_id}}, "t")
    runner = BotRunner(config, guild_ready_timeout=0.05)
    try:
        await runner.start(emulator.token)
        assert runner.app and runner.app.planner
        # Planned: the heartbeat job is the last thing the planner's start adds; stopping
        # now leaves no part of the start running against a closed database.
        assert runner.app.planner.scheduler.get_job("heartbeat") is not None
    finally:
        await runner.stop()
        await emulator.stop()
        emulator.uninstall()
