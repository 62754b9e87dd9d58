"""CEL routing hints. TEMPORARY STUB: the routing-engine work replaces this file.

The interface below is fixed; the implementation is a placeholder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    ELIGIBLE = "eligible"
    BLOCKED = "blocked"
    UNKNOWN = "unknown"
    INVALID = "invalid"


@dataclass(frozen=True)
class RoutingHint:
    outcome: Outcome
    reason: str
    references: tuple[Any, ...] = field(default=())


def routing_hint(condition: str | None, snapshot: Mapping[str, Any]) -> RoutingHint:
    """The preview over a redacted snapshot (member.form_data / member.data hidden)."""
    return evaluate_condition(condition, snapshot)


def evaluate_condition(condition: str | None, context: Mapping[str, Any]) -> RoutingHint:
    """Evaluate with full data (the sandbox's enforcement): never UNKNOWN."""
    if not condition or not condition.strip():
        return RoutingHint(Outcome.ELIGIBLE, "no condition")
    import celpy

    env = celpy.Environment()
    try:
        program = env.program(env.compile(condition))
        result = program.evaluate(celpy.json_to_cel(dict(context)))
    except Exception:
        return RoutingHint(Outcome.INVALID, "the condition could not be evaluated")
    if isinstance(result, bool) or type(result).__name__ == "BoolType":
        return RoutingHint(Outcome.ELIGIBLE if result else Outcome.BLOCKED, "evaluated")
    return RoutingHint(Outcome.INVALID, "the condition is not a boolean")
