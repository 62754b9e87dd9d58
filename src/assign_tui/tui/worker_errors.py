"""One policy for what a screen's worker raises and did not expect: words, never an exit.

Workers catch the `ApiError` family and show it (`Notice.show_error`). Anything
else is a bug of ours (or of a library under us). Textual's default for a worker
with `exit_on_error` is to stop the app; the console instead routes every such
failure of a screen's or widget's worker here (`ConsoleAppGuards._handle_exception`):
the screen's notice line says what failed in words, the log gets the error's type
only (its message may hold member data), and the full report goes to a private
file whose locals are named by type only (tui/crash.py). The app's own workers
still stop it: a failure there leaves nothing sound to show.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from assign_tui.tui.advice import Keys, keys_of
from assign_tui.tui.crash import write_report

if TYPE_CHECKING:
    from textual.dom import DOMNode

__all__ = ["worker_failed"]

log = logging.getLogger("assign_tui.tui")


def worker_failed(node: DOMNode, error: BaseException) -> None:
    """Show `error`, raised in a worker of `node`, on `node`'s screen; log and report it."""
    from textual.widget import Widget

    from assign_tui.tui.screens.base import ConsoleScreen
    from assign_tui.tui.widgets.notice import Notice

    try:
        where = f"; the details are in {write_report(error)}"
    except OSError:
        where = ""
    log.error("a worker of %s failed: %s%s", type(node).__name__, type(error).__qualname__, where)
    screen = node.screen if isinstance(node, Widget) else None
    notices = screen.query(Notice) if screen is not None else None
    refresh = keys_of(screen).refresh if screen is not None else Keys().refresh
    hint = f"Press {refresh} to retry{where}."
    if isinstance(screen, ConsoleScreen):
        screen.show_unexpected(error, hint)
    elif notices:
        notices.last().show_error(error, hint=hint)
    else:
        node.app.notify(f"Unexpected error: {type(error).__qualname__}. {hint}",
                        severity="error", timeout=10, markup=False)
