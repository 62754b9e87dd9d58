"""Where each entry starts: heights (estimated or measured) and their running sums."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

__all__ = ["EntryHeights"]


class EntryHeights:
    """Heights of the conversation's entries, in lines.

    An entry's height is a guess until it is rendered; `exact` says which are
    measured. Offsets are recomputed lazily, once per batch of changes.
    """

    def __init__(self) -> None:
        self.heights: list[int] = []
        self.exact: list[bool] = []
        self._offsets: list[int] = [0]
        self._dirty = False

    def reset(self, heights: list[int]) -> None:
        self.heights = list(heights)
        self.exact = [False] * len(heights)
        self._dirty = True

    def set(self, index: int, height: int, *, exact: bool = True) -> bool:
        """Record entry `index`'s height; True when it changed."""
        self.exact[index] = exact
        if self.heights[index] == height:
            return False
        self.heights[index] = height
        self._dirty = True
        return True

    def replace(self, index: int, heights: list[int]) -> None:
        """Entry `index` becomes several entries with these (estimated) heights."""
        self.heights[index : index + 1] = heights
        self.exact[index : index + 1] = [False] * len(heights)
        self._dirty = True

    @property
    def offsets(self) -> list[int]:
        """`offsets[i]` is the first line of entry `i`; the last item is the total."""
        if self._dirty:
            self._offsets = [0, *accumulate(self.heights)]
            self._dirty = False
        return self._offsets

    @property
    def total(self) -> int:
        return self.offsets[-1]

    def start(self, index: int) -> int:
        return self.offsets[index]

    def index_at(self, line: int) -> int | None:
        """The entry shown on `line`, or None past the end."""
        offsets = self.offsets
        if line < 0 or line >= offsets[-1]:
            return None
        return bisect_right(offsets, line) - 1
