"""May the operator write this? One answer for the list, the detail, the task switch and
the app, so a write the console cannot send is hidden everywhere and explained the same way.

The statuses come from the contract's enum (`api.models`); the server keeps the last
word: a write offered here may still be refused there, and the screen says so.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

from assign_tui.api.models import (
    CANCELLABLE_STATUSES,
    FINAL_STATUSES,
    OPEN_STATUSES,
    SELECTABLE_STATUSES,
    AssignmentStatus,
)

__all__ = ["CANCELLABLE_STATUSES", "SETTABLE_STATUSES", "Write", "write_refusal"]

#: The statuses an update may set, in the order the form offers them (the contract lets an
#: operator move an assignment between these, and only from one of them).
SETTABLE_STATUSES: tuple[str, ...] = tuple(
    status.value for status in AssignmentStatus if status.value in SELECTABLE_STATUSES
)

Write = Literal["create", "update", "cancel", "select_task"]

_DOING = {
    "create": "creating assignments",
    "update": "updating",
    "cancel": "cancelling",
    "select_task": "switching tasks",
}
_DONE = {"update": "updated", "cancel": "cancelled", "select_task": "switched to another task"}


def write_refusal(
    write: Write,
    *,
    read_only: bool,
    status: str | None = None,
    allowed_actions: Collection[str] | None = None,
) -> str:
    """Why `write` cannot apply, in words for the operator; "" when it may be sent.

    Args:
        write: The write, named as in the contract's `allowedActions`.
        read_only: The console's read-only mode.
        status: The assignment's status (not needed to create one).
        allowed_actions: The server's `allowedActions` for this caller, when it sent them.
    """
    if read_only:
        return f"Read-only mode: {_DOING[write]} is off (palette: Read-only mode off)."
    if write == "create":
        return ""
    if status is None:
        return "The assignment has not loaded yet."
    if status in FINAL_STATUSES:
        return f"This assignment is {status}: it can no longer be {_DONE[write]}."
    if write == "select_task" and status in OPEN_STATUSES - SELECTABLE_STATUSES:
        return f"This assignment is {status}: its tasks can be switched once it is active."
    if allowed_actions is not None and write not in allowed_actions:
        return (
            f"The server does not let you do this here: {write} is not in your allowed actions."
        )
    return ""
