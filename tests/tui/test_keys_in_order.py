"""Keys in one burst take effect in the order typed, each where the focus is at its turn.

Over SSH (or from a fast typist on a loaded machine) several keys arrive in one read.
Textual inserts a printable key in a text field at once, while a bound key (Backspace,
Tab, a screen's `1`) reaches its binding only after bubbling up to the app; without
the app's one queue of keys (`typed_ahead.KeysInTurn`) later letters overtook it.
`bursts.burst` queues every key at once, as such a read does.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input

from assign_tui.tui.modals.create_assignment import CreateAssignmentModal

from .bursts import burst
from .helpers import settle


async def test_backspaces_in_a_burst_delete_before_the_letters_behind_them(
    console_app: Any,
) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "ctrl+u", *"abcdef")
        field = app.screen.query_one("#quick-filter", Input)
        assert field.value == "abcdef"
        burst(app, "backspace", "backspace", "backspace", "x", "y")
        await settle(pilot)
        assert field.value == "abcxy"
        burst(app, "left", "left", "backspace", "z", "end", "w")
        await settle(pilot)
        assert field.value == "abzxyw"
        burst(app, "p", "q", "backspace", "backspace", "backspace", "r", "s")
        await settle(pilot)
        assert field.value == "abzxyrs"
        burst(app, "backspace", "backspace")  # and a paste in the same read
        app.post_message(events.Paste("12"))
        burst(app, "left", "3")
        await settle(pilot)
        assert field.value == "abzxy132"


async def test_text_after_tab_in_a_burst_goes_to_the_next_field(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        modal = CreateAssignmentModal()
        app.push_screen(modal)
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        burst(app, "tab", "3", "1", "1")
        await settle(pilot)
        assert modal.field_text("workflow") == "7"
        assert modal.field_text("member") == "311"
        modal.query_one("#due").focus()
        await settle(pilot)
        burst(app, *"2026", "tab", *"hi", "backspace", "o", "enter", "x")
        await settle(pilot)
        assert modal.field_text("due") == "2026"
        assert modal.field_text("notes") == "ho\nx"  # a TextArea: Enter is a new line


async def test_a_list_key_before_slash_in_a_burst_runs_before_the_filter_opens(
    console_app: Any,
) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert app.list_query.statuses == ("paused",)
        burst(app, "1", "slash")
        await settle(pilot)
        field = app.screen.query_one("#quick-filter", Input)
        assert not app.list_query.has_filters, app.list_query  # view 1: All
        assert field.has_class("-open") and app.focused is field
        assert "1" not in field.value
        await pilot.press("escape", "4")
        await settle(pilot)
        assert app.list_query.statuses == ("paused",)
        burst(app, "x", "slash")
        await settle(pilot)
        assert not app.list_query.has_filters, app.list_query  # x: filters cleared
        assert field.value == "" and app.focused is field


async def test_a_key_lost_with_its_widget_does_not_hold_up_the_keys_behind_it(
    console_app: Any,
) -> None:
    """A key queued on a widget that goes away never comes back; the next key still has
    its turn (after `OVERDUE_SECONDS`), rather than every key from then on waiting."""
    from assign_tui.tui.typed_ahead import OVERDUE_SECONDS
    from assign_tui.tui.widgets.assignment_table import AssignmentTable

    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(AssignmentTable)
        handle = table._on_message

        async def lose_the_first_key(message: Any) -> None:
            if getattr(message, "key", None) == "z":
                return  # as a widget removed with the key in its queue: never handled
            await handle(message)

        table._on_message = lose_the_first_key  # type: ignore[method-assign]
        burst(app, "z", "4")
        await pilot.pause(OVERDUE_SECONDS + 0.3)
        await settle(pilot)
        assert app.list_query.statuses == ("paused",)


async def test_text_typed_with_the_key_that_opens_a_form_lands_in_its_first_field(
    console_app: Any,
) -> None:
    """`c 7` in one read: `7` has its turn after `c` has pushed the form, and reaches the
    workflow field once the form is built (it used to be dropped, as a list key)."""
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(app, "c", "7")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, CreateAssignmentModal)
        assert modal.field_text("workflow") == "7"
