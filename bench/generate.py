"""Realistic working-group minutes, made up deterministically from a ``random.Random``.

The files look like those MINUTES.md describes: YAML front matter in its varied forms, an
agenda, a discussion with sub-headings and owner-prefixed lines, and a
``## :wrench: TODOs and Decisions`` section whose items take every form the format allows.
A team meets weekly, and some of a meeting's open items come back at the next one, verbatim
or reworded, so that carry-over between meetings can be exercised. All sentences are made
up here from small vocabularies of an open-source project's work.

    >>> paths = write_corpus(Path("/tmp/corpus"), count=100, seed=1)
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

TEAM_NAMES = (
    "security", "runtime", "docs", "community", "tooling", "release", "networking",
    "storage", "build", "testing", "infra", "packaging", "scheduler", "drivers", "website",
    "mentoring", "performance", "platform", "compat", "observability",
)  # fmt: skip
PEOPLE = (
    "ȘtefanJ", "RăzvanD", "Michalis", "AlexA", "ȘerbanS", "TeoT", "Jeni", "AncaP", "RaduV",
    "CostinM", "Marco", "DoinaS", "PetraN", "Lia", "ElenaG", "Victor", "NicuB", "IoanaV",
    "Mirela", "TudorȚ", "Horia", "LaviniaP", "SorinKo", "Daniel", "GabrielaM", "Ana Pop",
    "CristiR", "Bogdan", "MariaL", "VladC", "OanaT", "Emil",
)  # fmt: skip
GROUP_OWNERS = ("All", "Everyone", "Mentors", "Maintainers", "Reviewers")

_VERBS = (
    "review", "fix", "document", "benchmark", "port", "rebase", "investigate", "update",
    "refactor", "test", "clean up", "split", "upstream", "triage", "profile", "measure",
    "draft an RFC for", "write tests for", "open an issue about", "look into",
)  # fmt: skip
_OBJECTS = (
    "the allocator patches", "the CI pipeline for arm64", "the flaky network test",
    "the build cache", "the plugin loader", "the docs landing page", "the config parser",
    "the scheduler rework", "the timer subsystem", "the memory leak in the HTTP server",
    "the contributor guide", "the fuzzing harness", "the pending dependency bumps",
    "the TLS backend", "the packaging scripts", "the syscall shim", "the logging API",
    "the release checklist", "the Kconfig options for the new drivers", "the VFS layer",
    "the coverage report", "the `make menuconfig` regressions", "the Dockerfile for the SDK",
    "the signing keys rotation", "the mirror on the backup host", "the crash on boot with KVM",
    "the arm64 page-table code", "the website search index", "the issue templates",
    "the code owners file", "the tracing hooks in `uksched`", "the Rust bindings",
)  # fmt: skip
_QUALIFIERS = (
    "", "", "", " with the infra team", " on the staging runner", " before merging",
    " for the next release", " and report the numbers", " so it builds with clang",
    " in the tracking issue", " together with the mentees", " on real hardware",
    " and ping the reviewers", " for both x86_64 and arm64",
)  # fmt: skip
_DUE = ("", "", "", "", " by Friday", " before the next meeting", " by the end of the week")
_SUBJECTS = (
    "The arm64 runner", "The new allocator", "The nightly build", "The fuzzing campaign",
    "The docs preview", "The release branch", "The test suite", "The Go port",
    "The network stack", "The mirror", "Our GitHub Actions quota", "The scheduler patch",
    "The `ukalloc` backend", "The code review queue", "The Discord bot", "The benchmark box",
)  # fmt: skip
_PREDICATES = (
    "times out after forty minutes on large builds", "is about ten percent faster now",
    "fails only when run in parallel", "still needs a second reviewer",
    "was rebased on the current staging branch", "crashes with GCC 13 but not with clang",
    "leaks a page on every reconnect", "has been green for a week",
    "doesn't cover the error paths yet", "needs a decision on the naming",
    "is blocked on the upstream fix", "works on QEMU but not on Firecracker",
    "uses more memory than the old one", "was moved to the new host",
    "reports different numbers on each run", "is mostly done, modulo the docs",
)  # fmt: skip
_REMARKS = (
    "I tried it twice and got the same result.", "Maybe it's a configuration issue.",
    "We should ask upstream about it.", "It's not urgent, but it keeps coming up.",
    "There is an open PR for it already.", "Numbers are in the spreadsheet.",
    "This affects the release timeline.", "Nobody has looked at it since last month.",
    "The logs are attached to the issue.", "It might be related to the timer change.",
    "I'll share the traces on Discord.", "The workaround is ugly but it works.",
    "If we build with `-O0` the problem goes away, which points at an ordering bug.",
    "The same thing happened last spring and it was a stale cache on the runner.",
    "I compared the two branches and the difference is in the setup code, not the hot path.",
    "We agreed to revisit this once the refactoring of the boot code has landed.",
    "Upstream said they would take a patch if it comes with a regression test.",
    "It only shows up with more than four vCPUs, so most contributors never see it.",
)  # fmt: skip
_DECISIONS = (
    "The release branch is frozen one week before the release.",
    "We drop support for GCC 9 in the next release.",
    "New drivers go to the staging tree first.",
    "Reviews need two approvals for core changes.",
    "The meeting notes are published within a day.",
    "We keep the old config format for one more release.",
    "Benchmarks run on the dedicated box only.",
)  # fmt: skip
_TOPICS = (
    "Release planning", "CI flakiness", "Memory allocator", "Docs migration", "Security fixes",
    "Entropy pool", "Static analysis", "Build system", "Mentoring program", "Networking",
    "Performance", "Packaging", "Community call", "Roadmap", "LoC reduction", "CET",
)  # fmt: skip
_CODE = (
    "```console\n$ make -j8 defconfig\n$ ./scripts/run-tests.sh --arch arm64\n```",
    "```c\nvoid *p = uk_malloc(a, 4096);\nUK_ASSERT(p != NULL);\n```",
    "```\nFAILED tests/net/test_tcp.py::test_reconnect - TimeoutError\n```",
)  # fmt: skip
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Task:
    """An open item: who (as written in the owner prefix) and what."""

    owners: str
    text: str


def generate_minutes(
    rng: random.Random,
    *,
    team: str,
    day: dt.date,
    participants: list[str],
    carried: Sequence[Task] = (),
) -> str:
    """One meeting's minutes; ``carried`` are open items of earlier meetings to repeat."""
    text, _ = _meeting(rng, team, day, participants, carried)
    return text


