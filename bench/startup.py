"""Start to first page: process start until page 1 of the assignments is on screen.

Run: .venv/bin/python bench/startup.py [--runs 9] [--size 120x40]

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
from pathlib import Path

from common import CONSOLE, HELLO, Sandbox, fmt, temp_home, time_to_marker

MARKER = b"page 1 of"


def measure(runs: int, size: tuple[int, int], assignments: int = 200,
            argv: list[str] | None = None) -> tuple[list[float], list[float]]:
    """(hello seconds, console seconds), `runs` of each, interleaved."""
    hello: list[float] = []
    console: list[float] = []
    with temp_home() as tmp:
        home = Path(tmp)
        with Sandbox(home / "sandbox.sqlite3", assignments=assignments) as sandbox:
            env = sandbox.env(home)
            time_to_marker(argv or CONSOLE, env, MARKER, size)  # warm the OS file cache
            time_to_marker(HELLO, env, b"hello", size)
            for run in range(runs):
                pair = [("hello", HELLO, b"hello"), ("console", argv or CONSOLE, MARKER)]
                for name, command, marker in pair if run % 2 == 0 else reversed(pair):
                    seconds = time_to_marker(command, env, marker, size)
                    (hello if name == "hello" else console).append(seconds)
    return hello, console


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--size", default="120x40")
    args = parser.parse_args(argv)
    columns, rows = (int(part) for part in args.size.split("x"))
    runs = max(7, args.runs)
    hello, console = measure(runs, (columns, rows))
    ratio = statistics.median(console) / statistics.median(hello)
    print(f"start to first page at {columns}x{rows}, {runs} interleaved runs: median [min .. max]")
    print(f"  hello (bare Textual app)   {fmt(hello)}")
    print(f"  assign-tui, first page     {fmt(console)}")
    print(f"  ratio of medians           {ratio:5.2f}x hello (target <= 1.30x)")


if __name__ == "__main__":
    main()
