"""Everything the server sent, unknown fields included, as highlighted JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, cast

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from assign_tui.tui.format import safe
from assign_tui.tui.modals.scrolling import ScrollingModal, scroll_bindings
from assign_tui.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from assign_tui.tui.app import AssignApp

__all__ = ["RawJsonModal", "json_syntax", "pretty_json"]


def pretty_json(data: Any) -> str:
    """Indented JSON with every control character made visible (never sent to the terminal)."""
    try:
        text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        text = repr(data)
    return safe(text)


#: Strings longer than this are cut on screen (y still copies everything): a hostile or
#: broken server's megabyte string would take minutes to highlight and wrap.
STRING_LIMIT = 2_000


def shorten(data: Any, limit: int = STRING_LIMIT) -> Any:
    """A copy of `data` with every string (keys too) cut at `limit` characters, with a note."""
    if isinstance(data, str):
        cut = len(data) - limit
        return data if cut <= 0 else f"{data[:limit]} … ({cut:,} more characters)"
    if isinstance(data, list):
        return [shorten(item, limit) for item in data]
    if isinstance(data, dict):
        return {shorten(key, limit): shorten(value, limit) for key, value in data.items()}
    return data


def json_syntax(data: Any, *, dark: bool = True) -> Syntax:
    """`data` as JSON, highlighted; colours only decorate, the text says it all."""
    return Syntax(
        pretty_json(shorten(data)),
        "json",
        theme="ansi_dark" if dark else "ansi_light",
        background_color="default",
        word_wrap=True,
    )


class RawJsonModal(ScrollingModal[None]):
    """A scrollable, read-only view of `data`; y copies it."""

    DEFAULT_CSS = """
    RawJsonModal > .dialog { width: 100; height: 1fr; }
    """

    BINDINGS = [
        Binding("escape,q", "dismiss", "Close", id="raw_json.close"),
        Binding("y", "copy", "Copy JSON", id="raw_json.copy"),
        *scroll_bindings("raw_json"),
    ]

    def __init__(self, title: str, data: Any) -> None:
        super().__init__()
        self.title_text = safe(title, single_line=True)
        self.data = data

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="raw-json-body", classes="dialog") as body:
            body.border_title = self.title_text
            body.border_subtitle = "y copy · Esc close"
            yield Static(json_syntax(self.data, dark=self.app.current_theme.dark), id="raw-json")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_copy(self) -> None:
        cast("AssignApp", self.app).copy(pretty_json(self.data), "the JSON")
