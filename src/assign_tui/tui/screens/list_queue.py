"""The list as a queue to work through: where an assignment stands in it, and its neighbours.

Mixed into `AssignmentListScreen`. The detail screen opened from the list asks it
(`]` and `[` there): the next or previous row, across pages (the list turns its
page, so Esc back lands on the row last opened, on the page that holds it), and
"3 of 12 in Paused" for its header (the total is the server's).

After a write from the detail, or its `r`, the detail has the page fetched again
(`queue_refetch`): the place and the total are then the server's again. An
assignment the write took off the page keeps its old place (`queue_place`),
so `]` goes on to the one that took its place and `[` to the one before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from assign_tui.api.errors import ApiError
from assign_tui.api.models import Assignment, AssignmentQuery, Page
from assign_tui.tui.filters import describe_filters

if TYPE_CHECKING:
    from textual.worker import Worker

    from assign_tui.api.client import AssignmentsClient
    from assign_tui.tui.widgets.assignment_table import AssignmentTable

__all__ = ["ListQueue"]


class ListQueue:
    """Position and neighbours of an assignment among the list's rows (all pages)."""

    #: The assignment last opened from the list (Enter, then `]`/`[`): a detail is part of
    #: the queue only when it shows this one, not when opened by id.
    queue_opened: int | None = None
    #: Where the assignment opened last stood, from 0 across pages, when last seen on the
    #: page: `]` and `[` go on from there once a write has taken it off the page.
    queue_place: int | None = None

    if TYPE_CHECKING:
        @property
        def table(self) -> AssignmentTable: ...
        client: AssignmentsClient
        shown_query: AssignmentQuery | None
        query_state: AssignmentQuery
        page_total: int
        total_pages: int
        freshness: str
        _writes_seen: int

        def _writes_now(self) -> int: ...
        def _show_query(self) -> None: ...
        def refresh_counts(self) -> Worker[None]: ...

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
        place = self._place_of(assignment_id)
        return None if place is None else (place + 1, self.page_total)

    def queue_left(self, assignment_id: int) -> bool:
        """Whether the page, fetched again since, no longer holds the assignment opened."""
        return assignment_id == self.queue_opened and self.queue_place is not None \
            and self._place_of(assignment_id) is None

    def queue_page_words(self) -> str:
        """"Paused" when the list has one page, else "page 2 of Active": what an
        assignment missing from the page fetched again is known to have left."""
        query = self.shown_query
        if query is None or self.total_pages <= 1:
            return self.queue_name()
        return f"page {query.page} of {self.queue_name()}"

    async def queue_refetch(self, assignment_id: int, marked: Callable[[], object]) -> None:
        """Fetch the page shown again, with its total (after a write from the detail, or
        its r); the view counts follow. `marked` is called once the rows say they are
        being fetched again. A failed fetch marks the rows stale (and raises `ApiError`);
        one given up (the detail closed) leaves them as they were."""
        query = self.shown_query
        if query is None:
            return
        place = self._place_of(assignment_id)
        if place is not None:
            self.queue_place = place
        writes, before = self._writes_now(), self.freshness
        self.freshness = "refreshing"
        self._show_query()
        marked()
        try:
            page = await self.client.list_assignments(query)
        except ApiError:
            self.freshness = "stale"
            raise
        except asyncio.CancelledError:
            self.freshness = before
            raise
        finally:
            self._show_query()
        current = self.table.current_assignment
        self._writes_seen = writes
        self._show_page(query, page, keep_id=current.id if current is not None else None)
        self.refresh_counts()

    async def queue_neighbour(self, assignment_id: int, steps: int) -> tuple[int | None, bool]:
        """The id `steps` rows from `assignment_id` (negative: before it), turning the page
        past the loaded rows, and whether an end of the list stopped it short (it then
        stops on the first or last row; None when already there, or when the assignment
        is not part of the list). The list's cursor goes to it. From an assignment a
        write took off the page, one step forward is the row in its old place. A failed
        page fetch raises `ApiError`."""
        query = self.shown_query
        here = self._place_of(assignment_id)
        if query is None or self.page_total <= 0:
            return None, True
        if here is not None:
            wanted = here + steps
        elif self.queue_left(assignment_id) and self.queue_place is not None:
            wanted = self.queue_place + steps - (1 if steps > 0 else 0)
        else:
            return None, False
        target_place = min(max(wanted, 0), self.page_total - 1)
        at_end = target_place != wanted
        if target_place == here:
            return None, at_end
        before = (query.page - 1) * query.page_size
        ids = [row.id for row in self.table.rows_shown]
        if before <= target_place < before + len(ids):
            target = ids[target_place - before]
        else:
            number = target_place // query.page_size + 1
            turned = query.model_copy(update={"page": number})
            page = await self.client.list_assignments(turned)
            if not page.items:
                return None, True
            index = min(target_place - (number - 1) * query.page_size, len(page.items) - 1)
            self.query_state = turned
            self._show_page(turned, page)
            target = page.items[index].id
        self._cursor_to(target)
        self.queue_opened = target
        self.queue_place = None
        return target, at_end

    def _place_of(self, assignment_id: int) -> int | None:
        """The assignment's place from 0 across pages, if the page shown holds it."""
        query = self.shown_query
        ids = [row.id for row in self.table.rows_shown]
        if query is None or assignment_id not in ids:
            return None
        return (query.page - 1) * query.page_size + ids.index(assignment_id)

    def _cursor_to(self, assignment_id: int) -> None:
        for index, row in enumerate(self.table.rows_shown):
            if row.id == assignment_id:
                self.table.move_cursor(row=index, animate=False)
                return
