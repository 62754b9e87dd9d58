"""Acting on many: one write (a cancel, or the same update) sent to each marked assignment.

The rules are the single write's, applied to each assignment on its own:

- a few at a time (`BOUND` writes, and as many reads one round ahead of them): a
  queue of fifty does not open fifty connections;
- each is read fresh first (`GET`): its status now decides whether the write may
  apply (`tui.rules`), and an update carries that read's ETag in `If-Match`, so
  a change made by someone else meanwhile is a 412, never overwritten (the
  contract's cancel takes no `If-Match`: its fresh status is the check);
- a write is sent once. A lost answer is "unknown", never "failed": the server
  may have done it. A cancel is never retried; an update is retried by the client
  only with `If-Match`, and a 412 of its own making is found out by reading back;
- stopping (Esc, ctrl+c) sends no more writes; the ones on their way are awaited,
  so every assignment ends in exactly one outcome.

No Textual here: the list screen shows the progress and the results, and
`bench/bulk.py` times the same code against a slow server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from assign_tui.api.errors import (
    ApiError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    StaleError,
    outcome_unknown,
)
from assign_tui.api.models import Assignment, UpdateAssignmentRequest
from assign_tui.tui.format import safe
from assign_tui.tui.rules import write_refusal

if TYPE_CHECKING:
    from assign_tui.api.client import AssignmentsClient, Tagged

__all__ = ["BOUND", "BulkOutcome", "BulkResult", "BulkWrite", "send_all"]

#: Writes on their way at once.
BOUND = 4

Outcome = Literal["done", "refused", "unknown", "not_sent"]


@dataclass(frozen=True)
class BulkWrite:
    """What to do to every marked assignment: cancel with `reason`, or update `changes`."""

    kind: Literal["cancel", "update"]
    reason: str = ""
    priority: str | None = None
    due_at: datetime | None = None

    @property
    def doing(self) -> str:
        return "Cancelling" if self.kind == "cancel" else "Updating"

    def request(self) -> UpdateAssignmentRequest:
        changes: dict[str, object] = {}
        if self.priority is not None:
            changes["priority"] = self.priority
        if self.due_at is not None:
            changes["due_at"] = self.due_at
        return UpdateAssignmentRequest.model_validate(changes)

    def holds(self, assignment: Assignment) -> bool:
        """Whether the server's `assignment` already shows this write done."""
        if self.kind == "cancel":
            return assignment.status == "cancelled"
        return (self.priority is None or assignment.priority == self.priority) and (
            self.due_at is None or assignment.due_at == self.due_at
        )


@dataclass
class BulkResult:
    """One assignment's outcome; `detail` is the server's reason, or what happened."""

    assignment_id: int
    outcome: Outcome
    detail: str = ""
    status: int | None = None
    assignment: Assignment | None = None


@dataclass
class BulkOutcome:
    """Every result, in the order the assignments were given."""

    results: list[BulkResult] = field(default_factory=list)
    stopped: bool = False

    def ids(self, outcome: Outcome) -> list[int]:
        return [r.assignment_id for r in self.results if r.outcome == outcome]

    def of(self, outcome: Outcome) -> list[BulkResult]:
        return [r for r in self.results if r.outcome == outcome]


Progress = Callable[[int, int], None]


async def send_all(
    client: AssignmentsClient,
    ids: list[int],
    write: BulkWrite,
    *,
    stop: asyncio.Event | None = None,
    on_progress: Progress | None = None,
    bound: int = BOUND,
) -> BulkOutcome:
    """Send `write` to each of `ids`, `bound` writes at a time; `on_progress(started, total)`
    as each write goes out. Once `stop` is set, the rest are "not_sent"."""
    stop = stop or asyncio.Event()
    gates = _Gates(asyncio.Semaphore(bound), asyncio.Semaphore(bound))
    started = 0

    def going() -> None:
        nonlocal started
        started += 1
        if on_progress is not None:
            on_progress(started, len(ids))

    results = await asyncio.gather(
        *(_send_one(client, i, write, stop, going, gates) for i in ids)
    )
    return BulkOutcome(list(results), stopped=stop.is_set())


