"""Hostile server data on every screen: shown as inert text, never sent to the terminal.

The sandbox's overwrite control endpoint puts escape sequences, markup, bidi
overrides, NUL, zero-width and wide characters into every field of an
assignment (names, notes, metadata, instructions, form data, task names and
outputs, messages, tool calls). The console runs on a driver that records
every byte it writes; each test walks a screen and checks the recording, the
widgets' text and the 80x24 layout.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
from rich.cells import cell_len
from textual.widgets import DataTable, Markdown, Static
from textual.widgets._toast import Toast

from assign_tui.tui.modals.confirm import ConfirmModal
from assign_tui.tui.modals.raw_json import RawJsonModal
from assign_tui.tui.modals.task_detail import TaskDetailModal
from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.screens.task_switch import TaskSwitchScreen
from assign_tui.tui.widgets.conversation import ConversationView

from .helpers import screen_text, settle
from .hostile import (
    LITERAL_MARKUP,
    forbidden_in,
    hostile_overwrite,
    mixed,
    output,
    overwrite,
    recording,
    screen_lines,
)

RICH = 1042
SIZE = (80, 24)
#: Characters that must never be in what a widget shows (safe() makes them visible stand-ins).
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def check_clean(app: Any, pilot: Any, *, markers: tuple[str, ...] = ("PWN",)) -> str:
    """Nothing hostile in the bytes written or the widgets' text; the data did show."""
    assert forbidden_in(output(app)) == []
    text = screen_text(pilot)
    assert RAW_CONTROL.findall(text) == []
    for marker in markers:
        assert marker in text, f"{marker!r} is not on screen: the hostile data was not shown"
    return text


def check_layout(app: Any, *, footer: str = "Help") -> None:
    """24 lines of exactly 80 cells; the header on top, the footer at the bottom."""
    lines = screen_lines(app)
    assert len(lines) == SIZE[1]
    assert [cell_len(line) for line in lines] == [SIZE[0]] * SIZE[1]
    assert lines[0].startswith(" assign-tui"), lines[0]
    assert footer in lines[-1], lines[-1]


