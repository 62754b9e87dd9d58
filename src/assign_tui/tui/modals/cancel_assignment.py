"""`X` on the detail: cancel an assignment, with a reason, sent exactly once per press.

A cancel is not idempotent, so it is never retried automatically: the button
is disabled while the request is on its way, and a failure leaves the reason
typed for the operator to send again (or not) knowing what happened.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static

from assign_tui.api.errors import ConflictError, ValidationError
from assign_tui.api.models import Assignment
from assign_tui.tui.format import safe
from assign_tui.tui.privacy import masked
from assign_tui.tui.widgets.form_field import FormRow
from assign_tui.tui.widgets.form_modal import FormModal
from assign_tui.tui.widgets.form_validation import REASON_LIMIT, check_reason, counter

__all__ = ["CancelAssignmentModal"]


class CancelAssignmentModal(FormModal[Assignment | None]):
    """Dismisses with the cancelled `Assignment`, or None when the operator backs out."""

    DEFAULT_CSS = """
    CancelAssignmentModal #form-box { width: 72; border: round $error; }
    CancelAssignmentModal #form-body { height: auto; }
    """
    BINDINGS = [
        Binding("ctrl+s", "submit", "Cancel assignment", id="cancel.submit"),
        Binding("escape", "leave", "Keep it", id="cancel.leave"),
    ]
    fields = ("reason",)
    submit_label = "Cancel assignment"
    submit_variant = "error"
    leave_label = "Keep it"

    def __init__(self, assignment: Assignment) -> None:
        super().__init__()
        self.assignment = assignment

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
            self.status.show_problem(
                f"Not cancelled: the server says it can no longer be cancelled ({error.detail}).",
                "It has probably finished already; press Esc to go back and reload.",
            )
            return
        except Exception as error:
            self.end_request()
            self.status.show_error(error, prefix="Not cancelled: ")
            if isinstance(error, ValidationError):
                self.mark_server_errors(error.field_errors, {"reason": "reason"})
            return
        self.end_request()
        self.dismiss(cancelled)
