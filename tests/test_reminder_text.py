import datetime as dt
import re

from bot.reminders.compose import MESSAGE_LIMIT, compose_reminder, reminder_header
from bot.store.items import Owner, StoredItem

MEETING = dt.datetime(2024, 3, 18, 8, 0, tzinfo=dt.UTC)


def item(item_id, text, *owners, due=None):
    return StoredItem(
        item_id, "security", 1, "Security WG", MEETING, "action", text, due, "open", tuple(owners)
    )


STEFAN = Owner("SJ", "ȘtefanJ", 111)
ALEX = Owner("AA", "AlexA", 222)
UNLINKED = Owner("CB", None, None)


def mentions(text):
    return re.findall(r"<@!?(\d+)>", text)


def test_each_linked_owner_is_mentioned_once_however_many_items():
    items = [
        item(1, "Verify headers.", STEFAN),
        item(2, "Post workaround.", STEFAN),
        item(3, "Read papers.", ALEX),
        item(4, "Pair up.", STEFAN, ALEX),
    ]
    text = compose_reminder("security", MEETING, items)
    body = "\n".join(text.messages)
    assert sorted(mentions(body)) == ["111", "222"]
    assert text.mention_ids == {111, 222}
    # The shared item is listed under both owners, naming the other.
    assert body.count("`#4`") == 2
    assert "with AlexA" in body and "with ȘtefanJ" in body


def test_unlinked_owner_is_named_not_pinged_and_told_how_to_link():
    text = compose_reminder("security", MEETING, [item(5, "Provide the repo.", UNLINKED)])
    body = "\n".join(text.messages)
    assert mentions(body) == []
    assert text.mention_ids == set()
    assert "CB" in body and "[people]" in body


def test_header_names_team_and_meeting_time_and_starts_every_reminder():
    text = compose_reminder("security", MEETING, [item(1, "x", STEFAN)])
    assert text.messages[0].startswith(reminder_header("security", MEETING))
    assert f"<t:{int(MEETING.timestamp())}:F>" in text.messages[0]


def test_three_hundred_long_items_fit_in_discord_limits_without_flooding():
    owners = [Owner(f"O{n}", f"Person{n}", 1000 + n) for n in range(30)]
    items = [item(n, "word " * 600, owners[n % 30]) for n in range(1, 301)]
    text = compose_reminder("security", MEETING, items)
    assert all(len(message) <= MESSAGE_LIMIT for message in text.messages)
    body = "\n".join(text.messages)
    # Every owner is there, mentioned once, with their ten items and no more.
    assert sorted(mentions(body)) == sorted(str(1000 + n) for n in range(30))
    assert len(set(re.findall(r"`#(\d+)`", body))) == 300


def test_an_owner_with_many_items_gets_a_pointer_to_todos():
    items = [item(n, f"Task {n}", STEFAN) for n in range(1, 41)]
    body = "\n".join(compose_reminder("security", MEETING, items).messages)
    assert len(re.findall(r"`#(\d+)`", body)) == 10
    assert "…and 30 more: `/todos owner:SJ`" in body


def test_late_reminder_says_so():
    text = compose_reminder("security", MEETING, [item(1, "x", STEFAN)], late=True)
    assert "late" in text.messages[0]
