"""End-to-end fixtures: the installed command in tmux (skipped, saying why, without tmux)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .sshd import Sshd
from .terminal import TmuxPane, tmux_missing


@pytest.fixture
def pane(tmp_path: Path) -> Iterator[TmuxPane]:
    """An 80x24 tmux pane with a shell, HOME in `tmp_path`."""
    reason = tmux_missing()
    if reason:
        pytest.skip(reason)
    pytest.importorskip("fastapi", reason="`assign-tui demo` needs the sandbox extra")
    pane = TmuxPane(tmp_path / "home")
    try:
        yield pane
    finally:
        pane.close()


@pytest.fixture(scope="session")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    """A throwaway sshd on a loopback port (one per xdist worker), or a skip saying why not."""
    reason = tmux_missing()
    if reason:
        pytest.skip(reason)
    server = Sshd(tmp_path_factory.mktemp("sshd"))
    try:
        reason = server.start() or server.check_login()
        if reason:
            pytest.skip(f"no SSH session possible: {reason}")
        yield server
    finally:
        server.stop()
