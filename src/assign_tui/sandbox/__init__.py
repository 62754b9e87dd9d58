"""The sandbox: a real local assignments API server (FastAPI + SQLite).

Used by `assign-tui demo`, by every API and UI test over loopback HTTP, and
by the benchmarks. This package's `__init__` imports no third-party module
so that the CLI can import it and get a friendly `SandboxUnavailable` (from
`create_app`, `SandboxServer`, `serve`) instead of a bare ImportError when
FastAPI or uvicorn is missing. It never imports textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assign_tui.sandbox.constants import (
    CANONICAL_NOW,
    DEFAULT_WORKSPACE,
    DEMO_TOKENS,
    FIRST_ASSIGNMENT_ID,
    HUGE_MESSAGE_ASSIGNMENT_ID,
    LONG_CONVERSATION_ASSIGNMENT_ID,
    RICH_ASSIGNMENT_ID,
)

if TYPE_CHECKING:
    from assign_tui.sandbox.app import create_app
    from assign_tui.sandbox.faults import FaultConfig
    from assign_tui.sandbox.server import SandboxServer, serve

__all__ = [
    "CANONICAL_NOW",
    "DEFAULT_WORKSPACE",
    "DEMO_TOKENS",
    "FIRST_ASSIGNMENT_ID",
    "HUGE_MESSAGE_ASSIGNMENT_ID",
    "LONG_CONVERSATION_ASSIGNMENT_ID",
    "RICH_ASSIGNMENT_ID",
    "FaultConfig",
    "SandboxServer",
    "SandboxUnavailable",
    "create_app",
    "serve",
]

INSTALL_HINT = "the sandbox needs FastAPI and uvicorn: pip install 'assign-tui[sandbox]'"


class SandboxUnavailable(ImportError):
    """FastAPI or uvicorn is not installed; the message says how to fix it."""


_LAZY = {
    "create_app": "assign_tui.sandbox.app",
    "FaultConfig": "assign_tui.sandbox.faults",
    "SandboxServer": "assign_tui.sandbox.server",
    "serve": "assign_tui.sandbox.server",
}


def __getattr__(name: str) -> Any:
    """Import the FastAPI-backed parts on first use, with a clear error if missing."""
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise SandboxUnavailable(INSTALL_HINT) from exc
    import importlib

    return getattr(importlib.import_module(module_name), name)
