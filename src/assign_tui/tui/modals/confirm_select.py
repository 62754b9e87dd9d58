"""Asks before a task switch; firmer when the preview does not say eligible.

The preview never stops the operator (the server decides), but for a
blocked, unknown or invalid hint the default button is Cancel and the text
says what the preview found.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from assign_tui.api.models import AssignmentTask
from assign_tui.routing.model import RoutingHint
from assign_tui.tui.format import safe
from assign_tui.tui.modals.confirm import ConfirmModal
from assign_tui.tui.routing_badge import hint_badge, is_risky
from assign_tui.tui.widgets.routing_explanation import hint_sentence

__all__ = ["confirm_select", "confirm_text"]


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


def confirm_select(
    task: AssignmentTask, hint: RoutingHint | None, privacy: bool = False
) -> ConfirmModal:
    """The question before a task switch: Cancel leads unless the preview says eligible."""
    risky = hint is None or is_risky(hint.outcome)
    return ConfirmModal(
        confirm_text(task, hint, privacy),
        title="Send anyway?" if risky else "Switch task",
        keys_hint="Enter chooses · Esc cancels",
        yes="Send anyway" if risky else "Switch",
        no="Cancel",
        risky=risky,
        keys=[
            Binding("escape", "no", "Cancel", id="confirm_select.cancel"),
            Binding("left", "app.focus_previous", "Previous", show=False,
                    id="confirm_select.previous"),
            Binding("right", "app.focus_next", "Next", show=False, id="confirm_select.next"),
        ],
        classes="-risky" if risky else None,
    )
