"""Pydantic models of the assignments API contract.

Lenient in what they accept (both spellings of every field, unknown fields
kept, unknown enum values kept as text), strict in what they send (request
bodies serialise to the contract's camelCase and leave out what was not set).
"""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
)
from pydantic.alias_generators import to_camel

__all__ = [
    "ApiModel",
    "Assignment",
    "AssignmentPriority",
    "AssignmentQuery",
    "AssignmentSortField",
    "AssignmentStatus",
    "AssignmentTask",
    "CancelAssignmentRequest",
    "ChatMessage",
    "ContentPart",
    "CreateAssignmentRequest",
    "FINAL_STATUSES",
    "FunctionCall",
    "OPEN_STATUSES",
    "OperatorTaskDetail",
    "Page",
    "SELECTABLE_STATUSES",
    "SortOrder",
    "TaskKind",
    "TaskStatus",
    "ToolCall",
    "UpdateAssignmentRequest",
]


class AssignmentStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    FAILED = "failed"


#: Statuses in which an assignment still changes: it may be updated or cancelled
#: (the contract: cancelling any other is 409).
OPEN_STATUSES = frozenset(
    {AssignmentStatus.PENDING.value, AssignmentStatus.ACTIVE.value, AssignmentStatus.PAUSED.value}
)
#: The known statuses an assignment never leaves: nothing about it can be written.
FINAL_STATUSES = frozenset(status.value for status in AssignmentStatus) - OPEN_STATUSES
#: Statuses in which a task may be made current (the contract: otherwise 409).
SELECTABLE_STATUSES = frozenset({AssignmentStatus.ACTIVE.value, AssignmentStatus.PAUSED.value})
#: Statuses from which an assignment may still be cancelled.
CANCELLABLE_STATUSES = OPEN_STATUSES


class AssignmentPriority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class TaskKind(StrEnum):
    CONVERSATION = "conversation"
    FORM = "form"
    REVIEW = "review"
    MANUAL = "manual"


class TaskStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    COMPLETED = "completed"
    SKIPPED = "skipped"
    FAILED = "failed"


class AssignmentSortField(StrEnum):
    ID = "id"
    CREATED_AT = "createdAt"
    UPDATED_AT = "updatedAt"
    DUE_AT = "dueAt"
    STATUS = "status"
    PRIORITY = "priority"


class SortOrder(StrEnum):
    ASC = "asc"
    DESC = "desc"


class ApiModel(BaseModel):
    """Base of every response model: camelCase or snake_case in, extras kept."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="allow",
        defer_build=True,  # built on first use: the start needs only the first page's models
    )

    @property
    def unknown_fields(self) -> dict[str, Any]:
        """Fields the server sent that the contract does not name."""
        return dict(self.model_extra or {})


class AssignmentTask(ApiModel):
    id: int
    assignment_id: int
    task_id: int
    key: str
    name: str
    description: str | None = None
    kind: str = "manual"
    status: str = "pending"
    position: int = 0
    condition: str | None = None
    is_current: bool = False
    attempts: int = 0
    started_at: datetime | None = None
    completed_at: datetime | None = None
    output: dict[str, Any] = Field(default_factory=dict)

    @property
    def has_condition(self) -> bool:
        return bool(self.condition and self.condition.strip())


class Assignment(ApiModel):
    id: int
    workflow_id: int
    workflow_name: str = ""
    member_id: int
    member_name: str = ""
    status: str
    priority: str = "normal"
    current_task_id: int | None = None
    current_task_name: str | None = None
    tasks: list[AssignmentTask] = Field(default_factory=list)
    due_at: datetime | None = None
    notes: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    cancel_reason: str | None = None
    created_at: datetime
    updated_at: datetime
    cancelled_at: datetime | None = None
    completed_at: datetime | None = None

    @property
    def current_task(self) -> AssignmentTask | None:
        for task in self.tasks:
            if task.id == self.current_task_id:
                return task
        return None

    @property
    def is_cancellable(self) -> bool:
        return self.status in CANCELLABLE_STATUSES


T = TypeVar("T")


class Page(ApiModel, Generic[T]):
    """One page of a paginated answer."""

    items: list[T]  # required: an answer without it is not a page (a proxy's JSON, say)
    total: int = 0
    page: int = 1
    page_size: int = 20
    total_pages: int = 0


class OperatorTaskDetail(ApiModel):
    assignment: Assignment
    task: AssignmentTask
    instructions: str | None = None
    form_schema: dict[str, Any] | None = None
    form_data: dict[str, Any] = Field(default_factory=dict)
    message_count: int = 0
    last_message_at: datetime | None = None
    allowed_actions: list[str] = Field(default_factory=list)


class FunctionCall(ApiModel):
    name: str = ""
    arguments: str = ""

    @field_validator("arguments", mode="before")
    @classmethod
    def _arguments_as_text(cls, value: Any) -> str:
        # The contract says a JSON string; a lenient reader also takes an object.
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False)

    def parsed_arguments(self) -> tuple[bool, Any]:
        """`(True, value)` when the arguments parse as JSON, else `(False, text)`."""
        try:
            return True, json.loads(self.arguments)
        except (ValueError, RecursionError):
            return False, self.arguments


class ToolCall(ApiModel):
    id: str = ""
    type: str = "function"
    function: FunctionCall = Field(default_factory=FunctionCall)


class ContentPart(ApiModel):
    type: str = "unknown"
    text: str | None = None


def _snake_or_camel(name: str) -> AliasChoices:
    return AliasChoices(name, to_camel(name))


class ChatMessage(ApiModel):
    """An OpenAI-format chat message with the API's id and time."""

    id: str
    role: str
    content: str | list[ContentPart] | None = None
    name: str | None = None
    # OpenAI spells these in snake_case on the wire; accept camelCase too.
    tool_calls: list[ToolCall] | None = Field(
        default=None,
        validation_alias=_snake_or_camel("tool_calls"),
        serialization_alias="tool_calls",
    )
    tool_call_id: str | None = Field(
        default=None,
        validation_alias=_snake_or_camel("tool_call_id"),
        serialization_alias="tool_call_id",
    )
    created_at: datetime | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @property
    def text(self) -> str:
        """The message's text: its string content, or its text parts joined."""
        if self.content is None:
            return ""
        if isinstance(self.content, str):
            return self.content
        return "\n".join(part.text or "" for part in self.content if part.type == "text")


