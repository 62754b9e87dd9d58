"""`]` and `[` on the detail: the next and previous assignment of the list it was opened from.

Mixed into `AssignmentDetailScreen`. A queue is worked without going back: the
detail shows the neighbour in place (one detail screen on the stack), its header
says where it stands ("3 of 12 in status paused"), and the list underneath keeps
its cursor on the assignment last opened, turning pages as needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.screen import Screen
from textual.worker import WorkerCancelled, WorkerFailed

from assign_tui.api.errors import ApiError
from assign_tui.tui.screens.list_queue import ListQueue
from assign_tui.tui.widgets.header import ConsoleHeader

if TYPE_CHECKING:
    from assign_tui.tui.widgets.notice import Notice

__all__ = ["DetailQueue"]

# A plain mixin at run time (Textual takes DEFAULT_CSS along the first DOM base only).
if TYPE_CHECKING:
    _ScreenBase = Screen[Any]
else:
    _ScreenBase = object


class DetailQueue(_ScreenBase):
    """Moving through the list's rows from the detail."""

    #: `]` and `[` pressed and not yet taken (+1 each `]`, -1 each `[`).
    _steps_pending = 0
    #: Whether `_step` is running (it takes the presses that come meanwhile).
    _stepping = False

    if TYPE_CHECKING:
        assignment_id: int
        screen_title: str

        @property
        def notice(self) -> Notice: ...
        def show_other(self, assignment_id: int) -> None: ...

    def queue(self) -> ListQueue | None:
        """The list this detail was opened from (below it on the stack), if it was."""
        stack = self.app.screen_stack
        below = stack[: stack.index(self)] if self in stack else []
        queue = next((s for s in reversed(below) if isinstance(s, ListQueue)), None)
        return queue if queue is not None and queue.queue_opened == self.assignment_id else None

    def queue_title(self) -> str:
        """"Assignment 1042 · 3 of 12 in status paused", or without the place when the
        assignment is not among the list's rows (opened by id). The place is the
        server's or none: "… of … in Paused" while the page is fetched again after a
        write, "? of ? in Paused" when that fetch failed, "no longer in Paused" when
        the page fetched again no longer holds it."""
        title = f"Assignment {self.assignment_id}"
        queue = self.queue()
        if queue is None:
            return title
        name = queue.queue_name()
        if queue.freshness == "refreshing":
            return f"{title} · … of … in {name}"
        if queue.queue_left(self.assignment_id):
            return f"{title} · no longer in {queue.queue_page_words()}"
        place = queue.queue_position(self.assignment_id)
        if place is None:
            return title
        if queue.freshness == "stale":
            return f"{title} · ? of ? in {name}"
        return f"{title} · {place[0]:,} of {place[1]:,} in {name}"

    def show_queue_title(self) -> None:
        self.screen_title = self.queue_title()
        self.query_one(ConsoleHeader).screen_title = self.screen_title

    @work(exclusive=True, group="detail-queue-refetch", exit_on_error=False)
    async def refetch_queue(self) -> None:
        """The list's page and total again (after a write, or r): the header's place is
        then the server's, or says it is gone. A failure shows as "? of ?"; the
        detail's own load says what went wrong."""
        queue = self.queue()
        if queue is None:
            return
        try:
            await queue.queue_refetch(self.assignment_id, self.show_queue_title)
        except ApiError:
            pass  # the rows are stale now: the title says "? of ?"
        self.show_queue_title()

    def action_next_in_queue(self) -> None:
        self._add_step(+1)

    def action_previous_in_queue(self) -> None:
        self._add_step(-1)

    def _add_step(self, step: int) -> None:
        """Each press counts, from where the presses before it were going: one worker
        takes them all, and those pressed while it waits for the server are added up."""
        self._steps_pending += step
        if not self._stepping:
            self._stepping = True
            self._step()

    @work(group="detail-queue", exit_on_error=False)
    async def _step(self) -> None:
        try:
            while self._steps_pending:
                await self._finished("detail-queue-refetch")  # the place after a write
                steps, self._steps_pending = self._steps_pending, 0
                if not await self._take_steps(steps):
                    self._steps_pending = 0
        finally:
            self._stepping = False

    async def _take_steps(self, steps: int) -> bool:
        """Move `steps` rows; False when it cannot (the presses after it are dropped)."""
        queue = self.queue()
        here = self.assignment_id
        if queue is None or (queue.queue_position(here) is None and not queue.queue_left(here)):
            self.notice.show_info(
                "Opened by id, not from the list's rows: ] and [ move through the list "
                "once an assignment is opened from it.")
            return False
        left = queue.queue_left(here)
        try:
            target, at_end = await queue.queue_neighbour(here, steps)
        except ApiError as error:
            self.notice.show_error(error)
            return False
        if target is not None:
            self.show_other(target)
        if at_end and not self._steps_pending:
            await self._finished("detail-load")  # else the load's notice would replace this
            if self._steps_pending:
                return True  # pressed meanwhile: the next round says where it ends
            name = queue.queue_name()
            if target is None and left:
                side = "after" if steps > 0 else "before"
                self.notice.show_info(f"Nothing {side} its old place in {name}.")
            else:
                end = "last" if steps > 0 else "first"
                self.notice.show_info(f"This is the {end} one in {name}.")
        return True

    async def _finished(self, group: str) -> None:
        """Wait for this screen's worker of `group`, if one is running (`]` pressed twice in
        a row: the second finds the end while the first one's assignment is still loading)."""
        for worker in list(self.workers):
            if worker.group == group and worker.node is self and not worker.is_finished:
                try:
                    await worker.wait()
                except (WorkerCancelled, WorkerFailed):
                    pass  # a newer one replaced it, or it failed and said so
