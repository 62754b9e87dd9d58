"""Privacy mode (screen sharing): no member name, form data, message content or member.*
value reaches the terminal, on any screen or in any notification.

The console runs on the recording driver, so the check is on every byte written,
not only on the widgets a test thinks of.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Button, DataTable, Input

from assign_tui.tui.modals.cancel_assignment import CancelAssignmentModal
from assign_tui.tui.modals.confirm import ConfirmModal
from assign_tui.tui.modals.create_assignment import CreateAssignmentModal
from assign_tui.tui.modals.raw_json import RawJsonModal
from assign_tui.tui.modals.task_detail import TaskDetailModal
from assign_tui.tui.modals.update_assignment import UpdateAssignmentModal
from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.screens.cel_playground import CelPlaygroundScreen
from assign_tui.tui.screens.help import HelpScreen
from assign_tui.tui.screens.messages import MessagesScreen
from assign_tui.tui.screens.task_switch import TaskSwitchScreen
from assign_tui.tui.widgets.assignment_table import AssignmentTable

from .helpers import screen_text, settle
from .hostile import output, recording
from .test_forms import script
from .test_task_switch import focus_task

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


#: Distinctive values planted through the sandbox's control API: the member's name, form data
#: and a task's output (member data); notes, a cancel reason and a message (free text).
PLANTED = {
    "member_name": "Zbigniew Quixote",
    "notes": "Notes-PLANTED-7731 hypoglycaemia at night",
    "cancel_reason": "Reason-PLANTED-5521",
    "form_data": {"consent": True, "planted": "Form-PLANTED-9913"},
    "tasks": {"1": {"output": {"score": 7, "planted": "Output-PLANTED-4410"}}},
    "messages": [{"role": "user", "content": "Message-PLANTED-8812"}],
}
PLANTED_TEXTS = ("Zbigniew", "Quixote", "PLANTED")


def planted_leaks(app: Any, pilot: Any) -> list[str]:
    """Planted values in any byte written so far; the member's CEL values on the screen now."""
    written, shown = output(app), screen_text(pilot)
    return [s for s in PLANTED_TEXTS if s in written or s in shown] + [
        s for s in MEMBER_VALUES if s in shown]


async def test_no_planted_value_reaches_any_screen_or_modal(
    fresh_sandbox: Any, fresh_console_app: Any
) -> None:
    """Every screen and modal, with privacy on: not one planted value is ever written."""
    from .hostile import overwrite

    overwrite(fresh_sandbox, RICH, PLANTED)
    app = recording(fresh_console_app(privacy=True))
    async with app.run_test(headless=False, size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"member:311", "enter")  # the list, with 1042's row on it
        await settle(pilot)
        assert RICH in [a.id for a in app.screen.query_one(AssignmentTable).rows_shown]
        assert planted_leaks(app, pilot) == [], "list"
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        app.open_assignment(RICH)
        await settle(pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        assert app.screen.assignment is not None and app.screen.assignment.notes == PLANTED["notes"]
        app.screen.action_scroll_body("end")
        await settle(pilot)
        assert "Notes" in screen_text(pilot) and "Cancel reason" in screen_text(pilot)
        assert planted_leaks(app, pilot) == [], "detail"

        await pilot.press("J")
        await settle(pilot)
        assert isinstance(app.screen, RawJsonModal)
        assert '"notes": "•••••"' in screen_text(pilot)
        assert planted_leaks(app, pilot) == [], "raw JSON"
        await pilot.press("escape", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TaskDetailModal)
        assert planted_leaks(app, pilot) == [], "task detail"

        await pilot.press("escape", "m")
        await settle(pilot)
        assert isinstance(app.screen, MessagesScreen)
        for entry in app.screen.conversation.entries:
            entry.folded = False
        await pilot.press("G")
        await settle(pilot)
        assert planted_leaks(app, pilot) == [], "messages"

        await pilot.press("escape", "t")
        await settle(pilot)
        assert isinstance(app.screen, TaskSwitchScreen)
        table = app.screen.query_one("#switch-tasks", DataTable)
        for row in range(table.row_count):
            table.move_cursor(row=row)
            await pilot.pause()
            assert planted_leaks(app, pilot) == [], f"task switch, task {row + 1}"
        # A refusal whose reason quotes the member's values, in the server's own words.
        script(fresh_sandbox, method="PUT", path=r"/select$", status=409, body={
            "detail": 'condition not met: member.locale is "es-US" and the member is 67'})
        await focus_task(pilot, app.screen, "spanish_callback")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert planted_leaks(app, pilot) == [], "confirm switch"
        app.screen.query_one("#confirm-send", Button).press()
        await settle(pilot)
        assert isinstance(app.screen, TaskSwitchScreen)
        assert "Server refused" in screen_text(pilot)
        assert planted_leaks(app, pilot) == [], "conflict panel"
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, CelPlaygroundScreen)
        for expression in ("member", "member.tags", "member['locale'] == 'x'",
                           "member.age > 1 && member", "size(member) > 0"):
            app.screen.query_one(Input).value = expression
            app.screen._evaluate()
            await settle(pilot)
            assert "member" in app.screen.query_one("#playground-explanation").plain
            assert planted_leaks(app, pilot) == [], f"playground: {expression}"

        await pilot.press("escape", "escape", "e")
        await settle(pilot)
        assert isinstance(app.screen, UpdateAssignmentModal)
        assert "hidden in privacy mode" in screen_text(pilot)
        assert planted_leaks(app, pilot) == [], "update form"
        await pilot.press("escape", "X")
        await settle(pilot)
        assert isinstance(app.screen, CancelAssignmentModal)
        assert planted_leaks(app, pilot) == [], "cancel form"
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CreateAssignmentModal)
        app.screen.query_one("#member", Input).value = "311"
        await settle(pilot)
        assert planted_leaks(app, pilot) == [], "anywhere, in any byte written"


def test_the_servers_refusal_is_masked_from_the_members_data() -> None:
    """A 409 quotes the member's values in the server's own words: masked by value, not wording."""
    from assign_tui.api.errors import ConflictError
    from assign_tui.tui.routing_snapshot import conflict_text

    snapshot = {"member": {"id": 311, "age": 67, "tags": ["diabetes"], "locale": "es-US"}}
    error = ConflictError("refused: member.tags is [\"diabetes\"], the member (67, es-US) is "
                          "not eligible; assignment 1067", status=409)
    text = conflict_text("Senior outreach", error, None, True, snapshot).plain
    assert "67," not in text and "es-US" not in text and '"diabetes"' not in text
    assert "assignment 1067" in text  # a whole word only: other numbers stay
