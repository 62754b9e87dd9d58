"""One task of an assignment, fetched fresh: every field and its output."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, cast

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from assign_tui.api.errors import ApiError
from assign_tui.api.models import AssignmentTask
from assign_tui.tui.format import STATUS_STYLE, badge, relative_time, safe, short_time
from assign_tui.tui.modals.raw_json import json_syntax
from assign_tui.tui.modals.scrolling import ScrollingModal, scroll_bindings
from assign_tui.tui.privacy import mask_field, redact
from assign_tui.tui.widgets.assignment_fields import plain_value
from assign_tui.tui.widgets.key_footer import KeyFooter
from assign_tui.tui.widgets.notice import Notice

if TYPE_CHECKING:
    from assign_tui.tui.app import AssignApp

__all__ = ["TaskDetailModal"]

log = logging.getLogger("assign_tui.tui")


class TaskDetailModal(ScrollingModal[None]):
    """`GET .../tasks/{task_id}` in a scrollable box; r retries, Esc closes."""

    DEFAULT_CSS = """
    TaskDetailModal > .dialog { width: 100; }
    TaskDetailModal #task-output-label { text-style: bold underline; margin-top: 1; }
    """

    BINDINGS = [
        Binding("escape,q", "dismiss", "Close", id="task_detail.close"),
        Binding("r", "refresh", "Refresh", id="task_detail.refresh"),
        *scroll_bindings("task_detail"),
    ]

    def __init__(self, assignment_id: int, task_id: int) -> None:
        super().__init__()
        self.assignment_id = assignment_id
        self.task_id = task_id
        self.assignment_task: AssignmentTask | None = None

    @property
    def console(self) -> AssignApp:
        return cast("AssignApp", self.app)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog") as body:
            body.border_title = f"Task {self.task_id} of assignment {self.assignment_id}"
            body.border_subtitle = "r refresh · Esc close"
            yield Notice()
            yield Static(id="task-fields", markup=False)
            yield Static("Output", id="task-output-label", markup=False)
            yield Static(id="task-output", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
        self.query_one("#task-output-label").display = False
        self.reload()

    def action_refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Fetch the task again (r, and after a reconnection)."""
        self._load()

    @work(exclusive=True, group="task-detail", exit_on_error=False)
    async def _load(self) -> None:
        notice = self.query_one(Notice)
        notice.show_loading(f"Loading task {self.task_id}…")
        try:
            task = await self.console.client.get_task(self.assignment_id, self.task_id)
        except ApiError as error:
            notice.show_error(error)
            return
        except Exception as error:  # a bug of ours: a line for the operator, the details in the log
            log.exception("loading task %s failed", self.task_id)
            notice.show_error(error)
            return
        notice.clear()
        self.assignment_task = task
        self._show(task)

    def _show(self, task: AssignmentTask) -> None:
        privacy = self.console.privacy
        now = self.console.clock()
        rows = Table.grid(padding=(0, 1))
        rows.add_column(style="bold", no_wrap=True)
        rows.add_column(overflow="fold")

        def when(moment: datetime | None) -> Text:
            if moment is None:
                return Text("—", style="dim")
            return Text(f"{short_time(moment)} · {relative_time(moment, now)}")

        current = "yes ▶" if task.is_current else "no"
        condition = safe(task.condition) if task.has_condition else "none (always selectable)"
        for label, value in (
            ("name", Text(safe(task.name, single_line=True), style="bold")),
            (
                "id",
                Text(
                    f"{task.id} (workflow task {task.task_id}, "
                    f"key {safe(task.key, single_line=True)})"
                ),
            ),
            ("position", Text(str(task.position))),
            ("kind", Text(safe(task.kind, single_line=True))),
            ("status", badge(task.status, STATUS_STYLE)),
            ("current", Text(current)),
            ("attempts", Text(str(task.attempts))),
            ("condition", Text(condition)),
            ("started", when(task.started_at)),
            ("completed", when(task.completed_at)),
            ("description", Text(safe(task.description) if task.description else "—")),
        ):
            rows.add_row(Text(label), value)
        for key, value in task.unknown_fields.items():
            rows.add_row(
                Text(safe(str(key), single_line=True), style="italic"),
                Text(mask_field(str(key), value, privacy, plain_value)),
            )
        self.query_one("#task-fields", Static).update(rows)
        self.query_one("#task-output-label").display = True
        output = self.query_one("#task-output", Static)
        if not task.output:
            output.update(Text("no output", style="dim"))
        else:
            shown = redact({"output": task.output})["output"] if privacy else task.output
            output.update(json_syntax(shown, dark=self.app.current_theme.dark))

