"""The Discord emulator against the real, unmodified discord.py client."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import discord
import pytest
from discord import app_commands

from bot.emulator import (
    ChannelSpec,
    DiscordEmulator,
    GuildSpec,
    MemberSpec,
    PostedMessage,
    RoleSpec,
)

SPEC = GuildSpec(
    name="Demo",
    channels=[ChannelSpec("security"), ChannelSpec("minutes")],
    roles=[RoleSpec("secretary")],
    members=[
        MemberSpec("stefan", display_name="ȘtefanJ", roles=["secretary"]),
        MemberSpec("alex", "AlexA"),
    ],
)

ITEMS = {1: "vet the firewall rules", 2: "verify backups", 3: "renew certificates"}


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    text = discord.ui.TextInput(label="What went well?", custom_id="feedback_text")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks: {self.text.value}", ephemeral=True)


class VoteView(discord.ui.View):
    @discord.ui.button(label="Agree", custom_id="vote_agree")
    async def agree(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        name = interaction.user.display_name
        await interaction.response.edit_message(content=f"agreed by {name}", view=None)


class PickView(discord.ui.View):
    @discord.ui.select(
        custom_id="pick_team",
        options=[discord.SelectOption(label="Security"), discord.SelectOption(label="Infra")],
    )
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.send_message(f"picked {', '.join(select.values)}")


class EmulatedBot(discord.Client):
    """A tiny bot exercising what wgbot needs from Discord."""

    def __init__(self) -> None:
        intents = discord.Intents.default()
        intents.members = True
        intents.message_content = True
        super().__init__(intents=intents, guild_ready_timeout=0.05)
        self.tree = app_commands.CommandTree(self)
        self.received: list[discord.Message] = []
        self.downloads: list[bytes] = []
        self.errors: list[Exception] = []
        self._add_commands()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        self.received.append(message)
        for attachment in message.attachments:
            self.downloads.append(await attachment.read())

    def _add_commands(self) -> None:
        tree = self.tree
        minutes = app_commands.Group(name="minutes", description="Meeting minutes")
        todo = app_commands.Group(name="todo", description="Follow-up items")

        @minutes.command(name="add", description="Ingest minutes")
        @app_commands.describe(file="The minutes file", team="The team")
        async def minutes_add(
            interaction: discord.Interaction, file: discord.Attachment, team: str
        ) -> None:
            await interaction.response.defer(thinking=True)
            data = await file.read()
            self.downloads.append(data)
            await interaction.followup.send(f"{team}: read {len(data)} bytes from {file.filename}")

        @todo.command(name="done", description="Mark an item done")
        @app_commands.describe(item="The item number")
        async def todo_done(interaction: discord.Interaction, item: int) -> None:
            await interaction.response.send_message(f"done #{item}: {ITEMS[item]}", ephemeral=True)

        @todo_done.autocomplete("item")
        async def item_choices(interaction: discord.Interaction, current: str):
            matches = [(n, t) for n, t in ITEMS.items() if current.lower() in t]
            return [app_commands.Choice(name=t, value=n) for n, t in matches]

        @tree.command(name="whois", description="Who is that")
        async def whois(interaction: discord.Interaction, member: discord.Member) -> None:
            embed = discord.Embed(title="Member", description=member.display_name)
            await interaction.response.send_message(embed=embed)

        @tree.command(name="vote", description="Start a vote")
        async def vote(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("vote here", view=VoteView())

        @tree.command(name="feedback", description="Give feedback")
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(FeedbackModal())

        @tree.command(name="post", description="Post in a channel by id")
        async def post(interaction: discord.Interaction, channel_id: str) -> None:
            await interaction.response.defer(ephemeral=True)
            target = self.get_partial_messageable(int(channel_id))
            try:
                await target.send("hello")
            except discord.HTTPException as exc:
                self.errors.append(exc)
                await interaction.followup.send(f"failed: {exc.status}", ephemeral=True)

        @tree.command(name="pick", description="Pick a team")
        async def pick(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("which team?", view=PickView())

        @tree.command(name="remind", description="DM the caller")
        async def remind(interaction: discord.Interaction) -> None:
            await interaction.user.send("your follow-ups are due")
            await interaction.response.send_message("sent you a DM", ephemeral=True)
            await interaction.followup.send("check your inbox", ephemeral=True)

        @tree.command(name="discuss", description="Open a thread")
        async def discuss(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("discussion below")
            original = await interaction.original_response()
            thread = await original.create_thread(name="discussion")
            await thread.send("let's talk")

        @tree.command(name="slow", description="Answers after a pause")
        async def slow(interaction: discord.Interaction, pause: float) -> None:
            await asyncio.sleep(pause)
            try:
                await interaction.response.send_message("finally")
            except discord.NotFound as exc:
                self.errors.append(exc)

        config = app_commands.Group(name="config", description="Settings")
        team = app_commands.Group(name="team", description="Teams", parent=config)

        @team.command(name="set", description="Set a team up")
        async def team_set(
            interaction: discord.Interaction,
            name: str,
            lead: discord.Member,
            role: discord.Role,
            channel: discord.TextChannel,
            weight: float,
            active: bool,
        ) -> None:
            await interaction.response.defer(ephemeral=True)
            await interaction.edit_original_response(
                content=f"{name} lead={lead.display_name} role={role.name} "
                f"channel={channel.name} weight={weight} active={active}"
            )

        tree.add_command(minutes)
        tree.add_command(todo)
        tree.add_command(config)


@pytest.fixture
async def emu() -> AsyncIterator[DiscordEmulator]:
    emulator = DiscordEmulator(SPEC)
    await emulator.start()
    emulator.install()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def bot(emu: DiscordEmulator) -> AsyncIterator[EmulatedBot]:
    client = EmulatedBot()
    task = asyncio.create_task(client.start(emu.token))
    await emu.wait_ready(timeout=10)
    await asyncio.wait_for(client.wait_until_ready(), 5)
    await client.tree.sync()
    yield client
    await client.close()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.wait_for(task, 5)


async def test_ready_fills_the_client_cache(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    guild = bot.get_guild(emu.guild_id)
    assert guild is not None and guild.name == "Demo"
    assert {c.name for c in guild.text_channels} == {"security", "minutes"}
    stefan = guild.get_member(emu.member_id("stefan"))
    assert stefan is not None and stefan.display_name == "ȘtefanJ"
    assert [r.name for r in stefan.roles if not r.is_default()] == ["secretary"]
    assert bot.user is not None and bot.user.id == emu.bot_user_id
    assert bot.application_id == emu.application_id


async def test_sync_registers_commands(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    names = {c["name"] for c in emu.commands}
    assert {"minutes", "todo", "whois", "vote", "feedback", "post", "config"} <= names
    todo = next(c for c in emu.commands if c["name"] == "todo")
    assert todo["id"] and todo["application_id"] == str(emu.application_id)
    assert todo["options"][0]["name"] == "done"


async def test_invoke_reply_is_ephemeral_with_integer_option(
    emu: DiscordEmulator, bot: EmulatedBot
) -> None:
    res = await emu.invoke("stefan", "security", "todo done", {"item": "3"})
    assert res.content == "done #3: renew certificates"
    assert res.ephemeral and not res.deferred
    assert emu.messages("security")[-1].interaction_id == res.interaction_id


async def test_deferred_then_followup_with_attachment(
    emu: DiscordEmulator, bot: EmulatedBot
) -> None:
    att = emu.add_attachment("minutes.md", b"# Security 2024-05-02\n", "text/markdown")
    res = await emu.invoke("stefan", "minutes", "minutes add", {"file": att, "team": "security"})
    assert res.deferred and not res.ephemeral
    assert res.content == "security: read 22 bytes from minutes.md"
    assert bot.downloads == [b"# Security 2024-05-02\n"]
    assert any(r.path.startswith("/attachments/") and r.status == 200 for r in emu.requests)


async def test_user_option_resolves_member_and_renders(
    emu: DiscordEmulator, bot: EmulatedBot
) -> None:
    res = await emu.invoke("alex", "security", "whois", {"member": "stefan"})
    assert res.content == "Member\nȘtefanJ"
    channel = bot.get_channel(emu.channel_id("security"))
    assert isinstance(channel, discord.TextChannel)
    sent = await channel.send(f"thanks <@{emu.member_id('stefan')}>")
    stored = emu.messages("security")[-1]
    assert stored.id == sent.id
    assert stored.rendered() == "thanks @ȘtefanJ"


async def test_allowed_mentions_decide_who_is_pinged(
    emu: DiscordEmulator, bot: EmulatedBot
) -> None:
    channel = bot.get_channel(emu.channel_id("security"))
    assert isinstance(channel, discord.TextChannel)
    stefan, alex = emu.member_id("stefan"), emu.member_id("alex")
    text = f"<@{stefan}> @everyone"

    await channel.send(text, allowed_mentions=discord.AllowedMentions.none())
    quiet = emu.messages("security")[-1]
    assert quiet.pinged_user_ids == set() and not quiet.pinged_everyone

    await channel.send(text)
    loud = emu.messages("security")[-1]
    assert loud.pinged_everyone and {stefan, alex} <= loud.pinged_user_ids

    role = f"<@&{emu.role_id('secretary')}> and <@{alex}>"
    await channel.send(role, allowed_mentions=discord.AllowedMentions(users=False, roles=True))
    roles_only = emu.messages("security")[-1]
    assert roles_only.pinged_role_ids == {emu.role_id("secretary")}
    assert roles_only.pinged_user_ids == {stefan}


async def test_injected_429_is_retried(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    channel_id = emu.channel_id("minutes")
    emu.fail_next("POST", rf"^/channels/{channel_id}/messages$", 429, retry_after=0.05)
    channel = bot.get_channel(channel_id)
    assert isinstance(channel, discord.TextChannel)
    await channel.send("after the rate limit")
    posts = [r for r in emu.requests if r.method == "POST" and r.path.endswith("/messages")]
    assert [r.status for r in posts] == [429, 200]
    assert posts[0].json == posts[1].json
    assert posts[0].json["content"] == "after the rate limit"
    assert emu.messages("minutes")[-1].content == "after the rate limit"


async def test_injected_500_is_recovered(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    channel_id = emu.channel_id("minutes")
    emu.fail_next("GET", rf"^/channels/{channel_id}$", 500)
    fetched = await bot.fetch_channel(channel_id)
    assert fetched.id == channel_id
    statuses = [r.status for r in emu.requests if r.path == f"/channels/{channel_id}"]
    assert statuses == [500, 200]


async def test_deleted_channel_raises_not_found(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    security = emu.channel_id("security")
    emu.delete_channel("security", notify=False)
    res = await emu.invoke("stefan", "minutes", "post", {"channel_id": str(security)})
    assert res.content == "failed: 404"
    assert isinstance(bot.errors[0], discord.NotFound)
    assert bot.errors[0].code == 10003


async def test_message_create_reaches_on_message(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    att = emu.add_attachment("notes.txt", b"hello")
    sent = await emu.post_message("alex", "minutes", "here are the minutes", attachments=[att])
    await _until(lambda: bot.received)
    message = bot.received[0]
    assert message.id == sent.id and message.content == "here are the minutes"
    assert isinstance(message.author, discord.Member)
    assert message.author.display_name == "AlexA"
    assert [a.filename for a in message.attachments] == ["notes.txt"]
    await _until(lambda: bot.downloads)
    assert bot.downloads == [b"hello"]


async def test_button_click_edits_the_message(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    res = await emu.invoke("stefan", "security", "vote")
    message = res.message
    assert message is not None and message.components
    clicked = await emu.click("alex", message, "vote_agree")
    assert clicked.callback_type == 7
    assert message.content == "agreed by AlexA" and message.edited
    assert message.components == [] and message.history[0]["content"] == "vote here"


async def test_modal_round_trip(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    res = await emu.invoke("stefan", "security", "feedback")
    assert res.modal is not None and res.modal["title"] == "Feedback"
    submitted = await emu.submit_modal("stefan", res, {"feedback_text": "the agenda"})
    assert submitted.content == "thanks: the agenda" and submitted.ephemeral


async def test_autocomplete_returns_choices(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    choices = await emu.autocomplete(
        "stefan", "security", "todo done", {"item": "ve"}, focused="item"
    )
    assert choices == [
        {"name": "vet the firewall rules", "value": 1},
        {"name": "verify backups", "value": 2},
    ]


async def test_wrong_token_is_refused(emu: DiscordEmulator) -> None:
    client = discord.Client(intents=discord.Intents.default())
    with pytest.raises(discord.LoginFailure):
        await client.login("not-the-token")
    await client.close()
    assert emu.requests[-1].status == 401


async def test_unknown_route_is_a_discord_404(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    with pytest.raises(discord.NotFound) as caught:
        await bot.http.request(discord.http.Route("GET", "/nowhere/{x}", x=1))
    assert caught.value.text == "404: Not Found"
    assert emu.requests[-1].path == "/nowhere/1" and emu.requests[-1].status == 404


async def test_group_subcommand_converts_every_option_type(
    emu: DiscordEmulator, bot: EmulatedBot
) -> None:
    options = {
        "name": "security",
        "lead": "alex",
        "role": "secretary",
        "channel": "security",
        "weight": "1.5",
        "active": "yes",
    }
    res = await emu.invoke("stefan", "minutes", "config team set", options)
    assert res.deferred and res.ephemeral
    expected = "security lead=AlexA role=secretary channel=security weight=1.5 active=True"
    assert res.content == expected
    assert [m.content for m in res.messages] == [expected]


async def test_select_menu_values(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    res = await emu.invoke("stefan", "security", "pick")
    assert res.message is not None
    picked = await emu.click("stefan", res.message, "pick_team", values=["Infra"])
    assert picked.content == "picked Infra"


async def test_dm_to_the_invoker(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    res = await emu.invoke("alex", "security", "remind")
    assert res.content == "sent you a DM\ncheck your inbox"
    assert [m.ephemeral for m in res.messages] == [True, True]
    dm = await emu.wait_for_message(lambda m: m.channel_id == emu.dm_channel_id("alex"))
    assert dm.content == "your follow-ups are due"
    assert emu.messages("@alex") == [dm]


async def test_thread_from_the_response(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    res = await emu.invoke("stefan", "security", "discuss")
    talk = await emu.wait_for_message(lambda m: m.content == "let's talk")
    thread = bot.get_channel(talk.channel_id)
    assert isinstance(thread, discord.Thread) and thread.name == "discussion"
    assert res.message is not None and thread.parent_id == emu.channel_id("security")
    assert emu.messages("discussion") == [talk]


async def test_history_is_newest_first(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    channel = bot.get_channel(emu.channel_id("minutes"))
    assert isinstance(channel, discord.TextChannel)
    for text in ("one", "two", "three"):
        await channel.send(text)
    await emu.post_message("stefan", "minutes", "four")
    history = [m.content async for m in channel.history(limit=3)]
    assert history == ["four", "three", "two"]
    older = [m.content async for m in channel.history(limit=10, oldest_first=True)]
    assert older == ["one", "two", "three", "four"]


async def test_global_rate_limit_is_waited_out(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    channel = bot.get_channel(emu.channel_id("minutes"))
    assert isinstance(channel, discord.TextChannel)
    emu.rate_limit(3)
    await asyncio.gather(*(channel.send(f"burst {i}") for i in range(4)))
    emu.rate_limit(None)
    statuses = [r.status for r in emu.requests if r.path.endswith("/messages")]
    assert statuses.count(429) >= 1 and statuses.count(200) == 4
    assert len(emu.messages("minutes")) == 4


async def test_resume_replays_missed_events(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    resumed = asyncio.ensure_future(bot.wait_for("resumed", timeout=5))
    await emu.drop_gateway()
    await emu.post_message("stefan", "minutes", "while you were away")
    await resumed
    await _until(lambda: bot.received)
    assert bot.received[0].content == "while you were away"


async def test_rest_requires_the_bot_token(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    old, bot.http.token = bot.http.token, "stolen"
    try:
        with pytest.raises(discord.HTTPException) as caught:
            await bot.fetch_channel(emu.channel_id("minutes"))
    finally:
        bot.http.token = old
    assert caught.value.status == 401


async def test_late_initial_response_is_refused(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    emu.response_deadline = 0.1
    res = await emu.invoke("stefan", "security", "slow", {"pause": 0.2}, timeout=0.5)
    assert not res.responded and res.messages == []
    await _until(lambda: bot.errors)
    assert bot.errors[0].code == 10062


async def test_stop_closes_the_gateway(emu: DiscordEmulator, bot: EmulatedBot) -> None:
    socket = bot.ws.socket
    await emu.stop()
    await _until(lambda: socket.closed)
    assert socket.close_code == 1001


async def _until(predicate, timeout: float = 2.0) -> None:
    async def poll() -> None:
        while not predicate():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), timeout)


def test_posted_message_renders_without_an_emulator() -> None:
    message = PostedMessage(id=1, channel_id=2, author_id=3, content="hi <@4>")
    assert message.rendered() == "hi <@4>"
