"""What one running sandbox holds: its database, clock, faults and identity."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import HTTPException, Request

from assign_tui.sandbox.clock import Clock
from assign_tui.sandbox.conversations import generate_conversation
from assign_tui.sandbox.faults import FaultInjector
from assign_tui.sandbox.repository import Repository, Row
from assign_tui.sandbox.storable import Limits


@dataclass
class SandboxState:
    repo: Repository
    clock: Clock
    faults: FaultInjector
    workspace: str
    seed: int
    limits: Limits = field(default_factory=Limits)

    def assignment_or_404(self, assignment_id: int) -> Row:
        row = self.repo.assignment(assignment_id)
        if row is None:
            raise HTTPException(404, f"assignment {assignment_id} not found")
        return row

    def ensure_conversation(self, assignment: Row) -> None:
        """Generate and store the assignment's conversation on first read."""
        if self.repo.conversation_ready(assignment["id"]):
            return
        member = self.repo.member(assignment["member_id"])
        assert member is not None
        self.repo.store_conversation(assignment["id"],
                                     generate_conversation(self.seed, assignment, member))

    def close(self) -> None:
        self.repo.conn.close()


def sandbox_state(request: Request) -> SandboxState:
    state: SandboxState = request.app.state.sandbox
    return state
