"""Endpoints 1-5: list, create, get, update and cancel assignments."""

from __future__ import annotations

import json
import math
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request, Security
from fastapi.responses import JSONResponse

from assign_tui.api.models import Assignment, AssignmentSortField, Page, SortOrder
from assign_tui.sandbox.clock import format_ts
from assign_tui.sandbox.constants import API_PREFIX_TEMPLATE
from assign_tui.sandbox.db import NO_DUE_KEY, PRIORITY_RANK
from assign_tui.sandbox.deps import CallerDep, State
from assign_tui.sandbox.guards import StrictJsonRoute
from assign_tui.sandbox.openapi import answers, bearer, with_etag
from assign_tui.sandbox.permissions import (
    READ,
    WRITABLE_STATUSES,
    WRITE,
    require_read,
    require_use,
    require_write,
)
from assign_tui.sandbox.schemas import (
    KNOWN_STATUSES,
    STATUS_FILTER_PATTERN,
    CancelBody,
    CreateBody,
    UpdateBody,
    body_error,
    query_error,
)
from assign_tui.sandbox.repository import MAX_ID, Row
from assign_tui.sandbox.state import SandboxState
from assign_tui.sandbox.views import assignment_model, dump, etag, etag_of
from assign_tui.sandbox.workflows import WORKFLOWS_BY_ID

router = APIRouter(prefix=API_PREFIX_TEMPLATE, route_class=StrictJsonRoute,
                   dependencies=[Security(bearer)])
MAX_PAGE = 1_000_000_000
TRANSITIONS = {("active", "paused"), ("paused", "active")}
#: The write counter of a new assignment (db.SCHEMA's default).
CREATED_VERSION = 1


def _assignment_response(state: SandboxState, assignment_id: int, status_code: int = 200,
                         headers: dict[str, str] | None = None) -> JSONResponse:
    row = state.assignment_or_404(assignment_id)
    body = dump(assignment_model(row, state.repo.tasks(assignment_id)))
    return JSONResponse(body, status_code, headers={"ETag": etag(row), **(headers or {})})


def _statuses(status: str | None) -> list[str]:
    values = [part.strip() for part in (status or "").split(",") if part.strip()]
    unknown = [value for value in values if value not in KNOWN_STATUSES]
    if unknown:
        raise query_error("status", f"unknown status {unknown[0]!r}; expected one or more of "
                          f"{', '.join(KNOWN_STATUSES)} joined by commas", status)
    return values


@router.get("/assignments", response_model=Page[Assignment], responses=answers(403))
async def list_assignments(
    state: State, caller: CallerDep,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, Query(alias="pageSize", ge=1, le=100)] = 20,
    sort_by: Annotated[AssignmentSortField, Query(alias="sortBy")] = AssignmentSortField.CREATED_AT,
    sort_order: Annotated[SortOrder, Query(alias="sortOrder")] = SortOrder.DESC,
    mine: bool = False,
    task_id: Annotated[int | None, Query(alias="taskId", ge=0, le=MAX_ID)] = None,
    member_id: Annotated[int | None, Query(alias="memberId", ge=0, le=MAX_ID)] = None,
    status: Annotated[str | None, Query(json_schema_extra={"pattern": STATUS_FILTER_PATTERN})] = None,
) -> JSONResponse:
    statuses = _statuses(status)
    if not caller.can_read_all:
        if member_id is not None and member_id != caller.member_id:
            raise HTTPException(403, f"requires {READ} scope to list another member's assignments")
        mine = True
    rows: list[Row]
    if mine and member_id is not None and member_id != caller.member_id:
        rows, total = [], 0  # both filters apply, and they cannot both hold
    else:
        rows, total = state.repo.list_page(
            member_id=caller.member_id if mine else member_id, task_def_id=task_id,
            statuses=statuses, sort_by=sort_by.value, descending=sort_order is SortOrder.DESC,
            offset=(page - 1) * page_size, limit=page_size)
    items = [assignment_model(row, state.repo.tasks(row["id"])) for row in rows]
    result = Page(items=items, total=total, page=page, page_size=page_size,
                  total_pages=math.ceil(total / page_size))
    return JSONResponse(dump(result))


@router.post("/assignments", status_code=201, response_model=Assignment,
             responses={**answers(403, 409), **with_etag(201, location=True)})
