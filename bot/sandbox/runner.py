"""Running the real bot against the emulator, one script step at a time."""

from __future__ import annotations

import datetime as dt
import logging
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from bot.clock import ManualClock, SystemClock
from bot.emulator import DiscordEmulator, EmulatorError, PostedMessage
from bot.runtime import BotRunner
from bot.sandbox.demo import DEMO_GUILD, demo_file, sandbox_config
from bot.sandbox.script import ScriptError, Step
from bot.sandbox.time_travel import advance

logger = logging.getLogger(__name__)


class Sandbox:
    """An emulated guild, a bot connected to it, and a person typing commands."""

    def __init__(
        self,
        *,
        config_path: str | None = None,
        database: str | None = None,
        base_dir: Path | None = None,
        out: Callable[[str], None] = print,
    ) -> None:
        self.config_path = config_path
        self._tmp = tempfile.TemporaryDirectory(prefix="wgbot-sandbox-")
        self.database = database or str(Path(self._tmp.name) / "sandbox.sqlite3")
        self.base_dir = base_dir or Path.cwd()
        self.out = out
        self.emulator = DiscordEmulator(DEMO_GUILD)
        self.clock = ManualClock(SystemClock().now().replace(microsecond=0))
        self.runner: BotRunner | None = None
        self.member = DEMO_GUILD.members[0].name
        self._shown: set[int] = set()

    async def start(self) -> None:
        await self.emulator.start()
        self.emulator.install()
        await self._start_bot()
        self.out(
            f"sandbox: guild {DEMO_GUILD.name!r}, you are @{self.member}, "
            f"clock {self.clock.now().isoformat()}, database {self.database}"
        )

    async def _start_bot(self) -> None:
        config = sandbox_config(
            self.config_path, database=self.database, guild_id=self.emulator.guild_id
        )
        # The emulator sends the whole guild at once: no need to wait for more guilds.
        self.runner = BotRunner(config, self.clock, guild_ready_timeout=0.05)
        await self.runner.start(self.emulator.token)

    async def stop(self) -> None:
        if self.runner:
            await self.runner.stop()
        await self.emulator.stop()
        self.emulator.uninstall()
        self._tmp.cleanup()

    async def run(self, step: Step, where: str = "<input>") -> None:
        try:
            await self._run(step, where)
        except (EmulatorError, ValueError, OverflowError) as exc:
            raise ScriptError(where, step.line, str(exc)) from exc
        finally:
            self._show_new()

    async def _run(self, step: Step, where: str) -> None:
        if step.action == "as":
            self.emulator.member_id(step.member)  # fails clearly on an unknown member
            self.member = step.member
        elif step.action == "now" and step.instant is not None:
            self.clock.set(step.instant)
            await self._settle()
        elif step.action == "advance" and step.delta is not None:
            await advance(self.clock, self._planner(), step.delta, on_step=self._show_new)
            self.out(f"-- clock: {self.clock.now().isoformat()}")
        elif step.action == "restart":
            await self._restart()
        else:
            await self._command(step, where)

    async def _command(self, step: Step, where: str) -> None:
        options: dict[str, object] = dict(step.options)
        if "file" in options:
            options["file"] = self._attachment(str(options["file"]), where, step.line)
        shown = " ".join(f"{k}:{v}" for k, v in step.options.items())
        self.out(f"@{self.member}> /{step.command} {shown}".rstrip())
        channel = self._channel_for(step)
        await self.emulator.invoke(self.member, channel, step.command, options)
        await self._settle()

    def _channel_for(self, step: Step) -> str:
        return "minutes" if step.command.startswith("minutes") else "general"

    def _attachment(self, value: str, where: str, line: int) -> dict:
        path = Path(value)
        candidates = [path, self.base_dir / path, demo_file(value)]
        for candidate in candidates:
            if candidate.is_file():
                return self.emulator.add_attachment(candidate.name, candidate.read_bytes())
        raise ScriptError(where, line, f"file:{value}: no such file")

    async def _restart(self) -> None:
        await self.restart()

    async def restart(self, down_for: dt.timedelta | None = None) -> None:
        """Stop the bot and start a new one on the same database; with ``down_for``, the
        clock moves that much while no bot runs (what came due meanwhile is settled at start)."""
        self.out("-- restarting the bot on the same database")
        assert self.runner
        await self.runner.stop()
        if down_for:
            self.clock.set(self.clock.now() + down_for)
            self.out(f"-- the bot was down until {self.clock.now().isoformat()}")
        await self._start_bot()
        await self._settle()

    async def _settle(self) -> None:
        await self._planner().settle()

    def _planner(self):
        assert self.runner and self.runner.app and self.runner.app.planner
        return self.runner.app.planner

    def _show_new(self) -> None:
        for message in self.emulator.messages():
            if message.id not in self._shown:
                self._shown.add(message.id)
                self.out(self._format(message))

    def _format(self, message: PostedMessage) -> str:
        channel = self.emulator.channel_name(message.channel_id)
        where = channel if channel.startswith("@") else f"#{channel}"
        private = " (only you see this)" if message.ephemeral else ""
        body = _timestamps(message.rendered().rstrip(), self.clock.now())
        indented = "\n".join("    " + line for line in body.splitlines())
        pinged = sorted(f"@{self.emulator.member_name(uid)}" for uid in message.pinged_user_ids)
        pings = f"\n    (pings {', '.join(pinged)})" if pinged else ""
        if message.pinged_everyone or message.pinged_role_ids:
            pings += "\n    (pings @everyone or a role!)"
        return f"[{where}] wgbot{private}:\n{indented}{pings}"


_TIMESTAMP = re.compile(r"<t:(-?\d+)(?::([tTdDfFR]))?>")


def _timestamps(text: str, now: dt.datetime) -> str:
    """Discord shows ``<t:…>`` in the reader's zone; the sandbox shows UTC."""

    def show(match: re.Match[str]) -> str:
        instant = dt.datetime.fromtimestamp(int(match.group(1)), dt.UTC)
        style = match.group(2) or "f"
        if style in "dD":
            return instant.date().isoformat()
        if style == "R":
            return relative_time(instant - now)
        return instant.strftime("%a %Y-%m-%d %H:%M UTC")

    return _TIMESTAMP.sub(show, text)


def relative_time(delta: dt.timedelta) -> str:
    """As Discord shows `<t:…:R>`: in minutes under an hour, hours under two days."""
    minutes = round(abs(delta.total_seconds()) / 60)
    hours = round(minutes / 60)
    if minutes < 60:
        amount = f"{minutes} minute" + ("" if minutes == 1 else "s")
    elif hours < 48:
        amount = f"{hours} hour" + ("" if hours == 1 else "s")
    else:
        amount = f"{hours // 24} days"
    return f"in {amount}" if delta.total_seconds() >= 0 else f"{amount} ago"
