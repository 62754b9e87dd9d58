"""`?`: every binding of the screen the operator is on."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from assign_tui.tui.modals.base import ConsoleModal


#: Words for Textual's own bindings, which have none: the list showed "help_quit".
_TEXTUAL_WORDS = {"help_quit": "Says which key quits"}


def _words(binding: Binding) -> str:
    """What the key does, in words: the longer ones given, else a readable action name."""
    if binding.tooltip or binding.description:
        return binding.tooltip or binding.description
    action = binding.action.rsplit(".", 1)[-1]
    return _TEXTUAL_WORDS.get(action) or action.replace("_", " ").capitalize()


class HelpScreen(ConsoleModal[None]):
    """Lists the active bindings of `screen`, with their ids for remapping."""

    DEFAULT_CSS = """
    HelpScreen > .dialog { width: 76; max-height: 90%; }
    """
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j,down", "scroll_down", show=False),
        Binding("k,up", "scroll_up", show=False),
        # A modal screen hides the app's own bindings but its priority ones (ctrl+p).
        Binding("colon", "app.command_palette", "Commands", show=False),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self._target = screen

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_header=True, header_style="bold")
        table.add_column("key", no_wrap=True)
        table.add_column("does")
        table.add_column(Text("id (remap under [keys])"), style="dim", no_wrap=True)
        seen: set[tuple[str, str]] = set()
        ordered = sorted(
            self._target.active_bindings.items(), key=lambda item: item[1].binding.id is None
        )
        for key, active in ordered:
            binding = active.binding
            if binding.action in ("", "noop") or (binding.action, key) in seen:
                continue
            seen.add((binding.action, key))
            display = self.app.get_key_display(binding)
            table.add_row(Text(display), Text(_words(binding)), binding.id or "")
        with VerticalScroll(classes="dialog") as scroll:
            scroll.border_title = "Keys on this screen"
            scroll.border_subtitle = "Esc to close"
            yield Static(table)

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up()
