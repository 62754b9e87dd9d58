"""The console over a real SSH session to localhost, in tmux at 80x24, under several TERMs.

sshd is the test's own (tests/e2e/sshd.py); the remote side gets a fresh HOME,
so `assign-tui demo` seeds its own database there. Colours are read back with
`capture-pane -e`: what tmux stored for each cell.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from .sshd import Sshd
from .terminal import BIN, START_TIMEOUT, TmuxPane
from .test_tmux import assert_terminal_clean, open_1042

pytestmark = pytest.mark.e2e

GREYS = {0, 7, 8, 15, 16, 59, 102, 145, 188, 231, *range(232, 256)}
HUES = {31, 32, 33, 34, 35, 36, 41, 42, 43, 44, 45, 46, 91, 92, 93, 94, 95, 96, 101, 102, 103,
        104, 105, 106}


def remote_command(home: Path, term: str, no_color: bool) -> str:
    env = {"HOME": home, "XDG_CONFIG_HOME": home / ".config",
           "XDG_DATA_HOME": home / ".local/share", "XDG_STATE_HOME": home / ".local/state",
           "PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin", "TERM": term, "LANG": "C.UTF-8"}
    if no_color:
        env["NO_COLOR"] = "1"
    return shlex.join(["env", *(f"{k}={v}" for k, v in env.items()), "assign-tui", "demo"])


def colours(pane: TmuxPane) -> tuple[set[str], set[int], set[int]]:
    """(extended colour kinds "38;5"/"38;2"/..., 256-colour indexes, basic SGR colour codes)."""
    screen = pane.tmux("capture-pane", "-p", "-e", "-t", "e2e")
    kinds: set[str] = set()
    indexes: set[int] = set()
    basic: set[int] = set()
    for params in re.findall(r"\x1b\[([0-9;]*)m", screen):
        parts = [int(p) for p in params.split(";") if p]
        i = 0
        while i < len(parts):
            if parts[i] in (38, 48) and i + 1 < len(parts):
                kinds.add(f"{parts[i]};{parts[i + 1]}")
                if parts[i + 1] == 5 and i + 2 < len(parts):
                    indexes.add(parts[i + 2])
                i += 3 if parts[i + 1] == 5 else 5
                continue
            basic.add(parts[i])
            i += 1
    return kinds, indexes, basic


@pytest.mark.parametrize(
    ("term", "no_color"),
    [("xterm-256color", False), ("screen", False), ("xterm", False), ("xterm-256color", True)],
    ids=["xterm-256color", "screen", "xterm-16-colours", "NO_COLOR"],
)
def test_over_ssh(sshd: Sshd, pane: TmuxPane, tmp_path: Path, term: str, no_color: bool) -> None:
    remote = remote_command(tmp_path / "remote-home", term, no_color)
    pane.run(shlex.join(sshd.ssh_argv(remote)))
    screen = pane.wait_for_frame("page 1 of 4", START_TIMEOUT)
    assert "assign-tui › assignments" in screen and "200 assignments" in screen

    kinds, indexes, basic = colours(pane)
    if no_color:
        assert not {"38;2", "48;2"} & kinds
        assert indexes <= GREYS, f"NO_COLOR, but colours {sorted(indexes - GREYS)}"
        assert not basic & HUES, f"NO_COLOR, but colours {sorted(basic & HUES)}"
    elif term in ("screen", "xterm"):
        assert not kinds, f"TERM={term} has 16 colours, but the console sent {kinds}"
        assert basic & HUES, "no colour at all on a 16-colour terminal"
    else:
        assert kinds or basic & HUES

    pane.keys("]")
    pane.wait_for("page 2 of 4")
    screen = open_1042(pane)
    assert "Assignment 1042" in screen
    if term != "xterm-256color" or no_color:  # the whole round once; the others check drawing
        pane.keys("Escape")
        pane.wait_for("page 2 of 4")
        pane.keys("q")
        assert_terminal_clean(pane)
        return
    pane.keys("m")
    pane.wait_for("(10 messages)")
    pane.keys("Escape")
    pane.wait_for("m Messages")
    pane.keys("t")
    pane.wait_for("eligible")
    pane.keys("Escape")
    pane.wait_for("m Messages")
    pane.keys("Escape")
    pane.wait_for("page 2 of 4")
    pane.keys("q")
    assert_terminal_clean(pane)
