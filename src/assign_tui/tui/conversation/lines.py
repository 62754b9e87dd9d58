"""Entries as lines of segments, and search over them (no widget state here).

The conversation widget paints these lines; keeping the Rich work and the
search arithmetic apart makes both easy to test and to reason about.
"""

from __future__ import annotations

import io
from bisect import bisect_right
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from assign_tui.tui.conversation.entries import Entry, EntryStyles

__all__ = ["Line", "Matches", "find_in_lines", "highlight", "make_console", "render_entry_lines"]

Line = list[Segment]


def make_console() -> Console:
    """A private console: rendering never touches the app's terminal."""
    return Console(
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
        width=80,
    )


def render_entry_lines(
    entry: Entry, console: Console, width: int, styles: EntryStyles, privacy: bool
) -> list[Line]:
    """`entry` as lines of segments, `width` cells wide (without the gutter)."""
    indent = 2 if entry.kind == "tool_call" else 0
    options = console.options.update(width=max(8, width - indent), height=None, highlight=False)
    lines: list[Line] = []
    pad = [Segment(" " * indent)] if indent else []
    if not entry.part:
        header = console.render_lines(entry.header(styles, privacy), options, pad=False)
        lines.extend(pad + line for line in header[:1])
    for renderable, extra in entry.body(styles, privacy):
        body_options = options.update_width(max(8, width - indent - extra))
        prefix = [Segment(" " * (indent + extra))] if indent + extra else []
        rendered = console.render_lines(renderable, body_options, pad=False)
        lines.extend(prefix + line for line in rendered)
    if entry.gap_after:
        lines.append([])
    return lines


@dataclass(frozen=True)
class Matches:
    """Where a search query occurs: per entry counts, numbered across the conversation."""

    query: str
    entries: list[int]
    starts: list[int]
    total: int

    @classmethod
    def find(cls, entries: list[Entry], query: str) -> Matches:
        needle = query.lower()
        indexes: list[int] = []
        starts: list[int] = []
        total = 0
        for index, entry in enumerate(entries):
            count = entry.search_text().count(needle)
            if count:
                indexes.append(index)
                starts.append(total)
                total += count
        return cls(needle, indexes, starts, total)

    def locate(self, number: int) -> tuple[int, int]:
        """(entry index, occurrence within that entry) of match `number`."""
        slot = bisect_right(self.starts, number) - 1
        return self.entries[slot], number - self.starts[slot]

    def first_from(self, index: int) -> int:
        """The number of the first match at or after entry `index` (wrapping to 0)."""
        slot = bisect_right(self.entries, index - 1)
        return self.starts[slot] if slot < len(self.entries) else 0


def _text(line: Line) -> str:
    return "".join(segment.text for segment in line)


def find_in_lines(lines: list[Line], needle: str, nth: int, first: int) -> tuple[int, int] | None:
    """(line, character) of the `nth` occurrence of `needle` from line `first` on."""
    seen = 0
    for local in range(first, len(lines)):
        low = _text(lines[local]).lower()
        position = low.find(needle)
        while position >= 0:
            if seen == nth:
                return local, position
            seen += 1
            position = low.find(needle, position + len(needle))
    return None


def highlight(line: Line, needle: str, current: int | None, match: Style, focused: Style) -> Line:
    """`line` with every occurrence of `needle` styled; the one at `current` as focused."""
    text = _text(line)
    low = text.lower()
    position = low.find(needle)
    if position < 0 or len(low) != len(text):
        return line
    cuts: list[int] = []
    styles: list[Style] = []
    while position >= 0:
        start = cell_len(text[:position])
        cuts += [start, start + cell_len(text[position : position + len(needle)])]
        styles.append(focused if position == current else match)
        position = low.find(needle, position + len(needle))
    strip = Strip(line)
    result: Line = []
    for number, piece in enumerate(strip.divide([*cuts, strip.cell_length])):
        if number % 2:
            result.extend(Segment.apply_style(list(piece), post_style=styles[number // 2]))
        else:
            result.extend(piece)
    return result
