"""What a bulk write did, assignment by assignment: done, refused, unknown, not sent.

Refused ones carry the server's reason (409, 412, 403 ...); unknown ones lost
their answer, so the server may or may not have done them: ctrl+o reads them
back and says which (`tui.bulk.check_unknown`). Everything but the done ones
stays marked on the list, to be looked at or sent again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from assign_tui.tui.bulk import BulkOutcome, BulkResult, BulkWrite, check_unknown
from assign_tui.tui.modals.scrolling import ScrollingModal, scroll_bindings
from assign_tui.tui.widgets.key_footer import KeyFooter
from assign_tui.tui.write_outcome import CHECK_KEY

if TYPE_CHECKING:
    from assign_tui.tui.app import AssignApp

__all__ = ["BulkResultModal", "describe_outcome"]

#: (outcome, heading): the order the groups are listed in.
_GROUPS = (
    ("done", "Done"),
    ("refused", "Refused by the server"),
    ("unknown", "Outcome unknown, the answer was lost (the server may or may not have done it)"),
    ("not_sent", "Not sent"),
)


def describe_outcome(write: BulkWrite, outcome: BulkOutcome) -> Text:
    """The result list as text: one group per outcome, one line per assignment not done."""
    text = Text()
    done = "cancelled" if write.kind == "cancel" else "updated"
    total = len(outcome.results)
    text.append(f"{len(outcome.ids('done'))} of {total} {done}.", style="bold")
    if outcome.stopped:
        text.append(" Stopped: the rest were not sent.", style="bold")
    for key, heading in _GROUPS:
        results = outcome.of(key)  # type: ignore[arg-type]
        if not results:
            continue
        text.append(f"\n\n{heading} ({len(results)}):", style="bold")
        if key == "done":
            text.append("\n  " + ", ".join(str(r.assignment_id) for r in results))
            continue
        for result in results:
            text.append(f"\n  {result.assignment_id}  ")
            text.append(_reason(result))
    rest = total - len(outcome.ids("done"))
    if rest:
        text.append(f"\n\nThe {rest} not done stay marked: press X or e on the list to send "
                    "them again, u to unmark.")
    if outcome.ids("unknown"):
        text.append(f"\nPress {CHECK_KEY} to check the unknown ones on the server.")
    return text


def _reason(result: BulkResult) -> str:
    if result.outcome == "refused" and result.status:
        return f"HTTP {result.status}: {result.detail}"
    return result.detail


class BulkResultModal(ScrollingModal[None]):
    """The result list; Esc or Enter closes it (the list has reloaded underneath)."""

    DEFAULT_CSS = """
    BulkResultModal { align: center middle; }
    BulkResultModal > VerticalScroll {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    BulkResultModal > VerticalScroll:focus { border: round $accent; }
    """
    BINDINGS = [
        Binding("escape,enter,q", "dismiss", "Close", id="bulk_result.close"),
        Binding(CHECK_KEY, "check", "Check unknown", id="bulk_result.check"),
        *scroll_bindings("bulk_result"),
    ]

    def __init__(self, write: BulkWrite, outcome: BulkOutcome) -> None:
        super().__init__()
        self.write = write
        self.outcome = outcome
        self._checking = False

    def compose(self) -> ComposeResult:
        verb = "Cancel" if self.write.kind == "cancel" else "Update"
        with VerticalScroll(id="bulk-result-body") as body:
            body.border_title = f"{verb} marked: results"
            body.border_subtitle = "Esc close"
            yield Static(describe_outcome(self.write, self.outcome), id="bulk-result",
                         markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "check":
            return bool(self.outcome.ids("unknown")) and not self._checking
        return True

    def action_check(self) -> None:
        if self.outcome.ids("unknown") and not self._checking:
            self._check()

    @work(exclusive=True, group="bulk-check", exit_on_error=False)
    async def _check(self) -> None:
        self._checking = True
        self.refresh_bindings()
        body = self.query_one("#bulk-result", Static)
        body.update(Text("Checking the unknown ones on the server…"))
        try:
            app = cast("AssignApp", self.app)
            await check_unknown(app.client, self.outcome.results, self.write)
        finally:
            self._checking = False
        body.update(describe_outcome(self.write, self.outcome))
        self.refresh_bindings()
