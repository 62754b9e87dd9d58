"""The views' counts: requests, round trips and wall time for 9 views at 100 ms latency.

Run: .venv/bin/python bench/view_counts.py [--runs 7]

In-process with Pilot at 80x24, against a sandbox in another process that adds
100 ms to every API request. The profile has the six default views and three
of its own (9 in all, every number key). Each run asks for the counts
(`refresh_counts`, as `r` and auto-refresh do) and times it from the call to the
last answer shown, with and without the latency (interleaved); rounds come
from round_trips.py's `RequestClock`. One round trip is a one-item list page
asked alone with the latency. Target: one round of parallel requests, and the
latency adds at most one round trip to the counts' wall time (the sandbox
answers the nine queries one after another: that part is their time without
latency, which a server with parallel workers would overlap).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from pathlib import Path
from typing import Any

from common import WORKSPACE, Sandbox, temp_home
from keys import quiet
from round_trips import FIXED_NOW, LATENCY_MS, RequestClock, requests


async def session(sandbox: Sandbox, runs: int) -> dict[str, Any]:
    from pydantic import SecretStr

    from assign_tui.api.models import AssignmentQuery
    from assign_tui.config import Settings, StaticTokenSource
    from assign_tui.config.views import ViewSpec

    from assign_tui.tui.app import AssignApp

    own = {"pending": ViewSpec(label="Pending", status=("pending",)),
           "failed": ViewSpec(label="Failed", status=("failed",)),
           "mine_paused": ViewSpec(label="My paused", mine=True, status=("paused",))}
    settings = Settings(profile="bench", base_url=sandbox.base_url, workspace=WORKSPACE,
                        token=StaticTokenSource(SecretStr("demo-admin"), "bench"), is_demo=True,
                        views=own)
    app = AssignApp(settings, clock=lambda: FIXED_NOW)
    counts_ms: list[float] = []
    bare_ms: list[float] = []
    round_trip_ms: list[float] = []
    rounds: list[int] = []
    made: dict[str, int] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await quiet(pilot, network=True)
        screen = app.screen
        views = len(screen.views)
        clock = RequestClock(app.client._http)
        for run in range(runs):
            for latency in (0, LATENCY_MS) if run % 2 == 0 else (LATENCY_MS, 0):
                sandbox.control("POST", "faults", {"latency_ms": latency})
                if latency:
                    start = time.perf_counter()
                    await app.client.list_assignments(AssignmentQuery(page_size=1))
                    round_trip_ms.append((time.perf_counter() - start) * 1000)
                sandbox.control("POST", "stats/reset")
                clock.spans.clear()
                start = time.perf_counter()
                await screen.refresh_counts().wait()
                (counts_ms if latency else bare_ms).append((time.perf_counter() - start) * 1000)
                if latency:
                    rounds.append(clock.rounds())
                    made = requests(sandbox)
                await quiet(pilot, network=True)
        sandbox.control("DELETE", "faults")
        shown = screen.query_one("#views").render().plain
    return {"views": views, "counts": counts_ms, "bare": bare_ms, "trip": round_trip_ms, "rounds": rounds,
            "made": made, "shown": shown}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    runs = max(7, args.runs)
    os.environ.update(TERM="xterm-256color", COLORTERM="truecolor")
    with temp_home() as tmp, Sandbox(Path(tmp) / "sandbox.sqlite3") as sandbox:
        result = asyncio.run(session(sandbox, runs))
    counts, trip, bare = result["counts"], result["trip"], result["bare"]
    added = statistics.median(counts) - statistics.median(bare)
    ratio = added / statistics.median(trip)
    print(f"view counts, {result['views']} views, {LATENCY_MS} ms added latency, {runs} runs")
    print(f"  {sum(result['made'].values())} request(s) in "
          f"{'/'.join(map(str, sorted(set(result['rounds']))))} round trip(s): "
          + ", ".join(f"{k} x{v}" for k, v in result["made"].items()))
    print(f"  counts {statistics.median(bare):6.1f} ms without latency [{min(bare):.1f} .. "
          f"{max(bare):.1f}], {statistics.median(counts):6.1f} ms with {LATENCY_MS} ms "
          f"[{min(counts):.1f} .. {max(counts):.1f}]")
    print(f"  the latency adds {added:6.1f} ms; one round trip (a one-item page alone) "
          f"{statistics.median(trip):6.1f} ms: {ratio:.2f} round trips (target: at most 1)")
    print(f"  bar: {result['shown']}")


if __name__ == "__main__":
    main()
