"""The list screen's flows: page, sort, filter, open, back, copy, palette, open by id."""

from __future__ import annotations

from typing import Any

import httpx
from textual.command import CommandPalette
from textual.widgets import Input

from assign_tui.api.models import AssignmentSortField, SortOrder
from assign_tui.tui.modals.filter_form import FilterFormModal
from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.screens.assignment_list import AssignmentListScreen
from assign_tui.tui.screens.help import HelpScreen
from assign_tui.tui.widgets.assignment_table import AssignmentTable

from .helpers import screen_text, settle


def _list(app: Any) -> AssignmentListScreen:
    screen = app.screen
    assert isinstance(screen, AssignmentListScreen), type(screen).__name__
    return screen


def _ids(app: Any) -> list[int]:
    return [a.id for a in app.screen.query_one(AssignmentTable).rows_shown]


async def test_first_page_and_pager(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "page 1 of 4 · 200 assignments" in text
        assert len(_ids(app)) == 50
        assert app.connection is True


async def test_paging_forward_and_back_keeps_only_one_page(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = _ids(app)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        second = _ids(app)
        assert app.list_query.page == 2 and not set(first) & set(second)
        assert "page 2 of 4" in screen_text(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert _ids(app) == first


async def test_page_down_on_the_last_row_turns_the_page(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await pilot.press("pagedown")
        await settle(pilot)
        assert app.list_query.page == 2


async def test_sort_picks_a_field_with_one_key_and_flips_order(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s", "u")
        await settle(pilot)
        assert app.list_query.sort_by == AssignmentSortField.UPDATED_AT
        rows = app.screen.query_one(AssignmentTable).rows_shown
        stamps = [a.updated_at for a in rows]
        assert stamps == sorted(stamps, reverse=True)
        assert "updated ▼" in screen_text(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert app.list_query.sort_order == SortOrder.ASC
        rows = app.screen.query_one(AssignmentTable).rows_shown
        assert [a.updated_at for a in rows] == sorted(a.updated_at for a in rows)
        assert "updated ▲" in screen_text(pilot)


async def test_quick_filter_applies_and_x_clears(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"active mine")
        await pilot.press("enter")
        await settle(pilot)
        rows = app.screen.query_one(AssignmentTable).rows_shown
        assert rows and {a.status for a in rows} == {"active"} and {a.member_id for a in rows} == {1}
        assert "status active · mine" in screen_text(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert not app.list_query.has_filters and len(_ids(app)) == 50


async def test_quick_filter_keeps_what_was_typed_when_it_cannot_read_it(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"active bogus", "enter")
        await settle(pilot)
        box = app.screen.query_one("#quick-filter", Input)
        assert box.value == "active bogus" and box.has_class("-open")
        assert "unknown filter word 'bogus'" in screen_text(pilot)
        assert not app.list_query.has_filters


async def test_filter_form_sets_every_filter(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FilterFormModal)
        await pilot.press("space", "down", "space")  # pending and active
        app.screen.query_one("#member", Input).value = "311"
        await pilot.press("ctrl+s")
        await settle(pilot)
        query = app.list_query
        assert query.statuses == ("pending", "active") and query.member_id == 311
        rows = app.screen.query_one(AssignmentTable).rows_shown
        assert rows and {a.member_id for a in rows} == {311}
        assert {a.status for a in rows} <= {"pending", "active"}


async def test_empty_result_says_how_to_get_rows_back(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"member:999999", "enter")
        await settle(pilot)
        assert app.screen.has_class("-empty")
        assert "Press x to clear them" in screen_text(pilot)


async def test_enter_opens_detail_and_escape_comes_back_with_state(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.press("j", "j")
        chosen = app.screen.query_one(AssignmentTable).current_assignment
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        assert app.screen.assignment_id == chosen.id
        await pilot.press("escape")
        await settle(pilot)
        _list(app)
        assert app.list_query.page == 2
        assert app.screen.query_one(AssignmentTable).current_assignment.id == chosen.id


async def test_y_copies_the_focused_id(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        current = app.screen.query_one(AssignmentTable).current_assignment
        await pilot.press("y")
        assert app.last_copied == str(current.id)


async def test_open_by_id_from_the_start(console_app: Any) -> None:
    app = console_app(open_assignment=1042)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AssignmentDetailScreen) and app.screen.assignment_id == 1042
        await pilot.press("escape")
        await settle(pilot)
        _list(app)


async def test_palette_opens_by_id_and_filters_by_status(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("colon")
        await pilot.press(*"open 1042")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentDetailScreen) and app.screen.assignment_id == 1042
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(app)  # ctrl+p itself, not a ":" typed below
        await pilot.press(*"status: cancelled")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        _list(app)
        assert app.list_query.statuses == ("cancelled",)
        assert {a.status for a in app.screen.query_one(AssignmentTable).rows_shown} == {"cancelled"}


async def test_help_lists_the_screen_bindings_with_ids(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(pilot)
        assert "list.next_page" in text and "Quick filter" in text
        await pilot.press("escape")
        _list(app)


async def test_help_says_every_key_in_words(console_app: Any) -> None:
    """Textual's own ctrl+c has no description: help showed its action name, help_quit."""
    app = console_app()
    async with app.run_test(size=(100, 70)) as pilot:  # tall: the whole list fits
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        rows = [line for line in screen_text(pilot).splitlines() if "^c" in line]
        assert rows and "Says which key quits" in rows[0]
        assert "help_quit" not in screen_text(pilot)


async def test_remapped_binding_from_the_configuration(console_app: Any) -> None:
    app = console_app(keys={"list.next_page": "n"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.list_query.page == 2


async def test_auto_refresh_keeps_the_cursor_on_the_same_assignment(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app(auto_refresh=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s", "u")  # sort by updated: an update moves the row
        await settle(pilot)
        await pilot.press("j", "j", "j")
        table = app.screen.query_one(AssignmentTable)
        chosen = table.current_assignment
        top = table.rows_shown[0]
        httpx.put(
            f"{fresh_sandbox.api_url}/assignments/{top.id}",
            json={"notes": "touched"}, headers={"Authorization": "Bearer demo-admin"},
        ).raise_for_status()
        await pilot.pause(0.5)
        await settle(pilot)
        assert table.current_assignment.id == chosen.id


async def test_columns_drop_to_fit_80_and_show_all_at_120(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        narrow = [str(c.label) for c in app.screen.query_one(AssignmentTable).columns.values()]
        assert "workflow" not in narrow and narrow[0] == "id" and "member" in narrow
        await pilot.resize_terminal(160, 40)
        await settle(pilot)
        wide = [str(c.label).split(" ")[0] for c in app.screen.query_one(AssignmentTable).columns.values()]
        assert "workflow" in wide and "due" in wide


async def test_a_resize_that_changes_the_columns_keeps_the_cursor(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(AssignmentTable)
        for _ in range(5):
            await pilot.press("down")
        chosen = table.current_assignment
        await pilot.resize_terminal(160, 40)
        await settle(pilot)
        assert "workflow" in [str(c.label).split(" ")[0] for c in table.columns.values()]
        assert table.cursor_row == 5
        assert table.current_assignment.id == chosen.id


async def test_on_a_wide_terminal_the_table_stops_short_and_refits(console_app: Any) -> None:
    """Columns grow to a point; past it the table leaves the rest of the screen alone."""
    app = console_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(AssignmentTable)
        wide = table.size.width
        assert 150 < wide < 200
        assert table.virtual_size.width == wide - 1  # the columns, then the scrollbar
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert table.size.width == 80
        assert "workflow" not in [str(c.label).split(" ")[0] for c in table.columns.values()]
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        assert table.size.width == wide


async def test_quit_with_q(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
