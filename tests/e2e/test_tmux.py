"""The installed `assign-tui demo` in tmux at 80x24: every main screen, keys, a clean exit."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from .terminal import TmuxPane, quoted

pytestmark = pytest.mark.e2e

MOUSE_OFF = {"mouse_any_flag": "0", "mouse_all_flag": "0", "mouse_button_flag": "0",
             "mouse_standard_flag": "0", "mouse_sgr_flag": "0"}


def assert_terminal_clean(pane: TmuxPane) -> None:
    pane.wait_for_prompt()
    modes = pane.modes()
    assert modes["alternate_on"] == "0", modes
    assert {k: modes[k] for k in MOUSE_OFF} == MOUSE_OFF, modes
    assert modes["cursor_flag"] == "1", f"the cursor was left hidden: {modes}"


def open_1042(pane: TmuxPane) -> str:
    pane.keys(":")
    pane.wait_for("🔎")
    pane.type("open 1042")
    pane.wait_for("Open assignment 1042")
    pane.keys("Enter")
    return pane.wait_for("Rosa Martínez (#311)")


def test_list_detail_messages_task_switch_and_back(pane: TmuxPane) -> None:
    screen = pane.start_console()
    assert "assign-tui › assignments" in screen
    assert re.search(r"page 1 of 4 · 200 assignments", screen)
    modes = pane.modes()
    assert (modes["alternate_on"], modes["mouse_any_flag"]) == ("1", "1"), modes

    # tmux may swallow Home/End: g and G move to the first and last row of the page.
    first_row = next(line for line in screen.splitlines() if re.match(r"\s+\d{4}\s", line))
    pane.keys("G")
    pane.wait_for(first_row, gone=True)
    pane.keys("g")
    pane.wait_for(first_row)

    pane.keys("]")
    pane.wait_for("page 2 of 4")
    pane.keys("[")
    pane.wait_for("page 1 of 4")

    screen = open_1042(pane)
    assert "Assignment 1042" in screen and "Tasks" in screen

    pane.keys("m")
    screen = pane.wait_for("(10 messages)")
    assert "messages" in screen.splitlines()[0]
    pane.keys("Escape")
    pane.wait_for("m Messages")

    pane.keys("t")
    screen = pane.wait_for("Switch task")
    pane.wait_for("eligible")
    pane.keys("Escape")
    pane.wait_for("m Messages")

    pane.keys("Escape")
    pane.wait_for("page 1 of 4")
    pane.keys("q")
    assert_terminal_clean(pane)


def test_no_mouse_never_turns_mouse_reporting_on(pane: TmuxPane) -> None:
    pane.start_console("assign-tui demo --no-mouse")
    modes = pane.modes()
    assert modes["alternate_on"] == "1"
    assert {k: modes[k] for k in MOUSE_OFF} == MOUSE_OFF, modes
    pane.keys("q")
    assert_terminal_clean(pane)


def test_a_crash_leaves_the_terminal_clean(pane: TmuxPane, tmp_path: Path) -> None:
    """An exception in a key handler: Textual prints the traceback after restoring the terminal."""
    script = tmp_path / "crash.py"
    script.write_text(
        "from assign_tui.tui.app import AssignApp\n"
        "def boom(self):\n"
        "    raise RuntimeError('injected by the e2e test')\n"
        "AssignApp.action_help = boom\n"
        "from assign_tui.cli import main\n"
        "raise SystemExit(main(['demo']))\n",
        encoding="utf-8",
    )
    pane.start_console(f"{quoted(sys.executable)} {quoted(script)}")
    pane.keys("?")
    pane.wait_for("injected by the e2e test")
    assert_terminal_clean(pane)