async def create_assignment(
    request: Request, state: State, caller: CallerDep, body: CreateBody,
    idempotency_key: Annotated[str | None, Header(max_length=255)] = None,
) -> JSONResponse:
    canonical = json.dumps(await request.json(), sort_keys=True, ensure_ascii=False)
    if idempotency_key:
        previous = state.repo.idempotent_result(caller.token, idempotency_key)
        if previous is not None:
            if previous["body"] != canonical:
                raise HTTPException(409, "Idempotency-Key was already used with a different body")
            first = json.loads(previous["response"])
            # The first answer again, headers too: it showed the assignment as created (v1).
            return JSONResponse(first, previous["status"], headers={
                "Idempotency-Replayed": "true", "ETag": etag_of(first["id"], CREATED_VERSION),
                "Location": f"{request.url.path}/{first['id']}"})
    workflow = WORKFLOWS_BY_ID.get(body.workflow_id)
    if workflow is None:
        raise body_error("workflowId", f"no such workflow: {body.workflow_id}", body.workflow_id)
    member_id = caller.member_id if body.member_id is None else body.member_id
    if member_id != caller.member_id and not caller.can_write_all:
        raise HTTPException(403, f"requires {WRITE} scope to create for another member")
    member = state.repo.member(member_id)
    if member is None:
        raise body_error("memberId", f"no such member: {member_id}", member_id)
    require_use(caller, workflow.id)
    now = state.clock.now_ts()
    # One unit: a create whose answer cannot be built leaves no row and no key behind.
    with state.repo.transaction():
        aid = state.repo.create(
            workflow=workflow, member=member, priority=body.priority or "normal",
            due_at=format_ts(body.due_at) if body.due_at else None, notes=body.notes,
            metadata=body.metadata or {}, now=now)
        response = _assignment_response(state, aid, 201,
                                        {"Location": f"{request.url.path}/{aid}"})
        if idempotency_key:
            state.repo.remember_result(caller.token, idempotency_key, canonical, 201,
                                       bytes(response.body).decode())
    return response


@router.get("/assignments/{assignment_id}", response_model=Assignment,
            responses={**answers(403), **with_etag()})
async def get_assignment(state: State, caller: CallerDep, assignment_id: int) -> JSONResponse:
    require_read(caller, state.assignment_or_404(assignment_id))
    return _assignment_response(state, assignment_id)


def _if_match_ok(header: str, current: str) -> bool:
    candidates = [part.strip().removeprefix("W/") for part in header.split(",")]
    return "*" in candidates or current in candidates


@router.put("/assignments/{assignment_id}", response_model=Assignment,
            responses={**answers(403, 409, 412), **with_etag()})
async def update_assignment(
    state: State, caller: CallerDep, assignment_id: int, body: UpdateBody,
    if_match: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    row = state.assignment_or_404(assignment_id)
    require_write(caller, row)
    if if_match is not None and not _if_match_ok(if_match, etag(row)):
        raise HTTPException(412, f"assignment {assignment_id} changed since it was read "
                            f"(ETag is now {etag(row)})", {"ETag": etag(row)})
    fields = body.model_fields_set
    changes: dict[str, object] = {}
    if "status" in fields and body.status != row["status"]:
        if (row["status"], body.status) not in TRANSITIONS:
            raise HTTPException(409, f"cannot change status from {row['status']} to "
                                f"{body.status}: only active <-> paused")
        changes["status"] = body.status
    if "priority" in fields and body.priority is not None:
        changes.update(priority=body.priority, priority_rank=PRIORITY_RANK[body.priority])
    if "due_at" in fields:
        due = format_ts(body.due_at) if body.due_at else None
        changes.update(due_at=due, due_key=due or NO_DUE_KEY)
    if "notes" in fields:
        changes["notes"] = body.notes
    if "metadata" in fields:
        changes["metadata"] = json.dumps(body.metadata, ensure_ascii=False)
    if fields:
        state.repo.update(assignment_id, changes, state.clock.now_ts())
    return _assignment_response(state, assignment_id)


@router.post("/assignments/{assignment_id}/cancel", response_model=Assignment,
             responses={**answers(403, 409), **with_etag()})
async def cancel_assignment(
    state: State, caller: CallerDep, assignment_id: int, body: CancelBody,
) -> JSONResponse:
    row = state.assignment_or_404(assignment_id)
    require_write(caller, row)
    if row["status"] not in WRITABLE_STATUSES:
        raise HTTPException(409, f"assignment {assignment_id} is {row['status']}; only pending, "
                            "active or paused assignments can be cancelled")
    now = state.clock.now_ts()
    state.repo.update(assignment_id, {"status": "cancelled", "cancel_reason": body.reason,
                                      "cancelled_at": now}, now)
    return _assignment_response(state, assignment_id)
