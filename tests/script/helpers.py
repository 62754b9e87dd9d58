"""Helpers of the script commands' tests: run `assign-tui` in this process, read what it printed."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from assign_tui import cli


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def lines(self) -> list[Any]:
        return [json.loads(line) for line in self.out.splitlines()]

    def errors(self) -> list[Any]:
        return [json.loads(line) for line in self.err.splitlines()]


Runner = Callable[..., Result]


def make_runner(
    server: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Runner:
    def run(*argv: str, stdin: str = "", token: str = "demo-admin") -> Result:
        monkeypatch.setenv("ASSIGN_TUI_BASE_URL", server.base_url)
        monkeypatch.setenv("ASSIGN_TUI_WORKSPACE", server.workspace)
        monkeypatch.setenv("ASSIGN_TUI_TOKEN", token)
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        code = cli.main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def requests_made(control: httpx.Client) -> dict[str, int]:
    """`METHOD /template` -> count since the fixture reset the stats."""
    return dict(control.get("/stats").json()["requests"])
