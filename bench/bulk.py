"""A bulk update of 50 assignments: wall time in round trips, with 100 ms added latency.

Run: .venv/bin/python bench/bulk.py [--runs 7]

The list's bulk update (`tui.bulk.send_all`, the code `e` on marked rows runs)
against a sandbox in another process, with 100 ms added to every API request
(`/_sandbox/faults` `latency_ms`) and without. Each assignment is read fresh
(GET, for its ETag) and then updated with `If-Match` (PUT): 100 requests. With
4 writes at a time and the reads one round ahead, the target is about 13 round
trips of wall time (50 / 4 = 12.5, plus the first read), not 25. One round trip
is measured as the median of single reads at the same latency; the longest chain of
requests each sent after the previous one was answered (`round_trips.RequestClock`)
is the count that does not depend on the machine's load.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path

from common import WORKSPACE, Sandbox, temp_home
from round_trips import RequestClock

LATENCY_MS = 100
COUNT = 50


async def session(sandbox: Sandbox, runs: int) -> dict[str, list[float]]:
    from assign_tui.api.client import AssignmentsClient
    from assign_tui.api.models import AssignmentQuery
    from assign_tui.tui.bulk import BOUND, BulkWrite, send_all

    api_root = f"{sandbox.base_url}/api/v2/w/{WORKSPACE}"
    found: dict[str, list[float]] = {}
    async with AssignmentsClient(api_root, lambda: "demo-admin") as client:
        clock = RequestClock(client._http)
        page = await client.list_assignments(
            AssignmentQuery(statuses=("pending", "active", "paused"), page_size=COUNT))
        ids = [a.id for a in page.items]
        assert len(ids) == COUNT, len(ids)
        for run in range(runs):
            for latency in (0, LATENCY_MS) if run % 2 == 0 else (LATENCY_MS, 0):
                sandbox.control("POST", "faults", {"latency_ms": latency})
                trips = []
                for _ in range(5):
                    started = time.perf_counter()
                    await client.get_assignment(ids[0])
                    trips.append(time.perf_counter() - started)
                found.setdefault(f"trip {latency}", []).append(statistics.median(trips))
                sandbox.control("POST", "stats/reset")
                write = BulkWrite("update", priority=("high", "low")[run % 2])
                clock.spans.clear()
                started = time.perf_counter()
                outcome = await send_all(client, ids, write, bound=BOUND)
                found.setdefault(f"bulk {latency}", []).append(time.perf_counter() - started)
                found.setdefault(f"rounds {latency}", []).append(clock.rounds())
                done = len(outcome.ids("done"))
                assert done == COUNT, [r for r in outcome.results if r.outcome != "done"][:3]
                made = sandbox.control("GET", "stats").json()["total"]
                found.setdefault("requests", []).append(made)
        sandbox.control("DELETE", "faults")
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    runs = max(7, args.runs)
    with temp_home() as tmp, Sandbox(Path(tmp) / "sandbox.sqlite3") as sandbox:
        found = asyncio.run(session(sandbox, runs))
    requests = sorted(set(int(n) for n in found["requests"]))
    print(f"bulk update of {COUNT} assignments (GET + PUT If-Match each, 4 writes at a time), "
          f"{runs} runs at 0 and {LATENCY_MS} ms added latency (interleaved); "
          f"requests per run: {'/'.join(map(str, requests))}")
    for latency in (0, LATENCY_MS):
        times = [t * 1000 for t in found[f"bulk {latency}"]]
        trip = statistics.median(found[f"trip {latency}"]) * 1000
        wall = statistics.median(times)
        rounds = sorted(set(int(n) for n in found[f"rounds {latency}"]))
        print(f"  {latency:>3} ms latency: {wall:7.0f} ms [{min(times):.0f} .. {max(times):.0f}]; "
              f"one round trip {trip:.1f} ms; wall = {wall / trip:.1f} round trips"
              + (" (target about 13)" if latency else "")
              + f"; longest chain of sequential requests {'/'.join(map(str, rounds))}")


if __name__ == "__main__":
    main()
