"""Start-up: everything that makes the first page appear soon, behind one object.

The console's first frame waits for nothing it can avoid (docs/performance.md):

1. `FirstPage` (api/first_page.py) sends the list's first request with the
   standard library, before Textual, httpx and pydantic are imported.
2. `begin(query)`, as the app loads, starts the first page's task: that early
   answer if it fits the query, else the client's request; the list takes it
   once (`take_first_page`). `ask_ahead` starts any request for a screen to
   await later (the messages screen asks before it is built).
3. `client` is made on first use, so httpx need not be imported before the
   first frame; `settle()`, half a second after mount, makes it anyway so the
   next request does not wait.
4. `settle()` then freezes what start-up built (Textual, the models, CSS:
   ~80k objects) out of the collector's sight, so full collections during the
   session stay short; `close()` unfreezes. Tests pass `freeze_heap=False`.
5. Until then the collector is paused (with `freeze_heap`): what start-up builds
   lives for the whole session, and each collection on the way to the first frame
   walked it for nothing (~40 generation-0 and 4 generation-1 passes, 8-10 ms of
   the ~120 ms from `app.run()` to the first page). `settle()` collects once,
   freezes, and lets the collector run again (whoever paused it); so does `close()`.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from assign_tui.api.client import AssignmentsClient
    from assign_tui.api.first_page import FirstPage
    from assign_tui.api.models import Assignment, AssignmentQuery, Page
    from assign_tui.config import Settings

__all__ = ["SETTLE_SECONDS", "Startup", "StartupOptions", "ask_ahead"]

T = TypeVar("T")

log = logging.getLogger("assign_tui.tui")

#: Seconds after mount when the client is made and the heap frozen (after the first frames).
SETTLE_SECONDS = 0.5


@dataclass(frozen=True)
class StartupOptions:
    """How the console starts. The defaults are the installed command's."""

    first_page: FirstPage | None = None
    """The request `assign-tui` sent before its imports, if it did."""
    freeze_heap: bool = True
    """Freeze start-up's objects once settled (off in tests that count live objects)."""


def ask_ahead(request: Awaitable[T]) -> asyncio.Task[T]:
    """Start `request` now, for a screen to await later (or never: an answer or error
    nobody takes is dropped quietly, not logged as an unretrieved exception)."""
    task = asyncio.ensure_future(request)
    task.add_done_callback(lambda done: done.cancelled() or done.exception())
    return task


class Startup:
    """The app's client and first page, from construction to `close()`."""

    def __init__(
        self,
        settings: Settings,
        on_connection_change: Callable[[bool], None],
        options: StartupOptions = StartupOptions(),
        client: AssignmentsClient | None = None,
    ) -> None:
        self.settings = settings
        self.options = options
        self._on_connection_change = on_connection_change
        self._client = client
        if client is not None:
            client.on_connection_change = on_connection_change
        self._first_page: tuple[AssignmentQuery, asyncio.Task[Page[Assignment]]] | None = None
        self._frozen = False
        self._collector_paused = False
        self.settled = asyncio.Event()
        """Set once `settle()` has run: the client is made (and the heap frozen if asked)."""

    # -- the client ------------------------------------------------------------

    @property
    def client(self) -> AssignmentsClient:
        """The one HTTP client, made on first use."""
        if self._client is None:
            from assign_tui.api.configured import client_for

            self._client = client_for(
                self.settings,
                first_page=self.options.first_page,
                on_connection_change=self._on_connection_change,
            )
        return self._client

    @property
    def client_made(self) -> bool:
        """Whether the client exists (making it imports httpx)."""
        return self._client is not None

    @property
    def client_if_made(self) -> AssignmentsClient | None:
        """The client, without making it (for counters a screen reads in its first frame)."""
        return self._client

    def switch(self, settings: Settings) -> AssignmentsClient | None:
        """Use `settings` from now on (another profile); the old client, for the caller to close."""
        old, self._client = self._client, None
        self.settings = settings
        self.options = replace(self.options, first_page=None)  # it was the old profile's
        return old

    # -- the first page --------------------------------------------------------

    def begin(self, query: AssignmentQuery) -> None:
        """The app loads: ask for the list's first page now, before the screens are built;
        with `freeze_heap`, pause the collector until settled (item 5 above)."""
        self._first_page = (query, ask_ahead(self._ask_first_page(query)))
        if self.options.freeze_heap and not self._frozen:
            gc.disable()
            self._collector_paused = True

    async def _ask_first_page(self, query: AssignmentQuery) -> Page[Assignment]:
        """The early answer (`FirstPage`) if it got one for this query; else the client asks."""
        early = self.options.first_page
        if early is not None and early.params == query.params():
            data = await asyncio.wrap_future(early.answer)
            if data is not None:
                from pydantic import ValidationError

                from assign_tui.api.models import Assignment, Page

                try:
                    page = Page[Assignment].model_validate(data)
                except ValidationError:
                    pass  # the client asks again and says what is wrong with the answer
                else:
                    self._on_connection_change(True)
                    return page
        return await self.client.list_assignments(query)

    def take_first_page(self, query: AssignmentQuery) -> Awaitable[Page[Assignment]] | None:
        """The page asked for at load, once, if it was asked with `query` (else None)."""
        first, self._first_page = self._first_page, None
        if first is None:
            return None
        if first[0] != query:
            first[1].cancel()
            return None
        return first[1]

    # -- after the first frames ------------------------------------------------

    def settle(self) -> None:
        """Make the client, so the next request need not wait for httpx; then, if asked,
        move what start-up built out of the collector's sight. A client that cannot be made
        (a CA bundle that is not one) is not an error here: the worker that next needs it
        fails, and says so (tui/worker_errors.py)."""
        try:
            _ = self.client
        except Exception as error:  # noqa: BLE001 - the next request makes it again, in a worker
            log.warning("the client could not be made at start: %s", type(error).__name__)
        if self.options.freeze_heap and not self._frozen:
            gc.collect()
            gc.freeze()
            self._frozen = True
        self._resume_collector()
        self.settled.set()

    def _resume_collector(self) -> None:
        if self._collector_paused:
            gc.enable()
            self._collector_paused = False

    @property
    def frozen(self) -> bool:
        """Whether start-up's objects are frozen (until `close()`)."""
        return self._frozen

    async def close(self) -> None:
        """Unfreeze, drop an untaken first page, close the client."""
        self._resume_collector()  # an app closed before it settled
        if self._frozen:
            gc.unfreeze()  # what start-up built can be collected again once the app is gone
            self._frozen = False
        if self._first_page is not None:
            self._first_page[1].cancel()
            self._first_page = None
        if self._client is not None:
            await self._client.aclose()
