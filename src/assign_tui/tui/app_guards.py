"""Where the console overrides Textual so that no key sequence crashes it, and a crash
never prints data. Mixed into `AssignApp`; each override says which crash it prevents.

- `pop_screen`: never pops the console's bottom screen (the list), so nothing that pops
  once too often leaves only Textual's blank `_default` screen (ScreenStackError next);
  tells a leaving modal (`DismissOnce.leaving`) before Textual removes its widgets.
- `action_command_palette`, `search_themes`: the palette dismissed at most once
  (`modals/palette.py`).
- `run_action`: no binding runs on a screen that is not built yet (keys typed ahead).
- `_on_key`: letters typed ahead of a focus change reach the text field that now has
  the focus, not the list's keys (`/cancelled` in one read opened the create form; the
  `e` of `:open 1042` was taken as a refused write's key); a refused write's key that
  reaches it otherwise says why (`ConsoleScreen.explain_refused_key`).
- `_handle_exception`: a screen's or widget's worker that fails shows the error in words
  and the app goes on (`worker_errors.py`, the one policy); any other unhandled exception
  stops the app, and the terminal gets `crash_notice` (what, where, the report's path)
  instead of Textual's traceback, whose frame locals would print member data and tokens.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.screen import Screen

from assign_tui.tui.screens.base import ConsoleScreen
from assign_tui.tui.typed_ahead import is_text_field

if TYPE_CHECKING:
    from textual.actions import ActionParseResult
    from textual.dom import DOMNode

__all__ = ["ConsoleAppGuards"]

# A plain mixin at run time: Textual takes CSS only along the first DOM base (App).
if TYPE_CHECKING:
    _AppBase = App[Any]
else:
    _AppBase = object


class ConsoleAppGuards(_AppBase):
    """Mixed in before `App`."""

    def pop_screen(self) -> AwaitComplete:
        """Textual's pop, but never of the console's bottom screen."""
        from assign_tui.tui.modals.base import DismissOnce

        if len(self.screen_stack) <= 2:
            self.log.warning(f"not popping the console's last screen {self.screen!r}")
            nothing: AwaitComplete = AwaitComplete.nothing()  # type: ignore[no-untyped-call]
            return nothing  # (Textual leaves `nothing` unannotated)
        if isinstance(self.screen, DismissOnce):
            self.screen.leaving()
        return super().pop_screen()

    def action_command_palette(self) -> None:
        """Textual's palette, dismissed at most once: Enter typed ahead selects twice."""
        from assign_tui.tui.modals.palette import ConsolePalette

        if self.use_command_palette and not ConsolePalette.is_open(self):
            self.push_screen(ConsolePalette(id="--command-palette"))

    def search_themes(self) -> None:
        """The palette's theme picker, with the same dismiss-once rule."""
        from textual.theme import ThemeProvider

        from assign_tui.tui.modals.palette import ConsolePalette

        palette = ConsolePalette(providers=[ThemeProvider], placeholder="Search for themes…")
        self.push_screen(palette)

    async def _on_key(self, event: events.Key) -> None:
        """A key that went unhandled to the widget focused when it was handed on. Keys
        take their turns in order (`KeysInTurn`), but a key given to a screen still being
        built can come back after that screen has focused its first field. A text field
        takes every printable key it is given, so a printable key that reaches this
        point while one has the focus was typed for it: it goes there. Other keys (Enter,
        Backspace) already follow the focus: bindings are looked up along the focus
        chain as it is now. A refused write's key that gets here says why
        (`ConsoleScreen.explain_refused_key`); Textual's own `App._on_key` runs otherwise."""
        field = self.focused
        if event.is_printable and is_text_field(field):
            event.prevent_default()  # not App._on_key: no binding of the list for a letter
            field.post_message(events.Key(event.key, event.character))
            return
        screen = self.screen
        if isinstance(screen, ConsoleScreen) and screen.explain_refused_key(event.key):
            event.prevent_default()  # a refused write's key: said why, nothing to run

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Textual's, but nothing runs on a screen that is not built yet. A key typed ahead
        reaches the app after bubbling up from the screen it was typed on; Textual then
        looks its binding up on the screen on top, which may have been pushed a moment
        ago and have no widgets yet (NoMatches). Such a key does nothing."""
        if isinstance(default_namespace, Screen) and not default_namespace.is_mounted:
            return False
        return await super().run_action(action, default_namespace, namespaces)

    def _handle_exception(self, error: Exception) -> None:
        """Textual's handling of an unhandled exception (exit with status 1; Pilot re-raises
        the first), but with `crash_notice` on the terminal instead of the traceback; the
        full report, locals by type only, goes to a private file (tui/crash.py)."""
        from textual.worker import WorkerFailed, active_worker

        from assign_tui.tui.crash import crash_notice
        from assign_tui.tui.worker_errors import worker_failed

        worker = active_worker.get(None)
        if isinstance(error, WorkerFailed) and worker is not None and worker.node is not self:
            worker_failed(worker.node, error.error)
            return
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self.bell()
        self.panic(crash_notice(error))
