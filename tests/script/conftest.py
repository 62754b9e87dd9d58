"""Run `assign-tui <script command>` in this process against the sandbox over loopback.

`run("get", "1042", "--json", stdin="...")` -> `Result(code, out, err)`. The
profile comes from the environment, as a user's would (`ASSIGN_TUI_BASE_URL`,
`ASSIGN_TUI_WORKSPACE`, `ASSIGN_TUI_TOKEN`), with no configuration file, data
or state directory of the user's.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from .helpers import Runner, make_runner


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No real config, data or log directory; the package logger restored afterwards."""
    for name in list(os.environ):
        if name.startswith("ASSIGN_TUI_") or name in ("NO_COLOR", "TMUX", "ESCDELAY"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for kind in ("CONFIG", "DATA", "STATE"):
        monkeypatch.setenv(f"XDG_{kind}_HOME", str(tmp_path / kind.lower()))
    logger = logging.getLogger("assign_tui")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    yield
    logger.handlers[:], logger.level, logger.propagate = saved


@pytest.fixture
def run(
    sandbox: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Runner:
    """Commands against the shared, read-only sandbox."""
    return make_runner(sandbox, monkeypatch, capsys)


@pytest.fixture
def run_fresh(
    fresh_sandbox: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Runner:
    """Commands against a sandbox of this test's own (writes, faults)."""
    return make_runner(fresh_sandbox, monkeypatch, capsys)


@pytest.fixture
def api(sandbox: Any) -> Iterator[httpx.Client]:
    """Plain httpx on the shared sandbox: what the server itself answers."""
    with httpx.Client(base_url=sandbox.api_url, timeout=10,
                      headers={"Authorization": "Bearer demo-admin"}) as client:
        yield client


@pytest.fixture
def fresh_api(fresh_sandbox: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fresh_sandbox.api_url, timeout=10,
                      headers={"Authorization": "Bearer demo-admin"}) as client:
        yield client


@pytest.fixture
def control(fresh_sandbox: Any) -> Iterator[httpx.Client]:
    """The fresh sandbox's control API: faults, stats, overwrite."""
    with httpx.Client(base_url=f"{fresh_sandbox.base_url}/_sandbox", timeout=10) as client:
        client.post("/stats/reset").raise_for_status()
        yield client
