"""The CEL playground: outcome as you type, nothing sent, text kept for the session."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from textual.widgets import Input

from assign_tui.tui.format import MASK
from assign_tui.tui.screens.cel_playground import DEBOUNCE_SECONDS, CelPlaygroundScreen
from assign_tui.tui.screens.task_switch import TaskSwitchScreen
from assign_tui.tui.widgets.routing_explanation import RoutingExplanation

from .helpers import settle
from .test_task_switch import RICH, open_switch

TYPED = "member.age >= 65"


def stats_total(server: Any) -> int:
    response = httpx.get(f"{server.base_url}/_sandbox/stats", timeout=5)
    response.raise_for_status()
    return int(response.json()["total"])


async def open_playground(pilot: Any) -> CelPlaygroundScreen:
    app = pilot.app
    await settle(pilot)
    snapshot = await app.client.get_cel_context(RICH)
    screen = CelPlaygroundScreen(snapshot, RICH)
    await app.push_screen(screen)
    await settle(pilot)
    return screen


async def typed(pilot: Any, text: str) -> None:
    """Type like an operator, then let the debounce run out and the evaluation finish."""
    await pilot.press(*[{" ": "space"}.get(char, char) for char in text])
    await pilot.pause(DEBOUNCE_SECONDS * 3)
    await settle(pilot)


def result(screen: CelPlaygroundScreen) -> str:
    return screen.query_one(RoutingExplanation).plain


async def test_enter_evaluates_once_not_again_at_the_debounce(
    console_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter evaluates at once; the debounce of the last key would evaluate the same text
    again, and its worker cancel Enter's (the fault matrix saw WorkerCancelled under load)."""
    from assign_tui.tui.screens import cel_playground

    evaluated: list[str] = []
    hint = cel_playground.routing_hint

    def counting(expression: str, *args: Any, **kwargs: Any) -> Any:
        evaluated.append(expression)
        return hint(expression, *args, **kwargs)

    monkeypatch.setattr(cel_playground, "routing_hint", counting)
    monkeypatch.setattr(cel_playground, "DEBOUNCE_SECONDS", 1.0)  # no key waits that long
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_playground(pilot)
        await pilot.press(*"member.age", "enter")
        await pilot.pause(1.5)
        await settle(pilot)
        assert evaluated == ["member.age"]
        assert screen.evaluated == "member.age"


async def test_outcome_follows_typing(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_playground(pilot)
        assert "Type an expression above" in result(screen)
        await typed(pilot, TYPED)
        assert screen.evaluated == TYPED
        assert "✓ eligible" in result(screen) and "member.age = 67" in result(screen)
        await typed(pilot, " &&")
        assert "! invalid" in result(screen)
        await typed(pilot, " member.form_data.consent")
        text = result(screen)
        assert "? unknown" in text
        assert "member.form_data.consent = hidden (redacted in the preview)" in text
        assert "◆ decided" in text
        await pilot.press("ctrl+l")
        await pilot.pause(DEBOUNCE_SECONDS * 3)
        await settle(pilot)
        assert "Type an expression above" in result(screen)


async def test_escape_sends_nothing_and_reopening_keeps_the_text(
    fresh_console_app: Any, fresh_sandbox: Any,
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_playground(pilot)
        before = stats_total(fresh_sandbox)
        await typed(pilot, TYPED + " || true")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not screen
        assert stats_total(fresh_sandbox) == before
        assert app.playground_text == TYPED + " || true"  # type: ignore[attr-defined]

        again = await open_playground(pilot)
        assert again.query_one(Input).value == TYPED + " || true"
        assert "✓ eligible" in result(again)


async def test_opened_from_task_switch_with_the_focused_condition(console_app: Any) -> None:
    app = console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        switch = await open_switch(pilot)
        assert switch.focused_task is not None and switch.focused_task.key == "med_review"
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CelPlaygroundScreen)
        assert screen.snapshot is switch.snapshot and screen.assignment_id == RICH
        assert screen.query_one(Input).value == "tasks.intake.output.score > 5"
        assert "✓ eligible" in result(screen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TaskSwitchScreen)


async def test_privacy_masks_member_values(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_playground(pilot)
        await typed(pilot, TYPED)
        assert "member.age = 67" in result(screen)
        app.privacy = True
        await settle(pilot)
        assert f"member.age = {MASK}" in result(screen)


async def test_help_and_the_palette_are_reachable_while_typing(console_app: Any) -> None:
    from textual.command import CommandPalette

    from assign_tui.tui.screens.help import HelpScreen

    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_playground(pilot)
        await pilot.press("ctrl+l")
        await typed(pilot, "member.age > 65 ? true : false")
        assert screen.expression == "member.age > 65 ? true : false"  # CEL keeps ? and :
        assert app.screen is screen
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and isinstance(app.focused, Input)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert CommandPalette.is_open(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("tab", "question_mark")  # on the result, ? is help again
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert screen.expression == "member.age > 65 ? true : false"
