"""NO_COLOR: greys that stay readable.

Under `NO_COLOR` Textual turns every colour into the grey of the same
luminance. Red and magenta are dark, so "✗ blocked" (bold red), "! invalid"
and a failed status became dark grey on the dark background: there, but not
readable. `ReadableMonochrome` does the same conversion and then moves any text
grey that is too close to its background away from it, until it has
`MIN_CONTRAST` (WCAG's AA ratio for text). Greys that were readable stay as
they are, so muted text stays muted.
"""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.app import App
from textual.color import Color
from textual.filter import Monochrome, monochrome_style

__all__ = ["MIN_CONTRAST", "ReadableMonochrome", "contrast_ratio", "use_readable_greys"]

MIN_CONTRAST = 4.5


def _luminance(color: Color) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast_ratio(a: Color, b: Color) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@lru_cache(4096)
def readable_grey(style: Style, background: Color) -> Style:
    """`style` in greys, its text at least `MIN_CONTRAST` against its own background."""
    grey = monochrome_style(style)
    if grey.color is None or grey.color.is_default:
        return grey  # the terminal's own foreground
    text = Color.from_rich_color(grey.color)
    behind = (
        Color.from_rich_color(grey.bgcolor)
        if grey.bgcolor is not None and not grey.bgcolor.is_default
        else background.monochrome
    )
    if contrast_ratio(text, behind) >= MIN_CONTRAST:
        return grey
    step = 8 if _luminance(behind) < 0.18 else -8  # lighter on dark, darker on light
    level = text.r
    while 0 <= level + step <= 255:
        level += step
        if contrast_ratio(Color(level, level, level), behind) >= MIN_CONTRAST:
            break
    level = max(0, min(255, level))
    return grey + Style(color=Color(level, level, level).rich_color)


class ReadableMonochrome(Monochrome):
    """Textual's `Monochrome`, with every text readable against its background."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(text, None if style is None else readable_grey(style, background), None)
            for text, style, _ in segments
        ]


def use_readable_greys(app: App[object]) -> None:
    """Swap Textual's NO_COLOR filter for `ReadableMonochrome` (a no-op with colours on)."""
    filters = app._filters  # Textual's own list; it has no public way to replace one
    for index, line_filter in enumerate(filters):
        if type(line_filter) is Monochrome:
            filters[index] = ReadableMonochrome()
