"""Working a queue in real tmux at 80x24 (issue 15): switch to a view, mark three rows,
cancel them, read the result list; the marks show as a sign, the done ones are unmarked
after, and the view's count is the server's new total."""

from __future__ import annotations

import re

import pytest

from .terminal import TmuxPane

pytestmark = pytest.mark.e2e


def _marked_ids(screen: str) -> list[int]:
    return [int(m.group(1)) for line in screen.splitlines() if (m := re.match(r"\s*✓ (\d+)\s", line))]


def test_mark_three_cancel_them_and_read_the_results(pane: TmuxPane) -> None:
    pane.start_console()
    pane.wait_for("Active 67")  # the views bar has its counts
    pane.keys("3")  # the third view: Active
    pane.wait_for("[Active 67]")
    pane.wait_for("page 1 of 2 · 67 assignments")
    pane.keys("Space", "Space", "Space")
    screen = pane.wait_for("3 selected")
    marked = _marked_ids(screen)
    assert len(marked) == 3, screen

    pane.keys("X")
    screen = pane.wait_for("Cancel 3 marked assignments")
    assert "To send: " + ", ".join(str(i) for i in marked) in screen
    pane.type("duplicates")
    pane.keys("C-s")
    screen = pane.wait_for("3 of 3 cancelled.")
    assert "Done (3):" in screen and ", ".join(str(i) for i in marked) in screen

    pane.keys("Escape")
    pane.wait_for("Cancel marked: results", gone=True)
    screen = pane.wait_for("Loading", gone=True)
    assert "selected" not in screen, screen
    assert not _marked_ids(screen) and not set(marked) & set(
        int(m) for m in re.findall(r"^\s*(\d{4})\s", screen, re.M)
    ), screen  # reloaded: the cancelled ones left the active list
    pane.wait_for("[Active 64]")  # and the view's count is the server's new total
    pane.keys("q")
    pane.wait_for_prompt()
