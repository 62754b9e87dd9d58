"""A modal is dismissed at most once, whichever path comes first; the others change nothing.

The paths: its own result (a write came back), Esc, the answer to the question
it asked, a pop by someone else, and keys typed ahead. The issue's sequences
are replayed with keys in one burst (`bursts.burst`), the answer held back by
the sandbox so that it lands exactly where the issue saw it land.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import httpx
import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen

import assign_tui.tui
from assign_tui.api.models import AssignmentQuery
from assign_tui.tui.app import AssignApp
from assign_tui.tui.modals.base import DismissOnce
from assign_tui.tui.modals.cancel_assignment import CancelAssignmentModal
from assign_tui.tui.modals.confirm import ConfirmModal, discard_changes
from assign_tui.tui.modals.confirm_select import confirm_select
from assign_tui.tui.modals.create_assignment import CreateAssignmentModal
from assign_tui.tui.modals.filter_form import FilterFormModal
from assign_tui.tui.modals.raw_json import RawJsonModal
from assign_tui.tui.modals.task_detail import TaskDetailModal
from assign_tui.tui.modals.update_assignment import UpdateAssignmentModal
from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.screens.assignment_list import AssignmentListScreen
from assign_tui.tui.screens.help import HelpScreen

from .bursts import burst
from .helpers import settle

CANCEL_ROUTE = "POST /assignments/{assignment_id}/cancel"


def hold_cancel(server: Any, delay_ms: int) -> None:
    """The next cancel is applied by the real handler, answered `delay_ms` later."""
    entry = {"method": "POST", "path": "/cancel$", "status": None, "delay_ms": delay_ms, "times": 1}
    httpx.post(f"{server.base_url}/_sandbox/faults/script", json=entry).raise_for_status()


def cancels_received(server: Any) -> int:
    stats = httpx.get(f"{server.base_url}/_sandbox/stats").json()
    return int(stats["requests"].get(CANCEL_ROUTE, 0))


def notices(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def until(pilot: Pilot[Any], condition: Any, rounds: int = 200) -> None:
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app never got there")


async def cancel_form_with_reason(pilot: Pilot[Any]) -> CancelAssignmentModal:
    """From a fresh start: Enter (the first row), X (the cancel form), type r."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("X")
    await settle(pilot)
    await pilot.press("r")
    form = app.screen
    assert isinstance(form, CancelAssignmentModal) and form.reason == "r"
    return form


# -- the sequences ------------------------------------------------------


