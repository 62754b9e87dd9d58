"""Answers for requests that go wrong before or around the handlers.

Every answer is JSON in the contract's shape, and the connection stays
usable or is closed with `Connection: close` (never silently, which would
make the client's next request on it fail with a reset):

- `BodyGuard` reads an API request's body first: over `Limits.max_body_bytes`
  is 413, a body whose next bytes do not come within `Limits.body_timeout` is 408.
- `StrictJsonRoute` parses JSON bodies with `parse_json_body` (no NaN, no lone
  surrogates), so the handlers and validation never see what cannot be stored.
- `ErrorGuard` turns any unexpected exception into a JSON 500.
- `install_error_handlers`: 405 lists every method of the path in `Allow`, and
  422s never echo back an input that cannot be written as JSON.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assign_tui.sandbox.faults import answer_json
from assign_tui.sandbox.storable import Limits, parse_json_body, readable

log = logging.getLogger("uvicorn.error")

API_PATH = "/api/"
#: A body over the limit is still read (and dropped) up to this many times the
#: limit, so that the client, still sending, gets to read the 413.
DRAIN_FACTOR = 16
CLOSE = {"connection": "close"}


def _is_json(request: Request) -> bool:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    kind, _, subtype = media.partition("/")
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))


class StrictJsonRoute(APIRoute):
    """An API route whose JSON body is parsed by `parse_json_body` (a 422 otherwise)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self.body_field is None:
            return handler  # FastAPI never reads a body it has no parameter for

        async def strict_handler(request: Request) -> Response:
            if _is_json(request) and (raw := await request.body()):
                # Starlette's Request.json() answers this cached value from now on.
                request._json = parse_json_body(raw)
            return await handler(request)

        return strict_handler


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyGuard:
    """Reads a whole API request body under the limits, then hands it to the app."""

    def __init__(self, app: ASGIApp, owner: Any) -> None:
        self.app = app
        self.owner = owner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PATH):
            await self.app(scope, receive, send)
            return
        limits: Limits = self.owner.state.sandbox.limits
        declared = _declared_length(scope)
        too_large = {"detail": f"request body over {limits.max_body_bytes} bytes"}
        if declared is not None and declared > limits.max_body_bytes * DRAIN_FACTOR:
            await answer_json(send, 413, too_large, CLOSE)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), limits.body_timeout)
            except TimeoutError:
                await answer_json(send, 408, {"detail": "request body not received within "
                                              f"{limits.body_timeout:g} s"}, CLOSE)
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size <= limits.max_body_bytes:
                chunks.append(chunk)
            if not message.get("more_body") or size > limits.max_body_bytes * DRAIN_FACTOR:
                break
        if size > limits.max_body_bytes:
            await answer_json(send, 413, too_large, CLOSE)
            return
        await self.app(scope, _replay(b"".join(chunks), receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that answers the body already read, then the real events."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replay() -> Message:
        return pending.pop() if pending else await receive()

    return replay


class ErrorGuard:
    """An unexpected exception becomes a JSON 500 with `Connection: close`.

    Starlette's own last resort answers plain text and then re-raises, so
    uvicorn drops the connection without saying so.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        except Exception as error:
            log.error("unexpected %s answering %s %s", type(error).__name__, scope["method"],
                      readable(scope["path"]), exc_info=True)
            if started:
                raise  # half an answer is out: only closing the connection is left
            await answer_json(send, 500, {"detail": "internal server error"}, CLOSE)


def allowed_methods(routes: Sequence[BaseRoute], path: str) -> list[str]:
    """Every method some route answers at `path` (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in routes:
        if isinstance(route, Route) and route.methods and route.path_regex.match(path):
            methods |= route.methods
    return sorted(methods)


def _scalar(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, str | int | bool)


def _safe_error(error: dict[str, Any]) -> dict[str, Any]:
    """One validation error as JSON can carry it: an `input` only when it is a plain value."""
    safe: dict[str, Any] = {
        "loc": [readable(part) if isinstance(part, str) else part for part in error["loc"]],
        "msg": readable(str(error["msg"])), "type": error["type"],
    }
    if "input" in error and _scalar(error["input"]):
        value = error["input"]
        safe["input"] = readable(value) if isinstance(value, str) else value
    if error.get("ctx"):
        safe["ctx"] = {key: readable(str(value)) for key, value in error["ctx"].items()}
    return safe


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    return JSONResponse({"detail": [_safe_error(e) for e in error.errors()]}, 422)


def install_error_handlers(app: FastAPI, routes: Sequence[BaseRoute]) -> None:
    """JSON 422s that can always be written; 405s whose `Allow` is complete."""

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        if error.status_code == 405:
            allow = ", ".join(allowed_methods(routes, request.scope["path"]))
            error = StarletteHTTPException(405, error.detail,
                                           {**(error.headers or {}), "Allow": allow})
        return await http_exception_handler(request, error)

    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
