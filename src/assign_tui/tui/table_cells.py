"""One table cell drawn straight to segments: what DataTable gets from Rich, without its pipeline.

DataTable draws every cell through the console (`Styled(Padding(cell))`, wrapped,
justified, split into lines, cropped and padded): 55 us a cell on a quiet machine, the
most of the first page's render (35 rows of up to 9 cells). Our cells are one line of
`Text` that fits its column; for those `cell_line` builds the very segments that pipeline
ends with (same texts, styles and order) in 7 us, with Rich's own `Text` methods where
a cell has spans. Anything else (a line break, a tab, a cell too wide, a justification
other than default, left or right) gets None: DataTable draws it.
tests/tui/test_table_cells.py checks the two agree, segment for segment.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable

__all__ = ["OneLineCellTable", "cell_line"]

_NULL = Style.null()  # the style of Padding's spaces ("none")
_LINES = Text("\n")  # what Text.__rich_console__ joins its wrapped lines with


def cell_line(
    console: Console, cell: object, width: int, padding: int, pre: Style | None,
    post: Style | None,
) -> list[Segment] | None:
    """The one line of `width` cells DataTable draws for `cell`: `padding` spaces each side,
    `pre` under the cell's own styles and `post` over them. None if `cell` is not a
    single line of Text that fits."""
    if not isinstance(cell, Text) or cell.end not in ("", "\n"):
        return None
    plain = cell.plain
    justify = cell.justify or "default"  # DataTable's console options justify nothing
    inner = width - 2 * padding
    room = inner - cell_len(plain)
    if inner < 1 or room < 0 or "\n" in plain or "\t" in plain \
            or justify not in ("default", "left", "right"):
        return None
    if justify == "right" and plain != plain.rstrip():
        return None  # Rich strips trailing spaces before it right-justifies
    segments = _text_segments(console, cell, justify, room)
    if justify == "default" and room:
        segments.append(Segment(" " * room, _NULL))  # render_lines pads the line
    if padding:
        side = Segment(" " * padding, _NULL)
        segments = [side, *segments, side]
    return [_styled(segment, pre, post) for segment in segments]


def _text_segments(console: Console, cell: Text, justify: str, room: int) -> list[Segment]:
    """The segments Rich renders for `cell` justified in `room` more cells."""
    plain = cell.plain
    if justify == "left":
        plain += " " * room
    elif justify == "right":
        plain = " " * room + plain
    if not cell.spans:
        # One style over the whole line (Text.join turns it into a span), or none.
        if not cell.style:
            return [Segment(plain)]
        return [Segment(plain, console.get_style(cell.style, default=_NULL))] if plain else []
    line = cell.copy()
    if justify == "left":
        line.pad_right(room)
    elif justify == "right":
        line.pad_left(room)
    return list(_LINES.join([line]).render(console))


def _styled(segment: Segment, pre: Style | None, post: Style | None) -> Segment:
    """`Segment.apply_style(..., style=pre, post_style=post)`, as textual's `Styled` does."""
    text, style, _ = segment
    if pre:
        style = pre + style
    if post:
        style = style + post if style else post
    return Segment(text, style)


class OneLineCellTable(DataTable[Text]):
    """A DataTable whose one-line cells are drawn by `cell_line`, and whose drawn rows last
    until they change: the list's table, whose first page is drawn before its first frame
    (about 35 rows of 7 to 9 cells)."""

    #: The width the rows in DataTable's caches were drawn at.
    _drawn_width = -1

    def _on_resize(self, event: events.Resize) -> None:
        # DataTable forgets every row it drew on any resize (at start-up: after the page
        # was drawn at that very size, so it was drawn twice). `render_lines` forgets them
        # only when the width changed: the one thing a drawn row depends on (the room after
        # the last column; each cell has its column's width, whatever the table's).
        event.prevent_default()

    def render_lines(self, crop: Region) -> list[Strip]:
        if self.size.width != self._drawn_width:
            self._drawn_width = self.size.width
            self._update_count += 1  # DataTable's key to every cache of drawn rows
        return super().render_lines(crop)

    def _render_cell(
        self, row_index: int, column_index: int, base_style: Style, width: int,
        cursor: bool = False, hover: bool = False,
    ) -> list[list[Segment]]:
        """DataTable's, with a one-line cell drawn by `cell_line` rather than through Rich's
        console. The cache and its key, the meta and the styles are DataTable's own; any
        other cell (a row label, a taller row, fixed rows or columns) is DataTable's."""
        header = row_index == -1
        row_key = self._header_row_key if header else self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None or self.fixed_rows or self.fixed_columns \
                or (self.header_height if header else self.rows[row_key].height) != 1:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor,
               self._update_count, self._pseudo_class_state)
        if key in self._cell_render_cache:
            return self._cell_render_cache[key]
        component_style, post_style = self._get_styles_to_render_cell(
            header, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css",
        )
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index})
        cell = self._get_row_renderables(row_index).cells[column_index]
        line = cell_line(self.app.console, cell, width, self.cell_padding,
                         pre + component_style, post_style)
        if line is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        self._cell_render_cache[key] = [line]
        return [line]