def write_corpus(directory: Path, count: int, seed: int = 1, teams: int = 20) -> list[Path]:
    """Write ``count`` minutes files spread over ``teams`` teams, meeting weekly; their paths.

    The paths come team by team, each team's in date order. Files are written as bytes, so
    that CRLF line ends and byte-order marks stay as generated.
    """
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for index in range(teams):
        team = team_name(index)
        roster = rng.sample(PEOPLE, rng.randint(5, 9))
        first = dt.date(2023, 1, 2) + dt.timedelta(days=index % 5)
        meetings = count // teams + (1 if index < count % teams else 0)
        paths.extend(_write_team(directory, rng, team, roster, first, meetings))
    return paths


def team_name(index: int) -> str:
    name = TEAM_NAMES[index % len(TEAM_NAMES)]
    return name if index < len(TEAM_NAMES) else f"{name}-{index // len(TEAM_NAMES) + 1}"


def _write_team(
    directory: Path,
    rng: random.Random,
    team: str,
    roster: list[str],
    first: dt.date,
    meetings: int,
) -> list[Path]:
    paths: list[Path] = []
    open_tasks: list[Task] = []
    for week in range(meetings):
        day = first + dt.timedelta(weeks=week)
        present = [name for name in roster if rng.random() < 0.8] or roster[:2]
        carried = rng.sample(open_tasks, min(len(open_tasks), rng.randint(0, 3)))
        text, open_tasks = _meeting(rng, team, day, present, carried)
        path = directory / f"{team}-{day.isoformat()}.md"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def _meeting(
    rng: random.Random,
    team: str,
    day: dt.date,
    participants: list[str],
    carried: Sequence[Task],
) -> tuple[str, list[Task]]:
    """The minutes' text, and the tasks it leaves open."""
    hour = rng.choice((9, 10, 11, 13, 15, 16))
    todos, tasks = _todos(rng, participants, carried, day)
    topics = rng.sample(_TOPICS, rng.randint(4, 7))
    parts = [
        _front_matter(rng, team, day, hour, participants),
        _agenda(rng, topics),
        _discussion(rng, topics, participants),
        todos,
    ]
    text = "\n".join(parts)
    if rng.random() < 0.05:
        text = text.replace("\n", "\r\n")
    if rng.random() < 0.02:
        text = "\ufeff" + text
    return text, tasks


