"""The list's table: columns that fit the width by dropping, not clipping."""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from assign_tui.api.models import Assignment, AssignmentSortField, SortOrder
from assign_tui.tui.format import (
    MASK,
    PRIORITY_STYLE,
    STATUS_STYLE,
    badge,
    clip,
    relative_time,
    safe,
)
from assign_tui.tui.table_cells import OneLineCellTable
from assign_tui.tui.typed_ahead import KeysFollowFocus


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int
    #: Lower is more important: columns drop from the highest rank first.
    rank: int
    #: Flexible columns share the width left over.
    flex: bool = False
    sort_field: AssignmentSortField | None = None


_ID_WIDTH = 6
#: Widths hold the longest value ("11mo ago", "! 11mo ago") and the label with its
#: sort arrow ("priority ▼"): nothing is cut.
COLUMNS = (
    Column("id", "id", _ID_WIDTH, 0, sort_field=AssignmentSortField.ID),
    Column("member", "member", 14, 1, flex=True),
    Column("status", "status", 11, 2, sort_field=AssignmentSortField.STATUS),
    Column("task", "current task", 14, 3, flex=True),
    Column("priority", "priority", 10, 4, sort_field=AssignmentSortField.PRIORITY),
    Column("updated", "updated", 9, 5, sort_field=AssignmentSortField.UPDATED_AT),
    Column("due", "due", 10, 6, sort_field=AssignmentSortField.DUE_AT),
    Column("workflow", "workflow", 16, 7, flex=True),
    Column("created", "created", 9, 8, sort_field=AssignmentSortField.CREATED_AT),
)
#: Before a marked row's id ("✓ 1042" fits the id column's 6 cells).
MARK = "✓"
_CELL_PADDING = 2  # DataTable pads each cell by one on each side
#: How much a flexible column grows past its minimum on a wide terminal. Past that,
#: more room only spreads a row thinner; the table then stops short of the right edge,
#: and a scroll leaves the blank rest of the screen alone (fewer bytes over SSH).
_FLEX_GROWTH = 20


def fit_columns(
    width: int, sort_field: AssignmentSortField | None = None
) -> list[tuple[Column, int]]:
    """The columns that fit `width`, in display order, with their widths. The column the
    rows are sorted by comes right after the id: the order on screen is always explained."""

    def importance(column: Column) -> float:
        return 0.5 if sort_field is not None and column.sort_field == sort_field else column.rank

    chosen: list[Column] = []
    used = 1  # room for the vertical scrollbar
    for column in sorted(COLUMNS, key=importance):
        need = column.width + _CELL_PADDING
        if used + need <= width:
            chosen.append(column)
            used += need
    flexible = [column for column in chosen if column.flex]
    spare = max(0, width - used)
    widths = {column.key: column.width for column in chosen}
    for index, column in enumerate(flexible):
        share = spare // len(flexible) + (1 if index < spare % len(flexible) else 0)
        widths[column.key] += min(share, _FLEX_GROWTH)
    return [(column, widths[column.key]) for column in COLUMNS if column in chosen]


def table_width(layout: list[tuple[Column, int]]) -> int:
    """The cells `fit_columns`' layout takes, with the scrollbar."""
    return 1 + sum(width + _CELL_PADDING for _, width in layout)


