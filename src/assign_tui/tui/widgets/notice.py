"""One line under a screen's content for loading states, errors and hints."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from assign_tui.api.errors import ApiError, NotFoundError
from assign_tui.tui.format import safe

__all__ = ["Notice", "describe_error", "retry_advice"]


def describe_error(error: BaseException, *, can_go_back: bool = True) -> tuple[str, str]:
    """What the operator reads for any failure: (what happened, what to do).

    The one place that turns an `ApiError` into words on screen. Anything that
    is not an `ApiError` is a bug of ours; it gets a generic line, never a traceback.
    `can_go_back`: whether Esc leaves the screen the error shows on (not on the first
    screen), so that no hint offers a key that does nothing.
    """
    if isinstance(error, ApiError):
        hint = error.hint
        if isinstance(error, NotFoundError) and not can_go_back:
            what = f"{error.method} {error.path}".strip() or "what was asked"
            hint = f"The server has nothing at {what}: check the base_url and workspace in use."
        return safe(error.message, single_line=True), hint
    return f"Unexpected error: {type(error).__name__}", "Press r to retry."


def retry_advice(error: BaseException) -> str:
    """" Press r to retry." when asking again can help (not after a 403 or a 404), else ""."""
    return " Press r to retry." if getattr(error, "retry_helps", True) else ""


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
        """The error in words; `hint`, when the screen knows better what to do next."""
        can_go_back = getattr(self.screen, "can_go_back", True)
        message, usual = describe_error(error, can_go_back=can_go_back)
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
