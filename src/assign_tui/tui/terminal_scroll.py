"""Which scroll turns the lines the terminal shows into the new frame's, if any.

`ScreenWriter` (terminal_diff) asks this before drawing a frame: when the frame
is the old one moved by whole lines within a region (the table scrolled), the
terminal can move them itself (scroll margins) and only the lines that came in
are drawn. A line that appears once or a few times in both frames votes for the
shift between its places; the most voted shifts are tried over every region,
counting the cells each keeps in place against not scrolling.
"""

from __future__ import annotations

from collections import Counter

from assign_tui.tui.terminal_output import Sgr
from assign_tui.tui.terminal_screen import Grid

__all__ = ["best_scroll"]

#: Cells a scroll must keep, net, to be worth its margins and moves.
_MIN_SAVED_CELLS = 16
#: Lines are compared in runs of this many cells (whole runs are cheap to compare).
_RUN = 8


def _same(a: Grid, y: int, b: Grid, y2: int) -> bool:
    return a.chars[y] == b.chars[y2] and a.styles[y] == b.styles[y2]


def _alike(chars: list[str], styles: list[Sgr | None], b: Grid, y: int) -> int:
    """About how many cells of a line are the same as line `y` of `b` (in runs of `_RUN`)."""
    other_chars, other_styles = b.chars[y], b.styles[y]
    if chars == other_chars and styles == other_styles:
        return len(chars)
    return sum(
        min(_RUN, len(chars) - x)
        for x in range(0, len(chars), _RUN)
        if chars[x : x + _RUN] == other_chars[x : x + _RUN]
        and styles[x : x + _RUN] == other_styles[x : x + _RUN]
    )


def best_scroll(shown: Grid, target: Grid, touched: set[int]) -> tuple[int, int, int] | None:
    """(top, bottom, shift): scrolling lines top..bottom by `shift` (> 0: up) keeps the most
    cells in place; None when no scroll keeps `_MIN_SAVED_CELLS` more than not scrolling."""
    height, width = target.height, target.width
    where: dict[str, list[int]] = {}
    for y in range(height):
        if shown.known(y):
            where.setdefault("".join(shown.chars[y]), []).append(y)
    votes: Counter[int] = Counter()
    for y in touched:
        found = where.get("".join(target.chars[y]), [])
        if len(found) <= 3 and not _same(target, y, shown, y):
            votes.update(y2 - y for y2 in found if y2 != y)
    if not votes:
        return None
    blank = Grid(width, 1)
    blank.blank(0)
    lines = [(target.chars[y], target.styles[y]) for y in range(height)]
    still = [_alike(*lines[y], shown, y) for y in range(height)]
    empty = [_alike(*lines[y], blank, 0) for y in range(height)]
    known = [target.known(y) for y in range(height)]
    best: tuple[int, tuple[int, int, int] | None] = (_MIN_SAVED_CELLS - 1, None)
    for shift, _ in votes.most_common(3):
        moved = [_alike(*lines[y], shown, y + shift) if 0 <= y + shift < height else 0
                 for y in range(height)]
        region = _best_region(shift, moved, empty, still, known)
        if region[0] > best[0]:
            best = region
    return best[1]


def _best_region(shift: int, moved: list[int], empty: list[int], still: list[int],
                 known: list[bool]) -> tuple[int, tuple[int, int, int] | None]:
    """The region that keeps the most cells when scrolled by `shift`, and how many more than
    not scrolling; on a tie, the smallest region."""
    height, count = len(moved), abs(shift)
    gain_moved = _prefix([m - s for m, s in zip(moved, still, strict=True)])
    gain_blank = _prefix([e - s for e, s in zip(empty, still, strict=True)])
    best: tuple[int, tuple[int, int, int] | None] = (-1 << 30, None)
    for top in range(height):
        for bottom in range(top, height):
            if not known[bottom]:
                break  # the terminal would move cells Textual has not drawn (yet)
            if bottom < top + count:
                continue
            if shift > 0:  # lines come up; the last `count` are new
                saved = (gain_moved[bottom - count + 1] - gain_moved[top]
                         + gain_blank[bottom + 1] - gain_blank[bottom - count + 1])
            else:
                saved = (gain_moved[bottom + 1] - gain_moved[top + count]
                         + gain_blank[top + count] - gain_blank[top])
            if saved > best[0] or (saved == best[0] and best[1] is not None
                                   and bottom - top < best[1][1] - best[1][0]):
                best = (saved, (top, bottom, shift))
    return best


def _prefix(values: list[int]) -> list[int]:
    sums = [0]
    for value in values:
        sums.append(sums[-1] + value)
    return sums
