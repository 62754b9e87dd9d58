"""Make the README's screenshots: every screen at 120x40, from the sandbox's fixed seed.

Run: .venv/bin/python screenshots/make.py
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from pydantic import SecretStr
from textual.pilot import Pilot

from assign_tui.config import Settings, StaticTokenSource
from assign_tui.sandbox import SandboxServer
from assign_tui.tui.app import AssignApp

HERE = Path(__file__).parent
NOW = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)
SIZE = (120, 40)

Steps = Callable[[Pilot[object]], Awaitable[None]]


async def settle(pilot: Pilot[object]) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.2)


def app_on(server: SandboxServer, **kwargs: object) -> AssignApp:
    settings = Settings(
        profile="demo",
        base_url=server.base_url,
        workspace=server.workspace,
        token=StaticTokenSource(SecretStr("demo-admin"), "the sandbox's demo token"),
        is_demo=True,
    )
    return AssignApp(settings, clock=lambda: NOW, **kwargs)  # type: ignore[arg-type]


async def shoot(server: SandboxServer, name: str, steps: Steps, **kwargs: object) -> None:
    app = app_on(server, **kwargs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await steps(pilot)
        await settle(pilot)
        app.save_screenshot(str(HERE / f"{name}.svg"))
    print(f"screenshots/{name}.svg")


async def keys(pilot: Pilot[object], *pressed: str) -> None:
    for key in pressed:
        await pilot.press(key)
        await settle(pilot)


async def main() -> None:
    async def nothing(pilot: Pilot[object]) -> None:
        return None

    with tempfile.TemporaryDirectory() as tmp:
        server = SandboxServer(Path(tmp) / "sandbox.sqlite3", seed=7, assignments=200, now=NOW)
        with server:
            await shoot(server, "list", nothing)
            await shoot(server, "filter", lambda p: keys(p, "f"))
            await shoot(server, "detail", nothing, open_assignment=1042)
            await shoot(server, "messages", lambda p: keys(p, "m"), open_assignment=1042)
            await shoot(server, "task-switch", lambda p: keys(p, "t"), open_assignment=1042)
            await shoot(server, "playground", lambda p: keys(p, "t", "p"), open_assignment=1042)
            await shoot(server, "raw-json", lambda p: keys(p, "J"), open_assignment=1042)
            await shoot(server, "create", lambda p: keys(p, "c"))
            await shoot(server, "update", lambda p: keys(p, "e"), open_assignment=1042)
            await shoot(server, "cancel", lambda p: keys(p, "X"), open_assignment=1042)
            await shoot(server, "help", lambda p: keys(p, "question_mark"))
            # Last: these write to the sandbox (the shots above show it as seeded).
            await shoot(server, "marked", lambda p: keys(p, "4", "space", "down", "space",
                                                           "space"))
            await shoot(server, "bulk-result", lambda p: keys(
                p, "4", "space", "down", "space", "space", "X", *"duplicate of 1042",
                "ctrl+s"))


if __name__ == "__main__":
    asyncio.run(main())
