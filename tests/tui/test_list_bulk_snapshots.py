"""Snapshots of acting on many at 80x24: marked rows, the confirmation, the result list."""

from __future__ import annotations

from typing import Any

import httpx
from textual.pilot import Pilot
from textual.widgets import Input

from .helpers import settle

SIZE = (80, 24)


def _script(server: Any, entry: dict[str, Any]) -> None:
    httpx.post(f"{server.base_url}/_sandbox/faults/script", json=entry, timeout=5).raise_for_status()


async def _mark_three_active(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("slash", *"active", "enter")
    await settle(pilot)
    await pilot.press("space", "space", "j", "space")


def test_marked_rows(snap_compare: Any, console_app: Any) -> None:
    """A ✓ before each marked id (no colour needed), the count on the pager line."""
    assert snap_compare(console_app(), terminal_size=SIZE, run_before=_mark_three_active)


def test_bulk_cancel_confirmation(snap_compare: Any, console_app: Any) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await _mark_three_active(pilot)
        await pilot.press("X")
        await settle(pilot)
        await pilot.press(*"duplicates")
        pilot.app.screen.query_one(Input).cursor_blink = False
        await settle(pilot)

    assert snap_compare(console_app(), terminal_size=SIZE, run_before=run)


def test_bulk_cancel_result(snap_compare: Any, fresh_console_app: Any, fresh_sandbox: Any) -> None:
    """Done, refused with the server's reason (409), unknown (a gateway gave up: 504; a lost
    connection would also show "Reconnected", whose timing a snapshot cannot pin)."""

    async def run(pilot: Pilot[Any]) -> None:
        await _mark_three_active(pilot)
        marked = list(pilot.app.screen.marks)  # type: ignore[attr-defined]
        _script(fresh_sandbox, {"method": "POST", "path": f"/assignments/{marked[1]}/cancel$",
                                "status": 409, "body": {"detail": "locked by a supervisor"}})
        _script(fresh_sandbox, {"method": "POST", "path": f"/assignments/{marked[2]}/cancel$",
                                "status": 504, "body": {"detail": "gateway timeout"}})
        await pilot.press("X", *"duplicates", "ctrl+s")
        await settle(pilot)

    assert snap_compare(fresh_console_app(), terminal_size=SIZE, run_before=run)
