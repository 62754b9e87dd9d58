"""Daily friction in the write forms: errors that go once corrected, End, due dates, workflows."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static, TextArea

from assign_tui.tui.modals.create_assignment import CreateAssignmentModal

from .helpers import settle
from .test_forms import CREATE_INPUT, fill, open_modal, server_assignment, submit


def message_line(modal: Any, name: str) -> str:
    """The line under a field: its error (✗) or its hint."""
    return str(modal.row(name).query_one(".form-message", Static).render())


async def test_correcting_the_marked_field_clears_its_error_and_the_status_line(
    fresh_console_app: Any,
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        modal = CreateAssignmentModal()
        await open_modal(pilot, modal)
        await submit(pilot)
        assert modal.row("workflow").error == "Workflow id is required"
        assert "correct the marked fields" in modal.status.plain
        await pilot.press("7")
        await settle(pilot)
        assert modal.row("workflow").error is None
        assert modal.status.plain == "" and not modal.status.is_error


async def test_a_server_error_at_a_field_goes_once_that_field_is_corrected(
    fresh_console_app: Any,
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        modal = CreateAssignmentModal()
        await open_modal(pilot, modal)
        fill(modal, **CREATE_INPUT, member="99999")
        await submit(pilot)
        assert modal.row("member").error == "no such member: 99999"
        assert "HTTP 422" in modal.status.plain
        fill(modal, notes="still wrong member")  # another field: the status still applies
        await settle(pilot)
        assert "HTTP 422" in modal.status.plain
        fill(modal, member="")
        await settle(pilot)
        assert modal.row("member").error is None and modal.status.plain == ""


async def test_end_in_a_wrapped_note_goes_to_the_end_of_the_line(fresh_console_app: Any) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        modal = CreateAssignmentModal()
        await open_modal(pilot, modal)
        notes = modal.query_one("#notes", TextArea)
        long_line = "Call after five; the daughter helps with the forms. " * 3
        notes.text = f"{long_line}\nsecond line"
        notes.focus()
        notes.move_cursor((0, 0))
        await settle(pilot)
        assert len(long_line) > notes.size.width  # the line wraps: the old End stopped mid-text
        await pilot.press("end", "X")
        assert notes.text == f"{long_line}X\nsecond line"
        await pilot.press("home", "Y")
        assert notes.text.startswith("YCall after five")
        await pilot.press("ctrl+end", "Z")
        assert notes.text.endswith("second lineZ")


async def test_a_relative_due_date_is_shown_as_the_moment_and_sent_as_it(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        modal = CreateAssignmentModal()
        results = await open_modal(pilot, modal)
        fill(modal, workflow="7")
        modal.query_one("#due").focus()
        await pilot.press("+", "3", "d")
        await settle(pilot)
        assert modal.row("due").error is None
        assert message_line(modal, "due") == "2026-12-02 07:00 UTC (in 3d)"  # now is 11-29 07:00
        await submit(pilot)
    (created,) = results
    assert server_assignment(fresh_sandbox, created.id)["dueAt"] == "2026-12-02T07:00:00Z"


async def test_a_date_alone_is_due_by_the_end_of_that_day(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        modal = CreateAssignmentModal()
        results = await open_modal(pilot, modal)
        fill(modal, workflow="7", due="2026-12-31")
        await settle(pilot)
        assert message_line(modal, "due").startswith("2026-12-31 23:59 UTC")
        await submit(pilot)
    (created,) = results
    assert server_assignment(fresh_sandbox, created.id)["dueAt"] == "2026-12-31T23:59:00Z"


async def test_a_notification_over_a_form_is_a_line_in_the_form_not_a_toast(
    fresh_console_app: Any,
) -> None:
    from textual.widgets._toast import Toast

    app = fresh_console_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        modal = CreateAssignmentModal()
        await open_modal(pilot, modal)
        await submit(pilot)  # an error on the status line, at the bottom of the form
        app.notify("Reconnected to the server.", timeout=30)
        await settle(pilot)
        assert not list(modal.query(Toast)), "a toast covers the form"
        notice = modal.query_one("#form-notice")
        assert notice.plain == "· Reconnected to the server."
        assert "correct the marked fields" in modal.status.plain  # the error is still there
        # Nothing covers the line: the form box holds it, above the buttons.
        assert notice.region.height >= 1 and modal.query_one("#form-box").region.contains_region(
            notice.region
        )
        await pilot.press("escape")
        await settle(pilot)
        app.notify("Back on the list.")
        await settle(pilot)
        assert list(app.screen.query(Toast))  # without a form, toasts as usual


async def test_a_workflow_can_be_chosen_by_a_name_seen_in_the_list(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # the list has loaded: its workflows are known by name
        name = app.seen_workflows[7]
        assert name == "Post-discharge follow-up"
        modal = CreateAssignmentModal()
        results = await open_modal(pilot, modal)
        offered = message_line(modal, "workflow")  # names offered before typing
        assert any(f"{n} ({i})" in offered for i, n in app.seen_workflows.items()), offered
        await pilot.press(*"post-d", "right")  # the suggestion completes the name
        await settle(pilot)
        assert modal.field_text("workflow") == name
        assert message_line(modal, "workflow") == f"7 · {name}"
        fill(modal, workflow="no such flow")
        await settle(pilot)
        assert "type its id" in (modal.row("workflow").error or "")
        fill(modal, workflow=name.upper())
        await submit(pilot)
    (created,) = results
    assert created.workflow_id == 7
