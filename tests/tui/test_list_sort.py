"""Sorting, paging and the header at every width (issue 11 items 10, 12, 13)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from assign_tui.api.models import AssignmentSortField, SortOrder
from assign_tui.tui.modals.sort_picker import SortPickerModal
from assign_tui.tui.screens.help import HelpScreen
from assign_tui.tui.widgets.assignment_table import COLUMNS, fit_columns, table_width
from assign_tui.tui.widgets.header import ConsoleHeader
from assign_tui.tui.widgets.key_footer import KeyFooter

from .helpers import settle
from .hostile import screen_lines

WIDTHS = (40, 60, 80, 120, 200)


def test_the_sorted_column_and_its_arrow_fit_at_every_width() -> None:
    longest_due = len("! 11mo ago")
    for width in range(40, 251):
        for field in AssignmentSortField:
            layout = fit_columns(width, field)
            assert table_width(layout) <= width
            sorted_columns = [c for c, _ in layout if c.sort_field == field]
            assert sorted_columns, (width, field)
            for column, cells in layout:
                if column.sort_field is not None:
                    assert cells >= len(f"{column.label} ▼"), (width, column.key, cells)
                if column.key == "due":
                    assert cells >= longest_due, (width, cells)
    assert {c.sort_field for c in COLUMNS} >= set(AssignmentSortField)


def _requests(server: Any) -> int:
    stats = httpx.get(f"{server.base_url}/_sandbox/stats").json()
    return int(stats["requests"].get("GET /assignments", 0))


async def test_one_key_picks_the_sort_field_and_one_request_shows_it(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = _requests(fresh_sandbox)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SortPickerModal)
        assert any("now: created ↓ newest first" in line for line in screen_lines(app))
        await pilot.press("d")
        await settle(pilot)
        assert (app.list_query.sort_by, app.list_query.sort_order) == (
            AssignmentSortField.DUE_AT, SortOrder.ASC)
        assert _requests(fresh_sandbox) == before + 1
        lines = screen_lines(app)
        assert "sort: due ↑ soonest first" in lines[2]  # under the header and the views
        assert "due ▲" in lines[3]
        overdue = [line for line in lines[4:] if re.search(r"! \d+(d|h|m|mo|y) ago\b", line)]
        assert overdue, lines  # the whole "! 13d ago", not "! 13d ag"
        await pilot.press("s", "P")  # Shift: the other order
        await settle(pilot)
        assert (app.list_query.sort_by, app.list_query.sort_order) == (
            AssignmentSortField.PRIORITY, SortOrder.ASC)
        assert "priority ▲" in screen_lines(app)[3]
        await pilot.press("s", "escape")
        await settle(pilot)
        assert app.list_query.sort_by == AssignmentSortField.PRIORITY
        assert _requests(fresh_sandbox) == before + 2


@pytest.mark.parametrize("width", WIDTHS)
async def test_the_sorted_column_is_on_screen_at_every_width(console_app: Any, width: int) -> None:
    app = console_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        for key, label in (("u", "updated ▼"), ("p", "priority ▼"), ("d", "due ▲")):
            await pilot.press("s", key)
            await settle(pilot)
            header = screen_lines(app)[3]
            assert label in header, (width, header)
            assert screen_lines(app)[2].lstrip().startswith("no filters · sort: ")


async def test_help_shows_how_to_open_an_assignment_without_scrolling(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        lines = screen_lines(app)
        assert any(re.search(r"⏎ +Open +list\.open", line) for line in lines), lines
        assert not any("Select" in line for line in lines)


def _footer(app: Any) -> str:
    return str(app.screen.query_one(KeyFooter).render())


async def test_first_and_last_page_keys(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("right_curly_bracket")
        await settle(pilot)
        assert app.list_query.page == 4 and "page 4 of 4" in "\n".join(screen_lines(app))
        await pilot.press("left_square_bracket")
        await settle(pilot)
        footer = _footer(app)
        for words in ("] Next", "[ Prev", "{ First", "} Last", "? Help"):
            assert words in footer, footer
        await pilot.press("left_curly_bracket")
        await settle(pilot)
        assert app.list_query.page == 1 and "page 1 of 4" in "\n".join(screen_lines(app))
        await pilot.press("question_mark")
        await settle(pilot)
        help_text = "\n".join(screen_lines(app))
        assert "Last page" in help_text and "list.last_page" in help_text


@pytest.mark.parametrize("width", WIDTHS)
async def test_the_header_keeps_modes_and_connection_and_drops_the_workspace_first(
    console_app: Any, width: int
) -> None:
    app = console_app(read_only=True, privacy=True)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        header = str(app.screen.query_one(ConsoleHeader).render())
        assert len(header) <= width - 2
        assert ("[read-only]" in header or "[ro]" in header) and "[priv" in header, header
        assert "●" in header
        if width >= 80:
            assert "● connected" in header and "assignments" in header
        if width <= 80:
            assert app.settings.workspace[:8] not in header
        if width >= 120:
            assert app.settings.workspace[:8] in header