async def test_detail_shows_every_hostile_field_as_text(
    fresh_sandbox: Any, fresh_console_app: Any
) -> None:
    overwrite(fresh_sandbox, RICH, hostile_overwrite())
    app = recording(fresh_console_app(open_assignment=RICH))
    async with app.run_test(headless=False, size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        assert app.screen.assignment is not None
        text = check_clean(app, pilot, markers=(
            "member:", "workflow:", "notes:", "reason:", "metakey:", "metavalue:", "formkey:",
            "formvalue:", "task1:", "heading:", "instr:",
        ))
        for literal in LITERAL_MARKUP:
            assert literal in text
        assert "␛]52;c;UFdO" in text and "␀PWNNUL" in text  # visible stand-ins
        check_layout(app)
        for where in ("end", "page_up", "page_up"):
            app.screen.action_scroll_body(where)
            await settle(pilot)
            check_layout(app)
        assert forbidden_in(output(app)) == []
        assert app.is_running  # [@click=app.quit] did nothing


async def test_instructions_markdown_follows_no_link_and_loads_nothing(
    fresh_sandbox: Any, fresh_console_app: Any
) -> None:
    overwrite(fresh_sandbox, RICH, hostile_overwrite())
    app = recording(fresh_console_app(open_assignment=RICH))
    opened: list[str] = []
    app.open_url = lambda url, **_: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(headless=False, size=(120, 60)) as pilot:
        await settle(pilot)
        app.screen.action_scroll_body("end")
        await settle(pilot)
        written = output(app)
        assert "click me" in written and "img" in written  # the instructions' end is on screen
        assert forbidden_in(written) == []
        # No terminal hyperlink to the server's URL, no image fetched.
        assert not re.search(r"\x1b\]8;[^\x07\x1b]*evil\.example", written)
        stats = httpx.get(f"{fresh_sandbox.base_url}/_sandbox/stats", timeout=5).json()
        assert all("evil" not in name for name in stats["requests"])
        # A click on the link goes nowhere.
        block = app.screen.query_one(Markdown).children[-1]
        await block.action_link("https://evil.example/PWNMDLINK")
        await settle(pilot)
        assert opened == []
        assert app.is_running


async def test_list_rows_with_hostile_names_keep_the_table(
    fresh_sandbox: Any, fresh_console_app: Any
) -> None:
    page = httpx.get(
        f"{fresh_sandbox.api_url}/assignments",
        headers={"Authorization": "Bearer demo-admin"},
        timeout=5,
    ).json()
    for shift, item in enumerate(page["items"][:14]):
        body = hostile_overwrite(shift)
        overwrite(fresh_sandbox, item["id"], {
            "member_name": body["member_name"], "workflow_name": body["workflow_name"],
            "tasks": body["tasks"], "priority": body["notes"][:40], "status": body["cancel_reason"],
        })
    app = recording(fresh_console_app())
    async with app.run_test(headless=False, size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count >= 14
        check_clean(app, pilot, markers=("member:", "task1:"))
        check_layout(app)
        await pilot.press("G")
        await settle(pilot)
        check_layout(app)
        assert forbidden_in(output(app)) == []


async def test_messages_and_tool_calls_show_as_text(
    fresh_sandbox: Any, fresh_console_app: Any
) -> None:
    overwrite(fresh_sandbox, RICH, hostile_overwrite())
    app = recording(fresh_console_app(open_assignment=RICH))
    async with app.run_test(headless=False, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("g")  # walk from the oldest (the conversation opens at the newest)
        await settle(pilot)
        view = app.screen.query_one(ConversationView)
        hostile = [i for i, e in enumerate(view.entries) if "PWN" in e.body_text()]
        assert len(hostile) >= 5
        while view.cursor < len(view.entries) - 1:
            await pilot.press("j")
            await settle(pilot, rounds=1)
            if view.cursor in hostile and view.entries[view.cursor].folded:
                await pilot.press("enter")
                await settle(pilot, rounds=1)
            check_layout(app)
        written = output(app)
        assert forbidden_in(written) == []
        for marker in ("user:", "assistant:", "tool:", "args:", "result:", "other:"):
            assert marker in written, marker
        assert "␛]52;c;UFdO" in written
        assert not re.search(r"\x1b\]8;[^\x07\x1b]*evil\.example", written)
        await pilot.press("y")  # copying is the operator's own act: the one OSC 52 allowed
        await settle(pilot)
        assert app.last_copied is not None


async def test_task_modal_raw_json_and_forms(fresh_sandbox: Any, fresh_console_app: Any) -> None:
    overwrite(fresh_sandbox, RICH, hostile_overwrite())
    app = recording(fresh_console_app(open_assignment=RICH))
    async with app.run_test(headless=False, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the current task, in its modal
        await settle(pilot)
        assert isinstance(app.screen, TaskDetailModal)
        check_clean(app, pilot, markers=("task1:", "desc1:", "outkey:", "outvalue:"))
        await pilot.press("escape", "J")
        await settle(pilot)
        assert isinstance(app.screen, RawJsonModal)
        text = check_clean(app, pilot, markers=("member:", "formvalue:", "instr:"))
        assert "[bold red]PWNRICH[/]" in text
        await pilot.press("G")
        await settle(pilot)
        await pilot.press("escape", "e")
        await settle(pilot)
        check_clean(app, pilot, markers=("workflow:", "member:"))
        await pilot.press("escape", "X")
        await settle(pilot)
        text = check_clean(app, pilot, markers=("Cancel assignment 1042 for member:",))
        await pilot.press("escape")
        await settle(pilot)
        assert forbidden_in(output(app)) == []


async def choose_task(pilot: Any, screen: TaskSwitchScreen, row: int) -> None:
    """Move to `row`, press Enter, and send from the confirmation (whatever its default)."""
    screen.query_one("#switch-tasks", DataTable).move_cursor(row=row)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    modal = pilot.app.screen
    assert isinstance(modal, ConfirmModal)
    check_clean(pilot.app, pilot, markers=(f"task{row + 1}:",))
    if modal.risky:
        await pilot.press("tab")
    await pilot.press("enter")
    await settle(pilot)


async def test_task_switch_titles_conflicts_and_notifications(
    fresh_sandbox: Any, fresh_console_app: Any
) -> None:
    body = hostile_overwrite()
    body["tasks"]["2"]["name"] = mixed("task2", 6)  # markup first, so the title shows it
    body["tasks"]["8"] = {"name": mixed("task8", 6)}
    overwrite(fresh_sandbox, RICH, body)
    app = recording(fresh_console_app(open_assignment=RICH))
    async with app.run_test(headless=False, size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TaskSwitchScreen)
        check_clean(app, pilot, markers=("task2:",))
        check_layout(app)
        # Medication review reads the intake's output score, which the hostile output lacks.
        await choose_task(pilot, screen, 1)
        assert app.screen is screen
        conflict = screen.query_one("#switch-conflict", Static)
        assert "task2:" in str(conflict.render())
        check_layout(app)
        # The side panel's title is the task name, as text: its brackets are not markup.
        title = str(screen.query_one("#switch-side").border_title)
        assert "task2:" in title and "PWNRICH" in title
        # Close (task 8) has no condition: the server accepts it, and a toast names it.
        await choose_task(pilot, screen, 7)
        toasts = [str(toast.render()) for toast in app.screen.query(Toast)]
        assert any("task8:[bold red]PWNRICH[/]" in toast for toast in toasts), toasts
        written = output(app)
        assert forbidden_in(written) == []
        assert "[bold red]PWNRICH[/]" in written
