"""Tick boxes that say ticked or not in their glyph, not only in their colour.

Textual draws every toggle as `▐X▌` and tells on from off by the X's colour alone: under
NO_COLOR (greys) or on a monochrome terminal a ticked and an unticked box looked the same.
Here an unticked box is empty, `▐ ▌`, in every colour mode.
"""

from __future__ import annotations

from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

__all__ = ["TickBox", "TickList", "UNTICKED"]

#: What the inside of an unticked box shows.
UNTICKED = " "


class TickBox(Checkbox):
    """A checkbox whose box is empty when unticked."""

    def render(self) -> Content:
        # `_button` reads the inside from the instance, so setting it here is enough.
        self.BUTTON_INNER = Checkbox.BUTTON_INNER if self.value else UNTICKED
        return super().render()


class TickList(SelectionList[str]):
    """A selection list whose boxes are empty when unticked."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        if option.value in self.selected:
            return line
        # Textual's line: the box's left side, its inside, its right side, then the prompt.
        left, inside, *rest = list(line)
        return Strip([left, inside._replace(text=UNTICKED), *rest], line.cell_length)
