"""Snapshots of the task-switch screen, its confirmation, its 409 state and the playground."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input

from .helpers import settle
from .test_task_switch import FOUR_OUTCOMES, RICH, focus_task, open_switch

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
def test_every_outcome(snap_compare: Any, console_app: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        screen = await open_switch(pilot, FOUR_OUTCOMES)
        await focus_task(pilot, screen, "type_mismatch")  # an invalid one, with its clause tree

    app = console_app(open_assignment=FOUR_OUTCOMES)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("colour", [pytest.param(True, id="colour"),
                                    pytest.param(False, id="NO_COLOR")])
@pytest.mark.parametrize("size", SIZES)
def test_plain_words_and_residual(snap_compare: Any, console_app: Any, size: tuple[int, int],
                                  colour: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The unknown side-effects form: its sentence and what is still to decide."""
    if not colour:
        monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot: Any) -> None:
        screen = await open_switch(pilot, FOUR_OUTCOMES)
        await focus_task(pilot, screen, "side_effects")

    app = console_app(open_assignment=FOUR_OUTCOMES)
    assert app.no_color is not colour
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_confirm_eligible(snap_compare: Any, console_app: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        screen = await open_switch(pilot)
        await focus_task(pilot, screen, "med_review")
        await pilot.press("enter")
        await settle(pilot)

    app = console_app(open_assignment=RICH)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_confirm_blocked(snap_compare: Any, console_app: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        screen = await open_switch(pilot)
        await focus_task(pilot, screen, "stale_escalation")
        await pilot.press("enter")
        await settle(pilot)

    app = console_app(open_assignment=RICH)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_refused_by_the_server(snap_compare: Any, fresh_console_app: Any, fresh_sandbox: Any,
                               size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        screen = await open_switch(pilot)
        await focus_task(pilot, screen, "stale_escalation")
        await pilot.press("enter", "right", "enter")
        await settle(pilot)

    app = fresh_console_app(open_assignment=RICH)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_playground(snap_compare: Any, console_app: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        screen = await open_switch(pilot)
        await focus_task(pilot, screen, "senior_outreach")
        pilot.app.playground_text = (
            'member.age >= 65 && ("spanish" in member.tags || member.form_data.consent == true)'
        )
        await pilot.press("p")
        await settle(pilot)
        pilot.app.screen.query_one(Input).cursor_blink = False
        await settle(pilot)

    app = console_app(open_assignment=RICH)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
