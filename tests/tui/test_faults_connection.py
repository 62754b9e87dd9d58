"""The server away and back, expired tokens, slow answers: the console recovers and loses nothing."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerState

from assign_tui.tui.modals.update_assignment import UpdateAssignmentModal
from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.screens.assignment_list import AssignmentListScreen
from assign_tui.tui.widgets.form_field import FormNotice
from assign_tui.tui.widgets.header import ConsoleHeader

from .helpers import settle
from .test_faults_matrix import CountingToken, control, make_app, notice_text


def reconnecting_app(server: Any, **kwargs: Any) -> Any:
    app = make_app(server, reconnect=True, **kwargs)
    app.RECONNECT_DELAYS = (0.05, 0.1)
    return app


def notifications(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


def header(app: Any) -> str:
    return str(app.screen.query_one(ConsoleHeader).render())


async def wait_for(pilot: Pilot[Any], condition: Any, rounds: int = 200) -> bool:
    """Pause until `condition()` holds (bounded, so a broken recovery fails, not hangs)."""
    for _ in range(rounds):
        if condition():
            return True
        await pilot.pause(0.05)
    return bool(condition())


async def test_server_not_running_at_start_then_back_by_itself(fresh_sandbox: Any) -> None:
    fresh_sandbox.stop()
    app = reconnecting_app(fresh_sandbox)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: app.connection is False and bool(notice_text(app)))
            screen = app.screen
            assert isinstance(screen, AssignmentListScreen) and not screen.loaded
            assert "Cannot reach the server" in notice_text(app)
            assert "retries by itself" in notice_text(app)
            assert "disconnected" in header(app)
            assert not any("Reconnected" in n for n in notifications(app))
            fresh_sandbox.start()
            assert await wait_for(pilot, lambda: screen.loaded)
            await settle(pilot)
            assert app.connection is True and "● connected" in header(app)
            assert notice_text(app) == ""
            assert screen.table.row_count > 0
            assert any("Reconnected" in n for n in notifications(app))
    finally:
        fresh_sandbox.start()


async def test_server_away_mid_session_keeps_rows_and_typed_filter(fresh_sandbox: Any) -> None:
    app = reconnecting_app(fresh_sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AssignmentListScreen)
        rows = [a.id for a in screen.table.rows_shown]
        await pilot.press("slash")
        box = screen.query_one("#quick-filter", Input)
        box.value = ""
        await pilot.press(*"paused mine")  # typed, not sent
        fresh_sandbox.stop()
        try:
            screen.action_refresh()
            assert await wait_for(pilot, lambda: app.connection is False and bool(notice_text(app)))
            assert [a.id for a in screen.table.rows_shown] == rows
            assert "disconnected" in header(app)
            fresh_sandbox.start()
            assert await wait_for(pilot, lambda: any("Reconnected" in n for n in notifications(app)))
            await settle(pilot)
        finally:
            fresh_sandbox.start()
        assert notice_text(app) == ""
        assert box.value == "paused mine" and box.has_class("-open")
        assert "● connected" in header(app)


async def test_reconnect_refreshes_under_a_form_and_never_resends_it(fresh_sandbox: Any) -> None:
    app = reconnecting_app(fresh_sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_assignment(1042)
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, AssignmentDetailScreen) and detail.assignment is not None
        await pilot.press("e")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, UpdateAssignmentModal)
        modal.set_field_text("notes", "typed while the server was away")
        fresh_sandbox.stop()
        try:
            await pilot.press("ctrl+s")
            assert await wait_for(pilot, lambda: app.connection is False and not modal.in_flight)
            assert "Cannot reach the server" in modal.status.plain
            control_stats = None
            fresh_sandbox.start()
            control(fresh_sandbox, "POST", "/stats/reset")
            # Said in the form (a toast would cover its status line).
            notice = modal.query_one("#form-notice", FormNotice)
            assert await wait_for(pilot, lambda: "Reconnected" in notice.plain)
            await settle(pilot)
            control_stats = control(fresh_sandbox, "GET", "/stats")["requests"]
        finally:
            fresh_sandbox.start()
        assert app.screen is modal  # the form is left alone
        assert modal.field_text("notes") == "typed while the server was away"
        assert "PUT /assignments/{assignment_id}" not in control_stats  # never re-sent by itself
        assert control_stats.get("GET /assignments/{assignment_id}", 0) >= 1  # the detail refreshed


async def test_expired_token_says_where_it_came_from_and_is_read_again(fresh_sandbox: Any) -> None:
    token = CountingToken("expired-token")
    app = make_app(fresh_sandbox, token)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = notice_text(app)
        assert "Not signed in" in text and "HTTP 401" in text
        assert "token from the test's token source" in text
        assert "Check the token" in text
        reads = token.reads
        token.value = "demo-admin"  # renewed at its source
        await pilot.press("r")
        await settle(pilot)
        assert token.reads > reads
        assert notice_text(app) == ""
        assert app.screen.table.row_count > 0


async def test_keys_work_while_waiting_and_esc_drops_the_late_answer(fresh_sandbox: Any) -> None:
    app = make_app(fresh_sandbox, read_timeout=5.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, AssignmentListScreen)
        control(fresh_sandbox, "POST", "/faults/script",
                {"method": "GET", "path": r"/assignments(/\d+)?$", "status": None,
                 "delay_ms": 2000, "times": None})
        await pilot.press("r")
        await pilot.pause()
        row = listing.table.cursor_row
        await pilot.press("down")  # the list reacts while its reload waits
        assert listing.table.cursor_row == row + 1
        app.open_assignment(1042)
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, AssignmentDetailScreen) and detail.assignment is None
        waiting = [w for w in app.workers if w.node is detail and not w.is_finished]
        assert waiting
        await pilot.press("escape")  # leave before the answer
        await pilot.pause()
        assert app.screen is listing
        await settle(pilot)
        control(fresh_sandbox, "DELETE", "/faults")
        assert app.screen is listing
        assert all(w.state == WorkerState.CANCELLED for w in waiting)
        assert detail.assignment is None  # the late answer was dropped with its screen
        assert notice_text(app) == ""
        assert listing.loaded
