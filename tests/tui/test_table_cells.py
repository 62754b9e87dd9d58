"""The list's cells drawn straight to segments: the very segments DataTable draws through Rich."""

from __future__ import annotations

import itertools
from typing import Any

from rich.console import Console
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.renderables.styled import Styled
from textual.widgets import DataTable

from assign_tui.tui.table_cells import cell_line
from assign_tui.tui.widgets.assignment_table import AssignmentTable

from .helpers import settle

_CONSOLE = Console(width=120, color_system="truecolor", force_terminal=True, legacy_windows=False)


def _rich_line(cell: Text, width: int, padding: int, pre: Style, post: Style) -> list[Segment]:
    """What DataTable._render_cell does with a one-line cell."""
    options = _CONSOLE.options.update_dimensions(width, 1).update(no_wrap=True)
    styled = Styled(Padding(cell, (0, padding)), pre_style=pre, post_style=post)
    return _CONSOLE.render_lines(styled, options)[0]


def _cells() -> list[Text]:
    plains = ["", "7", "1042", "✓ 1042", "● in progress", "Zoë O'Brien", "名前テスト", "ab ",
              " ab", "1234567890"]
    styles: list[str | Style] = ["", "bold", "bold red", "dim", "none",
                                 Style(color="#ff8800"), Style.null()]
    cells = [Text(plain, style=style, justify=justify)
             for plain, style, justify in itertools.product(
                 plains, styles, [None, "default", "left", "right", "center", "full"])]
    spanned = Text.assemble(("! ", "bold red"), ("2d ago", "italic"), style="underline")
    cells += [spanned, Text.assemble(("✓", "bold"), " 12", justify="right"), Text("a\nb"),
              Text("a\tb"), Text("no end", end=""), Text("odd end", end="!")]
    return cells


def test_every_cell_the_fast_path_draws_is_the_one_rich_draws() -> None:
    pres = [Style.null(), Style(color="#e0e0e0", bgcolor="#1e1e1e")
            + Style.from_meta({"row": 3, "column": 2}), Style(reverse=True)]
    posts = [Style.null(), Style(bgcolor="#0178d4"), Style(bold=True)]
    drawn = 0
    for cell in _cells():
        for width, padding, pre, post in itertools.product(
                (4, 8, 12, 16), (0, 1, 2), pres, posts):
            line = cell_line(_CONSOLE, cell, width, padding, pre, post)
            if line is not None:
                drawn += 1
                assert line == _rich_line(cell, width, padding, pre, post), (cell, width, padding)
    assert drawn > 10_000  # most cells take the fast path


def test_the_fast_path_leaves_to_rich_what_it_does_not_draw() -> None:
    def fast(cell: Text, width: int = 10) -> bool:
        return cell_line(_CONSOLE, cell, width, 1, Style.null(), Style.null()) is not None

    assert fast(Text("12345678")) and not fast(Text("123456789"))  # wider than its column
    assert not fast(Text("名前テスト"))  # ten cells wide, for eight
    assert not fast(Text("a\nb")) and not fast(Text("a\tb"))
    assert not fast(Text("x", justify="center")) and not fast(Text("x ", justify="right"))


async def test_the_lists_cells_are_drawn_as_datatable_draws_them(console_app: Any) -> None:
    """Every visible cell of the list, the header and the cursor's row included, with the
    table's own styles and meta (the mouse needs its row and column)."""
    app = console_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "space")  # a marked row, the cursor on it
        await settle(pilot)
        table = app.screen.query_one(AssignmentTable)
        compared = 0
        for row in range(-1, table.size.height - 1):
            base = table._get_row_style(row, table.rich_style)  # zebra stripes, the header
            for column, col in enumerate(table.ordered_columns):
                width = col.get_render_width(table)
                cell = table._get_row_renderables(row).cells[column]
                assert cell_line(app.console, cell, width, 1, base, None) is not None  # drawn fast
                for cursor, hover in [(row == table.cursor_row, False), (False, True)]:
                    table._clear_caches()
                    ours = table._render_cell(row, column, base, width, cursor, hover)
                    table._clear_caches()
                    theirs = DataTable._render_cell(table, row, column, base, width, cursor, hover)
                    assert ours == theirs, (row, column, cursor, hover)
                    compared += 1
        assert compared == 2 * table.size.height * len(table.columns) > 300


async def test_a_wider_table_draws_its_rows_again(console_app: Any) -> None:
    """A drawn row holds the room after its last column: the table keeps its drawn rows
    through a new height (start-up), not through a new width."""
    app = console_app()
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(AssignmentTable)
        table.render_lines(Region(0, 0, *table.size))  # drawn, and cached
        table.styles.width = table.size.width + 7  # the same columns, more room after them
        await settle(pilot)
        drawn = table.render_lines(Region(0, 0, *table.size))
        table._clear_caches()
        table._styles_cache.clear()
        assert drawn == table.render_lines(Region(0, 0, *table.size))
