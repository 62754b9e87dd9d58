"""Requests and sequential round trips per screen: list, detail, messages, task switch.

Run: .venv/bin/python bench/round_trips.py [--runs 7]

In-process with Pilot at 80x24 (keys.py's counting driver), against a sandbox
in another process. Requests are counted by the sandbox (`/_sandbox/stats`,
reset before each step). Sequential round trips come from the client: httpx
event hooks record when each request was sent and when its answer came, and
the rounds are the longest chain of requests each sent after the previous one
was answered (requests in flight together are one round). Each step is timed
with no added latency and with 100 ms added to every API request by the
sandbox (`/_sandbox/faults` `latency_ms`), interleaved; a step's time runs from
the key to the last byte written for it. Targets: list 1 request (the page; `r`
also asks the views' counts, one request per view in the same round:
view_counts.py), detail 1
round of parallel requests, messages 1, task switch 1; with 100 ms latency,
opening the detail under 1.3x (one round trip + its time without latency).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from common import WORKSPACE, Sandbox, temp_home
from keys import press, quiet

LATENCY_MS = 100
FIXED_NOW = datetime(2026, 11, 29, 7, tzinfo=UTC)
STEPS = ("list (refresh)", "open detail", "messages", "task switch")


def requests(sandbox: Sandbox) -> dict[str, int]:
    return dict(sandbox.control("GET", "stats").json()["requests"])


class RequestClock:
    """When each request of the app's client was sent and answered (httpx event hooks)."""

    def __init__(self, http: Any) -> None:
        self.sent: dict[int, float] = {}
        self.spans: list[tuple[float, float]] = []
        http.event_hooks["request"].append(self._request)
        http.event_hooks["response"].append(self._response)

    async def _request(self, request: Any) -> None:
        self.sent[id(request)] = time.perf_counter()

    async def _response(self, response: Any) -> None:
        started = self.sent.pop(id(response.request), None)
        if started is not None:
            self.spans.append((started, time.perf_counter()))

    def rounds(self) -> int:
        """The longest chain of requests each sent after the previous one was answered."""
        depth: list[int] = []
        spans = sorted(self.spans)
        for index, (start, _) in enumerate(spans):
            before = [depth[i] for i, (_, end) in enumerate(spans[:index]) if end <= start]
            depth.append(1 + max(before, default=0))
        return max(depth, default=0)


async def session(sandbox: Sandbox, runs: int) -> dict[str, Any]:
    from pydantic import SecretStr

    from assign_tui.config import Settings, StaticTokenSource
    from assign_tui.tui.app import AssignApp

    settings = Settings(profile="bench", base_url=sandbox.base_url, workspace=WORKSPACE,
                        token=StaticTokenSource(SecretStr("demo-admin"), "bench"), is_demo=True)
    app = AssignApp(settings, clock=lambda: FIXED_NOW)
    times: dict[tuple[str, int], list[float]] = {}
    counts: dict[str, dict[str, int]] = {}
    rounds: dict[str, list[int]] = {}
    sandbox.control("POST", "stats/reset")
    async with app.run_test(size=(80, 24)) as pilot:
        await quiet(pilot, network=True)
        counts["list (first page)"] = requests(sandbox)
        clock = RequestClock(app.client._http)
        for run in range(runs):
            for latency in (0, LATENCY_MS) if run % 2 == 0 else (LATENCY_MS, 0):
                sandbox.control("POST", "faults", {"latency_ms": latency})
                for step, key, back in (("list (refresh)", "r", None),
                                        ("open detail", "enter", "escape"),
                                        ("messages", "m", "escape"),
                                        ("task switch", "t", "escape")):
                    if step in ("messages", "task switch"):  # 1042: messages, an active task
                        app.open_assignment(1042)
                        await quiet(pilot, network=True)
                    sandbox.control("POST", "stats/reset")
                    clock.spans.clear()
                    ms, _ = await press(pilot, key, network=True)
                    times.setdefault((step, latency), []).append(ms)
                    counts[step] = requests(sandbox)
                    if latency:
                        rounds.setdefault(step, []).append(clock.rounds())
                    if back:
                        await press(pilot, back, network=True)
                    if step in ("messages", "task switch"):
                        await press(pilot, "escape", network=True)
        sandbox.control("DELETE", "faults")
    return {"times": times, "counts": counts, "rounds": rounds}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    runs = max(7, args.runs)
    os.environ.update(TERM="xterm-256color", COLORTERM="truecolor")
    with temp_home() as tmp, Sandbox(Path(tmp) / "sandbox.sqlite3") as sandbox:
        result = asyncio.run(session(sandbox, runs))
    times, counts, rounds = result["times"], result["counts"], result["rounds"]
    print(f"requests and round trips per screen, 80x24, {runs} runs at 0 and {LATENCY_MS} ms "
          "added latency (interleaved)")
    first = counts["list (first page)"]
    print(f"  {'list (first page)':<18} {sum(first.values())} request(s): "
          + ", ".join(f"{k} x{v}" for k, v in first.items()))
    for step in STEPS:
        fast = statistics.median(times[(step, 0)])
        slow = statistics.median(times[(step, LATENCY_MS)])
        made = counts[step]
        seen = sorted(set(rounds[step]))
        print(f"  {step:<18} {sum(made.values())} request(s) in "
              f"{'/'.join(map(str, seen))} round trip(s): "
              + ", ".join(f"{k} x{v}" for k, v in made.items()))
        print(f"  {'':<18} {fast:6.1f} ms without latency [{min(times[(step, 0)]):.1f} .. "
              f"{max(times[(step, 0)]):.1f}], {slow:6.1f} ms with {LATENCY_MS} ms "
              f"[{min(times[(step, LATENCY_MS)]):.1f} .. {max(times[(step, LATENCY_MS)]):.1f}]")
        if step == "open detail":
            ratio = slow / (LATENCY_MS + fast)
            print(f"  {'':<18} with latency / (one round trip + without) = {ratio:.2f} "
                  "(target < 1.3)")


if __name__ == "__main__":
    main()
