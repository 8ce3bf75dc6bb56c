"""``/todo``: close, reopen, reassign, snooze and annotate one follow-up; see its history."""

from __future__ import annotations

import datetime as dt
import logging

import discord
from discord import app_commands

from bot.commands.autocomplete import item_choices
from bot.commands.context import app_of, reply
from bot.commands.errors import BadInput
from bot.commands.permissions import changeable_item, existing_item
from bot.durations import DurationTooLong, parse_duration
from bot.render import fit_lines, owner_label, short
from bot.store import item_changes
from bot.store.item_changes import ItemEvent
from bot.store.items import set_status

logger = logging.getLogger(__name__)

ITEM = "The item's number, as shown by /todos"
NOTE_LIMIT = 1000
# How far ahead a follow-up may be snoozed: further is a typo, or no follow-up at all.
SNOOZE_LIMIT = dt.timedelta(days=3652)


class TodoCommands(app_commands.Group):
    def __init__(self) -> None:
        super().__init__(name="todo", description="Change a follow-up")

    @app_commands.command(name="done", description="Mark a follow-up as done")
    @app_commands.describe(item=ITEM)
    @app_commands.autocomplete(item=item_choices)
    async def done(self, interaction: discord.Interaction, item: int) -> None:
        await _set_status(interaction, item, "done")

    @app_commands.command(name="reopen", description="Open a follow-up again")
    @app_commands.describe(item=ITEM)
    @app_commands.autocomplete(item=item_choices)
    async def reopen(self, interaction: discord.Interaction, item: int) -> None:
        await _set_status(interaction, item, "open")

    @app_commands.command(name="assign", description="Give a follow-up to another member")
    @app_commands.describe(item=ITEM, member="Who owns it from now on")
    @app_commands.autocomplete(item=item_choices)
    async def assign(
        self, interaction: discord.Interaction, item: int, member: discord.Member
    ) -> None:
        app = app_of(interaction)
        found = await changeable_item(app, interaction.user, item, "reassign")
        if member.bot:
            raise BadInput("Follow-ups are for people: pick a member who is not a bot.")
        if found.owners and all(owner.user_id == member.id for owner in found.owners):
            await reply(interaction, f"Item `#{item}` is already assigned to {member.mention}.")
            return
        old = ", ".join(owner_label(o) for o in found.owners) or "no owner"
        await item_changes.assign(
            app.db,
            item,
            member.id,
            member.display_name,
            old=old,
            actor_id=interaction.user.id,
            at=app.clock.now(),
        )
        await reply(interaction, f"Item `#{item}` now belongs to {member.mention} (was {old}).")

    @app_commands.command(name="snooze", description="Move a follow-up's due date")
    @app_commands.describe(item=ITEM, until="A date (2024-04-01) or a delay from today (2w, 10d)")
    @app_commands.autocomplete(item=item_choices)
    async def snooze(self, interaction: discord.Interaction, item: int, until: str) -> None:
        app = app_of(interaction)
        await changeable_item(app, interaction.user, item, "snooze")
        due = _date(until, app.clock.now().date())
        old = await item_changes.set_due(
            app.db, item, due, actor_id=interaction.user.id, at=app.clock.now()
        )
        was = f" (was {old.isoformat()})" if old else ""
        await reply(interaction, f"Item `#{item}` is now due {due.isoformat()}{was}.")

    @app_commands.command(name="note", description="Write a note on a follow-up")
    @app_commands.describe(item=ITEM, text="The note (at most 1000 characters)")
    @app_commands.autocomplete(item=item_choices)
    async def note(
        self,
        interaction: discord.Interaction,
        item: int,
        text: app_commands.Range[str, 1, NOTE_LIMIT],
    ) -> None:
        app = app_of(interaction)
        await changeable_item(app, interaction.user, item, "annotate")
        await item_changes.add_note(
            app.db, item, text.strip(), actor_id=interaction.user.id, at=app.clock.now()
        )
        await reply(interaction, f"Note added to item `#{item}`; `/todo history` shows it.")

    @app_commands.command(name="history", description="Who changed a follow-up, and when")
    @app_commands.describe(item=ITEM)
    @app_commands.autocomplete(item=item_choices)
    async def history(self, interaction: discord.Interaction, item: int) -> None:
        app = app_of(interaction)
        found = await existing_item(app, item)
        events = await item_changes.history(app.db, item)
        head = f"**History of `#{item}`** {short(found.text, 150)} ({found.status})"
        lines = [_event_line(event) for event in events] or ["No change since the minutes."]
        await reply(interaction, fit_lines(head, lines))


async def _set_status(interaction: discord.Interaction, item: int, status: str) -> None:
    app = app_of(interaction)
    action = "close" if status == "done" else "reopen"
    await changeable_item(app, interaction.user, item, action)
    changed = await set_status(
        app.db, item, status, actor_id=interaction.user.id, at=app.clock.now()
    )
    word = "done" if status == "done" else "open"
    text = f"Item `#{item}` is {word}." if changed else f"Item `#{item}` was already {word}."
    await reply(interaction, text)


def _date(text: str, today: dt.date) -> dt.date:
    text = text.strip()
    latest = today + SNOOZE_LIMIT
    try:
        due = dt.date.fromisoformat(text)
    except ValueError:
        due = _after_delay(text, today, latest)
    if due < today:
        raise BadInput(f"{due.isoformat()} is in the past: snooze to a later date.")
    if due > latest:
        raise _too_far(text, latest)
    return due


def _after_delay(text: str, today: dt.date, latest: dt.date) -> dt.date:
    try:
        delay = parse_duration(text)
    except DurationTooLong:
        raise _too_far(text, latest) from None
    except ValueError:
        raise BadInput(
            f"`{text}` is neither a date nor a delay: write 2024-04-01, 2w or 10d."
        ) from None
    if delay > SNOOZE_LIMIT:
        raise _too_far(text, latest)
    return today + delay


def _too_far(text: str, latest: dt.date) -> BadInput:
    return BadInput(
        f"`{text}` is too far ahead: snooze at most 10 years, until {latest.isoformat()}."
    )


def _event_line(event: ItemEvent) -> str:
    who = f"<@{event.actor_id}>" if event.actor_id else "the minutes"
    when = f"<t:{int(event.at.timestamp())}:f>"
    if event.field == "note":
        return f"• {when} {who} noted: {short(event.new_value or '', 300)}"
    old = short(event.old_value or "none", 100)
    new = short(event.new_value or "none", 100)
    return f"• {when} {who} changed {event.field}: {old} → {new}"
