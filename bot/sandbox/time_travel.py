"""Moving a manual clock forward the way time passes: each due reminder at its own time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.clock import ManualClock
from bot.reminders.planner import ReminderPlanner


async def advance(
    clock: ManualClock,
    planner: ReminderPlanner,
    delta: dt.timedelta,
    on_step: Callable[[], None] = lambda: None,
) -> None:
    """Move ``clock`` by ``delta``, stopping at every reminder that falls due on the way
    (``on_step`` is called at each stop, while the clock shows that time)."""
    target = clock.now() + delta
    await planner.settle()
    while True:
        due = planner.next_due()
        if due is None or not clock.now() < due <= target:
            break
        clock.set(due)
        await planner.settle()
        on_step()
    clock.set(target)
    await planner.settle()
