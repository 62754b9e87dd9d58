"""Who the caller is and what they may do.

Three fixed demo tokens stand for three members (see `DEMO_TOKENS`). Every
refusal names the missing permission, because the console shows the detail
to the operator ("requires ASSIGNMENTS_WRITE scope").

Reading another member's assignment without ASSIGNMENTS_READ is 403, not
404: the sandbox does not hide that an assignment exists (a missing one is
404 for everyone), which keeps the console's error paths distinguishable.
"""

from __future__ import annotations

from dataclasses import dataclass
from sqlite3 import Row

from fastapi import HTTPException, Request

from assign_tui.sandbox.constants import (
    ADMIN_MEMBER_ID,
    DEMO_TOKENS,
    MEMBER_MEMBER_ID,
    MEMBER_USABLE_WORKFLOW_ID,
    READER_MEMBER_ID,
)

READ = "ASSIGNMENTS_READ"
WRITE = "ASSIGNMENTS_WRITE"
WRITABLE_STATUSES = frozenset({"pending", "active", "paused"})
SELECTABLE_STATUSES = frozenset({"active", "paused"})


@dataclass(frozen=True)
class Caller:
    """An authenticated workspace member. `usable_workflows` None means every workflow."""

    token: str
    member_id: int
    name: str
    scopes: frozenset[str]
    usable_workflows: frozenset[int] | None

    @property
    def can_read_all(self) -> bool:
        return READ in self.scopes

    @property
    def can_write_all(self) -> bool:
        return WRITE in self.scopes

    def may_use(self, workflow_id: int) -> bool:
        return self.usable_workflows is None or workflow_id in self.usable_workflows


CALLERS: dict[str, Caller] = {
    DEMO_TOKENS["admin"]: Caller(DEMO_TOKENS["admin"], ADMIN_MEMBER_ID, "Dana Operator",
                                 frozenset({READ, WRITE}), None),
    DEMO_TOKENS["reader"]: Caller(DEMO_TOKENS["reader"], READER_MEMBER_ID, "Riley Reader",
                                  frozenset({READ}), frozenset()),
    DEMO_TOKENS["member"]: Caller(DEMO_TOKENS["member"], MEMBER_MEMBER_ID, "Rosa Martínez",
                                  frozenset(), frozenset({MEMBER_USABLE_WORKFLOW_ID})),
}


def authenticate(request: Request) -> Caller:
    """The caller named by `Authorization: Bearer <token>`; 401 otherwise."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        raise HTTPException(401, "missing bearer token", {"WWW-Authenticate": "Bearer"})
    caller = CALLERS.get(token.strip()) if scheme.lower() == "bearer" else None
    if caller is None:
        raise HTTPException(401, "invalid or expired token", {"WWW-Authenticate": "Bearer"})
    return caller


def require_read(caller: Caller, assignment: Row) -> None:
    if assignment["member_id"] != caller.member_id and not caller.can_read_all:
        raise HTTPException(403, f"requires {READ} scope to read another member's assignment")


def require_write(caller: Caller, assignment: Row) -> None:
    if assignment["member_id"] != caller.member_id and not caller.can_write_all:
        raise HTTPException(403, f"requires {WRITE} scope to change another member's assignment")


def require_use(caller: Caller, workflow_id: int) -> None:
    if not caller.may_use(workflow_id):
        raise HTTPException(403, f"requires USE permission on workflow {workflow_id}")


def can_write(caller: Caller, assignment: Row) -> bool:
    return assignment["member_id"] == caller.member_id or caller.can_write_all


def allowed_actions(caller: Caller, assignment: Row) -> list[str]:
    """What this caller may do to this assignment now (the detail's `allowedActions`)."""
    if not can_write(caller, assignment):
        return []
    actions = ["update"]
    if assignment["status"] in WRITABLE_STATUSES:
        actions.append("cancel")
    if assignment["status"] in SELECTABLE_STATUSES:
        actions.append("select_task")
    return actions
