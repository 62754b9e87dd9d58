"""The list: find the assignments that need the operator."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from assign_tui.api.errors import ApiError, PermissionDeniedError, ValidationError
from assign_tui.api.models import Assignment, AssignmentQuery, Page, SortOrder
from assign_tui.tui.filters import (
    QUICK_FILTER_HELP,
    FilterSyntaxError,
    describe_filters,
    describe_query,
    other_order,
    parse_quick_filter,
    quick_filter_text,
    same_rows_asked,
)
from assign_tui.tui.screens.base import ConsoleScreen
from assign_tui.tui.widgets.assignment_table import AssignmentTable
from assign_tui.tui.widgets.filter_line import FilterLine
from assign_tui.tui.widgets.header import ConsoleHeader
from assign_tui.tui.widgets.key_footer import KeyFooter
from assign_tui.tui.widgets.notice import Notice

#: Answers that refuse the query itself (a status the server does not know, another
#: member's id without the scope): the rows shown stay current, the query is dropped.
_REFUSALS = (ValidationError, PermissionDeniedError)


class AssignmentListScreen(ConsoleScreen):
    """Server-side paged, sorted and filtered assignments; Enter opens one.

    Two queries: `query_state` (on the app) is what the operator asked for last;
    `shown_query` is the one whose answer is on screen. The filter line and the
    pager describe the rows shown, and say when they are not current.
    """

    DEFAULT_CSS = """
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
        Binding("enter", "open", "Open", show=False, id="list.open"),
        # Short words for the footer, next to the pager; help shows the tooltips.
        Binding("right_square_bracket", "next_page", "Next", tooltip="Next page",
                id="list.next_page"),
        Binding("left_square_bracket", "previous_page", "Prev", tooltip="Previous page",
                id="list.previous_page"),
        Binding("left_curly_bracket", "first_page", "First", tooltip="First page",
                id="list.first_page"),
        Binding("right_curly_bracket", "last_page", "Last", tooltip="Last page",
                id="list.last_page"),
        Binding("s", "sort", "Sort", id="list.sort"),
        Binding("S", "flip_order", "Reverse order", show=False, id="list.order"),
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
        #: The query whose page is on screen (None before the first answer).
        self.shown_query: AssignmentQuery | None = None
        #: "current", "refreshing" (after a write, the page is being fetched again) or
        #: "stale" (the last fetch failed: the rows may be out of date).
        self.freshness = "current"
        self._loaded_at = ""
        #: The client's write count when the page shown was asked for.
        self._writes_seen = 0

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
        yield FilterLine(id="filters")
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
        if action in ("previous_page", "first_page") and self.query_state.page <= 1:
            return None if not self.loaded else False
        if action in ("next_page", "last_page") and self.loaded \
                and self.query_state.page >= self.total_pages:
            return False
        return True

    # -- loading -------------------------------------------------------------

    @work(exclusive=True, group="list")
    async def load(
        self,
        keep_id: int | None = None,
        first: Awaitable[Page[Assignment]] | None = None,
        typed: str | None = None,
    ) -> None:
        """Fetch and show the query's page; `first`: the answer already asked for at start;
        `typed`: the quick filter that asked for it (reopened if the server refuses it)."""
        query = self.query_state
        writes = self._writes_now()
        shown = self.shown_query
        what = "" if shown is None or same_rows_asked(query, shown) else f" ({describe_filters(query)})"
        self.notice.show_loading(f"Loading page {query.page}{what}…")
        try:
            page = await (first or self.client.list_assignments(query))
        except _REFUSALS as error:
            if shown is None or same_rows_asked(query, shown):
                self._failed(error)
            else:
                self._refused(query, error, typed)
            return
        except ApiError as error:
            self._failed(error)
            return
        self._writes_seen = writes
        self._show_page(query, page, keep_id)

    def _writes_now(self) -> int:
        return int(getattr(self.client, "writes_sent", 0))

    def _failed(self, error: ApiError) -> None:
        """The rows on screen (if any) are now of unknown currency: say so."""
        if self.shown_query is not None:
            self.freshness = "stale"
        self._show_query()
        self.notice.show_error(error)

    def _refused(self, query: AssignmentQuery, error: ApiError, typed: str | None) -> None:
        """The server refused the query asked for (a filter it does not take): the one in
        force stays, the message says what was refused, and what was typed stays typed."""
        self.query_state = self.shown_query or query
        self._show_query()
        asked = repr(typed) if typed is not None else describe_query(query)
        self.notice.show_error(error, hint=f"Not applied: {asked}. The filters shown above "
                                            "are still in force.")
        if typed is not None:
            self.action_quick_filter(typed)

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
        self.shown_query = query
        self.freshness = "current"
        self._loaded_at = self.console.clock().strftime("%H:%M UTC")
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
        self._show_query()
        self.refresh_bindings()

    def _show_pager(self) -> None:
        query = self.shown_query or self.query_state
        noun = "assignment" if self.page_total == 1 else "assignments"
        self.query_one("#pager", Static).update(
            f"page {query.page} of {self.total_pages} · {self.page_total:,} {noun}"
        )

    def _show_query(self) -> None:
        self.query_one(FilterLine).describe(
            self.shown_query, self.query_state, self.freshness, self._loaded_at
        )

    def _reload_with(self, query: AssignmentQuery, typed: str | None = None) -> None:
        self.query_state = query
        self._show_query()
        self.load(typed=typed)

    def on_screen_resume(self) -> None:
        """Back from another screen: rows it saw newer are patched in, and after any
        write (or such a row) the page and its count are fetched again."""
        if not self.loaded:
            return
        patched = self.table.patch(getattr(self.client, "newest", {}))
        if patched or self._writes_now() != self._writes_seen:
            self.freshness = "refreshing"
            self._show_query()
            self.action_refresh()

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

    @on(AssignmentTable.PastLastRow)
    def _past_last_row(self) -> None:
        self.action_next_page()

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

    def action_quick_filter(self, text: str | None = None) -> None:
        box = self.query_one("#quick-filter", Input)
        if text is not None or not box.has_class("-open"):
            box.value = quick_filter_text(self.query_state) if text is None else text
        box.add_class("-open")
        box.focus()
        if text is not None:  # what was typed, to correct: not selected, where the next key would replace it
            self.call_after_refresh(box.action_end)

    @on(Input.Submitted, "#quick-filter")
    def _quick_filter_submitted(self, event: Input.Submitted) -> None:
        try:
            query = parse_quick_filter(event.value, self.query_state)
        except FilterSyntaxError as error:
            self.notice.show_info(f"✗ {error}")
            return  # the box stays open with what was typed
        event.input.remove_class("-open")
        self.table.focus()
        self._reload_with(query, typed=event.value)

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
        yield "First page", self.action_first_page, "({)"
        yield "Last page", self.action_last_page, "(})"
        yield "Sort…", self.action_sort, "Pick the field and order (s)"
