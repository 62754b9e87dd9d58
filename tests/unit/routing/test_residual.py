"""Residuals: what an unknown condition still waits on, as CEL over only the hidden data.

A table pins the text for every operator and macro the engine has, and a
Hypothesis property checks the one promise that matters: for random
conditions and random fillings of the hidden maps, the residual decides
exactly as the whole condition does, reads nothing the preview can see, and
never shows a planted PHI value, even when the snapshot itself holds them.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from routing_fixtures import SNAPSHOT, filled
from test_soundness import BASES, PLANTED, json_values

from assign_tui.routing import Outcome, evaluate_condition, routing_hint
from assign_tui.routing.parse import compile_condition
from assign_tui.routing.references import path_text

TABLE: list[tuple[str, str | None, tuple[str, ...]]] = [
    # The example, and decided comparisons folded away on either side.
    (
        "member.age >= 65 && member.form_data.consent == true",
        "member.form_data.consent == true",
        ("member.form_data.consent",),
    ),
    (
        "member.form_data.consent == true && member.age >= 65",
        "member.form_data.consent == true",
        ("member.form_data.consent",),
    ),
    (
        "member.age < 18 || member.form_data.x == 1",
        "member.form_data.x == 1",
        ("member.form_data.x",),
    ),
    ("true && member.data.y", "member.data.y", ("member.data.y",)),
    # ... but only where a non-boolean is an error anyway: not as an operand of ==.
    ("(true && member.data.a1c) == 1", "(true && member.data.a1c) == 1", ("member.data.a1c",)),
    ("(!!member.data.a1c) == 1", "!!member.data.a1c == 1", ("member.data.a1c",)),
    (
        "(member.data.ok ? true : false) == 1",
        "(member.data.ok ? true : false) == 1",
        ("member.data.ok",),
    ),
    ("false || !member.data.y", "!member.data.y", ("member.data.y",)),
    # Both sides hidden: kept, without parentheses CEL does not need.
    (
        "member.form_data.a == 1 || member.form_data.b == 2 || member.data.c == 3",
        "member.form_data.a == 1 || member.form_data.b == 2 || member.data.c == 3",
        ("member.form_data.a", "member.form_data.b", "member.data.c"),
    ),
    (
        "(member.form_data.a || member.form_data.b) && member.age > 1",
        "member.form_data.a || member.form_data.b",
        ("member.form_data.a", "member.form_data.b"),
    ),
    (
        "member.form_data.a && (member.form_data.b || member.age > 99)",
        "member.form_data.a && member.form_data.b",
        ("member.form_data.a", "member.form_data.b"),
    ),
    # Visible values folded in, for every operator.
    ("member.form_data.x > member.age", "member.form_data.x > 67", ("member.form_data.x",)),
    ("member.form_data.x <= task.attempts * 2", "member.form_data.x <= 4", ("member.form_data.x",)),
    ("member.form_data.x < 2.5 + 1.0", "member.form_data.x < 3.5", ("member.form_data.x",)),
    ("member.data.x >= 1u", "member.data.x >= 1u", ("member.data.x",)),
    (
        "member.locale != member.form_data.lang",
        '"es-US" != member.form_data.lang',
        ("member.form_data.lang",),
    ),
    (
        "member.form_data.lang in member.tags",
        'member.form_data.lang in ["diabetes", "spanish"]',
        ("member.form_data.lang",),
    ),
    ("member.data.x + member.age - 1 == 0", "member.data.x + 67 - 1 == 0", ("member.data.x",)),
    ("member.age - member.data.x > 0", "67 - member.data.x > 0", ("member.data.x",)),
    ("member.age - (member.data.x + 1) > 0", "67 - (member.data.x + 1) > 0", ("member.data.x",)),
    ("member.data.x / 2 % 3 == -1", "member.data.x / 2 % 3 == -1", ("member.data.x",)),
    ("-member.data.x < 0", "-member.data.x < 0", ("member.data.x",)),
    ("!(member.form_data.x == 1)", "member.form_data.x != 1", ("member.form_data.x",)),
    ("!(member.form_data.x != member.age)", "member.form_data.x == 67", ("member.form_data.x",)),
    ("!!member.form_data.ok", "member.form_data.ok", ("member.form_data.ok",)),
    # Functions and methods.
    (
        "size(member.data.list) > size(member.tags)",
        "size(member.data.list) > 2",
        ("member.data.list",),
    ),
    (
        "member.form_data.lang.startsWith(member.locale)",
        'member.form_data.lang.startsWith("es-US")',
        ("member.form_data.lang",),
    ),
    (
        "timestamp(member.form_data.signed) > timestamp(now) - duration('72h')",
        'timestamp(member.form_data.signed) > timestamp("2026-11-26T07:00:00Z")',
        ("member.form_data.signed",),
    ),
    (
        'member.data.note.matches("^a") && true',
        'member.data.note.matches("^a")',
        ("member.data.note",),
    ),
    ("int(member.data.n) == 2", "int(member.data.n) == 2", ("member.data.n",)),
    ("type(member.data) == map", "type(member.data) == map", ("member.data",)),
    # Index and select: literal keys stay exact, computed keys are folded.
    (
        'member.form_data["consent"] == true',
        'member.form_data["consent"] == true',
        ("member.form_data.consent",),
    ),
    (
        'member.form_data["a b"] == "x\\n"',
        'member.form_data["a b"] == "x\\n"',
        ('member.form_data["a b"]',),
    ),
    (
        "member.form_data[member.locale] == 1",
        'member.form_data["es-US"] == 1',
        ("member.form_data",),
    ),
    (
        "member.data.list[0] == member.tags[1]",
        'member.data.list[0] == "spanish"',
        ("member.data.list[0]",),
    ),
    (
        "{'es-US': member.data.x}[member.locale] == 1",
        '{"es-US": member.data.x}["es-US"] == 1',
        ("member.data.x",),
    ),
    ("[member.age, member.data.x][1] == 1", "[67, member.data.x][1] == 1", ("member.data.x",)),
    # has() on hidden maps.
    (
        "has(member.data.a1c) && member.data.a1c > 9.0",
        "has(member.data.a1c) && member.data.a1c > 9.0",
        ("member.data.a1c",),
    ),
    (
        "has(member.form_data.x) || member.age > 99",
        "has(member.form_data.x)",
        ("member.form_data.x",),
    ),
    ("!has(member.form_data.x.y)", "!has(member.form_data.x.y)", ("member.form_data.x.y",)),
    ('"consent" in member.form_data', '"consent" in member.form_data', ("member.form_data",)),
    # ?: with a decided test becomes its branch; with a hidden one, folded branches.
    (
        "member.age >= 65 ? member.form_data.ok : false",
        "member.form_data.ok",
        ("member.form_data.ok",),
    ),
    (
        "member.age < 65 ? true : member.form_data.x == 1",
        "member.form_data.x == 1",
        ("member.form_data.x",),
    ),
    (
        "member.form_data.ok ? member.age > 1 : false",
        "member.form_data.ok",
        ("member.form_data.ok",),
    ),
    (
        "member.form_data.ok ? false : member.age > 1",
        "!member.form_data.ok",
        ("member.form_data.ok",),
    ),
    (
        (
            "member.form_data.a ? (member.age > 60 ? member.data.b : false)"
            " : member.data.c == member.locale"
        ),
        'member.form_data.a ? member.data.b : member.data.c == "es-US"',
        ("member.form_data.a", "member.data.b", "member.data.c"),
    ),
    (
        "(member.form_data.a ? member.data.n : 1) > 2",
        "(member.form_data.a ? member.data.n : 1) > 2",
        ("member.form_data.a", "member.data.n"),
    ),
    # Macros: over visible lists expanded, over hidden lists kept with visible values folded in.
    (
        "member.tags.exists(t, t == member.form_data.lang)",
        '"diabetes" == member.form_data.lang || "spanish" == member.form_data.lang',
        ("member.form_data.lang",),
    ),
    (
        'member.tags.all(t, t == "spanish" || member.data.ok)',
        "member.data.ok",
        ("member.data.ok",),
    ),
    (
        "member.data.list.exists(x, x > member.age)",
        "member.data.list.exists(x, x > 67)",
        ("member.data.list",),
    ),
    (
        "member.data.list.all(x, x.ok && x.n > 1)",
        "member.data.list.all(x, x.ok && x.n > 1)",
        ("member.data.list",),
    ),
    ('member.data.exists(k, k == "a1c")', 'member.data.exists(k, k == "a1c")', ("member.data",)),
    (
        "member.data.exists_one(k, k == member.locale)",
        'member.data.exists_one(k, k == "es-US")',
        ("member.data",),
    ),
    (
        "member.data.list.filter(x, x > 1).size() == 0",
        "member.data.list.filter(x, x > 1).size() == 0",
        ("member.data.list",),
    ),
    (
        "member.data.list.map(x, x * 2)[0] == 2",
        "member.data.list.map(x, x * 2)[0] == 2",
        ("member.data.list",),
    ),
    (
        "member.data.list.map(x, x > 0, x)[0] == 2",
        "member.data.list.map(x, x > 0, x)[0] == 2",
        ("member.data.list",),
    ),
    (
        "member.tags.exists_one(t, t == member.data.x)",
        '["diabetes", "spanish"].exists_one(t, t == member.data.x)',
        ("member.data.x",),
    ),
    (
        "member.tags.exists(t, t == member.data.x) == true",
        '("diabetes" == member.data.x || "spanish" == member.data.x) == true',
        ("member.data.x",),
    ),
    (
        "[1].exists(i, i == member.data.x) == true",
        "(1 == member.data.x || false) == true",
        ("member.data.x",),
    ),
    # A variable the snapshot lacks is what remains too.
    ("patient.age > 3 || member.age < 3", "patient.age > 3", ("patient.age",)),
    # No residual: it would have to spell an error, a missing function or the whole member.
    ("member.form_data.x == 1 || 1 / 0 == 1", None, ("member.form_data.x",)),
    ("member.form_data.x == 1 || tasks.intake.output.missing > 5", None, ("member.form_data.x",)),
    ("member.form_data.x ? 1 / 0 == 1 : true", None, ("member.form_data.x",)),
    ("[member][0].form_data.x == 1", None, ("member.form_data.x",)),
    ("dyn(member).form_data.x == 1", None, ("member.form_data.x",)),
    ('member.data.x == 1 || member.locale.lowerAscii() == "x"', None, ()),
]


@pytest.mark.parametrize(("condition", "text", "paths"), TABLE, ids=[r[0][:60] for r in TABLE])
def test_residual_and_what_it_depends_on(
    condition: str, text: str | None, paths: tuple[str, ...]
) -> None:
    hint = routing_hint(condition, SNAPSHOT)
    assert hint.outcome is Outcome.UNKNOWN
    assert (hint.residual, hint.depends_on) == (text, paths)


@pytest.mark.parametrize(
    "condition",
    ["member.age >= 65", "member.age < 18 && member.form_data.x", "", "member.age >= "],
)
def test_only_unknown_hints_have_residuals(condition: str) -> None:
    hint = routing_hint(condition, SNAPSHOT)
    assert hint.outcome is not Outcome.UNKNOWN
    assert (hint.residual, hint.depends_on) == (None, ())


HIDDEN = [
    "member.form_data.consent", "member.form_data.x", "member.data.a1c", "member.data.list[0]",
    "member.form_data.x.y", "v",
]  # fmt: skip
HIDDEN_KEYS = ["consent", "x", "a1c", "list", "y", "other"]
LISTS = ["member.tags", "[1, 2]", "member.data.list", "member.form_data", "member.form_data.x"]
MACROS = ["all", "exists", "exists_one"]


def _pick(*items: str) -> st.SearchStrategy[str]:
    return st.sampled_from(list(items))


def _numbers(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(inner, _pick("+", "-", "*", "/", "%"), inner).map(lambda t: f"({' '.join(t)})"),
        st.sampled_from(LISTS).map(lambda e: f"size({e})"),
        inner.map(lambda e: f"-{e}"),
        st.tuples(st.deferred(lambda: conditions), inner, inner).map(
            lambda t: f"({t[0]} ? {t[1]} : {t[2]})"
        ),
        st.tuples(inner, inner).map(lambda t: f"{{'k': {t[0]}, 'j': {t[1]}}}.k"),
        st.tuples(st.sampled_from(LISTS), inner).map(lambda t: f"{t[0]}.map(v, {t[1]})[0]"),
    )


numbers = st.recursive(
    _pick("member.age", "task.attempts", "tasks.intake.output.score", "1", "65", "2.5", "1u")
    | st.sampled_from(HIDDEN),
    _numbers,
    max_leaves=3,
)
texts = _pick("member.locale", "'es-US'", "'x'", "null") | st.sampled_from(HIDDEN)
leaves = st.one_of(
    _pick("true", "false", "(member.age > 60)", "(member.age < 18)", "(1 / 0 == 1)", "v"),
    st.sampled_from(HIDDEN),
    st.tuples(numbers, _pick("==", "!=", "<", "<=", ">", ">="), numbers).map(" ".join),
    st.tuples(texts, _pick("==", "!=", "in"), texts | st.sampled_from(LISTS)).map(" ".join),
    st.sampled_from(HIDDEN_KEYS).map(lambda k: f"has(member.form_data.{k})"),
)
"""Decided and erring leaves beside hidden ones, comparisons, has()."""


def _booleans(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(inner, _pick("&&", "||"), inner).map(lambda t: f"({' '.join(t)})"),
        inner.map(lambda e: f"!{e}"),
        st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} ? {t[1]} : {t[2]})"),
        st.tuples(st.sampled_from(LISTS), st.sampled_from(MACROS), inner).map(
            lambda t: f"{t[0]}.{t[1]}(v, {t[2]})"
        ),
        st.tuples(st.sampled_from(LISTS), inner).map(lambda t: f"{t[0]}.filter(v, {t[1]}) == []"),
        st.tuples(
            inner, _pick("==", "!="), _pick("true", "1", "null") | st.sampled_from(HIDDEN)
        ).map(lambda t: f"({t[0]}) {t[1]} {t[2]}"),
    )


conditions = st.recursive(leaves, _booleans, max_leaves=6)
"""Conditions that mix what the preview sees with what it cannot, in every shape."""
fillings = st.dictionaries(st.sampled_from(HIDDEN_KEYS), json_values, max_size=4)
SAME_EVERYWHERE = [1, 67, 2.5, True, False, None, "es-US", [1, "x"], {"y": 1, "x": 1}]
"""Each hidden key holding the same value: meets the conditions' own literals more often."""
BATTERY = [({k: v for k in HIDDEN_KEYS}, {k: v for k in HIDDEN_KEYS}) for v in SAME_EVERYWHERE]


