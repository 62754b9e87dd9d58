"""`X` on the detail: cancel an assignment, with a reason, sent exactly once per press.

A cancel is not idempotent, so it is never retried automatically: the button
is disabled while the request is on its way, and a failure leaves the reason
typed for the operator to send again (or not) knowing what happened. When the
answer is lost (the connection broke after sending), the form says the outcome
is unknown and ctrl+o re-reads the assignment to report what really happened.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static

from assign_tui.api.errors import ConflictError, ValidationError, outcome_unknown
from assign_tui.api.models import Assignment
from assign_tui.tui.format import safe
from assign_tui.tui.privacy import masked
from assign_tui.tui.rules import CANCELLABLE_STATUSES
from assign_tui.tui.widgets.form_field import FormRow
from assign_tui.tui.widgets.form_modal import FormModal
from assign_tui.tui.widgets.form_validation import REASON_LIMIT, check_reason, counter
from assign_tui.tui.write_outcome import CHECK_KEY, unknown_problem

__all__ = ["CANCELLABLE", "CancelAssignmentModal"]

#: The statuses the contract lets a cancel change (tui/rules.py).
CANCELLABLE = CANCELLABLE_STATUSES


class CancelAssignmentModal(FormModal[Assignment | None]):
    """Dismisses with the cancelled `Assignment`, or None when the operator backs out."""

    DEFAULT_CSS = """
    CancelAssignmentModal #form-box { width: 72; border: round $error; }
    CancelAssignmentModal #form-body { height: auto; }
    """
    BINDINGS = [
        Binding("ctrl+s", "submit", "Cancel assignment", id="cancel.submit"),
        Binding("escape", "leave", "Keep it", id="cancel.leave"),
        Binding(CHECK_KEY, "check", "Check status", id="cancel.check"),
    ]
    fields = ("reason",)
    submit_label = "Cancel assignment"
    submit_variant = "error"
    leave_label = "Keep it"

    def __init__(self, assignment: Assignment) -> None:
        super().__init__()
        self.assignment = assignment
        self.outcome_unknown = False
        """True after a cancel whose answer was lost, until a check finds out."""
        self._checking = False

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box") as box:
            box.border_title = "Cancel assignment"
            box.border_subtitle = "ctrl+s cancel it · Esc keep it"
            yield Static(self.question(), classes="form-question", markup=False)
            with VerticalScroll(id="form-body"):
                yield FormRow(
                    "Reason",
                    Input(id="reason", compact=True, placeholder="why (1 to 500 characters)"),
                    id="row-reason",
                )
            yield from self.form_footer()

    def question(self) -> Text:
        a = self.assignment
        who = (
            masked(a.member_name, self.console.privacy)
            if a.member_name
            else f"member {a.member_id}"
        )
        text = Text(f"Cancel assignment {a.id} for {safe(who, single_line=True)}?")
        text.append(
            f"\n{safe(a.workflow_name, single_line=True)} · {safe(a.status, single_line=True)}",
            style="not bold",
        )
        return text

    def on_mount(self) -> None:
        self.check_field("reason")
        self.query_one("#reason", Input).focus()

    @property
    def reason(self) -> str:
        return self.field_text("reason")

    @property
    def has_unsaved_input(self) -> bool:
        return bool(self.reason.strip())

    def field_value(self, name: str) -> str:
        return check_reason(self.reason)

    def field_hint(self, name: str, value: object) -> str:
        return counter(self.reason, REASON_LIMIT)

    @on(Input.Submitted, "#reason")
    def _enter_pressed(self) -> None:
        """Enter does not cancel anything: only ctrl+s or the button do."""
        self.status.show_info("Press ctrl+s (or the button) to cancel the assignment.")

    def action_submit(self) -> None:
        if self.in_flight:
            return
        values = self.check_all()
        if values is None:
            return
        reason = values["reason"]
        if self.begin_request("Cancelling…"):
            self._send(reason)

    @work(exclusive=True, group="submit", exit_on_error=False)
    async def _send(self, reason: str) -> None:
        try:
            cancelled = await self.console.client.cancel_assignment(self.assignment.id, reason)
        except ConflictError as error:
            self.end_request()
            hint = "It has probably finished already; press Esc to go back and reload."
            if self.outcome_unknown:  # the earlier cancel, whose answer was lost, may have done it
                hint = f"Your earlier cancel may be what did it: press {CHECK_KEY} to check."
            self.status.show_problem(
                f"Not cancelled: the server says it can no longer be cancelled ({error.detail}).",
                hint,
            )
            return
        except Exception as error:
            self.end_request()
            if outcome_unknown(error):
                self._set_unknown(True)
                self.status.show_problem(*unknown_problem(error, "cancelled it"))
                return
            self.status.show_error(error, prefix="Not cancelled: ")
            if isinstance(error, ValidationError):
                self.mark_server_errors(error.field_errors, {"reason": "reason"})
            return
        self.end_request()
        self.dismiss(cancelled)

    # -- after a lost answer: find out -------------------------------------------

    def _set_unknown(self, unknown: bool) -> None:
        self.outcome_unknown = unknown
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "check":
            return self.outcome_unknown  # offered only when there is something to find out
        return super().check_action(action, parameters)

    def action_check(self) -> None:
        if self.outcome_unknown and not self._checking and not self.in_flight:
            self._check()

    @work(exclusive=True, group="check", exit_on_error=False)
    async def _check(self) -> None:
        """Re-read the assignment and say what the server holds: cancelled or not."""
        self._checking = True
        try:
            fresh = await self.read_back(self.assignment.id)
        finally:
            self._checking = False
        if fresh is None:
            return
        self._set_unknown(False)
        status = safe(fresh.value.status, single_line=True)
        if fresh.value.status == "cancelled":
            self.dismiss(fresh.value)  # it was done: the detail says so and reloads
        elif fresh.value.status in CANCELLABLE:
            self.assignment = fresh.value
            self.status.show_problem(
                f"Not cancelled: checked, the server shows assignment {fresh.value.id} {status}.",
                "Press ctrl+s to cancel it, or Esc to keep it.",
            )
        else:
            self.status.show_problem(
                f"Not cancelled: checked, the server shows assignment {fresh.value.id} {status}, "
                "which can no longer be cancelled.",
                "Press Esc to go back.",
            )
