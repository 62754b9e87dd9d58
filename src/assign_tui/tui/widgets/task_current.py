"""The current task as the operator works it: summary, instructions, form data, actions."""

from __future__ import annotations

from datetime import datetime

from markdown_it import MarkdownIt
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Markdown, Static

from assign_tui.api.models import OperatorTaskDetail
from assign_tui.tui.format import (
    NAME_LIMIT,
    STATUS_STYLE,
    TEXT_LIMIT,
    badge,
    clip,
    relative_time,
    safe,
)
from assign_tui.tui.privacy import mask_field
from assign_tui.tui.widgets.assignment_fields import plain_value

__all__ = ["TaskCurrentPanel", "TaskInstructions"]

#: What each allowed action is called, with the key that does it on the detail screen.
ACTION_LABELS = {"select_task": "t switch task", "update": "e update", "cancel": "X cancel"}


def _instructions_parser() -> MarkdownIt:
    # HTML is shown as text rather than dropped, so nothing the server sends is hidden.
    return MarkdownIt("gfm-like", {"html": False})


class TaskInstructions(Vertical, can_focus=True):
    """The instructions, focusable so Tab reaches them and the body scrolls to them."""

    DEFAULT_CSS = """
    TaskInstructions { height: auto; border: round $panel; padding: 0 1; }
    TaskInstructions:focus { border: heavy $accent; }  /* heavier, not only another colour */
    TaskInstructions > Markdown { margin: 0; padding: 0; }
    TaskInstructions MarkdownH1 { content-align: left middle; }
    TaskInstructions MarkdownHeader { margin: 1 0 1 0; }
    TaskInstructions MarkdownHeader:first-child { margin-top: 0; }
    """


class TaskCurrentPanel(Vertical):
    """Shows an `OperatorTaskDetail`, or says there is no current task."""

    DEFAULT_CSS = """
    TaskCurrentPanel { height: auto; padding: 0 1; }
    TaskCurrentPanel > .task-current-label { text-style: bold underline; margin-top: 1; }
    TaskCurrentPanel.-none TaskInstructions,
    TaskCurrentPanel.-none .task-current-part { display: none; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="task-current-summary", markup=False)
        yield Static("Instructions", classes="task-current-label task-current-part", markup=False)
        with TaskInstructions(id="task-instructions"):
            yield Markdown("", open_links=False, parser_factory=_instructions_parser)
        yield Static("Form data", classes="task-current-label task-current-part", markup=False)
        yield Static(id="task-form-data", classes="task-current-part", markup=False)

    def show_none(self, message: str = "No current task.") -> None:
        self.add_class("-none")
        self.query_one("#task-current-summary", Static).update(Text(message, style="italic"))

    async def show(self, detail: OperatorTaskDetail, now: datetime, privacy: bool) -> None:
        self.remove_class("-none")
        self.query_one("#task-current-summary", Static).update(self._summary(detail, now))
        self.show_form_data(detail, privacy)
        source = (
            safe(detail.instructions, limit=TEXT_LIMIT)
            if detail.instructions
            else "*No instructions for this task.*"
        )
        await self.query_one(Markdown).update(source)

    def show_form_data(self, detail: OperatorTaskDetail, privacy: bool) -> None:
        target = self.query_one("#task-form-data", Static)
        if not detail.form_data:
            target.update(Text("no form data yet", style="dim"))
            return
        table = Table(box=None, show_header=True, header_style="bold", padding=(0, 2, 0, 0))
        table.add_column("field", no_wrap=True)
        table.add_column("value", overflow="fold")
        for key, value in detail.form_data.items():
            shown = mask_field("formData", value, privacy, plain_value)
            table.add_row(Text(clip(safe(str(key), single_line=True), 32)), Text(shown))
        target.update(table)

    @staticmethod
    def _summary(detail: OperatorTaskDetail, now: datetime) -> Text:
        task = detail.task
        text = Text()
        text.append("▶ ", style="bold")
        text.append(safe(task.name, single_line=True, limit=NAME_LIMIT), style="bold")
        text.append(f"  #{task.position} · {safe(task.kind, single_line=True)} · ")
        text.append_text(badge(task.status, STATUS_STYLE))
        text.append(f" · tries {task.attempts}")
        count = detail.message_count
        text.append(f"\n{count} message{'s' if count != 1 else ''}")
        if detail.last_message_at is not None:
            text.append(f", last {relative_time(detail.last_message_at, now)}")
        text.append("  (m to read)", style="dim")
        allowed = [ACTION_LABELS.get(a, safe(a, single_line=True)) for a in detail.allowed_actions]
        text.append("\nAllowed: ")
        text.append(
            " · ".join(allowed) if allowed else "none (read only for you)",
            style="" if allowed else "dim",
        )
        return text
