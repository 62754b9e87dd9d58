"""Get, update (ETag / If-Match), cancel and create (Idempotency-Key)."""

from __future__ import annotations

import httpx
import pytest


def test_get_has_an_etag_and_the_contract_fields(admin: httpx.Client) -> None:
    response = admin.get("/assignments/1042")
    assert response.status_code == 200
    assert response.headers["etag"].startswith('"') and response.headers["etag"].endswith('"')
    body = response.json()
    assert body["memberId"] == 311 and body["status"] == "active"
    assert body["currentTaskId"] == 10421 and body["currentTaskName"] == "Intake call"
    assert [t["position"] for t in body["tasks"]] == list(range(1, 9))
    assert body["createdAt"] == "2026-11-20T09:12:00Z"


def test_missing_assignment_is_404(admin: httpx.Client) -> None:
    response = admin.get("/assignments/999999")
    assert response.status_code == 404
    assert "999999" in response.json()["detail"]


def test_update_changes_fields_and_etag(fresh_admin: httpx.Client) -> None:
    before = fresh_admin.get("/assignments/1042")
    response = fresh_admin.put(
        "/assignments/1042",
        json={"priority": "urgent", "notes": "call back", "metadata": {"channel": "phone"},
              "dueAt": "2026-12-01T10:00:00Z", "status": "paused"},
        headers={"If-Match": before.headers["etag"]},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["priority"], body["notes"], body["status"]) == ("urgent", "call back", "paused")
    assert body["metadata"] == {"channel": "phone"} and body["dueAt"] == "2026-12-01T10:00:00Z"
    assert body["updatedAt"] == "2026-11-29T07:00:00Z"
    assert response.headers["etag"] != before.headers["etag"]
    assert fresh_admin.get("/assignments/1042").headers["etag"] == response.headers["etag"]


def test_explicit_null_clears_due_and_notes_and_absent_fields_stay(
    fresh_admin: httpx.Client,
) -> None:
    fresh_admin.put("/assignments/1042", json={"dueAt": "2026-12-01T10:00:00Z"})
    body = fresh_admin.put("/assignments/1042", json={"dueAt": None, "notes": None}).json()
    assert body["dueAt"] is None and body["notes"] is None
    assert body["priority"] == "high" and body["metadata"] == {"channel": "sms"}


def test_stale_if_match_is_412(fresh_admin: httpx.Client) -> None:
    etag = fresh_admin.get("/assignments/1042").headers["etag"]
    assert fresh_admin.put("/assignments/1042", json={"notes": "first"}).status_code == 200
    stale = fresh_admin.put("/assignments/1042", json={"notes": "second"},
                            headers={"If-Match": etag})
    assert stale.status_code == 412
    assert stale.headers["etag"] != etag
    assert fresh_admin.get("/assignments/1042").json()["notes"] == "first"


@pytest.mark.parametrize(
    "body",
    [{"priority": "critical"}, {"priority": None}, {"notes": "x" * 4001},
     {"status": "completed"}, {"dueAt": "tomorrow"}, {"metadata": None}],
)
def test_bad_update_values_are_422(fresh_admin: httpx.Client, body: dict[str, object]) -> None:
    response = fresh_admin.put("/assignments/1042", json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "body"


def test_status_transitions_other_than_active_paused_are_409(fresh_admin: httpx.Client) -> None:
    pending = fresh_admin.get("/assignments", params={"status": "pending"}).json()["items"][0]
    response = fresh_admin.put(f"/assignments/{pending['id']}", json={"status": "active"})
    assert response.status_code == 409
    assert "only active <-> paused" in response.json()["detail"]
    assert fresh_admin.put("/assignments/1042", json={"status": "paused"}).status_code == 200
    assert fresh_admin.put("/assignments/1042", json={"status": "active"}).json()["status"] == (
        "active")


def test_cancel_sets_reason_and_time_then_is_409(fresh_admin: httpx.Client) -> None:
    response = fresh_admin.post("/assignments/1042/cancel", json={"reason": "duplicate"})
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["cancelReason"]) == ("cancelled", "duplicate")
    assert body["cancelledAt"] == "2026-11-29T07:00:00Z"
    again = fresh_admin.post("/assignments/1042/cancel", json={"reason": "again"})
    assert again.status_code == 409


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": "x" * 501}])
def test_cancel_reason_must_be_1_to_500_chars(
    fresh_admin: httpx.Client, body: dict[str, str]
) -> None:
    response = fresh_admin.post("/assignments/1042/cancel", json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][:2] == ["body", "reason"] or (
        response.json()["detail"][0]["loc"] == ["body"])


