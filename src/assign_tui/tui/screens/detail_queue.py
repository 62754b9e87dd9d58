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
        assignment is not among the list's rows (opened by id)."""
        title = f"Assignment {self.assignment_id}"
        queue = self.queue()
        place = queue.queue_position(self.assignment_id) if queue is not None else None
        if queue is None or place is None:
            return title
        return f"{title} · {place[0]:,} of {place[1]:,} in {queue.queue_name()}"

    def show_queue_title(self) -> None:
        self.screen_title = self.queue_title()
        self.query_one(ConsoleHeader).screen_title = self.screen_title

    def action_next_in_queue(self) -> None:
        self._step(+1)

    def action_previous_in_queue(self) -> None:
        self._step(-1)

    @work(exclusive=True, group="detail-queue", exit_on_error=False)
    async def _step(self, step: int) -> None:
        queue = self.queue()
        if queue is None or queue.queue_position(self.assignment_id) is None:
            self.notice.show_info(
                "Opened by id, not from the list's rows: ] and [ move through the list "
                "once an assignment is opened from it.")
            return
        try:
            target = await queue.queue_neighbour(self.assignment_id, step)
        except ApiError as error:
            self.notice.show_error(error)
            return
        if target is None:
            end = "last" if step > 0 else "first"
            await self._loaded()  # else the load's own notice would replace this one
            self.notice.show_info(f"This is the {end} one in {queue.queue_name()}.")
            return
        self.show_other(target)

    async def _loaded(self) -> None:
        """Wait for the load of the assignment shown (`]` pressed twice in a row: the second
        finds the end while the first one's assignment is still loading)."""
        for worker in list(self.workers):
            if worker.group == "detail-load" and worker.node is self and not worker.is_finished:
                try:
                    await worker.wait()
                except (WorkerCancelled, WorkerFailed):
                    pass  # a newer load replaced it, or it failed and said so
