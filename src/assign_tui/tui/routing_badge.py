"""The routing-hint badge: symbol + word, so it reads without colour too."""

from __future__ import annotations

from rich.text import Text

from assign_tui.routing.model import Outcome

__all__ = ["HINT_STYLE", "PENDING", "hint_badge", "is_risky"]

#: Symbol, word and Rich style of each outcome.
HINT_STYLE: dict[Outcome, tuple[str, str]] = {
    Outcome.ELIGIBLE: ("✓", "bold green"),
    Outcome.BLOCKED: ("✗", "bold red"),
    Outcome.UNKNOWN: ("?", "bold yellow"),
    Outcome.INVALID: ("!", "bold magenta"),
}

#: What a task shows while its hint is being computed.
PENDING = Text("…", style="dim")


def hint_badge(outcome: Outcome | None) -> Text:
    """`✓ eligible`, `✗ blocked`, `? unknown`, `! invalid`, or `…` while computing."""
    if outcome is None:
        return PENDING.copy()
    symbol, style = HINT_STYLE[outcome]
    return Text(f"{symbol} {outcome.value}", style=style)


def is_risky(outcome: Outcome | None) -> bool:
    """Whether selecting anyway deserves the stronger confirmation."""
    return outcome is not Outcome.ELIGIBLE
