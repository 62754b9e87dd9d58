"""Type any CEL expression and see, as you type, what the preview says about it.

Nothing is ever sent: the expression is evaluated locally against a snapshot.
The text is kept for the session (`SessionState.playground_text`) so leaving with Esc and
coming back loses nothing.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from assign_tui.routing import Outcome, RoutingHint, routing_hint
from assign_tui.tui.format import safe
from assign_tui.tui.routing_cel import CelHighlighter
from assign_tui.tui.routing_snapshot import snapshot_time
from assign_tui.tui.screens.base import ConsoleScreen
from assign_tui.tui.widgets.routing_explanation import RoutingExplanation

__all__ = ["DEBOUNCE_SECONDS", "CelPlaygroundScreen"]

#: Pause in typing before the expression is evaluated.
DEBOUNCE_SECONDS = 0.15

_EMPTY = "Type an expression above; its outcome appears here as you type."


class CelPlaygroundScreen(ConsoleScreen):
    """A scratchpad for CEL over the snapshot of one assignment (or any snapshot)."""

    DEFAULT_CSS = """
    CelPlaygroundScreen #playground-about { height: auto; padding: 0 1; color: $text-muted; }
    CelPlaygroundScreen #playground-input { margin: 0 1; }
    CelPlaygroundScreen #playground-result { height: 1fr; }
    """

    BINDINGS = [
        Binding("ctrl+l", "clear", "Clear", id="playground.clear"),
        Binding("ctrl+r", "refresh", "Refresh snapshot", id="playground.refresh"),
        Binding("tab", "app.focus_next", "Scroll result", show=False, id="playground.focus_next"),
        # `?` and `:` are CEL (a ? b : c), so the expression takes them; these reach
        # help and the palette from the input (and both work on the result, after Tab).
        Binding("f1", "app.help", "Help", id="playground.help"),
        Binding("ctrl+p", "app.command_palette", "Commands", id="playground.palette"),
    ]

    def __init__(self, snapshot: dict[str, Any], assignment_id: int | None = None) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.assignment_id = assignment_id
        self.screen_title = (f"Assignment {assignment_id} › CEL playground" if assignment_id
                             else "CEL playground")
        self.hint: RoutingHint | None = None
        self.evaluated = ""
        self._timer: Timer | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(id="playground-about", markup=False)
        yield Input(
            self.console.playground_text,
            placeholder='e.g. member.age >= 65 || "spanish" in member.tags',
            highlighter=CelHighlighter(),
            select_on_focus=False,
            id="playground-input",
        )
        with VerticalScroll(id="playground-result"):
            yield RoutingExplanation(id="playground-explanation")

    def on_mount(self) -> None:
        super().on_mount()
        self._show_about()
        self.watch(self.app, "privacy", lambda _: self._show(self.evaluated, self.hint), init=False)
        field = self.query_one(Input)
        field.focus()
        field.action_end()  # go on typing where the last visit stopped
        self._evaluate()

    def _show_about(self) -> None:
        whose = f"assignment {self.assignment_id}'s" if self.assignment_id else "a"
        text = Text()
        text.append(f"Evaluated locally against {whose} CEL snapshot as of ")
        text.append(snapshot_time(self.snapshot, self.console.clock()), style="bold")
        text.append(". Nothing is sent. Variables: ")
        text.append(", ".join(safe(key, single_line=True) for key in self.snapshot), style="italic")
        self.query_one("#playground-about", Static).update(text)

    @property
    def expression(self) -> str:
        return self.query_one(Input).value

    @on(Input.Changed, "#playground-input")
    def _typed(self, event: Input.Changed) -> None:
        self.console.playground_text = event.value
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self._debounced)

    @on(Input.Submitted, "#playground-input")
    def _submitted(self) -> None:
        self._evaluate()

    def _debounced(self) -> None:
        self._timer = None
        self._evaluate()

    def _evaluate(self) -> None:
        """Start evaluating what is typed now (tests call this to skip the debounce). A
        pending debounce is dropped: it would only evaluate the same text again, and its
        new worker would cancel this one."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._compute(self.expression, self.snapshot)

    @work(thread=True, exclusive=True, group="playground", exit_on_error=False)
    def _compute(self, expression: str, snapshot: dict[str, Any]) -> None:
        if not expression.strip():
            hint = None
        else:
            try:
                hint = routing_hint(expression, snapshot, explain=True)
            except Exception as error:  # a bug of the preview: say so, keep the text
                hint = RoutingHint(Outcome.INVALID, f"the preview failed ({type(error).__name__})")
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, expression, hint)

    def _show(self, expression: str, hint: RoutingHint | None) -> None:
        if not self.is_mounted or expression != self.expression:
            return  # typing went on; a newer evaluation is coming
        self.evaluated, self.hint = expression, hint
        view = self.query_one("#playground-explanation", RoutingExplanation)
        if hint is None:
            view.show_message(_EMPTY)
        else:
            view.show(expression, hint, privacy=self.console.privacy, show_condition=False)

    def action_clear(self) -> None:
        self.query_one(Input).value = ""
        self.query_one(Input).focus()

    def reload(self) -> None:
        """Fetch the snapshot again (r, and after a reconnection)."""
        if self.assignment_id is None:
            self.notice.show_info("This snapshot has no assignment to fetch it again from.")
            return
        self._reload_snapshot(self.assignment_id)

    @work(exclusive=True, group="playground-snapshot")
    async def _reload_snapshot(self, assignment_id: int) -> None:
        from assign_tui.api.errors import ApiError

        self.notice.show_loading("Fetching the CEL snapshot…")
        try:
            self.snapshot = await self.client.get_cel_context(assignment_id)
        except ApiError as error:
            self.notice.show_error(error)
            return
        self.notice.clear()
        self._show_about()
        self._evaluate()
