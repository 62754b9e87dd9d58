"""A worker's unexpected error is shown in words and the console goes on (tui/worker_errors.py).

The list's worker caught only `ApiError`s; anything else stopped the app. Here the
profile's CA bundle is a file that holds no certificate, so making the client raises
`ssl.SSLError` inside the list's first load: the console must say so on the list,
log no member data, and keep running.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen

from .helpers import screen_text, settle


async def test_a_bug_in_the_lists_worker_is_words_on_the_list_not_an_exit(
    console_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # the private report
    not_a_bundle = tmp_path / "ca.pem"
    not_a_bundle.write_text("not a certificate\n")
    app = console_app(ca_bundle=not_a_bundle)
    with caplog.at_level(logging.ERROR, logger="assign_tui.tui"):
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            shown = screen_text(pilot)
            assert "Unexpected error: SSLError" in shown
            assert "Press r to retry" in shown
            await pilot.press("r")  # asks again: the same words, still no exit
            await settle(pilot)
            assert "Unexpected error: SSLError" in screen_text(pilot)
            assert app.is_running
    assert app.return_code in (None, 0)
    assert list((tmp_path / "state" / "assign-tui" / "crashes").glob("crash-*.txt"))
    logged = [record.getMessage() for record in caplog.records]
    assert any("AssignmentListScreen failed: SSLError" in line for line in logged)


async def test_the_detail_says_so_too_rather_than_loading_forever(
    console_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    not_a_bundle = tmp_path / "ca.pem"
    not_a_bundle.write_text("not a certificate\n")
    app = console_app(ca_bundle=not_a_bundle)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_assignment(1042)
        await settle(pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        shown = screen_text(pilot)
        assert "Unexpected error: SSLError" in shown
        assert "Assignment 1042 could not be loaded. Press r to retry." in shown
        assert "Loading" not in shown  # nothing says it is still on its way
        assert app.is_running
