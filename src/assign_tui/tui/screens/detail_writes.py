"""The detail screen's writes: switch task, update, cancel. Mixed into `AssignmentDetailScreen`.

A write flows: key -> `write_refusal` (tui/rules.py: the status, read-only mode and
the server's `allowedActions`) -> the form or screen that sends it -> on success a
toast and `reload()` of this screen, which holds the assignment and its ETag.
A refused write's key is hidden and explained by `ConsoleScreen`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from assign_tui.tui.rules import Write, write_refusal

if TYPE_CHECKING:
    from textual.worker import Worker

    from assign_tui.api.client import Tagged
    from assign_tui.api.models import Assignment, OperatorTaskDetail
    from assign_tui.tui.app import AssignApp
    from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen

__all__ = ["DetailWrites"]

#: The screen's write actions, and the write each is (as `allowedActions` names it).
_WRITES: dict[str, Write] = {"switch_task": "select_task", "update": "update", "cancel": "cancel"}


class DetailWrites:
    """Opens the forms of the assignment on screen; refuses as `tui.rules` says."""

    if TYPE_CHECKING:
        assignment: Assignment | None
        task_detail: OperatorTaskDetail | None
        etag: str | None

        @property
        def console(self) -> AssignApp: ...
        def reload(self) -> Worker[None]: ...

    def write_refusal(self, action: str) -> str:
        write = _WRITES.get(action)
        if write is None:
            return ""
        # No current task, no `allowedActions`: the status decides, then the server. The
        # task switch opens without select_task too: it shows the hints, and refuses there.
        allowed = self.task_detail.allowed_actions if self.task_detail is not None else None
        return write_refusal(
            write,
            read_only=self.console.read_only,
            status=self.assignment.status if self.assignment is not None else None,
            allowed_actions=None if write == "select_task" else allowed,
        )

    def _refused(self, action: str) -> bool:
        """Say why the write cannot apply; True when it cannot."""
        reason = self.write_refusal(action)
        if reason:
            self.console.notify(reason, timeout=4, markup=False)
        return bool(reason)

    def action_switch_task(self) -> None:
        from assign_tui.tui.screens.task_switch import TaskSwitchScreen

        if self.assignment is None or self._refused("switch_task"):
            return
        actions = self.task_detail.allowed_actions if self.task_detail else None
        allowed = actions is None or "select_task" in actions
        detail = cast("AssignmentDetailScreen", self)  # the mixin's one host
        self.console.push_screen(TaskSwitchScreen(detail, self.assignment, allowed=allowed))

    def action_update(self) -> None:
        from assign_tui.tui.modals.update_assignment import UpdateAssignmentModal

        if self.assignment is None or self._refused("update"):
            return

        def done(result: Tagged[Assignment] | None) -> None:
            if result is not None:
                self.console.notify(f"Assignment {result.value.id} updated")
                self.reload()

        self.console.push_screen(UpdateAssignmentModal(self.assignment, self.etag), done)

    def action_cancel(self) -> None:
        from assign_tui.tui.modals.cancel_assignment import CancelAssignmentModal

        if self.assignment is None or self._refused("cancel"):
            return

        def done(result: Assignment | None) -> None:
            if result is not None:
                self.console.notify(f"Assignment {result.id} cancelled")
                self.reload()

        self.console.push_screen(CancelAssignmentModal(self.assignment), done)
