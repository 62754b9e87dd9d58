"""Write each frame as its difference from what the terminal shows.

Textual rewrites every cell of a region that changed: a cursor move in the list
rewrites two lines, a scroll of one row rewrites every line of the table. Over
SSH those bytes are the lag. `ScreenWriter` keeps the cells it knows the
terminal shows (`terminal_screen`), works out the cells Textual's write draws,
and writes only the ones that differ. When the new frame is the old one moved
by whole lines (the table scrolled), it first has the terminal scroll those
lines within margins (DECSTBM, then line feeds or reverse index, as less, vim
and ncurses do), on terminals known to have them, and then draws the lines
that came in. The terminal ends each write with the cells, cursor and pen
Textual's own write would have left; a write it cannot follow exactly is passed
through as Textual wrote it (style codes compacted), and the cells are unknown
until Textual draws them again.
"""

from __future__ import annotations

from collections.abc import Callable

from assign_tui.tui.terminal_output import DEFAULT, Sgr, SgrCompactor, transition
from assign_tui.tui.terminal_screen import (
    Cursor,
    Frame,
    Grid,
    Unsure,
    apply_stream,
    GLYPH_ONLY,
    intern,
    space_style,
)
from assign_tui.tui.terminal_scroll import best_scroll

__all__ = ["ScreenWriter"]

_BLANK_STYLE = intern(DEFAULT)


class ScreenWriter:
    """Rewrites writes; `size()` is the screen's size, or None while unsure (a resize)."""

    def __init__(self, size: Callable[[], tuple[int, int] | None], *, scroll_regions: bool,
                 erase: bool = False) -> None:
        self._size = size
        self.scroll_regions = scroll_regions
        #: Runs of blanks may be erased (ECH, EL): the terminal erases in the pen's background.
        self.erase = erase
        self.compactor = SgrCompactor()
        #: The cells the terminal shows, and its cursor (None: unknown).
        self.shown: Grid | None = None
        self.cursor: Cursor | None = None

    def __call__(self, data: str) -> str:
        size = self._size()
        if size is None:
            return self._pass_through(data, None)
        if self.shown is None or (self.shown.width, self.shown.height) != size:
            self.shown, self.cursor = Grid(*size), None
        try:
            frame = apply_stream(self.shown, self.cursor, self.compactor.terminal, data)
            out = _Output(self.compactor.terminal, self.cursor, erase=self.erase)
            self._draw(frame, out)
        except Unsure:
            return self._pass_through(data, size)
        frame.grid.check_complete()
        self.shown, self.cursor = frame.grid, frame.cursor
        self.compactor.terminal = out.pen if frame.pen is not None else None
        return "".join(out.parts)

    def _pass_through(self, data: str, size: tuple[int, int] | None) -> str:
        self.shown = Grid(*size) if size else None
        self.cursor = None
        return self.compactor(data)

    def _draw(self, frame: Frame, out: _Output) -> None:
        out.parts.extend(frame.controls)
        target, base = frame.grid, self.shown
        assert base is not None
        lines = set(frame.touched)
        scroll = best_scroll(base, target, lines) if self.scroll_regions and lines else None
        if scroll is not None:
            top, bottom, shift = scroll
            base = out.scroll(base, top, bottom, shift)
            lines.update(range(top, bottom + 1))
        for y in sorted(lines):
            out.line(y, target, base)
        out.finish(frame.cursor, frame.pen, target)


def _blank_pen(pen: Sgr | None, blank: Sgr, after: Sgr | None) -> Sgr:
    """The pen to write (or erase) blanks that look like `blank` in, from `pen`: the cheapest
    to reach and then leave for `after` (the style of the text that follows, if known), among
    that style, `pen` with the blanks' background, and `blank` itself (on a tie, in that
    order: what follows is likelier to want the text's colours than none)."""
    candidates = [] if after is None else [after]
    if pen is not None:
        candidates.append(intern(Sgr(pen.attributes & GLYPH_ONLY, pen.foreground,
                                     blank.background)))
    candidates.append(blank)

    def cost(candidate: Sgr) -> int:
        return len(transition(pen, candidate)) + (
            len(transition(candidate, after)) if after is not None else 0)

    return min((c for c in candidates if space_style(c) is blank), key=cost)