@dataclass(frozen=True)
class _Gates:
    """Reads and writes each `bound` at a time: the reads run one round ahead of the
    writes, so fifty writes take about fifty / `bound` round trips, not twice that."""

    reads: asyncio.Semaphore
    writes: asyncio.Semaphore


async def _send_one(
    client: AssignmentsClient,
    assignment_id: int,
    write: BulkWrite,
    stop: asyncio.Event,
    going: Callable[[], None],
    gates: _Gates,
) -> BulkResult:
    async with gates.reads:
        if stop.is_set():
            return BulkResult(assignment_id, "not_sent", "stopped before it was sent")
        try:
            fresh = await client.get_assignment(assignment_id)
        except (NotFoundError, PermissionDeniedError) as error:
            return _refused(assignment_id, error)
        except ApiError as error:
            return BulkResult(assignment_id, "not_sent", f"it could not be read: {_words(error)}")
    refusal = write_refusal(write.kind, read_only=False, status=fresh.value.status)
    if refusal:
        return BulkResult(assignment_id, "not_sent", refusal, assignment=fresh.value)
    async with gates.writes:
        return await _write_one(client, assignment_id, write, stop, going, fresh)


async def _write_one(
    client: AssignmentsClient,
    assignment_id: int,
    write: BulkWrite,
    stop: asyncio.Event,
    going: Callable[[], None],
    fresh: Tagged[Assignment],
) -> BulkResult:
    if stop.is_set():
        return BulkResult(assignment_id, "not_sent", "stopped before it was sent")
    going()
    try:
        if write.kind == "cancel":
            done = await client.cancel_assignment(assignment_id, write.reason)
        else:
            tagged = await client.update_assignment(
                assignment_id, write.request(), if_match=fresh.etag
            )
            done = tagged.value
    except StaleError as error:
        return await _after_stale(client, assignment_id, write, error)
    except ApiError as error:
        if outcome_unknown(error):  # what was lost, without the server's address
            detail = safe(error.detail or error.title, single_line=True)
            return BulkResult(assignment_id, "unknown", detail)
        return _refused(assignment_id, error)
    return BulkResult(assignment_id, "done", assignment=done)


async def _after_stale(
    client: AssignmentsClient, assignment_id: int, write: BulkWrite, stale: StaleError
) -> BulkResult:
    """A 412 may answer the client's own retry of an update that was done: read back."""
    try:
        now = await client.get_assignment(assignment_id)
    except ApiError:
        return _refused(assignment_id, stale)
    if write.holds(now.value):
        return BulkResult(assignment_id, "done", assignment=now.value)
    return _refused(assignment_id, stale)


def _refused(assignment_id: int, error: ApiError) -> BulkResult:
    if isinstance(error, ConflictError | StaleError | PermissionDeniedError):
        detail = safe(error.detail or error.title, single_line=True)
    else:
        detail = _words(error)
    return BulkResult(assignment_id, "refused", detail, status=error.status)


def _words(error: ApiError) -> str:
    return safe(error.message, single_line=True)


async def check_unknown(
    client: AssignmentsClient, results: list[BulkResult], write: BulkWrite
) -> None:
    """ctrl+o after lost answers: read each unknown one back and say what the server holds
    (done, or not done: then it can be sent again); a read that fails leaves it unknown."""

    async def check(result: BulkResult) -> None:
        try:
            now = await client.get_assignment(result.assignment_id)
        except ApiError as error:
            result.detail = f"the check failed too: {_words(error)}"
            return
        result.assignment = now.value
        if write.holds(now.value):
            result.outcome, result.detail = "done", "checked: the server shows it done"
        else:
            status = safe(now.value.status, single_line=True)
            result.outcome = "not_sent"
            result.detail = f"checked: not done, the server shows it {status}"

    gate = asyncio.Semaphore(BOUND)

    async def bounded(result: BulkResult) -> None:
        async with gate:
            await check(result)

    await asyncio.gather(*(bounded(r) for r in results if r.outcome == "unknown"))
