"""Random keys against the console, typed the way an operator on a slow SSH link types.

Each episode starts the console on the sandbox and, for some of `ENTRIES` in
a random order, goes to that screen or modal (faults off, so it gets there),
switches random faults on (errors, 429s, dropped connections, latency), then
sends random actions: mostly the
keys the screen on top binds, then generic keys (Tab, arrows, Enter, Esc,
ctrl+s), typed text, bursts of keys with no wait between them, and resizes
between 40x12 and 220x60. After every action: no exception, and the console's
list is still at the bottom of the stack. Keys that quit are never chosen (a
quit from the palette starts a new app).

An episode's actions depend only on (seed, episode), so a failure replays
(the app's interleaving with the server can still differ):

    python -m tests.tui.key_fuzz --minutes 15 [--seed N]   # the long run, on its own sandbox
    python -m tests.tui.key_fuzz --seed N --episode E      # one episode again

`tests/tui/test_random_keys.py` runs one short episode over every entry in the suite.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import string
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from assign_tui.tui.app import AssignApp
from assign_tui.tui.screens.assignment_list import AssignmentListScreen

from .bursts import burst
from .conftest import make_console_app
from .helpers import settle

#: name -> (assignment opened first, then the steps that reach it: actions of the screen on
#: top, or "press:<key>"). Actions, not keys: keys typed earlier may have left the focus in
#: a search box. The entries that write, or need a task to switch to, have an assignment
#: each: keys typed earlier in the run may have cancelled or switched another one.
ENTRIES: dict[str, tuple[int | None, tuple[str, ...]]] = {
    "list": (None, ()),
    "create": (None, ("create",)),
    "filter": (None, ("filter_form",)),
    "sort picker": (None, ("sort",)),
    "palette": (None, ("app.command_palette",)),
    "help": (None, ("app.help",)),
    "detail": (1042, ()),
    "messages": (1042, ("messages",)),
    "task switch": (1042, ("switch_task",)),
    "confirm switch": (1111, ("switch_task", "cursor('down')", "select_task")),
    "playground": (1042, ("switch_task", "playground")),
    "update": (1045, ("update",)),
    "cancel": (1046, ("cancel",)),
    "discard question": (1010, ("cancel", "press:n", "press:o", "leave")),
    "raw json": (1042, ("raw_json",)),
    "task detail": (1042, ("app.focus('detail-tasks')", "press:enter")),
    "bulk cancel question": (None, ("clear_marks", "toggle_mark", "bulk_cancel")),
    "bulk update question": (None, ("clear_marks", "toggle_mark", "bulk_update")),
    # An update (a due date) of one active row: a cancel could close an entry's assignment.
    "bulk result": (None, ("clear_marks", "quick_filter('active')", "press:enter", "toggle_mark",
                           "bulk_update", "app.focus_next", "press:+", "press:3", "press:d",
                           "submit")),
}
GENERIC_KEYS = (
    "tab", "shift+tab", "enter", "escape", "up", "down", "left", "right", "pageup",
    "pagedown", "home", "end", "space", "backspace", "delete", "ctrl+s", "ctrl+r", "ctrl+p",
    "colon", "question_mark", "slash",
)
TEXT = string.ascii_letters + string.digits + " -:/{}\"é中😀"
NEVER = frozenset({"ctrl+q", "ctrl+c", "ctrl+z"})
QUIT_ACTIONS = frozenset({"quit", "app.quit", "help_quit", "suspend_process"})
FAULTS = {"error_rate": 0.08, "rate_limit_rate": 0.04, "drop_rate": 0.04, "retry_after": 0}
SIZES = ((40, 12), (220, 60))


@dataclass
class Run:
    """What a run sent and saw; `failures` holds one text per crashed episode."""

    seed: int
    keys: int = 0
    actions: int = 0
    episodes: int = 0
    screens: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    logged: Counter[str] = field(default_factory=Counter)
    """Errors the console caught and logged (no crash, but worth a look)."""

    def report(self) -> str:
        seen = ", ".join(f"{name} {count}" for name, count in sorted(self.screens.items()))
        return (f"seed {self.seed}: {self.episodes} episodes, {self.actions} actions, "
                f"{self.keys} keys, {len(self.failures)} failures\nscreens: {seen}\n"
                + "".join(f"logged {count}x: {text}\n" for text, count in self.logged.items())
                + "\n\n".join(self.failures))


class _Logged(logging.Handler):
    """Counts the errors the console logs (it catches and logs its own bugs in workers)."""

    def __init__(self, run: Run) -> None:
        super().__init__(logging.ERROR)
        self.run = run

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        where = f" ({type(error).__name__}: {error})" if error else ""
        self.run.logged[f"{record.name}: {record.getMessage()}{where}"] += 1


class Crash(Exception):
    """The console broke a rule (an exception is raised by the app itself)."""


def _allowed(app: AssignApp) -> list[str]:
    """The keys the screen on top binds, less the ones that quit."""
    keys = []
    for key, active in app.active_bindings.items():
        if key not in NEVER and active.binding.action not in QUIT_ACTIONS:
            keys.append(key)
    return keys or list(GENERIC_KEYS)


def _typed(rng: random.Random, app: AssignApp) -> list[str]:
    quits = {k for k, a in app.active_bindings.items() if a.binding.action in QUIT_ACTIONS}
    text = "".join(rng.choice(TEXT) for _ in range(rng.randint(1, 12)))
    return [char for char in text if char not in quits]


async def _action(pilot: Any, rng: random.Random, run: Run, log: list[str]) -> None:
    """One random action, then one pause for the app to take it in."""
    app = pilot.app
    roll = rng.random()
    if roll < 0.03:
        size = (rng.randint(SIZES[0][0], SIZES[1][0]), rng.randint(SIZES[0][1], SIZES[1][1]))
        log.append(f"resize {size[0]}x{size[1]}")
        await pilot.resize_terminal(*size)
        return
    if roll < 0.05:
        log.append("wait")
        await pilot.pause(rng.choice((0.05, 0.2)))
        return
    if roll < 0.55:
        keys = [rng.choice(_allowed(app))]
    elif roll < 0.72:
        keys = [rng.choice(GENERIC_KEYS)]
    elif roll < 0.84:
        keys = _typed(rng, app)
    else:
        pool = _allowed(app) + list(GENERIC_KEYS)
        keys = [rng.choice(pool) for _ in range(rng.randint(2, 6))]
    log.append(" ".join(keys))
    run.keys += len(keys)
    burst(app, *keys)
    await pilot.pause()


def _check(app: AssignApp) -> None:
    stack = app.screen_stack
    if app.is_running and (len(stack) < 2 or not isinstance(stack[1], AssignmentListScreen)):
        raise Crash(f"the console's list is gone: {stack}")


def _faults(server: Any, body: dict[str, Any] | None) -> None:
    url = f"{server.base_url}/_sandbox/faults"
    answer = httpx.post(url, json=body) if body else httpx.delete(url)
    answer.raise_for_status()


async def _go_to(pilot: Any, name: str) -> None:
    """From wherever the last entry left the app to entry `name`: back to the list (or to
    the detail it needs, when that is open), writes allowed again, then the entry's keys."""
    app = pilot.app
    opened, steps = ENTRIES[name]
    stack = app.screen_stack
    detail_id = getattr(stack[2], "assignment_id", None) if len(stack) > 2 else None
    # The task modal needs the detail's task rows: a reused detail may hold an error instead.
    reuse = opened is not None and detail_id == opened and name != "task detail"
    while len(app.screen_stack) > (3 if reuse else 2):
        app.pop_screen()
    app.read_only = False  # the palette may have turned it on; the write forms need it off
    await pilot.pause()
    if opened is not None and not reuse:
        app.open_assignment(opened)
    await settle(pilot, rounds=2)
    for step in steps:
        if step.startswith("press:"):
            await pilot.press(step.removeprefix("press:"))
        else:
            await app.run_action(step, app.screen)
        await settle(pilot, rounds=2)


