"""Find by member name on the list: /name:…, n and N, loaded rows only, privacy."""

from __future__ import annotations

from typing import Any

from assign_tui.tui.widgets.assignment_table import AssignmentTable
from assign_tui.tui.widgets.notice import Notice

from .helpers import screen_text, settle


def _notice(app: Any) -> str:
    return str(app.screen.query_one(Notice).render())


async def test_name_finds_in_the_loaded_rows_and_n_N_move_between_matches(
    console_app: Any,
) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(AssignmentTable)
        rows = table.rows_shown
        query = app.list_query
        # A surname that several rows share, typed without its accent and in lower case.
        surnames = [row.member_name.split()[-1] for row in rows]
        surname = max(set(surnames), key=surnames.count)
        expected = [i for i, row in enumerate(rows) if surname in row.member_name]
        assert len(expected) >= 2
        typed = surname.lower().replace("á", "a").replace("í", "i").replace("é", "e")
        await pilot.press("slash", *f"name:{typed}", "enter")
        await settle(pilot)
        assert table.cursor_row == expected[0]
        assert f"1 of {len(expected)} on page 1" in _notice(app)
        assert "the server cannot search by name" in _notice(app)
        assert app.list_query == query  # not a filter: nothing asked of the server
        await pilot.press("n")
        assert table.cursor_row == expected[1]
        await pilot.press("N", "N")
        assert table.cursor_row == expected[-1]  # wraps round
        await pilot.press("slash", *"name:zzzqx", "enter")
        await settle(pilot)
        assert "No member name contains 'zzzqx' on page 1 (50 rows loaded" in _notice(app)


async def test_an_unknown_filter_word_points_to_name(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"rosa", "enter")
        await settle(pilot)
        assert "to find a member by name on this page: name:rosa" in screen_text(pilot)


async def test_in_privacy_mode_find_is_refused_and_shows_no_name(console_app: Any) -> None:
    app = console_app(privacy=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(AssignmentTable)
        name = table.rows_shown[5].member_name
        await pilot.press("slash", *f"name:{name}", "enter")
        await settle(pilot)
        assert table.cursor_row == 0
        assert "off in privacy mode" in _notice(app)
        assert name not in screen_text(pilot)
        await pilot.press("n")
        assert table.cursor_row == 0


async def test_the_palette_opens_find_by_name(console_app: Any) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"Find by member name")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.focused.value == "name:"


async def test_words_typed_in_one_burst_after_slash_go_to_the_filter_line(
    console_app: Any,
) -> None:
    """Over SSH `/cancelled` arrives in one read: the letters after `/` are the operator's
    filter, not list keys (`c` would open the create form, `l` nothing, `e` ...)."""
    from textual.widgets import Input

    from .bursts import burst

    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        list_screen = app.screen
        burst(app, "slash", *"cancelled")
        await settle(pilot)
        assert app.screen is list_screen, f"a key after / opened {type(app.screen).__name__}"
        field = app.screen.query_one("#quick-filter", Input)
        assert field.value.endswith("cancelled"), (field.value, app.focused, field.has_class("-open"))