class AssignmentTable(KeysFollowFocus, OneLineCellTable):
    """One page of assignments; the row key is the assignment id."""

    DEFAULT_CSS = """
    AssignmentTable { scrollbar-size-vertical: 1; }
    """

    BINDINGS = [
        # First, so that help shows it first; "Open" rather than DataTable's "Select".
        # Not in the footer: the page keys need the room, and the cursor says "pick me".
        Binding("enter", "select_cursor", "Open", show=False, id="list.open"),
        Binding("j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up"),
        Binding("g", "scroll_top", "First row", show=False, id="table.first"),
        Binding("G", "scroll_bottom", "Last row", show=False, id="table.last"),
    ]

    class PastLastRow(Message):
        """Page down was pressed on the last row: the list turns the page."""

    def __init__(self, clock: Callable[[], datetime], **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._clock = clock
        self._layout: list[tuple[Column, int]] = []
        self._rows: list[Assignment] = []
        #: Rows given to `show` while the table had no width (hidden, not laid out yet):
        #: built by `fit` once it has one. None when the rows shown are the latest given.
        self._pending: tuple[list[Assignment], int | None] | None = None
        self.sort_field = AssignmentSortField.CREATED_AT
        #: The order the arrow shows (not `sort_order`: that name is Textual's, it orders widgets).
        self.shown_order = SortOrder.DESC
        self.privacy = False
        #: The marked ids (the list's `Marks`): their id cell carries `MARK`.
        self.marked: Container[int] = frozenset()

    def action_page_down(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.post_message(self.PastLastRow())
        else:
            super().action_page_down()

    @property
    def available_width(self) -> int:
        """The room the table may take: its parent's width (its own is set to fit)."""
        parent = self.parent
        return parent.size.width if isinstance(parent, Widget) else self.size.width

    def on_resize(self) -> None:
        self.fit()

    def fit(self) -> None:
        """Build the rows that waited for a width, or lay the columns out again if the
        room for them changed (the screen resized)."""
        if self._pending is not None:
            rows, keep_id = self._pending
            self.show(rows, keep_id=keep_id)
        elif fit_columns(self.available_width, self.sort_field) != self._layout:
            current = self.current_assignment
            self.show(self._rows, keep_id=current.id if current else None)

    def redraw(self) -> None:
        """Draw the latest rows again (after a privacy change), keeping the cursor."""
        current = self.current_assignment
        rows, keep_id = self._pending or (self._rows, current.id if current else None)
        self.show(rows, keep_id=keep_id)

    def patch(self, newest: Mapping[int, Assignment]) -> bool:
        """Put in the newer version of any row seen since (opened, or written): answers
        whether one was. The page it came in may no longer hold it: the list refetches."""
        rows, keep_id = self._pending or (self._rows, None)
        patched = [
            newest[row.id] if row.id in newest and newest[row.id].updated_at > row.updated_at
            else row
            for row in rows
        ]
        if all(new is old for new, old in zip(patched, rows, strict=True)):
            return False
        current = self.current_assignment
        self.show(patched, keep_id=keep_id if self._pending else (current.id if current else None))
        return True

    @property
    def rows_shown(self) -> list[Assignment]:
        """The rows in the table now (not rows still waiting for a width)."""
        return self._rows

    @property
    def current_assignment(self) -> Assignment | None:
        """The row under the cursor, only if the table really shows it."""
        if self.cursor_row < 0 or self.cursor_row >= min(self.row_count, len(self._rows)):
            return None
        return self._rows[self.cursor_row]

    def show(self, rows: list[Assignment], *, keep_id: int | None = None) -> None:
        """Replace the rows, keeping the cursor on `keep_id` if it is still there.

        A table without a width (hidden while the list is empty, or not laid out yet)
        keeps the rows pending and builds them in `fit`, when it gets one: built once,
        at the right width.
        """
        if not self.size.width or not self.available_width:
            self._pending = (rows, keep_id)
            return
        self._pending = None
        self._rows = rows
        available = self.available_width
        self._layout = fit_columns(available, self.sort_field)
        width = table_width(self._layout)
        # Only a wide terminal leaves room; else keep the stylesheet's width (no relayout).
        self.styles.width = width if width < available else None
        self.clear(columns=True)
        for column, width in self._layout:
            self.add_column(self._label(column), width=width, key=column.key)
        now = self._clock()
        for assignment in rows:
            self.add_row(*self._cells(assignment, now), key=str(assignment.id))
        if keep_id is not None:
            for index, assignment in enumerate(rows):
                if assignment.id == keep_id:
                    self.move_cursor(row=index, animate=False)
                    break

    def redraw_mark(self, assignment_id: int) -> None:
        """Draw one row's mark again (marked or not), without rebuilding the table."""
        row = next((a for a in self._rows if a.id == assignment_id), None)
        if row is not None and str(assignment_id) in self.rows:
            self.update_cell(str(assignment_id), "id", self._id_cell(row))

    def redraw_marks(self) -> None:
        for assignment in self._rows:
            self.redraw_mark(assignment.id)

    def _id_cell(self, a: Assignment) -> Text:
        """The id, with the mark glyph when marked: a sign, not a colour (NO_COLOR)."""
        if a.id not in self.marked:
            return Text(str(a.id), justify="right")
        digits = str(a.id)
        if len(digits) <= _ID_WIDTH - 2:
            return Text(f"{MARK} {digits}", style="bold", justify="right")
        if len(digits) == _ID_WIDTH - 1:
            return Text(f"{MARK}{digits}", style="bold", justify="right")
        return Text(digits, style="bold reverse", justify="right")  # no room for the sign

    def _label(self, column: Column) -> Text:
        if column.sort_field is not None and column.sort_field == self.sort_field:
            arrow = "▲" if self.shown_order == SortOrder.ASC else "▼"
            return Text(f"{column.label} {arrow}", style="bold")
        return Text(column.label)

    def _cells(self, assignment: Assignment, now: datetime) -> list[Text]:
        cells: list[Text] = []
        for column, width in self._layout:
            cells.append(self._cell(column.key, assignment, now, width))
        return cells

    def _cell(self, key: str, a: Assignment, now: datetime, width: int) -> Text:
        if key == "id":
            return self._id_cell(a)
        if key == "member":
            return Text(MASK if self.privacy else clip(safe(a.member_name, single_line=True), width))
        if key == "status":
            return badge(a.status, STATUS_STYLE)
        if key == "task":
            return Text(clip(safe(a.current_task_name or "—", single_line=True), width))
        if key == "priority":
            return badge(a.priority, PRIORITY_STYLE)
        if key == "updated":
            return Text(relative_time(a.updated_at, now))
        if key == "created":
            return Text(relative_time(a.created_at, now))
        if key == "due":
            overdue = a.due_at is not None and a.due_at < now and a.is_cancellable
            text = relative_time(a.due_at, now)
            return Text(("! " if overdue else "") + text, style="bold red" if overdue else "")
        return Text(clip(safe(a.workflow_name, single_line=True), width))
