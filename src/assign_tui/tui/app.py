"""The console application: a shell that holds the session and pushes screens.

What lives where (docs/console-conventions.md): start-up, the client and the first
page in `Startup` (tui/startup.py); the session's shared state in `SessionState`
(tui/session.py); app-wide verbs in `ConsoleActions` (tui/app_actions.py); what keeps
keys, crashes and failing workers safe in `ConsoleAppGuards` (tui/app_guards.py);
reconnection in `Reconnect` (tui/reconnect.py). Writes belong to their screens.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.errors import MarkupError
from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from assign_tui.tui.app_actions import ConsoleActions
from assign_tui.tui.app_guards import ConsoleAppGuards
from assign_tui.tui.clipboard import CopyResult, copy_route, tmux_clipboard
from assign_tui.tui.commands import ConsoleCommands
from assign_tui.tui.format import utc_now
from assign_tui.tui.no_color import use_readable_greys
from assign_tui.tui.reconnect import Reconnect
from assign_tui.tui.session import SessionState
from assign_tui.tui.startup import SETTLE_SECONDS, Startup, StartupOptions
from assign_tui.tui.typed_ahead import KeysInTurn

if TYPE_CHECKING:
    from textual.driver import Driver
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from assign_tui.api.client import AssignmentsClient
    from assign_tui.api.first_page import FirstPage
    from assign_tui.config import Settings

__all__ = ["AssignApp"]


class AssignApp(KeysInTurn, ConsoleAppGuards, ConsoleActions, SessionState, App[None]):
    """The operator console."""

    CSS_PATH = "app.tcss"
    TITLE = "assign-tui"
    COMMANDS = App.COMMANDS | {ConsoleCommands}
    #: The palette key the footer shows. Binding the palette ourselves makes Textual skip
    #: its own ctrl+p, so both keys are bound below (ctrl+p with priority, as Textual's,
    #: so it works in a text field too; ":" types there).
    COMMAND_PALETTE_BINDING = "colon"
    BINDINGS = [
        Binding("colon", "command_palette", "Commands", show=False, id="app.palette"),
        Binding(
            "ctrl+p", "command_palette", "Commands", show=False, priority=True,
            id="app.palette_ctrl_p",
        ),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
    ]

    connection: reactive[bool | None] = reactive(None)
    """Whether the server answered the last request (None before the first)."""

    #: Seconds between quiet reconnection attempts while disconnected (tests shorten them).
    RECONNECT_DELAYS: tuple[float, ...] = (2.0, 4.0, 8.0, 15.0, 30.0)
    #: Seconds after mount when `Startup.settle` runs (tests lengthen it to look before).
    SETTLE_SECONDS: float = SETTLE_SECONDS

    read_only: reactive[bool] = reactive(False)
    """Hides every write action; switchable from the palette."""

    privacy: reactive[bool] = reactive(False)
    """Masks member names, form data and message contents for screen sharing."""

    def __init__(
        self,
        settings: Settings,
        *,
        open_assignment: int | None = None,
        clock: Callable[[], datetime] | None = None,
        client: AssignmentsClient | None = None,
        first_page: FirstPage | None = None,
        freeze_heap: bool = True,
    ) -> None:
        """`first_page`: the request sent before the imports; `freeze_heap`: see `Startup`."""
        super().__init__()
        use_readable_greys(self)  # NO_COLOR: "✗ blocked" was dark grey on dark grey
        self.settings = settings
        self.clock = clock or utc_now
        self._open_assignment = open_assignment
        options = StartupOptions(first_page=first_page, freeze_heap=freeze_heap)
        self.startup = Startup(settings, self._on_connection_change, options, client)
        self.reconnect = Reconnect(self)
        self.start_session()
        self.read_only = settings.read_only
        self.privacy = settings.privacy
        if settings.theme in self.available_themes:
            self.theme = settings.theme

    @property
    def client(self) -> AssignmentsClient:
        """The one HTTP client (made on first use: `Startup.client`)."""
        return self.startup.client

    def get_driver_class(self) -> type[Driver]:
        """The platform's driver, writing fewer bytes per frame (see terminal_output)."""
        from assign_tui.tui.terminal_output import compacting_driver

        return compacting_driver(super().get_driver_class())

    def on_load(self) -> None:
        """Ask for the list's first page before the screens are built (`Startup.begin`)."""
        from assign_tui.api.models import AssignmentQuery

        if self.list_query is None:
            self.list_query = AssignmentQuery(page_size=self.settings.page_size)
        self.startup.begin(self.list_query)

    def on_mount(self) -> None:
        from assign_tui.tui.screens.assignment_list import AssignmentListScreen

        if self.settings.keys:
            self.set_keymap(dict(self.settings.keys))
        self.push_screen(AssignmentListScreen())
        if self._open_assignment is not None:
            self.open_assignment(self._open_assignment)
        self.set_timer(self.SETTLE_SECONDS, self.startup.settle)

    async def on_unmount(self) -> None:
        await self.startup.close()

    def _on_connection_change(self, connected: bool) -> None:
        self.connection = connected

    def watch_connection(self, was: bool | None, now: bool | None) -> None:
        self.reconnect.connection_changed(was, now)

    def open_assignment(self, assignment_id: int) -> None:
        from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen

        self.push_screen(AssignmentDetailScreen(assignment_id))

    def action_refresh(self) -> None:
        """Fetch again what the screen on top shows (the palette's Refresh)."""
        from assign_tui.tui.screens.base import ConsoleScreen

        if isinstance(self.screen, ConsoleScreen):
            self.screen.reload()

    def unsaved_forms(self) -> list[Screen[object]]:
        return [s for s in self.screen_stack if getattr(s, "has_unsaved_input", False)]

    async def action_quit(self) -> None:
        """Quit at once, unless a form holds input that was not sent."""
        from assign_tui.tui.modals.confirm import discard_changes

        if not self.unsaved_forms():
            self.exit()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.exit()

        question = "A form holds input that was not sent. Quit anyway?"
        self.push_screen(discard_changes(question), answered)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """A toast; over a form, a line in the form instead (a toast would cover it)."""
        top = self.screen_stack[-1] if self.screen_stack else None
        in_form = getattr(top, "show_notification", None)
        if in_form is None or top is None or not top.is_mounted:
            super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
            return
        try:
            text = Text.from_markup(message).plain if markup else message
        except MarkupError:
            text = message
        in_form(text, severity, self.NOTIFICATION_TIMEOUT if timeout is None else timeout)

    def copy(self, text: str, what: str = "text") -> None:
        """Put `text` on the operator's clipboard (OSC 52; inside tmux, as tmux takes it)."""
        self.last_copied = text
        socket = os.environ.get("TMUX", "")
        if socket:
            self._copy_through_tmux(text, what, socket)  # asks tmux: off the UI thread
        else:
            self._copied(copy_route(text, what, None, in_tmux=False))

    @work(thread=True, group="clipboard", exit_on_error=False)
    def _copy_through_tmux(self, text: str, what: str, socket: str) -> None:
        result = copy_route(text, what, tmux_clipboard(socket), in_tmux=True)
        self.call_from_thread(self._copied, result)

    def _copied(self, result: CopyResult) -> None:
        if result.sequence and self._driver is not None:
            self._driver.write(result.sequence)
        severity: SeverityLevel = "error" if result.failed else "information"
        self.notify(result.message, severity=severity, timeout=8 if result.failed else 3)
