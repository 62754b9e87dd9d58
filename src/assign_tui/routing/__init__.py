"""CEL routing hints: would the server let the operator select a task, and why?

`routing_hint` previews a task condition over the `cel-context` snapshot, in
which `member.form_data` and `member.data` are hidden (PHI): an answer that
depends on them is UNKNOWN, never BLOCKED. `evaluate_condition` is the same
engine over full data, for the sandbox's enforcement. No `textual` here, and
cel-python (about 130 ms to import) loads only on the first evaluation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assign_tui.routing.model import Clause, Outcome, ReasonKind, Reference, RoutingHint

if TYPE_CHECKING:
    from assign_tui.routing.hint import evaluate, evaluate_condition, explain, routing_hint

__all__ = [
    "Clause",
    "Outcome",
    "ReasonKind",
    "Reference",
    "RoutingHint",
    "evaluate",
    "evaluate_condition",
    "explain",
    "routing_hint",
]

_LAZY = {"evaluate", "evaluate_condition", "explain", "routing_hint"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from assign_tui.routing import hint

        return getattr(hint, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
