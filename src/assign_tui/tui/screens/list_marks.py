"""The list's keys for marking rows and acting on the marked ones.

Mixed into `AssignmentListScreen`, which owns the `Marks`, the table and the
notice line. Marking is for acting, so it is hidden with the writes: in
read-only mode, and once the server has refused this token a write (403: a role
that may read but not write; the contract has no way to ask for the role first).
The sending and its rules are `tui.bulk`'s; the questions and the results are
the modals'.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Literal

from textual import work

from assign_tui.tui.bulk import BulkOutcome, BulkResult, BulkWrite, send_all
from assign_tui.tui.marks import Marks
from assign_tui.tui.rules import Write, write_refusal

if TYPE_CHECKING:
    from assign_tui.api.client import AssignmentsClient
    from assign_tui.tui.app import AssignApp
    from assign_tui.tui.widgets.assignment_table import AssignmentTable
    from assign_tui.tui.widgets.notice import Notice

__all__ = ["BULK_ACTIONS", "ListMarking"]

#: Actions that exist for acting on many: hidden with the writes.
BULK_ACTIONS: dict[str, Write] = {"toggle_mark": "cancel", "mark_page": "cancel", "bulk_cancel": "cancel",
                "bulk_update": "update"}


class ListMarking:
    """Marks (kept by id across pages, sorts, filters and refreshes) and the bulk writes."""

    if TYPE_CHECKING:
        @property
        def table(self) -> AssignmentTable: ...
        notice: Notice
        console: AssignApp
        client: AssignmentsClient
        app: Any

        def refresh_bindings(self) -> None: ...
        def action_refresh(self) -> None: ...
        def show_marks(self) -> None: ...

    marks: Marks
    #: Set while a bulk write runs: Esc and ctrl+c set it, and no more writes go out.
    bulk_stop: asyncio.Event | None = None
    #: Why the server refused this token a write (a 403), once it has: acting on many is off.
    role_refusal = ""

    def bulk_refusal(self, action: str) -> str:
        """Why marking or acting on many is off ("" when it is on)."""
        if action not in BULK_ACTIONS:
            return ""
        if self.console.read_only:
            return write_refusal(BULK_ACTIONS[action], read_only=True)
        if self.role_refusal:
            return f"The server refused this token a write ({self.role_refusal}): acting on many is off."
        if action.startswith("bulk_") and not self.marks:
            return "Nothing is marked: space marks a row, ctrl+a the page."
        if self.bulk_stop is not None:
            return "A bulk write is on its way: Esc stops sending the rest."
        return ""

    # -- marking ---------------------------------------------------------------

    def action_toggle_mark(self) -> None:
        row = self.table.current_assignment
        if row is None:
            return
        self.marks.toggle(row)
        self.table.redraw_mark(row.id)
        self.table.action_cursor_down()
        self._marks_changed()

    def action_mark_page(self) -> None:
        self.marks.mark(self.table.rows_shown)
        self.table.redraw_marks()
        self._marks_changed()

    def action_clear_marks(self) -> None:
        if self.marks:
            self.marks.clear()
            self.table.redraw_marks()
            self._marks_changed()

    def _marks_changed(self) -> None:
        self.show_marks()
        self.refresh_bindings()

    # -- acting on many ----------------------------------------------------------

    def action_bulk_cancel(self) -> None:
        self._confirm_bulk("cancel")

    def action_bulk_update(self) -> None:
        self._confirm_bulk("update")

    def _confirm_bulk(self, kind: Literal["cancel", "update"]) -> None:
        from assign_tui.tui.modals.bulk_confirm import bulk_confirm

        if self.bulk_stop is not None or not self.marks:
            return
        rows = self.marks.rows
        skipped = [
            BulkResult(row.id, "not_sent", reason, assignment=row)
            for row in rows
            if (reason := write_refusal(kind, read_only=False, status=row.status))
        ]
        sendable = [row for row in rows if row.id not in {s.assignment_id for s in skipped}]

        def confirmed(write: BulkWrite | None) -> None:
            if write is not None and sendable:
                self.run_bulk(write, [row.id for row in sendable], skipped)

        self.app.push_screen(bulk_confirm(kind, sendable, skipped), confirmed)

    @work(exclusive=True, group="bulk", exit_on_error=False)
    async def run_bulk(self, write: BulkWrite, ids: list[int], skipped: list[BulkResult]) -> None:
        """Send, showing the progress; then unmark what was done, reload, show the results."""
        self.bulk_stop = stop = asyncio.Event()
        self.refresh_bindings()
        total = len(ids)
        self.notice.show_loading(f"{write.doing} 0 of {total}… Esc stops the rest.")

        def progress(started: int, total: int) -> None:
            if not stop.is_set():
                self.notice.show_loading(f"{write.doing} {started} of {total}… Esc stops the rest.")

        try:
            outcome = await send_all(self.client, ids, write, stop=stop, on_progress=progress)
        finally:
            self.bulk_stop = None
            self.refresh_bindings()
        outcome.results.extend(skipped)
        self.settle_bulk(outcome)
        self.notice.clear()
        self.action_refresh()
        self.show_bulk_result(write, outcome)

    def settle_bulk(self, outcome: BulkOutcome) -> None:
        """Done ones are unmarked; the rest stay marked, as the server now shows them."""
        self.marks.unmark(outcome.ids("done"))
        self.marks.seen(r.assignment for r in outcome.results if r.assignment is not None)
        refused = [r for r in outcome.of("refused") if r.status == 403]
        if refused:
            self.role_refusal = refused[0].detail
        self.table.redraw_marks()
        self._marks_changed()

    def show_bulk_result(self, write: BulkWrite, outcome: BulkOutcome) -> None:
        from assign_tui.tui.modals.bulk_result import BulkResultModal

        def closed(_: object) -> None:
            self.settle_bulk(outcome)  # a check (ctrl+o) may have settled unknown ones
            self.action_refresh()

        self.app.push_screen(BulkResultModal(write, outcome), closed)

    def action_stop_bulk(self) -> None:
        if self.bulk_stop is not None and not self.bulk_stop.is_set():
            self.bulk_stop.set()
            self.notice.show_loading("Stopping: no more are sent; waiting for the ones on their way…")
