"""Acting on many: a bulk cancel or update over marked rows, with the server's faults."""

from __future__ import annotations

from typing import Any

import re

import pytest

from assign_tui.tui.modals.bulk_confirm import BulkConfirmModal
from assign_tui.tui.modals.bulk_result import BulkResultModal
from assign_tui.tui.screens.assignment_list import AssignmentListScreen
from assign_tui.tui.widgets.assignment_table import AssignmentTable
from assign_tui.tui.write_outcome import CHECK_KEY

from .helpers import screen_text, settle
from .test_forms import CANCEL_ROUTE, requests_to, script, server_assignment

UPDATE_ROUTE = "PUT /assignments/{assignment_id}"


def _list(app: Any) -> AssignmentListScreen:
    screen = app.screen_stack[1]
    assert isinstance(screen, AssignmentListScreen)
    return screen


def _rows(app: Any) -> list[Any]:
    return list(_list(app).query_one(AssignmentTable).rows_shown)


def _text(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector).content)


async def _mark(pilot: Any, count: int, filter_words: str = "") -> list[int]:
    """Mark the first `count` rows (of the rows `filter_words` shows): their ids."""
    if filter_words:
        await pilot.press("slash", *filter_words, "enter")
    await settle(pilot)
    ids = [row.id for row in _rows(pilot.app)[:count]]
    await pilot.press(*["space"] * count)
    assert list(_list(pilot.app).marks)[-count:] == ids
    return ids


async def _confirm_cancel(pilot: Any, reason: str = "duplicate") -> BulkConfirmModal:
    await pilot.press("X")
    await settle(pilot)
    modal = pilot.app.screen
    assert isinstance(modal, BulkConfirmModal)
    await pilot.press(*reason)
    return modal


async def test_bulk_cancel_reports_done_refused_and_unknown(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        done_a, done_b, refused, lost = await _mark(pilot, 4, "active")
        script(fresh_sandbox, method="POST", path=f"/assignments/{refused}/cancel$", status=409,
               body={"detail": f"assignment {refused} is locked by a supervisor"})
        script(fresh_sandbox, method="POST", path=f"/assignments/{lost}/cancel$", status=None,
               drop_after=True)
        modal = await _confirm_cancel(pilot)
        question = screen_text(pilot)
        assert "Cancel 4 marked assignments" in modal.query_one("#form-box").border_title
        assert f"To send: {done_a}, {done_b}, {refused}, {lost}" in question
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert isinstance(app.screen, BulkResultModal)
        said = _text(app, "#bulk-result")
        assert "2 of 4 cancelled." in said
        assert f"Done (2):\n  {done_a}, {done_b}" in said
        assert f"{refused}  HTTP 409: assignment {refused} is locked by a supervisor" in said
        assert "Outcome unknown" in said and f"\n  {lost}  " in said and CHECK_KEY in said
        # Sent once each, the lost one included; the failed and unknown ones stay marked.
        assert requests_to(fresh_sandbox, CANCEL_ROUTE) == 4
        assert set(_list(app).marks) == {refused, lost}
        statuses = {i: server_assignment(fresh_sandbox, i)["status"] for i in (done_a, refused, lost)}
        assert statuses == {done_a: "cancelled", refused: "active", lost: "cancelled"}

        await pilot.press(CHECK_KEY)  # the lost one was done: the check says so
        await settle(pilot)
        said = _text(app, "#bulk-result")
        assert "3 of 4 cancelled." in said and "Outcome unknown" not in said
        assert requests_to(fresh_sandbox, CANCEL_ROUTE) == 4
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentListScreen)
        assert set(_list(app).marks) == {refused}
        assert "1 selected" in screen_text(pilot)
        assert done_a not in [row.id for row in _rows(app)]  # reloaded: no longer active


async def test_rows_that_cannot_take_the_write_are_named_and_not_sent(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        closed = await _mark(pilot, 2, "cancelled")
        await pilot.press("x")  # clear the filter: marks stay
        await settle(pilot)
        ids = await _mark(pilot, 1, "active")
        await _confirm_cancel(pilot)
        question = screen_text(pilot)
        assert f"To send: {ids[0]}" in question
        assert f"Not sent (2): {closed[0]} cancelled; {closed[1]} cancelled" in question
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = _text(app, "#bulk-result")
        assert "1 of 3 cancelled." in said and "Not sent (2)" in said
        assert requests_to(fresh_sandbox, CANCEL_ROUTE) == 1
        assert set(_list(app).marks) == set(closed)


@pytest.mark.parametrize("key", ["escape", "ctrl+c"])
async def test_esc_or_ctrl_c_stops_sending_the_rest(
    fresh_console_app: Any, fresh_sandbox: Any, key: str
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ids = await _mark(pilot, 12, "active")
        # Slow cancels (the real handler, answering late): the key comes while they are out.
        script(fresh_sandbox, method="POST", path="/cancel$", status=None, delay_ms=1500,
               times=None)
        await _confirm_cancel(pilot)
        await pilot.press("ctrl+s")
        for _ in range(200):  # until the first cancels are on their way
            await pilot.pause(0.02)
            if re.search(r"Cancelling \d+ of 12", screen_text(pilot)):
                break
        assert isinstance(app.screen, AssignmentListScreen)
        await pilot.press(key)
        await settle(pilot)
        said = _text(app, "#bulk-result")
        assert "Stopped: the rest were not sent." in said
        sent = requests_to(fresh_sandbox, CANCEL_ROUTE)
        assert 1 <= sent < 12
        assert f"{sent} of 12 cancelled." in said and f"Not sent ({12 - sent})" in said
        assert len(_list(app).marks) == 12 - sent
        cancelled = [i for i in ids if server_assignment(fresh_sandbox, i)["status"] == "cancelled"]
        assert len(cancelled) == sent and not set(cancelled) & set(_list(app).marks)


async def test_bulk_update_sets_the_shared_fields_with_if_match(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ids = await _mark(pilot, 3, "paused")
        stale = ids[1]
        script(fresh_sandbox, method="PUT", path=f"/assignments/{stale}$", status=412,
               body={"detail": f"assignment {stale} changed since it was read"})
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, BulkConfirmModal)
        app.screen.query_one("#priority").value = "urgent"
        app.screen.query_one("#due").focus()
        await pilot.press(*"2026-12-24")
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = _text(app, "#bulk-result")
        assert "2 of 3 updated." in said
        assert f"{stale}  HTTP 412: assignment {stale} changed since it was read" in said
        assert requests_to(fresh_sandbox, UPDATE_ROUTE) == 3
        for i in (ids[0], ids[2]):
            row = server_assignment(fresh_sandbox, i)
            assert (row["priority"], row["dueAt"]) == ("urgent", "2026-12-24T23:59:00Z")
        assert server_assignment(fresh_sandbox, stale)["priority"] != "urgent"
        assert set(_list(app).marks) == {stale}


async def test_a_reader_is_refused_and_acting_on_many_goes_away(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app(token="demo-reader")
    async with app.run_test(size=(80, 24)) as pilot:
        await _mark(pilot, 2, "active")
        await _confirm_cancel(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = _text(app, "#bulk-result")
        assert "0 of 2 cancelled." in said
        assert "HTTP 403: requires ASSIGNMENTS_WRITE scope" in said
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("X")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentListScreen)
        assert "refused this token a write" in screen_text(pilot)
        keys = {b.binding.action for b in app.screen.active_bindings.values() if b.enabled}
        assert not keys & {"toggle_mark", "mark_page", "bulk_cancel", "bulk_update"}
