"""The read commands against the sandbox: what they print in each format, and their filters."""

from __future__ import annotations

import csv
import io
import math
from typing import Any

import httpx
import pytest

from .helpers import Runner, requests_made


def _rows(out: str) -> list[str]:
    """A table's data rows: every line after the heading that starts with an id."""
    return [line for line in out.splitlines()[1:] if line.split(" ", 1)[0].isdigit()]


def test_ls_prints_an_aligned_table_and_the_servers_count(run: Runner) -> None:
    done = run("ls", "--page-size", "5")
    assert done.code == 0, done.err
    heading, *rest = done.out.splitlines()
    assert heading.split() == ["ID", "STATUS", "PRIORITY", "MEMBER", "WORKFLOW", "CURRENT",
                               "TASK", "DUE", "UPDATED"]
    rows = _rows(done.out)
    assert len(rows) == 5
    status_at = heading.index("STATUS")
    assert all(row[status_at - 2:status_at] == "  " for row in rows)  # aligned under the heading
    assert rest[-1] == "page 1 of 40 · 200 assignments"


@pytest.mark.parametrize(
    ("flags", "params"),
    [
        (["--status", "paused", "--status", "active"], {"status": "paused,active"}),
        (["--status", "completed,failed"], {"status": "completed,failed"}),
        (["--mine"], {"mine": "true"}),
        (["--member", "311"], {"memberId": 311}),
        (["--task", "101"], {"taskId": 101}),
        (["--sort", "dueAt", "--order", "asc"], {"sortBy": "dueAt", "sortOrder": "asc"}),
        (["--sort", "priority"], {"sortBy": "priority"}),
        (["--page", "3", "--page-size", "7"], {"page": 3, "pageSize": 7}),
    ],
)
def test_ls_json_is_the_servers_page_for_every_filter_and_sort(
    run: Runner, api: httpx.Client, flags: list[str], params: dict[str, Any]
) -> None:
    done = run("ls", *flags, "--json")
    assert done.code == 0, done.err
    query = {"pageSize": 50, **params}
    assert done.json() == api.get("/assignments", params=query).json()["items"]


def test_ls_jsonl_is_one_object_a_line(run: Runner, api: httpx.Client) -> None:
    done = run("ls", "--page-size", "4", "--jsonl")
    assert done.code == 0
    assert done.lines() == api.get("/assignments", params={"pageSize": 4}).json()["items"]


def test_ls_csv_has_a_heading_and_a_row_per_assignment(run: Runner, api: httpx.Client) -> None:
    done = run("ls", "--page-size", "6", "--csv")
    rows = list(csv.DictReader(io.StringIO(done.out)))
    items = api.get("/assignments", params={"pageSize": 6}).json()["items"]
    assert [int(row["id"]) for row in rows] == [item["id"] for item in items]
    assert rows[0]["memberName"] == items[0]["memberName"]
    assert rows[0]["createdAt"] == items[0]["createdAt"]


@pytest.mark.parametrize("fmt", ["--jsonl", "--json", "--csv", "--table"])
def test_ls_all_walks_every_page(run: Runner, fmt: str) -> None:
    args = ["ls", "--all", "--page-size", "7"] + ([] if fmt == "--table" else [fmt])
    done = run(*args)
    assert done.code == 0, done.err
    if fmt == "--jsonl":
        ids = [item["id"] for item in done.lines()]
    elif fmt == "--json":
        ids = [item["id"] for item in done.json()]
    elif fmt == "--csv":
        ids = [int(row["id"]) for row in csv.DictReader(io.StringIO(done.out))]
    else:
        ids = [int(row.split()[0]) for row in _rows(done.out)]
    assert len(ids) == len(set(ids)) == 200


def test_ls_all_asks_for_each_page_once(run_fresh: Runner, control: httpx.Client) -> None:
    done = run_fresh("ls", "--all", "--page-size", "9", "--jsonl")
    assert len(done.lines()) == 200
    assert requests_made(control) == {"GET /assignments": math.ceil(200 / 9)}


def test_ls_with_no_match(run: Runner) -> None:
    assert run("ls", "--member", "999999", "--json").out.strip() == "[]"
    done = run("ls", "--member", "999999")
    assert done.code == 0 and done.out == "" and "No assignments match" in done.err


def test_json_keeps_fields_the_contract_does_not_name(
    run_fresh: Runner, control: httpx.Client, fresh_api: httpx.Client
) -> None:
    raw = fresh_api.get("/assignments/1042").json()
    body = {**raw, "status": "on_hold", "escalationLevel": {"level": 2, "by": "nurse"}}
    control.post("/faults/script", json={"method": "GET", "path": "/assignments/1042$",
                                         "status": 200, "body": body, "times": None})
    assert run_fresh("get", "1042", "--json").json() == {**body, "_etag": None}
    assert "on_hold" in run_fresh("get", "1042").out


def test_get_table_and_json_with_its_etag(run: Runner, api: httpx.Client) -> None:
    answer = api.get("/assignments/1042")
    table = run("get", "1042")
    assert table.code == 0
    assert "Rosa Martínez (311)" in table.out and answer.headers["etag"] in table.out
    done = run("get", "1042", "--json")
    assert done.json() == {**answer.json(), "_etag": answer.headers["etag"]}


def test_messages_pair_each_tool_call_with_its_answer(run: Runner, api: httpx.Client) -> None:
    table = run("messages", "1042").out.splitlines()
    call = next(i for i, line in enumerate(table) if "→ lookup_medications(" in line)
    assert table[call + 1].startswith("    ← ") and "metformin" in table[call + 1]
    assert not any(line.endswith("  tool") for line in table)  # answers are under their calls
    assert run("messages", "1042", "--json").json() == api.get("/assignments/1042/messages").json()


def test_tasks_show_the_routing_preview_of_each(run: Runner, api: httpx.Client) -> None:
    lines = run("tasks", "1042").out.splitlines()[1:]
    table = {key: next(line for line in lines if f" {key} " in line)
             for key in ("stale_escalation", "a1c_escalation", "intake")}
    assert " blocked " in table["stale_escalation"]
    assert " unknown " in table["a1c_escalation"] and "member.data.a1c" in table["a1c_escalation"]
    assert table["intake"].startswith("▶")
    done = run("tasks", "1042", "--json").json()
    tasks = api.get("/assignments/1042").json()["tasks"]
    assert [{k: v for k, v in t.items() if k != "_preview"} for t in done] == tasks
    preview = {t["key"]: t["_preview"] for t in done}
    assert preview["a1c_escalation"]["outcome"] == "unknown"
    assert preview["a1c_escalation"]["dependsOn"] == ["member.data.a1c"]
    assert preview["intake"] == {"outcome": "eligible", "reason": "no condition",
                                 "kind": "no_condition", "dependsOn": []}


def test_context_is_the_snapshot_as_sent(run: Runner, api: httpx.Client) -> None:
    raw = api.get("/assignments/1042/cel-context").json()
    assert run("context", "1042", "--json").json() == raw
    assert run("context", "1042").json() == raw  # the table form is indented JSON


def test_current_task_detail(run: Runner, api: httpx.Client) -> None:
    table = run("current", "1042").out
    assert "1. Intake call (conversation, active" in table
    assert "update, cancel, select_task" in table
    raw = api.get("/assignments/1042/current-task-detail").json()
    assert run("current", "1042", "--jsonl").lines() == [raw]
