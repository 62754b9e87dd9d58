"""Memory stays flat: turning pages and opening screens does not keep old widgets alive.

Counts live objects after a garbage collection (no timing, no RSS): Textual 8.2
keeps a removed widget alive while it watches a long-lived one (textual#6666).
Its `Footer` rebuilt ~8 such widgets per page turn; `KeyFooter` builds none, and
`ConsoleScreen` still prunes the app's watchers of closed screens.
"""

from __future__ import annotations

import gc
from typing import Any

from textual.widget import Widget

from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.widgets.key_footer import KeyFooter

from .conftest import AppFactory
from .helpers import settle

PAGE_TURNS = ["right_square_bracket"] * 3 + ["left_square_bracket"] * 3


def alive(kind: type[Any]) -> int:
    gc.collect()
    return sum(1 for item in gc.get_objects() if isinstance(item, kind))


async def test_turning_pages_does_not_pile_up_widgets(console_app: AppFactory) -> None:
    # No start-up freeze: what it froze would drop out of gc.get_objects() mid-count.
    app = console_app(freeze_heap=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in PAGE_TURNS:
            await pilot.press(key)
            await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        baseline = alive(Widget)
        for key in PAGE_TURNS * 3:
            await pilot.press(key)
            await settle(pilot)
        # Textual's Footer left ~8 widgets alive per page turn (18 turns here).
        assert alive(Widget) <= baseline + 3
        assert app.screen.query_one(KeyFooter) is footer  # repainted, never rebuilt
        assert list(app.screen.query(KeyFooter)) == [footer]
        assert len(footer.children) == 0


async def test_closed_detail_screens_are_released(console_app: AppFactory) -> None:
    app = console_app(freeze_heap=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(4):
            app.open_assignment(1042)
            await settle(pilot)
            assert len(app.screen.query(KeyFooter)) == 1
            await pilot.press("escape")
            await settle(pilot)
        await pilot.pause(0.1)
        assert alive(AssignmentDetailScreen) <= 1
        assert alive(KeyFooter) <= 2  # the list's, and at most the last detail's
