"""Inputs that used to raise or answer wrongly (issue 13), and a property: nothing raises.

Map keys of different types, booleans that arrive as cel-python values,
optional syntax, times finer than a microsecond, and any string at all as a
condition: the engine answers each, in the preview and at the server.
"""

from __future__ import annotations

import datetime

import pytest
from celpy import celtypes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from routing_fixtures import SNAPSHOT

from assign_tui.routing import Outcome, ReasonKind, evaluate_condition, routing_hint
from assign_tui.routing.hint import ENGINE_FAILURE


def _both(condition: str, context: dict | None = None) -> tuple[Outcome, Outcome]:
    context = SNAPSHOT if context is None else context
    return routing_hint(condition, context).outcome, evaluate_condition(condition, context).outcome


@pytest.mark.parametrize(
    ("condition", "outcome"),
    [
        ("{1: 'a', true: 'b'}.size() == 2", Outcome.ELIGIBLE),
        ("size({true: 1, 1: 2}) == 2", Outcome.ELIGIBLE),
        ("{true: 1, 1: 2}[true] == 1", Outcome.ELIGIBLE),
        ("{true: 1, 1: 2}[1] == 2", Outcome.ELIGIBLE),
        ("{1: 'a', 'a': 1, true: 0}.size() == 3", Outcome.ELIGIBLE),
        ("{1: 'x'}[1u] == 'x' && {1: 'x'}[1.0] == 'x' && {1u: 'x'}[1] == 'x'", Outcome.ELIGIBLE),
        ("true in {1: 'x'}", Outcome.BLOCKED),
        ("1 in {true: 'x'}", Outcome.BLOCKED),
        ("{1: 'x'} == {1u: 'x'}", Outcome.ELIGIBLE),
        ("{1: 'x'} == {true: 'x'}", Outcome.BLOCKED),
        ("{1: 'a', 1u: 'b'}.size() == 2", Outcome.INVALID),
        ("{1: 'x'}[1.5] == 'x'", Outcome.INVALID),
        ("{true: 1, 1: 2}.all(k, k == 1 || k == true)", Outcome.ELIGIBLE),
        ("x[1] == x[true]", Outcome.INVALID),
    ],
)
def test_map_keys_of_different_types_stay_apart(condition: str, outcome: Outcome) -> None:
    assert _both(condition, {"x": {"1": 1}}) == (outcome, outcome)


@pytest.mark.parametrize(
    ("value", "read", "outcome"),
    [
        (celtypes.BoolType(False), "x", Outcome.BLOCKED),
        (celtypes.BoolType(True), "x", Outcome.ELIGIBLE),
        (False, "x", Outcome.BLOCKED),
        (celtypes.ListType([celtypes.BoolType(False)]), "x[0]", Outcome.BLOCKED),
        (
            celtypes.MapType({celtypes.StringType("k"): celtypes.BoolType(False)}),
            "x.k",
            Outcome.BLOCKED,
        ),
    ],
)
def test_context_booleans_are_converted_by_type(value: object, read: str, outcome: Outcome) -> None:
    """A `BoolType(False)` from the caller used to make `x && true` eligible."""
    for condition in (f"{read} && true", f"true && {read}", f"!!{read}", f"{read} ? true : false"):
        assert _both(condition, {"x": value}) == (outcome, outcome), condition


@pytest.mark.parametrize(
    "condition",
    [
        "has({?'foo': optional.none()}.foo)",
        "{'a': 1, ?'b': optional.of(2)}.size() == 2",
        "[1, ?optional.none()].size() == 1",
        "[?optional.of(1)].size() == 1",
        "member.?nickname.orValue('x') == 'x'",
        "member.tags[?0].hasValue()",
        "optional.of(1).hasValue()",
    ],
)
def test_optional_syntax_is_unsupported_not_a_parse_error(condition: str) -> None:
    hint = routing_hint(condition, SNAPSHOT)
    assert hint.outcome is Outcome.UNKNOWN
    assert hint.kind in (ReasonKind.UNSUPPORTED_SYNTAX, ReasonKind.UNSUPPORTED_FUNCTION)
    assert evaluate_condition(condition, SNAPSHOT).outcome is Outcome.INVALID


@pytest.mark.parametrize(
    "condition",
    [
        "string(timestamp('9999-12-31T23:59:59.999999999Z')) == '9999-12-31T23:59:59.999999Z'",
        (
            "timestamp('0001-01-01T00:00:01.000000001Z') + duration('-999999999ns')"
            " == timestamp('0001-01-01T00:00:00.000000002Z')"
        ),
        "timestamp('0001-01-01T00:00:00Z') + duration('-1ns') > timestamp('0001-01-01T00:00:00Z')",
        "duration('1ns') == duration('0s')",
        "duration('1.5us') > duration('1us')",
    ],
)
def test_times_finer_than_a_microsecond_are_declined_not_rounded(condition: str) -> None:
    hint = routing_hint(condition, SNAPSHOT)
    assert (hint.outcome, hint.kind) == (Outcome.UNKNOWN, ReasonKind.UNSUPPORTED_FUNCTION)
    assert "finer than a microsecond" in hint.reason
    full = evaluate_condition(condition, SNAPSHOT)
    assert (full.outcome, full.kind) == (Outcome.INVALID, ReasonKind.UNSUPPORTED_FUNCTION)


