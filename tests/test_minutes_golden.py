"""Each fixture's minutes against its expected answer (only the fields the answer gives)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.minutes import MinutesError, parse_file

FIXTURES = Path(__file__).parent / "fixtures" / "minutes"
CASES = sorted(FIXTURES.glob("*.md"))
ITEM_FIELDS = ("lines", "kind", "owners", "resolved", "due")
OPTIONAL_ITEM_FIELDS = ("text", "links")


def expected_for(path: Path) -> dict[str, Any]:
    return json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))


def test_every_fixture_has_an_answer() -> None:
    assert len(CASES) >= 11
    for path in CASES:
        assert path.with_suffix(".expected.json").exists(), path.name


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_fixture(path: Path) -> None:
    expected = expected_for(path)
    if "error_contains" in expected:
        with pytest.raises(MinutesError) as caught:
            parse_file(path)
        for word in expected["error_contains"]:
            assert word in str(caught.value)
        return

    got = parse_file(path).to_json()
    assert got["meeting"] == expected["meeting"]
    assert got["next_meeting"] == expected["next_meeting"]

    for word in expected.get("warnings_contain", []):
        assert any(word.lower() in warning.lower() for warning in got["warnings"]), word

    assert len(got["items"]) == len(expected["items"])
    for number, (item, wanted) in enumerate(zip(got["items"], expected["items"], strict=True)):
        fields = ITEM_FIELDS + tuple(key for key in OPTIONAL_ITEM_FIELDS if key in wanted)
        for key in fields:
            assert item[key] == wanted[key], f"item {number} ({wanted['lines']}): {key}"
