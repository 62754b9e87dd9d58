"""What a stream of Textual's output leaves on the screen: cells, cursor and pen.

`ScreenWriter` (terminal_diff) writes only what changed since the last frame, so
it must know exactly what the terminal shows. This models the little Textual's
frames are made of: cursor moves (`CUP` and the relative ones), CR and LF, text
and the SGR codes `terminal_output` models, plus controls that draw nothing
(private modes, OSC other than hyperlinks, BEL). For anything whose effect on
the cells is not certain on every terminal (a line feed or text that would
scroll or wrap, zero-width characters, erasing,
another screen buffer, hyperlinks, codes it does not model) it raises `Unsure`,
and the writer passes that write through as Textual wrote it.

A cell is its text (a wide character's second cell is "") and its `Sgr`, or
`UNKNOWN` with style None when the model does not know what the terminal shows
(before Textual draws it, or the other half of a wide character a write cut).
A space keeps only what shows on it (`space_style`): its background, unless an
attribute that draws on blank cells is set. Terminals do not agree on what an
erase leaves in the foreground of the cells it clears (tmux: the default; xterm:
the pen's), and no one can see it, so cells are compared by how they look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from rich.cells import get_character_cell_size

from assign_tui.tui.terminal_output import DEFAULT, Sgr, apply_sgr

__all__ = ["GLYPH_ONLY", "UNKNOWN", "Cursor", "Frame", "Grid", "Unsure", "apply_stream", "intern", "space_style"]

UNKNOWN = "\x00"
_TOKEN = re.compile(
    r"\x1b\[([0-9;:]*)m"  # 1: SGR
    r"|\x1b\[([0-9;]*)([HfABCDGd])"  # 2, 3: cursor moves
    r"|(\x1b\[[?>=<][0-9;$]*[ -/]*[@-~]|\x1b\[[0-9]* q"  # 4: modes, queries, cursor shape,
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>]|\x07)"  # OSC, keypad modes, bell
    r"|([\r\n])"  # 5
    r"|([^\x00-\x1f\x7f-\x9f]+)"  # 6: text
    r"|(.)",  # 7: anything else
    re.S,
)
#: Private modes that change the screen (other buffers, origin, margins) rather than a setting.
_SCREEN_MODES = re.compile(r"\x1b\[\?(?:[0-9;]*;)?(?:47|1047|1049|6|69)(?:;[0-9;]*)?[hl]")
_STYLES: dict[Sgr, Sgr] = {}
#: Attributes that only change how a character's glyph is drawn: a space looks the same.
GLYPH_ONLY = frozenset({"1", "2", "3", "5", "6", "8"})
_SPACE_STYLES: dict[Sgr, Sgr] = {}


def intern(style: Sgr) -> Sgr:
    """One object per style, so that cells compare by identity."""
    return _STYLES.setdefault(style, style)


def space_style(style: Sgr) -> Sgr:
    """How a space in `style` looks, interned: its background only, unless an attribute that
    shows on a blank cell (underline, reverse, strike-through, overline, frames) is set."""
    found = _SPACE_STYLES.get(style)
    if found is None:
        plain = style.attributes <= GLYPH_ONLY
        found = _SPACE_STYLES[style] = intern(Sgr(background=style.background) if plain else style)
    return found


class Unsure(Exception):
    """The stream does something this model cannot follow exactly."""


class Cursor(NamedTuple):
    x: int
    y: int
    #: After text reached the last column: the next character would wrap.
    wrap: bool = False


class Grid:
    """Lines of cells. Lines are shared between copies until one is written (`own`)."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.chars = [[UNKNOWN] * width for _ in range(height)]
        self.styles: list[list[Sgr | None]] = [[None] * width for _ in range(height)]
        self._owned: set[int] = set(range(height))
        #: No cell is unknown (writing only makes cells known, so copies stay complete).
        self.complete = False

    def copy(self) -> Grid:
        grid = Grid.__new__(Grid)
        grid.width, grid.height = self.width, self.height
        grid.chars, grid.styles = list(self.chars), list(self.styles)
        grid._owned = set()
        grid.complete = self.complete
        return grid

    def own(self, y: int) -> None:
        """Make line `y` this grid's own before writing it."""
        if y not in self._owned:
            self.chars[y] = list(self.chars[y])
            self.styles[y] = list(self.styles[y])
            self._owned.add(y)

    def blank(self, y: int) -> None:
        """Line `y` as a scroll leaves it when the pen is the default one."""
        self.chars[y] = [" "] * self.width
        self.styles[y] = [intern(DEFAULT)] * self.width
        self._owned.add(y)

    def known(self, y: int) -> bool:
        return self.complete or None not in self.styles[y]

    def check_complete(self) -> None:
        """Note that no cell is unknown any more, once that is so."""
        self.complete = self.complete or all(None not in styles for styles in self.styles)


@dataclass
class Frame:
    """What one write does: the grid after it, where it leaves the cursor and pen, the lines it
    wrote, and the controls in it that draw nothing (in order)."""

    grid: Grid
    cursor: Cursor | None
    pen: Sgr | None
    touched: set[int]
    controls: list[str]


