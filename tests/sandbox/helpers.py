"""Helpers shared by the list tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

PRIORITY_ORDER = ["low", "normal", "high", "urgent"]

#: How the sandbox orders each sort field (docs/sandbox.md), as Python keys.
SORT_KEYS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "id": lambda a: a["id"],
    "createdAt": lambda a: a["createdAt"],
    "updatedAt": lambda a: a["updatedAt"],
    "dueAt": lambda a: a["dueAt"] or "9999",
    "status": lambda a: a["status"],
    "priority": lambda a: PRIORITY_ORDER.index(a["priority"]),
}


def all_items(client: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    """Every page of a list query, concatenated."""
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        body = client.get("/assignments", params={**params, "page": page, "pageSize": 100}).json()
        items.extend(body["items"])
        if page >= body["totalPages"]:
            return items
        page += 1
