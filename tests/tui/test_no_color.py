"""Under NO_COLOR every routing outcome and status stays readable (greys with contrast)."""

from __future__ import annotations

from typing import Any

import pytest
from rich.segment import Segment
from textual.color import Color
from textual.geometry import Region
from textual.widget import Widget

from assign_tui.tui.no_color import MIN_CONTRAST, contrast_ratio

from .test_task_switch import FOUR_OUTCOMES, open_switch

BADGES = ("✓ eligible", "✗ blocked", "? unknown", "! invalid")


def painted(widget: Widget) -> list[Segment]:
    """The segments the widget sends to the terminal, line filters (NO_COLOR) applied."""
    width, height = widget.size
    return [seg for strip in widget.render_lines(Region(0, 0, width, height)) for seg in strip]


def worst_contrast(segments: list[Segment], word: str, background: Color) -> float:
    ratios = []
    for text, style, _ in segments:
        if word in text and style is not None and style.color is not None:
            fg = Color.from_rich_color(style.color)
            bg = Color.from_rich_color(style.bgcolor) if style.bgcolor else background
            ratios.append(contrast_ratio(fg, bg))
    assert ratios, f"{word!r} is not on screen"
    return min(ratios)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_every_outcome_is_readable_under_no_color(
    console_app: Any, monkeypatch: pytest.MonkeyPatch, theme: str
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = console_app(open_assignment=FOUR_OUTCOMES, theme=theme)
    assert app.no_color
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_switch(pilot, FOUR_OUTCOMES)
        table = screen.query_one("#switch-tasks")
        segments = painted(table)
        background = table.background_colors[1]
        for badge in BADGES:
            word = badge.split()[1]
            assert worst_contrast(segments, word, background) >= MIN_CONTRAST, badge
        for status in ("active", "pending"):
            assert worst_contrast(segments, status, background) >= MIN_CONTRAST, status
