"""`X` on the detail: cancel an assignment, with a reason, sent exactly once per press.

A cancel is not idempotent, so it is never retried automatically: the button
is disabled while the request is on its way, and a failure leaves the reason
typed for the operator to send again (or not) knowing what happened. When the
answer is lost (the connection broke after sending), the form says the outcome
is unknown and ctrl+o re-reads the assignment to report what really happened.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from assign_tui.api.client import Tagged
from assign_tui.api.errors import ConflictError
from assign_tui.api.models import Assignment
from assign_tui.tui.format import safe
from assign_tui.tui.forms.validation import REASON_LIMIT, check_reason, counter
from assign_tui.tui.modals.form import FormModal
from assign_tui.tui.privacy import masked
from assign_tui.tui.rules import CANCELLABLE_STATUSES
from assign_tui.tui.widgets.form_field import FormRow
from assign_tui.tui.write_outcome import CHECK_KEY

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
    form_title = "Cancel assignment"
    keys_hint = "{send} cancel it · {back} keep it"
    submit_label = "Cancel assignment"
    submit_variant = "error"
    leave_label = "Keep it"
    busy_words = "Cancelling…"
    refused_prefix = "Not cancelled: "
    may_have = "cancelled it"
    server_fields = {"reason": "reason"}
    assignment: Assignment

    def __init__(self, assignment: Assignment) -> None:
        super().__init__(assignment)

    def compose_head(self) -> ComposeResult:
        yield Static(self.question(), classes="form-question", markup=False)

    def compose_fields(self) -> ComposeResult:
        yield FormRow(
            "Reason",
            Input(id="reason", compact=True, placeholder="why (1 to 500 characters)"),
            id="row-reason",
        )

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
        self.status.show_info(
            self.keys.say("Press {send} (or the button) to cancel the assignment.")
        )

    def prepare(self) -> str | None:
        values = self.check_all()
        return None if values is None else str(values["reason"])

    async def send(self, reason: str) -> Assignment:
        return await self.console.client.cancel_assignment(self.assignment.id, reason)

    def show_failure(self, error: BaseException) -> None:
        if not isinstance(error, ConflictError):
            super().show_failure(error)
            return
        hint = self.keys.say(
            "It has probably finished already; press {back} to go back and reload."
        )
        if self.outcome_unknown:  # the earlier cancel, whose answer was lost, may have done it
            hint = f"Your earlier cancel may be what did it: press {CHECK_KEY} to check."
        self.status.show_problem(
            f"Not cancelled: the server says it can no longer be cancelled ({error.detail}).",
            hint,
        )

    def settle(self, fresh: Tagged[Assignment]) -> None:
        """Checked: cancelled (the form closes; the detail says so and reloads), or not and
        whether it still can be."""
        status = safe(fresh.value.status, single_line=True)
        if fresh.value.status == "cancelled":
            self.dismiss(fresh.value)
        elif fresh.value.status in CANCELLABLE:
            self.assignment = fresh.value
            self.status.show_problem(
                f"Not cancelled: checked, the server shows assignment {fresh.value.id} {status}.",
                self.keys.say("Press {send} to cancel it, or {back} to keep it."),
            )
        else:
            self.status.show_problem(
                f"Not cancelled: checked, the server shows assignment {fresh.value.id} {status}, "
                "which can no longer be cancelled.",
                self.keys.say("Press {back} to go back."),
            )
