"""Properties of the minutes parser on arbitrary and on mangled minutes (hypothesis).

Whatever the text, ``parse_minutes`` returns or raises MinutesError; what it returns is
consistent (item lines inside the file, one resolution per owner) and the same every time.
The mangled minutes start from the golden fixtures and from ``bench.generate``'s files.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import PEOPLE, generate_minutes, write_corpus
from bot.minutes import Minutes, MinutesError, parse_minutes

FIXTURES = Path(__file__).parent / "fixtures" / "minutes"
FIXTURE_TEXTS = tuple(path.read_bytes().decode("utf-8") for path in sorted(FIXTURES.glob("*.md")))

# Lines that have tripped minutes parsers: structure, owner prefixes, odd whitespace, YAML.
TRICKY_LINES = (
    "---", "***", "===", "## TODOs", "## :wrench: TODOs and Decisions", "### Action Items",
    "#", "```", "```python", "~~~", "    indented code", "<!-- comment -->", "<div>", "> SJ: x",
    "SJ:", "SJ: ", "- AB/CD: x", "* AP / RD to fix it by Friday", "1. TODO SJ: x", "TODO",
    "TODO:", "Decision:", "All:", "Everyone who has open PRs to rebase them.", "FP: ",
    "\t- SJ: tabbed", "\t\t", " \t ", "\r", "x\ry", "\ufeff", "\ufeff---", "\x00", "\x0b\x0c",
    "\u2028", "\u0085", "ȘtefanJ: ăîșțâ", "ŞJ: cedilla",
    "日本語: テスト", "🙂: 🎉",
    "x" * 5000, "- " + "a/" * 800 + "b: x", "SJ: " + "by Friday " * 200,
    "We meet next on Monday, October 10, 2022.", "Next meeting: 2022-13-45",
    "by 0001-01-01 and by 9999-12-31", "https://example.org/a_(b)", "[link](http://x)",
    "datetime: 2023-05-010T10:00+02:00", "datetime: 0000-01-01", "participants: [a, {b: c}]",
    "participants:", "- ", "- [", "title: [1, 2]", "teams: {a: b}", "key: 'unterminated",
    "&anchor x", "*alias", "!!python/object:os.system x", "? complex", ": no key", "%YAML 1.1",
)  # fmt: skip
DAY = dt.date(2024, 3, 11)


def generated(seed: int) -> str:
    rng = random.Random(seed)
    participants = rng.sample(PEOPLE, rng.randint(3, 8))
    return generate_minutes(rng, team="runtime", day=DAY, participants=participants)


def check(text: str) -> Minutes | None:
    """Parse ``text`` twice and check what must hold of any result; None if refused."""
    try:
        result = parse_minutes(text, "prop.md")
    except MinutesError as error:
        # The parser turns its own crashes into `cannot be read: ...`: those are bugs too.
        assert not error.reason.startswith("cannot be read"), error
        with pytest.raises(MinutesError):
            parse_minutes(text, "prop.md")
        return None

    lines = _line_count(text)
    for item in result.items:
        assert 1 <= item.first_line <= item.last_line <= lines, (item, lines)
        assert list(item.resolved) == list(item.owners), item
    assert parse_minutes(text, "prop.md").to_json() == result.to_json()
    return result


def _line_count(text: str) -> int:
    """Lines of the file as the parser numbers them: CRLF, CR and LF each end one."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.count("\n") + 1


# Mutations: drawn by hypothesis, so that a failure shrinks to the few that matter.

