"""Dependencies shared by the API routes: the caller, checked against the workspace."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import JSONResponse

from assign_tui.sandbox.permissions import Caller, authenticate
from assign_tui.sandbox.state import SandboxState, sandbox_state

State = Annotated[SandboxState, Depends(sandbox_state)]


def workspace_caller(request: Request, workspace_uuid: str) -> Caller:
    """401 before 404: an unknown token learns nothing about workspaces."""
    caller = authenticate(request)
    if workspace_uuid.lower() != sandbox_state(request).workspace:
        raise HTTPException(404, f"workspace {workspace_uuid} not found")
    return caller


CallerDep = Annotated[Caller, Depends(workspace_caller)]


def json_response(content: Any, status_code: int = 200,
                  headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(content, status_code=status_code, headers=headers)