class _Output:
    """The bytes being written, and the terminal's pen and cursor as they leave it."""

    def __init__(self, pen: Sgr | None, cursor: Cursor | None, *, erase: bool) -> None:
        self.parts: list[str] = []
        #: The terminal erases in the pen's background (ECH, EL).
        self.erase = erase
        self.pen = None if pen is None else intern(pen)
        self.cursor = cursor

    def style(self, style: Sgr) -> None:
        if style is not self.pen:
            self.parts.append(transition(self.pen, style))
            self.pen = style

    def move_to(self, x: int, y: int) -> None:
        cursor = self.cursor
        if cursor is not None and not cursor.wrap and cursor.y == y and cursor.x <= x:
            if x > cursor.x:
                self.parts.append(f"\x1b[{x - cursor.x}C" if x - cursor.x > 1 else "\x1b[C")
        elif cursor is not None and x == 0 and cursor.y == y - 1:
            self.parts.append("\r\n")
        else:
            self.parts.append(f"\x1b[{y + 1};{x + 1}H" if x else f"\x1b[{y + 1}H")
        self.cursor = Cursor(x, y)

    def scroll(self, shown: Grid, top: int, bottom: int, shift: int) -> Grid:
        """Scroll lines top..bottom by `shift` (> 0: up); the grid the terminal then shows."""
        base = shown.copy()
        self.style(_BLANK_STYLE)  # the lines that come in are blank in the default colours
        self.parts.append(f"\x1b[{top + 1};{bottom + 1}r")
        if shift > 0:
            self.parts.append(f"\x1b[{bottom + 1}H" + "\n" * shift)
            moves = [(y, y + shift) for y in range(top, bottom - shift + 1)]
            new = range(bottom - shift + 1, bottom + 1)
        else:
            self.parts.append(f"\x1b[{top + 1}H" + "\x1bM" * -shift)
            moves = [(y, y + shift) for y in range(top - shift, bottom + 1)]
            new = range(top, top - shift)
        self.parts.append("\x1b[r")
        for y, source in moves:
            base.chars[y], base.styles[y] = shown.chars[source], shown.styles[source]
        for y in new:
            base.blank(y)
        self.cursor = None  # resetting the margins homes it; say nothing that relies on that
        return base

    def line(self, y: int, target: Grid, base: Grid) -> None:
        """Write the cells of line `y` that differ between `base` (shown) and `target`."""
        chars, styles = target.chars[y], target.styles[y]
        old_chars, old_styles = base.chars[y], base.styles[y]
        if chars == old_chars and styles == old_styles:
            return
        width = target.width
        changed = [x for x, (new, old, style, old_style)
                   in enumerate(zip(chars, old_chars, styles, old_styles, strict=True))
                   if style is not None and (style is not old_style or new != old)]
        runs: list[list[int]] = []
        for x in changed:
            start = x - 1 if x and (chars[x] == "" or old_chars[x] == "") else x
            if runs and start <= runs[-1][1]:
                runs[-1][1] = x + 1
            else:
                runs.append([start, x + 1])
        for run in runs:  # a wide character is written whole, and never cut in half
            while run[1] < width and (chars[run[1]] == "" or old_chars[run[1]] == ""):
                run[1] += 1
        for start, end in runs:
            if None in styles[start:end]:
                raise Unsure("a wide character next to an unknown cell")
            self._gap_or_move(y, start, chars, styles)
            self._cells(y, start, end, chars, styles, old_chars)

    def _cells(self, y: int, start: int, end: int, chars: list[str], styles: list[Sgr | None],
               old_chars: list[str]) -> None:
        """Write cells start..end-1 of line `y` from `start`: text in its style, blanks in any pen
        they look the same in (`space_style`), a long run of blanks erased where it is shorter."""
        parts, pen, width = self.parts, self.pen, len(chars)
        x, left_at = start, None
        while x < end:
            char, style = chars[x], styles[x]
            assert style is not None
            if char != " ":
                if char:
                    if style is not pen:
                        parts.append(transition(pen, style))
                        pen = style
                    parts.append(char)
                x += 1
                continue
            stretch = x + 1  # the blanks from x in this style, also past the run
            while stretch < width and chars[stretch] == " " and styles[stretch] is style:
                stretch += 1
            stop = min(stretch, end)
            if pen is None or space_style(pen) is not style:
                wanted = _blank_pen(pen, style, styles[stop] if stop < end else None)
                parts.append(transition(pen, wanted))
                pen = wanted
            erase = self._erase(x, stretch, stop, end, style, old_chars)
            if erase is None:
                parts.append(" " * (stop - x))
            else:
                parts.append(erase)
                if stop == end:
                    left_at = x
            x = stop
        self.pen = pen
        if left_at is not None:
            self.cursor = Cursor(left_at, y)
        else:
            self.cursor = Cursor(end, y) if end < width else Cursor(width - 1, y, True)

    def _erase(self, x: int, stretch: int, stop: int, end: int, style: Sgr,
               old_chars: list[str]) -> str | None:
        """The codes that blank x..stop-1 and leave the cursor at `stop` (or at x when that is the
        run's end), when shorter than writing the spaces: erase to the end of the line (EL) when
        the blanks reach it, else erase characters (ECH) and move on. None: write the spaces.
        Only on terminals that erase in the pen's background, for blanks that are only a
        background, and never cutting a wide character the terminal shows."""
        if not self.erase or style.attributes or style.foreground or old_chars[x] == "":
            return None
        count = stop - x
        if stretch == len(old_chars):
            return "\x1b[K" if count > 3 else None
        if old_chars[stop] == "":
            return None
        erase, move = f"\x1b[{count}X", f"\x1b[{count}C"
        # At the run's end the cursor stays at x, so the next move is about that much longer.
        return erase + ("" if stop == end else move) if len(erase + move) < count else None

    def _gap_or_move(self, y: int, x: int, chars: list[str], styles: list[Sgr | None]) -> None:
        """Reach (x, y): rewrite a short gap of unchanged cells in the pen's style, or move."""
        cursor = self.cursor
        if cursor is not None and not cursor.wrap and cursor.y == y and 0 < x - cursor.x <= 4:
            gap = range(cursor.x, x)
            pen = self.pen
            blank = None if pen is None else space_style(pen)
            if all(chars[i] and (styles[i] is pen or chars[i] == " " and styles[i] is blank)
                   for i in gap) and sum(
                len(chars[i].encode()) for i in gap
            ) <= len(f"\x1b[{x - cursor.x}C"):
                self.parts.extend(chars[i] for i in gap)
                self.cursor = Cursor(x, y)
                return
        self.move_to(x, y)

    def finish(self, cursor: Cursor | None, pen: Sgr | None, target: Grid) -> None:
        """Leave the cursor and the pen where Textual's write leaves them."""
        if cursor is not None and cursor != self.cursor:
            if cursor.wrap:  # only writing the last cell leaves the cursor waiting to wrap
                x = cursor.x - 1 if target.chars[cursor.y][cursor.x] == "" else cursor.x
                self.move_to(x, cursor.y)
                style = target.styles[cursor.y][x]
                if style is None:
                    raise Unsure("the last cell is unknown")
                self.style(style)
                self.parts.append(target.chars[cursor.y][x])
                self.cursor = cursor
            else:
                self.move_to(cursor.x, cursor.y)
        if pen is not None:
            self.style(pen)
