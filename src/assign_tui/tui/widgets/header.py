"""The console's header: where the operator is, and whether the server answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from assign_tui.tui.format import safe

if TYPE_CHECKING:
    from assign_tui.tui.app import AssignApp


class ConsoleHeader(Static):
    """Profile, workspace, screen title and connection state, on one line."""

    DEFAULT_CSS = """
    ConsoleHeader { dock: top; height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    connection: reactive[bool | None] = reactive(None)
    """True when the last request got an answer, False when it could not reach the server."""

    screen_title: reactive[str] = reactive("")

    refresh_words: reactive[str] = reactive("")
    """The list's auto-refresh: "30s", "paused", or "" on screens without it."""

    def on_mount(self) -> None:
        self.watch(self.app, "connection", self._on_connection, init=True)
        self.watch(self.app, "read_only", self._on_mode, init=False)
        self.watch(self.app, "privacy", self._on_mode, init=False)

    def _on_mode(self) -> None:
        self.refresh()

    def _on_connection(self, value: bool | None) -> None:
        self.connection = value

    def render(self) -> Text:
        """The longest form that fits: the workspace goes first, then the app's name and
        the profile, then the markers' long words; the modes and the connection stay."""
        width = self.content_size.width or self.size.width
        forms = [self._line(*drop) for drop in _DROPS]
        return next((line for line in forms if line.cell_len <= width), forms[-1])

    def _line(self, workspace: bool, app_name: bool, profile: bool, long: bool) -> Text:
        app = cast("AssignApp", self.app)  # the header is on console screens only
        settings = app.settings
        text = Text(no_wrap=True, overflow="ellipsis")
        if app_name:
            text.append("assign-tui", style="bold")
            if self.screen_title:
                text.append(" › ")
        if self.screen_title:
            text.append(safe(self.screen_title, single_line=True), style="" if app_name else "bold")
        if profile:
            text.append("  ")
            text.append(safe(settings.profile, single_line=True), style="bold")
        if workspace:
            text.append(f" @ {settings.workspace[:8]}…")
        if app.read_only:
            text.append("  [read-only]" if long else "  [ro]", style="bold yellow")
        if app.privacy:
            text.append("  [privacy]" if long else "  [priv]", style="bold magenta")
        if self.refresh_words:
            text.append(f"  ↻ {self.refresh_words}" if long else f"  ↻{self.refresh_words}")
        long_words: dict[bool | None, tuple[str, str]] = {
            True: ("● connected", "green"), False: ("○ disconnected", "bold red")
        }
        short_words: dict[bool | None, tuple[str, str]] = {
            True: ("●", "green"), False: ("○ offline", "bold red")
        }
        words = long_words if long else short_words
        label, style = words.get(self.connection, ("◌ connecting" if long else "◌", "dim"))
        text.append(f"  {label}", style=style)
        return text


#: What `render` leaves out, one more each time: (workspace, app name, profile, long words).
_DROPS = (
    (True, True, True, True),
    (False, True, True, True),
    (False, False, True, True),
    (False, False, False, True),
    (False, False, False, False),
)
