"""The snapshot's own clock, and the 409 text: the server's answer beside the preview's."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text

from assign_tui.api.errors import ApiError
from assign_tui.routing.model import RoutingHint
from assign_tui.tui.format import clip, safe
from assign_tui.tui.privacy import mask_known_values
from assign_tui.tui.routing_badge import hint_badge
from assign_tui.tui.widgets.routing_explanation import hint_sentence

__all__ = ["conflict_text", "snapshot_time"]


def snapshot_time(snapshot: dict[str, Any] | None, today: datetime) -> str:
    """The snapshot's `now` as the operator reads it: "07:00 UTC" (with the date if not today)."""
    raw = (snapshot or {}).get("now")
    try:
        moment = datetime.fromisoformat(str(raw))
    except ValueError:
        return clip(safe(raw, single_line=True), 40) if raw else "an unknown time"
    if moment.tzinfo is None or moment.date() != today.date():
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return moment.strftime("%H:%M UTC")


def conflict_text(
    task_name: str,
    error: ApiError,
    hint: RoutingHint | None,
    privacy: bool = False,
    snapshot: dict[str, Any] | None = None,
) -> Text:
    """Both answers on screen: what the server said, and what the preview had said.

    In privacy mode the server's reason has every value of the snapshot's `member` masked.
    """
    text = Text()
    text.append("✗ Server refused ", style="bold")
    text.append(safe(task_name, single_line=True), style="bold")
    text.append(": ")
    # The server's reason may quote the member's real values (form data included).
    server = mask_known_values(error.detail or error.message, snapshot, privacy)
    text.append(safe(server, single_line=True))
    text.append("\n  Preview had said ")
    if hint is None:
        text.append("nothing yet (still computing)")
    else:
        text.append_text(hint_badge(hint.outcome))
        text.append(f": {safe(hint_sentence(hint, privacy), single_line=True)}")
    return text