async def episode(server: Any, run: Run, number: int, steps: int, entries: int) -> None:
    """Episode `number` of `run.seed`: `entries` entries in a random order (all of them
    once each when it equals len(ENTRIES)), each followed by `steps` random actions."""
    rng = random.Random(f"{run.seed}:{number}")
    names = rng.sample(list(ENTRIES), len(ENTRIES))[:entries]
    log: list[str] = []
    while names:  # a new app whenever one quits (the palette's Quit)
        app = make_console_app(server)
        app.client.backoff_base = app.client.backoff_cap = 0.01
        app.RECONNECT_DELAYS = (0.2, 0.5)
        try:
            async with app.run_test(size=(rng.randint(80, 140), rng.randint(24, 40))) as pilot:
                await settle(pilot)
                while names and app.is_running:
                    name = names.pop(0)
                    log.append(f"entry {name}")
                    _faults(server, None)
                    await _go_to(pilot, name)
                    run.screens[type(app.screen).__name__] += 1
                    latency = rng.choice((0, 20, 80))
                    _faults(server, {**FAULTS, "latency_ms": latency, "seed": number})
                    for _ in range(steps):
                        await _action(pilot, rng, run, log)
                        run.actions += 1
                        if not app.is_running:
                            log.append("(the app quit)")
                            break
                        run.screens[type(app.screen).__name__] += 1
                        _check(app)
                _faults(server, None)
                if app.is_running:
                    await pilot.pause(0.1)
        except Exception as error:  # noqa: BLE001  # the app's exception (run_test re-raises it)
            tail = "\n    ".join(log[-30:])
            run.failures.append(
                f"episode {number} of seed {run.seed}: {type(error).__name__}: {error}\n"
                f"  replay: python -m tests.tui.key_fuzz --seed {run.seed} --episode {number}\n"
                f"  last actions:\n    {tail}"
            )
            break
        finally:
            _faults(server, None)
    run.episodes += 1


