"""The client under faults the sandbox injects: retries, idempotency, bounded reads."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from assign_tui.api import (
    AssignmentQuery,
    AssignmentsClient,
    BadResponseError,
    CreateAssignmentRequest,
    NetworkError,
    RateLimitedError,
    ServerError,
    TimeoutError,
    new_idempotency_key,
)
from assign_tui.api.errors import outcome_unknown


def _script(server: Any, *entries: dict[str, Any]) -> None:
    httpx.post(f"{server.base_url}/_sandbox/faults/script", json=list(entries)).raise_for_status()


def _faults(server: Any, **config: Any) -> None:
    httpx.post(f"{server.base_url}/_sandbox/faults", json=config).raise_for_status()


def _count(server: Any, needle: str) -> int:
    stats = httpx.get(f"{server.base_url}/_sandbox/stats").json()["requests"]
    return sum(count for key, count in stats.items() if needle in key)


@pytest.mark.parametrize(
    "entry",
    [
        {"status": 500, "body": {"detail": "boom"}},
        {"status": 503, "body": "<html>down</html>", "content_type": "text/html"},
        {"status": 429, "body": {"detail": "slow"}, "headers": {"Retry-After": "0"}},
        {"drop": True},
    ],
    ids=["500", "503-html", "429", "dropped"],
)
async def test_reads_recover_after_one_fault(
    client: AssignmentsClient, fresh_sandbox: Any, entry: dict[str, Any]
) -> None:
    _script(fresh_sandbox, {"method": "GET", "path": r"/assignments/1042$", **entry})
    tagged = await client.get_assignment(1042)
    assert tagged.value.id == 1042
    assert _count(fresh_sandbox, "GET /assignments/{assignment_id}") == 2


async def test_reads_give_up_after_three_tries(client: AssignmentsClient, fresh_sandbox: Any) -> None:
    _script(fresh_sandbox, {"method": "GET", "path": r"/assignments$", "status": 502,
                            "body": "<html><body>Bad gateway</body></html>",
                            "content_type": "text/html", "times": 5})
    with pytest.raises(ServerError) as caught:
        await client.list_assignments()
    assert caught.value.status == 502 and "<html>" not in caught.value.message
    assert _count(fresh_sandbox, "GET /assignments") == 3


async def test_long_retry_after_is_not_waited_out(client: AssignmentsClient, fresh_sandbox: Any) -> None:
    _script(fresh_sandbox, {"method": "GET", "path": r"/assignments$", "status": 429,
                            "body": {"detail": "slow down"}, "headers": {"Retry-After": "120"}})
    with pytest.raises(RateLimitedError) as caught:
        await client.list_assignments()
    assert caught.value.retry_after == 120 and "120 s" in caught.value.hint


async def test_cancel_is_never_sent_twice(client: AssignmentsClient, fresh_sandbox: Any) -> None:
    _script(fresh_sandbox, {"method": "POST", "path": r"/cancel$", "status": 500, "body": {"detail": "x"}})
    with pytest.raises(ServerError):
        await client.cancel_assignment(1042, "moved away")
    assert _count(fresh_sandbox, "/cancel") == 1


async def test_create_without_a_key_is_not_retried(client: AssignmentsClient, fresh_sandbox: Any) -> None:
    _script(fresh_sandbox, {"method": "POST", "path": r"/assignments$", "drop": True})
    with pytest.raises(NetworkError):
        await client.create_assignment(CreateAssignmentRequest(workflow_id=7))
    assert _count(fresh_sandbox, "POST /assignments") == 1


async def test_create_with_a_key_under_faults_makes_exactly_one(fresh_sandbox: Any) -> None:
    # The first try is answered too late (the client times out and retries with the
    # same key while the server is still working on the first); then a dropped
    # connection; the third try gets an answer.
    _script(
        fresh_sandbox,
        {"method": "POST", "path": r"/assignments$", "status": None, "delay_ms": 1500},
        {"method": "POST", "path": r"/assignments$", "drop": True},
    )
    before = (await _admin_total(fresh_sandbox))
    key = new_idempotency_key()
    async with AssignmentsClient(
        fresh_sandbox.api_url, lambda: "demo-admin", backoff_base=0.01, read_timeout=0.5
    ) as client:
        created = await client.create_assignment(
            CreateAssignmentRequest(workflow_id=7, notes="once"), idempotency_key=key
        )
    import asyncio

    await asyncio.sleep(1.5)  # let the slow first request finish on the server
    assert await _admin_total(fresh_sandbox) == before + 1
    assert created.notes == "once"


async def _admin_total(server: Any) -> int:
    async with AssignmentsClient(server.api_url, lambda: "demo-admin") as client:
        return (await client.list_assignments(AssignmentQuery(page_size=1))).total


async def test_random_faults_reads_recover(fresh_sandbox: Any) -> None:
    _faults(fresh_sandbox, error_rate=0.3, rate_limit_rate=0.1, retry_after=0, seed=3)
    async with AssignmentsClient(
        fresh_sandbox.api_url, lambda: "demo-admin", backoff_base=0.001, max_tries=8
    ) as client:
        for page in range(1, 6):
            result = await client.list_assignments(AssignmentQuery(page=page))
            assert result.page == page


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ({"status": 200, "body": "<html>login</html>", "content_type": "text/html"}, "expected JSON"),
        ({"status": 200, "body": {"items": "nope"}}, "unexpected shape"),
        ({"status": 200, "body": {"id": "x", "status": 3}}, "unexpected shape"),
        ({"status": 200, "body": "{\"items\": [", "content_type": "application/json"}, "expected JSON"),
    ],
    ids=["html", "wrong-shape", "wrong-type", "malformed"],
)
async def test_unreadable_answers_are_bad_responses(
    client: AssignmentsClient, fresh_sandbox: Any, entry: dict[str, Any], words: str
) -> None:
    _script(fresh_sandbox, {"method": "GET", "path": r"/assignments", **entry})
    with pytest.raises(BadResponseError) as caught:
        if "id" in str(entry["body"]):
            await client.get_assignment(1042)
        else:
            await client.list_assignments()
    assert words in caught.value.message


async def test_truncated_body_is_a_network_error(client: AssignmentsClient, fresh_sandbox: Any) -> None:
    _script(fresh_sandbox, {"method": "GET", "path": r"/assignments$", "status": 200,
                            "body": {"items": [], "total": 0}, "truncate_at": 5, "times": 3})
    with pytest.raises((NetworkError, BadResponseError)):
        await client.list_assignments()


async def test_huge_answers_are_refused_without_reading_them_whole(fresh_sandbox: Any) -> None:
    _script(fresh_sandbox, {"method": "GET", "path": r"/messages$", "status": 200,
                            "body": "x" * 1024 * 1024, "repeat": 50})
    async with AssignmentsClient(
        fresh_sandbox.api_url, lambda: "demo-admin", max_response_bytes=2 * 1024 * 1024
    ) as client:
        with pytest.raises(BadResponseError) as caught:
            await client.list_messages(1042)
    assert "larger than 2 MB" in caught.value.message


async def test_slow_answers_time_out_clearly(fresh_sandbox: Any) -> None:
    _script(fresh_sandbox, {"method": "GET", "path": r"/assignments$", "status": None,
                            "delay_ms": 2000, "times": 3})
    async with AssignmentsClient(
        fresh_sandbox.api_url, lambda: "demo-admin", read_timeout=0.3, max_tries=1
    ) as client:
        with pytest.raises(TimeoutError) as caught:
            await client.list_assignments()
    assert "did not answer in time" in caught.value.message


async def test_server_not_running_is_a_network_error() -> None:
    async with AssignmentsClient(
        "http://127.0.0.1:9/api/v2/w/x", lambda: "demo-admin", backoff_base=0.001
    ) as client:
        with pytest.raises(NetworkError) as caught:
            await client.list_assignments()
    assert "connection refused" in caught.value.message
    assert client.connected is False
    assert caught.value.delivered is False and not outcome_unknown(caught.value)


async def test_a_write_done_but_unanswered_is_an_unknown_outcome(
    client: AssignmentsClient, fresh_sandbox: Any
) -> None:
    """`drop_after`: the server cancels it, the answer is lost; the error says it may be done."""
    _script(fresh_sandbox, {"method": "POST", "path": r"/cancel$", "status": None,
                            "drop_after": True})
    with pytest.raises(NetworkError) as caught:
        await client.cancel_assignment(1042, "moved away")
    assert caught.value.delivered is None and outcome_unknown(caught.value)
    assert (await client.get_assignment(1042)).value.status == "cancelled"


async def test_token_never_in_repr_or_errors(fresh_sandbox: Any) -> None:
    secret = "tok-9f8e7d6c5b4a"
    async with AssignmentsClient(fresh_sandbox.api_url, lambda: secret) as client:
        assert secret not in repr(client)
        with pytest.raises(Exception) as caught:
            await client.list_assignments()
    assert secret not in str(caught.value) and secret not in repr(caught.value)
