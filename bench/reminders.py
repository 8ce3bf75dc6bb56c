"""Benchmark of a reminder burst: 1,000 teams whose reminders fall due in the same minute.

Run as ``python -m bench.reminders [--teams 1000] [--rate 50] [--tracemalloc]``. The real
bot connects to the local Discord emulator, which enforces a global rate limit (Discord's is
50 requests a second for a bot); every team has its own channel and open follow-ups. The
clock is moved onto the reminders' time and the burst is timed until every reminder is out.
Figures: seconds to deliver all, posts per second, 429s received, peak memory of the process
(bot and emulator together: ru_maxrss; with --tracemalloc also the Python heap's peak during
the burst). It checks that every channel got exactly one reminder and the ledger says so.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import resource
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

from bot.clock import ManualClock
from bot.config import config_from_dict
from bot.emulator import ChannelSpec, DiscordEmulator, GuildSpec, MemberSpec
from bot.ingest import ingest_minutes
from bot.minutes.parser import parse_bytes
from bot.runtime import BotRunner
from bot.sandbox.demo import demo_file
from bot.store.db import open_database

MEETING = dt.datetime(2024, 3, 18, 10, 0, tzinfo=dt.UTC)  # a Monday
DUE = MEETING - dt.timedelta(hours=24)


def config(teams: int, database: str, guild: int):
    return config_from_dict(
        {
            "bot": {"database": database, "guild": guild},
            "teams": {
                f"team-{i}": {
                    "channel": f"team-{i}",
                    "schedule": "FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0",
                    "remind_before": "24h",
                    "digest": "off",
                }
                for i in range(teams)
            },
            "people": {"ȘtefanJ": "stefan", "AlexA": "alex"},
        },
        "bench",
    )


async def seed(database: str, teams: int) -> None:
    """The demo minutes, stored for every team: five open follow-ups each."""
    content = demo_file("security-wg-2024-03-11.md").read_bytes()
    minutes = parse_bytes(content, "security-wg-2024-03-11.md")
    db = await open_database(database)
    try:
        for i in range(teams):
            await ingest_minutes(
                db, minutes, team=f"team-{i}", content=content, actor_id=None, now=DUE
            )
    finally:
        await db.close()


async def run(teams: int, rate: float, trace: bool) -> dict:
    logging.basicConfig(level=logging.ERROR)
    spec = GuildSpec(
        channels=[ChannelSpec(f"team-{i}") for i in range(teams)],
        members=[MemberSpec("stefan", display_name="ȘtefanJ"), MemberSpec("alex")],
    )
    emulator = DiscordEmulator(spec)
    await emulator.start()
    emulator.install()
    tmp = tempfile.TemporaryDirectory(prefix="wgbot-bench-")
    database = str(Path(tmp.name) / "bench.sqlite3")
    await seed(database, teams)
    clock = ManualClock(DUE - dt.timedelta(minutes=1))
    runner = BotRunner(config(teams, database, emulator.guild_id), clock, guild_ready_timeout=0.05)
    try:
        started = time.perf_counter()
        await runner.start(emulator.token)
        planner = runner.app.planner  # type: ignore[union-attr]
        await planner.settle()
        start_seconds = time.perf_counter() - started
        emulator.rate_limit(rate)
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        clock.set(DUE)
        await planner.settle(timeout=1800)
        seconds = time.perf_counter() - started
        traced = tracemalloc.get_traced_memory()[1] if trace else None
        return report(emulator, database, teams, seconds, start_seconds, traced)
    finally:
        await runner.stop()
        await emulator.stop()
        tmp.cleanup()


def report(emulator, database, teams, seconds, start_seconds, traced) -> dict:
    posted = [m for m in emulator.messages() if m.content.startswith("**Follow-ups for")]
    per_channel = Counter(m.channel_id for m in posted)
    with sqlite3.connect(database) as conn:
        statuses = Counter(s for (s,) in conn.execute("SELECT status FROM deliveries"))
    limited = sum(1 for r in emulator.requests if r.status == 429)
    figures = {
        "teams": teams,
        "delivered": len(per_channel),
        "posted_twice": sum(1 for n in per_channel.values() if n > 1),
        "ledger": dict(statuses),
        "seconds_to_deliver_all": round(seconds, 2),
        "posts_per_second": round(len(posted) / seconds, 1) if seconds else None,
        "responses_429": limited,
        "start_seconds": round(start_seconds, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if traced is not None:
        figures["peak_traced_mb_during_burst"] = round(traced / 2**20, 1)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=50.0, help="the emulator's limit, per second")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace the Python heap")
    args = parser.parse_args(argv)
    figures = asyncio.run(run(args.teams, args.rate, args.tracemalloc))
    print(json.dumps(figures, indent=2))
    ok = figures["delivered"] == args.teams and figures["posted_twice"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
