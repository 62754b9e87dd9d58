"""Deterministic seeding: the same seed and size always give the same rows.

Everything is drawn from one `random.Random(seed)` in id order, relative to
a fixed base time (the canonical test "now"), written with `executemany` in
one transaction, with the indexes created after the insert so that 100,000
assignments seed in seconds. Conversations are not written here: they are
generated on first read (see `conversations.py`).
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from assign_tui.sandbox import fixtures
from assign_tui.sandbox.clock import format_ts
from assign_tui.sandbox.constants import (
    ADMIN_MEMBER_ID,
    CANONICAL_NOW,
    FIRST_ASSIGNMENT_ID,
    MEMBER_MEMBER_ID,
    READER_MEMBER_ID,
)
from assign_tui.sandbox.db import INDEXES, NO_DUE_KEY, PRIORITY_RANK, SCHEMA_VERSION
from assign_tui.sandbox.members import MEMBER_COUNT, generate_members
from assign_tui.sandbox.workflows import WORKFLOWS, TaskDefinition, WorkflowDefinition

__all__ = ["WORKFLOWS", "seed_database"]

STATUSES = ["active", "pending", "paused", "completed", "cancelled", "failed"]
STATUS_WEIGHTS = [35, 15, 10, 25, 10, 5]
PRIORITIES = ["normal", "high", "low", "urgent"]
PRIORITY_WEIGHTS = [50, 25, 15, 10]
CHANNELS = ["sms", "phone", "email", "portal"]
SOURCES = ["ehr_discharge", "claims", "referral", "self_enrolled"]
PAYERS = ["Aetna", "Humana", "Medicaid of Florida", "Blue Cross IL"]
NOTES = [
    "Prefers calls after 5pm.",
    "Daughter helps with medications; ask for her if the member is confused.",
    "Left two voicemails. Try SMS next.",
    "Interpreter needed (Spanish). Prefiere llamadas por la tarde.",
    "家属要求用中文沟通。",
    "Member asked to pause outreach until after the holidays 🎄",
    "Transportation barrier: no car, bus route 14 only. " * 6,
]
CANCEL_REASONS = ["Member declined the program", "Duplicate of another assignment",
                  "Member moved out of the service area", "Enrolled in hospice care"]
_OUTPUT_NOTES = ["reached", "left_voicemail", "resolved", "needs_follow_up"]


@lru_cache(maxsize=4096)
def _day(day: int) -> str:
    return datetime.fromtimestamp(day * 86400, UTC).strftime("%Y-%m-%d")


def _ts(seconds: int) -> str:
    """`format_ts` for epoch seconds, without strftime (the seed's hot path)."""
    day, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    return f"{_day(day)}T{hours:02d}:{rest // 60:02d}:{rest % 60:02d}Z"


def _between(rng: random.Random, low: int, high: int) -> int:
    return low + int(rng.random() * max(1, high - low))


def _output(rng: random.Random, task: TaskDefinition) -> str:
    if task.key == "intake":
        return '{"score": %d, "reached": true}' % int(rng.random() * 11)
    if task.key == "phq9":
        return '{"score": %d}' % int(rng.random() * 28)
    if task.key == "refill_check":
        return '{"missed_doses": %d}' % int(rng.random() * 11)
    return '{"outcome": "%s"}' % rng.choice(_OUTPUT_NOTES)


def _tasks(rng: random.Random, aid: int, wf: WorkflowDefinition, status: str,
           created: int, base: int) -> tuple[list[tuple[Any, ...]], int | None, int]:
    """Task rows, the current task's position (or None) and the last event time."""
    n = len(wf.tasks)
    current = None if status in ("pending", "completed") else int(rng.random() * n)
    step = max(61, (base - created) // (2 * n))
    clock = created
    rows: list[tuple[Any, ...]] = []
    for index, task in enumerate(wf.tasks):
        pos = index + 1
        if status == "completed" or (current is not None and index < current):
            started = min(base, clock + _between(rng, 60, step))
            clock = min(base, started + _between(rng, 60, step))
            state = "skipped" if task.condition and rng.random() < 0.15 else "completed"
            if task.key == "payer_submission" and rng.random() < 0.3:
                state = "failed"
            rows.append((aid * 10 + pos, aid, task.id, pos, state, 0, 1 + (rng.random() < 0.3),
                         _ts(started), _ts(clock), _output(rng, task)))
        elif index == current:
            clock = _between(rng, clock, base)
            output = _output(rng, task) if rng.random() < 0.5 else "{}"
            rows.append((aid * 10 + pos, aid, task.id, pos,
                         "failed" if status == "failed" else "active", 1,
                         1 + int(rng.random() * 3), _ts(clock), None, output))
        else:
            rows.append((aid * 10 + pos, aid, task.id, pos, "pending", 0, 0, None, None, "{}"))
    return rows, (None if current is None else current + 1), clock


def _metadata(rng: random.Random) -> str:
    meta: dict[str, Any] = {"channel": rng.choice(CHANNELS), "source": rng.choice(SOURCES)}
    if rng.random() < 0.4:
        meta["payer"] = rng.choice(PAYERS)
    if rng.random() < 0.1:
        meta["campaign"] = {"name": "2026-Q4 outreach", "wave": 1 + int(rng.random() * 4)}
    return json.dumps(meta)


def _assignment(rng: random.Random, aid: int, members: list[tuple[Any, ...]],
                base: int) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    wf = rng.choice(WORKFLOWS)
    member = members[fixtures.owner_of(aid, rng) - 1]
    status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
    priority = rng.choices(PRIORITIES, PRIORITY_WEIGHTS)[0]
    created = base - _between(rng, 3600, 120 * 86400)
    tasks, current_pos, last = _tasks(rng, aid, wf, status, created, base)
    due = _ts(created + 86400 * _between(rng, 3, 31)) if rng.random() < 0.6 else None
    notes = rng.choice(NOTES) if rng.random() < 0.3 else None
    updated = _ts(min(base, last + int(rng.random() * 3600)))
    cancel_reason = rng.choice(CANCEL_REASONS) if status == "cancelled" else None
    row = (
        aid, wf.id, member[0], member[1], status, priority, PRIORITY_RANK[priority],
        aid * 10 + current_pos if current_pos else None,
        wf.tasks[current_pos - 1].id if current_pos else None,
        due, due or NO_DUE_KEY, notes, _metadata(rng), cancel_reason, _ts(created), updated,
        updated if status == "cancelled" else None, updated if status == "completed" else None,
    )
    return row, tasks


def seed_database(conn: sqlite3.Connection, *, seed: int, assignments: int,
                  base: datetime = CANONICAL_NOW) -> None:
    """Fill an empty database (schema already created) with `assignments` rows."""
    rng = random.Random(seed)
    members = generate_members(rng, base)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO members VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(m[0], m[1], json.dumps(m[2]), m[3], m[4], json.dumps(m[5], ensure_ascii=False),
          json.dumps(m[6])) for m in members],
    )
    batch: list[tuple[Any, ...]] = []
    task_rows: list[tuple[Any, ...]] = []
    base_seconds = int(base.timestamp())
    for aid in range(FIRST_ASSIGNMENT_ID, FIRST_ASSIGNMENT_ID + assignments):
        row, tasks = _assignment(rng, aid, members, base_seconds)
        row, tasks = fixtures.override(aid, row, tasks, members)
        batch.append(row)
        task_rows.extend(tasks)
        if len(batch) >= 20000:
            _flush(conn, batch, task_rows)
    _flush(conn, batch, task_rows)
    meta = {"seed": str(seed), "assignments": str(assignments), "base": format_ts(base),
            "schema_version": SCHEMA_VERSION, "members": str(MEMBER_COUNT),
            "demo_members": f"{ADMIN_MEMBER_ID},{READER_MEMBER_ID},{MEMBER_MEMBER_ID}"}
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(meta.items()))
    for statement in INDEXES.strip().split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("ANALYZE")
    conn.execute("COMMIT")


def _flush(conn: sqlite3.Connection, batch: list[tuple[Any, ...]],
           task_rows: list[tuple[Any, ...]]) -> None:
    conn.executemany(
        "INSERT INTO assignments (id, workflow_id, member_id, member_name, status, priority,"
        " priority_rank, current_task_id, current_task_def_id, due_at, due_key, notes,"
        " metadata, cancel_reason, created_at, updated_at, cancelled_at, completed_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
    conn.executemany("INSERT INTO assignment_tasks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     task_rows)
    batch.clear()
    task_rows.clear()
