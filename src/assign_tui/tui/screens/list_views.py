"""The list's views: the bar, `1`-`9`, the palette's "View: …", and the counts.

Mixed into `AssignmentListScreen` (after `ListQueryActions`). The current view
is the one whose query the filters asked for match; filters changed by hand
make the bar say Custom. Counts are asked in a worker (never in a key's way):
after the first page, with every refresh, and after writes; the page on screen
also gives its view's count (the same server total).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.binding import Binding
from textual.screen import Screen

from assign_tui.api.models import Assignment, AssignmentQuery, Page
from assign_tui.tui.filters import describe_query
from assign_tui.tui.screens.list_actions import ListQueryActions
from assign_tui.tui.views import Count, View, count_views, matching_view, views_for
from assign_tui.tui.widgets.views_bar import ViewsBar

if TYPE_CHECKING:
    from assign_tui.api.client import AssignmentsClient
    from assign_tui.tui.app import AssignApp

__all__ = ["VIEW_BINDINGS", "ListViews"]

VIEW_BINDINGS = [
    Binding(str(n), f"view({n})", f"View {n}", show=False, id=f"list.view_{n}")
    for n in range(1, 10)
]


class ListViews(ListQueryActions):
    """Views over `query_state`; `view_counts` holds the last answer for each view."""

    if TYPE_CHECKING:
        console: AssignApp
        client: AssignmentsClient


    #: Seconds from a first page answered before the HTTP client was made to the counts.
    FIRST_COUNTS_AFTER = 0.6

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.view_counts: dict[str, Count] = {}
        self._counts_asked = False

    @property
    def node(self) -> Screen[None]:
        """This mixin as the screen it is mixed into (for Textual's methods)."""
        return cast("Screen[None]", self)

    @property
    def views(self) -> list[View]:
        """The profile's views, then those saved this session (kept on the app)."""
        settings = self.console.settings
        profile = views_for(settings.views, settings.view_order, settings.page_size)
        return profile + list(self.console.session_views)

    def show_views(self) -> None:
        bars = self.node.query(ViewsBar)
        if not bars:
            return  # an answer after the screen was taken down
        view = matching_view(self.views, self.query_state)
        bars.first().show(self.views, self.view_counts,
                                      view.name if view else None)

    def views_page_shown(self, query: AssignmentQuery, page: Page[Assignment]) -> None:
        """A page came: its total is its view's count; the first one asks for the rest."""
        view = matching_view(self.views, query)
        if view is not None:
            self.view_counts[view.name] = Count(page.total)
        self.show_views()
        if not self._counts_asked:
            self._counts_asked = True
            if self.console.startup.client_made:
                self.refresh_counts()
            else:
                # The first page came from the request made before the imports: the
                # counts wait for the app to make the HTTP client (half a second after
                # mount), so that the first frame never waits for httpx.
                self.node.set_timer(self.FIRST_COUNTS_AFTER, self.refresh_counts)

    @work(exclusive=True, group="view-counts")
    async def refresh_counts(self) -> None:
        counts = await count_views(self.views, self.client.list_assignments)
        self.view_counts = counts
        self.show_views()

    def action_view(self, number: int) -> None:
        views = self.views
        if not 1 <= number <= len(views):
            self.notify(f"There is no view {number}: the bar has {len(views)}.", timeout=3)
            return
        self.switch_view(views[number - 1])

    def switch_view(self, view: View) -> None:
        count = self.view_counts.get(view.name)
        if count is not None and count.total is None:
            self.notify(f"{view.title}: its count could not be had ({count.reason}); "
                        "the list asks again.", timeout=6)
        self._reload_with(view.query)  # the view it is on too: its first page, fetched again

    def save_view(self) -> None:
        """The filters in force as a view, for this session (not written to the file)."""
        query = self.query_state.model_copy(update={"page": 1})
        if matching_view(self.views, query) is not None:
            self.notify("These filters are already a view.", timeout=3)
            return
        saved: list[View] = list(self.console.session_views)
        number = len(saved) + 1
        saved.append(View(f"saved_{number}", f"Saved {number}", query))
        self.console.session_views = saved
        self.show_views()
        self.refresh_counts()
        self.notify(f"Saved as view Saved {number} ({describe_query(query)}) for this session; "
                    "to keep it, add it to the profile (docs/configuration.md).", timeout=6)

    def palette_commands(self) -> Iterator[tuple[str, Any, str]]:
        yield from super().palette_commands()
        for number, view in enumerate(self.views, start=1):
            key = f"({number})" if number <= 9 else ""
            count = self.view_counts.get(view.name)
            why = f" · count unavailable: {count.reason}" if count and count.total is None else ""
            yield (f"View: {view.title}", partial(self.switch_view, view),
                   f"{describe_query(view.query)} {key}{why}")
        yield ("Save filters as a view", self.save_view,
               "The filters and sort in force, as a view for this session")
