"""While the server cannot be reached, try again quietly; on success, reload the screen.

The client reports every change of reachability (`app.connection`). When it
goes False, an app timer waits with backoff, then sends a cheap read
(`client.ping()`); the first answer of any kind means the server is back. The
operator is told once ("Reconnected") and the screen on top fetches again what
it shows (`reload()`). Forms are never touched: a modal with typed input stays
as it is, and the screen under it reloads.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from textual.timer import Timer

    from assign_tui.tui.app import AssignApp

__all__ = ["Reconnect", "Reloadable", "reload_top_screen"]

log = logging.getLogger("assign_tui.tui")


@runtime_checkable
class Reloadable(Protocol):
    """A screen that can fetch again what it shows (every `ConsoleScreen`, some modals)."""

    def reload(self) -> object: ...


class Reconnect:
    """The app's reconnection attempts: at most one pending, on a timer."""

    def __init__(self, app: AssignApp) -> None:
        self.app = app
        # A timer, not a worker: tests (and anything else) waiting for the workers to
        # finish must not wait for a server that is away.
        self.pending: Timer | None = None

    def connection_changed(self, was: bool | None, now: bool | None) -> None:
        """Start retrying when the server went away; say so when it is back."""
        if now is False and self.app.RECONNECT_DELAYS and self.pending is None:
            self._schedule(0)
        elif now is True and was is False:
            self.app.notify("Reconnected to the server.", timeout=4)

    def _schedule(self, attempt: int) -> None:
        delays = self.app.RECONNECT_DELAYS
        delay = delays[min(attempt, len(delays) - 1)]
        self.pending = self.app.set_timer(delay, lambda: self._attempt(attempt), name="reconnect")

    async def _attempt(self, attempt: int) -> None:
        self.pending = None
        app = self.app
        if app.connection is not False:
            return  # another request got through; its screen already shows the answer
        try:
            await app.client.ping()
        except Exception as error:  # an HTTP error is an answer too: `connection` says if one came
            log.debug("reconnect attempt %d: %s", attempt + 1, type(error).__name__)
        if app.connection is False:
            self._schedule(attempt + 1)
        elif app.is_running:
            reload_top_screen(app)


def reload_top_screen(app: AssignApp) -> None:
    """Fetch again on the topmost screen that can (a form on top is left alone)."""
    for screen in reversed(app.screen_stack):
        if isinstance(screen, Reloadable):
            screen.reload()
            return
