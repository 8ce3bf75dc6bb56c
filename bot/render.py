"""How items and ingest results read in Discord messages."""

from __future__ import annotations

from collections import Counter

from bot.ingest import IngestReport
from bot.minutes.model import Minutes
from bot.store.db import Database
from bot.store.items import Owner, StoredItem, list_items

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


def item_line(item: StoredItem) -> str:
    text = " ".join(item.text.split())
    if len(text) > LINE_TEXT_LIMIT:
        text = text[: LINE_TEXT_LIMIT - 1] + "…"
    owners = ", ".join(owner_label(o) for o in item.owners) or "no owner"
    parts = [f"`#{item.id}` {text}", f"{owners} · {item.team}"]
    if item.meeting_start:
        parts.append(f"from <t:{int(item.meeting_start.timestamp())}:d>")
    if item.due:
        parts.append(f"due {item.due.isoformat()}")
    if item.status != "open":
        parts.append(item.status)
    return " — ".join(parts[:1]) + "\n   " + " · ".join(parts[1:])


def todo_list(title: str, items: list[StoredItem]) -> str:
    if not items:
        return f"**{title}**: none. :tada:"
    head = f"**{title}** ({len(items)})"
    return fit_lines(head, [item_line(item) for item in items])


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


async def ingest_summary(db: Database, report: IngestReport, minutes: Minutes) -> str:
    name = report.title or (report.start.isoformat() if report.start else minutes.path)
    if report.unchanged:
        return f"**{name}** ({report.team}) was already stored: nothing changed."
    verb = "Stored" if report.created else "Updated"
    items = await list_items(db, meeting_id=report.meeting_id, status=None, kind=None)
    actions = [item for item in items if item.kind == "action"]
    lines = [
        f"{verb} **{name}** for team **{report.team}**: {len(actions)} follow-ups, "
        f"{len(items) - len(actions)} decisions and notes."
    ]
    if not report.created:
        lines.append(
            f"{len(report.added)} new, {len(report.kept)} kept with their status, "
            f"{report.removed} removed."
        )
    counts = Counter(owner_label(owner) for item in actions for owner in item.owners)
    lines += [f"• {label}: {count}" for label, count in counts.most_common()]
    if any("unresolved" in label or "not linked" in label for label in counts):
        lines.append("Owners not linked to a member are not pinged: link them in `[people]`.")
    lines += [f":warning: {warning}" for warning in report.warnings]
    return fit_lines(lines[0], lines[1:])
