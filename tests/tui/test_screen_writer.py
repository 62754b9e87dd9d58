"""Writing only what changed (and scrolls as scrolls) draws exactly what Textual's output draws.

Every check feeds Textual's stream and the rewritten one to two independent terminal
models (`terminal_model`) and compares them after every write: the cells, the cursor
and the pen.
"""

from __future__ import annotations

import re

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.drivers import headless_driver
from textual.drivers.headless_driver import HeadlessDriver

from assign_tui.tui.screens.assignment_list import AssignmentListScreen
from assign_tui.tui.terminal_diff import ScreenWriter
from assign_tui.tui.terminal_output import (
    compacting_driver,
    has_background_erase,
    has_scroll_regions,
)
from tests.tui.conftest import AppFactory
from tests.tui.helpers import settle
from tests.tui.terminal_model import TerminalModel
from tests.tui.test_terminal_output import TOKENS

WIDTH, HEIGHT = 16, 8
STYLES = ["0", "1;31", "38;5;12;48;5;236", "38;2;224;224;224;48;2;39;39;39",
          "7;38;2;0;48;84;48;2;39;39;39", "2;3;38;5;1", "44", "4;41",
          # Blanks in these look like blanks in some of the above (the same background).
          "48;2;39;39;39", "1;38;2;161;161;161;48;2;39;39;39", "3;31;44", "9;44"]
NARROW = "ab é‖✓"
WIDE = "王芳"
Cell = tuple[str, int]  # text ("" for a wide character's second half), style
Screen = list[list[Cell]]


def fit(cells: list[tuple[str, int]]) -> list[Cell]:
    """A line of exactly WIDTH cells from (character, style) pairs; a wide one takes two."""
    line: list[Cell] = []
    for char, style in cells:
        if char in WIDE:
            if len(line) + 2 > WIDTH:
                break
            line += [(char, style), ("", style)]
        elif len(line) < WIDTH:
            line.append((char, style))
    return line + [(" ", 0)] * (WIDTH - len(line))


CELLS = st.tuples(st.sampled_from(NARROW + WIDE), st.integers(0, len(STYLES) - 1))
#: A run of blanks in one style (cell padding, column slack): what may be erased.
BLANKS = st.builds(lambda count, style: [(" ", style)] * count,
                   st.integers(2, WIDTH), st.integers(0, len(STYLES) - 1))
LINES = st.lists(st.one_of(CELLS.map(lambda cell: [cell]), BLANKS), min_size=3,
                 max_size=WIDTH).map(lambda parts: fit([cell for part in parts for cell in part]))
SCREENS = st.lists(LINES, min_size=HEIGHT, max_size=HEIGHT)


@dataclass
class Shift:
    """Lines top..bottom move by `by` (> 0: up), the ones that come in are `new`."""

    top: int
    bottom: int
    by: int
    new: list[list[Cell]]


@st.composite
def changes(draw: st.DrawFn) -> object:
    kind = draw(st.sampled_from(["shift"] * 3 + ["spots"] * 2 + ["cells", "line", "junk", "resize"]))
    if kind == "shift":
        top = draw(st.integers(0, HEIGHT - 2))
        bottom = draw(st.integers(top + 1, HEIGHT - 1))
        by = draw(st.integers(1, bottom - top).map(lambda n: n * draw(st.sampled_from([1, -1]))))
        return Shift(top, bottom, by, draw(st.lists(LINES, min_size=abs(by), max_size=abs(by))))
    if kind == "spots":  # a few cells here and there
        spots = st.tuples(st.integers(0, WIDTH - 1), CELLS)
        return ("spots", draw(st.integers(0, HEIGHT - 1)), draw(st.lists(spots, max_size=4)))
    if kind == "cells":
        return ("cells", draw(st.integers(0, HEIGHT - 1)), draw(LINES), draw(st.integers(0, 11)))
    if kind == "line":
        return ("line", draw(st.integers(0, HEIGHT - 1)), draw(LINES))
    if kind == "junk":  # codes and moves the writer cannot follow: passed through as they are
        return ("junk", "".join(draw(st.lists(TOKENS, max_size=12))))
    return ("resize",)


def apply(screen: Screen, change: object) -> Screen:
    screen = [list(line) for line in screen]
    if isinstance(change, Shift):
        lines = screen[change.top : change.bottom + 1]
        if change.by > 0:
            lines = lines[change.by :] + change.new
        else:
            lines = change.new + lines[: change.by]
        screen[change.top : change.bottom + 1] = lines
    elif isinstance(change, tuple) and change[0] == "cells":  # the line's end changes
        _, y, line, keep = change
        screen[y] = whole(screen[y][:keep] + line[keep:])
    elif isinstance(change, tuple) and change[0] == "spots":
        _, y, spots = change
        line = screen[y]
        for x, (char, style) in spots:
            size = 2 if char in WIDE else 1
            line[x : x + size] = fit([(char, style)])[:size]
        screen[y] = whole(line[:WIDTH])
    elif isinstance(change, tuple) and change[0] == "line":
        screen[change[1]] = change[2]
    return screen


