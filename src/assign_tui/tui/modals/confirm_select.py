"""Asks before a task switch; firmer when the preview does not say eligible.

The preview never stops the operator (the server decides), but for a
blocked, unknown or invalid hint the default button is Cancel and the text
says what the preview found.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from assign_tui.api.models import AssignmentTask
from assign_tui.routing.model import RoutingHint
from assign_tui.tui.format import safe
from assign_tui.tui.modals.base import ConsoleModal
from assign_tui.tui.widgets.routing_badge import hint_badge, is_risky
from assign_tui.tui.widgets.routing_explanation import hint_sentence

if TYPE_CHECKING:
    from assign_tui.tui.app import AssignApp

__all__ = ["ConfirmSelectModal", "confirm_text"]


def confirm_text(task: AssignmentTask, hint: RoutingHint | None, privacy: bool = False) -> Text:
    """The question, with the preview's verdict in words (not only in colour)."""
    name = safe(task.name, single_line=True)
    reason = safe(hint_sentence(hint, privacy)) if hint is not None else ""
    text = Text()
    if hint is None:
        text.append("The preview has not finished for ", style="bold")
        text.append(name, style="bold")
        text.append(".\nSend anyway? The server decides.")
        return text
    if not is_risky(hint.outcome):
        text.append("Switch to ")
        text.append(name, style="bold")
        text.append("?\n")
        text.append_text(hint_badge(hint.outcome))
        text.append(f"  The preview says {hint.outcome.value}: {reason}")
        return text
    text.append_text(hint_badge(hint.outcome))
    text.append(" ")
    text.append(name, style="bold")
    text.append(f"\nThe preview says {hint.outcome.value}: {reason}. ")
    text.append("Send anyway? The server decides.", style="bold")
    return text


class ConfirmSelectModal(ConsoleModal[bool]):
    """Dismisses with True to send the select, False to keep things as they are."""

    DEFAULT_CSS = """
    ConfirmSelectModal { align: center middle; }
    ConfirmSelectModal > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ConfirmSelectModal.-risky > Vertical { border: heavy $error; }
    ConfirmSelectModal #confirm-text { height: auto; margin-bottom: 1; }
    ConfirmSelectModal #confirm-buttons { height: auto; align-horizontal: right; }
    ConfirmSelectModal Button { margin-left: 2; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="confirm_select.cancel"),
        Binding("left", "app.focus_previous", "Previous", show=False, id="confirm_select.previous"),
        Binding("right", "app.focus_next", "Next", show=False, id="confirm_select.next"),
    ]

    def __init__(self, task: AssignmentTask, hint: RoutingHint | None) -> None:
        super().__init__()
        self.target = task
        self.hint = hint
        self.risky = hint is None or is_risky(hint.outcome)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Send anyway?" if self.risky else "Switch task"
            box.border_subtitle = "Enter chooses · Esc cancels"
            privacy = cast("AssignApp", self.app).privacy
            yield Static(
                confirm_text(self.target, self.hint, privacy), id="confirm-text", markup=False
            )
            with Horizontal(id="confirm-buttons"):
                if self.risky:
                    yield Button("Cancel", id="confirm-cancel", variant="primary")
                    yield Button("Send anyway", id="confirm-send", variant="error")
                else:
                    yield Button("Switch", id="confirm-send", variant="primary")
                    yield Button("Cancel", id="confirm-cancel")

    def on_mount(self) -> None:
        self.set_class(self.risky, "-risky")
        default = "#confirm-cancel" if self.risky else "#confirm-send"
        self.query_one(default, Button).focus()

    @on(Button.Pressed, "#confirm-send")
    def _send(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
