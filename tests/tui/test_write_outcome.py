"""A write whose answer is lost: the console says the outcome is unknown, and finds out on a key.

The sandbox's `drop_after` runs the real handler (the write is done) and then
closes the connection without answering; `drop` closes it before (nothing done).
From the console's side the two look the same, which is the point.
"""

from __future__ import annotations

from typing import Any

import pytest

from assign_tui.tui.modals.cancel_assignment import CancelAssignmentModal
from assign_tui.tui.write_outcome import CHECK_KEY

from .helpers import settle
from .test_forms import fill, open_modal, rich_assignment, script, server_assignment, submit


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
