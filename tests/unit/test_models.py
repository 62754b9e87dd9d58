"""The models accept both spellings, keep what they do not know, and send only what was set."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from assign_tui.api.models import (
    Assignment,
    AssignmentQuery,
    AssignmentSortField,
    CancelAssignmentRequest,
    ChatMessage,
    CreateAssignmentRequest,
    OperatorTaskDetail,
    Page,
    SortOrder,
    UpdateAssignmentRequest,
)

CAMEL = {
    "id": 1042, "workflowId": 7, "workflowName": "Post-discharge", "memberId": 311,
    "memberName": "Ana", "status": "active", "priority": "high", "currentTaskId": 5,
    "currentTaskName": "Intake", "dueAt": None, "notes": "n", "metadata": {"channel": "sms"},
    "createdAt": "2026-11-20T09:12:00Z", "updatedAt": "2026-11-28T09:12:00Z",
    "tasks": [{
        "id": 5, "assignmentId": 1042, "taskId": 70, "key": "intake", "name": "Intake",
        "kind": "conversation", "status": "active", "position": 1, "condition": None,
        "isCurrent": True, "attempts": 2, "output": {"score": 7},
    }],
}


def _snake(value: object) -> object:
    import re

    if isinstance(value, dict):
        return {re.sub(r"(?<!^)([A-Z])", r"_\1", k).lower(): _snake(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_snake(v) for v in value]
    return value


def test_camel_and_snake_spellings_read_the_same() -> None:
    camel = Assignment.model_validate(CAMEL)
    snake = Assignment.model_validate(_snake(CAMEL))
    assert camel == snake
    assert camel.member_id == 311 and camel.tasks[0].is_current
    assert camel.current_task is camel.tasks[0]


def test_unknown_fields_are_kept_for_the_raw_view() -> None:
    assignment = Assignment.model_validate({**CAMEL, "slaBreached": True})
    assert assignment.unknown_fields == {"slaBreached": True}
    assert assignment.model_dump(mode="json", by_alias=True)["slaBreached"] is True


def test_unknown_enum_values_are_kept_as_text() -> None:
    assignment = Assignment.model_validate({**CAMEL, "status": "escalated", "priority": "p0"})
    assert (assignment.status, assignment.priority) == ("escalated", "p0")
    task = {**CAMEL["tasks"][0], "kind": "phone_call", "status": "blocked"}  # type: ignore[index]
    parsed = Assignment.model_validate({**CAMEL, "tasks": [task]}).tasks[0]
    assert (parsed.kind, parsed.status) == ("phone_call", "blocked")
    message = ChatMessage.model_validate({"id": "m1", "role": "developer", "content": "x"})
    assert message.role == "developer"


@pytest.mark.parametrize(
    ("content", "text"),
    [
        ("plain", "plain"),
        (None, ""),
        ([{"type": "text", "text": "a"}, {"type": "image_url", "image_url": {"url": "x"}}], "a"),
    ],
)
def test_content_as_string_null_or_parts(content: object, text: str) -> None:
    message = ChatMessage.model_validate({"id": "m", "role": "user", "content": content})
    assert message.text == text


def test_non_text_parts_keep_their_type() -> None:
    message = ChatMessage.model_validate(
        {"id": "m", "role": "user", "content": [{"type": "input_audio", "input_audio": {}}]}
    )
    assert isinstance(message.content, list) and message.content[0].type == "input_audio"


def test_tool_call_arguments_that_are_not_json() -> None:
    message = ChatMessage.model_validate({
        "id": "m", "role": "assistant", "content": None,
        "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "lookup", "arguments": "{\"a\": 1"}},
            {"id": "c2", "type": "function", "function": {"name": "ok", "arguments": "{\"a\": 1}"}},
        ],
    })
    assert message.tool_calls is not None
    assert message.tool_calls[0].function.parsed_arguments() == (False, "{\"a\": 1")
    assert message.tool_calls[1].function.parsed_arguments() == (True, {"a": 1})


def test_tool_call_fields_in_either_spelling_serialise_as_openai_does() -> None:
    message = ChatMessage.model_validate(
        {"id": 7, "role": "tool", "content": "x", "toolCallId": "c1", "createdAt": "2026-11-29T07:00:00Z"}
    )
    assert message.id == "7" and message.tool_call_id == "c1"
    dumped = message.model_dump(mode="json", by_alias=True)
    assert dumped["tool_call_id"] == "c1" and "toolCallId" not in dumped


def test_page_and_task_detail() -> None:
    page = Page[Assignment].model_validate(
        {"items": [CAMEL], "total": 1, "page": 1, "pageSize": 20, "totalPages": 1}
    )
    assert page.items[0].id == 1042 and page.page_size == 20
    detail = OperatorTaskDetail.model_validate({
        "assignment": CAMEL, "task": CAMEL["tasks"][0], "formData": {"consent": True},  # type: ignore[index]
        "allowedActions": ["update", "select_task"], "messageCount": 3,
    })
    assert detail.form_data == {"consent": True} and "update" in detail.allowed_actions


def test_create_body_is_camel_case_and_leaves_out_unset() -> None:
    body = CreateAssignmentRequest(workflow_id=7, notes="call back").body()
    assert body == {"workflowId": 7, "notes": "call back"}
    json.dumps(body)


def test_update_sends_null_only_where_it_clears() -> None:
    assert UpdateAssignmentRequest(due_at=None, notes=None).body() == {"dueAt": None, "notes": None}
    assert UpdateAssignmentRequest(priority=None, metadata=None).body() == {}
    assert UpdateAssignmentRequest(status="paused").body() == {"status": "paused"}
    with pytest.raises(ValidationError):
        UpdateAssignmentRequest(status="completed")


def test_cancel_reason_bounds() -> None:
    assert CancelAssignmentRequest(reason="x").body() == {"reason": "x"}
    with pytest.raises(ValidationError):
        CancelAssignmentRequest(reason="")
    with pytest.raises(ValidationError):
        CancelAssignmentRequest(reason="x" * 501)


def test_query_params_are_camel_case() -> None:
    query = AssignmentQuery(
        page=3, page_size=100, sort_by=AssignmentSortField.DUE_AT, sort_order=SortOrder.ASC,
        mine=True, task_id=12, member_id=311, statuses=("active", "paused"),
    )
    assert query.params() == {
        "page": 3, "pageSize": 100, "sortBy": "dueAt", "sortOrder": "asc", "mine": "true",
        "taskId": 12, "memberId": 311, "status": "active,paused",
    }
    assert AssignmentQuery().params() == {
        "page": 1, "pageSize": 20, "sortBy": "createdAt", "sortOrder": "desc",
    }
