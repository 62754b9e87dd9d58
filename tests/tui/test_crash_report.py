"""A crash says what failed and where, and never prints or writes a value it had in hand."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest

from assign_tui.tui.app import AssignApp

from .helpers import screen_text, settle

MEMBER = "Rosa Martínez-PLANTED-7731"
TOKEN = "tok-PLANTED-9f8e7d6c5b4a"


class PlantedRecord:
    """Holds a member's name the way a screen holds a server answer."""

    def __init__(self) -> None:
        self.member_name = MEMBER

    def __repr__(self) -> str:
        return f"PlantedRecord(member_name={self.member_name!r})"


def boom() -> None:
    record = PlantedRecord()
    token = TOKEN
    member_name = record.member_name
    raise RuntimeError(f"planted crash for a record of {len(member_name)} chars ({len(token)})")


@pytest.fixture
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The platform state directory, here (platformdirs reads XDG_STATE_HOME on Linux)."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state" / "assign-tui" / "crashes"


async def crash(
    app: AssignApp, how: str, capfd: pytest.CaptureFixture[str]
) -> tuple[BaseException, str, str]:
    """Run `app`, crash it `how`; the exception, the screen text and all the terminal got."""
    shown = ""
    with pytest.raises(Exception) as raised:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.screen.planted = PlantedRecord()  # type: ignore[attr-defined]
            if how == "callback":
                app.call_later(boom)
            else:
                failing_worker(app)
            await pilot.pause()
            await pilot.pause()
            shown = screen_text(pilot)
    out, err = capfd.readouterr()  # Textual prints its exit renderables to stderr on exit
    return raised.value, shown, out + err




def failing_worker(app: AssignApp) -> None:
    app.run_worker(_worker_body(), exit_on_error=True)


async def _worker_body() -> None:
    token = TOKEN
    record = PlantedRecord()
    assert token and record
    boom()


@pytest.mark.parametrize("how", ["callback", "worker"])
async def test_a_crash_names_the_error_and_the_report_but_no_value(
    console_app: Any, state_home: Path, how: str, capfd: pytest.CaptureFixture[str]
) -> None:
    app = console_app()
    error, shown, terminal = await crash(app, how, capfd)
    assert "planted crash" in str(error)
    assert app.return_code == 1
    assert "RuntimeError: planted crash for a record of 26 chars (24)" in terminal
    assert "test_crash_report.py" in terminal and "in boom" in terminal
    reports = list(state_home.glob("crash-*.txt"))
    assert len(reports) == 1
    assert str(reports[0]) in terminal.replace("\n", "")
    assert stat.S_IMODE(reports[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(state_home.stat().st_mode) == 0o700
    report = reports[0].read_text(encoding="utf-8")
    assert "RuntimeError: planted crash" in report
    assert "locals: member_name: str, record: PlantedRecord, token: str" in report
    for output in (terminal, report, shown):
        assert MEMBER not in output and "PLANTED" not in output
        assert TOKEN not in output and "demo-admin" not in output


async def test_no_report_directory_still_says_what_failed(
    console_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the state directory should be")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))
    app = console_app()
    _, _, terminal = await crash(app, "callback", capfd)
    assert "RuntimeError: planted crash" in terminal
    assert "No report was written" in terminal
    assert MEMBER not in terminal and TOKEN not in terminal
