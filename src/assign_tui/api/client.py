"""The async client: one `httpx.AsyncClient` for the app's lifetime, ten operations.

This is the one place that turns HTTP failures into the `ApiError` family.
Reads are retried with capped, jittered exponential backoff; writes only where
retrying cannot do an operation twice: each write passes `retry=` to `_call` (a create
with its Idempotency-Key, an update with its If-Match, a task select; never a cancel).
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import ssl
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast, overload

import httpx
from pydantic import BaseModel, TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from assign_tui.api.errors import (
    ApiError,
    AuthError,
    BadResponseError,
    NetworkError,
    RateLimitedError,
    ServerError,
    TimeoutError,
    error_for_status,
)
from assign_tui.api.models import (
    Assignment,
    AssignmentQuery,
    AssignmentTask,
    CancelAssignmentRequest,
    ChatMessage,
    CreateAssignmentRequest,
    OperatorTaskDetail,
    Page,
    UpdateAssignmentRequest,
)

__all__ = ["AssignmentsClient", "Tagged", "new_idempotency_key"]

log = logging.getLogger("assign_tui.api")

T = TypeVar("T")
ModelT = TypeVar("ModelT", bound=BaseModel)
TokenReader = Callable[[], str]

_MESSAGES = TypeAdapter(list[ChatMessage])
_PAGE = TypeAdapter(Page[Assignment])
_MAX_RETRY_AFTER = 30.0
#: Bodies past this size are decoded and validated in a thread.
_BIG_BODY = 256 * 1024
_CEL_KEYS = frozenset({"assignment", "member", "task", "tasks", "workflow", "now"})


@dataclass(frozen=True)
class Tagged(Generic[T]):
    """A model and the `ETag` it was read with (for `If-Match` on update)."""

    value: T
    etag: str | None


def new_idempotency_key() -> str:
    """One key per form: every retry or double submit of that form reuses it."""
    return str(uuid.uuid4())


class AssignmentsClient:
    """Typed access to one workspace of the assignments API.

    Args:
        api_root: `{base_url}/api/v2/w/{workspace}`.
        token: called for the bearer token; called again after a 401, so a
            token command or file is re-read when the operator retries.
        token_source: where the token comes from, for the 401 message.
    """

    def __init__(
        self,
        api_root: str,
        token: TokenReader,
        *,
        token_source: str = "",
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
        verify: ssl.SSLContext | str | bool = True,
        max_response_bytes: int = 20 * 1024 * 1024,
        max_tries: int = 3,
        backoff_base: float = 0.25,
        backoff_cap: float = 4.0,
        transport: httpx.AsyncBaseTransport | None = None,
        on_connection_change: Callable[[bool], None] | None = None,
    ) -> None:
        self._read_token = token
        self._token: str | None = None
        self._token_lock = asyncio.Lock()  # parallel first requests read the token once
        self.token_source = token_source
        self.max_response_bytes = max_response_bytes
        self.max_tries = max(1, max_tries)
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.on_connection_change = on_connection_change
        self.connected: bool | None = None
        #: Writes sent, whatever their outcome (it may be unknown), and the newest answer
        #: for each assignment read or written one by one: screens that show older copies
        #: (the list) compare against them when they come back, to refetch or patch.
        self.writes_sent = 0
        self.newest: dict[int, Assignment] = {}
        self._http = httpx.AsyncClient(
            base_url=api_root.rstrip("/"),
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            verify=verify,
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": "assign-tui"},
            follow_redirects=False,
            # Shorter than servers' idle timeouts (60-75 s), so a write never goes out
            # on a connection the server has already closed.
            limits=httpx.Limits(keepalive_expiry=30.0),
        )

    def __repr__(self) -> str:
        return f"AssignmentsClient({str(self._http.base_url)!r})"

    @property
    def server(self) -> str:
        """`scheme://host[:port]` of the API: what an operator checks when it cannot be reached."""
        url = self._http.base_url
        return f"{url.scheme}://{url.netloc.decode('ascii', 'replace')}"

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AssignmentsClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- the ten operations -------------------------------------------------

    async def list_assignments(self, query: AssignmentQuery | None = None) -> Page[Assignment]:
        data, _ = await self._call("GET", "/assignments", params=(query or AssignmentQuery()).params())
        return self._parse(_PAGE, data)

    async def create_assignment(
        self, request: CreateAssignmentRequest, *, idempotency_key: str | None = None
    ) -> Assignment:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        data, _ = await self._call(
            "POST", "/assignments", json_body=request.body(), headers=headers,
            retry=idempotency_key is not None,
        )
        return self._newest(self._parse(Assignment, data))

    async def get_assignment(self, assignment_id: int) -> Tagged[Assignment]:
        data, etag = await self._call("GET", f"/assignments/{int(assignment_id)}")
        return Tagged(self._newest(self._parse(Assignment, data)), etag)

    async def update_assignment(
        self,
        assignment_id: int,
        request: UpdateAssignmentRequest,
        *,
        if_match: str | None = None,
    ) -> Tagged[Assignment]:
        headers = {"If-Match": if_match} if if_match else {}
        data, etag = await self._call(
            "PUT", f"/assignments/{int(assignment_id)}", json_body=request.body(),
            headers=headers, retry=if_match is not None,
        )
        return Tagged(self._newest(self._parse(Assignment, data)), etag)

    async def cancel_assignment(self, assignment_id: int, reason: str) -> Assignment:
        body = CancelAssignmentRequest(reason=reason).body()
        data, _ = await self._call(
            "POST", f"/assignments/{int(assignment_id)}/cancel", json_body=body, retry=False
        )
        return self._newest(self._parse(Assignment, data))

    async def get_cel_context(self, assignment_id: int) -> dict[str, Any]:
        data, _ = await self._call("GET", f"/assignments/{int(assignment_id)}/cel-context")
        if not isinstance(data, dict):
            raise BadResponseError("the CEL context is not a JSON object")
        if data and not _CEL_KEYS & data.keys():
            # Free-form values are the preview's to judge; an object with none of the
            # snapshot's variables is not a snapshot (a proxy's or another API's JSON).
            raise BadResponseError(
                f"unexpected shape: the CEL context has none of {', '.join(sorted(_CEL_KEYS))}")
        return data

    async def get_current_task_detail(self, assignment_id: int) -> OperatorTaskDetail:
        data, _ = await self._call("GET", f"/assignments/{int(assignment_id)}/current-task-detail")
        return self._parse(OperatorTaskDetail, data)

    async def list_messages(self, assignment_id: int) -> list[ChatMessage]:
        messages, _ = await self._call(
            "GET", f"/assignments/{int(assignment_id)}/messages", model=_MESSAGES
        )
        return cast("list[ChatMessage]", messages)

    async def get_task(self, assignment_id: int, task_id: int) -> AssignmentTask:
        data, _ = await self._call(
            "GET", f"/assignments/{int(assignment_id)}/tasks/{int(task_id)}"
        )
        return self._parse(AssignmentTask, data)

    async def select_task(self, assignment_id: int, task_id: int) -> AssignmentTask:
        data, _ = await self._call(
            "PUT", f"/assignments/{int(assignment_id)}/tasks/{int(task_id)}/select", retry=True
        )
        return self._parse(AssignmentTask, data)

    async def ping(self) -> None:
        """One cheap read, never retried: is the server answering again?"""
        await self._call("GET", "/assignments", params={"pageSize": 1}, retry=False)

    # -- transport ----------------------------------------------------------

    async def _token_header(self) -> dict[str, str]:
        """The bearer header; the token is read (maybe by running a command) off the loop."""
        async with self._token_lock:
            if self._token is None:
                try:
                    self._token = await asyncio.to_thread(self._read_token)
                except Exception as error:  # the source's own message; never the token
                    raise AuthError(str(error), token_source=self.token_source) from None
            return {"Authorization": f"Bearer {self._token}"}

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        headers: dict[str, str] | None = None,
        retry: bool | None = None,
        model: TypeAdapter[Any] | None = None,
    ) -> tuple[Any, str | None]:
        """Send with retries; answer the parsed JSON body (validated when `model` is given)
        and the ETag."""
        may_retry = method == "GET" if retry is None else retry
        if method != "GET":
            self.writes_sent += 1
        tries = self.max_tries if may_retry else 1
        for attempt in range(1, tries + 1):
            try:
                return await self._send_once(method, path, params, json_body, headers, model)
            except (NetworkError, ServerError, RateLimitedError) as error:
                if attempt >= tries:
                    raise
                delay = self._backoff(attempt, error)
                if delay is None:
                    raise
                log.info("%s %s retry %d in %.2fs (%s)", method, path, attempt, delay, type(error).__name__)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int, error: ApiError) -> float | None:
        if isinstance(error, RateLimitedError) and error.retry_after is not None:
            return None if error.retry_after > _MAX_RETRY_AFTER else error.retry_after
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** (attempt - 1))
        return random.uniform(ceiling / 2, ceiling)

    async def _send_once(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None,
        json_body: Any,
        headers: dict[str, str] | None,
        model: TypeAdapter[Any] | None = None,
    ) -> tuple[Any, str | None]:
        started = time.perf_counter()
        # httpx.Headers, not a dict: its repr masks Authorization, so a traceback that prints
        # this frame's locals (Textual's does) never shows the token.
        request_headers = httpx.Headers(headers)
        request_headers.update(await self._token_header())
        content = None
        if json_body is not None:
            content = json.dumps(json_body, ensure_ascii=False).encode()
            request_headers["Content-Type"] = "application/json"
        try:
            request = self._http.build_request(
                method, path, params=params, content=content, headers=request_headers
            )
            response = await self._http.send(request, stream=True)
            try:
                raw = await self._read_bounded(response)
            except httpx.ReadError:
                # The head arrived, the body did not: however the socket reports it.
                raise httpx.RemoteProtocolError("incomplete body", request=request) from None
            finally:
                await response.aclose()
        except httpx.TimeoutException as error:
            if isinstance(error, httpx.ConnectTimeout | httpx.PoolTimeout):
                self._set_connected(False)  # a slow answer is still an answer: only these mean gone
            log.info("%s %s timeout after %.0fms", method, path, _ms(started))
            never_sent = isinstance(error, httpx.ConnectTimeout | httpx.PoolTimeout)
            raise TimeoutError(
                "no answer within the timeout", method=method, path=path, server=self.server,
                delivered=False if never_sent else None,
            ) from None
        except httpx.HTTPError as error:
            self._set_connected(False)
            log.info("%s %s network error %s", method, path, type(error).__name__)
            never_sent = isinstance(error, httpx.ConnectError)
            raise NetworkError(
                _network_detail(error), method=method, path=path, server=self.server,
                delivered=False if never_sent else None,
            ) from None
        self._set_connected(True)
        log.info("%s %s %d %.0fms", method, path, response.status_code, _ms(started))
        if len(raw) > _BIG_BODY:
            data = await asyncio.to_thread(self._answer, response, raw, method, path, model)
        else:
            data = self._answer(response, raw, method, path, model)
        return data, response.headers.get("etag")

    async def _read_bounded(self, response: httpx.Response) -> bytes:
        limit = self.max_response_bytes
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise BadResponseError(_too_large(limit), status=response.status_code)
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise BadResponseError(_too_large(limit), status=response.status_code)
            chunks.append(chunk)
        return b"".join(chunks)

    def _answer(
        self,
        response: httpx.Response,
        raw: bytes,
        method: str,
        path: str,
        model: TypeAdapter[Any] | None,
    ) -> Any:
        """The body as JSON, or as `model` when one is given.

        A model is validated straight from the bytes, in one pass in pydantic-core: no
        dicts and lists in between, half the time of `json.loads` and `validate_python`
        for 5,000 messages. When that fails, the two steps decide, so an error reads as
        for any other answer, and what `json.loads` takes and pydantic-core's parser
        does not (lone surrogate escapes, deep nesting) is still taken.
        """
        if model is None:
            return self._interpret(response, raw, method, path)
        if 200 <= response.status_code < 300:
            try:
                return model.validate_json(raw)
            except PydanticValidationError:
                pass
        return self._parse(model, self._interpret(response, raw, method, path))

    def _interpret(self, response: httpx.Response, raw: bytes, method: str, path: str) -> Any:
        status = response.status_code
        body = _decode_json(raw)
        if 200 <= status < 300:
            if body is _NOT_JSON:
                kind = response.headers.get("content-type", "unknown type").split(";")[0]
                got = "malformed JSON" if raw and "json" in kind else kind if raw else ""
                said = f"expected JSON, got {got or 'an empty body'}"
                raise BadResponseError(said, status=status, method=method, path=path)
            return body
        if status == 401:
            self._token = None  # re-read from its source on the next request
            detail = body.get("detail", "") if isinstance(body, dict) else ""
            raise AuthError(
                str(detail) if isinstance(detail, str) else "",
                token_source=self.token_source, status=status, method=method, path=path,
            )
        if body is _NOT_JSON:
            kind = response.headers.get("content-type", "").split(";")[0] or "a non-JSON body"
            body = {"detail": f"{response.reason_phrase or 'error'} ({kind})"}
        return _raise(error_for_status(
            status, body, retry_after=_retry_after(response), method=method, path=path
        ))

    @overload
    @staticmethod
    def _parse(model: type[ModelT], data: Any) -> ModelT: ...

    @overload
    @staticmethod
    def _parse(model: TypeAdapter[T], data: Any) -> T: ...

    @staticmethod
    def _parse(model: type[BaseModel] | TypeAdapter[Any], data: Any) -> Any:
        validate = model.validate_python if isinstance(model, TypeAdapter) else model.model_validate
        try:
            return validate(data)
        except PydanticValidationError as error:
            first = error.errors()[0] if error.errors() else None
            where = ".".join(str(part) for part in first["loc"]) if first else ""
            message = first["msg"] if first else "invalid"
            raise BadResponseError(f"unexpected shape at {where or 'the body'}: {message}") from None

    def _newest(self, assignment: Assignment) -> Assignment:
        known = self.newest.get(assignment.id)
        if known is None or known.updated_at <= assignment.updated_at:
            self.newest[assignment.id] = assignment
        return assignment

    def _set_connected(self, connected: bool) -> None:
        if connected != self.connected:
            self.connected = connected
            if self.on_connection_change is not None:
                self.on_connection_change(connected)


_NOT_JSON = object()


def _decode_json(raw: bytes) -> Any:
    if not raw:
        return _NOT_JSON
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return _NOT_JSON


def _raise(error: ApiError) -> Any:
    raise error


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _too_large(limit: int) -> str:
    return f"the answer is larger than {limit / 1024 / 1024:g} MB (max_response_mb in the profile)"


def _network_detail(error: httpx.HTTPError) -> str:
    if isinstance(error, httpx.ConnectError):
        if "CERTIFICATE_VERIFY_FAILED" in str(error) or "SSL" in str(error):
            return "the server's TLS certificate could not be verified (ca_bundle in the profile)"
        return "connection refused or host unreachable"
    if isinstance(error, httpx.RemoteProtocolError):
        return "the connection closed before the answer was complete"
    if isinstance(error, httpx.ReadError | httpx.WriteError):
        return "the connection broke"
    return type(error).__name__


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
