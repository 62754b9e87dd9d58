"""Snapshots of the messages screen: data, empty, loading and error, at 80x24 and 120x40."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from textual.pilot import Pilot

from assign_tui.tui.screens.messages import MessagesScreen
from assign_tui.tui.widgets.notice import Notice

from .helpers import settle

RICH = 1042
MISSING = 999_999
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


def _script(server: Any, entry: dict[str, Any]) -> None:
    httpx.post(
        f"{server.base_url}/_sandbox/faults/script", json=entry, timeout=5
    ).raise_for_status()


def _open(assignment_id: int, *, wait: bool = True) -> Any:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        screen = MessagesScreen(assignment_id)
        await pilot.app.push_screen(screen)
        if wait:
            await settle(pilot)
            return
        for _ in range(100):  # until the request is out and the screen says so
            await pilot.pause(0.02)
            if screen.is_mounted and screen.query_one(Notice).has_class("-loading"):
                break
        await pilot.pause()

    return run_before


@SIZES
def test_conversation(snap_compare: Any, console_app: Any, size: tuple[int, int]) -> None:
    assert snap_compare(console_app(), terminal_size=size, run_before=_open(RICH))


@SIZES
def test_empty_conversation(
    snap_compare: Any, fresh_console_app: Any, fresh_sandbox: Any, size: tuple[int, int]
) -> None:
    _script(fresh_sandbox, {"path": r"/messages$", "status": 200, "body": []})
    assert snap_compare(fresh_console_app(), terminal_size=size, run_before=_open(RICH))


@SIZES
def test_loading(
    snap_compare: Any, fresh_console_app: Any, fresh_sandbox: Any, size: tuple[int, int]
) -> None:
    _script(fresh_sandbox, {"path": r"/messages$", "status": None, "delay_ms": 5_000})
    assert snap_compare(fresh_console_app(), terminal_size=size, run_before=_open(RICH, wait=False))


@SIZES
def test_not_found(snap_compare: Any, console_app: Any, size: tuple[int, int]) -> None:
    assert snap_compare(console_app(), terminal_size=size, run_before=_open(MISSING))
