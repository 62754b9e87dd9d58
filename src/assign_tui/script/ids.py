"""One id or many: `ID`, or `-` for ids read from stdin as they arrive.

With many ids the requests run a few at a time (`--jobs`), the answers are
printed in the order the ids came, a line each, and the exit code is the most
serious outcome (`exits.worst`). Stdin is read a line at a time and at most
`jobs` answers wait to be printed, so a million ids take no more memory than ten.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from assign_tui.api.client import AssignmentsClient
from assign_tui.api.errors import ApiError
from assign_tui.script import exits
from assign_tui.script.output import dumps, print_error
from assign_tui.tui.format import safe

__all__ = ["PerId", "run_per_id"]

T = TypeVar("T")
_SEPARATORS = re.compile(r"[\s,]+")


@dataclass(frozen=True)
class PerId(Generic[T]):
    """How a per-id command fetches (or writes) one assignment and prints the answer."""

    act: Callable[[AssignmentsClient, int], Awaitable[T]]
    to_json: Callable[[T], Any]
    detail: Callable[[T], None]
    """Table output for one id given on the command line."""
    summary: Callable[[T], str]
    """One line (after the id) for each of many ids."""


async def _stdin_tokens() -> AsyncIterator[str]:
    """Words of stdin, split on spaces and commas, read off the event loop."""
    while True:
        line = await asyncio.to_thread(sys.stdin.readline)
        if not line:
            return
        for word in _SEPARATORS.split(line.strip()):
            if word:
                yield word.strip("\"'")


def _as_id(word: str) -> int | None:
    return int(word) if word.isdigit() and int(word) > 0 else None


class _Printer(Generic[T]):
    def __init__(self, spec: PerId[T], fmt: str, many: bool) -> None:
        self.spec, self.fmt, self.many = spec, fmt, many
        self.as_json = fmt in ("json", "jsonl")

    def done(self, aid: int, value: T) -> None:
        if self.as_json:
            compact = self.many or self.fmt == "jsonl"
            print(dumps(self.spec.to_json(value), indent=None if compact else 2), flush=True)
        elif self.many:
            print(f"{aid}  {safe(self.spec.summary(value), single_line=True)}", flush=True)
        else:
            self.spec.detail(value)

    def failed(self, word: str, problem: ApiError | str, code: int) -> int:
        extra = {"id": word} if self.many else {}
        print_error(problem, code, as_json=self.as_json, **extra)
        return code


async def run_per_id(client: AssignmentsClient, args: argparse.Namespace, spec: PerId[T]) -> int:
    """Run `spec` for `args.id` (or every id on stdin); the exit code."""
    many = args.id == "-"
    printer = _Printer(spec, args.format, many)
    if not many:
        try:
            printer.done(args.id, await spec.act(client, args.id))
        except ApiError as error:
            return printer.failed(str(args.id), error, exits.exit_code_for(error))
        return exits.DONE
    codes: set[int] = set()
    window: deque[tuple[str, asyncio.Task[Any] | None]] = deque()

    async def settle_oldest() -> None:
        word, task = window.popleft()
        if task is None:
            codes.add(printer.failed(word, f"not an assignment id: {word!r}", exits.USAGE))
            return
        try:
            value = await task
        except ApiError as error:
            codes.add(printer.failed(word, error, exits.exit_code_for(error)))
            return
        printer.done(int(word), value)
        codes.add(exits.DONE)

    try:
        async for word in _stdin_tokens():
            aid = _as_id(word)
            task = None if aid is None else asyncio.ensure_future(spec.act(client, aid))
            window.append((word, task))
            if len(window) >= args.jobs:
                await settle_oldest()
        while window:
            await settle_oldest()
    finally:
        for _, task in window:
            if task is not None:
                task.cancel()
    if not codes:
        print_error("no ids on stdin", exits.USAGE, as_json=printer.as_json)
        return exits.USAGE
    return exits.worst(codes)
