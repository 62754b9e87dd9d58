"""The list's keys that change what it asks for: pages, sort and filters.

Mixed into `AssignmentListScreen`, which keeps the query (`query_state`), knows
the number of pages, and asks the server again (`_reload_with`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from assign_tui.api.models import AssignmentQuery, SortOrder
from assign_tui.tui.filters import other_order, parse_quick_filter
from assign_tui.tui.widgets.quick_filter import QuickFilter

if TYPE_CHECKING:
    from assign_tui.tui.widgets.assignment_table import AssignmentTable

__all__ = ["ListQueryActions"]


if TYPE_CHECKING:
    from assign_tui.tui.screens.base import ConsoleScreen

    _ScreenBase = ConsoleScreen
else:
    _ScreenBase = object  # a plain mixin at run time, before the screen's own bases


class ListQueryActions(_ScreenBase):
    """Actions over `query_state`; each change goes through `_reload_with`."""

    if TYPE_CHECKING:
        query_state: AssignmentQuery
        total_pages: int

        @property
        def table(self) -> AssignmentTable: ...
        def _reload_with(self, query: AssignmentQuery, typed: str | None = None) -> None: ...

    def _go_to_page(self, page: int) -> None:
        query = self.query_state
        page = max(1, min(page, self.total_pages))
        if page != query.page:
            self._reload_with(query.model_copy(update={"page": page}))

    def action_next_page(self) -> None:
        self._go_to_page(self.query_state.page + 1)

    def action_previous_page(self) -> None:
        self._go_to_page(self.query_state.page - 1)

    def action_first_page(self) -> None:
        self._go_to_page(1)

    def action_last_page(self) -> None:
        self._go_to_page(self.total_pages)

    def action_sort(self) -> None:
        from assign_tui.tui.modals.sort_picker import SortPickerModal

        query = self.query_state
        self.app.push_screen(SortPickerModal((query.sort_by, query.sort_order)), self.apply_sort)

    def apply_sort(self, sort: tuple[object, SortOrder] | None) -> None:
        query = self.query_state
        if sort is not None and sort != (query.sort_by, query.sort_order):
            field, order = sort
            self._reload_with(query.model_copy(update={"sort_by": field, "sort_order": order,
                                                       "page": 1}))

    def action_flip_order(self) -> None:
        query = self.query_state
        self.apply_sort((query.sort_by, other_order(query.sort_order)))

    def action_clear_filters(self) -> None:
        query = self.query_state
        if query.has_filters:
            self._reload_with(parse_quick_filter("", query))
            self.notify("Filters cleared", timeout=2)

    def apply_statuses(self, statuses: tuple[str, ...]) -> None:
        self._reload_with(self.query_state.model_copy(update={"statuses": statuses, "page": 1}))

    def apply_query(self, query: AssignmentQuery | None) -> None:
        if query is not None and query != self.query_state:
            self._reload_with(query.model_copy(update={"page": 1}))

    def action_filter_form(self) -> None:
        from assign_tui.tui.modals.filter_form import FilterFormModal

        self.app.push_screen(FilterFormModal(self.query_state), self.apply_query)

    def action_quick_filter(self, typed: str | None = None) -> None:
        self.query_one(QuickFilter).open(self.query_state, typed)

    # Handlers by name, not `@on`: Textual collects `@on` only from message pump classes.
    def on_quick_filter_applied(self, event: QuickFilter.Applied) -> None:
        self.table.focus()
        self._reload_with(event.query, typed=event.typed)

    def on_quick_filter_unreadable(self, event: QuickFilter.Unreadable) -> None:
        self.notice.show_info(f"✗ {event.reason}")

    def on_quick_filter_closed(self) -> None:
        self.table.focus()

    def palette_commands(self) -> Iterator[tuple[str, Any, str]]:
        yield "Clear filters", self.action_clear_filters, "Show every assignment (x)"
        yield "Filter…", self.action_filter_form, "Status, mine, member, task (f)"
        yield "Next page", self.action_next_page, "(])"
        yield "Previous page", self.action_previous_page, "([)"
        yield "First page", self.action_first_page, "({)"
        yield "Last page", self.action_last_page, "(})"
        yield "Sort…", self.action_sort, "Pick the field and order (s)"
