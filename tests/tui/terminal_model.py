"""A small model of a terminal's screen, to check that rewritten output draws the same cells.

Written independently of `assign_tui.tui.terminal_output`: it interprets SGR
(including the codes that end attributes, 22-29, 54 and 55), absolute and
relative cursor moves, line feeds that scroll with the current background
(as xterm does), autowrap (a character after the last column goes to the
next line; a cursor move, CR or LF first cancels that), erase-in-line, scroll margins (DECSTBM; a line feed at the
bottom margin and a reverse index at the top one scroll the lines between
them), wide characters (East Asian Wide and Fullwidth take two cells; writing
over half of one blanks the other half), erasing characters (ECH) and the rest of
a line (EL) with the pen's background only (as tmux does), and ignores every
other escape sequence. `visible()` is the screen as it looks: a space shows its
background, and the rest of its pen only when an attribute that draws on a blank
cell is set (underline, reverse, strike-through, overline, frames).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_TOKEN = re.compile(
    r"\x1b\[([0-9;:?<=>]*)[ -/]*([@-~])"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    r"|(\x1bM)"  # reverse index
    r"|\x1b."  # other escapes
    r"|(\n|\r)"
    r"|(.)",
    re.S,
)
#: What a blank cell shows of its pen beyond the background (and then all of it, colours too).
_SHOW_ON_BLANK = ("4", "7", "9", "21", "51", "52", "53")
_ENDS = {"22": {"1", "2"}, "23": {"3"}, "24": {"4", "21"}, "25": {"5", "6"}, "27": {"7"},
         "28": {"8"}, "29": {"9"}, "54": {"51", "52"}, "55": {"53"}}


@dataclass(frozen=True)
class Pen:
    attributes: frozenset[str] = frozenset()
    foreground: tuple[str, ...] = ()
    background: tuple[str, ...] = ()
    underline_colour: tuple[str, ...] = ()


def _select(pen: Pen, params: str) -> Pen:
    attributes = set(pen.attributes)
    fg, bg, ul = pen.foreground, pen.background, pen.underline_colour
    codes = params.split(";")
    index = 0
    while index < len(codes):
        code = codes[index]
        index += 1
        number = int(code) if code.isdigit() else None
        if code in ("", "0"):
            attributes, fg, bg, ul = set(), (), (), ()
        elif ":" in code:
            attributes.add(code)
        elif code in _ENDS:
            attributes -= _ENDS[code]
            attributes = {a for a in attributes if not (code == "24" and a.startswith("4:"))}
        elif number is not None and (1 <= number <= 9 or number in (21, 51, 52, 53)):
            attributes.add(code)
        elif number is not None and (30 <= number <= 37 or 90 <= number <= 97):
            fg = (code,)
        elif number is not None and (40 <= number <= 47 or 100 <= number <= 107):
            bg = (code,)
        elif code == "39":
            fg = ()
        elif code == "49":
            bg = ()
        elif code == "59":
            ul = ()
        elif code in ("38", "48", "58"):
            width = {"5": 2, "2": 4}.get(codes[index] if index < len(codes) else "", 0)
            colour = (code, *codes[index : index + width])
            index += width
            if width:
                if code == "38":
                    fg = colour
                elif code == "48":
                    bg = colour
                else:
                    ul = colour
    return Pen(frozenset(attributes), fg, bg, ul)


@dataclass
class TerminalModel:
    width: int = 40
    height: int = 8
    x: int = 0
    y: int = 0
    pen: Pen = field(default_factory=Pen)
    cells: list[list[tuple[str, Pen]]] = field(default_factory=list)
    top: int = 0
    bottom: int = -1
    #: The last column was written: the next character goes to the start of the next line.
    wrap: bool = False

    def __post_init__(self) -> None:
        self.cells = [self._blank_line(Pen()) for _ in range(self.height)]
        self.bottom = self.height - 1

    def _blank_line(self, pen: Pen) -> list[tuple[str, Pen]]:
        return [(" ", Pen(background=pen.background))] * self.width

    def feed(self, data: str) -> TerminalModel:
        for match in _TOKEN.finditer(data):
            params, final, reverse_index, control, char = match.groups()
            if control or reverse_index or (final or "") in "HfABCDGdr" and final:
                self.wrap = False
            if final is not None:
                self._csi(params, final)
            elif reverse_index is not None:
                if self.y == self.top:
                    del self.cells[self.bottom]
                    self.cells.insert(self.top, self._blank_line(self.pen))
                elif self.y > 0:
                    self.y -= 1
            elif control == "\n":
                self._line_feed()
            elif control == "\r":
                self.x = 0
            elif char is not None:
                self._put(char)
        return self

    def visible(self) -> list[list[tuple[str, Pen]]]:
        """The cells as they look: a space in a pen with nothing that shows on a blank cell is
        only its background."""
        return [
            [
                (" ", Pen(background=pen.background))
                if char == " " and not any(a.split(":")[0] in _SHOW_ON_BLANK for a in pen.attributes)
                else (char, pen)
                for char, pen in line
            ]
            for line in self.cells
        ]

    def _erase(self, start: int, end: int) -> None:
        """Blank cells start..end-1 in the pen's background; a wide character cut loses its other
        half too."""
        line = self.cells[self.y]
        if start > 0 and line[start][0] == "":
            start -= 1
        if end < self.width and line[end][0] == "":
            end += 1
        line[start:end] = [(" ", Pen(background=self.pen.background))] * (end - start)

    def _line_feed(self) -> None:
        if self.y == self.bottom:
            del self.cells[self.top]
            self.cells.insert(self.bottom, self._blank_line(self.pen))
        elif self.y < self.height - 1:
            self.y += 1

    def _put(self, char: str) -> None:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            width = 2
        elif unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            return  # no test draws these; the writers refuse them
        else:
            width = 1
        if self.wrap or self.x + width > self.width:  # autowrap
            self.x, self.wrap = 0, False
            self._line_feed()
        line = self.cells[self.y]
        for x in (self.x, self.x + width - 1):  # a wide character cut in half loses its other half
            if line[x][0] == "" and x > 0:
                line[x - 1] = (" ", line[x - 1][1])
            if x + 1 < self.width and line[x + 1][0] == "":
                line[x + 1] = (" ", line[x + 1][1])
        line[self.x] = (char, self.pen)
        if width == 2:
            line[self.x + 1] = ("", self.pen)
        self.x += width
        if self.x == self.width:
            self.x, self.wrap = self.width - 1, True

    def _csi(self, params: str, final: str) -> None:
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []
        first = numbers[0] if numbers and numbers[0] else 1
        if final == "m":
            self.pen = _select(self.pen, params)
        elif final == "H" and not params.startswith("?"):
            row = first
            column = numbers[1] if len(numbers) > 1 and numbers[1] else 1
            self.y, self.x = min(row, self.height) - 1, min(column, self.width) - 1
        elif final == "A":
            self.y = max(0, self.y - first)
        elif final == "B":
            self.y = min(self.height - 1, self.y + first)
        elif final == "C":
            self.x = min(self.width - 1, self.x + first)
        elif final == "D":
            self.x = max(0, self.x - first)
        elif final == "G":
            self.x = min(self.width, first) - 1
        elif final == "d":
            self.y = min(self.height, first) - 1
        elif final == "r" and not params.startswith("?"):
            top = first - 1
            bottom = (numbers[1] if len(numbers) > 1 and numbers[1] else self.height) - 1
            if top < bottom < self.height:
                self.top, self.bottom = top, bottom
            self.x = self.y = 0
        elif final == "K" and not params:
            self._erase(self.x, self.width)
        elif final == "X":
            self._erase(self.x, min(self.width, self.x + first))
