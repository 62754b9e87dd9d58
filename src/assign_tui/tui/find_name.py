"""Find by member name over the rows loaded: the API has no name filter.

Accents and case are ignored ("martinez" finds "Martínez"), so an operator can
type a name as heard on the phone.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from assign_tui.api.models import Assignment

__all__ = ["NAME_PREFIX", "fold", "matching_rows", "next_match"]

#: A quick filter starting with this finds a name instead of filtering: `/name:rosa`.
NAME_PREFIX = "name:"


def fold(text: str) -> str:
    """Lower case, without accents: what names are compared by."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def matching_rows(rows: Sequence[Assignment], text: str) -> list[int]:
    """The indexes of the rows whose member name contains `text`."""
    wanted = fold(text.strip())
    return [index for index, row in enumerate(rows) if wanted and wanted in fold(row.member_name)]


def next_match(matches: Sequence[int], cursor: int, forward: bool, include: bool) -> int | None:
    """The match after (or before) `cursor`, wrapping; `include`: the cursor's row counts."""
    if not matches:
        return None
    if forward:
        after = [m for m in matches if m > cursor or (include and m == cursor)]
        return after[0] if after else matches[0]
    before = [m for m in matches if m < cursor]
    return before[-1] if before else matches[-1]
