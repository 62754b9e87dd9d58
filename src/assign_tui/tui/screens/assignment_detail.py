"""One assignment: its fields, its workflow's tasks, and the current task's detail."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static
from textual.worker import Worker

from assign_tui.api.errors import ApiError, NotFoundError
from assign_tui.api.models import Assignment, OperatorTaskDetail
from assign_tui.tui.advice import retry_advice
from assign_tui.tui.modals.raw_json import RawJsonModal
from assign_tui.tui.modals.task_detail import TaskDetailModal
from assign_tui.tui.privacy import redact
from assign_tui.tui.screens.base import ConsoleScreen
from assign_tui.tui.screens.detail_queue import DetailQueue
from assign_tui.tui.screens.detail_writes import DetailWrites
from assign_tui.tui.widgets.assignment_fields import AssignmentFields
from assign_tui.tui.widgets.task_current import TaskCurrentPanel
from assign_tui.tui.widgets.task_timeline import TaskTimeline

__all__ = ["AssignmentDetailScreen"]

log = logging.getLogger("assign_tui.tui")

class DetailBody(VerticalScroll, inherit_bindings=False):
    """The scrolling page. Its keys are the screen's (instant, remappable): a scroll
    container's own Home/End came first in the chain and glided for a second or more."""


class AssignmentDetailScreen(DetailQueue, DetailWrites, ConsoleScreen):
    """Reads the assignment, its current task detail and its CEL context at once; its writes
    (switch, update, cancel) are `DetailWrites`, its place in the list's queue `DetailQueue`."""

    DEFAULT_CSS = """
    AssignmentDetailScreen #detail-body { height: 1fr; scrollbar-size-vertical: 1; scrollbar-gutter: stable; }
    AssignmentDetailScreen #detail-content { height: auto; display: none; }
    AssignmentDetailScreen.-loaded #detail-content { display: block; }
    AssignmentDetailScreen.-loaded #detail-state { display: none; }
    AssignmentDetailScreen .section-title { margin-top: 1; }
    """

    #: Focus goes to the tasks once they are shown, not to a hidden table while loading.
    AUTO_FOCUS = ""

    BINDINGS = [
        # Esc and r work as everywhere (? lists them); the footer keeps room for this screen's keys.
        Binding("escape", "back", "Back", show=False, id="screen.back"),
        Binding("r", "refresh", "Refresh", show=False, id="screen.refresh"),
        Binding("m", "messages", "Messages", id="detail.messages"),
        Binding("t", "switch_task", "Switch", id="detail.switch_task"),
        Binding("e", "update", "Update", id="detail.update"),
        Binding("X", "cancel", "Cancel", id="detail.cancel"),
        Binding("J", "raw_json", "JSON", id="detail.raw_json"),
        Binding("y", "copy_id", "Copy id", id="detail.copy_id"),
        Binding("right_square_bracket", "next_in_queue", "Next in list", show=False,
                id="detail.next"),
        Binding("left_square_bracket", "previous_in_queue", "Previous in list", show=False,
                id="detail.previous"),
        Binding(
            "j,down", "scroll_body('down')", "Scroll down", show=False, id="detail.scroll_down"
        ),
        Binding("k,up", "scroll_body('up')", "Scroll up", show=False, id="detail.scroll_up"),
        Binding("g,home", "scroll_body('home')", "Top", show=False, id="detail.scroll_top"),
        Binding("G,end", "scroll_body('end')", "Bottom", show=False, id="detail.scroll_bottom"),
        Binding(
            "pagedown,space",
            "scroll_body('page_down')",
            "Page down",
            show=False,
            id="detail.page_down",
        ),
        Binding("pageup,b", "scroll_body('page_up')", "Page up", show=False, id="detail.page_up"),
    ]

    def __init__(self, assignment_id: int) -> None:
        super().__init__()
        self.assignment_id = int(assignment_id)
        self.screen_title = f"Assignment {self.assignment_id}"
        self.assignment: Assignment | None = None
        self.task_detail: OperatorTaskDetail | None = None
        #: The CEL snapshot, kept for the task-switch screen's routing hints.
        self.cel_context: dict[str, Any] | None = None
        #: The assignment's ETag, for `If-Match` on update.
        self.etag: str | None = None
        self._task_detail_error: BaseException | None = None
        #: The operator scrolled the page since this assignment began loading: the
        #: page then stays where they put it instead of opening at its top.
        self._scrolled_by_operator = False

    def compose_body(self) -> ComposeResult:
        with DetailBody(id="detail-body", can_focus=False):
            yield Static(id="detail-state", classes="empty-state", markup=False)
            with Vertical(id="detail-content"):
                yield AssignmentFields(id="detail-fields")
                yield Static("Tasks (Enter opens one)", classes="section-title", markup=False)
                yield TaskTimeline(id="detail-tasks")
                yield Static("Current task", classes="section-title", markup=False)
                yield TaskCurrentPanel(id="detail-current")

    def on_mount(self) -> None:
        super().on_mount()
        self.watch(self.app, "privacy", self._on_privacy, init=False)
        self.watch(self.app, "read_only", lambda _: self.refresh_bindings(), init=False)
        self.show_queue_title()
        self._load()  # the list's page was just fetched: no need to fetch it again

    def show_other(self, assignment_id: int) -> None:
        """Show another assignment in place (`]`/`[`): what was loaded goes, then it loads."""
        self.workers.cancel_group(self, "detail-load")
        self.assignment_id = assignment_id
        self.assignment = self.task_detail = self.cel_context = None
        self.etag = None
        self._task_detail_error = None
        self._scrolled_by_operator = False
        self.show_queue_title()
        self._load()

    # -- loading -------------------------------------------------------------

    def reload(self) -> Worker[None]:
        """Fetch everything again (after a write, or on r), and the list's page with it:
        the header's place in the list is the server's again."""
        self.refetch_queue()
        return self._load()

    @work(exclusive=True, group="detail-load")
    async def _load(self) -> None:
        aid = self.assignment_id
        verb = "Loading" if self.assignment is None else "Refreshing"
        self.notice.show_loading(f"{verb} assignment {aid}…")
        if self.assignment is None:
            self._show_state(f"{verb} assignment {aid}…")
        # One round trip: the three reads go out together.
        tagged, detail, cel = await asyncio.gather(
            self.client.get_assignment(aid),
            self.client.get_current_task_detail(aid),
            self.client.get_cel_context(aid),
            return_exceptions=True,
        )
        if self not in self.app.screen_stack:
            return  # closed meanwhile (Esc right after r): its widgets are going
        if isinstance(tagged, BaseException):
            self._show_failure(tagged)
            return
        self.assignment, self.etag = tagged.value, tagged.etag
        self.console.remember([tagged.value])
        no_current_task = isinstance(detail, NotFoundError)
        detail_error = detail if isinstance(detail, BaseException) and not no_current_task else None
        cel_error = cel if isinstance(cel, BaseException) else None
        problems = [p for p in (detail_error, cel_error) if p is not None]
        self.task_detail = detail if isinstance(detail, OperatorTaskDetail) else None
        self._task_detail_error = detail_error
        self.cel_context = cel if isinstance(cel, dict) else None
        try:
            await self._show_data()
        except Exception as error:  # a bug of ours: say so, never a traceback
            log.exception("detail render failed")
            problems.insert(0, error)
        for problem in problems:
            _log_unexpected(problem)
        if problems:
            self.notice.show_error(problems[0])
        else:
            self.notice.clear()
        self.refresh_bindings()

    def _show_failure(self, error: BaseException) -> None:
        _log_unexpected(error)
        self.notice.show_error(error)
        if isinstance(error, NotFoundError):
            self.assignment = self.task_detail = self.cel_context = None
            self.etag = None
            self._show_state(
                f"Assignment {self.assignment_id} does not exist, or is no longer visible to you. "
                + self.keys.say("Press {back} to go back.")
            )
        elif self.assignment is None:
            self._show_state(
                f"Assignment {self.assignment_id} could not be loaded."
                + retry_advice(error, self.keys)
            )
        self.refresh_bindings()

    def show_unexpected(self, error: BaseException, hint: str) -> None:
        super().show_unexpected(error, hint)
        if self.assignment is None:
            self._show_state(
                f"Assignment {self.assignment_id} could not be loaded. "
                + self.keys.say("Press {refresh} to retry.")
            )

    def _show_state(self, message: str) -> None:
        self.set_focus(None)
        self.remove_class("-loaded")
        self.query_one("#detail-state", Static).update(Text(message))

    async def _show_data(self) -> None:
        assignment = self.assignment
        if assignment is None:
            return
        first = not self.has_class("-loaded")
        privacy = self.console.privacy
        now = self.console.clock()
        self.query_one(AssignmentFields).show(assignment, now, privacy)
        timeline = self.query_one(TaskTimeline)
        timeline.show(assignment.tasks)
        panel = self.query_one(TaskCurrentPanel)
        if self.task_detail is not None:
            await panel.show(self.task_detail, now, privacy)
        elif self._task_detail_error is not None:
            panel.show_none(self.keys.say(
                "The current task could not be loaded (see below). Press {refresh} to retry."
            ))
        else:
            panel.show_none("No current task.")
        self.add_class("-loaded")
        if first:
            if assignment.tasks:
                # The tasks take the keys, but the page opens at its top: who the
                # assignment is for comes first. Home again once laid out with the data,
                # whatever the loading state's geometry did meanwhile.
                timeline.focus(scroll_visible=False)
            self.call_after_refresh(self._open_at_top)
            if (
                assignment.current_task is not None
                and str(assignment.current_task_id) in timeline.rows
            ):
                timeline.move_cursor(row=timeline.get_row_index(str(assignment.current_task_id)))

    def _open_at_top(self) -> None:
        # Once laid out with the data, whatever the loading state's geometry did. A G
        # or End pressed as the page appeared wins: it was the operator's, and it is
        # deferred by one refresh where this home is deferred by two.
        if not self._scrolled_by_operator:
            self.query_one("#detail-body", VerticalScroll).scroll_home(animate=False)

    def _on_privacy(self, privacy: bool) -> None:
        if self.assignment is not None:
            self.query_one(AssignmentFields).show(self.assignment, self.console.clock(), privacy)
        if self.task_detail is not None:
            self.query_one(TaskCurrentPanel).show_form_data(self.task_detail, privacy)

    # -- actions -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("messages", "raw_json"):
            return self.assignment is not None
        return super().check_action(action, parameters)

    def action_messages(self) -> None:
        from assign_tui.tui.screens.messages import MessagesScreen

        self.app.push_screen(
            MessagesScreen(self.assignment_id, title=f"Assignment {self.assignment_id}")
        )

    def action_raw_json(self) -> None:
        if self.assignment is None:
            return
        data: dict[str, Any] = {
            "assignment": self.assignment.model_dump(mode="json", by_alias=True),
            "currentTaskDetail": (
                self.task_detail.model_dump(mode="json", by_alias=True)
                if self.task_detail
                else None
            ),
            "celContext": self.cel_context,
        }
        if self.console.privacy:
            data = redact(data)
        self.app.push_screen(RawJsonModal(f"Assignment {self.assignment_id}: raw JSON", data))

    def action_copy_id(self) -> None:
        self.console.copy(str(self.assignment_id), "the assignment id")

    def action_scroll_body(self, where: str) -> None:
        self._scrolled_by_operator = True
        body = self.query_one("#detail-body", VerticalScroll)
        getattr(body, f"scroll_{where}")(animate=False)

    @on(DataTable.RowSelected, "#detail-tasks")
    def _open_task(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.push_screen(TaskDetailModal(self.assignment_id, int(event.row_key.value)))


def _log_unexpected(error: object) -> None:
    if isinstance(error, BaseException) and not isinstance(error, ApiError):
        log.error("unexpected error in the detail screen", exc_info=error)
