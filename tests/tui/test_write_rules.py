"""Writes that cannot apply are hidden from the footer and the help, and their key says
why: read-only mode, and assignments whose status is final (`tui.rules`)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from assign_tui.api.models import (
    FINAL_STATUSES,
    OPEN_STATUSES,
    SELECTABLE_STATUSES,
    AssignmentStatus,
)
from assign_tui.tui.rules import write_refusal
from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.screens.assignment_list import AssignmentListScreen
from assign_tui.tui.screens.help import HelpScreen
from assign_tui.tui.widgets.key_footer import KeyFooter
from assign_tui.tui.widgets.notice import Notice

from .helpers import screen_text, settle

RICH = 1042
DETAIL_WRITES = {"t": "Switch", "e": "Update", "X": "Cancel"}


def test_the_rules_cover_every_status_of_the_contract() -> None:
    every = {status.value for status in AssignmentStatus}
    assert OPEN_STATUSES | FINAL_STATUSES == every and not OPEN_STATUSES & FINAL_STATUSES
    assert SELECTABLE_STATUSES <= OPEN_STATUSES
    for status in every:
        for write in ("update", "cancel", "select_task"):
            reason = write_refusal(write, read_only=False, status=status)
            writable = status in (SELECTABLE_STATUSES if write == "select_task" else OPEN_STATUSES)
            assert bool(reason) is not writable, (write, status, reason)
            assert write_refusal(write, read_only=True, status=status).startswith("Read-only")
    assert write_refusal("create", read_only=False) == ""
    assert "Read-only" in write_refusal("create", read_only=True)
    # A status the console has never seen: offered, and the server decides.
    assert write_refusal("update", read_only=False, status="archived") == ""
    assert "allowed actions" in write_refusal(
        "update", read_only=False, status="active", allowed_actions=["cancel"]
    )


def _footer(app: Any) -> str:
    return app.screen.query_one(KeyFooter).render_line(0).text


def _notice(app: Any) -> str:
    return str(app.screen.query_one(Notice).render())


async def _help_ids(pilot: Any) -> str:
    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HelpScreen)
    text = screen_text(pilot)
    await pilot.press("escape")
    await pilot.pause()
    return text


async def test_read_only_list_hides_create_and_c_says_why(console_app: Any) -> None:
    app = console_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AssignmentListScreen)
        assert "Create" not in _footer(app)
        assert "list.create" not in await _help_ids(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentListScreen)  # no form opened
        assert "Read-only mode: creating assignments is off" in _notice(app)
        app.read_only = False
        await settle(pilot)
        assert "c Create" in _footer(app)


async def test_read_only_detail_hides_every_write_and_each_key_says_why(
    console_app: Any,
) -> None:
    app = console_app(read_only=True, open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = _footer(app)
        assert "m Messages" in footer
        assert not any(label in footer for label in DETAIL_WRITES.values()), footer
        help_text = await _help_ids(pilot)
        assert "detail.update" not in help_text and "detail.switch_task" not in help_text
        for key in DETAIL_WRITES:
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, AssignmentDetailScreen), key
            assert "Read-only mode" in _notice(app), key


def _first_with_status(server: Any, status: str) -> int:
    response = httpx.get(
        f"{server.api_url}/assignments",
        params={"status": status, "pageSize": 1, "sortBy": "id", "sortOrder": "asc"},
        headers={"Authorization": "Bearer demo-admin"},
        timeout=5,
    )
    response.raise_for_status()
    return int(response.json()["items"][0]["id"])


@pytest.mark.parametrize("status", sorted(FINAL_STATUSES))
async def test_a_final_assignment_offers_no_write_and_each_key_says_why(
    console_app: Any, sandbox: Any, status: str
) -> None:
    app = console_app(open_assignment=_first_with_status(sandbox, status))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AssignmentDetailScreen)
        assert screen.assignment is not None and screen.assignment.status == status
        footer = _footer(app)
        assert "m Messages" in footer
        assert not any(label in footer for label in DETAIL_WRITES.values()), footer
        assert "detail.update" not in await _help_ids(pilot)
        for key in DETAIL_WRITES:
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen, key
            assert f"This assignment is {status}: it can no longer be" in _notice(app), key
