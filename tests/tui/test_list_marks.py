"""Marking rows on the list: by id, across pages, sorts and refreshes; shown, also as text."""

from __future__ import annotations

from typing import Any

from assign_tui.tui.screens.assignment_list import AssignmentListScreen
from assign_tui.tui.widgets.assignment_table import MARK, AssignmentTable

from .helpers import screen_text, settle


def _list(app: Any) -> AssignmentListScreen:
    screen = app.screen
    assert isinstance(screen, AssignmentListScreen), type(screen).__name__
    return screen


def _table(app: Any) -> AssignmentTable:
    return app.screen.query_one(AssignmentTable)


def _pager(app: Any) -> str:
    return str(app.screen.query_one("#pager").content)


def _id_cells(app: Any) -> list[str]:
    table = _table(app)
    return [str(table.get_row(key)[0]) for key in table.rows]


async def test_a_narrow_pager_still_says_how_many_are_marked(console_app: Any) -> None:
    """The pager line keeps "N selected" at every width, dropping the rest first."""
    app = console_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space", "space", "right_square_bracket")
        await settle(pilot)
        await pilot.press("space")  # 3 marked, 1 on this page
        for width in (100, 70, 60, 50, 40, 30, 24):
            await pilot.resize_terminal(width, 24)
            await settle(pilot)
            line = _pager(app)
            assert "3 selected" in line, (width, line)
            assert len(line) <= width - 2, (width, line)
        await pilot.resize_terminal(100, 24)
        await settle(pilot)
        assert _pager(app).endswith("3 selected (1 on this page) · X cancel · e update · u unmark")

async def test_marks_survive_paging_and_count_the_page(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = [a.id for a in _table(app).rows_shown]
        await pilot.press("space", "space")  # marks rows 1 and 2, the cursor moves down
        assert list(_list(app).marks) == first[:2]
        assert _table(app).cursor_row == 2
        assert _id_cells(app)[:3] == [f"{MARK} {first[0]}", f"{MARK} {first[1]}", str(first[2])]
        assert "2 selected" in _pager(app)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        second = [a.id for a in _table(app).rows_shown]
        assert "2 selected (0 on this page)" in _pager(app)
        await pilot.press("space")
        assert list(_list(app).marks) == [*first[:2], second[0]]
        assert "3 selected (1 on this page)" in _pager(app)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "3 selected (2 on this page)" in _pager(app)
        assert _id_cells(app)[:2] == [f"{MARK} {first[0]}", f"{MARK} {first[1]}"]
        await pilot.press("r")  # a refresh keeps them too
        await settle(pilot)
        assert len(_list(app).marks) == 3 and _id_cells(app)[0] == f"{MARK} {first[0]}"


async def test_space_again_unmarks_and_u_clears(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space", "k", "space")
        assert not _list(app).marks
        assert "selected" not in _pager(app)
        await pilot.press("ctrl+a")
        assert len(_list(app).marks) == 50 and "50 selected" in _pager(app)
        await pilot.press("u")
        await settle(pilot)
        assert not _list(app).marks
        assert all(MARK not in cell for cell in _id_cells(app))


async def test_marks_survive_sort_and_filter(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        marked = _table(app).rows_shown[0]
        await pilot.press("space", "S")  # reverse the order: the row moves to another page
        await settle(pilot)
        assert marked.id in _list(app).marks
        assert "1 selected (0 on this page)" in _pager(app)
        await pilot.press("slash", *marked.status, "enter")
        await settle(pilot)
        assert marked.id in _list(app).marks
        assert "1 selected" in screen_text(pilot)


async def test_read_only_hides_marking_and_says_why(console_app: Any) -> None:
    app = console_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space", "ctrl+a", "X")
        await settle(pilot)
        assert not _list(app).marks
        assert "Read-only mode" in screen_text(pilot)
        keys = {b.binding.action for b in app.screen.active_bindings.values() if b.enabled}
        assert not keys & {"toggle_mark", "mark_page", "bulk_cancel", "bulk_update"}
