"""Memory over a long session: open a detail, its messages, back, 300 times.

Run: .venv/bin/python bench/soak.py [--rounds 300] [--every 25]

The console runs headless at 80x24 in this process, against the sandbox in
its own process (bench/common.py), with keys pressed as an operator does:
`Enter` on a row of the list (the first twelve in turn, 1042's rich
conversation and 1044's 1 MB message among them), wait for the detail, `m`,
wait for the conversation, `Esc` `Esc`. Every `--every` rounds it prints the process's RSS, the live widgets after a
full collection, and the median time of a round: a leak shows as RSS or
widgets growing round after round, not as a one-off step while caches warm.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import WORKSPACE, Sandbox, machine, rss_mb, temp_home


async def _settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _widgets() -> int:
    from textual.widget import Widget

    gc.collect()
    return sum(1 for item in gc.get_objects() if isinstance(item, Widget))


async def soak(base_url: str, rounds: int, every: int) -> list[tuple[int, float, int, float]]:
    import os

    from pydantic import SecretStr

    from assign_tui.config import Settings, StaticTokenSource
    from assign_tui.tui.app import AssignApp
    from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
    from assign_tui.tui.screens.assignment_list import AssignmentListScreen
    from assign_tui.tui.screens.messages import MessagesScreen

    settings = Settings(profile="bench", base_url=base_url, workspace=WORKSPACE,
                        token=StaticTokenSource(SecretStr("demo-admin"), "bench"), is_demo=True)
    app = AssignApp(settings)
    rows: list[tuple[int, float, int, float]] = []
    times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.pause(0.6)  # past the start-up gc.freeze()
        rows.append((0, rss_mb(os.getpid()), _widgets(), 0.0))
        for number in range(1, rounds + 1):
            started = time.perf_counter()
            await pilot.press("home", *["down"] * (number % 12))
            await pilot.press("enter")
            await _settle(pilot)
            assert isinstance(app.screen, AssignmentDetailScreen), app.screen
            await pilot.press("m")
            await _settle(pilot)
            assert isinstance(app.screen, MessagesScreen), app.screen
            await pilot.press("escape", "escape")
            await _settle(pilot)
            assert isinstance(app.screen, AssignmentListScreen), app.screen
            times.append(time.perf_counter() - started)
            if number % every == 0:
                rows.append((number, rss_mb(os.getpid()), _widgets(),
                             statistics.median(times[-every:]) * 1000))
                print(f"  round {number}: {rows[-1][1]:.1f} MB", file=sys.stderr, flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--every", type=int, default=25)
    args = parser.parse_args()
    with temp_home() as home, Sandbox(Path(home) / "sandbox.sqlite3") as sandbox:
        rows = asyncio.run(soak(sandbox.base_url, args.rounds, args.every))
    print(machine())
    print(f"soak: {args.rounds} rounds of Enter (detail), m (messages), Esc Esc; 80x24 headless")
    print("| round | RSS MB | vs round " f"{args.every} | live widgets | median round ms |")
    print("|---:|---:|---:|---:|---:|")
    reference = rows[1][1] if len(rows) > 1 else rows[0][1]
    for number, rss, widgets, median in rows:
        delta = f"{rss - reference:+.1f}" if number else "-"
        shown = f"{median:.0f}" if number else "- (after start)"
        print(f"| {number} | {rss:.1f} | {delta} | {widgets} | {shown} |")


if __name__ == "__main__":
    main()
