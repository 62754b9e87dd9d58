"""The list in real tmux at 80x24 (issue 11): rows come back after an empty filter, and
the sort picker sorts with one key, its column and arrow on screen."""

from __future__ import annotations

import re

import pytest

from .terminal import TmuxPane

pytestmark = pytest.mark.e2e


def _row_ids(screen: str) -> list[int]:
    return [int(m.group(1)) for line in screen.splitlines()[3:]
            if (m := re.match(r"\s+(\d{4})\s", line))]


def test_empty_filter_then_clear_shows_rows_and_opens_the_row_seen(pane: TmuxPane) -> None:
    pane.start_console()
    pane.keys("/")
    pane.wait_for("words: active paused")
    pane.type("member:987654")
    pane.keys("Enter")
    pane.wait_for("No assignments match")
    pane.keys("x")
    screen = pane.wait_for("page 1 of 4 · 200 assignments")
    ids = _row_ids(pane.wait_for("no filters"))
    assert len(ids) >= 10, screen
    pane.keys("j")
    pane.keys("Enter")
    pane.wait_for(f"Assignment {ids[1]}")
    pane.keys("Escape")
    pane.wait_for("page 1 of 4")

    pane.keys("s")
    pane.wait_for("Sort by")
    pane.keys("d")
    screen = pane.wait_for("due ▲")
    assert "sort: due ↑ soonest first" in screen
    assert re.search(r"! \d+(d|h|mo|y) ago", screen), screen  # never cut to "! 13d ag"
    pane.keys("q")
