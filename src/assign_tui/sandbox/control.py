"""The control API under `/_sandbox`: faults, scripted answers, stats, messages, clock.

Needs no token but answers only on loopback: it is for tests, benchmarks
and demos driving the sandbox they started.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from assign_tui.sandbox.clock import format_ts, parse_ts
from assign_tui.sandbox.deps import State
from assign_tui.sandbox.faults import CONTROL_PREFIX, FaultConfig, ScriptedResponse
from assign_tui.sandbox.schemas import MessageBody

LOOPBACK = {"127.0.0.1", "::1", "localhost", "testclient"}


def loopback_only(request: Request) -> None:
    host = request.client.host if request.client else ""
    if host not in LOOPBACK and not host.startswith("127."):
        raise HTTPException(403, "the sandbox control API answers only on loopback")


router = APIRouter(prefix=CONTROL_PREFIX, dependencies=[Depends(loopback_only)])


class ClockBody(BaseModel):
    now: datetime | None = None


class TaskOverwrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    description: str | None = None
    kind: str | None = None
    output: dict[str, Any] | None = None


class OverwriteBody(BaseModel):
    """Raw values for hostile-data tests: stored and answered as given, no checks."""

    model_config = ConfigDict(extra="forbid")

    member_name: str | None = None
    status: str | None = None
    priority: str | None = None
    notes: str | None = None
    cancel_reason: str | None = None
    metadata: dict[str, Any] | None = None
    workflow_name: str | None = None
    instructions: str | None = None
    form_data: dict[str, Any] | None = None
    tasks: dict[int, TaskOverwrite] = {}
    messages: list[MessageBody] = []


def _known(data: dict[str, Any], cls: type) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise HTTPException(422, f"unknown fields: {', '.join(unknown)}")
    return data


@router.get("/health")
async def health(state: State) -> dict[str, Any]:
    return {"ok": True, "workspace": state.workspace, "seed": state.seed,
            "now": state.clock.now_ts(), "clock_fixed": state.clock.is_fixed}


@router.get("/faults")
async def get_faults(state: State) -> dict[str, Any]:
    return {**state.faults.config.as_dict(),
            "script": [vars(entry) for entry in state.faults.script]}


@router.post("/faults")
async def set_faults(state: State, body: dict[str, Any]) -> dict[str, Any]:
    """Replace the random-fault settings (fields left out go back to off)."""
    try:
        config = FaultConfig(**_known(body, FaultConfig))
    except TypeError as exc:
        raise HTTPException(422, str(exc)) from exc
    state.faults.configure(config)
    return config.as_dict()


@router.delete("/faults")
async def clear_faults(state: State) -> dict[str, Any]:
    """Everything off: random faults and the scripted queue."""
    state.faults.configure(FaultConfig())
    state.faults.script.clear()
    return state.faults.config.as_dict()


@router.post("/faults/script")
async def add_script(state: State, body: dict[str, Any] | list[dict[str, Any]]) -> dict[str, Any]:
    """Queue one or more scripted answers (first match wins, in queue order)."""
    entries = body if isinstance(body, list) else [body]
    for entry in entries:
        try:
            scripted = ScriptedResponse(**_known(entry, ScriptedResponse))
            scripted.matches("GET", "/")  # compiles the regex now, not on a later request
        except (TypeError, Exception) as exc:
            raise HTTPException(422, f"bad script entry: {exc}") from exc
        state.faults.script.append(scripted)
    return {"queued": len(state.faults.script)}


@router.get("/stats")
async def get_stats(state: State) -> dict[str, Any]:
    return {"requests": dict(sorted(state.faults.stats.items())),
            "total": sum(state.faults.stats.values())}


@router.post("/stats/reset")
async def reset_stats(state: State) -> dict[str, Any]:
    state.faults.stats.clear()
    return {"requests": {}, "total": 0}


@router.post("/assignments/{assignment_id}/messages", status_code=201)
async def append_message(state: State, assignment_id: int, body: MessageBody) -> JSONResponse:
    """Append a message (after the generated ones), as if the member or agent just wrote."""
    row = state.assignment_or_404(assignment_id)
    state.ensure_conversation(row)
    seq = state.repo.append_message(assignment_id, body.model_dump(), state.clock.now_ts())
    return JSONResponse({"assignment_id": assignment_id, "seq": seq,
                         "id": body.id or f"msg_{assignment_id}_{seq:05d}"}, 201)


@router.post("/assignments/{assignment_id}/overwrite")
async def overwrite(state: State, assignment_id: int, body: OverwriteBody) -> dict[str, Any]:
    """Set raw field values (fields left out stay) and append messages; see docs/sandbox.md."""
    row = state.assignment_or_404(assignment_id)
    given = body.model_fields_set
    columns: dict[str, Any] = {
        name: getattr(body, name)
        for name in ("member_name", "status", "priority", "notes", "cancel_reason")
        if name in given
    }
    if body.metadata is not None:
        columns["metadata"] = json.dumps(body.metadata)
    outputs = {pos: json.dumps(task.output) for pos, task in body.tasks.items()
               if task.output is not None}
    overrides: dict[str, Any] = {name: getattr(body, name)
                                 for name in ("workflow_name", "instructions") if name in given}
    shown = {str(pos): task.model_dump(include={"name", "description", "kind"},
                                       exclude_none=True) for pos, task in body.tasks.items()}
    if any(shown.values()):
        overrides["tasks"] = shown
    form_data = json.dumps(body.form_data) if body.form_data is not None else None
    state.repo.overwrite(assignment_id, columns, outputs, form_data, overrides)
    if body.messages:
        state.ensure_conversation(row)
        for message in body.messages:
            state.repo.append_message(assignment_id, message.model_dump(), state.clock.now_ts())
    return {"assignment_id": assignment_id, "messages_added": len(body.messages)}


@router.post("/clock")
async def set_clock(state: State, body: ClockBody) -> dict[str, Any]:
    """Pin the clock (`{"now": "..."}`) or return to real time (`{"now": null}`)."""
    state.clock.set(parse_ts(format_ts(body.now)) if body.now else None)
    return {"now": state.clock.now_ts(), "clock_fixed": state.clock.is_fixed}
