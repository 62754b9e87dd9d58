"""The console application: one client, screens pushed and popped."""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from rich.errors import MarkupError
from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from assign_tui.tui.app_guards import ConsoleAppGuards
from assign_tui.tui.clipboard import CopyResult, copy_route, tmux_clipboard
from assign_tui.tui.commands import ConsoleCommands
from assign_tui.tui.format import utc_now
from assign_tui.tui.no_color import use_readable_greys

if TYPE_CHECKING:
    from textual.driver import Driver
    from textual.notifications import SeverityLevel

    from assign_tui.api.client import AssignmentsClient, Tagged
    from assign_tui.api.first_page import FirstPage
    from assign_tui.api.models import Assignment, AssignmentQuery, Page
    from assign_tui.config import Settings
    from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen

DARK, LIGHT = "textual-dark", "textual-light"
T = TypeVar("T")


def client_for(
    settings: Settings,
    on_connection_change: Callable[[bool], None],
    first_page: FirstPage | None = None,
) -> AssignmentsClient:
    """The app's one HTTP client, configured from the profile."""
    from assign_tui.api.client import AssignmentsClient

    token = settings.token

    def read_token() -> str:
        early = first_page.take_token() if first_page is not None else None
        return early or token.read().get_secret_value()

    return AssignmentsClient(
        settings.api_root,
        read_token,
        token_source=token.describe(),
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        verify=settings.verify,
        max_response_bytes=settings.max_response_bytes,
        on_connection_change=on_connection_change,
    )


