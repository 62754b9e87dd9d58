"""The token is read once for parallel first requests (a token command runs once)."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from assign_tui.api import AssignmentsClient


async def test_parallel_first_requests_read_the_token_once(sandbox: Any) -> None:
    reads: list[str] = []
    lock = threading.Lock()

    def read_token() -> str:
        time.sleep(0.05)  # a token command takes a while
        with lock:
            reads.append(threading.current_thread().name)
        return "demo-admin"

    async with AssignmentsClient(sandbox.api_url, read_token) as client:
        got = await asyncio.gather(*(client.get_assignment(i) for i in (1042, 1043, 1044)))
    assert [tagged.value.id for tagged in got] == [1042, 1043, 1044]
    assert len(reads) == 1
