"""The key line at the bottom of every screen, painted by one widget.

Textual's `Footer` recomposes on every bindings change (each page turn, focus
change, screen push): one `FooterKey` widget per key, each styled, laid out and
composited, and the old ones kept alive by textual#6666. `KeyFooter` keeps the
same look and theme variables but renders the line itself, and only repaints
when the keys it would show have changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.binding import ActiveBinding
    from textual.screen import Screen

_PALETTE_ACTIONS = frozenset({"command_palette", "app.command_palette"})
_DIM = Style(dim=True)


@dataclass(frozen=True)
class FooterEntry:
    """One key as the footer shows it."""

    key: str
    key_display: str
    description: str
    enabled: bool


@dataclass(frozen=True)
class FooterKeys:
    """What the footer shows: the screen's keys, left to right, and the palette's key."""

    keys: tuple[FooterEntry, ...]
    palette: FooterEntry | None


class KeyFooter(Widget, can_focus=False):
    """The active bindings with `show=True`, one per action, and the palette key on the right.

    Where the keys do not fit, they are drawn compact (as `Footer(compact=True)`), then
    the palette's description goes, then the last keys are dropped whole; the palette's
    key always stays.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "footer-key--key",
        "footer-key--description",
        "key-footer--separator",
        "key-footer--hover",
    }
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        text-wrap: nowrap;
        color: $footer-foreground;
        background: $footer-background;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-footer--separator {
            color: $foreground 20%;
        }
        .key-footer--hover {
            background: $block-hover-background;
        }
    }
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        #: None until the screen first publishes its bindings (as `Footer`).
        self.shown: FooterKeys | None = None
        #: (start, end, entry) of each key in the last render, for clicks.
        self._regions: list[tuple[int, int, FooterEntry]] = []
        self._hover: FooterEntry | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        shown = self.keys_for(screen.active_bindings)
        if shown != self.shown:
            self.shown = shown
            self._hover = None
            self.refresh()

    def keys_for(self, active: dict[str, ActiveBinding]) -> FooterKeys:
        """The entries for `active`: the first binding of each action wins, as in `Footer`."""
        app = self.app
        palette: FooterEntry | None = None
        by_action: dict[str, FooterEntry] = {}
        for _node, binding, enabled, _tooltip in active.values():
            entry = FooterEntry(
                binding.key, app.get_key_display(binding), binding.description, enabled
            )
            if binding.action in _PALETTE_ACTIONS:
                # `Footer` looks up `COMMAND_PALETTE_BINDING` only, which misses a palette
                # bound to another key (ours is ":"), so the action decides here.
                if palette is None or binding.key == app.COMMAND_PALETTE_BINDING:
                    palette = entry
            elif binding.show:
                by_action.setdefault(binding.action, entry)
        if not app.ENABLE_COMMAND_PALETTE:
            palette = None
        return FooterKeys(tuple(by_action.values()), palette)

    # -- drawing ---------------------------------------------------------------

    def _entry_text(self, entry: FooterEntry, compact: bool, described: bool = True) -> Text:
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        description = entry.description if described else ""
        if compact:
            # The space goes with the key: SVG renderers drop a text run's leading space.
            text = Text.assemble((entry.key_display, key_style))
            if description:
                text.append(" ", key_style)
                text.append(description, description_style)
        else:
            text = Text.assemble((f" {entry.key_display} ", key_style))
            if description:
                text.append(f"{description} ", description_style)
        if not entry.enabled:
            text.stylize(_DIM)
        if entry == self._hover:
            text.stylize(Style(bgcolor=self.get_component_rich_style("key-footer--hover").bgcolor))
        return text

    def _palette_text(self, entry: FooterEntry, compact: bool, described: bool) -> Text:
        text = Text.assemble(("▏", self.get_component_rich_style("key-footer--separator")))
        text.append_text(self._entry_text(entry, compact, described))
        if not compact:
            text.append(" ")
        return text

    def render(self) -> Text:
        width = self.size.width
        line = Text(no_wrap=True, end="")
        self._regions = []
        if self.shown is None:
            return line
        keys, palette = self.shown.keys, self.shown.palette
        # Footer's look if it fits; else compact; else the palette's key without its
        # description; else the last keys are left out.
        for compact, described in ((False, True), (True, True), (True, False)):
            pieces = [self._entry_text(entry, compact) for entry in keys]
            gap = 1 if compact else 0
            palette_text = self._palette_text(palette, compact, described) if palette else Text()
            room = width - palette_text.cell_len
            needed = sum(piece.cell_len for piece in pieces) + gap * max(0, len(pieces) - 1)
            if needed <= room:
                break
        for entry, piece in zip(keys, pieces, strict=True):
            start = line.cell_len + (gap if self._regions else 0)
            end = start + piece.cell_len
            if end > room:
                break
            line.append(" " * (start - line.cell_len))
            line.append_text(piece)
            self._regions.append((start, end, entry))
        if palette is not None:
            line.append(" " * max(0, room - line.cell_len))
            start = line.cell_len + 1  # after the separator
            line.append_text(palette_text)
            self._regions.append((start, line.cell_len, palette))
        line.truncate(width)
        return line

    # -- mouse -----------------------------------------------------------------

    def entry_at(self, x: int) -> FooterEntry | None:
        """The entry drawn at column `x` in the last render."""
        return next((entry for start, end, entry in self._regions if start <= x < end), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        entry = self.entry_at(event.x)
        if entry is None:
            return
        if entry.enabled:
            self.app.simulate_key(entry.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self.entry_at(event.x))

    def on_leave(self, _event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, entry: FooterEntry | None) -> None:
        if entry != self._hover:
            self._hover = entry
            self.refresh()
