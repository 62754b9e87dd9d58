"""The write commands against a sandbox of each test's own: create, update, cancel, select."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from .helpers import Runner, requests_made

WRITES = [
    ["create", "--workflow", "7"],
    ["update", "1042", "--priority", "low"],
    ["cancel", "1042", "--reason", "duplicate"],
    ["select", "1042", "med_review"],
]


def test_create_from_flags(run_fresh: Runner, fresh_api: httpx.Client) -> None:
    done = run_fresh("create", "--workflow", "7", "--member", "311", "--priority", "high",
                     "--due", "2026-12-01T09:00:00Z", "--notes", "from the ticket",
                     "--metadata", '{"ticket": "T-1"}', "--json")
    assert done.code == 0, done.err
    created = done.json()
    assert created == fresh_api.get(f"/assignments/{created['id']}").json()
    assert (created["memberId"], created["priority"], created["dueAt"], created["notes"],
            created["metadata"]) == (311, "high", "2026-12-01T09:00:00Z", "from the ticket",
                                     {"ticket": "T-1"})


def test_create_from_stdin_with_flags_overriding(run_fresh: Runner) -> None:
    body = '{"workflowId": 7, "notes": "from stdin", "priority": "low"}'
    created = run_fresh("create", "-", "--priority", "urgent", "--json", stdin=body).json()
    assert (created["workflowId"], created["notes"], created["priority"]) == (
        7, "from stdin", "urgent")


def test_create_idempotency_key_replays_and_a_new_key_each_time_otherwise(
    run_fresh: Runner,
) -> None:
    first = run_fresh("create", "--workflow", "7", "--idempotency-key", "T-9", "--json").json()
    again = run_fresh("create", "--workflow", "7", "--idempotency-key", "T-9", "--json").json()
    assert again["id"] == first["id"]
    other_body = run_fresh("create", "--workflow", "7", "--notes", "x", "--idempotency-key",
                           "T-9", "--json")
    assert other_body.code == 5 and other_body.errors()[0]["idempotencyKey"] == "T-9"
    one = run_fresh("create", "--workflow", "7", "--json").json()
    two = run_fresh("create", "--workflow", "7", "--json").json()
    assert len({first["id"], one["id"], two["id"]}) == 3


def test_create_says_the_key_when_the_outcome_is_unknown(
    run_fresh: Runner, control: httpx.Client
) -> None:
    control.post("/faults/script", json={"method": "POST", "path": "/assignments$",
                                         "drop": True, "times": None})
    done = run_fresh("create", "--workflow", "7", "--idempotency-key", "T-77")
    assert done.code == 1
    assert "may have been created" in done.err and "--idempotency-key T-77" in done.err


@pytest.mark.parametrize(("argv", "stdin", "says"), [
    (["create"], "", "workflowId: Field required"),
    (["create", "-"], "{not json", "not JSON"),
    (["create", "-"], "[1, 2]", "must be a JSON object"),
    (["create", "--workflow", "7", "--metadata", "[1]"], "", "--metadata must be a JSON object"),
    (["create", "-"], '{"workflowId": 7, "colour": "red"}', "colour: Extra inputs"),
    (["update", "1042"], "", "nothing to update"),
    (["update", "-", "-"], "1042", "cannot both come from stdin"),
    (["update", "1042", "--notes", "x", "--clear-notes"], "", "not both"),
    (["update", "1042", "-"], '{"status": "completed"}', "status can only be set"),
])
def test_bad_input_is_2_and_sends_nothing(
    run_fresh: Runner, control: httpx.Client, argv: list[str], stdin: str, says: str
) -> None:
    done = run_fresh(*argv, stdin=stdin)
    assert done.code == 2 and says in done.err, done.err
    assert requests_made(control) == {}


def test_update_sends_only_the_given_fields_with_if_match_from_a_fresh_read(
    run_fresh: Runner, control: httpx.Client, fresh_api: httpx.Client
) -> None:
    before = fresh_api.get("/assignments/1042").json()
    control.post("/stats/reset")
    done = run_fresh("update", "1042", "--priority", "urgent", "--json")
    assert done.code == 0, done.err
    after = done.json()
    assert after["priority"] == "urgent" and after["_etag"] == '"1042-v2"'
    unchanged = ("notes", "dueAt", "metadata", "status")
    assert {k: after[k] for k in unchanged} == {k: before[k] for k in unchanged}
    assert requests_made(control) == {"GET /assignments/{assignment_id}": 1,
                                      "PUT /assignments/{assignment_id}": 1}


def test_update_clears_and_reads_its_body_from_stdin(run_fresh: Runner) -> None:
    run_fresh("update", "1042", "--due", "2026-12-24T10:00:00Z")
    cleared = run_fresh("update", "1042", "--clear-due", "--clear-notes", "--json").json()
    assert cleared["dueAt"] is None and cleared["notes"] is None
    paused = run_fresh("update", "1042", "-", "--json", stdin='{"status": "paused"}').json()
    assert paused["status"] == "paused"


def test_update_with_the_given_if_match(run_fresh: Runner, control: httpx.Client) -> None:
    done = run_fresh("update", "1042", "--notes", "n", "--if-match", '"1042-v1"')
    assert done.code == 0 and '"1042-v2"' in done.out
    assert requests_made(control) == {"PUT /assignments/{assignment_id}": 1}


def test_cancel_one(run_fresh: Runner, fresh_api: httpx.Client) -> None:
    done = run_fresh("cancel", "1042", "--reason", "duplicate")
    assert done.code == 0 and "✗ cancelled" in done.out
    assert fresh_api.get("/assignments/1042").json()["cancelReason"] == "duplicate"


def test_select_an_eligible_task(run_fresh: Runner) -> None:
    done = run_fresh("select", "1042", "med_review", "--json")
    assert done.code == 0, done.err
    assert (done.json()["key"], done.json()["isCurrent"]) == ("med_review", True)
    by_id = run_fresh("select", "1042", "10423")
    assert by_id.code == 0 and "Senior outreach (id 10423" in by_id.out


def test_select_refuses_a_blocked_task_without_sending(
    run_fresh: Runner, control: httpx.Client
) -> None:
    done = run_fresh("select", "1042", "stale_escalation")
    assert done.code == 5 and "is blocked" in done.err and "--force" in done.err
    assert "PUT /assignments/{assignment_id}/tasks/{assignment_task_id}/select" not in (
        requests_made(control))
    forced = run_fresh("select", "1042", "stale_escalation", "--force")
    assert forced.code == 5 and "HTTP 409" in forced.err  # the server's own refusal
    assert requests_made(control)[
        "PUT /assignments/{assignment_id}/tasks/{assignment_task_id}/select"] == 1


def test_select_an_unknown_task_is_3(run_fresh: Runner) -> None:
    done = run_fresh("select", "1042", "no_such_task")
    assert done.code == 3 and "has no task 'no_such_task'" in done.err


@pytest.mark.parametrize("argv", WRITES)
def test_read_only_refuses_every_write_before_sending(
    run_fresh: Runner, control: httpx.Client, argv: list[str]
) -> None:
    done = run_fresh(*argv, "--read-only", "--json")
    assert done.code == 4
    assert done.errors()[0]["error"]["message"].startswith("read-only mode (--read-only)")
    assert requests_made(control) == {}


def test_a_read_only_profile_refuses_writes_and_allows_reads(
    run_fresh: Runner, control: httpx.Client, tmp_path: Path, fresh_sandbox: Any
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[profiles.audit]\nread_only = true\ntoken_env = "ASSIGN_TUI_TOKEN"\n',
                      encoding="utf-8")
    config.chmod(0o600)
    for argv in WRITES:
        done = run_fresh("--config", str(config), *argv)
        assert done.code == 4 and "profile 'audit' is read_only" in done.err
    assert requests_made(control) == {}
    assert run_fresh("--config", str(config), "get", "1042").code == 0