# Front matter


def _front_matter(
    rng: random.Random, team: str, day: dt.date, hour: int, participants: list[str]
) -> str:
    lines = ["---"]
    if rng.random() < 0.85:
        lines.append(f'title: "{team.capitalize()} WG, {_long_date(day)}"')
    if rng.random() < 0.3:
        lines.append(f"tags: {team}, meeting")
    lines.append(f"datetime: {_datetime(rng, day, hour)}")
    if rng.random() < 0.4:
        lines.append("location: Online, Discord (https://example.org/discord), `#wg-voice`")
    lines.extend(_teams(rng, team))
    lines.extend(_participants(rng, participants))
    lines.append("---")
    return "\n".join(lines) + "\n"


def _datetime(rng: random.Random, day: dt.date, hour: int) -> str:
    zone = rng.choice(("+02:00", "+03:00", "+01:00", "Z"))
    form = rng.random()
    if form < 0.6:
        return f"{day.isoformat()}T{hour:02d}:00:00{zone}"
    if form < 0.95:
        return f"{day.isoformat()}T{hour:02d}:00{zone}"
    return day.isoformat()


def _teams(rng: random.Random, team: str) -> list[str]:
    form = rng.random()
    if form < 0.6:
        return ["teams:", f"- {team}"]
    if form < 0.8:
        return ["teams:", f"- {team}, {rng.choice(TEAM_NAMES)}"]
    return [f"teams: {team}"]


def _participants(rng: random.Random, participants: list[str]) -> list[str]:
    if rng.random() < 0.3:
        return ["participants: " + ", ".join(participants)]
    indent = rng.choice(("", "  "))
    lines = ["participants:"] + [f"{indent}- {name}" for name in participants]
    if rng.random() < 0.1:
        lines.append(f"{indent}- {rng.choice(('TBD', '<name>', '...'))}")
    return lines


# Agenda and discussion


def _agenda(rng: random.Random, topics: list[str]) -> str:
    heading = rng.choice(("## :dart: Agenda", "## Agenda", "### Agenda"))
    return heading + "\n\n" + "\n".join(f"- {topic}" for topic in topics) + "\n"


def _discussion(rng: random.Random, topics: list[str], participants: list[str]) -> str:
    heading = rng.choice(("## :closed_book: Discussions", "## Discussion", "## Notes"))
    sections = [heading, ""]
    for topic in topics:
        sections.append(f"### {topic}\n")
        for _ in range(rng.randint(2, 6)):
            sections.append(_discussion_paragraph(rng, participants) + "\n")
    return "\n".join(sections)


def _discussion_paragraph(rng: random.Random, participants: list[str]) -> str:
    owner = _owner_token(rng, participants)
    lines = [f"{owner}: {rng.choice(_SUBJECTS)} {rng.choice(_PREDICATES)}."]
    lines.extend(rng.sample(_REMARKS, rng.randint(0, 4)))
    if rng.random() < 0.08:
        lines.append(rng.choice(_CODE))
    return "\n".join(lines)


# Owners


def initials(name: str) -> str:
    """``ȘtefanJ`` → ``SJ``, ``Ana Pop`` → ``AP``, ``Michalis`` → ``M``."""
    folded = "".join(
        char for char in unicodedata.normalize("NFKD", name) if not unicodedata.combining(char)
    )
    words = folded.split()
    if len(words) > 1:
        return "".join(word[0].upper() for word in words)
    return folded[0].upper() + "".join(char for char in folded[1:] if char.isupper())


def _owner_token(rng: random.Random, participants: list[str]) -> str:
    """How a secretary writes someone: initials mostly, a name or a made-up initial too."""
    if rng.random() < 0.05:
        return rng.choice(("CB", "JR", "SM", "Bogdan"))  # someone not in the list
    name = rng.choice(participants)
    letters = initials(name)
    if len(letters) > 1:
        return letters if rng.random() < 0.9 else name.split()[0]
    return name if rng.random() < 0.5 else letters + rng.choice("PKRSD")


