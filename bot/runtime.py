"""Starting and stopping a whole bot: database, client, reminder planner."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.app import App
from bot.client import WgbotClient
from bot.clock import Clock, ManualClock, SystemClock
from bot.config import Config
from bot.reminders.planner import ReminderPlanner
from bot.store.db import open_database

logger = logging.getLogger(__name__)


class BotRunner:
    """One bot process's worth of parts, startable and stoppable in-process."""

    def __init__(
        self, config: Config, clock: Clock | None = None, **client_options: object
    ) -> None:
        self.config = config
        self.client_options = client_options
        self.clock = clock or SystemClock()
        self.app: App | None = None
        self.client: WgbotClient | None = None
        self._task: asyncio.Task | None = None

    async def start(self, token: str, *, ready_timeout: float = 30.0) -> None:
        db = await open_database(self.config.bot.database)
        self.app = App(self.config, db, self.clock)
        self.client = WgbotClient(self.app, **self.client_options)
        self.app.planner = ReminderPlanner(
            db, self.clock, self.client.poster, self.app.teams, self.config
        )
        if isinstance(self.clock, ManualClock):
            self.clock.on_change(self.app.planner.clock_moved)
        self._task = asyncio.create_task(self.client.start(token), name="discord-client")
        await self._wait_ready(ready_timeout)

    async def _wait_ready(self, timeout: float) -> None:
        assert self.client and self._task and self.app and self.app.planner
        ready = asyncio.create_task(self.client.wait_until_ready())
        done, _ = await asyncio.wait(
            {ready, self._task}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if self._task in done:
            ready.cancel()
            self._task.result()  # raises the client's error (bad token...)
        if ready not in done:
            ready.cancel()
            raise TimeoutError("the bot did not connect in time")
        # Started means settled and planned: stopping before then would close the database
        # under the planner's feet.
        await asyncio.wait_for(self.app.planner.started.wait(), timeout)

    async def stop(self) -> None:
        if self.app and self.app.planner:
            self.app.planner.stop()
            if isinstance(self.clock, ManualClock):
                self.clock.remove_listener(self.app.planner.clock_moved)
        if self.client:
            await self.client.close()
        if self._task and not self._task.done():
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self.app:
            await self.app.db.close()
        logger.info("bot stopped")

    async def run_until_stopped(self, token: str) -> None:
        try:
            await self.start(token)
            assert self._task
            await self._task
        finally:
            await self.stop()
