"""Names are compared without case or accents, and next/previous wrap round."""

from __future__ import annotations

from assign_tui.tui.find_name import fold, next_match


def test_fold_drops_case_and_accents() -> None:
    assert "martinez" in fold("Rosa Martínez") and fold("NGUYỄN") == "nguyen"


def test_next_match_wraps_both_ways() -> None:
    assert next_match([2, 5, 9], 5, forward=True, include=False) == 9
    assert next_match([2, 5, 9], 9, forward=True, include=False) == 2
    assert next_match([2, 5, 9], 5, forward=True, include=True) == 5
    assert next_match([2, 5, 9], 2, forward=False, include=False) == 9
    assert next_match([], 0, forward=True, include=True) is None
