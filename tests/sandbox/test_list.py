"""List: paging, every sort field both ways, every filter, and 422s on bad queries."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .helpers import SORT_KEYS, all_items


def test_default_page_shape(admin: httpx.Client) -> None:
    response = admin.get("/assignments")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "total", "page", "pageSize", "totalPages"}
    assert (body["total"], body["page"], body["pageSize"], body["totalPages"]) == (200, 1, 20, 10)
    assert len(body["items"]) == 20
    created = [item["createdAt"] for item in body["items"]]
    assert created == sorted(created, reverse=True)
    first = body["items"][0]
    assert {"workflowId", "memberName", "currentTaskId", "tasks", "cancelReason"} <= set(first)


@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize("field", list(SORT_KEYS))
def test_every_sort_field_both_ways_with_id_tie_break(
    admin: httpx.Client, field: str, order: str
) -> None:
    items = all_items(admin, sortBy=field, sortOrder=order)
    assert len(items) == 200
    key = SORT_KEYS[field]
    expected = sorted(items, key=lambda a: (key(a), a["id"]), reverse=order == "desc")
    assert [a["id"] for a in items] == [a["id"] for a in expected]


def test_pages_partition_the_list(admin: httpx.Client) -> None:
    seen = []
    for page in range(1, 8):
        body = admin.get("/assignments", params={"page": page, "pageSize": 30}).json()
        seen.extend(item["id"] for item in body["items"])
    assert len(seen) == len(set(seen)) == 200
    beyond = admin.get("/assignments", params={"page": 99}).json()
    assert beyond["items"] == [] and beyond["total"] == 200


def test_status_filter_single_and_several(admin: httpx.Client) -> None:
    active = all_items(admin, status="active")
    assert active and {a["status"] for a in active} == {"active"}
    several = all_items(admin, status="active, paused,")
    assert {a["status"] for a in several} == {"active", "paused"}
    assert len(several) == len(active) + len(all_items(admin, status="paused"))


def test_member_and_task_filters(admin: httpx.Client) -> None:
    rosa = all_items(admin, memberId=311)
    assert {a["memberId"] for a in rosa} == {311} and 1042 in {a["id"] for a in rosa}
    on_intake = all_items(admin, taskId=701)
    assert on_intake and all(
        next(t for t in a["tasks"] if t["id"] == a["currentTaskId"])["taskId"] == 701
        for a in on_intake
    )
    mine = all_items(admin, mine="true")
    assert mine and {a["memberId"] for a in mine} == {1}
    combined = admin.get("/assignments", params={"mine": "true", "memberId": 311}).json()
    assert combined["total"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"pageSize": 101}, "pageSize"),
        ({"pageSize": 0}, "pageSize"),
        ({"page": 0}, "page"),
        ({"page": "x"}, "page"),
        ({"sortBy": "name"}, "sortBy"),
        ({"sortOrder": "up"}, "sortOrder"),
        ({"mine": "maybe"}, "mine"),
        ({"taskId": "intake"}, "taskId"),
        ({"memberId": "1.5"}, "memberId"),
        ({"status": "active,bogus"}, "status"),
    ],
)
def test_bad_query_values_are_422_in_fastapi_shape(
    admin: httpx.Client, params: dict[str, Any], field: str
) -> None:
    response = admin.get("/assignments", params=params)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["query", field]
    assert error["msg"] and error["type"]
