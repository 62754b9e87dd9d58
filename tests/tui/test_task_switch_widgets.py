"""The routing widgets shared by the task-switch screen and the playground."""

from __future__ import annotations

from assign_tui.routing import Outcome, routing_hint
from assign_tui.tui.format import MASK
from assign_tui.tui.routing_badge import hint_badge, is_risky
from assign_tui.tui.routing_cel import HIGHLIGHT_LIMIT, highlight_cel
from assign_tui.tui.widgets.routing_explanation import (
    HIDDEN,
    clause_tree,
    explanation_text,
    playground_start,
)

SNAPSHOT = {
    "member": {"age": 67, "tags": ["spanish"], "form_data": {}, "data": {}},
    "assignment": {"priority": "high"}, "now": "2026-11-29T07:00:00Z",
}


def test_badges_read_without_colour() -> None:
    assert [hint_badge(o).plain for o in Outcome] == [
        "✓ eligible", "✗ blocked", "? unknown", "! invalid",
    ]
    assert hint_badge(None).plain == "…"
    assert [is_risky(o) for o in Outcome] == [False, True, True, True]
    assert is_risky(None)


def test_highlighter_styles_tokens_and_interprets_nothing() -> None:
    text = highlight_cel('"[bold]x" in member.tags && size(x) > 3\x1b')
    assert text.plain == '"[bold]x" in member.tags && size(x) > 3␛'
    styled = {text.plain[span.start:span.end]: str(span.style) for span in text.spans}
    assert styled['"[bold]x"'] == "green"
    assert styled["in"] == "bold magenta"
    assert styled["size"] == "bold blue"
    assert styled["&&"] == "bold yellow"
    assert styled["3"] == "cyan"


def test_highlighter_leaves_long_text_plain() -> None:
    """The playground's input highlights its whole value at every key: past the limit a
    paste arriving as keys took O(n) per key (6,000 characters: 33 s, now 8 s in tmux)."""
    clause = "member.age > 1 && "
    fits = (clause * HIGHLIGHT_LIMIT)[:HIGHLIGHT_LIMIT]
    assert highlight_cel(fits).spans
    long = highlight_cel(fits + "x")
    assert long.plain == fits + "x" and long.spans == []


def test_explanation_marks_redacted_values_and_the_deciding_clause() -> None:
    condition = "member.age >= 65 || member.form_data.consent == true"
    hint = routing_hint(condition, SNAPSHOT, explain=True)
    assert hint.explanation is not None
    text = explanation_text(condition, hint).plain
    assert "✓ eligible" in text
    assert f"member.form_data.consent = {HIDDEN}" in text
    tree = clause_tree(hint.explanation).plain.splitlines()
    assert tree[0].startswith("  ✓ ◆ ||")
    assert tree[1].startswith("  ├─ ✓ ◆ member.age >= 65")
    assert any(line.startswith("  └─ ?   member.form_data.consent") for line in tree)


def test_invalid_condition_has_a_reason_but_no_tree() -> None:
    hint = routing_hint("member.risk_level >== 3", SNAPSHOT, explain=True)
    assert hint.outcome is Outcome.INVALID
    text = explanation_text("member.risk_level >== 3", hint).plain
    assert "! invalid" in text and "Clauses" not in text


def test_residual_is_shown_and_offered_to_the_playground() -> None:
    condition = 'member.age >= 65 && member.form_data.consent == true'
    hint = routing_hint(condition, SNAPSHOT, explain=True)
    text = explanation_text(condition, hint).plain
    assert text.startswith(
        "Preview ? unknown: depends on the member's consent answer, which the preview cannot"
        " see; eligible if it is true\nStill to decide: member.form_data.consent == true\n"
    )
    assert playground_start(condition, hint) == "member.form_data.consent == true"
    assert playground_start(condition, None) == condition


def test_privacy_withholds_a_residual_that_folded_in_member_values() -> None:
    condition = "member.tags.exists(t, t == member.form_data.lang)"
    hint = routing_hint(condition, SNAPSHOT, explain=True)
    assert hint.residual == '"spanish" == member.form_data.lang'
    shown = explanation_text(condition, hint, privacy=True).plain
    assert '"spanish" ==' not in shown and "eligible if" not in shown
    assert f"Still to decide: {MASK}" in shown
    assert playground_start(condition, hint, privacy=True) == condition
    assert "spanish" in explanation_text(condition, hint).plain.split("Condition")[0]
