"""The ``wgbot`` command: run the bot, try it in the sandbox, parse minutes."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from pathlib import Path

import aiohttp
import click
import discord

from bot.config import Config, load_config
from bot.errors import WgbotError
from bot.minutes import parse_file
from bot.minutes.model import Minutes, MinutesError
from bot.sandbox import shipped_scripts
from bot.store.db import database_location_problem
from bot.team_names import check_team_name

logger = logging.getLogger(__name__)

TOKEN_HELP = """\
DISCORD_TOKEN is not set, so wgbot cannot connect to Discord.

To get a token: open https://discord.com/developers/applications, create an
application, add a Bot, enable the Server Members and Message Content intents
(members to link owners, message content to read minutes posted in a minutes
channel), copy its token, and invite it with the applications.commands and bot
scopes. Then:

    export DISCORD_TOKEN=...   # never put the token in the config file
    wgbot run --config config.toml

Without a token, `wgbot sandbox` runs the real bot against a local Discord
emulator with a demo guild: `wgbot sandbox --script demo` shows it at work."""


def _setup_logging(level: int) -> None:
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s", stream=sys.stderr
    )
    # discord.py is chatty at INFO about every gateway event.
    logging.getLogger("discord").setLevel(max(level, logging.WARNING))
    logging.getLogger("apscheduler").setLevel(max(level, logging.WARNING))


@click.group()
@click.version_option(package_name="wgbot")
def main() -> None:
    """wgbot keeps working groups honest about their follow-ups."""


@main.command()
@click.option(
    "--config",
    "config_path",
    default="config.toml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The TOML config (see config.example.toml).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log at DEBUG level.")
def run(config_path: str, verbose: bool) -> None:
    """Run the bot on Discord (the token comes from DISCORD_TOKEN).

    The config is checked first, so it can be checked without a token."""
    _setup_logging(logging.DEBUG if verbose else logging.INFO)
    config = _checked_config(config_path)
    token = os.environ.get("DISCORD_TOKEN", "").strip()
    if not token:
        _explain_no_token(config)
    if config is None or not token:
        sys.exit(2)
    from bot.runtime import BotRunner

    try:
        asyncio.run(BotRunner(config).run_until_stopped(token))
    except WgbotError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except discord.LoginFailure:
        click.echo("error: Discord refused the token in DISCORD_TOKEN", err=True)
        sys.exit(2)
    except (aiohttp.ClientError, OSError) as exc:
        click.echo(f"error: cannot reach Discord: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        logger.info("stopped by the user")


def _explain_no_token(config: Config | None) -> None:
    if config is not None:
        click.echo(
            f"{config.source}: the config is valid ({_teams(config)});"
            " channels, roles and members are checked once connected.\n",
            err=True,
        )
    click.echo(TOKEN_HELP, err=True)


def _teams(config: Config) -> str:
    count = len(config.teams)
    if not count:
        return "no teams"
    return f"{count} team{'' if count == 1 else 's'}: {', '.join(config.teams)}"


def _checked_config(path: str) -> Config | None:
    """The config, or None once its problem is printed."""
    try:
        config = load_config(path)
    except WgbotError as exc:
        click.echo(f"error: {exc}", err=True)
        return None
    problem = database_location_problem(config.bot.database)
    if problem:
        click.echo(f"error: {path}: bot.database: {config.bot.database}: {problem}", err=True)
        return None
    return config


@main.command()
@click.option(
    "--script",
    "script",
    default=None,
    help=(
        "Run this script instead of reading commands typed: a path, or a shipped script"
        f" ({', '.join(shipped_scripts())}). README's 'Sandbox scripts' has the syntax."
    ),
)
@click.option(
    "--config",
    "config_path",
    default=None,
    type=click.Path(dir_okay=False),
    help="Your config instead of the demo's (channels and members must exist in the demo guild).",
)
@click.option(
    "--database",
    default=None,
    type=click.Path(dir_okay=False),
    help="Keep the sandbox's database in this file (default: a temporary one).",
)
@click.option("-v", "--verbose", is_flag=True, help="Show the bot's log.")
def sandbox(
    script: str | None, config_path: str | None, database: str | None, verbose: bool
) -> None:
    """Run the real bot against a local Discord emulator, no token needed."""
    _setup_logging(logging.INFO if verbose else logging.WARNING)
    from bot.sandbox.session import run_interactive, run_script, script_path

    try:
        if script:
            asyncio.run(run_script(script_path(script), config=config_path, database=database))
        else:
            asyncio.run(run_interactive(config=config_path, database=database))
    except WgbotError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


@main.command(name="import")
@click.argument("root", type=click.Path(exists=True, path_type=Path))
@click.option("--team", default=None, help="Store every file under this team.")
@click.option(
    "--team-from-front-matter",
    is_flag=True,
    help="Take each file's team from its front matter (`teams:`).",
)
@click.option(
    "--config",
    "config_path",
    default=None,
    type=click.Path(dir_okay=False),
    help="Use this config's database and teams.",
)
@click.option(
    "--database",
    default=None,
    type=click.Path(dir_okay=False),
    help="The SQLite file (default: the config's, else wgbot.sqlite3).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the summary.")
def import_(
    root: Path,
    team: str | None,
    team_from_front_matter: bool,
    config_path: str | None,
    database: str | None,
    quiet: bool,
) -> None:
    """Import a tree of minutes files, oldest meeting first."""
    if bool(team) == team_from_front_matter:
        raise click.UsageError("give exactly one of --team NAME and --team-from-front-matter")
    _setup_logging(logging.WARNING)
    try:
        team = check_team_name(team) if team else None  # the rule of /team setup
        config = load_config(config_path) if config_path else None
        path = database or (config.bot.database if config else "wgbot.sqlite3")
        known = set(config.teams) if config else set()
        failed = asyncio.run(_import(root, path, team, known, quiet))
    except WgbotError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    sys.exit(1 if failed else 0)


async def _import(
    root: Path, database: str, team: str | None, known: set[str], quiet: bool
) -> bool:
    from bot.bulk_import import find_minutes, import_tree, summary
    from bot.clock import SystemClock
    from bot.store import open_database

    clock = SystemClock()
    started = clock.now()
    paths = find_minutes(root)
    db = await open_database(database, direct=True)  # the loop is the import's alone
    try:
        with click.progressbar(length=len(paths), label="importing", file=sys.stderr) as bar:
            outcomes = await import_tree(
                db, paths, team=team, known_teams=known, clock=clock, progress=bar.update
            )
    finally:
        await db.close()
    for outcome in outcomes:
        if outcome.error or not quiet:
            click.echo(outcome.describe(), err=bool(outcome.error))
    click.echo(summary(outcomes, (clock.now() - started).total_seconds()))
    return any(outcome.error for outcome in outcomes)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file, one per line.")
def parse(files: tuple[str, ...], as_json: bool) -> None:
    """Show what wgbot reads in minutes files."""
    failed = False
    for name in files:
        try:
            minutes = parse_file(name)
        except MinutesError as exc:
            click.echo(f"error: {exc}", err=True)
            failed = True
            continue
        except OSError as exc:
            click.echo(f"error: {name}: cannot read: {exc.strerror}", err=True)
            failed = True
            continue
        if as_json:
            click.echo(json.dumps(minutes.to_json(), ensure_ascii=False))
        else:
            click.echo(_table(minutes))
    sys.exit(2 if failed else 0)


def _table(minutes: Minutes) -> str:
    meeting = minutes.meeting
    lines = [
        f"{minutes.path}: {meeting.title or '(no title)'}",
        f"  when: {meeting.start.isoformat() if meeting.start else '?'}"
        f"   teams: {', '.join(meeting.teams) or '?'}"
        f"   next: {minutes.next_meeting.isoformat() if minutes.next_meeting else '?'}",
        f"  participants: {', '.join(meeting.participants) or '?'}",
    ]
    for item in minutes.items:
        owners = ", ".join(f"{t}→{minutes_owner(p)}" for t, p in item.resolved.items()) or "-"
        first = item.text.splitlines()[0] if item.text else ""
        due = f" due {item.due.isoformat()}" if item.due else ""
        lines.append(
            f"  {item.first_line:>4}-{item.last_line:<4} {item.kind:<8} {owners:<24} "
            f"{first[:70]}{due}"
        )
    lines += [f"  warning: {warning}" for warning in minutes.warnings]
    return "\n".join(lines)


def minutes_owner(participant: str | None) -> str:
    return participant if participant else "?"


if __name__ == "__main__":
    main()
