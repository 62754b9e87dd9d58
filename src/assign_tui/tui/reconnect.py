"""While the server cannot be reached, try again quietly; on success, refresh the screen.

The client reports every change of reachability (`app.connection`). When it
goes False, one app worker sleeps with backoff and sends a cheap read
(`client.ping()`); the first answer of any kind means the server is back. The
operator is told once ("Reconnected") and the screen on top re-fetches what
it shows. Forms are never touched: a modal with typed input stays as it is,
and the screen under it refreshes.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from assign_tui.api.errors import ApiError

if TYPE_CHECKING:
    from assign_tui.tui.app import AssignApp

__all__ = ["connection_changed"]

GROUP = "reconnect"


def connection_changed(app: AssignApp, was: bool | None, now: bool | None) -> None:
    """Start retrying when the server went away; say so when it is back."""
    if now is False and app.RECONNECT_DELAYS:
        running = [w for w in app.workers if w.group == GROUP and not w.is_finished]
        if not running:
            app.run_worker(_retry(app), group=GROUP, exit_on_error=False, name="reconnect")
    elif now is True and was is False:
        app.notify("Reconnected to the server.", timeout=4)


async def _retry(app: AssignApp) -> None:
    delays = app.RECONNECT_DELAYS
    attempt = 0
    while app.connection is False:
        await asyncio.sleep(delays[min(attempt, len(delays) - 1)])
        attempt += 1
        if app.connection is not False:
            return  # another request got through; its screen already shows the answer
        try:
            await app.client.ping()
        except ApiError:
            pass  # an HTTP error is still an answer: `connection` says whether one came
    if app.connection:
        refresh_top_screen(app)


def refresh_top_screen(app: AssignApp) -> None:
    """Re-fetch on the topmost screen that can (a form on top is left alone)."""
    for screen in reversed(app.screen_stack):
        refresh = getattr(screen, "action_refresh", None) or getattr(screen, "action_reload", None)
        if callable(refresh):
            refresh()
            return
