"""The console's app-wide verbs, offered by the palette (tui/commands.py) and a few keys:
modes, theme, profiles, the status filter, the playground. Mixed into `AssignApp`.

Each works on whatever screen is on top; none of them writes to the server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    from assign_tui.config import Settings
    from assign_tui.tui.startup import Startup

__all__ = ["ConsoleActions", "DARK", "LIGHT"]

DARK, LIGHT = "textual-dark", "textual-light"

# A plain mixin at run time: Textual takes CSS only along the first DOM base (App).
if TYPE_CHECKING:
    _AppBase = App[Any]
else:
    _AppBase = object


class ConsoleActions(_AppBase):
    """Mixed in before `App`."""

    if TYPE_CHECKING:
        settings: Settings
        startup: Startup
        read_only: bool
        privacy: bool
        connection: bool | None

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.current_theme.dark else DARK

    def action_toggle_read_only(self) -> None:
        self.read_only = not self.read_only
        self.notify("Read-only mode on" if self.read_only else "Read-only mode off: writes allowed")

    def action_toggle_privacy(self) -> None:
        self.privacy = not self.privacy
        self.notify("Privacy mode on" if self.privacy else "Privacy mode off")

    def action_help(self) -> None:
        from assign_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def open_playground(self) -> None:
        """The CEL playground over the snapshot of the assignment on screen."""
        from assign_tui.tui.screens.assignment_detail import AssignmentDetailScreen
        from assign_tui.tui.screens.cel_playground import CelPlaygroundScreen
        from assign_tui.tui.screens.task_switch import TaskSwitchScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, CelPlaygroundScreen) and screen.snapshot:
                self.push_screen(CelPlaygroundScreen(screen.snapshot, None))
                return
            if isinstance(screen, TaskSwitchScreen) and screen.snapshot:
                self.push_screen(CelPlaygroundScreen(screen.snapshot, screen.assignment.id))
                return
            if isinstance(screen, AssignmentDetailScreen) and screen.cel_context:
                assignment_id = screen.assignment.id if screen.assignment else None
                self.push_screen(CelPlaygroundScreen(screen.cel_context, assignment_id))
                return
        self.notify("Open an assignment first: the playground evaluates against its snapshot")

    def switch_profile(self, name: str) -> None:
        """Reconnect with another profile's settings and start again at the list."""
        from assign_tui.config import ConfigError, load_settings
        from assign_tui.tui.screens.assignment_list import AssignmentListScreen

        try:
            settings = load_settings(profile=name, config_path=self.settings.config_path)
        except ConfigError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        old = self.startup.switch(settings)
        self.settings = settings
        self.connection = None
        if old is not None:
            self.run_worker(old.aclose(), exit_on_error=False)
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(AssignmentListScreen())
        self.notify(f"Switched to profile {name}", markup=False)

    def profile_names(self) -> list[str]:
        from assign_tui.config import profile_names

        try:
            return profile_names(config_path=self.settings.config_path)
        except Exception:  # a broken config file is reported when switching
            return []

    def filter_list_by_status(self, status: str) -> None:
        from assign_tui.tui.screens.assignment_list import AssignmentListScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, AssignmentListScreen):
            self.pop_screen()
        screen = self.screen
        if isinstance(screen, AssignmentListScreen):
            screen.apply_statuses((status,))
