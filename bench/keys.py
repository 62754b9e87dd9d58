"""Latency and bytes per key: cursor moves, a scroll, next page, open detail, back.

Run: .venv/bin/python bench/keys.py [--runs 9] [--sizes 80x24,200x50] [--colors truecolor,256]

In-process with Pilot, against a sandbox in another process. Textual's
headless driver is made to render (its `is_headless` is False) and its
`write` counts what would reach the terminal, with a timestamp. For a key:

- latency: from `pilot.press(key)` being called to the last byte written for
  the frames the key caused (network keys wait for their workers, then for
  the screen to go quiet); it includes Textual's frame scheduling, so it is
  what an operator would see on a terminal that draws instantly;
- bytes: everything written from the press until quiet: exact for the frames
  drawn (same data, fixed clock), after the console's driver has rewritten
  them (`assign_tui.tui.terminal_diff.ScreenWriter`: only the cells that
  changed, scrolls as scrolls, style codes compacted; its real driver runs it
  on every write, the headless driver Pilot uses would otherwise skip it; on
  an older tree without it, `SgrCompactor`). Colours as on a truecolor terminal
  (TERM=xterm-256color COLORTERM=truecolor), or with `--colors 256` as over a
  plain SSH session, which does not forward COLORTERM (shorter escape codes).

The baseline is bench/hello_app.py's app with a key that changes its one line,
measured the same way in the same run, before and after the console.
Targets at 80x24: a move within view < 16 ms and <= 400 B, a scroll < 33 ms
and <= 1.5 KB, a page turn (page down, next page) <= 6 KB; at 200x50 within 2x
of those.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from common import WORKSPACE, Sandbox, temp_home  # noqa: E402
from textual.app import App  # noqa: E402
from textual.drivers.headless_driver import HeadlessDriver  # noqa: E402
from textual.pilot import Pilot  # noqa: E402

FIXED_NOW = datetime(2026, 11, 29, 7, tzinfo=UTC)
WRITES: list[tuple[float, int]] = []
#: What the app's own driver does to its output before the terminal sees it (see below).
OUTPUT_FILTER: list[Callable[[str], str]] = []
TARGETS: dict[str, tuple[float | None, int]] = {
    "move within view": (16.0, 400), "move that scrolls": (33.0, 1536),
    "page down": (None, 6 * 1024), "next page": (None, 6 * 1024),
}


class _CountingDriver:
    """What HeadlessDriver is patched to do: render, and count the bytes instead of writing."""

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        for output_filter in OUTPUT_FILTER:
            data = output_filter(data)
        WRITES.append((time.perf_counter(), len(data.encode("utf-8"))))

    def flush(self) -> None:
        pass


HeadlessDriver.is_headless = _CountingDriver.is_headless  # type: ignore[method-assign,assignment]
HeadlessDriver.write = _CountingDriver.write  # type: ignore[method-assign]
HeadlessDriver.flush = _CountingDriver.flush  # type: ignore[method-assign]


async def quiet(pilot: Pilot[Any], network: bool) -> None:
    """Wait until the key's work is done and nothing has been written for 50 ms."""
    app = pilot.app
    while True:
        if network:
            await app.workers.wait_for_complete()
        count = len(WRITES)
        await pilot.pause(0.05)
        if len(WRITES) == count and not (network and any(w.is_running for w in app.workers)):
            return


async def press(pilot: Pilot[Any], key: str, *, network: bool = False) -> tuple[float, int]:
    """(milliseconds to the last byte, bytes) for one key."""
    await quiet(pilot, network)
    WRITES.clear()
    start = time.perf_counter()
    await pilot.press(key)
    await quiet(pilot, network)
    if not WRITES:
        return 0.0, 0
    return (WRITES[-1][0] - start) * 1000, sum(size for _, size in WRITES)


Sample = dict[str, list[tuple[float, int]]]


async def console_keys(base_url: str, size: tuple[int, int], runs: int) -> Sample:
    from pydantic import SecretStr

    from assign_tui.config import Settings, StaticTokenSource
    from assign_tui.tui.app import AssignApp

    settings = Settings(profile="bench", base_url=base_url, workspace=WORKSPACE,
                        token=StaticTokenSource(SecretStr("demo-admin"), "bench"), is_demo=True)
    app = AssignApp(settings, clock=lambda: FIXED_NOW)
    samples: Sample = {}
    if getattr(app.driver_class, "compact_output", False):
        OUTPUT_FILTER[:] = [_console_output(app)]
    try:
        await _console_session(app, size, runs, samples)
    finally:
        OUTPUT_FILTER.clear()
    return samples


