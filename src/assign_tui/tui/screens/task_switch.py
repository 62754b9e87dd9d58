"""Switch an assignment's current task, with a routing hint beside every task.

The hints are a preview over a fresh `cel-context` snapshot; they never stop
the operator (the server decides), they only make the confirmation firmer.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from assign_tui.api.errors import ApiError, ConflictError, outcome_unknown
from assign_tui.api.models import Assignment, AssignmentTask
from assign_tui.routing import Outcome, RoutingHint, routing_hint
from assign_tui.tui.advice import describe_error
from assign_tui.tui.format import STATUS_STYLE, badge, clip, safe
from assign_tui.tui.modals.confirm_select import confirm_select
from assign_tui.tui.routing_badge import hint_badge
from assign_tui.tui.routing_snapshot import conflict_text, snapshot_time
from assign_tui.tui.rules import write_refusal
from assign_tui.tui.screens.base import ConsoleScreen
from assign_tui.tui.widgets.routing_explanation import RoutingExplanation, playground_start
from assign_tui.tui.write_outcome import unknown_problem

if TYPE_CHECKING:
    from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen

__all__ = ["TaskSwitchScreen"]


class TaskSwitchScreen(ConsoleScreen):
    """Every task in workflow order with its hint; Enter asks, then the server decides.

    `detail` (may be None) is reloaded after a successful switch, and its
    `allowedActions` decide whether Enter sends at all; `allowed=False` refuses too.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    DEFAULT_CSS = """
    TaskSwitchScreen #switch-asof { height: 1; padding: 0 1; color: $text-muted; }
    TaskSwitchScreen #switch-body { height: 1fr; }
    TaskSwitchScreen.-narrow #switch-body { layout: vertical; }
    TaskSwitchScreen.-narrow #switch-tasks { height: auto; max-height: 10; }
    TaskSwitchScreen.-wide #switch-body { layout: horizontal; }
    TaskSwitchScreen.-wide #switch-tasks { width: 66; height: 1fr; }
    TaskSwitchScreen #switch-side { height: 1fr; width: 1fr; border-top: solid $primary; }
    TaskSwitchScreen #switch-side:focus { border-top: solid $accent; }
    TaskSwitchScreen #switch-conflict {
        display: none; height: auto; max-height: 8; padding: 0 1; background: $error 20%;
    }
    TaskSwitchScreen #switch-conflict.-visible { display: block; }
    """

    BINDINGS = [
        Binding("enter", "select_task", "Switch to task", id="task_switch.select"),
        Binding("p", "playground", "CEL playground", id="task_switch.playground"),
        Binding("j", "cursor('down')", "Down", show=False, id="task_switch.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="task_switch.up"),
        Binding("g", "cursor('top')", "First", show=False, id="task_switch.top"),
        Binding("G", "cursor('bottom')", "Last", show=False, id="task_switch.bottom"),
    ]

    def __init__(self, detail: AssignmentDetailScreen | None, assignment: Assignment,
                 allowed: bool = True) -> None:
        super().__init__()
        self.detail = detail
        self.assignment = assignment
        self.allowed = allowed
        self.screen_title = f"Assignment {assignment.id} › Switch task"
        self.snapshot: dict[str, Any] | None = None
        self.hints: dict[int, RoutingHint] = {}
        self.sending = False
        self._unknown_switch: AssignmentTask | None = None
        """The task of a switch whose answer was lost, until a reload shows what happened."""
        self.stale: str | None = None
        """Why the preview may be out of date and switching is off (this screen's own load
        failed; it shows the detail's snapshot); None once a load succeeds (r, reconnect).
        A switch that fails later leaves it None: Enter again is how to retry that."""

    # -- layout ----------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        yield Static(id="switch-asof", markup=False)
        with Container(id="switch-body"):
            yield DataTable(id="switch-tasks", cursor_type="row")
            with VerticalScroll(id="switch-side"):
                yield RoutingExplanation(id="switch-explanation")
        yield Static(id="switch-conflict", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#switch-tasks", DataTable)
        for label, key, width in (("", "mark", 1), ("#", "pos", 2), ("Task", "task", 30),
                                  ("Status", "status", 11), ("Preview", "hint", 10)):
            table.add_column(label, key=key, width=width)
        self._fill_table()
        table.focus()
        self.watch(self.app, "read_only", lambda _: self.refresh_bindings(), init=False)
        self.watch(self.app, "privacy", lambda _: self._explain_focused(), init=False)
        cached = self.detail.cel_context if self.detail is not None else None
        if cached:  # the detail's snapshot, shown at once; _load replaces it or marks it stale
            self._use_snapshot(cached)
        self._load()

    @property
    def selection_allowed(self) -> bool:
        """The server's `allowedActions` (through the detail) and the caller's `allowed`."""
        detail = self.detail.task_detail if self.detail is not None else None
        return self.allowed and (detail is None or "select_task" in detail.allowed_actions)

    def _fill_table(self) -> None:
        table = self.query_one("#switch-tasks", DataTable)
        keep = self.focused_task
        table.clear()
        tasks = sorted(self.assignment.tasks, key=lambda t: t.position)
        for task in tasks:
            table.add_row(*self._row(task), key=str(task.id))
        current = next((t.position for t in tasks if self._is_current(t)), 0)
        target = keep or next((t for t in tasks if t.position > current), None)
        if target is not None and str(target.id) in table.rows:
            table.move_cursor(row=table.get_row_index(str(target.id)))
        self._explain_focused()

    def _is_current(self, task: AssignmentTask) -> bool:
        return task.is_current or task.id == self.assignment.current_task_id

    def _row(self, task: AssignmentTask) -> tuple[Text, ...]:
        current = self._is_current(task)
        mark = Text("▶" if current else " ", style="bold")
        name = Text(clip(safe(task.name, single_line=True), 20 if current else 30))
        if current:
            name.append(" (current)", style="italic")
        return (mark, Text(str(task.position)), name, badge(task.status, STATUS_STYLE),
                hint_badge(self.hints[task.id].outcome if task.id in self.hints else None))

    # -- loading -------------------------------------------------------------

    def reload(self) -> None:
        """Fetch the assignment and its snapshot again (r, a reconnection, a lost answer)."""
        self._load()

    @work(exclusive=True, group="task-switch-load")
    async def _load(self) -> None:
        aid = self.assignment.id
        self.notice.show_loading("Fetching the CEL snapshot…")
        self._show_asof()
        tagged, snapshot = await asyncio.gather(
            self.client.get_assignment(aid), self.client.get_cel_context(aid),
            return_exceptions=True,
        )
        problem = next((r for r in (snapshot, tagged) if isinstance(r, BaseException)), None)
        if not isinstance(tagged, BaseException):
            self.assignment = tagged.value
        if isinstance(snapshot, dict):
            self._use_snapshot(snapshot)
        self._set_stale(None if problem is None else describe_error(problem)[0])
        if problem is None:
            self.notice.clear()
        else:
            self.notice.show_error(problem)
        if not isinstance(tagged, BaseException):
            self._report_unknown_switch()

    def _report_unknown_switch(self) -> None:
        """After a switch whose answer was lost, say what the fresh assignment shows."""
        task, self._unknown_switch = self._unknown_switch, None
        if task is None:
            return
        name = safe(task.name, single_line=True)
        if self.assignment.current_task_id == task.id:
            self.notice.show_info(f"Checked: {name} is the current task: the switch was done.")
            if self.detail is not None:
                self.detail.reload()
        else:
            current = safe(self.assignment.current_task_name or "no task", single_line=True)
            self.notice.show_info(
                f"Checked: the switch was not done; {current} is still current. "
                "Press Enter to switch again."
            )

    def _use_snapshot(self, snapshot: dict[str, Any]) -> None:
        self.snapshot, self.hints = snapshot, {}
        self._fill_table()
        self._compute_hints(snapshot, list(self.assignment.tasks))

    def _set_stale(self, reason: str | None) -> None:
        self.stale = reason
        self._show_asof()
        self.refresh_bindings()

    def _show_asof(self) -> None:
        text = Text()
        if self.snapshot is None:
            waiting = "no CEL snapshot, r retries" if self.stale else "waiting for the CEL snapshot…"
            text.append(f"Preview: {waiting}", style="italic")
        else:
            when = snapshot_time(self.snapshot, self.console.clock())
            text.append(f"Preview as of {when}", style="bold")
            if self.stale:
                text.append(" · STALE: not refreshed, switching off · r retries",
                            style="bold reverse")
            else:
                text.append(" · form_data and data hidden · r refreshes")
        self.query_one("#switch-asof", Static).update(text)

    @work(thread=True, exclusive=True, group="task-switch-hints", exit_on_error=False)
    def _compute_hints(self, snapshot: dict[str, Any], tasks: list[AssignmentTask]) -> None:
        worker = get_current_worker()
        for task in sorted(tasks, key=lambda t: t.position):
            if worker.is_cancelled:
                return
            try:
                hint = routing_hint(task.condition, snapshot, explain=True)
            except Exception as error:  # a bug in the preview must not hide the task
                hint = RoutingHint(Outcome.INVALID, f"the preview failed ({type(error).__name__})")
            self.app.call_from_thread(self._show_hint, snapshot, task, hint)

    def _show_hint(self, snapshot: dict[str, Any], task: AssignmentTask, hint: RoutingHint) -> None:
        if snapshot is not self.snapshot or not self.is_mounted:
            return  # a late answer for a snapshot that has been replaced
        self.hints[task.id] = hint
        table = self.query_one("#switch-tasks", DataTable)
        if str(task.id) in table.rows:
            table.update_cell(str(task.id), "hint", hint_badge(hint.outcome))
        if self.focused_task is not None and self.focused_task.id == task.id:
            self._explain_focused()

    # -- the focused task ------------------------------------------------------

    @property
    def focused_task(self) -> AssignmentTask | None:
        table = self.query_one("#switch-tasks", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((t for t in self.assignment.tasks if str(t.id) == key), None)

    @on(DataTable.RowHighlighted, "#switch-tasks")
    def _explain_focused(self) -> None:
        view = self.query_one("#switch-explanation", RoutingExplanation)
        task = self.focused_task
        if task is None:
            view.show_message("This assignment has no tasks.")
            return
        view.show(task.condition, self.hints.get(task.id), privacy=self.console.privacy)
        side = self.query_one("#switch-side", VerticalScroll)
        # A Text, not a str: a str title is parsed as markup, and the name is the server's.
        side.border_title = Text(f"{task.position}. {clip(safe(task.name, single_line=True), 40)}")

    def action_cursor(self, where: str) -> None:
        table = self.query_one("#switch-tasks", DataTable)
        if where in ("down", "up"):
            getattr(table, f"action_cursor_{where}")()
        elif table.row_count:
            table.move_cursor(row=0 if where == "top" else table.row_count - 1)

    # -- switching -------------------------------------------------------------

    def write_refusal(self, action: str) -> str:
        if action != "select_task":
            return ""
        reason = write_refusal(
            "select_task", read_only=self.console.read_only, status=self.assignment.status
        )
        if reason:
            return reason
        if not self.selection_allowed:
            return ("The server does not let you switch tasks here: select_task is not in your "
                    "allowed actions. The hints are still shown.")
        if self.stale is not None:
            return (f"Switching is off while the preview is stale ({self.stale}): the server "
                    "must answer first. Press r to retry.")
        return ""

    @on(DataTable.RowSelected, "#switch-tasks")
    def action_select_task(self) -> None:
        task = self.focused_task
        if task is None:
            return
        refusal = self._refusal(task)
        if refusal:
            self.notice.show_info(refusal)
            return
        hint = self.hints.get(task.id)

        def answered(send: bool | None) -> None:
            if send:
                self._send_select(task, hint)

        self.app.push_screen(confirm_select(task, hint, self.console.privacy), answered)

    def _refusal(self, task: AssignmentTask) -> str:
        if self._is_current(task):
            return f"{safe(task.name, single_line=True)} is already the current task."
        refusal = self.write_refusal("select_task")
        if refusal:
            return refusal
        if self.sending:
            return "A switch is already on its way; wait for the server's answer."
        return ""

    @work(group="task-switch-select", exit_on_error=False)
    async def _send_select(self, task: AssignmentTask, hint: RoutingHint | None) -> None:
        """One PUT per confirmation; the UI never retries it."""
        name = safe(task.name, single_line=True)
        self.sending = True
        self._show_conflict(None)
        self.notice.show_loading(f"Switching to {name}…")
        try:
            await self.client.select_task(self.assignment.id, task.id)
        except ConflictError as error:
            self.notice.clear()
            self._show_conflict(task, hint, error)
            return
        except ApiError as error:
            if outcome_unknown(error):
                self._unknown_switch = task
                self.notice.show_problem(*unknown_problem(
                    error, f"switched to {name}", "Press r to check which task is current."))
            else:
                self.notice.show_error(error)
            return
        finally:
            self.sending = False
        self.notice.clear()
        self.app.notify(f"Switched assignment {self.assignment.id} to {name}.", markup=False)
        if self.app.screen is self:
            self.app.pop_screen()
        if self.detail is not None:
            self.detail.reload()

    def _show_conflict(self, task: AssignmentTask | None, hint: RoutingHint | None = None,
                       error: ConflictError | None = None) -> None:
        panel = self.query_one("#switch-conflict", Static)
        privacy = self.console.privacy
        panel.update(conflict_text(task.name, error, hint, privacy, self.snapshot) if task and error else "")
        panel.set_class(bool(task and error), "-visible")

    # -- playground ------------------------------------------------------------

    def action_playground(self) -> None:
        from assign_tui.tui.screens.cel_playground import CelPlaygroundScreen

        if self.snapshot is None:
            self.notice.show_info("The CEL snapshot has not loaded yet; press r to retry.")
            return
        task = self.focused_task
        if not self.console.playground_text and task is not None and task.condition:
            self.console.playground_text = playground_start(
                task.condition, self.hints.get(task.id), privacy=self.console.privacy)
        self.app.push_screen(CelPlaygroundScreen(self.snapshot, self.assignment.id))
