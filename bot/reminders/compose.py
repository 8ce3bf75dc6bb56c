"""The text of a reminder: open items grouped by owner, each owner mentioned once."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.store.items import Owner, StoredItem

# Discord refuses messages over 2,000 characters; keep a margin for safety, and room for
# the header a continuation part starts with.
MESSAGE_LIMIT = 1900
_PACK_LIMIT = 1700
ITEM_TEXT_LIMIT = 300
# Past this many items an owner's list ends with a pointer to /todos, so one
# owner with hundreds of items cannot flood the channel.
ITEMS_PER_OWNER = 10


# A part after the first starts with the header and this, so a restart can tell which
# parts of a split reminder are already in the channel.
_PART = re.compile(r" \(part (\d+)/(\d+)\)$")


@dataclass
class ReminderText:
    messages: list[str]
    mention_ids: set[int] = field(default_factory=set)


def reminder_header(team: str, occurrence: dt.datetime) -> str:
    """The first line; also how a reminder already in the channel is recognised."""
    stamp = int(occurrence.timestamp())
    return f"**Follow-ups for {team}** before the meeting <t:{stamp}:F> (<t:{stamp}:R>)"


def digest_header(team: str, occurrence: dt.datetime) -> str:
    return f"**Weekly digest for {team}**: open follow-ups on <t:{int(occurrence.timestamp())}:D>"


def dm_header(team: str, occurrence: dt.datetime) -> str:
    stamp = int(occurrence.timestamp())
    return f"**Your follow-ups in {team}** before the meeting <t:{stamp}:F> (<t:{stamp}:R>)"


def part_number(content: str, header: str) -> int | None:
    """Which part of a reminder with this header ``content`` is (1 for the first), or None."""
    if not content.startswith(header):
        return None
    first_line = content.split("\n", 1)[0]
    match = _PART.search(first_line[len(header) :])
    return int(match.group(1)) if match else 1


def compose_reminder(
    team: str,
    occurrence: dt.datetime,
    items: list[StoredItem],
    *,
    late: bool = False,
    header: str | None = None,
    sources: dict[int, str] | None = None,
    today: dt.date | None = None,
) -> ReminderText:
    """The messages for ``items``; ``sources`` names each meeting's minutes (by meeting id)."""
    header = header or reminder_header(team, occurrence)
    intro = header
    if late:
        intro += "\n_(late: the bot was offline when this was due)_"
    if not items:
        return ReminderText([intro + "\nNo open follow-ups. :tada:"])
    blocks, mentions = _owner_blocks(items, today or occurrence.date())
    blocks += _footer(items, sources or {})
    return ReminderText(_number_parts(header, _pack([intro, *blocks])), mentions)


def _footer(items: list[StoredItem], sources: dict[int, str]) -> list[str]:
    lines = []
    unlinked = sorted({o.label for i in items for o in i.owners if _unlinked(o)})
    if unlinked:
        lines.append(
            f"\nNot linked to a member, so not pinged: {', '.join(unlinked)}. Link them with"
            " `/people link token:<name> member:@member` (or `[people]` in the config)."
        )
    named = list(dict.fromkeys(sources.values()))
    if named:
        lines.append("\nFrom the minutes: " + "; ".join(named))
    return lines


def _unlinked(owner: Owner) -> bool:
    return owner.user_id is None and bool(owner.token) and owner.participant != "*group*"


def _number_parts(header: str, messages: list[str]) -> list[str]:
    if len(messages) == 1:
        return messages
    total = len(messages)
    numbered = [messages[0]]
    for index, message in enumerate(messages[1:], start=2):
        numbered.append(f"{header} (part {index}/{total})\n{message}")
    return numbered


def _owner_key(owner: Owner) -> tuple[int, str]:
    if owner.user_id is not None:
        return (0, str(owner.user_id))
    return (1, owner.label)


def _owner_blocks(items: list[StoredItem], today: dt.date) -> tuple[list[str], set[int]]:
    groups: dict[tuple[int, str], list[StoredItem]] = {}
    heads: dict[tuple[int, str], Owner] = {}
    for item in items:
        owners = item.owners or (Owner("", None, None),)
        for owner in _distinct(owners):
            key = _owner_key(owner)
            heads.setdefault(key, owner)
            groups.setdefault(key, []).append(item)
    blocks, mentions = [], set()
    for key in sorted(groups, key=lambda k: (k[0], heads[k].label.casefold())):
        owner = heads[key]
        if owner.user_id is not None:
            mentions.add(owner.user_id)
        blocks.append(_owner_block(owner, groups[key], today))
    return blocks, mentions


def _owner_block(owner: Owner, items: list[StoredItem], today: dt.date) -> str:
    lines = [_owner_title(owner)]
    lines += [_item_line(item, owner, today) for item in items[:ITEMS_PER_OWNER]]
    hidden = len(items) - ITEMS_PER_OWNER
    if hidden > 0:
        who = f" owner:{owner.token}" if owner.token else ""
        lines.append(f"…and {hidden} more: `/todos{who}`")
    return "\n".join(lines)


def _distinct(owners: tuple[Owner, ...]) -> list[Owner]:
    seen, result = set(), []
    for owner in owners:
        key = _owner_key(owner)
        if key not in seen:
            seen.add(key)
            result.append(owner)
    return result


def _owner_title(owner: Owner) -> str:
    if owner.user_id is not None:
        return f"\n<@{owner.user_id}> ({owner.label})"
    if not owner.token:
        return "\n**No owner**"
    if owner.participant == "*group*":
        return f"\n**{owner.token}** (everyone)"
    return f"\n**{owner.label}** (not linked to a member)"


def _item_line(item: StoredItem, owner: Owner, today: dt.date) -> str:
    text = " ".join(item.text.split())
    if len(text) > ITEM_TEXT_LIMIT:
        text = text[: ITEM_TEXT_LIMIT - 1] + "…"
    if item.carried_over:
        text += f" :repeat: _(open for {item.mentions} meetings)_"
    others = [o.label for o in item.owners if _owner_key(o) != _owner_key(owner)]
    line = f"• `#{item.id}` {text}"
    if item.due and item.due < today:
        line += f" (**overdue**: due {item.due.isoformat()})"
    elif item.due:
        line += f" (due {item.due.isoformat()})"
    if others:
        line += f" (with {', '.join(others)})"
    return line


def _pack(blocks: list[str]) -> list[str]:
    """Join blocks into as few messages as the limit allows, splitting a block only if needed."""
    messages: list[str] = []
    current = ""
    for line in _lines_within_limit(blocks):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > _PACK_LIMIT:
            messages.append(current)
            candidate = line
        current = candidate
    if current:
        messages.append(current)
    return messages


def _lines_within_limit(blocks: list[str]) -> list[str]:
    # A block that fits is kept whole so an owner's items stay together in one message.
    out: list[str] = []
    for block in blocks:
        out.extend([block] if len(block) <= _PACK_LIMIT else block.split("\n"))
    return out
