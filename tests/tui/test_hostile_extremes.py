"""Hostile error details, invalid surrogates, 1 MB and 10,000-line strings.

Error bodies and surrogates come from the sandbox's scripted answers (a
scripted body is sent as given, so it can hold `\\ud800` escapes that no
stored value could); sizes come from the overwrite control endpoint.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from textual.widgets import Input

from assign_tui.tui.modals.create_assignment import CreateAssignmentModal
from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.widgets.notice import Notice

from .helpers import screen_text, settle
from .hostile import forbidden_in, mixed, output, overwrite, recording
from .test_hostile_screens import RAW_CONTROL, SIZE, check_clean, check_layout

RICH = 1042
ADMIN = {"Authorization": "Bearer demo-admin"}
MEGABYTE = 1_000_000


def script(server: Any, *entries: dict[str, Any]) -> None:
    httpx.post(f"{server.base_url}/_sandbox/faults/script", json=list(entries), timeout=5) \
        .raise_for_status()


async def test_hostile_error_details_are_shown_as_text(
    fresh_sandbox: Any, fresh_console_app: Any
) -> None:
    script(
        fresh_sandbox,
        {"method": "GET", "path": "/assignments$", "status": 502, "times": None,
         "content_type": "text/html", "body": "<html>" + mixed("html", 0) + "</html>"},
        {"method": "GET", "path": f"/assignments/{RICH}$", "status": 404, "times": None,
         "body": {"detail": mixed("detail", 1)}},
    )
    app = recording(fresh_console_app(open_assignment=RICH))
    async with app.run_test(headless=False, size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        assert app.screen.query_one(Notice).is_error
        check_clean(app, pilot, markers=("detail:",))
        check_layout(app)
        await pilot.press("escape")
        await settle(pilot)
        check_clean(app, pilot, markers=())
        check_layout(app)
        assert forbidden_in(output(app)) == []


async def test_hostile_validation_errors_in_a_form(
    fresh_sandbox: Any, fresh_console_app: Any
) -> None:
    script(fresh_sandbox, {"method": "POST", "path": "/assignments$", "status": 422, "body": {
        "detail": [
            {"loc": ["body", "notes"], "msg": mixed("msg", 2), "type": "x"},
            {"loc": ["body", mixed("loc", 6)], "msg": mixed("other", 8), "type": mixed("t", 9)},
        ]}})
    app = recording(fresh_console_app())
    async with app.run_test(headless=False, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CreateAssignmentModal)
        app.screen.query_one("#workflow", Input).value = "7"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.row("notes").error is not None
        check_clean(app, pilot, markers=("msg:",))
        assert forbidden_in(output(app)) == []


def _with_surrogates(server: Any, path: str) -> str:
    """The real answer at `path`, as JSON text, with lone surrogates in every string value."""
    body = httpx.get(f"{server.api_url}{path}", headers=ADMIN, timeout=5).json()

    def spoil(value: Any) -> Any:
        if isinstance(value, str):
            return value + "\udcff"
        if isinstance(value, list):
            return [spoil(v) for v in value]
        if isinstance(value, dict):
            return {k: spoil(v) if k not in ("createdAt", "updatedAt", "startedAt", "dueAt",
                                              "completedAt", "cancelledAt", "lastMessageAt",
                                              "status", "priority", "role", "type", "kind")
                    else v for k, v in value.items()}
        return value

    text = json.dumps(spoil(body))  # ensure_ascii: the surrogates travel as \\udcff escapes
    return text.replace('"memberName": "', '"memberName": "\\ud800PWNSUR\\udfff')


async def test_invalid_surrogates_never_reach_the_terminal(
    fresh_sandbox: Any, fresh_console_app: Any
) -> None:
    assignment = _with_surrogates(fresh_sandbox, f"/assignments/{RICH}")
    detail = _with_surrogates(fresh_sandbox, f"/assignments/{RICH}/current-task-detail")
    messages = _with_surrogates(fresh_sandbox, f"/assignments/{RICH}/messages")
    assert "\\ud800" in assignment
    script(
        fresh_sandbox,
        {"method": "GET", "path": f"/assignments/{RICH}$", "status": 200, "body": assignment,
         "times": None},
        {"method": "GET", "path": "current-task-detail$", "status": 200, "body": detail,
         "times": None},
        {"method": "GET", "path": "messages$", "status": 200, "body": messages, "times": None},
    )
    app = recording(fresh_console_app(open_assignment=RICH))
    async with app.run_test(headless=False, size=SIZE) as pilot:
        await settle(pilot)  # RecordingDriver.write encodes to UTF-8: a surrogate would raise
        screen = app.screen
        assert isinstance(screen, AssignmentDetailScreen) and screen.assignment is not None
        assert "\ud800" in screen.assignment.member_name  # the client kept the server's text
        text = check_clean(app, pilot, markers=("PWNSUR",))
        assert not any("\ud800" <= ch <= "\udfff" for ch in text)
        check_layout(app)
        for keys in (("J",), ("escape", "m"), ("G",), ("escape", "t")):
            await pilot.press(*keys)
            await settle(pilot)
            assert not any("\ud800" <= ch <= "\udfff" for ch in screen_text(pilot))
        assert app.is_running


async def test_megabyte_and_ten_thousand_line_fields(
    fresh_sandbox: Any, fresh_console_app: Any
) -> None:
    lines = "\n".join(f"line {n} \x1b]52;c;UFdO\x07PWN52" for n in range(10_000))
    huge = "PWNHUGE " + "x\x1b[5;7;9;2J" * (MEGABYTE // 11)
    overwrite(fresh_sandbox, RICH, {
        "member_name": huge, "workflow_name": lines, "notes": huge, "cancel_reason": lines,
        "metadata": {"big": huge, "lines": lines}, "instructions": lines + "\n\n" + huge,
        "form_data": {"big": huge}, "tasks": {"1": {"name": lines, "description": huge,
                                                    "output": {"big": huge}}},
        "messages": [{"role": "user", "content": huge}, {"role": "assistant", "content": lines},
                     {"role": "assistant", "content": None, "tool_calls": [
                         {"id": "c1", "type": "function",
                          "function": {"name": huge, "arguments": lines}}]}],
    })
    app = recording(fresh_console_app(open_assignment=RICH))
    async with app.run_test(headless=False, size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AssignmentDetailScreen) and screen.assignment is not None
        assert not screen.query_one(Notice).is_error
        assert len(screen.assignment.notes or "") > MEGABYTE  # the client keeps it all...
        assert "more characters)" in screen_text(pilot)  # ...the screen shows a part
        check_layout(app)
        screen.action_scroll_body("end")
        await settle(pilot)
        check_layout(app)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        check_layout(app)
        text = screen_text(pilot)
        assert RAW_CONTROL.findall(text) == []
        await pilot.press("escape", "J")
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        assert forbidden_in(output(app)) == []
        assert app.is_running
