"""The public answers: a preview over the redacted snapshot, and enforcement over full data."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from assign_tui.routing.clauses import (
    build_clause,
    decided_reason,
    invalid_reason,
    outcome_of,
    unknown_reason,
)
from assign_tui.routing.model import Clause, Outcome, ReasonKind, RoutingHint
from assign_tui.routing.nodes import Env
from assign_tui.routing.parse import Compiled, compile_condition
from assign_tui.routing.references import resolve
from assign_tui.routing.residual import residual, waits_on
from assign_tui.routing.values import CelError, Unknown, activation

logging.getLogger("celpy").setLevel(logging.WARNING)

_ACTIVATIONS: OrderedDict[tuple[int, bool], tuple[Mapping[str, Any], dict[str, Any]]] = (
    OrderedDict()
)
_ACTIVATION_SLOTS = 8
_ACTIVATION_LOCK = threading.Lock()


def routing_hint(
    condition: str | None, snapshot: Mapping[str, Any], *, explain: bool = False
) -> RoutingHint:
    """Would the server let the operator select this task? From the `cel-context` snapshot.

    `member.form_data` and `member.data` are treated as unseen whatever they
    hold, so an answer that depends on them is UNKNOWN, never BLOCKED.
    """
    return _hint(condition, snapshot, preview=True, with_explanation=explain)


def evaluate_condition(condition: str | None, context: Mapping[str, Any]) -> RoutingHint:
    """The server's own check, over the full context: ELIGIBLE, BLOCKED or INVALID."""
    hint = _hint(condition, context, preview=False, with_explanation=False)
    if hint.outcome is Outcome.UNKNOWN:
        return RoutingHint(Outcome.INVALID, hint.reason, hint.references, None, hint.kind)
    return hint


def explain(condition: str | None, snapshot: Mapping[str, Any]) -> Clause:
    """The preview's clause tree: which `&&`, `||`, `!`, `?:` branch decided, and how."""
    hint = _hint(condition, snapshot, preview=True, with_explanation=True)
    if hint.explanation is not None:
        return hint.explanation
    return Clause(condition or "", "leaf", hint.outcome, (), True, hint.reason, hint.masked_reason)


def evaluate(condition: str, context: Mapping[str, Any]) -> Any:
    """The raw CEL result over full data: a cel-python value or a `CelError`."""
    compiled = compile_condition(condition)
    if compiled.root is None:
        assert compiled.rejected is not None
        return CelError(compiled.rejected.kind, compiled.rejected.message)
    return compiled.root.eval(Env(_activation(context, redact=False), preview=False))


def _activation(context: Mapping[str, Any], *, redact: bool) -> dict[str, Any]:
    """Convert each snapshot once: keyed by identity, so treat snapshots as immutable."""
    key = (id(context), redact)
    with _ACTIVATION_LOCK:
        cached = _ACTIVATIONS.get(key)
        if cached is not None and cached[0] is context:
            _ACTIVATIONS.move_to_end(key)
            return cached[1]
    variables = activation(context, redact=redact)
    with _ACTIVATION_LOCK:
        _ACTIVATIONS[key] = (context, variables)
        if len(_ACTIVATIONS) > _ACTIVATION_SLOTS:
            _ACTIVATIONS.popitem(last=False)
    return variables


ENGINE_FAILURE = "could not evaluate the condition"
"""The reason when the engine itself fails: the tests make sure no input gets here."""


def _hint(
    condition: str | None, context: Mapping[str, Any], *, preview: bool, with_explanation: bool
) -> RoutingHint:
    """Never raises: a failure of the engine is unknown in the preview and invalid at the server.

    The exception's text is dropped: it could quote the context, PHI included.
    """
    try:
        return _decide(condition, context, preview=preview, with_explanation=with_explanation)
    except Exception:  # noqa: BLE001 - an answer either way, and no PHI in a traceback
        outcome = Outcome.UNKNOWN if preview else Outcome.INVALID
        return RoutingHint(outcome, ENGINE_FAILURE, (), None, ReasonKind.UNSUPPORTED_SYNTAX)


def _decide(
    condition: str | None, context: Mapping[str, Any], *, preview: bool, with_explanation: bool
) -> RoutingHint:
    if condition is None or not condition.strip():
        return RoutingHint(Outcome.ELIGIBLE, "no condition", (), None, ReasonKind.NO_CONDITION)
    compiled = compile_condition(condition)
    references = resolve(compiled.paths, context, redact=preview)
    if compiled.root is None:
        return _rejected(compiled, references, preview)
    try:
        variables = _activation(context, redact=preview)
    except (TypeError, ValueError, OverflowError):
        return RoutingHint(
            Outcome.INVALID,
            "the context holds a value CEL cannot use",
            references,
            None,
            ReasonKind.BAD_VALUE,
        )
    trace: dict[int, Any] = {}
    try:
        value = compiled.root.eval(Env(variables, preview, trace))
        clause = build_clause(compiled.root, value, trace, condition, context, preview)
    except RecursionError:
        reason = "the condition is nested too deeply"
        return RoutingHint(Outcome.INVALID, reason, references, None, ReasonKind.PARSE_ERROR)
    outcome, kind, masked = outcome_of(value), ReasonKind.DECIDED, None
    remaining: tuple[str | None, tuple[str, ...]] = (None, ())
    if compiled.unsupported:
        names = " and ".join(f"{name}()" for name in compiled.unsupported[:2])
        outcome, kind = (
            (Outcome.UNKNOWN if preview else Outcome.INVALID),
            ReasonKind.UNSUPPORTED_FUNCTION,
        )
        who = "the preview" if preview else "this engine"
        reason = f"uses {names}, which {who} does not have"
    elif isinstance(value, CelError) and value.kind is ReasonKind.NOT_YET:
        reason, kind = value.message, value.kind
    elif outcome in (Outcome.ELIGIBLE, Outcome.BLOCKED):
        reason, masked = decided_reason(clause), decided_reason(clause, masked=True)
        masked = masked if masked != reason else None
    elif isinstance(value, Unknown):
        reason, kind = unknown_reason(value), value.needs[0][0]
        remaining = residual(compiled.root, variables) or (None, waits_on(value))
    else:
        reason = invalid_reason(clause, value)
        kind = value.kind if isinstance(value, CelError) else ReasonKind.NOT_BOOLEAN
    if clause.outcome is not outcome:
        clause = Clause(clause.source, clause.op, outcome, clause.children, True, reason, masked)
    explanation = clause if with_explanation else None
    return RoutingHint(outcome, reason, references, explanation, kind, masked, *remaining)


def _rejected(compiled: Compiled, references: Any, preview: bool) -> RoutingHint:
    rejected = compiled.rejected
    assert rejected is not None
    if rejected.kind is ReasonKind.UNSUPPORTED_SYNTAX:
        who = "the preview does not support" if preview else "this engine does not support"
        outcome = Outcome.UNKNOWN if preview else Outcome.INVALID
        return RoutingHint(
            outcome, f"{rejected.message}, which {who}", references, None, rejected.kind
        )
    return RoutingHint(Outcome.INVALID, rejected.message, references, None, rejected.kind)
