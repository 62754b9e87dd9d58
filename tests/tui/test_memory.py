"""Memory stays flat: turning pages and opening screens does not keep old widgets alive.

Counts live objects after a garbage collection (no timing, no RSS): Textual 8.2
keeps a removed widget alive while it watches a long-lived one
(textual#6666), which the console works around in `ConsoleScreen`.
"""

from __future__ import annotations

import gc
from typing import Any

from textual.widgets._footer import FooterKey

from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen

from .conftest import AppFactory
from .helpers import settle


def alive(kind: type[Any]) -> int:
    gc.collect()
    return sum(1 for item in gc.get_objects() if isinstance(item, kind))


async def test_turning_pages_does_not_pile_up_footer_keys(console_app: AppFactory) -> None:
    app = console_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in ["right_square_bracket"] * 3 + ["left_square_bracket"] * 3:
            await pilot.press(key)
            await settle(pilot)
        baseline = alive(FooterKey)
        for key in (["right_square_bracket"] * 3 + ["left_square_bracket"] * 3) * 3:
            await pilot.press(key)
            await settle(pilot)
        # Without the pruning: about 8 more per page turn (18 turns here).
        assert alive(FooterKey) <= baseline + 10


async def test_closed_detail_screens_are_released(console_app: AppFactory) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(4):
            app.open_assignment(1042)
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
        await pilot.pause(0.1)
        assert alive(AssignmentDetailScreen) <= 1
