"""The clause tree of one evaluation, and the one-sentence reason built from it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from celpy import celtypes

from assign_tui.routing.logic import Conditional, Logical, Not
from assign_tui.routing.model import (
    MEMBER_VALUE_MASK,
    Clause,
    Outcome,
    ReasonKind,
    Reference,
    is_member_data,
)
from assign_tui.routing.nodes import Node
from assign_tui.routing.references import read_paths, resolve
from assign_tui.routing.values import CelError, Unknown, article, display, type_name

_NEEDS = {
    ReasonKind.REDACTED: "which the preview cannot see",
    ReasonKind.MISSING_VARIABLE: "which the snapshot does not have",
}


def outcome_of(value: Any) -> Outcome:
    if type(value) is celtypes.BoolType:
        return Outcome.ELIGIBLE if value else Outcome.BLOCKED
    if isinstance(value, Unknown):
        return Outcome.UNKNOWN
    if isinstance(value, CelError) and value.kind is ReasonKind.NOT_YET:
        return Outcome.BLOCKED
    return Outcome.INVALID


def build_clause(
    node: Node,
    value: Any,
    trace: dict[int, Any],
    source: str,
    context: Mapping[str, Any],
    redact: bool,
    decisive: bool = True,
) -> Clause:
    """The `&&`/`||`/`!`/`?:` skeleton above the leaves, each with its traced value."""
    outcome = outcome_of(value)
    text = source[node.start : node.end]
    kids: tuple[Node, ...]
    if isinstance(node, Logical):
        op, kids = node.op, (node.left, node.right)
    elif isinstance(node, Not):
        op, kids = "!", (node.operand,)
    elif isinstance(node, Conditional):
        op, kids = "?:", (node.test, node.then, node.otherwise)
    else:
        detail, masked = leaf_detail(node, value, context, redact)
        return Clause(text, "leaf", outcome, (), decisive, detail, masked)
    values = [trace.get(id(kid)) for kid in kids]
    outcomes = [outcome_of(v) for v in values]
    if op == "?:":
        test = values[0]
        chosen = 1 if test is True or (type(test) is celtypes.BoolType and test) else 2
        flags = [True] + [type(test) is celtypes.BoolType and i == chosen for i in (1, 2)]
    elif op == "!":
        flags = [True]
    else:
        flags = [o == outcome for o in outcomes]
    children = tuple(
        build_clause(kid, v, trace, source, context, redact, decisive and flag)
        for kid, v, flag in zip(kids, values, flags, strict=True)
    )
    return Clause(text, op, outcome, children, decisive, "")


def leaf_detail(
    node: Node, value: Any, context: Mapping[str, Any], redact: bool
) -> tuple[str, str | None]:
    """The leaf's detail, and the same with the member's values masked (None: nothing to mask)."""
    if isinstance(value, Unknown):
        return unknown_reason(value), None
    if isinstance(value, CelError):
        return value.message, None
    if type(value) is not celtypes.BoolType:
        return f"gives {article(type_name(value))}, not a boolean", None
    shown = [
        ref for ref in resolve(read_paths(node), context, redact=redact) if not ref.redacted
    ][:3]
    detail = ", ".join(_reading(ref, masked=False) for ref in shown)
    masked = ", ".join(_reading(ref, masked=True) for ref in shown)
    return detail, (masked if masked != detail else None)


def _reading(ref: Reference, *, masked: bool) -> str:
    if not ref.present:
        return f"{ref.path} is absent"
    if masked and is_member_data(ref.path):
        return f"{ref.path} is {MEMBER_VALUE_MASK}"
    return f"{ref.path} is {display(ref.value)}"


def unknown_reason(value: Unknown) -> str:
    kind = value.needs[0][0]
    names = [name for k, name in value.needs if k is kind]
    listed = " and ".join(names[:2]) + (f" and {len(names) - 2} more" if len(names) > 2 else "")
    if kind is ReasonKind.UNSUPPORTED_FUNCTION:
        return f"uses {listed}, which the preview does not have"
    return f"needs {listed}, {_NEEDS.get(kind, 'which the preview cannot see')}"


def decisive_leaves(clause: Clause) -> list[Clause]:
    if clause.op == "leaf":
        return [clause]
    found: list[Clause] = []
    for child in clause.children:
        if child.decisive:
            found.extend(decisive_leaves(child))
    return found


def decided_reason(clause: Clause, *, masked: bool = False) -> str:
    """ "member.age >= 65 is true (member.age is 67)", from the leaves that decided it.

    With `masked`, from the leaves' masked details ("member.age is •••••").
    """
    leaves = [
        leaf
        for leaf in decisive_leaves(clause)
        if leaf.outcome in (Outcome.ELIGIBLE, Outcome.BLOCKED)
        and leaf.source not in ("true", "false")
    ] or [clause]
    parts = [f"{shorten(leaf.source)} is {_truth(leaf.outcome)}" for leaf in leaves[:2]]
    if len(leaves) > 2:
        parts.append(f"{len(leaves) - 2} more")
    details = list(
        dict.fromkeys(
            part
            for leaf in leaves[:2]
            if leaf.detail
            for part in leaf.shown_detail(masked).split(", ")
        )
    )
    sentence = (
        " and ".join(parts) if len(parts) < 3 else ", ".join(parts[:-1]) + " and " + parts[-1]
    )
    return sentence + (f" ({', '.join(details[:3])})" if details else "")


def invalid_reason(clause: Clause, value: Any) -> str:
    if not isinstance(value, CelError):
        return f"the condition gives {article(type_name(value))}, not a boolean"
    for leaf in decisive_leaves(clause):
        if leaf.outcome is Outcome.INVALID and leaf.source != clause.source:
            return f"{value.message} (in {shorten(leaf.source)})"
    return value.message


def shorten(text: str, limit: int = 72) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _truth(outcome: Outcome) -> str:
    return "true" if outcome is Outcome.ELIGIBLE else "false"