def apply_stream(shown: Grid, cursor: Cursor | None, pen: Sgr | None, data: str) -> Frame:
    """The frame `data` draws over `shown`, with the terminal's cursor and pen (None: unknown)."""
    frame = Frame(shown.copy(), cursor, pen, set(), [])
    for match in _TOKEN.finditer(data):
        kind = match.lastindex
        if kind == 1:
            frame.pen = _select(frame.pen, match[1])
        elif kind == 3:
            frame.cursor = _move(frame, match[2], match[3])
        elif kind == 6:
            _write(frame, match[6])
        elif kind == 5:
            frame.cursor = _line(frame, match[5])
        elif kind == 4:
            control = match[4]
            if _SCREEN_MODES.match(control) or control.startswith("\x1b]8;"):
                raise Unsure(control)
            frame.controls.append(control)
        else:
            raise Unsure(match[0])
    return frame


_SELECTED: dict[tuple[Sgr | None, str], Sgr] = {}


def _select(pen: Sgr | None, params: str) -> Sgr:
    """The pen after `ESC[<params>m`."""
    key = (pen, params)
    if key in _SELECTED:
        return _SELECTED[key]
    if pen is None and params.split(";")[0] not in ("", "0"):
        raise Unsure("a change to a style not known")
    style = apply_sgr(params, pen or DEFAULT)
    if style is None:
        raise Unsure(params)
    if len(_SELECTED) > 4096:
        _SELECTED.clear()
    selected = _SELECTED[key] = intern(style)
    return selected


def _move(frame: Frame, params: str, move: str) -> Cursor:
    grid, cursor = frame.grid, frame.cursor
    numbers = [int(part) if part else 0 for part in params.split(";")] if params else []
    first = max(1, numbers[0]) if numbers else 1
    if move in "Hf":
        column = max(1, numbers[1]) if len(numbers) > 1 else 1
        return Cursor(min(column, grid.width) - 1, min(first, grid.height) - 1)
    if cursor is None:
        raise Unsure(move)
    x, y = cursor.x, cursor.y
    if move == "A":
        y = max(0, y - first)
    elif move == "B":
        y = min(grid.height - 1, y + first)
    elif move == "C":
        x = min(grid.width - 1, x + first)
    elif move == "D":
        x = max(0, x - first)
    elif move == "G":
        x = min(first, grid.width) - 1
    else:
        y = min(first, grid.height) - 1
    return Cursor(x, y)


def _line(frame: Frame, control: str) -> Cursor:
    cursor = frame.cursor
    if cursor is None:
        raise Unsure(control)
    if control == "\r":
        return Cursor(0, cursor.y)
    if cursor.y >= frame.grid.height - 1:
        raise Unsure("a line feed that scrolls")
    return Cursor(cursor.x, cursor.y + 1)


#: The cells a text takes and their styles, by (text, pen): frames repeat most of their texts.
_CELLS: dict[tuple[str, Sgr], tuple[list[str], list[Sgr]]] = {}


def _cells(text: str, style: Sgr) -> tuple[list[str], list[Sgr]]:
    """The cells `text` takes (a wide character two, the second ""), and their styles (a space
    only what shows of `style` on it)."""
    key = (text, style)
    found = _CELLS.get(key)
    if found is not None:
        return found
    if text.isascii():
        cells = list(text)
    else:
        cells = []
        for char in text:
            width = get_character_cell_size(char)
            if width == 0:
                raise Unsure("a zero-width character")
            cells.append(char)
            if width == 2:
                cells.append("")
    blank = space_style(style)
    if blank is style or " " not in text:
        styles = [style] * len(cells)
    else:
        styles = [blank if cell == " " else style for cell in cells]
    if len(_CELLS) > 2048:  # a few screens of texts; up to ~200 cells each
        _CELLS.clear()
    found = _CELLS[key] = (cells, styles)
    return found


def _write(frame: Frame, text: str) -> None:
    grid, cursor, style = frame.grid, frame.cursor, frame.pen
    if cursor is None or style is None or cursor.wrap:
        raise Unsure("text at an unknown place, in an unknown style, or wrapping")
    x, y = cursor.x, cursor.y
    cells, cell_styles = _cells(text, style)
    end = x + len(cells)
    if end > grid.width:
        raise Unsure("text past the right margin")
    grid.own(y)
    chars, styles = grid.chars[y], grid.styles[y]
    # A wide character cut in half: what becomes of its other half depends on the terminal.
    for half in (x - 1 if chars[x] == "" else -1, end if end < grid.width and chars[end] == "" else -1):
        if half >= 0:
            chars[half], styles[half], grid.complete = UNKNOWN, None, False
    chars[x:end] = cells
    styles[x:end] = cell_styles
    frame.touched.add(y)
    frame.cursor = Cursor(end - 1, y, True) if end == grid.width else Cursor(end, y)
