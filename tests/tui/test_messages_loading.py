"""How the messages screen asks for the conversation: once, early, and cancellably.

The first request goes out while the screen is being built (`_ask_early`) and
the first load takes its answer; these tests hold the ways that can go wrong.
"""

from __future__ import annotations

from typing import Any

import httpx

from assign_tui.tui.screens.messages import MessagesScreen

from .helpers import settle

RICH = 1042  # 10 messages


def _control(server: Any, path: str, body: Any = None) -> Any:
    response = httpx.post(f"{server.base_url}/_sandbox{path}", json=body, timeout=5)
    response.raise_for_status()
    return response.json()


def _asked(server: Any) -> int:
    stats = httpx.get(f"{server.base_url}/_sandbox/stats", timeout=5).json()["requests"]
    return int(stats.get("GET /assignments/{assignment_id}/messages", 0))


async def test_opening_asks_for_the_conversation_once(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        _control(fresh_sandbox, "/stats/reset")
        screen = MessagesScreen(RICH, title="test")
        await app.push_screen(screen)
        await settle(pilot)
        assert screen.messages is not None and len(screen.messages) == 10
        assert _asked(fresh_sandbox) == 1
        await pilot.press("r")
        await settle(pilot)
        assert _asked(fresh_sandbox) == 2


async def test_closing_before_the_answer_drops_it(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    _control(fresh_sandbox, "/faults/script",
             {"path": r"/messages$", "status": None, "delay_ms": 600})
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = MessagesScreen(RICH, title="test")
        await app.push_screen(screen)
        await pilot.pause(0.1)
        await pilot.press("escape")
        await pilot.pause(0.8)  # past the answer: nothing may land on the closed screen
        assert not isinstance(app.screen, MessagesScreen)
        assert screen.messages is None


async def test_following_before_the_first_answer_still_loads(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    _control(fresh_sandbox, "/faults/script",
             {"path": r"/messages$", "status": None, "delay_ms": 400})
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = MessagesScreen(RICH, title="test")
        await app.push_screen(screen)
        await pilot.press("F")
        for _ in range(30):
            await pilot.pause(0.1)
            if screen.messages is not None:
                break
        await settle(pilot)
        assert screen.following
        assert screen.messages is not None and len(screen.messages) == 10
        screen.following = False
