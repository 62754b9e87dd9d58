"""References, explanations, full-data enforcement, and the engine's housekeeping."""

from __future__ import annotations

import logging
import subprocess
import sys

import celpy
import pytest
from routing_fixtures import SNAPSHOT, filled

from assign_tui.routing import (
    Clause,
    Outcome,
    ReasonKind,
    Reference,
    evaluate_condition,
    explain,
    routing_hint,
)
from assign_tui.routing.hint import _activation
from assign_tui.routing.parse import compile_condition


def test_references_carry_snapshot_values_and_mark_redacted_paths() -> None:
    hint = routing_hint(
        "member.age >= 65 && member.form_data.consent == true && has(member.data.a1c)"
        ' && assignment.due_at == null && tasks.intake.output["score"] > 1'
        ' && member.tags.exists(t, t == member.locale) && member.nickname == "x"',
        SNAPSHOT,
    )
    assert hint.references == (
        Reference("member.age", 67, redacted=False, present=True),
        Reference("member.form_data.consent", None, redacted=True, present=False),
        Reference("member.data.a1c", None, redacted=True, present=False),
        Reference("assignment.due_at", None, redacted=False, present=True),
        Reference("tasks.intake.output.score", 7, redacted=False, present=True),
        Reference("member.tags", ["diabetes", "spanish"], redacted=False, present=True),
        Reference("member.locale", "es-US", redacted=False, present=True),
        Reference("member.nickname", None, redacted=False, present=False),
    )


def test_explanation_shows_which_clause_decided() -> None:
    tree = explain("member.form_data.x == 1 || member.age >= 65", SNAPSHOT)
    assert (tree.op, tree.outcome) == ("||", Outcome.ELIGIBLE)
    left, right = tree.children
    assert (left.source, left.outcome, left.decisive) == (
        "member.form_data.x == 1",
        Outcome.UNKNOWN,
        False,
    )
    assert (right.source, right.outcome, right.decisive) == (
        "member.age >= 65",
        Outcome.ELIGIBLE,
        True,
    )
    assert right.detail == "member.age is 67"


def test_explanation_of_conditional_and_not() -> None:
    tree = explain('!(member.age < 65) ? "spanish" in member.tags : member.form_data.x', SNAPSHOT)
    assert tree.op == "?:"
    test, then, otherwise = tree.children
    assert (test.op, test.outcome, test.decisive) == ("!", Outcome.ELIGIBLE, True)
    assert test.children[0] == Clause(
        "member.age < 65", "leaf", Outcome.BLOCKED, (), True, "member.age is 67"
    )
    assert (then.outcome, then.decisive) == (Outcome.ELIGIBLE, True)
    assert (otherwise.outcome, otherwise.decisive) == (Outcome.UNKNOWN, False)


def test_explanation_root_agrees_with_the_hint() -> None:
    tree = explain('member.age >= 65 || member.locale.lowerAscii() == "x"', SNAPSHOT)
    assert tree.outcome is Outcome.UNKNOWN
    assert "lowerAscii()" in tree.detail
    assert routing_hint("member.age >", SNAPSHOT, explain=True).explanation is None
    assert explain("member.age >", SNAPSHOT).outcome is Outcome.INVALID


def test_hint_carries_the_explanation_only_on_request() -> None:
    assert routing_hint("member.age > 1", SNAPSHOT).explanation is None
    assert routing_hint("member.age > 1", SNAPSHOT, explain=True).explanation is not None


@pytest.mark.parametrize(
    ("condition", "reason"),
    [
        (
            "member.form_data.consent == true",
            "needs member.form_data.consent, which the preview cannot see",
        ),
        ("member.age >= 65 &&& x", "parse error at column 20"),
        ("member.age >= 65 &&\n  ) ", "parse error at line 2, column 3"),
        ("member.age < 18", "member.age < 18 is false (member.age is 67)"),
        ('member.locale.lowerAscii() == "x"', "uses lowerAscii(), which the preview does not have"),
        ("member.age >= 65 && 1 / 0 == 1", "division by zero (in 1 / 0 == 1)"),
    ],
)
def test_reasons_read_as_sentences(condition: str, reason: str) -> None:
    assert routing_hint(condition, SNAPSHOT).reason == reason