async def fuzz(server: Any, seed: int, episodes: range, steps: int, entries: int = len(ENTRIES),
               until: Callable[[], bool] = lambda: False) -> Run:
    run = Run(seed)
    logger, handler = logging.getLogger("assign_tui"), _Logged(run)
    logger.addHandler(handler)
    try:
        for number in episodes:
            if until():
                break
            await episode(server, run, number, steps, entries)
    finally:
        logger.removeHandler(handler)
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=15.0)
    parser.add_argument("--seed", type=int, default=random.randrange(1_000_000))
    parser.add_argument("--episode", type=int, help="replay this episode only")
    parser.add_argument("--steps", type=int, default=60, help="actions after each entry")
    parser.add_argument("--entries", type=int, default=5, help="entries per episode (per app)")
    args = parser.parse_args()
    from datetime import UTC, datetime

    from assign_tui.sandbox import SandboxServer

    now = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as directory, SandboxServer(
        Path(directory) / "sandbox.sqlite3", seed=7, assignments=200, now=now
    ) as server:
        os.environ["ASSIGN_TUI_CONFIG"] = f"{directory}/config.toml"  # not the operator's own
        os.environ["XDG_STATE_HOME"] = f"{directory}/state"  # crash reports: listed below
        os.chdir(directory)  # the palette's "Save screenshot" writes here
        start = time.monotonic()
        numbers = range(args.episode, args.episode + 1) if args.episode is not None \
            else range(sys.maxsize)
        done = lambda: time.monotonic() - start > args.minutes * 60
        run = asyncio.run(fuzz(server, args.seed, numbers, args.steps, args.entries, done))
        print(f"{time.monotonic() - start:.0f} s\n{run.report()}")
        for report in Path(directory, "state").rglob("crash-*.txt"):
            print(f"\n--- {report.name}\n{report.read_text()}")
    sys.exit(1 if run.failures else 0)


if __name__ == "__main__":
    main()
