"""The SQLite schema of the sandbox, and opening the file.

Task-definition fields (key, name, kind, condition...) are not stored: they
come from `WORKFLOWS`, so 100,000 assignments do not copy them 600,000 times.
An assignment task's id is `assignment_id * 10 + position`, so an
assignment's tasks are one primary-key range and "a task of another
assignment" is obvious when reading a URL.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS members (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, tags TEXT NOT NULL, age INTEGER NOT NULL,
    locale TEXT NOT NULL, form_data TEXT NOT NULL, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS assignments (
    id INTEGER PRIMARY KEY, workflow_id INTEGER NOT NULL, member_id INTEGER NOT NULL,
    member_name TEXT NOT NULL, status TEXT NOT NULL, priority TEXT NOT NULL,
    priority_rank INTEGER NOT NULL, current_task_id INTEGER, current_task_def_id INTEGER,
    due_at TEXT, due_key TEXT NOT NULL, notes TEXT, metadata TEXT NOT NULL,
    cancel_reason TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    cancelled_at TEXT, completed_at TEXT, version INTEGER NOT NULL DEFAULT 1,
    conversation_ready INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS assignment_tasks (
    id INTEGER PRIMARY KEY, assignment_id INTEGER NOT NULL, task_id INTEGER NOT NULL,
    position INTEGER NOT NULL, status TEXT NOT NULL, is_current INTEGER NOT NULL,
    attempts INTEGER NOT NULL, started_at TEXT, completed_at TEXT, output TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    assignment_id INTEGER NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL,
    role TEXT NOT NULL, content TEXT, name TEXT, tool_calls TEXT, tool_call_id TEXT,
    created_at TEXT NOT NULL, PRIMARY KEY (assignment_id, seq)
);
CREATE TABLE IF NOT EXISTS overrides (
    assignment_id INTEGER PRIMARY KEY, body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
    caller TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL, status INTEGER NOT NULL,
    response TEXT NOT NULL, PRIMARY KEY (caller, key)
);
"""

# Created after the bulk insert (much faster than maintaining them row by row).
# One per sort field, each ending in id (ties break by id) and covering the
# filter columns, so a deep page with a filter is found in the index alone
# (the rows themselves are read only for the page; see Repository.list_page).
_FILTERS = "status, member_id, current_task_def_id"
INDEXES = f"""
CREATE INDEX IF NOT EXISTS ix_assignments_id ON assignments (id, {_FILTERS});
CREATE INDEX IF NOT EXISTS ix_assignments_created ON assignments (created_at, id, {_FILTERS});
CREATE INDEX IF NOT EXISTS ix_assignments_updated ON assignments (updated_at, id, {_FILTERS});
CREATE INDEX IF NOT EXISTS ix_assignments_due ON assignments (due_key, id, {_FILTERS});
CREATE INDEX IF NOT EXISTS ix_assignments_status ON assignments (status, id, member_id,
    current_task_def_id);
CREATE INDEX IF NOT EXISTS ix_assignments_priority ON assignments (priority_rank, id, {_FILTERS});
CREATE INDEX IF NOT EXISTS ix_assignments_member ON assignments (member_id, created_at);
CREATE INDEX IF NOT EXISTS ix_assignments_task ON assignments (current_task_def_id);
"""

#: Sort key of a missing due date: after every real timestamp ("never due").
NO_DUE_KEY = "9999-12-31T23:59:59Z"

PRIORITY_RANK = {"low": 0, "normal": 1, "high": 2, "urgent": 3}


def connect(path: Path) -> sqlite3.Connection:
    """Open the sandbox database; one connection serves the whole app.

    `check_same_thread=False` because a restarted server runs its event loop
    in a new thread; requests never touch the connection concurrently (every
    handler is async and does its SQL without awaiting).
    """
    conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute("PRAGMA cache_size=-32000")
    conn.executescript(SCHEMA)
    return conn


def read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    return {row["key"]: row["value"] for row in conn.execute("SELECT key, value FROM meta")}


def task_id_for(assignment_id: int, position: int) -> int:
    return assignment_id * 10 + position
