"""A labelled form field with its own message line, and the form's status line."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Label, Static, TextArea
from textual.widgets.text_area import Location

from assign_tui.tui.advice import Where, describe_error, keys_of
from assign_tui.tui.format import safe

__all__ = ["FormNotice", "FormRow", "FormStatus", "FormTextArea"]


class FormTextArea(TextArea):
    """A form's multi-line field where Home and End mean the line the operator typed.

    Textual's TextArea moves to the ends of the wrapped row, so End in a long
    note stopped mid-sentence and the next keys were inserted there.
    ctrl+home / ctrl+end go to the start / end of the whole text.
    """

    BINDINGS = [
        Binding("ctrl+end", "text_end", "End of text", show=False, id="form.text_end"),
        Binding("ctrl+home", "text_start", "Start of text", show=False, id="form.text_start"),
    ]

    def get_cursor_line_end_location(self) -> Location:
        row = self.cursor_location[0]
        return row, len(self.document.get_line(row))

    def get_cursor_line_start_location(self, smart_home: bool = False) -> Location:
        return self.cursor_location[0], 0

    def action_text_end(self) -> None:
        self.move_cursor(self.document.end)

    def action_text_start(self) -> None:
        self.move_cursor((0, 0))


class FormRow(Vertical):
    """Label and control on one line; below, an error (✗) or a hint (·).

    The error is words with a symbol, so it reads without colour (NO_COLOR).
    """

    DEFAULT_CSS = """
    FormRow { height: auto; margin: 0 0 1 0; }
    FormRow > Horizontal { height: auto; }
    FormRow > Horizontal > Label { width: 14; padding: 0 1 0 0; }
    FormRow > Horizontal > .form-control { width: 1fr; }
    FormRow > .form-message { height: auto; margin: 0 0 0 14; color: $text-muted; display: none; }
    FormRow > .form-message.-shown { display: block; }
    FormRow.-invalid > .form-message { color: $text-error; text-style: bold; }
    FormRow.-invalid > Horizontal > Label { text-style: bold; }
    """

    def __init__(
        self, label: str, control: Widget, *, hint: str = "", id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._label = label
        self.control = control
        self.control.add_class("form-control")
        self._hint = hint
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(self._label, markup=False)
            yield self.control
        yield Static(classes="form-message", markup=False)

    def on_mount(self) -> None:
        self._render_message()

    def show_error(self, message: str | None) -> None:
        """Show `message` (server text is made safe here) or clear the error."""
        self.error = safe(message, single_line=True) if message else None
        self.set_class(self.error is not None, "-invalid")
        self._render_message()

    def show_hint(self, hint: str) -> None:
        """The line shown when there is no error (already safe text)."""
        self._hint = hint
        self._render_message()

    def _render_message(self) -> None:
        if not self.is_mounted:
            return
        line = self.query_one(".form-message", Static)
        if self.error:
            text = Text("✗ " + self.error)
        elif self._hint:
            text = Text(self._hint)
        else:
            text = Text()
        line.set_class(bool(text.plain), "-shown")
        line.update(text)


class FormStatus(Static):
    """The form-level line above the buttons: busy, a failure, or a note."""

    names_fields = False
    """The line points at marked fields, so the form clears it once none is marked."""

    DEFAULT_CSS = """
    FormStatus { height: auto; max-height: 6; padding: 0 1; display: none; }
    FormStatus.-visible { display: block; }
    FormStatus.-error { background: $error 20%; color: $text; }
    FormStatus.-busy { color: $text-muted; }
    """

    def show_error(self, error: BaseException, prefix: str = "") -> None:
        """The error in words, with the form's keys (tui/advice.py): ctrl+s, never r."""
        message, hint = describe_error(error, Where.FORM, keys_of(self.screen))
        self.show_problem(f"{prefix}{message}", hint)

    def show_problem(self, message: str, hint: str = "") -> None:
        text = Text("✗ ", style="bold")
        text.append(safe(message, single_line=True))
        if hint:
            text.append(f"\n{hint}", style="italic")
        self._show(text, "-error")

    def show_busy(self, message: str) -> None:
        self._show(Text("… " + message), "-busy")

    def show_info(self, message: str) -> None:
        self._show(Text(safe(message)), "-info")

    def clear(self) -> None:
        self.names_fields = False
        self.remove_class("-visible", "-error", "-busy", "-info")
        self.update("")

    @property
    def is_error(self) -> bool:
        return self.has_class("-error")

    @property
    def plain(self) -> str:
        """What the line says, for tests and the app's quit prompt."""
        return str(self.render())

    def _show(self, text: Text, kind: str) -> None:
        self.names_fields = False
        self.remove_class("-error", "-busy", "-info")
        self.add_class("-visible", kind)
        self.update(text)


class FormNotice(Static):
    """The app's notifications while a form is on top, in the form instead of a toast.

    A toast is drawn at the bottom right, where a form has its status line and
    buttons: "Reconnected" covered the error it followed. Here it takes a line
    of its own for as long as the toast would have shown.
    """

    DEFAULT_CSS = """
    FormNotice { height: auto; max-height: 2; padding: 0 1; color: $text-muted; display: none; }
    FormNotice.-visible { display: block; }
    FormNotice.-error { color: $text-error; text-style: bold; }
    """

    def show_notification(self, message: str, severity: str, timeout: float) -> None:
        symbol = {"error": "✗", "warning": "!"}.get(severity, "·")
        self.update(Text(f"{symbol} {safe(message, single_line=True)}"))
        self.set_class(severity == "error", "-error")
        self.add_class("-visible")
        if self._clear_timer is not None:
            self._clear_timer.stop()
        self._clear_timer = self.set_timer(timeout, self.clear)

    _clear_timer: Timer | None = None

    def clear(self) -> None:
        self.remove_class("-visible", "-error")
        self.update("")

    @property
    def plain(self) -> str:
        return str(self.render()) if self.has_class("-visible") else ""
