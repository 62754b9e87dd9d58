"""The command palette (`:` or ctrl+p): Textual's, dismissed at most once.

Keys typed ahead (`:` Down Enter Enter in one burst) reach Textual's palette
before its first selection has closed it: each Enter selects, each selection
dismisses, and the second dismiss pops the screen under the palette (the
list), leaving the app with nothing but Textual's blank `_default` screen.
Through `DismissOnce` the first selection wins, its command runs once, and
the keys after it go to the screen below.
"""

from __future__ import annotations

from textual.command import CommandPalette

from assign_tui.tui.modals.base import DismissOnce

__all__ = ["ConsolePalette"]


class ConsolePalette(DismissOnce, CommandPalette):
    """Textual's command palette with the console's dismiss-once rule."""
