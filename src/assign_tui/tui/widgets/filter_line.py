"""The list's filter line: what the rows on screen are, and whether they are current.

It describes the query whose answer is shown, never only the one asked for: while
the server cannot be reached, or refuses a filter, the rows stay as they were and
so does this line, marked stale when they may be out of date.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from assign_tui.api.models import AssignmentQuery
from assign_tui.tui.filters import describe_filters, describe_sort, same_rows_asked

__all__ = ["FilterLine"]


class FilterLine(Static):
    """One line; the longest form that fits the width (the filters always stay).
    Its content is the longest form (what `screen_text` and snapshots of wide screens read)."""

    DEFAULT_CSS = """
    FilterLine { height: 1; padding: 0 1; background: $boost; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(markup=False, id=id, classes=classes)
        self.shown: AssignmentQuery | None = None
        self.asked: AssignmentQuery | None = None
        #: "current", "refreshing" or "stale" (see `AssignmentListScreen.freshness`).
        self.freshness = "current"
        self.loaded_at = ""

    def describe(
        self,
        shown: AssignmentQuery | None,
        asked: AssignmentQuery,
        freshness: str = "current",
        loaded_at: str = "",
    ) -> None:
        self.shown, self.asked, self.freshness, self.loaded_at = shown, asked, freshness, loaded_at
        self.update(self._line(True))

    def render(self) -> Text:
        width = self.content_size.width
        forms = [self._line(long) for long in (True, False)]
        return next((line for line in forms if line.cell_len <= width), forms[-1])

    def _line(self, long: bool) -> Text:
        shown, asked = self.shown, self.asked
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        if asked is None:
            return line
        if self.freshness == "stale":
            when = f" (from {self.loaded_at})" if long and self.loaded_at else ""
            line.append(f"⚠ STALE{when} · ", style="bold reverse")
        elif self.freshness == "refreshing":
            line.append("↻ refreshing · " if long else "↻ ", style="bold")
        query = shown or asked
        line.append(describe_filters(query), style="bold")
        line.append(" · " + describe_sort(query, long))
        if shown is not None and not same_rows_asked(shown, asked):
            line.append("   asked: " + describe_filters(asked), style="italic")
            if long:
                line.append(" · " + describe_sort(asked), style="italic")
        return line
