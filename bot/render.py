"""How items and ingest results read in Discord messages."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from bot.ingest import IngestReport
from bot.minutes.model import Minutes
from bot.store.db import Database
from bot.store.items import Owner, StoredItem, list_items
from bot.suggest import suggest_members

MESSAGE_LIMIT = 2000
LINE_TEXT_LIMIT = 200


def owner_label(owner: Owner) -> str:
    if owner.user_id is not None:
        return f"<@{owner.user_id}>"
    if owner.participant == "*group*":
        return f"{owner.token} (everyone)"
    if owner.participant:
        return f"{owner.participant} (not linked)"
    return f"{owner.token} (unresolved)"


def item_line(item: StoredItem, today: dt.date | None = None) -> str:
    """One item in two lines: id and text, then owners, team, meeting, due date, carry-over."""
    text = short(item.text, LINE_TEXT_LIMIT)
    owners = ", ".join(owner_label(o) for o in item.owners) or "no owner"
    parts = [f"`#{item.id}` {text}", f"{owners} · {item.team}"]
    if item.meeting_start:
        parts.append(f"from <t:{int(item.meeting_start.timestamp())}:d>")
    if item.due:
        overdue = item.status == "open" and today is not None and item.due < today
        parts.append(("**overdue**, was due " if overdue else "due ") + item.due.isoformat())
    if item.carried_over:
        parts.append(f"carried over {plural(item.carried_over, 'time')}")
    if item.status != "open":
        parts.append(item.status)
    return " — ".join(parts[:1]) + "\n   " + " · ".join(parts[1:])


def short(text: str, limit: int) -> str:
    """The text on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def todo_list(title: str, items: list[StoredItem], today: dt.date | None = None) -> str:
    return todo_pages(title, items, today)[0]


def todo_pages(
    title: str, items: list[StoredItem], today: dt.date | None = None, per_page: int = 10
) -> list[str]:
    """The whole list, cut into messages of at most ``per_page`` items that each fit
    Discord's limit (long items make shorter pages); no item is left out."""
    if not items:
        return [f"**{title}**: none. :tada:"]
    chunks: list[list[str]] = [[]]
    room = MESSAGE_LIMIT - len(title) - 60  # the head, with its page count
    for line in (item_line(item, today) for item in items):
        used = sum(len(kept) + 1 for kept in chunks[-1])
        if chunks[-1] and (len(chunks[-1]) == per_page or used + len(line) + 1 > room):
            chunks.append([])
        chunks[-1].append(line)
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        head = f"**{title}** ({len(items)})"
        if len(chunks) > 1:
            head += f" · page {number}/{len(chunks)}"
        pages.append(fit_lines(head, chunk))
    return pages


def fit_lines(head: str, lines: list[str], limit: int = MESSAGE_LIMIT) -> str:
    """Head and as many lines as fit, with a count of what was left out."""
    out = head
    for shown, line in enumerate(lines):
        rest = len(lines) - shown
        tail = f"\n…and {rest} more" if rest > 1 else ""
        if len(out) + 1 + len(line) + len(tail) > limit - 20:
            return out + f"\n…and {rest} more"
        out += "\n" + line
    return out


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


async def ingest_summary(
    db: Database,
    report: IngestReport,
    minutes: Minutes,
    *,
    team_known: bool = True,
    members: Sequence[tuple[int, tuple[str, ...]]] = (),
) -> str:
    name = report.title or (report.start.isoformat() if report.start else minutes.path)
    if report.unchanged:
        return f"**{name}** ({report.team}) was already stored: nothing changed."
    items = await list_items(db, meeting_id=report.meeting_id, status=None, kind=None)
    actions = [item for item in items if item.kind == "action"]
    lines = [_headline(report, name, len(actions), len(items) - len(actions))]
    lines += _owner_lines(report, actions, members)
    if not team_known:
        lines.append(
            f":warning: team {report.team!r} is not configured: its items will not be"
            " reminded until the config has a `[teams." + report.team + "]` table."
        )
    lines += [f":warning: {warning}" for warning in report.warnings]
    return fit_lines(lines[0], lines[1:])


def _headline(report: IngestReport, name: str, actions: int, others: int) -> str:
    verb = "Stored" if report.created else "Updated"
    line = f"{verb} **{name}** for team **{report.team}**: {plural(actions, 'follow-up')}"
    if others:
        line += f" (and {others} {'decision or note' if others == 1 else 'decisions or notes'})"
    line += "."
    if report.carried:
        line += f" {len(report.carried)} carried over from earlier meetings."
    if report.replaced:
        line += (
            f"\nThese minutes replace the earlier upload ({report.replaced[1]}):"
            f" {len(report.added)} new, {len(report.kept)} kept with their status,"
            f" {report.removed} removed."
        )
    return line


def _owner_lines(report: IngestReport, actions: list[StoredItem], members) -> list[str]:
    counts = Counter(owner_label(owner) for item in actions for owner in item.owners)
    lines = [f"• {label}: {count}" for label, count in counts.most_common()]
    ambiguous = [note for note in report.owners if note.how == "ambiguous"]
    lines += [f"• {note.token}: {note.detail}" for note in ambiguous]
    unlinked = {
        o.participant
        for item in actions
        for o in item.owners
        if o.user_id is None and o.participant and o.participant != "*group*"
    }
    for participant in sorted(unlinked):
        found = suggest_members(participant, members)
        if found:
            maybe = " or ".join(f"<@{member_id}>" for member_id in found)
            lines.append(
                f"• {participant} may be {maybe}:"
                f" `/people link token:{participant} member:…` links them"
            )
    if any(
        o.user_id is None and o.participant != "*group*" for item in actions for o in item.owners
    ):
        lines.append(
            "Owners not linked to a member are not pinged:"
            " link them with `/people link token:<name or initials> member:@member`."
        )
    return lines
