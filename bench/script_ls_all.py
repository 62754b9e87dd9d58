"""`assign-tui ls --all` in bounded memory: peak RSS against the number of assignments.

Run: .venv/bin/python bench/script_ls_all.py [--sizes 2000,100000] [--formats jsonl,json,csv]

For each size a sandbox is seeded in a child process (100,000 take minutes on
a slow machine), then the installed `assign-tui ls --all` runs in each format
with its output read and counted by this process. Its peak resident memory
comes from the kernel (`wait4`'s `ru_maxrss`), so nothing is sampled and
nothing is missed. One page (`--page-size 1`) is the baseline: the command's
own start. Bounded means the peak does not grow with the size.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from pathlib import Path

from common import CONSOLE, Sandbox, machine, temp_home


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, int]:
    """(peak RSS in MB, seconds, bytes written, lines written) of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    assert process.stdout is not None
    size = lines = 0
    while chunk := process.stdout.read(1 << 16):
        size += len(chunk)
        lines += chunk.count(b"\n")
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited with {process.returncode}")
    return usage.ru_maxrss / 1024, time.perf_counter() - start, size, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,100000")
    parser.add_argument("--formats", default="jsonl,json,csv")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    formats = args.formats.split(",")
    print(machine())
    print("assign-tui ls --all: peak RSS, time, output (pages of 100, read while written)")
    with temp_home() as tmp:
        home = Path(tmp)
        for size in sizes:
            seeding = time.perf_counter()
            with Sandbox(home / f"sandbox-{size}.sqlite3", assignments=size) as sandbox:
                print(f"\n{size:,} assignments (seeded in {time.perf_counter() - seeding:.0f} s)")
                env = sandbox.env(home)
                rss, seconds, _, _ = run([*CONSOLE, "ls", "--page-size", "1", "--jsonl"], env)
                print(f"  one page (baseline)   {rss:6.1f} MB  {seconds:6.2f} s")
                for fmt in formats:
                    rss, seconds, written, lines = run([*CONSOLE, "ls", "--all", f"--{fmt}"], env)
                    rows = lines if fmt == "jsonl" else lines - 1 if fmt == "csv" else None
                    check = "" if rows is None else f"  {rows:,} rows"
                    print(f"  --all --{fmt:<5}        {rss:6.1f} MB  {seconds:6.2f} s  "
                          f"{written / 1e6:7.1f} MB written{check}")


if __name__ == "__main__":
    main()
