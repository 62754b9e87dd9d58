"""Seeding: deterministic, scales, has the fixed fixtures; the package's import guard."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from assign_tui.sandbox.app import open_database
from assign_tui.sandbox.seed import WORKFLOWS
from assign_tui.sandbox.workflows import INVALID_CONDITIONS


def dump_rows(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    rows = []
    for table in ("members", "assignments", "assignment_tasks"):
        rows.extend(tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY id"))
    return rows


def test_same_seed_same_data_other_seed_other_data(tmp_path: Path) -> None:
    a = open_database(tmp_path / "a.db", seed=7, assignments=300).conn
    b = open_database(tmp_path / "b.db", seed=7, assignments=300).conn
    c = open_database(tmp_path / "c.db", seed=8, assignments=300).conn
    assert dump_rows(a) == dump_rows(b)
    assert dump_rows(a) != dump_rows(c)


def test_conversations_are_deterministic_whatever_the_read_order(
    fresh_admin: httpx.Client, admin: httpx.Client
) -> None:
    # The shared sandbox and the fresh one read conversations in different orders.
    fresh_admin.get("/assignments/1101/messages")
    first = fresh_admin.get("/assignments/1100/messages").json()
    assert admin.get("/assignments/1100/messages").json() == first


def test_5000_assignments_seed_and_list(tmp_path: Path) -> None:
    repo = open_database(tmp_path / "big.db", seed=7, assignments=5000)
    count = repo.conn.execute("SELECT COUNT(*) FROM assignments").fetchone()[0]
    assert count == 5000
    assert repo.max_assignment_id() == 6000
    rows, total = repo.list_page(member_id=None, task_def_id=None, statuses=["active"],
                                 sort_by="dueAt", descending=False, offset=1000, limit=20)
    assert total > 1000 and len(rows) == 20
    plan = " ".join(str(tuple(r)) for r in repo.conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM assignments ORDER BY created_at DESC, id DESC"))
    assert "ix_assignments_created" in plan
    assert repo.conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 0  # lazy


def test_existing_database_is_reused_and_other_sizes_reseed(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    repo = open_database(path, seed=7, assignments=120)
    repo.conn.execute("UPDATE assignments SET notes = 'edited' WHERE id = 1042")
    repo.conn.close()
    again = open_database(path, seed=7, assignments=120)
    assert again.assignment(1042)["notes"] == "edited"  # type: ignore[index]
    again.conn.close()
    other = open_database(path, seed=7, assignments=150)
    assert other.assignment(1042)["notes"] != "edited"  # type: ignore[index]
    assert other.max_assignment_id() == 1150


def test_fixed_identities_and_fixtures(sandbox: Any) -> None:
    repo = sandbox.state.repo
    assert repo.member(1)["name"] == "Dana Operator"
    assert repo.member(311)["name"] == "Rosa Martínez"
    rosa = json.loads(repo.member(311)["form_data"])
    refused = json.loads(repo.member(42)["form_data"])
    assert rosa["consent"] is True and refused["consent"] is False
    owners = dict(repo.conn.execute("SELECT id, member_id FROM assignments WHERE id IN "
                                    "(1001, 1002, 1007, 1042, 1045)").fetchall())
    assert owners == {1001: 1, 1002: 1, 1007: 1, 1042: 311, 1045: 42}


def test_workflows_have_every_condition_shape() -> None:
    assert len(WORKFLOWS) >= 5
    assert all(4 <= len(wf.tasks) <= 8 for wf in WORKFLOWS)
    conditions = {t.condition for wf in WORKFLOWS for t in wf.tasks}
    for needle in ("member.form_data.consent == true",
                   "has(member.data.a1c) && member.data.a1c > 9.0",
                   'member.age >= 65 || assignment.priority == "urgent"',
                   "tasks.intake.output.score > 5", '"spanish" in member.tags',
                   'timestamp(now) - timestamp(task.started_at) > duration("24h")', None):
        assert needle in conditions
    assert INVALID_CONDITIONS <= conditions
    ids = [t.id for wf in WORKFLOWS for t in wf.tasks]
    assert len(ids) == len(set(ids))


def test_import_without_fastapi_gives_a_friendly_error() -> None:
    code = (
        "import sys; sys.modules['fastapi'] = None\n"
        "import assign_tui.sandbox as s\n"
        "assert s.DEMO_TOKENS['admin'] == 'demo-admin'\n"
        "try:\n    s.create_app\nexcept s.SandboxUnavailable as e:\n    print(e)\n"
        "assert 'textual' not in sys.modules\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert "pip install 'assign-tui[sandbox]'" in out
