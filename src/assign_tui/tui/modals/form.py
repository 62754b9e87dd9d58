"""What the create, update and cancel forms share: fields, leaving, one request at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Select, TextArea

from assign_tui.api.errors import ApiError
from assign_tui.tui.format import safe
from assign_tui.tui.modals.base import ConsoleModal
from assign_tui.tui.modals.confirm import discard_changes
from assign_tui.tui.widgets.form_field import FormNotice, FormRow, FormStatus
from assign_tui.tui.forms.validation import FieldError
from assign_tui.tui.write_outcome import CHECK_KEY

if TYPE_CHECKING:
    from assign_tui.api.client import Tagged
    from assign_tui.api.models import Assignment
    from assign_tui.tui.app import AssignApp

__all__ = ["FormModal"]

ResultType = TypeVar("ResultType")


class FormModal(ConsoleModal[ResultType]):
    """Base of the write forms.

    Subclasses compose a `#form-box` holding a scrollable `#form-body` of
    `FormRow`s (row `#row-<name>` around control `#<name>` for each name in
    `fields`), then `self.form_footer()`. They implement `field_value` (raises
    `FieldError`), `has_unsaved_input` and `action_submit`, and bind ctrl+s to
    `submit` and Esc to `leave` with their own binding ids. Whichever of the
    result, Esc, the discard question or a pop closes the form first wins
    (`ConsoleModal`); a request's answer after that changes nothing on screen.
    """

    DEFAULT_CSS = """
    FormModal #form-box { width: 84; }
    FormModal #form-body { height: 1fr; padding: 1 1 0 0; }
    FormModal #form-buttons { height: auto; align-horizontal: right; margin: 1 0 0 0; }
    FormModal #form-buttons Button { margin: 0 0 0 2; min-width: 12; }
    FormModal .form-question { margin: 1 0 0 0; text-style: bold; }
    FormModal TextArea { height: 5; background: $boost; }
    """

    fields: ClassVar[tuple[str, ...]] = ()
    submit_label = "Save"
    leave_label = "Cancel"
    submit_variant = "primary"

    def __init__(self) -> None:
        super().__init__()
        self.in_flight = False
        """True while the form's one request is on its way: a second submit is ignored."""
        self.touched: set[str] = set()
        """Fields whose local errors are shown (typed into, or after a submit)."""

    @property
    def console(self) -> AssignApp:
        return cast("AssignApp", self.app)

    @property
    def status(self) -> FormStatus:
        return self.query_one("#form-status", FormStatus)

    async def read_back(self, assignment_id: int) -> Tagged[Assignment] | None:
        """After a write whose answer was lost: the assignment as the server holds it now,
        or None when the check fails too (the form's line then says so, and how to retry)."""
        self.status.show_busy(f"Checking assignment {assignment_id} on the server…")
        try:
            return await self.console.client.get_assignment(assignment_id)
        except ApiError as error:
            self.status.show_problem(
                f"Still unknown: the check failed too ({safe(error.message, single_line=True)}).",
                f"Press {CHECK_KEY} to check again.",
            )
            return None

    @property
    def has_unsaved_input(self) -> bool:
        """Whether leaving now would throw away something the operator typed."""
        raise NotImplementedError

    def action_submit(self) -> None:
        """ctrl+s: check the form, then send it (once)."""
        raise NotImplementedError

    def form_footer(self) -> ComposeResult:
        yield FormStatus(id="form-status")
        yield FormNotice(id="form-notice", markup=False)
        with Horizontal(id="form-buttons"):
            yield from self.extra_buttons()
            yield Button(
                self.submit_label,
                id="submit",
                variant=self.submit_variant,  # type: ignore[arg-type]
                compact=True,
            )
            yield Button(self.leave_label, id="leave", compact=True)

    def show_notification(self, message: str, severity: str, timeout: float) -> None:
        """The app's notification, on the form's own line (a toast would cover the form)."""
        self.query_one("#form-notice", FormNotice).show_notification(message, severity, timeout)

    def extra_buttons(self) -> list[Button]:
        """Buttons shown before the submit button (hidden ones included)."""
        return []

    # -- fields ------------------------------------------------------------------

    def row(self, name: str) -> FormRow:
        return self.query_one(f"#row-{name}", FormRow)

    def field_text(self, name: str) -> str:
        widget = self.query_one(f"#{name}")
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else str(widget.value)
        return cast(Input, widget).value

    def set_field_text(self, name: str, value: str) -> None:
        widget = self.query_one(f"#{name}")
        if isinstance(widget, TextArea):
            widget.text = value
        elif isinstance(widget, Select):
            if value:
                widget.value = value
        else:
            cast(Input, widget).value = value

    def field_value(self, name: str) -> Any:
        """The value to send for field `name`; raises `FieldError`."""
        raise NotImplementedError

    def field_hint(self, name: str, value: Any) -> str:
        """The line under a valid field."""
        return ""

    def check_field(self, name: str) -> Any:
        """Validate one field, refresh its line, answer its value (None when invalid)."""
        row = self.row(name)
        try:
            value = self.field_value(name)
        except FieldError as error:
            row.show_error(str(error) if name in self.touched else None)
            row.show_hint(self.field_hint(name, None))
            return None
        row.show_error(None)
        row.show_hint(self.field_hint(name, value))
        return value

    def check_all(self) -> dict[str, Any] | None:
        """Every field's value, or None after marking the invalid ones and focusing the first."""
        self.touched.update(self.fields)
        values = {name: self.check_field(name) for name in self.fields}
        invalid = [name for name in self.fields if self.row(name).error]
        if invalid:
            self.status.show_problem("Not sent: correct the marked fields.")
            self.status.names_fields = True
            self.query_one(f"#{invalid[0]}").focus()
            return None
        return values

    def mark_server_errors(self, errors: dict[str, str], names: dict[str, str]) -> list[str]:
        """Show server messages at the fields they name (`names`: server field -> row)."""
        marked = []
        for field, message in errors.items():
            name = names.get(field)
            if name is not None:
                self.row(name).show_error(message)
                marked.append(name)
        if marked:
            self.status.names_fields = True
            self.query_one(f"#{marked[0]}").focus()
        return marked

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _field_changed(self, event: Input.Changed | TextArea.Changed | Select.Changed) -> None:
        name = event.control.id or ""
        if name in self.fields and self.is_mounted:
            if self.field_text(name):
                self.touched.add(name)
            self.check_field(name)
            if self.status.names_fields and not any(self.row(n).error for n in self.fields):
                self.status.clear()  # it pointed at fields that are all corrected now

    # -- leaving -----------------------------------------------------------------

    @on(Button.Pressed, "#leave")
    def action_leave(self) -> None:
        """Esc: close at once when nothing would be lost, otherwise ask first."""
        if not self.has_unsaved_input and not self.in_flight:
            self.dismiss(None)
            return
        question = "Discard your changes?"
        if self.in_flight:
            question = "A request is on its way (the server may still apply it). Leave anyway?"

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(discard_changes(question), answered)

    # -- one request at a time ---------------------------------------------------

    @on(Button.Pressed, "#submit")
    def _submit_pressed(self) -> None:
        self.action_submit()

    def begin_request(self, busy: str) -> bool:
        """Mark the form busy; False when a request is already in flight or writes are off."""
        if self.in_flight:
            return False
        if self.console.read_only:
            self.status.show_problem(
                "Read-only mode is on: nothing was sent.",
                "Turn it off from the command palette, then press ctrl+s.",
            )
            return False
        self.in_flight = True
        self.query_one("#submit", Button).disabled = True
        self.status.show_busy(busy)
        return True

    def end_request(self) -> None:
        self.in_flight = False
        if self.is_mounted:
            self.query_one("#submit", Button).disabled = False
