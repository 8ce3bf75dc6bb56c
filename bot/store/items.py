"""Reading and changing follow-up items."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass

from bot.store.db import Database

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Owner:
    token: str
    participant: str | None  # a participant, '*group*', or None when unresolved
    user_id: int | None  # the linked Discord member, if any

    @property
    def label(self) -> str:
        if self.participant and self.participant != "*group*":
            return self.participant
        return self.token


@dataclass(frozen=True)
class StoredItem:
    id: int
    team: str
    meeting_id: int
    meeting_title: str | None
    meeting_start: dt.datetime | None  # UTC
    kind: str
    text: str
    due: dt.date | None
    status: str
    owners: tuple[Owner, ...]
    mentions: int = 1  # how many meetings' minutes wrote it down

    @property
    def carried_over(self) -> int:
        """How many later meetings repeated it while it stayed open."""
        return max(self.mentions - 1, 0)

    def owned_by(self, user_id: int) -> bool:
        return any(owner.user_id == user_id for owner in self.owners)


_SELECT = """
SELECT i.id, i.team, i.meeting_id, m.title, m.start_utc, i.kind, i.text, i.due, i.status,
       (SELECT count(*) FROM item_mentions x WHERE x.item_id = i.id) AS mentions
FROM items i JOIN meetings m ON m.id = i.meeting_id
"""


async def get_item(db: Database, item_id: int) -> StoredItem | None:
    rows = await db.fetchall(_SELECT + "WHERE i.id = ?", (item_id,))
    items = await _with_owners(db, rows)
    return items[0] if items else None


async def list_items(
    db: Database,
    *,
    team: str | None = None,
    status: str | None = "open",
    kind: str | None = "action",
    meeting_id: int | None = None,
) -> list[StoredItem]:
    """Items in meeting order, then in the order the minutes list them. ``meeting_id``:
    the items that meeting's minutes write down, new or carried over into it."""
    where, params = ["1 = 1"], []
    filters = {
        "i.team = ?": team,
        "i.status = ?": status,
        "i.kind = ?": kind,
        "i.id IN (SELECT item_id FROM item_mentions WHERE meeting_id = ?)": meeting_id,
    }
    for condition, value in filters.items():
        if value is not None:
            where.append(condition)
            params.append(value)
    sql = (
        _SELECT + "WHERE " + " AND ".join(where) + " ORDER BY m.start_utc, i.meeting_id, i.position"
    )
    return await _with_owners(db, await db.fetchall(sql, tuple(params)))


async def set_status(
    db: Database, item_id: int, status: str, *, actor_id: int | None, at: dt.datetime
) -> bool:
    """Change an item's status and record the change; False when it already had it."""
    async with db.transaction() as conn:
        async with conn.execute("SELECT status FROM items WHERE id = ?", (item_id,)) as cur:
            row = await cur.fetchone()
        if row is None or row[0] == status:
            return False
        stamp = at.astimezone(dt.UTC).isoformat()
        await conn.execute(
            "UPDATE items SET status = ?, status_changed_at = ?, status_changed_by = ?"
            " WHERE id = ?",
            (status, stamp, actor_id, item_id),
        )
        await conn.execute(
            "INSERT INTO item_events (item_id, at, actor_id, field, old_value, new_value)"
            " VALUES (?, ?, ?, 'status', ?, ?)",
            (item_id, stamp, actor_id, row[0], status),
        )
    logger.info("item %d is now %s (by %s)", item_id, status, actor_id)
    return True


async def _with_owners(db: Database, rows: list) -> list[StoredItem]:
    if not rows:
        return []
    owners = await _owners_of(db, [row[0] for row in rows])
    return [_item(row, tuple(owners.get(row[0], ()))) for row in rows]


async def _owners_of(db: Database, item_ids: list[int]) -> dict[int, list[Owner]]:
    links = await _links(db)
    found: dict[int, list[Owner]] = {}
    assigned = await _assignments(db, item_ids)
    # Chunked: SQLite limits the number of parameters of one statement.
    for start in range(0, len(item_ids), 500):
        chunk = item_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = await db.fetchall(
            "SELECT o.item_id, o.token, o.participant, i.team FROM item_owners o"
            f" JOIN items i ON i.id = o.item_id WHERE o.item_id IN ({marks})"
            " ORDER BY o.item_id, o.position",
            tuple(chunk),
        )
        for item_id, token, participant, team in rows:
            user_id = _linked_user(links, team, participant, token)
            found.setdefault(item_id, []).append(Owner(token, participant, user_id))
    # /todo assign beats what the minutes said.
    for item_id, owner in assigned.items():
        found[item_id] = [owner]
    return found


async def _assignments(db: Database, item_ids: list[int]) -> dict[int, Owner]:
    found: dict[int, Owner] = {}
    for start in range(0, len(item_ids), 500):
        chunk = item_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = await db.fetchall(
            f"SELECT item_id, name, user_id FROM item_assignments WHERE item_id IN ({marks})",
            tuple(chunk),
        )
        found.update({item_id: Owner(name, None, user_id) for item_id, name, user_id in rows})
    return found


async def _links(db: Database) -> dict[tuple[str, str], int]:
    rows = await db.fetchall("SELECT team, name, user_id FROM people")
    return {(team, name.casefold()): user_id for team, name, user_id in rows}


def _linked_user(
    links: dict[tuple[str, str], int], team: str, participant: str | None, token: str
) -> int | None:
    """The member behind an owner: a link of the token for the team beats a link of the
    participant (team, then global); a global token link comes last."""
    person = participant if participant and participant != "*group*" else None
    if participant == "*group*":
        return None
    candidates = [(team, token)]
    if person:
        candidates += [(team, person), ("", person)]
    candidates.append(("", token))
    for scope, name in candidates:
        user_id = links.get((scope, name.casefold()))
        if user_id is not None:
            return user_id
    return None


def _item(row: tuple, owners: tuple[Owner, ...]) -> StoredItem:
    item_id, team, meeting_id, title, start, kind, text, due, status, mentions = tuple(row)
    return StoredItem(
        id=item_id,
        team=team,
        meeting_id=meeting_id,
        meeting_title=title,
        meeting_start=dt.datetime.fromisoformat(start) if start else None,
        kind=kind,
        text=text,
        due=dt.date.fromisoformat(due) if due else None,
        status=status,
        owners=owners,
        mentions=mentions,
    )


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
