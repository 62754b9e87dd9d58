"""A modal of `FormRow`s: reading, checking and marking its fields.

Each field's value is checked as it is typed (the line under it says what it
means, or what is wrong once it was typed into); a submit checks them all; the
server's complaints are shown at the fields they name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar, cast

from textual import on
from textual.widgets import Input, Select, TextArea

from assign_tui.tui.forms.validation import FieldError
from assign_tui.tui.modals.base import ConsoleModal
from assign_tui.tui.widgets.form_field import FormRow, FormStatus

__all__ = ["FormFieldsModal"]

ResultType = TypeVar("ResultType")


class FormFieldsModal(ConsoleModal[ResultType]):
    """The fields named in `fields`: row `#row-<name>` around control `#<name>`, and
    the form's line `#form-status`. Subclasses implement `field_value` (raises
    `FieldError`) and may give `field_hint`."""

    fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        super().__init__()
        self.touched: set[str] = set()
        """Fields whose local errors are shown (typed into, or after a submit)."""
        self._typed_at: dict[str, datetime] = {}

    def clock(self) -> datetime:
        """Now, in UTC (the console's clock in the write forms)."""
        return datetime.now(UTC)

    def moment_typed(self, name: str) -> datetime:
        """When field `name` was last changed (now, if never). A relative due date ("+2w")
        is counted from it, so what is sent is the moment shown under the field as it was
        typed, not one a minute later at ctrl+s."""
        return self._typed_at.get(name) or self.clock()

    @property
    def status(self) -> FormStatus:
        return self.query_one("#form-status", FormStatus)

    def on_mount(self) -> None:
        """Each field's line as it opens; the first field has the focus (runs after the
        subclass's own on_mount, which Textual calls first)."""
        for name in self.fields:
            self.check_field(name)
        self.query_one(f"#{self.fields[0]}").focus()

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
            self._typed_at[name] = self.clock()
            if self.field_text(name):
                self.touched.add(name)
            self.check_field(name)
            if self.status.names_fields and not any(self.row(n).error for n in self.fields):
                self.status.clear()  # it pointed at fields that are all corrected now
