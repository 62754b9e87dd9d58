"""Tasks, selection enforced on the full data, CEL context, current-task detail, messages."""

from __future__ import annotations

import json

import httpx
import pytest


def test_get_task(admin: httpx.Client) -> None:
    response = admin.get("/assignments/1042/tasks/10426")
    assert response.status_code == 200
    task = response.json()
    assert (task["id"], task["assignmentId"], task["key"], task["kind"]) == (
        10426, 1042, "home_health", "form")
    assert task["condition"] == "member.form_data.consent == true"
    assert task["isCurrent"] is False and task["status"] == "pending"


@pytest.mark.parametrize("path", ["/assignments/1042/tasks/10451", "/assignments/1042/tasks/1"])
def test_task_of_another_assignment_is_404(admin: httpx.Client, path: str) -> None:
    assert admin.get(path).status_code == 404
    assert admin.put(path + "/select").status_code == 404


def test_select_moves_the_current_task(fresh_admin: httpx.Client) -> None:
    etag = fresh_admin.get("/assignments/1042").headers["etag"]
    response = fresh_admin.put("/assignments/1042/tasks/10422/select")
    assert response.status_code == 200, response.text
    task = response.json()
    assert (task["isCurrent"], task["status"], task["attempts"]) == (True, "active", 1)
    assert task["startedAt"] == "2026-11-29T07:00:00Z"
    after = fresh_admin.get("/assignments/1042")
    body = after.json()
    assert (body["currentTaskId"], body["currentTaskName"]) == (10422, "Medication review")
    previous = body["tasks"][0]
    assert (previous["isCurrent"], previous["status"], previous["attempts"]) == (
        False, "pending", 2)
    assert after.headers["etag"] != etag
    again = fresh_admin.put("/assignments/1042/tasks/10421/select").json()
    assert again["attempts"] == 3


def test_select_reads_the_real_form_data(fresh_admin: httpx.Client) -> None:
    # 1042's member consented; 1045's member (age 42) refused. Same workflow, same task.
    allowed = fresh_admin.put("/assignments/1042/tasks/10426/select")
    assert allowed.status_code == 200 and allowed.json()["isCurrent"]
    refused = fresh_admin.put("/assignments/1045/tasks/10456/select")
    assert refused.status_code == 409
    detail = refused.json()["detail"]
    assert detail.startswith("condition not met: ") and "member.form_data.consent" in detail
    assert fresh_admin.get("/assignments/1045").json()["currentTaskId"] == 10451


def test_select_reads_member_data_and_age(fresh_admin: httpx.Client) -> None:
    assert fresh_admin.put("/assignments/1042/tasks/10425/select").status_code == 200  # a1c 9.8
    blocked = fresh_admin.put("/assignments/1045/tasks/10455/select")  # no a1c
    assert blocked.status_code == 409
    senior = fresh_admin.put("/assignments/1045/tasks/10453/select")
    assert senior.status_code == 409 and "member.age is 42" in senior.json()["detail"]
    fresh_admin.put("/assignments/1045", json={"priority": "urgent"})
    assert fresh_admin.put("/assignments/1045/tasks/10453/select").status_code == 200


def test_select_uses_the_clock(fresh_admin: httpx.Client, control: httpx.Client) -> None:
    # Intake on 1042 started 2026-11-28T15:00Z: 16 h before the test "now", not 24.
    assert fresh_admin.put("/assignments/1042/tasks/10427/select").status_code == 409
    control.post("/clock", json={"now": "2026-11-29T16:00:00Z"})
    assert fresh_admin.put("/assignments/1042/tasks/10427/select").status_code == 200


def test_select_with_an_invalid_condition_is_409(fresh_admin: httpx.Client) -> None:
    page = fresh_admin.get("/assignments", params={"status": "active,paused", "pageSize": 100})
    adherence, broken = next(
        (a, t) for a in page.json()["items"] if a["workflowId"] == 6
        for t in a["tasks"] if t["key"] == "legacy_escalation" and not t["isCurrent"])
    response = fresh_admin.put(f"/assignments/{adherence['id']}/tasks/{broken['id']}/select")
    assert response.status_code == 409
    assert response.json()["detail"].startswith("condition cannot be evaluated (invalid): ")
    assert "parse error" in response.json()["detail"]


def test_select_reading_an_output_not_produced_yet_is_not_met(fresh_admin: httpx.Client) -> None:
    # 1044 (workflow 3): intake current with no output; therapist_match reads its score.
    response = fresh_admin.put("/assignments/1044/tasks/10444/select")
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "condition not met: tasks.intake.output.score > 5 (the intake task has no output yet)")


def test_select_on_a_closed_assignment_is_409(fresh_admin: httpx.Client) -> None:
    fresh_admin.post("/assignments/1042/cancel", json={"reason": "test"})
    response = fresh_admin.put("/assignments/1042/tasks/10422/select")
    assert response.status_code == 409 and "cancelled" in response.json()["detail"]


