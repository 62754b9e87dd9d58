"""`s` on the list: one key picks the field to sort by, and its order.

The list used to cycle through six fields, one round trip per step, to reach
the one wanted. Here each field has a letter: the letter sorts in the order an
operator usually wants (newest, soonest, highest first), Shift and the letter
in the other order. Arrows and Enter work too.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from assign_tui.api.models import AssignmentSortField, SortOrder
from assign_tui.tui.filters import SORT_CHOICES, SORT_LABELS, order_words, other_order
from assign_tui.tui.modals.base import ConsoleModal

__all__ = ["SortPickerModal"]

Sort = tuple[AssignmentSortField, SortOrder]


def _bindings() -> list[BindingType]:
    bindings: list[BindingType] = [
        Binding("escape", "dismiss", "Cancel", id="sort.cancel"),
        Binding("j", "move(1)", "Down", show=False, id="sort.down"),
        Binding("k", "move(-1)", "Up", show=False, id="sort.up"),
    ]
    for choice in SORT_CHOICES:
        name = SORT_LABELS[choice.field]
        reverse = other_order(choice.order)
        for key, order in ((choice.key, choice.order), (choice.key.upper(), reverse)):
            action = f"pick({choice.field.value!r}, {order.value!r})"
            suffix = "" if order == choice.order else "_reversed"
            bindings.append(Binding(key, action, f"Sort by {name}", show=False,
                                    id=f"sort.{name}{suffix}"))
    return bindings


class SortPickerModal(ConsoleModal[Sort | None]):
    """Answers the sort picked, or None when the operator backs out."""

    DEFAULT_CSS = """
    SortPickerModal > .dialog { width: 52; }
    SortPickerModal OptionList, SortPickerModal OptionList:focus {
        height: auto; border: none; padding: 0;
    }
    SortPickerModal #sort-hint { color: $text-muted; }
    """
    BINDINGS = _bindings()

    def __init__(self, current: Sort) -> None:
        super().__init__()
        self._current = current

    def compose(self) -> ComposeResult:
        field, order = self._current
        options = []
        for choice in SORT_CHOICES:
            line = Text(f"{choice.key}  {SORT_LABELS[choice.field]:<9}")
            line.append(order_words(choice.field, choice.order))
            if choice.field == field:
                line.append("  ● now", style="bold")
            options.append(Option(line, id=choice.field.value))
        with Vertical(classes="dialog") as box:
            box.border_title = "Sort by"
            box.border_subtitle = "Esc cancel"
            yield Static(f"now: {SORT_LABELS[field]} {order_words(field, order)}", markup=False)
            picker = OptionList(*options)
            picker.highlighted = next(
                i for i, choice in enumerate(SORT_CHOICES) if choice.field == field
            )
            yield picker
            yield Static("letter/Enter: as shown · Shift+letter: reversed",
                         id="sort-hint", markup=False)

    def action_move(self, step: int) -> None:
        picker = self.query_one(OptionList)
        picker.action_cursor_down() if step > 0 else picker.action_cursor_up()

    def action_pick(self, field: str, order: str) -> None:
        self.dismiss((AssignmentSortField(field), SortOrder(order)))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        choice = SORT_CHOICES[event.option_index]
        self.dismiss((choice.field, choice.order))
