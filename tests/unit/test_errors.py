"""The error family: both shapes of `detail`, one class per meaning."""

from __future__ import annotations

import pytest

from assign_tui.api import errors


def test_detail_as_text() -> None:
    assert errors.parse_detail({"detail": "assignment is cancelled"}) == ("assignment is cancelled", {})


def test_detail_as_validation_list_keys_by_field() -> None:
    summary, fields = errors.parse_detail({"detail": [
        {"loc": ["body", "reason"], "msg": "String should have at least 1 character", "type": "x"},
        {"loc": ["query", "pageSize"], "msg": "less than or equal to 100", "type": "y"},
    ]})
    assert fields == {"reason": "String should have at least 1 character", "pageSize": "less than or equal to 100"}
    assert "reason:" in summary and "pageSize:" in summary


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.ValidationError), (401, errors.AuthError), (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError), (409, errors.ConflictError), (412, errors.StaleError),
        (422, errors.ValidationError), (429, errors.RateLimitedError), (500, errors.ServerError),
        (503, errors.ServerError), (418, errors.ApiError),
    ],
)
def test_each_status_has_its_class(status: int, cls: type[errors.ApiError]) -> None:
    error = errors.error_for_status(status, {"detail": "why"})
    assert type(error) is cls
    assert error.status == status and "why" in error.message


def test_rate_limit_hint_names_the_wait() -> None:
    error = errors.error_for_status(429, {"detail": "slow down"}, retry_after=7)
    assert isinstance(error, errors.RateLimitedError) and error.retry_after == 7
    assert "7 s" in error.hint


def test_long_details_are_clipped_to_one_line() -> None:
    error = errors.error_for_status(500, {"detail": "line\n" * 500})
    assert "\n" not in error.message and len(error.detail) <= 300


def test_auth_error_says_where_the_token_came_from() -> None:
    error = errors.AuthError("expired", token_source="the command `gh auth token`", status=401)
    assert "gh auth token" in error.message
