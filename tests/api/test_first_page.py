"""The first page asked for before the console's imports: kept only when it is a good answer."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from assign_tui.api.first_page import FirstPage, first_page_params
from assign_tui.api.models import AssignmentQuery
from assign_tui.config import CommandTokenSource, Settings, StaticTokenSource


def _settings(server: Any, token: str = "demo-admin", **overrides: Any) -> Settings:
    return Settings(
        profile="sandbox",
        base_url=server.base_url,
        workspace=server.workspace,
        token=overrides.pop("token_source", None) or StaticTokenSource(SecretStr(token), "test"),
        **overrides,
    )


def _script(server: Any, **entry: Any) -> None:
    entry = {"method": "GET", "path": "/assignments$", **entry}
    httpx.post(f"{server.base_url}/_sandbox/faults/script", json=[entry]).raise_for_status()


def _list_requests(server: Any) -> int:
    stats = httpx.get(f"{server.base_url}/_sandbox/stats").json()["requests"]
    return sum(count for key, count in stats.items() if key.endswith("/assignments"))


@pytest.mark.parametrize("page_size", [1, 50, 100])
def test_it_asks_what_the_list_asks_first(page_size: int) -> None:
    assert first_page_params(page_size) == AssignmentQuery(page_size=page_size).params()


def test_a_good_answer_is_kept_and_the_token_handed_over_once(fresh_sandbox: Any) -> None:
    httpx.post(f"{fresh_sandbox.base_url}/_sandbox/stats/reset").raise_for_status()
    first = FirstPage(_settings(fresh_sandbox, page_size=7))
    answer = first.answer.result(timeout=10)
    assert len(answer["items"]) == 7
    assert answer["total"] == 200
    assert _list_requests(fresh_sandbox) == 1
    assert first.take_token() == "demo-admin"
    assert first.take_token() is None


@pytest.mark.parametrize(
    "entry",
    [
        {"status": 500, "body": {"detail": "boom"}},
        {"status": 502, "body": "<html>bad gateway</html>", "content_type": "text/html"},
        {"status": 429, "body": {"detail": "slow"}, "headers": {"Retry-After": "1"}},
        {"status": 200, "body": "{\"items\": [", "content_type": "application/json"},
        {"status": 200, "body": {"items": [], "total": 0}, "truncate_at": 5},
        {"drop": True},
    ],
    ids=["500", "html", "429", "malformed", "truncated", "dropped"],
)
def test_anything_but_a_good_answer_is_dropped(fresh_sandbox: Any, entry: dict[str, Any]) -> None:
    _script(fresh_sandbox, **entry)
    assert FirstPage(_settings(fresh_sandbox)).answer.result(timeout=10) is None


def test_a_body_over_the_bound_is_dropped(fresh_sandbox: Any) -> None:
    first = FirstPage(_settings(fresh_sandbox, max_response_bytes=1000))
    assert first.answer.result(timeout=10) is None


def test_a_refused_token_is_dropped(fresh_sandbox: Any) -> None:
    assert FirstPage(_settings(fresh_sandbox, token="wrong")).answer.result(timeout=10) is None


def test_a_failing_token_command_gives_no_answer_and_no_token(
    fresh_sandbox: Any, tmp_path: Path
) -> None:
    source = CommandTokenSource([sys.executable, "-c", "raise SystemExit(3)"])
    first = FirstPage(_settings(fresh_sandbox, token_source=source))
    assert first.answer.result(timeout=10) is None
    assert first.take_token() is None


def test_a_server_that_is_not_there_gives_no_answer(tmp_path: Path) -> None:
    class Gone:
        base_url = "http://127.0.0.1:9"
        workspace = "00000000-0000-4000-8000-000000000001"

    assert FirstPage(_settings(Gone())).answer.result(timeout=10) is None


def test_behind_a_proxy_it_does_not_ask(
    fresh_sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The client goes through the proxy; a direct request might hang on a firewall."""
    httpx.post(f"{fresh_sandbox.base_url}/_sandbox/stats/reset").raise_for_status()
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.invalid:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert FirstPage(_settings(fresh_sandbox)).answer.result(timeout=10) is None
    monkeypatch.delenv("HTTP_PROXY")
    assert _list_requests(fresh_sandbox) == 0


def test_no_proxy_for_the_host_lets_it_ask(
    fresh_sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.invalid:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert FirstPage(_settings(fresh_sandbox)).answer.result(timeout=10) is not None
