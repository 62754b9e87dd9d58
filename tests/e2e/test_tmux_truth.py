"""Issue 11 in real tmux: ctrl+p, the detail at 80x24 and 60x20, whole words in the
messages, and read-only mode saying why `c` does nothing."""

from __future__ import annotations

import pytest

from .terminal import TmuxPane
from .test_tmux import assert_terminal_clean

pytestmark = pytest.mark.e2e


def test_ctrl_p_detail_at_two_sizes_and_whole_words(pane: TmuxPane) -> None:
    pane.start_console()
    pane.keys("C-p")
    pane.wait_for("🔎")
    pane.type("open 1042")
    pane.wait_for("Open assignment 1042")
    pane.keys("Enter")
    screen = pane.wait_for("Tasks (Enter opens one)")
    # At its top: who the assignment is for, first.
    assert "Who / what" in screen.splitlines()[1]
    assert "member    Rosa Martínez (#311)" in screen and "id        1042" in screen

    pane.keys("G")
    pane.wait_for("consent")
    pane.keys("g")
    pane.wait_for("Who / what")

    pane.keys("m")
    screen = pane.wait_for("10 of 10")  # it opens at the newest
    pane.keys("g")
    screen = pane.wait_for("1 of 10")
    assert "salió del hospital" in screen  # wrapped inside the scrollbar, not under it
    pane.keys("Escape")
    pane.wait_for("m Messages")

    pane.tmux("resize-window", "-t", "e2e", "-x", "60", "-y", "20")
    screen = pane.wait_for("When", timeout=10)
    lines = screen.splitlines()
    assert len(lines[0]) <= 60
    for field in ("id        1042", "member    Rosa Martínez (#311)", "status    ● active"):
        assert field in screen, screen
    pane.keys("C-p")
    pane.wait_for("🔎")
    pane.keys("Escape")
    pane.wait_for("🔎", gone=True)
    pane.keys("C-q")
    assert_terminal_clean(pane)


def test_read_only_hides_create_and_says_why(pane: TmuxPane) -> None:
    screen = pane.start_console("assign-tui demo --read-only")
    assert "Create" not in screen.splitlines()[-1]
    pane.keys("c")
    pane.wait_for("Read-only mode: creating assignments is off")
    pane.keys("q")
    assert_terminal_clean(pane)
