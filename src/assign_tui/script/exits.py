"""Exit codes of the script commands, and which `ApiError` maps to which.

Documented in README.md ("Scripting"); scripts branch on them, so they never change.
"""

from __future__ import annotations

from collections.abc import Iterable

from assign_tui.api.errors import (
    ApiError,
    AuthError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    StaleError,
    ValidationError,
)

__all__ = [
    "DONE",
    "FAILED",
    "NOT_ALLOWED",
    "NOT_FOUND",
    "CONFLICT",
    "USAGE",
    "exit_code_for",
    "worst",
]

DONE = 0
FAILED = 1
"""A server or network error: the outcome of a write may be unknown."""
USAGE = 2
"""Bad arguments, bad input (the server's 400/422 too) or a broken configuration."""
NOT_FOUND = 3
NOT_ALLOWED = 4
"""401/403, and every write refused by read-only mode before anything was sent."""
CONFLICT = 5
"""409/412, and `select` refusing a task whose preview is blocked or invalid."""

#: From least to most serious: with ids from stdin, the exit code is the most serious
#: outcome. A server or network error is the worst: nobody knows what happened.
_SEVERITY = (DONE, NOT_FOUND, CONFLICT, NOT_ALLOWED, USAGE, FAILED)


def exit_code_for(error: ApiError) -> int:
    if isinstance(error, AuthError | PermissionDeniedError):
        return NOT_ALLOWED
    if isinstance(error, NotFoundError):
        return NOT_FOUND
    if isinstance(error, ConflictError | StaleError):
        return CONFLICT
    if isinstance(error, ValidationError):
        return USAGE
    return FAILED


def worst(codes: Iterable[int]) -> int:
    """The most serious of `codes` (DONE for none)."""
    return max(codes, key=_SEVERITY.index, default=DONE)
