"""How long routing hints take: a 40-task workflow, 40 hints with residuals, one explanation.

Run: .venv/bin/python bench/routing_hints.py [--runs 15]

Targets (issue 3): all 40 hints under 100 ms once conditions are cached, one
explanation under 20 ms. Issue 17: 40 *unknown* hints, each with its residual
and its sentence in plain words, still well under 100 ms. Each figure is the median over the runs, with min
and max. The baseline is plain cel-python (compiled once, evaluated over the
same snapshot), measured in the same process.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import logging
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# The contract's example snapshot, shared with the routing tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "unit" / "routing"))
from routing_fixtures import SNAPSHOT  # noqa: E402
SHAPES = [
    'member.age >= 65 || assignment.priority == "urgent"',
    "tasks.intake.output.score > 5",
    '"spanish" in member.tags',
    'timestamp(now) - timestamp(task.started_at) > duration("24h")',
    "member.form_data.consent == true",
    "has(member.data.a1c) && member.data.a1c > 9.0",
    'member.locale.startsWith("es") && tasks.med_review.status == "pending"',
    "size(member.tags) > 1 && task.attempts < 3",
]


UNKNOWN_SHAPES = [
    "member.age >= 65 && member.form_data.consent == true",
    "has(member.data.a1c) && member.data.a1c > 9.0",
    "member.tags.exists(t, t == member.form_data.language)",
    "member.form_data.score > tasks.intake.output.score",
    "(member.age > 60 ? member.data.risk : member.data.other) >= 3",
    "member.data.meds.all(m, m != member.locale)",
    '"spanish" in member.tags && member.form_data.lang == "es"',
    'timestamp(member.form_data.signed) > timestamp(now) - duration("72h")',
]


def residual_workflow() -> list[str]:
    """40 distinct conditions the preview cannot decide, each of which leaves a residual."""
    return [
        f"{UNKNOWN_SHAPES[i % len(UNKNOWN_SHAPES)]} && workflow.version != {100 + i}"
        for i in range(40)
    ]


def workflow() -> list[str]:
    """40 distinct conditions of the seeded kinds (a distinct threshold per task)."""
    return [
        SHAPES[i % len(SHAPES)] + f" || workflow.version == {100 + i}"
        if i >= len(SHAPES)
        else SHAPES[i]
        for i in range(40)
    ]


def measure(label: str, runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    print(f"{label:58} median {median:8.2f} ms   min {min(times):8.2f}   max {max(times):8.2f}")
    return median


def import_cost(module: str) -> float:
    code = (
        "import time; t = time.perf_counter(); "
        f"import {module}; print((time.perf_counter() - t) * 1000)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = max(7, parser.parse_args().runs)
    conditions = workflow()
    print(f"{runs} runs; {len(conditions)} conditions; Python {sys.version.split()[0]}")
    print(
        f"import assign_tui.routing: {import_cost('assign_tui.routing'):.1f} ms; "
        f"import celpy: {import_cost('celpy'):.1f} ms (loaded on first use)"
    )

    import celpy

    from assign_tui.routing import explain, routing_hint
    from assign_tui.routing.parse import compile_condition
    from assign_tui.routing.words import plain_words

    logging.getLogger("celpy").setLevel(logging.WARNING)

    def cold() -> None:
        compile_condition.cache_clear()
        for condition in conditions:
            routing_hint(condition, copy.deepcopy(SNAPSHOT))

    snapshots = iter([copy.deepcopy(SNAPSHOT) for _ in range(runs * 3)])

    def fresh_snapshot() -> None:
        snapshot = next(snapshots)
        for condition in conditions:
            routing_hint(condition, snapshot)

    def same_snapshot() -> None:
        for condition in conditions:
            routing_hint(condition, SNAPSHOT)

    measure("40 hints, cold: parse every condition (info)", runs, cold)
    for condition in conditions:
        routing_hint(condition, SNAPSHOT)
    ours = measure("40 hints, cached conditions, new snapshot   [< 100 ms]", runs, fresh_snapshot)
    measure("40 hints, cached conditions, same snapshot", runs, same_snapshot)
    unknown = residual_workflow()
    hints = [routing_hint(c, SNAPSHOT, explain=True) for c in unknown]
    with_residual = sum(h.residual is not None for h in hints)
    print(f"{with_residual} of {len(unknown)} unknown hints have a residual; for example:")
    for hint in hints[:3]:
        print(f"  {hint.residual}\n    {plain_words(hint)}")

    def residuals() -> None:
        snapshot = next(snapshots)
        for condition in unknown:
            plain_words(routing_hint(condition, snapshot, explain=True))

    measure("40 unknown hints + residuals + plain words     [< 100 ms]", runs, residuals)
    longest = max(conditions, key=len)
    measure(
        "explain one condition                       [< 20 ms]",
        runs,
        lambda: explain(longest, SNAPSHOT),
    )

    env = celpy.Environment()
    programs = [env.program(env.compile(c)) for c in conditions]

    def plain() -> None:
        activation = celpy.json_to_cel(copy.deepcopy(SNAPSHOT))
        for program in programs:
            with contextlib.suppress(celpy.CELEvalError):
                program.evaluate(activation)

    base = measure("baseline: plain cel-python, 40 compiled programs", runs, plain)
    print(f"ours / plain cel-python: {ours / base:.2f}x")


if __name__ == "__main__":
    main()
