"""The list shows the truth (issue 11): the rows, filters, sort and count on screen are
the ones the server answered, at every width."""

from __future__ import annotations

from typing import Any

import httpx
from textual.widgets import Input

from assign_tui.api.models import CreateAssignmentRequest
from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.widgets.assignment_table import AssignmentTable
from assign_tui.tui.widgets.filter_line import FilterLine

from .helpers import screen_text, settle
from .hostile import screen_lines
from .test_faults_matrix import make_app

ADMIN = {"Authorization": "Bearer demo-admin"}


def _table(app: Any) -> AssignmentTable:
    return app.screen.query_one(AssignmentTable)


async def test_rows_come_back_after_an_empty_filter_is_cleared(console_app: Any) -> None:
    """The table was hidden while empty: the next page must be drawn, not only kept."""
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for clear in (("x",), ("slash", *"active", "enter")):
            await pilot.press("slash", *"member:987654", "enter")
            await settle(pilot)
            assert app.screen.has_class("-empty")
            await pilot.press(*clear)
            await settle(pilot)
            table = _table(app)
            assert table.row_count == len(table.rows_shown) > 0
            lines = screen_lines(app)
            first = table.rows_shown[0]
            assert any(line.strip().startswith(str(first.id)) for line in lines[3:6]), lines
            await pilot.press("j", "enter")
            await settle(pilot)
            assert isinstance(app.screen, AssignmentDetailScreen)
            assert app.screen.assignment_id == table.rows_shown[1].id
            await pilot.press("escape")
            await settle(pilot)


def _filter_line(app: Any) -> str:
    return str(app.screen.query_one(FilterLine).content)


def _row_cells(app: Any, assignment_id: int) -> list[str]:
    table = _table(app)
    return [str(cell) for cell in table.get_row(str(assignment_id))]


async def test_while_disconnected_the_filter_line_describes_the_old_rows(
    fresh_sandbox: Any,
) -> None:
    app = make_app(fresh_sandbox)  # no reconnection attempts: r retries
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = [a.id for a in _table(app).rows_shown]
        assert {a.status for a in _table(app).rows_shown} != {"paused"}
        fresh_sandbox.stop()
        try:
            await pilot.press("slash", *"paused", "enter")
            await settle(pilot)
            line = _filter_line(app)
            assert line.startswith("⚠ STALE") and "no filters · sort:" in line, line
            assert "asked: status paused" in line
            assert [a.id for a in _table(app).rows_shown] == before
            assert "page 1 of 20 · 200 assignments" in screen_text(pilot)
        finally:
            fresh_sandbox.start()
        await pilot.press("r")
        await settle(pilot)
        line = _filter_line(app)
        assert line.startswith("status paused · sort:") and "asked" not in line, line
        assert {a.status for a in _table(app).rows_shown} == {"paused"}


async def test_a_refused_quick_filter_keeps_the_filters_in_force_and_says_why(
    console_app: Any,
) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"active", "enter")
        await settle(pilot)
        rows = [a.id for a in _table(app).rows_shown]
        await pilot.press("slash", "ctrl+u", *"status:foo", "enter")
        await settle(pilot)
        assert _filter_line(app).startswith("status active · sort:")
        assert app.list_query.statuses == ("active",)
        assert [a.id for a in _table(app).rows_shown] == rows
        text = screen_text(pilot)
        assert "unknown status 'foo'" in text and "Not applied: 'status:foo'" in text
        assert "Correct the fields marked" not in text
        box = app.screen.query_one("#quick-filter", Input)
        assert box.has_class("-open") and box.value == "status:foo" and box.has_focus
        await pilot.press("space", *"paused")  # the next key corrects, it does not replace
        assert box.value == "status:foo paused"


async def test_after_an_update_from_the_detail_the_list_shows_the_new_values(
    fresh_console_app: Any,
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chosen = _table(app).current_assignment
        priority = "urgent" if chosen.priority != "urgent" else "low"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.set_field_text("priority", priority)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert priority in " ".join(_row_cells(app, chosen.id))
        assert _table(app).current_assignment.priority == priority
        assert app.screen.freshness == "current"


async def test_a_row_seen_changed_in_the_detail_is_current_back_in_the_list(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chosen = _table(app).rows_shown[2]
        priority = "urgent" if chosen.priority != "urgent" else "low"
        httpx.put(f"{fresh_sandbox.api_url}/assignments/{chosen.id}", json={"priority": priority},
                  headers=ADMIN).raise_for_status()  # someone else
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        assert app.screen.assignment_id == chosen.id
        await pilot.press("escape")
        await settle(pilot)
        assert priority in " ".join(_row_cells(app, chosen.id))


async def test_a_create_shows_in_the_count_when_back_in_the_list(
    fresh_console_app: Any,
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "200 assignments" in screen_text(pilot)
        created = await app.client.create_assignment(CreateAssignmentRequest(workflow_id=7))
        app.open_assignment(created.id)  # as the create form does
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert "201 assignments" in screen_text(pilot)
        assert _table(app).rows_shown[0].id == created.id  # newest first


async def test_rows_are_marked_stale_when_another_screen_loses_the_server(
    fresh_sandbox: Any,
) -> None:
    app = make_app(fresh_sandbox)  # no reconnection attempts: r retries
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        fresh_sandbox.stop()
        try:
            await pilot.press("r")  # the detail finds the server gone
            await settle(pilot)
            assert app.connection is False
            await pilot.press("escape")
            await settle(pilot)
            assert _filter_line(app).startswith("⚠ STALE (from 07:00 UTC) · no filters")
        finally:
            fresh_sandbox.start()
        await pilot.press("r")
        await settle(pilot)
        assert _filter_line(app).startswith("no filters · sort:")
