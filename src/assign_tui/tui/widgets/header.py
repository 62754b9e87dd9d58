"""The console's header: where the operator is, and whether the server answers."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from assign_tui.tui.format import safe


class ConsoleHeader(Static):
    """Profile, workspace, screen title and connection state, on one line."""

    DEFAULT_CSS = """
    ConsoleHeader { dock: top; height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    connection: reactive[bool | None] = reactive(None)
    """True when the last request got an answer, False when it could not reach the server."""

    screen_title: reactive[str] = reactive("")

    def on_mount(self) -> None:
        self.watch(self.app, "connection", self._on_connection, init=True)
        self.watch(self.app, "read_only", lambda _: self.refresh(), init=False)
        self.watch(self.app, "privacy", lambda _: self.refresh(), init=False)

    def _on_connection(self, value: bool | None) -> None:
        self.connection = value

    def render(self) -> Text:
        app = self.app
        settings = app.settings  # type: ignore[attr-defined]
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("assign-tui", style="bold")
        if self.screen_title:
            text.append(" › ")
            text.append(safe(self.screen_title, single_line=True))
        text.append("  ")
        text.append(safe(settings.profile, single_line=True), style="bold")
        text.append(f" @ {settings.workspace[:8]}…")
        if getattr(app, "read_only", False):
            text.append("  [read-only]", style="bold yellow")
        if getattr(app, "privacy", False):
            text.append("  [privacy]", style="bold magenta")
        state = {True: ("  ● connected", "green"), False: ("  ○ disconnected", "bold red")}
        label, style = state.get(self.connection, ("  ◌ connecting", "dim"))
        text.append(label, style=style)
        return text