def test_cancel_of_a_completed_assignment_is_409(fresh_admin: httpx.Client) -> None:
    done = fresh_admin.get("/assignments", params={"status": "completed"}).json()["items"][0]
    response = fresh_admin.post(f"/assignments/{done['id']}/cancel", json={"reason": "x"})
    assert response.status_code == 409
    assert "completed" in response.json()["detail"]


def test_create_defaults_and_location(fresh_admin: httpx.Client) -> None:
    response = fresh_admin.post("/assignments", json={"workflowId": 2})
    assert response.status_code == 201
    body = response.json()
    assert body["id"] == 1201 and body["memberId"] == 1 and body["priority"] == "normal"
    assert body["status"] == "active" and body["currentTaskId"] == 12011
    assert body["tasks"][0]["isCurrent"] and body["tasks"][0]["status"] == "active"
    assert response.headers["location"].endswith("/assignments/1201")
    assert fresh_admin.get("/assignments/1201/messages").json() == []
    assert fresh_admin.get("/assignments").json()["total"] == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "workflowId"), ({"workflowId": 99}, "workflowId"),
     ({"workflowId": 1, "memberId": 99999}, "memberId"),
     ({"workflowId": 1, "priority": "asap"}, "priority"),
     ({"workflowId": 1, "notes": "n" * 4001}, "notes")],
)
def test_bad_create_is_422(fresh_admin: httpx.Client, body: dict[str, object], field: str) -> None:
    response = fresh_admin.post("/assignments", json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", field]


def test_idempotency_key_replays_and_conflicts(fresh_admin: httpx.Client) -> None:
    body = {"workflowId": 3, "priority": "high", "notes": "from the console"}
    headers = {"Idempotency-Key": "key-1"}
    first = fresh_admin.post("/assignments", json=body, headers=headers)
    replay = fresh_admin.post("/assignments", json=dict(reversed(body.items())), headers=headers)
    assert first.status_code == replay.status_code == 201
    assert replay.json() == first.json()
    assert replay.headers["idempotency-replayed"] == "true"
    for header in ("etag", "location"):  # Schemathesis found a replay without them
        assert replay.headers[header] == first.headers[header]
    other = fresh_admin.post("/assignments", json={**body, "priority": "low"}, headers=headers)
    assert other.status_code == 409
    assert fresh_admin.get("/assignments").json()["total"] == 201
    fresh = fresh_admin.post("/assignments", json=body, headers={"Idempotency-Key": "key-2"})
    assert fresh.json()["id"] == first.json()["id"] + 1


@pytest.mark.parametrize("assignment_id", ["0", "-5", "99999999999999999999999"])
def test_impossible_ids_are_404_not_500(admin: httpx.Client, assignment_id: str) -> None:
    assert admin.get(f"/assignments/{assignment_id}").status_code == 404
    assert admin.get(f"/assignments/1042/tasks/{assignment_id}").status_code == 404


def test_non_numeric_id_is_422(admin: httpx.Client) -> None:
    assert admin.get("/assignments/abc").status_code == 422


def test_huge_filter_and_member_values_are_422_not_500(fresh_admin: httpx.Client) -> None:
    huge = "99999999999999999999999"
    assert fresh_admin.get("/assignments", params={"memberId": huge}).status_code == 422
    response = fresh_admin.post("/assignments", json={"workflowId": 1, "memberId": int(huge)})
    assert response.status_code == 422


def test_overlong_idempotency_key_is_422(fresh_admin: httpx.Client) -> None:
    response = fresh_admin.post("/assignments", json={"workflowId": 1},
                                headers={"Idempotency-Key": "k" * 256})
    assert response.status_code == 422
