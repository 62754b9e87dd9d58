"""Scale: the console against 100,000 assignments vs 200: start to first page, and memory.

Run: .venv/bin/python bench/scale.py [--runs 7] [--size 100000] [--pages 50]

Two sandboxes (seed 7; 200 and `--size` assignments) run in their own
processes, seeded before any timing. Each run spawns the installed
`assign-tui` in a 120x40 pseudo-terminal and reads until "page 1 of"
(interleaved: small, large, large, small, ...); RSS is read from /proc right
then. One more session per size then turns `--pages` pages (`]`; on 200
assignments, 4 pages, it goes back and forth) and reads RSS after the last.
Targets: the large start within 1.1x of the small one, RSS within 5 MB, after
paging too. The console asks for one page at a time, never for everything:
the request count per session is printed from the sandbox's stats.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from common import CONSOLE, PtyProcess, Sandbox, fmt, temp_home

MARKER = b"page 1 of"
SIZE = (120, 40)


def first_page(sandbox: Sandbox, home: Path) -> tuple[float, float]:
    """(seconds to the first page, RSS in MB then)."""
    process = PtyProcess(CONSOLE, sandbox.env(home), SIZE)
    try:
        seconds = process.read_until(MARKER, timeout=60)
        return seconds, process.rss_mb()
    finally:
        process.close()


def paging(sandbox: Sandbox, home: Path, pages: int, total_pages: int) -> tuple[float, float, int]:
    """(RSS at the first page, RSS after `pages` page turns, requests made)."""
    sandbox.control("POST", "stats/reset")
    process = PtyProcess(CONSOLE, sandbox.env(home), SIZE)
    try:
        process.read_until(MARKER, timeout=60)
        time.sleep(0.5)
        before = process.rss_mb()
        page, step = 1, 1
        for _ in range(pages):
            if not 1 <= page + step <= total_pages:
                step = -step
            page += step
            process.send(b"]" if step > 0 else b"[")
            process.read_screen_until(f"page {page} of", timeout=60)
        time.sleep(0.5)
        after = process.rss_mb()
    finally:
        process.close()
    requests = int(sandbox.control("GET", "stats").json()["total"])
    return before, after, requests


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args(argv)
    runs = max(7, args.runs)
    sizes = (200, args.size)
    with temp_home() as tmp:
        home = Path(tmp)
        started = time.perf_counter()
        with Sandbox(home / "small.sqlite3", assignments=sizes[0]) as small, \
                Sandbox(home / "large.sqlite3", assignments=sizes[1]) as large:
            seeded = time.perf_counter() - started
            servers = {sizes[0]: small, sizes[1]: large}
            times: dict[int, list[float]] = {size: [] for size in sizes}
            rss: dict[int, list[float]] = {size: [] for size in sizes}
            for size in sizes:
                first_page(servers[size], home)  # warm the OS caches
            for run in range(runs):
                for size in sizes if run % 2 == 0 else reversed(sizes):
                    seconds, mb = first_page(servers[size], home)
                    times[size].append(seconds)
                    rss[size].append(mb)
            paged = {size: paging(servers[size], home, args.pages, -(-size // 50))
                     for size in sizes}
    small_t, large_t = (statistics.median(times[size]) for size in sizes)
    small_m, large_m = (statistics.median(rss[size]) for size in sizes)
    print(f"scale: 200 vs {args.size:,} assignments at 120x40, {runs} interleaved runs "
          f"(sandboxes started and seeded in {seeded:.0f} s)")
    for size in sizes:
        print(f"  {size:>7,}: first page {fmt(times[size])}   RSS {fmt(rss[size], 'MB', 1)}")
    print(f"  start ratio {large_t / small_t:5.2f}x (target <= 1.10x); "
          f"RSS difference {large_m - small_m:+.1f} MB (target within 5 MB)")
    print(f"  after {args.pages} page turns:")
    for size in sizes:
        before, after, requests = paged[size]
        print(f"  {size:>7,}: RSS {before:.1f} MB at page 1 -> {after:.1f} MB "
              f"({after - before:+.1f} MB); {requests} requests in the session")
    difference = paged[sizes[1]][1] - paged[sizes[0]][1]
    print(f"  RSS difference after paging {difference:+.1f} MB (target within 5 MB)")


if __name__ == "__main__":
    main()
