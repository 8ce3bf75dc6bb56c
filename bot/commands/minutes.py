"""``/minutes``: add a meeting's minutes (file or pasted), list, show and remove meetings."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.commands.autocomplete import meeting_choices, team_choices
from bot.commands.context import app_of, channel_team, reply
from bot.commands.errors import BadInput, answer_error
from bot.commands.minutes_upload import Upload, check_date, check_file, store_upload
from bot.commands.permissions import known_team, require_team_secretary
from bot.render import fit_lines, plural, todo_pages
from bot.store.items import list_items
from bot.store.meetings import StoredMeeting, get_meeting, list_meetings, remove_meeting
from bot.team_names import check_team_name
from bot.views import Confirm, Pager

logger = logging.getLogger(__name__)

PASTE_LIMIT = 4000  # a modal's text field holds at most 4,000 characters
EARLY_DEFER_BYTES = 256_000


class MinutesCommands(app_commands.Group):
    def __init__(self) -> None:
        super().__init__(name="minutes", description="Meeting minutes and their follow-ups")

    @app_commands.command(name="add", description="Store the follow-ups of a meeting's minutes")
    @app_commands.describe(
        file="The minutes as a Markdown file (.md, at most 1 MB); leave out to paste them",
        team="The team the meeting belongs to (default: the minutes' front matter)",
        date="The meeting's date or start (2024-03-11T10:00+02:00), if the minutes lack it",
    )
    @app_commands.autocomplete(team=team_choices)
    async def add(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment | None = None,
        team: str | None = None,
        date: str | None = None,
    ) -> None:
        app = app_of(interaction)
        team = check_team_name(team) if team is not None else None
        upload = Upload(b"", "", team, check_date(date), await channel_team(interaction))
        await require_team_secretary(
            app, interaction.user, team or upload.channel_team, "add minutes"
        )
        if file is None:
            await interaction.response.send_modal(PasteMinutes(upload))
            return
        check_file(file)
        if file.size > EARLY_DEFER_BYTES:
            # Reading and parsing this much may itself pass Discord's 3 seconds.
            await interaction.response.defer(thinking=True)
        upload = Upload(await file.read(), file.filename, *_rest(upload))
        await _store_and_answer(interaction, upload)

    @app_commands.command(name="list", description="The meetings whose minutes are stored")
    @app_commands.describe(team="Only this team's meetings (default: all)")
    @app_commands.autocomplete(team=team_choices)
    async def list(self, interaction: discord.Interaction, team: str | None = None) -> None:
        team = await known_team(app_of(interaction), team)
        meetings = await list_meetings(app_of(interaction).db, team)
        title = "Stored minutes" + (f" of {team}" if team else "")
        if not meetings:
            await reply(interaction, f"**{title}**: none yet; `/minutes add` stores some.")
            return
        await reply(
            interaction, fit_lines(f"**{title}** ({len(meetings)})", _meeting_lines(meetings))
        )

    @app_commands.command(name="show", description="A meeting and its follow-ups")
    @app_commands.describe(meeting="The meeting (type to search)")
    @app_commands.autocomplete(meeting=meeting_choices)
    async def show(self, interaction: discord.Interaction, meeting: int) -> None:
        app = app_of(interaction)
        found = await _meeting(app, meeting)
        items = await list_items(app.db, meeting_id=found.id, status=None)
        pages = todo_pages(f"{found.name} · {found.team}", items, app.clock.now().date())
        view = Pager(pages, interaction.user.id) if len(pages) > 1 else None
        await reply(interaction, pages[0], view=view)

    @app_commands.command(name="remove", description="Remove a meeting and its follow-ups")
    @app_commands.describe(meeting="The meeting (type to search)")
    @app_commands.autocomplete(meeting=meeting_choices)
    async def remove(self, interaction: discord.Interaction, meeting: int) -> None:
        app = app_of(interaction)
        found = await _meeting(app, meeting)
        await require_team_secretary(app, interaction.user, found.team, "remove minutes")

        async def confirmed() -> str:
            count = await remove_meeting(app.db, found.id)
            if count is None:
                return f"**{found.name}** ({found.team}) was removed already: nothing changed."
            await app.replan(found.team)
            return f"Removed **{found.name}** ({found.team}) and {plural(count, 'item')}."

        question = f"Remove **{found.name}** ({found.team})"
        if found.only_here:
            question += (
                f" and the {plural(found.only_here, 'item')} no other minutes mention?"
                " Items carried over into later minutes stay."
            )
        else:
            question += "? Every item in it is in later minutes too, and stays."
        question += " This cannot be undone."
        await reply(interaction, question, view=Confirm(interaction.user.id, confirmed))


class PasteMinutes(discord.ui.Modal, title="Paste the minutes"):
    """/minutes add without a file: the minutes pasted as text."""

    text: discord.ui.TextInput[PasteMinutes] = discord.ui.TextInput(
        label="Minutes (Markdown with front matter)",
        style=discord.TextStyle.paragraph,
        max_length=PASTE_LIMIT,
        custom_id="minutes:text",
    )

    def __init__(self, upload: Upload) -> None:
        super().__init__(custom_id="minutes:paste", timeout=900)
        self.upload = upload

    async def on_submit(self, interaction: discord.Interaction) -> None:
        upload = Upload(self.text.value.encode(), "pasted.md", *_rest(self.upload))
        await _store_and_answer(interaction, upload)

    # The signature is Modal's own, narrower than the views' one it overrides.
    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction, error: Exception
    ) -> None:
        await answer_error(interaction, error, "modal /minutes add")


def _rest(upload: Upload) -> tuple:
    return upload.team, upload.date, upload.channel_team


async def _store_and_answer(interaction: discord.Interaction, upload: Upload) -> None:
    async def defer() -> None:
        # Refusals come before this, so they stay private; storing may pass the 3 s limit.
        if not interaction.response.is_done():
            await interaction.response.defer(thinking=True)

    app = app_of(interaction)
    try:
        text = await store_upload(
            app, upload, interaction.user, interaction.guild, before_storing=defer
        )
    except Exception:
        await _withdraw_thinking(interaction)
        raise
    await reply(interaction, text, private=False)


async def _withdraw_thinking(interaction: discord.Interaction) -> None:
    """A refusal after the public "thinking…" would be public too: remove that message, so
    the refusal (a follow-up) is private like every other."""
    if interaction.response.type is not discord.InteractionResponseType.deferred_channel_message:
        return
    try:
        await interaction.delete_original_response()
    except discord.HTTPException:
        logger.warning("could not withdraw the deferred answer of interaction %s", interaction.id)


async def _meeting(app, meeting_id: int) -> StoredMeeting:
    found = await get_meeting(app.db, meeting_id)
    if found is None:
        raise BadInput(f"There is no meeting {meeting_id}; `/minutes list` shows them.")
    return found


def _meeting_lines(meetings: list[StoredMeeting]) -> list[str]:
    lines = []
    for m in meetings:
        when = f"<t:{int(m.start.timestamp())}:d>" if m.start else "no date"
        lines.append(
            f"`{m.id}` **{m.name}** · {m.team} · {when} · "
            f"{plural(m.items, 'follow-up')}, {m.open_items} open"
        )
    return lines
