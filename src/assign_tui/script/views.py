"""How each API object reads in a table, a summary line or a CSV row.

JSON output is not built here: `as_json` dumps the model as it was received
(camelCase, unknown fields kept, nothing the server left out added).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from assign_tui.api.models import Assignment, AssignmentTask, ChatMessage, OperatorTaskDetail
from assign_tui.routing import RoutingHint
from assign_tui.script.output import (
    Column,
    dumps,
    pairs,
    priority_cell,
    priority_style,
    status_cell,
    status_style,
    use_colour,
)
from assign_tui.tui.format import safe, short_time

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "CSV_FIELDS",
    "as_json",
    "assignment_row",
    "assignment_summary",
    "csv_row",
    "show_assignment",
    "show_detail",
    "show_messages",
    "task_row",
]

ASSIGNMENT_COLUMNS = (
    Column("ID", 10), Column("STATUS", 12, status_style), Column("PRIORITY", 9, priority_style),
    Column("MEMBER", 24), Column("WORKFLOW", 28), Column("CURRENT TASK", 24),
    Column("DUE", 20), Column("UPDATED", 20),
)
CSV_FIELDS = ("id", "status", "priority", "memberId", "memberName", "workflowId",
              "workflowName", "currentTaskId", "currentTaskName", "dueAt", "createdAt",
              "updatedAt")
TASK_COLUMNS = (
    Column("", 1), Column("POS", 4), Column("ID", 8), Column("KEY", 20), Column("TASK", 28),
    Column("KIND", 12), Column("STATUS", 12, status_style), Column("PREVIEW", 8),
    Column("REASON", 60), Column("DEPENDS ON", 60),
)


def as_json(value: BaseModel | Sequence[BaseModel]) -> Any:
    """The object as the server sent it: its fields, spelt as sent, and no more."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return [as_json(item) for item in value]


def assignment_row(a: Assignment) -> tuple[object, ...]:
    return (a.id, status_cell(a.status), priority_cell(a.priority), a.member_name,
            a.workflow_name, a.current_task_name or "—", short_time(a.due_at),
            short_time(a.updated_at))


def csv_row(a: Assignment) -> list[object]:
    data = as_json(a)
    return [data.get(field) for field in CSV_FIELDS]


def assignment_summary(a: Assignment) -> str:
    current = f"current: {a.current_task_name}" if a.current_task_name else "no current task"
    return "  ".join((status_cell(a.status), priority_cell(a.priority), a.member_name,
                      a.workflow_name, current))


def _named(name: str, ident: object) -> str:
    return f"{name} ({ident})" if name else str(ident)


def show_assignment(a: Assignment, etag: str | None) -> None:
    current = a.current_task
    pairs([
        ("id", a.id), ("status", status_cell(a.status)), ("priority", priority_cell(a.priority)),
        ("member", _named(a.member_name, a.member_id)),
        ("workflow", _named(a.workflow_name, a.workflow_id)),
        ("current task", _named(current.name, current.id) if current else a.current_task_name),
        ("tasks", len(a.tasks)), ("due", short_time(a.due_at) if a.due_at else None),
        ("notes", a.notes), ("metadata", dumps(a.metadata) if a.metadata else None),
        ("created", short_time(a.created_at)), ("updated", short_time(a.updated_at)),
        *([("cancelled", short_time(a.cancelled_at)), ("cancel reason", a.cancel_reason)]
          if a.cancelled_at or a.cancel_reason else []),
        *([("completed", short_time(a.completed_at))] if a.completed_at else []),
        *([("etag", etag)] if etag else []),
    ])


def show_detail(d: OperatorTaskDetail) -> None:
    t = d.task
    form = [(f"  {key}", dumps(value)) for key, value in d.form_data.items()]
    pairs([
        ("assignment", f"{d.assignment.id}  {status_cell(d.assignment.status)}"),
        ("task", f"{t.position}. {t.name} ({t.kind}, {t.status}; id {t.id}, key {t.key})"),
        ("attempts", t.attempts), ("started", short_time(t.started_at) if t.started_at else None),
        ("messages", d.message_count),
        ("last message", short_time(d.last_message_at) if d.last_message_at else None),
        ("allowed", ", ".join(d.allowed_actions) or "nothing"),
        ("instructions", d.instructions),
        ("form data", "" if form else None), *form,
    ])


def task_row(task: AssignmentTask, hint: RoutingHint, current: bool) -> tuple[object, ...]:
    depends = ", ".join(reference.path for reference in hint.references) or "—"
    return ("▶" if current else "", task.position, task.id, task.key, task.name, task.kind,
            status_cell(task.status), hint.outcome.value, hint.reason, depends)


def hint_json(hint: RoutingHint) -> dict[str, Any]:
    """The preview beside a task's JSON, under `_preview` (no value of a reference: PHI)."""
    return {"outcome": hint.outcome.value, "reason": hint.reason, "kind": hint.kind.value,
            "dependsOn": [reference.path for reference in hint.references]}


def _text(message: ChatMessage) -> str:
    if isinstance(message.content, list):
        others = [f"[{part.type} part]" for part in message.content if part.type != "text"]
        return "\n".join([message.text, *others]).strip()
    return message.text


def show_messages(messages: Sequence[ChatMessage]) -> None:
    """The conversation as on screen: oldest first, each tool call followed by its answer."""
    from assign_tui.tui.conversation.entries import build_entries

    out = sys.stdout
    bold = "\x1b[1m{}\x1b[0m" if use_colour(out) else "{}"
    for number, entry in enumerate(build_entries(list(messages))):
        message = entry.message
        if entry.call is None:
            out.write("\n" if number else "")
            name = f" ({safe(message.name, single_line=True)})" if message.name else ""
            head = f"{short_time(message.created_at)}  {safe(message.role, single_line=True)}{name}"
            out.write(bold.format(head) + "\n")
            out.write("".join(f"  {line}\n" for line in safe(_text(message)).splitlines()))
            continue
        call = entry.call
        out.write(f"  → {safe(call.function.name, single_line=True)}"
                  f"({safe(call.function.arguments, single_line=True)})"
                  f"  [{safe(call.id, single_line=True)}]\n")
        answer = _text(entry.result) if entry.result else "(no answer)"
        out.write("".join(f"    ← {line}\n" for line in safe(answer).splitlines() or [""]))
