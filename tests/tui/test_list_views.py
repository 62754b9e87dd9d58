"""Views above the list: counts from the server, 1-9 and the palette, the profile's own
views, Custom when filters change by hand, and a count that cannot be had."""

from __future__ import annotations

from typing import Any

import httpx
from textual.command import CommandPalette
from textual.widgets import Input

from assign_tui.api.models import AssignmentSortField, SortOrder
from assign_tui.config.views import ViewSpec
from assign_tui.tui.widgets.views_bar import ViewsBar

from .helpers import settle

ADMIN = {"Authorization": "Bearer demo-admin"}


async def counted(pilot: Any) -> None:
    """Settled, with every view's count answered (the first counts follow the first page)."""
    await settle(pilot)
    for _ in range(100):
        if "…" not in _bar(pilot.app):
            return
        await pilot.pause(0.05)
        await settle(pilot, rounds=1)
    raise AssertionError(f"counts still not there: {_bar(pilot.app)}")


def _bar(app: Any) -> str:
    return app.screen.query_one(ViewsBar).render().plain


def _total(server: Any, **params: Any) -> int:
    answer = httpx.get(f"{server.api_url}/assignments", params={"pageSize": 1, **params},
                       headers=ADMIN, timeout=5)
    answer.raise_for_status()
    return int(answer.json()["total"])


async def test_the_bar_shows_each_view_with_the_servers_count(
    console_app: Any, sandbox: Any
) -> None:
    app = console_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await counted(pilot)
        bar = _bar(app)
        assert bar.startswith(f"[All {_total(sandbox)}]")
        assert f"Mine {_total(sandbox, mine='true')}" in bar
        assert f"Paused {_total(sandbox, status='paused')}" in bar
        assert f"Due soon {_total(sandbox, status='active')}" in bar
        assert "?" not in bar and "…" not in bar


async def test_number_keys_and_the_palette_switch_views(console_app: Any, sandbox: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await counted(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert app.list_query.statuses == ("paused",)
        paused = _total(sandbox, status="paused")
        assert f"[Paused {paused}]" in _bar(app)
        assert app.screen.page_total == paused
        await pilot.press("colon")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"View: Due soon")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        query = app.list_query
        assert query.statuses == ("active",)
        assert (query.sort_by, query.sort_order) == (AssignmentSortField.DUE_AT, SortOrder.ASC)
        assert "[Due soon" in _bar(app)
        await pilot.press("9")  # no ninth view: said, nothing changes
        await settle(pilot)
        assert app.list_query == query


async def test_filters_changed_by_hand_are_custom_until_they_match_a_view(
    console_app: Any,
) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"pending", "enter")
        await settle(pilot)
        bar = _bar(app)
        assert bar.endswith("[Custom]") and bar.count("[") == 1
        await pilot.press("slash")
        app.screen.query_one(Input).value = "paused"
        await pilot.press("enter")
        await settle(pilot)
        assert "[Paused" in _bar(app) and "Custom" not in _bar(app)


async def test_the_profile_reorders_hides_and_adds_views(console_app: Any) -> None:
    views = {"mine": ViewSpec(hidden=True), "paused": ViewSpec(label="On hold"),
             "mine_urgent": ViewSpec(label="My urgent", mine=True, status=("active",),
                                     sort="priority")}
    app = console_app(views=views, view_order=("mine_urgent", "paused"))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        titles = [view.title for view in app.screen.views]
        assert titles == ["My urgent", "On hold", "All", "Active", "Due soon", "Urgent first"]
        assert "Mine " not in _bar(app)
        await pilot.press("1")
        await settle(pilot)
        query = app.list_query
        assert query.mine and query.statuses == ("active",)
        assert query.sort_by == AssignmentSortField.PRIORITY
        assert _bar(app).startswith("[My urgent ")


async def test_saving_the_filters_as_a_view_from_the_palette(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"pending mine", "enter")
        await settle(pilot)
        await pilot.press("colon", *"Save filters as a view")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert "[Saved 1 " in _bar(app) and "Custom" not in _bar(app)
        await pilot.press("1")
        await settle(pilot)
        assert not app.list_query.has_filters
        await pilot.press("7")
        await settle(pilot)
        assert app.list_query.statuses == ("pending",) and app.list_query.mine


async def test_a_count_that_cannot_be_had_is_a_question_mark_with_why(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await counted(pilot)
        assert "?" not in _bar(app)
        httpx.post(f"{fresh_sandbox.base_url}/_sandbox/faults/script", timeout=5, json={
            "method": "GET", "path": r"/assignments$", "status": 403,
            "body": {"detail": "not allowed to count"}, "times": 2,
        }).raise_for_status()
        app.screen.refresh_counts()
        await settle(pilot)
        bar = app.screen.query_one(ViewsBar)
        failed = [view for view in app.screen.views if bar.count_text(view.name) == "?"]
        assert len(failed) == 2 and _bar(app).count(" ?") == 2
        assert "not allowed to count" in str(bar.tooltip)
        assert failed[0].title in str(bar.tooltip)
        number = app.screen.views.index(failed[0]) + 1
        await pilot.press(str(number))
        await settle(pilot)
        shown = [str(n.message) for n in app._notifications]
        assert any("could not be had" in m and "not allowed to count" in m for m in shown)
        # The page for that view came: its count is the server's total again, not "?".
        assert bar.count_text(failed[0].name) == f"{app.screen.page_total:,}"