async def test_the_answer_under_the_discard_question_closes_both_once(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    """ctrl+s Tab Enter in one burst: sent, and "Keep it" asks "leave anyway?". The cancel's
    answer lands under the question; then Esc and y. Textual closed the question instead of
    the form, and the second dismiss raised InvalidStateError."""
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await cancel_form_with_reason(pilot)
        hold_cancel(fresh_sandbox, 600)
        burst(app, "ctrl+s", "tab", "enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await until(pilot, lambda: not form.in_flight)
        await pilot.pause()
        burst(app, "escape", "y")
        await settle(pilot)
        stack = app.screen_stack
        assert form not in stack
        assert not any(isinstance(s, ConfirmModal) for s in stack)
        assert isinstance(stack[1], AssignmentListScreen)
        assert [n for n in notices(app) if "cancelled" in n] == [
            f"Assignment {form.assignment.id} cancelled"
        ]
        assert cancels_received(fresh_sandbox) == 1
    assert app.return_code in (None, 0)


async def test_yes_to_the_question_then_the_answer_dismisses_once(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    """The same burst, then y while the cancel is still out: the form closes on y, and the
    answer that comes after it (its worker's `dismiss`) closes nothing else."""
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await cancel_form_with_reason(pilot)
        detail = app.screen_stack[-2]
        hold_cancel(fresh_sandbox, 1500)
        burst(app, "ctrl+s", "tab", "enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert form.in_flight
        burst(app, "y")
        await until(pilot, lambda: form not in app.screen_stack)
        assert app.screen is detail
        form.dismiss(form.assignment)  # the answer, landing late: a no-op
        await settle(pilot)
        assert app.screen is detail and isinstance(detail, AssignmentDetailScreen)
        assert not [n for n in notices(app) if "cancelled" in n]


async def test_palette_typed_ahead_twice_keeps_the_console_screen(console_app: Any) -> None:
    """`:` Down Enter Enter in one burst, twice: each Enter selected, each selection dismissed
    the palette, and the second dismiss popped the list (ScreenStackError, exit 1)."""
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(app, "colon", "down", "enter", "enter")
        burst(app, "colon", "down", "enter", "enter")
        await settle(pilot)
        stack = app.screen_stack
        assert len(stack) >= 2 and isinstance(stack[1], AssignmentListScreen)
        assert app.is_running
    assert app.return_code in (None, 0)


async def test_words_typed_in_one_burst_after_colon_go_to_the_palette(console_app: Any) -> None:
    """Over SSH `:open 1042` arrives in one read: every letter was read on the list's table
    before `:` had pushed the palette, so each bubbled up through the list. Its `e` (update
    marked, refused with nothing marked) was taken there to say why, not typed."""
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        list_screen = app.screen
        burst(app, "colon", *"open 1042")
        await settle(pilot)
        assert app.screen.focused.value == "open 1042"
        assert "Nothing is marked" not in list_screen.notice.render().plain
        burst(app, "enter")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentDetailScreen) and app.screen.assignment_id == 1042


async def test_the_console_never_pops_its_last_screen(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.pop_screen()
        app.pop_screen()
        await settle(pilot)
        assert isinstance(app.screen, AssignmentListScreen)


# -- every modal, every order ---------------------------------------------------


async def every_modal(app: AssignApp) -> list[ModalScreen[Any]]:
    tagged = await app.client.get_assignment(1042)
    task = tagged.value.tasks[0]
    return [
        CreateAssignmentModal(),
        CancelAssignmentModal(tagged.value),
        UpdateAssignmentModal(tagged.value, tagged.etag),
        discard_changes(),
        confirm_select(task, None),
        FilterFormModal(AssignmentQuery()),
        RawJsonModal("raw", {"id": 1042}),
        TaskDetailModal(1042, task.id),
        HelpScreen(app.screen),
    ]


ORDERS = {
    "result, then result": ("result", "result"),
    "result, then the question's yes": ("result", "answer"),
    "the question's yes, then result": ("answer", "result"),
    "popped, then result": ("pop", "result"),
    "result, then popped": ("result", "pop"),
}


@pytest.mark.parametrize("order", ORDERS)
async def test_every_modal_is_dismissed_once_whatever_the_order(
    console_app: Any, order: str
) -> None:
    app = console_app(open_assignment=1042)  # a screen to lose above the list
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        for modal in await every_modal(app):
            results: list[Any] = []
            below = app.screen_stack
            app.push_screen(modal, results.append)
            await settle(pilot, rounds=1)
            question = discard_changes()
            app.push_screen(question, lambda yes, m=modal: m.dismiss(None) if yes else None)
            await pilot.pause()
            for step in ORDERS[order]:
                if step == "result":
                    modal.dismiss("first" if not results else "second")
                elif step == "answer":
                    question.dismiss(True)
                elif app.screen_stack != below:
                    app.pop_screen()
                    app.pop_screen()
                await pilot.pause()
            await settle(pilot, rounds=1)
            name = type(modal).__name__
            assert app.screen_stack == below, name
            assert len(results) <= 1, name
            assert results in ([], ["first"], [None]), name


def test_every_modal_of_the_console_has_the_dismiss_once_base() -> None:
    """One place enforces it: a new modal on plain ModalScreen would not."""
    for info in pkgutil.walk_packages(assign_tui.tui.__path__, "assign_tui.tui."):
        importlib.import_module(info.name)
    ours = all_subclasses(ModalScreen)
    modals = [cls for cls in ours if cls.__module__.startswith("assign_tui.")]
    assert len(modals) >= 10
    assert [cls.__name__ for cls in modals if not issubclass(cls, DismissOnce)] == []


def all_subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *all_subclasses(sub)]
    return found


async def test_a_key_bound_on_a_screen_not_built_yet_does_nothing(console_app: Any) -> None:
    """A key typed ahead reaches the app after bubbling up from the screen it was typed on,
    and Textual looks its binding up on the screen on top: one pushed a moment ago has no
    widgets yet. (Found by the long random-key run: `home` -> NoMatches '#detail-body'.)"""
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        detail = AssignmentDetailScreen(1042)
        app.push_screen(detail)
        assert not detail.is_mounted
        assert await app.run_action("scroll_body('home')", detail) is False
        await settle(pilot)
        assert detail.is_mounted
        assert await app.run_action("scroll_body('home')", detail) is True


async def test_the_palette_runs_one_command_however_often_enter_is_typed(console_app: Any) -> None:
    """Enter typed ahead selects again before the first selection has closed the palette;
    the closed palette drops it (`DismissOnce._on_message`), so the command runs once."""
    from textual.command import CommandList

    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"privacy mode")
        palette = app.screen
        await until(pilot, lambda: palette.query_one(CommandList).option_count > 0)
        await pilot.press("down")
        burst(app, "enter", "enter", "enter")
        await settle(pilot)
        assert app.privacy is True
        assert [n for n in notices(app) if n.startswith("Privacy mode")] == ["Privacy mode on"]
        assert isinstance(app.screen, AssignmentListScreen)


async def test_page_keys_before_the_palette_results_are_laid_out_do_nothing(
    console_app: Any,
) -> None:
    """Results can arrive (and one be highlighted) before the list has a size; Textual's
    OptionList then pages from a line it has not computed (KeyError; the long run found it)."""
    from textual.command import CommandList

    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("colon", "r", "e")
        palette = app.screen
        results = palette.query_one(CommandList)
        await until(pilot, lambda: results.option_count > 0)
        await pilot.press("down")
        results.styles.height = 0  # the moment before its first layout: no region yet
        await pilot.pause()
        assert results.highlighted is not None and not results.scrollable_content_region
        for key in ("pageup", "pagedown"):
            await app.run_action(f"command_list('{key.replace('page', 'page_')}')", palette)
        await settle(pilot)
        assert app.screen is palette


async def test_a_popped_palette_stops_searching_and_ignores_list_keys(console_app: Any) -> None:
    """Popped while its search ran, the palette has no results list: a list key bound on it
    does nothing (NoMatches in the long run). Its search and "no matches" timer are
    stopped as it leaves (`leaving`); this test does not reproduce that race by itself."""
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_assignment(1042)
        await settle(pilot)
        await pilot.press("colon", *"zzqqxx")
        palette = app.screen
        app.pop_screen()
        await pilot.pause(1.2)  # past Textual's no-matches countdown
        await settle(pilot)
        assert not palette.workers._workers or all(w.is_finished for w in palette.workers)
        assert isinstance(app.screen, AssignmentDetailScreen)
        await app.run_action("command_list('page_up')", palette)  # no list left: nothing
        await settle(pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
