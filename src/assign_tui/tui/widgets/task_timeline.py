"""The tasks of an assignment's workflow, in order, as a keyboard-driven table."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist

from assign_tui.api.models import AssignmentTask
from assign_tui.tui.format import STATUS_STYLE, badge, clip, safe

__all__ = ["TaskTimeline"]

CURRENT_MARK = "▶"
CONDITION_MARK = "◆ cond"
#: Width of every column but the name, cell padding included ("conversation", "✓ completed", ...).
_OTHER_COLUMNS = 50


class TaskTimeline(DataTable[Text]):
    """One row per task; the row key is the `assignment_task_id`.

    Enter posts `DataTable.RowSelected`. Up on the first row and down on the
    last are skipped, so the keys fall through to the scrolling body around it;
    so are Home and End (and g/G are not bound here): they take the whole page
    to its top (who the assignment is for) or its end.
    """

    DEFAULT_CSS = """
    TaskTimeline { height: auto; max-height: 16; margin: 0 1; }
    """

    BINDINGS = [
        Binding("enter", "select_cursor", "Open", id="detail.open_task"),
        Binding("j", "cursor_down", "Down", show=False, id="detail.tasks.down"),
        Binding("k", "cursor_up", "Up", show=False, id="detail.tasks.up"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._tasks: list[AssignmentTask] = []
        self._shown_width = 0

    def on_mount(self) -> None:
        self.add_column(Text(" "), key="current", width=1)
        self.add_column(Text("#"), key="position")
        self.add_column(Text("Task"), key="name")
        self.add_column(Text("Kind"), key="kind")
        self.add_column(Text("Status"), key="status")
        self.add_column(Text("Tries"), key="attempts")
        self.add_column(Text("Cond"), key="condition")

    def show(self, tasks: list[AssignmentTask]) -> None:
        """Replace the rows, keeping the cursor on the same task where it still exists."""
        self._tasks = list(tasks)
        selected = self.selected_task_id
        self.clear()
        self._shown_width = self.size.width or self.app.size.width - 4
        # Names are clipped so that the status and condition columns stay in view at 80 columns.
        name_width = max(12, self._shown_width - _OTHER_COLUMNS)
        for task in sorted(tasks, key=lambda t: t.position):
            self.add_row(
                Text(CURRENT_MARK if task.is_current else "", style="bold"),
                Text(str(task.position), justify="right"),
                Text(
                    clip(safe(task.name, single_line=True), name_width),
                    style="bold" if task.is_current else "",
                ),
                Text(safe(task.kind, single_line=True)),
                badge(task.status, STATUS_STYLE),
                Text(str(task.attempts), justify="right"),
                Text(CONDITION_MARK if task.has_condition else ""),
                key=str(task.id),
            )
        if selected is not None and str(selected) in self.rows:
            self.move_cursor(row=self.get_row_index(str(selected)))

    def on_resize(self, event: events.Resize) -> None:
        if self._tasks and event.size.width != self._shown_width:
            self.show(self._tasks)

    @property
    def selected_task_id(self) -> int | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except CellDoesNotExist:
            return None
        return int(key.value) if key.value is not None else None

    def action_cursor_down(self) -> None:
        if self.cursor_row >= self.row_count - 1:
            raise SkipAction()
        super().action_cursor_down()
        self.show_cursor_row()

    def action_cursor_up(self) -> None:
        if self.cursor_row <= 0:
            raise SkipAction()
        super().action_cursor_up()
        self.show_cursor_row()

    def show_cursor_row(self) -> None:
        """Scroll the page around the table just enough for the cursor's row to be seen, at
        once. The table is as tall as its rows, so DataTable's own scrolling moves nothing,
        and Enter would open a task off screen. Only for the keys: the page opens at its
        top whatever row the cursor starts on."""
        row = self._get_row_region(self.cursor_row)
        if not row:
            return
        # The row in the table's container's space, then up the containers, each scrolling
        # what it can: as Widget.scroll_to_widget does for a whole widget.
        region = row.translate(-self.scroll_offset).translate(
            self.styles.gutter.top_left).translate(self.virtual_region.offset)
        widget: Widget = self
        while isinstance(widget.parent, Widget) and widget.parent is not self.screen:
            container = widget.parent
            delta = container.scroll_to_region(region, animate=False, immediate=True)
            region = region.translate(-delta).translate(
                container.styles.gutter.top_left).translate(container.virtual_region.offset)
            widget = container

    def action_scroll_home(self) -> None:
        raise SkipAction()

    def action_scroll_end(self) -> None:
        raise SkipAction()
