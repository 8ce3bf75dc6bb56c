"""What a reminder says beyond the basics: overdue dates, carried-over items, the minutes it
comes from, unlinked owners, and numbered parts when it must be split."""

import datetime as dt

from bot.reminders.compose import MESSAGE_LIMIT, compose_reminder, part_number, reminder_header
from bot.store.items import Owner, StoredItem

MEETING = dt.datetime(2024, 3, 18, 8, 0, tzinfo=dt.UTC)
STEFAN = Owner("SJ", "ȘtefanJ", 111)
UNLINKED = Owner("CB", None, None)


def item(item_id, text, *owners, due=None, mentions=1, meeting_id=1):
    return StoredItem(
        item_id, "security", meeting_id, "WG", MEETING, "action", text, due, "open",
        tuple(owners), mentions,
    )  # fmt: skip


def test_overdue_and_due_dates_are_told_apart():
    items = [
        item(1, "Late thing.", STEFAN, due=dt.date(2024, 3, 10)),
        item(2, "Coming thing.", STEFAN, due=dt.date(2024, 3, 20)),
    ]
    body = compose_reminder("security", MEETING, items, today=dt.date(2024, 3, 17)).messages[0]
    assert "`#1` Late thing. (**overdue**: due 2024-03-10)" in body
    assert "`#2` Coming thing. (due 2024-03-20)" in body


def test_carried_over_items_are_marked_and_the_minutes_named():
    sources = {1: "WG 4 March (`wg-03-04.md`)", 2: "WG 11 March (`wg-03-11.md`)"}
    items = [item(1, "Old thing.", STEFAN, mentions=3), item(2, "New thing.", UNLINKED)]
    body = compose_reminder("security", MEETING, items, sources=sources).messages[0]
    assert ":repeat: _(open for 3 meetings)_" in body
    assert "`wg-03-04.md`" in body and "`wg-03-11.md`" in body
    assert "Not linked to a member, so not pinged: CB" in body and "/people link" in body


def test_split_parts_are_numbered_and_recognised():
    items = [item(n, "word " * 250, Owner(f"O{n}", f"P{n}", 1000 + n)) for n in range(1, 40)]
    messages = compose_reminder("security", MEETING, items).messages
    header = reminder_header("security", MEETING)
    assert len(messages) > 2
    assert all(len(m) <= MESSAGE_LIMIT for m in messages)
    assert [part_number(m, header) for m in messages] == list(range(1, len(messages) + 1))
    assert messages[1].startswith(f"{header} (part 2/{len(messages)})")
    assert part_number("something else", header) is None
