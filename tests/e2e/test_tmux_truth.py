"""Issue 11 in real tmux: ctrl+p, the detail at 80x24 and 60x20, whole words in the
messages, read-only mode saying why `c` does nothing, an update shown on the list."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from .terminal import TmuxPane, tmux_missing
from .test_tmux import assert_terminal_clean

pytestmark = pytest.mark.e2e


def _pane(tmp_path: Path, size: tuple[int, int]) -> TmuxPane:
    reason = tmux_missing()
    if reason:
        pytest.skip(reason)
    pytest.importorskip("fastapi", reason="`assign-tui demo` needs the sandbox extra")
    return TmuxPane(tmp_path / "home", size)


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

    pane.keys("C-q")
    assert_terminal_clean(pane)


def test_detail_at_60x20_opens_with_who_what_and_status(tmp_path: Path) -> None:
    """Started at 60x20 (not resized to it): the detail opens at its top, every field readable."""
    pane = _pane(tmp_path, (60, 20))
    try:
        pane.start_console()
        pane.keys("C-p")
        pane.wait_for("🔎")
        pane.type("open 1042")
        pane.wait_for("Open assignment 1042")
        pane.keys("Enter")
        screen = pane.wait_for("Metadata")  # loaded: the task table is below, off screen
        assert "Who / what" in screen.splitlines()[1], screen
        for field in ("id        1042", "member    Rosa Martínez (#311)", "status    ● active"):
            assert field in screen, screen
        pane.keys("C-q")
        assert_terminal_clean(pane)
    finally:
        pane.close()


def test_read_only_hides_create_and_says_why(pane: TmuxPane) -> None:
    screen = pane.start_console("assign-tui demo --read-only")
    assert "Create" not in screen.splitlines()[-1]
    pane.keys("c")
    pane.wait_for("Read-only mode: creating assignments is off")
    pane.keys("q")
    assert_terminal_clean(pane)


def _row(screen: str, assignment_id: int) -> str:
    lines = screen.splitlines()
    return next((line for line in lines if line.lstrip().startswith(f"{assignment_id} ")), "")


def test_an_update_shows_on_the_list_when_back(pane: TmuxPane) -> None:
    """The row the operator changed is current on the list at once, without `r`."""
    screen = pane.start_console()
    assert "high" in _row(screen, 1141), screen  # the newest, so the first row
    pane.keys("Enter")
    pane.wait_for("Tasks (Enter opens one)")  # loaded: `e` applies
    pane.keys("e")
    pane.wait_for("Edit assignment 1141")
    pane.keys("Enter")  # the priority's choices
    pane.wait_for("urgent")
    pane.keys("Down", "Enter")
    deadline = time.monotonic() + 20
    while not re.search(r"Priority +urgent", pane.screen()):  # the choice is made
        assert time.monotonic() < deadline, pane.screen()
        time.sleep(0.1)
    pane.keys("C-s")
    pane.wait_for("Edit assignment 1141", gone=True)
    pane.wait_for("‼ urgent")
    pane.keys("Escape")
    pane.wait_for("page 1 of 4 · 200 assignments")
    screen = pane.wait_for("‼ urgent")
    assert "urgent" in _row(screen, 1141), screen
    pane.keys("q")
    assert_terminal_clean(pane)
