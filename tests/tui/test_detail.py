"""The assignment detail screen, driven with Pilot against the sandbox."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx
from textual.containers import VerticalScroll

from assign_tui.tui.format import MASK, short_time
from assign_tui.tui.modals.raw_json import RawJsonModal, pretty_json
from assign_tui.tui.modals.task_detail import TaskDetailModal
from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.widgets.notice import Notice
from assign_tui.tui.widgets.task_current import TaskInstructions
from assign_tui.tui.widgets.task_timeline import TaskTimeline

from .helpers import screen_text, settle

RICH = (
    1042  # the seed's fixed demo: active, high priority, current task "Intake call" with form data
)
THREE_READS = ("", "/current-task-detail", "/cel-context")


def _detail(app: Any) -> AssignmentDetailScreen:
    screen = app.screen
    assert isinstance(screen, AssignmentDetailScreen), type(screen).__name__
    return screen


def _control(server: Any, method: str, path: str, body: Any = None) -> Any:
    response = httpx.request(method, f"{server.base_url}/_sandbox{path}", json=body, timeout=5)
    response.raise_for_status()
    return response.json()


def _reads_of(stats: dict[str, int], assignment_id: int) -> dict[str, int]:
    """Requests counted per read of `assignment_id` (stats keys may be paths or templates)."""
    counts = dict.fromkeys(THREE_READS, 0)
    for key, count in stats.items():
        method, _, path = key.partition(" ")
        for read in THREE_READS:
            if method == "GET" and (
                path.endswith(f"/assignments/{assignment_id}{read}")
                or path.endswith(f"/assignments/{{assignment_id}}{read}")
            ):
                counts[read] += count
    return counts


def _api_get(server: Any, path: str, **params: Any) -> Any:
    headers = {"Authorization": "Bearer demo-admin"}
    response = httpx.get(f"{server.api_url}{path}", headers=headers, params=params, timeout=5)
    response.raise_for_status()
    return response.json()


def _first_assignment(server: Any, status: str, wanted: Callable[[dict[str, Any]], bool]) -> int:
    """The lowest seeded id with `status` for which `wanted` holds (only 1042 is a fixed id)."""
    page = _api_get(
        server, "/assignments", status=status, pageSize=100, sortBy="id", sortOrder="asc"
    )
    for item in page["items"]:
        if wanted(item):
            return int(item["id"])
    raise AssertionError(f"the seed has no {status} assignment of that kind")


async def test_open_from_the_command_line_shows_every_group(console_app: Any) -> None:
    app = console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = _detail(app)
        assert screen.assignment is not None and screen.assignment.id == RICH
        assert screen.etag
        assert screen.task_detail is not None and screen.task_detail.task.key == "intake"
        assert screen.cel_context is not None and screen.cel_context["assignment"]["id"] == RICH
        text = screen_text(pilot)
        for expected in (
            "Who / what",
            "When",
            "Rosa Martínez",
            "Post-discharge follow-up",
            "● active",
            "↑ high",
            "2026-11-20 09:12 UTC",
            "Prefers calls after 5pm",
            "channel",
            "Intake call",
            "Medication review",
            "◆ cond",
            "▶",
            "Allowed: e update · X cancel · t switch task",
            "MRN-0000311",
        ):
            assert expected in text, expected
        assert not screen.query_one(Notice).is_error
        assert app.seen_members.get(311) == "Rosa Martínez"
        assert isinstance(app.focused, TaskTimeline)
        assert app.focused.selected_task_id == screen.assignment.current_task_id


async def test_enter_on_the_list_opens_the_selected_assignment(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chosen = app.screen.table.current_assignment  # type: ignore[attr-defined]
        assert chosen is not None
        await pilot.press("enter")
        await settle(pilot)
        screen = _detail(app)
        assert screen.assignment_id == chosen.id
        assert screen.assignment is not None and screen.assignment.id == chosen.id
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AssignmentDetailScreen)


async def test_the_three_reads_go_out_together(fresh_console_app: Any, fresh_sandbox: Any) -> None:
    # Every read of 1042 is held for 5 s. Were they sent one after another, only
    # one would reach the server while the first is held.
    _control(
        fresh_sandbox,
        "POST",
        "/faults/script",
        {
            "path": rf"/assignments/{RICH}(/current-task-detail|/cel-context)?$",
            "method": "GET",
            "status": None,
            "delay_ms": 5000,
            "times": 3,
        },
    )
    _control(fresh_sandbox, "POST", "/stats/reset")
    app = fresh_console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        counts: dict[str, int] = {}
        deadline = time.monotonic() + 2.5  # well inside one held answer
        while time.monotonic() < deadline:
            await asyncio.sleep(0.025)
            counts = _reads_of(_control(fresh_sandbox, "GET", "/stats")["requests"], RICH)
            if all(counts.values()):
                break
        assert counts == dict.fromkeys(THREE_READS, 1)
        screen = _detail(app)
        assert screen.assignment is None  # none of them has answered yet
        assert "Loading assignment 1042" in str(screen.query_one(Notice).render())
        await pilot.press("ctrl+q")


async def test_raw_json_keeps_fields_the_console_does_not_know(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    body = _api_get(fresh_sandbox, f"/assignments/{RICH}")
    body["escalationLevel"] = {"tier": 3}
    body["notes"] = "[bold red]not markup[/] \x1b[31m"
    _control(
        fresh_sandbox,
        "POST",
        "/faults/script",
        {
            "path": rf"/assignments/{RICH}$",
            "method": "GET",
            "body": body,
            "headers": {"ETag": '"scripted"'},
        },
    )
    app = fresh_console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = _detail(app)
        assert screen.etag == '"scripted"'
        text = screen_text(pilot)
        assert "[bold red]not markup[/] ␛[31m" in text  # shown as sent, made inert
        await pilot.press("J")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, RawJsonModal)
        shown = pretty_json(modal.data)
        assert '"escalationLevel": {' in shown and '"tier": 3' in shown
        assert '"celContext": {' in shown and '"currentTaskDetail": {' in shown
        assert '"formData": {' in shown and "MRN-0000311" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_enter_on_a_task_opens_it_in_a_modal(console_app: Any) -> None:
    app = console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = _detail(app)
        timeline = screen.query_one(TaskTimeline)
        await pilot.press("j")  # from the current task (position 1) to the next
        wanted = timeline.selected_task_id
        assert wanted is not None and wanted != screen.assignment.current_task_id  # type: ignore[union-attr]
        await pilot.press("enter")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, TaskDetailModal)
        assert modal.assignment_task is not None and modal.assignment_task.id == wanted
        assert modal.assignment_task.name == "Medication review"
        fields = screen_text(pilot)
        assert "Medication review" in fields and "med_review" in fields
        assert modal.assignment_task.condition and modal.assignment_task.condition in fields
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_y_copies_the_assignment_id(console_app: Any) -> None:
    app = console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("y")
        assert app.last_copied == str(RICH)


async def test_a_missing_assignment_says_so_and_offers_to_go_back(console_app: Any) -> None:
    app = console_app(open_assignment=999999)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = _detail(app)
        assert screen.assignment is None and screen.cel_context is None
        notice = screen.query_one(Notice)
        assert notice.is_error
        assert "Not found" in str(notice.render()) and "Esc" in str(notice.render())
        assert "Assignment 999999 does not exist" in screen_text(pilot)
        for action in ("messages", "raw_json", "update", "cancel", "switch_task"):
            assert not screen.check_action(action, ())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AssignmentDetailScreen)


async def test_a_server_error_is_shown_and_r_retries(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    # The client retries a read three times; all three fail, then the server recovers.
    _control(
        fresh_sandbox,
        "POST",
        "/faults/script",
        {
            "path": rf"/assignments/{RICH}$",
            "method": "GET",
            "status": 503,
            "body": {"detail": "database unavailable"},
            "times": 3,
        },
    )
    app = fresh_console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = _detail(app)
        notice = screen.query_one(Notice)
        assert notice.is_error and "database unavailable" in str(notice.render())
        assert screen.assignment is None
        assert "could not be loaded" in screen_text(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert not notice.is_error
        assert screen.assignment is not None and screen.assignment.id == RICH


async def test_a_404_on_current_task_detail_means_no_current_task(
    console_app: Any, sandbox: Any
) -> None:
    pending = _first_assignment(sandbox, "pending", lambda item: item["currentTaskId"] is None)
    app = console_app(open_assignment=pending)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = _detail(app)
        assert screen.assignment is not None and screen.task_detail is None
        assert screen.cel_context is not None
        assert not screen.query_one(Notice).is_error
        assert "No current task." in screen_text(pilot)


async def test_a_cancelled_assignment_shows_its_reason(console_app: Any, sandbox: Any) -> None:
    cancelled = _first_assignment(sandbox, "cancelled", lambda item: bool(item["cancelReason"]))
    app = console_app(open_assignment=cancelled)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = _detail(app)
        assert screen.assignment is not None and screen.assignment.cancel_reason
        text = screen_text(pilot)
        assert "Cancel reason" in text and screen.assignment.cancel_reason in text
        assert "✗ cancelled" in text
        assert screen.assignment.cancelled_at is not None
        assert short_time(screen.assignment.cancelled_at) in text
        assert not screen.check_action("cancel", ())


async def test_privacy_mode_masks_the_member_and_the_form_data(console_app: Any) -> None:
    app = console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Rosa Martínez" in screen_text(pilot)
        app.privacy = True
        await pilot.pause()
        text = screen_text(pilot)
        assert (
            "Rosa Martínez" not in text and "MRN-0000311" not in text and "1959-03-14" not in text
        )
        assert MASK in text and "date_of_birth" in text  # field names stay, values go
        await pilot.press("J")
        await settle(pilot)
        assert isinstance(app.screen, RawJsonModal)
        shown = pretty_json(app.screen.data)
        assert "Rosa Martínez" not in shown and "MRN-0000311" not in shown
        await pilot.press("escape")
        app.privacy = False
        await pilot.pause()
        assert "Rosa Martínez" in screen_text(pilot)


async def test_write_keys_follow_allowed_actions_and_read_only(console_app: Any) -> None:
    writes = ("switch_task", "update", "cancel")
    admin = console_app(open_assignment=RICH)
    async with admin.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = _detail(admin)
        assert all(screen.check_action(action, ()) for action in writes)
        admin.read_only = True
        await pilot.pause()
        assert not any(screen.check_action(action, ()) for action in writes)
        assert screen.check_action("messages", ())
    reader = console_app(open_assignment=RICH, token="demo-reader")
    async with reader.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = _detail(reader)
        assert screen.task_detail is not None and screen.task_detail.allowed_actions == []
        assert not any(screen.check_action(action, ()) for action in ("update", "cancel"))
        # The task switch still opens: it shows the hints and refuses to send there.
        assert screen.check_action("switch_task", ())
        assert "none (read only for you)" in screen_text(pilot)


async def test_tab_reaches_the_instructions_and_the_body_scrolls(console_app: Any) -> None:
    app = console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        body = app.screen.query_one("#detail-body", VerticalScroll)
        assert isinstance(app.focused, TaskTimeline)
        await pilot.press("tab")
        assert isinstance(app.focused, TaskInstructions)
        assert body.scroll_y > 0  # focusing scrolled the instructions into view
        await pilot.press("g")
        await pilot.pause()
        assert body.scroll_y == 0
        await pilot.press("G")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y > 0
        await pilot.press("shift+tab")
        assert isinstance(app.focused, TaskTimeline)


async def test_m_opens_the_messages(console_app: Any) -> None:
    app = console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert type(app.screen).__name__ == "MessagesScreen"
        assert app.screen.assignment_id == RICH  # type: ignore[attr-defined]


async def test_the_task_modal_shows_an_error_and_retries(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    _control(
        fresh_sandbox,
        "POST",
        "/faults/script",
        {
            "path": rf"/assignments/{RICH}/tasks/\d+$",
            "method": "GET",
            "status": 404,
            "body": {"detail": "task not found"},
        },
    )
    app = fresh_console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, TaskDetailModal)
        notice = modal.query_one(Notice)
        assert notice.is_error and "task not found" in str(notice.render())
        assert modal.assignment_task is None
        await pilot.press("r")
        await settle(pilot)
        assert not notice.is_error
        assert modal.assignment_task is not None and modal.assignment_task.key == "intake"
