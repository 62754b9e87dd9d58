"""Endpoints 6-10: CEL context, current-task detail, messages, tasks and task selection."""

from __future__ import annotations

import json

from fastapi import APIRouter, HTTPException, Security
from fastapi.responses import JSONResponse

from assign_tui.api.models import AssignmentTask, ChatMessage, OperatorTaskDetail
from assign_tui.routing import evaluate_condition
from assign_tui.sandbox.constants import API_PREFIX_TEMPLATE
from assign_tui.sandbox.deps import CallerDep, State
from assign_tui.sandbox.guards import StrictJsonRoute
from assign_tui.sandbox.openapi import CelContextAnswer, answers, bearer
from assign_tui.sandbox.instructions import instructions_for
from assign_tui.sandbox.permissions import (
    SELECTABLE_STATUSES,
    allowed_actions,
    require_read,
    require_write,
)
from assign_tui.sandbox.repository import Row
from assign_tui.sandbox.state import SandboxState
from assign_tui.sandbox.views import (
    assignment_model,
    cel_context,
    dump,
    message_model,
    overrides,
    task_model,
    task_payload,
)
from assign_tui.sandbox.workflows import TASKS_BY_ID, WORKFLOWS_BY_ID

router = APIRouter(prefix=f"{API_PREFIX_TEMPLATE}/assignments/{{assignment_id}}",
                   route_class=StrictJsonRoute, dependencies=[Security(bearer)])


def _context(state: SandboxState, assignment: Row, *, redact: bool) -> dict[str, object]:
    member = state.repo.member(assignment["member_id"])
    assert member is not None
    return cel_context(assignment, state.repo.tasks(assignment["id"]), member,
                       state.clock.now_ts(), redact=redact)


def _task_or_404(state: SandboxState, assignment_id: int, task_id: int) -> Row:
    task = state.repo.task(task_id)
    if task is None or task["assignment_id"] != assignment_id:
        raise HTTPException(404, f"task {task_id} not found in assignment {assignment_id}")
    return task


@router.get("/cel-context", response_model=CelContextAnswer, responses=answers(403))
async def get_cel_context(state: State, caller: CallerDep, assignment_id: int) -> JSONResponse:
    row = state.assignment_or_404(assignment_id)
    require_read(caller, row)
    return JSONResponse(_context(state, row, redact=True))


@router.get("/current-task-detail", response_model=OperatorTaskDetail,
            responses=answers(403))
async def get_current_task_detail(
    state: State, caller: CallerDep, assignment_id: int,
) -> JSONResponse:
    row = state.assignment_or_404(assignment_id)
    require_read(caller, row)
    tasks = state.repo.tasks(assignment_id)
    current = next((t for t in tasks if t["id"] == row["current_task_id"]), None)
    if current is None:
        raise HTTPException(404, f"assignment {assignment_id} has no current task")
    state.ensure_conversation(row)
    count, last = state.repo.message_stats(assignment_id)
    definition = TASKS_BY_ID[current["task_id"]]
    member = state.repo.member(row["member_id"])
    assert member is not None
    detail = OperatorTaskDetail.model_validate({
        "assignment": assignment_model(row, tasks), "task": task_payload(current),
        "instructions": overrides(row).get(
            "instructions", instructions_for(WORKFLOWS_BY_ID[row["workflow_id"]], definition)),
        "form_schema": definition.form_schema,
        "form_data": _form_data(member["form_data"]),
        "message_count": count, "last_message_at": last,
        "allowed_actions": allowed_actions(caller, row),
    })
    return JSONResponse(dump(detail))


def _form_data(raw: str) -> dict[str, object]:
    """All the member's form data: what enforcement reads as `member.form_data`."""
    data: dict[str, object] = json.loads(raw)
    return data


@router.get("/messages", response_model=list[ChatMessage], responses=answers(403))
async def get_messages(state: State, caller: CallerDep, assignment_id: int) -> JSONResponse:
    row = state.assignment_or_404(assignment_id)
    require_read(caller, row)
    state.ensure_conversation(row)
    return JSONResponse([dump(message_model(m)) for m in state.repo.messages(assignment_id)])


@router.get("/tasks/{assignment_task_id}", response_model=AssignmentTask,
            responses=answers(403))
async def get_task(
    state: State, caller: CallerDep, assignment_id: int, assignment_task_id: int,
) -> JSONResponse:
    require_read(caller, state.assignment_or_404(assignment_id))
    return JSONResponse(dump(task_model(_task_or_404(state, assignment_id, assignment_task_id))))


@router.put("/tasks/{assignment_task_id}/select", response_model=AssignmentTask,
            responses=answers(403, 409))
async def select_task(
    state: State, caller: CallerDep, assignment_id: int, assignment_task_id: int,
) -> JSONResponse:
    row = state.assignment_or_404(assignment_id)
    require_write(caller, row)
    task = _task_or_404(state, assignment_id, assignment_task_id)
    if row["status"] not in SELECTABLE_STATUSES:
        raise HTTPException(409, f"assignment {assignment_id} is {row['status']}; tasks can be "
                            "selected only while it is active or paused")
    if task["is_current"]:
        return JSONResponse(dump(task_model(task)))
    condition = TASKS_BY_ID[task["task_id"]].condition
    try:
        hint = evaluate_condition(condition, _context(state, row, redact=False))
        outcome, reason = str(hint.outcome), hint.reason
    except Exception:  # the engine must not turn a refusal into a 500
        # Never the exception's text: it may quote the member's data.
        outcome, reason = "invalid", "the condition could not be evaluated"
    if outcome != "eligible":
        # The engine's reason usually quotes the condition; add it when it does not.
        why = reason if condition and condition in reason else f"{condition} ({reason})"
        prefix = "condition not met" if outcome == "blocked" else (
            f"condition cannot be evaluated ({outcome})")
        raise HTTPException(409, f"{prefix}: {why}")
    state.repo.select_task(row, task, state.clock.now_ts())
    updated = state.repo.task(assignment_task_id)
    assert updated is not None
    return JSONResponse(dump(task_model(updated)))
