"""The skeleton of the write forms (create, update, cancel): fields, leaving, one send.

A form says what is its own: its fields, the request it makes, how it reads a
lost write back. This base owns the rest of a write: one request at a time (a
second ctrl+s while one is on its way is ignored, and nothing is ever resent by
itself), every failure on the form's line with everything typed kept, and after
a lost answer the words "outcome unknown" and CHECK_KEY, which re-reads the
assignment and says what the server holds.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button
from textual.widgets.button import ButtonVariant

from assign_tui.api.errors import ApiError, ValidationError, outcome_unknown
from assign_tui.tui.format import safe
from assign_tui.tui.modals.confirm import discard_changes
from assign_tui.tui.modals.form_fields import FormFieldsModal
from assign_tui.tui.widgets.form_field import FormNotice, FormStatus
from assign_tui.tui.write_outcome import CHECK_KEY, unknown_problem

if TYPE_CHECKING:
    from assign_tui.api.client import Tagged
    from assign_tui.api.models import Assignment
    from assign_tui.tui.app import AssignApp

__all__ = ["FormModal"]

ResultType = TypeVar("ResultType")


class FormModal(FormFieldsModal[ResultType]):
    """Base of the write forms.

    A subclass names its `fields` and implements their checks (`FormFieldsModal`),
    yields their rows from `compose_fields` (lines above them from `compose_head`),
    and implements `has_unsaved_input`, `prepare` (what to send) and `send` (the
    request); a form that can read a lost write back implements `settle` and binds
    CHECK_KEY to `check`. It binds ctrl+s to `submit` and Esc to `leave`, with its
    own binding ids. Whichever of the result, Esc, the discard question or a pop
    closes the form first wins (`ConsoleModal`); an answer after that changes
    nothing on screen.
    """

    DEFAULT_CSS = """
    FormModal #form-box { width: 84; }
    FormModal #form-body { height: 1fr; padding: 1 1 0 0; }
    FormModal #form-buttons { height: auto; align-horizontal: right; margin: 1 0 0 0; }
    FormModal #form-buttons Button { margin: 0 0 0 2; min-width: 12; }
    FormModal .form-question { margin: 1 0 0 0; text-style: bold; }
    FormModal TextArea { height: 5; background: $boost; }
    """

    form_title = ""
    keys_hint = ""
    """The box's subtitle: the keys that matter here."""
    submit_label = "Save"
    leave_label = "Cancel"
    submit_variant: ButtonVariant = "primary"
    busy_words = "Sending…"
    refused_prefix = "Not sent: "
    may_have = "done it"
    """Completes "the server may or may not have …" when an answer was lost."""
    unknown_action = ""
    """What to do about a lost answer, when not the CHECK_KEY check (see `unknown_problem`)."""
    server_fields: ClassVar[dict[str, str]] = {}
    """The contract's field names (as the server names them in 403/409/422 details) -> rows."""

    def __init__(self, assignment: Assignment | None = None) -> None:
        super().__init__()
        self.assignment = assignment
        """The assignment written (None for a create): what CHECK_KEY reads back."""
        self.in_flight = False
        """True while the form's one request is on its way: a second submit is ignored."""
        self.outcome_unknown = False
        """True after a write whose answer was lost, until a check finds out."""
        self._checking = False

    @property
    def console(self) -> AssignApp:
        return cast("AssignApp", self.app)

    def clock(self) -> datetime:
        return self.console.clock()

    @property
    def has_unsaved_input(self) -> bool:
        """Whether leaving now would throw away something the operator typed."""
        raise NotImplementedError

    # -- the skeleton ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box", classes="dialog") as box:
            box.border_title = self.form_title
            box.border_subtitle = self.keys.say(self.keys_hint)
            yield from self.compose_head()
            with VerticalScroll(id="form-body"):
                yield from self.compose_fields()
            yield FormStatus(id="form-status")
            yield FormNotice(id="form-notice", markup=False)
            with Horizontal(id="form-buttons"):
                yield from self.extra_buttons()
                variant = self.submit_variant
                yield Button(self.submit_label, id="submit", variant=variant, compact=True)
                yield Button(self.leave_label, id="leave", compact=True)

    def compose_head(self) -> ComposeResult:
        """What the form shows above its fields (what is written, what changed)."""
        yield from ()

    def compose_fields(self) -> ComposeResult:
        """A `FormRow` (`widgets/form_field.py`) for each name in `fields`."""
        raise NotImplementedError

    def extra_buttons(self) -> list[Button]:
        """Buttons shown before the submit button (hidden ones included)."""
        return []

    def show_notification(self, message: str, severity: str, timeout: float) -> None:
        """The app's notification, on the form's own line (a toast would cover the form)."""
        self.query_one("#form-notice", FormNotice).show_notification(message, severity, timeout)

    # -- leaving -----------------------------------------------------------------

    @on(Button.Pressed, "#leave")
    def action_leave(self) -> None:
        """Esc: close at once when nothing would be lost, otherwise ask first."""
        if not self.has_unsaved_input and not self.in_flight:
            self.dismiss(None)
            return
        question = "Discard your changes?"
        if self.in_flight:
            question = "A request is on its way (the server may still apply it). Leave anyway?"

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(discard_changes(question), answered)

    # -- one request at a time ---------------------------------------------------

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        """ctrl+s: check the form, then send it, once (ignored while it is on its way)."""
        if self.in_flight:
            return
        request = self.prepare()
        if request is None:
            return
        if self.console.read_only:
            self.status.show_problem(
                "Read-only mode is on: nothing was sent.",
                self.keys.say("Turn it off from the command palette, then press {send}."),
            )
            return
        self.in_flight = True
        self.query_one("#submit", Button).disabled = True
        self.status.show_busy(self.busy_words)
        self._send(request)

    def prepare(self) -> Any:
        """What `send` sends, from the checked fields; None when nothing is sent (the
        form's fields or line say why)."""
        raise NotImplementedError

    async def send(self, request: Any) -> ResultType | None:
        """Make the request. Its result closes the form; None keeps it open (the form
        said why). Raises what the client raises, which `show_failure` puts in words."""
        raise NotImplementedError

    @work(exclusive=True, group="submit", exit_on_error=False)
    async def _send(self, request: Any) -> None:
        try:
            result = await self.send(request)
        except Exception as error:  # every failure is shown in the form, never a traceback
            self.end_request()
            self.show_failure(error)
            return
        self.end_request()
        if result is not None:
            self.dismiss(result)

    def end_request(self) -> None:
        self.in_flight = False
        if self.is_mounted:
            self.query_one("#submit", Button).disabled = False

    # -- a failed write: what is known, in words ---------------------------------

    def show_failure(self, error: BaseException) -> None:
        """Why the write failed, on the form's line, with the fields the server names
        marked. A lost answer is "outcome unknown", never "not done"."""
        if outcome_unknown(error):
            self.set_outcome_unknown(True)
            self.status.show_problem(
                *unknown_problem(error, self.may_have, self.keys.say(self.unknown_action))
            )
            return
        errors = self.server_field_errors(error)
        named = {field: message for field, message in errors.items() if field in self.server_fields}
        self.show_refusal(error, marked=bool(named))
        self.mark_server_errors(named, self.server_fields)

    def server_field_errors(self, error: BaseException) -> dict[str, str]:
        """The server's complaints by contract field name (a 422's details by default)."""
        return error.field_errors if isinstance(error, ValidationError) else {}

    def show_refusal(self, error: BaseException, *, marked: bool) -> None:
        """The line for a write the server refused (`marked`: fields are marked too)."""
        self.status.show_error(error, prefix=self.refused_prefix)

    # -- a lost answer: find out, never resend ------------------------------------

    def set_outcome_unknown(self, unknown: bool) -> None:
        self.outcome_unknown = unknown
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "check":
            return self.outcome_unknown  # offered only when there is something to find out
        return super().check_action(action, parameters)

    def action_check(self) -> None:
        """CHECK_KEY: re-read the assignment after a lost answer."""
        if self.outcome_unknown and not self._checking and not self.in_flight:
            self._check()

    @work(exclusive=True, group="check", exit_on_error=False)
    async def _check(self) -> None:
        if self.assignment is None:
            return
        self._checking = True
        try:
            fresh = await self.read_back(self.assignment.id)
        finally:
            self._checking = False
        if fresh is None:
            return
        self.set_outcome_unknown(False)
        self.settle(fresh)

    async def read_back(self, assignment_id: int) -> Tagged[Assignment] | None:
        """After a write whose answer was lost: the assignment as the server holds it now,
        or None when the check fails too (the form's line then says so, and how to retry)."""
        self.status.show_busy(f"Checking assignment {assignment_id} on the server…")
        try:
            return await self.console.client.get_assignment(assignment_id)
        except ApiError as error:
            self.status.show_problem(
                f"Still unknown: the check failed too ({safe(error.message, single_line=True)}).",
                f"Press {CHECK_KEY} to check again.",
            )
            return None

    def settle(self, fresh: Tagged[Assignment]) -> None:
        """After a check: what the server's version (`fresh`) means for the write; the form
        closes with it when the write was done."""
        raise NotImplementedError
