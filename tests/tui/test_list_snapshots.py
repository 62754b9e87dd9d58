"""Snapshots of the list: with data, empty, loading and failed, at 80x24 and 120x40."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from textual.pilot import Pilot

from .helpers import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def _script(server: Any, entry: dict[str, Any]) -> None:
    httpx.post(f"{server.base_url}/_sandbox/faults/script", json=entry, timeout=5).raise_for_status()


@pytest.mark.parametrize("size", SIZES)
def test_list_with_data(snap_compare: Any, console_app: Any, size: tuple[int, int]) -> None:
    assert snap_compare(console_app(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_list_empty(snap_compare: Any, console_app: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("slash", *"cancelled member:311", "enter")
        await settle(pilot)

    assert snap_compare(console_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_list_loading(
    snap_compare: Any, fresh_console_app: Any, fresh_sandbox: Any, size: tuple[int, int]
) -> None:
    _script(fresh_sandbox, {"method": "GET", "path": r"/assignments$", "status": None, "delay_ms": 5000})

    async def run_before(pilot: Pilot[object]) -> None:
        await pilot.pause(0.3)

    assert snap_compare(fresh_console_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_list_error(
    snap_compare: Any, fresh_console_app: Any, fresh_sandbox: Any, size: tuple[int, int]
) -> None:
    _script(fresh_sandbox, {"method": "GET", "path": r"/assignments$", "status": 502,
                            "body": "<html><h1>502 Bad Gateway</h1></html>",
                            "content_type": "text/html", "times": 3})
    assert snap_compare(fresh_console_app(), terminal_size=size, run_before=settle)


def test_filter_form(snap_compare: Any, console_app: Any) -> None:
    async def run_before(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    assert snap_compare(console_app(), terminal_size=(80, 24), run_before=run_before)


def test_help(snap_compare: Any, console_app: Any) -> None:
    async def run_before(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(console_app(), terminal_size=(80, 24), run_before=run_before)


def test_sort_picker(snap_compare: Any, console_app: Any) -> None:
    async def run_before(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)

    assert snap_compare(console_app(), terminal_size=(80, 24), run_before=run_before)


def test_views_bar_on_paused(snap_compare: Any, console_app: Any) -> None:
    """The views with their counts at 80x24, Paused chosen with its number key."""
    async def run_before(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)

    assert snap_compare(console_app(), terminal_size=(80, 24), run_before=run_before)