def whole(line: list[Cell]) -> list[Cell]:
    """`line` with the halves of wide characters cut by a change made blank."""
    return [
        (" ", style) if (char == "" and (x == 0 or line[x - 1][0] not in WIDE))
        or (char in WIDE and (x + 1 == len(line) or line[x + 1][0] != "")) else (char, style)
        for x, (char, style) in enumerate(line)
    ]


def render(old: Screen | None, new: Screen, cursor: tuple[int, int], every: bool) -> str:
    """Textual's way: each line that changed (or every line) from its first changed cell to its
    last (never half of a wide character, old or new), a move, then style, text and reset per
    cell, and a move last."""
    out = []
    for y, line in enumerate(new):
        if old is not None and old[y] == line and not every:
            continue
        different = [x for x in range(WIDTH) if old is None or every or old[y][x] != line[x]]
        start, end = different[0], different[-1] + 1
        halves = [x for x in range(WIDTH) if line[x][0] == "" or (old and old[y][x][0] == "")]
        while start in halves:
            start -= 1
        while end in halves:
            end += 1
        out.append(f"\x1b[{y + 1};{start + 1}H")
        for char, style in line[start:end]:
            out.append(f"\x1b[{STYLES[style]}m{char}\x1b[0m" if char else "")
    out.append(f"\x1b[{cursor[1] + 1};{cursor[0] + 1}H")
    return "".join(out)


def assert_same(before: TerminalModel, after: TerminalModel) -> None:
    """The same screen to the eye (a blank's foreground does not show), cursor and pen."""
    assert after.visible() == before.visible()
    assert (after.x, after.y, after.wrap, after.pen) == (before.x, before.y, before.wrap, before.pen)


@settings(max_examples=300, deadline=None)
@given(SCREENS, st.lists(st.tuples(changes(), st.booleans(), st.tuples(
    st.integers(0, WIDTH - 1), st.integers(0, HEIGHT - 1))), max_size=8), st.booleans(),
    st.booleans())
def test_any_frames_draw_the_same_screen(
    first: Screen, steps: list[tuple[object, bool, tuple[int, int]]], scroll_regions: bool,
    erase: bool,
) -> None:
    """Frames as Textual writes them (whole or partial lines, runs of blanks, scrolled regions,
    wide characters), mixed with writes the writer cannot follow, resizes, and writes while a
    resize is on its way (the writer is told no size)."""
    size: list[tuple[int, int] | None] = [(WIDTH, HEIGHT)]
    writer = ScreenWriter(lambda: size[0], scroll_regions=scroll_regions, erase=erase)
    models = [TerminalModel(WIDTH, HEIGHT), TerminalModel(WIDTH, HEIGHT)]

    def write(data: str) -> None:
        textual, rewritten = models
        textual.feed(data)
        rewritten.feed(writer(data))
        assert_same(textual, rewritten)

    screen: Screen | None = None
    for change, every, cursor in [(None, True, (0, 0)), *steps]:
        if change == ("resize",):
            if every:  # a resize: the cells are the terminal's business (its pen stays); then
                height = HEIGHT + 1 if models[0].height == HEIGHT else HEIGHT  # a whole frame
                models = [TerminalModel(WIDTH, height, pen=model.pen) for model in models]
                size[0], screen = (WIDTH, height), None
            else:  # on its way: this frame is for the old size
                size[0] = None
        if isinstance(change, tuple) and change[0] == "junk":
            write(change[1])
        else:
            new = first if screen is None else apply(screen, change)
            write(render(screen, new, cursor, every or screen is None))
            screen = new
        size[0] = (WIDTH, models[0].height)


def test_a_one_line_scroll_is_a_scroll_and_one_line() -> None:
    lines = [fit([(c, 1)] * 3 + [(str(i % 10), 2)]) for i, c in enumerate("abcdefghij")]
    before, after = lines[:HEIGHT], lines[1 : HEIGHT + 1]
    writer = ScreenWriter(lambda: (WIDTH, HEIGHT), scroll_regions=True)
    writer(render(None, before, (0, 0), True))
    data = render(before, after, (0, 0), False)
    written = writer(data)
    assert written == (
        f"\x1b[1;{HEIGHT}r\x1b[{HEIGHT}H\n\x1b[r"  # lines 1-8 up by one
        f"\x1b[{HEIGHT}H\x1b[1;31miii\x1b[0;38;5;12;48;5;236m8"  # the new line; its blanks stay
        "\x1b[1H\x1b[0m"  # the cursor and pen where Textual leaves them
    )
    assert len(data) > 5 * len(written)


