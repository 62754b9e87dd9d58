"""Auto-refresh on the list: shown in the header, paused and resumed with A and the
palette, and a refresh never takes the cursor off the row it is on."""

from __future__ import annotations

from typing import Any

import httpx

from assign_tui.tui.widgets.assignment_table import AssignmentTable
from assign_tui.tui.widgets.header import ConsoleHeader

from .helpers import settle


def _header(app: Any) -> str:
    return app.screen.query_one(ConsoleHeader).render().plain


async def test_the_header_shows_the_interval_and_A_pauses_and_resumes(console_app: Any) -> None:
    app = console_app(auto_refresh=45)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert "↻ 45s" in _header(app) and screen._auto_timer._active.is_set()
        await pilot.press("A")
        await settle(pilot)
        assert "↻ paused" in _header(app) and not screen._auto_timer._active.is_set()
        await pilot.press("colon", *"Auto-refresh: resume")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert "↻ 45s" in _header(app) and screen._auto_timer._active.is_set()


async def test_without_an_interval_it_starts_paused_and_A_uses_30s(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "↻ paused" in _header(app)
        await pilot.press("A")
        await settle(pilot)
        assert "↻ 30s" in _header(app)


async def test_a_refresh_keeps_the_row_the_cursor_moved_to_while_it_ran(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(AssignmentTable)
        httpx.post(f"{fresh_sandbox.base_url}/_sandbox/faults/script", timeout=5, json={
            "method": "GET", "path": r"/assignments$", "status": None, "delay_ms": 1500,
        }).raise_for_status()
        app.screen._tick_auto_refresh()  # a tick of the timer
        await pilot.pause()
        await pilot.press("j", "j", "j")  # while the page is being fetched
        moved_to = table.current_assignment.id
        await settle(pilot)
        assert table.current_assignment.id == moved_to
        assert app.screen.freshness == "current"
