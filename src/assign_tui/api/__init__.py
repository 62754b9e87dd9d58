"""The assignments API: models, errors and the async client. Never imports textual.

The names below are imported on first use (PEP 562), so that importing a light
submodule (`assign_tui.api.first_page`) does not import httpx and pydantic.
"""

from __future__ import annotations

import importlib
from typing import Any

_CLIENT_NAMES = ("AssignmentsClient", "Tagged", "new_idempotency_key")


def _exported(submodule: str) -> tuple[str, ...]:
    if submodule == "client":
        return _CLIENT_NAMES
    return tuple(importlib.import_module(f"{__name__}.{submodule}").__all__)


def __getattr__(name: str) -> Any:
    if name == "__all__":
        return [name for submodule in ("client", "errors", "models") for name in _exported(submodule)]
    for submodule in ("client", "errors", "models"):
        if name in _exported(submodule):
            value = getattr(importlib.import_module(f"{__name__}.{submodule}"), name)
            globals()[name] = value
            return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
