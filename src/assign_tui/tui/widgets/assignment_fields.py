"""The assignment's own fields, grouped: who/what, when, notes, metadata, cancel reason."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from assign_tui.api.models import Assignment
from assign_tui.tui.format import (
    NAME_LIMIT,
    PRIORITY_STYLE,
    STATUS_STYLE,
    TEXT_LIMIT,
    badge,
    clip,
    relative_time,
    safe,
    short_time,
)
from assign_tui.tui.privacy import mask_field, masked

__all__ = ["AssignmentFields", "plain_value"]


def plain_value(value: Any, *, limit: int = 500) -> str:
    """One server value as one inert line: strings as they are, the rest as compact JSON."""
    if isinstance(value, str):
        text = value
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError, RecursionError):
            text = repr(value)
    text = safe(text, single_line=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _moment(moment: datetime | None, now: datetime) -> Text:
    if moment is None:
        return Text("—", style="dim")
    return Text.assemble(short_time(moment), (f" · {relative_time(moment, now)}", "dim"))


def _pairs_table(rows: list[tuple[str, Text]], *, wrap: bool = True) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold", no_wrap=True, min_width=9)
    table.add_column(overflow="fold", no_wrap=not wrap)
    for label, value in rows:
        table.add_row(Text(label), value)  # Text: a server key is never markup
    return table


def _long_text(value: object) -> str:
    return safe(value, limit=TEXT_LIMIT)


def _heading(title: str) -> Text:
    return Text(title, style="bold underline")


class WhoAndWhen:
    """"Who / what" beside "When" where the width leaves the who column room enough for
    a name; else "When" under it (so the who column is never a few cells wide)."""

    #: The who column's least width side by side: a label and a member's name.
    WHO_MIN = 30
    GAP = 4

    def __init__(self, who: Table, when_rows: list[tuple[str, Text]]) -> None:
        self.who = who
        self.when_rows = when_rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        when = _pairs_table(self.when_rows, wrap=False)
        when_width = Measurement.get(console, options, when).maximum
        if options.max_width - when_width - self.GAP >= self.WHO_MIN:
            columns = Table.grid(padding=(0, self.GAP))
            columns.add_column()
            columns.add_column(no_wrap=True)  # times stay on one line; names wrap instead
            columns.add_row(_heading("Who / what"), _heading("When"))
            columns.add_row(self.who, when)
            yield columns
            return
        yield _heading("Who / what")
        yield self.who
        yield Text()
        yield _heading("When")
        yield _pairs_table(self.when_rows)


class AssignmentFields(Static):
    """Renders one `Assignment`; `show()` again when privacy or "now" changes."""

    DEFAULT_CSS = """
    AssignmentFields { height: auto; padding: 0 1; }
    """

    def show(self, assignment: Assignment, now: datetime, privacy: bool) -> None:
        self.update(self._render_assignment(assignment, now, privacy))

    def _render_assignment(self, a: Assignment, now: datetime, privacy: bool) -> RenderableType:
        member = Text(masked(a.member_name, privacy))
        member.append(f" (#{a.member_id})", style="dim")
        workflow = Text(safe(a.workflow_name, single_line=True, limit=NAME_LIMIT))
        workflow.append(f" (#{a.workflow_id})", style="dim")
        current = Text(
            safe(a.current_task_name, single_line=True, limit=NAME_LIMIT)
            if a.current_task_name
            else "none"
        )
        who = _pairs_table(
            [
                ("id", Text(str(a.id))),
                ("member", member),
                ("workflow", workflow),
                ("status", badge(a.status, STATUS_STYLE)),
                ("priority", badge(a.priority, PRIORITY_STYLE)),
                ("current", current),
            ]
        )
        when_rows = [
            ("created", _moment(a.created_at, now)),
            ("updated", _moment(a.updated_at, now)),
            ("due", _moment(a.due_at, now)),
        ]
        if a.cancelled_at is not None or a.status == "cancelled":
            when_rows.append(("cancelled", _moment(a.cancelled_at, now)))
        if a.completed_at is not None or a.status == "completed":
            when_rows.append(("completed", _moment(a.completed_at, now)))
        parts: list[RenderableType] = [WhoAndWhen(who, when_rows)]

        if a.status == "cancelled" or a.cancel_reason:
            parts += [Text(), _heading("Cancel reason")]
            reason = mask_field("cancelReason", a.cancel_reason, privacy, _long_text)
            parts.append(Text(reason or "none given"))
        parts += [Text(), _heading("Notes")]
        notes = Text(mask_field("notes", a.notes, privacy, _long_text)) if a.notes else None
        parts.append(notes or Text("no notes", style="dim"))
        parts += [Text(), _heading("Metadata")]
        if a.metadata:
            parts.append(
                _pairs_table(
                    [
                        (clip(safe(str(key), single_line=True), 32), Text(plain_value(value)))
                        for key, value in a.metadata.items()
                    ]
                )
            )
        else:
            parts.append(Text("no metadata", style="dim"))
        return Group(*parts)
