"""Reading a conversation: the answer is validated straight from its bytes.

Every way the answer can be wrong must still give the error it gave when the
body went through `json.loads` first, small or big (big ones are read in a
thread), and everything `json.loads` accepts must still be accepted.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from pydantic import TypeAdapter

from assign_tui.api import AssignmentsClient, BadResponseError, NotFoundError
from assign_tui.api.models import ChatMessage

#: Past the client's threshold for decoding in a thread (256 KiB).
BIG = 300 * 1024


def _answer(server: Any, body: Any, **entry: Any) -> None:
    scripted = {"method": "GET", "path": r"/messages$", "status": 200, "body": body, **entry}
    httpx.post(f"{server.base_url}/_sandbox/faults/script", json=scripted).raise_for_status()


def _message(number: int, **fields: Any) -> dict[str, Any]:
    return {"id": f"m{number}", "role": "user", "content": f"message {number}",
            "createdAt": "2026-11-28T15:00:00Z", **fields}


def _padded(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`messages` plus enough filler to make the body big."""
    filler = [_message(n, content="x" * 1000) for n in range(BIG // 1000)]
    return messages + filler


async def test_the_long_conversation_reads_as_before(
    client: AssignmentsClient, fresh_sandbox: Any
) -> None:
    messages = await client.list_messages(1043)
    answer = httpx.get(f"{fresh_sandbox.api_url}/assignments/1043/messages",
                       headers={"Authorization": "Bearer demo-admin"}, timeout=30)
    assert len(answer.content) > BIG
    assert messages == TypeAdapter(list[ChatMessage]).validate_python(answer.json())


@pytest.mark.parametrize("big", [False, True], ids=["small", "big"])
async def test_lenient_values_are_still_taken(
    client: AssignmentsClient, fresh_sandbox: Any, big: bool
) -> None:
    first = {"id": 7, "role": "assistant", "content": None, "extra": {"k": [1, 2]},
             "tool_calls": [{"id": "c1", "function": {"name": "f", "arguments": {"a": 1}}}]}
    body = [first, _message(2, role="narrator")]
    _answer(fresh_sandbox, _padded(body) if big else body)
    messages = await client.list_messages(1042)
    assert messages[0].id == "7" and messages[0].unknown_fields == {"extra": {"k": [1, 2]}}
    assert messages[0].tool_calls is not None
    assert json.loads(messages[0].tool_calls[0].function.arguments) == {"a": 1}
    assert messages[1].role == "narrator"


@pytest.mark.parametrize("big", [False, True], ids=["small", "big"])
async def test_lone_surrogates_are_taken_as_json_loads_takes_them(
    client: AssignmentsClient, fresh_sandbox: Any, big: bool
) -> None:
    body = json.dumps(_padded([_message(1)]) if big else [_message(1)])
    _answer(fresh_sandbox, body.replace("message 1", "bad \\ud800 half", 1))
    messages = await client.list_messages(1042)
    assert messages[0].text == "bad \ud800 half"


@pytest.mark.parametrize("big", [False, True], ids=["small", "big"])
@pytest.mark.parametrize(
    ("body", "content_type", "said"),
    [
        ('[{"id": "m1", "role": ', "application/json", "expected JSON, got malformed JSON"),
        ("<html>sign in</html>", "text/html", "expected JSON, got text/html"),
        ({"any": "json"}, "application/json",
         "unexpected shape at the body: Input should be a valid list"),
        ([{"id": "m1", "role": 5}], "application/json",
         "unexpected shape at 0.role: Input should be a valid string"),
        # Deeper than pydantic-core's JSON parser goes, not than json.loads goes.
        ('[{"id": "m1", "role": "user", "content": ' + "[" * 300 + "]" * 300 + "}]",
         "application/json", "unexpected shape at 0.content.str: Input should be a valid string"),
    ],
    ids=["malformed", "html", "not-a-list", "wrong-type", "deeply-nested"],
)
async def test_unreadable_conversations_say_what_is_wrong(
    client: AssignmentsClient, fresh_sandbox: Any, body: Any, content_type: str, said: str,
    big: bool,
) -> None:
    if big:
        # The same fault at the end of a big answer: the error comes from the thread.
        body = " " * BIG + (body if isinstance(body, str) else json.dumps(body))
    _answer(fresh_sandbox, body, content_type=content_type)
    with pytest.raises(BadResponseError) as caught:
        await client.list_messages(1042)
    assert caught.value.detail == said


async def test_malformed_json_names_the_request(
    client: AssignmentsClient, fresh_sandbox: Any
) -> None:
    _answer(fresh_sandbox, "[1,")
    with pytest.raises(BadResponseError) as caught:
        await client.list_messages(1042)
    assert (caught.value.status, caught.value.method) == (200, "GET")
    assert caught.value.path == "/assignments/1042/messages"


async def test_an_empty_answer_is_not_an_empty_conversation(
    client: AssignmentsClient, fresh_sandbox: Any
) -> None:
    _answer(fresh_sandbox, "")
    with pytest.raises(BadResponseError) as caught:
        await client.list_messages(1042)
    assert caught.value.detail == "expected JSON, got an empty body"


async def test_error_answers_are_not_taken_for_conversations(
    client: AssignmentsClient, fresh_sandbox: Any
) -> None:
    with pytest.raises(NotFoundError):
        await client.list_messages(999_999)
    # A JSON list with an error status is still the error, not an empty conversation.
    _answer(fresh_sandbox, [], status=404)
    with pytest.raises(NotFoundError):
        await client.list_messages(1042)


async def test_an_oversize_conversation_is_refused(fresh_sandbox: Any) -> None:
    _answer(fresh_sandbox, json.dumps(_padded([])) * 8)
    async with AssignmentsClient(
        fresh_sandbox.api_url, lambda: "demo-admin", max_response_bytes=1024 * 1024
    ) as client:
        with pytest.raises(BadResponseError) as caught:
            await client.list_messages(1042)
    assert caught.value.detail.startswith("the answer is larger than 1 MB")
