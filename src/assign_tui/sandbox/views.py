"""Rows to the contract's response models, and the CEL context.

Responses go through `assign_tui.api.models` so that the sandbox and the
console agree on one definition of every field; serialised with
`model_dump(mode="json", by_alias=True)` (camelCase, `Z` timestamps).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from assign_tui.api.models import Assignment, AssignmentTask, ChatMessage
from assign_tui.sandbox.repository import Row
from assign_tui.sandbox.workflows import TASKS_BY_ID, WORKFLOWS_BY_ID


def overrides(row: Row) -> dict[str, Any]:
    """Raw values set by the control API's overwrite (hostile-data tests), or {}."""
    raw = row["overrides"] if "overrides" in row.keys() else None
    return json.loads(raw) if raw else {}


def task_payload(row: Row) -> dict[str, Any]:
    definition = TASKS_BY_ID[row["task_id"]]
    raw = overrides(row).get("tasks", {}).get(str(row["position"]), {})
    return {
        "id": row["id"], "assignment_id": row["assignment_id"], "task_id": row["task_id"],
        "key": definition.key, "name": raw.get("name", definition.name),
        "description": raw.get("description", definition.description),
        "kind": raw.get("kind", definition.kind), "status": row["status"],
        "position": row["position"],
        "condition": definition.condition, "is_current": bool(row["is_current"]),
        "attempts": row["attempts"], "started_at": row["started_at"],
        "completed_at": row["completed_at"], "output": json.loads(row["output"]),
    }


def task_model(row: Row) -> AssignmentTask:
    return AssignmentTask.model_validate(task_payload(row))


def assignment_model(row: Row, tasks: Sequence[Row]) -> Assignment:
    workflow = WORKFLOWS_BY_ID[row["workflow_id"]]
    current = row["current_task_id"]
    current_name = None
    if current is not None:
        current_name = next((task_payload(t)["name"] for t in tasks if t["id"] == current), None)
    return Assignment.model_validate({
        "id": row["id"], "workflow_id": row["workflow_id"],
        "workflow_name": overrides(row).get("workflow_name", workflow.name),
        "member_id": row["member_id"], "member_name": row["member_name"],
        "status": row["status"], "priority": row["priority"], "current_task_id": current,
        "current_task_name": current_name, "tasks": [task_payload(t) for t in tasks],
        "due_at": row["due_at"], "notes": row["notes"], "metadata": json.loads(row["metadata"]),
        "cancel_reason": row["cancel_reason"], "created_at": row["created_at"],
        "updated_at": row["updated_at"], "cancelled_at": row["cancelled_at"],
        "completed_at": row["completed_at"],
    })


def dump(model: Any) -> Any:
    return model.model_dump(mode="json", by_alias=True)


def message_model(row: Row) -> ChatMessage:
    return ChatMessage.model_validate({
        "id": row["id"], "role": row["role"],
        "content": json.loads(row["content"]) if row["content"] is not None else None,
        "name": row["name"],
        "tool_calls": json.loads(row["tool_calls"]) if row["tool_calls"] else None,
        "tool_call_id": row["tool_call_id"], "created_at": row["created_at"],
    })


def etag(row: Row) -> str:
    """A strong validator from the row's write counter: changes on every write."""
    return etag_of(row["id"], row["version"])


def etag_of(assignment_id: int, version: int) -> str:
    return f'"{assignment_id}-v{version}"'


def cel_context(assignment: Row, tasks: Sequence[Row], member: Row, now: str, *,
                redact: bool) -> dict[str, Any]:
    """The variables task conditions see, in the contract's snake_case shape.

    With `redact` (the `cel-context` endpoint) `member.form_data` and
    `member.data` are empty objects; without it (enforcement on select) they
    hold the member's real values. `task` is the current task, null when none.
    """
    workflow = WORKFLOWS_BY_ID[assignment["workflow_id"]]
    current = next((t for t in tasks if t["id"] == assignment["current_task_id"]), None)
    return {
        "assignment": {
            "id": assignment["id"], "status": assignment["status"],
            "priority": assignment["priority"], "created_at": assignment["created_at"],
            "due_at": assignment["due_at"],
            "current_task_key": TASKS_BY_ID[current["task_id"]].key if current else None,
            "metadata": json.loads(assignment["metadata"]),
        },
        "member": {
            "id": member["id"], "tags": json.loads(member["tags"]), "age": member["age"],
            "locale": member["locale"],
            "form_data": {} if redact else json.loads(member["form_data"]),
            "data": {} if redact else json.loads(member["data"]),
        },
        "task": None if current is None else {
            "key": TASKS_BY_ID[current["task_id"]].key, "status": current["status"],
            "attempts": current["attempts"], "started_at": current["started_at"],
        },
        "tasks": {
            TASKS_BY_ID[t["task_id"]].key: {"status": t["status"],
                                            "output": json.loads(t["output"])}
            for t in tasks
        },
        "workflow": {"id": workflow.id, "name": workflow.name, "version": workflow.version},
        "now": now,
    }