@pytest.mark.parametrize(
    ("condition", "form_data", "data", "outcome"),
    [
        ("member.form_data.consent == true", {"consent": True}, {}, Outcome.ELIGIBLE),
        ("member.form_data.consent == true", {"consent": False}, {}, Outcome.BLOCKED),
        ("member.form_data.consent == true", {}, {}, Outcome.INVALID),
        ("has(member.data.a1c) && member.data.a1c > 9.0", {}, {"a1c": 9.5}, Outcome.ELIGIBLE),
        ("has(member.data.a1c) && member.data.a1c > 9.0", {}, {}, Outcome.BLOCKED),
        ("size(member.data) == 0", {}, {}, Outcome.ELIGIBLE),
        ('member.locale.lowerAscii() == "es-us"', {}, {}, Outcome.INVALID),
        ("true || lowerAscii(1)", {}, {}, Outcome.INVALID),
        ('member.?nickname == "x"', {}, {}, Outcome.INVALID),
        ("patient.age > 3", {}, {}, Outcome.INVALID),
    ],
)
def test_evaluate_condition_uses_full_data(
    condition: str, form_data: dict, data: dict, outcome: Outcome
) -> None:
    assert evaluate_condition(condition, filled(form_data, data)).outcome is outcome


def test_evaluate_condition_explains_a_refusal() -> None:
    context = filled({}, {})
    context["member"]["age"] = 42
    hint = evaluate_condition("member.age >= 65", context)
    assert (hint.outcome, hint.reason) == (
        Outcome.BLOCKED,
        "member.age >= 65 is false (member.age is 42)",
    )
    assert hint.references == (Reference("member.age", 42, redacted=False, present=True),)
    assert evaluate_condition(None, context).outcome is Outcome.ELIGIBLE


def test_preview_redacts_even_a_filled_snapshot() -> None:
    hint = routing_hint("member.form_data.consent == true", filled({"consent": True}, {}))
    assert (hint.outcome, hint.kind) == (Outcome.UNKNOWN, ReasonKind.REDACTED)


def _plain_celpy(condition: str) -> object:
    env = celpy.Environment()
    try:
        return env.program(env.compile(condition)).evaluate(celpy.json_to_cel(SNAPSHOT))
    except celpy.CELEvalError as error:
        return error


@pytest.mark.parametrize(
    ("condition", "plain"),
    [
        ("has(member.form_data.x)", False),
        ('"x" in member.form_data', False),
        ("size(member.data) == 0", True),
        ('member.data.exists(k, k == "a1c")', False),
    ],
)
def test_plain_cel_python_answers_definite_falsehoods_where_we_say_unknown(
    condition: str, plain: bool
) -> None:
    assert bool(_plain_celpy(condition)) is plain
    assert routing_hint(condition, SNAPSHOT).outcome is Outcome.UNKNOWN


@pytest.mark.parametrize(
    "condition",
    [
        "task.attempts == 2.0",
        "task.attempts == null",
        "assignment.due_at == 1",
        'member.age == "67"',
        "[1] == [1.0]",
        "1 < 1.5",
    ],
)
def test_plain_cel_python_errs_where_the_spec_answers(condition: str) -> None:
    assert isinstance(_plain_celpy(condition), celpy.CELEvalError)
    assert routing_hint(condition, SNAPSHOT).outcome in (Outcome.ELIGIBLE, Outcome.BLOCKED)


@pytest.mark.parametrize(
    "condition",
    [
        "member.tags.map(t, 1 / 0).size() == 0 || true",
        "member.tags.filter(t, t > 1).size() == 0 || true",
        "member.tags.exists_one(t, t > 1) || true",
    ],
)
def test_plain_cel_python_lets_macro_errors_escape_or(condition: str) -> None:
    assert isinstance(_plain_celpy(condition), celpy.CELEvalError)
    assert routing_hint(condition, SNAPSHOT).outcome is Outcome.ELIGIBLE


