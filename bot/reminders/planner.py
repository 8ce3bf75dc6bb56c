"""Planning reminders on APScheduler: per team, one job for the reminder of its next meeting
and one for its next digest.

Nothing lives only in the scheduler: at start (and whenever the clock jumps) the jobs are
rebuilt from the schedules, the minutes and the delivery ledger. What came due while the bot
was down, back to the last time it ran (kept in ``kv``), is settled first: sent late if the
meeting has not begun, recorded as missed otherwise. Nothing due before the bot first knew a
team (set up, or found in the config) is owed to it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_SUBMITTED,
    JobExecutionEvent,
    JobSubmissionEvent,
)
from apscheduler.executors.asyncio import AsyncIOExecutor
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import Clock
from bot.config import Config
from bot.reminders import ledger
from bot.reminders.content import composer
from bot.reminders.delivery import Occasion, Poster, deliver
from bot.reminders.downtime import load_last_seen, save_last_seen
from bot.reminders.next_meeting import MeetingPlan, load_history, plan_meetings
from bot.reminders.prefs import opted_in
from bot.schedule import Schedule, between
from bot.store.db import Database
from bot.store.items import list_items
from bot.store.team_settings import known_since, team_since
from bot.teams import TeamSettings

logger = logging.getLogger(__name__)

TeamSource = Callable[[], Awaitable[dict[str, TeamSettings]]]

# A digest not sent within this long after its time is missed, not late.
DIGEST_GRACE = dt.timedelta(hours=12)
DEFAULT_DIGEST = "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0"
# How far back the first start after a long outage looks for missed meetings.
MAX_LOOKBACK = dt.timedelta(days=90)
HEARTBEAT_SECONDS = 60


class ReminderPlanner:
    """Keeps, for every team, a job at its next reminder (and digest) time."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        poster: Poster,
        teams: TeamSource,
        config: Config | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.poster = poster
        self.teams = teams
        self.config = config
        self.scheduler = AsyncIOScheduler(
            timezone=dt.UTC,
            executors={"default": AsyncIOExecutor()},
            # Our ledger decides what is late or missed, so APScheduler never drops a run
            # (no misfire grace limit), and runs a job once however long it waited.
            job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )
        self._running = 0
        self._planned: dict[tuple[str, str], Occasion] = {}
        self._inflight: set[tuple[str, str, str]] = set()
        self._active: set[str] = set()  # ids of the jobs running now
        self._tasks: set[asyncio.Task] = set()
        self._catch_up_lock = asyncio.Lock()
        self._teams_cache: tuple[float, dict[str, TeamSettings]] | None = None
        # Jobs handed to the executor and not finished: settle() waits for them too (a job
        # is out of the job store before its task first runs).
        self._submitted = 0
        # Set once start() has settled what came due and planned every team.
        self.started = asyncio.Event()
        self.scheduler.add_listener(self._job_submitted, EVENT_JOB_SUBMITTED)
        self.scheduler.add_listener(self._job_finished, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)

    async def start(self) -> None:
        self.scheduler.start()
        await self.catch_up()
        await self.replan_all()
        for name, team in (await self.teams()).items():
            await self._resend_dms_if_needed(name, team)
        self.scheduler.add_job(
            self.catch_up,
            IntervalTrigger(seconds=HEARTBEAT_SECONDS),
            id="heartbeat",
            name="settle what came due, remember when the bot last ran",
            replace_existing=True,
        )
        self.started.set()
        logger.info("reminder planner started with %d jobs", len(self.scheduler.get_jobs()))

    def stop(self) -> None:
        # ``kv`` keeps the last catch-up, not this moment: whatever came due since is settled
        # by the next start's catch-up.
        for task in self._tasks:
            task.cancel()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def clock_moved(self) -> None:
        """Listener for a clock that jumps (sandbox, tests): settle and plan from the new now."""
        self._spawn(self._moved())

    async def _moved(self) -> None:
        await self.catch_up()
        await self.replan_all()

    # What came due while nobody was watching.

    async def catch_up(self) -> None:
        """Settle every reminder and digest whose time came since the bot last ran."""
        async with self._catch_up_lock:
            now = self.clock.now()
            last = await load_last_seen(self.db)
            teams = await self.teams()
            # A team is caught up only from when the bot first knew it: one set up (or added
            # to the config) just now missed nothing while the bot was down.
            known = await known_since(self.db, list(teams), now, before=last)
            if last is not None and last < now:
                since = max(last, now - MAX_LOOKBACK)
                for name, team in teams.items():
                    start = max(since, known.get(name, since))
                    if start < now:
                        await self._settle_between(name, team, start, now)
            await self._resume_open_intents()
            await save_last_seen(self.db, now)

    async def _settle_between(
        self, name: str, team: TeamSettings, since: dt.datetime, now: dt.datetime
    ) -> None:
        meetings = await self._meetings(name, team)
        if meetings is not None and team.channel is not None:
            for meeting in meetings.between(since, now):
                await self._run(self._reminder(name, team, meeting), replan=False)
        digest = self._digest_schedule(name, team, meetings)
        if digest is not None and team.channel is not None:
            for slot in between(digest.next_after, since - DIGEST_GRACE, now):
                await self._run(self._digest(name, team, slot), replan=False)

    async def _resume_open_intents(self) -> None:
        """Intents a crash left open that no job will pick up: DMs, and meetings that began."""
        teams = await self.teams()
        now = self.clock.now()
        for row in await ledger.pending(self.db):
            team = teams.get(row.team)
            if team is None or (row.occurrence > now and not row.kind.startswith("dm:")):
                continue  # unknown team; or the team's own job picks it up
            await self._run(self._occasion_for(row, team), replan=False)

    # Planning.

    async def replan_all(self) -> None:
        for name, team in (await self.teams()).items():
            await self.plan(name, team)

    async def plan(self, name: str, team: TeamSettings) -> Occasion | None:
        """Keep one job for the team's next reminder and one for its next digest."""
        meetings = await self._meetings(name, team)
        known = await team_since(self.db, name)
        reminder = await self._next_reminder(name, team, meetings, known)
        self._schedule(name, "reminder", reminder)
        digest = await self._next_digest(name, team, meetings, known)
        self._schedule(name, "digest", digest)
        return reminder

    def _schedule(self, name: str, kind: str, occasion: Occasion | None) -> None:
        # One id per team, kind and meeting: stable across restarts, and a running job never
        # collides with the next one.
        job_id = f"{kind}:{name}:{occasion.occurrence.isoformat()}" if occasion else None
        self._drop_jobs(f"{kind}:{name}:", keep=job_id)
        if occasion is None:
            self._planned.pop((name, kind), None)
            return
        self._planned[(name, kind)] = occasion
        if job_id in self._active:
            return  # it is running; it plans the team again when done
        self.scheduler.add_job(
            self._run,
            DateTrigger(self.clock.to_real(occasion.due)),
            args=[occasion],
            id=job_id,
            name=occasion.describe(),
            replace_existing=True,
        )
        logger.debug("%s planned at %s", occasion.describe(), occasion.due)

    def _drop_jobs(self, prefix: str, keep: str | None) -> None:
        for job in self.scheduler.get_jobs():
            if job.id.startswith(prefix) and job.id != keep:
                job.remove()

    async def _meetings(self, name: str, team: TeamSettings) -> MeetingPlan | None:
        history = None
        if team.schedule is None:
            history = await load_history(self.db, name, team.timezone)
        return plan_meetings(team, history)

    async def _next_reminder(
        self,
        name: str,
        team: TeamSettings,
        meetings: MeetingPlan | None,
        known: dt.datetime | None = None,
    ) -> Occasion | None:
        if meetings is None or team.channel is None:
            return None
        cursor = self.clock.now()
        for _ in range(1000):  # skip meetings whose reminder is already settled
            meeting = meetings.next_after(cursor)
            if meeting is None:
                return None
            occasion = self._reminder(name, team, meeting)
            row = await ledger.get(self.db, name, occasion.occurrence, "reminder")
            # A reminder due before the bot knew the team was never owed.
            owed = known is None or occasion.due >= known
            if (row is None and owed) or (row is not None and row.status == "intent"):
                return _at_retry(occasion, row)
            cursor = meeting
        return None

    async def _next_digest(
        self,
        name: str,
        team: TeamSettings,
        meetings: MeetingPlan | None,
        known: dt.datetime | None = None,
    ) -> Occasion | None:
        schedule = self._digest_schedule(name, team, meetings)
        if schedule is None or team.channel is None:
            return None
        cursor = self.clock.now() - DIGEST_GRACE
        if known is not None:
            cursor = max(cursor, known - dt.timedelta(microseconds=1))  # none before the team
        for _ in range(100):
            slot = schedule.next_after(cursor)
            if slot is None:
                return None
            occasion = self._digest(name, team, slot)
            row = await ledger.get(self.db, name, occasion.occurrence, "digest")
            if (row is None or row.status == "intent") and occasion.deadline > self.clock.now():
                return _at_retry(occasion, row)
            cursor = slot
        return None

    def _digest_schedule(
        self, name: str, team: TeamSettings, meetings: MeetingPlan | None
    ) -> Schedule | None:
        configured = self.config.team(name) if self.config else None
        zone = Schedule.parse_zone(team.timezone)
        if configured is not None and configured.digest is not None:
            digest = configured.parsed_digest()
            return Schedule(digest.rule, zone) if digest else None
        if _meets_less_than_weekly(meetings):
            return Schedule(DEFAULT_DIGEST, zone)
        return None

    def _reminder(self, name: str, team: TeamSettings, meeting: dt.datetime) -> Occasion:
        start = meeting.astimezone(dt.UTC)
        return Occasion(name, team.channel, start, start - team.remind_before)

    def _digest(self, name: str, team: TeamSettings, slot: dt.datetime) -> Occasion:
        at = slot.astimezone(dt.UTC)
        return Occasion(name, team.channel, at, at, kind="digest", expires=at + DIGEST_GRACE)

    def _occasion_for(self, row: ledger.Delivery, team: TeamSettings) -> Occasion:
        if row.kind == "digest":
            return self._digest(row.team, team, row.occurrence)
        due = row.due or row.occurrence - team.remind_before
        return Occasion(row.team, team.channel, row.occurrence, due, kind=row.kind)

    # Running.

    async def _run(self, occasion: Occasion, *, replan: bool = True) -> None:
        job_id = f"{occasion.kind}:{occasion.team}:{occasion.occurrence.isoformat()}"
        self._running += 1
        self._active.add(job_id)
        try:
            status = await self._deliver(occasion)
            if status == "sent" and occasion.kind == "reminder":
                await self._send_dms(occasion)
        except Exception:
            logger.exception("%s failed", occasion.describe())
        finally:
            self._running -= 1
            self._active.discard(job_id)
        if replan:
            await self._replan_team(occasion.team)

    async def _deliver(self, occasion: Occasion) -> str:
        """One delivery at a time per occasion in this process (the ledger guards others)."""
        key = (occasion.team, occasion.occurrence.isoformat(), occasion.kind)
        if key in self._inflight:
            return "intent"
        self._inflight.add(key)
        try:
            compose = composer(self.db, occasion, self.clock.now().date())
            return await deliver(self.db, self.clock, self.poster, occasion, compose)
        finally:
            self._inflight.discard(key)

    async def _current_teams(self) -> dict[str, TeamSettings]:
        # A burst of jobs each replanning its team would read every team's settings each time;
        # a second's worth of staleness is harmless (a change through /team setup replans
        # the team itself with fresh settings).
        loop_now = asyncio.get_running_loop().time()
        if self._teams_cache is None or loop_now - self._teams_cache[0] > 1.0:
            self._teams_cache = (loop_now, await self.teams())
        return self._teams_cache[1]

    async def _replan_team(self, name: str) -> None:
        team = (await self._current_teams()).get(name)
        if team is not None:
            await self.plan(name, team)
        else:
            self._drop_jobs(f"reminder:{name}:", keep=None)
            self._drop_jobs(f"digest:{name}:", keep=None)

    async def _send_dms(self, reminder: Occasion) -> None:
        """Each opted-in owner's own items, by DM, once per meeting."""
        members = await opted_in(self.db)
        if not members:
            return
        items = await list_items(self.db, team=reminder.team)
        owners = {o.user_id for item in items for o in item.owners if o.user_id in members}
        for user_id in sorted(owners, key=int):
            dm = Occasion(
                reminder.team,
                reminder.channel,
                reminder.occurrence,
                reminder.due,
                kind=f"dm:{user_id}",
            )
            await self._deliver(dm)

    async def _resend_dms_if_needed(self, name: str, team: TeamSettings) -> None:
        # A restart between the channel reminder and the DMs must not forget the DMs.
        meetings = await self._meetings(name, team)
        if meetings is None or team.channel is None:
            return
        meeting = meetings.next_after(self.clock.now())
        if meeting is None:
            return
        occasion = self._reminder(name, team, meeting)
        row = await ledger.get(self.db, name, occasion.occurrence, "reminder")
        if row is not None and row.status == "sent" and row.message_ids:
            await self._send_dms(occasion)

    # For the sandbox and tests, whose clock jumps.

    def next_due(self) -> dt.datetime | None:
        """The earliest time, in clock time, at which a planned job is due."""
        return min((occasion.due for occasion in self._planned.values()), default=None)

    async def settle(self, timeout: float = 30.0) -> None:
        """Wait until every job that is due has run (the clock may have jumped)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            await asyncio.sleep(0.02)
            idle = not self._tasks and not self._running and not self._submitted
            if idle and not self._due_jobs():
                return
        raise TimeoutError("reminder jobs did not settle")

    def _job_submitted(self, event: JobSubmissionEvent) -> None:
        self._submitted += 1

    def _job_finished(self, event: JobExecutionEvent) -> None:
        self._submitted = max(0, self._submitted - 1)

    def _due_jobs(self) -> list:
        real_now = dt.datetime.now(dt.UTC) + dt.timedelta(milliseconds=5)
        return [
            job
            for job in self.scheduler.get_jobs()
            if job.id != "heartbeat" and job.next_run_time and job.next_run_time <= real_now
        ]

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception():
            logger.error("planning failed", exc_info=task.exception())


def _at_retry(occasion: Occasion, row: ledger.Delivery | None) -> Occasion:
    """After a transient failure the job waits for the retry time."""
    if row is None or row.retry_at is None:
        return occasion
    return Occasion(
        occasion.team,
        occasion.channel,
        occasion.occurrence,
        max(occasion.due, row.retry_at),
        kind=occasion.kind,
        expires=occasion.expires,
    )


def _meets_less_than_weekly(meetings: MeetingPlan | None) -> bool:
    if meetings is None:
        return False
    if meetings.schedule is not None:
        return meetings.schedule.shortest_gap() > dt.timedelta(days=7)
    return meetings.gap_days > 7
