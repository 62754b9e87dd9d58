"""Snapshots of the write forms: each modal filled in, and after the server refused it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, TextArea

from assign_tui.tui.modals.cancel_assignment import CancelAssignmentModal
from assign_tui.tui.modals.create_assignment import CreateAssignmentModal
from assign_tui.tui.modals.form import FormModal
from assign_tui.tui.modals.update_assignment import UpdateAssignmentModal

from .helpers import settle

RICH = 1042
ADMIN = {"Authorization": "Bearer demo-admin"}
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
CREATE_INPUT = {
    "workflow": "7",
    "priority": "high",
    "due": "2026-12-01 09:30",
    "notes": "Call after 5pm; daughter helps with medications.",
    "metadata": '{"channel": "sms"}',
}
Step = Callable[[Pilot[Any]], Awaitable[None]]


async def show(pilot: Pilot[Any], modal: FormModal[Any], **values: str) -> None:
    """Push `modal` over a blank screen, fill it, and freeze the cursors.

    The blank screen keeps these snapshots about the forms alone, not the list behind.
    """
    await settle(pilot)
    tagged = await pilot.app.client.get_assignment(RICH)  # type: ignore[attr-defined]
    pilot.app.remember([tagged.value])  # type: ignore[attr-defined]
    pilot.app.push_screen(Screen())
    pilot.app.push_screen(modal)
    await settle(pilot)
    for name, text in values.items():
        modal.set_field_text(name, text)
    for widget in modal.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False
    await settle(pilot)


async def submit(pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


async def rich(pilot: Pilot[Any]) -> Any:
    await settle(pilot)
    return (await pilot.app.client.get_assignment(RICH)).value  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", SIZES)
def test_create_filled(snap_compare: Any, console_app: Any, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await show(pilot, CreateAssignmentModal(), **CREATE_INPUT)

    assert snap_compare(console_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_create_refused_403(
    snap_compare: Any, fresh_console_app: Any, size: tuple[int, int]
) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await show(pilot, CreateAssignmentModal(), **CREATE_INPUT)
        await submit(pilot)

    app = fresh_console_app(token="demo-reader")
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_update_filled(snap_compare: Any, console_app: Any, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        tagged = await pilot.app.client.get_assignment(RICH)  # type: ignore[attr-defined]
        modal = UpdateAssignmentModal(tagged.value, tagged.etag)
        await show(pilot, modal, due="2026-12-01 09:30")

    assert snap_compare(console_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_update_changed_meanwhile(
    snap_compare: Any, fresh_console_app: Any, fresh_sandbox: Any, size: tuple[int, int]
) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        tagged = await pilot.app.client.get_assignment(RICH)  # type: ignore[attr-defined]
        modal = UpdateAssignmentModal(tagged.value, tagged.etag)
        await show(pilot, modal, notes="Prefers calls after 6pm now.")
        answer = httpx.put(
            f"{fresh_sandbox.api_url}/assignments/{RICH}",
            json={"priority": "urgent", "dueAt": "2026-12-02T08:00:00Z"},
            headers=ADMIN,
        )
        answer.raise_for_status()
        await submit(pilot)

    assert snap_compare(fresh_console_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_cancel_filled(snap_compare: Any, console_app: Any, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await show(pilot, CancelAssignmentModal(await rich(pilot)), reason="Duplicate of 1043")

    assert snap_compare(console_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_cancel_already_finished_409(
    snap_compare: Any, fresh_console_app: Any, fresh_sandbox: Any, size: tuple[int, int]
) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        modal = CancelAssignmentModal(await rich(pilot))
        answer = httpx.post(
            f"{fresh_sandbox.api_url}/assignments/{RICH}/cancel",
            json={"reason": "done elsewhere"},
            headers=ADMIN,
        )
        answer.raise_for_status()
        await show(pilot, modal, reason="Duplicate of 1043")
        await submit(pilot)

    assert snap_compare(fresh_console_app(), terminal_size=size, run_before=run)
