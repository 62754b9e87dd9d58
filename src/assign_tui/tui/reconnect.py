"""While the server cannot be reached, try again quietly; on success, refresh the screen.

The client reports every change of reachability (`app.connection`). When it
goes False, an app timer waits with backoff, then sends a cheap read
(`client.ping()`); the first answer of any kind means the server is back. The
operator is told once ("Reconnected") and the screen on top re-fetches what
it shows. Forms are never touched: a modal with typed input stays as it is,
and the screen under it refreshes.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from textual.timer import Timer

if TYPE_CHECKING:
    from assign_tui.tui.app import AssignApp

__all__ = ["connection_changed", "refresh_top_screen"]

log = logging.getLogger("assign_tui.tui")

# A timer, not a worker: tests (and anything else) waiting for the workers to finish
# must not wait for a server that is away.
_PENDING: WeakKeyDictionary[AssignApp, Timer] = WeakKeyDictionary()


def connection_changed(app: AssignApp, was: bool | None, now: bool | None) -> None:
    """Start retrying when the server went away; say so when it is back."""
    if now is False and app.RECONNECT_DELAYS and app not in _PENDING:
        _schedule(app, 0)
    elif now is True and was is False:
        app.notify("Reconnected to the server.", timeout=4)


def _schedule(app: AssignApp, attempt: int) -> None:
    delays = app.RECONNECT_DELAYS
    delay = delays[min(attempt, len(delays) - 1)]
    _PENDING[app] = app.set_timer(delay, lambda: _attempt(app, attempt), name="reconnect")


async def _attempt(app: AssignApp, attempt: int) -> None:
    _PENDING.pop(app, None)
    if app.connection is not False:
        return  # another request got through; its screen already shows the answer
    try:
        await app.client.ping()
    except Exception as error:  # an HTTP error is still an answer: `connection` says if one came
        log.debug("reconnect attempt %d: %s", attempt + 1, type(error).__name__)
    if app.connection is False:
        _schedule(app, attempt + 1)
    elif app.is_running:
        refresh_top_screen(app)


def refresh_top_screen(app: AssignApp) -> None:
    """Re-fetch on the topmost screen that can (a form on top is left alone)."""
    for screen in reversed(app.screen_stack):
        refresh = getattr(screen, "action_refresh", None) or getattr(screen, "action_reload", None)
        if callable(refresh):
            refresh()
            return
