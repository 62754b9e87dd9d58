"""Issue 12: body limits (413, 408), B7 (405 `Allow`), and every error answered as JSON.

The connection must stay sane after each: either it is reused for the next
request, or the answer said `Connection: close`.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from assign_tui.sandbox.storable import MAX_BODY_BYTES, Limits


def raw_exchange(server: Any, head: str, body: bytes) -> tuple[str, dict[str, str], Any]:
    """Send a request byte for byte on a new socket; the status line, headers and JSON."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(head.encode("ascii") + body)
        received = b""
        while b"\r\n\r\n" not in received or not received.endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    head_text, _, payload = received.partition(b"\r\n\r\n")
    status, *lines = head_text.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return status, headers, json.loads(payload)


def request_head(server: Any, path: str, headers: str) -> str:
    prefix = server.api_url.removeprefix(server.base_url)
    return (f"PUT {prefix}{path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer demo-admin\r\nContent-Type: application/json\r\n{headers}\r\n")


def test_a_body_over_1_mib_is_413_json_and_closes(fresh_admin: httpx.Client) -> None:
    big = {"metadata": {"x": "m" * MAX_BODY_BYTES}}
    response = fresh_admin.put("/assignments/1042", json=big)
    assert response.status_code == 413
    assert response.json() == {"detail": f"request body over {MAX_BODY_BYTES} bytes"}
    assert response.headers["connection"] == "close"
    assert fresh_admin.get("/assignments/1042").json()["metadata"] == {"channel": "sms"}


def test_a_chunked_body_over_the_limit_is_413(fresh_admin: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"notes": "'
        for _ in range(20):
            yield b"n" * 65536
        yield b'"}'

    response = fresh_admin.put("/assignments/1042", content=chunks(),
                               headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and response.headers["connection"] == "close"


def test_a_body_that_declares_far_more_is_413_at_once(fresh_sandbox: Any) -> None:
    head = request_head(fresh_sandbox, "/assignments/1042", "Content-Length: 999999999\r\n")
    status, headers, payload = raw_exchange(fresh_sandbox, head, b'{"notes": "x"}')
    assert status.startswith("HTTP/1.1 413") and headers["connection"] == "close"
    assert "request body over" in payload["detail"]


def test_a_stalled_body_is_408_json_and_closes(fresh_sandbox: Any) -> None:
    fresh_sandbox.state.limits = Limits(body_timeout=0.3)
    head = request_head(fresh_sandbox, "/assignments/1042", "Content-Length: 100\r\n")
    status, headers, payload = raw_exchange(fresh_sandbox, head, b'{"notes":')
    assert status.startswith("HTTP/1.1 408") and headers["connection"] == "close"
    assert payload == {"detail": "request body not received within 0.3 s"}


def test_an_unexpected_error_is_a_json_500_and_the_next_request_works(
    fresh_sandbox: Any, fresh_admin: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(assignment_id: int) -> None:
        raise RuntimeError("member data must not leak: Rosa")

    assert fresh_admin.get("/assignments/1042").status_code == 200  # a pooled connection
    monkeypatch.setattr(fresh_sandbox.state.repo, "assignment", broken)
    response = fresh_admin.get("/assignments/1042")
    assert response.status_code == 500
    assert response.json() == {"detail": "internal server error"}
    assert response.headers["connection"] == "close"
    monkeypatch.undo()
    assert fresh_admin.get("/assignments/1042").status_code == 200


@pytest.mark.parametrize(("method", "path", "allow"), [
    ("DELETE", "/assignments", "GET, POST"),
    ("PATCH", "/assignments/1042", "GET, PUT"),
    ("GET", "/assignments/1042/cancel", "POST"),
    ("POST", "/assignments/1042/tasks/10421/select", "PUT"),
])
def test_b7_405_allows_every_method_of_the_path(
    admin: httpx.Client, method: str, path: str, allow: str
) -> None:
    response = admin.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert response.json() == {"detail": "Method Not Allowed"}


def test_an_unknown_path_is_a_json_404(admin: httpx.Client) -> None:
    response = admin.get("/nowhere")
    assert response.status_code == 404 and response.json() == {"detail": "Not Found"}
