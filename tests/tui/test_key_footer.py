"""KeyFooter: the screen's keys on one painted line, following the bindings, clickable."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette

from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
from assign_tui.tui.widgets.key_footer import KeyFooter

from .conftest import AppFactory
from .helpers import settle

LIST_KEYS = ["r Refresh", "q Quit", "] Next", "} Last", "s Sort", "f Filter", "c Create", "? Help"]


def footer_of(app: App[Any]) -> KeyFooter:
    return app.screen.query_one(KeyFooter)


def painted(app: App[Any]) -> str:
    """The footer's line as painted (its render cache), not as `render()` would make it now."""
    return footer_of(app).render_line(0).text


def column_of(app: App[Any], label: str) -> int:
    line = painted(app)
    assert label in line, line
    return cell_len(line[: line.index(label)])


async def test_the_list_footer_shows_its_keys_and_the_palette_on_the_right(
    console_app: AppFactory,
) -> None:
    app = console_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        line = painted(app)
        assert cell_len(line) == 120
        positions = [line.index(label) for label in LIST_KEYS]
        assert positions == sorted(positions), line
        assert "Prev" not in line  # check_action: False on page 1
        assert "Order" not in line and "Quick filter" not in line  # show=False
        assert line.rstrip().endswith("▏ : Commands"), line  # ":" is the palette here
        assert len(footer_of(app).children) == 0


async def test_keys_follow_check_action(console_app: AppFactory) -> None:
    app = console_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Prev" not in painted(app)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "[ Prev" in painted(app)
        await pilot.press(*["right_square_bracket"] * 2)
        await settle(pilot)
        assert app.list_query.page == 4  # type: ignore[attr-defined]
        assert "Next" not in painted(app)  # the last page: False hides it

        # Read-only: the list's Create is False (tui.rules), gone; `c` says why
        # (test_write_rules). A None action is shown dimmed: test_a_dimmed_key_...
        assert "c Create" in painted(app)
        app.read_only = True
        await settle(pilot)
        assert "Create" not in painted(app)
        app.read_only = False
        await settle(pilot)
        assert "c Create" in painted(app)

        # On the detail the writes are False in read-only: gone from the footer.
        app.open_assignment(1042)
        await settle(pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        assert "e Update" in painted(app) and "X Cancel" in painted(app)
        app.read_only = True
        await settle(pilot)
        line = painted(app)
        assert "Update" not in line and "Cancel" not in line and "m Messages" in line


async def test_unchanged_keys_do_not_repaint(console_app: AppFactory) -> None:
    app = console_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = footer_of(app)
        repaints: list[object] = []
        original = footer.refresh

        def counted_refresh(*args: Any, **kwargs: Any) -> Any:
            repaints.append(args)
            return original(*args, **kwargs)

        footer.refresh = counted_refresh  # type: ignore[method-assign]
        app.screen.refresh_bindings()
        await settle(pilot)
        assert repaints == []
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert repaints  # Prev page appeared


async def test_clicking_an_entry_runs_its_action(console_app: AppFactory) -> None:
    app = console_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        sort_before = app.list_query.sort_by  # type: ignore[attr-defined]
        await pilot.click(KeyFooter, offset=(column_of(app, "Sort"), 0))
        await settle(pilot)
        await pilot.press("u")  # the sort picker: updated
        await settle(pilot)
        assert app.list_query.sort_by != sort_before  # type: ignore[attr-defined]

        await pilot.click(KeyFooter, offset=(column_of(app, "] Next"), 0))
        await settle(pilot)
        assert app.list_query.page == 2  # type: ignore[attr-defined]

        await pilot.click(KeyFooter, offset=(column_of(app, "Commands"), 0))
        await settle(pilot)
        assert CommandPalette.is_open(app)


async def test_at_80_columns_the_list_keeps_every_key_and_the_palette(
    console_app: AppFactory,
) -> None:
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")  # both page keys: the longest list line
        await settle(pilot)
        line = painted(app)
        assert cell_len(line) == 80
        for label in [*LIST_KEYS, "[ Prev", "{ First"]:
            assert label in line, line
        assert line.endswith("▏:"), line  # the palette's key stays, its description went


class ManyKeysApp(App[None]):
    """More keys than 80 columns hold, and the palette on ctrl+p (Textual's default)."""

    BINDINGS = [
        Binding(key, f"noop({index})", f"Action number {index}")
        for index, key in enumerate("abcdefghijkl")
    ] + [Binding("z", "noop(0)", "Same action as a")]

    last_noop: int | None = None

    def compose(self) -> ComposeResult:
        yield KeyFooter()

    def action_noop(self, index: int) -> None:
        self.last_noop = index


async def test_a_line_too_long_loses_whole_keys_and_keeps_the_palette() -> None:
    app = ManyKeysApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = painted(app)
        assert cell_len(line) == 80
        assert line.endswith("▏^p"), line
        left = line[: -len("▏^p")].rstrip()
        entries = [f"{key} Action number {index}" for index, key in enumerate("abcdefghijkl")]
        shown = next(
            count for count in range(len(entries), 0, -1) if left == " ".join(entries[:count])
        )
        assert 1 < shown < len(entries)
        assert "Same action" not in line  # one entry per action, the first binding wins
        await pilot.click(KeyFooter, offset=(column_of(app, "Action number 2"), 0))
        assert app.last_noop == 2


class DimmedKeyApp(App[None]):
    """A key whose action is shown but off (`check_action` None), and one that works."""

    BINDINGS = [Binding("a", "noop(1)", "Works"), Binding("b", "noop(2)", "Dimmed")]

    last_noop: int | None = None

    def compose(self) -> ComposeResult:
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if parameters == (2,) else True

    def action_noop(self, index: int) -> None:
        self.last_noop = index


async def test_a_dimmed_key_is_shown_dim_and_refused_as_footer_refuses_it() -> None:
    app = DimmedKeyApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        styles = {
            segment.text.strip(): segment.style
            for segment in footer_of(app).render_line(0)
            if segment.text.strip() in ("a", "Works", "b", "Dimmed")
        }
        assert len(styles) == 4
        assert all(styles[text] is not None and styles[text].dim for text in ("b", "Dimmed"))
        assert not any(styles[text] and styles[text].dim for text in ("a", "Works"))
        await pilot.click(KeyFooter, offset=(column_of(app, "Dimmed"), 0))
        await pilot.pause()
        assert app.last_noop is None
        await pilot.click(KeyFooter, offset=(column_of(app, "Works"), 0))
        await pilot.pause()
        assert app.last_noop == 1
