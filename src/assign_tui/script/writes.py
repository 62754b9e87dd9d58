"""The write commands: create, update, cancel, select.

Read-only mode refuses them before anything is sent (`commands.run_script`).
Each write goes out once through the client, which retries only what cannot
happen twice: a create with its Idempotency-Key, an update with If-Match, a
select (a PUT); never a cancel.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from assign_tui.api.client import AssignmentsClient, Tagged, new_idempotency_key
from assign_tui.api.errors import ApiError, ConflictError, NotFoundError
from assign_tui.api.models import (
    Assignment,
    AssignmentTask,
    CreateAssignmentRequest,
    UpdateAssignmentRequest,
)
from assign_tui.routing import Outcome
from assign_tui.script import exits
from assign_tui.script.commands import UsageProblem
from assign_tui.script.ids import PerId, run_per_id
from assign_tui.script.output import dumps, print_error, status_cell
from assign_tui.script.reads import previews
from assign_tui.script.views import as_json, show_assignment
from assign_tui.tui.format import safe

__all__ = ["PreviewRefusal", "cancel", "create", "select", "update"]


class PreviewRefusal(ConflictError):
    """`select` without `--force` on a task the preview says the server would refuse."""

    title = "Refused by the routing preview (nothing was sent)"


def _stdin_body(args: argparse.Namespace) -> dict[str, Any]:
    if getattr(args, "body", None) != "-":
        return {}
    if getattr(args, "id", None) == "-":
        raise UsageProblem("the ids and the body cannot both come from stdin")
    try:
        body = json.loads(sys.stdin.read())
    except (ValueError, RecursionError) as error:
        raise UsageProblem(f"the body on stdin is not JSON: {error}") from None
    if not isinstance(body, dict):
        raise UsageProblem("the body on stdin must be a JSON object")
    return body


def _metadata(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        value = None
    if not isinstance(value, dict):
        raise UsageProblem(f"--metadata must be a JSON object, not {text[:80]!r}")
    return value


def _request(model: type[BaseModel], body: dict[str, Any]) -> Any:
    try:
        return model.model_validate(body)
    except PydanticValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in item['loc']) or 'body'}: {item['msg']}"
            for item in error.errors(include_url=False, include_input=False))
        raise UsageProblem(f"the request is not valid: {problems}") from None


def _given(**fields: Any) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


def _tagged_json(tagged: Tagged[Assignment]) -> dict[str, Any]:
    return {**as_json(tagged.value), "_etag": tagged.etag}


async def create(client: AssignmentsClient, args: argparse.Namespace) -> int:
    body = {**_stdin_body(args), **_given(
        workflowId=args.workflow, memberId=args.member, priority=args.priority, dueAt=args.due,
        notes=args.notes, metadata=_metadata(args.metadata))}
    request = _request(CreateAssignmentRequest, body)
    key = args.idempotency_key or new_idempotency_key()
    as_json_output = args.format in ("json", "jsonl")
    try:
        created = await client.create_assignment(request, idempotency_key=key)
    except ApiError as error:
        code = exits.exit_code_for(error)
        if code == exits.FAILED and not as_json_output:
            print_error(f"{error.message}. The assignment may have been created: repeat with "
                        f"--idempotency-key {key} to find out without creating it twice",
                        code, as_json=False)
        else:
            print_error(error, code, as_json=as_json_output, idempotencyKey=key)
        return code
    if as_json_output:
        print(dumps(as_json(created), indent=2 if args.format == "json" else None))
    else:
        show_assignment(created, None)
    return exits.DONE


async def update(client: AssignmentsClient, args: argparse.Namespace) -> int:
    if args.due is not None and args.clear_due or args.notes is not None and args.clear_notes:
        raise UsageProblem("give a value or clear it, not both")
    body = {**_stdin_body(args), **_given(
        priority=args.priority, dueAt=args.due, notes=args.notes,
        metadata=_metadata(args.metadata), status=args.status)}
    body.update({"dueAt": None} if args.clear_due else {})
    body.update({"notes": None} if args.clear_notes else {})
    if not body:
        raise UsageProblem("nothing to update: give --priority, --due, --clear-due, --notes, "
                           "--clear-notes, --metadata, --status or a body on stdin")
    request = _request(UpdateAssignmentRequest, body)

    async def act(c: AssignmentsClient, aid: int) -> Tagged[Assignment]:
        etag = args.if_match or (await c.get_assignment(aid)).etag
        return await c.update_assignment(aid, request, if_match=etag)

    return await run_per_id(client, args, PerId(
        act, _tagged_json, lambda t: show_assignment(t.value, t.etag),
        lambda t: f"updated  {status_cell(t.value.status)}  etag {t.etag}"))


async def cancel(client: AssignmentsClient, args: argparse.Namespace) -> int:
    return await run_per_id(client, args, PerId(
        lambda c, aid: c.cancel_assignment(aid, args.reason), as_json,
        lambda a: show_assignment(a, None), lambda a: status_cell(a.status)))


def _find(tasks: list[AssignmentTask], wanted: str) -> AssignmentTask | None:
    for task in tasks:
        if task.key == wanted or (wanted.isdigit() and task.id == int(wanted)):
            return task
    return None


async def select(client: AssignmentsClient, args: argparse.Namespace) -> int:
    async def act(c: AssignmentsClient, aid: int) -> AssignmentTask:
        _, rows = await previews(c, aid)
        task = _find([task for task, _ in rows], args.task)
        if task is None:
            raise NotFoundError(f"assignment {aid} has no task {args.task!r} (by key or id)")
        hint = dict((t.id, h) for t, h in rows)[task.id]
        if hint.outcome in (Outcome.BLOCKED, Outcome.INVALID) and not args.force:
            raise PreviewRefusal(f"task {task.key} is {hint.outcome.value}: {hint.reason}; "
                                 "--force sends it anyway")
        return await c.select_task(aid, task.id)

    def detail(task: AssignmentTask) -> None:
        print(safe(f"now current: {task.position}. {task.name} (id {task.id}, {task.status})",
                   single_line=True))

    return await run_per_id(client, args, PerId(
        act, as_json, detail, lambda t: f"now current: {t.position}. {t.name} (id {t.id})"))
