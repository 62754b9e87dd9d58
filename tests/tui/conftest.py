"""Fixtures for console tests: an app wired to the sandbox, with a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import SecretStr

from assign_tui.config import Settings, StaticTokenSource
from assign_tui.tui.app import AssignApp

FIXED_NOW = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)

AppFactory = Callable[..., AssignApp]


def make_console_app(server: Any, *, token: str = "demo-admin", **overrides: Any) -> AssignApp:
    """An `AssignApp` on `server` (a running SandboxServer) with the fixed clock;
    `overrides` are Settings fields, and `open_assignment`, `freeze_heap` (AssignApp's)."""
    open_assignment = overrides.pop("open_assignment", None)
    # Off by default: the freeze's full collection, half a second into every app, scans
    # the whole test worker's heap (test_first_page_app tests the freeze itself).
    freeze_heap = overrides.pop("freeze_heap", False)
    settings = Settings(
        profile="sandbox",
        base_url=server.base_url,
        workspace=server.workspace,
        token=StaticTokenSource(SecretStr(token), "the sandbox's demo token"),
        is_demo=True,
        **overrides,
    )
    return AssignApp(
        settings, open_assignment=open_assignment, clock=lambda: FIXED_NOW, freeze_heap=freeze_heap
    )


@pytest.fixture
def console_app(sandbox: Any) -> AppFactory:
    """`console_app(**settings_overrides)`: the console on the shared read-only sandbox."""
    return lambda **overrides: make_console_app(sandbox, **overrides)


@pytest.fixture
def fresh_console_app(fresh_sandbox: Any) -> AppFactory:
    """The console on a sandbox of its own, for writes and fault injection."""
    return lambda **overrides: make_console_app(fresh_sandbox, **overrides)


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's own configuration or environment."""
    monkeypatch.setenv("ASSIGN_TUI_CONFIG", str(tmp_path / "config.toml"))
    for name in ("ASSIGN_TUI_BASE_URL", "ASSIGN_TUI_WORKSPACE", "ASSIGN_TUI_TOKEN", "ASSIGN_TUI_PROFILE", "TMUX"):
        monkeypatch.delenv(name, raising=False)
