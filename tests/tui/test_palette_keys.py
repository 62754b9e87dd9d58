"""`:` and `ctrl+p` open the command palette on every screen, pressed alone.

Binding `:` to the palette made Textual drop its own `ctrl+p`; an older test
passed by accident because the text it typed after `ctrl+p` held a `:`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.screens.cel_playground import CelPlaygroundScreen
from assign_tui.tui.screens.help import HelpScreen
from assign_tui.tui.screens.messages import MessagesScreen
from assign_tui.tui.screens.task_switch import TaskSwitchScreen

from .helpers import settle

RICH = 1042

Opener = Callable[[Any], Awaitable[None]]


async def _list(pilot: Any) -> None:
    await settle(pilot)


async def _detail(pilot: Any) -> None:
    await settle(pilot)
    pilot.app.open_assignment(RICH)
    await settle(pilot)
    assert isinstance(pilot.app.screen, AssignmentDetailScreen)


async def _messages(pilot: Any) -> None:
    await settle(pilot)
    await pilot.app.push_screen(MessagesScreen(RICH))
    await settle(pilot)


async def _task_switch(pilot: Any) -> None:
    await _detail(pilot)
    pilot.app.screen.action_switch_task()
    await settle(pilot)
    assert isinstance(pilot.app.screen, TaskSwitchScreen)


async def _playground(pilot: Any) -> None:
    await _detail(pilot)
    pilot.app.open_playground()
    await settle(pilot)
    assert isinstance(pilot.app.screen, CelPlaygroundScreen)


async def _help(pilot: Any) -> None:
    await settle(pilot)
    pilot.app.action_help()
    await settle(pilot)
    assert isinstance(pilot.app.screen, HelpScreen)


SCREENS: dict[str, Opener] = {
    "list": _list,
    "detail": _detail,
    "messages": _messages,
    "task_switch": _task_switch,
    "playground": _playground,
    "help": _help,
}


@pytest.mark.parametrize("key", ["ctrl+p", "colon"])
@pytest.mark.parametrize("screen", list(SCREENS))
async def test_the_key_alone_opens_the_palette(console_app: Any, screen: str, key: str) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await SCREENS[screen](pilot)
        if key == "colon" and isinstance(app.focused, Input):
            # The playground's expression takes ":" (CEL needs it); the result pane does not.
            await pilot.press("tab")
        assert not CommandPalette.is_open(app)
        await pilot.press(key)
        await pilot.pause()
        assert CommandPalette.is_open(app)


async def test_colon_types_into_the_playground_expression(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _playground(pilot)
        field = app.screen.query_one(Input)
        assert app.focused is field
        await pilot.press("colon")
        await pilot.pause()
        assert field.value.endswith(":") and not CommandPalette.is_open(app)
