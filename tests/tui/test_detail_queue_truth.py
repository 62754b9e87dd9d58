"""The detail's place in the list stays the server's: after a write (or `r`) the page is
fetched again, an assignment gone from it says so, and `]`/`[` go on from its old place;
`]`/`[` pressed in one burst each count."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from assign_tui.tui.widgets.assignment_table import AssignmentTable

from .bursts import burst
from .helpers import settle
from .test_detail_queue import _detail, _header
from .test_forms import script

ADMIN = {"Authorization": "Bearer demo-admin"}


def _paused_ids(server: Any) -> list[int]:
    answer = httpx.get(f"{server.api_url}/assignments",
                       params={"status": "paused", "pageSize": 100}, headers=ADMIN, timeout=5)
    answer.raise_for_status()
    return [item["id"] for item in answer.json()["items"]]


async def _open_paused(pilot: Any, row: int) -> list[int]:
    """The Paused view, opened on its `row`-th row (from 0); the ids of its page."""
    await pilot.press("slash", *"paused", "enter")
    await settle(pilot)
    ids = [r.id for r in pilot.app.screen.query_one(AssignmentTable).rows_shown]
    await pilot.press(*["j"] * row, "enter")
    await settle(pilot)
    return ids


@pytest.mark.parametrize(("key", "lands_on", "place"), [
    ("right_square_bracket", 2, 2),  # the one that took its place
    ("left_square_bracket", 0, 1),  # the one before it
])
async def test_after_a_cancel_the_place_is_the_servers(
    fresh_console_app: Any, fresh_sandbox: Any, key: str, lands_on: int, place: int
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ids = await _open_paused(pilot, 1)
        total = len(ids)
        assert _header(app) == f"Assignment {ids[1]} · 2 of {total} in Paused"
        await pilot.press("X", *"queue test", "ctrl+s")
        await settle(pilot)
        assert _detail(app).assignment is not None
        assert _detail(app).assignment.status == "cancelled"
        assert _header(app) == f"Assignment {ids[1]} · no longer in Paused"

        await pilot.press(key)
        await settle(pilot)
        assert _detail(app).assignment_id == ids[lands_on]
        assert _paused_ids(fresh_sandbox)[place - 1] == ids[lands_on]
        assert _header(app) == f"Assignment {ids[lands_on]} · {place} of {total - 1} in Paused"


async def test_r_fetches_the_place_again(fresh_console_app: Any, fresh_sandbox: Any) -> None:
    """Changed behind the console's back: r on the detail reads the list's page again."""
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ids = await _open_paused(pilot, 2)
        httpx.post(f"{fresh_sandbox.api_url}/assignments/{ids[0]}/cancel",
                   json={"reason": "elsewhere"}, headers=ADMIN, timeout=5).raise_for_status()
        await pilot.press("r")
        await settle(pilot)
        assert _header(app) == f"Assignment {ids[2]} · 2 of {len(ids) - 1} in Paused"


async def test_a_failed_fetch_of_the_place_says_so(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ids = await _open_paused(pilot, 0)
        script(fresh_sandbox, method="GET", path=r"/assignments$", status=503, times=None)
        await pilot.press("r")
        await settle(pilot)
        assert _header(app) == f"Assignment {ids[0]} · ? of ? in Paused"


async def test_presses_in_one_burst_each_count(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    """Slow loads so the presses overlap them: three `]` move three; the header and the
    assignment loaded end on the same one (no earlier load wins)."""
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ids = await _open_paused(pilot, 0)
        script(fresh_sandbox, method="GET", path=r"/assignments/\d+$", status=None,
               delay_ms=300, times=None)
        burst(app, "right_square_bracket", "right_square_bracket", "right_square_bracket")
        await settle(pilot)
        detail = _detail(app)
        assert detail.assignment_id == ids[3]
        assert detail.assignment is not None and detail.assignment.id == ids[3]
        assert _header(app) == f"Assignment {ids[3]} · 4 of {len(ids)} in Paused"

        burst(app, "left_square_bracket", "left_square_bracket", "right_square_bracket",
              "left_square_bracket")
        await settle(pilot)
        assert detail.assignment is not None and detail.assignment.id == ids[1]
        assert _header(app) == f"Assignment {ids[1]} · 2 of {len(ids)} in Paused"


async def test_a_burst_across_the_page_and_past_the_end(console_app: Any) -> None:
    """Two `]` from the last row of page 1 land on the second of page 2; more than are left
    stop on the last one, and say so."""
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"active", "enter")
        await settle(pilot)
        await pilot.press("G", "enter")
        await settle(pilot)
        assert "50 of 67" in _header(app)
        burst(app, "right_square_bracket", "right_square_bracket")
        await settle(pilot)
        page_two = app.screen_stack[1].query_one(AssignmentTable).rows_shown
        assert app.list_query.page == 2 and _detail(app).assignment_id == page_two[1].id
        assert _header(app) == f"Assignment {page_two[1].id} · 52 of 67 in Active"

        burst(app, *["right_square_bracket"] * 20)
        await settle(pilot)
        assert _detail(app).assignment_id == page_two[-1].id
        assert "67 of 67" in _header(app)
        assert "This is the last one in Active" in str(_detail(app).notice.render())


async def test_leaving_while_the_place_is_fetched_leaves_the_list_as_it_was(
    fresh_console_app: Any, fresh_sandbox: Any
) -> None:
    """r, then Esc while the page is being fetched again: the fetch given up does not leave
    the list "refreshing"."""
    app = fresh_console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_paused(pilot, 0)
        script(fresh_sandbox, method="GET", path=r"/assignments$", status=None,
               delay_ms=5000, times=1)
        await pilot.press("r")
        the_list = app.screen_stack[1]
        for _ in range(50):
            if the_list.freshness == "refreshing":
                break
            await pilot.pause(0.01)
        assert _header(app) == f"Assignment {_detail(app).assignment_id} · … of … in Paused"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.freshness == "current"
        assert "refreshing" not in str(app.screen.query_one("#filters").render())
