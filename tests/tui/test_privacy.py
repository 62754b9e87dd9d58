"""Privacy mode (screen sharing): no member name, form data, message content or member.*
value reaches the terminal, on any screen or in any notification.

The console runs on the recording driver, so the check is on every byte written,
not only on the widgets a test thinks of.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable, Input

from assign_tui.tui.modals.cancel_assignment import CancelAssignmentModal
from assign_tui.tui.modals.create_assignment import CreateAssignmentModal
from assign_tui.tui.modals.raw_json import RawJsonModal
from assign_tui.tui.modals.task_detail import TaskDetailModal
from assign_tui.tui.modals.update_assignment import UpdateAssignmentModal
from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.screens.cel_playground import CelPlaygroundScreen
from assign_tui.tui.screens.messages import MessagesScreen
from assign_tui.tui.screens.task_switch import TaskSwitchScreen

from .helpers import screen_text, settle
from .hostile import output, recording

RICH = 1042
#: Rosa Martínez's name, form data (fake PHI), message text and member.* values of 1042.
PHI = ("Rosa", "Martínez", "MRN-0000311", "1959-03-14", "Calle Ocho", "MCD120297094",
       "metformin", "Mei Cohen", "insulina", "Hola")
MEMBER_VALUES = ("= 67", '"age": 67', '"diabetes", "spanish"', "es-US")


def leaks(app: Any, pilot: Any, member_values: tuple[str, ...] = ()) -> list[str]:
    """PHI in any byte written so far, member.* values on the screen now."""
    written, shown = output(app), screen_text(pilot)
    return [s for s in PHI if s in written or s in shown] + [
        s for s in member_values if s in shown]


async def test_every_screen_masks_names_form_data_and_messages(console_app: Any) -> None:
    app = recording(console_app(privacy=True, open_assignment=RICH))
    async with app.run_test(headless=False, size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        assert app.screen.task_detail is not None and app.screen.task_detail.form_data
        assert "•••••" in screen_text(pilot)
        app.screen.action_scroll_body("end")
        await settle(pilot)
        assert leaks(app, pilot) == []

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TaskDetailModal)
        await pilot.press("escape", "J")
        await settle(pilot)
        assert isinstance(app.screen, RawJsonModal)
        assert leaks(app, pilot, MEMBER_VALUES) == [], "raw JSON"
        await pilot.press("escape", "m")
        await settle(pilot)
        assert isinstance(app.screen, MessagesScreen)
        view = app.screen.conversation
        view.entries[0].folded = False  # the system message, and every tool call, opened
        for entry in view.entries:
            entry.folded = False
        await pilot.press("G")
        await settle(pilot)
        assert leaks(app, pilot) == [], "messages"

        await pilot.press("escape", "t")
        await settle(pilot)
        switch = app.screen
        assert isinstance(switch, TaskSwitchScreen)
        table = switch.query_one("#switch-tasks", DataTable)
        for row in (1, 2, 3):  # the intake score, member.age, member.tags
            table.move_cursor(row=row)
            await pilot.pause()
            assert leaks(app, pilot, MEMBER_VALUES) == [], f"task switch, task {row + 1}"
        table.move_cursor(row=2)  # Senior outreach: member.age >= 65
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, CelPlaygroundScreen)
        app.screen.query_one(Input).value = "member.age >= 65 && 'diabetes' in member.tags"
        app.screen._evaluate()
        await settle(pilot)
        assert leaks(app, pilot, MEMBER_VALUES) == [], "playground"

        await pilot.press("escape", "escape", "e")
        await settle(pilot)
        assert isinstance(app.screen, UpdateAssignmentModal)
        assert leaks(app, pilot) == [], "update form"
        await pilot.press("escape", "X")
        await settle(pilot)
        assert isinstance(app.screen, CancelAssignmentModal)
        assert "Cancel assignment 1042 for •••••?" in screen_text(pilot)
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CreateAssignmentModal)
        app.screen.query_one("#member", Input).value = "311"
        await settle(pilot)
        assert "311 · •••••" in screen_text(pilot)
        assert leaks(app, pilot, MEMBER_VALUES) == [], "anywhere, in any byte written"


async def test_turning_privacy_on_masks_what_is_already_shown(console_app: Any) -> None:
    app = recording(console_app(open_assignment=RICH))
    async with app.run_test(headless=False, size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        assert "Rosa" in screen_text(pilot)
        app.action_toggle_privacy()
        await settle(pilot)
        assert [s for s in PHI if s in screen_text(pilot)] == []
        await pilot.press("escape")  # the list, masked too
        await settle(pilot)
        assert [s for s in PHI if s in screen_text(pilot)] == []