def test_cel_context_is_the_contract_snapshot_redacted(admin: httpx.Client) -> None:
    context = admin.get("/assignments/1042/cel-context").json()
    assert context["assignment"] == {
        "id": 1042, "status": "active", "priority": "high", "created_at": "2026-11-20T09:12:00Z",
        "due_at": None, "current_task_key": "intake", "metadata": {"channel": "sms"}}
    assert context["member"] == {"id": 311, "tags": ["diabetes", "spanish"], "age": 67,
                                 "locale": "es-US", "form_data": {}, "data": {}}
    assert context["task"] == {"key": "intake", "status": "active", "attempts": 2,
                               "started_at": "2026-11-28T15:00:00Z"}
    assert context["tasks"]["intake"] == {"status": "active", "output": {"score": 7}}
    assert context["tasks"]["med_review"] == {"status": "pending", "output": {}}
    assert context["workflow"] == {"id": 7, "name": "Post-discharge follow-up", "version": 3}
    assert context["now"] == "2026-11-29T07:00:00Z"


def test_current_task_detail(admin: httpx.Client) -> None:
    detail = admin.get("/assignments/1042/current-task-detail").json()
    assert detail["assignment"]["id"] == 1042 and detail["task"]["id"] == 10421
    assert detail["instructions"].startswith("## Intake call")
    assert "[care coordination playbook](" in detail["instructions"]
    assert detail["formSchema"] is None
    assert detail["formData"]["consent"] is True and "mrn" in detail["formData"]
    assert detail["messageCount"] == len(admin.get("/assignments/1042/messages").json())
    assert detail["lastMessageAt"].endswith("Z")
    assert detail["allowedActions"] == ["update", "cancel", "select_task"]


def test_form_task_detail_has_a_schema(fresh_admin: httpx.Client) -> None:
    fresh_admin.put("/assignments/1042/tasks/10426/select")
    detail = fresh_admin.get("/assignments/1042/current-task-detail").json()
    assert detail["formSchema"]["properties"]["consent"]["type"] == "boolean"


def test_detail_without_a_current_task_is_404(admin: httpx.Client) -> None:
    done = admin.get("/assignments", params={"status": "completed"}).json()["items"][0]
    assert admin.get(f"/assignments/{done['id']}/current-task-detail").status_code == 404


def test_messages_cover_roles_tool_calls_and_scripts(admin: httpx.Client) -> None:
    messages = admin.get("/assignments/1042/messages").json()
    assert {m["role"] for m in messages} == {"system", "user", "assistant", "tool"}
    created = [m["createdAt"] for m in messages]
    assert created == sorted(created)
    calls = [c for m in messages for c in (m["tool_calls"] or [])]
    parsed = []
    for call in calls:
        try:
            parsed.append(json.loads(call["function"]["arguments"]))
        except ValueError:
            parsed.append(None)
    assert None in parsed and any(p is not None for p in parsed)
    assert any(m["tool_call_id"] for m in messages if m["role"] == "tool")
    assert any(isinstance(m["content"], list) for m in messages)
    text = json.dumps(messages, ensure_ascii=False)
    assert "我们" in text and "نحن" in text and "¿" in text and "👋" in text


def test_special_conversations(admin: httpx.Client) -> None:
    long = admin.get("/assignments/1043/messages").json()
    assert len(long) == 5000
    huge = admin.get("/assignments/1044/messages").json()
    assert max(len((m["content"] or "").encode()) for m in huge) >= 1_000_000


def test_appended_messages_come_last(fresh_admin: httpx.Client, control: httpx.Client) -> None:
    before = fresh_admin.get("/assignments/1050/messages").json()
    response = control.post("/assignments/1050/messages",
                            json={"role": "user", "content": "¿Hay novedades? 🙂"})
    assert response.status_code == 201
    after = fresh_admin.get("/assignments/1050/messages").json()
    assert after[:-1] == before
    assert (after[-1]["role"], after[-1]["content"]) == ("user", "¿Hay novedades? 🙂")
    assert after[-1]["createdAt"] == "2026-11-29T07:00:00Z"


def test_an_engine_failure_refuses_without_quoting_the_error(
    fresh_admin: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception's text may quote the member's data: the 409 says only that it failed."""
    from assign_tui.sandbox import routes_tasks

    def fail(*_: object) -> None:
        raise ValueError("member.form_data.diagnosis is PLANTED-PHI")

    monkeypatch.setattr(routes_tasks, "evaluate_condition", fail)
    response = fresh_admin.put("/assignments/1042/tasks/10426/select")
    assert response.status_code == 409
    assert "could not be evaluated" in response.text
    assert "PLANTED-PHI" not in response.text
