"""The write forms' pure rules: parsing, limits, what an edit sends, which key a create uses."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from textual.widgets.text_area import Document

from assign_tui.api.models import Assignment, UpdateAssignmentRequest
from assign_tui.tui.forms.changes import (
    IdempotencyKeys,
    UpdateValues,
    changed_fields,
    field_texts,
    server_changes,
    stale_report,
)
from assign_tui.tui.forms.validation import (
    FieldError,
    check_notes,
    check_reason,
    counter,
    due_hint,
    format_due,
    metadata_text,
    parse_due,
    parse_id,
    parse_metadata,
)

NOW = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)


def assignment(**changes: Any) -> Assignment:
    data: dict[str, Any] = {
        "id": 1042,
        "workflowId": 7,
        "workflowName": "Post-discharge follow-up",
        "memberId": 311,
        "memberName": "Ana García",
        "status": "active",
        "priority": "normal",
        "dueAt": None,
        "notes": "call after 5pm",
        "metadata": {"channel": "sms"},
        "createdAt": "2026-11-20T09:12:00Z",
        "updatedAt": "2026-11-28T09:12:00Z",
    }
    data.update(changes)
    return Assignment.model_validate(data)


# -- ids ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [("7", 7), (" 42 ", 42), ("", None)])
def test_parse_id_accepts_positive_numbers_and_optional_empty(
    text: str, expected: int | None
) -> None:
    assert parse_id(text, what="Member id", required=False) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "required"),
        ("0", "1 or more"),
        ("-3", "whole number"),
        ("7a", "whole number"),
        ("٣", "whole number"),
        ("9" * 30, "too large"),
    ],
)
def test_parse_id_refuses_with_words(text: str, words: str) -> None:
    with pytest.raises(FieldError, match=words):
        parse_id(text, what="Workflow id", required=True)


# -- due dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-01 09:30",
        "2026-12-01T09:30",
        "2026-12-01 09:30Z",
        " 2026-12-01 9:30 UTC ",
        "2026-12-01 09:30:00",
    ],
)
def test_parse_due_reads_utc_minutes(text: str) -> None:
    assert parse_due(text, NOW) == datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def test_parse_due_empty_is_none() -> None:
    assert parse_due("   ", NOW) is None


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("2026-12-31", datetime(2026, 12, 31, 23, 59, tzinfo=UTC)),  # due on that day
        (" 2027-01-05 ", datetime(2027, 1, 5, 23, 59, tzinfo=UTC)),
        ("today", datetime(2026, 11, 29, 23, 59, tzinfo=UTC)),
        ("Tomorrow", datetime(2026, 11, 30, 23, 59, tzinfo=UTC)),
        ("+3d", datetime(2026, 12, 2, 7, 0, tzinfo=UTC)),
        ("+ 2w", datetime(2026, 12, 13, 7, 0, tzinfo=UTC)),
        ("+4h", datetime(2026, 11, 29, 11, 0, tzinfo=UTC)),
        ("+90M", datetime(2026, 11, 29, 8, 30, tzinfo=UTC)),
    ],
)
def test_parse_due_takes_a_date_alone_and_relative_forms(text: str, due: datetime) -> None:
    assert parse_due(text, NOW) == due


def test_relative_due_dates_count_from_now_to_the_minute() -> None:
    now = datetime(2026, 11, 29, 23, 30, 41, tzinfo=UTC)
    assert parse_due("+1d", now) == datetime(2026, 11, 30, 23, 31, tzinfo=UTC)  # not < 1 day
    assert due_hint(parse_due("+3d", now), now) == "2026-12-02 23:31 UTC (in 3d)"
    assert parse_due("tomorrow", now) == datetime(2026, 11, 30, 23, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("next week", "YYYY-MM-DD HH:MM"),
        ("+3y", "YYYY-MM-DD HH:MM"),
        ("-3d", "YYYY-MM-DD HH:MM"),
        ("2026-02-30", "not a real date"),
        ("2026-02-30 10:00", "not a real date"),
        ("2026-12-01 25:00", "not a real date"),
        ("2026-12-01 10:61", "not a real date"),
        ("2026-12-01 10:00+02:00", "YYYY-MM-DD HH:MM"),
    ],
)
def test_parse_due_refuses_with_words(text: str, words: str) -> None:
    with pytest.raises(FieldError, match=words):
        parse_due(text, NOW)


def test_format_due_round_trips_and_drops_seconds() -> None:
    moment = datetime(2026, 12, 1, 9, 30, 45, tzinfo=UTC)
    assert format_due(moment) == "2026-12-01 09:30"
    assert parse_due(format_due(moment), NOW) == moment.replace(second=0)
    assert format_due(None) == ""
    early = datetime(999, 12, 31, 8, 5, tzinfo=UTC)
    assert format_due(early) == "0999-12-31 08:05" and parse_due(format_due(early), NOW) == early


def test_due_hint_names_the_moment_relative_to_now() -> None:
    assert due_hint(datetime(2026, 12, 1, 7, 0, tzinfo=UTC), NOW) == "2026-12-01 07:00 UTC (in 2d)"
    assert due_hint(None, NOW) == "empty = no due date"


# -- metadata -----------------------------------------------------------------------


def test_parse_metadata_wants_a_json_object() -> None:
    assert parse_metadata('{"channel": "sms", "n": [1, 2]}') == {"channel": "sms", "n": [1, 2]}
    assert parse_metadata("  ") is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"a": }', "not valid JSON"),
        ("[1, 2]", "not a list"),
        ('"x"', "not a str"),
        ("3", "not a int"),
        ("{" * 5000 + "}" * 5000, "not valid JSON"),
        ('{"a": NaN}', "must be finite"),
        ('{"a": [1, -Infinity]}', "must be finite"),
        ('{"a": 1e999}', "must be finite"),
        ('{"a": {"b": "x\\ud800"}}', "lone surrogate"),
        ('{"\\udfff": 1}', "lone surrogate"),
    ],
)
def test_parse_metadata_refuses_with_words(text: str, words: str) -> None:
    with pytest.raises(FieldError, match=words):
        parse_metadata(text)


def test_metadata_text_keeps_unsafe_characters_escaped_and_round_trips() -> None:
    data = {"name": "García", "evil": "\u202eabc\x1b[31m", "nested": {"x": [1]}}
    text = metadata_text(data)
    assert "García" in text
    assert "\u202e" not in text and "\x1b" not in text
    assert parse_metadata(text) == data
    assert metadata_text({}) == "{}"


def test_metadata_text_escapes_line_separators_the_text_area_would_split_on() -> None:
    data = {"line\u2028key": "a\u2029b"}
    text = metadata_text(data)
    assert "\u2028" not in text and "\u2029" not in text
    assert Document(text).text == text  # what the form's TextArea gives back
    assert parse_metadata(text) == data


# -- notes, reason, counters --------------------------------------------------------


def test_notes_up_to_4000_characters() -> None:
    assert check_notes("x" * 4000) == "x" * 4000
    with pytest.raises(FieldError, match="1 too many"):
        check_notes("x" * 4001)


def test_reason_is_trimmed_required_and_limited() -> None:
    assert check_reason("  duplicate  ") == "duplicate"
    with pytest.raises(FieldError, match="required"):
        check_reason("   ")
    assert check_reason("r" * 500) == "r" * 500
    with pytest.raises(FieldError, match="at most 500"):
        check_reason("r" * 501)


def test_counter() -> None:
    assert counter("duplicate en", 500) == "12/500"


# -- what an update sends -----------------------------------------------------------


def test_unchanged_values_send_nothing() -> None:
    base = UpdateValues.of(assignment())
    assert changed_fields(base, base) == {}


def test_only_changed_fields_are_sent_and_empty_notes_clear() -> None:
    base = UpdateValues.of(assignment())
    edited = UpdateValues(
        priority="high", due_at=None, notes="", metadata={"channel": "sms"}, status="paused"
    )
    changes = changed_fields(base, edited)
    assert changes == {"priority": "high", "notes": None, "status": "paused"}
    assert UpdateAssignmentRequest(**changes).body() == {
        "priority": "high",
        "notes": None,
        "status": "paused",
    }


def test_due_seconds_on_the_server_are_not_a_change() -> None:
    base = UpdateValues.of(assignment(dueAt="2026-12-01T09:30:45Z"))
    edited = UpdateValues(**{**base.__dict__, "due_at": datetime(2026, 12, 1, 9, 30, tzinfo=UTC)})
    assert changed_fields(base, edited) == {}


def test_status_is_not_offered_for_finished_assignments() -> None:
    base = UpdateValues.of(assignment(status="completed"))
    assert base.status is None
    assert "status" not in changed_fields(
        base, UpdateValues(**{**base.__dict__, "status": "paused"})
    )


def test_field_texts_show_safe_server_text() -> None:
    texts = field_texts(UpdateValues.of(assignment(notes="a\x1bb", dueAt="2026-12-01T09:30:00Z")))
    assert texts["notes"] == "a␛b"
    assert texts["due"] == "2026-12-01 09:30"
    assert json.loads(texts["metadata"]) == {"channel": "sms"}


def test_server_changes_lists_form_fields_at_open_and_now() -> None:
    at_open = assignment()
    now = assignment(
        priority="urgent", status="paused", notes=None, updatedAt="2026-11-29T07:00:00Z"
    )
    assert server_changes(at_open, now) == [
        ("priority", "normal", "urgent"),
        ("notes", "call after 5pm", "(none)"),
        ("status", "active", "paused"),
    ]
    assert server_changes(at_open, assignment(updatedAt="2026-11-29T07:00:00Z")) == []
    report = stale_report(server_changes(at_open, now)).plain
    assert "priority: normal → urgent" in report


# -- idempotency keys ---------------------------------------------------------------


def test_same_body_reuses_the_key_another_body_gets_a_new_one() -> None:
    keys = IdempotencyKeys()
    first = keys.key_for({"workflowId": 7, "priority": "normal"})
    assert keys.key_for({"priority": "normal", "workflowId": 7}) == first
    second = keys.key_for({"workflowId": 8})
    assert second != first
    assert keys.key_for({"workflowId": 7, "priority": "normal"}) == first


def test_each_form_has_its_own_key() -> None:
    assert IdempotencyKeys().key_for({"workflowId": 7}) != IdempotencyKeys().key_for(
        {"workflowId": 7}
    )


def test_parse_workflow_takes_an_id_or_a_seen_name() -> None:
    from assign_tui.tui.forms.validation import parse_workflow, workflow_choices

    seen = {7: "Post-discharge follow-up", 3: "Diabetes care", 9: "Diabetes care", 1: "Intake"}
    assert parse_workflow(" 42 ", seen) == 42  # not seen: the server decides
    assert parse_workflow("post-discharge FOLLOW-UP", seen) == 7
    with pytest.raises(FieldError, match=r"ids 3, 9\): type the id"):
        parse_workflow("Diabetes care", seen)
    with pytest.raises(FieldError, match="no workflow named 'Post' .*type its id"):
        parse_workflow("Post", seen)
    with pytest.raises(FieldError, match="Workflow id is required"):
        parse_workflow("  ", seen)
    assert workflow_choices(seen) == (
        "Diabetes care (3), Diabetes care (9), Intake (1) and 1 more: type a name"
    )
