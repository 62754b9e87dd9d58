"""Create an assignment: the list's `c` and the palette's "Create assignment".

The flow: `write_refusal("create")` (tui/rules.py: read-only mode) -> the create
form, which sends once -> on success the workflow and member are remembered for
the next form's suggestions, a toast says so, and the new assignment opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assign_tui.tui.rules import write_refusal

if TYPE_CHECKING:
    from assign_tui.api.models import Assignment
    from assign_tui.tui.app import AssignApp

__all__ = ["open_create"]


def open_create(app: AssignApp) -> None:
    """Open the create form over whatever screen is on top (or say why not)."""
    from assign_tui.tui.modals.create_assignment import CreateAssignmentModal

    reason = write_refusal("create", read_only=app.read_only)
    if reason:
        app.notify(reason, timeout=4, markup=False)
        return

    def done(result: Assignment | None) -> None:
        if result is not None:
            app.remember([result])
            app.notify(f"Assignment {result.id} created")
            app.open_assignment(result.id)

    app.push_screen(CreateAssignmentModal(), done)
