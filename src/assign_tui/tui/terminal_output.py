"""Fewer bytes per frame: drop the style codes a frame repeats.

Textual writes every run of text as `ESC[<full style>m text ESC[0m`, so a table
row of eight cells in one colour carries eight resets and eight full truecolor
style codes (about 40 bytes each). Over SSH those bytes are most of a scroll.
`SgrCompactor` rewrites the stream so the terminal ends up with exactly the
same cells: a reset followed (after cursor moves only) by a style becomes the
difference between the two styles. Anything it does not understand is passed
through unchanged, with the style it tracks marked unknown.

`compacting_driver` gives the console's driver class: every write goes through
a `terminal_diff.ScreenWriter` (only the cells that changed, scrolls as
scrolls), which uses `SgrCompactor` for what it passes through as it is.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from textual.driver import Driver

__all__ = ["DEFAULT", "Sgr", "SgrCompactor", "apply_sgr", "compacting_driver",
           "has_background_erase", "terminal_writer", "transition"]

_RESET = "\x1b[0m"
# An SGR (colours, bold...), a cursor move, or a line feed / carriage return.
_TOKEN = re.compile(r"\x1b\[([0-9;:]*)m|(\x1b\[[0-9;]*[HABCDGd]|\n|\r)")
_ATTRIBUTES = frozenset({"1", "2", "3", "4", "5", "6", "7", "8", "9", "21", "51", "52", "53"})
_FOREGROUND = frozenset({*map(str, range(30, 38)), *map(str, range(90, 98))})
# The codes that end each attribute (ECMA-48; every terminal in use knows them).
_OFF = {"1": "22", "2": "22", "3": "23", "4": "24", "21": "24", "5": "25", "6": "25",
        "7": "27", "8": "28", "9": "29", "51": "54", "52": "54", "53": "55"}
_BACKGROUND = frozenset({*map(str, range(40, 48)), *map(str, range(100, 108))})


class Sgr(NamedTuple):
    """What SGR codes have set: attributes, foreground and background (codes, or empty)."""

    attributes: frozenset[str] = frozenset()
    foreground: tuple[str, ...] = ()
    background: tuple[str, ...] = ()

    def codes(self) -> list[str]:
        return [*sorted(self.attributes, key=int), *self.foreground, *self.background]


DEFAULT = Sgr()


@lru_cache(maxsize=4096)
def apply_sgr(params: str, state: Sgr) -> Sgr | None:
    """`state` after `ESC[<params>m`; None for codes this module does not model."""
    if ":" in params:
        return None
    codes = params.split(";")
    attributes, foreground, background = set(state.attributes), state.foreground, state.background
    index = 0
    while index < len(codes):
        code = codes[index]
        index += 1
        if code in ("", "0"):
            attributes, foreground, background = set(), (), ()
        elif code in _ATTRIBUTES:
            attributes.add(code)
        elif code in _FOREGROUND:
            foreground = (code,)
        elif code in _BACKGROUND:
            background = (code,)
        elif code == "39":
            foreground = ()
        elif code == "49":
            background = ()
        elif code in ("38", "48"):
            mode = codes[index] if index < len(codes) else ""
            width = {"5": 2, "2": 4}.get(mode)
            if width is None or index + width > len(codes):
                return None
            colour = (code, *codes[index : index + width])
            index += width
            if code == "38":
                foreground = colour
            else:
                background = colour
        else:
            return None
    return Sgr(frozenset(attributes), foreground, background)


@lru_cache(maxsize=4096)
def transition(terminal: Sgr | None, target: Sgr) -> str:
    """The shortest SGR taking the terminal from `terminal` (None: unknown) to `target`."""
    if terminal is None:
        return f"\x1b[{';'.join(['0', *target.codes()])}m"
    if terminal == target:
        return ""  # (an empty delta would be `ESC[m`, a reset)
    off = {_OFF[code] for code in terminal.attributes - target.attributes}
    on = target.attributes - terminal.attributes
    if "22" in off:  # normal intensity ends both bold and faint
        on |= target.attributes & {"1", "2"}
    codes = sorted(off, key=int) + sorted(on, key=int)
    if target.foreground != terminal.foreground:
        codes.extend(target.foreground or ("39",))
    if target.background != terminal.background:
        codes.extend(target.background or ("49",))
    delta, full = ";".join(codes), ";".join(["0", *target.codes()])
    return f"\x1b[{delta if len(delta) < len(full) else full}m"


class SgrCompactor:
    """Rewrites terminal output; keeps the terminal's style state between writes."""

    def __init__(self) -> None:
        #: The style the terminal is in (None: unknown, after codes not modelled).
        self.terminal: Sgr | None = DEFAULT

    def __call__(self, data: str) -> str:
        out: list[str] = []
        wanted = self.terminal  # the style the original stream has set so far
        moves: list[tuple[str, Sgr | None]] = []  # moves not yet written, with the style then

        def settle(style: Sgr | None) -> None:
            """Write the pending moves, then bring the terminal to `style` (None: leave it)."""
            for move, then in moves:
                if move == "\n" and then is not None and (
                    self.terminal is None or then.background != self.terminal.background
                ):
                    restyle(then)  # a line feed that scrolls fills the line with the background
                out.append(move)
            moves.clear()
            restyle(style)

        def restyle(style: Sgr | None) -> None:
            if style is not None and style != self.terminal:
                out.append(transition(self.terminal, style))
                self.terminal = style

        def write_text(text: str) -> None:
            nonlocal wanted
            settle(wanted)
            out.append(text)
            if "\x1b" in text:  # an escape this module does not model
                self.terminal = wanted = None

        position = 0
        for match in _TOKEN.finditer(data):
            if match.start() > position:
                write_text(data[position : match.start()])
            position = match.end()
            params, move = match.groups()
            if move is not None:
                moves.append((move, wanted))
                continue
            if wanted is None:
                target = apply_sgr(params, DEFAULT) if params.split(";")[0] in ("", "0") else None
            else:
                target = apply_sgr(params, wanted)
            if target is None:
                settle(wanted)
                out.append(match.group())
                self.terminal = wanted = None
            else:
                wanted = target
        if position < len(data):
            write_text(data[position:])
        settle(wanted)
        return "".join(out)