class AssignApp(ConsoleAppGuards, App[None]):
    """The operator console (`ConsoleAppGuards`: what keeps keys and crashes safe)."""

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
    ) -> None:
        super().__init__()
        use_readable_greys(self)  # NO_COLOR: "✗ blocked" was dark grey on dark grey
        self.settings = settings
        self.clock = clock or utc_now
        self._open_assignment = open_assignment
        self._client = client
        if client is not None:
            client.on_connection_change = self._on_connection_change
        self._first_request = first_page
        self.read_only = bool(getattr(settings, "read_only", False))
        self.privacy = bool(getattr(settings, "privacy", False))
        self.last_copied: str | None = None
        #: The playground's expression, kept for the session.
        self.playground_text = ""
        #: Where each conversation was left (entry key by assignment id), for the session.
        self.conversation_positions: dict[int, str] = {}
        #: Workflows and members seen in answers, for the create form's suggestions.
        self.seen_workflows: dict[int, str] = {}
        self.seen_members: dict[int, str] = {}
        self._first_page: tuple[AssignmentQuery, asyncio.Task[Page[Assignment]]] | None = None
        self._froze = False
        theme = getattr(settings, "theme", DARK)
        if theme in self.available_themes:
            self.theme = theme

    @property
    def client(self) -> AssignmentsClient:
        """The one HTTP client, made on first use: the first page is usually asked for by
        `FirstPage` before the imports, so httpx need not be imported before the first
        frame (the client is made half a second after mount, `_after_start`)."""
        if self._client is None:
            self._client = client_for(
                self.settings, self._on_connection_change, self._first_request
            )
        return self._client

    @client.setter
    def client(self, client: AssignmentsClient) -> None:
        self._client = client

    def get_driver_class(self) -> type[Driver]:
        """The platform's driver, writing fewer bytes per frame (see terminal_output)."""
        from assign_tui.tui.terminal_output import compacting_driver

        return compacting_driver(super().get_driver_class())

    def on_load(self) -> None:
        """Ask for the list's first page before the screens are built: the request and the
        server's work overlap with mounting, and the list takes the answer (`take_first_page`)."""
        from assign_tui.api.models import AssignmentQuery

        query = getattr(self, "list_query", None) or AssignmentQuery(
            page_size=int(self.extra("page_size", 50))
        )
        self.list_query = query
        self._first_page = (query, self.ask_ahead(self._ask_first_page(query)))

    @staticmethod
    def ask_ahead(request: Awaitable[T]) -> asyncio.Task[T]:
        """Start `request` now, for a screen to await later (or never: an answer or error
        nobody takes is dropped quietly, not logged as an unretrieved exception)."""
        task = asyncio.ensure_future(request)
        task.add_done_callback(lambda done: done.cancelled() or done.exception())
        return task

    async def _ask_first_page(self, query: AssignmentQuery) -> Page[Assignment]:
        """The answer the command asked for before the imports (`FirstPage`), if it got one
        for this query; else the client asks."""
        early = self._first_request  # FirstPage: the request sent before the imports
        if early is not None and early.params == query.params():
            data = await asyncio.wrap_future(early.answer)
            if data is not None:
                from pydantic import ValidationError

                from assign_tui.api.models import Assignment, Page

                try:
                    page = Page[Assignment].model_validate(data)
                except ValidationError:
                    pass  # the client asks again and says what is wrong with the answer
                else:
                    self.connection = True
                    return page
        return await self.client.list_assignments(query)

    def take_first_page(self, query: AssignmentQuery) -> Awaitable[Page[Assignment]] | None:
        """The page asked for at load, once, if it was asked with `query` (else None)."""
        first, self._first_page = self._first_page, None
        if first is None:
            return None
        if first[0] != query:
            first[1].cancel()
            return None
        return first[1]

    def on_mount(self) -> None:
        from assign_tui.tui.screens.assignment_list import AssignmentListScreen

        keys = getattr(self.settings, "keys", None)
        if keys:
            self.set_keymap(dict(keys))
        self.push_screen(AssignmentListScreen())
        if self._open_assignment is not None:
            self.open_assignment(self._open_assignment)
        self.set_timer(0.5, self._after_start)

    def _after_start(self) -> None:
        """Soon after the first frames: make the client, so the next request need not wait
        for httpx; then move what start-up built (Textual, the models, CSS: ~80k objects)
        out of the collector's sight, so that full collections in the session, which
        otherwise scan it all (50-80 ms, often while a big conversation opens), stay short."""
        _ = self.client
        gc.collect()
        gc.freeze()
        self._froze = True

    async def on_unmount(self) -> None:
        if self._froze:
            gc.unfreeze()  # what start-up built can be collected again once the app is gone
        if self._first_page is not None:
            self._first_page[1].cancel()
        if self._client is not None:
            await self._client.aclose()

    def _on_connection_change(self, connected: bool) -> None:
        self.connection = connected

    def watch_connection(self, was: bool | None, now: bool | None) -> None:
        from assign_tui.tui.reconnect import connection_changed

        connection_changed(self, was, now)

    def remember(self, assignments: list[Assignment]) -> None:
        for assignment in assignments:
            self.seen_workflows[assignment.workflow_id] = assignment.workflow_name
            self.seen_members[assignment.member_id] = assignment.member_name

    # -- actions shared by every screen ------------------------------------

    def open_assignment(self, assignment_id: int) -> None:
        from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen

        self.push_screen(AssignmentDetailScreen(assignment_id))

    # -- writes (each previews or validates locally; the server decides) ----

    def _refused(self, reason: str) -> bool:
        """Say why a write cannot apply (reasons from `tui.rules`); True when it cannot."""
        if reason:
            self.notify(reason, timeout=4, markup=False)
        return bool(reason)

    def open_task_switch(self, detail: AssignmentDetailScreen) -> None:
        from assign_tui.tui.screens.task_switch import TaskSwitchScreen

        if detail.assignment is None or self._refused(detail.write_refusal("switch_task")):
            return
        actions = detail.task_detail.allowed_actions if detail.task_detail else None
        allowed = actions is None or "select_task" in actions
        self.push_screen(TaskSwitchScreen(detail, detail.assignment, allowed=allowed))

    def open_update(self, detail: AssignmentDetailScreen) -> None:
        from assign_tui.tui.modals.update_assignment import UpdateAssignmentModal

        if detail.assignment is None or self._refused(detail.write_refusal("update")):
            return

        def done(result: Tagged[Assignment] | None) -> None:
            if result is not None:
                self.notify(f"Assignment {result.value.id} updated")
                detail.reload()

        self.push_screen(UpdateAssignmentModal(detail.assignment, detail.etag), done)

    def open_cancel(self, detail: AssignmentDetailScreen) -> None:
        from assign_tui.tui.modals.cancel_assignment import CancelAssignmentModal

        if detail.assignment is None or self._refused(detail.write_refusal("cancel")):
            return

        def done(result: Assignment | None) -> None:
            if result is not None:
                self.notify(f"Assignment {result.id} cancelled")
                detail.reload()

        self.push_screen(CancelAssignmentModal(detail.assignment), done)

    def open_create(self) -> None:
        from assign_tui.tui.modals.create_assignment import CreateAssignmentModal

        from assign_tui.tui.rules import write_refusal

        if self._refused(write_refusal("create", read_only=self.read_only)):
            return

        def done(result: Assignment | None) -> None:
            if result is not None:
                self.remember([result])
                self.notify(f"Assignment {result.id} created")
                self.open_assignment(result.id)

        self.push_screen(CreateAssignmentModal(), done)

    def open_playground(self) -> None:
        """The CEL playground over the snapshot of the assignment on screen."""
        from assign_tui.tui.screens.cel_playground import CelPlaygroundScreen

        for screen in reversed(self.screen_stack):
            snapshot = getattr(screen, "snapshot", None) or getattr(screen, "cel_context", None)
            if snapshot:
                assignment = getattr(screen, "assignment", None)
                self.push_screen(CelPlaygroundScreen(snapshot, getattr(assignment, "id", None)))
                return
        self.notify("Open an assignment first: the playground evaluates against its snapshot")

    def unsaved_forms(self) -> list[object]:
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

        self.push_screen(discard_changes("A form holds input that was not sent. Quit anyway?"), answered)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """A toast; over a form, a line in the form instead (a toast would cover it)."""
        top = self.screen_stack[-1] if self.screen_stack else None
        in_form = getattr(top, "show_notification", None)
        if in_form is None or not top.is_mounted:
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
        severity = "error" if result.failed else "information"
        self.notify(result.message, severity=severity, timeout=8 if result.failed else 3)

    def action_help(self) -> None:
        from assign_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.current_theme.dark else DARK

    def action_toggle_read_only(self) -> None:
        self.read_only = not self.read_only
        self.notify("Read-only mode on" if self.read_only else "Read-only mode off: writes allowed")

    def action_toggle_privacy(self) -> None:
        self.privacy = not self.privacy
        self.notify("Privacy mode on" if self.privacy else "Privacy mode off")

    def action_refresh(self) -> None:
        refresh = getattr(self.screen, "action_refresh", None)
        if refresh is not None:
            refresh()

    def switch_profile(self, name: str) -> None:
        """Reconnect with another profile's settings and start again at the list."""
        from assign_tui.config import ConfigError, load_settings
        from assign_tui.tui.screens.assignment_list import AssignmentListScreen

        try:
            settings = load_settings(profile=name, config_path=self.settings.config_path)
        except ConfigError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        old = self.client
        self.settings = settings
        self.client = client_for(settings, self._on_connection_change)
        self.connection = None
        self.run_worker(old.aclose(), exit_on_error=False)
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(AssignmentListScreen())
        self.notify(f"Switched to profile {name}", markup=False)

    def profile_names(self) -> list[str]:
        from assign_tui.config import profile_names

        try:
            return profile_names(config_path=self.settings.config_path)
        except Exception:  # a broken config file is reported when switching
            return []

    def filter_list_by_status(self, status: str) -> None:
        from assign_tui.tui.screens.assignment_list import AssignmentListScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, AssignmentListScreen):
            self.pop_screen()
        screen = self.screen
        if isinstance(screen, AssignmentListScreen):
            screen.apply_statuses((status,))

    def extra(self, name: str, default: Any = None) -> Any:
        return getattr(self.settings, name, default)
