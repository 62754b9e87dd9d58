"""Snapshots of the assignment detail screen and its modals: one visual state each."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from textual.pilot import Pilot

from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen

from .helpers import settle

RICH = 1042
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
def test_detail_with_data(snap_compare: Any, console_app: Any, size: tuple[int, int]) -> None:
    assert snap_compare(console_app(open_assignment=RICH), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_detail_loading(
    snap_compare: Any, fresh_console_app: Any, fresh_sandbox: Any, size: tuple[int, int]
) -> None:
    # The assignment's answer is held; the other two reads answer at once.
    response = httpx.post(
        f"{fresh_sandbox.base_url}/_sandbox/faults/script",
        json={
            "path": rf"/assignments/{RICH}$",
            "method": "GET",
            "status": None,
            "delay_ms": 5000,
        },
        timeout=5,
    )
    response.raise_for_status()

    async def until_waiting(pilot: Pilot[object]) -> None:
        for _ in range(200):
            await pilot.pause(0.02)
            if pilot.app.connection and isinstance(pilot.app.screen, AssignmentDetailScreen):  # type: ignore[attr-defined]
                break
        await pilot.pause()

    assert snap_compare(
        fresh_console_app(open_assignment=RICH), terminal_size=size, run_before=until_waiting
    )


@pytest.mark.parametrize("size", SIZES)
def test_detail_not_found(snap_compare: Any, console_app: Any, size: tuple[int, int]) -> None:
    assert snap_compare(console_app(open_assignment=999999), terminal_size=size, run_before=settle)


def test_raw_json_modal(snap_compare: Any, console_app: Any) -> None:
    async def open_raw_json(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("J")
        await settle(pilot)

    assert snap_compare(
        console_app(open_assignment=RICH), terminal_size=(80, 24), run_before=open_raw_json
    )


def test_task_modal(snap_compare: Any, console_app: Any) -> None:
    async def open_second_task(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)

    assert snap_compare(
        console_app(open_assignment=RICH), terminal_size=(80, 24), run_before=open_second_task
    )
