"""The rows the operator marked on the list, to act on many at once.

Marks are kept by assignment id, not by row position, so they survive what changes
the rows on screen: paging, sorting, another filter or view, a refresh. Each mark
keeps the row as last seen (its status says whether a write may apply, its id and
name are what the confirmation lists); a newer copy replaces it when one is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from assign_tui.api.models import Assignment

__all__ = ["Marks"]


class Marks:
    """Marked assignments by id, in the order they were marked."""

    def __init__(self) -> None:
        self._rows: dict[int, Assignment] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def __bool__(self) -> bool:
        return bool(self._rows)

    def __contains__(self, assignment_id: object) -> bool:
        return assignment_id in self._rows

    def __iter__(self) -> Iterator[int]:
        return iter(self._rows)

    @property
    def rows(self) -> list[Assignment]:
        """The marked rows as last seen, in marking order."""
        return list(self._rows.values())

    def toggle(self, assignment: Assignment) -> bool:
        """Mark or unmark `assignment`; answers whether it is marked now."""
        if assignment.id in self._rows:
            del self._rows[assignment.id]
            return False
        self._rows[assignment.id] = assignment
        return True

    def mark(self, assignments: Iterable[Assignment]) -> None:
        for assignment in assignments:
            self._rows[assignment.id] = assignment

    def unmark(self, ids: Iterable[int]) -> None:
        for assignment_id in ids:
            self._rows.pop(assignment_id, None)

    def clear(self) -> None:
        self._rows.clear()

    def seen(self, assignments: Iterable[Assignment]) -> None:
        """Newer copies of marked rows (a page shown, a write's answer) replace the old."""
        for assignment in assignments:
            if assignment.id in self._rows:
                self._rows[assignment.id] = assignment

    def count_in(self, assignments: Iterable[Assignment]) -> int:
        """How many of `assignments` (a page) are marked."""
        return sum(1 for assignment in assignments if assignment.id in self._rows)

    def describe(self, page: Iterable[Assignment]) -> str:
        """"3 selected (2 on this page)", or "" when nothing is marked."""
        if not self._rows:
            return ""
        here = self.count_in(page)
        if here == len(self._rows):
            return f"{here} selected"
        return f"{len(self._rows)} selected ({here} on this page)"
