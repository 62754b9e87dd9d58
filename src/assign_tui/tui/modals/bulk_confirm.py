"""`X` or `e` on the list with rows marked: one question before acting on many.

It names how many will be sent and lists their ids, names the marked ones that
will not be sent (their status no longer takes the write) and why, and asks once
for what every one gets: the cancel reason, or the priority and due date to set.
Nothing is sent from here: the answer is the `BulkWrite` the list then sends.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Select, Static

from assign_tui.api.models import Assignment
from assign_tui.tui.bulk import BulkResult, BulkWrite
from assign_tui.tui.format import safe
from assign_tui.tui.forms.validation import (
    DUE_PLACEHOLDER,
    PRIORITIES,
    REASON_LIMIT,
    check_reason,
    counter,
    due_hint,
    parse_due,
)
from assign_tui.tui.modals.form import FormModal
from assign_tui.tui.widgets.form_field import FormRow

__all__ = ["BulkConfirmModal", "bulk_confirm"]

_KEEP = "keep"


def id_list(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids)


class BulkConfirmModal(FormModal[BulkWrite | None]):
    """Dismisses with the `BulkWrite` to send, or None when the operator backs out.
    The cancel's question (its reason); `BulkUpdateConfirmModal` asks the update's."""

    DEFAULT_CSS = """
    BulkConfirmModal #form-box { width: 76; }
    BulkConfirmModal #form-box.-cancel { border: round $error; }
    BulkConfirmModal #bulk-ids { height: auto; max-height: 6; margin: 1 0 0 0; }
    BulkConfirmModal #form-body { height: auto; max-height: 8; }
    """
    BINDINGS = [
        Binding("ctrl+s", "submit", "Send", id="bulk_confirm.submit"),
        Binding("escape", "leave", "Back", id="bulk_confirm.leave"),
    ]
    leave_label = "Back"
    fields: ClassVar[tuple[str, ...]] = ("reason",)

    def __init__(
        self, kind: Literal["cancel", "update"], rows: list[Assignment], skipped: list[BulkResult]
    ) -> None:
        super().__init__()
        self.kind = kind
        self.rows = rows
        self.skipped = skipped
        verb = "Cancel" if kind == "cancel" else "Update"
        self.submit_label = f"{verb} {len(rows)}"
        self.submit_variant = "error" if kind == "cancel" else "primary"
        self.form_title = f"{verb} {len(rows)} marked assignment{'s' if len(rows) != 1 else ''}"
        self.keys_hint = "{send} send · {back} back"

    def compose_head(self) -> ComposeResult:
        yield Static(self._question(), classes="form-question", markup=False)
        with VerticalScroll(id="bulk-ids"):  # Tab reaches it: many ids scroll
            yield Static(self._ids(), markup=False)

    def compose_fields(self) -> ComposeResult:
        if self.kind == "cancel":
            reason = Input(id="reason", compact=True, placeholder="why, for every one")
            yield FormRow("Reason", reason, id="row-reason")
        else:
            options = [("keep as they are", _KEEP), *((p, p) for p in PRIORITIES)]
            priority = Select(options, value=_KEEP, allow_blank=False, id="priority",
                              compact=True)
            yield FormRow("Priority", priority, id="row-priority")
            due = Input(id="due", compact=True, placeholder=DUE_PLACEHOLDER)
            yield FormRow("Due (UTC)", due, id="row-due")

    def _question(self) -> Text:
        count = len(self.rows)
        if not count:
            return Text("None of the marked assignments can take this: nothing will be sent.")
        what = "cancel" if self.kind == "cancel" else "set the same fields on"
        each = "each read fresh and sent once, 4 at a time"
        return Text(f"This will {what} {count} assignment{'s' if count != 1 else ''}, {each}.")

    def _ids(self) -> Text:
        text = Text()
        if self.rows:
            text.append("To send: ", style="bold")
            text.append(id_list([row.id for row in self.rows]))
        if self.skipped:
            if self.rows:
                text.append("\n")
            text.append(f"Not sent ({len(self.skipped)}): ", style="bold")
            text.append("; ".join(
                f"{s.assignment_id} {safe(s.assignment.status, single_line=True)}"
                if s.assignment is not None else str(s.assignment_id)
                for s in self.skipped
            ))
            text.append(" (can no longer be "
                        f"{'cancelled' if self.kind == 'cancel' else 'updated'})")
        return text

    def on_mount(self) -> None:
        """A cancel's box in the warning colour (the fields' lines: `FormFieldsModal`)."""
        self.query_one("#form-box").add_class(f"-{self.kind}")

    # -- fields ------------------------------------------------------------------

    @property
    def has_unsaved_input(self) -> bool:
        return any(self.field_text(name).strip() not in ("", _KEEP) for name in self.fields)

    def field_value(self, name: str) -> Any:
        text = self.field_text(name)
        if name == "reason":
            return check_reason(text)
        if name == "priority":
            return None if text in ("", _KEEP) else text
        return parse_due(text, self.moment_typed("due"))

    def field_hint(self, name: str, value: Any) -> str:
        if name == "reason":
            return counter(self.field_text(name), REASON_LIMIT)
        if name == "due":
            text = self.field_text(name)
            return due_hint(value, self.console.clock()) if text.strip() else "empty = keep"
        return ""

    @on(Input.Submitted)
    def _enter_pressed(self) -> None:
        self.status.show_info(self.keys.say("Press {send} (or the button) to send."))

    def action_submit(self) -> None:
        if not self.rows:
            self.status.show_info(self.keys.say("Nothing to send. Press {back} to go back."))
            return
        values = self.check_all()
        if values is None:
            return
        if self.kind == "cancel":
            self.dismiss(BulkWrite("cancel", reason=values["reason"]))
            return
        if values["priority"] is None and values["due"] is None:
            self.status.show_info("Choose a priority or a due date: nothing would change.")
            return
        self.dismiss(BulkWrite("update", priority=values["priority"], due_at=values["due"]))


class BulkUpdateConfirmModal(BulkConfirmModal):
    """The update's question: the priority and due date to set."""

    fields = ("priority", "due")


def bulk_confirm(
    kind: Literal["cancel", "update"], rows: list[Assignment], skipped: list[BulkResult]
) -> BulkConfirmModal:
    """The question for `kind`, with its fields."""
    modal = BulkConfirmModal if kind == "cancel" else BulkUpdateConfirmModal
    return modal(kind, rows, skipped)
