"""The command palette (`:` or ctrl+p): Textual's, dismissed at most once.

Keys typed ahead (`:` Down Enter Enter in one burst) reach Textual's palette
before its first selection has closed it: each Enter selects, each selection
dismisses, and the second dismiss pops the screen under the palette (the
list), leaving the app with nothing but Textual's blank `_default` screen.
Through `DismissOnce` the first selection wins, its command runs once, and
the keys after it go to the screen below.

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

    def _action_command_list(self, action: str) -> None:
        if action in ("page_up", "page_down"):
            results = self.query_one(CommandList)
            if results.highlighted is not None and not results.scrollable_content_region:
                return  # not laid out: no line to page from
        super()._action_command_list(action)
