"""Planning reminders on APScheduler: one job per team, for its next meeting."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from bot.clock import Clock
from bot.reminders import ledger
from bot.reminders.delivery import Occasion, Poster, deliver
from bot.store.db import Database
from bot.teams import TeamSettings

logger = logging.getLogger(__name__)

TeamSource = Callable[[], Awaitable[dict[str, TeamSettings]]]


class ReminderPlanner:
    """Keeps, for every team with a schedule, a job at its next reminder time."""

    def __init__(self, db: Database, clock: Clock, poster: Poster, teams: TeamSource) -> None:
        self.db = db
        self.clock = clock
        self.poster = poster
        self.teams = teams
        self.scheduler = AsyncIOScheduler(
            timezone=dt.UTC,
            # Our ledger decides what is late or missed, so APScheduler never drops a run,
            # and runs a job once however long it waited.
            job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )
        self._running = 0
        self._planned: dict[str, Occasion] = {}
        self._tasks: set[asyncio.Task] = set()

    async def start(self) -> None:
        self.scheduler.start()
        await self.replan_all()
        logger.info("reminder planner started with %d jobs", len(self.scheduler.get_jobs()))

    def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def clock_moved(self) -> None:
        """Listener for a clock that jumps (sandbox, tests): plan again from the new now."""
        self._spawn(self.replan_all())

    async def replan_all(self) -> None:
        for name, team in (await self.teams()).items():
            await self.plan(name, team)

    async def plan(self, name: str, team: TeamSettings) -> Occasion | None:
        """Keep exactly one job for the team: the reminder of its next unsettled meeting."""
        occasion = await self._next_occasion(name, team)
        # One id per meeting: a job that is running never collides with the next one.
        job_id = f"reminder:{name}:{occasion.occurrence.isoformat()}" if occasion else None
        self._drop_jobs(name, keep=job_id)
        if occasion is None:
            self._planned.pop(name, None)
            return None
        self._planned[name] = occasion
        self.scheduler.add_job(
            self._run,
            DateTrigger(self.clock.to_real(occasion.due)),
            args=[occasion, team],
            id=job_id,
            name=f"reminder for {name}",
            replace_existing=True,
        )
        logger.debug(
            "%s: reminder at %s for the meeting at %s", name, occasion.due, occasion.occurrence
        )
        return occasion

    def _drop_jobs(self, team: str, keep: str | None) -> None:
        prefix = f"reminder:{team}:"
        for job in self.scheduler.get_jobs():
            if job.id.startswith(prefix) and job.id != keep:
                job.remove()

    async def _next_occasion(self, name: str, team: TeamSettings) -> Occasion | None:
        schedule = team.schedule
        if schedule is None:
            return None
        cursor = self.clock.now()
        for _ in range(1000):  # skip meetings whose reminder is already settled
            meeting = schedule.next_after(cursor)
            if meeting is None:
                return None
            row = await ledger.get(self.db, name, meeting, "reminder")
            if row is None or row.status == "intent":
                due = meeting - team.remind_before
                return Occasion(name, team.channel, meeting.astimezone(dt.UTC), due)
            cursor = meeting
        return None

    async def _run(self, occasion: Occasion, team: TeamSettings) -> None:
        self._running += 1
        try:
            await deliver(self.db, self.clock, self.poster, occasion)
        except Exception:
            logger.exception("reminder for %s at %s failed", occasion.team, occasion.occurrence)
        finally:
            self._running -= 1
        await self.plan(occasion.team, team)

    def next_due(self) -> dt.datetime | None:
        """The earliest time, in clock time, at which a planned reminder is due."""
        return min((occasion.due for occasion in self._planned.values()), default=None)

    async def settle(self, timeout: float = 30.0) -> None:
        """Wait until every job that is due has run (the clock may have jumped)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            await asyncio.sleep(0.02)
            if not self._tasks and not self._running and not self._due_jobs():
                return
        raise TimeoutError("reminder jobs did not settle")

    def _due_jobs(self) -> list:
        real_now = dt.datetime.now(dt.UTC) + dt.timedelta(milliseconds=5)
        return [
            job
            for job in self.scheduler.get_jobs()
            if job.next_run_time and job.next_run_time <= real_now
        ]

    def _spawn(self, coro) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception():
            logger.error("planning failed", exc_info=task.exception())
