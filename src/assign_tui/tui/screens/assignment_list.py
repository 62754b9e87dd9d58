"""The list: find the assignments that need the operator."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from assign_tui.api.errors import ApiError, PermissionDeniedError, ValidationError
from assign_tui.api.models import Assignment, AssignmentQuery, Page
from assign_tui.tui.filters import describe_filters, describe_query, same_rows_asked
from assign_tui.tui.marks import Marks
from assign_tui.tui.rules import write_refusal
from assign_tui.tui.screens.base import ConsoleScreen
from assign_tui.tui.screens.list_create import open_create
from assign_tui.tui.screens.list_find import FIND_BINDINGS, ListFind
from assign_tui.tui.screens.list_marks import ListMarking
from assign_tui.tui.screens.list_queue import ListQueue
from assign_tui.tui.screens.list_refresh import REFRESH_BINDINGS
from assign_tui.tui.screens.list_views import VIEW_BINDINGS
from assign_tui.tui.views import matching_view
from assign_tui.tui.widgets.assignment_table import AssignmentTable
from assign_tui.tui.widgets.filter_line import FilterLine
from assign_tui.tui.widgets.quick_filter import QuickFilter
from assign_tui.tui.widgets.views_bar import ViewsBar

#: Answers that refuse the query itself (a status the server does not know, another
#: member's id without the scope): the rows shown stay current, the query is dropped.
_REFUSALS = (ValidationError, PermissionDeniedError)


class AssignmentListScreen(ListMarking, ListQueue, ListFind, ConsoleScreen):
    """Server-side paged, sorted and filtered assignments; Enter opens one.

    Two queries: `query_state` (on the app) is what the operator asked for last;
    `shown_query` is the one whose answer is on screen. The filter line and the
    pager describe the rows shown, and say when they are not current.
    """

    DEFAULT_CSS = """
    AssignmentListScreen AssignmentTable { height: 1fr; }
    AssignmentListScreen #empty { display: none; height: 1fr; }
    AssignmentListScreen.-empty #empty { display: block; }
    /* Folded, not hidden: it keeps its width (rows drawn with the pager) and the focus. */
    AssignmentListScreen.-empty AssignmentTable { height: 0; }
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
        *VIEW_BINDINGS,
        *REFRESH_BINDINGS,
        *FIND_BINDINGS,
        # Marking and acting on many (the pager line names them once rows are marked).
        Binding("space", "toggle_mark", "Mark", show=False, id="list.mark"),
        Binding("ctrl+a", "mark_page", "Mark page", show=False, id="list.mark_page"),
        Binding("u", "clear_marks", "Unmark all", show=False, id="list.unmark"),
        Binding("X", "bulk_cancel", "Cancel marked", show=False, id="list.bulk_cancel"),
        Binding("e", "bulk_update", "Update marked", show=False, id="list.bulk_update"),
        Binding("ctrl+c", "stop_bulk", "Stop sending", show=False, id="list.stop_bulk"),
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
        #: Marked rows, by id: they outlive pages, sorts, filters and refreshes.
        self.marks = Marks()

    @property
    def query_state(self) -> AssignmentQuery:
        """Filters and sort, kept on the app so they last the whole session."""
        query = self.console.list_query
        if query is None:
            query = AssignmentQuery(page_size=self.console.settings.page_size)
            self.console.list_query = query
        return query

    @query_state.setter
    def query_state(self, query: AssignmentQuery) -> None:
        self.console.list_query = query

    @property
    def table(self) -> AssignmentTable:
        return self.query_one(AssignmentTable)

    def compose_body(self) -> ComposeResult:
        yield ViewsBar(id="views")
        yield FilterLine(id="filters")
        yield QuickFilter()
        yield AssignmentTable(self.console.clock)
        yield Static(
            "No assignments match these filters. Press x to clear them, f to change them.",
            id="empty",
            classes="empty-state",
            markup=False,
        )
        yield Static(id="pager", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.table.privacy = self.console.privacy
        self.table.marked = self.marks
        self.watch(self.console, "privacy", self._on_privacy, init=False)
        self.watch(self.console, "read_only", lambda _: self.refresh_bindings(), init=False)
        self.watch(self.console, "connection", self._on_connection, init=False)
        self._show_query()
        first = self.console.startup.take_first_page(self.query_state)
        if isinstance(first, asyncio.Future) and first.done() and not first.cancelled() \
                and first.exception() is None:
            self._show_page(self.query_state, first.result())  # in the very first frame
        else:
            self._load(first=first)
        self.start_auto_refresh()

    def on_resize(self) -> None:
        self.table.fit()  # the table's width is set to fit its columns: it does not resize
        if self.loaded:
            self._show_pager()

    def write_refusal(self, action: str) -> str:
        if action != "create":
            return self.bulk_refusal(action)
        return write_refusal("create", read_only=self.console.read_only)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.write_refusal(action):
            return False
        if action == "clear_marks":
            return bool(self.marks)
        if action == "stop_bulk":
            return self.bulk_stop is not None
        if action in ("first_page", "last_page") and not self.loaded:
            return False  # nothing to page through yet: [ and ] say so (dimmed)
        if action in ("previous_page", "first_page") and self.query_state.page <= 1:
            return None if not self.loaded else False
        if action in ("next_page", "last_page") and self.loaded \
                and self.query_state.page >= self.total_pages:
            return False
        return True

    # -- loading -------------------------------------------------------------

    @work(exclusive=True, group="list")
    async def _load(
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
        other = shown is not None and not same_rows_asked(query, shown)
        what = f" ({describe_filters(query)})" if other else ""
        self.notice.show_loading(f"Loading page {query.page}{what}…")
        try:
            page = await (first or self.client.list_assignments(query))
        except _REFUSALS as error:
            self._refused(query, error, typed) if other else self._failed(error)
            return
        except ApiError as error:
            self._failed(error)
            return
        current = self.table.current_assignment
        if keep_id is not None and current is not None:
            keep_id = current.id  # a refresh: the row the cursor is on now, if it moved
        self._writes_seen = writes
        self._show_page(query, page, keep_id)

    def _writes_now(self) -> int:
        client = self.console.startup.client_if_made  # the first frame does not make it
        return client.writes_sent if client is not None else 0

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
            self._load(keep_id)
            return
        self.notice.clear()
        self.console.remember(page.items)
        self.marks.seen(page.items)
        self.shown_query = query
        self.freshness = "current"
        self._loaded_at = self.console.clock().strftime("%H:%M UTC")
        self.loaded = True
        self.page_total = page.total
        self.total_pages = max(1, page.total_pages)
        self.set_class(not page.items, "-empty")
        table = self.table
        table.sort_field, table.shown_order = query.sort_by, query.sort_order
        table.show(page.items, keep_id=keep_id)
        if page.items and self.focused is None:
            table.focus()  # it lost the focus while hidden (an empty page)
        self._show_pager()
        self._show_query()
        self.views_page_shown(query, page)
        self.refresh_bindings()

    def _show_pager(self) -> None:
        """"page 2 of 4 · 200 assignments", with the marks and their keys when any: the
        longest form that fits, so a narrow terminal still reads the count of marked rows."""
        query = self.shown_query or self.query_state
        noun = "assignment" if self.page_total == 1 else "assignments"
        where = f"page {query.page} of {self.total_pages}"
        line = f"{where} · {self.page_total:,} {noun}"
        marked = self.marks.describe(self.table.rows_shown)
        if marked:
            count = marked.split(" (")[0]  # "3 selected", without "(2 on this page)"
            fits = [
                f"{line} · {marked} · X cancel · e update · u unmark",
                f"{line} · {marked}",
                f"{line} · {count}",
                f"{where} · {count}",
                f"{query.page}/{self.total_pages} · {count}",
            ]
            line = next((text for text in fits if len(text) <= self.size.width - 2), fits[-1])
        self.query_one("#pager", Static).update(line)

    def show_marks(self) -> None:
        """The pager line's "N selected" (`ListMarking` calls it when marks change)."""
        self._show_pager()

    def _show_query(self) -> None:
        self.query_one(FilterLine).describe(
            self.shown_query, self.query_state, self.freshness, self._loaded_at
        )
        self.show_views()

    def _reload_with(self, query: AssignmentQuery, typed: str | None = None) -> None:
        self.query_state = query
        self._show_query()
        self._load(typed=typed)

    def on_screen_resume(self) -> None:
        """Back from another screen: rows it saw newer are patched in, and after any
        write, such a row, or a lost connection, the page and its count are fetched again."""
        if not self.loaded:
            return
        client = self.console.startup.client_if_made
        patched = self.table.patch(client.newest if client is not None else {})
        if patched or self.freshness == "stale" or self._writes_now() != self._writes_seen:
            self.freshness = "refreshing"
            self._show_query()
            self.reload()

    def _on_connection(self, connected: bool | None) -> None:
        """The server went away (seen by any screen): the rows may be out of date."""
        if connected is False and self.shown_query is not None:
            self.freshness = "stale"
            self._show_query()

    def _on_privacy(self, privacy: bool) -> None:
        self.table.privacy = privacy
        self.table.redraw()

    def queue_name(self) -> str:
        """The view's name when the rows shown are a view's ("3 of 21 in Paused"), else
        the filters shown (`ListQueue`)."""
        view = matching_view(self.views, self.shown_query) if self.shown_query else None
        return view.title if view is not None else super().queue_name()

    # -- actions -------------------------------------------------------------

    def action_back(self) -> None:
        if self.bulk_stop is not None:
            self.action_stop_bulk()  # Esc while acting on many: send no more
        else:
            super().action_back()

    def reload(self) -> None:
        """Fetch the page again, the cursor staying on its row (r, writes, reconnection)."""
        current = self.table.current_assignment
        self._load(keep_id=current.id if current else None)
        self.refresh_counts()

    def action_open(self) -> None:
        current = self.table.current_assignment
        if current is not None:
            self.queue_opened = current.id  # the detail works through this list (] and [)
            self.console.open_assignment(current.id)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    @on(AssignmentTable.PastLastRow)
    def _past_last_row(self) -> None:
        self.action_next_page()

    def action_copy_id(self) -> None:
        current = self.table.current_assignment
        if current is not None:
            self.console.copy(str(current.id), f"assignment id {current.id}")

    def action_create(self) -> None:
        open_create(self.console)

    async def action_quit(self) -> None:
        await self.console.action_quit()