def test_runs_of_blanks_are_erased_in_their_background() -> None:
    """A run that reaches the end of the line is EL, one inside it ECH and a move; the pen
    first takes the blanks' background (no foreground, no attributes needed)."""
    blank = [fit([])] * HEIGHT
    line = fit([("a", 2)] + [(" ", 3)] * 12 + [("b", 3)] + [(" ", 8)] * 2)
    tail = fit([("a", 2)] + [(" ", 8)] * 15)
    new = [line, tail] + blank[2:]
    for erase in (True, False):
        writer = ScreenWriter(lambda: (WIDTH, HEIGHT), scroll_regions=True, erase=erase)
        models = [TerminalModel(WIDTH, HEIGHT), TerminalModel(WIDTH, HEIGHT)]
        for old, frame in ((None, blank), (blank, new)):
            data = render(old, frame, (0, 0), old is None)
            models[0].feed(data)
            written = writer(data)
            models[1].feed(written)
            assert_same(*models)
        assert ("\x1b[12X\x1b[12C" in written and "\x1b[K" in written) is erase, written
    assert written == (  # without: blanks in the pen next to them, with the blanks' background
        "\x1b[38;5;12;48;5;236ma\x1b[38;2;224;224;224;48;2;39;39;39m            b  "
        "\r\n\x1b[38;5;12;48;5;236ma\x1b[48;2;39;39;39m               \x1b[1H\x1b[0m"
    )


def test_only_terminals_that_erase_in_the_background_get_erases() -> None:
    assert all(has_background_erase(term, tmux=False) for term in ["xterm-256color", "xterm",
                                                                   "tmux-256color"])
    assert has_background_erase("screen-256color", tmux=True)  # tmux erases so, whatever TERM
    assert not any(has_background_erase(term, tmux=False) for term in [
        "screen", "screen-256color", "linux", "vt100", "dumb", "", "rxvt-unicode"])


RESIZE = "(the terminal is resized here)"


@pytest.mark.parametrize("colours", ["truecolor", "256", "no_color"])
async def test_the_console_draws_the_same_through_its_driver(
    console_app: AppFactory, monkeypatch: pytest.MonkeyPatch, colours: str
) -> None:
    """Real frames through the console's own driver class: the list (moves, scrolls, a page
    down, the next page), a resize and back, the detail and the messages. Textual's stream and
    what the driver sends look the same after every write; a scroll is a scroll, and runs of
    blanks are erased."""
    sent: list[str] = []  # what Textual writes to the driver
    received: list[str] = []  # what the driver writes to the terminal

    class Terminal(HeadlessDriver):
        @property
        def is_headless(self) -> bool:
            return False

        def write(self, data: str) -> None:
            received.append(data)

        def flush(self) -> None:
            pass

    class Console(compacting_driver(Terminal)):  # type: ignore[misc]
        def write(self, data: str) -> None:
            sent.append(data)
            super().write(data)

    monkeypatch.setattr(headless_driver, "HeadlessDriver", Console)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    if colours == "truecolor":
        monkeypatch.setenv("COLORTERM", "truecolor")
    elif colours == "no_color":
        monkeypatch.setenv("NO_COLOR", "1")
    app = console_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.table
        for _ in range(table.scrollable_content_region.height - 2):
            await pilot.press("down")
        await settle(pilot)
        start = len(received)
        await pilot.press("down")  # the first move that scrolls
        await settle(pilot)
        scroll = "".join(received[start:])
        for key in ("down", "pagedown", "right_square_bracket"):
            await pilot.press(key)
            await settle(pilot)
        sent.append(RESIZE)
        received.append(RESIZE)
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        sent.append(RESIZE)
        received.append(RESIZE)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        for key in ("down", "up", "enter", "m", "escape", "escape", "down"):
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, AssignmentListScreen)
    # The table's rows scroll as a region (DECSTBM over the rows, below its header line).
    assert re.search("\x1b\\[\\d+;21r", scroll) and len(scroll.encode()) < 1500, scroll
    sizes = iter([(100, 30), (80, 24)])
    models = [TerminalModel(80, 24), TerminalModel(80, 24)]
    for data, rewritten in zip(sent, received, strict=True):
        if data == RESIZE:
            width, height = next(sizes)
            models = [TerminalModel(width, height, pen=model.pen) for model in models]
            continue
        models[0].feed(data)
        models[1].feed(rewritten)
        assert_same(*models)
    assert sum(map(len, received)) < 0.5 * sum(map(len, sent))
    # Runs of blanks (cell padding, the detail's short lines) are erased (ECH, EL).
    assert any(re.search("\x1b\\[(\\d+X|K)", data) for data in received)


def test_only_known_terminals_get_scroll_margins() -> None:
    assert all(map(has_scroll_regions, ["xterm-256color", "xterm", "screen", "screen-256color",
                                        "tmux-256color"]))
    assert not any(map(has_scroll_regions, ["linux", "vt100", "dumb", "", "rxvt-unicode"]))
