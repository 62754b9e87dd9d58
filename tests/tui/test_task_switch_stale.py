"""The task switch while the server is away: the detail's snapshot, marked stale, no switching."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from assign_tui.tui.modals.confirm import ConfirmModal
from assign_tui.tui.screens.task_switch import TaskSwitchScreen

from .helpers import settle
from .test_task_switch import RICH, focus_task, notice_text, preview_column


def asof(screen: TaskSwitchScreen) -> str:
    return str(screen.query_one("#switch-asof", Static).render())


async def test_disconnected_shows_the_loaded_snapshot_stale_and_refuses_to_switch(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.cel_context is not None  # the detail has just loaded it
        fresh_sandbox.stop()
        try:
            await pilot.press("t")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, TaskSwitchScreen)
            # Every task still has its hint, from the snapshot the detail loaded.
            column = preview_column(screen)
            assert "…" not in column and column.count("✓ eligible") >= 4
            assert screen.stale is not None and app.connection is False
            assert "Preview as of 07:00 UTC" in asof(screen)
            assert "STALE: not refreshed, switching off" in asof(screen)
            assert "Cannot reach the server" in notice_text(screen)
            assert screen.check_action("select_task", ()) is False  # hidden from footer and help
            await focus_task(pilot, screen, "med_review")
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is screen
            assert not isinstance(app.screen, ConfirmModal)
            assert "Switching is off while the preview is stale" in notice_text(screen)
        finally:
            fresh_sandbox.start()
        await pilot.press("r")
        await settle(pilot)
        assert screen.stale is None and "STALE" not in asof(screen)
        assert screen.check_action("select_task", ()) is True
