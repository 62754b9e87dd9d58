"""The command palette (`ctrl+p` or `:`): the console's verbs, searchable."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from assign_tui.api.models import AssignmentStatus
from assign_tui.tui.screens.list_create import open_create

if TYPE_CHECKING:
    from assign_tui.tui.app import AssignApp

_NUMBER = re.compile(r"\d+")


class ConsoleCommands(Provider):
    """Open by id, filter by status, switch profile, theme, refresh, help, modes."""

    @property
    def console(self) -> AssignApp:
        return cast("AssignApp", self.app)

    def _commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        app = self.console
        yield "Refresh", app.action_refresh, "Fetch this screen again (r)"
        yield "Show help", app.action_help, "Every key of this screen (?)"
        yield "Toggle theme", app.action_toggle_theme, "Switch between dark and light"
        read_only = "off" if app.read_only else "on"
        yield f"Read-only mode {read_only}", app.action_toggle_read_only, "Hide or show every write"
        privacy = "off" if app.privacy else "on"
        yield f"Privacy mode {privacy}", app.action_toggle_privacy, "Mask names, form data, messages"
        if not app.read_only:
            yield "Create assignment", partial(open_create, app), "A new assignment (c on the list)"
        yield "CEL playground", app.open_playground, "Try a condition against the open assignment"
        for status in AssignmentStatus:
            yield (
                f"Filter by status: {status.value}",
                partial(app.filter_list_by_status, status.value),
                "Show only assignments with this status",
            )
        for name in app.profile_names():
            if name != app.settings.profile:
                yield f"Switch profile: {name}", partial(app.switch_profile, name), "Reconnect"
        for name, callback, help_text in self.screen_commands():
            yield name, callback, help_text

    def screen_commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        """Commands the screen the palette was opened on offers (`palette_commands()`);
        `self.screen` is that screen (the top of the stack is the palette itself)."""
        from assign_tui.tui.screens.base import ConsoleScreen

        if isinstance(self.screen, ConsoleScreen):
            yield from self.screen.palette_commands()

    async def discover(self) -> Hits:
        yield DiscoveryHit("Open assignment…", self._prompt_open, help="Type its id: open 1042")
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        number = _NUMBER.search(query)
        if number:
            assignment_id = int(number.group())
            yield Hit(
                1.0,
                f"Open assignment {assignment_id}",
                partial(self.console.open_assignment, assignment_id),
                help="Show its detail",
            )
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)

    def _prompt_open(self) -> None:
        self.console.notify("Type the id in the palette: open 1042", timeout=4)