def _owners(rng: random.Random, participants: list[str]) -> str:
    form = rng.random()
    if form < 0.08:
        return rng.choice(GROUP_OWNERS)
    if form < 0.25 and len(participants) > 1:
        first, second = (_owner_token(rng, [name]) for name in rng.sample(participants, 2))
        return f"{first}{rng.choice(('/', ' / ', '+', ' and ', ', '))}{second}"
    return _owner_token(rng, participants)


# TODOs and decisions


def _todos(
    rng: random.Random, participants: list[str], carried: Sequence[Task], day: dt.date
) -> tuple[str, list[Task]]:
    blocks = ["## :wrench: TODOs and Decisions", ""]
    tasks: list[Task] = []
    for task in carried:
        blocks.append(_render(rng, _reworded(rng, task)))
        tasks.append(task)

    # 5 to 12 items, the line about the next meeting included.
    for index in range(rng.randint(4, 11) - len(carried)):
        if index == 4 and rng.random() < 0.3:
            blocks.append("### New PR Tasks\n")
        if rng.random() < 0.12:
            blocks.append(_decision(rng))
            continue
        task = Task(_owners(rng, participants), _task_text(rng, day))
        blocks.append(_render(rng, task))
        tasks.append(task)

    blocks.append(_next_meeting(rng, day))
    return "\n".join(blocks), tasks


def _task_text(rng: random.Random, day: dt.date) -> str:
    due = rng.choice(_DUE)
    if not due and rng.random() < 0.1:
        due = f" by {_long_date(day + dt.timedelta(days=rng.randint(3, 30)))}"
    return f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)}{rng.choice(_QUALIFIERS)}{due}."


def _reworded(rng: random.Random, task: Task) -> Task:
    """The same task again: verbatim half the time, else slightly changed."""
    form = rng.random()
    if form < 0.5:
        return task
    if form < 0.7:
        return Task(task.owners, task.text.removesuffix(".") + " (carried over).")
    if form < 0.85:
        return Task(task.owners, "still " + task.text)
    return Task(task.owners, task.text.replace(" the ", " our ", 1))


def _render(rng: random.Random, task: Task) -> str:
    """A task in one of the forms minutes use, as a block ending with a blank line."""
    text = task.text[0].upper() + task.text[1:]
    form = rng.random()
    if form < 0.3:
        lines = [f"{task.owners}: {text}"]
    elif form < 0.45:
        lines = [f"{rng.choice('-*')} {task.owners}: {text}"]
    elif form < 0.55:
        lines = [f"{rng.randint(1, 9)}. {task.owners}: {text}"]
    elif form < 0.65 and "," not in task.owners:
        lines = [f"- {task.owners} to {task.text}"]
    elif form < 0.75:
        lines = [f"TODO {task.owners}: {text}"]
    elif form < 0.85:
        lines = [f"{task.owners}:", text]
    else:
        lines = [f"{task.owners}: {text}"]
        lines.extend(_continuation(rng))
    return "\n".join(lines) + "\n"


def _continuation(rng: random.Random) -> list[str]:
    form = rng.random()
    if form < 0.5:
        return [rng.choice(_REMARKS)]
    indent = "\t" if rng.random() < 0.2 else "  "
    if form < 0.8:
        return [
            f"{indent}- https://github.com/example/project/pull/{rng.randint(100, 4999)}"
            for _ in range(rng.randint(1, 4))
        ]
    return [f"{indent}- {rng.choice(_SUBJECTS)} {rng.choice(_PREDICATES)}" for _ in range(2)]


def _decision(rng: random.Random) -> str:
    text = rng.choice(_DECISIONS)
    form = rng.random()
    if form < 0.3:
        return f"Decision: {text}\n"
    if form < 0.5:
        return f"TODO: decide whether {text[0].lower()}{text[1:-1]}.\n"
    return f"{rng.choice(('', '- ', '* '))}{text}\n"


def _next_meeting(rng: random.Random, day: dt.date) -> str:
    then = day + dt.timedelta(weeks=1)
    if rng.random() < 0.5:
        return f"We meet next on {then.strftime('%A')}, {_long_date(then)}, 3pm EEST.\n"
    return f"Next meeting: {then.isoformat()}\n"


def _long_date(day: dt.date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"
