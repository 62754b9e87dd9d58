"""Request bodies as the server validates them (stricter than the client's models).

Unknown fields are ignored; camelCase and snake_case are both accepted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel

Priority = Literal["low", "normal", "high", "urgent"]
KNOWN_STATUSES = ("pending", "active", "paused", "completed", "cancelled", "failed")


class Body(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, validate_by_name=True,
                              validate_by_alias=True, extra="ignore")


class CreateBody(Body):
    workflow_id: int
    member_id: int | None = None
    priority: Priority | None = None
    due_at: datetime | None = None
    notes: str | None = Field(default=None, max_length=4000)
    metadata: dict[str, Any] | None = None


class UpdateBody(Body):
    priority: Priority | None = None
    due_at: datetime | None = None
    notes: str | None = Field(default=None, max_length=4000)
    metadata: dict[str, Any] | None = None
    status: Literal["active", "paused"] | None = None

    def reject_nulls(self) -> None:
        """Only `dueAt` and `notes` may be cleared with an explicit null."""
        errors = [
            {"loc": ["body", to_camel(name)], "msg": f"{to_camel(name)} cannot be null",
             "type": "null_not_allowed", "input": None}
            for name in ("priority", "metadata", "status")
            if name in self.model_fields_set and getattr(self, name) is None
        ]
        if errors:
            raise RequestValidationError(errors)


class CancelBody(Body):
    reason: str = Field(min_length=1, max_length=500)

    @field_validator("reason")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("reason cannot be blank")
        return value


class MessageBody(BaseModel):
    """A message to append through the control API (OpenAI shape, snake_case)."""

    model_config = ConfigDict(extra="ignore")

    role: str = "user"
    content: Any = None
    name: str | None = None
    tool_calls: list[dict[str, Any]] | None = None
    tool_call_id: str | None = None
    id: str | None = None
    created_at: str | None = None


def query_error(name: str, message: str, value: Any) -> RequestValidationError:
    return RequestValidationError(
        [{"loc": ["query", name], "msg": message, "type": "value_error", "input": value}])


def body_error(name: str, message: str, value: Any) -> RequestValidationError:
    return RequestValidationError(
        [{"loc": ["body", name], "msg": message, "type": "value_error", "input": value}])
