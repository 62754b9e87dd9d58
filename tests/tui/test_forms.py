"""The write forms against a fresh sandbox: success, every failure keeps the input, sent once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Static

from assign_tui.api.client import Tagged
from assign_tui.api.models import Assignment
from assign_tui.tui.modals.cancel_assignment import CancelAssignmentModal
from assign_tui.tui.modals.confirm import ConfirmModal
from assign_tui.tui.modals.create_assignment import CreateAssignmentModal
from assign_tui.tui.modals.form import FormModal
from assign_tui.tui.modals.update_assignment import UpdateAssignmentModal

from .conftest import FIXED_NOW
from .helpers import settle

ADMIN = {"Authorization": "Bearer demo-admin"}
CREATE_ROUTE = "POST /assignments"
CANCEL_ROUTE = "POST /assignments/{assignment_id}/cancel"
CREATE_INPUT = {
    "workflow": "7",
    "priority": "high",
    "due": "2026-12-01 09:30",
    "notes": "Call after 5pm; daughter helps.",
    "metadata": '{"channel": "sms", "source": "forms-test"}',
}


# -- helpers ------------------------------------------------------------------------


def script(server: Any, **entry: Any) -> None:
    """Queue a scripted answer in the sandbox (see sandbox/faults.py)."""
    httpx.post(f"{server.base_url}/_sandbox/faults/script", json=entry).raise_for_status()


def requests_to(server: Any, route: str) -> int:
    stats = httpx.get(f"{server.base_url}/_sandbox/stats").json()
    return int(stats["requests"].get(route, 0))


def total_assignments(server: Any) -> int:
    answer = httpx.get(f"{server.api_url}/assignments", params={"pageSize": 1}, headers=ADMIN)
    return int(answer.json()["total"])


def server_assignment(server: Any, assignment_id: int) -> dict[str, Any]:
    answer = httpx.get(f"{server.api_url}/assignments/{assignment_id}", headers=ADMIN)
    return dict(answer.json())


async def open_modal(pilot: Pilot[Any], modal: FormModal[Any]) -> list[Any]:
    """Push `modal` and answer the list its dismiss result lands in."""
    results: list[Any] = []
    pilot.app.push_screen(modal, results.append)
    await settle(pilot)
    return results


def fill(modal: FormModal[Any], **values: str) -> None:
    for name, text in values.items():
        modal.set_field_text(name, text)


def texts(modal: FormModal[Any]) -> dict[str, str]:
    return {name: modal.field_text(name) for name in modal.fields}


async def submit(pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


async def rich_assignment(pilot: Pilot[Any]) -> Tagged[Assignment]:
    app: Any = pilot.app
    tagged: Tagged[Assignment] = await app.client.get_assignment(1042)
    app.remember([tagged.value])
    return tagged


# -- create -------------------------------------------------------------------------


async def test_create_success_dismisses_with_the_new_assignment(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    before = total_assignments(fresh_sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        tagged = await rich_assignment(pilot)
        modal = CreateAssignmentModal()
        results = await open_modal(pilot, modal)
        await pilot.press("7")  # typed, as an operator would
        await settle(pilot)
        workflow_line = str(modal.row("workflow").query_one(".form-message", Static).render())
        assert workflow_line == f"7 · {tagged.value.workflow_name}"
        fill(modal, **{k: v for k, v in CREATE_INPUT.items() if k != "workflow"})
        await submit(pilot)
    assert len(results) == 1
    created = results[0]
    assert isinstance(created, Assignment)
    assert (created.workflow_id, created.member_id, created.priority) == (7, 1, "high")
    assert created.notes == CREATE_INPUT["notes"]
    assert created.metadata == {"channel": "sms", "source": "forms-test"}
    on_server = server_assignment(fresh_sandbox, created.id)
    assert on_server["dueAt"] == "2026-12-01T09:30:00Z"
    assert total_assignments(fresh_sandbox) == before + 1


async def test_create_local_errors_are_shown_at_the_fields_and_nothing_is_sent(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        modal = CreateAssignmentModal()
        results = await open_modal(pilot, modal)
        fill(modal, due="next week", metadata="[1, 2]", notes="x" * 4001)
        await settle(pilot)
        assert "YYYY-MM-DD HH:MM" in (modal.row("due").error or "")
        assert "JSON object" in (modal.row("metadata").error or "")
        assert "1 too many" in (modal.row("notes").error or "")
        assert modal.row("workflow").error is None  # not typed into yet
        await submit(pilot)
        assert modal.row("workflow").error == "Workflow id is required"
        assert app.screen is modal and results == []
    assert requests_to(fresh_sandbox, CREATE_ROUTE) == 0


async def test_create_double_submit_creates_one_assignment(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    before = total_assignments(fresh_sandbox)
    # Held long enough to be in flight across the presses, even on a loaded machine.
    script(fresh_sandbox, method="POST", path="/assignments$", status=None, delay_ms=1500)
    async with app.run_test(size=(80, 24)) as pilot:
        modal = CreateAssignmentModal()
        results = await open_modal(pilot, modal)
        fill(modal, **CREATE_INPUT)
        await pilot.press("ctrl+s")
        assert modal.in_flight and modal.query_one("#submit", Button).disabled
        await pilot.press("ctrl+s")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert len(results) == 1 and isinstance(results[0], Assignment)
    assert requests_to(fresh_sandbox, CREATE_ROUTE) == 1
    assert total_assignments(fresh_sandbox) == before + 1


@pytest.mark.parametrize(
    ("token", "workflow"),
    [("demo-reader", "7"), ("demo-member", "3")],
)
async def test_create_403_is_shown_at_the_workflow_and_keeps_every_field(
    fresh_console_app: Any, fresh_sandbox: Any, token: str, workflow: str
) -> None:
    app = fresh_console_app(token=token)
    async with app.run_test(size=(80, 24)) as pilot:
        modal = CreateAssignmentModal()
        results = await open_modal(pilot, modal)
        fill(modal, **{**CREATE_INPUT, "workflow": workflow})
        typed = texts(modal)
        await submit(pilot)
        assert results == [] and app.screen is modal
        assert modal.row("workflow").error == f"requires USE permission on workflow {workflow}"
        assert modal.status.is_error and "HTTP 403" in modal.status.plain
        assert texts(modal) == typed
        assert app.focused is modal.query_one("#workflow")


async def test_create_422_is_shown_at_the_field_the_server_names(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        modal = CreateAssignmentModal()
        results = await open_modal(pilot, modal)
        fill(modal, **CREATE_INPUT, member="99999")
        typed = texts(modal)
        await submit(pilot)
        assert results == []
        assert modal.row("member").error == "no such member: 99999"
        assert "HTTP 422" in modal.status.plain
        assert texts(modal) == typed
        # Correcting the field clears the server's message and the same form can succeed.
        fill(modal, member="")
        await settle(pilot)
        assert modal.row("member").error is None
        await submit(pilot)
    assert len(results) == 1 and results[0].member_id == 1


async def test_create_401_keeps_the_input(fresh_console_app: Any, fresh_sandbox: Any) -> None:
    app = fresh_console_app(token="not-a-token")
    async with app.run_test(size=(80, 24)) as pilot:
        modal = CreateAssignmentModal()
        results = await open_modal(pilot, modal)
        fill(modal, **CREATE_INPUT)
        typed = texts(modal)
        await submit(pilot)
        assert results == [] and texts(modal) == typed
        assert "Not signed in" in modal.status.plain


FAULTS: dict[str, dict[str, Any]] = {
    "500": {"status": 500, "body": {"detail": "boom"}, "times": 3},
    "timeout": {"status": None, "delay_ms": 1500, "times": 3},
    "dropped": {"drop": True, "times": 3},
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
async def test_create_fault_keeps_input_then_retry_creates_one(
    fresh_console_app: Any, fresh_sandbox: Any, fault: str
) -> None:
    app = fresh_console_app(read_timeout=0.3)
    before = total_assignments(fresh_sandbox)
    script(fresh_sandbox, method="POST", path="/assignments$", **FAULTS[fault])
    async with app.run_test(size=(80, 24)) as pilot:
        modal = CreateAssignmentModal()
        results = await open_modal(pilot, modal)
        fill(modal, **CREATE_INPUT)
        typed = texts(modal)
        await submit(pilot)
        assert results == [] and texts(modal) == typed
        assert modal.status.is_error and "ctrl+s" in modal.status.plain
        first_key = modal.last_idempotency_key
        await submit(pilot)
        assert modal.last_idempotency_key == first_key
    assert len(results) == 1 and isinstance(results[0], Assignment)
    assert total_assignments(fresh_sandbox) == before + 1


async def test_create_connection_refused_keeps_input_then_retry_succeeds(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        modal = CreateAssignmentModal()
        results = await open_modal(pilot, modal)
        fill(modal, **CREATE_INPUT)
        typed = texts(modal)
        fresh_sandbox.stop()
        try:
            await submit(pilot)
            assert "Cannot reach the server" in modal.status.plain
            assert results == [] and texts(modal) == typed
        finally:
            fresh_sandbox.start()
        await submit(pilot)
    assert len(results) == 1 and isinstance(results[0], Assignment)


async def test_create_changed_body_after_a_failure_gets_a_new_key(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    script(fresh_sandbox, method="POST", path="/assignments$", status=500, times=3)
    async with app.run_test(size=(80, 24)) as pilot:
        modal = CreateAssignmentModal()
        results = await open_modal(pilot, modal)
        fill(modal, **CREATE_INPUT)
        await submit(pilot)
        first_key = modal.last_idempotency_key
        fill(modal, notes="A different note")
        await submit(pilot)
        assert modal.last_idempotency_key != first_key
    assert len(results) == 1 and results[0].notes == "A different note"


async def test_create_in_read_only_mode_sends_nothing(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.read_only = True
        modal = CreateAssignmentModal()
        results = await open_modal(pilot, modal)
        fill(modal, **CREATE_INPUT)
        await submit(pilot)
        assert results == [] and "Read-only" in modal.status.plain
    assert requests_to(fresh_sandbox, CREATE_ROUTE) == 0


# -- update -------------------------------------------------------------------------


def other_priority(current: str) -> str:
    return "urgent" if current != "urgent" else "low"


async def test_update_sends_only_the_changed_fields_with_if_match(
    fresh_console_app: Any, fresh_sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        tagged = await rich_assignment(pilot)
        before = server_assignment(fresh_sandbox, 1042)
        sent: list[tuple[dict[str, Any], str | None]] = []
        update = app.client.update_assignment

        async def spy(assignment_id: int, request: Any, *, if_match: str | None = None) -> Any:
            sent.append((request.body(), if_match))
            return await update(assignment_id, request, if_match=if_match)

        monkeypatch.setattr(app.client, "update_assignment", spy)
        modal = UpdateAssignmentModal(tagged.value, tagged.etag)
        results = await open_modal(pilot, modal)
        assert not modal.has_unsaved_input
        await submit(pilot)  # nothing changed: nothing sent
        assert sent == [] and "Nothing changed" in modal.status.plain
        priority = other_priority(tagged.value.priority)
        fill(modal, priority=priority, due="2026-12-01 09:30")
        await submit(pilot)
    assert sent == [({"priority": priority, "dueAt": "2026-12-01T09:30:00Z"}, tagged.etag)]
    assert len(results) == 1 and isinstance(results[0], Tagged)
    assert results[0].etag not in (None, tagged.etag)
    after = server_assignment(fresh_sandbox, 1042)
    assert (after["priority"], after["dueAt"]) == (priority, "2026-12-01T09:30:00Z")
    assert (after["notes"], after["metadata"]) == (before["notes"], before["metadata"])


async def test_relative_due_sends_the_moment_shown_when_typed(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    """"+2h" is shown under the field as a moment; ctrl+s a minute or two later sent one
    counted from then (a new-user walk-through: shown 16:17, saved 16:18)."""
    app = fresh_console_app()
    now = [FIXED_NOW + timedelta(seconds=30)]
    async with app.run_test(size=(80, 24)) as pilot:
        tagged = await rich_assignment(pilot)
        app.clock = lambda: now[0]
        modal = UpdateAssignmentModal(tagged.value, tagged.etag)
        await open_modal(pilot, modal)
        fill(modal, due="+2h")
        await pilot.pause()
        assert "2026-11-29 09:01" in str(modal.row("due").query_one(".form-message", Static).render())
        now[0] = FIXED_NOW + timedelta(minutes=2, seconds=10)  # the operator reads, then sends
        await submit(pilot)
    assert server_assignment(fresh_sandbox, 1042)["dueAt"] == "2026-11-29T09:01:00Z"


async def test_update_412_shows_the_diff_keeps_the_edit_and_reapply_succeeds(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        tagged = await rich_assignment(pilot)
        modal = UpdateAssignmentModal(tagged.value, tagged.etag)
        results = await open_modal(pilot, modal)
        fill(modal, notes="Operator's new note", metadata='{"channel": "phone"}')
        theirs = other_priority(tagged.value.priority)
        meanwhile = httpx.put(
            f"{fresh_sandbox.api_url}/assignments/1042", json={"priority": theirs}, headers=ADMIN
        )
        assert meanwhile.status_code == 200
        typed = texts(modal)
        await submit(pilot)
        assert results == [] and modal.fresh is not None
        assert "Someone else changed" in modal.status.plain
        report = str(modal.query_one("#stale", Static).render())
        assert f"priority: {tagged.value.priority} → {theirs}" in report
        assert texts(modal) == typed
        assert modal.query_one("#reapply", Button).display
        await pilot.press("ctrl+r")
        await settle(pilot)
    assert len(results) == 1 and isinstance(results[0], Tagged)
    after = server_assignment(fresh_sandbox, 1042)
    assert after["notes"] == "Operator's new note"
    assert after["metadata"] == {"channel": "phone"}
    assert after["priority"] == theirs  # their change is kept: only my fields were sent


async def test_update_422_and_500_keep_the_edit(fresh_console_app: Any, fresh_sandbox: Any) -> None:
    app = fresh_console_app()
    script(
        fresh_sandbox,
        method="PUT",
        path="/assignments/1042$",
        status=422,
        body={"detail": [{"loc": ["body", "notes"], "msg": "too rude", "type": "value_error"}]},
    )
    async with app.run_test(size=(80, 24)) as pilot:
        tagged = await rich_assignment(pilot)
        modal = UpdateAssignmentModal(tagged.value, tagged.etag)
        results = await open_modal(pilot, modal)
        fill(modal, notes="Some note")
        typed = texts(modal)
        await submit(pilot)
        assert modal.row("notes").error == "too rude" and texts(modal) == typed
        script(fresh_sandbox, method="PUT", path="/assignments/1042$", status=500, times=3)
        await submit(pilot)
        assert "Server error" in modal.status.plain and texts(modal) == typed
        await submit(pilot)
    assert len(results) == 1 and results[0].value.notes == "Some note"


# -- cancel -------------------------------------------------------------------------


async def test_cancel_success_asks_with_id_and_member(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        tagged = await rich_assignment(pilot)
        modal = CancelAssignmentModal(tagged.value)
        results = await open_modal(pilot, modal)
        question = str(modal.query_one(".form-question", Static).render())
        assert f"Cancel assignment 1042 for {tagged.value.member_name}?" in question
        await pilot.press(*"duplicate")
        await settle(pilot)
        line = str(modal.row("reason").query_one(".form-message", Static).render())
        assert line == "9/500"
        await submit(pilot)
    assert len(results) == 1 and isinstance(results[0], Assignment)
    assert (results[0].status, results[0].cancel_reason) == ("cancelled", "duplicate")
    assert server_assignment(fresh_sandbox, 1042)["status"] == "cancelled"


async def test_cancel_409_on_an_already_cancelled_one_says_so(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        tagged = await rich_assignment(pilot)
        first = httpx.post(
            f"{fresh_sandbox.api_url}/assignments/1042/cancel", json={"reason": "x"}, headers=ADMIN
        )
        assert first.status_code == 200
        modal = CancelAssignmentModal(tagged.value)
        results = await open_modal(pilot, modal)
        fill(modal, reason="duplicate")
        await submit(pilot)
        assert results == [] and modal.reason == "duplicate"
        assert "can no longer be cancelled" in modal.status.plain
        assert "cancelled" in modal.status.plain


async def test_cancel_is_sent_once_and_never_retried(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    # Slow enough that the button is still disabled when checked on a loaded machine.
    script(fresh_sandbox, method="POST", path="/cancel$", status=500, delay_ms=1500, times=5)
    async with app.run_test(size=(80, 24)) as pilot:
        tagged = await rich_assignment(pilot)
        modal = CancelAssignmentModal(tagged.value)
        results = await open_modal(pilot, modal)
        fill(modal, reason="duplicate")
        await pilot.press("ctrl+s")
        assert modal.query_one("#submit", Button).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert requests_to(fresh_sandbox, CANCEL_ROUTE) == 1
        assert results == [] and modal.reason == "duplicate"
        assert "Server error" in modal.status.plain
        assert not modal.query_one("#submit", Button).disabled


async def test_cancel_needs_a_reason(fresh_console_app: Any, fresh_sandbox: Any) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        tagged = await rich_assignment(pilot)
        modal = CancelAssignmentModal(tagged.value)
        results = await open_modal(pilot, modal)
        fill(modal, reason="   ")
        await submit(pilot)
        assert results == [] and modal.row("reason").error == "a reason is required"
    assert requests_to(fresh_sandbox, CANCEL_ROUTE) == 0


# -- leaving ------------------------------------------------------------------------


async def test_esc_on_clean_forms_leaves_without_asking(fresh_console_app: Any) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        tagged = await rich_assignment(pilot)
        for modal in (
            CreateAssignmentModal(),
            UpdateAssignmentModal(tagged.value, tagged.etag),
            CancelAssignmentModal(tagged.value),
        ):
            results = await open_modal(pilot, modal)
            assert not modal.has_unsaved_input
            await pilot.press("escape")
            await settle(pilot)
            assert results == [None]
            assert not isinstance(app.screen, FormModal | ConfirmModal)


async def test_esc_on_a_dirty_form_asks_first(fresh_console_app: Any) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        tagged = await rich_assignment(pilot)
        cases: list[tuple[FormModal[Any], dict[str, str]]] = [
            (CreateAssignmentModal(), {"notes": "half-typed"}),
            (UpdateAssignmentModal(tagged.value, tagged.etag), {"due": "2026-12-0"}),
            (CancelAssignmentModal(tagged.value), {"reason": "dup"}),
        ]
        for modal, values in cases:
            results = await open_modal(pilot, modal)
            fill(modal, **values)
            await settle(pilot)
            assert modal.has_unsaved_input
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmModal)
            await pilot.press("n")  # keep editing: nothing lost
            await settle(pilot)
            assert app.screen is modal and results == []
            assert all(modal.field_text(name) == text for name, text in values.items())
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert results == [None] and app.screen is not modal