def _reads_only_hidden(residual: str, context: dict) -> bool:
    paths = compile_condition(residual).paths
    return all(
        path_text(p).startswith(("member.form_data", "member.data")) or p[0] not in context
        for p in paths
    )


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    conditions,
    st.sampled_from([0, 1, 4]),
    st.lists(st.tuples(fillings, fillings), min_size=1, max_size=3),
)
def test_residual_decides_as_the_condition_for_any_hidden_data(
    condition: str, base_index: int, fills: list[tuple[dict, dict]]
) -> None:
    base = BASES[base_index]
    preview = routing_hint(condition, base)
    if preview.outcome is not Outcome.UNKNOWN:
        assert preview.residual is None
        return
    for form_data, data in [*fills, *BATTERY]:
        context = filled(form_data, data, base)
        assert routing_hint(condition, context) == preview
        assert routing_hint(condition, context).residual == preview.residual
        shown = repr((preview.residual, preview.depends_on))
        assert PLANTED not in shown and "4242" not in shown
        if preview.residual is None:
            continue
        assert _reads_only_hidden(preview.residual, base), preview.residual
        whole = evaluate_condition(condition, context).outcome
        rest = evaluate_condition(preview.residual, context).outcome
        assert rest is whole, (condition, preview.residual, form_data, data)


FIXED_FILLINGS = [
    ({}, {}),
    (
        {"consent": True, "x": 1, "ok": True, "a": True, "lang": "spanish"},
        {"x": 1, "list": [1, 80]},
    ),
    (
        {"consent": False, "x": 2, "ok": False, "a": False, "b": True},
        {"n": 3, "list": [{"ok": True, "n": 2}]},
    ),
    (
        {"x": {"y": 1}, "lang": "es-US", "signed": "2026-11-28T00:00:00Z"},
        {"a1c": 9.5, "note": "abc"},
    ),
]


@pytest.mark.parametrize(("condition", "text", "paths"), TABLE, ids=[r[0][:60] for r in TABLE])
def test_table_residuals_decide_as_the_condition(
    condition: str, text: str | None, paths: tuple[str, ...]
) -> None:
    if text is None:
        return
    for form_data, data in FIXED_FILLINGS:
        context = filled(form_data, data)
        assert (
            evaluate_condition(text, context).outcome
            is evaluate_condition(condition, context).outcome
        )
