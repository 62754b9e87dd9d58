"""`c` on the list: create an assignment, once, however often submit is pressed."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select

from assign_tui.api.errors import (
    ApiError,
    PermissionDeniedError,
    ValidationError,
    outcome_unknown,
)
from assign_tui.api.models import Assignment, CreateAssignmentRequest
from assign_tui.tui.format import safe
from assign_tui.tui.privacy import masked
from assign_tui.tui.forms.changes import IdempotencyKeys
from assign_tui.tui.widgets.form_field import FormRow, FormTextArea
from assign_tui.tui.modals.form import FormModal
from assign_tui.tui.forms.validation import (
    DUE_PLACEHOLDER,
    NOTES_LIMIT,
    PRIORITIES,
    check_notes,
    counter,
    due_hint,
    parse_due,
    parse_id,
    parse_metadata,
    parse_workflow,
    workflow_choices,
)
from assign_tui.tui.write_outcome import unknown_problem

__all__ = ["CreateAssignmentModal"]

#: The contract's field names (as the server names them in 403/422 details) -> form rows.
SERVER_FIELDS = {
    "workflowId": "workflow",
    "workflow_id": "workflow",
    "memberId": "member",
    "member_id": "member",
    "priority": "priority",
    "dueAt": "due",
    "due_at": "due",
    "notes": "notes",
    "metadata": "metadata",
}
NOT_SEEN = "not seen yet; the server checks it"


class CreateAssignmentModal(FormModal[Assignment | None]):
    """Dismisses with the created `Assignment`, or None when the operator leaves."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Create", id="create.submit"),
        Binding("escape", "leave", "Cancel", id="create.leave"),
    ]
    fields = ("workflow", "member", "priority", "due", "notes", "metadata")
    submit_label = "Create"

    def __init__(self) -> None:
        super().__init__()
        self._keys = IdempotencyKeys()
        self.last_idempotency_key: str | None = None
        """The key sent with the latest request (tests and logs read it)."""

    def compose(self) -> ComposeResult:
        names = {safe(name, single_line=True) for name in self.console.seen_workflows.values()}
        workflows = SuggestFromList(sorted(names), case_sensitive=False)
        members = SuggestFromList(str(i) for i in sorted(self.console.seen_members))
        with Vertical(id="form-box", classes="dialog") as box:
            box.border_title = "New assignment"
            box.border_subtitle = "ctrl+s create · Tab next field · Esc cancel"
            with VerticalScroll(id="form-body"):
                yield self._input_row(
                    "Workflow", "workflow", "id or name (required)", workflows, restrict=None
                )
                yield self._input_row("Member id", "member", "you", members)
                priority = Select(
                    [(p, p) for p in PRIORITIES],
                    value="normal",
                    allow_blank=False,
                    id="priority",
                    compact=True,
                )
                yield FormRow("Priority", priority, id="row-priority")
                yield FormRow(
                    "Due (UTC)",
                    Input(id="due", compact=True, placeholder=DUE_PLACEHOLDER),
                    id="row-due",
                )
                yield FormRow("Notes", FormTextArea(id="notes", compact=True), id="row-notes")
                metadata = FormTextArea(
                    id="metadata", compact=True, placeholder='JSON object: {"channel": "sms"}'
                )
                yield FormRow("Metadata", metadata, id="row-metadata")
            yield from self.form_footer()

    @staticmethod
    def _input_row(
        label: str,
        name: str,
        placeholder: str,
        suggester: SuggestFromList,
        restrict: str | None = r"[0-9]*",
    ) -> FormRow:
        control = Input(
            id=name,
            compact=True,
            restrict=restrict,
            placeholder=placeholder,
            suggester=suggester,
        )
        return FormRow(label, control, id=f"row-{name}")

    def on_mount(self) -> None:
        for name in self.fields:
            self.check_field(name)
        self.query_one("#workflow", Input).focus()

    # -- fields --------------------------------------------------------------------

    def field_value(self, name: str) -> Any:
        text = self.field_text(name)
        if name == "workflow":
            return parse_workflow(text, self.console.seen_workflows)
        if name == "member":
            return parse_id(text, what="Member id", required=False)
        if name == "priority":
            return text or "normal"
        if name == "due":
            return parse_due(text, self.console.clock())
        if name == "notes":
            return check_notes(text) or None
        return parse_metadata(text)

    def field_hint(self, name: str, value: Any) -> str:
        console = self.console
        if name == "workflow":
            if value is None:
                seen = workflow_choices(
                    {i: safe(n, single_line=True) for i, n in console.seen_workflows.items()}
                )
                return f"an id or a name (→ completes it), e.g. {seen}" if seen else (
                    "the workflow's id (none seen yet in the list)"
                )
            workflow = console.seen_workflows.get(value)
            return f"{value} · {safe(workflow, single_line=True) if workflow else NOT_SEEN}"
        if name == "member":
            if value is None:
                return "empty = you (the token's member)"
            member = console.seen_members.get(value)
            return f"{value} · {masked(member, console.privacy) if member else NOT_SEEN}"
        if name == "due":
            return due_hint(value, console.clock())
        if name == "notes":
            return f"{counter(self.field_text(name), NOTES_LIMIT)} characters"
        if name == "metadata":
            return "a JSON object; empty = none"
        return ""

    @property
    def has_unsaved_input(self) -> bool:
        typed = any(self.field_text(name).strip() for name in self.fields if name != "priority")
        return typed or self.field_text("priority") != "normal"

    # -- sending -------------------------------------------------------------------

    def action_submit(self) -> None:
        if self.in_flight:
            return
        values = self.check_all()
        if values is None:
            return
        names = {"workflow": "workflow_id", "member": "member_id", "due": "due_at"}
        request = CreateAssignmentRequest(
            **{names.get(k, k): v for k, v in values.items() if v is not None}
        )
        key = self._keys.key_for(request.body())
        if self.begin_request("Creating the assignment…"):
            self.last_idempotency_key = key
            self._send(request, key)

    @work(exclusive=True, group="submit", exit_on_error=False)
    async def _send(self, request: CreateAssignmentRequest, key: str) -> None:
        try:
            created = await self.console.client.create_assignment(request, idempotency_key=key)
        except Exception as error:  # every failure is shown in the form, never a traceback
            self.end_request()
            self._show_failure(error)
            return
        self.end_request()
        self.dismiss(created)

    def _show_failure(self, error: BaseException) -> None:
        """Errors at the fields the server names; the rest on the form's line. Input stays."""
        marked: list[str] = []
        if isinstance(error, ValidationError):
            marked = self.mark_server_errors(error.field_errors, SERVER_FIELDS)
        elif isinstance(error, PermissionDeniedError):
            detail = error.detail.lower()
            field = (
                "workflowId" if "workflow" in detail else "memberId" if "member" in detail else ""
            )
            if field:
                marked = self.mark_server_errors({field: error.detail}, SERVER_FIELDS)
        if outcome_unknown(error):
            self.status.show_problem(*unknown_problem(
                error, "created it",
                "Press ctrl+s to send it unchanged: the same Idempotency-Key never makes two.",
            ))
            return
        if marked and isinstance(error, ApiError):
            hint = "Correct the marked field, then press ctrl+s."
            self.status.show_problem("Not created: " + error.message, hint)
            self.status.names_fields = True
        else:
            self.status.show_error(error, prefix="Not created: ")
