"""Request bodies as the server validates them (stricter than the client's models).

Fields are camelCase, as the contract puts them on the wire; unknown fields
(a snake_case spelling among them) are ignored, as the OpenAPI document's
open objects say.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel

from assign_tui.sandbox.members import MEMBER_COUNT
from assign_tui.sandbox.storable import (
    METADATA_MAX_BYTES,
    METADATA_MAX_DEPTH,
    check_metadata,
    check_timestamp,
)
from assign_tui.sandbox.workflows import WORKFLOWS_BY_ID

Priority = Literal["low", "normal", "high", "urgent"]
KNOWN_STATUSES = ("pending", "active", "paused", "completed", "cancelled", "failed")
#: What the list's `status` filter accepts: known statuses joined by commas (empty parts ignored).
_ONE_STATUS = rf"\s*(?:{'|'.join(KNOWN_STATUSES)})?\s*"
STATUS_FILTER_PATTERN = rf"^{_ONE_STATUS}(?:,{_ONE_STATUS})*$"
#: Some character that is not whitespace (what `str.strip` removes), spelled out: regex
#: engines disagree on `\s` (U+001E is whitespace to Python, not to Rust or ECMAScript).
_WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
NOT_BLANK_PATTERN = f"[^{_WHITESPACE}]"
_NOT_BLANK = re.compile(NOT_BLANK_PATTERN)
NOTES_MAX = 4000
REASON_MAX = 500


def _timestamp_or_null(value: Any) -> datetime | None:
    return None if value is None else check_timestamp(value)


#: RFC 3339 with a zone, within years 1-9999 in UTC (see `check_timestamp`); null clears.
Timestamp = Annotated[datetime | None, BeforeValidator(_timestamp_or_null)]
#: Free-form metadata, within the depth and size limits (see `check_metadata`).
Metadata = Annotated[dict[str, Any], Field(
    description=f"a JSON object, at most {METADATA_MAX_DEPTH} levels deep and "
                f"{METADATA_MAX_BYTES // 1024} KiB as JSON")]


def _whole_number(value: Any) -> Any:
    """JSON's idea of an integer: `7` or `7.0`, not `"7"` nor `true` (pydantic's lax int takes both)."""
    if isinstance(value, bool | str):
        raise ValueError("must be a whole number")
    return int(value) if isinstance(value, float) and value.is_integer() else value


#: An id as JSON Schema's `integer` reads it.
WholeNumber = Annotated[int, BeforeValidator(_whole_number)]


def _refuse_null(value: Any) -> Any:
    if value is None:
        raise ValueError("cannot be null (leave the field out to keep it)")
    return value


def _not_nullable(schema: dict[str, Any]) -> None:
    """The document's view of a field that may be left out but not sent as null."""
    schema.pop("default", None)
    options = [option for option in schema.pop("anyOf", []) if option != {"type": "null"}]
    if len(options) == 1:
        schema.update(options[0])


class Body(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, validate_by_name=False,
                              validate_by_alias=True, extra="ignore")

    @field_validator("metadata", check_fields=False)
    @classmethod
    def _storable_metadata(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        return value if value is None else check_metadata(value)


class CreateBody(Body):
    # The document names the workflows and members that exist; others are a 422 on the field.
    workflow_id: WholeNumber = Field(json_schema_extra={"enum": [*sorted(WORKFLOWS_BY_ID)]})
    member_id: WholeNumber | None = Field(
        default=None, json_schema_extra={"minimum": 1, "maximum": MEMBER_COUNT})
    priority: Priority | None = None
    due_at: Timestamp = None
    notes: str | None = Field(default=None, max_length=NOTES_MAX)
    metadata: Metadata | None = None


#: Absent means "unchanged"; null is refused, so the document does not offer it.
_NOT_NULL = Field(default=None, json_schema_extra=_not_nullable)
NotNull = BeforeValidator(_refuse_null)


class UpdateBody(Body):
    """Fields left out stay as they are; only `dueAt` and `notes` may be cleared with null."""

    priority: Annotated[Priority | None, NotNull] = _NOT_NULL
    due_at: Timestamp = None
    notes: str | None = Field(default=None, max_length=NOTES_MAX)
    metadata: Annotated[Metadata | None, NotNull] = _NOT_NULL
    status: Annotated[Literal["active", "paused"] | None, NotNull] = _NOT_NULL


class CancelBody(Body):
    reason: str = Field(min_length=1, max_length=REASON_MAX,
                        json_schema_extra={"pattern": NOT_BLANK_PATTERN})

    @field_validator("reason")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not _NOT_BLANK.search(value):
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
