"""Assignments with a fixed id and a fixed role, for docs, demos, tests and benchmarks.

- 1001, 1002, 1007: owned by demo-admin (member 1) so that `mine` shows something.
- 1042: the README's example; demo-member's (311, Rosa Martínez), workflow 7,
  active, intake current (attempts 2), the contract's CEL snapshot exactly.
- 1043: 5,000 messages (generated on first read).
- 1044: one message of about 1 MB (generated on first read).
- 1045: workflow 7 for member 42 (age 42, consent refused), active: the
  conditions that 1042 passes on real data are refused here.
- 1046, 1051, 1063, 1088: more of demo-member's assignments.
They exist when the seeded size reaches them (the default 200 does).
"""

from __future__ import annotations

import json
import random
from typing import Any

from assign_tui.sandbox.constants import (
    ADMIN_MEMBER_ID,
    CONSENT_REFUSED_ASSIGNMENT_ID,
    HUGE_MESSAGE_ASSIGNMENT_ID,
    LONG_CONVERSATION_ASSIGNMENT_ID,
    MEMBER_MEMBER_ID,
    READER_MEMBER_ID,
    RICH_ASSIGNMENT_ID,
)
from assign_tui.sandbox.db import NO_DUE_KEY, PRIORITY_RANK, task_id_for
from assign_tui.sandbox.members import CONSENT_REFUSED_MEMBER_ID, MEMBER_COUNT
from assign_tui.sandbox.workflows import WORKFLOWS_BY_ID

FIXED_OWNERS: dict[int, int] = {
    1001: ADMIN_MEMBER_ID, 1002: ADMIN_MEMBER_ID, 1007: ADMIN_MEMBER_ID,
    RICH_ASSIGNMENT_ID: MEMBER_MEMBER_ID, 1046: MEMBER_MEMBER_ID, 1051: MEMBER_MEMBER_ID,
    1063: MEMBER_MEMBER_ID, 1088: MEMBER_MEMBER_ID,
    CONSENT_REFUSED_ASSIGNMENT_ID: CONSENT_REFUSED_MEMBER_ID,
    LONG_CONVERSATION_ASSIGNMENT_ID: 120, HUGE_MESSAGE_ASSIGNMENT_ID: 200,
}
_RESERVED = {ADMIN_MEMBER_ID, READER_MEMBER_ID, MEMBER_MEMBER_ID}


def owner_of(aid: int, rng: random.Random) -> int:
    """The owner's member id; always draws once so the stream does not depend on `aid`."""
    drawn = rng.randint(3, MEMBER_COUNT)
    if drawn in _RESERVED:
        drawn += 1
    return FIXED_OWNERS.get(aid, drawn)


def _fixed(aid: int, workflow_id: int, member: tuple[Any, ...], *, priority: str,
           created: str, updated: str, current: int, started: str, attempts: int,
           outputs: dict[str, dict[str, Any]], metadata: dict[str, Any],
           notes: str | None) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    wf = WORKFLOWS_BY_ID[workflow_id]
    tasks: list[tuple[Any, ...]] = []
    for pos, task in enumerate(wf.tasks, start=1):
        output = json.dumps(outputs.get(task.key, {}))
        if pos < current:
            tasks.append((task_id_for(aid, pos), aid, task.id, pos, "completed", 0, 1,
                          created, created, output))
        elif pos == current:
            tasks.append((task_id_for(aid, pos), aid, task.id, pos, "active", 1, attempts,
                          started, None, output))
        else:
            tasks.append((task_id_for(aid, pos), aid, task.id, pos, "pending", 0, 0,
                          None, None, output))
    row = (aid, wf.id, member[0], member[1], "active", priority, PRIORITY_RANK[priority],
           task_id_for(aid, current), wf.tasks[current - 1].id, None, NO_DUE_KEY, notes,
           json.dumps(metadata), None, created, updated, None, None)
    return row, tasks


def override(aid: int, row: tuple[Any, ...], tasks: list[tuple[Any, ...]],
             members: list[tuple[Any, ...]]) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    """Replace the generated assignment `aid` when it has a fixed role."""
    if aid == RICH_ASSIGNMENT_ID:
        return _fixed(aid, 7, members[MEMBER_MEMBER_ID - 1], priority="high",
                      created="2026-11-20T09:12:00Z", updated="2026-11-28T15:00:00Z",
                      current=1, started="2026-11-28T15:00:00Z", attempts=2,
                      outputs={"intake": {"score": 7}}, metadata={"channel": "sms"},
                      notes="Prefers calls after 5pm. Daughter (Ana) helps with medications.")
    if aid == CONSENT_REFUSED_ASSIGNMENT_ID:
        return _fixed(aid, 7, members[CONSENT_REFUSED_MEMBER_ID - 1], priority="normal",
                      created="2026-11-22T14:30:00Z", updated="2026-11-27T10:00:00Z",
                      current=1, started="2026-11-27T10:00:00Z", attempts=1,
                      outputs={"intake": {"score": 8}}, metadata={"channel": "phone"},
                      notes=None)
    if aid == LONG_CONVERSATION_ASSIGNMENT_ID:
        return _fixed(aid, 1, members[row[2] - 1], priority="normal",
                      created="2026-09-01T08:00:00Z", updated="2026-11-28T23:59:00Z",
                      current=2, started="2026-10-01T08:00:00Z", attempts=1,
                      outputs={"intake": {"score": 4}}, metadata={"channel": "sms"},
                      notes="Very long conversation (5,000 messages) for scrolling tests.")
    if aid == HUGE_MESSAGE_ASSIGNMENT_ID:
        return _fixed(aid, 3, members[row[2] - 1], priority="low",
                      created="2026-11-25T08:00:00Z", updated="2026-11-25T09:00:00Z",
                      current=1, started="2026-11-25T08:00:00Z", attempts=1,
                      outputs={}, metadata={"channel": "portal"},
                      notes="Holds one message of about 1 MB.")
    return row, tasks
