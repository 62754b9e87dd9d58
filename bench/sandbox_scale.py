"""How the sandbox scales: seeding 100,000 assignments, and listing at 200 vs 100,000.

Prints the seed time and, for page 1 and page 2500 (pageSize 40, so page 2500
is the last page of 100,000), the median, min and max latency of a list
request over loopback HTTP, as the console would make it.

    .venv/bin/python bench/sandbox_scale.py [--runs 7] [--size 100000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from assign_tui.sandbox import CANONICAL_NOW, SandboxServer
from assign_tui.sandbox.app import open_database

QUERIES = {
    "default (createdAt desc)": {},
    "status=active,paused by dueAt asc": {"status": "active,paused", "sortBy": "dueAt",
                                          "sortOrder": "asc"},
    "priority desc": {"sortBy": "priority"},
}


def seed_time(path: Path, size: int) -> float:
    start = time.perf_counter()
    open_database(path, seed=7, assignments=size).conn.close()
    return time.perf_counter() - start


def latencies(client: httpx.Client, params: dict[str, object], runs: int) -> list[float]:
    client.get("/assignments", params=params)  # warm up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get("/assignments", params=params)
        samples.append(time.perf_counter() - start)
        response.raise_for_status()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sizes = {200: Path(tmp) / "small.db", args.size: Path(tmp) / "large.db"}
        for size, path in sizes.items():
            print(f"seed {size:>7,} assignments: {seed_time(path, size):7.2f} s")
        print(f"\nlist latency over loopback, pageSize 40, {args.runs} runs: median [min..max] ms")
        for size, path in sizes.items():
            with SandboxServer(path, seed=7, assignments=size, now=CANONICAL_NOW) as server, \
                    httpx.Client(base_url=server.api_url,
                                 headers={"Authorization": "Bearer demo-admin"}) as client:
                for label, query in QUERIES.items():
                    for page in (1, 2500):
                        params = {**query, "page": page, "pageSize": 40}
                        samples = [s * 1000 for s in latencies(client, params, args.runs)]
                        print(f"  {size:>7,}  page {page:>4}  {label:<36} "
                              f"{statistics.median(samples):7.1f} "
                              f"[{min(samples):.1f}..{max(samples):.1f}]")


if __name__ == "__main__":
    main()
