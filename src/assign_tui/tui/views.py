"""The list's views: named queries with the server's count of each.

`views_for` turns the profile's views (config/views.py) into queries;
`count_views` asks the server for each view's total with one-item pages, all
at once under a bound, so the counts cost one round trip. A count that could
not be had is kept with its reason, never replaced by an older number.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from assign_tui.api.errors import ApiError
from assign_tui.api.models import Assignment, AssignmentQuery, AssignmentSortField, Page, SortOrder
from assign_tui.config.views import ViewSpec, resolve_views
from assign_tui.tui.filters import same_rows_asked
from assign_tui.tui.advice import describe_error

__all__ = ["COUNT_BOUND", "Count", "View", "count_views", "matching_view", "views_for"]

#: Count requests in flight at once: the nine views with a number key go together
#: (one round trip); more views wait for a free place.
COUNT_BOUND = 9


@dataclass(frozen=True)
class View:
    """A named query; `name` is its key in the profile, `title` what the bar shows."""

    name: str
    title: str
    query: AssignmentQuery


@dataclass(frozen=True)
class Count:
    """A view's count: the server's total, or None and why it could not be had."""

    total: int | None
    reason: str = ""


def view_query(spec: ViewSpec, page_size: int) -> AssignmentQuery:
    return AssignmentQuery(
        page_size=spec.page_size or page_size,
        statuses=spec.status,
        mine=spec.mine,
        member_id=spec.member,
        task_id=spec.task,
        sort_by=AssignmentSortField(spec.sort),
        sort_order=SortOrder(spec.order),
    )


def views_for(
    views: dict[str, ViewSpec], order: Sequence[str], page_size: int
) -> list[View]:
    """The profile's visible views, in bar order, as queries."""
    return [View(name, spec.title(name), view_query(spec, page_size))
            for name, spec in resolve_views(views, tuple(order))]


def matching_view(views: Sequence[View], query: AssignmentQuery) -> View | None:
    """The view whose rows `query` asks for (any page), or None: the filters are custom."""
    return next((view for view in views if same_rows_asked(view.query, query)), None)


async def count_views(
    views: Sequence[View],
    ask: Callable[[AssignmentQuery], Awaitable[Page[Assignment]]],
    bound: int = COUNT_BOUND,
) -> dict[str, Count]:
    """Each view's total from a one-item page of its query, `bound` requests at a time."""
    places = asyncio.Semaphore(bound)

    async def one(view: View) -> Count:
        async with places:
            try:
                page = await ask(view.query.model_copy(update={"page": 1, "page_size": 1}))
            except ApiError as error:
                what, _ = describe_error(error)
                return Count(None, what)
        return Count(page.total)

    counts = await asyncio.gather(*(one(view) for view in views))
    return {view.name: count for view, count in zip(views, counts, strict=True)}
