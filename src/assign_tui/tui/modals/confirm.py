"""The console's yes/no question: "discard your changes?", "switch to this task?".

One modal asks every question; the words, the keys and which answer leads are
the caller's. A `risky` question leads with "no" (focused, first) and shows "yes"
as dangerous; otherwise "yes" leads. Keys are given per question, so each keeps
the binding ids users remap.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from assign_tui.tui.modals.base import ConsoleModal

__all__ = ["ConfirmModal", "discard_changes"]


class ConfirmModal(ConsoleModal[bool]):
    """Answers True for yes (`#confirm-send`), False for no (`#confirm-cancel`).

    `classes` frames the box: `-warning` (round, warning colour) or `-risky`
    (heavy, error colour); none is the usual accent frame.
    """

    DEFAULT_CSS = """
    ConfirmModal.-warning > .dialog { border: round $warning; }
    ConfirmModal.-risky > .dialog { border: heavy $error; }
    ConfirmModal #confirm-text { height: auto; margin-bottom: 1; }
    ConfirmModal #confirm-buttons { height: auto; align-horizontal: right; }
    ConfirmModal Button { margin-left: 2; }
    """

    def __init__(
        self,
        question: str | Text,
        *,
        title: str,
        keys_hint: str,
        yes: str,
        no: str,
        risky: bool = False,
        keys: Sequence[Binding] = (),
        classes: str | None = None,
    ) -> None:
        super().__init__(classes=classes)
        self.question = question
        self.risky = risky
        """True when "no" leads: the safe answer is the focused one."""
        self._words = title, keys_hint, yes, no
        # Textual reads BINDINGS from the class; each question brings its own keys and ids.
        self._bindings = BindingsMap.merge([self._bindings, BindingsMap(keys)])

    def compose(self) -> ComposeResult:
        title, keys_hint, yes, no = self._words
        with Vertical(classes="dialog") as box:
            box.border_title = title
            # "{yes}" / "{no}": the keys bound to the answer now (a `[keys]` remap included).
            box.border_subtitle = keys_hint.format(
                yes=self.keys_for("yes"), no=self.keys_for("no")
            )
            yield Static(self.question, id="confirm-text", markup=False)
            with Horizontal(id="confirm-buttons"):
                if self.risky:
                    yield Button(no, id="confirm-cancel", variant="primary")
                    yield Button(yes, id="confirm-send", variant="error")
                else:
                    yield Button(yes, id="confirm-send", variant="primary")
                    yield Button(no, id="confirm-cancel")

    def on_mount(self) -> None:
        self.query_one("#confirm-cancel" if self.risky else "#confirm-send", Button).focus()

    @on(Button.Pressed, "#confirm-send")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-cancel")
    def action_no(self) -> None:
        self.dismiss(False)


def discard_changes(question: str = "Discard your changes?") -> ConfirmModal:
    """Asked before unsent input is thrown away; keeping it is the default (and Esc)."""
    return ConfirmModal(
        question,
        title="Unsaved input",
        keys_hint="{yes} discard · {no} keep editing",
        yes="Discard",
        no="Keep editing",
        risky=True,
        keys=[
            Binding("y,d", "yes", "Discard", id="discard.confirm"),
            Binding("n,escape", "no", "Keep editing", id="discard.keep"),
        ],
        classes="-warning",
    )