#: Set (to anything) to write every frame as Textual does, style codes compacted only.
PLAIN = "ASSIGN_TUI_PLAIN_OUTPUT"


def compacting_driver(base: type[Driver]) -> type[Driver]:
    """`base` with its writes passed through a `ScreenWriter` (`terminal_diff`): only the cells
    that changed, scrolls as scrolls where `TERM` has margins, style codes compacted. An inline
    driver (relative moves, no screen of its own), or `ASSIGN_TUI_PLAIN_OUTPUT` set, only
    compacts, as before."""

    class CompactingDriver(base):  # type: ignore[valid-type,misc]
        compact_output = True

        def write(self, data: str) -> None:
            writer = self.__dict__.get("_screen_writer")
            if writer is None:
                writer = self.__dict__["_screen_writer"] = (
                    SgrCompactor() if self.is_inline or os.environ.get(PLAIN)
                    else terminal_writer(lambda: screen_size(self))
                )
            super().write(writer(data))

    CompactingDriver.__name__ = CompactingDriver.__qualname__ = f"Compacting{base.__name__}"
    return CompactingDriver


def terminal_writer(size: Callable[[], tuple[int, int] | None]) -> Callable[[str], str]:
    """The `ScreenWriter` for the terminal `TERM` names: scrolls where it has margins, blanks
    erased where it erases in the background colour."""
    from assign_tui.tui.terminal_diff import ScreenWriter

    return ScreenWriter(size, scroll_regions=has_scroll_regions(), erase=has_background_erase())


def has_scroll_regions(term: str | None = None) -> bool:
    """Whether `TERM` names a terminal with scroll margins (DECSTBM), line feed and reverse
    index inside them: xterm and its kin, screen and tmux. Anything else is not trusted."""
    term = os.environ.get("TERM", "") if term is None else term
    return term.startswith(("xterm", "screen", "tmux"))


def has_background_erase(term: str | None = None, *, tmux: bool | None = None) -> bool:
    """Whether the terminal erases (ECH, EL) in the pen's background colour (terminfo `bce`):
    xterm and its kin, and tmux (also when it calls itself `screen`). GNU screen does not by
    default, and anything else is not trusted."""
    term = os.environ.get("TERM", "") if term is None else term
    tmux = bool(os.environ.get("TMUX")) if tmux is None else tmux
    return term.startswith(("xterm", "tmux")) or (tmux and term.startswith("screen"))


def screen_size(driver: Driver) -> tuple[int, int] | None:
    """The size the app draws for, or None while the terminal says another (a resize on its way
    to the app: what is on screen then is not what the frames say)."""
    app = driver._app
    if app is None:
        return None
    size = (app.size.width, app.size.height)
    terminal_size = getattr(driver, "_get_terminal_size", None)
    return size if terminal_size is None or tuple(terminal_size()) == size else None
