"""The preview's outcome and reason kind for conditions of every shape the brief lists.

Each group pins one fact about CEL that plain cel-python 0.5.0 gets wrong or
that a naive engine would: redacted maps are unknown, `&&`/`||`/`?:` absorb
errors and unknowns, heterogeneous equality, what is invalid versus unknown.
"""

from __future__ import annotations

import pytest
from routing_fixtures import SNAPSHOT

from assign_tui.routing import Outcome, ReasonKind, routing_hint

E, B, U, I = Outcome.ELIGIBLE, Outcome.BLOCKED, Outcome.UNKNOWN, Outcome.INVALID  # noqa: E741
K = ReasonKind

TABLE: list[tuple[str | None, Outcome, ReasonKind]] = [
    # No condition at all.
    (None, E, K.NO_CONDITION),
    ("", E, K.NO_CONDITION),
    ("   ", E, K.NO_CONDITION),
    # The contract's examples and the seeded shapes, decided from the snapshot.
    ('member.age >= 65 || assignment.priority == "urgent"', E, K.DECIDED),
    ("tasks.intake.output.score > 5", E, K.DECIDED),
    ('"spanish" in member.tags', E, K.DECIDED),
    ('timestamp(now) - timestamp(task.started_at) > duration("24h")', B, K.DECIDED),
    ('timestamp(now) - timestamp(task.started_at) > duration("12h")', E, K.DECIDED),
    ("member.age < 18", B, K.DECIDED),
    ('assignment.metadata.channel == "sms"', E, K.DECIDED),
    ('workflow.version >= 3 && assignment.status == "active"', E, K.DECIDED),
    ('task.attempts >= 3 || tasks.med_review.status == "pending"', E, K.DECIDED),
    ('size(member.tags) == 2 && member.locale.startsWith("es")', E, K.DECIDED),
    ("timestamp(now).getHours() == 7", E, K.DECIDED),
    ('member.locale.matches("^es-")', E, K.DECIDED),
    ('int("12") + 1 == 13 && string(member.id) == "311"', E, K.DECIDED),
    ("member.tags.map(t, size(t)) == [8, 7]", E, K.DECIDED),
    ('tasks.intake.output.score > 5 ? assignment.priority == "high" : false', E, K.DECIDED),
    ('member.tags.filter(t, t.startsWith("s")).size() == 1', E, K.DECIDED),
    # Redacted maps: plain cel-python answers these with definite falsehoods.
    ("member.form_data.consent == true", U, K.REDACTED),
    ("has(member.data.a1c) && member.data.a1c > 9.0", U, K.REDACTED),
    ("has(member.form_data.x)", U, K.REDACTED),
    ("!has(member.form_data.x)", U, K.REDACTED),
    ('"x" in member.form_data', U, K.REDACTED),
    ("size(member.data) == 0", U, K.REDACTED),
    ("member.data.size() > 0", U, K.REDACTED),
    ('member.data.exists(k, k == "a1c")', U, K.REDACTED),
    ('member.data.all(k, k != "a1c")', U, K.REDACTED),
    ('member.data.exists_one(k, k == "a1c")', U, K.REDACTED),
    ("member.data.map(k, k).size() == 0", U, K.REDACTED),
    ('member.data.filter(k, k == "x").size() == 0', U, K.REDACTED),
    ("member.form_data == {}", U, K.REDACTED),
    ('member.form_data["consent"] == true', U, K.REDACTED),
    ("member.tags.exists(t, t == member.form_data.language)", U, K.REDACTED),
    ("member.form_data.consent ? member.age > 1 : false", U, K.REDACTED),
    ("type(member.data) == map", U, K.REDACTED),
    # && || ?: absorb errors and unknowns when the other side decides; unknown beats error.
    ("member.form_data.x == 1 || member.age >= 65", E, K.DECIDED),
    ("member.form_data.x == 1 && member.age < 18", B, K.DECIDED),
    ("member.age < 18 && member.form_data.x == 1", B, K.DECIDED),
    ("member.form_data.x == 1 || member.age < 18", U, K.REDACTED),
    ("member.form_data.x == 1 || 1 / 0 == 1", U, K.REDACTED),
    ("1 / 0 == 1 && member.data.y == 2", U, K.REDACTED),
    ('member.form_data.x == 1 || member.age >= "65"', U, K.REDACTED),
    ("1 / 0 == 1 || member.age >= 65", E, K.DECIDED),
    ("1 / 0 == 1 && member.age < 18", B, K.DECIDED),
    ("(member.age > 65 ? member.form_data.x : true) || true", E, K.DECIDED),
    ("member.age >= 65 ? true : member.form_data.x == 1", E, K.DECIDED),
    ("member.age < 65 ? true : member.form_data.x == 1", U, K.REDACTED),
    ("(1 / 0 == 1 ? true : false) || member.age >= 65", E, K.DECIDED),
    ("has(member.form_data.x) || member.age >= 65", E, K.DECIDED),
    ("member.form_data.flags[0] || member.age >= 65", E, K.DECIDED),
    # Inside the comprehension macros too (cel-python lets these errors escape ||).
    ("member.tags.exists(t, member.form_data.x == t) || member.age >= 65", E, K.DECIDED),
    ('member.tags.exists(t, t == "spanish" || member.data.y == 1)', E, K.DECIDED),
    ('member.tags.all(t, t == "diabetes" && member.data.y == 1)', B, K.DECIDED),
    ("member.tags.exists(t, 1 / 0 == 1) || member.age >= 65", E, K.DECIDED),
    ('member.tags.exists(t, t == "spanish" || 1 / t == 1)', E, K.DECIDED),
    ('member.tags.all(t, t == "x" && 1 / 0 == 1)', B, K.DECIDED),
    ("member.tags.map(t, 1 / 0).size() == 0 || true", E, K.DECIDED),
    ("member.tags.filter(t, t > 1).size() == 0 || true", E, K.DECIDED),
    ("member.tags.exists_one(t, t > 1) || true", E, K.DECIDED),
    ("member.data.x ? true : true", U, K.REDACTED),
    ("member.form_data.flags[0] == 1", U, K.REDACTED),
    # Invalid: what the server rejects too.
    ("member.age >= ", I, K.PARSE_ERROR),
    ("member.age >= 65 &&& x", I, K.PARSE_ERROR),
    ("member.risk_level >== 3", I, K.PARSE_ERROR),
    ('member.age >= "65"', I, K.NO_OVERLOAD),
    ('member.age > "sixty"', I, K.NO_OVERLOAD),
    ("1 / 0 == 1", I, K.DIVISION_BY_ZERO),
    ("member.age % 0 == 1", I, K.DIVISION_BY_ZERO),
    ("tasks.intake.output.missing > 5", I, K.NO_SUCH_KEY),
    # A task that has produced no output yet: "not yet", blocked, not invalid.
    ("tasks.med_review.output.score > 5", B, K.NOT_YET),
    ('tasks.med_review.output["score"] == 1', B, K.NOT_YET),
    ("!(tasks.med_review.output.score > 5)", B, K.NOT_YET),
    ("tasks.med_review.output.score > 5 || member.age >= 65", E, K.DECIDED),
    ("tasks.med_review.output.score > 5 || member.form_data.x", U, K.REDACTED),
    ("has(tasks.med_review.output.score)", B, K.DECIDED),
    ("size(tasks.med_review.output) == 0", E, K.DECIDED),
    ('tasks.nope.status == "active"', I, K.NO_SUCH_KEY),
    ('member.tags[5] == "x"', I, K.NO_SUCH_KEY),
    ("member.age", I, K.NOT_BOOLEAN),
    ("member.age + 1", I, K.NOT_BOOLEAN),
    ("timestamp(assignment.due_at) > timestamp(now)", I, K.NO_OVERLOAD),
    ('duration("forever") > duration("1h")', I, K.BAD_VALUE),
    ("9223372036854775807 + 1 > 0", I, K.OUT_OF_RANGE),
    ("member.tags.exists(t, 1 / 0 == 1)", I, K.DIVISION_BY_ZERO),
    ("member.tags.exists(x)", I, K.PARSE_ERROR),
    ("has(member)", I, K.PARSE_ERROR),
    # Unknown: what the preview cannot know, and must not call a typo.
    ('member.locale.lowerAscii() == "es-us"', U, K.UNSUPPORTED_FUNCTION),
    ("isAdult(member)", U, K.UNSUPPORTED_FUNCTION),
    ('member.age >= 65 || member.locale.lowerAscii() == "x"', U, K.UNSUPPORTED_FUNCTION),
    ('member.?nickname == "x"', U, K.UNSUPPORTED_SYNTAX),
    ('member.tags[?0] == "x"', U, K.UNSUPPORTED_SYNTAX),
    ('member.tags.all(i, t, t != "x")', U, K.UNSUPPORTED_SYNTAX),
    ("patient.age > 3", U, K.MISSING_VARIABLE),
    # Equality and ordering across number types and with null, as the spec says.
    ("task.attempts == 2.0", E, K.DECIDED),
    ("task.attempts == 2u", E, K.DECIDED),
    ("task.attempts < 2.5", E, K.DECIDED),
    ("task.attempts != 2.0", B, K.DECIDED),
    ('assignment.due_at == "x"', B, K.DECIDED),
    ("assignment.due_at == null", E, K.DECIDED),
    ("assignment.due_at != null", B, K.DECIDED),
    ('member.age == "67"', B, K.DECIDED),
    ("[1, 2.0] == [1.0, 2]", E, K.DECIDED),
    ('{"a": 1} == {"a": 1.0}', E, K.DECIDED),
    ('member.tags == ["diabetes", "spanish"]', E, K.DECIDED),
    ("2.0 in [1, 2, 3]", E, K.DECIDED),
    ("assignment.due_at < 1", I, K.NO_OVERLOAD),
]


def _id(row: tuple[str | None, Outcome, ReasonKind]) -> str:
    return repr(row[0])[:60]


@pytest.mark.parametrize(("condition", "outcome", "kind"), TABLE, ids=[_id(r) for r in TABLE])
def test_outcome_and_reason_kind(condition: str | None, outcome: Outcome, kind: ReasonKind) -> None:
    hint = routing_hint(condition, SNAPSHOT)
    assert (hint.outcome, hint.kind) == (outcome, kind), hint.reason


def test_the_table_is_large_enough() -> None:
    assert len(TABLE) >= 40
    assert {row[1] for row in TABLE} == set(Outcome)


@pytest.mark.parametrize(("condition", "outcome", "kind"), TABLE, ids=[_id(r) for r in TABLE])
def test_reason_is_one_short_sentence_of_our_own(
    condition: str | None, outcome: Outcome, kind: ReasonKind
) -> None:
    reason = routing_hint(condition, SNAPSHOT).reason
    assert 0 < len(reason) <= 200
    assert "\n" not in reason
    for leak in ("CELEvalError", "Traceback", "activation", "Post-discharge", "celpy", "lark"):
        assert leak not in reason
