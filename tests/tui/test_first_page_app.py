"""The console takes the first page asked for before its imports, and asks again when it must."""

from __future__ import annotations

import asyncio
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from assign_tui.api.first_page import FirstPage
from assign_tui.config import CommandTokenSource, Settings, StaticTokenSource, TokenSource
from assign_tui.tui.app import AssignApp
from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.screens.assignment_list import AssignmentListScreen
from tests.tui.conftest import FIXED_NOW
from tests.tui.helpers import screen_text, settle


@pytest.fixture(autouse=True)
def _no_view_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the first page here: the views' counts (asked once the client is made after
    such an early first page, and counted by the same stats) are test_list_views.py's."""
    monkeypatch.setattr(AssignmentListScreen, "refresh_counts", lambda screen: None)


def _app(server: Any, token: TokenSource | None = None, freeze_heap: bool = True) -> AssignApp:
    settings = Settings(
        profile="sandbox",
        base_url=server.base_url,
        workspace=server.workspace,
        token=token or StaticTokenSource(SecretStr("demo-admin"), "the sandbox's demo token"),
        is_demo=True,
    )
    first = FirstPage(settings)
    first.answer.result(timeout=10)  # as when the imports take longer than the request
    return AssignApp(settings, first_page=first, clock=lambda: FIXED_NOW, freeze_heap=freeze_heap)


def _list_requests(server: Any) -> int:
    stats = httpx.get(f"{server.base_url}/_sandbox/stats").json()["requests"]
    return sum(count for key, count in stats.items() if key.endswith("/assignments"))


def _reset_stats(server: Any) -> None:
    httpx.post(f"{server.base_url}/_sandbox/stats/reset").raise_for_status()


async def test_the_early_answer_is_the_first_page(fresh_sandbox: Any) -> None:
    _reset_stats(fresh_sandbox)
    app = _app(fresh_sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "page 1 of 4 · 200 assignments" in screen_text(pilot)
        assert app.connection is True
    assert _list_requests(fresh_sandbox) == 1  # the console did not ask again


async def test_a_failed_early_request_is_asked_again_by_the_client(fresh_sandbox: Any) -> None:
    _reset_stats(fresh_sandbox)
    httpx.post(
        f"{fresh_sandbox.base_url}/_sandbox/faults/script",
        json=[{"method": "GET", "path": "/assignments$", "status": 500, "body": {"detail": "x"}}],
    ).raise_for_status()
    app = _app(fresh_sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "page 1 of 4 · 200 assignments" in screen_text(pilot)
    assert _list_requests(fresh_sandbox) == 2


async def test_a_token_command_runs_once_for_both_requests(
    fresh_sandbox: Any, tmp_path: Path
) -> None:
    runs = tmp_path / "runs"
    script = f"open({str(runs)!r}, 'a').write('run\\n'); print('demo-admin')"
    app = _app(fresh_sandbox, CommandTokenSource([sys.executable, "-c", script]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        assert app.screen.assignment is not None
    assert runs.read_text() == "run\n"


async def test_the_client_is_made_and_start_up_objects_frozen_once_settled(
    fresh_sandbox: Any,
) -> None:
    import gc

    app = _app(fresh_sandbox)
    app.SETTLE_SECONDS = 600  # settled below, by hand: nothing else may make the client
    frozen_before = gc.get_freeze_count()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "page 1 of 4" in screen_text(pilot)
        assert not app.startup.client_made  # the early answer needed no httpx client
        assert not gc.isenabled()  # no collection walks start-up's objects before the freeze
        app.startup.settle()
        assert app.startup.client_made and app.startup.frozen
        assert gc.get_freeze_count() > frozen_before + 10_000
        assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # let go with the app


async def test_an_app_closed_before_it_settles_lets_the_collector_run(
    fresh_sandbox: Any,
) -> None:
    import gc

    app = _app(fresh_sandbox)
    app.SETTLE_SECONDS = 600
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == 0


async def test_without_the_freeze_settling_only_makes_the_client(fresh_sandbox: Any) -> None:
    import gc

    app = _app(fresh_sandbox, freeze_heap=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert gc.isenabled()  # tests (freeze_heap=False) collect as ever
        await asyncio.wait_for(app.startup.settled.wait(), timeout=30)  # its own timer
        assert app.startup.client_made and not app.startup.frozen
        assert gc.get_freeze_count() == 0


async def test_the_first_page_draws_each_cell_once(
    fresh_sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted, not timed: each visible cell of the table (header included) is drawn once
    before the first page is on screen. DataTable forgot its drawn rows when its own
    resize event came after they were drawn at the same size, and drew them all again."""
    from assign_tui.tui import table_cells
    from assign_tui.tui.widgets.assignment_table import AssignmentTable

    drawn: Counter[tuple[int, int]] = Counter()
    draw = table_cells.cell_line

    def counted(*args: Any) -> Any:
        meta = args[4].meta  # `pre` carries DataTable's row and column
        drawn[meta["row"], meta["column"]] += 1
        return draw(*args)

    monkeypatch.setattr(table_cells, "cell_line", counted)
    app = _app(fresh_sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "page 1 of 4" in screen_text(pilot)
        table = app.screen.query_one(AssignmentTable)
        visible = {(row, column) for row in range(-1, table.size.height - 1)
                   for column in range(len(table.columns))}
    assert set(drawn) == visible
    assert set(drawn.values()) == {1}