class RequestModel(BaseModel):
    """Base of request bodies: camelCase out, nothing unset sent."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="forbid",
        defer_build=True,  # built on first use: nothing is sent before the first page
    )

    #: Fields where an explicit null has a meaning (it clears the value).
    nullable_fields: ClassVar[frozenset[str]] = frozenset()

    def body(self) -> dict[str, Any]:
        """The JSON body: set fields only, null only where null means "clear"."""
        data = self.model_dump(mode="json", by_alias=True, exclude_unset=True)
        nullable = {to_camel(name) for name in self.nullable_fields}
        return {key: value for key, value in data.items() if value is not None or key in nullable}


class CreateAssignmentRequest(RequestModel):
    workflow_id: int
    member_id: int | None = None
    priority: str | None = None
    due_at: datetime | None = None
    notes: str | None = Field(default=None, max_length=4000)
    metadata: dict[str, Any] | None = None


class UpdateAssignmentRequest(RequestModel):
    nullable_fields: ClassVar[frozenset[str]] = frozenset({"due_at", "notes"})

    priority: str | None = None
    due_at: datetime | None = None
    notes: str | None = Field(default=None, max_length=4000)
    metadata: dict[str, Any] | None = None
    status: str | None = None

    @field_validator("status")
    @classmethod
    def _active_or_paused(cls, value: str | None) -> str | None:
        if value is not None and value not in ("active", "paused"):
            raise ValueError("status can only be set to active or paused")
        return value


class CancelAssignmentRequest(RequestModel):
    reason: str = Field(min_length=1, max_length=500)


class AssignmentQuery(BaseModel):
    """The list endpoint's query: what the list screen filters and sorts by."""

    model_config = ConfigDict(frozen=True)

    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=20, ge=1, le=100)
    sort_by: AssignmentSortField = AssignmentSortField.CREATED_AT
    sort_order: SortOrder = SortOrder.DESC
    mine: bool = False
    task_id: int | None = None
    member_id: int | None = None
    statuses: tuple[str, ...] = ()

    def params(self) -> dict[str, str | int]:
        """Query parameters in the contract's camelCase, defaults included."""
        params: dict[str, str | int] = {
            "page": self.page,
            "pageSize": self.page_size,
            "sortBy": self.sort_by.value,
            "sortOrder": self.sort_order.value,
        }
        if self.mine:
            params["mine"] = "true"
        if self.task_id is not None:
            params["taskId"] = self.task_id
        if self.member_id is not None:
            params["memberId"] = self.member_id
        if self.statuses:
            params["status"] = ",".join(self.statuses)
        return params

    @property
    def has_filters(self) -> bool:
        return bool(self.mine or self.task_id or self.member_id or self.statuses)
