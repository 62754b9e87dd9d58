"""The "discard your changes?" question before unsent input is thrown away."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from assign_tui.tui.modals.base import ConsoleModal

__all__ = ["DiscardChangesModal"]


class DiscardChangesModal(ConsoleModal[bool]):
    """Answers True to discard, False to keep editing (the default and Esc)."""

    DEFAULT_CSS = """
    DiscardChangesModal { align: center middle; }
    DiscardChangesModal > Vertical {
        width: 50; max-width: 100%; height: auto;
        border: round $warning; background: $surface; padding: 0 1;
    }
    DiscardChangesModal #question { margin: 1 0; }
    DiscardChangesModal Horizontal { height: auto; align-horizontal: right; }
    DiscardChangesModal Button { margin: 0 0 0 1; }
    """
    BINDINGS = [
        Binding("y,d", "discard", "Discard", id="discard.confirm"),
        Binding("escape,n", "keep", "Keep editing", id="discard.keep"),
    ]

    def __init__(self, question: str = "Discard your changes?") -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Unsaved input"
            box.border_subtitle = "y discard · n/Esc keep editing"
            yield Static(self.question, id="question", markup=False)
            with Horizontal():
                yield Button("Keep editing", id="keep", variant="primary")
                yield Button("Discard", id="discard", variant="error")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed, "#discard")
    def action_discard(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss(False)
