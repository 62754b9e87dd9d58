"""Every exit code, errors on stderr (as JSON with --json), ids from stdin, and safe output."""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import socket
import subprocess
import sys
from typing import Any

import httpx
import pytest

from assign_tui import cli
from assign_tui.script import exits
from assign_tui.script.ids import PerId, run_per_id
from assign_tui.script.output import Column, Table

from .helpers import Runner


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_not_found_is_3(run: Runner) -> None:
    done = run("get", "99999")
    assert done.code == 3 and done.out == ""
    assert done.err.startswith("assign-tui: Not found (HTTP 404)")


@pytest.mark.parametrize(("token", "argv"), [
    ("not-a-token", ["get", "1042"]),               # 401
    ("demo-member", ["get", "1043"]),               # 403: another member's assignment
])
def test_not_allowed_is_4(run: Runner, token: str, argv: list[str]) -> None:
    done = run(*argv, token=token)
    assert done.code == 4, done.err
    assert "HTTP 401" in done.err or "HTTP 403" in done.err
    assert "not-a-token" not in done.err  # never the token, only where it came from


def test_a_server_error_is_1_after_the_clients_retries(
    run_fresh: Runner, control: httpx.Client
) -> None:
    control.post("/faults/script", json={"method": "GET", "path": "/assignments/1042$",
                                         "status": 503, "body": {"detail": "down"},
                                         "times": None})
    done = run_fresh("get", "1042")
    assert done.code == 1 and "Server error (HTTP 503)" in done.err
    assert control.get("/stats").json()["requests"] == {"GET /assignments/{assignment_id}": 3}


