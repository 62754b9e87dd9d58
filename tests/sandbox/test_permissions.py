"""The permission matrix of the three demo tokens, 401s and the workspace check."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

OTHERS = 1050  # an assignment of neither demo identity
READS = ["", "/cel-context", "/current-task-detail", "/messages", "/tasks/{id}1"]


def test_member_list_is_forced_to_mine(member: httpx.Client) -> None:
    body = member.get("/assignments", params={"mine": "false", "pageSize": 100}).json()
    assert body["total"] == 5
    assert {a["memberId"] for a in body["items"]} == {311}
    assert 1042 in {a["id"] for a in body["items"]}
    assert member.get("/assignments", params={"memberId": 311}).status_code == 200


def test_member_asking_for_another_member_is_403(member: httpx.Client) -> None:
    response = member.get("/assignments", params={"memberId": 42})
    assert response.status_code == 403
    assert "ASSIGNMENTS_READ" in response.json()["detail"]


def test_reader_lists_everyone(reader: httpx.Client) -> None:
    assert reader.get("/assignments").json()["total"] == 200
    assert reader.get("/assignments", params={"memberId": 42}).json()["total"] >= 1


@pytest.mark.parametrize("suffix", READS)
def test_reads_of_another_members_assignment(
    sandbox: Any, suffix: str, member: httpx.Client, reader: httpx.Client, admin: httpx.Client,
) -> None:
    path = f"/assignments/{OTHERS}{suffix.format(id=OTHERS)}"
    refused = member.get(path)
    assert refused.status_code == 403
    assert "requires ASSIGNMENTS_READ scope" in refused.json()["detail"]
    assert reader.get(path).status_code in (200, 404)  # 404: no current task
    assert admin.get(path).status_code == reader.get(path).status_code


@pytest.mark.parametrize("suffix", READS)
def test_member_reads_its_own(member: httpx.Client, suffix: str) -> None:
    assert member.get(f"/assignments/1042{suffix.format(id=1042)}").status_code == 200


def test_reader_cannot_write_others(fresh_reader: httpx.Client) -> None:
    for response in (
        fresh_reader.put("/assignments/1042", json={"notes": "x"}),
        fresh_reader.post("/assignments/1042/cancel", json={"reason": "x"}),
        fresh_reader.put("/assignments/1042/tasks/10422/select"),
    ):
        assert response.status_code == 403
        assert response.json()["detail"].startswith("requires ASSIGNMENTS_WRITE scope")
    create = fresh_reader.post("/assignments", json={"workflowId": 3})
    assert create.status_code == 403
    assert create.json()["detail"] == "requires USE permission on workflow 3"
    assert fresh_reader.get("/assignments/1042/current-task-detail").json()[
        "allowedActions"] == []


def test_member_writes_its_own_only(fresh_member: httpx.Client) -> None:
    assert fresh_member.put("/assignments/1042", json={"notes": "mine"}).status_code == 200
    assert fresh_member.put("/assignments/1042/tasks/10422/select").status_code == 200
    assert fresh_member.put(f"/assignments/{OTHERS}", json={"notes": "x"}).status_code == 403
    refused = fresh_member.post(f"/assignments/{OTHERS}/cancel", json={"reason": "x"})
    assert refused.status_code == 403


def test_member_creates_only_for_its_workflow_and_itself(fresh_member: httpx.Client) -> None:
    created = fresh_member.post("/assignments", json={"workflowId": 7})
    assert created.status_code == 201 and created.json()["memberId"] == 311
    other = fresh_member.post("/assignments", json={"workflowId": 1})
    assert other.status_code == 403
    assert other.json()["detail"] == "requires USE permission on workflow 1"
    for_someone = fresh_member.post("/assignments", json={"workflowId": 7, "memberId": 42})
    assert for_someone.status_code == 403 and "ASSIGNMENTS_WRITE" in for_someone.json()["detail"]


def test_admin_creates_for_another_member(fresh_admin: httpx.Client) -> None:
    created = fresh_admin.post("/assignments", json={"workflowId": 5, "memberId": 42,
                                                     "dueAt": "2026-12-24T12:00:00+01:00"})
    assert created.status_code == 201
    body = created.json()
    assert (body["memberId"], body["memberName"]) == (42, "Marcus Bell")
    assert body["dueAt"] == "2026-12-24T11:00:00Z"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"},
                                     {"Authorization": "Basic ZGVtby1hZG1pbg=="},
                                     {"Authorization": "demo-admin"}])
def test_missing_or_bad_token_is_401(sandbox: Any, headers: dict[str, str]) -> None:
    with httpx.Client(base_url=sandbox.api_url, headers=headers) as client:
        for response in (client.get("/assignments"), client.get("/assignments/1042"),
                         client.post("/assignments", json={"workflowId": 1})):
            assert response.status_code == 401
            assert response.headers["www-authenticate"] == "Bearer"


def test_other_workspace_is_404(sandbox: Any, admin_headers: dict[str, str]) -> None:
    other = "00000000-0000-4000-8000-000000000002"
    with httpx.Client(base_url=f"{sandbox.base_url}/api/v2/w/{other}",
                      headers=admin_headers) as client:
        assert client.get("/assignments").status_code == 404
        assert client.get("/assignments/1042").status_code == 404
