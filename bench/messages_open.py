"""How fast the messages screen opens: 5,000 messages, and one message of about 1 MB.

Run: .venv/bin/python bench/messages_open.py [--runs 9]

Targets (messages issue): first paint under 300 ms, RSS under 150 MB. "First
paint" is the time from pushing `MessagesScreen` to the conversation's first
painted frame with messages in it, in a headless 80x24 app; it includes the
HTTP round trip, so the figure after the answer arrived is printed too. The
sandbox runs in a separate process (its JSON encoding must not compete with
the console for the GIL), and each conversation is measured in a fresh
process so its RSS is its own. Figures are the median over the runs, with
min and max.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from typing import Any

import httpx

CASES = {"5,000 messages": 1043, "one 1 MB message": 1044}
WORKSPACE = "00000000-0000-4000-8000-000000000001"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def _measure(base_url: str, assignment_id: int, runs: int) -> dict[str, Any]:
    from pydantic import SecretStr

    from assign_tui.config import Settings, StaticTokenSource
    from assign_tui.tui.app import AssignApp
    from assign_tui.tui.screens.messages import MessagesScreen
    from assign_tui.tui.widgets.conversation import ConversationView

    settings = Settings(
        profile="bench",
        base_url=base_url,
        workspace=WORKSPACE,
        token=StaticTokenSource(SecretStr("demo-admin"), "bench"),
        is_demo=True,
    )
    app = AssignApp(settings)
    paint: list[float] = []
    after_answer: list[float] = []
    request: list[float] = []
    rss_after: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        client = app.client
        original = client.list_messages
        answered: list[float] = []
        asked: list[float] = []

        async def timed(assignment: int) -> Any:
            asked.append(time.perf_counter())
            result = await original(assignment)
            answered.append(time.perf_counter())
            return result

        client.list_messages = timed  # type: ignore[method-assign]
        baseline = _rss_mb()
        for _ in range(runs):
            answered.clear()
            asked.clear()
            screen = MessagesScreen(assignment_id)
            started = time.perf_counter()
            await app.push_screen(screen)
            view = screen.query_one(ConversationView)
            for _ in range(2_000):
                if view.painted_at is not None:
                    break
                await asyncio.sleep(0.001)
            assert view.painted_at is not None, "the conversation never painted"
            paint.append((view.painted_at - started) * 1000)
            after_answer.append((view.painted_at - answered[0]) * 1000)
            request.append((answered[0] - started) * 1000)
            rss_after.append(_rss_mb())
            await pilot.pause(0.1)
            app.pop_screen()
            await pilot.pause(0.1)
    return {
        "paint": paint,
        "after_answer": after_answer,
        "request": request,
        "baseline": baseline,
        "rss_first": rss_after[0],
        "rss_last": rss_after[-1],
    }


def _child(base_url: str, assignment_id: int, runs: int) -> None:
    print(json.dumps(asyncio.run(_measure(base_url, assignment_id, runs))))


def _serve(port: int) -> subprocess.Popen[bytes]:
    code = (
        "from datetime import datetime, UTC; from assign_tui.sandbox import serve; "
        f"serve(port={port}, now=datetime(2026, 11, 29, 7, tzinfo=UTC))"
    )
    server = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/_sandbox/health", timeout=1).raise_for_status()
            return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the sandbox did not start")


def _row(name: str, values: list[float], unit: str = "ms") -> str:
    return (
        f"  {name:<28} median {statistics.median(values):7.1f} {unit}"
        f"   min {min(values):7.1f}   max {max(values):7.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--child", nargs=2, metavar=("BASE_URL", "ASSIGNMENT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]), args.runs)
        return
    runs = max(7, args.runs)
    port = _free_port()
    server = _serve(port)
    base_url = f"http://127.0.0.1:{port}"
    try:
        print(f"messages screen, first paint at 80x24, {runs} runs each")
        print("targets: first paint < 300 ms, RSS < 150 MB")
        for name, assignment_id in CASES.items():
            url = f"{base_url}/api/v2/w/{WORKSPACE}/assignments/{assignment_id}/messages"
            warm = httpx.get(url, headers={"Authorization": "Bearer demo-admin"}, timeout=60)
            warm.raise_for_status()  # the sandbox generates a conversation on first read
            started = time.perf_counter()
            httpx.get(url, headers={"Authorization": "Bearer demo-admin"}, timeout=60)
            server_ms = (time.perf_counter() - started) * 1000
            child = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--runs",
                    str(runs),
                    "--child",
                    base_url,
                    str(assignment_id),
                ],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "TEXTUAL": ""},
            )
            result = json.loads(child.stdout.strip().splitlines()[-1])
            size = len(warm.content) / 1e6
            print(f"{name} ({size:.1f} MB of JSON; one bare GET took {server_ms:.0f} ms)")
            print(_row("push -> first paint", result["paint"]))
            print(_row("  push -> answer parsed", result["request"]))
            print(_row("  answer -> first paint", result["after_answer"]))
            rss = f"{result['baseline']:.1f} / {result['rss_first']:.1f} / {result['rss_last']:.1f}"
            print(f"  {'RSS before / first / last':<28} {rss} MB")
            print("    (the app on the list screen / after one open / after every run)")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