def test_an_unreachable_server_is_1(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    monkeypatch.setenv("ASSIGN_TUI_BASE_URL", f"http://127.0.0.1:{_closed_port()}")
    monkeypatch.setenv("ASSIGN_TUI_WORKSPACE", "00000000-0000-4000-8000-000000000001")
    monkeypatch.setenv("ASSIGN_TUI_TOKEN", "demo-admin")
    assert cli.main(["ls", "--json"]) == 1
    error = json.loads(capsys.readouterr().err)["error"]
    assert error["type"] == "NetworkError" and error["exitCode"] == 1


@pytest.mark.parametrize("argv", [
    ["get", "abc"],                      # argparse: not an id
    ["ls", "--page-size", "500"],        # argparse: over the API's limit
    ["ls", "--status", "bogus"],         # the server's 422
    ["cancel", "1042"],                  # no --reason
])
def test_usage_is_2(run: Runner, argv: list[str]) -> None:
    done = run(*argv)
    assert done.code == 2 and done.out == ""


def test_a_missing_configuration_is_2_as_json(capsys: Any) -> None:
    assert cli.main(["get", "1042", "--json"]) == 2
    error = json.loads(capsys.readouterr().err)["error"]
    assert error["exitCode"] == 2 and "No configuration found" in error["message"]


def test_conflict_is_5(run_fresh: Runner) -> None:
    done = run_fresh("cancel", "1166", "--reason", "again")  # 1166 is completed
    assert done.code == 5 and "HTTP 409" in done.err
    stale = run_fresh("update", "1042", "--priority", "low", "--if-match", '"1042-v0"')
    assert stale.code == 5 and "HTTP 412" in stale.err


def test_errors_are_json_on_stderr_with_json(run: Runner) -> None:
    done = run("get", "99999", "--json")
    assert done.out == ""
    assert done.errors() == [{"error": {
        "type": "NotFoundError", "status": 404, "exitCode": 3,
        "message": "Not found (HTTP 404): assignment 99999 not found"}}]


def test_ids_from_stdin_mixed_outcomes_in_order(run: Runner) -> None:
    done = run("get", "-", stdin='1042\n99999, abc\n"1044"\n\n1045\n')
    assert done.code == exits.USAGE  # the worst of 0, 3 and 2
    assert [line.split()[0] for line in done.out.splitlines()] == ["1042", "1044", "1045"]
    assert done.err.splitlines() == [
        "assign-tui: 99999: Not found (HTTP 404): assignment 99999 not found",
        "assign-tui: abc: not an assignment id: 'abc'",
    ]


def test_ids_from_stdin_as_json_lines(run_fresh: Runner) -> None:
    done = run_fresh("cancel", "-", "--reason", "duplicate", "--json",
                     stdin="1042 1166 99999 1044\n")
    assert done.code == exits.CONFLICT  # worse than not found
    assert [(a["id"], a["status"], a["cancelReason"]) for a in done.lines()] == [
        (1042, "cancelled", "duplicate"), (1044, "cancelled", "duplicate")]
    assert [(e["id"], e["error"]["exitCode"]) for e in done.errors()] == [("1166", 5), ("99999", 3)]


def test_no_ids_on_stdin_is_2(run: Runner) -> None:
    assert run("get", "-", stdin="\n").code == 2


def test_per_id_runs_at_most_jobs_at_once_and_prints_in_order(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    in_flight: list[int] = []
    peak = 0

    async def act(_client: Any, aid: int) -> int:
        nonlocal peak
        in_flight.append(aid)
        peak = max(peak, len(in_flight))
        for _ in range(100 - aid):  # later ids finish first
            await asyncio.sleep(0)
        in_flight.remove(aid)
        return aid

    monkeypatch.setattr("sys.stdin", io.StringIO(" ".join(str(n) for n in range(1, 21))))
    spec = PerId(act, lambda n: n, print, lambda n: f"done {n}")
    args = argparse.Namespace(id="-", jobs=3, format="table")
    assert asyncio.run(run_per_id(None, args, spec)) == 0  # type: ignore[arg-type]
    assert peak == 3
    assert capsys.readouterr().out.splitlines() == [f"{n}  done {n}" for n in range(1, 21)]


def test_worst_ranks_unknown_outcomes_first() -> None:
    assert exits.worst([]) == 0
    assert exits.worst([0, 3, 5]) == 5
    assert exits.worst([5, 4, 3]) == 4
    assert exits.worst([4, 2, 1, 3]) == 1


def test_hostile_server_text_never_reaches_the_terminal(
    run_fresh: Runner, control: httpx.Client
) -> None:
    control.post("/assignments/1042/overwrite", json={
        "member_name": "\x1b]52;c;ZXZpbA==\x07Rosa\u202e", "notes": "\x1b[2J\x9b31m",
        "workflow_name": "=HYPERLINK(\"https://evil\")"})
    for argv in (["get", "1042"], ["get", "1042", "--json"], ["ls", "--member", "311"],
                 ["ls", "--member", "311", "--jsonl"], ["ls", "--member", "311", "--csv"]):
        out = run_fresh(*argv).out
        assert not {"\x1b", "\x07", "\x9b", "\u202e"} & set(out), argv
    as_json = run_fresh("get", "1042", "--json").json()
    assert as_json["memberName"] == "\x1b]52;c;ZXZpbA==\x07Rosa\u202e"  # the same JSON value
    rows = csv.DictReader(io.StringIO(run_fresh("ls", "--member", "311", "--csv").out))
    row = next(row for row in rows if row["id"] == "1042")
    assert row["workflowName"] == "'=HYPERLINK(\"https://evil\")"  # text to a spreadsheet


def test_colours_only_on_a_terminal_and_never_with_no_color(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def table() -> str:
        out = Terminal()
        Table([Column("STATUS")], out).write([["● active"]])
        return out.getvalue()

    monkeypatch.setenv("TERM", "xterm-256color")
    assert "\x1b[1m" in table()
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b" not in table() and "● active" in table()


def test_each_command_has_an_example_and_the_exit_codes(capsys: Any) -> None:
    for name in ("ls", "get", "messages", "tasks", "context", "current", "create", "update",
                 "cancel", "select", "doctor"):
        assert cli.main([name, "--help"]) == 0
        out = capsys.readouterr().out
        assert f"assign-tui {name}" in out.split("examples:")[1], name
        assert "exit codes: 0 done" in out


def test_the_console_start_does_not_load_the_script_commands() -> None:
    code = ("import sys, contextlib, io\nimport assign_tui.cli as cli\n"
            "loaded = lambda: sorted(m for m in sys.modules if m.startswith(("
            "'assign_tui.script', 'httpx', 'pydantic', 'rich')))\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    cli.main(['--version'])\n"
            "    print(loaded(), file=sys.stderr)\n"
            "    cli.main(['ls', '--help'])\n"
            "print(loaded())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    # The console's parser (here behind --version): the names only, no parsers built.
    # (--help builds them all, to name every command.)
    assert done.stderr.strip() == "['assign_tui.script']"
    assert done.stdout.strip() == "['assign_tui.script', 'assign_tui.script.parser']"
