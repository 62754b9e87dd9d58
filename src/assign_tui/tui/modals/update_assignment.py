"""`e` on the detail: change priority, due date, notes, metadata or active/paused.

Only the fields the operator changed are sent, with `If-Match`. When someone
else changed the assignment meanwhile (412), the form shows what changed on the
server and keeps the operator's edit, which they can re-apply on the new version.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button, Input, Select, Static

from assign_tui.api.client import Tagged
from assign_tui.api.errors import ConflictError, StaleError
from assign_tui.api.models import Assignment, UpdateAssignmentRequest
from assign_tui.tui.format import safe
from assign_tui.tui.forms.changes import (
    EDITABLE_STATUSES,
    UpdateValues,
    changed_fields,
    field_texts,
    server_changes,
    stale_report,
)
from assign_tui.tui.forms.notes_edit import apply_edit, check_sendable
from assign_tui.tui.forms.validation import (
    DUE_PLACEHOLDER,
    NOTES_LIMIT,
    PRIORITIES,
    check_notes,
    counter,
    due_hint,
    parse_due,
    parse_metadata,
)
from assign_tui.tui.modals.form import FormModal
from assign_tui.tui.privacy import masked
from assign_tui.tui.widgets.form_field import FormRow, FormTextArea
from assign_tui.tui.write_outcome import CHECK_KEY

__all__ = ["UpdateAssignmentModal"]

SERVER_FIELDS = {
    "priority": "priority",
    "dueAt": "due",
    "due_at": "due",
    "notes": "notes",
    "metadata": "metadata",
    "status": "status",
}
HINTS = {"metadata": "a JSON object", "status": "only active ↔ paused"}
#: The notes are free text, which privacy mode hides: the field is hidden (and kept as it is).
NOTES_HIDDEN = "hidden in privacy mode (kept as they are); turn privacy off to read or edit them"


def _priorities(current: str) -> list[tuple[str, str]]:
    """The four priorities, plus the current one when the server sent an unknown one."""
    return [(p, p) for p in (*PRIORITIES, *([current] if current not in PRIORITIES else []))]


class UpdateAssignmentModal(FormModal[Tagged[Assignment] | None]):
    """Dismisses with the updated `Tagged[Assignment]`, or None when the operator leaves."""

    DEFAULT_CSS = """
    UpdateAssignmentModal #stale {
        display: none; height: auto; max-height: 7; border-left: thick $warning; padding: 0 1;
    }
    UpdateAssignmentModal #stale.-shown { display: block; }
    UpdateAssignmentModal #reapply { display: none; }
    UpdateAssignmentModal #reapply.-shown { display: block; }
    """
    BINDINGS = [
        Binding("ctrl+s", "submit", "Save", id="update.submit"),
        Binding("ctrl+r", "reapply", "Re-apply my edit", id="update.reapply"),
        Binding(CHECK_KEY, "check", "Check what the server holds", id="update.check"),
        Binding("escape", "leave", "Cancel", id="update.leave"),
    ]
    fields = ("priority", "due", "notes", "metadata", "status")
    keys_hint = "{send} save · Tab next field · {back} cancel"
    busy_words = "Saving…"
    refused_prefix = "Not saved: "
    may_have = "saved your changes"
    server_fields = SERVER_FIELDS
    assignment: Assignment
    """The version the operator is editing (the fresh one after a re-apply)."""

    def __init__(self, assignment: Assignment, etag: str | None) -> None:
        super().__init__(assignment)
        self.form_title = f"Edit assignment {assignment.id}"
        self.etag = etag
        self.fresh: Tagged[Assignment] | None = None
        """The server's newer version after a 412, until the operator re-applies."""
        self._base = UpdateValues.of(assignment)
        self._initial = field_texts(self._base)
        self._notes_raw = assignment.notes or ""
        """The raw notes whose safe rendering the Notes field started from (forms/notes_edit.py)."""
        self.touched.update(self.fields)

    def compose_head(self) -> ComposeResult:
        yield Static(self._summary(self.assignment), classes="form-question", markup=False)
        yield Static(id="stale", markup=False)

    def compose_fields(self) -> ComposeResult:
        a, texts = self.assignment, self._initial
        yield FormRow(
            "Priority", self._select("priority", _priorities(a.priority)), id="row-priority"
        )
        due = Input(texts["due"], id="due", compact=True, placeholder=DUE_PLACEHOLDER)
        yield FormRow("Due (UTC)", due, id="row-due")
        notes = FormTextArea(texts["notes"], id="notes", compact=True)
        yield FormRow("Notes", notes, id="row-notes")
        metadata = FormTextArea(texts["metadata"], id="metadata", compact=True)
        yield FormRow("Metadata", metadata, id="row-metadata")
        statuses = [(s, s) for s in EDITABLE_STATUSES]
        yield FormRow("Status", self._select("status", statuses), id="row-status")

    def _select(self, name: str, options: list[tuple[str, str]]) -> Select[str]:
        value = self._initial[name] or options[0][1]
        return Select(options, value=value, allow_blank=False, id=name, compact=True)

    def extra_buttons(self) -> list[Button]:
        return [Button("Re-apply my edit", id="reapply", variant="warning", compact=True)]

    def on_mount(self) -> None:
        self.row("status").display = self._base.status is not None
        self._hide_private(self.console.privacy)
        self.watch(self.app, "privacy", self._hide_private, init=False)

    def _hide_private(self, privacy: bool) -> None:
        self.query_one("#notes", FormTextArea).display = not privacy
        self.check_field("notes")

    def _summary(self, a: Assignment) -> Text:
        member = masked(a.member_name, self.console.privacy) or f"member {a.member_id}"
        workflow, status = safe(a.workflow_name, single_line=True), safe(a.status, single_line=True)
        return Text(f"{workflow} · {member} · {status}")

    # -- fields --------------------------------------------------------------------

    def field_text(self, name: str) -> str:
        if name == "status" and self._base.status is None:
            return ""  # not offered: the assignment is neither active nor paused
        return super().field_text(name)

    def field_value(self, name: str) -> Any:
        """The field's value (exactly the server's when untouched); raises `FieldError`."""
        text, base = self.field_text(name), self._base
        untouched = text == self._initial[name]
        if name in ("priority", "status"):
            return text or None
        if name == "due":
            return base.due_at if untouched else parse_due(text, self.moment_typed("due"))
        if name == "notes":
            if untouched:
                return base.notes
            check_sendable(self._notes_raw, text)
            return check_notes(text)
        return base.metadata if untouched else parse_metadata(text) or {}

    def field_hint(self, name: str, value: Any) -> str:
        if name == "due":
            return due_hint(value, self.console.clock())
        if name == "notes" and self.console.privacy:
            return NOTES_HIDDEN
        if name == "notes":
            return f"{counter(self.field_text(name), NOTES_LIMIT)} characters; empty clears them"
        return HINTS.get(name, "")

    def _edited(self) -> UpdateValues | None:
        """The form's values, or None (errors shown) when a field is invalid."""
        values = self.check_all()
        if values is None:
            return None
        return UpdateValues(
            priority=values["priority"],
            due_at=values["due"],
            notes=self._notes_to_send(values["notes"]),
            metadata=values["metadata"],
            status=values["status"],
        )

    def _notes_to_send(self, value: str | None) -> str | None:
        """The server's notes with only the operator's edit applied (forms/notes_edit.py).
        Here, not per keystroke in `field_value`: comparing long, much-changed notes is slow."""
        if value is None or self.field_text("notes") == self._initial["notes"]:
            return value  # untouched: exactly the server's notes
        return apply_edit(self._notes_raw, value)

    @property
    def has_unsaved_input(self) -> bool:
        return any(self.field_text(name) != self._initial[name] for name in self.fields)

    # -- sending -------------------------------------------------------------------

    def prepare(self) -> UpdateAssignmentRequest | None:
        edited = self._edited()
        if edited is None:
            return None
        changes = changed_fields(self._base, edited)
        if not changes:
            self.status.show_info("Nothing changed, so nothing was sent.")
            return None
        return UpdateAssignmentRequest(**changes)

    async def send(self, request: UpdateAssignmentRequest) -> Tagged[Assignment] | None:
        client, assignment_id = self.console.client, self.assignment.id
        try:
            return await client.update_assignment(assignment_id, request, if_match=self.etag)
        except StaleError:
            try:
                self.status.show_busy("Changed meanwhile: loading the new version…")
                fresh = await client.get_assignment(assignment_id)
            except Exception as error:
                prefix = "Changed meanwhile, and the new version did not load: "
                self.status.show_error(error, prefix=prefix)
                return None
            self.settle(fresh, stale=True)  # the 412 may answer a retry of our own, done save
            return None

    def server_field_errors(self, error: BaseException) -> dict[str, str]:
        """A 422's details, or the status a 409 refuses."""
        if isinstance(error, ConflictError) and "status" in error.detail and self._base.status:
            return {"status": error.detail}
        return super().server_field_errors(error)

    # -- what the server holds now -------------------------------------------------

    def settle(self, fresh: Tagged[Assignment], *, stale: bool = False) -> None:
        """Say what `fresh` (the server's version now) means for the operator's edit.

        `stale`: after a 412, which says the version changed whatever its ETag says now.
        """
        edited = self._edited()
        if edited is not None and not changed_fields(UpdateValues.of(fresh.value), edited):
            self.dismiss(fresh)  # the server holds what the operator wanted: it is saved
        elif not stale and fresh.etag is not None and fresh.etag == self.etag:
            self.status.show_problem(
                "Not saved: checked, the server still has the version you opened.",
                self.keys.say("Your edit is kept: press {send} to send it again."),
            )
        else:
            self._show_stale(fresh)

    # -- someone else changed it ---------------------------------------------------

    def _show_stale(self, fresh: Tagged[Assignment]) -> None:
        self.fresh = fresh
        stale = self.query_one("#stale", Static)
        changes = server_changes(self.assignment, fresh.value, self.console.privacy)
        stale.update(stale_report(changes))
        stale.add_class("-shown")
        self.query_one("#reapply", Button).add_class("-shown")
        self.status.show_problem(
            "Someone else changed this assignment; your edit is kept, nothing was saved.",
            self.keys.say(
                "Press ctrl+r to re-apply your edit on their version, or {back} to leave."
            ),
        )

    @on(Button.Pressed, "#reapply")
    def action_reapply(self) -> None:
        """Keep the operator's typed changes, take the server's version for the rest, save."""
        fresh = self.fresh
        if fresh is None or self.in_flight:
            return
        edited = self._edited()
        if edited is None:
            return
        mine = changed_fields(self._base, edited)
        self.assignment, self.etag, self.fresh = fresh.value, fresh.etag, None
        # The kept Notes field shows the operator's notes; otherwise it is refilled with theirs.
        self._notes_raw = (edited.notes if "notes" in mine else fresh.value.notes) or ""
        self._base = UpdateValues.of(fresh.value)
        self._initial = field_texts(self._base)
        self._refill({"due_at": "due"}.get(name, name) for name in mine)
        self.query_one("#stale", Static).remove_class("-shown")
        self.query_one("#reapply", Button).remove_class("-shown")
        self.query_one(".form-question", Static).update(self._summary(fresh.value))
        edited = self._edited()
        if edited is not None and not changed_fields(self._base, edited):
            self.dismiss(fresh)  # the server already holds what the operator wanted
            return
        self.action_submit()

    def _refill(self, keep: Iterable[str]) -> None:
        """Show the new version in every field the operator did not change."""
        kept = set(keep)
        self.row("status").display = self._base.status is not None
        priority = self.query_one("#priority", Select)
        if self._base.priority not in PRIORITIES and "priority" not in kept:
            priority.set_options(_priorities(self._base.priority))
        for name in self.fields:
            if name not in kept:
                self.set_field_text(name, self._initial[name])
