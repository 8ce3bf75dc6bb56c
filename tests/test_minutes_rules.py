"""Rules of the minutes format that the golden fixtures do not pin down."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.minutes import (
    GROUP,
    Item,
    Minutes,
    MinutesError,
    initials,
    parse_file,
    parse_minutes,
    resolve_owner,
)

PEOPLE = ("ȘtefanJ", "Mirela", "AlexA", "Marco", "TudorȚ")


def minutes(
    follow_ups: str,
    participants: tuple[str, ...] = PEOPLE,
    when: str = "2024-03-11T10:00:00+02:00",
) -> Minutes:
    """Minutes whose `## TODOs` section holds ``follow_ups``; it starts on line 7."""
    front = f"---\ndatetime: {when}\nparticipants: {', '.join(participants)}\n---\n\n"
    return parse_minutes(front + "## TODOs\n" + follow_ups)


def only(result: Minutes) -> Item:
    assert len(result.items) == 1, [item.text for item in result.items]
    return result.items[0]


# Owners: what is one and what is not


def test_owner_syntax_inside_a_code_fence_is_not_an_item() -> None:
    result = minutes("```\nSJ: not a task\n```\n\nMD: a task\n")
    assert [item.owners for item in result.items] == [("MD",)]


def test_owner_syntax_inside_a_code_span_is_not_an_owner() -> None:
    item = only(minutes("- `SJ: text` is how owners are written\n"))
    assert item.owners == ()


def test_code_indented_under_an_item_belongs_to_it() -> None:
    item = only(minutes("SJ: run this:\n\n    AA: make check\n"))
    assert item.owners == ("SJ",)
    assert (item.first_line, item.last_line) == (7, 9)


def test_rules_and_html_comments_are_not_items() -> None:
    result = minutes("SJ: one\n<!-- write owners as AB: -->\n\n---\n\nAA: two\n")
    assert [(item.text, item.last_line) for item in result.items] == [("one", 7), ("two", 12)]


@pytest.mark.parametrize(
    "line",
    [
        "Note: the CI is flaky.",
        "Update: nothing new.",
        "Link: https://example.org/doc",
        "PR: https://example.org/pr/1",
        "https://example.org/pr/1",
        "10:00: the call moves to 11:00.",
    ],
)
def test_labels_urls_and_times_are_not_owners(line: str) -> None:
    item = only(minutes(line + "\n"))
    assert item.owners == ()
    assert item.text == line


def test_a_label_is_an_owner_when_a_participant_is_named_so() -> None:
    item = only(minutes("PR: rebase the branch.\n", participants=("PetruR",)))
    assert item.resolved == {"PR": "PetruR"}


@pytest.mark.parametrize(
    ("line", "owners"),
    [
        ("DA, AS: pair on it", ("DA", "AS")),
        ("MP and SK: review it", ("MP", "SK")),
        ("AP/RD: review it", ("AP", "RD")),
        ("AA / CV: review it", ("AA", "CV")),
        ("RD+CV: review it", ("RD", "CV")),
        ("**SJ:** review it", ("SJ",)),
        ("- [ ] SJ: review it", ("SJ",)),
        ("SKo: review it", ("SKo",)),
        ("Daniel: review it", ("Daniel",)),
    ],
)
def test_owner_prefixes(line: str, owners: tuple[str, ...]) -> None:
    item = only(minutes(line + "\n"))
    assert item.owners == owners
    assert item.text == "review it" or item.text == "pair on it"


def test_owner_to_verb_keeps_the_task_only() -> None:
    item = only(minutes("* SJ to fix the build.\n"))
    assert (item.owners, item.text) == (("SJ",), "fix the build.")


def test_a_sentence_with_to_is_not_an_owner() -> None:
    item = only(minutes("Need to fix the build.\n"))
    assert item.owners == ()


def test_group_words() -> None:
    result = minutes("Everybody: vote.\n\nMentees: write a report.\n\nAll tests pass now.\n")
    assert [item.resolved for item in result.items] == [
        {"Everybody": GROUP},
        {"Mentees": GROUP},
        {},
    ]


def test_todo_without_owner_is_an_action() -> None:
    item = only(minutes("TODO: choose a name.\n"))
    assert (item.kind, item.owners, item.text) == ("action", (), "choose a name.")


def test_placeholders_are_not_items() -> None:
    result = minutes("FP: \n\nTODO\n\n- \n\nIV:\n")
    assert result.items == ()


@pytest.mark.parametrize("slot", ["XY: <what to do>", "- [ ] <owner>: <task>", "...", "- …"])
def test_template_slots_are_not_items(slot: str) -> None:
    assert minutes(f"SJ: send it\n\n{slot}\n").items == minutes("SJ: send it\n").items


def test_an_autolink_is_text_not_a_slot() -> None:
    assert only(minutes("SJ: <https://example.org/pr/1>\n")).text == "<https://example.org/pr/1>"


def test_owner_alone_takes_the_next_lines() -> None:
    item = only(minutes("SJ:\nWrite the doc.\n"))
    assert (item.owners, item.text, item.first_line, item.last_line) == (
        ("SJ",),
        "Write the doc.",
        7,
        8,
    )


@pytest.mark.parametrize(
    ("line", "owners"),
    [
        ("@TT: review the fix.", ("TT",)),
        ("- @AA to review the fix.", ("AA",)),
        ("TODO @TT: review the fix.", ("TT",)),
        ("[TT] review the fix.", ("TT",)),
        ("- [TT]: review the fix.", ("TT",)),
        ("TT (remote): review the fix.", ("TT",)),
        ("TT (with AA): review the fix.", ("TT", "AA")),
        ("TT (remote) to review the fix.", ("TT",)),
        ("Bogdan (with TT): review the fix.", ("Bogdan", "TT")),
        ("TODO(TT): review the fix.", ("TT",)),
        ("Both TT and AA: review the fix.", ("TT", "AA")),
    ],
)
def test_unusual_owner_prefixes_open_a_new_item(line: str, owners: tuple[str, ...]) -> None:
    result = minutes(f"SJ: fix the build.\n{line}\n")
    assert [item.owners for item in result.items] == [("SJ",), owners]
    assert result.items[1].text == "review the fix."
    assert (result.items[0].last_line, result.items[1].first_line) == (7, 8)


@pytest.mark.parametrize(
    ("line", "owners", "text"),
    [
        ("TT - follow up on the ticket", ("TT",), "follow up on the ticket"),
        ("* SJ – IBT for user space", ("SJ",), "IBT for user space"),
        ("AA:check the mirror", ("AA",), "check the mirror"),
        ("Marco, please share the stats.", ("Marco",), "please share the stats."),
        ("Marco will write the notice.", ("Marco",), "Marco will write the notice."),
        ("SJ and AA will pair on it.", ("SJ", "AA"), "SJ and AA will pair on it."),
        ("Mirela is going to update it.", ("Mirela",), "Mirela is going to update it."),
        ("- [ ] @sam move the jobs", ("sam",), "move the jobs"),
        ("- [ ] @sam-r (not present): check it", ("sam-r",), "check it"),
        ("Marek (absent): review the export", ("Marek",), "review the export"),
    ],
)
def test_owner_forms_that_want_a_participant_or_a_person(
    line: str, owners: tuple[str, ...], text: str
) -> None:
    item = only(minutes(line + "\n"))
    assert (item.kind, item.owners, item.text) == ("action", owners, text)


@pytest.mark.parametrize(
    "line",
    [
        "CI - flaky on arm64",
        "Go - we keep 1.21.",
        "10:30:the call moves.",
        "Release will be cut on Friday.",
        "Docs, please.",
        "@sam said the build is fine.",
        "Release (v2): cut on Friday.",
    ],
)
def test_those_forms_without_a_participant_name_no_owner(line: str) -> None:
    assert only(minutes(line + "\n")).owners == ()


def test_a_note_is_no_owner_and_a_bracketed_word_no_person() -> None:
    result = minutes("SJ: fix it.\nFix (later): the docs.\n[WIP] more of it.\n")
    assert [item.owners for item in result.items] == [("SJ",)]


@pytest.mark.parametrize("name", ["Ana-Maria", "O'Brien", "Jan van Dijk", "Ana Pop"])
def test_a_participants_whole_name_is_an_owner(name: str) -> None:
    people = ("ȘtefanJ", "Ana-Maria", "O'Brien", "Jan van Dijk", "Ana Pop")
    result = minutes(f"SJ: fix the build.\n{name}: review it.\n- {name} to test it.\n", people)
    assert [item.resolved for item in result.items] == [
        {"SJ": "ȘtefanJ"},
        {name: name},
        {name: name},
    ]
    assert result.items[1].text == "review it."


def test_a_hyphenated_word_is_no_name() -> None:
    item = only(minutes("SJ: fix the build.\nFollow-up: none.\n"))
    assert item.owners == ("SJ",)


def test_an_empty_checkbox_is_a_placeholder() -> None:
    result = minutes("TT:\n- [ ] \n\nSJ: fix it.\n- [ ]\n")
    assert [(item.owners, item.text) for item in result.items] == [(("SJ",), "fix it.")]


@pytest.mark.parametrize(
    ("line", "owners"),
    [
        ("MTE: SJ to check the header.", ("SJ",)),
        ("CI: AA to fix the flaky job.", ("AA",)),
        ("Docs: TT: update the README.", ("TT",)),
        ("AI: TT to ping upstream.", ("TT",)),
    ],
)
def test_a_topic_before_the_owner_is_not_the_owner(line: str, owners: tuple[str, ...]) -> None:
    item = only(minutes(line + "\n"))
    assert item.owners == owners
    assert item.kind == "action"


def test_a_known_owner_before_another_stays_the_owner() -> None:
    assert only(minutes("SJ: AA to review it.\n")).owners == ("SJ",)


def test_action_in_capitals_is_a_label() -> None:
    result = minutes("RESOLVED: MTE stays off.\nACTION SJ: write the docs.\n")
    assert [(item.kind, item.owners) for item in result.items] == [
        ("decision", ()),
        ("action", ("SJ",)),
    ]


@pytest.mark.parametrize(
    ("line", "owners", "text"),
    [
        ("AI(@Marco): ask infra for a quota", ("Marco",), "ask infra for a quota"),
        ("AI: Marco to ask infra", ("Marco",), "ask infra"),
        ("AI: someone to look into it", (), "someone to look into it"),
        ("- AI: check the quota", (), "check the quota"),
    ],
)
def test_ai_is_an_action_item_label(line: str, owners: tuple[str, ...], text: str) -> None:
    item = only(minutes(line + "\n", participants=("Marco", "Ana")))
    assert (item.kind, item.owners, item.text) == ("action", owners, text)


def test_ai_is_an_owner_when_a_participants_initials_are_so() -> None:
    item = only(minutes("AI: check the quota\n", participants=("AlexI", "Marco")))
    assert item.resolved == {"AI": "AlexI"}


@pytest.mark.parametrize("token", ["MTE", "TLS"])
def test_an_acronym_is_not_guessed_onto_a_single_initial_participant(token: str) -> None:
    people = ("ȘtefanJ", "Michalis", "Tudor")
    assert resolve_owner(token, people) is None
    assert resolve_owner(token[0] + "P", people) in {"Michalis", "Tudor"}
    item = only(minutes(f"{token}: stays disabled for now.\n", people))
    assert item.resolved == {token: None}


# Continuation


def test_tab_indented_bullets_continue_the_item() -> None:
    item = only(minutes("SJ: clean up\n\t- the parser\n\t- the tests\n"))
    assert item.text == "clean up\n- the parser\n- the tests"
    assert item.last_line == 9


def test_nested_bullets_after_a_blank_line_belong_to_the_item() -> None:
    result = minutes("- SJ: clean up\n\n  - the parser\n\n- Keep the old format.\n")
    assert [(item.first_line, item.last_line) for item in result.items] == [(7, 9), (11, 11)]
    assert result.items[0].text == "clean up\n- the parser"


@pytest.mark.parametrize("remark", ["Reviewers: AA, Marco", "Backup: TT, if SJ is away", "Wit: AA"])
def test_an_indented_line_naming_no_participant_continues_the_item(remark: str) -> None:
    item = only(minutes(f"SJ: check the toolchains\n  {remark}\n"))
    assert (item.owners, item.last_line) == (("SJ",), 8)
    assert item.text == f"check the toolchains\n{remark}"


def test_an_indented_owner_line_naming_a_participant_is_its_own_item() -> None:
    result = minutes("SJ: check the toolchains\n  TT: review it\n")
    assert [item.owners for item in result.items] == [("SJ",), ("TT",)]


def test_a_paragraph_after_a_blank_line_is_its_own_item() -> None:
    result = minutes("SJ: clean up\n\nThe parser stays.\n")
    assert [item.kind for item in result.items] == ["action", "decision"]


def test_a_label_line_opens_its_own_item() -> None:
    result = minutes("Update the docs.\nDecision: keep the old API.\n")
    assert [(item.kind, item.text) for item in result.items] == [
        ("action", "Update the docs."),
        ("decision", "keep the old API."),
    ]


@pytest.mark.parametrize("caption", ["**Decisions:**", "Decisions:", "__Open questions__"])
def test_a_caption_line_is_not_an_item(caption: str) -> None:
    result = minutes(f"{caption}\n- We keep the old API.\n- Drop the shim.\n")
    assert [(item.kind, item.first_line) for item in result.items] == [
        ("decision", 8),
        ("action", 9),
    ]


def test_lines_leave_out_trailing_blank_lines() -> None:
    item = only(minutes("SJ: one\ntwo\n\n\n"))
    assert (item.first_line, item.last_line) == (7, 8)


@pytest.mark.parametrize("end", ["\r\n", "\r", "\n"])
def test_bom_and_line_ends_count_lines_the_same(end: str) -> None:
    text = end.join(["\ufeff---", "participants: AlexA", "---", "## TODOs", "AA: x", "y", ""])
    item = only(parse_minutes(text))
    assert (item.first_line, item.last_line, item.text) == (5, 6, "x\ny")


# Sections


@pytest.mark.parametrize(
    "heading",
    ["## Action items", "### Follow-ups", "## :memo: Tasks / Decisions", "## Next steps"],
)
def test_follow_up_headings(heading: str) -> None:
    result = parse_minutes(f"{heading}\n\nSJ: do it\n")
    assert len(result.items) == 1


@pytest.mark.parametrize(
    "heading", ["## Action Points", "## Action items (new)", "## TODO list", "## Task list"]
)
def test_more_follow_up_headings(heading: str) -> None:
    result = parse_minutes(f"## Discussion\nSJ: talk\n\n{heading}\n\nSJ: do it\n")
    assert [item.text for item in result.items] == ["do it"]


@pytest.mark.parametrize(
    "heading",
    [
        "## New action items",
        "## Action items for the next two weeks",
        "## Follow-up items",
        "## Action items and owners",
        "## Open action items",
        "## Actions for next meeting",
    ],
)
def test_follow_up_headings_with_a_qualifier(heading: str) -> None:
    result = parse_minutes(f"## Discussion\nSJ: talk\n\n{heading}\n\nSJ: do it\n")
    assert [item.text for item in result.items] == ["do it"]


@pytest.mark.parametrize("heading", ["## GitHub Actions migration", "## Discussion of tasks"])
def test_a_topic_naming_actions_is_no_follow_up_heading(heading: str) -> None:
    assert parse_minutes(f"{heading}\n\nSJ: talk\n").items == ()


def test_a_follow_up_heading_inside_a_topic_yields_to_the_follow_up_section() -> None:
    text = "## Discussion\n### Next steps\nSJ: talk\n\n## Action items\nSJ: do it\n"
    assert [item.text for item in parse_minutes(text).items] == ["do it"]


def test_a_follow_up_heading_inside_a_topic_counts_when_it_is_the_only_one() -> None:
    text = "# WG minutes\n## Notes\n### Action items\nSJ: do it\n"
    assert [item.text for item in parse_minutes(text).items] == ["do it"]


def test_items_under_a_decisions_sub_heading_are_decisions() -> None:
    text = "### Decisions\n- Use GCC 13.\n- SJ: write it down.\n### Tasks\n- Use GCC 14.\n"
    result = minutes(text)
    assert [item.kind for item in result.items] == ["decision", "action", "action"]


def test_only_the_follow_up_section_yields_items() -> None:
    text = (
        "## Agenda\n- Next steps\n\n## Discussion\nSJ: talk\n\n"
        "## TODOs\n### New PR tasks\nSJ: one\n## Decisions\nKeep it.\n"
        "## Links\nSJ: not an item\n"
    )
    assert [item.text for item in parse_minutes(text).items] == ["one", "Keep it."]


def test_no_follow_up_section_is_a_warning() -> None:
    result = parse_minutes("---\ntitle: x\n---\n## Discussion\nSJ: talk\n")
    assert result.items == ()
    assert any("follow-up" in warning for warning in result.warnings)


# Kinds and dates


def test_imperative_sentence_is_an_action_and_a_statement_a_decision() -> None:
    result = minutes("Bump the version.\n\nThe old API is deprecated.\n")
    assert [item.kind for item in result.items] == ["action", "decision"]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("- Consensus: ship the new allocator in 0.17.", "decision"),
        ("- Release: v0.17 goes out on Friday.", "decision"),
        ("- Release: tag v0.17 on Friday.", "action"),
        ("- Rationale: the old one leaks.", "info"),
        ("- **Note**: the cache costs nothing.", "info"),
        ("- **TODO**: fix the CI cache.", "action"),
    ],
)
def test_label_words_are_no_owners_and_set_the_kind(line: str, kind: str) -> None:
    item = only(minutes(line + "\n"))
    assert (item.owners, item.kind) == ((), kind)


@pytest.mark.parametrize(
    "line",
    ["Recording: https://example.org/v/1", "Slides: https://example.org/s", "Heads-up: red CI"],
)
def test_what_was_shown_or_a_heads_up_is_info(line: str) -> None:
    assert only(minutes(line + "\n")).kind == "info"


@pytest.mark.parametrize("sign_off", ["Thanks everyone, happy holidays!", "---\nnotes by SJ"])
def test_a_sign_off_is_not_an_item(sign_off: str) -> None:
    assert [item.text for item in minutes(f"SJ: send it\n\n{sign_off}\n").items] == ["send it"]


def test_a_topic_bullet_over_owner_lines_is_not_an_item() -> None:
    result = minutes("- Release\n  - SJ: tag v0.17.\n  - AA: write the notes.\n- Fix CI.\n")
    assert [(item.owners, item.first_line) for item in result.items] == [
        (("SJ",), 8),
        (("AA",), 9),
        ((), 10),
    ]


@pytest.mark.parametrize(
    ("when", "due"),
    [
        ("2024-03-11T10:00:00+02:00", dt.date(2024, 3, 15)),  # a Monday: that week's Friday
        ("2024-03-15T10:00:00+02:00", dt.date(2024, 3, 22)),  # a Friday: the next one
        ("2024-03-16", dt.date(2024, 3, 22)),
    ],
)
def test_by_friday_is_the_first_friday_after_the_meeting(when: str, due: dt.date) -> None:
    assert only(minutes("SJ: ship it by Friday.\n", when=when)).due == due


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("by 2024-04-02", dt.date(2024, 4, 2)),
        ("by April 2", dt.date(2024, 4, 2)),
        ("by 2 April 2025", dt.date(2025, 4, 2)),
        ("by January 5", dt.date(2025, 1, 5)),  # already past this year
        ("by the end of the week", dt.date(2024, 3, 15)),
        ("by the next meeting", None),  # not known here
        ("on 2024-04-02", None),  # a date, not a deadline
    ],
)
def test_due_phrases(phrase: str, due: dt.date | None) -> None:
    assert only(minutes(f"SJ: ship it {phrase}.\n")).due == due


def test_next_meeting_outside_the_section_and_due_before_it() -> None:
    text = "## TODOs\nSJ: ship it before the next meeting.\n\n## Next\nNext meeting: 2024-03-25\n"
    front = "---\ndatetime: 2024-03-11T10:00:00+02:00\nparticipants: ȘtefanJ\n---\n"
    result = parse_minutes(front + text)
    assert result.next_meeting == dt.date(2024, 3, 25)
    assert only(result).due == dt.date(2024, 3, 25)


def test_next_meeting_under_its_own_heading() -> None:
    result = minutes("SJ: x\n\n## Next meeting\n\nMonday, March 25\n")
    assert result.next_meeting == dt.date(2024, 3, 25)


def test_next_meeting_line_in_the_section_is_info() -> None:
    item = only(minutes("We meet next in two weeks.\n"))
    assert item.kind == "info"


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("(due: April 2)", dt.date(2024, 4, 2)),
        ("due: 2024-04-02", dt.date(2024, 4, 2)),
        ("for the next meeting", dt.date(2024, 3, 25)),
        ("for Friday", None),  # the day it happens, not a deadline
    ],
)
def test_more_due_phrases(phrase: str, due: dt.date | None) -> None:
    result = minutes(f"SJ: ship it {phrase}.\n\nNext meeting: 2024-03-25\n")
    assert result.items[0].due == due


@pytest.mark.parametrize(
    "line",
    ["Next WG meeting: Tuesday, March 19, 2024.", "Our next meeting is on Tuesday, March 19."],
)
def test_next_meeting_named_with_a_qualifier(line: str) -> None:
    result = minutes(f"SJ: send it before the next WG meeting\n\n{line}\n")
    assert result.next_meeting == dt.date(2024, 3, 19)
    assert [(item.kind, item.due) for item in result.items] == [
        ("action", dt.date(2024, 3, 19)),
        ("info", None),
    ]


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("by end of next week", dt.date(2024, 3, 22)),
        ("by the end of next week", dt.date(2024, 3, 22)),
        ("reported by Friday's nightly", None),  # a build, not a deadline
        ("by Friday's meeting", dt.date(2024, 3, 15)),
    ],
)
def test_due_phrases_of_next_week_and_possessives(phrase: str, due: dt.date | None) -> None:
    assert only(minutes(f"SJ: check the crash {phrase}\n")).due == due


def test_a_date_that_cannot_be_computed_is_no_date() -> None:
    result = minutes("SJ: ship it by Friday.\n\nWe meet next week.\n", when="9999-12-31")
    assert result.items[0].due is None
    assert result.next_meeting is None


def test_we_meet_next_week_same_time() -> None:
    assert minutes("SJ: x\n\nWe'll meet next week, same time.\n").next_meeting == dt.date(
        2024, 3, 18
    )


def test_a_next_meeting_bullet_takes_no_date_from_the_next_bullet() -> None:
    text = "## Agenda\n- Next meeting\n- Release on May 3, 2024\n\n## TODOs\nSJ: x\n"
    assert parse_minutes(text).next_meeting is None
    nested = "## Agenda\n- Next meeting\n  - May 3, 2024\n\n## TODOs\nSJ: x\n"
    assert parse_minutes(nested).next_meeting == dt.date(2024, 5, 3)


# Owners resolved to people


def test_initials() -> None:
    assert [initials(name) for name in ("ȘtefanJ", "TudorȚ", "Ana Pop", "Mirela")] == [
        "SJ",
        "TT",
        "AP",
        "M",
    ]


def test_two_participants_with_the_same_initials_stay_unresolved() -> None:
    assert resolve_owner("AP", ["AnaP", "AlexP"]) is None
    assert resolve_owner("AP", ["AnaP", "Bogdan"]) == "AnaP"


def test_a_made_up_second_initial_needs_a_single_candidate() -> None:
    assert resolve_owner("MD", ["Mirela", "Bogdan"]) == "Mirela"
    assert resolve_owner("MD", ["Mirela", "Marco"]) is None
    assert resolve_owner("MD", ["MihaiP"]) is None


def test_a_name_token_resolves_to_the_participant_of_that_name() -> None:
    assert resolve_owner("marco", PEOPLE) == "Marco"
    assert resolve_owner("Stefan", PEOPLE) == "ȘtefanJ"
    assert resolve_owner("Mark", PEOPLE) is None


def test_group_words_resolve_to_the_group() -> None:
    assert resolve_owner("Everyone", PEOPLE) == GROUP
    assert resolve_owner("Team", PEOPLE) == GROUP
    assert resolve_owner("Contributors", PEOPLE) == GROUP


# Front matter


def test_front_matter_forms() -> None:
    text = (
        "---\ndatetime: 2024-01-15T11:00+02:00\nteams: runtime, smp\n"
        "participants:\n- AncaP\n- ''\n- '...'\n- <name>\n- RaduV\n---\n"
    )
    meeting = parse_minutes(text).meeting
    assert meeting.to_json() == {
        "title": None,
        "datetime": "2024-01-15T11:00:00+02:00",
        "teams": ["runtime", "smp"],
        "participants": ["AncaP", "RaduV"],
    }


def test_broken_front_matter_names_its_line() -> None:
    text = "---\ntitle: ok\nteams: [a, b\nparticipants: x\n---\n"
    with pytest.raises(MinutesError) as caught:
        parse_minutes(text, "m.md")
    assert caught.value.line == 3
    assert "front matter" in str(caught.value)


def test_front_matter_that_is_not_a_mapping_is_a_warning() -> None:
    result = parse_minutes("---\n- a\n- b\n---\n## TODOs\nSJ: x\n")
    assert any("front matter" in warning for warning in result.warnings)
    assert len(result.items) == 1


def test_unrepresentable_datetime_is_a_warning() -> None:
    result = parse_minutes("---\ndatetime: 0000-01-01\n---\n")
    assert result.meeting.start is None
    assert any("datetime" in warning for warning in result.warnings)


def test_unrepresentable_datetime_beside_yaml_only_libyaml_reads() -> None:
    # Found by the property tests: the re-read as text used PyYAML's pure-Python scanner,
    # which refuses the tab on the blank line that libyaml had accepted the first time.
    result = parse_minutes("---\ntitle: x\n \t \ndatetime: 0000-01-01\n---\n## TODOs\nSJ: y\n")
    assert result.meeting.title == "x"
    assert any("datetime" in warning for warning in result.warnings)
    assert len(result.items) == 1


def test_yaml_alias_bomb_gives_short_warnings() -> None:
    # Aliases nest a few lines into millions of entries; a warning quoting them whole
    # would take seconds and megabytes per file.
    lines = ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 7)]
    lines += ["datetime: *a6", "teams: [*a6]", "participants: *a6", "---", ""]
    result = parse_minutes("\n".join(lines))
    assert result.meeting.participants == ()
    assert sum("is not a name" in warning for warning in result.warnings) == 10
    assert all(len(warning) < 300 for warning in result.warnings)


# Only MinutesError escapes


def test_undecodable_file_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(b"---\ntitle: x\n---\n\xff\xfe broken\n")
    with pytest.raises(MinutesError) as caught:
        parse_file(path)
    assert "bad.md" in str(caught.value)
    assert caught.value.line == 4


def test_missing_file_is_a_minutes_error(tmp_path: Path) -> None:
    with pytest.raises(MinutesError):
        parse_file(tmp_path / "absent.md")


def test_bom_is_stripped_from_files(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeff---\ntitle: Ș\n---\n".encode())
    assert parse_file(path).meeting.title == "Ș"


_PIECES = st.sampled_from(
    [
        "---\n", "## TODOs\n", "- ", "1. ", "SJ: ", "AB/CD: ", "TODO ", "\t", "\n", "```\n",
        "    x\n", "by Friday ", "by 2022-02-30 ", "Next meeting: May 40, 2022\n", "\r",
        "datetime: 2022-13-01T25:00\n", "participants: [a, {b: c}, 3, null]\n", "title: [1]\n",
        "Ș", ":", "[", "{", "/", "and ", "\ufeff", "<!-- -->\n", "> SJ: x\n", "===\n",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=5), max_size=30))
def test_nothing_but_minutes_error_escapes(pieces: list[str]) -> None:
    try:
        parse_minutes("".join(pieces)).to_json()
    except MinutesError as error:
        assert "cannot be read" not in str(error)


def test_a_title_too_long_to_show_is_shortened_with_a_warning():
    text = "---\ntitle: " + "Security WG " * 300 + "\n---\n\n## TODOs\n\nSJ: Fix it.\n"
    minutes = parse_minutes(text, "long.md")
    assert minutes.meeting.title is not None and len(minutes.meeting.title) == 200
    assert minutes.meeting.title.endswith("…")
    assert any("shortened to 200" in warning for warning in minutes.warnings)
