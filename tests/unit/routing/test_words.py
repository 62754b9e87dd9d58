"""Plain words: one sentence per hint that an operator who does not read CEL understands.

One case per reason kind, the shapes the seeded workflows use, and honesty:
a hidden path is named with "which the preview cannot see", and its value is
never stated, even when the snapshot that reached the preview held one.
"""

from __future__ import annotations

import copy

import pytest
from routing_fixtures import SNAPSHOT, filled

from assign_tui.routing import ReasonKind, routing_hint
from assign_tui.routing.words import plain_words

K = ReasonKind


def _snapshot(**changes: object) -> dict:
    snapshot = copy.deepcopy(SNAPSHOT)
    for dotted, value in changes.items():
        *parents, key = dotted.split("__")
        target = snapshot
        for parent in parents:
            target = target[parent]
        target[key] = value
    return snapshot


FOUR_DAYS = _snapshot(task__started_at="2026-11-25T07:00:00Z")
YOUNGER = _snapshot(member__age=61)

CASES: list[tuple[str | None, dict, ReasonKind, str]] = [
    (None, SNAPSHOT, K.NO_CONDITION, "eligible: this task has no condition"),
    ("member.age >= 65", SNAPSHOT, K.DECIDED, "eligible: the member is 67 (needs 65 or more)"),
    ("member.age >= 65", YOUNGER, K.DECIDED, "blocked: the member is 61 (needs 65 or more)"),
    ("65 <= member.age", YOUNGER, K.DECIDED, "blocked: the member is 61 (needs 65 or more)"),
    ("!(member.age >= 65)", SNAPSHOT, K.DECIDED, "blocked: the member is 67 (needs less than 65)"),
    (
        'member.age >= 65 || assignment.priority == "urgent"',
        YOUNGER,
        K.DECIDED,
        (
            "blocked: the member is 61 (needs 65 or more) and the assignment's priority is high"
            " (needs urgent)"
        ),
    ),
    (
        "tasks.intake.output.score > 5",
        SNAPSHOT,
        K.DECIDED,
        "eligible: the intake task's output score is 7 (needs more than 5)",
    ),
    (
        'timestamp(now) - timestamp(task.started_at) > duration("72h")',
        FOUR_DAYS,
        K.DECIDED,
        "eligible: the current task started 4 days ago (needs more than 3)",
    ),
    (
        'timestamp(now) - timestamp(task.started_at) > duration("24h")',
        SNAPSHOT,
        K.DECIDED,
        "blocked: the current task started 16 hours ago (needs more than 24)",
    ),
    (
        "tasks.med_review.output.score >= 15",
        SNAPSHOT,
        K.NOT_YET,
        "blocked: the med_review task has no output yet",
    ),
    ('"spanish" in member.tags', SNAPSHOT, K.DECIDED, "eligible: the member is tagged spanish"),
    (
        '"postpartum" in member.tags',
        SNAPSHOT,
        K.DECIDED,
        "blocked: the member is not tagged postpartum",
    ),
    (
        "member.age >= 65 && member.form_data.consent == true",
        YOUNGER,
        K.DECIDED,
        "blocked: the member is 61 (needs 65 or more), whatever the member's consent answer is",
    ),
    (
        "member.age >= 65 && member.form_data.consent == true",
        SNAPSHOT,
        K.REDACTED,
        (
            "unknown: depends on the member's consent answer, which the preview cannot see;"
            " eligible if it is true"
        ),
    ),
    (
        "has(member.data.a1c) && member.data.a1c > 9.0",
        SNAPSHOT,
        K.REDACTED,
        (
            "unknown: depends on the member's a1c record, which the preview cannot see;"
            " eligible if it is recorded and it is more than 9.0"
        ),
    ),
    (
        "member.form_data.a == 1 || !member.data.b",
        SNAPSHOT,
        K.REDACTED,
        (
            "unknown: depends on the member's a answer and the member's b record, which the preview"
            " cannot see; eligible if the member's a answer is 1 or the member's b record is false"
        ),
    ),
    (
        "size(member.form_data.medications) > 0",
        SNAPSHOT,
        K.REDACTED,
        "unknown: depends on the member's medications answer, which the preview cannot see",
    ),
    (
        "member.form_data.x == 1 || 1 / 0 == 1",
        SNAPSHOT,
        K.REDACTED,
        "unknown: depends on the member's x answer, which the preview cannot see",
    ),
    (
        "patient.age > 3",
        SNAPSHOT,
        K.MISSING_VARIABLE,
        (
            "unknown: depends on patient.age, which the snapshot does not have;"
            " eligible if it is more than 3"
        ),
    ),
    (
        'member.locale.lowerAscii() == "es-us"',
        SNAPSHOT,
        K.UNSUPPORTED_FUNCTION,
        "unknown: uses lowerAscii(), which the preview does not have; only the server can decide",
    ),
    (
        'member.?nickname == "x"',
        SNAPSHOT,
        K.UNSUPPORTED_SYNTAX,
        (
            "unknown: uses optional syntax (.?, [?, {?), which the preview does not support;"
            " only the server can decide"
        ),
    ),
    (
        "member.risk_level >== 3",
        SNAPSHOT,
        K.PARSE_ERROR,
        (
            "invalid: the condition cannot be read (parse error at column 21);"
            " the server rejects it too"
        ),
    ),
    (
        'member.age > "sixty"',
        SNAPSHOT,
        K.NO_OVERLOAD,
        (
            "invalid: it compares or combines values of different kinds"
            " (no operator > for int and string); the server rejects it too"
        ),
    ),
    (
        "1 / 0 == 1",
        SNAPSHOT,
        K.DIVISION_BY_ZERO,
        "invalid: it divides by zero (division by zero); the server rejects it too",
    ),
    (
        'tasks.nope.status == "active"',
        SNAPSHOT,
        K.NO_SUCH_KEY,
        (
            'invalid: it reads something that is not there (tasks has no key "nope");'
            " the server rejects it too"
        ),
    ),
    (
        "9223372036854775807 + 1 > 0",
        SNAPSHOT,
        K.OUT_OF_RANGE,
        (
            "invalid: a number or time in it is out of range (integer overflow);"
            " the server rejects it too"
        ),
    ),
    (
        'duration("forever") > duration("1h")',
        SNAPSHOT,
        K.BAD_VALUE,
        (
            "invalid: a value in it cannot be converted (duration() cannot convert this string:"
            " not a duration like 24h or 90m); the server rejects it too"
        ),
    ),
    (
        "member.age",
        SNAPSHOT,
        K.NOT_BOOLEAN,
        (
            "invalid: it does not give a yes or no answer (the condition gives an int, not a"
            " boolean); the server rejects it too"
        ),
    ),
]