async def _console_session(app: Any, size: tuple[int, int], runs: int, samples: Sample) -> None:
    from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen

    def add(name: str, value: tuple[float, int]) -> None:
        samples.setdefault(name, []).append(value)

    async with app.run_test(size=size) as pilot:
        await quiet(pilot, network=True)
        table = app.screen.table  # type: ignore[attr-defined]
        visible = table.scrollable_content_region.height - 1  # rows under the header
        for _ in range(runs):
            await press(pilot, "g")
            add("move within view", await press(pilot, "down"))
            while table.cursor_row < table.scroll_offset.y + visible - 1:
                await press(pilot, "down")
            add("move that scrolls", await press(pilot, "down"))
            add("page down", await press(pilot, "pagedown"))
            add("next page", await press(pilot, "right_square_bracket", network=True))
            add("previous page", await press(pilot, "left_square_bracket", network=True))
            add("open detail", await press(pilot, "enter", network=True))
            assert isinstance(app.screen, AssignmentDetailScreen), app.screen
            add("back to the list", await press(pilot, "escape", network=True))


async def hello_keys(size: tuple[int, int], runs: int) -> Sample:
    from hello_app import HelloApp
    from textual.widgets import Static

    class HelloKeys(HelloApp):
        BINDINGS = [("j", "bump", "bump")]
        count = 0

        def action_bump(self) -> None:
            self.count += 1
            self.query_one(Static).update(f"hello {self.count}")

    app: App[None] = HelloKeys()
    samples: Sample = {"hello: one line changes": []}
    async with app.run_test(size=size) as pilot:
        await quiet(pilot, network=False)
        for _ in range(runs):
            samples["hello: one line changes"].append(await press(pilot, "j"))
    return samples


def _console_output(app: Any) -> Callable[[str], str]:
    """What the console's driver does to each write (see the module's docstring)."""
    size = lambda: (app.size.width, app.size.height)  # noqa: E731
    try:
        from assign_tui.tui.terminal_output import terminal_writer

        return terminal_writer(size)
    except ImportError:  # a tree from before blanks were erased
        pass
    try:
        from assign_tui.tui.terminal_diff import ScreenWriter
        from assign_tui.tui.terminal_output import has_scroll_regions
    except ImportError:  # a tree from before it: style codes compacted only
        from assign_tui.tui.terminal_output import SgrCompactor

        return SgrCompactor()
    return ScreenWriter(size, scroll_regions=has_scroll_regions())


def _row(name: str, values: list[tuple[float, int]],
         target: tuple[float | None, int] | None) -> str:
    ms = [v[0] for v in values]
    sizes = sorted({v[1] for v in values})
    size_text = f"{sizes[0]:,} B" if len(sizes) == 1 else f"{min(sizes):,}..{max(sizes):,} B"
    line = (f"  {name:<26} {statistics.median(ms):6.1f} ms [{min(ms):.1f} .. {max(ms):.1f}]"
            f"   {size_text}")
    if target:
        ms_target = f"< {target[0]:.0f} ms, " if target[0] else ""
        line += f"   (target {ms_target}<= {target[1]:,} B)"
    return line


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--sizes", default="80x24,200x50")
    parser.add_argument("--colors", default="truecolor", help="truecolor, 256, or both: truecolor,256")
    args = parser.parse_args(argv)
    os.environ["TERM"] = "xterm-256color"
    os.environ.pop("NO_COLOR", None)
    runs = max(7, args.runs)
    with temp_home() as tmp, Sandbox(Path(tmp) / "sandbox.sqlite3") as sandbox:
        for colors, text in [(c, t) for c in args.colors.split(",") for t in args.sizes.split(",")]:
            if colors == "truecolor":
                os.environ["COLORTERM"] = "truecolor"
            else:
                os.environ.pop("COLORTERM", None)
            columns, rows = (int(part) for part in text.split("x"))
            size = (columns, rows)
            hello = asyncio.run(hello_keys(size, runs))
            console = asyncio.run(console_keys(sandbox.base_url, size, runs))
            hello2 = asyncio.run(hello_keys(size, runs))
            both = hello["hello: one line changes"] + hello2["hello: one line changes"]
            scale = 1 if size == (80, 24) else 2
            print(f"keys at {columns}x{rows}, {colors} colours, {runs} runs each: "
                  "latency median [min .. max], bytes")
            print(_row("hello: one line changes", both, None))
            for name, values in console.items():
                target = TARGETS.get(name)
                if target:
                    target = (target[0] * scale if target[0] else None, target[1] * scale)
                print(_row(name, values, target))
            print()


if __name__ == "__main__":
    main()