# What a secretary does to the front matter: values YAML reads but Python can't hold,
# whitespace only libyaml accepts, syntax errors, aliases, tags, non-mappings.
YAML_JUNK = (
    "datetime: 0000-01-01", "datetime: 2023-02-30", "datetime: 2023-13-01T10:00:00Z",
    "datetime: 2023-05-010T10:00+02:00", "datetime: [1, 2]", "datetime:", "title:",
    "title: [1, 2]", "title: {a: b}", "teams: {a: b}", "teams: [a, [b, c]]", "teams: 3",
    "participants: [a, {b: c}, 3, null]", "participants: ''", "participants:", "- ", "- [",
    "  - nested", "\t", " \t ", "\ufeff", "\u2028", "\x85", "key: 'unterminated", '"',
    "? complex", ": no key", "%YAML 1.1", "&anchor x: y", "x: *alias", "y: &a [*a]",
    "!!python/object:os.system x", "x: !!binary zz", "x: 1e999", "x: .nan", "---", "...",
)  # fmt: skip

Mutation = tuple[str, int, int, str]
MUTATION = st.tuples(
    st.sampled_from(("delete", "duplicate", "swap", "insert", "splice")),
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(TRICKY_LINES) | st.text(max_size=8),
)
FRONT_MATTER_JUNK = st.lists(st.tuples(st.integers(1, 12), st.sampled_from(YAML_JUNK)), max_size=4)


def mutate(text: str, mutations: list[Mutation], junk: Sequence[tuple[int, str]] = ()) -> str:
    """``text`` with ``junk`` lines put near its top (in the front matter if it has one)
    and ``mutations`` applied to its lines in order; line ends stay as they were."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    for line, piece in junk:
        lines.insert(min(line, len(lines)), piece)
    for mutation in mutations:
        _apply(lines, *mutation)
    return newline.join(lines)


def _apply(lines: list[str], kind: str, first: int, second: int, piece: str) -> None:
    if not lines:
        lines.append(piece)
        return
    index, other = first % len(lines), second % len(lines)
    if kind == "delete":
        del lines[index]
    elif kind == "duplicate":
        lines.insert(index, lines[index])
    elif kind == "swap":
        lines[index], lines[other] = lines[other], lines[index]
    elif kind == "insert":
        lines.insert(index, piece)
    else:  # a piece inside a line rather than on its own
        cut = second % (len(lines[index]) + 1)
        lines[index] = lines[index][:cut] + piece + lines[index][cut:]


# The properties


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_or_is_refused(text: str) -> None:
    check(text)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(TRICKY_LINES) | st.text(max_size=20), max_size=40),
    st.sampled_from(("\n", "\r\n", "\r")),
)
def test_any_tricky_lines_parse_or_are_refused(lines: list[str], newline: str) -> None:
    check(newline.join(lines))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(FIXTURE_TEXTS),
    st.lists(MUTATION, min_size=1, max_size=12),
    FRONT_MATTER_JUNK,
)
def test_mutated_fixtures_stay_consistent(
    text: str, mutations: list[Mutation], junk: list[tuple[int, str]]
) -> None:
    check(mutate(text, mutations, junk))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, 2**32 - 1),
    st.lists(MUTATION, min_size=1, max_size=12),
    FRONT_MATTER_JUNK,
)
def test_mutated_generated_minutes_stay_consistent(
    seed: int, mutations: list[Mutation], junk: list[tuple[int, str]]
) -> None:
    check(mutate(generated(seed), mutations, junk))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_generated_minutes_parse_with_items(seed: int) -> None:
    result = check(generated(seed))
    assert result is not None, "generated minutes were refused"
    assert result.items
    assert result.meeting.participants


def test_corpus_is_deterministic_and_carries_items_over(tmp_path: Path) -> None:
    first = write_corpus(tmp_path / "a", 40, seed=3, teams=4)
    second = write_corpus(tmp_path / "b", 40, seed=3, teams=4)
    assert [path.read_bytes() for path in first] == [path.read_bytes() for path in second]
    assert all(1500 < path.stat().st_size < 9000 for path in first)

    # Each team's files come in date order; some items come back the week after.
    texts = [{item.text for item in parse_minutes(path.read_text()).items} for path in first]
    repeated = sum(bool(texts[index] & texts[index + 1]) for index in range(len(texts) - 1))
    assert repeated >= 5
