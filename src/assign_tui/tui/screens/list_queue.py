"""The list as a queue to work through: where an assignment stands in it, and its neighbours.

Mixed into `AssignmentListScreen`. The detail screen opened from the list asks it
(`]` and `[` there): the next or previous row, across pages (the list turns its
page, so Esc back lands on the row last opened, on the page that holds it), and
"3 of 12 in Paused" for its header (the total is the server's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assign_tui.api.models import Assignment, AssignmentQuery, Page
from assign_tui.tui.filters import describe_filters

if TYPE_CHECKING:
    from assign_tui.api.client import AssignmentsClient
    from assign_tui.tui.widgets.assignment_table import AssignmentTable

__all__ = ["ListQueue"]


class ListQueue:
    """Position and neighbours of an assignment among the list's rows (all pages)."""

    #: The assignment last opened from the list (Enter, then `]`/`[`): a detail is part of
    #: the queue only when it shows this one, not when opened by id.
    queue_opened: int | None = None

    if TYPE_CHECKING:
        @property
        def table(self) -> AssignmentTable: ...
        client: AssignmentsClient
        shown_query: AssignmentQuery | None
        query_state: AssignmentQuery
        page_total: int
        total_pages: int

        def _show_page(
            self, query: AssignmentQuery, page: Page[Assignment], keep_id: int | None = None
        ) -> None: ...

    def queue_name(self) -> str:
        """What the queue is called in the detail's header: the filters shown, for now
        (named views replace this with the view's name)."""
        query = self.shown_query
        if query is None:
            return ""
        described = describe_filters(query)
        return "all assignments" if described == "no filters" else described

    def queue_position(self, assignment_id: int) -> tuple[int, int] | None:
        """(position from 1 across pages, the server's total), if the row is on the page."""
        query = self.shown_query
        ids = [row.id for row in self.table.rows_shown]
        if query is None or assignment_id not in ids:
            return None
        before = (query.page - 1) * query.page_size
        return before + ids.index(assignment_id) + 1, self.page_total

    async def queue_neighbour(self, assignment_id: int, step: int) -> int | None:
        """The id `step` (+1 or -1) rows from `assignment_id`, turning the page past the
        loaded rows; None past either end (or when the row is no longer on the page).
        The list's cursor goes to it. A failed page fetch raises `ApiError`."""
        query = self.shown_query
        ids = [row.id for row in self.table.rows_shown]
        if query is None or assignment_id not in ids:
            return None
        index = ids.index(assignment_id) + step
        if 0 <= index < len(ids):
            target = ids[index]
        else:
            number = query.page + step
            if number < 1 or number > self.total_pages:
                return None
            turned = query.model_copy(update={"page": number})
            page = await self.client.list_assignments(turned)
            if not page.items:
                return None
            self.query_state = turned
            self._show_page(turned, page)
            target = page.items[0 if step > 0 else -1].id
        self._cursor_to(target)
        self.queue_opened = target
        return target

    def _cursor_to(self, assignment_id: int) -> None:
        for index, row in enumerate(self.table.rows_shown):
            if row.id == assignment_id:
                self.table.move_cursor(row=index, animate=False)
                return
