"""Any combination of sort, order, filters and paging is a slice of one sorted list."""

from __future__ import annotations

from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .helpers import SORT_KEYS, all_items

STATUSES = ["pending", "active", "paused", "completed", "cancelled", "failed"]
_everything: list[dict[str, Any]] = []


def everything(admin: httpx.Client) -> list[dict[str, Any]]:
    if not _everything:
        _everything.extend(all_items(admin, sortBy="id", sortOrder="asc"))
    return _everything


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sort_by=st.sampled_from(list(SORT_KEYS)),
    order=st.sampled_from(["asc", "desc"]),
    statuses=st.lists(st.sampled_from(STATUSES), max_size=3, unique=True),
    member=st.sampled_from([None, 1, 311, 42]),
    task=st.sampled_from([None, 701, 101, 301]),
    page_size=st.integers(1, 100),
    page=st.integers(1, 12),
)
def test_page_is_a_slice_of_the_sorted_filtered_list(
    admin: httpx.Client, sort_by: str, order: str, statuses: list[str], member: int | None,
    task: int | None, page_size: int, page: int,
) -> None:
    params: dict[str, Any] = {"sortBy": sort_by, "sortOrder": order, "page": page,
                              "pageSize": page_size}
    if statuses:
        params["status"] = ",".join(statuses)
    if member is not None:
        params["memberId"] = member
    if task is not None:
        params["taskId"] = task
    body = admin.get("/assignments", params=params).json()

    def current_task_id(a: dict[str, Any]) -> int | None:
        return next((t["taskId"] for t in a["tasks"] if t["id"] == a["currentTaskId"]), None)

    expected = [
        a for a in everything(admin)
        if (not statuses or a["status"] in statuses)
        and (member is None or a["memberId"] == member)
        and (task is None or current_task_id(a) == task)
    ]
    key = SORT_KEYS[sort_by]
    expected.sort(key=lambda a: (key(a), a["id"]), reverse=order == "desc")
    window = expected[(page - 1) * page_size: page * page_size]
    assert [a["id"] for a in body["items"]] == [a["id"] for a in window]
    assert body["total"] == len(expected)
    assert body["totalPages"] == -(-len(expected) // page_size)
