"""`y` in real tmux: the text reaches tmux's paste buffer, and the console says only what it knows.

tmux 3.3 drops the passthrough-wrapped OSC 52 unless `allow-passthrough` is on, and
ignores a plain one unless `set-clipboard` is `on`: both settings are tried here.
"""

from __future__ import annotations

import subprocess
import time

import pytest

from .terminal import TmuxPane
from .test_tmux import assert_terminal_clean, open_1042

pytestmark = pytest.mark.e2e


def buffer(pane: TmuxPane, expected: str, timeout: float = 20.0) -> str:
    """tmux's newest paste buffer, once it says `expected` (or what it says at the deadline)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            text = pane.tmux("show-buffer")
        except subprocess.CalledProcessError:  # no buffer yet
            text = ""
        if text == expected or time.monotonic() > deadline:
            return text
        time.sleep(0.1)


def screen_words(pane: TmuxPane) -> str:
    """The screen with every run of spaces and line breaks as one space (toasts wrap)."""
    return " ".join(pane.screen().split())


@pytest.mark.parametrize("set_clipboard", ["external", "on", "off"])
def test_y_puts_the_id_in_tmuxs_buffer(pane: TmuxPane, set_clipboard: str) -> None:
    pane.tmux("set-option", "-g", "set-clipboard", set_clipboard)  # external: tmux's default
    pane.start_console()
    open_1042(pane)
    pane.keys("y")
    assert buffer(pane, "1042") == "1042"
    pane.wait_for("confirm" if set_clipboard != "off" else "paste buffer only")
    words = screen_words(pane)
    assert "Copied the assignment id to the clipboard" not in words
    if set_clipboard == "on":  # a plain OSC 52, which tmux takes: nothing can confirm the terminal's
        assert "Sent the assignment id" in words and "cannot" in words
    pane.keys("Escape")
    pane.wait_for("page 1 of")
    pane.keys("q")
    assert_terminal_clean(pane)
