"""Fault injection, scripted answers, stats and restarts, seen from a real httpx client."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


def test_everything_is_off_by_default(control: httpx.Client) -> None:
    faults = control.get("/faults").json()
    assert (faults["latency_ms"], faults["error_rate"], faults["drop_rate"]) == (0, 0.0, 0.0)
    assert faults["script"] == []


def test_error_rate_one_gives_500_and_off_again(
    control: httpx.Client, fresh_admin: httpx.Client
) -> None:
    control.post("/faults", json={"error_rate": 1.0})
    response = fresh_admin.get("/assignments")
    assert response.status_code == 500 and "injected" in response.json()["detail"]
    control.delete("/faults")
    assert fresh_admin.get("/assignments").status_code == 200


def test_rate_limit_has_retry_after(control: httpx.Client, fresh_admin: httpx.Client) -> None:
    control.post("/faults", json={"rate_limit_rate": 1.0, "retry_after": 7})
    response = fresh_admin.get("/assignments/1042")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "7"


def test_drop_closes_the_connection_without_an_answer(
    control: httpx.Client, fresh_admin: httpx.Client
) -> None:
    control.post("/faults", json={"drop_rate": 1.0})
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        fresh_admin.get("/assignments")
    control.post("/faults", json={})
    assert fresh_admin.get("/assignments").status_code == 200


def test_rates_are_reproducible_with_a_seed(
    control: httpx.Client, fresh_admin: httpx.Client
) -> None:
    def run() -> list[int]:
        control.post("/faults", json={"error_rate": 0.5, "seed": 3})
        return [fresh_admin.get("/assignments/1042").status_code for _ in range(12)]

    first = run()
    assert set(first) == {200, 500}
    assert run() == first


def test_scripted_html_502_once(control: httpx.Client, fresh_admin: httpx.Client) -> None:
    control.post("/faults/script", json={
        "method": "GET", "path": "/assignments$", "status": 502,
        "body": "<html>bad gateway</html>", "content_type": "text/html", "times": 1})
    bad = fresh_admin.get("/assignments")
    assert bad.status_code == 502 and bad.text == "<html>bad gateway</html>"
    assert bad.headers["content-type"] == "text/html"
    assert fresh_admin.get("/assignments/1042").status_code == 200  # path does not match
    assert fresh_admin.get("/assignments").status_code == 200  # used up


def test_scripted_malformed_and_wrong_shape_json(
    control: httpx.Client, fresh_admin: httpx.Client
) -> None:
    control.post("/faults/script", json=[
        {"path": "/assignments/1042$", "body": '{"id": 1042, "status": '},
        {"path": "/assignments/1042$", "body": {"unexpected": ["shape"]}},
    ])
    with pytest.raises(ValueError):
        fresh_admin.get("/assignments/1042").json()
    assert fresh_admin.get("/assignments/1042").json() == {"unexpected": ["shape"]}


def test_scripted_truncated_body(control: httpx.Client, fresh_admin: httpx.Client) -> None:
    control.post("/faults/script", json={"path": "/messages$", "body": "x" * 5000,
                                          "truncate_at": 100})
    with pytest.raises(httpx.RemoteProtocolError):
        fresh_admin.get("/assignments/1042/messages")


def test_scripted_huge_and_slow_pass_through(
    control: httpx.Client, fresh_admin: httpx.Client
) -> None:
    control.post("/faults/script", json=[
        {"path": "/cel-context$", "body": "[1]" * 10, "repeat": 100_000},
        {"path": "/tasks/10421$", "status": None, "delay_ms": 50},
    ])
    huge = fresh_admin.get("/assignments/1042/cel-context")
    assert len(huge.content) == 3_000_000
    slow = fresh_admin.get("/assignments/1042/tasks/10421")
    assert slow.status_code == 200 and slow.json()["id"] == 10421


def test_bad_script_is_rejected(control: httpx.Client) -> None:
    assert control.post("/faults/script", json={"path": "("}).status_code == 422
    assert control.post("/faults/script", json={"path": "x", "bogus": 1}).status_code == 422
    assert control.post("/faults", json={"error_rate": 1, "nope": 2}).status_code == 422


def test_stats_count_by_route_template(control: httpx.Client, fresh_admin: httpx.Client) -> None:
    control.post("/stats/reset")
    fresh_admin.get("/assignments")
    fresh_admin.post("/assignments/1042/cancel", json={"reason": "one"})
    fresh_admin.post("/assignments/1042/cancel", json={"reason": "two"})
    fresh_admin.get("/assignments/1043/tasks/10431")
    stats = control.get("/stats").json()
    assert stats["requests"] == {
        "GET /assignments": 1,
        "POST /assignments/{assignment_id}/cancel": 2,
        "GET /assignments/{assignment_id}/tasks/{assignment_task_id}": 1,
    }
    assert stats["total"] == 4


def test_stats_count_faulted_requests_too(
    control: httpx.Client, fresh_admin: httpx.Client
) -> None:
    control.post("/stats/reset")
    control.post("/faults", json={"error_rate": 1.0})
    fresh_admin.post("/assignments/1042/cancel", json={"reason": "x"})
    assert control.get("/stats").json()["requests"] == {
        "POST /assignments/{assignment_id}/cancel": 1}


def test_stop_and_restart_on_the_same_port(
    fresh_sandbox: Any, fresh_admin: httpx.Client
) -> None:
    port = fresh_sandbox.port
    fresh_admin.put("/assignments/1042", json={"notes": "kept"})
    fresh_sandbox.stop()
    with pytest.raises(httpx.ConnectError):
        fresh_admin.get("/assignments/1042")
    fresh_sandbox.start()
    assert fresh_sandbox.port == port
    assert fresh_admin.get("/assignments/1042").json()["notes"] == "kept"


def test_latency(control: httpx.Client, fresh_admin: httpx.Client) -> None:
    control.post("/faults", json={"latency_ms": 30})
    assert control.get("/faults").json()["latency_ms"] == 30
    assert fresh_admin.get("/assignments/1042").status_code == 200


def test_faults_from_the_constructor_and_control_only_on_loopback(tmp_path: Any) -> None:
    import warnings

    with warnings.catch_warnings():  # starlette's notice about httpx vs httpx2
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from assign_tui.sandbox import FaultConfig, create_app

    app = create_app(db_path=tmp_path / "s.db", assignments=50,
                     faults=FaultConfig(error_rate=1.0))
    headers = {"Authorization": "Bearer demo-admin"}
    with TestClient(app, client=("127.0.0.1", 5000)) as local:
        assert local.get(f"/api/v2/w/{app.state.sandbox.workspace}/assignments",
                         headers=headers).status_code == 500
        assert local.get("/_sandbox/faults").json()["error_rate"] == 1.0
    with TestClient(app, client=("192.0.2.10", 5000)) as remote:
        assert remote.get("/_sandbox/faults").status_code == 403
    app.state.sandbox.close()
