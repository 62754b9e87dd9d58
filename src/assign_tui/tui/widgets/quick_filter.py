"""`/` on the list: the filters as words, on one line above the rows.

Enter asks the list for the query the words make (`QuickFilter.Applied`); a
word it cannot read is reported and the box stays open with what was typed;
Esc closes it and gives the focus back to the rows. `name:rosa` is not a
filter: it finds a member name in the rows loaded (`QuickFilter.FindName`).
"""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from assign_tui.api.models import AssignmentQuery
from assign_tui.tui.find_name import NAME_PREFIX
from assign_tui.tui.filters import (
    QUICK_FILTER_HELP,
    FilterSyntaxError,
    parse_quick_filter,
    quick_filter_text,
)

__all__ = ["QuickFilter"]


class QuickFilter(Input):
    """Hidden until `open`; the list passes the query the words are read on top of."""

    DEFAULT_CSS = """
    QuickFilter { display: none; }
    QuickFilter.-open { display: block; }
    """
    BINDINGS = [Binding("escape", "close", "Close the quick filter", show=False,
                        id="list.quick_filter_close")]

    class Applied(Message):
        """The words typed make `query`."""

        def __init__(self, query: AssignmentQuery, typed: str) -> None:
            super().__init__()
            self.query = query
            self.typed = typed

    class Unreadable(Message):
        """A word the console cannot read: `reason` says which."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class FindName(Message):
        """`name:rosa`: find a member name in the rows loaded, the filters unchanged."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Closed(Message):
        """Esc: the list takes the focus back."""

    def __init__(self) -> None:
        super().__init__(placeholder=QUICK_FILTER_HELP, id="quick-filter")
        self._base = AssignmentQuery()

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self, base: AssignmentQuery, typed: str | None = None) -> None:
        """Show `base`'s filters as words to edit, or `typed` (kept after a refusal) with
        the cursor after it, not selected, so the next key corrects rather than replaces."""
        self._base = base
        if typed is not None or not self.is_open:
            self.value = quick_filter_text(base) if typed is None else typed
        self.add_class("-open")
        # Now, not after a refresh as `focus()` does: keys typed with the one that opened
        # the line are already queued on the table, which passes them on to the focused
        # field (`KeysFollowFocus`), so they must find the focus here.
        self.screen.set_focus(self)
        if typed is not None:
            self.call_after_refresh(self.action_end)

    def action_close(self) -> None:
        self.remove_class("-open")
        self.post_message(self.Closed())

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.lstrip().lower().startswith(NAME_PREFIX):
            self.remove_class("-open")
            self.post_message(self.FindName(event.value.lstrip()[len(NAME_PREFIX):]))
            return
        try:
            query = parse_quick_filter(event.value, self._base)
        except FilterSyntaxError as error:
            self.post_message(self.Unreadable(str(error)))
            return  # the box stays open with what was typed
        self.remove_class("-open")
        self.post_message(self.Applied(query, event.value))
