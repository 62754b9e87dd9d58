"""The read commands: ls, get, messages, tasks, context, current."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from assign_tui.api.client import AssignmentsClient, Tagged
from assign_tui.api.models import (
    Assignment,
    AssignmentQuery,
    AssignmentSortField,
    AssignmentTask,
    ChatMessage,
    OperatorTaskDetail,
    SortOrder,
)
from assign_tui.routing import RoutingHint
from assign_tui.script import exits
from assign_tui.script.ids import PerId, run_per_id
from assign_tui.script.output import Table, csv_writer, dumps
from assign_tui.script.views import (
    ASSIGNMENT_COLUMNS,
    CSV_FIELDS,
    TASK_COLUMNS,
    as_json,
    assignment_row,
    assignment_summary,
    csv_row,
    hint_json,
    show_assignment,
    show_detail,
    show_messages,
    task_row,
)

__all__ = ["context", "current", "get", "ls", "messages", "tasks"]

_ALL_PAGE_SIZE = 100


def _query(args: argparse.Namespace, page_size: int) -> AssignmentQuery:
    statuses = tuple(s for given in args.status for s in given.split(",") if s.strip())
    return AssignmentQuery(
        page=args.page, page_size=page_size, sort_by=AssignmentSortField(args.sort),
        sort_order=SortOrder(args.order), mine=args.mine, task_id=args.task,
        member_id=args.member, statuses=tuple(s.strip() for s in statuses),
    )


class _ListWriter:
    """Writes pages of assignments in one format as they arrive; holds none of them."""

    def __init__(self, fmt: str, *, stream_array: bool) -> None:
        self.fmt, self.stream_array = fmt, stream_array
        self.count = 0
        self.table = Table(ASSIGNMENT_COLUMNS) if fmt == "table" else None
        self.csv = csv_writer(CSV_FIELDS) if fmt == "csv" else None

    def write(self, items: list[Assignment]) -> None:
        out = sys.stdout
        if self.fmt == "json":
            for item in items:
                out.write(("[\n" if self.count == 0 else ",\n") + dumps(as_json(item), indent=2))
                self.count += 1
        elif self.fmt == "jsonl":
            out.write("".join(dumps(as_json(item)) + "\n" for item in items))
        elif self.csv is not None:
            self.csv([csv_row(item) for item in items])
        elif self.table is not None and items:
            self.table.write([assignment_row(item) for item in items])
        out.flush()

    def close(self) -> None:
        if self.fmt == "json":
            sys.stdout.write("[]\n" if self.count == 0 else "\n]\n")


async def ls(client: AssignmentsClient, args: argparse.Namespace) -> int:
    """One page, or with `--all` every page from `--page` on, the next one read while
    the current one is written."""
    page_size = args.page_size or (_ALL_PAGE_SIZE if args.all else args.settings.page_size)
    query = _query(args, page_size)
    writer = _ListWriter(args.format, stream_array=args.all)
    page = await client.list_assignments(query)
    while True:
        more = args.all and page.page < page.total_pages and len(page.items) == page_size
        ahead = (asyncio.ensure_future(
            client.list_assignments(query.model_copy(update={"page": page.page + 1})))
            if more else None)
        try:
            writer.write(page.items)
        except BaseException:
            if ahead is not None:
                ahead.cancel()
            raise
        if ahead is None:
            break
        page = await ahead
    writer.close()
    if args.format == "table":
        if not page.total:
            print("No assignments match.", file=sys.stderr)
        elif not args.all:
            print(f"page {page.page} of {page.total_pages} · {page.total} assignments")
    return exits.DONE


async def _get(client: AssignmentsClient, aid: int) -> Tagged[Assignment]:
    return await client.get_assignment(aid)


def _tagged_json(tagged: Tagged[Assignment]) -> dict[str, Any]:
    return {**as_json(tagged.value), "_etag": tagged.etag}


async def get(client: AssignmentsClient, args: argparse.Namespace) -> int:
    return await run_per_id(client, args, PerId(
        _get, _tagged_json, lambda t: show_assignment(t.value, t.etag),
        lambda t: assignment_summary(t.value)))


async def messages(client: AssignmentsClient, args: argparse.Namespace) -> int:
    def summary(found: list[ChatMessage]) -> str:
        return f"{len(found)} messages"

    return await run_per_id(client, args, PerId(
        lambda c, aid: c.list_messages(aid), as_json, show_messages, summary))


TaskPreview = tuple[Assignment, list[tuple[AssignmentTask, RoutingHint]]]


async def previews(client: AssignmentsClient, aid: int) -> TaskPreview:
    """The assignment's tasks in workflow order, each with the routing preview over the
    server's CEL snapshot (computed off the loop: a condition may take a while)."""
    from assign_tui.routing import routing_hint

    tagged, snapshot = await asyncio.gather(client.get_assignment(aid), client.get_cel_context(aid))
    ordered = sorted(tagged.value.tasks, key=lambda t: t.position)

    def hints() -> list[tuple[AssignmentTask, RoutingHint]]:
        return [(task, routing_hint(task.condition, snapshot)) for task in ordered]

    return tagged.value, await asyncio.to_thread(hints)


def _is_current(assignment: Assignment, task: AssignmentTask) -> bool:
    return task.is_current or task.id == assignment.current_task_id


def _show_tasks(found: TaskPreview) -> None:
    assignment, rows = found
    Table(TASK_COLUMNS).write(
        [task_row(task, hint, _is_current(assignment, task)) for task, hint in rows])


def _tasks_json(found: TaskPreview) -> list[dict[str, Any]]:
    return [{**as_json(task), "_preview": hint_json(hint)} for task, hint in found[1]]


def _tasks_summary(found: TaskPreview) -> str:
    counts: dict[str, int] = {}
    for _, hint in found[1]:
        counts[hint.outcome.value] = counts.get(hint.outcome.value, 0) + 1
    return f"{len(found[1])} tasks: " + ", ".join(f"{n} {what}" for what, n in counts.items())


async def tasks(client: AssignmentsClient, args: argparse.Namespace) -> int:
    return await run_per_id(client, args, PerId(previews, _tasks_json, _show_tasks, _tasks_summary))


def _show_context(snapshot: dict[str, Any]) -> None:
    print(dumps(snapshot, indent=2))


async def context(client: AssignmentsClient, args: argparse.Namespace) -> int:
    def summary(snapshot: dict[str, Any]) -> str:
        return dumps(snapshot)

    return await run_per_id(client, args, PerId(
        lambda c, aid: c.get_cel_context(aid), lambda s: s, _show_context, summary))


async def current(client: AssignmentsClient, args: argparse.Namespace) -> int:
    def summary(d: OperatorTaskDetail) -> str:
        t = d.task
        return f"{t.position}. {t.name} ({t.kind}, {t.status}) · {d.message_count} messages"

    return await run_per_id(client, args, PerId(
        lambda c, aid: c.get_current_task_detail(aid), as_json, show_detail, summary))