def test_whole_microseconds_are_still_decided() -> None:
    assert _both("duration('1000ns') == duration('1us')") == (Outcome.ELIGIBLE,) * 2
    assert (
        _both("timestamp('2026-01-01T00:00:00.123456000Z').getMilliseconds() == 123")
        == (Outcome.ELIGIBLE,) * 2
    )


def test_a_dotted_variable_name_is_found_but_never_bypasses_the_member() -> None:
    assert _both("a.b.c == 1", {"a.b.c": 1, "a": {"b": {"c": 2}}}) == (Outcome.ELIGIBLE,) * 2
    context = {**SNAPSHOT, "member.form_data": {"x": 1}}
    assert routing_hint("member.form_data.x == 1", context).outcome is Outcome.UNKNOWN


FRAGMENTS = [
    "member", ".", "form_data", "data", "age", "tags", "[", "]", "{", "}", "(", ")", ",", ":",
    "?", "!", "&&", "||", "==", "!=", "<", ">=", "+", "-", "*", "/", "%", " in ", "1", "1u",
    "1.0", "-0", "0x1F", "true", "false", "null", "'a'", '"b"', "'''c\n'''", "b'\\xff'",
    "r'\\q'", "'\\", "\\u00e9", "\\X4", "`", "has(", "size(", "int(", "timestamp(", "duration(",
    "'1ns'", "'2026-01-01T00:00:00.000000001Z'", ".exists(x, ", ".map(x, ", "x", ".?", "{?",
    "optional.of(", "dyn(", "type(", "9223372036854775807", "18446744073709551616u", " ",
]  # fmt: skip
ATOMS = [
    "1", "1u", "2.5", "-0", "true", "false", "null", "'a'", "b'\\xff'", '"""x\n"""', "x",
    "member", "member.form_data", "member.data.a1c", "member.age", "member.tags", "now",
    "timestamp('2026-01-01T00:00:00Z')", "duration('90m')", "[]", "{}",
]  # fmt: skip
OPERATORS = ["&&", "||", "==", "!=", "<", ">=", "+", "-", "*", "/", "%", "in"]
FUNCTIONS = ["size", "int", "uint", "double", "string", "bytes", "bool", "type", "dyn"]
MACROS = ["all", "exists", "exists_one", "map", "filter"]
KEYS = ["1", "true", "1u", "0", "false", "'1'", "2.0", "-1", "x", "member.age"]


def _compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    keys = st.one_of(st.sampled_from(KEYS), inner)
    pairs = st.lists(st.tuples(keys, inner), max_size=3)
    return st.one_of(
        st.tuples(inner, st.sampled_from(OPERATORS), inner).map(lambda t: f"({' '.join(t)})"),
        pairs.map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
        st.lists(inner, max_size=3).map(lambda items: f"[{', '.join(items)}]"),
        st.tuples(inner, keys).map(lambda t: f"{t[0]}[{t[1]}]"),
        st.tuples(st.sampled_from(FUNCTIONS), inner).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} ? {t[1]} : {t[2]})"),
        st.tuples(inner, st.sampled_from(MACROS), inner).map(lambda t: f"{t[0]}.{t[1]}(v, {t[2]})"),
        st.tuples(inner, st.sampled_from(["a", "form_data", "size()"])).map(".".join),
        inner.map(lambda e: f"!{e}"),
        inner.map(lambda e: f"has({e}.a)"),
    )


map_literals = st.tuples(
    st.lists(st.tuples(st.sampled_from(KEYS), st.sampled_from(ATOMS)), min_size=1, max_size=4),
    st.sampled_from(["", ".size() == 2", "[true] == 1", "[1] == 'a'", " == {1: 1}", " != {}"]),
).map(lambda t: "{" + ", ".join(f"{k}: {v}" for k, v in t[0]) + "}" + t[1])
"""Map literals whose keys mix types: `{1: 'a', true: 'b'}` used to raise."""
expressions = st.recursive(st.sampled_from(ATOMS), _compound, max_leaves=8)
"""Well-formed conditions of every shape, so the evaluator is reached, not just the parser."""
conditions = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join),
    map_literals,
    expressions,
)
contexts = st.sampled_from(
    [
        SNAPSHOT,
        {"x": celtypes.BoolType(False), "member": {"form_data": {True: 1, "1": 2}}},
        {"x": datetime.timedelta(days=1), "member": None},
        {"x": 2**70, "member": []},
    ]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conditions, contexts)
def test_no_condition_makes_the_engine_raise(condition: str, context: dict) -> None:
    for hint in (
        routing_hint(condition, context, explain=True),
        evaluate_condition(condition, context),
    ):
        assert hint.reason != ENGINE_FAILURE, condition
        assert isinstance(hint.outcome, Outcome)
