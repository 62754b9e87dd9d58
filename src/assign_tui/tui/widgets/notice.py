"""One line under a screen's content for loading states, errors and hints."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from assign_tui.tui.advice import Where, describe_error, keys_of
from assign_tui.tui.format import safe

__all__ = ["Notice"]


class Notice(Static):
    """Loading, error, or informational line; hidden when there is nothing to say."""

    DEFAULT_CSS = """
    Notice { height: auto; max-height: 3; padding: 0 1; display: none; }
    Notice.-visible { display: block; }
    Notice.-error { background: $error 20%; color: $text; }
    Notice.-loading { color: $text-muted; }
    """

    def show_loading(self, what: str = "Loading…") -> None:
        self._show(Text(what), "-loading")

    def show_error(self, error: BaseException, hint: str | None = None) -> None:
        """The error in words (tui/advice.py); `hint`, when the screen knows better what to do.

        On the first screen no advice offers Esc, which would lead nowhere.
        """
        can_go_back = getattr(self.screen, "can_go_back", True)
        where = Where.SCREEN if can_go_back else Where.FIRST_SCREEN
        message, usual = describe_error(error, where, keys_of(self.screen))
        hint = usual if hint is None else hint
        text = Text()
        text.append("✗ ", style="bold")
        text.append(message)
        text.append(f"  {hint}", style="italic")
        self._show(text, "-error")

    def show_problem(self, message: str, hint: str = "") -> None:
        """An error in the screen's own words (already safe), with what to do."""
        text = Text()
        text.append("✗ ", style="bold")
        text.append(message)
        if hint:
            text.append(f"  {hint}", style="italic")
        self._show(text, "-error")

    def show_info(self, message: str) -> None:
        self._show(Text(safe(message)), "-info")

    def clear(self) -> None:
        self.remove_class("-visible", "-error", "-loading", "-info")
        self.update("")

    def _show(self, text: Text, kind: str) -> None:
        self.remove_class("-error", "-loading", "-info")
        self.add_class("-visible", kind)
        self.update(text)

    @property
    def is_error(self) -> bool:
        return self.has_class("-error")
