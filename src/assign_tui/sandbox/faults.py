"""Fault injection and request statistics, as a raw ASGI middleware.

Off by default. Random faults (latency, 500, 429 with Retry-After, dropped
connections) come from `FaultConfig`; one-shot scripted answers matched by
method and path regex come from `ScriptedResponse`s. The control API
(`/_sandbox/...`) is never faulted and never counted.

A dropped connection is a socket closed without any answer: the middleware
finds the uvicorn connection by the client's address and closes its
transport (httpx then raises RemoteProtocolError). When uvicorn's server
state is not available it falls back to closing after the response head.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from assign_tui.sandbox.constants import API_PREFIX_TEMPLATE

CONTROL_PREFIX = "/_sandbox"


@dataclass
class FaultConfig:
    """Random faults; rates are probabilities per API request (0..1)."""

    latency_ms: int = 0
    error_rate: float = 0.0
    rate_limit_rate: float = 0.0
    drop_rate: float = 0.0
    retry_after: int = 1
    seed: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ScriptedResponse:
    """A canned answer for requests whose method and path (regex search) match.

    `status` None passes the request through (after `delay_ms`): a slow answer.
    `drop` closes the connection without answering; `drop_after` lets the real handler
    do the work, then closes the connection instead of answering (a write whose answer
    is lost); `truncate_at` declares the
    whole body's length but sends only that many bytes, then closes.
    `times` None repeats forever.
    """

    path: str
    method: str | None = None
    status: int | None = 200
    body: Any = ""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    delay_ms: int = 0
    times: int | None = 1
    drop: bool = False
    drop_after: bool = False
    truncate_at: int | None = None
    repeat: int = 1

    def matches(self, method: str, path: str) -> bool:
        if self.method not in (None, "*") and self.method.upper() != method:
            return False
        return re.search(self.path, path) is not None

    def body_bytes(self) -> bytes:
        text = self.body if isinstance(self.body, str) else json.dumps(self.body)
        return text.encode("utf-8") * max(1, self.repeat)


class FaultInjector:
    """The mutable fault state shared by the middleware and the control API."""

    def __init__(self, config: FaultConfig | None = None) -> None:
        self.script: list[ScriptedResponse] = []
        self.stats: Counter[str] = Counter()
        self.server_state: Any = None  # uvicorn's ServerState, set by the server
        self.configure(config or FaultConfig())

    def configure(self, config: FaultConfig) -> None:
        self.config = config
        self.rng = random.Random(config.seed)

    def take_script(self, method: str, path: str) -> ScriptedResponse | None:
        for entry in self.script:
            if entry.matches(method, path):
                if entry.times is not None:
                    entry.times -= 1
                    if entry.times <= 0:
                        self.script.remove(entry)
                return entry
        return None

    def transport_for(self, scope: Scope) -> Any:
        state = self.server_state
        client = scope.get("client")
        if state is None or client is None:
            return None
        for connection in list(state.connections):
            if getattr(connection, "client", None) == tuple(client):
                return getattr(connection, "transport", None)
        return None


class FaultMiddleware:
    """Reads the injector from `owner.state.sandbox` per request (the state can be swapped).

    `templates` pairs each API route's path regex with its template, so that
    stats count "POST /assignments/{assignment_id}/cancel", not one key per id.
    """

    def __init__(self, app: ASGIApp, owner: Any,
                 templates: list[tuple[re.Pattern[str], str]]) -> None:
        self.app = app
        self.owner = owner
        self.templates = templates

    @property
    def injector(self) -> FaultInjector:
        injector: FaultInjector = self.owner.state.sandbox.faults
        return injector

    def _template(self, scope: Scope) -> str:
        for regex, template in self.templates:
            if regex.match(scope["path"]):
                return template.removeprefix(API_PREFIX_TEMPLATE) or "/"
        path: str = scope["path"]
        return path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        self.injector.stats[f"{method} {self._template(scope)}"] += 1
        entry = self.injector.take_script(method, scope["path"])
        if entry is not None:
            await self._scripted(entry, scope, receive, send)
            return
        config = self.injector.config
        if config.latency_ms:
            await asyncio.sleep(config.latency_ms / 1000)
        roll = self.injector.rng.random()
        if roll < config.drop_rate:
            await self._drop(scope, send)
        elif roll < config.drop_rate + config.error_rate:
            await answer_json(send, 500, {"detail": "internal server error (injected fault)"})
        elif roll < config.drop_rate + config.error_rate + config.rate_limit_rate:
            await answer_json(send, 429, {"detail": "rate limited (injected fault)"},
                          {"retry-after": str(config.retry_after)})
        else:
            await self.app(scope, receive, send)

    async def _scripted(self, entry: ScriptedResponse, scope: Scope, receive: Receive,
                        send: Send) -> None:
        if entry.delay_ms:
            await asyncio.sleep(entry.delay_ms / 1000)
        if entry.drop:
            await self._drop(scope, send)
            return
        if entry.drop_after:
            async def discard(message: Any) -> None:
                del message

            await self.app(scope, receive, discard)
            await self._drop(scope, send)
            return
        if entry.status is None:
            await self.app(scope, receive, send)
            return
        body = entry.body_bytes()
        headers = [(b"content-type", entry.content_type.encode()),
                   (b"content-length", str(len(body)).encode())]
        headers += [(k.lower().encode(), v.encode()) for k, v in entry.headers.items()]
        await send({"type": "http.response.start", "status": entry.status, "headers": headers})
        if entry.truncate_at is None:
            await send({"type": "http.response.body", "body": body})
            return
        await send({"type": "http.response.body", "body": body[: entry.truncate_at],
                    "more_body": True})
        await self._close(scope)

    async def _drop(self, scope: Scope, send: Send) -> None:
        if not await self._close(scope):
            # No access to the socket: send a head and stop; uvicorn then closes it.
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-length", b"1")]})

    async def _close(self, scope: Scope) -> bool:
        transport = self.injector.transport_for(scope)
        if transport is None:
            return False
        transport.close()
        # Let uvicorn see the connection lost, so it does not try to answer 500.
        for _ in range(3):
            await asyncio.sleep(0)
        return True


async def answer_json(send: Send, status: int, payload: dict[str, Any],
                      extra: dict[str, str] | None = None) -> None:
    """A whole JSON answer sent from middleware (the app never saw the request)."""
    body = json.dumps(payload).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
