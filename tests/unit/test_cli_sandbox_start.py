"""`assign-tui sandbox` in a real process: once it listens it says where, with what tokens."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

import httpx
import pytest

pytest.importorskip("fastapi")

WORKSPACE = "00000000-0000-4000-8000-000000000001"


def first_lines(stream: IO[str], count: int, wait: float = 30.0) -> list[str]:
    """The first `count` lines, or fewer when the process says no more within `wait` s."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    read: list[str] = []
    try:
        while len(read) < count:
            read.append(lines.get(timeout=wait))
    except queue.Empty:
        pass
    return read


@pytest.mark.slow  # a fresh interpreter imports the sandbox
def test_sandbox_prints_its_url_workspace_and_tokens_once_it_listens(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSIGN_TUI_")}
    command = [sys.executable, "-m", "assign_tui", "sandbox", "--port", "0", "--db", str(db),
               "--assignments", "3"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                          env=env) as process:
        try:
            assert process.stdout is not None
            lines = first_lines(process.stdout, 7)
            assert len(lines) == 7, f"the sandbox printed only {lines!r}"
            api_root = lines[1].split()[-1]
            # Printed once it listens, so the URL answers at once.
            answer = httpx.get(f"{api_root}/assignments",
                               headers={"Authorization": "Bearer demo-admin"}, timeout=10)
        finally:
            process.terminate()
            process.wait(timeout=20)
    banner = "".join(lines)
    assert lines[0].startswith("assign-tui sandbox: serving http://127.0.0.1:"), banner
    base_url = lines[0].split()[-1]
    assert not base_url.endswith(":0")
    assert f"API root   {base_url}/api/v2/w/{WORKSPACE}" in banner
    assert f"workspace  {WORKSPACE}" in banner
    for token in ("demo-admin", "demo-reader", "demo-member"):
        assert token in banner
    assert str(db) in banner and "Ctrl+C" in banner
    assert answer.status_code == 200 and answer.json()["total"] == 3
