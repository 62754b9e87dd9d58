"""Start to first page: process start until page 1 of the assignments is on screen.

Run: .venv/bin/python bench/startup.py [--runs 9] [--size 120x40] [--floors] [--baseline SRC]

Each run spawns the installed `assign-tui` in a pseudo-terminal (Textual
writes to stderr, which is the pty too) against a sandbox already running in
another process on loopback, and reads the pty until "page 1 of" appears.
The baseline is bench/hello_app.py, a bare Textual app painting "hello",
spawned the same way and timed until "hello" appears. Runs are interleaved
(hello, console, console, hello, ...), so drift on a noisy machine hits both.
Target: the console's median at most 1.3x hello's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from common import CONSOLE, HELLO, ROOT, Sandbox, fmt, temp_home, time_to_marker

MARKER = b"page 1 of"


FLOOR = [sys.executable, str(ROOT / "bench" / "floor_app.py")]
FLOORS = {  # name -> (argv, marker): see bench/floor_app.py
    "floor: DataTable of the page": ([*FLOOR, "table"], MARKER),
    "floor: + pydantic models": ([*FLOOR, "models"], MARKER),
}


def console_from(source: Path) -> list[str]:
    """The console of another source tree (e.g. `git archive` of an older commit, its
    `src/`), run by this venv's Python: a before/after in the same interleaved run."""
    code = (f"import sys; sys.path.insert(0, {str(source)!r}); "
            "from assign_tui.cli import main; raise SystemExit(main())")
    return [sys.executable, "-c", code]


def measure(runs: int, size: tuple[int, int], assignments: int = 200,
            argv: list[str] | None = None, floors: bool = False,
            baseline: Path | None = None) -> dict[str, list[float]]:
    """Seconds to the marker of hello, the console (the floors, a baseline's console),
    `runs` of each, interleaved: each round runs them all, in turn forwards and backwards."""
    programs = {"hello": (HELLO, b"hello"), "console": (argv or CONSOLE, MARKER)}
    if floors:
        programs.update(FLOORS)
    if baseline is not None:
        programs["baseline"] = (console_from(baseline), MARKER)
    times: dict[str, list[float]] = {name: [] for name in programs}
    with temp_home() as tmp:
        home = Path(tmp)
        with Sandbox(home / "sandbox.sqlite3", assignments=assignments) as sandbox:
            env = sandbox.env(home)
            for command, marker in programs.values():  # warm the OS file cache
                time_to_marker(command, env, marker, size)
            order = list(programs.items())
            for run in range(runs):
                for name, (command, marker) in order if run % 2 == 0 else reversed(order):
                    times[name].append(time_to_marker(command, env, marker, size))
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--floors", action="store_true",
                        help="also time bench/floor_app.py: the least a console on this stack does")
    parser.add_argument("--baseline", type=Path, metavar="SRC",
                        help="also time the console of another source tree's src/ directory")
    args = parser.parse_args(argv)
    columns, rows = (int(part) for part in args.size.split("x"))
    runs = max(7, args.runs)
    times = measure(runs, (columns, rows), floors=args.floors, baseline=args.baseline)
    hello = statistics.median(times["hello"])
    print(f"start to first page at {columns}x{rows}, {runs} interleaved runs: median [min .. max]")
    print(f"  hello (bare Textual app)   {fmt(times['hello'])}")
    for name, values in times.items():
        if name.startswith("floor"):
            print(f"  {name:<27}{fmt(values)}  {statistics.median(values) / hello:5.2f}x")
    if "baseline" in times:
        line = f"  baseline ({args.baseline})"
        print(f"{line:<29}{fmt(times['baseline'])}  "
              f"{statistics.median(times['baseline']) / hello:5.2f}x")
    print(f"  assign-tui, first page     {fmt(times['console'])}")
    ratio = statistics.median(times["console"]) / hello
    print(f"  ratio of medians           {ratio:5.2f}x hello (target <= 1.30x)")


if __name__ == "__main__":
    main()
