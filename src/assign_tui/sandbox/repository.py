"""Every SQL statement the API runs, in one place.

Handlers call these without awaiting in between, so each call is atomic on
the one event loop that serves requests.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from assign_tui.sandbox.db import NO_DUE_KEY, PRIORITY_RANK, task_id_for
from assign_tui.sandbox.workflows import WorkflowDefinition

Row = sqlite3.Row

#: Raw values set through the control API's overwrite (JSON or NULL), as an extra column.
_OVERRIDES = "(SELECT body FROM overrides o WHERE o.assignment_id = {}) AS overrides"
_ASSIGNMENT_COLUMNS = "*, " + _OVERRIDES.format("assignments.id")
_TASK_COLUMNS = "*, " + _OVERRIDES.format("assignment_tasks.assignment_id")

#: SQLite integers are 64-bit; larger ids cannot exist (and would raise OverflowError).
MAX_ID = 2**63 - 1

#: API sort field -> column. Priority sorts by severity, status by its text.
SORT_COLUMNS = {
    "id": "id", "createdAt": "created_at", "updatedAt": "updated_at",
    "dueAt": "due_key", "status": "status", "priority": "priority_rank",
}


class Repository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One explicit transaction (the connection is in autocommit mode).

        Inside another one it is a savepoint, so a handler can make several
        writes (and the answer built from them) one unit.
        """
        if self.conn.in_transaction:
            self.conn.execute("SAVEPOINT nested")
            try:
                yield
            except BaseException:
                self.conn.execute("ROLLBACK TO nested")
                self.conn.execute("RELEASE nested")
                raise
            self.conn.execute("RELEASE nested")
            return
        self.conn.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- reads -------------------------------------------------------------

    def _one(self, sql: str, args: Sequence[Any] = ()) -> Row | None:
        """The first row, or None (`fetchone` is typed `Any`; the row factory makes it a Row)."""
        row: Row | None = self.conn.execute(sql, args).fetchone()
        return row

    def _number(self, sql: str, args: Sequence[Any] = ()) -> int:
        """The first column of the one row an aggregate (COUNT, MAX) always returns."""
        value: int = self.conn.execute(sql, args).fetchone()[0]
        return value

    def list_page(self, *, member_id: int | None, task_def_id: int | None,
                  statuses: Sequence[str], sort_by: str, descending: bool,
                  offset: int, limit: int) -> tuple[list[Row], int]:
        where: list[str] = []
        args: list[Any] = []
        if member_id is not None:
            where.append("member_id = ?")
            args.append(member_id)
        if task_def_id is not None:
            where.append("current_task_def_id = ?")
            args.append(task_def_id)
        if statuses:
            where.append(f"status IN ({', '.join('?' * len(statuses))})")
            args.extend(statuses)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        total = self._number(f"SELECT COUNT(*) FROM assignments{clause}", args)
        direction = "DESC" if descending else "ASC"
        column = SORT_COLUMNS[sort_by]
        order = f"{column} {direction}" + (f", id {direction}" if column != "id" else "")
        # Page the ids in a covering index first, then read only those rows.
        rows = self.conn.execute(
            f"SELECT {_ASSIGNMENT_COLUMNS} FROM assignments"
            f" WHERE id IN (SELECT id FROM assignments{clause}"
            f" ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}",
            [*args, limit, offset],
        ).fetchall()
        return rows, total

    def assignment(self, assignment_id: int) -> Row | None:
        if not 0 < assignment_id <= MAX_ID // 10:
            return None
        return self._one(f"SELECT {_ASSIGNMENT_COLUMNS} FROM assignments WHERE id = ?",
                         (assignment_id,))

    def tasks(self, assignment_id: int) -> list[Row]:
        return self.conn.execute(
            f"SELECT {_TASK_COLUMNS} FROM assignment_tasks"
            " WHERE id BETWEEN ? AND ? ORDER BY id",
            (task_id_for(assignment_id, 0), task_id_for(assignment_id, 9))).fetchall()

    def task(self, task_id: int) -> Row | None:
        if not 0 < task_id <= MAX_ID:
            return None
        return self._one(f"SELECT {_TASK_COLUMNS} FROM assignment_tasks WHERE id = ?",
                         (task_id,))

    def member(self, member_id: int) -> Row | None:
        if not 0 < member_id <= MAX_ID:
            return None
        return self._one("SELECT * FROM members WHERE id = ?", (member_id,))

    def max_assignment_id(self) -> int:
        return self._number("SELECT COALESCE(MAX(id), 1000) FROM assignments")

    # -- writes ------------------------------------------------------------

    def update(self, assignment_id: int, changes: dict[str, Any], now: str) -> None:
        """Apply column changes, bump the version (the ETag) and `updated_at`."""
        changes = {**changes, "updated_at": now}
        sets = ", ".join(f"{column} = ?" for column in changes)
        self.conn.execute(
            f"UPDATE assignments SET {sets}, version = version + 1 WHERE id = ?",
            [*changes.values(), assignment_id])

    def select_task(self, assignment: Row, task: Row, now: str) -> None:
        """Make `task` current; the previous current task goes back to pending."""
        with self.transaction():
            self.conn.execute(
                "UPDATE assignment_tasks SET is_current = 0,"
                " status = CASE WHEN status = 'active' THEN 'pending' ELSE status END"
                " WHERE id BETWEEN ? AND ? AND is_current = 1",
                (task_id_for(assignment["id"], 0), task_id_for(assignment["id"], 9)))
            self.conn.execute(
                "UPDATE assignment_tasks SET is_current = 1, status = 'active',"
                " attempts = attempts + 1, started_at = ?, completed_at = NULL WHERE id = ?",
                (now, task["id"]))
            self.update(assignment["id"], {"current_task_id": task["id"],
                                           "current_task_def_id": task["task_id"]}, now)

    def create(self, *, workflow: WorkflowDefinition, member: Row, priority: str,
               due_at: str | None, notes: str | None, metadata: dict[str, Any],
               now: str) -> int:
        """A new active assignment whose first task is current (see docs/sandbox.md)."""
        with self.transaction():
            aid = self.max_assignment_id() + 1
            first = workflow.tasks[0]
            self.conn.execute(
                "INSERT INTO assignments (id, workflow_id, member_id, member_name, status,"
                " priority, priority_rank, current_task_id, current_task_def_id, due_at,"
                " due_key, notes, metadata, created_at, updated_at, conversation_ready)"
                " VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                (aid, workflow.id, member["id"], member["name"], priority,
                 PRIORITY_RANK[priority], task_id_for(aid, 1), first.id, due_at,
                 due_at or NO_DUE_KEY, notes, json.dumps(metadata, ensure_ascii=False),
                 now, now))
            self.conn.executemany(
                "INSERT INTO assignment_tasks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')",
                [(task_id_for(aid, pos), aid, task.id, pos,
                  "active" if pos == 1 else "pending", int(pos == 1), int(pos == 1),
                  now if pos == 1 else None, None)
                 for pos, task in enumerate(workflow.tasks, start=1)])
        return aid

    # -- conversations -----------------------------------------------------

    def conversation_ready(self, assignment_id: int) -> bool:
        row = self.conn.execute("SELECT conversation_ready FROM assignments WHERE id = ?",
                                (assignment_id,)).fetchone()
        return bool(row and row[0])

    def store_conversation(self, assignment_id: int, messages: list[tuple[Any, ...]]) -> None:
        with self.transaction():
            self.conn.executemany("INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  messages)
            self.conn.execute("UPDATE assignments SET conversation_ready = 1 WHERE id = ?",
                              (assignment_id,))

    def messages(self, assignment_id: int) -> list[Row]:
        return self.conn.execute("SELECT * FROM messages WHERE assignment_id = ? ORDER BY seq",
                                 (assignment_id,)).fetchall()

    def message_stats(self, assignment_id: int) -> tuple[int, str | None]:
        count, last = self.conn.execute(
            "SELECT COUNT(*), MAX(created_at) FROM messages WHERE assignment_id = ?",
            (assignment_id,)).fetchone()
        return count, last

    def append_message(self, assignment_id: int, message: dict[str, Any], now: str) -> int:
        seq = self._number(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE assignment_id = ?",
            (assignment_id,))
        content = message.get("content")
        tool_calls = message.get("tool_calls")
        self.conn.execute(
            "INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (assignment_id, seq, message.get("id") or f"msg_{assignment_id}_{seq:05d}",
             message.get("role", "user"), json.dumps(content, ensure_ascii=False),
             message.get("name"),
             json.dumps(tool_calls, ensure_ascii=False) if tool_calls is not None else None,
             message.get("tool_call_id"), message.get("created_at") or now))
        return seq

    def overwrite(self, assignment_id: int, columns: dict[str, Any],
                  task_outputs: dict[int, str], member_form_data: str | None,
                  overrides: dict[str, Any]) -> None:
        """Raw values for the control API's overwrite: no checks, no version bump."""
        with self.transaction():
            if columns:
                sets = ", ".join(f"{column} = ?" for column in columns)
                self.conn.execute(f"UPDATE assignments SET {sets} WHERE id = ?",
                                  [*columns.values(), assignment_id])
            for position, output in task_outputs.items():
                self.conn.execute("UPDATE assignment_tasks SET output = ? WHERE id = ?",
                                  (output, task_id_for(assignment_id, position)))
            if member_form_data is not None:
                self.conn.execute(
                    "UPDATE members SET form_data = ? WHERE id ="
                    " (SELECT member_id FROM assignments WHERE id = ?)",
                    (member_form_data, assignment_id))
            if overrides:
                row = self.conn.execute("SELECT body FROM overrides WHERE assignment_id = ?",
                                        (assignment_id,)).fetchone()
                merged = {**(json.loads(row[0]) if row else {}), **overrides}
                self.conn.execute("INSERT OR REPLACE INTO overrides VALUES (?, ?)",
                                  (assignment_id, json.dumps(merged)))

    # -- idempotency -------------------------------------------------------

    def idempotent_result(self, caller: str, key: str) -> Row | None:
        return self._one("SELECT * FROM idempotency WHERE caller = ? AND key = ?", (caller, key))

    def remember_result(self, caller: str, key: str, body: str, status: int,
                        response: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO idempotency VALUES (?, ?, ?, ?, ?)",
                          (caller, key, body, status, response))
