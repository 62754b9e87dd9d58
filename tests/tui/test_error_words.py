"""Every error names what failed and offers only actions that can help (no key that does nothing)."""

from __future__ import annotations

from typing import Any

import httpx

from textual.widgets import Static

from assign_tui.api.models import Assignment, AssignmentQuery
from assign_tui.tui.modals.confirm import discard_changes
from assign_tui.tui.modals.create_assignment import CreateAssignmentModal
from assign_tui.tui.modals.filter_form import FilterFormModal
from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.screens.assignment_list import AssignmentListScreen

from .helpers import settle
from .test_forms import CREATE_INPUT, fill, open_modal, script
from .test_task_switch import notice_text


async def test_an_unreachable_server_is_named(fresh_console_app: Any, fresh_sandbox: Any) -> None:
    fresh_sandbox.stop()
    app = fresh_console_app()
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        said = notice_text(app.screen)
        assert f"Cannot reach the server at {fresh_sandbox.base_url}:" in said
    fresh_sandbox.start()


async def test_a_404_on_the_first_screen_does_not_offer_esc(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    script(fresh_sandbox, method="GET", path=r"/assignments$", status=404,
           body={"detail": "no such workspace"}, times=None)
    app = fresh_console_app()
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AssignmentListScreen)
        said = notice_text(screen)
        assert "Not found (HTTP 404): no such workspace" in said
        assert "GET /assignments" in said and "base_url and workspace" in said
        assert "Esc" not in said
        await pilot.press("escape")  # and indeed Esc does nothing here
        await settle(pilot)
        assert app.screen is screen


async def test_a_403_is_not_told_to_retry(fresh_console_app: Any, fresh_sandbox: Any) -> None:
    script(fresh_sandbox, method="GET", path=r"/assignments/1042$", status=403,
           body={"detail": "requires ASSIGNMENTS_READ scope"}, times=None)
    app = fresh_console_app(open_assignment=1042)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AssignmentDetailScreen)
        state = str(screen.query_one("#detail-state", Static).render())
        said = notice_text(screen)
        assert "could not be loaded" in state and "press r" not in state.lower()
        assert "requires ASSIGNMENTS_READ scope" in said and "Ask an administrator" in said
        assert "press r" not in said.lower()


async def test_a_403_without_a_reason_does_not_point_at_one(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    script(fresh_sandbox, method="GET", path=r"/assignments$", status=403, body={}, times=None)
    app = fresh_console_app()
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        said = notice_text(app.screen)
        assert "Not allowed (HTTP 403)" in said and "named above" not in said
        assert "did not say which permission" in said


# -- the keys named are the keys bound ([keys] remaps) ---------------------------------


async def test_a_remapped_refresh_key_is_the_one_the_advice_names(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    script(fresh_sandbox, method="GET", path=r"/assignments$", status=503,
           body={"detail": "maintenance"}, times=None)
    app = fresh_console_app(keys={"screen.refresh": "f5"})
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        said = notice_text(app.screen)
        assert "press f5 to retry" in said.lower() and "press r " not in said.lower()
        httpx.delete(f"{fresh_sandbox.base_url}/_sandbox/faults").raise_for_status()
        await pilot.press("f5")  # and f5 is what asks again
        await settle(pilot)
        assert not app.screen.notice.is_error


async def test_a_form_names_its_remapped_send_and_leave_keys(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    script(fresh_sandbox, method="POST", path="/assignments$", status=503,
           body={"detail": "maintenance"}, times=None)
    app = fresh_console_app(keys={"create.submit": "f2", "create.leave": "f10"})
    async with app.run_test(size=(80, 24)) as pilot:
        modal = CreateAssignmentModal()
        results = await open_modal(pilot, modal)
        subtitle = str(modal.query_one("#form-box").border_subtitle)
        assert subtitle.startswith("f2 create") and subtitle.endswith("f10 cancel")
        fill(modal, **CREATE_INPUT)
        await pilot.press("f2")
        await settle(pilot)
        said = modal.status.plain
        assert results == [] and "press f2" in said and "ctrl+s" not in said
        httpx.delete(f"{fresh_sandbox.base_url}/_sandbox/faults").raise_for_status()
        await pilot.press("f2")  # the key named sends it again
        await settle(pilot)
    assert len(results) == 1 and isinstance(results[0], Assignment)


async def test_the_questions_and_the_filter_form_name_the_keys_bound(console_app: Any) -> None:
    app = console_app(keys={"discard.keep": "k", "filter.apply": "f2"})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(discard_changes())
        await settle(pilot)
        assert str(app.screen.query_one(".dialog").border_subtitle) == "y/d discard · k keep editing"
        app.pop_screen()
        app.update_keymap({"discard.keep": "n,escape"})
        app.push_screen(discard_changes())
        await settle(pilot)
        assert str(app.screen.query_one(".dialog").border_subtitle) == (
            "y/d discard · n/Esc keep editing"
        )
        app.pop_screen()
        app.push_screen(FilterFormModal(AssignmentQuery()))
        await settle(pilot)
        assert str(app.screen.query_one(".dialog").border_subtitle) == "f2 apply · Esc cancel"
