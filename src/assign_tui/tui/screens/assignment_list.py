"""The list: find the assignments that need the operator."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from assign_tui.api.errors import ApiError
from assign_tui.api.models import (
    Assignment,
    AssignmentQuery,
    AssignmentSortField,
    Page,
    SortOrder,
)
from assign_tui.tui.filters import (
    QUICK_FILTER_HELP,
    FilterSyntaxError,
    describe_query,
    parse_quick_filter,
    quick_filter_text,
)
from assign_tui.tui.screens.base import ConsoleScreen
from assign_tui.tui.widgets.assignment_table import AssignmentTable
from assign_tui.tui.widgets.header import ConsoleHeader
from assign_tui.tui.widgets.key_footer import KeyFooter
from assign_tui.tui.widgets.notice import Notice

_SORT_CYCLE = list(AssignmentSortField)


class AssignmentListScreen(ConsoleScreen):
    """Server-side paged, sorted and filtered assignments; Enter opens one."""

    DEFAULT_CSS = """
    AssignmentListScreen #filters { height: 1; padding: 0 1; background: $boost; }
    AssignmentListScreen #quick-filter { display: none; }
    AssignmentListScreen #quick-filter.-open { display: block; }
    AssignmentListScreen AssignmentTable { height: 1fr; }
    AssignmentListScreen #empty { display: none; height: 1fr; }
    AssignmentListScreen.-empty #empty { display: block; }
    AssignmentListScreen.-empty AssignmentTable { display: none; }
    AssignmentListScreen #pager { height: 1; padding: 0 1; color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "back", "Back", show=False, id="screen.back"),
        Binding("q", "quit", "Quit", id="list.quit"),
        Binding("enter", "open", "Open", id="list.open"),
        Binding("right_square_bracket", "next_page", "Next page", id="list.next_page"),
        Binding("left_square_bracket", "previous_page", "Prev page", id="list.previous_page"),
        Binding("s", "cycle_sort", "Sort", id="list.sort"),
        Binding("S", "flip_order", "Order", show=False, id="list.order"),
        Binding("f", "filter_form", "Filter", id="list.filter"),
        Binding("slash", "quick_filter", "Quick filter", show=False, id="list.quick_filter"),
        Binding("x", "clear_filters", "Clear filters", show=False, id="list.clear_filters"),
        Binding("y", "copy_id", "Copy id", show=False, id="list.copy"),
        Binding("c", "create", "Create", id="list.create"),
        Binding("r", "refresh", "Refresh", id="screen.refresh"),
    ]

    AUTO_FOCUS = "AssignmentTable"
    screen_title = "assignments"

    def __init__(self) -> None:
        super().__init__()
        self.page_total = 0
        self.total_pages = 0
        self.loaded = False

    @property
    def query_state(self) -> AssignmentQuery:
        """Filters and sort, kept on the app so they last the whole session."""
        query = getattr(self.console, "list_query", None)
        if query is None:
            query = AssignmentQuery(page_size=int(self.console.extra("page_size", 50)))
            self.console.list_query = query  # type: ignore[attr-defined]
        return query

    @query_state.setter
    def query_state(self, query: AssignmentQuery) -> None:
        self.console.list_query = query  # type: ignore[attr-defined]

    @property
    def table(self) -> AssignmentTable:
        return self.query_one(AssignmentTable)

    def compose(self) -> ComposeResult:
        yield ConsoleHeader()
        yield Static(id="filters", markup=False)
        yield Input(placeholder=QUICK_FILTER_HELP, id="quick-filter")
        yield AssignmentTable(self.console.clock)
        yield Static(
            "No assignments match these filters. Press x to clear them, f to change them.",
            id="empty",
            classes="empty-state",
            markup=False,
        )
        yield Static(id="pager", markup=False)
        yield Notice()
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.table.privacy = self.console.privacy
        self.watch(self.console, "privacy", self._on_privacy, init=False)
        self.watch(self.console, "read_only", lambda _: self.refresh_bindings(), init=False)
        self._show_query()
        first = self.console.take_first_page(self.query_state)
        if isinstance(first, asyncio.Future) and first.done() and not first.cancelled() \
                and first.exception() is None:
            self._show_page(self.query_state, first.result())  # in the very first frame
        else:
            self.load(first=first)
        interval = float(self.console.extra("auto_refresh", 0) or 0)
        if interval > 0:
            self.set_interval(interval, self._auto_refresh)

    def on_resize(self) -> None:
        self.table.fit()  # the table's width is set to fit its columns: it does not resize

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "create" and self.console.read_only:
            return None
        if action == "previous_page" and self.query_state.page <= 1:
            return None if not self.loaded else False
        if action == "next_page" and self.loaded and self.query_state.page >= self.total_pages:
            return False
        return True

    # -- loading -------------------------------------------------------------

    @work(exclusive=True, group="list")
    async def load(
        self, keep_id: int | None = None, first: Awaitable[Page[Assignment]] | None = None
    ) -> None:
        """Fetch and show the query's page; `first`: the answer already asked for at start."""
        query = self.query_state
        self.notice.show_loading(f"Loading page {query.page}…")
        try:
            page = await (first or self.client.list_assignments(query))
        except ApiError as error:
            self.notice.show_error(error)
            return
        self._show_page(query, page, keep_id)

    def _show_page(
        self, query: AssignmentQuery, page: Page[Assignment], keep_id: int | None = None
    ) -> None:
        if page.items == [] and page.total and query.page > 1:
            # The page emptied under us (rows moved): go to the last page instead.
            self.query_state = query.model_copy(update={"page": max(1, page.total_pages)})
            self.load(keep_id)
            return
        self.notice.clear()
        self.console.remember(page.items)
        self.loaded = True
        self.page_total = page.total
        self.total_pages = max(1, page.total_pages)
        self.set_class(not page.items, "-empty")
        table = self.table
        table.sort_field, table.sort_order = query.sort_by, query.sort_order
        table.show(page.items, keep_id=keep_id)
        if page.items and self.focused is None:
            table.focus()  # it lost the focus while hidden (an empty page)
        self._show_pager()
        self.refresh_bindings()

    def _show_pager(self) -> None:
        query = self.query_state
        noun = "assignment" if self.page_total == 1 else "assignments"
        self.query_one("#pager", Static).update(
            f"page {query.page} of {self.total_pages} · {self.page_total:,} {noun}"
        )

    def _show_query(self) -> None:
        self.query_one("#filters", Static).update(Text(describe_query(self.query_state)))

    def _reload_with(self, query: AssignmentQuery) -> None:
        self.query_state = query
        self._show_query()
        self.load()

    def _auto_refresh(self) -> None:
        if self.app.screen is self and not self.query_one("#quick-filter").has_class("-open"):
            current = self.table.current_assignment
            self.load(keep_id=current.id if current else None)

    def _on_privacy(self, privacy: bool) -> None:
        self.table.privacy = privacy
        self.table.redraw()

    # -- actions -------------------------------------------------------------

    def action_refresh(self) -> None:
        current = self.table.current_assignment
        self.load(keep_id=current.id if current else None)

    def action_open(self) -> None:
        current = self.table.current_assignment
        if current is not None:
            self.console.open_assignment(current.id)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_next_page(self) -> None:
        query = self.query_state
        if query.page < self.total_pages:
            self._reload_with(query.model_copy(update={"page": query.page + 1}))

    def action_previous_page(self) -> None:
        query = self.query_state
        if query.page > 1:
            self._reload_with(query.model_copy(update={"page": query.page - 1}))

    @on(AssignmentTable.PastLastRow)
    def _past_last_row(self) -> None:
        self.action_next_page()

    def action_cycle_sort(self) -> None:
        query = self.query_state
        field = _SORT_CYCLE[(_SORT_CYCLE.index(query.sort_by) + 1) % len(_SORT_CYCLE)]
        self._reload_with(query.model_copy(update={"sort_by": field, "page": 1}))

    def action_flip_order(self) -> None:
        query = self.query_state
        order = SortOrder.ASC if query.sort_order == SortOrder.DESC else SortOrder.DESC
        self._reload_with(query.model_copy(update={"sort_order": order, "page": 1}))

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

    def action_quick_filter(self) -> None:
        box = self.query_one("#quick-filter", Input)
        if not box.has_class("-open"):
            box.value = quick_filter_text(self.query_state)
        box.add_class("-open")
        box.focus()

    @on(Input.Submitted, "#quick-filter")
    def _quick_filter_submitted(self, event: Input.Submitted) -> None:
        try:
            query = parse_quick_filter(event.value, self.query_state)
        except FilterSyntaxError as error:
            self.notice.show_info(f"✗ {error}")
            return  # the box stays open with what was typed
        event.input.remove_class("-open")
        self.table.focus()
        self._reload_with(query)

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", "")
        box = self.query_one("#quick-filter", Input)
        if key == "escape" and box.has_class("-open"):
            box.remove_class("-open")
            self.table.focus()
            getattr(event, "stop")()

    def action_copy_id(self) -> None:
        current = self.table.current_assignment
        if current is not None:
            self.console.copy(str(current.id), f"assignment id {current.id}")

    def action_create(self) -> None:
        self.console.open_create()

    async def action_quit(self) -> None:
        await self.console.action_quit()

    def palette_commands(self):  # type: ignore[no-untyped-def]
        yield "Clear filters", self.action_clear_filters, "Show every assignment (x)"
        yield "Filter…", self.action_filter_form, "Status, mine, member, task (f)"
        yield "Next page", self.action_next_page, "(])"
        yield "Previous page", self.action_previous_page, "([)"
