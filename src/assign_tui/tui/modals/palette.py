"""The command palette (`:` or ctrl+p): Textual's, dismissed at most once.

Keys typed ahead (`:` Down Enter Enter in one burst) reach Textual's palette
before its first selection has closed it: each Enter selects, each selection
dismisses, and the second dismiss pops the screen under the palette (the
list), leaving the app with nothing but Textual's blank `_default` screen.
Through `DismissOnce` the first selection wins, its command runs once, and
the keys after it go to the screen below.

When it leaves the stack, by its own dismiss or a pop, its search and its
"no matches" timer stop at once: Textual's would otherwise run on after its
widgets were removed (NoMatches; found by the long random-key run).

PageUp/PageDown typed before the results list is laid out are ignored:
Textual 8.2.8's OptionList pages from the line of the highlighted option,
which it has not computed yet (KeyError; found by the long random-key run).
"""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

from assign_tui.tui.modals.base import DismissOnce

__all__ = ["ConsolePalette"]


class ConsolePalette(DismissOnce, CommandPalette):
    """Textual's command palette with the console's dismiss-once rule."""

    def leaving(self) -> None:
        self._cancel_gather_commands()
        self._stop_no_matches_countdown()

    def _action_command_list(self, action: str) -> None:
        results = next(iter(self.query(CommandList)), None)
        if results is None:
            return  # built or removed: no list to move in
        if action in ("page_up", "page_down"):
            if results.highlighted is not None and not results.scrollable_content_region:
                return  # not laid out: no line to page from
        super()._action_command_list(action)
