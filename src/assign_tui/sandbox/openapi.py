"""What the OpenAPI document (`/_sandbox/openapi.json`) says each operation answers.

Handlers build their `JSONResponse`s themselves, so `response_model` here
only documents (FastAPI does not re-validate a returned Response). The models
are the contract's own (`assign_tui.api.models`), the same ones the handlers
dump, so a checker such as Schemathesis can hold every answer to them.
"""

from __future__ import annotations

from typing import Any

from fastapi.security import HTTPBearer
from pydantic import BaseModel, ConfigDict

#: Declares the Bearer token in the document; `permissions.authenticate` checks it.
bearer = HTTPBearer(auto_error=False, description="a demo token, e.g. demo-admin")


class ErrorAnswer(BaseModel):
    """Every error but a validation error: `{"detail": "text"}`."""

    detail: str


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str
    input: Any = None
    ctx: dict[str, str] | None = None


class ValidationErrorAnswer(BaseModel):
    """A 422: which fields, and why."""

    detail: list[FieldError]


class CelContextAnswer(BaseModel):
    """The CEL snapshot: the variables task conditions see (snake_case)."""

    model_config = ConfigDict(extra="allow")

    assignment: dict[str, Any]
    member: dict[str, Any]
    task: dict[str, Any] | None
    tasks: dict[str, dict[str, Any]]
    workflow: dict[str, Any]
    now: str


_STRING = {"schema": {"type": "string"}}
_WHY = {
    401: "missing or unknown token",
    403: "not allowed: the detail names the missing permission",
    404: "no such workspace, assignment or task",
    408: "the request body did not arrive in time",
    409: "conflict: the detail gives the reason",
    412: "If-Match is stale: the assignment changed since it was read",
    413: "request body too large",
    422: "invalid path, query, header or body: the fields and why",
    429: "rate limited (injected faults only)",
    500: "unexpected error (or an injected fault)",
}
_HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": {"required": True, **_STRING}},
    412: {"ETag": {"required": True, **_STRING}},
    429: {"Retry-After": {"required": True, **_STRING}},
}
#: What any API operation can answer besides its own refusals.
COMMON = (401, 404, 408, 413, 422, 429, 500)


def answers(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of an operation: `COMMON` plus `statuses`, each with its model."""
    result: dict[int | str, dict[str, Any]] = {}
    for status in sorted({*COMMON, *statuses}):
        entry: dict[str, Any] = {
            "model": ValidationErrorAnswer if status == 422 else ErrorAnswer,
            "description": _WHY[status],
        }
        if status in _HEADERS:
            entry["headers"] = _HEADERS[status]
        result[status] = entry
    return result


def with_etag(status: int = 200, location: bool = False) -> dict[int | str, dict[str, Any]]:
    """The success answer of an operation that sends the assignment's `ETag`."""
    headers = {"ETag": {"required": True, **_STRING}}
    if location:
        headers["Location"] = {"required": True, **_STRING}
    return {status: {"headers": headers}}
