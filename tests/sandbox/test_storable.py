"""Issue 12, B1-B6: the sandbox refuses (422, naming the field) what it could not read back.

Each refusal must leave nothing behind (no row, no idempotency key, no change),
and each value it does accept must read back everywhere it shows.
Bodies are sent as raw text: httpx's own JSON encoder refuses NaN and lone surrogates.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

JSON = {"Content-Type": "application/json"}


def send(client: httpx.Client, method: str, path: str, text: str,
         headers: dict[str, str] | None = None) -> httpx.Response:
    """`text` as the request body, byte for byte (ASCII: escapes stay escapes)."""
    return client.request(method, path, content=text.encode("ascii"),
                          headers={**JSON, **(headers or {})})


def assert_refused(response: httpx.Response, loc: list[Any], words: str = "") -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/json"
    errors = response.json()["detail"]
    assert errors[0]["loc"] == loc
    assert words in errors[0]["msg"]


def nested(levels: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(levels - 1):
        value = {"k": value}
    return value


def reads_back(client: httpx.Client, assignment_id: int) -> dict[str, Any]:
    """Every read that shows the assignment answers 200; the assignment as read."""
    one = client.get(f"/assignments/{assignment_id}")
    assert one.status_code == 200, one.text
    for path in ("current-task-detail", "cel-context"):
        assert client.get(f"/assignments/{assignment_id}/{path}").status_code == 200
    for sort_order in ("asc", "desc"):
        page = client.get("/assignments", params={"sortBy": "dueAt", "sortOrder": sort_order,
                                                  "pageSize": 100})
        assert page.status_code == 200, page.text
    data: dict[str, Any] = one.json()
    return data


# -- B1 / B2: due dates -----------------------------------------------------------------


def test_b1_a_year_before_1000_is_stored_with_four_digits_and_reads_back(
    fresh_admin: httpx.Client,
) -> None:
    response = fresh_admin.put("/assignments/1042", json={"dueAt": "0999-12-31T00:00:00Z"})
    assert response.status_code == 200, response.text
    assert response.json()["dueAt"] == "0999-12-31T00:00:00Z"
    assert reads_back(fresh_admin, 1042)["dueAt"] == "0999-12-31T00:00:00Z"
    first = fresh_admin.get("/assignments", params={"sortBy": "dueAt", "sortOrder": "asc"})
    assert first.json()["items"][0]["id"] == 1042


def test_b1_a_create_with_an_early_year_answers_and_replays_its_key(
    fresh_admin: httpx.Client,
) -> None:
    body = {"workflowId": 2, "dueAt": "0001-01-01T00:00:00Z"}
    key = {"Idempotency-Key": "early-year"}
    first = fresh_admin.post("/assignments", json=body, headers=key)
    assert first.status_code == 201, first.text
    again = fresh_admin.post("/assignments", json=body, headers=key)
    assert again.json()["id"] == first.json()["id"]
    assert fresh_admin.get("/assignments").json()["total"] == 201
    assert reads_back(fresh_admin, first.json()["id"])["dueAt"] == "0001-01-01T00:00:00Z"


@pytest.mark.parametrize("due", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_b2_a_due_date_outside_years_1_to_9999_in_utc_is_422(
    fresh_admin: httpx.Client, due: str
) -> None:
    before = fresh_admin.get("/assignments/1042").json()
    assert_refused(fresh_admin.put("/assignments/1042", json={"dueAt": due}),
                   ["body", "dueAt"], "outside years 1-9999 in UTC")
    assert fresh_admin.get("/assignments/1042").json() == before


@pytest.mark.parametrize("due", ["999-12-31T00:00:00Z", "2026-12-01", "2026-12-01T09:30:00",
                                 "2026-02-30T00:00:00Z", 1700000000])
def test_a_due_date_that_is_not_rfc3339_with_a_zone_is_422(
    fresh_admin: httpx.Client, due: object
) -> None:
    assert_refused(fresh_admin.put("/assignments/1042", json={"dueAt": due}), ["body", "dueAt"])


def test_a_refused_create_makes_no_row_and_records_no_key(fresh_admin: httpx.Client) -> None:
    key = {"Idempotency-Key": "refused-first"}
    bad = {"workflowId": 2, "dueAt": "9999-12-31T23:59:59-01:00"}
    assert_refused(fresh_admin.post("/assignments", json=bad, headers=key), ["body", "dueAt"])
    assert fresh_admin.get("/assignments").json()["total"] == 200
    good = fresh_admin.post("/assignments", json={"workflowId": 2}, headers=key)
    assert good.status_code == 201  # not 409: the refused body was not remembered
    assert fresh_admin.get("/assignments").json()["total"] == 201


# -- B3: metadata depth and size ------------------------------------------------------------


@pytest.mark.parametrize("levels", [33, 256])
def test_b3_metadata_nested_too_deep_is_422(fresh_admin: httpx.Client, levels: int) -> None:
    assert_refused(fresh_admin.put("/assignments/1042", json={"metadata": nested(levels)}),
                   ["body", "metadata"], "more than 32 levels")
    reads_back(fresh_admin, 1042)


def test_metadata_at_the_depth_and_size_limits_is_stored_and_reads_back(
    fresh_admin: httpx.Client,
) -> None:
    deep = nested(32)
    assert fresh_admin.put("/assignments/1042", json={"metadata": deep}).status_code == 200
    assert reads_back(fresh_admin, 1042)["metadata"] == deep
    filler = 64 * 1024 - len('{"x":""}')
    big = {"x": "m" * filler}
    assert fresh_admin.put("/assignments/1042", json={"metadata": big}).status_code == 200
    assert reads_back(fresh_admin, 1042)["metadata"] == big


def test_metadata_over_64_kib_is_422(fresh_admin: httpx.Client) -> None:
    big = {"x": "m" * (64 * 1024)}
    assert_refused(fresh_admin.put("/assignments/1042", json={"metadata": big}),
                   ["body", "metadata"], "at most 65536")
    assert_refused(fresh_admin.post("/assignments", json={"workflowId": 1, "metadata": big}),
                   ["body", "metadata"])
    assert fresh_admin.get("/assignments").json()["total"] == 200


# -- B4 / B5: non-finite numbers --------------------------------------------------------------


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_b4_a_non_finite_number_in_metadata_is_422_and_nothing_is_stored(
    fresh_admin: httpx.Client, number: str
) -> None:
    text = f'{{"metadata": {{"score": [1, {number}]}}}}'
    assert_refused(send(fresh_admin, "PUT", "/assignments/1042", text),
                   ["body", "metadata"], "metadata.score[1]: ")
    assert fresh_admin.get("/assignments/1042/cel-context").json()["assignment"]["metadata"] == {
        "channel": "sms"}


@pytest.mark.parametrize(("text", "field"), [
    ('{"workflowId": NaN}', "workflowId"),
    ('{"workflowId": 1, "notes": Infinity}', "notes"),
    ('{"workflowId": 1, "priority": -Infinity}', "priority"),
])
def test_b5_a_non_finite_number_in_an_invalid_field_is_a_json_422(
    fresh_admin: httpx.Client, text: str, field: str
) -> None:
    assert_refused(send(fresh_admin, "POST", "/assignments", text), ["body", field], "finite")


# -- B6: lone surrogates ----------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "text", "loc"), [
    ("PUT", "/assignments/1042", '{"notes": "a\\ud800b"}', ["body", "notes"]),
    ("POST", "/assignments/1042/cancel", '{"reason": "\\udfff"}', ["body", "reason"]),
    ("POST", "/assignments", '{"workflowId": 1, "metadata": {"\\udc00": 1}}',
     ["body", "metadata"]),
    ("POST", "/assignments", '{"workflowId": "\\ud800"}', ["body", "workflowId"]),
])
def test_b6_a_lone_surrogate_is_422_naming_the_field(
    fresh_admin: httpx.Client, method: str, path: str, text: str, loc: list[str]
) -> None:
    assert_refused(send(fresh_admin, method, path, text), loc, "lone surrogate")
    body = fresh_admin.get("/assignments/1042").json()
    assert body["status"] == "active" and body["notes"] != "a\ud800b"


def test_a_valid_surrogate_pair_is_stored(fresh_admin: httpx.Client) -> None:
    response = send(fresh_admin, "PUT", "/assignments/1042", '{"notes": "\\ud83d\\ude00"}')
    assert response.status_code == 200 and response.json()["notes"] == "\U0001f600"


def test_a_body_that_is_not_utf8_or_not_json_is_422(fresh_admin: httpx.Client) -> None:
    latin1 = fresh_admin.put("/assignments/1042", content='{"notes": "é"}'.encode("latin-1"),
                             headers=JSON)
    assert_refused(latin1, ["body"], "not UTF-8")
    broken = send(fresh_admin, "PUT", "/assignments/1042", '{"notes": ')
    assert broken.status_code == 422 and broken.json()["detail"][0]["type"] == "json_invalid"
    deep = send(fresh_admin, "PUT", "/assignments/1042", "[" * 5000 + "]" * 5000)
    assert_refused(deep, ["body"], "nested too deeply")


def test_a_422_never_echoes_a_whole_object_back(fresh_admin: httpx.Client) -> None:
    response = fresh_admin.put("/assignments/1042", json={"metadata": nested(200)})
    assert response.status_code == 422
    assert "input" not in response.json()["detail"][0]
    assert len(json.dumps(response.json())) < 1000
