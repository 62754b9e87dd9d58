"""What the read-only modals share: j/k/g/G scrolling of their one VerticalScroll."""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.containers import VerticalScroll

from assign_tui.tui.modals.base import ConsoleModal

ResultType = TypeVar("ResultType")


def scroll_bindings(prefix: str) -> list[Binding]:
    """j/k/g/G, with ids under `prefix` so they can be remapped per modal."""
    return [
        Binding("j", "scroll('down')", "Down", show=False, id=f"{prefix}.down"),
        Binding("k", "scroll('up')", "Up", show=False, id=f"{prefix}.up"),
        Binding("g", "scroll('home')", "Top", show=False, id=f"{prefix}.top"),
        Binding("G", "scroll('end')", "Bottom", show=False, id=f"{prefix}.bottom"),
    ]


class ScrollingModal(ConsoleModal[ResultType]):
    """A modal whose body is one VerticalScroll, scrolled by `scroll_bindings`."""

    def action_scroll(self, where: str) -> None:
        body = self.query_one(VerticalScroll)
        {
            "down": body.scroll_down,
            "up": body.scroll_up,
            "home": body.scroll_home,
            "end": body.scroll_end,
        }[where](animate=False)
