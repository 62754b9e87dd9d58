"""A write whose answer is lost: the console says the outcome is unknown, and finds out on a key.

The sandbox's `drop_after` runs the real handler (the write is done) and then
closes the connection without answering; `drop` closes it before (nothing done).
From the console's side the two look the same, which is the point.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from assign_tui.tui.modals.cancel_assignment import CancelAssignmentModal
from assign_tui.tui.modals.confirm import ConfirmModal
from assign_tui.tui.modals.create_assignment import CreateAssignmentModal
from assign_tui.tui.modals.update_assignment import UpdateAssignmentModal
from assign_tui.tui.write_outcome import CHECK_KEY

from .helpers import settle
from .test_forms import (
    CREATE_INPUT,
    fill,
    open_modal,
    rich_assignment,
    script,
    server_assignment,
    submit,
    total_assignments,
)
from .test_task_switch import RICH, focus_task, notice_text, open_switch


@pytest.mark.parametrize(("fault", "done"), [("drop_after", True), ("drop", False)])
async def test_a_cancel_whose_answer_is_lost_is_unknown_until_checked(
    fresh_console_app: Any, fresh_sandbox: Any, fault: str, done: bool
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        tagged = await rich_assignment(pilot)
        modal = CancelAssignmentModal(tagged.value)
        results = await open_modal(pilot, modal)
        fill(modal, reason="duplicate")
        script(fresh_sandbox, method="POST", path="/cancel$", status=None, **{fault: True})
        await submit(pilot)
        said = modal.status.plain
        assert "Outcome unknown" in said and "may or may not have cancelled it" in said
        assert "Not cancelled" not in said and CHECK_KEY in said
        assert results == [] and modal.reason == "duplicate"
        assert (server_assignment(fresh_sandbox, 1042)["status"] == "cancelled") is done

        await pilot.press(CHECK_KEY)
        await settle(pilot)
        if done:
            assert len(results) == 1 and results[0].status == "cancelled"
        else:
            assert results == []
            assert "Not cancelled: checked, the server shows assignment 1042 active" in (
                modal.status.plain)


@pytest.mark.parametrize("times", [1, None])
async def test_an_update_whose_answer_is_lost_is_found_saved(
    fresh_console_app: Any, fresh_sandbox: Any, times: int | None
) -> None:
    """times=1: the client's retry meets a 412 caused by the save itself, which is not "someone
    else"; None: every try is lost, so the outcome is unknown until ctrl+o finds it saved."""
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        tagged = await rich_assignment(pilot)
        modal = UpdateAssignmentModal(tagged.value, tagged.etag)
        results = await open_modal(pilot, modal)
        fill(modal, notes="Saved once, answer lost")
        script(fresh_sandbox, method="PUT", path=r"/assignments/1042$", status=None,
               drop_after=True, times=times)
        await submit(pilot)
        if times is None:
            said = modal.status.plain
            assert "Outcome unknown" in said and "Not saved" not in said and CHECK_KEY in said
            assert results == []
            await pilot.press(CHECK_KEY)
            await settle(pilot)
        assert len(results) == 1 and results[0].value.notes == "Saved once, answer lost"
    assert server_assignment(fresh_sandbox, 1042)["notes"] == "Saved once, answer lost"


async def test_a_create_whose_answer_is_lost_says_sending_again_is_safe(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    before = total_assignments(fresh_sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await rich_assignment(pilot)
        modal = CreateAssignmentModal()
        results = await open_modal(pilot, modal)
        fill(modal, **CREATE_INPUT)
        script(fresh_sandbox, method="POST", path=r"/assignments$", status=None,
               drop_after=True, times=None)
        await submit(pilot)
        said = modal.status.plain
        assert "Outcome unknown" in said and "Not created" not in said
        assert "Idempotency-Key" in said and results == []
        assert total_assignments(fresh_sandbox) == before + 1  # it was made, answer lost
        httpx.delete(f"{fresh_sandbox.base_url}/_sandbox/faults").raise_for_status()
        await submit(pilot)  # unchanged: the same key, the first assignment, not a second
    assert len(results) == 1 and total_assignments(fresh_sandbox) == before + 1


async def test_a_switch_whose_answer_is_lost_is_checked_with_r(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_switch(pilot)
        await focus_task(pilot, screen, "med_review")
        script(fresh_sandbox, method="PUT", path=r"/select$", status=None,
               drop_after=True, times=None)
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        said = notice_text(screen)
        assert "Outcome unknown" in said and "may or may not have switched" in said
        assert "press r" in said.lower()
        await pilot.press("r")
        await settle(pilot)
        assert "Checked: Medication review is the current task: the switch was done." in (
            notice_text(screen))
