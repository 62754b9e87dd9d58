"""The list shows the truth (issue 11): the rows, filters, sort and count on screen are
the ones the server answered, at every width."""

from __future__ import annotations

from typing import Any

from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.widgets.assignment_table import AssignmentTable

from .helpers import settle
from .hostile import screen_lines


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
