"""Random keys, bursts, typed text and resizes on every screen and modal, faults on: no crash.

One episode: every entry of `key_fuzz.ENTRIES` once, a few actions each (the long run by hand is
`python -m tests.tui.key_fuzz --minutes 15`, reported in docs/reliability.md).
The seed is fixed so the suite is repeatable; KEY_FUZZ_SEED=<n> runs another.
A failure prints the seed, the episode and its last actions, and how to replay it.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from textual.screen import ModalScreen

import assign_tui.tui
from assign_tui.tui.screens.base import ConsoleScreen

from .key_fuzz import ENTRIES, fuzz

SEED = int(os.environ.get("KEY_FUZZ_SEED", "19"))
STEPS = 8
"""Actions after each entry (15 entries: about 20 s on a quiet machine)."""


def console_screens() -> set[str]:
    """Every full screen and modal the console has (a new one must be reached too)."""
    for info in pkgutil.walk_packages(assign_tui.tui.__path__, "assign_tui.tui."):
        importlib.import_module(info.name)
    found: set[str] = set()
    pending: list[type] = [ConsoleScreen, ModalScreen]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("assign_tui.") and not sub.__name__.startswith(
                ("Console", "Scrolling", "Form")
            ):
                found.add(sub.__name__)
    return found


async def test_random_keys_crash_nothing_on_any_screen(
    fresh_sandbox: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the palette's "Save screenshot" writes to the working dir
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    run = await fuzz(fresh_sandbox, SEED, range(1), STEPS)
    assert not run.failures, run.report()
    missing = console_screens() - set(run.screens)
    assert not missing, f"never reached: {sorted(missing)}\n{run.report()}"
    assert run.keys > len(ENTRIES) * STEPS
