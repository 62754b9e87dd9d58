"""`f` on the list: every filter the API has, as a form."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from assign_tui.api.models import AssignmentQuery
from assign_tui.tui.filters import KNOWN_STATUSES
from assign_tui.tui.modals.base import ConsoleModal
from assign_tui.tui.widgets.tick_boxes import TickBox, TickList


class FilterFormModal(ConsoleModal[AssignmentQuery | None]):
    """Answers the new query, or None when the operator backs out."""

    DEFAULT_CSS = """
    FilterFormModal > .dialog { width: 60; }
    FilterFormModal SelectionList { height: 8; }
    FilterFormModal Input { width: 1fr; }
    FilterFormModal .row { height: auto; }
    FilterFormModal .row Label { width: 12; padding: 1 0 0 0; }
    FilterFormModal #error { color: $error; height: auto; }
    FilterFormModal Horizontal#buttons { height: auto; align-horizontal: right; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="filter.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="filter.apply"),
    ]

    def __init__(self, query: AssignmentQuery) -> None:
        super().__init__()
        self._query = query

    def compose(self) -> ComposeResult:
        query = self._query
        statuses = list(KNOWN_STATUSES) + [s for s in query.statuses if s not in KNOWN_STATUSES]
        with Vertical(classes="dialog") as box:
            box.border_title = "Filter assignments"
            box.border_subtitle = (
                f"{self.key_for('apply', 'ctrl+s')} apply · "
                f"{self.key_for('cancel', 'Esc')} cancel"
            )
            yield Static("Status (space toggles; none = all)", markup=False)
            yield TickList(
                *((status, status, status in query.statuses) for status in statuses),
                id="statuses",
            )
            yield TickBox("Only mine", query.mine, id="mine")
            with Horizontal(classes="row"):
                yield Label("Member id")
                yield Input(
                    str(query.member_id or ""), placeholder="any", id="member", type="integer"
                )
            with Horizontal(classes="row"):
                yield Label("Task id")
                yield Input(str(query.task_id or ""), placeholder="any", id="task", type="integer")
            yield Static(id="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Cancel", id="cancel")

    def _number(self, widget_id: str) -> int | None:
        text = self.query_one(f"#{widget_id}", Input).value.strip()
        if not text:
            return None
        if not text.isdigit() or int(text) < 1:
            raise ValueError(f"{widget_id} id must be a positive number")
        return int(text)

    @on(Button.Pressed, "#apply")
    @on(Input.Submitted)
    def action_apply(self) -> None:
        try:
            member_id, task_id = self._number("member"), self._number("task")
        except ValueError as error:
            self.query_one("#error", Static).update(f"✗ {error}")
            return
        selected = tuple(self.query_one("#statuses", TickList).selected)
        self.dismiss(
            self._query.model_copy(
                update={
                    "statuses": selected,
                    "mine": self.query_one("#mine", TickBox).value,
                    "member_id": member_id,
                    "task_id": task_id,
                    "page": 1,
                }
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
