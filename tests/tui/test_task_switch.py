"""The task-switch screen, driven with Pilot against the sandbox.

1042 (workflow 7, intake current): eligible, unknown and blocked tasks; the
server accepts "Medication review" and refuses "Stalled-task escalation".
1081 (workflow 6, as seeded) shows all four outcomes: tasks without a
condition are eligible, the pharmacist call is blocked (age 42, normal
priority), the side-effects form is unknown (it reads `member.form_data`) and
the two legacy rules are invalid.
"""

from __future__ import annotations

from typing import Any

import httpx
from textual.widgets import Button, DataTable, Input, Static

from assign_tui.api.models import Assignment
from assign_tui.routing import Outcome
from assign_tui.tui.modals.confirm import ConfirmModal
from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.screens.task_switch import TaskSwitchScreen
from assign_tui.tui.widgets.notice import Notice
from assign_tui.tui.widgets.routing_explanation import RoutingExplanation

from .helpers import settle

RICH = 1042
FOUR_OUTCOMES = 1081
ADMIN = {"Authorization": "Bearer demo-admin"}


def api(server: Any, method: str, path: str) -> httpx.Response:
    return httpx.request(method, f"{server.api_url}{path}", headers=ADMIN, timeout=5)


def control(server: Any, method: str, path: str, body: Any = None) -> Any:
    response = httpx.request(method, f"{server.base_url}/_sandbox{path}", json=body, timeout=5)
    response.raise_for_status()
    return response.json()


def selects_sent(server: Any) -> int:
    counts = control(server, "GET", "/stats")["requests"]
    return sum(n for name, n in counts.items()
               if name.startswith("PUT ") and name.endswith("/select"))


async def open_switch(pilot: Any, assignment_id: int = RICH, *, allowed: bool = True,
                      via_detail: bool = True) -> TaskSwitchScreen:
    """The task-switch screen over the detail screen (as `t` opens it), hints computed."""
    app = pilot.app
    await settle(pilot)
    detail = app.screen if via_detail else None
    if detail is not None:
        assert isinstance(detail, AssignmentDetailScreen)
        assignment = detail.assignment
    else:
        assignment = await app.client.get_assignment(assignment_id)
        assignment = assignment.value
    assert isinstance(assignment, Assignment)
    screen = TaskSwitchScreen(detail, assignment, allowed=allowed)
    await app.push_screen(screen)
    await settle(pilot)
    return screen


async def focus_task(pilot: Any, screen: TaskSwitchScreen, key: str) -> None:
    await pilot.press("g")
    for _ in range(len(screen.assignment.tasks)):
        if screen.focused_task is not None and screen.focused_task.key == key:
            return
        await pilot.press("j")
    raise AssertionError(f"no task {key}")


def preview_column(screen: TaskSwitchScreen) -> list[str]:
    table = screen.query_one("#switch-tasks", DataTable)
    return [str(table.get_cell(key, "hint")) for key in table.rows]


def notice_text(screen: Any) -> str:
    return str(screen.query_one(Notice).render())


async def test_every_task_in_workflow_order_with_its_hint(console_app: Any) -> None:
    app = console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_switch(pilot)
        table = screen.query_one("#switch-tasks", DataTable)
        keys = [int(str(key.value)) for key in table.rows]
        assert keys == [t.id for t in sorted(screen.assignment.tasks, key=lambda t: t.position)]
        assert preview_column(screen) == [
            "✓ eligible", "✓ eligible", "✓ eligible", "✓ eligible",
            "? unknown", "? unknown", "✗ blocked", "✓ eligible",
        ]
        assert str(table.get_cell(str(RICH * 10 + 1), "mark")) == "▶"
        assert "(current)" in str(table.get_cell(str(RICH * 10 + 1), "task"))
        assert "as of 07:00 UTC" in str(screen.query_one("#switch-asof", Static).render())
        # The cursor starts on the task after the current one.
        assert screen.focused_task is not None and screen.focused_task.key == "med_review"


async def test_every_outcome_on_one_assignment(console_app: Any) -> None:
    app = console_app(open_assignment=FOUR_OUTCOMES)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_switch(pilot, FOUR_OUTCOMES)
        assert {hint.outcome for hint in screen.hints.values()} == set(Outcome)
        column = preview_column(screen)
        for badge in ("✓ eligible", "✗ blocked", "? unknown", "! invalid"):
            assert badge in column


async def test_explanation_follows_the_focused_task(console_app: Any) -> None:
    app = console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_switch(pilot)
        view = screen.query_one(RoutingExplanation)
        await focus_task(pilot, screen, "home_health")
        text = view.plain
        assert "member.form_data.consent == true" in text
        assert "? unknown" in text
        assert "member.form_data.consent = hidden (redacted in the preview)" in text
        await focus_task(pilot, screen, "senior_outreach")
        text = view.plain
        assert "✓ eligible" in text and "member.age = 67" in text
        assert "◆ decided" in text and "◆ member.age >= 65" in text


async def test_switch_to_an_eligible_task(fresh_console_app: Any, fresh_sandbox: Any) -> None:
    app = fresh_console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_switch(pilot)
        detail = screen.detail
        assert detail is not None
        control(fresh_sandbox, "POST", "/stats/reset")
        await focus_task(pilot, screen, "med_review")
        await pilot.press("enter")
        modal = app.screen
        assert isinstance(modal, ConfirmModal) and not modal.risky
        assert isinstance(app.focused, Button) and app.focused.id == "confirm-send"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is detail
        assert selects_sent(fresh_sandbox) == 1
        assert detail.assignment is not None and detail.assignment.current_task_id == RICH * 10 + 2
        served = api(fresh_sandbox, "GET", f"/assignments/{RICH}").json()
        assert served["currentTaskId"] == RICH * 10 + 2
        assert any("Medication review" in str(n.message) for n in app._notifications)


