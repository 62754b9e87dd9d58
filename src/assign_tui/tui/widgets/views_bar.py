"""The bar of views above the list: `All 200 · Mine 12 · [Paused 9]`.

The current view is in brackets and reversed (both survive NO_COLOR); filters
changed by hand show `[Custom]` instead. A count the server could not give is
`?`, its reason in the tooltip (and in the notice when that view is chosen);
a count not yet asked is `…`. When the views do not fit, the bar shows the
part around the current one, with `‹` `›` where views are left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from assign_tui.tui.format import safe
from assign_tui.tui.views import Count, View

__all__ = ["ViewsBar"]

_SEPARATOR = " · "
CUSTOM = "Custom"


class ViewsBar(Static):
    """One line; `show` sets the views, counts and the current view (None: custom)."""

    DEFAULT_CSS = """
    ViewsBar { height: 1; padding: 0 1; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.views: Sequence[View] = ()
        self.counts: dict[str, Count] = {}
        self.current: str | None = None

    def show(self, views: Sequence[View], counts: dict[str, Count], current: str | None) -> None:
        self.views, self.counts, self.current = views, counts, current
        failed = [f"{view.title}: {counts[view.name].reason}" for view in views
                  if view.name in counts and counts[view.name].total is None]
        self.tooltip = ("Count unavailable (shown as ?) for " + "; ".join(failed)) if failed \
            else None
        self.update(self._line(self.size.width or 1000))

    def count_text(self, name: str) -> str:
        count = self.counts.get(name)
        if count is None:
            return "…"
        return "?" if count.total is None else f"{count.total:,}"

    def _segments(self) -> list[tuple[str, bool]]:
        segments = [(f"{safe(view.title, single_line=True)} {self.count_text(view.name)}",
                     view.name == self.current) for view in self.views]
        if self.current is None and self.views:
            segments.append((CUSTOM, True))
        return segments

    def render(self) -> Text:
        return self._line(self.content_size.width)

    def _line(self, width: int) -> Text:
        segments = self._segments()
        cells = [len(text) + (2 if current else 0) for text, current in segments]
        at = next((i for i, (_, current) in enumerate(segments) if current), 0)
        start, end = _window(cells, at, width)
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        if start > 0:
            line.append("‹ ", style="bold")
        for index in range(start, end):
            if index > start:
                line.append(_SEPARATOR, style="dim")
            text, current = segments[index]
            line.append(f"[{text}]" if current else text, style="bold reverse" if current else "")
        if end < len(segments):
            line.append(" ›", style="bold")
        return line


def _window(cells: list[int], at: int, width: int) -> tuple[int, int]:
    """The segments [start, end) to show: all if they fit, else from the first start that
    keeps segment `at` in sight (with room for the markers), then as many as fit after."""
    def used(start: int, end: int) -> int:
        markers = (2 if start > 0 else 0) + (2 if end < len(cells) else 0)
        return sum(cells[start:end]) + len(_SEPARATOR) * max(0, end - start - 1) + markers

    if used(0, len(cells)) <= width:
        return 0, len(cells)
    start = next((s for s in range(at + 1) if used(s, at + 1) <= width), at)
    end = at + 1
    while end < len(cells) and used(start, end + 1) <= width:
        end += 1
    return start, end
