"""The list's auto-refresh: its interval in the header ("↻ 30s" or "↻ paused"), `A`
and the palette to pause or resume it.

A tick fetches the page and the views' counts again, as `r` does, and only
while the list is the screen in front with no quick filter open: the cursor
stays on the row it is on when the answer comes (by id, see `load`), so marks
and the operator's place survive. A tick that fails marks the rows stale.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from assign_tui.tui.screens.list_views import ListViews
from assign_tui.tui.widgets.header import ConsoleHeader
from assign_tui.tui.widgets.quick_filter import QuickFilter

__all__ = ["DEFAULT_INTERVAL", "REFRESH_BINDINGS", "ListAutoRefresh"]

#: Seconds between refreshes when `A` resumes a profile without `auto_refresh`.
DEFAULT_INTERVAL = 30.0

REFRESH_BINDINGS = [
    Binding("A", "toggle_auto_refresh", "Auto-refresh",
            tooltip="Pause or resume the list's auto-refresh", show=False,
            id="list.auto_refresh"),
]


def interval_words(seconds: float) -> str:
    """'30s', '2m', '1.5s': the interval as the header shows it."""
    if seconds >= 60 and seconds % 60 == 0:
        return f"{int(seconds // 60)}m"
    return f"{seconds:g}s"


class ListAutoRefresh(ListViews):
    """`auto_interval` seconds between refreshes; `auto_paused` stops them."""

    if TYPE_CHECKING:
        def reload(self) -> None: ...

    auto_interval = DEFAULT_INTERVAL
    auto_paused = True

    def start_auto_refresh(self) -> None:
        """On mount: the profile's interval (0: paused), the timer and the header's words."""
        configured = float(self.console.settings.auto_refresh or 0)
        self.auto_interval = configured or DEFAULT_INTERVAL
        self.auto_paused = configured <= 0
        self._auto_timer = self.node.set_interval(self.auto_interval, self._tick_auto_refresh,
                                             pause=self.auto_paused)
        self._show_auto_refresh()

    def _show_auto_refresh(self) -> None:
        words = "paused" if self.auto_paused else interval_words(self.auto_interval)
        self.query_one(ConsoleHeader).refresh_words = words

    def _tick_auto_refresh(self) -> None:
        """Not behind another screen, nor while the quick filter is open, nor while a fetch
        is still running (a short interval on a slow server would cancel each one)."""
        if self.app.screen is not self or self.query_one(QuickFilter).is_open:
            return
        if any(worker.node is self and worker.group in ("list", "view-counts")
               and not worker.is_finished for worker in self.app.workers):
            return
        self.reload()

    def action_toggle_auto_refresh(self) -> None:
        self.auto_paused = not self.auto_paused
        if self.auto_paused:
            self._auto_timer.pause()
            self.notify("Auto-refresh paused (r refreshes by hand)", timeout=3)
        else:
            self._auto_timer.reset()
            self._auto_timer.resume()
            self.notify(f"Auto-refresh every {interval_words(self.auto_interval)}", timeout=3)
        self._show_auto_refresh()

    def palette_commands(self) -> Iterator[tuple[str, Any, str]]:
        yield from super().palette_commands()
        if self.auto_paused:
            yield (f"Auto-refresh: resume (every {interval_words(self.auto_interval)})",
                   self.action_toggle_auto_refresh, "Fetch the list again by itself (A)")
        else:
            yield ("Auto-refresh: pause", self.action_toggle_auto_refresh,
                   "Stop fetching the list by itself (A)")
