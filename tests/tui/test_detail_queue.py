"""`]` and `[` on the detail: the list's next and previous assignment, across pages."""

from __future__ import annotations

from typing import Any

from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.screens.assignment_list import AssignmentListScreen
from assign_tui.tui.widgets.assignment_table import AssignmentTable
from assign_tui.tui.widgets.header import ConsoleHeader

from .helpers import screen_text, settle
from .test_forms import script


def _detail(app: Any) -> AssignmentDetailScreen:
    screen = app.screen
    assert isinstance(screen, AssignmentDetailScreen), type(screen).__name__
    return screen


def _header(app: Any) -> str:
    return str(app.screen.query_one(ConsoleHeader).screen_title)


async def test_next_and_previous_cross_the_page_boundary(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"active", "enter")
        await settle(pilot)
        table = app.screen.query_one(AssignmentTable)
        page_one = [row.id for row in table.rows_shown]
        await pilot.press("G", "enter")  # the last row of page 1
        await settle(pilot)
        last = page_one[-1]
        assert _detail(app).assignment_id == last
        assert _header(app) == f"Assignment {last} · 50 of 67 in Active"

        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.list_query.page == 2  # the list turned its page underneath
        first_of_two = app.screen_stack[1].query_one(AssignmentTable).rows_shown[0].id
        detail = _detail(app)
        assert detail.assignment_id == first_of_two and detail.assignment is not None
        assert detail.assignment.id == first_of_two
        assert _header(app) == f"Assignment {first_of_two} · 51 of 67 in Active"
        assert len(app.screen_stack) == 3  # shown in place, not stacked

        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.list_query.page == 1 and _detail(app).assignment_id == last
        assert "50 of 67" in _header(app)

        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert _detail(app).assignment_id == page_one[-2]
        await pilot.press("escape")  # back on the row last opened
        await settle(pilot)
        assert isinstance(app.screen, AssignmentListScreen)
        current = app.screen.query_one(AssignmentTable).current_assignment
        assert current is not None and current.id == page_one[-2]


async def _open_the_first_of_two(pilot: Any) -> tuple[int, int]:
    """Filter the list to member 311's two cancelled assignments and open the first."""
    await pilot.press("slash", *"cancelled member:311", "enter")
    await settle(pilot)
    first, second = (row.id for row in pilot.app.screen.query_one(AssignmentTable).rows_shown)
    await pilot.press("enter")
    await settle(pilot)
    return first, second


async def test_the_ends_of_the_queue_say_so(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        first, second = await _open_the_first_of_two(pilot)
        assert _header(app) == f"Assignment {first} · 1 of 2 in status cancelled · member 311"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert _detail(app).assignment_id == first
        assert "This is the first one in status cancelled · member 311" in screen_text(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert _detail(app).assignment_id == second and "2 of 2" in _header(app)
        assert "This is the last one" in screen_text(pilot)


async def test_the_end_is_said_after_the_last_one_has_loaded(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    """`]` `]` on the one before last: the second finds the end while the first is loading;
    its word stays once that load is done (it was replaced by the load's notice, then
    cleared with it)."""
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        first, second = await _open_the_first_of_two(pilot)
        script(fresh_sandbox, method="GET", path=rf"/assignments/{second}$", status=None,
               delay_ms=600, times=None)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert _detail(app).assignment_id == second and _detail(app).assignment is not None
        assert "This is the last one" in screen_text(pilot)


async def test_opened_by_id_it_has_no_place(console_app: Any) -> None:
    app = console_app(open_assignment=1042)  # on the list's first page, but not opened from it
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert _header(app) == "Assignment 1042"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert _detail(app).assignment_id == 1042
        assert "Opened by id" in screen_text(pilot)


def test_header_names_the_place_in_the_queue(snap_compare: Any, console_app: Any) -> None:
    async def run(pilot: Any) -> None:
        await pilot.press("slash", *"paused", "enter")
        await settle(pilot)
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)

    assert snap_compare(console_app(), terminal_size=(80, 24), run_before=run)
