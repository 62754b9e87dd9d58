"""The words for a write whose answer was lost: the console cannot know whether it was done.

A cancel, update or task switch that was sent but whose connection broke (or timed
out, or a gateway gave up) may have been done by the server. Saying "Not cancelled"
there would be a guess the operator acts on. These say "unknown" and name the one
key that finds out: `CHECK_KEY` re-reads the assignment and reports what the server holds.
"""

from __future__ import annotations

from assign_tui.api.errors import ApiError, outcome_unknown
from assign_tui.tui.format import safe

__all__ = ["CHECK_KEY", "outcome_unknown", "unknown_problem"]

#: The forms' key for "check what the server holds now" (not used by Input or TextArea).
CHECK_KEY = "ctrl+o"


def unknown_problem(
    error: BaseException, may_have: str, action: str = ""
) -> tuple[str, str]:
    """(message, hint): what failed and that the outcome is unknown; what may have happened
    and how to find out. Short: a form's status line has four lines at 80x24.

    `may_have` completes "the server may or may not have …", e.g. "cancelled it";
    `action` replaces the default "press ctrl+o to check".
    """
    what = safe(error.message, single_line=True) if isinstance(error, ApiError) else "it failed"
    action = action or f"Press {CHECK_KEY} to check; your input is kept."
    return f"Outcome unknown: {what}.", f"The server may or may not have {may_have}. {action}"
