"""One error family for everything that can go wrong talking to the API.

The client is the one place that turns HTTP failures into these; the console
is the one place that turns these into what the operator reads. Messages are
short, never hold the token, and never hold raw server text longer than a line.

What the operator can do about an error is an `Advice`, not words with keys in
them (api/advice.py): this layer knows no interface. `ApiError.hint` says it in
words that name no key (fit for a command line); the console's table
(tui/advice.py) says it with the keys of the screen or form the error shows on.
"""

from __future__ import annotations

from typing import Any, ClassVar

from assign_tui.api.advice import PLAIN_WORDS, Advice, wait_words

__all__ = [
    "ApiError",
    "AuthError",
    "BadResponseError",
    "ConflictError",
    "NetworkError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitedError",
    "ServerError",
    "StaleError",
    "TimeoutError",
    "ValidationError",
    "error_for_status",
    "outcome_unknown",
    "parse_detail",
]

_MAX_DETAIL = 300


def _clip(text: str, limit: int = _MAX_DETAIL) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ApiError(Exception):
    """Base of the family. `title` says what happened; `advice` what the operator can do."""

    title = "The request failed"
    default_advice: ClassVar[Advice] = Advice.RETRY
    retry_after: float | None = None
    """Seconds the server asked to wait before asking again (None: it did not say)."""
    retryable = False
    retry_helps = True
    """Whether asking again, unchanged, can give another answer (a 403 or a 404 will not)."""

    def __init__(
        self,
        detail: str = "",
        *,
        status: int | None = None,
        method: str = "",
        path: str = "",
        server: str = "",
    ) -> None:
        self.detail = _clip(detail)
        self.status = status
        self.method = method
        self.path = path
        self.server = server
        """The server asked, as `scheme://host[:port]` (set by the client)."""
        super().__init__(self.message)

    @property
    def advice(self) -> Advice:
        """What the operator can do about it (the console puts it in words and keys)."""
        return self.default_advice

    @property
    def hint(self) -> str:
        """The advice in words that name no key."""
        return PLAIN_WORDS[self.advice].format(wait=wait_words(self.retry_after))

    @property
    def message(self) -> str:
        """One line for the operator: what happened, then the server's reason."""
        prefix = f"{self.title} (HTTP {self.status})" if self.status else self.title
        return f"{prefix}: {self.detail}" if self.detail else prefix

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, detail={self.detail!r})"


class AuthError(ApiError):
    title = "Not signed in: the token was refused"
    default_advice = Advice.CHECK_TOKEN

    def __init__(self, detail: str = "", *, token_source: str = "", **kwargs: Any) -> None:
        self.token_source = token_source
        super().__init__(detail, **kwargs)

    @property
    def message(self) -> str:
        base = super().message
        return f"{base} (token from {self.token_source})" if self.token_source else base


class PermissionDeniedError(ApiError):
    title = "Not allowed"
    retry_helps = False

    @property
    def advice(self) -> Advice:
        return Advice.ASK_FOR_PERMISSION if self.detail else Advice.ASK_WHAT_IS_ALLOWED


class NotFoundError(ApiError):
    title = "Not found"
    default_advice = Advice.GO_BACK
    retry_helps = False


class ConflictError(ApiError):
    title = "Refused by the server"
    default_advice = Advice.READ_REASON
    retry_helps = False


class StaleError(ApiError):
    title = "Changed meanwhile"
    default_advice = Advice.RELOAD
    retry_helps = False


class ValidationError(ApiError):
    title = "The server rejected the input"
    default_advice = Advice.FIX_INPUT
    retry_helps = False

    def __init__(
        self,
        detail: str = "",
        *,
        field_errors: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.field_errors = dict(field_errors or {})
        super().__init__(detail, **kwargs)


class RateLimitedError(ApiError):
    title = "Rate limited"
    default_advice = Advice.RETRY_AFTER
    retryable = True

    def __init__(self, detail: str = "", *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(detail, **kwargs)


class ServerError(ApiError):
    title = "Server error"
    default_advice = Advice.RETRY_SERVER
    retryable = True


class NetworkError(ApiError):
    title = "Cannot reach the server"
    default_advice = Advice.WAIT_RECONNECT
    retryable = True

    def __init__(self, detail: str = "", *, delivered: bool | None = None, **kwargs: Any) -> None:
        self.delivered = delivered
        """False when the request never left (no connection); None when it may have
        reached the server before the connection failed: a write's outcome is then unknown."""
        super().__init__(detail, **kwargs)

    @property
    def message(self) -> str:
        """Names the server that could not be reached: the operator checks that URL."""
        where = f" at {self.server}" if self.server else ""
        prefix = self.title.replace("server", f"server{where}", 1)
        return f"{prefix}: {self.detail}" if self.detail else prefix


class TimeoutError(NetworkError):  # noqa: A001 - the family's name for it
    title = "The server did not answer in time"
    default_advice = Advice.RETRY_OR_WAIT_LONGER


class BadResponseError(ApiError):
    title = "The server sent an answer the console cannot read"
    default_advice = Advice.RETRY_THEN_REPORT


#: Gateway answers that say nothing about whether the server behind did the work.
_GATEWAY_STATUSES = frozenset({502, 504})


def outcome_unknown(error: BaseException) -> bool:
    """Whether a write that failed with `error` may all the same have been done by the server.

    True when the request may have reached the server and its answer was lost: the
    connection broke or timed out after sending, or a gateway gave up waiting.
    """
    if isinstance(error, NetworkError):
        return error.delivered is not False
    return isinstance(error, ServerError) and error.status in _GATEWAY_STATUSES


_BY_STATUS: dict[int, type[ApiError]] = {
    400: ValidationError,
    401: AuthError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    412: StaleError,
    422: ValidationError,
    429: RateLimitedError,
}


def parse_detail(body: Any) -> tuple[str, dict[str, str]]:
    """The server's `detail` in either shape, as (summary, per-field messages).

    `{"detail": "text"}` gives the text; `{"detail": [{"loc": [...], "msg": ...}]}`
    gives each message keyed by its field (the last part of `loc`).
    """
    if not isinstance(body, dict) or "detail" not in body:
        return "", {}
    detail = body["detail"]
    if isinstance(detail, str):
        return detail, {}
    if isinstance(detail, list):
        fields: dict[str, str] = {}
        parts: list[str] = []
        for item in detail:
            if not isinstance(item, dict):
                parts.append(str(item))
                continue
            msg = str(item.get("msg", "invalid"))
            loc = item.get("loc") or []
            names = [str(part) for part in loc if part not in ("body", "query", "path", "header")]
            field = names[-1] if names else ""
            if field:
                fields.setdefault(field, msg)
                parts.append(f"{field}: {msg}")
            else:
                parts.append(msg)
        return "; ".join(parts), fields
    return str(detail), {}


def error_for_status(
    status: int,
    body: Any,
    *,
    retry_after: float | None = None,
    method: str = "",
    path: str = "",
) -> ApiError:
    """The family member for an HTTP error status and its parsed JSON body."""
    detail, fields = parse_detail(body)
    common: dict[str, Any] = {"status": status, "method": method, "path": path}
    cls = _BY_STATUS.get(status)
    if cls is None:
        cls = ServerError if status >= 500 else ApiError
    if cls is ValidationError:
        return ValidationError(detail, field_errors=fields, **common)
    if cls is RateLimitedError:
        return RateLimitedError(detail, retry_after=retry_after, **common)
    return cls(detail, **common)