async def test_blocked_task_asks_firmly_and_shows_both_reasons(
    fresh_console_app: Any, fresh_sandbox: Any,
) -> None:
    app = fresh_console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_switch(pilot)
        control(fresh_sandbox, "POST", "/stats/reset")
        await focus_task(pilot, screen, "stale_escalation")
        await pilot.press("enter")
        modal = app.screen
        assert isinstance(modal, ConfirmModal) and modal.risky
        assert "The preview says blocked:" in str(modal.query_one("#confirm-text", Static).render())
        assert "Send anyway? The server decides." in str(
            modal.query_one("#confirm-text", Static).render())
        assert isinstance(app.focused, Button) and app.focused.id == "confirm-cancel"
        await pilot.press("enter")  # the default: cancel, nothing sent
        await settle(pilot)
        assert app.screen is screen and selects_sent(fresh_sandbox) == 0

        await pilot.press("enter", "right", "enter")  # Send anyway
        await settle(pilot)
        assert app.screen is screen
        assert selects_sent(fresh_sandbox) == 1
        panel = str(screen.query_one("#switch-conflict", Static).render())
        assert screen.query_one("#switch-conflict").has_class("-visible")
        assert "Server refused Stalled-task escalation: condition not met" in panel
        assert "Preview had said ✗ blocked:" in panel
        served = api(fresh_sandbox, "GET", f"/assignments/{RICH}").json()
        assert served["currentTaskId"] == RICH * 10 + 1


async def test_unknown_asks_firmly_too(console_app: Any) -> None:
    app = console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_switch(pilot)
        await focus_task(pilot, screen, "home_health")
        await pilot.press("enter")
        modal = app.screen
        assert isinstance(modal, ConfirmModal) and modal.risky
        assert "The preview says unknown:" in str(modal.query_one("#confirm-text", Static).render())
        assert isinstance(app.focused, Button) and app.focused.id == "confirm-cancel"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_current_task_cannot_be_selected_again(console_app: Any) -> None:
    app = console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_switch(pilot)
        await focus_task(pilot, screen, "intake")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert "Intake call is already the current task." in notice_text(screen)


async def test_read_only_hides_and_refuses(console_app: Any) -> None:
    app = console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_switch(pilot)
        assert screen.check_action("select_task", ()) is True
        app.read_only = True
        await settle(pilot)
        assert screen.check_action("select_task", ()) is False
        assert "task_switch.select" not in {b.binding.id for b in screen.active_bindings.values()
                                            if b.binding.id and b.enabled}
        await focus_task(pilot, screen, "med_review")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert "Read-only mode" in notice_text(screen)


async def test_without_select_permission_hints_show_but_enter_explains(console_app: Any) -> None:
    app = console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_switch(pilot, allowed=False)
        assert "…" not in preview_column(screen)
        await focus_task(pilot, screen, "med_review")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert "select_task is not in your allowed actions" in notice_text(screen)


async def test_forbidden_by_the_server_names_the_permission(
    fresh_console_app: Any, fresh_sandbox: Any,
) -> None:
    app = fresh_console_app(token="demo-reader")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_switch(pilot, RICH, via_detail=False)
        await focus_task(pilot, screen, "med_review")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert app.screen is screen
        text = notice_text(screen)
        assert "HTTP 403" in text and "ASSIGNMENTS_WRITE" in text
        assert screen.focused_task is not None and screen.focused_task.key == "med_review"


async def test_other_errors_keep_the_screen(fresh_console_app: Any, fresh_sandbox: Any) -> None:
    control(fresh_sandbox, "POST", "/faults/script", {
        "path": r"/select$", "method": "PUT", "status": 503,
        "body": {"detail": "maintenance"}, "times": None,
    })
    app = fresh_console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_switch(pilot)
        await focus_task(pilot, screen, "med_review")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert "HTTP 503" in notice_text(screen)
        assert not screen.query_one("#switch-conflict").has_class("-visible")
        assert screen.focused_task is not None and screen.focused_task.key == "med_review"
        assert not screen.sending


async def test_refresh_fetches_a_new_snapshot(fresh_console_app: Any, fresh_sandbox: Any) -> None:
    app = fresh_console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_switch(pilot)
        first = screen.snapshot
        control(fresh_sandbox, "POST", "/stats/reset")
        await pilot.press("r")
        await settle(pilot)
        counts = control(fresh_sandbox, "GET", "/stats")["requests"]
        assert sum(n for name, n in counts.items() if name.endswith("/cel-context")) == 1
        assert screen.snapshot is not first and screen.snapshot == first
        assert len(screen.hints) == len(screen.assignment.tasks)


async def test_plain_words_and_what_is_left_to_decide(console_app: Any) -> None:
    app = console_app(open_assignment=RICH)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_switch(pilot)
        view = screen.query_one(RoutingExplanation)
        await focus_task(pilot, screen, "senior_outreach")
        assert "✓ eligible: the member is 67 (needs 65 or more)" in view.plain
        await focus_task(pilot, screen, "home_health")
        assert (
            "? unknown: depends on the member's consent answer, which the preview cannot see;"
            " eligible if it is true" in view.plain
        )
        assert "Still to decide: member.form_data.consent == true" in view.plain
        await pilot.press("p")
        await settle(pilot)
        assert pilot.app.screen.query_one(Input).value == "member.form_data.consent == true"
