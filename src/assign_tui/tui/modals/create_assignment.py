"""`c` on the list: create an assignment, once, however often submit is pressed."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select

from assign_tui.api.errors import ApiError, PermissionDeniedError
from assign_tui.api.models import Assignment, CreateAssignmentRequest
from assign_tui.tui.format import safe
from assign_tui.tui.forms.changes import IdempotencyKeys
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
from assign_tui.tui.modals.form import FormModal
from assign_tui.tui.privacy import masked
from assign_tui.tui.widgets.form_field import FormRow, FormTextArea

__all__ = ["CreateAssignmentModal"]

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
    form_title = "New assignment"
    keys_hint = "{send} create · Tab next field · {back} cancel"
    submit_label = "Create"
    busy_words = "Creating the assignment…"
    refused_prefix = "Not created: "
    may_have = "created it"
    unknown_action = (
        "Press {send} to send it unchanged: the same Idempotency-Key never makes two."
    )
    server_fields = SERVER_FIELDS

    def __init__(self) -> None:
        super().__init__()
        self._keys = IdempotencyKeys()
        self.last_idempotency_key: str | None = None
        """The key sent with the latest request (tests and logs read it)."""

    def compose_fields(self) -> ComposeResult:
        names = {safe(name, single_line=True) for name in self.console.seen_workflows.values()}
        workflows = SuggestFromList(sorted(names), case_sensitive=False)
        members = SuggestFromList(str(i) for i in sorted(self.console.seen_members))
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
            return parse_due(text, self.moment_typed("due"))
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

    def prepare(self) -> CreateAssignmentRequest | None:
        values = self.check_all()
        if values is None:
            return None
        names = {"workflow": "workflow_id", "member": "member_id", "due": "due_at"}
        return CreateAssignmentRequest(
            **{names.get(k, k): v for k, v in values.items() if v is not None}
        )

    async def send(self, request: CreateAssignmentRequest) -> Assignment:
        key = self._keys.key_for(request.body())
        self.last_idempotency_key = key
        return await self.console.client.create_assignment(request, idempotency_key=key)

    def server_field_errors(self, error: BaseException) -> dict[str, str]:
        """A 422's details, or the workflow or member a 403 names."""
        if isinstance(error, PermissionDeniedError):
            detail = error.detail.lower()
            field = (
                "workflowId" if "workflow" in detail else "memberId" if "member" in detail else ""
            )
            return {field: error.detail} if field else {}
        return super().server_field_errors(error)

    def show_refusal(self, error: BaseException, *, marked: bool) -> None:
        if marked and isinstance(error, ApiError):
            hint = self.keys.say("Correct the marked field, then press {send}.")
            self.status.show_problem("Not created: " + error.message, hint)
        else:
            super().show_refusal(error, marked=marked)