@pytest.mark.parametrize(("condition", "snapshot", "kind", "sentence"), CASES,
                         ids=[f"{c[2]}-{str(c[0])[:40]}" for c in CASES])  # fmt: skip
def test_sentence_for_each_reason_kind(
    condition: str | None, snapshot: dict, kind: ReasonKind, sentence: str
) -> None:
    hint = routing_hint(condition, snapshot, explain=True)
    assert hint.kind is kind
    assert plain_words(hint) == sentence


def test_every_reason_kind_has_a_sentence() -> None:
    assert {case[2] for case in CASES} == set(ReasonKind)


@pytest.mark.parametrize(
    "condition",
    [
        "member.form_data.consent == true",
        "member.age >= 65 && member.form_data.consent == true",
        "member.form_data.x == 1 || member.age >= 65",
        "member.data.a1c > 9.0 && member.age < 18",
        "member.tags.exists(t, t == member.form_data.lang)",
    ],
)
def test_never_implies_the_preview_saw_hidden_data(condition: str) -> None:
    """Even a snapshot that arrives with the hidden maps filled is described without them."""
    planted = filled({"consent": "ZZPHI", "x": 424242, "lang": "ZZPHI-es"}, {"a1c": 424243.5})
    sentence = plain_words(routing_hint(condition, planted, explain=True))
    assert "ZZPHI" not in sentence and "4242" not in sentence
    hidden = ("consent", "x answer", "a1c", "lang")
    named = [word for word in hidden if word in sentence]
    if named and sentence.startswith("unknown"):
        assert "which the preview cannot see" in sentence
    for claim in (" answer is ZZ", " record is 4", "the preview saw", "shows"):
        assert claim not in sentence


def test_privacy_mask_hides_the_members_visible_values() -> None:
    hint = routing_hint("member.age >= 65 && task.attempts > 1", SNAPSHOT, explain=True)
    sentence = plain_words(hint, mask="•••")
    assert (
        sentence
        == "eligible: the member is ••• (needs 65 or more) and this task's attempts is 2 (needs more than 1)"
    )