def test_plain_cel_python_loses_the_error_inside_a_conditional() -> None:
    error = _plain_celpy("member.data.x ? true : true")
    assert isinstance(error, celpy.CELEvalError)
    assert "_?_:_" in str(error.args[0])
    hint = routing_hint("member.data.x ? true : true", SNAPSHOT)
    assert hint.reason == "needs member.data.x, which the preview cannot see"


def test_full_data_never_shows_hidden_values() -> None:
    context = filled({"consent": False}, {"a1c": 9.9})
    hint = evaluate_condition("member.form_data.consent == true || member.data.a1c < 7.0", context)
    assert hint.outcome is Outcome.BLOCKED
    assert "9.9" not in hint.reason and "false (" not in hint.reason
    assert [(r.path, r.value, r.redacted, r.present) for r in hint.references] == [
        ("member.form_data.consent", None, True, True),
        ("member.data.a1c", None, True, True),
    ]


def test_plain_cel_python_error_text_dumps_the_activation_and_ours_does_not() -> None:
    condition = 'member.locale.lowerAscii() == "x"'
    assert "Post-discharge" in str(_plain_celpy(condition).args)
    assert "Post-discharge" not in evaluate_condition(condition, SNAPSHOT).reason


def test_conditions_compile_once_and_snapshots_convert_once() -> None:
    assert compile_condition("member.age > 3") is compile_condition("member.age > 3")
    snapshot = dict(SNAPSHOT)
    assert _activation(snapshot, redact=True) is _activation(snapshot, redact=True)
    assert _activation(snapshot, redact=True) is not _activation(dict(SNAPSHOT), redact=True)


def test_celpy_logger_stays_quiet(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        for condition in ("member.age > 1", "isAdult(member)", "1 / 0 == 1", "member.data.x"):
            routing_hint(condition, SNAPSHOT)
            evaluate_condition(condition, SNAPSHOT)
    assert [r for r in caplog.records if r.name.startswith("celpy")] == []


def test_importing_the_package_loads_neither_textual_nor_celpy() -> None:
    code = (
        "import sys, assign_tui.routing as r; "
        "print(any(m.split('.')[0] in ('textual', 'celpy', 'lark') for m in sys.modules)); "
        "r.routing_hint('1 == 1', {}); print('celpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


@pytest.mark.parametrize(
    "condition",
    ["member != null", "size(member) > 0", "member.age > 1 && member != null", "member == {}"],
)
def test_a_reference_to_the_whole_member_never_carries_its_hidden_maps(condition: str) -> None:
    member = {"form_data": {"ssn": "123-45-6789"}, "data": {"a1c": 9.9}, "age": 67}
    context = {**SNAPSHOT, "member": member}
    for hint in (
        routing_hint(condition, context, explain=True),
        evaluate_condition(condition, context),
    ):
        assert hint.outcome in (Outcome.ELIGIBLE, Outcome.BLOCKED)
        assert "123-45" not in repr(hint) and "9.9" not in repr(hint), hint
        whole = [ref for ref in hint.references if ref.path == "member"]
        assert whole == [Reference("member", None, redacted=True, present=True)]


def test_a_computed_key_is_named_by_its_source_not_its_value() -> None:
    context = filled({"consent": "123-45-6789"}, {"n": 57})
    assert evaluate_condition('{"a": 1}[member.form_data.consent] == 1', context).reason == (
        '{"a": 1} has no key member.form_data.consent'
    )
    assert evaluate_condition("member.tags[member.data.n] == 1", context).reason == (
        "member.tags has no item member.data.n"
    )
    assert evaluate_condition('{"a": 1}["b"] == 1', context).reason == '{"a": 1} has no key "b"'
