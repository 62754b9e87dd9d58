"""Run every benchmark and write the results into docs/performance.md.

Run: .venv/bin/python bench/run.py [--quick]

Each bench runs in its own process, one after another (they would compete
for the CPU otherwise); its printed report goes between the markers in
docs/performance.md, with the machine, the date and the load average, so the
file always says where and when its numbers come from. Everything outside the
markers (targets, analysis, history) is kept as written.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from common import ROOT, machine

DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
BENCHES = [
    ("Start to first page", "startup.py", ["--runs", "11", "--floors"]),
    ("Keys (truecolor)", "keys.py", ["--runs", "9"]),
    ("Keys (256 colours, as over plain SSH)", "keys.py", ["--runs", "9", "--colors", "256",
                                                          "--sizes", "80x24"]),
    ("Scale", "scale.py", ["--runs", "7"]),
    ("Messages", "messages_open.py", ["--runs", "9"]),
    ("Round trips", "round_trips.py", ["--runs", "7"]),
    ("View counts", "view_counts.py", ["--runs", "7"]),
    ("Bulk update", "bulk.py", ["--runs", "7"]),
    ("Routing hints", "routing_hints.py", []),
]


def load() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def run(script: str, args: list[str]) -> tuple[str, float]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    text = result.stdout.rstrip()
    if result.returncode:
        text += f"\n(exit {result.returncode})\n{result.stderr.strip()[-2000:]}"
    return text, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="7 runs each (the minimum)")
    parser.add_argument("--only", help="comma-separated bench file names, e.g. startup.py")
    args = parser.parse_args()
    chosen = [b for b in BENCHES if not args.only or b[1] in args.only.split(",")]
    begun = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [START, "",
             f"Measured {begun} on {machine()}; load average (1/5/15 min) at the start "
             f"{load()}.", ""]
    for title, script, bench_args in chosen:
        if args.quick:
            bench_args = [("7" if a.isdigit() and i and bench_args[i - 1] == "--runs" else a)
                          for i, a in enumerate(bench_args)]
        print(f"running {script} {' '.join(bench_args)}", flush=True)
        text, seconds = run(script, bench_args)
        print(text, flush=True)
        parts += [f"### {title}", "",
                  f"`python bench/{script} {' '.join(bench_args)}` ({seconds:.0f} s)", "",
                  "```", text, "```", ""]
    parts += [f"Load average at the end: {load()}.", "", END]
    block = "\n".join(parts)
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else f"{START}\n{END}\n"
    head, _, rest = current.partition(START)
    _, _, tail = rest.partition(END)
    DOC.write_text(head + block + tail, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
