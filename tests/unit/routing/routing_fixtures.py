"""The contract's example snapshot, and a copy with the redacted maps filled in."""

from __future__ import annotations

import copy
from typing import Any

SNAPSHOT: dict[str, Any] = {
    "assignment": {
        "id": 1042,
        "status": "active",
        "priority": "high",
        "created_at": "2026-11-20T09:12:00Z",
        "due_at": None,
        "current_task_key": "intake",
        "metadata": {"channel": "sms"},
    },
    "member": {
        "id": 311,
        "tags": ["diabetes", "spanish"],
        "age": 67,
        "locale": "es-US",
        "form_data": {},
        "data": {},
    },
    "task": {
        "key": "intake",
        "status": "active",
        "attempts": 2,
        "started_at": "2026-11-28T15:00:00Z",
    },
    "tasks": {
        "intake": {"status": "active", "output": {"score": 7}},
        "med_review": {"status": "pending", "output": {}},
    },
    "workflow": {"id": 7, "name": "Post-discharge follow-up", "version": 3},
    "now": "2026-11-29T07:00:00Z",
}


def filled(
    form_data: dict[str, Any], data: dict[str, Any], base: dict[str, Any] = SNAPSHOT
) -> dict[str, Any]:
    """The snapshot as the server sees it: the same, with the member's hidden maps filled."""
    context = copy.deepcopy(base)
    context["member"]["form_data"] = form_data
    context["member"]["data"] = data
    return context
