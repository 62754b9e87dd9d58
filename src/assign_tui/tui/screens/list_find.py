"""Find by member name on the list: `/name:rosa`, then `n` and `N`.

It searches the rows loaded (the page on screen), never the server, which has
no name filter; every message says so. In privacy mode names are masked, and
finding one would tell which masked row it is: find is refused, and the words
typed are not shown back.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from textual.binding import Binding

from assign_tui.tui.find_name import NAME_PREFIX, matching_rows, next_match
from assign_tui.tui.screens.list_refresh import ListAutoRefresh
from assign_tui.tui.widgets.quick_filter import QuickFilter

__all__ = ["FIND_BINDINGS", "ListFind"]

FIND_BINDINGS = [
    Binding("n", "find_next", "Next match", tooltip="Next member name found (/name:…)",
            show=False, id="list.find_next"),
    Binding("N", "find_previous", "Previous match",
            tooltip="Previous member name found (/name:…)", show=False, id="list.find_previous"),
]

_LOADED_ONLY = "the server cannot search by name"
_PRIVATE = ("Find by name is off in privacy mode: names are masked. Turn privacy off "
            "from the palette (:) to find a member by name.")


class ListFind(ListAutoRefresh):
    """`find_text`: the last name looked for (kept across pages and refreshes)."""

    find_text = ""

    def on_quick_filter_find_name(self, event: QuickFilter.FindName) -> None:
        self.table.focus()
        self.find_text = event.text.strip()
        if not self.find_text:
            self.notice.show_info("Type a part of a member's name after name:, e.g. name:rosa")
            return
        self._find(forward=True, include=True)

    def action_find_next(self) -> None:
        self._find(forward=True, include=False)

    def action_find_previous(self) -> None:
        self._find(forward=False, include=False)

    def action_find_name(self) -> None:
        self.action_quick_filter(NAME_PREFIX)

    def _find(self, forward: bool, include: bool) -> None:
        if self.console.privacy:
            self.notice.show_info(_PRIVATE)
            return
        if not self.find_text:
            self.notice.show_info("Nothing to find yet: type / then name:rosa")
            return
        rows = self.table.rows_shown
        matches = matching_rows(rows, self.find_text)
        where = f"page {self.query_state.page} ({len(rows)} rows loaded; {_LOADED_ONLY})"
        found = next_match(matches, self.table.cursor_row, forward, include)
        if found is None:
            self.notice.show_info(f"No member name contains {self.find_text!r} on {where}.")
            return
        self.table.move_cursor(row=found)
        self.notice.show_info(f"{self.find_text!r}: {matches.index(found) + 1} of "
                              f"{len(matches)} on {where} · n next · N previous")

    def palette_commands(self) -> Iterator[tuple[str, Any, str]]:
        yield from super().palette_commands()
        yield ("Find by member name…", self.action_find_name,
               "Searches the rows loaded, not the server (/name:rosa, then n N)")
